"""`claimscope eval actors`: the WikiEvents reader and the head-in-phrase actor scorer."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from claimscope.document import Actor, Document, Event, Span
from claimscope.eval.actors import evaluate, iter_wikievents, predicted_actors, score_slot
from claimscope.eval.report import ReadStats


def _record() -> dict[str, Any]:
    sentences = [
        "Car bomb kills two guards in Gao",
        "Militants of the Sahel Front detonated a car bomb at the gate.",
        "Two guards died and a trader was injured.",
    ]
    tokens = [s.rstrip(".").split() + (["."] if s.endswith(".") else []) for s in sentences]
    flat = [t for sentence in tokens for t in sentence]

    def at(word: str, nth: int = 0) -> tuple[int, int]:
        index = [i for i, t in enumerate(flat) if t == word][nth]
        return index, index + 1

    mentions = {
        "T1": at("Militants"), "T2": at("gate"), "T3": at("guards", 1), "T4": at("trader"),
        "T5": at("Gao"),
    }
    return {
        "doc_id": "gao_1",
        "tokens": flat,
        "text": "".join(sentences),  # run together, as the corpus has it
        "sentences": [
            [[[t, 0, 0] for t in ts], s] for ts, s in zip(tokens, sentences, strict=True)
        ],
        "entity_mentions": [
            {"id": k, "start": a, "end": b, "text": flat[a]} for k, (a, b) in mentions.items()
        ],
        "event_mentions": [
            {"event_type": "Conflict.Attack.DetonateExplode", "arguments": [
                {"entity_id": "T1", "role": "Attacker"}, {"entity_id": "T2", "role": "Target"},
                {"entity_id": "T5", "role": "Place"}]},
            {"event_type": "Life.Die.Unspecified", "arguments": [
                {"entity_id": "T3", "role": "Victim"}]},
            {"event_type": "Life.Injure.Unspecified", "arguments": [
                {"entity_id": "T4", "role": "Victim"}]},
            {"event_type": "Contact.Contact.Broadcast", "arguments": [
                {"entity_id": "T1", "role": "Communicator"}]},
        ],
    }


def test_reader_rebuilds_the_text_and_keeps_attack_roles(tmp_path: Path) -> None:
    path = tmp_path / "dev.jsonl"
    path.write_text(json.dumps(_record()) + "\n{broken\n", encoding="utf-8")
    stats = ReadStats()
    [doc] = list(iter_wikievents(path, stats))
    assert stats.skipped == 1
    assert doc.text.startswith("Car bomb kills two guards in Gao\n\nMilitants of the Sahel")
    assert "gate. Two guards died" in doc.text
    assert sorted((a.slot, a.text) for a in doc.arguments) == [
        ("perpetrator", "Militants"), ("victim", "gate"), ("victim", "guards"),
        ("victim", "trader"),
    ]


def test_an_actor_covers_the_head_words_of_an_argument() -> None:
    # Both actors cover "militants" (one argument); "guardsmen" is not "guards".
    assert score_slot(["the Sahel Front's militants", "militants"], ["Militants"]) == (2, 2, 1, 1)
    assert score_slot(["two guards", "a trader"], ["guards", "trader", "gate"]) == (2, 2, 2, 3)
    assert score_slot(["guardsmen"], ["guards"]) == (0, 1, 0, 1)
    assert score_slot([], ["guards"]) == (0, 0, 0, 1)


class _Canned:
    def analyze(self, text: str, **_: Any) -> Document:
        start = text.index("Militants")
        militants = Actor("Militants of the Sahel Front", start, start + 28)
        guards = text.index("Two guards")
        event = Event("event1", "Explosions/Remote violence", "Remote explosive/landmine/IED",
                      militants, Actor("Two guards", guards, guards + 10), None, None, [], 2,
                      "occurred", [Span("", start, start + 10)])
        return Document(text=text, events=[event])


def test_evaluate_scores_both_slots(tmp_path: Path) -> None:
    path = tmp_path / "dev.jsonl"
    path.write_text(json.dumps(_record()) + "\n", encoding="utf-8")
    result = evaluate(path, _Canned())  # type: ignore[arg-type]
    assert result["task"] == "actors" and result["n_docs"] == 1
    assert result["perpetrator_precision"] == 1.0 and result["perpetrator_recall"] == 1.0
    # one of three victims (guards; not the gate nor the trader), by one right actor
    assert result["victim_precision"] == 1.0
    assert result["victim_recall"] == pytest.approx(1 / 3)
    assert result["recall"] == pytest.approx(2 / 4) and result["precision"] == 1.0


def test_predicted_actors_include_associated_actors() -> None:
    event = Event("e1", "Battles", "Armed clash", Actor("JNIM", 0, 4, associated=[
        Span("ISGS", 9, 13)]), None, None, None, [], 0, "occurred", [])
    doc = Document(text="JNIM and ISGS clashed.", events=[event])
    assert predicted_actors(doc) == {"perpetrator": ["JNIM", "ISGS"], "victim": []}
