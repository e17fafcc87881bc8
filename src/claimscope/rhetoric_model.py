"""The persuasion-technique model: tokens, features, and numpy-only span tagging and labelling.

Two linear heads share one feature vocabulary, hashed with CRC32 into a fixed number of
buckets so that training (scikit-learn) and inference (numpy) agree without storing a
vocabulary:

* the span head scores every token as inside/outside a propaganda span (SemEval-2020 T11
  subtask SI); runs of likely tokens become spans (`Decoding`);
* the technique head labels a span with one of the 14 SemEval-2020 T11 techniques (TC).

Weights live in `data/models/rhetoric/model.npz` (plain arrays, loaded with
`allow_pickle=False`) and `meta.json`; `claimscope.train.rhetoric` writes both.
"""

from __future__ import annotations

import itertools
import json
import re
import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

MODEL_DIR = Path(__file__).parent / "data" / "models" / "rhetoric"
MODEL_VERSION = 1

# SemEval-2020 Task 11 technique names, exactly as in the PTC labels.
TECHNIQUES: tuple[str, ...] = (
    "Appeal_to_Authority",
    "Appeal_to_fear-prejudice",
    "Bandwagon,Reductio_ad_hitlerum",
    "Black-and-White_Fallacy",
    "Causal_Oversimplification",
    "Doubt",
    "Exaggeration,Minimisation",
    "Flag-Waving",
    "Loaded_Language",
    "Name_Calling,Labeling",
    "Repetition",
    "Slogans",
    "Thought-terminating_Cliches",
    "Whataboutism,Straw_Men,Red_Herring",
)

# Contractions stay one token so that a lone apostrophe can be read as a quote mark.
TOKEN_RE = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]")
# PTC has one sentence per line; other inputs are split again at sentence punctuation.
SENTENCE_BREAK_RE = re.compile(r"(?<=[.!?])[\"”’']?\s+(?=[\"“‘'(\[]?[A-Z0-9])")
QUOTE_MARKS = frozenset({'"', "“", "”", "'", "‘", "’", "«", "»"})
# The PTC guidelines trim these from span edges (README of PTC v2, change 3).
EDGE_TRIM = frozenset({".", ",", ":", ";"})
FloatArray = npt.NDArray[np.float32]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int


