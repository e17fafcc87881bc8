"""The default profile's attribution head over the rhetoric encoder's pass
(`claimscope.models.attribution_head`, `claimscope.body_encoding`)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from claimscope.body_encoding import body_encoding
from claimscope.config import Settings
from claimscope.models.attribution import MODEL_DIR, load_tagger
from claimscope.models.attribution_encoder import LABELS
from claimscope.models.attribution_head import (
    HEAD_FILE,
    TokenHead,
    head_inputs,
    parse_vectors,
    token_vectors,
)
from claimscope.pipeline import Analyzer
from claimscope.rhetoric_model import Window, default_model
from claimscope.stages.ingest import read_document
from claimscope.stages.language import load_spacy

needs_head = pytest.mark.skipif(
    not (MODEL_DIR / HEAD_FILE).is_file(), reason="attribution head not shipped"
)
TEXT = (
    "The mayor said on Monday that the bridge would reopen in May.\n\n"
    "Critics, however, claimed the repairs were rushed."
)


def _window(spans: list[tuple[int, int]]) -> Window:
    return Window([101, *range(1000, 1000 + len(spans)), 102],
                  [0, *(s for s, _ in spans), 0], [0, *(e for _, e in spans), 0])


def test_token_vectors_read_the_first_overlapping_piece() -> None:
    # Pieces: "hel" [0,3) "lo" [3,5) | "wor" [6,9) "ld" [9,11), in two windows.
    windows = [_window([(0, 3), (3, 5)]), _window([(6, 9), (9, 11)])]
    hidden = [np.arange(4 * 2, dtype=np.float32).reshape(4, 2) + 100 * w for w in range(2)]
    # Tokens: "hello", "world", and one past the encoded text.
    vectors, has = token_vectors(windows, hidden, [0, 6, 20], [5, 11, 22])
    assert has.tolist() == [True, True, False]
    assert vectors[0].tolist() == hidden[0][1].tolist()  # "hel", not [CLS]
    assert vectors[1].tolist() == hidden[1][1].tolist()  # "wor"
    assert vectors[2].tolist() == [0.0, 0.0]
    # A token inside a piece ("n't" of "don't" is in the piece "don") reads that piece.
    vectors, has = token_vectors(windows, hidden, [4], [5])
    assert has.tolist() == [True] and vectors[0].tolist() == hidden[0][2].tolist()


def test_head_inputs_read_neighbours_within_the_segment() -> None:
    x = np.array([[1.0], [2.0], [3.0]], dtype=np.float32)
    assert head_inputs(x, 0).tolist() == x.tolist()
    assert head_inputs(x, 1).tolist() == [[1, 0, 2], [2, 1, 3], [3, 2, 0]]


def test_mix_keeps_the_crf_where_a_token_has_no_vector() -> None:
    coef = np.zeros((len(LABELS), 2), dtype=np.float32)
    bias = np.log(np.array([1, 1, 1, 1, 1, 1, 4], dtype=np.float32))  # favours I-CNT
    head = TokenHead(coef, bias, context=0, weight=0.5)
    crf = np.tile(np.eye(len(LABELS))[0], (2, 1))  # all O
    mixed = head.mix(crf, np.zeros((2, 2), dtype=np.float32), np.array([True, False]))
    assert np.allclose(mixed.sum(axis=1), 1.0)
    assert mixed[0, 0] == pytest.approx(0.5 + 0.5 / 10)
    assert mixed[1].tolist() == crf[1].tolist()
    with pytest.raises(ValueError):
        TokenHead(coef[:3], bias, context=0, weight=0.5)


def test_one_encoder_pass_per_document_and_model() -> None:
    model = default_model()
    doc = read_document(TEXT, source_name="t", fmt="text", published=None, url=None)
    first = body_encoding(doc, model)
    assert body_encoding(doc, model) is first
    again = model.encode(doc.text, doc.body_span().start, doc.body_span().end)
    assert [w.ids for w in again.windows] == [w.ids for w in first.windows]
    # Another document runs its own pass.
    other = read_document(TEXT + " More.", source_name="u", fmt="text", published=None, url=None)
    assert body_encoding(other, model) is not first


def _rhetoric(names: tuple[str, ...], text: str) -> list[Any]:
    doc = Analyzer(Settings(stages=names)).analyze(text, source_name="t", fmt="text")
    return [(r.start, r.end, r.technique, r.confidence) for r in doc.rhetoric]


def test_rhetoric_spans_do_not_depend_on_who_ran_the_encoder() -> None:
    text = (
        "The corrupt, treacherous elites betrayed our great nation, the senator said. "
        "They will destroy everything we love unless we stop them now!\n\n"
        "Officials said the convoy was attacked near the border on Tuesday."
    )
    alone = _rhetoric(("language", "rhetoric"), text)
    shared = _rhetoric(("language", "claims", "rhetoric"), text)
    assert shared == alone


@needs_head
def test_the_shipped_head_reads_the_shipped_rhetoric_encoder() -> None:
    head = TokenHead.load(MODEL_DIR)
    head.check_encoder(MODEL_DIR.parent)  # raises when the rhetoric encoder was refitted
    assert head.encoder == Settings(profile="default").model_name("rhetoric")
    assert 0.0 < head.weight < 1.0
    assert (MODEL_DIR / HEAD_FILE).stat().st_size < 2_000_000
    tagger = load_tagger()
    assert tagger.head is not None and tagger.encoder is None
    nlp = load_spacy(Settings().spacy_model)
    doc = read_document(TEXT, source_name="t", fmt="text", published=None, url=None)
    parsed = nlp(doc.body_span().text)
    vectors = parse_vectors(body_encoding(doc, default_model(head.encoder)), parsed, 0)
    assert vectors[1].sum() >= len(parsed) - 2
    triples = tagger.triples(parsed, vectors)
    assert any(
        t.source is not None and TEXT[t.source[0] : t.source[1]] == "The mayor"
        and "the bridge would reopen" in TEXT[t.content[0] : t.content[1]]
        for t in triples
    ), triples


@needs_head
def test_the_accurate_profile_keeps_its_own_encoder_and_no_head() -> None:
    from claimscope.models.attribution import encoder_dir

    accurate = encoder_dir(Settings(profile="accurate").model_name("attribution"))
    if accurate is None:
        pytest.skip("attribution encoder not shipped")
    tagger = load_tagger(encoder=accurate)
    assert tagger.encoder is not None and tagger.head is None
