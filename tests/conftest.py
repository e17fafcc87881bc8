"""Shared fixtures: one analyzer per test session, and the optional ../shared data."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from claimscope.document import Claim, Document
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


def claim_with_cue(doc: Document, cue: str) -> Claim:
    """The first claim whose cue reads `cue` (any case); fails listing the claims there are."""
    found = [c for c in doc.claims if c.cue is not None and c.cue.text.lower() == cue.lower()]
    assert found, f"no claim with cue {cue!r}: {[(c.cue, c.content.text) for c in doc.claims]}"
    return found[0]


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


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database of each kind: a SQLite file, and a new PostgreSQL database on the
    server named by CLAIMSCOPE_TEST_PG (`.ci/run` starts one with scripts/pg-test-server)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
        return
    server = os.environ.get("CLAIMSCOPE_TEST_PG")
    if not server:
        pytest.skip("no PostgreSQL server: set CLAIMSCOPE_TEST_PG (see scripts/pg-test-server)")
    import sqlalchemy

    name = f"claimscope_test_{uuid.uuid4().hex[:12]}"
    admin = sqlalchemy.create_engine(
        server.replace("postgresql://", "postgresql+psycopg://", 1), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as conn:
        conn.execute(sqlalchemy.text(f'CREATE DATABASE "{name}"'))
    url = server.rsplit("/", 1)[0] + "/" + name
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(sqlalchemy.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
