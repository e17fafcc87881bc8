"""Ingest throughput on one and two workers vs analysis alone, and store size per 1,000 articles.

Usage: python bench/ingest.py [--docs N] [--json]

The corpus is N news articles from ../shared/data/geo/lgl.xml (local US news) written as
JSON lines, or, when that file is absent, the bundled examples under N distinct datelines.
In one run it measures: analysis alone in this process (the baseline: no store, no
workers), `ingest` into a fresh SQLite store with 1 worker and with 2 workers, and reports
documents/s, the ratios against the baseline and 2 workers / 1 worker, and the database
size per 1,000 articles.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from news_corpus import corpus_lines, corpus_name  # bench/ is the script directory

from claimscope.config import Settings
from claimscope.corpus.batch import analyse_source, ingest
from claimscope.corpus.sources import RawDocument
from claimscope.pipeline import Analyzer
from claimscope.store import Store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=120)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    lines = corpus_lines(args.docs)
    settings = Settings()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        corpus.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")

        analyzer = Analyzer(settings)
        started = time.perf_counter()
        for i, line in enumerate(lines):
            analyse_source(analyzer, RawDocument(f"b#{i}", line["text"], None))
        baseline = len(lines) / (time.perf_counter() - started)

        rates: dict[int, float] = {}
        size_per_1000 = 0.0
        for workers in (1, 2):
            db = Path(tmp) / f"w{workers}.db"
            with Store(f"sqlite:///{db}") as store:
                started = time.perf_counter()
                summary = ingest([corpus], store, settings=settings, workers=workers)
                rates[workers] = summary.seen / (time.perf_counter() - started)
                stored = store.counts()["articles"]
            # Fold the write-ahead log in so the file size is the store's size.
            with sqlite3.connect(db) as conn:
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            size_per_1000 = db.stat().st_size / max(stored, 1) * 1000 / 1e6

    report = {
        "documents": len(lines),
        "corpus": corpus_name(),
        "cores": os.cpu_count(),
        "analysis_only_docs_per_s": round(baseline, 2),
        "ingest_1_worker_docs_per_s": round(rates[1], 2),
        "ingest_2_workers_docs_per_s": round(rates[2], 2),
        "ratio_1_worker_vs_analysis_only": round(rates[1] / baseline, 3),
        "ratio_2_workers_vs_1": round(rates[2] / rates[1], 3),
        "db_mb_per_1000_articles": round(size_per_1000, 1),
    }
    if args.json:
        json.dump(report, sys.stdout)
        sys.stdout.write("\n")
    else:
        for key, value in report.items():
            print(f"{key:36} {value}")


if __name__ == "__main__":
    main()
