"""Precision audit of the places `analyze` outputs on news nobody annotated for places.

Usage: python scripts/places_audit.py [--data DIR] [--sample A|B|C] [--n 150] [--seed 12]
                                      [--judged FILE] [--out FILE]

LGL and GeoVirus score the places stage where annotators marked toponyms; on other news we
do not know how many of the places `analyze` outputs are wrong. This draws a fixed random
sample of political and conflict news (PolNeAR's train and dev texts, the PTC train
articles, under `--data`, the shared data folder), runs the stages `analyze` runs up to the
places (`language`, `places`: no later stage changes them) and prints every place: its
text, its context, its reading (name, feature class, country, admin1), the resolution note,
ACLED geo precision and the km from the reading to its country's point (a country or a
region far from anything is read at the country's point; a small town is not).

The pool is shuffled once with `--seed`; sample A is its first `--n` articles, sample B
the next `--n`, sample C the `--n` after B. A was read while designing rules, B and C only
to judge them after (issue 12's acceptance rule; C for the world-cities rules, dumped
before they were designed and read only once they were frozen): keep them apart.

Judging is a reader's: `--judged FILE` takes a TSV of verdicts (`doc`, `start`, `end`,
`text`, `verdict`: right, wrong (a real place read as another), not (no place at all); a
fourth column may name a class) and prints the counts by verdict and class, and the places
of the run nobody judged yet. `--out` writes the dump as JSON lines.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
from collections import Counter
from pathlib import Path
from typing import Any

from claimscope.cli import EVAL_STAGES
from claimscope.config import Settings
from claimscope.eval.geo import haversine_km, places_stage
from claimscope.eval.report import ReadStats
from claimscope.pipeline import Analyzer
from claimscope.stages.places import PlacesStage

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
GLOBS = ("attribution/polnear/data/*/text/*.txt",
         "propaganda/ptc2020-train/train-articles/*.txt")
CONTEXT = 70
VERDICTS = ("right", "wrong", "not")
SAMPLES = ("A", "B", "C")


def pool(data: Path) -> list[Path]:
    """Every article of the audit's corpora, in a fixed order."""
    return sorted(p for pattern in GLOBS for p in data.glob(pattern))


def sample(data: Path, which: str, n: int, seed: int) -> list[Path]:
    paths = pool(data)
    random.Random(seed).shuffle(paths)
    first = SAMPLES.index(which) * n
    return paths[first:first + n]


def doc_id(path: Path, data: Path) -> str:
    return str(path.relative_to(data))


def rows(paths: list[Path], data: Path) -> list[dict[str, Any]]:
    analyzer = Analyzer(Settings(stages=EVAL_STAGES["geo"]))
    stage = places_stage(analyzer)
    if not isinstance(stage, PlacesStage):
        raise SystemExit("no places stage")
    stats = ReadStats()
    out: list[dict[str, Any]] = []
    for path in paths:
        # As `claimscope analyze FILE` reads it: the format detected, the title line apart.
        raw = path.read_bytes()
        try:
            doc = analyzer.analyze(raw, source_name=path.name)
        except Exception as exc:  # an unreadable article is counted, not fatal
            stats.failed += 1
            print(f"# {doc_id(path, data)}: failed: {exc}")
            continue
        for p in doc.places:
            r = p.resolved
            km = None
            if r is not None and r.country_code:
                country = stage.gazetteer.country(r.country_code)
                if country is not None:
                    km = round(haversine_km(r.lat, r.lon, country.lat, country.lon))
            context = (doc.text[max(0, p.start - CONTEXT):p.start] + "[[" + p.text + "]]"
                       + doc.text[p.end:p.end + CONTEXT]).replace("\n", " ")
            out.append({
                "doc": doc_id(path, data), "start": p.start, "end": p.end, "text": p.text,
                "reading": None if r is None else {
                    "name": r.name, "fclass": r.feature_class, "country": r.country_code,
                    "admin1": r.admin1},
                "note": p.resolution_note, "precision": p.geo_precision, "km": km,
                "context": context,
            })
    return out


def load_judged(path: Path) -> dict[tuple[str, int, int, str], tuple[str, str]]:
    judged: dict[tuple[str, int, int, str], tuple[str, str]] = {}
    with path.open(encoding="utf-8") as fh:
        for line in csv.reader(fh, delimiter="\t"):
            if not line or line[0].startswith("#"):
                continue
            doc, start, end, text, verdict = line[:5]
            if verdict not in VERDICTS:
                raise SystemExit(f"{path}: unknown verdict {verdict!r}")
            judged[(doc, int(start), int(end), text)] = (verdict, line[5] if len(line) > 5
                                                         else "")
    return judged


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--sample", choices=SAMPLES, default="A")
    parser.add_argument("--n", type=int, default=150)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--judged", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    paths = sample(args.data, args.sample, args.n, args.seed)
    found = rows(paths, args.data)
    judged = load_judged(args.judged) if args.judged else {}
    verdicts: Counter[str] = Counter()
    classes: Counter[tuple[str, str]] = Counter()
    unjudged = 0
    for row in found:
        r = row["reading"]
        reading = "-" if r is None else f"{r['name']}|{r['fclass']}|{r['country']}|{r['admin1']}"
        verdict = judged.get((row["doc"], row["start"], row["end"], row["text"]))
        if verdict is None:
            unjudged += 1
        else:
            verdicts[verdict[0]] += 1
            classes[verdict] += 1
        mark = verdict[0] if verdict else "?"
        print("\t".join([mark, row["doc"], str(row["start"]), str(row["end"]), row["text"],
                         reading, str(row["note"]), str(row["precision"]), str(row["km"]),
                         row["context"]]))
    if args.out is not None:
        with args.out.open("w", encoding="utf-8") as fh:
            for row in found:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"# sample {args.sample} (seed {args.seed}, {len(paths)} articles): "
          f"{len(found)} places, {len({row['doc'] for row in found})} articles with places")
    notes = Counter(str(row["note"]) for row in found)
    print("# by note: " + ", ".join(f"{k} {v}" for k, v in notes.most_common()))
    if judged:
        total = sum(verdicts.values())
        print(f"# judged {total}, not judged {unjudged}: " + ", ".join(
            f"{v} {verdicts[v]} ({verdicts[v] / total:.1%})" for v in VERDICTS if total))
        for (verdict, kind), count in sorted(classes.items(), key=lambda kv: -kv[1]):
            if verdict != "right":
                print(f"#   {verdict:6} {count:4}  {kind or '-'}")


if __name__ == "__main__":
    main()
