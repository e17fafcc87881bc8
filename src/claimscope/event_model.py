"""The event-type classifier: a frozen, truncated MiniLM sentence encoder (int8 ONNX) and a
linear head over ACLED sub-event types plus the classes that are no ACLED event.

The events stage finds candidate sentences with its trigger words; this model decides
which sub-event type, if any, a candidate reports. It reads the sentence (its training
examples are single sentences or short notes) and the sub-type of the sentence's trigger
word as the rules alone would give it (no refinement): the encoder's
mean pooled, L2-normalised output and a scaled one-hot of that trigger type feed a
multinomial logistic head run in numpy.

Inference needs only `onnxruntime`, `tokenizers` and numpy; training
(`claimscope.train.event_types`, torch) writes `encoder.onnx`, `tokenizer.json`,
`head.npz` and `meta.json`, and never sees the CASE 2021 file it is scored on.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from claimscope.errors import ConfigError
from claimscope.models.encoder import load_encoder

MODEL_DIR = Path(__file__).parent / "data" / "models" / "event_types"
MODEL_VERSION = 1
MAX_PIECES = 96
PAD_ID = 0
HIDDEN = 384
# The non-event classes' share of the probability at which a candidate is no event.
NON_EVENT_MASS = 0.5
# The head's classes that are no ACLED event: the sentence reports diplomacy, blame, a
# disaster, crime or nothing that happened. They all mean "no event".
NON_EVENT_CLASSES: frozenset[str] = frozenset({
    "Diplomacy", "Attribution", "Natural disaster", "Man-made disaster", "Organised crime",
    "Non-event",
})
FloatArray = npt.NDArray[np.float32]


class EventTypeModel:
    """The loaded encoder session, tokenizer and linear head."""

    def __init__(
        self, session: Any, tokenizer: Any, coef: FloatArray, bias: FloatArray,
        labels: Sequence[str], triggers: Sequence[str], trigger_scale: float,
    ) -> None:
        if coef.ndim != 2 or coef.shape[0] != len(labels) or bias.shape != (len(labels),):
            raise ValueError("event-type model: the head does not match the labels")
        if coef.shape[1] != HIDDEN + len(triggers) + 1:
            raise ValueError("event-type model: the head does not match the trigger types")
        self.session = session
        self.tokenizer = tokenizer
        self.coef = coef
        self.bias = bias
        self.labels = tuple(labels)
        self.triggers = tuple(triggers)
        self.trigger_scale = trigger_scale

    @classmethod
    def load(cls, path: Path = MODEL_DIR) -> EventTypeModel:
        meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
        if meta.get("version") != MODEL_VERSION:
            raise ValueError(f"event-type model version {meta.get('version')} != {MODEL_VERSION}")
        session, tokenizer = load_encoder(path)
        tokenizer.enable_truncation(MAX_PIECES)
        with np.load(path / "head.npz", allow_pickle=False) as arrays:
            coef = arrays["coef"].astype(np.float32)
            bias = arrays["bias"].astype(np.float32)
        return cls(
            session, tokenizer, coef, bias, meta["labels"], meta["triggers"],
            float(meta["trigger_scale"]),
        )

    def embed(self, texts: Sequence[str]) -> FloatArray:
        """Mean-pooled, L2-normalised sentence vectors, one row per text."""
        if not texts:
            return np.zeros((0, HIDDEN), dtype=np.float32)
        out = np.zeros((len(texts), HIDDEN), dtype=np.float32)
        # One text per run: the int8 encoder quantises its activations over the whole batch,
        # so a batched sentence's vector (and a borderline type) moved with the sentences
        # it was batched with, by up to 0.02 a dimension. Alone it reads the same in every
        # document, at about the same speed.
        for i, text in enumerate(texts):
            ids = np.array([self.tokenizer.encode(text).ids], dtype=np.int64)
            (pooled,) = self.session.run(
                None, {"input_ids": ids, "attention_mask": np.ones_like(ids)}
            )
            out[i] = pooled[0]
        return out

    def features(self, vectors: FloatArray, triggers: Sequence[str | None]) -> FloatArray:
        """Sentence vectors with the scaled one-hot of each one's trigger type (the last
        column: no trigger, or one the model does not know)."""
        onehot = np.zeros((len(triggers), len(self.triggers) + 1), dtype=np.float32)
        for row, trigger in enumerate(triggers):
            col = self.triggers.index(trigger) if trigger in self.triggers else len(self.triggers)
            onehot[row, col] = self.trigger_scale
        return np.hstack([vectors, onehot])

    def probs_of(self, features: FloatArray) -> FloatArray:
        logits = features @ self.coef.T + self.bias
        logits -= logits.max(axis=1, keepdims=True)
        e = np.exp(logits)
        probs: FloatArray = (e / e.sum(axis=1, keepdims=True)).astype(np.float32)
        return probs

    def probs(self, texts: Sequence[str], triggers: Sequence[str | None]) -> FloatArray:
        """Class probabilities (columns in `labels` order), one row per text."""
        if len(texts) != len(triggers):
            raise ValueError("event-type model: one trigger type per text")
        return self.probs_of(self.features(self.embed(texts), triggers))

    def classify(
        self, texts: Sequence[str], triggers: Sequence[str | None]
    ) -> list[tuple[str | None, float]]:
        """Each text's ACLED sub-event type (None: no event) and its probability.

        The model decides what the rules' refinements used to: which sub-type of the
        trigger's family (`family`) the sentence reports, and whether it is an event at
        all (no event where the non-event classes hold at least half the probability).
        A text without a trigger word (a sentence that only says someone was killed) is
        an armed clash or an attack, never vetoed.
        """
        return self.decide(self.probs(texts, triggers), triggers)

    def decide(
        self, probs: FloatArray, triggers: Sequence[str | None]
    ) -> list[tuple[str | None, float]]:
        """`classify` on class probabilities already computed."""
        non_event = np.array([label in NON_EVENT_CLASSES for label in self.labels])
        out: list[tuple[str | None, float]] = []
        for row, trigger in zip(probs, triggers, strict=True):
            mass = float(row[non_event].sum())
            # A killing without a trigger word passed the rules' accident and disaster
            # checks (ACLED's codebook): the model only tells a clash from an attack.
            if mass >= NON_EVENT_MASS and trigger is not None:
                out.append((None, mass))
                continue
            allowed = family(trigger)
            best = max(
                (i for i, label in enumerate(self.labels) if label in allowed),
                key=lambda i: float(row[i]),
                default=None,
            )
            if best is None:
                out.append((trigger, 1.0 - mass))
            else:
                out.append((self.labels[best], float(row[best])))
        return out


# Sub-types that one trigger word can stand for, depending on the rest of the sentence:
# fighting over ground or people, the weapon of remote violence, how a crowd behaved or was
# met. A strategic development's trigger ("established a base", "arrested") names its type.
_FAMILIES: tuple[frozenset[str], ...] = (
    frozenset({
        "Armed clash", "Government regains territory", "Non-state actor overtakes territory",
        "Non-violent transfer of territory", "Attack", "Abduction/forced disappearance",
        "Sexual violence",
    }),
    frozenset({
        "Air/drone strike", "Shelling/artillery/missile attack", "Remote explosive/landmine/IED",
        "Grenade", "Suicide bomb", "Chemical weapon",
    }),
    frozenset({
        "Peaceful protest", "Protest with intervention", "Excessive force against protesters",
        "Violent demonstration", "Mob violence",
    }),
)
_KILLING = frozenset({"Armed clash", "Attack"})


def family(trigger: str | None) -> frozenset[str]:
    """The sub-types the model may choose among for a trigger of this sub-type."""
    if trigger is None:
        return _KILLING
    return next((f for f in _FAMILIES if trigger in f), frozenset({trigger}))


@cache
def default_model(name: str = MODEL_DIR.name) -> EventTypeModel:
    """A packaged model (`name` is its directory under `data/models/`), loaded once per
    process. A missing one is a broken install, said before any document is read."""
    try:
        return EventTypeModel.load(MODEL_DIR.parent / name)
    except FileNotFoundError as exc:
        raise ConfigError(f"the event-type model {name!r} is not installed: {exc}") from exc
