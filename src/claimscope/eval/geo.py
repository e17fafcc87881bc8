"""`claimscope eval geo`: LGL/TR-News, GeoVirus, GeoWebNews readers; toponym recognition/resolution.

The layout is detected per article: GWN toponyms carry `<extractedName>`, GeoVirus has
`<locations>`, anything else is read as LGL (also TR-News). Gold spans whose offsets do
not cover their phrase (TR-News drifts by a few characters, GeoVirus by one) are moved to
the nearest occurrence of the phrase within ±60 characters, or skipped and counted.

* Recognition: exact span match of `doc.places` (what `analyze` outputs) against every gold
  toponym (GWN: every `type` except Literal_Expression, Non_Lit_Expression and Non_Toponym).
  GeoVirus annotates no demonyms, so on its layout the demonyms among `doc.places` are not
  counted (neither right nor wrong); LGL and GWN annotate them.
* Resolution (issue 3's contract: "resolution on gold toponyms", the literature's "given
  gold toponyms"): the places stage's `resolve_mention(doc, start, end)` for each gold span
  that has coordinates, in the document `analyze` built. On a span `analyze` found this is
  that place by construction, so the two paths cannot diverge. The error is the great-circle
  distance to the gold point, or 20039 km (half the Earth's circumference, the largest
  possible) when the span is unresolved. Reported as `acc_161km` (error <= 161 km),
  `median_km`, and `auc_error` as in Gritta et al. 2018 ("What's missing in geographical
  parsing?"): the area under the curve of the sorted errors scaled as log(1 + km) /
  log(20039), by the trapezoidal rule over unit steps and divided by n - 1; 0 is perfect,
  1 is every toponym at the far side of the Earth.
* `analyze_*`: the same over what `analyze` outputs end to end: for each gold toponym the
  place of `doc.places` at its span, else the one overlapping it most, else none (20039 km).
  `acc_161km` - `analyze_acc_161km` is what recognition misses cost. `found_acc_161km` is
  the same over the gold toponyms `analyze` has a place for.
"""

from __future__ import annotations

import itertools
import math
import statistics
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from claimscope.document import DEMONYM_NOTE, Document, Place
from claimscope.eval.cv import Fold, keeps
from claimscope.eval.report import ReadStats, Result, analyze_text, prf
from claimscope.gazetteer import haversine_km

if TYPE_CHECKING:
    from claimscope.pipeline import Analyzer

ALIGN_WINDOW = 60
MAX_ERROR_KM = 20039.0
ACC_KM = 161.0
GWN_NON_TOPONYMS = frozenset({"Literal_Expression", "Non_Lit_Expression", "Non_Toponym"})
# Layouts whose gold annotates demonyms ('Syrian') as toponyms: LGL's does (318 of the 364
# single-word demonyms in its texts), GWN's has a Demonym type; GeoVirus's annotates none.
LAYOUTS_WITH_DEMONYMS = frozenset({"lgl", "gwn"})


@runtime_checkable
class MentionResolver(Protocol):
    name: str

    def resolve_mention(self, doc: Document, start: int, end: int) -> Place | None: ...


@dataclass(slots=True, frozen=True)
class Toponym:
    start: int
    end: int
    phrase: str
    lat: float | None
    lon: float | None


@dataclass(slots=True)
class GeoDoc:
    id: str
    text: str
    layout: str  # lgl, geovirus, gwn
    toponyms: list[Toponym] = field(default_factory=list)


def align(
    text: str, start: int, end: int, phrase: str, window: int = ALIGN_WINDOW
) -> tuple[int, int] | None:
    """The offsets of `phrase` at or nearest to `start`, within `window` characters; else None."""
    if not phrase:
        return None
    if text[start:end] == phrase:
        return start, end
    lo, hi = max(0, start - window), min(len(text), start + window + len(phrase))
    best: int | None = None
    i = text.find(phrase, lo, hi)
    while i != -1:
        if best is None or abs(i - start) < abs(best - start):
            best = i
        i = text.find(phrase, i + 1, hi)
    return None if best is None else (best, best + len(phrase))


