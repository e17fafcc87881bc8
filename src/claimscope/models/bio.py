"""Decoding per-token label probabilities into the best well-formed BIO label path."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

import numpy as np

_IMPOSSIBLE = -1e9


@cache
def _constraints(labels: tuple[str, ...]) -> tuple[Any, Any]:
    """(transition penalties, first-label penalties): an I- label only continues a span of
    its own role, and no path starts inside a span."""
    allowed = np.ones((len(labels), len(labels)), dtype=bool)
    for b, label in enumerate(labels):
        if label.startswith("I-"):
            allowed[:, b] = [other[2:] == label[2:] for other in labels]
    first = np.array([_IMPOSSIBLE if label.startswith("I-") else 0.0 for label in labels])
    return np.where(allowed, 0.0, _IMPOSSIBLE), first


def viterbi(probs: Any, labels: Sequence[str]) -> list[str]:
    """The best well-formed BIO path under per-token probabilities (n x `labels`): the product
    of the chosen probabilities, with no transition scores beyond the BIO constraint."""
    if len(probs) == 0:
        return []
    labels = tuple(labels)
    penalty, first = _constraints(labels)
    logp = np.log(np.clip(probs, 1e-9, 1.0))
    score = first + logp[0]
    back = np.zeros((len(probs), len(labels)), dtype=np.int64)
    for i in range(1, len(probs)):
        total = score[:, None] + penalty
        back[i] = total.argmax(0)
        score = total.max(0) + logp[i]
    best = [int(score.argmax())]
    for i in range(len(probs) - 1, 0, -1):
        best.append(int(back[i, best[-1]]))
    return [labels[k] for k in reversed(best)]
