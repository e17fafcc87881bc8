"""Exports of analyses: ACLED-style CSV rows, GeoJSON features, Parquet tables, JSON lines.

Row builders are pure: they read one analysis dict (the schema-v1 contract, as `output.
to_analysis` writes it) and return plain rows, so the corpus store and a distributed job
writing Parquet shards can call them anywhere. Writers stream: they take iterables and never
hold a whole corpus in memory.
"""

from __future__ import annotations

import csv
import hashlib
import json
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, timedelta
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any, TextIO

import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]
import pyarrow.parquet as pq  # type: ignore[import-untyped,unused-ignore]

from claimscope.placement import event_location
from claimscope.taxonomy import BY_SUB_EVENT, EXPLOSIONS, RIOTS, VIOLENCE_CIVILIANS

AcledValue = str | int | float | None

# --- ACLED code tables (ACLED Codebook 2023: columns, 'inter' codes, time precision) ------

ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2",
    "inter2", "interaction", "civilian_targeting", "iso", "region", "country", "admin1",
    "admin2", "admin3", "location", "latitude", "longitude", "geo_precision", "source",
    "source_scale", "notes", "fatalities", "tags", "timestamp",
)

# Our actor kinds (stages/events, data/lexicon ACTOR_KIND_KEYWORDS) -> ACLED 'inter' codes.
INTER_CODES: dict[str, int] = {
    "state_forces": 1,
    "rebel_group": 2,
    "political_militia": 3,
    "identity_militia": 4,
    "rioters": 5,
    "protesters": 6,
    "civilians": 7,
    "external_forces": 8,
    "other": 8,
}
INTER_NAMES: dict[int, str] = {
    1: "State Forces", 2: "Rebel Groups", 3: "Political Militias", 4: "Identity Militias",
    5: "Rioters", 6: "Protesters", 7: "Civilians", 8: "External/Other Forces",
}
CIVILIAN_TARGETING = "Civilian targeting"
# Besides violence against civilians, the event types in which ACLED marks civilians as the
# target when they are the second actor (battles are fought between armed groups).
_CIVILIAN_TARGET_TYPES = frozenset({EXPLOSIONS, RIOTS})

# Days a date range may span and still be coded as 'a specific week' (precision 2).
_WEEK_DAYS = 7
_UNITS = {"killed": "killed", "injured": "injured", "killed_or_injured": "killed or injured"}
# OWASP CSV injection: cells starting with these are read as formulas by spreadsheets.
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Events that have not happened (forecasts) have no place in an event dataset.
_NOT_EVENTS = frozenset({"expected"})


@cache
def country_table() -> dict[str, dict[str, str]]:
    """ISO alpha-2 -> alpha3, iso_numeric, country (ACLED's name), acled_region."""
    text = files("claimscope").joinpath("data/acled_regions.tsv").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return {row["country_code"]: row for row in csv.DictReader(lines, delimiter="\t")}


# --- ACLED rows ---------------------------------------------------------------------------


