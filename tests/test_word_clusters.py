"""The word-cluster table: its shape, case-insensitive look-up and fallbacks."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from claimscope.data.word_clusters import (
    GRANULARITIES,
    TABLE,
    load_word_clusters,
    word_clusters,
)


def test_table_covers_the_vocabulary_with_ids_in_range() -> None:
    table = load_word_clusters()
    assert len(table) > 20_000
    assert TABLE.stat().st_size < 1_000_000
    for ids in table.values():
        assert len(ids) == len(GRANULARITIES)
        assert all(0 <= int(c) < k for c, k in zip(ids, GRANULARITIES, strict=True))
    # Every cluster is used: k-means leaves none empty.
    for col, k in enumerate(GRANULARITIES):
        assert len({ids[col] for ids in table.values()}) == k


def test_forms_of_one_verb_share_a_fine_cluster() -> None:
    believes, believed = word_clusters("believes"), word_clusters("believed")
    assert believes is not None and believed is not None
    assert believes[-1] == believed[-1]


def test_lookup_is_case_insensitive_and_falls_back() -> None:
    assert word_clusters("Said") == word_clusters("said") is not None
    assert word_clusters("qzxwv-not-a-word") is None
    assert word_clusters("qzxwv-not-a-word", "say") == word_clusters("say")


def test_a_malformed_table_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv.gz"
    with gzip.open(bad, "wt", encoding="utf-8") as out:
        out.write("word\t3\n")
    with pytest.raises(ValueError, match="cluster ids"):
        load_word_clusters(bad)
