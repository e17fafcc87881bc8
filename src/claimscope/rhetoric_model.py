"""The persuasion-technique model: sentence windows, an int8 ONNX encoder and both span heads.

A fine-tuned MiniLM encoder (the first layers of all-MiniLM-L6-v2) reads the article body
in windows of whole sentences (at most `MAX_PIECES` word pieces each) and yields, per
word piece, a hidden vector and a span logit:

* SI (SemEval-2020 T11 span identification): piece probabilities become word
  probabilities (max over a word's pieces) and runs of likely words become spans
  (`Decoding`, hysteresis with edge trimming as PTC trims; when the model has a
  `SpanTrimmer`, each run is cut to the sub-span it scores best instead);
* TC (technique classification): a linear 14-way head over the mean of the span's piece
  vectors, the mean of its window, a few article-level repetition cues that a
  window cannot see (`span_extras`) and, when the head was refitted with them
  (`meta.json` → `tc_features`), the span's surface cues and hashed words
  (`claimscope.rhetoric_cues`). The head runs in numpy.

Inference needs only `onnxruntime` and `tokenizers`; training (`claimscope.train.rhetoric`,
torch) writes `encoder.onnx`, `tokenizer.json`, `heads.npz` and `meta.json`. A model may
average further encoders' SI probabilities into the first's (`meta.json` → `si_ensemble`).
"""

from __future__ import annotations

import itertools
import json
import math
import re
import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from claimscope.models.encoder import load_encoder, load_session
from claimscope.rhetoric_cues import CUES, N_CUES, hashed_terms, span_cues
from claimscope.rhetoric_lexical import (
    LEX_HASH_DIM,
    LexicalMix,
    lexical_logits,
    mixed,
    sentence_buckets,
)

MODEL_DIR = Path(__file__).parent / "data" / "models" / "rhetoric"
MODEL_VERSION = 2
MAX_PIECES = 128  # per window, [CLS] and [SEP] included
BATCH = 16
CLS_ID = 101
SEP_ID = 102
PAD_ID = 0

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
WORD_RE = re.compile(r"\w+")
# PTC has one sentence per line; other inputs are split again at sentence punctuation.
SENTENCE_BREAK_RE = re.compile(r"(?<=[.!?])[\"”’']?\s+(?=[\"“‘'(\[]?[A-Z0-9])")
# The PTC guidelines trim these from span edges (README of PTC v2, change 3).
EDGE_TRIM = frozenset({".", ",", ":", ";"})
N_EXTRAS = 4
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
    """Word tokens of `text[start:end]`, grouped by sentence (the units spans are made of)."""
    sentences = (words(text, s, e) for s, e in sentence_ranges(text, start, end))
    return [sent for sent in sentences if sent]


def words(text: str, start: int, end: int) -> list[Token]:
    """Word tokens of one sentence-like stretch `text[start:end]`."""
    return [Token(m.group(), m.start(), m.end()) for m in TOKEN_RE.finditer(text, start, end)]


@dataclass(frozen=True, slots=True)
class Window:
    """One encoder input: piece ids with [CLS]/[SEP] and each piece's character range in
    the article ((0, 0) for the two specials)."""

    ids: list[int]
    starts: list[int]
    ends: list[int]


def make_windows(tokenizer: Any, text: str, start: int = 0, end: int | None = None) -> list[Window]:
    """Pack consecutive sentences of `text[start:end]` greedily into windows; a sentence
    longer than a window is cut into window-sized chunks."""
    ranges = sentence_ranges(text, start, end)
    if not ranges:
        return []
    room = MAX_PIECES - 2
    encodings = tokenizer.encode_batch([text[s:e] for s, e in ranges], add_special_tokens=False)
    chunks: list[tuple[list[int], list[int], list[int]]] = []
    for (s, _), enc in zip(ranges, encodings, strict=True):
        ids = list(enc.ids)
        starts = [s + a for a, _ in enc.offsets]
        ends = [s + b for _, b in enc.offsets]
        for k in range(0, len(ids), room):
            chunks.append((ids[k : k + room], starts[k : k + room], ends[k : k + room]))
    windows: list[Window] = []
    cur: tuple[list[int], list[int], list[int]] = ([], [], [])
    for ids, starts, ends in chunks:
        if cur[0] and len(cur[0]) + len(ids) > room:
            windows.append(_close(cur))
            cur = ([], [], [])
        cur[0].extend(ids)
        cur[1].extend(starts)
        cur[2].extend(ends)
    if cur[0]:
        windows.append(_close(cur))
    return windows


