"""The default profile's attribution side: a linear head over the rhetoric encoder's states.

The default profile already runs the 2-layer MiniLM of the rhetoric stage over every
article body (`claimscope.rhetoric_model`); its last hidden layer is an output of that
graph. A softmax layer over each word's first-piece vector (and its neighbours') gives the
attribution labels' probabilities, which the tagger mixes with the CRF's marginals as the
accurate profile mixes its own fine-tuned encoder (`AttributionTagger`). The head is fitted
by `scripts/attribution_head.py` on vectors computed exactly as the rhetoric stage
computes them (same windows, same batches: the int8 graph's outputs depend on the batch).

numpy only: no torch, no onnxruntime here (the encoder is the rhetoric model's).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from claimscope.models.attribution_encoder import LABELS

HEAD_FILE = "head.npz"
HEAD_META = "head.json"
FloatArray = npt.NDArray[np.float32]
BoolArray = npt.NDArray[np.bool_]


def token_vectors(
    windows: Sequence[Any], hidden: Sequence[FloatArray], starts: Sequence[int], ends: Sequence[int]
) -> tuple[FloatArray, BoolArray]:
    """Per token [start, end) (document offsets, in text order): the hidden vector of the
    first word piece that overlaps it, and whether there is one (a token outside the
    encoded body has none).

    `windows` are `claimscope.rhetoric_model.Window`s, in text order, and `hidden` their
    piece vectors ([CLS] and [SEP] included, as the encoder returns them)."""
    width = hidden[0].shape[1] if hidden else 0
    n = len(starts)
    out = np.zeros((n, width), dtype=np.float32)
    has = np.zeros(n, dtype=bool)
    if not windows or n == 0:
        return out, has
    p_start = np.concatenate([np.asarray(w.starts[1:-1], dtype=np.int64) for w in windows])
    p_end = np.concatenate([np.asarray(w.ends[1:-1], dtype=np.int64) for w in windows])
    vecs = np.concatenate([h[1 : len(w.ids) - 1] for w, h in zip(windows, hidden, strict=True)])
    keep = p_end > p_start
    p_start, p_end, vecs = p_start[keep], p_end[keep], vecs[keep]
    if len(p_start) == 0:
        return out, has
    t_start = np.asarray(starts, dtype=np.int64)
    t_end = np.asarray(ends, dtype=np.int64)
    # Pieces come in text order, so their ends are sorted: the first piece ending after a
    # token's start is the first that can overlap it.
    first = np.searchsorted(p_end, t_start, side="right")
    inside = first < len(p_start)
    first = np.minimum(first, len(p_start) - 1)
    has = inside & (p_start[first] < t_end)
    out[has] = vecs[first[has]]
    return out, has


def parse_vectors(encoded: Any, parsed: Any, offset: int) -> tuple[FloatArray, BoolArray]:
    """`token_vectors` for every token of a spaCy parse whose first character is at `offset`
    in the encoded text (`encoded`: a `claimscope.rhetoric_model.Encoded`)."""
    starts = [offset + t.idx for t in parsed]
    ends = [offset + t.idx + len(t) for t in parsed]
    return token_vectors(encoded.windows, encoded.hidden, starts, ends)


def head_inputs(vectors: FloatArray, context: int) -> FloatArray:
    """The head's input rows for one segment: each token's vector, then those of the
    `context` tokens before and after it (zeros past the segment's ends)."""
    parts = [vectors]
    n, width = vectors.shape
    for d in range(1, context + 1):
        before = np.zeros_like(vectors)
        after = np.zeros_like(vectors)
        if d < n:
            before[d:] = vectors[:-d]
            after[:-d] = vectors[d:]
        parts.extend([before, after])
    return np.concatenate(parts, axis=1) if context else vectors.reshape(n, width)


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


class TokenHead:
    """A softmax layer over `head_inputs` (`head.npz`: `coef` labels x inputs, `bias`; with
    `hidden_coef` / `hidden_bias`, over a ReLU layer of them), the share `weight` it takes in
    the mix with the CRF, and the encoder it was fitted on."""

    def __init__(self, coef: FloatArray, bias: FloatArray, context: int, weight: float,
                 encoder: str = "", encoder_digest: str = "",
                 hidden_coef: FloatArray | None = None,
                 hidden_bias: FloatArray | None = None) -> None:
        if coef.shape[0] != len(LABELS) or bias.shape != (len(LABELS),):
            raise ValueError("attribution head: its labels are not the tagger's")
        if hidden_coef is not None and (
            hidden_bias is None or hidden_coef.shape[0] != coef.shape[1]
            or hidden_bias.shape != (coef.shape[1],)
        ):
            raise ValueError("attribution head: its two layers do not match")
        self.coef = coef
        self.bias = bias
        self.hidden_coef = hidden_coef
        self.hidden_bias = hidden_bias
        self.context = context
        self.weight = weight
        self.encoder = encoder
        self.encoder_digest = encoder_digest

    @classmethod
    def load(cls, model_dir: Path) -> TokenHead:
        meta = json.loads((model_dir / HEAD_META).read_text(encoding="utf-8"))
        if tuple(meta["labels"]) != LABELS:
            raise ValueError("attribution head: its labels are not the tagger's")
        with np.load(model_dir / HEAD_FILE, allow_pickle=False) as arrays:
            coef = arrays["coef"].astype(np.float32)
            bias = arrays["bias"].astype(np.float32)
            layer = "hidden_coef" in arrays
            hidden_coef = arrays["hidden_coef"].astype(np.float32) if layer else None
            hidden_bias = arrays["hidden_bias"].astype(np.float32) if layer else None
        return cls(coef, bias, int(meta["context"]), float(meta["weight"]),
                   str(meta["encoder"]), str(meta["encoder_digest"]), hidden_coef, hidden_bias)

    def check_encoder(self, models_dir: Path) -> None:
        """Fail unless the encoder it was fitted on is the one under `models_dir`: vectors of
        a retrained rhetoric encoder mean nothing to this head."""
        path = models_dir / self.encoder / "encoder.onnx"
        if not path.is_file() or file_digest(path) != self.encoder_digest:
            raise ValueError(
                f"attribution head: fitted on another {self.encoder} encoder; refit it with "
                "scripts/attribution_head.py"
            )

    def probs(self, vectors: FloatArray) -> FloatArray:
        """(tokens x `LABELS`) probabilities for one segment's token vectors."""
        x = head_inputs(vectors, self.context)
        if self.hidden_coef is not None and self.hidden_bias is not None:
            x = np.maximum(x @ self.hidden_coef.T + self.hidden_bias, 0.0)
        logits = x @ self.coef.T + self.bias
        z = np.exp(logits - logits.max(axis=1, keepdims=True))
        out: FloatArray = (z / z.sum(axis=1, keepdims=True)).astype(np.float32)
        return out

    def mix(self, crf: Any, vectors: FloatArray, has: BoolArray) -> Any:
        """The CRF's marginals (tokens x `LABELS`) mixed with the head's probabilities; a
        token with no vector keeps the CRF's alone."""
        if not has.any():
            return crf
        mine = self.probs(vectors)
        w = np.where(has, self.weight, 0.0)[:, None]
        return w * mine + (1.0 - w) * crf
