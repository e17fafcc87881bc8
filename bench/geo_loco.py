"""Leave-one-corpus-out figures for geoparsing: every corpus side by side, tuned vs unseen.

Usage: python bench/geo_loco.py [XML ...] [--tuned-on NAME] [--json]

Runs `claimscope eval geo` (the same `evaluate`, the same analyzer) on each file (default:
LGL, GeoVirus and the GWN sample in ../shared/data/geo) and prints one column per corpus.
The places stage has no trained weights: its rules and constants are tuned by hand on a
dev corpus. `--tuned-on` names the corpus a change was tuned on (a file stem, e.g. `lgl`);
the other columns are then the estimate of unseen data, and their mean is printed as
`unseen mean`. A change that raises the tuned column but not the unseen ones is no
improvement. LGL is local US news, GeoVirus global news on disease outbreaks (the closest to
GWN and TR-News), the GWN sample one article (a smoke check, not a figure).
"""

from __future__ import annotations

import argparse
import json
import statistics
from pathlib import Path

from claimscope.cli import EVAL_STAGES
from claimscope.config import Settings
from claimscope.eval.geo import evaluate
from claimscope.pipeline import Analyzer

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "geo"
DEFAULT = ("lgl.xml", "GeoVirus.xml", "gwn-format-sample.xml")
METRICS = ("acc_161km", "median_km", "auc_error", "analyze_acc_161km", "found_acc_161km",
           "analyze_median_km", "analyze_auc_error", "ner_precision", "ner_recall",
           "ner_f1", "n_resolved_toponyms", "n_docs")
# Corpora too small to be an estimate: shown, not averaged.
MIN_TOPONYMS = 50


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path,
                        default=[DATA / name for name in DEFAULT])
    parser.add_argument("--tuned-on", default=None,
                        help="The stem of the corpus the rules were tuned on (e.g. lgl).")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    analyzer = Analyzer(Settings(stages=EVAL_STAGES["geo"]))
    results = {f.stem: evaluate(f, analyzer, limit=args.limit) for f in args.files}
    tuned = (args.tuned_on or "").lower()
    unseen = [name for name, r in results.items()
              if name.lower() != tuned and int(r["n_resolved_toponyms"]) >= MIN_TOPONYMS]
    if args.json:
        print(json.dumps({"tuned_on": args.tuned_on, "unseen": unseen, "results": results},
                         indent=2))
        return
    names = list(results)
    label = {n: n + (" (tuned)" if n.lower() == tuned else " (unseen)" if tuned else "")
             for n in names}
    width = max(14, *(len(v) + 2 for v in label.values()))
    print(f"{'metric':22}" + "".join(f"{label[n]:>{width}}" for n in names)
          + (f"{'unseen mean':>{width}}" if tuned and unseen else ""))
    for key in METRICS:
        cells = []
        for n in names:
            value = results[n].get(key)
            cells.append(f"{value:>{width}.4f}" if isinstance(value, float)
                         else f"{value!s:>{width}}")
        line = f"{key:22}" + "".join(cells)
        if tuned and unseen and all(isinstance(results[n].get(key), float) for n in unseen):
            mean = statistics.fmean(float(results[n][key]) for n in unseen)
            line += f"{mean:>{width}.4f}"
        print(line)


if __name__ == "__main__":
    main()
