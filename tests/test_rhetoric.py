"""Tests of the rhetoric stage, its windowing and decoding, and the shipped ONNX model."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from claimscope.config import Settings
from claimscope.document import Boilerplate, Document, Span
from claimscope.rhetoric_model import (
    MAX_PIECES,
    MODEL_DIR,
    TECHNIQUES,
    Decoding,
    RhetoricModel,
    Token,
    Window,
    decode,
    locate,
    make_windows,
    sentence_ranges,
    span_extras,
    token_probs,
    tokenize,
    word_counts,
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
NEUTRAL = (
    "The ministry said 12 soldiers were killed on Sunday near the town of Kafr Nabl.\n"
    "Officials from Aleppo and Idlib will meet in Geneva on Tuesday to discuss road repairs.\n"
    "The convoy reached Homs late in the afternoon, a spokesman for the agency said.\n"
    "Prices of bread in Damascus rose by 4 percent in March, according to the statistics office.\n"
)
PLACES = ("Palmyra", "Damascus", "Kafr Nabl", "Aleppo", "Idlib", "Geneva", "Homs")
FOOTER = "\nCopyright © Example Wire 2021. Comment on this article on our page.\n"


@pytest.fixture(scope="module")
def stage() -> RhetoricStage:
    return RhetoricStage(Settings())


@pytest.fixture(scope="module")
def tokenizer(stage: RhetoricStage) -> object:
    return stage.model.tokenizer


def test_spans_are_valid_offsets_with_known_techniques(stage: RhetoricStage) -> None:
    doc = stage(Document(text=BODY))
    assert doc.rhetoric, "a partisan paragraph should yield at least one span"
    for r in doc.rhetoric:
        assert doc.text[r.start : r.end] == r.text
        assert r.technique in TECHNIQUES
        assert 0.0 <= r.confidence <= 1.0
        assert r.text == r.text.strip(" .,;:")


def test_loaded_words_are_flagged(stage: RhetoricStage) -> None:
    doc = stage(Document(text=BODY))
    flagged = " ".join(r.text.lower() for r in doc.rhetoric)
    hits = [
        w for w in ("bloodthirsty", "so-called", "fake news", "demonize", "lies") if w in flagged
    ]
    assert len(hits) >= 2, (hits, [r.text for r in doc.rhetoric])


def test_neutral_wire_copy_yields_few_spans(stage: RhetoricStage) -> None:
    partisan = stage(Document(text=BODY)).rhetoric
    neutral = stage(Document(text=NEUTRAL)).rhetoric
    assert len(neutral) < len(partisan)
    neutral_chars = sum(r.end - r.start for r in neutral)
    assert neutral_chars < 0.15 * len(NEUTRAL), [r.text for r in neutral]


def test_place_names_are_not_flagged(stage: RhetoricStage) -> None:
    for text in (BODY, NEUTRAL):
        for r in stage(Document(text=text)).rhetoric:
            assert r.text not in PLACES, (r.text, r.technique)
            assert not (r.technique == "Name_Calling,Labeling" and any(p in r.text for p in PLACES))


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
        (text.index("\n"), text.index("\n") + 1),  # whitespace only: still gets a label
    ]
    labels = stage.classify_spans(text, spans)
    assert len(labels) == 3
    assert set(labels) <= set(TECHNIQUES)
    assert stage.classify_spans(text, []) == []
    probs = stage.model.technique_probs(text, spans)
    assert probs.shape == (3, len(TECHNIQUES))
    assert np.allclose(probs.sum(axis=1), 1.0, atol=1e-4)


def test_windows_hold_whole_sentences_with_exact_offsets(tokenizer: object) -> None:
    sentence = "Officials said the bridge near the river was repaired on Monday. "
    text = sentence * 40 + "\n" + "word " * 300
    windows = make_windows(tokenizer, text)
    assert len(windows) > 2
    for w in windows:
        assert len(w.ids) <= MAX_PIECES
        assert w.ids[0] == 101 and w.ids[-1] == 102
        for k in range(1, len(w.ids) - 1):
            piece = text[w.starts[k] : w.ends[k]].lower()
            assert piece and piece.strip() == piece
    # every non-space character is covered by exactly one piece, in order
    covered = [(w.starts[k], w.ends[k]) for w in windows for k in range(1, len(w.ids) - 1)]
    assert covered == sorted(covered)
    assert sum(e - s for s, e in covered) == sum(1 for c in text if not c.isspace())


def test_windows_respect_the_body_range(tokenizer: object) -> None:
    text = "Header line here.\nThe body sentence.\nFooter text."
    start, end = text.index("The"), text.index("\nFooter")
    windows = make_windows(tokenizer, text, start, end)
    assert all(
        start <= s and e <= end
        for w in windows
        for s, e in zip(w.starts[1:-1], w.ends[1:-1], strict=True)
    )
    assert make_windows(tokenizer, "   \n  ") == []


def test_locate_finds_the_pieces_of_a_span() -> None:
    w = Window([101, 7, 8, 9, 102], [0, 0, 4, 9, 0], [0, 3, 8, 12, 0])
    assert locate([w], 4, 12) == (0, 2, 4)
    assert locate([w], 3, 4) is None


def test_token_probs_take_the_strongest_piece_of_each_word() -> None:
    text = "unbelievable lie"
    sent = [Token("unbelievable", 0, 12), Token("lie", 13, 16)]
    w = Window([101, 1, 2, 3, 102], [0, 0, 6, 13, 0], [0, 6, 12, 16, 0])
    probs = np.array([0.0, 0.2, 0.7, 0.1, 0.0], dtype=np.float32)
    (out,) = token_probs([sent], [w], [probs], 0, len(text))
    assert out.tolist() == pytest.approx([0.7, 0.1])


def test_span_extras_count_repetition_across_the_article() -> None:
    text = "Stop the war. Nobody wants it. Stop the war now! Peace."
    lowered, counts = text.lower(), word_counts(text)
    rep = span_extras(text, lowered, counts, 0, 12)
    once = span_extras(text, lowered, counts, text.index("Nobody"), text.index("Nobody") + 6)
    assert rep[0] > 0.0 and once[0] == 0.0
    assert isinstance(counts, Counter)


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


def test_load_rejects_another_model_version(tmp_path: Path) -> None:
    for name in ("encoder.onnx", "tokenizer.json", "heads.npz"):
        shutil.copy(MODEL_DIR / name, tmp_path / name)
    meta = json.loads((MODEL_DIR / "meta.json").read_text(encoding="utf-8"))
    (tmp_path / "meta.json").write_text(json.dumps({**meta, "version": 1}), encoding="utf-8")
    with pytest.raises(ValueError, match="version"):
        RhetoricModel.load(tmp_path)


def test_decode_never_cuts_a_hyphenated_word() -> None:
    text = "for al-Qaeda terrorists here"
    (sent,) = tokenize(text)
    words = [t.text for t in sent]
    probs = np.array([0.9 if w in ("Qaeda", "terrorists") else 0.0 for w in words], np.float32)
    (span,) = decode(sent, probs, Decoding(low=0.3, high=0.5, gap=0))
    assert text[span.start : span.end] == "al-Qaeda terrorists"


def test_decode_edge_trims_weak_ends_but_keeps_the_core() -> None:
    sent = _sent(["the", "so", "called", "rebels", "said", "it"])
    probs = np.array([0.18, 0.6, 0.5, 0.22, 0.19, 0.05], dtype=np.float32)
    loose = decode(sent, probs, Decoding(low=0.15, high=0.35, gap=0, edge=0.0))
    assert [(s.start, s.end) for s in loose] == [(0, 25)]  # "the so called rebels said"
    (tight,) = decode(sent, probs, Decoding(low=0.15, high=0.35, gap=0, edge=0.3))
    assert (tight.start, tight.end) == (4, 13)  # "so called"
    # a run whose every token is below `edge` yields nothing, even if it passes `low`
    flat = np.array([0.25, 0.25, 0.25, 0.0, 0.0, 0.0], dtype=np.float32)
    assert decode(sent, flat, Decoding(low=0.15, high=0.2, gap=0, edge=0.3)) == []


def test_decode_edge_trim_still_widens_to_whole_words() -> None:
    text = "the pro-regime media lied"
    (sent,) = tokenize(text)
    probs = np.array(
        [0.9 if t.text in ("regime", "media") else 0.2 for t in sent], dtype=np.float32
    )
    (span,) = decode(sent, probs, Decoding(low=0.15, high=0.5, gap=0, edge=0.5))
    assert text[span.start : span.end] == "pro-regime media"


def test_shipped_decoding_reads_every_field_from_meta() -> None:
    meta = json.loads((MODEL_DIR / "meta.json").read_text(encoding="utf-8"))
    model = RhetoricModel.load(MODEL_DIR)
    assert model.decoding == Decoding(**meta["decoding"])
    assert set(meta["decoding"]) == {"low", "high", "gap", "edge"}
    assert model.decoding.low <= model.decoding.high


def test_an_si_ensemble_averages_piece_probabilities_and_keeps_the_first_vectors(
    tmp_path: Path,
) -> None:
    meta = json.loads((MODEL_DIR / "meta.json").read_text(encoding="utf-8"))
    meta.pop("si_ensemble", None)
    # The accurate profile's encoder as the second one: same tokenizer, other probabilities.
    other = MODEL_DIR.parent / "rhetoric-accurate" / "encoder.onnx"
    dirs = (("pair", MODEL_DIR / "encoder.onnx", True), ("second", other, False))
    for name, encoder, extra in dirs:
        (tmp_path / name).mkdir()
        for file in ("tokenizer.json", "heads.npz"):
            shutil.copy(MODEL_DIR / file, tmp_path / name / file)
        shutil.copy(encoder, tmp_path / name / "encoder.onnx")
        if extra:
            shutil.copy(other, tmp_path / name / "si_second.onnx")
        with_files = {**meta, "si_ensemble": {"files": ["si_second.onnx"]}} if extra else meta
        (tmp_path / name / "meta.json").write_text(json.dumps(with_files), encoding="utf-8")
    text = "These traitors will destroy our great nation.\nThe minister spoke on Monday."
    pair = RhetoricModel.load(tmp_path / "pair")
    assert len(pair.si_sessions) == 1
    both = pair.encode(text)
    pair.si_sessions = []
    first = pair.encode(text)
    second = RhetoricModel.load(tmp_path / "second").encode(text)
    for a, b, c in zip(first.probs, second.probs, both.probs, strict=True):
        assert not np.allclose(a, b, atol=1e-3)
        np.testing.assert_allclose(c, (a + b) / 2, atol=1e-5)
    for a, c in zip(first.hidden, both.hidden, strict=True):
        np.testing.assert_array_equal(a, c)
