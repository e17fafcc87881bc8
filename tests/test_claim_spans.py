"""Claims: span conventions of sources and cues (PolNeAR's), and where a pronoun stays."""

from __future__ import annotations

from claimscope.document import Claim, Document
from claimscope.pipeline import Analyzer
from tests.conftest import analyze_text


def _sources(doc: Document) -> list[str]:
    return [c.source.text for c in doc.claims if c.source is not None and c.cue is not None]


def _with_cue(doc: Document, cue: str) -> Claim:
    found = [c for c in doc.claims if c.cue is not None and c.cue.text == cue]
    assert found, [(c.cue, c.content.text) for c in doc.claims]
    return found[0]


def test_pronoun_stays_when_the_claim_gives_no_event_figures(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "The senator said the budget plan had been rushed through committee. "
        "She said that the proposal would hurt rural schools.",
    )
    claim = next(c for c in doc.claims if "rural schools" in c.content.text)
    assert claim.source is not None and claim.source.text == "She"
    assert doc.text[claim.source.start:claim.source.end] == "She"


def test_dateline_is_not_part_of_the_source(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "BAMAKO, Mali (AP) — The regional governor said that the market would reopen next week.",
    )
    assert "The regional governor" in _sources(doc)


def test_appositive_source_keeps_its_closing_comma(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "Amadou Diallo, a shopkeeper in the old town, said the roads had been closed for days.",
    )
    assert "Amadou Diallo, a shopkeeper in the old town," in _sources(doc)


def test_speaker_turns_of_a_transcript_are_claims(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "KOWALSKI: The convoy left the base before dawn and reached the river by noon.\n\n"
        "MARTIN: Did anyone see the convoy cross the bridge?\n\n"
        "KOWALSKI: Nobody in the village saw it cross.\n",
    )
    turn = _with_cue(doc, ":")
    assert turn.source is not None and turn.source.text == "KOWALSKI"
    assert turn.content.text.startswith("The convoy left the base")


def test_a_label_line_is_not_a_speaker(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "UPDATE: The road to the airport reopened on Thursday morning.\n\n"
        "UPDATE: Flights resumed in the afternoon.\n",
    )
    assert all(c.cue is None or c.cue.text != ":" for c in doc.claims)


def test_a_report_inside_a_quotation_is_not_a_separate_claim(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "The mayor said: “My deputy told me the bridge was safe, and we believed him.”",
    )
    assert "My deputy" not in _sources(doc)
    assert "The mayor" in _sources(doc)


def test_cue_keeps_its_auxiliary(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer, "The ministry has announced that the border crossing will close on Friday."
    )
    assert _with_cue(doc, "has announced").source is not None
