"""Dump the geoparsing errors of both paths (gold spans, `analyze`'s places) and classify them.

Usage: python scripts/geo_errors.py XML [XML ...] [--out errors.jsonl] [--limit N]

For every gold toponym with coordinates that either path puts more than 161 km off, one JSON
line: the corpus, document, phrase and offsets, the gold point, each path's error in km and
reading (name, feature class, country, admin1, note), `analyze`'s span, the spaCy entities
over the span, the gazetteer candidate nearest the gold point (its km, source, feature code
and population) and some context. A summary of the classes is printed: for the gold path,
whether the gazetteer has a reading within 161 km of the gold (a wrong pick, by the classes
of the pick and of that reading) or not (a name it lacks or a point it places otherwise);
for `analyze`, a toponym it did not find (by the labels spaCy gave the span) or found and
read otherwise than the gold path. The errors are the same `evaluate` scores
(`claimscope eval geo`); this only says where they come from.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from claimscope.cli import EVAL_STAGES
from claimscope.config import Settings
from claimscope.document import Document, Place
from claimscope.eval.geo import (
    ACC_KM,
    haversine_km,
    iter_geo,
    matching_place,
    places_stage,
    resolution_error_km,
)
from claimscope.eval.report import ReadStats, analyze_text
from claimscope.pipeline import Analyzer
from claimscope.stages.places import PlacesStage

CONTEXT = 120


def reading(place: Place | None) -> dict[str, Any] | None:
    if place is None:
        return None
    r = place.resolved
    return {"text": place.text, "span": [place.start, place.end], "note": place.resolution_note,
            "reading": None if r is None else [r.name, r.feature_class, r.country_code,
                                               r.admin1]}


def nearest(stage: PlacesStage, phrase: str, lat: float, lon: float) -> dict[str, Any] | None:
    best = None
    for e in stage._lookup(phrase):
        km = haversine_km(e.lat, e.lon, lat, lon)
        if best is None or km < best[0]:
            best = (km, e)
    if best is None:
        return None
    km, e = best
    return {"km": round(km), "name": e.name, "source": e.source, "feature_code": e.feature_code,
            "population": e.population, "country": e.country_code}


def gold_class(row: dict[str, Any]) -> str:
    given, near = row["gold_path"], row["nearest"]
    if given is None or given["reading"] is None:
        return "unresolved"
    if near is None:
        return f"gazetteer lacks the name ({given['note']})"
    if near["km"] > ACC_KM:
        return f"no reading within {ACC_KM:.0f} km ({given['note']})"
    return f"wrong pick: {given['reading'][1]} over {near['source']}"


def analyze_class(row: dict[str, Any]) -> str:
    if row["analyze"] is None:
        labels = "/".join(sorted({label for _, label in row["entities"]})) or "no entity"
        return f"not found ({labels})"
    if row["gold_km"] <= ACC_KM:
        return "found, read otherwise than the gold path"
    return "found, as wrong as the gold path"


def rows_of(path: Path, analyzer: Analyzer, stage: PlacesStage,
            limit: int | None) -> Iterator[dict[str, Any]]:
    stats = ReadStats()
    for n, item in enumerate(iter_geo(path, stats)):
        if limit is not None and n >= limit:
            break
        doc: Document = analyze_text(analyzer, item.text, item.id, stats)
        for t in item.toponyms:
            if t.lat is None or t.lon is None:
                continue
            found = matching_place(doc.places, t.start, t.end)
            given = stage.resolve_mention(doc, t.start, t.end)
            gold_km = resolution_error_km(given, t.lat, t.lon)
            analyze_km = resolution_error_km(found, t.lat, t.lon)
            if gold_km <= ACC_KM and analyze_km <= ACC_KM:
                continue
            yield {
                "corpus": path.stem, "doc": item.id, "phrase": t.phrase,
                "span": [t.start, t.end], "gold": [t.lat, t.lon],
                "gold_km": round(gold_km), "analyze_km": round(analyze_km),
                "gold_path": reading(given), "analyze": reading(found),
                "entities": [(e.text, e.label) for e in doc.entities
                             if e.start < t.end and t.start < e.end],
                "nearest": nearest(stage, t.phrase, t.lat, t.lon),
                "context": doc.text[max(0, t.start - CONTEXT):t.start] + "[[" + t.phrase + "]]"
                + doc.text[t.end:t.end + CONTEXT],
            }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    analyzer = Analyzer(Settings(stages=EVAL_STAGES["geo"]))
    stage = places_stage(analyzer)
    if not isinstance(stage, PlacesStage):
        raise SystemExit("no places stage")
    out = args.out.open("w", encoding="utf-8") if args.out else None
    for path in args.files:
        gold: Counter[str] = Counter()
        found: Counter[str] = Counter()
        for row in rows_of(path, analyzer, stage, args.limit):
            if row["gold_km"] > ACC_KM:
                gold[gold_class(row)] += 1
            if row["analyze_km"] > ACC_KM:
                found[analyze_class(row)] += 1
            if out is not None:
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
        print(f"{path.stem}: gold-span errors {sum(gold.values())}, analyze errors "
              f"{sum(found.values())}")
        for name, counter in (("gold", gold), ("analyze", found)):
            for label, count in counter.most_common():
                print(f"  {name:8} {count:5}  {label}")
    if out is not None:
        out.close()


if __name__ == "__main__":
    main()