def sentence_ranges(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Non-empty sentence-like stretches of `text[start:end]`: lines, split at sentence ends."""
    stop = len(text) if end is None else end
    out: list[tuple[int, int]] = []
    pos = start
    for line in text[start:stop].split("\n"):
        line_start, pos = pos, pos + len(line) + 1
        piece_start = 0
        for m in SENTENCE_BREAK_RE.finditer(line):
            out.append((line_start + piece_start, line_start + m.start()))
            piece_start = m.end()
        out.append((line_start + piece_start, line_start + len(line)))
    return [(s, e) for s, e in out if text[s:e].strip()]


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[list[Token]]:
    """Tokens of `text[start:end]`, grouped by sentence."""
    sentences: list[list[Token]] = []
    for s, e in sentence_ranges(text, start, end):
        toks = [Token(m.group(), s + m.start(), s + m.end()) for m in TOKEN_RE.finditer(text[s:e])]
        if toks:
            sentences.append(toks)
    return sentences


def _shape(word: str) -> str:
    if word.isdigit():
        return "d"
    if word.isupper() and len(word) > 1:
        return "XX"
    if word[:1].isupper():
        return "Xx"
    if word.isalpha() or "'" in word or "’" in word:
        return "x"
    return "p"


def _bucket(n: int) -> str:
    return str(n) if n < 4 else ("4-7" if n < 8 else ("8-15" if n < 16 else "16+"))


def quote_flags(tokens: Sequence[Token]) -> list[bool]:
    flags: list[bool] = []
    inside = False
    for tok in tokens:
        if tok.text in QUOTE_MARKS:
            inside = not inside
            flags.append(True)
        else:
            flags.append(inside)
    return flags


def doc_counts(sentences: Sequence[Sequence[Token]]) -> Counter[str]:
    return Counter(t.text.lower() for sent in sentences for t in sent)


def token_features(
    sent: Sequence[Token], quotes: Sequence[bool], counts: Counter[str], first_sentence: bool
) -> list[list[str]]:
    """Feature strings for every token of one sentence (span head)."""
    words = [t.text.lower() for t in sent]
    n = len(words)
    padded = ["<s2>", "<s1>", *words, "</s1>", "</s2>"]
    sent_feats = [f"len={_bucket(n)}"]
    if first_sentence:
        sent_feats.append("title")
    if "!" in words:
        sent_feats.append("sent!")
    if "?" in words:
        sent_feats.append("sent?")
    if any(quotes):
        sent_feats.append("sentq")
    out: list[list[str]] = []
    for i, tok in enumerate(sent):
        w = words[i]
        j = i + 2
        feats = [
            "b",
            f"w={w}",
            f"sh={_shape(tok.text)}",
            f"p3={w[:3]}",
            f"s3={w[-3:]}",
            f"w-1={padded[j - 1]}",
            f"w+1={padded[j + 1]}",
            f"w-2={padded[j - 2]}",
            f"w+2={padded[j + 2]}",
            f"b-={padded[j - 1]}|{w}",
            f"b+={w}|{padded[j + 1]}",
            f"pos={_bucket(i)}",
            f"rpos={_bucket(n - 1 - i)}",
            *sent_feats,
        ]
        if quotes[i]:
            feats.append("inq")
            feats.append(f"inq|w={w}")
        if len(w) > 3 and w.isalpha():
            feats.append(f"rep={_bucket(counts[w])}")
        out.append(feats)
    return out


def span_features(
    sent: Sequence[Token], lo: int, hi: int, quotes: Sequence[bool], counts: Counter[str], text: str
) -> list[str]:
    """Feature strings for the span of tokens `sent[lo:hi]` (technique head)."""
    words = [t.text.lower() for t in sent]
    inner = words[lo:hi]
    n = len(inner)
    feats = ["b", f"n={_bucket(n)}", f"first={inner[0]}", f"last={inner[-1]}"]
    feats += [f"u={w}" for w in inner]
    feats += [f"bi={a}|{b}" for a, b in itertools.pairwise(inner)]
    if n <= 4:
        feats.append(f"all={' '.join(inner)}")
    feats += [f"l={w}" for w in words[max(0, lo - 3) : lo]]
    feats += [f"r={w}" for w in words[hi : hi + 3]]
    feats.append(f"l1={words[lo - 1] if lo > 0 else '<s>'}")
    feats.append(f"r1={words[hi] if hi < len(words) else '</s>'}")
    feats.append(f"cover={_bucket(len(words) - n)}")
    if any(quotes[lo:hi]) or (lo > 0 and sent[lo - 1].text in QUOTE_MARKS):
        feats.append("quoted")
    feats += [f"sh={_shape(t.text)}" for t in sent[lo:hi]]
    phrase = text[sent[lo].start : sent[hi - 1].end].lower()
    content = [w for w in inner if len(w) > 3 and w.isalpha()]
    if content:
        feats.append(f"minrep={_bucket(min(counts[w] for w in content))}")
        feats.append(f"maxrep={_bucket(max(counts[w] for w in content))}")
    feats.append(f"phraserep={_bucket(text.lower().count(phrase))}")
    for mark in ("!", "?", '"', "“"):
        if mark in inner:
            feats.append(f"has{mark}")
    return feats


def hash_features(feats: Sequence[str], dim: int) -> IntArray:
    """Bucket indices of feature strings (CRC32 is stable across runs and platforms)."""
    mask = dim - 1
    return np.fromiter((zlib.crc32(f.encode("utf-8")) & mask for f in feats), np.int64, len(feats))


def _sigmoid(x: FloatArray) -> FloatArray:
    out: FloatArray = (1.0 / (1.0 + np.exp(-x))).astype(np.float32)
    return out


@dataclass(frozen=True, slots=True)
class ScoredSpan:
    start: int
    end: int
    score: float


class RhetoricModel:
    """Loaded weights of both heads; every method is pure given the weights."""

    def __init__(
        self,
        si_coef: FloatArray,
        si_bias: float,
        tc_coef: FloatArray,
        tc_bias: FloatArray,
        labels: Sequence[str],
        decoding: Decoding,
    ) -> None:
        if si_coef.ndim != 1 or tc_coef.ndim != 2 or tc_coef.shape[0] != len(labels):
            raise ValueError("rhetoric model: weight shapes do not match the labels")
        self.si_coef = si_coef
        self.si_bias = si_bias
        self.tc_coef = tc_coef
        self.tc_bias = tc_bias
        self.labels = tuple(labels)
        self.decoding = decoding
        self.si_dim = int(si_coef.shape[0])
        self.tc_dim = int(tc_coef.shape[1])

    @classmethod
    def load(cls, path: Path = MODEL_DIR) -> RhetoricModel:
        meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
        if meta.get("version") != MODEL_VERSION:
            raise ValueError(f"rhetoric model version {meta.get('version')} != {MODEL_VERSION}")
        with np.load(path / "model.npz", allow_pickle=False) as arrays:
            return cls(
                si_coef=arrays["si_coef"].astype(np.float32),
                si_bias=float(arrays["si_bias"]),
                tc_coef=arrays["tc_coef"].astype(np.float32),
                tc_bias=arrays["tc_bias"].astype(np.float32),
                labels=meta["labels"],
                decoding=Decoding(**meta["decoding"]),
            )

    def save(self, path: Path, extra_meta: dict[str, object] | None = None) -> None:
        path.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(
            path / "model.npz",
            si_coef=self.si_coef.astype(np.float16),
            si_bias=np.float32(self.si_bias),
            tc_coef=self.tc_coef.astype(np.float16),
            tc_bias=self.tc_bias.astype(np.float32),
        )
        meta: dict[str, object] = {
            "version": MODEL_VERSION,
            "si_dim": self.si_dim,
            "tc_dim": self.tc_dim,
            "labels": list(self.labels),
            "decoding": {
                "low": self.decoding.low,
                "high": self.decoding.high,
                "gap": self.decoding.gap,
            },
            **(extra_meta or {}),
        }
        (path / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")

    def token_probs(
        self, sentences: Sequence[Sequence[Token]], counts: Counter[str]
    ) -> list[FloatArray]:
        """P(token inside a propaganda span), per sentence."""
        out: list[FloatArray] = []
        for k, sent in enumerate(sentences):
            feats = token_features(sent, quote_flags(sent), counts, k == 0)
            scores = np.array(
                [self.si_coef[hash_features(f, self.si_dim)].sum() for f in feats], dtype=np.float32
            )
            out.append(_sigmoid(scores + np.float32(self.si_bias)))
        return out

    def predict_spans(self, text: str, start: int = 0, end: int | None = None) -> list[ScoredSpan]:
        """Propaganda spans in `text[start:end]`, with the mean token probability as score."""
        sentences = tokenize(text, start, end)
        probs = self.token_probs(sentences, doc_counts(sentences))
        return [
            span
            for sent, p in zip(sentences, probs, strict=True)
            for span in decode(sent, p, self.decoding)
        ]

    def technique_probs(self, text: str, spans: Sequence[tuple[int, int]]) -> FloatArray:
        """Softmax over `labels` for each span of `text` (rows follow `spans`)."""
        sentences = tokenize(text)
        counts = doc_counts(sentences)
        rows = np.zeros((len(spans), len(self.labels)), dtype=np.float32)
        for r, (s, e) in enumerate(spans):
            feats = span_features_for(text, sentences, counts, s, e)
            logits = self.tc_coef[:, hash_features(feats, self.tc_dim)].sum(axis=1) + self.tc_bias
            z = np.exp(logits - logits.max())
            rows[r] = z / z.sum()
        return rows

    def classify_spans(self, text: str, spans: Sequence[tuple[int, int]]) -> list[str]:
        """The most likely technique for each span of `text`."""
        if not spans:
            return []
        probs = self.technique_probs(text, spans)
        return [self.labels[int(i)] for i in probs.argmax(axis=1)]


@dataclass(frozen=True, slots=True)
class Decoding:
    """Hysteresis decoding: runs of tokens >= `low` (gaps up to `gap` bridged) become a span
    only when some token reaches `high`. Scattered single hits are the main false positives."""

    low: float = 0.15
    high: float = 0.3
    gap: int = 8


def decode(sent: Sequence[Token], probs: FloatArray, decoding: Decoding) -> list[ScoredSpan]:
    """Spans of one sentence from its token probabilities, edges trimmed as PTC trims them."""
    inside = probs >= decoding.low
    hits = np.flatnonzero(inside)
    for a, b in itertools.pairwise(hits):
        if 1 < b - a <= decoding.gap + 1:
            inside[a:b] = True
    spans: list[ScoredSpan] = []
    i = 0
    while i < len(sent):
        if not inside[i]:
            i += 1
            continue
        j = i
        while j < len(sent) and inside[j]:
            j += 1
        lo, hi = i, j
        while lo < hi and sent[lo].text in EDGE_TRIM:
            lo += 1
        while hi > lo and sent[hi - 1].text in EDGE_TRIM:
            hi -= 1
        if hi > lo and probs[lo:hi].max() >= decoding.high:
            spans.append(ScoredSpan(sent[lo].start, sent[hi - 1].end, float(probs[lo:hi].mean())))
        i = j
    return spans


def span_features_for(
    text: str, sentences: Sequence[Sequence[Token]], counts: Counter[str], start: int, end: int
) -> list[str]:
    """Technique-head features of the character span [start, end) of `text`."""
    for sent in sentences:
        if sent[-1].end <= start or sent[0].start >= end:
            continue
        lo = next((k for k, t in enumerate(sent) if t.end > start), 0)
        hi = next((k for k in range(len(sent), 0, -1) if sent[k - 1].start < end), lo + 1)
        if hi <= lo:
            hi = lo + 1
        return span_features(sent, lo, hi, quote_flags(sent), counts, text)
    # A span over whitespace only: no token to describe, the bias alone decides.
    return ["b", "empty"]


@cache
def default_model() -> RhetoricModel:
    """The committed model, loaded once per process."""
    return RhetoricModel.load(MODEL_DIR)
