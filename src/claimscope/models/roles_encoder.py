"""The role tagger's MiniLM side: per-token probabilities of the MUC-4 role labels.

The first layers of all-MiniLM-L6-v2, fine-tuned on MUC-4 train as a token tagger (a linear
layer over each word's first word piece; `scripts/roles_encoder.py`), run as int8 ONNX.
`RoleTagger` mixes its probabilities with the CRF's per-token marginals and takes the best
well-formed BIO path when a profile's role model directory holds `encoder.onnx`. None does:
the fits tried raised held-out train but lowered MUC-4 dev through the pipeline (roles
`CARD.md`, 2026-12-07).

A document's sentences are packed whole, in order, into windows of at most `MAX_PIECES`
pieces, at training as at run time, so that a sentence is read with its neighbours ("the
victims" of one sentence named in the one before). This module imports numpy only
(onnxruntime and tokenizers when a model is loaded): the training script loads it by path in
a venv without the project's run-time packages.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

# `models.roles.ROLES`, repeated so that this module needs nothing of the package (a test
# checks that they agree); the order of the encoder's output layer.
ROLES = ("PerpInd", "PerpOrg", "Target", "Victim", "Weapon")
LABELS = ("O", *(f"{tag}-{role}" for role in ROLES for tag in "BI"))
MAX_PIECES = 256  # per window, [CLS] and [SEP] included
# Word pieces kept of one word: a longer "word" (a run of symbols) is cut.
_MAX_WORD_PIECES = 16
_CLS, _SEP = 101, 102
# Share of the encoder in the mixed per-token probabilities (the CRF has the rest); chosen for
# fit 2 on held-out train fold 0 among 0.3 / 0.5 / 0.7 (roles `CARD.md`).
ENCODER_WEIGHT = 0.7
ENCODER_FILE = "encoder.onnx"

# (piece ids with [CLS]/[SEP], for each piece the document-wide index of the word it begins
# or -1: [CLS]/[SEP], a word's later pieces), and the sentences the window holds.
Window = tuple[list[int], list[int], list[int]]


def pack(tokenizer: Any, sentences: Sequence[Sequence[str]]) -> list[Window]:
    """Windows over a document's sentences (each a list of words). Whole sentences go in
    order into a window while it holds at most `MAX_PIECES` pieces; a longer sentence is cut
    at word boundaries. Blank words (spaCy's whitespace tokens) get no piece: they are O."""
    flat = [w for words in sentences for w in words]
    fed = [k for k, w in enumerate(flat) if w.strip()]
    encoded = tokenizer.encode_batch(
        [[flat[k]] for k in fed], is_pretokenized=True, add_special_tokens=False
    ) if fed else []
    pieces_of: dict[int, list[int]] = {
        k: (enc.ids[:_MAX_WORD_PIECES] or [100]) for k, enc in zip(fed, encoded, strict=True)
    }
    room = MAX_PIECES - 2
    out: list[Window] = []
    ids: list[int] = []
    owner: list[int] = []
    held: list[int] = []

    def close() -> None:
        nonlocal ids, owner, held
        if ids:
            out.append(([_CLS, *ids, _SEP], [-1, *owner, -1], held))
        ids, owner, held = [], [], []

    start = 0
    for s, words in enumerate(sentences):
        size = sum(len(pieces_of.get(k, ())) for k in range(start, start + len(words)))
        if ids and len(ids) + size > room:
            close()
        for k in range(start, start + len(words)):
            pieces = pieces_of.get(k)
            if pieces is None:
                continue
            if len(ids) + len(pieces) > room:
                close()
            if not held or held[-1] != s:
                held.append(s)
            ids.extend(pieces)
            owner.extend([k] + [-1] * (len(pieces) - 1))
        start += len(words)
    close()
    return out


class RoleEncoder:
    """The exported encoder (`encoder.onnx`, `tokenizer.json` in `path`)."""

    def __init__(self, path: Path) -> None:
        from claimscope.models.encoder import load_encoder

        self.session, self.tokenizer = load_encoder(path)

    def probs(
        self, sentences: Sequence[Sequence[str]], wanted: Sequence[bool] | None = None
    ) -> list[Any]:
        """Per sentence, (words x `LABELS`) probabilities, a word read at its first piece;
        only windows holding a `wanted` sentence are run (the others' rows say O)."""
        offsets = np.cumsum([0, *(len(w) for w in sentences)])
        out = np.zeros((int(offsets[-1]), len(LABELS)), dtype=np.float32)
        out[:, 0] = 1.0
        for ids, owner, held in pack(self.tokenizer, sentences):
            if wanted is not None and not any(wanted[s] for s in held):
                continue
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
        return [out[offsets[s] : offsets[s + 1]] for s in range(len(sentences))]
