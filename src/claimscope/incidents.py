"""Incident linking: events of many reports that describe one incident, and its claimants.

Pure functions over schema-v1 analysis dicts (no database). `link_incidents` puts every
event of every report into exactly one `Incident`; `dataclasses.asdict(incident)` is its
JSON form.

How a pair of events is judged (`judge`):

* contradictions (`blocked`: the two can never share an incident): an `expected` event vs
  one that happened; both countries known and different; dates that do not overlap at
  their precision (a month overlaps its days); places farther apart than the distance
  allowed by the coarser `geo_precision` (unless both are region-level in one admin1);
  sub-event types outside one compatibility group; actor kinds fully known on both sides
  and disjoint;
* missing evidence (`weak`: no direct link, but no veto either): a place unknown or only
  at country level, a date unknown or longer than a month;
* otherwise a score from type, place, date and actor agreement, each with a
  human-readable reason; a link needs `LINK_THRESHOLD`.

Events of one report may describe one incident (a headline and its body, or the army's
IED account and an armed group's ambush account of the same convoy), so pairs within a
report are judged too: there the report's context stands in for one missing piece (place
or date, not both) and the threshold is lower. Across reports both must be known.

A day-precision date equal to the publication date is widened back a few days, because
it is often the day of the statement ("the army said on Monday"), not of the event.

Blocking: cross-report candidate pairs share a (country, type group, day) bucket, so the
work grows with events per country-day, not with the square of the corpus. Clustering is
greedy over links by descending score; two clusters merge only when no pair across them
is blocked, so a decoy cannot be chained in through a vague middle event. An event whose
best link is not clearly better (`AMBIGUITY_MARGIN`) than a link to an event that the
first partner contradicts (a region-level account of one of two same-day attacks in that
region) is ambiguous and stays apart: linking it would be a guess.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import combinations
from typing import Any

from claimscope.document import COUNTRY_PRECISION
from claimscope.gazetteer import haversine_km
from claimscope.placement import event_location

# --- thresholds and word lists -------------------------------------------------------

# Max distance (km) between two places, by the coarser ACLED geo_precision of the pair.
MAX_KM_BY_PRECISION: dict[int, float] = {1: 30.0, 2: 60.0, 3: 150.0}
# geo_precision 4 (COUNTRY_PRECISION) / unknown: a country-level place; only the
# same-country rule applies.
# A date interval longer than this is too vague to link across reports (a year, say).
MAX_DATE_SPAN_DAYS = 31
# A day-precision event date equal to its report's publication date is often the day the
# statement was made ("the army said on Monday"), so it is widened back this many days.
REPORTING_DATE_LOOKBACK_DAYS = 3
# Minimum score for a link across reports, and within one report.
LINK_THRESHOLD = 5.0
SAME_REPORT_THRESHOLD = 2.0

# An event whose best link beats a link to an incompatible rival by less than this is
# ambiguous (a region-level account of one of two same-day attacks) and stays apart.
AMBIGUITY_MARGIN = 3.0
# geo_precision from which a place is vague (a region or coarser): only such events are
# checked for ambiguity.
VAGUE_PRECISION = 3

SCORE_SAME_SUBTYPE = 3.0
SCORE_SAME_TYPE = 2.0
SCORE_COMPATIBLE_TYPE = 1.0
SCORE_SAME_PLACE = 3.0
SCORE_NEAR_PLACE = 2.0
SCORE_SAME_REGION = 1.0
SCORE_SAME_DAY = 3.0
SCORE_COARSE_DATE = 1.0
SCORE_ACTORS_AGREE = 1.0

# Sub-event types that different outlets use for one incident (an ambush is an "attack"
# to one, an "armed clash" or "IED" to another). A sub-type outside every group links
# only to its own sub-type.
TYPE_GROUPS: dict[str, frozenset[str]] = {
    "ground": frozenset(
        {
            "Armed clash",
            "Attack",
            "Remote explosive/landmine/IED",
            "Suicide bomb",
            "Grenade",
            "Abduction/forced disappearance",
            "Government regains territory",
            "Non-state actor overtakes territory",
            "Looting/property destruction",
        }
    ),
    "remote": frozenset({"Air/drone strike", "Shelling/artillery/missile attack", "Attack"}),
    "protest": frozenset(
        {
            "Peaceful protest",
            "Protest with intervention",
            "Excessive force against protesters",
            "Violent demonstration",
            "Mob violence",
        }
    ),
}

# Victim classes, so "12 soldiers killed" is compared with "40 soldiers killed" but not
# with "15 terrorists killed". An unknown `who` is compared only with another unknown.
VICTIM_CLASSES: dict[str, frozenset[str]] = {
    "security forces": frozenset(
        {"soldier", "troop", "serviceman", "servicemen", "police", "policeman", "policemen",
         "officer", "personnel", "gendarme", "militiaman", "militiamen", "guard", "army"}
    ),
    "militants": frozenset(
        {"terrorist", "attacker", "fighter", "militant", "jihadist", "insurgent", "gunman",
         "gunmen", "bandit", "mercenary", "mercenaries", "rebel", "assailant", "extremist"}
    ),
    "civilians": frozenset(
        {"civilian", "villager", "resident", "woman", "women", "child", "children",
         "farmer", "herder", "worshipper", "student", "trader", "passenger", "displaced"}
    ),
}

# Words dropped from a claimant's name before comparing it across reports.
CLAIMANT_STOPWORDS: frozenset[str] = frozenset({"the", "a", "an", "its", "their"})

EVENT_STATUS_EXPECTED = "expected"

# --- the output ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Report:
    """One report to link: its canonical copy's analysis and every outlet that carried it."""

    report_id: str  # the canonical copy's document id
    analysis: Mapping[str, Any]  # the schema-v1 contract (dict) of that copy
    outlets: tuple[str, ...] = ()  # publishers of every copy of this report


