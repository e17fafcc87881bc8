"""The language layer's sentence boundaries: blank lines, full stops, abbreviated titles."""

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
