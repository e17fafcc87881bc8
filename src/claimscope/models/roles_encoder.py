"""The encoder role tagger: a fine-tuned MiniLM (int8 ONNX) labels words BIO over the MUC-4 roles.

The words are the spaCy tokens of the parse the roles stage already has, so the tagger
reads the same sentences as the CRF (`models/roles.py`) and returns the same
`RoleMention`s. Sentences are packed into windows of at most `MAX_PIECES` word pieces
(the tokenizer is uncased, so "FMLN" and "fmln" read alike); a word's label is read from
its first piece, and a word becomes a role filler when the probability of `O` falls
below `threshold` (chosen on held-out training documents), taking its likeliest role
label. BIO runs of words become character spans (`decode_spans`).

Inference needs `onnxruntime`, `tokenizers` and numpy; `python -m claimscope.train.roles
--encoder DATA OUT` (torch) writes `encoder.onnx`, `tokenizer.json` and `meta.json` to OUT.
On MUC-4 it scores below the CRF, so the roles stage does not load it by default: pass
`EncoderRoleTagger.load(OUT)` as the stage's tagger to use it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from claimscope.models.roles import (
    OUTSIDE,
    ROLES,
    Range,
    RoleMention,
    decode_spans,
    overlaps,
)
from claimscope.rhetoric_model import (
    BATCH,
    CLS_ID,
    MAX_PIECES,
    SEP_ID,
    FloatArray,
    Window,
    pad_batch,
)

ENCODER_FILE = "encoder.onnx"
TOKENIZER_FILE = "tokenizer.json"
META_FILE = "meta.json"
MODEL_VERSION = 1
LABELS: tuple[str, ...] = (OUTSIDE, *(f"{p}-{role}" for role in ROLES for p in ("B", "I")))


@dataclass(frozen=True, slots=True)
class Word:
    """A word of the text: character offsets [start, end)."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class WordWindow:
    """One encoder input (`window.ids` with [CLS]/[SEP]), its words and, per word, the
    position of its first piece in the window (-1 for a word the tokenizer drops)."""

    window: Window
    words: list[Word]
    first: list[int]


Tagged = tuple[WordWindow, FloatArray]


def sentence_words(parsed: Any, spans: Sequence[Range] | None = None) -> list[list[Word]]:
    """Non-space tokens of each sentence of a spaCy parse; with `spans`, only the sentences
    that overlap one of the character ranges."""
    out: list[list[Word]] = []
    for sent in parsed.sents:
        start, end = sent.start_char, sent.end_char
        if not overlaps(start, end, spans):
            continue
        words = [Word(t.text, t.idx, t.idx + len(t)) for t in sent if not t.is_space]
        if words:
            out.append(words)
    return out


def _chunks(
    words: list[Word], word_ids: Sequence[int | None], room: int
) -> Iterator[tuple[list[Word], list[int], list[int]]]:
    """Cut one sentence's pieces (`word_ids` gives each piece's word) at word boundaries into
    chunks of at most `room` pieces: (words, each piece's word index in the chunk, piece
    positions in the sentence's encoding). A word longer than `room` pieces is cut short."""
    pieces_of: list[list[int]] = [[] for _ in words]
    for k, w in enumerate(word_ids):
        if w is not None:
            pieces_of[w].append(k)
    chunk_words: list[Word] = []
    chunk_word_of: list[int] = []
    chunk_pieces: list[int] = []
    for i, word in enumerate(words):
        mine = pieces_of[i][:room]
        if chunk_pieces and len(chunk_pieces) + len(mine) > room:
            yield chunk_words, chunk_word_of, chunk_pieces
            chunk_words, chunk_word_of, chunk_pieces = [], [], []
        chunk_word_of.extend([len(chunk_words)] * len(mine))
        chunk_words.append(word)
        chunk_pieces.extend(mine)
    if chunk_words:
        yield chunk_words, chunk_word_of, chunk_pieces


def make_windows(tokenizer: Any, sentences: Sequence[Sequence[Word]]) -> list[WordWindow]:
    """Pack consecutive sentences greedily into windows of at most `MAX_PIECES` pieces."""
    if not sentences:
        return []
    room = MAX_PIECES - 2
    encodings = tokenizer.encode_batch(
        [[w.text for w in sent] for sent in sentences],
        is_pretokenized=True,
        add_special_tokens=False,
    )
    windows: list[WordWindow] = []
    ids: list[int] = []
    starts: list[int] = []
    ends: list[int] = []
    words: list[Word] = []
    first: list[int] = []
    for sent, enc in zip(sentences, encodings, strict=True):
        for chunk_words, word_of, positions in _chunks(list(sent), enc.word_ids, room):
            if words and len(ids) + len(positions) > room:
                windows.append(_window(ids, starts, ends, words, first))
                ids, starts, ends, words, first = [], [], [], [], []
            firsts = [-1] * len(chunk_words)
            for local, k in zip(word_of, positions, strict=True):
                if firsts[local] < 0:
                    firsts[local] = 1 + len(ids)  # after [CLS]
                a, b = enc.offsets[k]
                ids.append(enc.ids[k])
                starts.append(chunk_words[local].start + a)
                ends.append(chunk_words[local].start + b)
            words.extend(chunk_words)
            first.extend(firsts)
    if words:
        windows.append(_window(ids, starts, ends, words, first))
    return windows


