"""Headlines: Title Case lines, their sentence-cased copy, and the claims read from them."""

from __future__ import annotations

from claimscope.lang.headlines import (
    casing_counts,
    is_title_case,
    sentence_cased,
    standalone_lines,
)
from claimscope.pipeline import Analyzer
from tests.conftest import analyze_text, claim_with_cue

BODY = (
    "The port authority has faced criticism for months. On Tuesday, Governor Alvarez said "
    "the delays cost the region millions, and Alvarez added that the harbour needed cranes."
)


def test_title_case_needs_most_long_words_capitalised() -> None:
    assert is_title_case("Governor Alvarez Slams Port Authority Over Shipping Delays")
    assert is_title_case("Alvarez Talks to Dockers About the Strike")
    assert not is_title_case("Governor Alvarez slams port authority over shipping delays")
    assert not is_title_case("Delays")


def test_sentence_cased_keeps_names_the_document_capitalises() -> None:
    line = "Governor Alvarez Slams Port Authority Over FBI Delays"
    cased = sentence_cased(line, casing_counts(BODY))
    # "Alvarez" is capitalised mid-sentence in the body, "port authority" is not.
    assert cased == "Governor Alvarez slams port authority over FBI delays"
    assert len(cased) == len(line)


def test_sentence_cased_restarts_after_a_label() -> None:
    cased = sentence_cased("Breaking: Officials Confirm Talks", casing_counts(""))
    assert cased == "Breaking: Officials confirm talks"


def test_standalone_lines_are_the_first_line_and_lone_paragraphs() -> None:
    text = "First Line Here\nSecond line of it\n\nA Lone Subheading\n\nText runs on\nover lines."
    lines = [text[s:e] for s, e in standalone_lines(text)]
    assert lines == ["First Line Here", "A Lone Subheading"]


def test_title_case_headline_subject_of_a_cue_verb_is_a_source(analyzer: Analyzer) -> None:
    headline = "Governor Alvarez Slams Port Authority Over Shipping Delays"
    doc = analyze_text(analyzer, headline + "\n\n" + BODY)
    claim = claim_with_cue(doc, "Slams")
    assert claim.source is not None and claim.source.text == "Governor Alvarez"
    assert claim.content.text == "Port Authority Over Shipping Delays"


def test_headline_speaker_before_a_colon_needs_no_entity(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "Okafor: Ceasefire Talks Will Resume Next Week\n\nThe talks stalled in March. "
        "Negotiators met in the capital, and Okafor told reporters that both sides agreed.",
    )
    claim = claim_with_cue(doc, ":")
    assert claim.source is not None and claim.source.text == "Okafor"
    assert claim.content.text.startswith("Ceasefire Talks Will Resume")


def test_headline_labels_and_clauses_before_a_colon_are_no_speakers(analyzer: Analyzer) -> None:
    for headline in (
        "The Latest: Ceasefire Talks Will Resume Next Week",
        "BOOM: Ceasefire Talks Will Resume Next Week",
        "Rebels Reject Offer: Ceasefire Talks Will Not Resume",
        "Image: Regional Press Agency via City Radio",
    ):
        doc = analyze_text(analyzer, headline + "\n\nThe talks stalled in March.")
        colon = [c for c in doc.claims if c.cue is not None and c.cue.text == ":"]
        assert not colon, headline