@dataclass(frozen=True, slots=True, order=True)
class EventRef:
    report_id: str
    event_id: str


@dataclass(frozen=True, slots=True)
class Link:
    """Why two events were put into one incident."""

    a: EventRef
    b: EventRef
    score: float
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Quote:
    """A span of one report's document text, copied from its analysis."""

    report_id: str
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Figure:
    low: int | None
    high: int | None
    unit: str
    who: str | None
    quote: Quote


@dataclass(frozen=True, slots=True)
class Claimant:
    """One claimant across all reports of an incident."""

    claimant: str  # as first written
    kind: str | None
    outlets: tuple[str, ...]
    reports: tuple[str, ...]
    polarity: str  # affirms, denies, or mixed
    figures: tuple[Figure, ...]
    quotes: tuple[Quote, ...]


@dataclass(frozen=True, slots=True)
class Spread:
    """The range of one unit's figures over all claimants: smallest low, largest stated figure."""

    unit: str
    victims: str
    min: int | None
    max: int | None
    n_claimants: int


@dataclass(frozen=True, slots=True)
class DateSummary:
    start: str | None
    end: str | None
    precision: str | None


@dataclass(frozen=True, slots=True)
class Incident:
    id: str
    events: tuple[EventRef, ...]
    event_type: str
    sub_event_type: str
    location: dict[str, Any] | None
    # How the place was found when no member places itself (`placement.event_location`).
    location_focus: str | None
    date: DateSummary | None
    links: tuple[Link, ...]
    claimants: tuple[Claimant, ...]
    spread: tuple[Spread, ...]
    contradiction: bool
    contradiction_reasons: tuple[str, ...]


# --- one event, normalised -----------------------------------------------------------


@dataclass(slots=True)
class _Event:
    ref: EventRef
    raw: Mapping[str, Any]
    report: Report
    sub_type: str
    event_type: str
    status: str
    country: str | None
    admin1: str | None
    place_name: str | None
    geonameid: int | None
    lat: float | None
    lon: float | None
    precision: int | None
    start: date | None
    end: date | None
    date_precision: str | None
    actor_kinds: frozenset[str]
    actor_names: frozenset[str]
    groups: frozenset[str] = field(default_factory=frozenset)

    @property
    def has_place(self) -> bool:
        return self.lat is not None and self.lon is not None

    @property
    def vague_place(self) -> bool:
        return not self.has_place or (self.precision or COUNTRY_PRECISION) >= VAGUE_PRECISION

    @property
    def has_usable_date(self) -> bool:
        return (
            self.start is not None
            and self.end is not None
            and (self.end - self.start).days <= MAX_DATE_SPAN_DAYS
        )


