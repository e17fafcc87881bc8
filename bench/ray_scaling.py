"""Ray engine scaling: documents/s with 1 and 2 workers, the ratio, and peak memory per worker.

Usage: python bench/ray_scaling.py [--docs N] [--shards S] [--stages a,b,...] [--json]

The corpus is N news articles from ../shared/data/geo/lgl.xml (local US news), or the
bundled examples under N distinct datelines when that file is absent, split round-robin into
S JSONL shards. In one run it starts a local Ray cluster (`ray.init(num_cpus=2)`) and runs
`ray_engine.run` on a fresh output directory with 1 and then 2 workers. It reports, per run,
documents/s end to end (actor start-up, which loads the pipeline, included) and in the
steady state (documents over the seconds spent inside shards, per worker core), the
2-worker/1-worker ratio, and the peak RSS of each worker (actor) process.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

import ray
from news_corpus import corpus_lines, corpus_name  # bench/ is the script directory

from claimscope.config import DEFAULT_STAGES, Settings
from claimscope.corpus import ray_engine


def measure(paths: list[Path], out: Path, settings: Settings, workers: int) -> dict[str, Any]:
    summary = ray_engine.run(paths, out, settings=settings, workers=workers)
    markers = [json.loads(p.read_text()) for p in (out / "_done").glob("*.json")]
    busy = sum(float(m["seconds"]) for m in markers)
    return {
        "docs_per_s": round(summary.documents / summary.seconds, 2),
        "steady_docs_per_s_per_worker": round(summary.documents / busy, 2),
        "seconds": round(summary.seconds, 1),
        "peak_rss_mb_per_worker": sorted(round(v) for v in summary.worker_peak_rss_mb.values()),
        "documents": summary.documents,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=96)
    parser.add_argument("--shards", type=int, default=8)
    parser.add_argument("--stages", default=",".join(DEFAULT_STAGES))
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    settings = Settings(stages=tuple(args.stages.split(",")))
    lines = corpus_lines(args.docs)
    ray.init(num_cpus=2, include_dashboard=False, logging_level=logging.ERROR, log_to_driver=False)
    ray.data.DataContext.get_current().enable_progress_bars = False
    try:
        with tempfile.TemporaryDirectory() as tmp:
            corpus = Path(tmp) / "corpus"
            corpus.mkdir()
            for s in range(args.shards):
                shard = lines[s :: args.shards]
                text = "".join(json.dumps(x) + "\n" for x in shard)
                (corpus / f"shard-{s:03d}.jsonl").write_text(text, encoding="utf-8")
            runs = {w: measure([corpus], Path(tmp) / f"out-{w}", settings, w) for w in (1, 2)}
    finally:
        ray.shutdown()
    report = {
        "documents": len(lines),
        "shards": args.shards,
        "corpus": corpus_name(),
        "stages": list(settings.stages),
        "cores": os.cpu_count(),
        "load_average_1min": round(os.getloadavg()[0], 2),
        "ray_1_worker": runs[1],
        "ray_2_workers": runs[2],
        "ratio_2_workers_vs_1": round(runs[2]["docs_per_s"] / runs[1]["docs_per_s"], 3),
        "steady_ratio_2_workers_vs_1": round(
            2 * runs[2]["steady_docs_per_s_per_worker"] / runs[1]["steady_docs_per_s_per_worker"],
            3,
        ),
        "peak_rss_mb_per_worker": max(
            max(r["peak_rss_mb_per_worker"], default=0) for r in runs.values()
        ),
    }
    if args.json:
        json.dump(report, sys.stdout)
        sys.stdout.write("\n")
    else:
        for key, value in report.items():
            print(f"{key:32} {value}")


if __name__ == "__main__":
    main()
