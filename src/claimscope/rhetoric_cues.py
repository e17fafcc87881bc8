"""Span-level surface features for the technique (TC) head: cues and hashed words.

The encoder sees a span through a 2- or 6-layer MiniLM; published PTC systems gained a few
points of TC from what a span looks like on the surface, which a shallow encoder reads
poorly: its words (Loaded_Language and Name_Calling are lexical), a question mark (Doubt),
an exclamation or quotes, capitals, first-person plural (Flag-Waving), how often the phrase
recurs before and after it (Repetition), how much of its sentence it covers (Slogans,
Thought-terminating clichés). This module turns a span into

* `span_cues`: `N_CUES` dense numbers (`CUES` names them), and
* `hashed_terms`: indices in `[0, dim)` of its lower-cased word uni- and bi-grams, of the
  words just outside it and of its whole phrase when short, hashed with CRC-32 (stable
  across processes and machines, unlike Python's salted `hash`).

Both are pure functions of the article text and the span's offsets; the head that weighs
them lives in `heads.npz` (`claimscope.rhetoric_model.RhetoricModel`).
"""

from __future__ import annotations

import itertools
import math
import re
import zlib

import numpy as np
import numpy.typing as npt

WORD_RE = re.compile(r"\w+(?:['’]\w+)*")
QUOTES = frozenset("\"“”‘’'«»")
FIRST_PLURAL = frozenset({"we", "us", "our", "ours", "ourselves"})
SECOND_PERSON = frozenset({"you", "your", "yours", "yourself", "yourselves"})
NEGATIONS = frozenset({"not", "no", "never", "nothing", "nobody", "none", "nor"})
CONTEXT_WORDS = 3  # words hashed on each side of the span
SHORT_PHRASE = 4  # a phrase of at most this many words is also hashed whole

CUES: tuple[str, ...] = (
    "log_chars",
    "question_in_span",
    "question_in_sentence",
    "exclamation_near",
    "quote_in_span",
    "quoted",
    "all_caps_word",
    "capitalised_share",
    "first_plural",
    "second_person",
    "negation",
    "digit",
    "sentence_share",
    "whole_sentence",
    "article_position",
    "in_title",
    "repeats_before",
    "repeats_after",
)
N_CUES = len(CUES)
FloatArray = npt.NDArray[np.float32]


def _line(text: str, start: int, end: int) -> tuple[int, int]:
    """The line around [start, end) (PTC articles hold one sentence per line)."""
    lo = text.rfind("\n", 0, start) + 1
    hi = text.find("\n", end)
    return lo, len(text) if hi < 0 else hi


def span_cues(text: str, lowered: str, start: int, end: int) -> FloatArray:
    """The `CUES` of span [start, end) of `text` (`lowered` is `text.lower()`)."""
    span = text[start:end]
    words = WORD_RE.findall(span)
    low_words = [w.lower() for w in words]
    line_lo, line_hi = _line(text, start, end)
    line_words = WORD_RE.findall(text[line_lo:line_hi])
    after = text[end:line_hi]
    # The rest of the span's sentence: up to the next sentence end after it.
    stop = min(
        (i for i in (after.find("."), after.find("?"), after.find("!")) if i >= 0), default=-1
    )
    tail = after if stop < 0 else after[: stop + 1]
    phrase = lowered[start:end].strip()
    before = lowered.count(phrase, 0, start) if phrase else 0
    later = lowered.count(phrase, end) if phrase else 0
    capitalised = [w for k, w in enumerate(words) if w[:1].isupper() and (k or start > line_lo)]
    share = len(line_words) and min(1.0, len(words) / len(line_words))
    edge = text[max(0, start - 2) : start] + text[end : end + 2]
    return np.array(
        [
            math.log1p(len(span)),
            "?" in span,
            "?" in span or "?" in tail,
            "!" in span or "!" in tail[:3],
            any(c in QUOTES for c in span),
            any(c in QUOTES for c in edge),
            any(len(w) > 1 and w.isupper() and not w.isdigit() for w in words),
            len(capitalised) / len(words) if words else 0.0,
            any(w in FIRST_PLURAL for w in low_words),
            any(w in SECOND_PERSON for w in low_words),
            any(w in NEGATIONS for w in low_words),
            any(c.isdigit() for c in span),
            share,
            share >= 0.8,
            start / len(text) if text else 0.0,
            line_lo == 0,
            math.log1p(before),
            math.log1p(later),
        ],
        dtype=np.float32,
    )


def _bucket(term: str, dim: int) -> int:
    return zlib.crc32(term.encode("utf-8")) % dim


def hashed_terms(lowered: str, start: int, end: int, dim: int) -> list[int]:
    """Sorted distinct hash buckets of the span's terms (`lowered` is the lower-cased text):
    word unigrams and bigrams inside it, `CONTEXT_WORDS` words on each side (their own
    namespace), and the whole phrase when it has at most `SHORT_PHRASE` words."""
    words = WORD_RE.findall(lowered[start:end])
    terms = [f"u:{w}" for w in words]
    terms += [f"b:{a} {b}" for a, b in itertools.pairwise(words)]
    left = WORD_RE.findall(lowered[max(0, start - 60) : start])[-CONTEXT_WORDS:]
    right = WORD_RE.findall(lowered[end : end + 60])[:CONTEXT_WORDS]
    terms += [f"l:{w}" for w in left] + [f"r:{w}" for w in right]
    if 0 < len(words) <= SHORT_PHRASE:
        terms.append("p:" + " ".join(words))
    return sorted({_bucket(t, dim) for t in terms})
