"""Near-duplicate articles: reposts, light edits and syndicated copies grouped as one report.

A repost (the example article is Global Research reposting South Front) carries the same
body under another masthead, often with a new title, a disclaimer and trimmed paragraphs.
Counting each copy as a report would inflate the number of reports and of events, GDELT's
best-known failure, so the store groups copies by the MinHash estimate of the Jaccard
similarity of their word shingles (datasketch) and links and counts each group once.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

NUM_PERM = 128
SHINGLE_WORDS = 5
# Estimated Jaccard of 5-word shingles above which two bodies are copies of one report.
# Light edits (a changed lead, a dropped paragraph, a new masthead) stay above 0.6;
# two outlets' own accounts of one incident share far fewer 5-word runs.
THRESHOLD = 0.6
# LSH finds candidates from a lower bar, so that pairs just above THRESHOLD are not missed
# by its banding; the estimate then decides.
CANDIDATE_THRESHOLD = 0.45
SEED = 1
SCHEME = "affine32"  # 32-bit hash values: half the bytes per stored signature

_WORD = re.compile(r"\w+", re.UNICODE)


def signature(text: str) -> LeanMinHash:
    """The MinHash of `text`'s lower-cased word shingles (the whole text when it is short)."""
    words = _WORD.findall(text.lower())
    if len(words) < SHINGLE_WORDS:
        shingles = [" ".join(words)]
    else:
        shingles = [
            " ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)
        ]
    sig = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
    sig.update_batch([s.encode("utf-8") for s in shingles])
    return LeanMinHash(sig)


def to_bytes(sig: LeanMinHash) -> bytes:
    """The hash values only: seed and size are this module's constants."""
    return np.asarray(sig.hashvalues, dtype=np.uint32).tobytes()


def from_bytes(raw: bytes) -> LeanMinHash:
    values = np.frombuffer(raw, dtype=np.uint32)
    return LeanMinHash(seed=SEED, hashvalues=values, scheme=SCHEME)


class RepostIndex:
    """Signatures of the canonical copy of every report seen so far, searchable by LSH."""

    def __init__(self) -> None:
        self._lsh = MinHashLSH(threshold=CANDIDATE_THRESHOLD, num_perm=NUM_PERM)
        self._signatures: dict[str, LeanMinHash] = {}

    def __len__(self) -> int:
        return len(self._signatures)

    def add(self, report_id: str, sig: LeanMinHash) -> None:
        if report_id not in self._signatures:
            self._lsh.insert(report_id, sig)
            self._signatures[report_id] = sig

    def match(self, sig: LeanMinHash) -> tuple[str, float] | None:
        """The most similar report at or above the threshold, with its estimated Jaccard."""
        best: tuple[str, float] | None = None
        for key in sorted(self._lsh.query(sig)):
            score = float(sig.jaccard(self._signatures[key]))
            if score >= THRESHOLD and (best is None or score > best[1]):
                best = (key, score)
        return best


def group_reposts(texts: Sequence[str]) -> list[list[int]]:
    """Indices of `texts` grouped into reports; the first of each group is its canonical copy."""
    index = RepostIndex()
    groups: dict[str, list[int]] = {}
    for i, text in enumerate(texts):
        sig = signature(text)
        found = index.match(sig)
        if found is None:
            key = str(i)
            index.add(key, sig)
            groups[key] = [i]
        else:
            groups[found[0]].append(i)
    return list(groups.values())
