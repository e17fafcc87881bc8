"""Where an event is: its own place, else the report's focus area, and how that was found."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from typing import Any

from claimscope.document import COUNTRY_PRECISION, EMBEDDED_NOTE

# ACLED's precision for "a larger region is mentioned": what a focus-area fallback is.
FOCUS_PRECISION = 3
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
# A wire dateline opening the body: "SANAA, March 3 (Gulf Wire) -", "KYIV (Reuters) -".
_ORGANISATION_LABELS = frozenset({"ORG", "ARMED_GROUP"})
_DATELINE = re.compile(r"[A-Z][A-Za-z .'’-]{1,40}?(?=\s*[,(]|\s+[-–—]\s)")


def event_location(
    event: Mapping[str, Any], analysis: Mapping[str, Any]
) -> tuple[dict[str, Any] | None, str | None]:
    """The event's location and, when it is not the event's own, how it was found.

    An event whose own location has coordinates keeps it: `(location, None)`. Otherwise it is
    placed at the report's focus area at geo_precision 3 (`FOCUS_PRECISION`): the first
    resolved place named in its sentence, else in its paragraph, else in the dateline, else
    the region most of the report's places lie in; the second item says which, with the
    place ("a place named in its paragraph (Boulkessi)"). `(None, None)` when the report
    names no place with coordinates.

    Every consumer places events by this one rule (ACLED and GeoJSON exports, Parquet
    tables, the store and through it the CLI, the API and the map); it reads only the
    analysis, so a migration re-placing stored rows gets what a fresh ingest gets.
    """
    own = dict(event.get("location") or {})
    if own.get("lat") is not None and own.get("lon") is not None:
        return own, None
    # A town inside an organisation's name ('Hartford Hospital') says where the body is
    # from, not where the report happens: no focus area.
    places = [
        p for p in analysis.get("places", [])
        if p.get("resolution_note") != EMBEDDED_NOTE
        and (p.get("resolved") or {}).get("lat") is not None
        and (p.get("resolved") or {}).get("lon") is not None
    ]
    if not places:
        return None, None
    doc = analysis["document"]
    text: str = doc["text"]
    evidence = [(int(s["start"]), int(s["end"])) for s in event.get("evidence") or []]
    body = doc.get("body") or {"start": 0, "end": len(text)}
    dateline = _DATELINE.match(text, int(body["start"]), int(body["end"]))
    tiers: list[tuple[str, list[tuple[int, int]]]] = [
        ("a place named in its sentence", evidence),
        ("a place named in its paragraph", [_paragraph(text, start) for start, _ in evidence]),
        ("the dateline", [dateline.span()] if dateline else []),
    ]
    in_names = _inside_organisation_names(places, analysis.get("entities", []))
    # A country the report's places mostly lie outside is, in an event's sentence, whose
    # people or body it is ('the murder of two U.S. missionaries', 'Russian warplanes', 'his
    # Spanish counterpart', 'extradited to the United States'), not where it happened.
    home = Counter(p["resolved"].get("country_code") for p in places).most_common(1)[0][0]
    candidates = [p for p in places
                  if (p.get("geo_precision") or 0) < COUNTRY_PRECISION
                  or p["resolved"].get("country_code") == home]
    for how, spans in tiers:
        found = [p for p in candidates
                 if any(a <= p["start"] and p["end"] <= b for a, b in spans)]
        # 'The U.S. CDC said ... in Congo': a place opening an organisation's name is
        # where the organisation is from, not where its sentence happens.
        found.sort(key=lambda p: id(p) in in_names)
        if found:
            return _focus(found[0]["resolved"], own), f"{how} ({found[0]['text']})"
    # The region most of the report's places lie in, at the region's own entry when the
    # report names it (the earliest mention wins a tie).
    region = Counter(
        (p["resolved"].get("country_code"), p["resolved"].get("admin1")) for p in places
    ).most_common(1)[0][0]
    within = [p for p in places if (p["resolved"].get("country_code"),
                                    p["resolved"].get("admin1")) == region]
    chosen = next((p for p in within if p["resolved"].get("feature_class") == "A"), within[0])
    area = region[1] or region[0]
    return _focus(chosen["resolved"], own), f"the report's main region ({area})"


def _inside_organisation_names(
    places: list[Mapping[str, Any]], entities: list[Mapping[str, Any]]
) -> set[int]:
    """The ids of the places that lie inside a longer organisation entity."""
    names = [(int(e["start"]), int(e["end"])) for e in entities
             if e.get("label") in _ORGANISATION_LABELS]
    return {
        id(p) for p in places
        if any(a <= p["start"] and p["end"] <= b and b - a > p["end"] - p["start"]
               for a, b in names)
    }


def _paragraph(text: str, at: int) -> tuple[int, int]:
    starts = [m.end() for m in _PARAGRAPH_BREAK.finditer(text, 0, at)]
    after = _PARAGRAPH_BREAK.search(text, at)
    return (starts[-1] if starts else 0), (after.start() if after else len(text))


def _focus(resolved: Mapping[str, Any], own: Mapping[str, Any]) -> dict[str, Any]:
    """A focus area as an event location: the place's coordinates and region, precision 3,
    keeping the text of the event's own (unresolved) place when it had one."""
    return {
        "text": own.get("text"),
        "name": resolved.get("name"),
        "lat": resolved.get("lat"),
        "lon": resolved.get("lon"),
        "admin1": resolved.get("admin1"),
        "country_code": resolved.get("country_code"),
        "geo_precision": FOCUS_PRECISION,
    }


__all__ = ["FOCUS_PRECISION", "event_location"]