def _parse_date(value: object) -> date | None:
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _norm_name(text: str) -> str:
    words = re.findall(r"[\w']+", text.casefold())
    return " ".join(w for w in words if w not in CLAIMANT_STOPWORDS)


def _actor_parts(raw: Mapping[str, Any]) -> tuple[frozenset[str], frozenset[str]]:
    kinds: set[str] = set()
    names: set[str] = set()
    for key in ("actor1", "actor2"):
        actor = raw.get(key)
        if not isinstance(actor, Mapping):
            continue
        if actor.get("kind"):
            kinds.add(str(actor["kind"]))
        for span in (actor, *actor.get("associated", ())):
            name = _norm_name(str(span.get("text", "")))
            # A bare number ("14 soldiers") or a generic noun says nothing about identity.
            if name and not re.match(r"^\d", name):
                names.add(name)
    return frozenset(kinds), frozenset(names)


def _groups(sub_type: str) -> frozenset[str]:
    found = frozenset(name for name, members in TYPE_GROUPS.items() if sub_type in members)
    return found or frozenset({f"only:{sub_type}"})


def _normalise(report: Report, raw: Mapping[str, Any]) -> _Event:
    loc = raw.get("location") if isinstance(raw.get("location"), Mapping) else None
    when = raw.get("date") if isinstance(raw.get("date"), Mapping) else None
    kinds, names = _actor_parts(raw)
    sub_type = str(raw.get("sub_event_type") or "")
    lat = loc.get("lat") if loc else None
    lon = loc.get("lon") if loc else None
    start = _parse_date(when.get("start")) if when else None
    end = _parse_date(when.get("end")) if when else None
    published = _parse_date(report.analysis.get("document", {}).get("published"))
    if start is not None and start == end == published:
        start = start - timedelta(days=REPORTING_DATE_LOOKBACK_DAYS)
    return _Event(
        ref=EventRef(report.report_id, str(raw.get("id"))),
        raw=raw,
        report=report,
        sub_type=sub_type,
        event_type=str(raw.get("event_type") or ""),
        status=str(raw.get("status") or ""),
        country=(loc.get("country_code") or None) if loc else None,
        admin1=(loc.get("admin1") or None) if loc else None,
        place_name=(loc.get("name") or loc.get("text") or None) if loc else None,
        geonameid=loc.get("geonameid") if loc else None,
        lat=float(lat) if isinstance(lat, int | float) else None,
        lon=float(lon) if isinstance(lon, int | float) else None,
        precision=loc.get("geo_precision") if loc else None,
        start=start,
        end=end,
        date_precision=when.get("precision") if when else None,
        actor_kinds=kinds,
        actor_names=names,
        groups=_groups(sub_type),
    )


# --- judging a pair ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Judgement:
    """A pair's verdict: a score with reasons; `blocked` names a contradiction that forbids
    the two ever sharing an incident; `weak` names missing evidence that keeps the pair from
    being linked directly (they may still meet through other events)."""

    score: float
    reasons: tuple[str, ...]
    blocked: str | None = None
    weak: str | None = None

    @property
    def linkable(self) -> bool:
        return self.blocked is None and self.weak is None


@dataclass(frozen=True, slots=True)
class _Weak:
    """Missing evidence: no score, no contradiction."""

    reason: str


# A rule's answer: (score, reason), a contradiction (str), missing evidence, or nothing.
_Verdict = tuple[float, str] | str | _Weak | None


def _judge_type(a: _Event, b: _Event) -> _Verdict:
    if a.sub_type == b.sub_type:
        return SCORE_SAME_SUBTYPE, f"same sub-event type {a.sub_type}"
    if not a.groups & b.groups:
        return f"incompatible types {a.sub_type} / {b.sub_type}"
    if a.event_type == b.event_type:
        return SCORE_SAME_TYPE, f"same event type {a.event_type}"
    return SCORE_COMPATIBLE_TYPE, f"compatible types {a.sub_type} / {b.sub_type}"


