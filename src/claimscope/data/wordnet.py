"""WordNet word classes (lexicographer files, "supersenses") of verbs and cue-like nouns.

The table `wordnet_classes.tsv` is built from Princeton WordNet 3.0 by
`scripts/build_wordnet_classes.py` (its licence heads the file): each one-word verb, and each
noun with a communication, cognition, feeling or motive sense, with the classes of its first
three senses, most frequent first. No WordNet reader is needed at run time.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

TABLE = Path(__file__).resolve().parent / "wordnet_classes.tsv"


@cache
def word_classes() -> dict[tuple[str, str], tuple[str, ...]]:
    """(lemma, "v" or "n") -> its classes ("communication", "cognition", ...), first sense first."""
    out: dict[tuple[str, str], tuple[str, ...]] = {}
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        lemma, pos, classes = line.split("\t")
        out[(lemma, pos)] = tuple(classes.split(","))
    return out
