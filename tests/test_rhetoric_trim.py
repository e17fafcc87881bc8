"""The span trimmer of the rhetoric model: sub-spans of a run, their features, the choice."""

from __future__ import annotations

import json
import math
import zlib
from pathlib import Path

import numpy as np
import pytest

from claimscope.rhetoric_model import (
    MODEL_DIR,
    N_TRIM_FEATURES,
    NONE_LOGIT,
    TRIM_FEATURES,
    TRIM_HASH_DIM,
    Decoding,
    RhetoricModel,
    SpanTrimmer,
    end_terms,
    runs,
    start_terms,
    sub_spans,
    tokenize,
    trim_features,
    trim_runs,
)
from claimscope.train.rhetoric import SubSpans, chosen_f1, fit_trimmer
from tests.test_rhetoric import _sent

WIDTH = 4  # a toy encoder width: boundary inputs are 2 * WIDTH + 5 wide


def _stretch(values: np.ndarray, lo: int, hi: int) -> float:
    return float(values[lo:hi].max()) if hi > lo else NONE_LOGIT


def _reference(sent, probs, starts, ends, run, span) -> list[float]:  # type: ignore[no-untyped-def]
    """`TRIM_FEATURES` of one sub-span, computed plainly."""
    (a, b), (lo, hi), n = run, span, len(sent)
    left, right = probs[a:lo], probs[hi:b]
    return [
        probs[lo:hi].max(),
        probs[lo:hi].mean(),
        probs[lo:hi].min(),
        probs[lo],
        probs[hi - 1],
        probs[lo - 1] if lo > 0 else 0.0,
        probs[hi] if hi < n else 0.0,
        math.log1p(max(0, lo - a)),
        math.log1p(max(0, b - hi)),
        left.mean() if len(left) else 0.0,
        right.mean() if len(right) else 0.0,
        math.log1p(hi - lo),
        lo == 0,
        hi == n,
        starts[lo],
        ends[hi - 1],
        _stretch(starts, lo + 1, hi),
        _stretch(ends, lo, hi - 1),
        _stretch(starts, a, lo),
        _stretch(ends, hi, b),
        probs[a:b].max(),
        math.log1p(b - a),
        (hi - lo) / (b - a),
        math.log1p(sent[hi - 1].end - sent[lo].start),
    ]


def test_trim_features_match_a_plain_computation_even_past_the_run() -> None:
    # "pro-regime" is three touching tokens: a run starting at "regime" widens left of it.
    text = "they said the pro-regime media lied again and again today"
    (sent,) = tokenize(text)
    rng = np.random.default_rng(0)
    probs = rng.uniform(0.0, 1.0, len(sent)).astype(np.float32)
    starts = rng.normal(size=len(sent)).astype(np.float32)
    ends = rng.normal(size=len(sent)).astype(np.float32)
    # "regime media ... again" widens left to "pro-regime", "they said the pro" right.
    for run, widened in (((5, len(sent) - 1), "left"), ((0, 4), "right")):
        spans = sub_spans(sent, *run)
        if widened == "left":
            assert min(lo for lo, _ in spans) < run[0]
        else:
            assert max(hi for _, hi in spans) > run[1]
        got = trim_features(sent, probs, starts, ends, run, spans)
        assert got.shape == (len(spans), N_TRIM_FEATURES) == (len(spans), len(TRIM_FEATURES))
        want = np.array([_reference(sent, probs, starts, ends, run, s) for s in spans])
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)


def test_sub_spans_drop_at_most_eight_words_a_side_and_no_edge_punctuation() -> None:
    sent = _sent(["a", ",", *[f"w{k}" for k in range(20)], "."])
    spans = sub_spans(sent, 0, len(sent))
    assert (2, len(sent) - 1) in spans  # the run without its edge punctuation
    assert all(sent[lo].text not in ",." and sent[hi - 1].text not in ",." for lo, hi in spans)
    assert min(hi - lo for lo, hi in spans) >= len(sent) - 2 * 8 - 2


def _trimmer(dense: dict[str, float], hashed: dict[int, float]) -> SpanTrimmer:
    weights = np.zeros(N_TRIM_FEATURES, dtype=np.float32)
    for name, value in dense.items():
        weights[TRIM_FEATURES.index(name)] = value
    buckets = np.zeros(TRIM_HASH_DIM, dtype=np.float32)
    for bucket, value in hashed.items():
        buckets[bucket] += value
    head = np.zeros(2 * WIDTH + 6, dtype=np.float32)
    return SpanTrimmer(head, head, weights, buckets)