def _judge_place(a: _Event, b: _Event) -> _Verdict:
    if a.country and b.country and a.country != b.country:
        return f"different countries {a.country} / {b.country}"
    if not (a.has_place and b.has_place):
        return _Weak("place unknown for one account")
    assert a.lat is not None and a.lon is not None and b.lat is not None and b.lon is not None
    coarser = max(a.precision or COUNTRY_PRECISION, b.precision or COUNTRY_PRECISION)
    if coarser >= COUNTRY_PRECISION:
        # A country-level place ("in northern Burkina Faso") fits every incident there.
        return _Weak("place known at country precision only")
    if a.geonameid is not None and a.geonameid == b.geonameid:
        return SCORE_SAME_PLACE, f"same place {a.place_name}"
    km = haversine_km(a.lat, a.lon, b.lat, b.lon)
    same_admin = a.admin1 is not None and a.admin1 == b.admin1
    where = f", both in {a.admin1}" if same_admin else ""
    if km <= MAX_KM_BY_PRECISION.get(coarser, 0.0):
        score = SCORE_NEAR_PLACE if coarser < VAGUE_PRECISION else SCORE_SAME_REGION
        return score, f"{km:.0f} km apart{where}"
    if coarser >= VAGUE_PRECISION and same_admin:
        return SCORE_SAME_REGION, f"both in {a.admin1} (region-level place)"
    return f"{km:.0f} km apart (limit {MAX_KM_BY_PRECISION.get(coarser, 0.0):.0f} km)"


def _judge_date(a: _Event, b: _Event) -> _Verdict:
    if not (a.has_usable_date and b.has_usable_date):
        return _Weak("date unknown or too vague for one account")
    assert a.start and a.end and b.start and b.end
    lo, hi = max(a.start, b.start), min(a.end, b.end)
    if lo > hi:
        return f"dates do not overlap ({a.start}..{a.end} / {b.start}..{b.end})"
    if lo == hi and a.start == a.end and b.start == b.end:
        return SCORE_SAME_DAY, f"dates overlap on {lo.isoformat()}"
    span = lo.isoformat() if lo == hi else f"{lo.isoformat()}..{hi.isoformat()}"
    return SCORE_COARSE_DATE, f"dates overlap on {span} at coarse precision"


def _judge_actors(a: _Event, b: _Event) -> _Verdict:
    shared = sorted(a.actor_names & b.actor_names)
    if shared:
        return SCORE_ACTORS_AGREE, f"actors agree: {', '.join(shared)}"
    # Only actor pairs fully typed on both sides can disagree; one missing side says nothing.
    if len(a.actor_kinds) == 2 and len(b.actor_kinds) == 2 and not a.actor_kinds & b.actor_kinds:
        return f"actors differ: {sorted(a.actor_kinds)} / {sorted(b.actor_kinds)}"
    return None


def judge(a: _Event, b: _Event) -> Judgement:
    """The verdict on linking two events, with the reasons for it."""
    if (a.status == EVENT_STATUS_EXPECTED) != (b.status == EVENT_STATUS_EXPECTED):
        return Judgement(0.0, (), "expected event vs one that happened")
    same_report = a.ref.report_id == b.ref.report_id
    score, reasons, weak = 0.0, [], []
    for verdict in (_judge_type(a, b), _judge_place(a, b), _judge_date(a, b), _judge_actors(a, b)):
        if verdict is None:
            continue
        if isinstance(verdict, str):
            return Judgement(0.0, (), verdict)
        if isinstance(verdict, _Weak):
            weak.append(verdict.reason)
            continue
        score += verdict[0]
        reasons.append(verdict[1])
    if same_report:
        # The report's own context stands in for a missing place or a vague date, not both:
        # a background sentence ("attacked several times in two years") is no account.
        if len(weak) > 1:
            return Judgement(score, tuple(reasons), weak="; ".join(weak))
        reasons.extend(f"{w}, same report" for w in weak)
        reasons.append("same report")
        return Judgement(score, tuple(reasons))
    return Judgement(score, tuple(reasons), weak="; ".join(weak) or None)


def threshold(a: _Event, b: _Event) -> float:
    return SAME_REPORT_THRESHOLD if a.ref.report_id == b.ref.report_id else LINK_THRESHOLD


# --- blocking and clustering ---------------------------------------------------------


def _days(ev: _Event) -> Iterable[date]:
    assert ev.start is not None and ev.end is not None
    for offset in range((ev.end - ev.start).days + 1):
        yield ev.start + timedelta(days=offset)