def _close(cur: tuple[list[int], list[int], list[int]]) -> Window:
    return Window([CLS_ID, *cur[0], SEP_ID], [0, *cur[1], 0], [0, *cur[2], 0])


def pad_batch(windows: Sequence[Window]) -> tuple[IntArray, IntArray]:
    """(ids, attention mask) of a batch, right-padded to its longest window."""
    width = max(len(w.ids) for w in windows)
    ids = np.full((len(windows), width), PAD_ID, dtype=np.int64)
    mask = np.zeros((len(windows), width), dtype=np.int64)
    for r, w in enumerate(windows):
        ids[r, : len(w.ids)] = w.ids
        mask[r, : len(w.ids)] = 1
    return ids, mask


def word_counts(text: str) -> Counter[str]:
    return Counter(m.group().lower() for m in WORD_RE.finditer(text))


def span_extras(text: str, lowered: str, counts: Counter[str], start: int, end: int) -> FloatArray:
    """Article-level cues of span [start, end): how often its phrase and its words recur
    (Repetition spans repeat across the article, beyond any one window), and its length."""
    phrase = lowered[start:end].strip()
    words = [w.lower() for w in WORD_RE.findall(text[start:end])]
    content = [counts[w] for w in words if len(w) > 3] or [1]
    return np.array(
        [
            math.log1p(max(lowered.count(phrase) - 1, 0)) if phrase else 0.0,
            math.log1p(max(min(content) - 1, 0)),
            math.log1p(max(max(content) - 1, 0)),
            math.log1p(len(words)),
        ],
        dtype=np.float32,
    )


def piece_range(window: Window, start: int, end: int) -> tuple[int, int] | None:
    """Positions [lo, hi) of the window's pieces inside [start, end), if any."""
    hits = [
        k
        for k in range(1, len(window.ids) - 1)
        if window.starts[k] < end and start < window.ends[k]
    ]
    return (hits[0], hits[-1] + 1) if hits else None


def locate(windows: Sequence[Window], start: int, end: int) -> tuple[int, int, int] | None:
    """(window index, lo, hi) of the first window holding pieces of [start, end)."""
    for i, w in enumerate(windows):
        if len(w.ids) < 3 or w.ends[-2] <= start or w.starts[1] >= end:
            continue
        found = piece_range(w, start, end)
        if found:
            return i, found[0], found[1]
    return None


@dataclass(frozen=True, slots=True)
class ScoredSpan:
    start: int
    end: int
    score: float


@dataclass(frozen=True, slots=True)
class Decoding:
    """Hysteresis decoding: runs of tokens >= `low` (gaps up to `gap` bridged) become a span
    only when some token reaches `high`. Scattered single hits are the main false positives.

    `edge` trims a run's weak ends: predicted runs are about twice as long as gold spans
    (median 62 vs 26 characters on the train side), and the SI scorer charges every
    character outside gold to the span's precision. 0 keeps the run as found."""

    low: float = 0.3
    high: float = 0.5
    gap: int = 2
    edge: float = 0.0


def decode(sent: Sequence[Token], probs: FloatArray, decoding: Decoding) -> list[ScoredSpan]:
    """Spans of one sentence from its token probabilities, edges trimmed as PTC trims them."""
    spans: list[ScoredSpan] = []
    covered = 0  # widening can take in the start of the next run
    for start, j in _bridged_runs(probs, decoding):
        i = max(start, covered)
        if i >= j:
            continue
        lo, hi = i, j
        while lo < hi and probs[lo] < decoding.edge:
            lo += 1
        while hi > lo and probs[hi - 1] < decoding.edge:
            hi -= 1
        if hi > lo:
            lo, hi = widen(sent, lo, hi)
            j = max(j, hi)
        while lo < hi and sent[lo].text in EDGE_TRIM:
            lo += 1
        while hi > lo and sent[hi - 1].text in EDGE_TRIM:
            hi -= 1
        if hi > lo and probs[lo:hi].max() >= decoding.high:
            spans.append(ScoredSpan(sent[lo].start, sent[hi - 1].end, float(probs[lo:hi].mean())))
        covered = j
    return spans


