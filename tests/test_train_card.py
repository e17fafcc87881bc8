"""Retraining the attribution or roles tagger rewrites only the generated block of its CARD.md."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from claimscope.train import cards
from claimscope.train.attribution import (
    CARD_END,
    CARD_START,
    CRF_PARAMS,
    card_block,
    card_template,
    generated_span,
    update_card,
)
from claimscope.train.cards import CardMarkerError
from claimscope.train.roles import card_block as roles_card

MODELS = Path(__file__).resolve().parents[1] / "src/claimscope/data/models"
CARD = MODELS / "attribution/CARD.md"
ROLES_CARD = MODELS / "roles/CARD.md"


def _meta(source_f1: float, date: str = "2030-01-02") -> dict[str, Any]:
    return {
        "crf_params": CRF_PARAMS,
        "lexicon_size": 1234,
        "seed": 13,
        "train_docs": 840,
        "dev": {"source_f1": source_f1, "train_seconds": 12.5},
        "date": date,
    }


def test_hand_written_sections_survive_and_the_generated_block_is_replaced() -> None:
    first = update_card(None, card_block(_meta(0.5, "2029-05-05"), 2_400_000))
    head = "<!-- hand-written preface -->\n"
    notes = "\n\n## Error analysis (by hand)\n\nSources with titles are cut.\n"
    start, end = generated_span(first) or (0, 0)
    edited = head + first[:end] + notes + first[end:]

    again = update_card(edited, card_block(_meta(0.75), 3_100_000))

    assert again.startswith(head)
    assert "## Error analysis (by hand)\n\nSources with titles are cut.\n" in again
    assert again.count(CARD_START) == again.count(CARD_END) == 1
    assert "| source_f1 | 0.75 |" in again and "| source_f1 | 0.5 |" not in again
    assert "Date: 2030-01-02" in again and "2029-05-05" not in again
    assert "is 3.1 MB" in again and "is 2.4 MB" not in again
    # Outside the block, not one character changed.
    span = generated_span(again)
    assert span is not None
    assert again[: span[0]] == edited[: len(head) + start]
    assert again[span[1] :] == edited[len(head) + end :]


def test_a_new_card_is_the_template_with_markers() -> None:
    block = card_block(_meta(0.6), 2_000_000)
    card = update_card(None, block)
    assert card == card_template(block)
    span = generated_span(card)
    assert span is not None and card[span[0] : span[1]] == block
    assert card.startswith(CARD_START + "\n# attribution:")
    assert json.dumps(CRF_PARAMS) in card
    # The template's notes are outside the block: a retraining keeps them, edits and all.
    assert "Through the whole claims stage" in card[span[1] :]
    assert update_card(card, block) == card


def test_a_card_without_markers_gets_the_template() -> None:
    block = card_block(_meta(0.6), 2_000_000)
    assert update_card("# an old card\n\nno markers here\n", block) == card_template(block)


@pytest.mark.parametrize(
    "card",
    [
        f"{CARD_START}\nno end\n",
        f"no start\n{CARD_END}\n",
        f"{CARD_END}\nreversed\n{CARD_START}\n",
        f"{CARD_START}\na\n{CARD_END}\n{CARD_START}\nb\n{CARD_END}\n",
    ],
)
def test_broken_markers_are_refused_rather_than_guessed(card: str) -> None:
    with pytest.raises(CardMarkerError):
        update_card(card, card_block(_meta(0.6), 2_000_000))


def test_the_shipped_card_keeps_its_hand_written_sections_on_retraining() -> None:
    shipped = CARD.read_text("utf-8")
    span = generated_span(shipped)
    assert span is not None
    block = shipped[span[0] : span[1]]
    assert json.dumps(CRF_PARAMS) in block and "| train_seconds |" in block
    again = update_card(shipped, card_block(_meta(0.8), 2_400_000))
    assert again[: span[0]] == shipped[: span[0]]
    assert again.endswith(shipped[span[1] :])
    for section in (
        "## How c1 / c2 / minfreq were chosen (issue 3)",
        "## What was tried for source F1 on 2026-12-02 (issue 3)",
        "| dev, whole claims stage |",
    ):
        assert section in again
    assert "| source_f1 | 0.8 |" in again


def test_retraining_roles_rewrites_only_the_generated_block_of_its_card() -> None:
    shipped = ROLES_CARD.read_text("utf-8")
    span = cards.generated_span(shipped, "roles")
    assert span is not None
    meta = {
        "train_docs": 1300, "crf_params": {"c1": 0.05}, "seed": 13, "date": "2030-01-02",
        "dev": {"micro_f1": 0.9},
    }
    model = ROLES_CARD.parent / "roles.crfsuite"
    again = cards.update_card(shipped, roles_card(meta, model), "roles")
    assert "| micro_f1 | 0.9 |" in again and "2030-01-02" in again
    assert again[: span[0]] == shipped[: span[0]]
    assert again.endswith(shipped[span[1] :])
    assert "## Pipeline score" in shipped[span[1] :]