def acled_rows(
    analysis: Mapping[str, Any],
    *,
    outlets: Sequence[str] = (),
    incident_ids: Mapping[str, str] | None = None,
    timestamp: int | None = None,
    include_expected: bool = False,
) -> list[dict[str, AcledValue]]:
    """One ACLED-style row per event of one analysed article, keyed by `ACLED_COLUMNS`.

    `outlets` are the outlets that carried this report (the document's publisher and
    original source when empty); `incident_ids` maps our event ids to cross-article
    incident ids: an event in an incident takes its `event_id_cnty` from the incident, so
    every report of one incident gets the same id (ACLED keeps one id per event across
    updates). `timestamp` is the record's unix time (now by default).
    """
    doc = analysis["document"]
    stamp = int(time.time()) if timestamp is None else timestamp
    source = "; ".join(_outlets(doc, outlets))
    rows: list[dict[str, AcledValue]] = []
    for event in analysis["events"]:
        if event["status"] in _NOT_EVENTS and not include_expected:
            continue
        loc, focus = event_location(event, analysis)
        if loc is None:  # nothing to place it by: ACLED never codes an unlocated event
            continue
        country_code = loc.get("country_code")
        country = country_table().get(country_code or "", {})
        incident = (incident_ids or {}).get(event["id"])
        event_date, precision = _acled_date(event.get("date"))
        actor1, actor2 = event.get("actor1"), event.get("actor2")
        inter1, inter2 = _inter(actor1), _inter(actor2)
        row: dict[str, AcledValue] = {
            "event_id_cnty": _event_id_cnty(country.get("alpha3"), doc["id"], event["id"],
                                            incident),
            "event_date": event_date.isoformat() if event_date else None,
            "year": event_date.year if event_date else None,
            "time_precision": precision,
            "disorder_type": _disorder_type(event["sub_event_type"]),
            "event_type": event["event_type"],
            "sub_event_type": event["sub_event_type"],
            "actor1": _actor_text(actor1),
            "assoc_actor_1": _associated(actor1),
            "inter1": inter1,
            "actor2": _actor_text(actor2),
            "assoc_actor_2": _associated(actor2),
            # ACLED's inter2 is 0 when there is no second actor, not when its kind is unknown.
            "inter2": inter2 if actor2 else (0 if inter1 is not None else None),
            "interaction": _interaction(actor1, actor2),
            "civilian_targeting": CIVILIAN_TARGETING if _targets_civilians(event) else None,
            "iso": int(country["iso_numeric"]) if country else None,
            "region": country.get("acled_region"),
            "country": country.get("country"),
            "admin1": loc.get("admin1"),
            "admin2": None,
            "admin3": None,
            "location": loc.get("name") or loc.get("text"),
            "latitude": _round(loc.get("lat")),
            "longitude": _round(loc.get("lon")),
            "geo_precision": loc.get("geo_precision"),
            "source": source or None,
            "source_scale": None,
            "notes": _notes(event, doc, loc, focus),
            "fatalities": int(event["fatalities_conservative"]),
            "tags": _tags(event, doc["id"], incident),
            "timestamp": stamp,
        }
        rows.append(row)
    return rows


def _outlets(doc: Mapping[str, Any], outlets: Sequence[str]) -> list[str]:
    named: list[Any] = list(outlets) or [doc.get("publisher"), doc.get("original_source")]
    seen: dict[str, None] = {}
    for outlet in named:
        if isinstance(outlet, str) and outlet.strip():
            seen.setdefault(outlet.strip(), None)
    return list(seen)


def acled_unplaced(analysis: Mapping[str, Any], *, include_expected: bool = False) -> list[str]:
    """Ids of the events `acled_rows` leaves out: nothing in the report places them."""
    return [
        e["id"]
        for e in analysis["events"]
        if (include_expected or e["status"] not in _NOT_EVENTS)
        and event_location(e, analysis)[0] is None
    ]


def _event_id_cnty(alpha3: str | None, doc_id: str, event_id: str, incident: str | None) -> str:
    # One id per row, as in ACLED's own files; the incident that links rows is in `tags`.
    del incident
    key = f"{doc_id}:{event_id}"
    # 12 digits keep collisions unlikely up to about a million events.
    number = int(hashlib.sha256(key.encode("utf-8")).hexdigest()[:15], 16) % 10**12
    return f"{alpha3 or 'XXX'}{number}"


