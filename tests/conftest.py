"""Shared fixtures: one analyzer per test session, and the optional ../shared data."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from claimscope.document import Document
from claimscope.pipeline import Analyzer

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def analyzer() -> Analyzer:
    return Analyzer()


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED / "data").is_dir():
        pytest.skip(f"shared data not found at {SHARED} (it is not part of a fresh clone)")
    return SHARED


@pytest.fixture(scope="session")
def homs(analyzer: Analyzer, shared_dir: Path) -> Document:
    path = shared_dir / "examples" / "homs-desert-operation.md"
    return analyzer.analyze(path.read_bytes(), source_name=str(path))


def analyze_text(analyzer: Analyzer, text: str, published: str = "2024-03-12") -> Document:
    return analyzer.analyze(text, source_name="inline.txt", fmt="text", published=published)


class CannedAnalyzer:
    """Stands in for `Analyzer` in scorer tests: `answer(text)` is the analysed document.

    It checks that corpus texts are fed as plain text, as the evaluations must.
    """

    def __init__(self, answer: Callable[[str], Document]) -> None:
        self.answer = answer
        self.sources: list[str] = []

    def analyze(
        self,
        raw: bytes | str,
        *,
        source_name: str = "<input>",
        fmt: str | None = None,
        published: str | None = None,
        url: str | None = None,
    ) -> Document:
        assert isinstance(raw, str) and fmt == "text"
        self.sources.append(source_name)
        return self.answer(raw)
