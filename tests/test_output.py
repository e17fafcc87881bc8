"""The analysis contract: every output validates against the schema, offsets included."""

from __future__ import annotations

import io
from pathlib import Path

import jsonschema
import pytest
from rich.console import Console

from claimscope.document import Document
from claimscope.output import render_report, to_analysis, validate
from claimscope.pipeline import Analyzer
from tests.conftest import EXAMPLES, analyze_text

EXAMPLE_FILES = sorted(
    p for p in EXAMPLES.glob("*") if p.suffix in {".md", ".txt", ".html"} and p.name != "README.md"
)


def test_the_project_ships_several_examples() -> None:
    assert len(EXAMPLE_FILES) >= 5
    assert {p.suffix for p in EXAMPLE_FILES} >= {".md", ".txt", ".html"}


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_every_example_validates_and_yields_events_and_claims(
    analyzer: Analyzer, path: Path
) -> None:
    doc = analyzer.analyze(path.read_bytes(), source_name=str(path))
    validate(to_analysis(doc))
    assert doc.events, "each example reports at least one event"
    assert any(c.source and c.source.kind != "outlet" for c in doc.claims)
    assert_nothing_from_boilerplate(doc)


def assert_nothing_from_boilerplate(doc: Document) -> None:
    for claim in doc.claims:
        assert not doc.in_boilerplate(claim.content.start, claim.content.end), claim
    for event in doc.events:
        for span in event.evidence:
            assert not doc.in_boilerplate(span.start, span.end), event
    for r in doc.rhetoric:
        assert not doc.in_boilerplate(r.start, r.end), r


def test_the_model_input_validates_and_respects_boilerplate(homs: Document) -> None:
    validate(to_analysis(homs))
    assert_nothing_from_boilerplate(homs)


def test_a_wrong_offset_fails_validation(analyzer: Analyzer) -> None:
    analysis = to_analysis(analyze_text(analyzer, "Rebels shelled the town of Bor on Monday."))
    assert analysis["events"]
    analysis["events"][0]["evidence"][0]["start"] += 1
    with pytest.raises(jsonschema.ValidationError):
        validate(analysis)


def test_a_missing_field_fails_validation(analyzer: Analyzer) -> None:
    analysis = to_analysis(analyze_text(analyzer, "Rebels shelled the town of Bor on Monday."))
    del analysis["document"]["publisher"]
    with pytest.raises(jsonschema.ValidationError):
        validate(analysis)


def test_report_prints_markup_in_article_text_literally(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer, "Militants [bold red]attacked[/] a base near Gao, the army said on Monday."
    )
    buffer = io.StringIO()
    render_report(doc, Console(file=buffer, width=160, color_system=None))
    out = buffer.getvalue()
    assert "[bold red]attacked[/]" in out
    assert "Events (" in out and "Claims (" in out