def _bridged_runs(probs: FloatArray, decoding: Decoding) -> list[tuple[int, int]]:
    """Word ranges [a, b) of words >= `low`, gaps of up to `gap` words bridged."""
    inside = probs >= decoding.low
    hits = np.flatnonzero(inside)
    for a, b in itertools.pairwise(hits):
        if 1 < b - a <= decoding.gap + 1:
            inside[a:b] = True
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(probs):
        if not inside[i]:
            i += 1
            continue
        j = i
        while j < len(probs) and inside[j]:
            j += 1
        out.append((i, j))
        i = j
    return out


def _joinable(word: str) -> bool:
    return word == "-" or word[0].isalnum()


def widen(sent: Sequence[Token], lo: int, hi: int) -> tuple[int, int]:
    """Grow tokens [lo, hi) to whole hyphenated words ("al-Qaeda" is three tokens that
    touch): a span must not start or end inside a word."""
    while (
        lo > 0
        and sent[lo - 1].end == sent[lo].start
        and _joinable(sent[lo - 1].text)
        and _joinable(sent[lo].text)
    ):
        lo -= 1
    while (
        hi < len(sent)
        and sent[hi - 1].end == sent[hi].start
        and _joinable(sent[hi - 1].text)
        and _joinable(sent[hi].text)
    ):
        hi += 1
    return lo, hi


def token_probs(
    sentences: Sequence[Sequence[Token]],
    windows: Sequence[Window],
    piece_probs: Sequence[FloatArray],
    offset: int,
    length: int,
) -> list[FloatArray]:
    """Per-sentence word probabilities: the highest probability of any piece in the word
    (characters [offset, offset + length) of the article are covered)."""
    chars = char_probs(windows, piece_probs, offset, length)
    return [_word_probs(sent, chars, offset) for sent in sentences]


def char_probs(
    windows: Sequence[Window], piece_probs: Sequence[FloatArray], offset: int, length: int
) -> FloatArray:
    """Per character of [offset, offset + length): the highest probability of a piece over it."""
    chars = np.zeros(length + 1, dtype=np.float32)
    if not windows:
        return chars
    # All pieces at once (a slice per piece was most of this function's time): each piece's
    # characters are listed with its probability and the maximum taken per character.
    a = np.concatenate([np.asarray(w.starts[1:-1], dtype=np.int64) for w in windows]) - offset
    b = np.concatenate([np.asarray(w.ends[1:-1], dtype=np.int64) for w in windows]) - offset
    p = np.concatenate(
        [q[1 : len(w.ids) - 1] for w, q in zip(windows, piece_probs, strict=True)]
    ).astype(np.float32, copy=False)
    keep = b > a
    a, b, p = a[keep], b[keep], p[keep]
    n = b - a
    at = np.arange(int(n.sum())) + np.repeat(a - (np.cumsum(n) - n), n)
    np.maximum.at(chars, at, np.repeat(p, n))
    return chars


def _word_probs(sent: Sequence[Token], chars: FloatArray, offset: int) -> FloatArray:
    """Each word's highest character probability."""
    if not sent:
        return np.zeros(0, dtype=np.float32)
    # One reduction over [start, end, start, end, ...]: the even rows are the words' maxima
    # (a slice and a `max` per word was a tenth of the rhetoric stage's own time).
    bounds = np.fromiter(
        (x - offset for t in sent for x in (t.start, t.end)), dtype=np.int64, count=2 * len(sent)
    )
    out: FloatArray = np.maximum.reduceat(chars, bounds)[::2].astype(np.float32, copy=False)
    return out


@dataclass(slots=True)
class Encoded:
    """One article encoded: its windows and, per window, piece vectors and probabilities."""

    windows: list[Window]
    hidden: list[FloatArray]
    probs: list[FloatArray]


@dataclass(frozen=True, slots=True)
class LabelledSpan:
    start: int
    end: int
    score: float
    probs: FloatArray


def tc_features(
    text: str, encoded: Encoded, spans: Sequence[tuple[int, int]], *, hidden: int, cues: bool
) -> FloatArray:
    """Dense TC inputs, one row per span: [mean of the span's piece vectors, mean of its
    window's (`hidden` wide each), `span_extras`] and, with `cues`, the
    `claimscope.rhetoric_cues.CUES`. A span no window holds keeps zero vectors."""
    width = 2 * hidden + N_EXTRAS + (N_CUES if cues else 0)
    feats = np.zeros((len(spans), width), dtype=np.float32)
    if not spans:
        return feats
    lowered = text.lower()
    counts = word_counts(text)
    for r, (s, e) in enumerate(spans):
        where = locate(encoded.windows, s, e)
        if where is not None:
            i, lo, hi = where
            h = encoded.hidden[i]
            feats[r, :hidden] = h[lo:hi].mean(axis=0)
            feats[r, hidden : 2 * hidden] = h[1:-1].mean(axis=0)
        at = 2 * hidden
        feats[r, at : at + N_EXTRAS] = span_extras(text, lowered, counts, s, e)
        if cues:
            feats[r, at + N_EXTRAS :] = span_cues(text, lowered, s, e)
    return feats


