"""Throughput of the full analysis vs spaCy's small English pipeline alone, in one process.

Usage: python bench/throughput.py [DIR ...] [--repeat N] [--profile NAME ...] [--json]

Reads every article file under the given directories (default: examples/), runs the bare
spaCy pipeline (the floor every peer pays) and claimscope's full analysis in each profile
(default: every profile) over the same texts, alternating rounds so that all see the same
machine state, and reports articles/s on one core, the ratio claimscope / spaCy per profile
against its budget, and the process's peak RSS. The ratio is also given in CPU time, which
other jobs on a shared machine disturb less than wall time.
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
from claimscope.config import PROFILES, Settings
from claimscope.pipeline import Analyzer

ROOT = Path(__file__).resolve().parent.parent
# The slowest each profile may be, as a share of bare spaCy's articles/s (issue 12).
BUDGETS = {"default": 0.5, "accurate": 0.2}


def peak_rss_mb() -> float:
    # ru_maxrss is KiB on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dirs", nargs="*", default=[str(ROOT / "examples")])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--profile", action="append", choices=sorted(PROFILES))
    args = parser.parse_args()
    profiles: list[str] = args.profile or list(PROFILES)

    names = [n for n in expand_inputs(args.dirs) if Path(n).name != "README.md"]
    raws = [(name, Path(name).read_bytes()) for name in names]
    analyzers = {p: Analyzer(Settings(profile=p)) for p in profiles}
    for analyzer in analyzers.values():
        docs = [analyzer.analyze(raw, source_name=name) for name, raw in raws]  # warm-up
    texts = [doc.text for doc in docs]
    nlp = spacy.load(Settings().spacy_model)
    list(nlp.pipe(texts))  # warm-up
    rss_after_load = peak_rss_mb()

    spacy_seconds = spacy_cpu = 0.0
    seconds = dict.fromkeys(profiles, 0.0)
    cpu_seconds = dict.fromkeys(profiles, 0.0)
    for _ in range(args.repeat):
        started, cpu = time.perf_counter(), time.process_time()
        for text in texts:
            nlp(text)
        spacy_seconds += time.perf_counter() - started
        spacy_cpu += time.process_time() - cpu
        for profile, analyzer in analyzers.items():
            started, cpu = time.perf_counter(), time.process_time()
            for name, raw in raws:
                analyzer.analyze(raw, source_name=name)
            seconds[profile] += time.perf_counter() - started
            cpu_seconds[profile] += time.process_time() - cpu

    n = len(texts) * args.repeat
    chars = sum(len(t) for t in texts)
    result: dict[str, object] = {
        "articles": len(texts),
        "mean_chars": round(chars / max(len(texts), 1)),
        "repeat": args.repeat,
        "spacy_sm_articles_per_s": round(n / spacy_seconds, 2),
    }
    for profile in profiles:
        result[f"{profile}_articles_per_s"] = round(n / seconds[profile], 2)
        result[f"{profile}_ratio_vs_spacy_sm"] = round(spacy_seconds / seconds[profile], 3)
        result[f"{profile}_ratio_vs_spacy_sm_cpu"] = round(spacy_cpu / cpu_seconds[profile], 3)
    result["peak_rss_mb_after_load"] = round(rss_after_load, 1)
    result["peak_rss_mb"] = round(peak_rss_mb(), 1)
    if args.json:
        json.dump(result, sys.stdout)
        sys.stdout.write("\n")
        return
    print(
        f"{len(texts)} articles (mean {result['mean_chars']} chars) "
        f"x {args.repeat} rounds, one core"
    )
    print(f"  spaCy en_core_web_sm alone : {result['spacy_sm_articles_per_s']:8.2f} articles/s")
    for profile in profiles:
        label = f"claimscope, {profile}"
        print(
            f"  {label:<27}: {result[f'{profile}_articles_per_s']:8.2f} articles/s"
            f"  ratio {result[f'{profile}_ratio_vs_spacy_sm']:.3f}"
            f" (CPU {result[f'{profile}_ratio_vs_spacy_sm_cpu']:.3f}; budget >= "
            f"{BUDGETS.get(profile, 0.0)})"
        )
    print(f"  {'peak RSS (all profiles)':<27}: {result['peak_rss_mb']:8.1f} MB")


if __name__ == "__main__":
    main()
