"""The lexical word model read beside the rhetoric encoder: terms, logits, the mix."""

from __future__ import annotations

import json
import zlib

import numpy as np
import pytest

from claimscope.rhetoric_lexical import (
    LEX_HASH_DIM,
    LexicalMix,
    buckets,
    lexical_logits,
    mixed,
    sentence_buckets,
    stem,
    word_terms,
)
from claimscope.rhetoric_model import MODEL_DIR, RhetoricModel, tokenize
from claimscope.train.rhetoric import _lexical_rows

TEXT = 'Title line\nThey call it a "total disgrace" and we agree!\n'


def _bucket(term: str) -> int:
    return zlib.crc32(term.encode("utf-8")) % LEX_HASH_DIM


def test_terms_mark_quotes_caps_and_sentence_cues() -> None:
    sent = tokenize(TEXT)[1]
    own, shared = word_terms(TEXT, sent, TEXT.index("They"))
    words = [t.text for t in sent]
    assert "c:quoted" in own[words.index("total")]
    assert "c:quoted" in own[words.index("disgrace")]
    assert "c:quoted" not in own[words.index("They")]
    assert "c:quoted" not in own[words.index("agree")]  # the closing quote ended it
    assert "c:we0" in own[words.index("we")]
    assert {"c:excl", "c:we"} <= set(shared)
    assert "c:title" not in shared
    assert "c:title" in word_terms(TEXT, tokenize(TEXT)[0], 0)[1]
    assert f"sw:{stem('disgrace')}" in shared
    assert {'w-1:"', "w-2:a", "w+1:disgrace"} <= set(own[words.index("total")])
    assert stem("Calling".lower()) == "call"


def test_logits_sum_own_and_shared_weights_once() -> None:
    sent = tokenize(TEXT)[1]
    own, shared = sentence_buckets(TEXT, sent, {})
    weights = np.zeros(LEX_HASH_DIM, dtype=np.float32)
    weights[_bucket("w0:disgrace")] = 2.0
    weights[_bucket("c:excl")] = 0.5
    mix = LexicalMix(weights, -1.0, 1.0, 1.0, 0.0)
    logits = lexical_logits(mix, own, shared)
    words = [t.text for t in sent]
    expected = np.full(len(sent), -0.5, dtype=np.float32)
    expected[words.index("disgrace")] += 2.0
    np.testing.assert_allclose(logits, expected, atol=1e-6)
    # Training rows hold the same terms per word (own plus shared), so the fit sees them.
    x, y, sentences = _lexical_rows([_article()])
    assert x.shape == (sum(len(s) for s in sentences), LEX_HASH_DIM)
    row = x[len(sentences[0]) + words.index("disgrace")]
    assert row[0, _bucket("w0:disgrace")] == 1 and row[0, _bucket("c:excl")] == 1
    gold_words = [t.text in ("total", "disgrace") for s in sentences for t in s]
    assert y.tolist() == gold_words
    assert buckets(["w0:disgrace"], {}) == [_bucket("w0:disgrace")]


def _article():  # type: ignore[no-untyped-def]
    from claimscope.eval.rhetoric import PtcArticle

    start = TEXT.index("total")
    return PtcArticle("1", TEXT, [(start, start + len("total disgrace"))])


def test_mix_keeps_encoder_scale_and_a_zero_dose_changes_nothing() -> None:
    p = np.array([0.1, 0.5, 0.9], dtype=np.float32)
    lex = np.array([3.0, -3.0, 0.0], dtype=np.float32)
    weights = np.zeros(LEX_HASH_DIM, dtype=np.float32)
    np.testing.assert_allclose(mixed(LexicalMix(weights, 0.0, 1.0, 0.0, 0.0), p, lex), p, atol=1e-6)
    out = mixed(LexicalMix(weights, 0.0, 1.0, 0.1, 0.0), p, lex)
    assert out[0] > p[0] and out[1] < p[1] and out[2] == pytest.approx(p[2])


@pytest.mark.skipif(not (MODEL_DIR / "heads.npz").exists(), reason="model files absent")
def test_shipped_model_reads_a_lexical_mix() -> None:
    meta = json.loads((MODEL_DIR / "meta.json").read_text(encoding="utf-8"))
    model = RhetoricModel.load()
    if "si_lexical" not in meta:
        assert model.lexical is None
        return
    assert model.lexical is not None
    assert model.lexical.weights.shape == (LEX_HASH_DIM,)
    assert model.lexical.a == 1.0 and 0 < model.lexical.b <= 0.3
    # A zero dose gives exactly the spans of the encoder alone.
    text = "They call it a total disgrace, and the corrupt elites lied again!\nRain fell.\n"
    encoded = model.encode(text)
    lexical = model.lexical
    model.lexical = LexicalMix(lexical.weights, lexical.bias, 1.0, 0.0, 0.0)
    with_zero = model.spans_from(text, encoded)
    model.lexical = None
    assert model.spans_from(text, encoded) == with_zero
    model.lexical = lexical
