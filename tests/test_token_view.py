"""The token view: each column is the `Token` attribute it is named after."""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

import pytest

from claimscope.config import Settings
from claimscope.lang.token_view import parse_text, span_text, token_view
from claimscope.stages.language import load_spacy

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture(scope="module")
def nlp() -> Any:
    return load_spacy(Settings().spacy_model)


def _attributes(token: Any) -> dict[str, Any]:
    return {
        "text": token.text,
        "lower": token.lower_,
        "lemma_lower": token.lemma_.lower(),
        "pos": token.pos_,
        "tag": token.tag_,
        "dep": token.dep_,
        "head": token.head.i,
        "ent_type": token.ent_type_,
        "ent_iob": token.ent_iob_,
        "is_sent_start": token.is_sent_start,
        "is_title": token.is_title,
        "is_upper": token.is_upper,
        "like_num": token.like_num,
        "children": [c.i for c in token.children],
    }


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Hello",
        '  \n\n "We will not stop," said Lt. Col. JOHN SMITH of al-Shabaab.\n\nIn 2019, 12 died.',
        (EXAMPLES / "sahel-convoy-ambush.md").read_text(encoding="utf-8"),
    ],
)
def test_columns_are_the_token_attributes(nlp: Any, text: str) -> None:
    parsed = nlp(text)
    view = token_view(parsed)
    assert token_view(parsed) is view, "built once per parse"
    for token in parsed:
        for name, wanted in _attributes(token).items():
            got = (
                view.children_of(token.i) if name == "children" else getattr(view, name)[token.i]
            )
            assert got == wanted and type(got) is type(wanted), (token.i, token.text, name)
    assert len(view.text) == len(parsed)


def test_texts_are_the_parse_texts(nlp: Any) -> None:
    parsed = nlp('Gunmen killed 12 people.  "We did it," the group said.\n\nNo one  else spoke. ')
    assert parse_text(parsed) == parsed.text
    assert parse_text(parsed) is parse_text(parsed), "read once per parse"
    for sent in parsed.sents:
        assert span_text(sent) == sent.text
    for ent in parsed.ents:
        assert span_text(ent) == ent.text


def test_a_parse_with_a_view_still_serialises(nlp: Any) -> None:
    parsed = nlp("Gunmen killed 12 people in Djibo.")
    token_view(parsed)
    parse_text(parsed)
    again = pickle.loads(pickle.dumps(parsed))
    assert token_view(again).lower == token_view(parsed).lower
    assert parsed.to_bytes()
