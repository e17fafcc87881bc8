"""`claimscope eval TASK PATH --cv K`: the same scorer on K disjoint folds of the documents.

Nothing is refitted per fold: every rule, model and threshold stays as shipped (frozen), so
each fold is a fresh sample of the same kind of news scored the same way. The spread of a
metric over the folds says how far a dev figure can move on documents of that corpus the
rules were not written against, and the lowest fold is the figure to expect on a bad draw.
A document's fold depends only on its id (`Fold.keeps`), so the folds are the same on every
run, machine and code version.
"""

from __future__ import annotations

import hashlib
import math
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from claimscope.eval.report import Result

# Counts and timings add up over the folds; every other number is a score to spread.
SUMMED_PREFIXES = ("n_",)
SUMMED_KEYS = frozenset({"seconds"})


@dataclass(frozen=True, slots=True)
class Fold:
    """Fold `index` of `k`: the documents whose id hashes to `index`."""

    index: int
    k: int

    def __post_init__(self) -> None:
        if self.k < 2 or not 0 <= self.index < self.k:
            raise ValueError(f"fold {self.index} of {self.k}: need k >= 2 and 0 <= index < k")

    def keeps(self, doc_id: str) -> bool:
        digest = hashlib.sha256(f"cv:{doc_id}".encode()).hexdigest()
        return int(digest[:8], 16) % self.k == self.index


def keeps(fold: Fold | None, doc_id: str) -> bool:
    """Whether an evaluation restricted to `fold` (None: every document) scores `doc_id`."""
    return fold is None or fold.keeps(doc_id)


def summarise(task: str, folds: Sequence[Result]) -> Result:
    """One result from per-fold results: each score's mean, standard deviation, lowest and
    highest fold, and a 95 % interval of the mean (t over the folds); counts summed."""
    k = len(folds)
    result: Result = {"task": task, "cv_folds": k}
    keys = [key for key, value in folds[0].items() if isinstance(value, int | float)]
    for key in keys:
        values = [float(fold[key]) for fold in folds if isinstance(fold.get(key), int | float)]
        if key in SUMMED_KEYS or key.startswith(SUMMED_PREFIXES):
            total = math.fsum(values)
            result[key] = int(total) if total.is_integer() else round(total, 3)
            continue
        mean = statistics.fmean(values)
        spread = statistics.stdev(values) if len(values) > 1 else 0.0
        result[f"{key}_mean"] = mean
        result[f"{key}_std"] = spread
        result[f"{key}_min"] = min(values)
        result[f"{key}_max"] = max(values)
        result[f"{key}_ci95"] = _t95(len(values)) * spread / math.sqrt(len(values))
    return result


def cross_validate(
    evaluate: Callable[..., Result], path: Any, subject: Any, *, k: int, limit: int | None
) -> Result:
    """Run `evaluate` once per fold (each document is analysed once in all) and summarise."""
    folds = [evaluate(path, subject, limit=limit, fold=Fold(i, k)) for i in range(k)]
    return summarise(str(folds[0].get("task", "")), folds)


def _t95(n: int) -> float:
    """Two-sided 95 % Student t quantile for n - 1 degrees of freedom (n folds)."""
    from scipy.stats import t

    return float(t.ppf(0.975, max(n - 1, 1)))
