"""Training of the rhetoric model on a PTC-layout corpus (needs scikit-learn; inference does not).

    python -m claimscope.train.rhetoric /work/shared/data/propaganda/ptc2020-train OUT_DIR

The articles are split deterministically into train and dev (`split_ids`); the span
decoding thresholds are chosen by 3-fold cross-validation on train, both heads are then
fitted on all of train and scored on dev with the same scorers as `claimscope.eval.rhetoric`.
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from claimscope.eval.rhetoric import PtcArticle, merge_overlapping, read_ptc, si_scores, tc_micro_f1
from claimscope.rhetoric_model import (
    TECHNIQUES,
    Decoding,
    RhetoricModel,
    decode,
    doc_counts,
    hash_features,
    quote_flags,
    span_features_for,
    token_features,
    tokenize,
)

SI_DIM = 1 << 20
TC_DIM = 1 << 18
DEV_PERCENT = 18
TUNE_FOLDS = 3
DECODINGS = tuple(
    Decoding(low, high, gap)
    for low in (0.1, 0.15, 0.2)
    for high in (0.3, 0.35, 0.4)
    for gap in (4, 8, 12)
)
SI_C = 0.5
TC_C = 1.0


def _bucket_of(art_id: str, seed: int, salt: str) -> int:
    digest = hashlib.sha256(f"{salt}:{seed}:{art_id}".encode()).hexdigest()
    return int(digest[:8], 16) % 100


def split_ids(
    ids: Sequence[str], *, seed: int = 13, percent: int = DEV_PERCENT, salt: str = "dev"
) -> tuple[list[str], list[str]]:
    """(train, held-out) ids: an id's side depends only on the id and the seed."""
    held = [i for i in ids if _bucket_of(i, seed, salt) < percent]
    kept = [i for i in ids if _bucket_of(i, seed, salt) >= percent]
    return kept, held


def _si_matrix(articles: Sequence[PtcArticle]) -> tuple[Any, np.ndarray[Any, Any]]:
    from scipy.sparse import csr_matrix  # type: ignore[import-untyped,import-not-found,unused-ignore]

    indices: list[np.ndarray[Any, Any]] = []
    indptr = [0]
    labels: list[int] = []
    for art in articles:
        gold = merge_overlapping(art.si_spans)
        sentences = tokenize(art.text)
        counts = doc_counts(sentences)
        for k, sent in enumerate(sentences):
            for tok, feats in zip(
                sent, token_features(sent, quote_flags(sent), counts, k == 0), strict=True
            ):
                idx = np.unique(hash_features(feats, SI_DIM))
                indices.append(idx)
                indptr.append(indptr[-1] + len(idx))
                labels.append(int(any(tok.start < e and s < tok.end for s, e in gold)))
    flat = np.concatenate(indices)
    matrix = csr_matrix((np.ones(len(flat), np.float32), flat, indptr), shape=(len(labels), SI_DIM))
    return matrix, np.array(labels)


def _tc_matrix(articles: Sequence[PtcArticle]) -> tuple[Any, list[str]]:
    from scipy.sparse import csr_matrix  # type: ignore[import-untyped,import-not-found,unused-ignore]

    indices: list[np.ndarray[Any, Any]] = []
    indptr = [0]
    labels: list[str] = []
    for art in articles:
        sentences = tokenize(art.text)
        counts = doc_counts(sentences)
        for tech, s, e in art.techniques:
            idx = np.unique(
                hash_features(span_features_for(art.text, sentences, counts, s, e), TC_DIM)
            )
            indices.append(idx)
            indptr.append(indptr[-1] + len(idx))
            labels.append(tech)
    flat = np.concatenate(indices)
    matrix = csr_matrix((np.ones(len(flat), np.float32), flat, indptr), shape=(len(labels), TC_DIM))
    return matrix, labels


def _fit_si(articles: Sequence[PtcArticle], seed: int) -> tuple[np.ndarray[Any, Any], float]:
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped,import-not-found,unused-ignore]

    x, y = _si_matrix(articles)
    clf = LogisticRegression(C=SI_C, solver="liblinear", max_iter=200, random_state=seed)
    clf.fit(x, y)
    return clf.coef_[0].astype(np.float32), float(clf.intercept_[0])


def _fit_tc(
    articles: Sequence[PtcArticle], seed: int
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped,import-not-found,unused-ignore]

    x, y = _tc_matrix(articles)
    clf = LogisticRegression(C=TC_C, max_iter=300, random_state=seed)
    clf.fit(x, y)
    order = [list(clf.classes_).index(t) for t in TECHNIQUES]
    return clf.coef_[order].astype(np.float32), clf.intercept_[order].astype(np.float32)


