"""`claimscope eval where-when`: events' locations and dates against MUC-4's answer keys.

MUC-4's original templates (`raw/**/key*` beside the JSON file, as `eval roles` reads them)
give each relevant incident a location ("EL SALVADOR: SAN VICENTE (DEPARTMENT): TECOLUCA
(JURISDICTION)", alternatives joined by " / ") and a date ("02 FEB 90", "31 MAR 90 - 01
APR 90", alternatives likewise). Nobody wrote the placement or date rules against them.
Each text is analysed as `eval roles` analyses it (the JSON's lower-cased body), with its
publication date read off the dateline of the raw text ("GUATEMALA CITY, 4 FEB 90
(ACAN-EFE) --"), so that "last night" and "2 days ago" resolve as a reader would.

Scored per document with at least one incident template (optional and empty ones aside),
as sets, micro-averaged over documents:

* `country_*`: the countries of the document's incidents against those of its located
  events.
* `place_*`: incidents whose location names a place below the country, against the
  distinct places below country level that events are located at. A place is right when
  its name (or, for a town, the name of its province) is one of the names along the
  incident's location ("Tecoluca", or its department "San Vicente").
* `date_*`: incidents with a known date (a day or a range; "- 29 DEC 89", "on or before",
  is not scored) against the distinct dates of events that have a day or a range of days
  as their precision; a date is right when it lies within one of the incident's dates.
* `events_located_share`: the share of the templated documents' events that have a
  location at all.

MUC-4 templates only the incidents it calls terrorism, so an event of a battle or an arrest
placed right costs precision here: compare precision between versions, not with recall.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimscope.document import COUNTRY_PRECISION
from claimscope.eval.cv import Fold, keeps
from claimscope.eval.report import ReadStats, Result, analyze_text, ratio
from claimscope.eval.roles import Template, iter_muc, key_files, parse_key_file
from claimscope.gazetteer import Gazetteer, admin_key
from claimscope.lang.dates import MONTHS
from claimscope.output import to_analysis
from claimscope.placement import event_location

if TYPE_CHECKING:
    from claimscope.pipeline import Analyzer

SLOT_DATE, SLOT_LOCATION = 2, 3
_DAY = re.compile(r"(\d{1,2}) ([A-Z]{3}) (\d{2})")
_DATELINE = re.compile(r"^\s*[^\n,]{2,60}, (\d{1,2} [A-Z]{3} \d{2})\b", re.MULTILINE)
_DOC_ID = re.compile(r"^((?:DEV|TST\d)-MUC\d-\d{4})\b", re.MULTILINE)
_KIND = re.compile(r"\s*\([^()]*\)\s*$")


@dataclass(slots=True)
class Incident:
    """What one template says of where and when: alternatives of each."""

    countries: frozenset[str]  # country codes
    places: frozenset[str]  # admin keys of every name below the country, all alternatives
    dates: tuple[tuple[dt.date, dt.date], ...]  # inclusive ranges; empty: not scored


KINDS = ("country", "place", "date")


@dataclass(slots=True)
class Tally:
    """Per kind: [predictions right, predictions, gold items found, gold items]. Precision
    and recall count different matches (two events' places can both fit one incident)."""

    counts: dict[str, list[int]] = field(default_factory=lambda: {k: [0] * 4 for k in KINDS})
    events: int = 0
    own: int = 0  # events with a place of their own
    placed: int = 0  # events with a location once the focus-area fallback has run

    def add(self, kind: str, pred: Iterable[Hashable], gold: Iterable[Hashable],
            match: Callable[[Any, Any], bool]) -> None:
        pred, gold = list(pred), list(gold)
        row = self.counts[kind]
        row[0] += sum(any(match(p, g) for g in gold) for p in pred)
        row[1] += len(pred)
        row[2] += sum(any(match(p, g) for p in pred) for g in gold)
        row[3] += len(gold)

    def scores(self) -> Result:
        result: Result = {}
        for kind, (right_pred, pred, found, gold) in self.counts.items():
            precision, recall = ratio(right_pred, pred), ratio(found, gold)
            f1 = ratio(2 * precision * recall, precision + recall)
            result |= {f"{kind}_precision": precision, f"{kind}_recall": recall,
                       f"{kind}_f1": f1, f"n_{kind}_gold": gold}
        return result


def _alternatives(value: str) -> list[str]:
    """'(A) / (B)' -> ['A', 'B']; a value without top-level ' / ' is one alternative."""
    parts, depth, current = [], 0, ""
    i = 0
    while i < len(value):
        ch = value[i]
        depth += (ch == "(") - (ch == ")")
        if depth == 0 and value.startswith(" / ", i):
            parts.append(current)
            current, i = "", i + 3
            continue
        current += ch
        i += 1
    parts.append(current)
    cleaned = []
    for part in (p.strip() for p in parts):
        while part.startswith("(") and part.endswith(")") and _balanced(part[1:-1]):
            part = part[1:-1].strip()
        if part:
            cleaned.append(part)
    return cleaned


def _balanced(text: str) -> bool:
    depth = 0
    for ch in text:
        depth += (ch == "(") - (ch == ")")
        if depth < 0:
            return False
    return depth == 0


def country_code(gazetteer: Gazetteer, name: str) -> str | None:
    """The code of the country called `name` ('EL SALVADOR' -> 'SV'), aliases included."""
    return next((e.country_code for e in gazetteer.lookup(name) if e.is_country), None)


def parse_location(
    value: str, country_of: Callable[[str], str | None]
) -> tuple[frozenset[str], frozenset[str]]:
    """(country codes, admin keys of the places below them) of a LOCATION slot's value."""
    countries: set[str] = set()
    places: set[str] = set()
    for alternative in _alternatives(value):
        names = [_KIND.sub("", part).strip().strip('"') for part in alternative.split(": ")]
        if not names or names[0] in ("*", "-", ""):
            continue
        if cc := country_of(names[0]):
            countries.add(cc)
        places.update(admin_key(n) for n in names[1:] if n)
    return frozenset(countries), frozenset(places)


def _day(text: str) -> dt.date | None:
    m = _DAY.fullmatch(text.strip())
    month = MONTHS.get(m.group(2).lower()) if m else None
    if m is None or month is None:
        return None
    try:
        return dt.date(1900 + int(m.group(3)), month, int(m.group(1)))
    except ValueError:
        return None


def parse_date(value: str) -> tuple[tuple[dt.date, dt.date], ...]:
    """Inclusive ranges of a DATE slot's value; "- D" (on or before D) and '*' give none."""
    ranges = []
    for alternative in _alternatives(value):
        start, sep, end = (s.strip() for s in alternative.partition(" - "))
        if sep:
            first, last = _day(start), _day(end)
            if first is None or last is None or last < first:
                continue
            ranges.append((first, last))
        elif (day := _day(alternative)) is not None:
            ranges.append((day, day))
    return tuple(ranges)


def incidents_by_doc(templates: Iterable[Template]) -> dict[str, list[Incident]]:
    """The scored templates of each document (no empty or optional ones)."""
    gazetteer = Gazetteer()
    found: dict[str, list[Incident]] = {}
    for template in templates:
        if not template.docid or template.empty or template.optional:
            continue
        location = " ".join(template.slots.get(SLOT_LOCATION, []))
        countries, places = parse_location(location, partial(country_code, gazetteer))
        dates = parse_date(" ".join(template.slots.get(SLOT_DATE, [])))
        found.setdefault(template.docid, []).append(Incident(countries, places, dates))
    return found


def load_incidents(path: Path) -> dict[str, list[Incident]]:
    templates: list[Template] = []
    for file in key_files(path):
        with file.open(encoding="latin-1") as handle:
            templates.extend(parse_key_file(handle))
    return incidents_by_doc(templates)


def datelines(texts: Iterable[str]) -> dict[str, dt.date]:
    """docid -> the date of its dateline, from MUC's raw text files (one message after
    another, each opening with its id)."""
    dates: dict[str, dt.date] = {}
    for text in texts:
        starts = list(_DOC_ID.finditer(text))
        for this, after in zip(starts, [*starts[1:], None], strict=True):
            body = text[this.end(): after.start() if after else len(text)]
            m = _DATELINE.search(body[:400])
            if m and (day := _day(m.group(1))) is not None:
                dates[this.group(1)] = day
    return dates


def load_datelines(path: Path) -> dict[str, dt.date]:
    raw = (path.parent if path.is_file() else path) / "raw"
    if not raw.is_dir():
        return {}
    texts = (
        p.read_text(encoding="latin-1")
        for p in sorted(raw.rglob("*"))
        if p.is_file() and not p.name.startswith("key") and "-muc" in p.name
    )
    return datelines(texts)


def _place_keys(location: Mapping[str, Any] | None) -> frozenset[str]:
    """Admin keys a location answers to below country level: its own name and, for a place
    inside a province, the province's."""
    if not location or not location.get("name"):
        return frozenset()
    if (location.get("geo_precision") or 0) >= COUNTRY_PRECISION:
        return frozenset()
    return frozenset(admin_key(n) for n in (location["name"], location.get("admin1")) if n)


def _event_date(event: Mapping[str, Any]) -> tuple[dt.date, dt.date] | None:
    date = event.get("date") or {}
    if date.get("start") is None or date.get("precision") not in ("day", "range"):
        return None
    try:
        start = dt.date.fromisoformat(date["start"])
        return start, dt.date.fromisoformat(date.get("end") or date["start"])
    except ValueError:
        return None


def _within(pred: tuple[dt.date, dt.date], ranges: tuple[tuple[dt.date, dt.date], ...]) -> bool:
    return any(lo <= pred[0] and pred[1] <= hi for lo, hi in ranges)


def score_document(tally: Tally, analysis: Mapping[str, Any], incidents: list[Incident]) -> None:
    """Add one analysed document's events, placed as every consumer places them
    (`placement.event_location`: their own place, else the report's focus area)."""
    events = analysis["events"]
    placed = [loc for loc in (event_location(e, analysis)[0] for e in events) if loc]
    tally.events += len(events)
    tally.own += sum(1 for e in events if (e.get("location") or {}).get("lat") is not None)
    tally.placed += len(placed)
    tally.add(
        "country",
        {loc["country_code"] for loc in placed if loc.get("country_code")},
        set().union(*(i.countries for i in incidents)),
        lambda p, g: p == g,
    )
    tally.add(
        "place",
        {keys for keys in map(_place_keys, placed) if keys},
        {i.places for i in incidents if i.places},
        lambda p, g: bool(p & g),
    )
    tally.add(
        "date",
        {d for d in map(_event_date, events) if d is not None},
        {i.dates for i in incidents if i.dates},
        _within,
    )


def evaluate(
    path: Path, analyzer: Analyzer, *, limit: int | None = None, fold: Fold | None = None
) -> Result:
    """Analyse the MUC-4 documents under `path` that have incident templates and score
    their events' locations and dates."""
    began = time.perf_counter()
    stats = ReadStats()
    incidents = load_incidents(path)
    published = load_datelines(path)
    tally = Tally()
    n_docs = dated = 0
    for item in iter_muc(path, stats):
        if item.docid not in incidents:
            continue
        if limit is not None and n_docs >= limit:
            break
        if not keeps(fold, item.docid):
            continue
        day = published.get(item.docid)
        doc = analyze_text(
            analyzer, item.text, item.docid, stats, day.isoformat() if day else None
        )
        score_document(tally, to_analysis(doc), incidents[item.docid])
        dated += item.docid in published
        n_docs += 1

    result: Result = {"task": "where-when", **tally.scores()}
    result |= {
        "events_own_place_share": ratio(tally.own, tally.events),
        "events_placed_share": ratio(tally.placed, tally.events),
        "n_events": tally.events,
        "n_docs_dated": dated,
        "n_skipped": stats.skipped,
        "n_failed": stats.failed,
        "n_docs": n_docs,
        "seconds": round(time.perf_counter() - began, 3),
    }
    return result
