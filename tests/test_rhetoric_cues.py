"""Span cues and hashed words of the rhetoric technique head, and the head that weighs them."""

from __future__ import annotations

import json
import shutil
import zlib
from pathlib import Path

import numpy as np
import pytest

from claimscope.rhetoric_cues import CUES, N_CUES, hashed_terms, span_cues
from claimscope.rhetoric_model import (
    MODEL_DIR,
    N_EXTRAS,
    TECHNIQUES,
    Decoding,
    Encoded,
    RhetoricModel,
    Window,
    tc_features,
)
from claimscope.train.rhetoric import TcData, TcHead, fit_tc, predict_tc, tc_fold

TEXT = (
    "We must stop the traitors!\n"
    'Who really believes the "official" story?\n'
    "Stop the traitors. The ministry said 12 people were hurt.\n"
)


def _cues(start: int, end: int) -> dict[str, float]:
    values = span_cues(TEXT, TEXT.lower(), start, end)
    assert values.shape == (N_CUES,) and values.dtype == np.float32
    return dict(zip(CUES, values.tolist(), strict=True))


def _at(phrase: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(phrase, start + 1)
    return start, start + len(phrase)


def test_cues_read_questions_exclamations_quotes_and_the_first_person() -> None:
    title = _cues(*_at("We must stop the traitors"))
    assert title["in_title"] == 1.0 and title["first_plural"] == 1.0
    assert title["exclamation_near"] == 1.0 and title["question_in_sentence"] == 0.0
    assert title["whole_sentence"] == 1.0
    doubt = _cues(*_at("Who really believes"))
    assert doubt["question_in_sentence"] == 1.0 and doubt["question_in_span"] == 0.0
    assert doubt["in_title"] == 0.0 and doubt["whole_sentence"] == 0.0
    assert _cues(*_at("official"))["quoted"] == 1.0
    assert _cues(*_at('"official" story'))["quote_in_span"] == 1.0
    assert _cues(*_at("12 people"))["digit"] == 1.0


def test_cues_count_repeats_before_and_after_the_span() -> None:
    first = _cues(*_at("stop the traitors"))
    second = _cues(*_at("Stop the traitors"))
    assert first["repeats_before"] == 0.0 and first["repeats_after"] > 0.0
    assert second["repeats_before"] > 0.0 and second["repeats_after"] == 0.0


def test_hashed_terms_are_crc32_buckets_of_words_bigrams_context_and_phrase() -> None:
    lowered = TEXT.lower()
    start, end = _at("stop the traitors")
    dim = 64
    expected = {
        zlib.crc32(t.encode()) % dim
        for t in (
            "u:stop",
            "u:the",
            "u:traitors",
            "b:stop the",
            "b:the traitors",
            "l:we",
            "l:must",
            "r:who",
            "r:really",
            "r:believes",
            "p:stop the traitors",
        )
    }
    terms = hashed_terms(lowered, start, end, dim)
    assert terms == sorted(expected)
    assert all(0 <= t < dim for t in terms)
    # Stable across calls and processes: no salted hash.
    assert hashed_terms(lowered, start, end, 1 << 12) == hashed_terms(lowered, start, end, 1 << 12)


def _encoded(text: str, hidden: int) -> Encoded:
    ends = [e for e in range(len(text)) if text[e] == " "] + [len(text)]
    starts = [0] + [e + 1 for e in ends[:-1]]
    window = Window([101, *range(1, len(starts) + 1), 102], [0, *starts, 0], [0, *ends, 0])
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(len(window.ids), hidden)).astype(np.float32)
    return Encoded([window], [vectors], [np.zeros(len(window.ids), dtype=np.float32)])


def test_hashed_words_steer_the_technique_at_run_time() -> None:
    text = "they are traitors and liars"
    hidden, dim = 4, 32
    encoded = _encoded(text, hidden)
    width = 2 * hidden + N_EXTRAS + N_CUES
    feats = tc_features(text, encoded, [(9, 17)], hidden=hidden, cues=True)
    assert feats.shape == (1, width)
    assert feats[0, 2 * hidden + N_EXTRAS :].tolist() == span_cues(text, text, 9, 17).tolist()
    coef = np.zeros((len(TECHNIQUES), width), dtype=np.float32)
    bias = np.zeros(len(TECHNIQUES), dtype=np.float32)
    bias[TECHNIQUES.index("Loaded_Language")] = 1.0
    hashed = np.zeros((dim, len(TECHNIQUES)), dtype=np.float32)
    hashed[zlib.crc32(b"u:traitors") % dim, TECHNIQUES.index("Name_Calling,Labeling")] = 5.0
    model = RhetoricModel(None, None, coef, bias, TECHNIQUES, Decoding(), cues=True, tc_hash=hashed)
    assert model.hidden == hidden
    probs = model.probs_from(text, encoded, [(9, 17), (22, 27)])
    assert [TECHNIQUES[int(k)] for k in probs.argmax(axis=1)] == [
        "Name_Calling,Labeling",
        "Loaded_Language",
    ]
    assert np.allclose(probs.sum(axis=1), 1.0)


def test_fitted_head_folds_scaling_into_weights_the_model_applies() -> None:
    rng = np.random.default_rng(3)
    n = 10 * len(TECHNIQUES)
    labels = np.arange(n, dtype=np.int64) % len(TECHNIQUES)
    dense = rng.normal(size=(n, 6)).astype(np.float32) + labels[:, None] * 0.3
    words = [f"w{k} common" for k in labels]
    data = TcData(dense, words, [(0, len(w)) for w in words], labels, [str(k) for k in range(n)])
    rows = list(range(n))
    head = TcHead(c=1.0, dense_scale=0.5, hash_scale=2.0, hash_dim=64)
    weights = fit_tc(data, rows, head)
    assert weights.coef.shape == (len(TECHNIQUES), 6) and weights.hashed.shape == (64, 14)
    logits = predict_tc(data, rows, weights)
    assert np.mean(logits.argmax(axis=1) == labels) > 0.9
    # The prior share only lowers frequent techniques' bias: same weights otherwise.
    shifted = fit_tc(data, rows, TcHead(1.0, 0.5, 2.0, 64, prior=0.5))
    assert np.allclose(shifted.coef, weights.coef)
    assert np.allclose(shifted.bias - weights.bias, 0.5 * np.log(len(TECHNIQUES)), atol=1e-5)
    assert tc_fold("111111117", 13) == tc_fold("111111117", 13) in range(5)


def test_load_rejects_a_head_fitted_on_other_cues(tmp_path: Path) -> None:
    for name in ("encoder.onnx", "tokenizer.json", "heads.npz"):
        shutil.copy(MODEL_DIR / name, tmp_path / name)
    meta = json.loads((MODEL_DIR / "meta.json").read_text(encoding="utf-8"))
    meta["tc_features"] = {**meta.get("tc_features", {}), "cues": ["log_chars"]}
    (tmp_path / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ValueError, match="cues"):
        RhetoricModel.load(tmp_path)
