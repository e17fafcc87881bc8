"""A lexical word model for span identification, read beside the encoder's word probabilities.

The 2-layer encoder's word probabilities limit SI (half of its predicted spans touch no
gold). A per-word logistic regression over what a word and its neighbours *are* — hashed
lower-cased word and crude-stem uni- and bigrams of the word and its ±2 neighbours, its
shape, and per-word versions of the span cues (`claimscope.rhetoric_cues`: inside quotes,
all-caps, `!`/`?` in the sentence, first-plural/second person, position in the line, title
line) — gives a second opinion, and the decoder reads

    sigmoid(a · logit(p_encoder) + b · logit(p_lexical) + c)

(`LexicalMix`). The shipped mix keeps the encoder's scale (a = 1) and adds a small dose b
of the lexical logit centred on its train-side mean (c = -b · mean), so that the decoding
thresholds and the span trimmer chosen for the encoder still fit; a mix fitted freely
(logistic regression on the 30 tune articles) recalibrated the probabilities and lost SI F1
(see the model card). Every feature is a binary term hashed with CRC-32 into `LEX_HASH_DIM`
buckets, so run time is a sum of weights per word (numpy only; the weights live in
`heads.npz` → `si_lex`, the mix in `meta.json` → `si_lexical`).
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from typing import Protocol

import numpy as np
import numpy.typing as npt

LEX_HASH_DIM = 1 << 17
# The sentence's (stemmed) words are terms of each of its words too: with them the lexical
# model's out-of-fold word AUC is 0.715 against 0.705 (scripts/rhetoric_lexical_explore.py).
SENTENCE_WORDS = True
QUOTES_OPEN = frozenset("“‘«")
QUOTES_CLOSE = frozenset("”’»")
FIRST_PLURAL = frozenset({"we", "us", "our", "ours", "ourselves"})
SECOND_PERSON = frozenset({"you", "your", "yours", "yourself", "yourselves"})
SUFFIXES = ("ings", "ing", "edly", "ed", "ies", "es", "s", "ly")
FloatArray = npt.NDArray[np.float32]


class _Word(Protocol):
    @property
    def text(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


@dataclass(frozen=True, slots=True)
class LexicalMix:
    """The lexical model's weights (`weights`: one per hash bucket, `bias`) and the mix
    `a · logit(p_encoder) + b · logit(p_lexical) + c`."""

    weights: FloatArray
    bias: float
    a: float
    b: float
    c: float
    max_logit: float = math.inf  # the highest lexical logit seen on the training words

    def floor(self, low: float) -> float:
        """The encoder probability under which no word can reach `low` once mixed (with a
        lexical logit at most `max_logit`): sentences below it need no lexical terms."""
        if self.a <= 0 or math.isinf(self.max_logit):
            return 0.0
        target = math.log(low / (1 - low)) - self.b * self.max_logit - self.c
        return 1.0 / (1.0 + math.exp(-target / self.a))


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A crude lemma: the lower-cased word without one common inflectional suffix."""
    for suffix in SUFFIXES:
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


@lru_cache(maxsize=1 << 16)
def shape(word: str) -> str:
    if word.isdigit():
        return "d"
    if not word[0].isalnum():
        return word if len(word) == 1 else "p"
    if len(word) > 1 and word.isupper():
        return "X"
    return "Xx" if word[0].isupper() else "x"