def _acled_date(when: Mapping[str, Any] | None) -> tuple[date | None, int | None]:
    """ACLED's coded date and time precision: 1 the day, 2 a week (coded mid-week), 3 a
    longer span such as a month (coded at its middle)."""
    if not when or not when.get("start"):
        return None, None
    start = date.fromisoformat(when["start"][:10])
    end = date.fromisoformat(when["end"][:10]) if when.get("end") else start
    if end < start:
        start, end = end, start
    span = (end - start).days
    middle = start + timedelta(days=span // 2)
    if span == 0 and when.get("precision") in (None, "day"):
        return start, 1
    return middle, 2 if span < _WEEK_DAYS else 3


def _disorder_type(sub_event_type: str) -> str | None:
    sub = BY_SUB_EVENT.get(sub_event_type)
    return sub.disorder_type if sub else None


def _actor_text(actor: Mapping[str, Any] | None) -> str | None:
    return actor["text"] if actor else None


def _associated(actor: Mapping[str, Any] | None) -> str | None:
    if not actor or not actor.get("associated"):
        return None
    return "; ".join(a["text"] for a in actor["associated"])


def _inter(actor: Mapping[str, Any] | None) -> int | None:
    if not actor:
        return None
    return INTER_CODES.get(actor.get("kind") or "")


def _interaction(actor1: Mapping[str, Any] | None, actor2: Mapping[str, Any] | None) -> int | None:
    """ACLED's joint code: the two 'inter' codes, lower first ('13'); one actor alone is
    its code and 0 ('10'). Unknown when a present actor's kind is unknown."""
    actors = [a for a in (actor1, actor2) if a]
    codes = sorted(_inter(a) or 0 for a in actors)
    if not codes or 0 in codes:
        return None
    if len(codes) == 1:
        return codes[0] * 10
    return codes[0] * 10 + codes[1]


def _targets_civilians(event: Mapping[str, Any]) -> bool:
    if event["event_type"] == VIOLENCE_CIVILIANS:
        return True
    actor2 = event.get("actor2") or {}
    return event["event_type"] in _CIVILIAN_TARGET_TYPES and actor2.get("kind") == "civilians"


def _round(value: float | None) -> float | None:
    # ACLED publishes coordinates to four decimals (about 11 m).
    return None if value is None else round(float(value), 4)


def _notes(
    event: Mapping[str, Any],
    doc: Mapping[str, Any],
    loc: Mapping[str, Any] | None = None,
    focus: str | None = None,
) -> str:
    """A one-line summary: when, what, where (and how it was placed when the text does not
    place it), then every claimant's figures side by side."""
    when = event.get("date") or {}
    loc = loc if loc is not None else (event.get("location") or {})
    lead = str(event["sub_event_type"])
    start, end = (when.get("start") or "")[:10], (when.get("end") or "")[:10]
    if start and end and end != start:
        lead = f"Between {start} and {end}, {lead}"
    elif start:
        lead = f"On {start}, {lead}"
    where = loc.get("text") or loc.get("name")
    if where:
        around = dict.fromkeys(x for x in (loc.get("name"), loc.get("admin1")) if x and x != where)
        lead += f" in {where}" + (f" ({', '.join(around)})" if around else "")
    lead += f" [{event['status']}]."
    if focus:
        lead += (
            f" Location: the report's focus area, {focus}; the text does not place this"
            f" event{' at a known place' if loc.get('text') else ''}."
        )
    figures = claimant_figures(event, outlet=doc.get("publisher"))
    parts = [f"{source}: {', '.join(items)}" for source, items in figures.items()]
    if not parts:
        return lead
    return f"{lead} {'; '.join(parts)}. Coded fatalities: {event['fatalities_conservative']}."


def claimant_figures(
    event: Mapping[str, Any], *, outlet: str | None = None
) -> dict[str, list[str]]:
    """Each claimant's fatality figures for one event as phrases ('at least 40 soldiers
    killed'), claimants in the order they speak; 'the outlet' is named when known."""
    out: dict[str, list[str]] = {}
    for f in event.get("fatalities", []):
        source = f["source"].strip().strip(",;:").strip()
        if source == "the outlet" and outlet:
            source = outlet
        out.setdefault(source, []).append(figure_phrase(f))
    return out


def figure_phrase(f: Mapping[str, Any]) -> str:
    """One claimant's figure as words: '12 soldiers killed', 'at least 40 killed'."""
    low, high = f.get("low"), f.get("high")
    if low is not None and high is not None:
        number = str(low) if low == high else f"{low}-{high}"
    elif low is not None:
        number = f"at least {low}"
    elif high is not None:
        number = f"up to {high}"
    else:
        number = "an unknown number of"
    unit = str(f.get("unit") or "")
    return " ".join(x for x in (number, f.get("who"), _UNITS.get(unit, unit)) if x)


def _tags(event: Mapping[str, Any], doc_id: str, incident: str | None) -> str:
    tags = [f"status: {event['status']}", f"article: {doc_id}", f"event: {event['id']}"]
    if incident:
        tags.append(f"incident: {incident}")
    claimants = {f["source"] for f in event.get("fatalities", [])}
    if claimants:
        tags.append(f"fatality claimants: {len(claimants)}")
    return "; ".join(tags)


# --- GeoJSON ------------------------------------------------------------------------------


def geojson_features(
    analysis: Mapping[str, Any],
    *,
    outlets: Sequence[str] = (),
    incident_ids: Mapping[str, str] | None = None,
    include_expected: bool = False,
) -> list[dict[str, Any]]:
    """One GeoJSON Point feature ([lon, lat], RFC 7946) per event of one article, placed as
    in the ACLED rows: at its own location, else at the report's focus area
    (`location_focus` says how it was found, `geo_precision` is 3); an event the report
    gives nothing to place it by has no feature (`acled_unplaced` counts it)."""
    doc = analysis["document"]
    sources = _outlets(doc, outlets)
    features: list[dict[str, Any]] = []
    for event in analysis["events"]:
        if event["status"] in _NOT_EVENTS and not include_expected:
            continue
        loc, focus = event_location(event, analysis)
        if loc is None:
            continue
        when = event.get("date") or {}
        incident = (incident_ids or {}).get(event["id"])
        features.append({
            "type": "Feature",
            "id": f"{doc['id']}:{event['id']}",
            "geometry": {"type": "Point", "coordinates": [loc["lon"], loc["lat"]]},
            "properties": {
                "article_id": doc["id"],
                "event_id": event["id"],
                "incident_id": incident,
                "event_type": event["event_type"],
                "sub_event_type": event["sub_event_type"],
                "status": event["status"],
                "date_start": when.get("start"),
                "date_end": when.get("end"),
                "date_precision": when.get("precision"),
                "location": loc.get("name"),
                "location_text": loc.get("text"),
                "admin1": loc.get("admin1"),
                "country_code": loc.get("country_code"),
                "geonameid": loc.get("geonameid"),
                "geo_precision": loc.get("geo_precision"),
                "location_focus": focus,
                "actor1": _actor_text(event.get("actor1")),
                "actor2": _actor_text(event.get("actor2")),
                "fatalities": [dict(f) for f in event.get("fatalities", [])],
                "fatalities_conservative": event["fatalities_conservative"],
                "sources": sources,
                "published": doc.get("published"),
                "title": doc.get("title"),
            },
        })
    return features


# --- Parquet tables -----------------------------------------------------------------------

_SPAN = pa.struct([("text", pa.string()), ("start", pa.int32()), ("end", pa.int32())])
_TAG = pa.struct([("kind", pa.string()), ("value", pa.string())])

TABLE_SCHEMAS: dict[str, pa.Schema] = {
    "articles": pa.schema([
        ("article_id", pa.string()), ("title", pa.string()), ("url", pa.string()),
        ("publisher", pa.string()), ("original_source", pa.string()),
        ("authors", pa.list_(pa.string())), ("published", pa.string()),
        ("original_published", pa.string()), ("language", pa.string()),
        ("format", pa.string()), ("tags", pa.list_(_TAG)), ("body_start", pa.int32()),
        ("body_end", pa.int32()), ("text", pa.large_string()),
        ("schema_version", pa.string()), ("generator_version", pa.string()),
    ]),
    "events": pa.schema([
        ("article_id", pa.string()), ("event_id", pa.string()), ("event_type", pa.string()),
        ("sub_event_type", pa.string()), ("status", pa.string()),
        ("actor1", pa.string()), ("actor1_start", pa.int32()), ("actor1_end", pa.int32()),
        ("actor1_kind", pa.string()), ("actor1_associated", pa.list_(_SPAN)),
        ("actor2", pa.string()), ("actor2_start", pa.int32()), ("actor2_end", pa.int32()),
        ("actor2_kind", pa.string()), ("actor2_associated", pa.list_(_SPAN)),
        ("place_id", pa.string()), ("location_text", pa.string()),
        ("location_name", pa.string()), ("geonameid", pa.int64()),
        ("latitude", pa.float64()), ("longitude", pa.float64()), ("admin1", pa.string()),
        ("country_code", pa.string()), ("geo_precision", pa.int8()),
        ("location_focus", pa.string()),
        ("date_start", pa.string()), ("date_end", pa.string()),
        ("date_precision", pa.string()), ("date_text", pa.string()),
        ("fatalities_conservative", pa.int32()), ("evidence", pa.list_(_SPAN)),
        ("claim_ids", pa.list_(pa.string())),
    ]),
    "claims": pa.schema([
        ("article_id", pa.string()), ("claim_id", pa.string()),
        ("source", pa.string()), ("source_start", pa.int32()), ("source_end", pa.int32()),
        ("source_kind", pa.string()),
        ("cue", pa.string()), ("cue_start", pa.int32()), ("cue_end", pa.int32()),
        ("content", pa.string()), ("content_start", pa.int32()), ("content_end", pa.int32()),
        ("polarity", pa.string()), ("status", pa.string()),
        ("quantity_ids", pa.list_(pa.string())), ("event_ids", pa.list_(pa.string())),
    ]),
    "fatalities": pa.schema([
        ("article_id", pa.string()), ("event_id", pa.string()), ("ordinal", pa.int16()),
        ("claim_id", pa.string()), ("source", pa.string()), ("low", pa.int32()),
        ("high", pa.int32()), ("who", pa.string()), ("unit", pa.string()),
    ]),
    "places": pa.schema([
        ("article_id", pa.string()), ("place_id", pa.string()), ("text", pa.string()),
        ("start", pa.int32()), ("end", pa.int32()), ("name", pa.string()),
        ("geonameid", pa.int64()), ("latitude", pa.float64()), ("longitude", pa.float64()),
        ("feature_class", pa.string()), ("admin1", pa.string()),
        ("country_code", pa.string()), ("geo_precision", pa.int8()),
        ("resolution_note", pa.string()),
    ]),
    "entities": pa.schema([
        ("article_id", pa.string()), ("entity_id", pa.string()), ("text", pa.string()),
        ("start", pa.int32()), ("end", pa.int32()), ("label", pa.string()),
    ]),
    "rhetoric": pa.schema([
        ("article_id", pa.string()), ("ordinal", pa.int32()), ("text", pa.string()),
        ("start", pa.int32()), ("end", pa.int32()), ("technique", pa.string()),
        ("confidence", pa.float64()),
    ]),
}

_EVENT_REF = pa.struct([("report_id", pa.string()), ("event_id", pa.string())])
_QUOTE = pa.struct([
    ("report_id", pa.string()), ("text", pa.string()), ("start", pa.int32()),
    ("end", pa.int32()),
])
# Tables of cross-article incidents (`incidents.Incident`, as `dataclasses.asdict` gives it).
INCIDENT_SCHEMAS: dict[str, pa.Schema] = {
    "incidents": pa.schema([
        ("incident_id", pa.string()), ("event_type", pa.string()),
        ("sub_event_type", pa.string()), ("n_events", pa.int32()), ("n_reports", pa.int32()),
        ("events", pa.list_(_EVENT_REF)), ("location_name", pa.string()),
        ("location_text", pa.string()), ("geonameid", pa.int64()),
        ("latitude", pa.float64()), ("longitude", pa.float64()), ("admin1", pa.string()),
        ("country_code", pa.string()), ("geo_precision", pa.int8()),
        ("location_focus", pa.string()),
        ("date_start", pa.string()), ("date_end", pa.string()),
        ("date_precision", pa.string()), ("contradiction", pa.bool_()),
        ("contradiction_reasons", pa.list_(pa.string())),
        ("spread", pa.list_(pa.struct([
            ("unit", pa.string()), ("victims", pa.string()), ("min", pa.int32()),
            ("max", pa.int32()), ("n_claimants", pa.int32()),
        ]))),
        ("links", pa.list_(pa.struct([
            ("a", _EVENT_REF), ("b", _EVENT_REF), ("score", pa.float64()),
            ("reasons", pa.list_(pa.string())),
        ]))),
    ]),
    "incident_claimants": pa.schema([
        ("incident_id", pa.string()), ("ordinal", pa.int32()), ("claimant", pa.string()),
        ("kind", pa.string()), ("outlets", pa.list_(pa.string())),
        ("reports", pa.list_(pa.string())), ("polarity", pa.string()),
        ("figures", pa.list_(pa.struct([
            ("low", pa.int32()), ("high", pa.int32()), ("unit", pa.string()),
            ("who", pa.string()), ("quote", _QUOTE),
        ]))),
        ("quotes", pa.list_(_QUOTE)),
    ]),
}
TABLE_SCHEMAS.update(INCIDENT_SCHEMAS)


def incident_rows(incident: Mapping[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Rows of the `incidents` and `incident_claimants` tables for one incident."""
    loc, when = incident.get("location") or {}, incident.get("date") or {}
    refs = [_ref(r) for r in incident.get("events", [])]
    row = {
        "incident_id": incident["id"], "event_type": incident.get("event_type"),
        "sub_event_type": incident.get("sub_event_type"), "n_events": len(refs),
        "n_reports": len({r["report_id"] for r in refs}), "events": refs,
        "location_name": loc.get("name"), "location_text": loc.get("text"),
        "geonameid": loc.get("geonameid"), "latitude": loc.get("lat"),
        "longitude": loc.get("lon"), "admin1": loc.get("admin1"),
        "country_code": loc.get("country_code"), "geo_precision": loc.get("geo_precision"),
        "location_focus": incident.get("location_focus"),
        "date_start": when.get("start"), "date_end": when.get("end"),
        "date_precision": when.get("precision"),
        "contradiction": bool(incident.get("contradiction")),
        "contradiction_reasons": list(incident.get("contradiction_reasons", [])),
        "spread": [
            {k: s.get(k) for k in ("unit", "victims", "min", "max", "n_claimants")}
            for s in incident.get("spread", [])
        ],
        "links": [
            {"a": _ref(link["a"]), "b": _ref(link["b"]), "score": link.get("score"),
             "reasons": list(link.get("reasons", []))}
            for link in incident.get("links", [])
        ],
    }
    claimants = [
        {
            "incident_id": incident["id"], "ordinal": i, "claimant": c.get("claimant"),
            "kind": c.get("kind"), "outlets": list(c.get("outlets", [])),
            "reports": list(c.get("reports", [])), "polarity": c.get("polarity"),
            "figures": [
                {"low": f.get("low"), "high": f.get("high"), "unit": f.get("unit"),
                 "who": f.get("who"), "quote": _quote(f.get("quote"))}
                for f in c.get("figures", [])
            ],
            "quotes": [_quote(q) for q in c.get("quotes", [])],
        }
        for i, c in enumerate(incident.get("claimants", []))
    ]
    return {"incidents": [row], "incident_claimants": claimants}


def _ref(ref: Mapping[str, Any]) -> dict[str, Any]:
    return {"report_id": ref["report_id"], "event_id": ref["event_id"]}


def _quote(quote: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if not quote:
        return None
    return {k: quote.get(k) for k in ("report_id", "text", "start", "end")}


def table_rows(analysis: Mapping[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """One article's rows for every table of `TABLE_SCHEMAS`; offsets stay as start/end
    columns into `articles.text`, and every row carries `article_id`."""
    doc = analysis["document"]
    aid = doc["id"]
    body = doc.get("body") or {}
    article = {
        "article_id": aid, "title": doc.get("title"), "url": doc.get("url"),
        "publisher": doc.get("publisher"), "original_source": doc.get("original_source"),
        "authors": list(doc.get("authors") or []), "published": doc.get("published"),
        "original_published": doc.get("original_published"),
        "language": doc.get("language"), "format": doc.get("format"),
        "tags": [{"kind": t["kind"], "value": t["value"]} for t in doc.get("tags") or []],
        "body_start": body.get("start"), "body_end": body.get("end"), "text": doc["text"],
        "schema_version": analysis.get("schema_version"),
        "generator_version": (analysis.get("generator") or {}).get("version"),
    }
    events, fatalities = [], []
    for e in analysis["events"]:
        # Placed as in the ACLED rows and the store; one nothing places keeps its own text.
        own, when = e.get("location") or {}, e.get("date") or {}
        placed, focus = event_location(e, analysis)
        loc = placed if placed is not None else own
        events.append({
            "article_id": aid, "event_id": e["id"], "event_type": e["event_type"],
            "sub_event_type": e["sub_event_type"], "status": e["status"],
            **_actor_columns("actor1", e.get("actor1")),
            **_actor_columns("actor2", e.get("actor2")),
            "place_id": own.get("place_id"), "location_text": loc.get("text"),
            "location_name": loc.get("name"), "geonameid": loc.get("geonameid"),
            "latitude": loc.get("lat"), "longitude": loc.get("lon"),
            "admin1": loc.get("admin1"), "country_code": loc.get("country_code"),
            "geo_precision": loc.get("geo_precision"), "location_focus": focus,
            "date_start": when.get("start"), "date_end": when.get("end"),
            "date_precision": when.get("precision"), "date_text": when.get("text"),
            "fatalities_conservative": e["fatalities_conservative"],
            "evidence": [_span(s) for s in e.get("evidence", [])],
            "claim_ids": list(e.get("claim_ids", [])),
        })
        for i, f in enumerate(e.get("fatalities", [])):
            fatalities.append({
                "article_id": aid, "event_id": e["id"], "ordinal": i,
                "claim_id": f.get("claim_id"), "source": f["source"], "low": f.get("low"),
                "high": f.get("high"), "who": f.get("who"), "unit": f.get("unit"),
            })
    claims = []
    for c in analysis["claims"]:
        source, cue, content = c.get("source") or {}, c.get("cue") or {}, c["content"]
        claims.append({
            "article_id": aid, "claim_id": c["id"],
            "source": source.get("text"), "source_start": source.get("start"),
            "source_end": source.get("end"), "source_kind": source.get("kind"),
            "cue": cue.get("text"), "cue_start": cue.get("start"), "cue_end": cue.get("end"),
            "content": content["text"], "content_start": content["start"],
            "content_end": content["end"], "polarity": c["polarity"], "status": c["status"],
            "quantity_ids": [q["id"] for q in c.get("quantities", [])],
            "event_ids": list(c.get("event_ids", [])),
        })
    places = []
    for p in analysis["places"]:
        r = p.get("resolved") or {}
        places.append({
            "article_id": aid, "place_id": p["id"], "text": p["text"], "start": p["start"],
            "end": p["end"], "name": r.get("name"), "geonameid": r.get("geonameid"),
            "latitude": r.get("lat"), "longitude": r.get("lon"),
            "feature_class": r.get("feature_class"), "admin1": r.get("admin1"),
            "country_code": r.get("country_code"), "geo_precision": p.get("geo_precision"),
            "resolution_note": p.get("resolution_note"),
        })
    entities = [
        {"article_id": aid, "entity_id": e["id"], "text": e["text"], "start": e["start"],
         "end": e["end"], "label": e["label"]}
        for e in analysis["entities"]
    ]
    rhetoric = [
        {"article_id": aid, "ordinal": i, "text": r["text"], "start": r["start"],
         "end": r["end"], "technique": r["technique"], "confidence": r["confidence"]}
        for i, r in enumerate(analysis["rhetoric"])
    ]
    return {"articles": [article], "events": events, "claims": claims,
            "fatalities": fatalities, "places": places, "entities": entities,
            "rhetoric": rhetoric}


def _span(span: Mapping[str, Any]) -> dict[str, Any]:
    return {"text": span["text"], "start": span["start"], "end": span["end"]}


def _actor_columns(prefix: str, actor: Mapping[str, Any] | None) -> dict[str, Any]:
    actor = actor or {}
    return {
        prefix: actor.get("text"), f"{prefix}_start": actor.get("start"),
        f"{prefix}_end": actor.get("end"), f"{prefix}_kind": actor.get("kind"),
        f"{prefix}_associated": [_span(a) for a in actor.get("associated", [])],
    }


# --- writers ------------------------------------------------------------------------------


@contextmanager
def _text_out(out: Path | TextIO) -> Iterator[TextIO]:
    if isinstance(out, Path):
        # newline="" lets the csv module write its own \r\n; harmless for JSON.
        with out.open("w", encoding="utf-8", newline="") as handle:
            yield handle
    else:
        yield out


def neutralise_cell(value: Any) -> Any:
    """A CSV cell a spreadsheet will not run as a formula (OWASP: prefix a quote)."""
    if isinstance(value, str) and value.startswith(_FORMULA_PREFIXES):
        return "'" + value
    return value


def write_acled_csv(rows: Iterable[Mapping[str, Any]], out: Path | TextIO) -> int:
    """Write rows under ACLED's header (`ACLED_COLUMNS`, in order); returns rows written."""
    count = 0
    with _text_out(out) as handle:
        writer = csv.DictWriter(handle, fieldnames=ACLED_COLUMNS, extrasaction="raise")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: neutralise_cell(v) for k, v in row.items()})
            count += 1
    return count


def write_geojson(features: Iterable[Mapping[str, Any]], out: Path | TextIO) -> int:
    """Stream features into one FeatureCollection; returns features written."""
    count = 0
    with _text_out(out) as handle:
        handle.write('{"type": "FeatureCollection", "features": [')
        for feature in features:
            handle.write(",\n" if count else "\n")
            handle.write(json.dumps(feature, ensure_ascii=False, allow_nan=False))
            count += 1
        handle.write("\n]}\n")
    return count


def write_jsonl(records: Iterable[Mapping[str, Any]], out: Path | TextIO) -> int:
    """One JSON object per line; returns records written."""
    count = 0
    with _text_out(out) as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False, allow_nan=False))
            handle.write("\n")
            count += 1
    return count


