"""Tests of the rhetoric stage and its numpy-only model."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from claimscope.config import Settings
from claimscope.document import Boilerplate, Document, Span
from claimscope.rhetoric_model import (
    TECHNIQUES,
    Decoding,
    RhetoricModel,
    Token,
    decode,
    sentence_ranges,
    tokenize,
)
from claimscope.stages.rhetoric import RhetoricStage

BODY = (
    "# Army Routes Militants Near Palmyra\n\n"
    "Fierce battles between the national army and the bloodthirsty jihadist gangs raged "
    "near the desert town on Sunday.\n\n"
    "Backers of the so-called 'peaceful opposition' immediately spread fake news, wildly "
    "inflating their supposed 'victories' to demonize the government in Damascus.\n\n"
    "Western media, as always, parroted these lies without a shred of evidence. "
    "The army said 12 fighters were killed in the clashes.\n"
)
FOOTER = "\nCopyright © Example Wire 2021. Comment on this article on our page.\n"


@pytest.fixture(scope="module")
def stage() -> RhetoricStage:
    return RhetoricStage(Settings())


def test_spans_are_valid_offsets_with_known_techniques(stage: RhetoricStage) -> None:
    doc = stage(Document(text=BODY))
    assert doc.rhetoric, "a partisan paragraph should yield at least one span"
    for r in doc.rhetoric:
        assert doc.text[r.start : r.end] == r.text
        assert r.technique in TECHNIQUES
        assert 0.0 < r.confidence <= 1.0
        assert r.text == r.text.strip(" .,;:")


def test_loaded_words_are_flagged(stage: RhetoricStage) -> None:
    doc = stage(Document(text=BODY))
    flagged = " ".join(r.text.lower() for r in doc.rhetoric)
    hits = [
        w for w in ("bloodthirsty", "so-called", "fake news", "demonize", "lies") if w in flagged
    ]
    assert len(hits) >= 2, (hits, [r.text for r in doc.rhetoric])


def test_neutral_report_yields_few_spans(stage: RhetoricStage) -> None:
    neutral = (
        "The ministry said 12 soldiers were killed on Sunday near the town.\n"
        "Officials will meet on Tuesday to discuss the road repairs.\n"
    )
    partisan = stage(Document(text=BODY)).rhetoric
    assert len(stage(Document(text=neutral)).rhetoric) < len(partisan)


def test_boilerplate_and_text_outside_body_are_skipped(stage: RhetoricStage) -> None:
    text = BODY + FOOTER + "Traitors and terrorists everywhere! Evil thugs!\n"
    tail = len(BODY) + len(FOOTER)
    doc = Document(
        text=text,
        body=Span(text[: tail + 5], 0, tail + 5),
        boilerplate=[Boilerplate(FOOTER, len(BODY), tail, "copyright")],
    )
    doc = stage(doc)
    assert doc.rhetoric
    assert all(not doc.in_boilerplate(r.start, r.end) for r in doc.rhetoric)
    assert all(r.end <= len(BODY) or r.start >= tail for r in doc.rhetoric)


def test_classify_spans_labels_each_span(stage: RhetoricStage) -> None:
    text = (
        "The traitors in parliament are puppets of foreign masters.\nMake our nation great again!\n"
    )
    spans = [
        (text.index("puppets"), text.index("puppets") + 7),
        (text.index("Make"), text.index("!")),
    ]
    labels = stage.classify_spans(text, spans)
    assert len(labels) == 2
    assert set(labels) <= set(TECHNIQUES)
    assert stage.classify_spans(text, []) == []


def test_sentence_ranges_split_lines_and_sentence_ends() -> None:
    text = "First claim here. Second one follows!\n\nA new line 'quoted'."
    pieces = [text[s:e] for s, e in sentence_ranges(text)]
    assert pieces == ["First claim here.", "Second one follows!", "A new line 'quoted'."]


def test_tokenize_keeps_offsets_and_contractions() -> None:
    text = "They don't  call it 'peace'."
    (sent,) = tokenize(text)
    assert [t.text for t in sent] == ["They", "don't", "call", "it", "'", "peace", "'", "."]
    assert all(text[t.start : t.end] == t.text for t in sent)


def _sent(words: list[str]) -> list[Token]:
    out, pos = [], 0
    for w in words:
        out.append(Token(w, pos, pos + len(w)))
        pos += len(w) + 1
    return out


def test_decode_needs_a_strong_token_and_bridges_short_gaps() -> None:
    sent = _sent(["a", "b", "c", "d", "e", "f", "."])
    probs = np.array([0.2, 0.5, 0.05, 0.2, 0.05, 0.2, 0.9], dtype=np.float32)
    spans = decode(sent, probs, Decoding(low=0.15, high=0.3, gap=1))
    # a..f bridged (gaps of one token); the trailing "." is trimmed
    assert [(s.start, s.end) for s in spans] == [(0, 11)]
    weak = np.array([0.2, 0.2, 0.0, 0.0, 0.0, 0.0, 0.0], dtype=np.float32)
    assert decode(sent, weak, Decoding(low=0.15, high=0.3, gap=1)) == []


def test_model_round_trips_through_npz_and_json(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    model = RhetoricModel(
        rng.normal(size=1 << 10).astype(np.float16).astype(np.float32),
        -1.0,
        # float16-exact weights: the file stores float16
        rng.normal(size=(len(TECHNIQUES), 1 << 8)).astype(np.float16).astype(np.float32),
        np.zeros(len(TECHNIQUES), np.float32),
        TECHNIQUES,
        Decoding(0.2, 0.4, 3),
    )
    model.save(tmp_path)
    loaded = RhetoricModel.load(tmp_path)
    assert loaded.decoding == Decoding(0.2, 0.4, 3)
    text = "The regime lies again. Our brave heroes will never surrender!"
    spans = [(4, 10), (23, 60)]
    assert loaded.classify_spans(text, spans) == model.classify_spans(text, spans)
    assert [(s.start, s.end) for s in loaded.predict_spans(text)] == [
        (s.start, s.end) for s in model.predict_spans(text)
    ]
