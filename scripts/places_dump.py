"""Dump the places `analyze` reads in the event corpora's texts, for before/after diffs.

Usage: python scripts/places_dump.py [--data ../shared/data] > places.tsv

The geo corpora (LGL, GeoVirus) are what geo rules are tuned and scored on; the event
corpora's texts (WikiEvents dev, CASE 2021 dev snippets, MUC-4 dev) are global conflict
news nobody tuned geo on. Run this in two trees and diff the outputs (`diff <(cut -f1-6
a.tsv) <(cut -f1-6 b.tsv)`) to see, and judge by hand, every place a change moved. One line
per place: corpus:document, start, end, text, reading (name, country, admin1), note, and
some context.
"""

from __future__ import annotations

import argparse
import csv
import json
from collections.abc import Iterator
from pathlib import Path

from claimscope.cli import EVAL_STAGES
from claimscope.config import Settings
from claimscope.pipeline import Analyzer

ROOT = Path(__file__).resolve().parent.parent
CONTEXT = 50


def texts(data: Path) -> Iterator[tuple[str, str]]:
    """(name, text) of every document of the three event corpora, in file order."""
    with (data / "events/wikievents/dev.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            # WikiEvents ships tokens only: rejoin them as a writer would have.
            text = " ".join(d["tokens"]).replace(" ,", ",").replace(" .", ".")
            yield "we:" + d["doc_id"], text.replace(" \u2019 s", "\u2019s")
    with (data / "events/case2021-task2/dev.tsv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            yield "case:" + row["id"], row["EventSnippet"]
    with (data / "events/muc4/dev.json").open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                d = json.loads(line)
                yield "muc:" + d["docid"], d["doctext"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args()
    analyzer = Analyzer(Settings(stages=EVAL_STAGES["geo"]))
    for name, text in texts(args.data):
        doc = analyzer.analyze(text, source_name=name, fmt="text", published=None, url=None)
        for p in doc.places:
            r = p.resolved
            reading = "-" if r is None else f"{r.name}|{r.country_code}|{r.admin1}"
            context = text[max(0, p.start - CONTEXT):p.end + CONTEXT].replace("\n", " ")
            print(name, p.start, p.end, p.text, reading, p.resolution_note, context, sep="\t")


if __name__ == "__main__":
    main()