def _float(value: str | None) -> float | None:
    if value is None or not value.strip():
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _fields(toponym: ET.Element, layout: str) -> tuple[str | None, ...] | None:
    """(start, end, phrase, lat, lon) as text, or None for a GWN non-toponym."""
    if layout == "gwn":
        if (toponym.findtext("type") or "").strip() in GWN_NON_TOPONYMS:
            return None
        return tuple(
            toponym.findtext(tag)
            for tag in ("start", "end", "extractedName", "latitude", "longitude")
        )
    if layout == "geovirus":
        return tuple(toponym.findtext(tag) for tag in ("start", "end", "name", "lat", "lon"))
    return tuple(
        toponym.findtext(tag) for tag in ("start", "end", "phrase", "gaztag/lat", "gaztag/lon")
    )


def detect_layout(article: ET.Element) -> str:
    if article.find("toponyms/toponym/extractedName") is not None:
        return "gwn"
    if article.find("locations") is not None:
        return "geovirus"
    return "lgl"


def parse_article(article: ET.Element, ident: str, stats: ReadStats) -> GeoDoc:
    layout = detect_layout(article)
    text = article.findtext("text") or ""
    doc = GeoDoc(article.get("docid") or article.get("file") or ident, text, layout)
    # iter, not iterfind: one GeoVirus article nests <location>s inside another.
    items = article.iter("location" if layout == "geovirus" else "toponym")
    for item in items:
        values = _fields(item, layout)
        if values is None:
            continue
        start, end, phrase, lat, lon = values
        try:
            span = align(text, int(start or ""), int(end or ""), (phrase or "").strip())
            lat_f, lon_f = _float(lat), _float(lon)
        except ValueError as exc:
            stats.skip(f"{doc.id}: toponym {phrase!r}: {exc}")
            continue
        if span is None:
            stats.skip(f"{doc.id}: toponym {phrase!r} not found near {start}")
            continue
        coords = (lat_f, lon_f) if lat_f is not None and lon_f is not None else (None, None)
        doc.toponyms.append(Toponym(span[0], span[1], text[span[0] : span[1]], *coords))
    return doc


def xml_files(path: Path) -> list[Path]:
    return [path] if path.is_file() else sorted(path.glob("*.xml"))


def iter_geo(path: Path, stats: ReadStats | None = None) -> Iterator[GeoDoc]:
    """Stream the articles of a geoparsing XML file (or every `*.xml` in a directory)."""
    stats = stats if stats is not None else ReadStats()
    for file in xml_files(path):
        n = 0
        try:
            for _, elem in ET.iterparse(file, events=("end",)):
                if elem.tag != "article":
                    continue
                n += 1
                doc = parse_article(elem, f"{file.stem}:{n}", stats)
                elem.clear()  # streaming: drop the subtree once read
                if doc.text.strip():
                    yield doc
                else:
                    stats.skip(f"{doc.id}: empty text")
        except ET.ParseError as exc:
            stats.skip(f"{file}: XML error after article {n}: {exc}")


def resolution_error_km(place: Place | None, lat: float, lon: float) -> float:
    if place is None or place.resolved is None:
        return MAX_ERROR_KM
    return min(haversine_km(place.resolved.lat, place.resolved.lon, lat, lon), MAX_ERROR_KM)


def auc_error(errors_km: Sequence[float]) -> float:
    """Gritta et al.'s AUC of log-scaled errors (0 best, 1 worst); 0.0 for no errors."""
    if not errors_km:
        return 0.0
    scaled = sorted(math.log1p(min(e, MAX_ERROR_KM)) / math.log(MAX_ERROR_KM) for e in errors_km)
    if len(scaled) == 1:
        return scaled[0]
    area = sum((a + b) / 2 for a, b in itertools.pairwise(scaled))
    return area / (len(scaled) - 1)