def _si_predictions(
    model: RhetoricModel, articles: Sequence[PtcArticle], decodings: Sequence[Decoding]
) -> dict[Decoding, dict[str, list[tuple[int, int]]]]:
    out: dict[Decoding, dict[str, list[tuple[int, int]]]] = {d: {} for d in decodings}
    for art in articles:
        sentences = tokenize(art.text)
        probs = model.token_probs(sentences, doc_counts(sentences))
        for t in decodings:
            out[t][art.id] = [
                (s.start, s.end)
                for sent, p in zip(sentences, probs, strict=True)
                for s in decode(sent, p, t)
            ]
    return out


def _model(
    si: tuple[np.ndarray[Any, Any], float],
    tc: tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]],
    decoding: Decoding,
) -> RhetoricModel:
    return RhetoricModel(si[0], si[1], tc[0], tc[1], TECHNIQUES, decoding)


def score(model: RhetoricModel, articles: Sequence[PtcArticle]) -> dict[str, float]:
    """SI and TC scores of `model` on `articles` (same scorers as the evaluation)."""
    pred = _si_predictions(model, articles, [model.decoding])[model.decoding]
    scores = si_scores(pred, {a.id: a.si_spans for a in articles})
    tc_pred: list[str] = []
    tc_gold: list[str] = []
    for art in articles:
        tc_pred += model.classify_spans(art.text, [(s, e) for _, s, e in art.techniques])
        tc_gold += [t for t, _, _ in art.techniques]
    scores["tc_micro_f1"] = tc_micro_f1(tc_pred, tc_gold)
    return scores


def train(data_dir: Path, out_dir: Path, *, seed: int = 13) -> dict[str, float]:
    """Fit both heads on the train side of `data_dir`, save to `out_dir`, return dev scores."""
    t0 = time.perf_counter()
    articles = read_ptc(data_dir)
    by_id = {a.id: a for a in articles}
    train_ids, dev_ids = split_ids(sorted(by_id), seed=seed)
    train_arts = [by_id[i] for i in train_ids]
    dev_arts = [by_id[i] for i in dev_ids]

    # Decoding: chosen on out-of-fold predictions over all of train (a single small slice
    # proved unrepresentative: propaganda density varies two-fold between article sets).
    no_tc = (np.zeros((len(TECHNIQUES), 1), np.float32), np.zeros(len(TECHNIQUES), np.float32))
    pooled: dict[Decoding, dict[str, list[tuple[int, int]]]] = {d: {} for d in DECODINGS}
    for fold in range(TUNE_FOLDS):
        held = [a for a in train_arts if _bucket_of(a.id, seed, "fold") % TUNE_FOLDS == fold]
        rest = [a for a in train_arts if _bucket_of(a.id, seed, "fold") % TUNE_FOLDS != fold]
        probe = _model(_fit_si(rest, seed), no_tc, Decoding())
        for d, p in _si_predictions(probe, held, DECODINGS).items():
            pooled[d].update(p)
    gold_train = {a.id: a.si_spans for a in train_arts}
    tuned = {d: si_scores(p, gold_train)["si_f1"] for d, p in pooled.items()}
    decoding = max(tuned, key=lambda d: tuned[d])

    model = _model(_fit_si(train_arts, seed), _fit_tc(train_arts, seed), decoding)
    train_seconds = time.perf_counter() - t0
    t1 = time.perf_counter()
    scores = score(model, dev_arts)
    dev_seconds = time.perf_counter() - t1
    result: dict[str, float] = {
        **scores,
        "decode_low": decoding.low,
        "decode_high": decoding.high,
        "decode_gap": float(decoding.gap),
        "cv_si_f1": tuned[decoding],
        "n_train_docs": float(len(train_arts)),
        "n_dev_docs": float(len(dev_arts)),
        "train_seconds": train_seconds,
        "dev_docs_per_second": len(dev_arts) / dev_seconds,
        "seed": float(seed),
    }
    model.save(out_dir, {"seed": seed, "dev_ids": dev_ids, "metrics": result})
    return result


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) not in (2, 3):
        print("usage: python -m claimscope.train.rhetoric DATA_DIR OUT_DIR [SEED]", file=sys.stderr)
        return 2
    seed = int(args[2]) if len(args) == 3 else 13
    print(json.dumps(train(Path(args[0]), Path(args[1]), seed=seed), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
