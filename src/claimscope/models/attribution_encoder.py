"""The attribution tagger's MiniLM side: per-token source / cue / content probabilities.

The first four layers of all-MiniLM-L6-v2, fine-tuned on PolNeAR train as a token tagger
(a linear layer over each word's first word piece; `scripts/attribution_encoder.py`),
run as int8 ONNX. The `accurate` profile averages its probabilities with the CRF's per-token
marginals and takes the best well-formed BIO path (`AttributionTagger`); alone, it is no
better than the CRF through the claims stage (attribution `CARD.md`).

This module imports numpy only (onnxruntime and tokenizers when a model is loaded), so that
the training script can load it in a venv without the project's run-time packages.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

# The CRF's label set, in the order of the encoder's output layer.
LABELS = ("O", "B-SRC", "I-SRC", "B-CUE", "I-CUE", "B-CNT", "I-CNT")
MAX_PIECES = 256  # per window, [CLS] and [SEP] included
# Word pieces kept of one word: a longer "word" (a URL, a run of symbols) is cut.
_MAX_WORD_PIECES = 16
_CLS, _SEP, _UNK = 101, 102, 100
# Share of the encoder in the mixed per-token probabilities (the CRF has the rest); chosen
# on held-out slice A among 0.3 / 0.5 / 0.7 (attribution `CARD.md`).
ENCODER_WEIGHT = 0.5
ENCODER_FILE = "encoder.onnx"

Window = tuple[list[int], list[int]]


def windows(tokenizer: Any, words: Sequence[str]) -> list[Window]:
    """(piece ids with [CLS]/[SEP], the word of each piece) over a segment's words, cut at
    word boundaries so that no window passes `MAX_PIECES`. A word's first piece carries the
    word's index; [CLS]/[SEP] carry -1 and a word's later pieces -2 (neither is labelled)."""
    encoded = tokenizer.encode_batch(
        [[w] for w in words], is_pretokenized=True, add_special_tokens=False
    )
    out: list[Window] = []
    ids: list[int] = []
    owner: list[int] = []
    for k, enc in enumerate(encoded):
        # A word the vocabulary drops entirely (odd spaces, controls) still needs a piece.
        pieces = enc.ids[:_MAX_WORD_PIECES] or [_UNK]
        if ids and len(ids) + len(pieces) > MAX_PIECES - 2:
            out.append(([_CLS, *ids, _SEP], [-1, *owner, -1]))
            ids, owner = [], []
        ids.extend(pieces)
        owner.extend([k] + [-2] * (len(pieces) - 1))
    if ids or not out:
        out.append(([_CLS, *ids, _SEP], [-1, *owner, -1]))
    return out


class EncoderTagging:
    """The exported encoder (`encoder.onnx`, `tokenizer.json` in `path`): label
    probabilities of each word of a segment."""

    def __init__(self, path: Path) -> None:
        from claimscope.models.encoder import load_encoder

        self.session, self.tokenizer = load_encoder(path)

    def probs(self, words: Sequence[str]) -> Any:
        """(words x `LABELS`) probabilities; a word is read at its first piece."""
        out = np.zeros((len(words), len(LABELS)), dtype=np.float32)
        out[:, 0] = 1.0
        for ids, owner in windows(self.tokenizer, words):
            batch = np.array([ids], dtype=np.int64)
            (logits,) = self.session.run(
                None, {"input_ids": batch, "attention_mask": np.ones_like(batch)}
            )
            shifted = logits[0] - logits[0].max(-1, keepdims=True)
            p = np.exp(shifted)
            p /= p.sum(-1, keepdims=True)
            for k, word in enumerate(owner):
                if word >= 0:
                    out[word] = p[k]
        return out