def candidate_pairs(events: Sequence[_Event]) -> set[tuple[int, int]]:
    """Index pairs worth judging: all pairs inside a report, and cross-report pairs sharing
    a (country, type group, day) bucket."""
    pairs: set[tuple[int, int]] = set()
    by_report: dict[str, list[int]] = defaultdict(list)
    buckets: dict[tuple[str, str, date], list[int]] = defaultdict(list)
    for i, ev in enumerate(events):
        by_report[ev.ref.report_id].append(i)
        if ev.country and ev.has_place and ev.has_usable_date:
            for group in ev.groups:
                for day in _days(ev):
                    buckets[(ev.country, group, day)].append(i)
    for members in by_report.values():
        pairs.update(combinations(members, 2))
    for members in buckets.values():
        for i, j in combinations(members, 2):
            if events[i].ref.report_id != events[j].ref.report_id:
                pairs.add((i, j))
    return pairs


class _Clusters:
    """Union-find whose merges are vetoed when any pair across two clusters is blocked."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))
        self.members: dict[int, list[int]] = {i: [i] for i in range(n)}

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def merge(self, i: int, j: int, verdict: Callable[[int, int], Judgement]) -> bool:
        ri, rj = self.find(i), self.find(j)
        if ri == rj:
            return False
        for x in self.members[ri]:
            for y in self.members[rj]:
                if verdict(x, y).blocked is not None:
                    return False
        self.parent[rj] = ri
        self.members[ri].extend(self.members.pop(rj))
        return True


def link_incidents(reports: Sequence[Report]) -> list[Incident]:
    """Every event of every report in exactly one incident, in a deterministic order."""
    events: list[_Event] = []
    for report in sorted(reports, key=lambda r: r.report_id):
        for raw in report.analysis.get("events", ()):
            events.append(_normalise(report, raw))
    events.sort(key=lambda ev: (ev.ref.report_id, _event_order(ev.ref.event_id)))
    verdicts = {pair: judge(events[pair[0]], events[pair[1]]) for pair in candidate_pairs(events)}
    ranked = sorted(
        (
            (-v.score, pair)
            for pair, v in verdicts.items()
            if v.linkable and v.score >= threshold(events[pair[0]], events[pair[1]])
        ),
    )
    rivals: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for neg, (i, j) in ranked:
        rivals[i].append((-neg, j))
        rivals[j].append((-neg, i))

    def verdict(x: int, y: int) -> Judgement:
        pair = (x, y) if x < y else (y, x)
        if pair not in verdicts:
            verdicts[pair] = judge(events[pair[0]], events[pair[1]])
        return verdicts[pair]

    def ambiguous(i: int, j: int, score: float) -> bool:
        # Only a vaguely placed event can be torn between two incidents; a precise one's
        # best link is trusted.
        if not events[i].vague_place:
            return False
        return any(
            k != j and other > score - AMBIGUITY_MARGIN and verdict(j, k).blocked is not None
            for other, k in rivals[i]
        )

    clusters = _Clusters(len(events))
    links: dict[int, list[Link]] = defaultdict(list)
    for neg, (i, j) in ranked:
        if ambiguous(i, j, -neg) or ambiguous(j, i, -neg):
            continue
        if clusters.merge(i, j, verdict):
            v = verdicts[(i, j)]
            links[i].append(Link(events[i].ref, events[j].ref, v.score, v.reasons))
    incidents: list[Incident] = []
    for root, members in clusters.members.items():
        member_events = [events[i] for i in sorted(members)]
        member_links = [
            link for i in members for link in links.get(i, ()) if clusters.find(i) == root
        ]
        incidents.append(_incident(member_events, member_links))
    incidents.sort(key=lambda inc: (inc.date.start if inc.date and inc.date.start else "~",
                                    inc.events[0]))
    return incidents


def _event_order(event_id: str) -> tuple[int, str]:
    digits = re.sub(r"\D", "", event_id)
    return (int(digits) if digits else 0, event_id)


# --- an incident's summary, claimants and contradictions -----------------------------


def incident_id(refs: Iterable[EventRef]) -> str:
    keys = "\n".join(sorted(f"{r.report_id}/{r.event_id}" for r in refs))
    return "incident-" + hashlib.sha1(keys.encode("utf-8")).hexdigest()[:12]


def _most_common(values: Sequence[str]) -> str:
    counts: dict[str, int] = defaultdict(int)
    for value in values:
        counts[value] += 1
    # Ties go to the earliest member, so the summary does not depend on hash order.
    return max(values, key=lambda v: (counts[v], -values.index(v))) if values else ""


def _summary_location(events: Sequence[_Event]) -> tuple[dict[str, Any] | None, str | None]:
    """The finest place a member gives itself; when none does, the focus area its events
    are drawn at (the first member's report that names a place), with how it was found.
    Linking never uses a focus area: it is where a report is, not where an account is."""
    located = [ev for ev in events if isinstance(ev.raw.get("location"), Mapping) and ev.has_place]
    if located:
        best = min(located, key=lambda ev: ev.precision or COUNTRY_PRECISION)
        return dict(best.raw["location"]), None
    for ev in events:
        place, focus = event_location(ev.raw, ev.report.analysis)
        if place is not None:
            return place, focus
    return None, None


def _summary_date(events: Sequence[_Event]) -> DateSummary | None:
    """The narrowest date any member gives, as its contract wrote it."""
    dated: list[tuple[int, Mapping[str, Any]]] = []
    for ev in events:
        when = ev.raw.get("date")
        if not isinstance(when, Mapping):
            continue
        start, end = _parse_date(when.get("start")), _parse_date(when.get("end"))
        if start is not None and end is not None:
            dated.append(((end - start).days, when))
    if not dated:
        return None
    when = min(dated, key=lambda item: item[0])[1]
    return DateSummary(when.get("start"), when.get("end"), when.get("precision"))


def victim_class(who: str | None) -> str:
    """The victim class of a fatality's `who` ("soldiers" -> security forces)."""
    if not who:
        return "unspecified"
    words = re.findall(r"[a-z]+", who.casefold())
    stems = {w for w in words} | {w[:-1] for w in words if w.endswith("s")}
    for name, members in VICTIM_CLASSES.items():
        if stems & members:
            return name
    return "other: " + " ".join(words)


@dataclass(slots=True)
class _ClaimantRows:
    name: str
    kind: str | None = None
    outlets: list[str] = field(default_factory=list)
    reports: list[str] = field(default_factory=list)
    polarities: list[str] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)