def test_the_trimmer_keeps_the_sub_span_its_weights_prefer() -> None:
    sent = _sent(["the", "so", "called", "rebels", "said", "it"])
    probs = np.array([0.18, 0.6, 0.5, 0.22, 0.19, 0.05], dtype=np.float32)
    inputs = np.zeros((len(sent), 2 * WIDTH + 5), dtype=np.float32)
    decoding = Decoding(low=0.15, high=0.35, gap=0)
    assert runs(probs, decoding) == [(0, 5)]
    # Longer is better, but a span starting with "the" costs more than a word brings.
    the = zlib.crc32(b"f:the") % TRIM_HASH_DIM
    trimmer = _trimmer({"log_words": 1.0}, {the: -5.0})
    (span,) = trim_runs(sent, probs, inputs, decoding, trimmer)
    assert (span.start, span.end) == (4, 25)  # "so called rebels said"
    assert span.score == pytest.approx(float(probs[1:5].mean()))
    # Without the penalty the whole run is kept.
    (whole,) = trim_runs(sent, probs, inputs, decoding, _trimmer({"log_words": 1.0}, {}))
    assert (whole.start, whole.end) == (0, 25)


def test_boundary_terms_are_the_words_at_and_around_each_end() -> None:
    sent = _sent(["Stop", "the", "war"])
    bucket = lambda t: zlib.crc32(t.encode()) % TRIM_HASH_DIM  # noqa: E731
    assert start_terms(sent, 0) == [bucket("f:stop"), bucket("pb:<s>"), bucket("fb:<s> stop")]
    assert end_terms(sent, 2) == [bucket("l:the"), bucket("na:war"), bucket("la:the war")]


def test_fitted_trimmer_learns_to_drop_a_leading_word() -> None:
    """Two sub-spans per run, the gold one never starts with 'the': the conditional logit
    fitted on the hashed start words must prefer it on runs it did not see."""
    from scipy.sparse import csr_matrix

    rng = np.random.default_rng(1)
    n_runs = 40
    the = zlib.crc32(b"f:the") % TRIM_HASH_DIM
    other = zlib.crc32(b"f:so") % TRIM_HASH_DIM
    cols = [the, other] * n_runs
    rows = SubSpans(
        dense=rng.normal(size=(2 * n_runs, N_TRIM_FEATURES)).astype(np.float32),
        hashed=csr_matrix(
            (np.ones(2 * n_runs), np.array(cols), np.arange(2 * n_runs + 1)),
            shape=(2 * n_runs, TRIM_HASH_DIM),
        ),
        run=np.repeat(np.arange(n_runs), 2),
        fold=np.zeros(2 * n_runs, dtype=np.int64),
        dice=np.tile(np.array([0.6, 0.9], dtype=np.float32), n_runs),
        precision=np.tile(np.array([0.5, 1.0], dtype=np.float32), n_runs),
        recall=np.tile(np.array([1.0, 0.8], dtype=np.float32), n_runs),
        n_gold=n_runs,
    )
    w_dense, w_hash = fit_trimmer(rows, np.arange(2 * n_runs), 1.0, 1.0)
    assert w_hash[other] > w_hash[the]
    score = rows.dense @ w_dense + rows.hashed @ w_hash
    assert chosen_f1(rows, score, np.arange(2 * n_runs)) == pytest.approx(2 * 0.8 / 1.8)


def test_shipped_models_load_their_trimmer_when_meta_names_one() -> None:
    for name in (MODEL_DIR.name, "rhetoric-accurate"):
        path = MODEL_DIR.parent / name
        meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
        model = RhetoricModel.load(path)
        assert (model.trimmer is not None) == ("si_trim" in meta)
        if model.trimmer is not None:
            assert meta["si_trim"]["features"] == list(TRIM_FEATURES)
            assert meta["si_trim"]["cv_si_f1"] > meta["si_trim"]["cv_si_f1_edge_decoding"]


def test_meta_keeps_the_trimmer_only_with_the_decoding_it_was_fitted_on(tmp_path: Path) -> None:
    from claimscope.train.rhetoric import _write_meta

    fitted = Decoding(0.15, 0.35, 2, 0.2)
    _write_meta(tmp_path, fitted, {}, 2)
    meta = json.loads((tmp_path / "meta.json").read_text(encoding="utf-8"))
    meta["si_trim"] = {"l2": 10.0}
    (tmp_path / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    _write_meta(tmp_path, fitted, {"seed": 13})
    assert json.loads((tmp_path / "meta.json").read_text(encoding="utf-8"))["si_trim"]
    _write_meta(tmp_path, Decoding(0.1, 0.35, 2, 0.2), {"seed": 13})
    assert "si_trim" not in json.loads((tmp_path / "meta.json").read_text(encoding="utf-8"))