# --- Span trimming: a boundary re-scorer over each decoded run -----------------------------
#
# Predicted runs are about twice as long as gold spans and most partly-right runs contain
# their gold span (train side: 1098 of 1395), so the SI scorer charges the run's extra words
# to precision. Trimming each run to its best sub-span by an oracle would lift train-side SI
# F1 from 0.43 to 0.50. `SpanTrimmer` learns that choice: two logistic heads over the frozen
# encoder's first and last piece vectors of each word (plus its probability and its
# neighbours') say how likely a gold span starts or ends there, and a conditional logit over
# the run's sub-spans (`TRIM_FEATURES` and hashed boundary words) picks one. Fitted by
# `claimscope.train.rhetoric` (`--si-trim`); numpy only here.

MAX_TRIM = 8  # words a sub-span may drop at each end of its run
TRIM_HASH_DIM = 4096
NONE_LOGIT = -10.0  # the boundary logit of an empty stretch
TRIM_FEATURES: tuple[str, ...] = (
    "prob_max",
    "prob_mean",
    "prob_min",
    "prob_first",
    "prob_last",
    "prob_before",
    "prob_after",
    "log_dropped_left",
    "log_dropped_right",
    "prob_mean_dropped_left",
    "prob_mean_dropped_right",
    "log_words",
    "sentence_start",
    "sentence_end",
    "start_logit_first",
    "end_logit_last",
    "start_logit_max_inside",
    "end_logit_max_inside",
    "start_logit_max_dropped",
    "end_logit_max_dropped",
    "run_prob_max",
    "log_run_words",
    "run_share",
    "log_chars",
)
N_TRIM_FEATURES = len(TRIM_FEATURES)
# Their names in `heads.npz`, in `SpanTrimmer` order.
TRIM_ARRAYS = ("si_start", "si_end", "si_trim_dense", "si_trim_hash")


@dataclass(frozen=True, slots=True)
class SpanTrimmer:
    """Boundary heads (`start`/`end`: weights over `boundary_inputs`, bias last) and the
    sub-span scorer (`dense` over `TRIM_FEATURES`, `hashed` over `TRIM_HASH_DIM` buckets of
    `boundary_terms`, standardisation folded in)."""

    start: FloatArray
    end: FloatArray
    dense: FloatArray
    hashed: FloatArray


def word_pieces(
    windows: Sequence[Window],
) -> tuple[dict[int, tuple[int, int]], dict[int, tuple[int, int]]]:
    """(window, piece) of the first piece starting at each character and of the last piece
    ending at each character, to find a word's first and last piece vectors."""
    first: dict[int, tuple[int, int]] = {}
    last: dict[int, tuple[int, int]] = {}
    for i, w in enumerate(windows):
        for k in range(1, len(w.ids) - 1):
            first.setdefault(w.starts[k], (i, k))
            last[w.ends[k]] = (i, k)
    return first, last


def boundary_inputs(
    sent: Sequence[Token],
    probs: FloatArray,
    hidden: Sequence[FloatArray],
    pieces: tuple[dict[int, tuple[int, int]], dict[int, tuple[int, int]]],
    width: int,
) -> FloatArray:
    """Per word: [its first piece's vector, its last piece's vector, its probability, its
    neighbours' and the differences] (a word no piece starts or ends keeps zero vectors)."""
    first, last = pieces
    n = len(sent)
    out = np.zeros((n, 2 * width + 5), dtype=np.float32)
    for j, t in enumerate(sent):
        a = first.get(t.start)
        b = last.get(t.end)
        if a is not None:
            out[j, :width] = hidden[a[0]][a[1]]
        if b is not None:
            out[j, width : 2 * width] = hidden[b[0]][b[1]]
    before = np.r_[np.float32(0.0), probs[:-1]]
    after = np.r_[probs[1:], np.float32(0.0)]
    out[:, 2 * width :] = np.c_[probs, before, after, probs - before, probs - after]
    return out