def resolution_scores(errors_km: Sequence[float]) -> dict[str, float]:
    if not errors_km:
        return {"acc_161km": 0.0, "median_km": 0.0, "auc_error": 0.0}
    return {
        "acc_161km": sum(e <= ACC_KM for e in errors_km) / len(errors_km),
        "median_km": float(statistics.median(errors_km)),
        "auc_error": auc_error(errors_km),
    }


def places_stage(analyzer: Analyzer) -> MentionResolver | None:
    for stage in analyzer.pipeline.stages:
        if stage.name == "places" and isinstance(stage, MentionResolver):
            return stage
    return None


def matching_place(places: Sequence[Place], start: int, end: int) -> Place | None:
    """The predicted place for a gold span: the one with exactly that span, else the one
    overlapping it most ('Donetsk' for a gold 'Donetsk region'); None when none overlaps."""
    best: Place | None = None
    best_overlap = 0
    for p in places:
        if (p.start, p.end) == (start, end):
            return p
        overlap = min(p.end, end) - max(p.start, start)
        if overlap > best_overlap:
            best, best_overlap = p, overlap
    return best


def counted_places(places: Sequence[Place], layout: str) -> list[Place]:
    """The predictions a corpus's guidelines can judge: GeoVirus annotates no demonyms
    ('Canadian'), so the demonyms `analyze` reports as places are neither right nor wrong
    there; LGL and GWN annotate them."""
    if layout in LAYOUTS_WITH_DEMONYMS:
        return list(places)
    return [p for p in places if p.resolution_note != DEMONYM_NOTE]


def evaluate(
    path: Path, analyzer: Analyzer, *, limit: int | None = None, fold: Fold | None = None
) -> Result:
    """Geoparse every article under `path` with `analyze`; score its places against the gold.

    Recognition scores `doc.places` as `analyze` outputs them. Resolution asks the places
    stage about each gold span in that same document (`acc_161km`, the contract metric);
    `analyze_*` scores `doc.places` alone, so a missed toponym counts as unresolved there.
    """
    began = time.perf_counter()
    stats = ReadStats()
    resolver = places_stage(analyzer)
    tp = n_pred = n_gold = n_docs = 0
    gold_errors: list[float] = []  # the places stage asked about each gold span
    errors: list[float] = []  # per gold toponym with coordinates: analyze's place, or none
    found_errors: list[float] = []  # the same, only where analyze has a place at the span
    for item in iter_geo(path, stats):
        if limit is not None and n_docs >= limit:
            break
        if not keeps(fold, item.id):
            continue
        doc = analyze_text(analyzer, item.text, item.id, stats)
        pred = {(p.start, p.end) for p in counted_places(doc.places, item.layout)}
        gold = {(t.start, t.end) for t in item.toponyms}
        tp, n_pred, n_gold = tp + len(pred & gold), n_pred + len(pred), n_gold + len(gold)
        for t in item.toponyms:
            if t.lat is None or t.lon is None:
                continue
            place = matching_place(doc.places, t.start, t.end)
            errors.append(resolution_error_km(place, t.lat, t.lon))
            if place is not None:
                found_errors.append(errors[-1])
            given = resolver.resolve_mention(doc, t.start, t.end) if resolver else place
            gold_errors.append(resolution_error_km(given, t.lat, t.lon))
        n_docs += 1

    precision, recall, f = prf(tp, n_pred, n_gold)
    result: Result = {"task": "geo", "ner_precision": precision, "ner_recall": recall, "ner_f1": f}
    result |= resolution_scores(gold_errors)
    result["n_resolved_toponyms"] = len(gold_errors)
    result |= {f"analyze_{k}": v for k, v in resolution_scores(errors).items()}
    found = resolution_scores(found_errors)
    result["found_acc_161km"] = found["acc_161km"]
    result["n_found_toponyms"] = len(found_errors)
    if resolver is None:
        result["note"] = "no 'places' stage with resolve_mention: gold spans scored as analyze's"
    result |= {
        "n_gold_toponyms": n_gold,
        "n_skipped": stats.skipped,
        "n_failed": stats.failed,
        "n_docs": n_docs,
        "seconds": round(time.perf_counter() - began, 3),
    }
    return result