def _span_quote(report_id: str, span: Mapping[str, Any] | None) -> Quote | None:
    if not isinstance(span, Mapping) or "start" not in span:
        return None
    return Quote(report_id, str(span["text"]), int(span["start"]), int(span["end"]))


def _outlets(report: Report) -> tuple[str, ...]:
    if report.outlets:
        return report.outlets
    publisher = report.analysis.get("document", {}).get("publisher")
    return (str(publisher),) if publisher else ()


def _add_unique(items: list[Any], *values: Any) -> None:
    for value in values:
        if value not in items:
            items.append(value)


def _claimants(events: Sequence[_Event]) -> list[_ClaimantRows]:
    rows: dict[str, _ClaimantRows] = {}

    def row(name: str) -> _ClaimantRows:
        key = _norm_name(name) or name
        if key not in rows:
            rows[key] = _ClaimantRows(name)
        return rows[key]

    for ev in events:
        report = ev.report
        rid = report.report_id
        outlets = _outlets(report)
        fallback = ", ".join(outlets) or "unattributed"
        claims = {
            c.get("id"): c
            for c in report.analysis.get("claims", ())
            if c.get("id") in set(ev.raw.get("claim_ids", ()))
        }
        evidence = ev.raw.get("evidence") or ()
        for claim_id in ev.raw.get("claim_ids", ()):
            claim = claims.get(claim_id)
            if claim is None:
                continue
            source = claim.get("source")
            r = row(str(source["text"]) if isinstance(source, Mapping) else fallback)
            if isinstance(source, Mapping) and r.kind is None:
                r.kind = source.get("kind")
            _add_unique(r.outlets, *outlets)
            _add_unique(r.reports, rid)
            r.polarities.append(str(claim.get("polarity") or "affirms"))
            quote = _span_quote(rid, claim.get("content")) or _span_quote(rid, source)
            if quote is not None:
                _add_unique(r.quotes, quote)
        for fat in ev.raw.get("fatalities", ()):
            claim = claims.get(fat.get("claim_id"))
            quote = (_span_quote(rid, claim.get("content")) if claim else None) or (
                _span_quote(rid, evidence[0]) if evidence else None
            )
            if quote is None:
                continue
            r = row(str(fat.get("source") or fallback))
            _add_unique(r.outlets, *outlets)
            _add_unique(r.reports, rid)
            _add_unique(r.quotes, quote)
            r.figures.append(
                Figure(fat.get("low"), fat.get("high"), str(fat.get("unit")), fat.get("who"), quote)
            )
    return list(rows.values())