def runs(probs: FloatArray, decoding: Decoding) -> list[tuple[int, int]]:
    """Word ranges [a, b) of the hysteresis runs of `decode`, before any edge trimming: words
    >= `low` with gaps up to `gap` bridged, kept when some word reaches `high`."""
    return [(i, j) for i, j in _bridged_runs(probs, decoding)
            if probs[i:j].max() >= decoding.high]


def sub_spans(sent: Sequence[Token], a: int, b: int) -> list[tuple[int, int]]:
    """The distinct sub-spans [lo, hi) of run [a, b) dropping at most `MAX_TRIM` words at
    each end, widened to whole hyphenated words and trimmed of `EDGE_TRIM` as PTC trims."""
    seen: set[tuple[int, int]] = set()
    for lo0 in range(a, min(b, a + MAX_TRIM + 1)):
        for hi0 in range(max(lo0 + 1, b - MAX_TRIM), b + 1):
            lo, hi = widen(sent, lo0, hi0)
            while lo < hi and sent[lo].text in EDGE_TRIM:
                lo += 1
            while hi > lo and sent[hi - 1].text in EDGE_TRIM:
                hi -= 1
            if hi > lo:
                seen.add((lo, hi))
    return sorted(seen)


def _lowered(sent: Sequence[Token], k: int) -> str:
    return sent[k].text.lower() if 0 <= k < len(sent) else "<s>"


def _buckets(*terms: str) -> list[int]:
    return [zlib.crc32(t.encode("utf-8")) % TRIM_HASH_DIM for t in terms]


def start_terms(sent: Sequence[Token], lo: int) -> list[int]:
    """Hash buckets (CRC-32, as `claimscope.rhetoric_cues.hashed_terms`) of a sub-span
    starting at word `lo`: its first word, the word before and the two together."""
    first, before = _lowered(sent, lo), _lowered(sent, lo - 1)
    return _buckets(f"f:{first}", f"pb:{before}", f"fb:{before} {first}")


def end_terms(sent: Sequence[Token], hi: int) -> list[int]:
    """Hash buckets of a sub-span ending before word `hi`: its last word, the word after
    and the two together."""
    last, after = _lowered(sent, hi - 1), _lowered(sent, hi)
    return _buckets(f"l:{last}", f"na:{after}", f"la:{last} {after}")


def range_max(values: FloatArray) -> FloatArray:
    """table[i, j] = max(values[i:j]) for i < j, `NONE_LOGIT` elsewhere."""
    n = len(values)
    table = np.full((n + 1, n + 1), NONE_LOGIT, dtype=np.float32)
    for i in range(n):
        table[i, i + 1 :] = np.maximum.accumulate(values[i:])
    return table


class _shifted:
    """A range table over `values[offset:]`, indexed by positions in `values`."""

    def __init__(self, table: FloatArray, offset: int) -> None:
        self.table = table
        self.offset = offset

    def __getitem__(self, at: tuple[Any, Any]) -> FloatArray:
        out: FloatArray = self.table[at[0] - self.offset, at[1] - self.offset]
        return out


def trim_features(
    sent: Sequence[Token],
    probs: FloatArray,
    starts: FloatArray,
    ends: FloatArray,
    run: tuple[int, int],
    spans: Sequence[tuple[int, int]],
) -> FloatArray:
    """The `TRIM_FEATURES` (one row each) of sub-spans `spans` of `run` (word ranges);
    `starts`/`ends` are the boundary heads' logits of the sentence's words."""
    a, b = run
    n = len(sent)
    lo = np.array([s for s, _ in spans], dtype=np.int64)
    hi = np.array([e for _, e in spans], dtype=np.int64)
    # Range tables over the run and what widening added to it only (a sentence can be long).
    u0, u1 = min(a, int(lo.min())), max(b, int(hi.max()))
    local = slice(u0, u1)
    top, low = _shifted(range_max(probs[local]), u0), _shifted(range_max(-probs[local]), u0)
    start_max = _shifted(range_max(starts[local]), u0)
    end_max = _shifted(range_max(ends[local]), u0)
    total = np.r_[0.0, np.cumsum(probs, dtype=np.float64)]
    padded = np.r_[0.0, probs, 0.0]
    dropped_left = np.maximum(lo - a, 0)
    dropped_right = np.maximum(b - hi, 0)
    chars = np.array([sent[e - 1].end - sent[s].start for s, e in spans], dtype=np.float64)
    # Means of the dropped stretches; 0 where nothing is dropped.
    left_mean = (total[np.maximum(lo, a)] - total[a]) / np.maximum(dropped_left, 1)
    right_mean = (total[b] - total[np.minimum(hi, b)]) / np.maximum(dropped_right, 1)
    inner_start = np.minimum(lo + 1, hi)
    columns = [
        top[lo, hi],
        (total[hi] - total[lo]) / (hi - lo),
        -low[lo, hi],
        probs[lo],
        probs[hi - 1],
        padded[lo],
        padded[hi + 1],
        np.log1p(dropped_left),
        np.log1p(dropped_right),
        left_mean,
        right_mean,
        np.log1p(hi - lo),
        lo == 0,
        hi == n,
        starts[lo],
        ends[hi - 1],
        start_max[inner_start, hi],
        end_max[lo, np.maximum(hi - 1, lo)],
        start_max[a, np.maximum(lo, a)],
        end_max[np.minimum(hi, b), b],
        np.full(len(spans), probs[a:b].max()),
        np.full(len(spans), math.log1p(b - a)),
        (hi - lo) / (b - a),
        np.log1p(chars),
    ]
    out: FloatArray = np.stack(columns, axis=1).astype(np.float32)
    return out