def _window(
    ids: list[int], starts: list[int], ends: list[int], words: list[Word], first: list[int]
) -> WordWindow:
    return WordWindow(Window([CLS_ID, *ids, SEP_ID], [0, *starts, 0], [0, *ends, 0]), words, first)


def word_probs(window: WordWindow, piece_probs: FloatArray) -> FloatArray:
    """Per-word label probabilities (rows follow `window.words`) read at each word's first
    piece; a word without pieces is `O` for sure."""
    out = np.zeros((len(window.words), len(LABELS)), dtype=np.float32)
    out[:, 0] = 1.0
    for i, k in enumerate(window.first):
        if k >= 0:
            out[i] = piece_probs[k]
    return out


def word_labels(probs: FloatArray, threshold: float) -> list[str]:
    """`O` where its probability reaches `threshold`, else the likeliest role label."""
    best = probs[:, 1:].argmax(axis=1) + 1
    return [
        OUTSIDE if p[0] >= threshold else LABELS[int(b)] for p, b in zip(probs, best, strict=True)
    ]


def softmax(logits: FloatArray) -> FloatArray:
    z = np.exp(logits - logits.max(axis=-1, keepdims=True))
    out: FloatArray = (z / z.sum(axis=-1, keepdims=True)).astype(np.float32)
    return out


def decode_tagged(tagged: Sequence[Tagged], text: str, threshold: float) -> list[RoleMention]:
    """Mentions from windows' word probabilities, `O` kept where it reaches `threshold`."""
    found: list[RoleMention] = []
    for window, probs in tagged:
        labels = word_labels(probs, threshold)
        found.extend(decode_spans([(w.start, w.end) for w in window.words], labels, text))
    return found


class EncoderRoleTagger:
    """The loaded ONNX session and tokenizer; tags spaCy parses like `RoleTagger`."""

    def __init__(self, session: Any, tokenizer: Any, *, threshold: float) -> None:
        self.session = session
        self.tokenizer = tokenizer
        self.threshold = threshold

    @classmethod
    def load(cls, path: Path) -> EncoderRoleTagger:
        import onnxruntime as ort  # type: ignore[import-untyped,unused-ignore]
        from tokenizers import Tokenizer

        if not (path / ENCODER_FILE).is_file():
            raise FileNotFoundError(
                f"role encoder {path / ENCODER_FILE} is missing; "
                "run `python -m claimscope.train.roles --encoder DATA OUT`"
            )
        meta = json.loads((path / META_FILE).read_text(encoding="utf-8"))
        if meta.get("version") != MODEL_VERSION or tuple(meta.get("labels", ())) != LABELS:
            raise ValueError(f"role encoder in {path} does not match this version of claimscope")
        options = ort.SessionOptions()
        # Other stages and peers share the cores: one thread, no inter-op pool.
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        session = ort.InferenceSession(
            str(path / ENCODER_FILE), options, providers=["CPUExecutionProvider"]
        )
        tokenizer = Tokenizer.from_file(str(path / TOKENIZER_FILE))
        tokenizer.no_padding()
        tokenizer.no_truncation()
        return cls(session, tokenizer, threshold=float(meta["threshold"]))

    def probs(self, windows: Sequence[WordWindow]) -> list[FloatArray]:
        """Per-word label probabilities of each window, encoded in batches."""
        got: dict[int, FloatArray] = {}
        # Similar lengths batch together so that little padding is computed.
        order = sorted(range(len(windows)), key=lambda i: len(windows[i].window.ids))
        for b in range(0, len(order), BATCH):
            idx = order[b : b + BATCH]
            ids, mask = pad_batch([windows[i].window for i in idx])
            (logits,) = self.session.run(None, {"input_ids": ids, "attention_mask": mask})
            for r, i in enumerate(idx):
                n = len(windows[i].window.ids)
                got[i] = word_probs(windows[i], softmax(logits[r, :n].astype(np.float32)))
        return [got[i] for i in range(len(windows))]

    def tag(self, parsed: Any, spans: Sequence[Range] | None = None) -> list[Tagged]:
        """Each window of the parse (only sentences overlapping `spans`, when given) with
        its per-word label probabilities."""
        windows = make_windows(self.tokenizer, sentence_words(parsed, spans))
        return list(zip(windows, self.probs(windows), strict=True))

    def mentions(self, parsed: Any, spans: Sequence[Range] | None = None) -> list[RoleMention]:
        """Role mentions in a spaCy parse (only in sentences overlapping `spans`, when
        given), offsets into `parsed.text`."""
        return decode_tagged(self.tag(parsed, spans), parsed.text, self.threshold)


@cache
def load_encoder_tagger(path: Path) -> EncoderRoleTagger:
    """The encoder tagger in `path`, loaded once per process."""
    return EncoderRoleTagger.load(path)