def _interval(fig: Figure) -> tuple[float, float]:
    low = fig.low if fig.low is not None else 0
    high = fig.high if fig.high is not None else math.inf
    return float(low), float(high)


def _describe(fig: Figure) -> str:
    if fig.low is not None and fig.high == fig.low:
        number = str(fig.low)
    elif fig.high is None:
        number = f"at least {fig.low}" if fig.low is not None else "an unknown number"
    elif fig.low is None:
        number = f"at most {fig.high}"
    else:
        number = f"{fig.low}-{fig.high}"
    return f"{number} {fig.unit}" + (f" ({fig.who})" if fig.who else "")


def spreads_and_contradictions(
    claimants: Sequence[Claimant],
) -> tuple[list[Spread], list[str]]:
    """Per (unit, victim class): the range of figures, and the figures that cannot all hold.

    A claimant's figures only contradict another claimant's: one source updating its own
    count is not a dispute. Intervals [low, high] (open where a bound is missing) of
    different claimants cannot all hold when the largest low exceeds the smallest high.
    """
    by_key: dict[tuple[str, str], list[tuple[str, Figure]]] = defaultdict(list)
    for c in claimants:
        for fig in c.figures:
            by_key[(fig.unit, victim_class(fig.who))].append((c.claimant, fig))
    spreads: list[Spread] = []
    reasons: list[str] = []
    for (unit, victims), figs in sorted(by_key.items()):
        lows = [f.low for _, f in figs if f.low is not None]
        highs = [f.high if f.high is not None else f.low for _, f in figs]
        bounded = [h for h in highs if h is not None]
        spreads.append(
            Spread(unit, victims, min(lows) if lows else None, max(bounded) if bounded else None,
                   len({name for name, _ in figs}))
        )
        top_low = max(figs, key=lambda nf: _interval(nf[1])[0])
        bottom_high = min(figs, key=lambda nf: _interval(nf[1])[1])
        if top_low[0] != bottom_high[0] and _interval(top_low[1])[0] > _interval(bottom_high[1])[1]:
            reasons.append(
                f"{victims} {unit}: {top_low[0]} says {_describe(top_low[1])}, "
                f"{bottom_high[0]} says {_describe(bottom_high[1])}"
            )
    affirm = sorted(c.claimant for c in claimants if c.polarity in ("affirms", "mixed"))
    deny = sorted(c.claimant for c in claimants if c.polarity in ("denies", "mixed"))
    if affirm and deny and set(affirm) != set(deny):
        reasons.append(f"{', '.join(affirm)} affirm(s) what {', '.join(deny)} deny/denies")
    return spreads, reasons


def _incident(events: Sequence[_Event], links: Sequence[Link]) -> Incident:
    rows = _claimants(events)
    claimants = [
        Claimant(
            claimant=r.name,
            kind=r.kind,
            outlets=tuple(r.outlets),
            reports=tuple(r.reports),
            polarity=(
                r.polarities[0] if r.polarities and len(set(r.polarities)) == 1
                else "mixed" if r.polarities else "affirms"
            ),
            figures=tuple(r.figures),
            quotes=tuple(r.quotes),
        )
        for r in rows
    ]
    spreads, reasons = spreads_and_contradictions(claimants)
    refs = tuple(ev.ref for ev in events)
    location, location_focus = _summary_location(events)
    return Incident(
        id=incident_id(refs),
        events=refs,
        event_type=_most_common([ev.event_type for ev in events]),
        sub_event_type=_most_common([ev.sub_type for ev in events]),
        location=location,
        location_focus=location_focus,
        date=_summary_date(events),
        links=tuple(sorted(links, key=lambda link: (link.a, link.b))),
        claimants=tuple(claimants),
        spread=tuple(spreads),
        contradiction=bool(reasons),
        contradiction_reasons=tuple(reasons),
    )