def boundary_logits(trimmer: SpanTrimmer, inputs: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Start and end logits of each word from its `boundary_inputs`."""
    starts: FloatArray = inputs @ trimmer.start[:-1] + trimmer.start[-1]
    ends: FloatArray = inputs @ trimmer.end[:-1] + trimmer.end[-1]
    return starts, ends


def trim_runs(
    sent: Sequence[Token],
    probs: FloatArray,
    inputs: FloatArray,
    decoding: Decoding,
    trimmer: SpanTrimmer,
) -> list[ScoredSpan]:
    """One span per run of the sentence: its sub-span with the highest trimmer score."""
    starts, ends = boundary_logits(trimmer, inputs)
    spans: list[ScoredSpan] = []
    # The hashed words' score of a boundary depends on that boundary alone.
    start_score: dict[int, float] = {}
    end_score: dict[int, float] = {}
    for run in runs(probs, decoding):
        candidates = sub_spans(sent, *run)
        if not candidates:
            continue
        scores = trim_features(sent, probs, starts, ends, run, candidates) @ trimmer.dense
        for r, (lo, hi) in enumerate(candidates):
            if lo not in start_score:
                start_score[lo] = float(trimmer.hashed[start_terms(sent, lo)].sum())
            if hi not in end_score:
                end_score[hi] = float(trimmer.hashed[end_terms(sent, hi)].sum())
            scores[r] += start_score[lo] + end_score[hi]
        lo, hi = candidates[int(scores.argmax())]
        spans.append(ScoredSpan(sent[lo].start, sent[hi - 1].end, float(probs[lo:hi].mean())))
    return spans


class RhetoricModel:
    """The loaded encoder session, tokenizer and technique head.

    The head is `tc_coef` (labels x dense inputs, see `tc_features`) and `tc_bias`, plus,
    when it uses the span's words, `tc_hash` (hash buckets x labels: the weight of each
    bucket of `claimscope.rhetoric_cues.hashed_terms`, summed over the span's buckets)."""

    def __init__(
        self,
        session: Any,
        tokenizer: Any,
        tc_coef: FloatArray,
        tc_bias: FloatArray,
        labels: Sequence[str],
        decoding: Decoding,
        *,
        cues: bool = False,
        tc_hash: FloatArray | None = None,
        trimmer: SpanTrimmer | None = None,
        lexical: LexicalMix | None = None,
        si_sessions: Sequence[Any] = (),
    ) -> None:
        if tc_coef.ndim != 2 or tc_coef.shape[0] != len(labels):
            raise ValueError("rhetoric model: technique head does not match the labels")
        if tc_hash is not None and (tc_hash.ndim != 2 or tc_hash.shape[1] != len(labels)):
            raise ValueError("rhetoric model: hashed-word head does not match the labels")
        self.session = session
        self.tokenizer = tokenizer
        self.tc_coef = tc_coef
        self.tc_bias = tc_bias
        self.labels = tuple(labels)
        self.decoding = decoding
        self.cues = cues
        self.tc_hash = tc_hash
        self.hidden = (tc_coef.shape[1] - N_EXTRAS - (N_CUES if cues else 0)) // 2
        if trimmer is not None and (
            trimmer.start.shape != (2 * self.hidden + 6,)
            or trimmer.end.shape != trimmer.start.shape
            or trimmer.dense.shape != (N_TRIM_FEATURES,)
            or trimmer.hashed.shape != (TRIM_HASH_DIM,)
        ):
            raise ValueError("rhetoric model: span trimmer does not match the encoder")
        # With a trimmer, each run is cut to its best sub-span (`decoding.edge` is unused).
        self.trimmer = trimmer
        if lexical is not None and lexical.weights.shape != (LEX_HASH_DIM,):
            raise ValueError("rhetoric model: lexical word model does not match its hashing")
        # With a lexical word model, the decoder reads the mixed word probabilities.
        self.lexical = lexical
        # Further encoders of the same architecture and tokenizer, trained with other seeds:
        # the SI piece probabilities are averaged over all encoders; the technique head, the
        # trimmer and the hidden vectors stay the first encoder's.
        self.si_sessions = list(si_sessions)

    @classmethod
    def load(cls, path: Path = MODEL_DIR) -> RhetoricModel:
        meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
        if meta.get("version") != MODEL_VERSION:
            raise ValueError(f"rhetoric model version {meta.get('version')} != {MODEL_VERSION}")
        session, tokenizer = load_encoder(path)
        tokenizer.no_truncation()
        features = meta.get("tc_features", {})
        cues = "cues" in features
        if cues and tuple(features["cues"]) != CUES:
            raise ValueError("rhetoric model: its head was fitted on other span cues")
        with np.load(path / "heads.npz", allow_pickle=False) as arrays:
            tc_coef = arrays["tc_coef"].astype(np.float32)
            tc_bias = arrays["tc_bias"].astype(np.float32)
            tc_hash = arrays["tc_hash"].astype(np.float32) if "tc_hash" in arrays else None
            trimmer = (
                SpanTrimmer(*(arrays[k].astype(np.float32) for k in TRIM_ARRAYS))
                if "si_trim" in meta
                else None
            )
            lexical = None
            if "si_lexical" in meta:
                mix = meta["si_lexical"]
                lexical = LexicalMix(
                    arrays["si_lex"].astype(np.float32),
                    float(mix["bias"]),
                    float(mix["a"]),
                    float(mix["b"]),
                    float(mix["c"]),
                    float(mix.get("max_logit", math.inf)),
                )
        if tc_hash is not None and tc_hash.shape[0] != features.get("hash_dim"):
            raise ValueError("rhetoric model: hashed-word head does not match meta.json")
        si_sessions = [
            load_session(path / name) for name in meta.get("si_ensemble", {}).get("files", [])
        ]
        return cls(
            session,
            tokenizer,
            tc_coef,
            tc_bias,
            meta["labels"],
            Decoding(**meta["decoding"]),
            cues=cues,
            tc_hash=tc_hash,
            trimmer=trimmer,
            lexical=lexical,
            si_sessions=si_sessions,
        )

    def encode(self, text: str, start: int = 0, end: int | None = None) -> Encoded:
        """Run the encoder over the sentences of `text[start:end]` in batches of windows."""
        windows = make_windows(self.tokenizer, text, start, end)
        hidden: list[FloatArray] = []
        probs: list[FloatArray] = []
        # Similar lengths batch together so that little padding is computed.
        order = sorted(range(len(windows)), key=lambda i: len(windows[i].ids))
        got: dict[int, tuple[FloatArray, FloatArray]] = {}
        for b in range(0, len(order), BATCH):
            idx = order[b : b + BATCH]
            ids, mask = pad_batch([windows[i] for i in idx])
            feed = {"input_ids": ids, "attention_mask": mask}
            h, logit = self.session.run(None, feed)
            p = 1.0 / (1.0 + np.exp(-logit))
            if self.si_sessions:
                for other in self.si_sessions:
                    p = p + 1.0 / (1.0 + np.exp(-other.run(["si_logit"], feed)[0]))
                p = p / (1 + len(self.si_sessions))
            for r, i in enumerate(idx):
                n = len(windows[i].ids)
                got[i] = (h[r, :n].astype(np.float32), p[r, :n].astype(np.float32))
        for i in range(len(windows)):
            hidden.append(got[i][0])
            probs.append(got[i][1])
        return Encoded(windows, hidden, probs)

    def spans_from(
        self, text: str, encoded: Encoded, start: int = 0, end: int | None = None
    ) -> list[ScoredSpan]:
        stop = len(text) if end is None else end
        chars = char_probs(encoded.windows, encoded.probs, start, stop - start)
        spans: list[ScoredSpan] = []
        pieces = None
        terms: dict[str, int] = {}  # hash bucket of each lexical term met in this text
        # The lexical word model lifts a word by a bounded amount: a sentence whose encoder
        # probabilities stay under `floor` cannot reach `low` and is skipped as before.
        floor = self.decoding.low if self.lexical is None else self.lexical.floor(self.decoding.low)
        for s, e in sentence_ranges(text, start, stop):
            # A word's probability is that of its likeliest character, so a sentence with no
            # character at `low` has no span: most sentences are skipped before tokenising
            # (`tokenize` would give the same words; building them was a tenth of the stage).
            top = chars[s - start : e - start].max()
            if top < floor:
                continue
            sent = words(text, s, e)
            if not sent:
                continue
            probs = _word_probs(sent, chars, start)
            if self.lexical is not None:
                lex = lexical_logits(self.lexical, *sentence_buckets(text, sent, terms))
                probs = mixed(self.lexical, probs, lex)
                top = probs.max()
                if top < self.decoding.low:
                    continue
            if self.trimmer is None:
                spans.extend(decode(sent, probs, self.decoding))
            elif top >= self.decoding.high:
                pieces = pieces or word_pieces(encoded.windows)
                inputs = boundary_inputs(sent, probs, encoded.hidden, pieces, self.hidden)
                spans.extend(trim_runs(sent, probs, inputs, self.decoding, self.trimmer))
        return spans

    def sentence_probs(
        self, text: str, sentences: Sequence[Sequence[Token]], encoded: Encoded
    ) -> list[FloatArray]:
        """The word probabilities the decoder reads for `sentences` of the whole `text`: the
        encoder's, mixed with the lexical word model's when the model has one."""
        probs = token_probs(sentences, encoded.windows, encoded.probs, 0, len(text))
        if self.lexical is None:
            return probs
        terms: dict[str, int] = {}
        return [
            mixed(self.lexical, p, lexical_logits(self.lexical, *sentence_buckets(text, s, terms)))
            for s, p in zip(sentences, probs, strict=True)
        ]

    def probs_from(
        self, text: str, encoded: Encoded, spans: Sequence[tuple[int, int]]
    ) -> FloatArray:
        """Softmax over `labels` for each span (rows follow `spans`)."""
        if not spans:
            return np.zeros((0, len(self.labels)), dtype=np.float32)
        feats = tc_features(text, encoded, spans, hidden=self.hidden, cues=self.cues)
        logits = feats @ self.tc_coef.T + self.tc_bias
        if self.tc_hash is not None:
            lowered = text.lower()
            dim = self.tc_hash.shape[0]
            for r, (s, e) in enumerate(spans):
                logits[r] += self.tc_hash[hashed_terms(lowered, s, e, dim)].sum(axis=0)
        z = np.exp(logits - logits.max(axis=1, keepdims=True))
        out: FloatArray = (z / z.sum(axis=1, keepdims=True)).astype(np.float32)
        return out

    def analyze(self, text: str, start: int = 0, end: int | None = None) -> list[LabelledSpan]:
        """Spans of `text[start:end]` with their technique probabilities, in one encoder pass."""
        encoded = self.encode(text, start, end)
        spans = self.spans_from(text, encoded, start, end)
        probs = self.probs_from(text, encoded, [(s.start, s.end) for s in spans])
        return [
            LabelledSpan(s.start, s.end, s.score, row) for s, row in zip(spans, probs, strict=True)
        ]

    def predict_spans(self, text: str, start: int = 0, end: int | None = None) -> list[ScoredSpan]:
        """Propaganda spans in `text[start:end]`, with the mean word probability as score."""
        return self.spans_from(text, self.encode(text, start, end), start, end)

    def technique_probs(self, text: str, spans: Sequence[tuple[int, int]]) -> FloatArray:
        """Softmax over `labels` for each span of `text` (the whole text is encoded)."""
        if not spans:
            return np.zeros((0, len(self.labels)), dtype=np.float32)
        return self.probs_from(text, self.encode(text), spans)

    def classify_spans(self, text: str, spans: Sequence[tuple[int, int]]) -> list[str]:
        """The most likely technique for each span of `text`."""
        if not spans:
            return []
        probs = self.technique_probs(text, spans)
        return [self.labels[int(i)] for i in probs.argmax(axis=1)]


@cache
def default_model(name: str = MODEL_DIR.name) -> RhetoricModel:
    """A committed model (`name` is its directory under `data/models/`), loaded once per
    process."""
    return RhetoricModel.load(MODEL_DIR.parent / name)
