"""The language layer: sentence boundaries (blank lines, full stops, abbreviated titles) and
the armed-group entity ruler."""

from __future__ import annotations

import pytest

from claimscope.config import Settings
from claimscope.stages.language import load_spacy


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        (
            "The attack was confirmed by Army Capt. Christian Pardo on Monday.",
            ["The attack was confirmed by Army Capt. Christian Pardo on Monday."],
        ),
        (
            "Sources said Lt. Gov. Eric Holcomb would run. He declined.",
            ["Sources said Lt. Gov. Eric Holcomb would run.", "He declined."],
        ),
        (
            "Troops withdrew towards Mayadeen. ISIS then attacked the convoy.",
            ["Troops withdrew towards Mayadeen.", "ISIS then attacked the convoy."],
        ),
        ("A heading\n\nBody text here.", ["A heading", "Body text here."]),
    ],
)
def test_sentence_boundaries(text: str, sentences: list[str]) -> None:
    parsed = load_spacy(Settings().spacy_model)(text)
    assert [s.text.strip() for s in parsed.sents] == sentences


def test_armed_groups_match_in_any_case_but_word_acronyms_only_as_written() -> None:
    parsed = load_spacy(Settings().spacy_model)(
        "What is clear is that IS fighters and al-shabaab gunmen attacked, a pdf says."
    )
    groups = [e.text for e in parsed.ents if e.label_ == "ARMED_GROUP"]
    assert groups == ["IS", "al-shabaab"]
