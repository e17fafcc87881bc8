"""The encoder role tagger: windows, pieces -> words -> character spans, and a trained model.

The encoder is not shipped (it scores below the CRF); the tests of a trained one run when
`CLAIMSCOPE_ROLE_ENCODER` names its directory (`python -m claimscope.train.roles --encoder`).
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import numpy as np
import pytest

from claimscope.config import Settings
from claimscope.document import Event
from claimscope.eval.roles import predicted_roles
from claimscope.models.roles_encoder import (
    ENCODER_FILE,
    LABELS,
    Word,
    WordWindow,
    decode_tagged,
    load_encoder_tagger,
    make_windows,
    word_labels,
    word_probs,
)
from claimscope.pipeline import Analyzer
from claimscope.rhetoric_model import CLS_ID, MAX_PIECES, SEP_ID, Window
from claimscope.rhetoric_model import MODEL_DIR as RHETORIC_DIR
from claimscope.stages import roles as roles_stage

ENCODER_DIR = Path(os.environ.get("CLAIMSCOPE_ROLE_ENCODER", "/nonexistent"))
needs_model = pytest.mark.skipif(
    not (ENCODER_DIR / ENCODER_FILE).is_file(),
    reason="no trained role encoder: set CLAIMSCOPE_ROLE_ENCODER to its directory",
)
# The same all-MiniLM-L6-v2 word pieces as the shipped rhetoric model.
TOKENIZER = RHETORIC_DIR / "tokenizer.json"


def _words(text: str) -> list[Word]:
    out, pos = [], 0
    for token in text.split():
        start = text.index(token, pos)
        out.append(Word(token, start, start + len(token)))
        pos = start + len(token)
    return out


def _onehot(label: str, p: float = 0.9) -> list[float]:
    row = [(1 - p) / (len(LABELS) - 1)] * len(LABELS)
    row[LABELS.index(label)] = p
    return row


def test_pieces_become_word_labels_then_character_spans() -> None:
    text = "rebels of the fmln , killed two guards ."
    words = _words(text)
    # Pieces: [CLS] rebels of the fm ##ln , killed two guard ##s . [SEP]; the label of a
    # word is read at its first piece, so "##ln" and "##s" say nothing.
    first = [1, 2, 3, 4, 6, 7, 8, 9, 11]
    piece_labels = ["O", "B-PerpInd", "O", "O", "B-PerpOrg", "B-Weapon", "O", "O", "O",
                    "I-Victim", "O", "O", "O"]
    probs = np.array([_onehot(lab) for lab in piece_labels], dtype=np.float32)
    n = len(piece_labels)
    window = WordWindow(Window([0] * n, [0] * n, [0] * n), words, first)
    per_word = word_probs(window, probs)
    assert word_labels(per_word, 0.5) == [
        "B-PerpInd", "O", "O", "B-PerpOrg", "O", "O", "O", "I-Victim", "O"
    ]
    found = decode_tagged([(window, per_word)], text, 0.5)
    assert [(m.role, m.text) for m in found] == [
        ("PerpInd", "rebels"), ("PerpOrg", "fmln"), ("Victim", "guards")
    ]
    for m in found:
        assert text[m.start : m.end] == m.text
    # `O` must reach the threshold to win: below it, the likeliest role label does.
    per_word[1] = _onehot("O", 0.45)
    per_word[1, LABELS.index("I-PerpInd")] = 0.4
    assert decode_tagged([(window, per_word)], text, 0.5)[0].text == "rebels of"
    assert decode_tagged([(window, per_word)], text, 0.4)[0].text == "rebels"


def test_a_word_without_pieces_is_outside() -> None:
    words = _words("a \x07 b")
    window = WordWindow(Window([0, 0, 0, 0], [0] * 4, [0] * 4), words, [1, -1, 2])
    probs = np.array([_onehot("O"), _onehot("B-Victim"), _onehot("B-Victim"), _onehot("O")],
                     dtype=np.float32)
    assert word_labels(word_probs(window, probs), 0.5) == ["B-Victim", "O", "B-Victim"]


@cache
def _tokenizer() -> object:
    from tokenizers import Tokenizer

    return Tokenizer.from_file(str(TOKENIZER))


@pytest.mark.skipif(not TOKENIZER.is_file(), reason="rhetoric model's tokenizer.json missing")
def test_windows_map_each_word_to_its_first_piece_and_respect_the_size() -> None:
    text = "The FMLN's urban-guerrillas attacked Usulután. " * 30
    sentences = [_words(s + " .") for s in text.split(" . ") if s.strip()]
    sentences = [[Word(w.text, w.start, w.end) for w in sent] for sent in sentences]
    tokenizer = _tokenizer()
    windows = make_windows(tokenizer, sentences)
    assert len(windows) > 1
    assert [w for win in windows for w in win.words] == [w for s in sentences for w in s]
    for win in windows:
        ids = win.window.ids
        assert len(ids) <= MAX_PIECES and ids[0] == CLS_ID and ids[-1] == SEP_ID
        for word, k in zip(win.words, win.first, strict=True):
            # The first piece starts where its word starts (pieces are lower-cased).
            assert win.window.starts[k] == word.start
            piece = tokenizer.id_to_token(ids[k])  # type: ignore[attr-defined]
            assert word.text.lower().startswith(piece) or piece == "[UNK]"


@cache
def _language() -> Analyzer:
    return Analyzer(Settings(stages=("language",)))


@needs_model
def test_trained_encoder_finds_perpetrator_victim_and_weapon() -> None:
    text = (
        "fmln urban guerrillas shot and killed mayor jose ramirez with machineguns "
        "in san salvador yesterday."
    )
    parsed = _language().analyze(text, fmt="text").scratch["spacy"]
    found = {(m.role, m.text) for m in load_encoder_tagger(ENCODER_DIR).mentions(parsed)}
    roles = {role for role, _ in found}
    assert {"Victim", "Weapon"} <= roles and roles & {"PerpInd", "PerpOrg"}
    # The victim's name (a 2-layer encoder may mark only part of it), never as perpetrator.
    assert any(role == "Victim" and ("ramirez" in t or "jose" in t) for role, t in found)
    assert any(role == "Weapon" and "machinegun" in t for role, t in found)
    assert not any(role in ("PerpInd", "PerpOrg") and "ramirez" in t for role, t in found)


@needs_model
def test_stage_reads_only_paragraphs_with_evidence() -> None:
    text = (
        "Guerrillas of the FMLN killed mayor Jose Ramirez with machineguns.\n\n"
        "Urban commandos dynamited a power pylon with dynamite in another town."
    )
    doc = _language().analyze(text, fmt="text")
    first = doc.sentences[0]
    doc.events = [
        Event("event1", "Violence against civilians", "Attack", None, None, None, None, [], 0,
              "occurred", [doc.span(first.start, first.end)])
    ]
    tagger = load_encoder_tagger(ENCODER_DIR)
    parsed, offset = doc.scratch["spacy"], doc.scratch["spacy_offset"]
    everywhere = tagger.mentions(parsed)
    assert any(m.start + offset > text.index("\n\n") for m in everywhere)
    doc = roles_stage.RolesStage(Settings(), tagger=tagger)(doc)
    weapons = predicted_roles(doc)["Weapon"]
    assert "dynamite" not in weapons
    assert all(e.start < text.index("\n\n") for e in doc.entities if e.label == "WEAPON")
