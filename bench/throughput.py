"""Throughput of the full analysis vs spaCy's small English pipeline alone, in one process.

Usage: python bench/throughput.py [DIR ...] [--repeat N] [--json]

Reads every article file under the given directories (default: examples/), runs the bare
spaCy pipeline (the floor every peer pays) and claimscope's full analysis over the same
texts, alternating rounds so that both see the same machine state, and reports
articles/s on one core, the ratio claimscope / spaCy, and the process's peak RSS.
The ratio is also given in CPU time, which other jobs on a shared machine disturb less
than wall time.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

import spacy

from claimscope.cli import expand_inputs
from claimscope.config import Settings
from claimscope.pipeline import Analyzer

ROOT = Path(__file__).resolve().parent.parent


def peak_rss_mb() -> float:
    # ru_maxrss is KiB on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dirs", nargs="*", default=[str(ROOT / "examples")])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    names = [n for n in expand_inputs(args.dirs) if Path(n).name != "README.md"]
    raws = [(name, Path(name).read_bytes()) for name in names]
    analyzer = Analyzer(Settings())
    docs = [analyzer.analyze(raw, source_name=name) for name, raw in raws]  # warm-up
    texts = [doc.text for doc in docs]
    nlp = spacy.load(Settings().spacy_model)
    list(nlp.pipe(texts))  # warm-up
    rss_after_load = peak_rss_mb()

    spacy_seconds = full_seconds = spacy_cpu = full_cpu = 0.0
    for _ in range(args.repeat):
        started, cpu = time.perf_counter(), time.process_time()
        for text in texts:
            nlp(text)
        spacy_seconds += time.perf_counter() - started
        spacy_cpu += time.process_time() - cpu
        started, cpu = time.perf_counter(), time.process_time()
        for name, raw in raws:
            analyzer.analyze(raw, source_name=name)
        full_seconds += time.perf_counter() - started
        full_cpu += time.process_time() - cpu

    n = len(texts) * args.repeat
    chars = sum(len(t) for t in texts)
    result = {
        "articles": len(texts),
        "mean_chars": round(chars / max(len(texts), 1)),
        "repeat": args.repeat,
        "spacy_sm_articles_per_s": round(n / spacy_seconds, 2),
        "claimscope_articles_per_s": round(n / full_seconds, 2),
        "ratio_vs_spacy_sm": round(spacy_seconds / full_seconds, 3),
        "ratio_vs_spacy_sm_cpu": round(spacy_cpu / full_cpu, 3),
        "peak_rss_mb_after_load": round(rss_after_load, 1),
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }
    if args.json:
        json.dump(result, sys.stdout)
        sys.stdout.write("\n")
        return
    print(
        f"{len(texts)} articles (mean {result['mean_chars']} chars) "
        f"x {args.repeat} rounds, one core"
    )
    print(f"  spaCy en_core_web_sm alone : {result['spacy_sm_articles_per_s']:8.2f} articles/s")
    print(f"  claimscope full analysis   : {result['claimscope_articles_per_s']:8.2f} articles/s")
    print(f"  ratio (claimscope / spaCy) : {result['ratio_vs_spacy_sm']:8.3f}  (budget >= 0.5)")
    print(f"  the same in CPU time       : {result['ratio_vs_spacy_sm_cpu']:8.3f}")
    print(f"  peak RSS                   : {result['peak_rss_mb']:8.1f} MB")


if __name__ == "__main__":
    main()