def word_terms(
    text: str, sent: Sequence[_Word], line_start: int
) -> tuple[list[list[str]], list[str]]:
    """The binary terms of sentence `sent` (`line_start`: where its line starts): each word's
    own, and those every word of the sentence shares (its weight sum is computed once)."""
    n = len(sent)
    low = [t.text.lower() for t in sent]
    stems = [stem(w) for w in low]
    pad = ["<s>", "<s>", *low, "</s>", "</s>"]
    spad = ["<s>", "<s>", *stems, "</s>", "</s>"]
    shared = []
    if "!" in low:
        shared.append("c:excl")
    if "?" in low:
        shared.append("c:quest")
    if FIRST_PLURAL.intersection(low):
        shared.append("c:we")
    if SECOND_PERSON.intersection(low):
        shared.append("c:you")
    if line_start == 0:
        shared.append("c:title")
    shared.append(f"c:len{min(n.bit_length(), 7)}")
    if SENTENCE_WORDS:
        # The sentence's words as context (propaganda spans are often whole clauses).
        shared += sorted({f"sw:{w}" for w in stems if w[0].isalnum()})
    out: list[list[str]] = []
    quoted = False
    straight = 0
    for j, t in enumerate(sent):
        k = j + 2
        w = t.text
        terms = [
            f"w0:{pad[k]}",
            f"w-1:{pad[k - 1]}",
            f"w+1:{pad[k + 1]}",
            f"w-2:{pad[k - 2]}",
            f"w+2:{pad[k + 2]}",
            f"s0:{spad[k]}",
            f"s-1:{spad[k - 1]}",
            f"s+1:{spad[k + 1]}",
            f"b-:{pad[k - 1]} {pad[k]}",
            f"b+:{pad[k]} {pad[k + 1]}",
            f"b--:{pad[k - 2]} {pad[k - 1]}",
            f"b++:{pad[k + 1]} {pad[k + 2]}",
            f"sh:{shape(w)}",
            f"sh2:{shape(pad[k - 1]) if j else '<s>'} {shape(w)}",
            f"pos:{min(4, 5 * j // n)}",
        ]
        if quoted or straight % 2:
            terms.append("c:quoted")
        if len(w) > 1 and w.isupper() and not w.isdigit():
            terms.append("c:caps")
        if low[j] in FIRST_PLURAL:
            terms.append("c:we0")
        if low[j] in SECOND_PERSON:
            terms.append("c:you0")
        out.append(terms)
        # Quote state for the next word: curly quotes open and close, straight ones toggle.
        if w in QUOTES_OPEN:
            quoted = True
        elif w in QUOTES_CLOSE and w != "’":
            quoted = False
        elif w == '"':
            straight += 1
    return out, shared


def buckets(terms: Sequence[str], cache: dict[str, int]) -> list[int]:
    """Hash buckets of `terms`, CRC-32 computed once per distinct term (`cache`)."""
    try:
        return [cache[term] for term in terms]
    except KeyError:
        for term in terms:
            if term not in cache:
                cache[term] = zlib.crc32(term.encode("utf-8")) % LEX_HASH_DIM
        return [cache[term] for term in terms]


def line_start(text: str, at: int) -> int:
    return text.rfind("\n", 0, at) + 1


def sentence_buckets(
    text: str, sent: Sequence[_Word], cache: dict[str, int]
) -> tuple[list[list[int]], list[int]]:
    """Hash buckets of each word's own terms and of the sentence's shared terms (`cache` maps
    terms already hashed); a word's features are its own buckets plus the shared ones."""
    own, shared = word_terms(text, sent, line_start(text, sent[0].start))
    return [buckets(t, cache) for t in own], buckets(shared, cache)


def lexical_logits(
    mix: LexicalMix, rows: Sequence[Sequence[int]], shared: Sequence[int] = ()
) -> FloatArray:
    """The lexical model's logit of each word, given each word's own buckets and the
    buckets all of them share."""
    if not rows:
        return np.zeros(0, dtype=np.float32)
    lengths = np.array([len(r) for r in rows], dtype=np.int64)
    flat = np.array(list(chain.from_iterable(rows)), dtype=np.int64)
    sums = np.add.reduceat(mix.weights[flat], np.r_[0, np.cumsum(lengths)[:-1]])
    common = float(mix.weights[list(shared)].sum()) if shared else 0.0
    out: FloatArray = (sums + (mix.bias + common)).astype(np.float32)
    return out


def mixed(mix: LexicalMix, p_encoder: FloatArray, lex_logit: FloatArray) -> FloatArray:
    """sigmoid(a · logit(p_encoder) + b · lexical logit + c)."""
    p = np.clip(p_encoder.astype(np.float64), 1e-6, 1 - 1e-6)
    z = mix.a * np.log(p / (1 - p)) + mix.b * lex_logit + mix.c
    out: FloatArray = (1.0 / (1.0 + np.exp(-z))).astype(np.float32)
    return out