def write_parquet(
    tables: Mapping[str, Iterable[Mapping[str, Any]]],
    out_dir: Path,
    *,
    row_group_size: int = 10_000,
) -> dict[str, int]:
    """Write `<table>.parquet` under `out_dir` for each table, `row_group_size` rows at a
    time under its fixed schema (so shards concatenate); returns rows written per table."""
    with ParquetTables(out_dir, tables, row_group_size=row_group_size) as writer:
        for name, rows in tables.items():
            writer.write({name: rows})
    return writer.counts


class ParquetTables:
    """Parquet writers for several tables fed together, one article at a time:

        with ParquetTables(out_dir, TABLE_SCHEMAS) as writer:
            for analysis in corpus:
                writer.write(table_rows(analysis))

    Rows are buffered per table and flushed as one row group every `row_group_size`
    rows, so a corpus is exported in one pass without holding it in memory. Every
    named table gets a file, empty or not, with its fixed schema.
    """

    def __init__(
        self, out_dir: Path, names: Iterable[str], *, row_group_size: int = 10_000
    ) -> None:
        names = list(names)
        unknown = set(names) - set(TABLE_SCHEMAS)
        if unknown:
            raise ValueError(f"unknown tables {sorted(unknown)}; known: {sorted(TABLE_SCHEMAS)}")
        if row_group_size < 1:
            raise ValueError("row_group_size must be at least 1")
        out_dir.mkdir(parents=True, exist_ok=True)
        self.row_group_size = row_group_size
        self.counts: dict[str, int] = dict.fromkeys(names, 0)
        self._buffers: dict[str, list[Mapping[str, Any]]] = {name: [] for name in names}
        self._writers = {
            name: pq.ParquetWriter(out_dir / f"{name}.parquet", TABLE_SCHEMAS[name])
            for name in names
        }

    def write(self, tables: Mapping[str, Iterable[Mapping[str, Any]]]) -> None:
        for name, rows in tables.items():
            if name not in self._buffers:
                raise ValueError(f"table {name!r} was not opened; open {sorted(self._buffers)}")
            columns = set(TABLE_SCHEMAS[name].names)
            buffer = self._buffers[name]
            for row in rows:
                extra = row.keys() - columns
                if extra:
                    raise ValueError(f"{name}: columns {sorted(extra)} not in its schema")
                buffer.append(row)
                if len(buffer) >= self.row_group_size:
                    self._flush(name)

    def _flush(self, name: str) -> None:
        buffer = self._buffers[name]
        if buffer:
            table = pa.Table.from_pylist(buffer, schema=TABLE_SCHEMAS[name])
            self._writers[name].write_table(table, row_group_size=self.row_group_size)
            self.counts[name] += len(buffer)
            buffer.clear()

    def close(self) -> None:
        try:
            for name in self._writers:
                self._flush(name)
        finally:
            for writer in self._writers.values():
                writer.close()

    def __enter__(self) -> ParquetTables:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
