"""Word clusters: k-means classes of MiniLM word-type vectors (scripts/build_word_clusters.py)."""

from __future__ import annotations

import gzip
from functools import cache
from pathlib import Path

TABLE = Path(__file__).resolve().parent / "word_clusters.tsv.gz"
# Cluster counts of the table's columns, coarse to fine.
GRANULARITIES = (64, 512)


@cache
def load_word_clusters(path: Path = TABLE) -> dict[str, tuple[str, ...]]:
    """Lower-cased word -> its cluster ids, one per granularity, as strings (feature values)."""
    table: dict[str, tuple[str, ...]] = {}
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            word, *ids = line.rstrip("\n").split("\t")
            if len(ids) != len(GRANULARITIES):
                raise ValueError(f"{path}: {len(ids)} cluster ids for {word!r}")
            table[word] = tuple(ids)
    return table


def word_clusters(word: str, *fallbacks: str) -> tuple[str, ...] | None:
    """The cluster ids of `word` (lower-cased), else of the first fallback in the table."""
    table = load_word_clusters()
    for candidate in (word, *fallbacks):
        ids = table.get(candidate.lower())
        if ids is not None:
            return ids
    return None
