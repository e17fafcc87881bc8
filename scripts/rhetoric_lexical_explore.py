"""Exploration: a lexical per-word model beside the rhetoric encoder (train side only).

    OMP_NUM_THREADS=1 PYTHONPATH=src python scripts/rhetoric_lexical_explore.py DATA_DIR [C ...]

Encodes the 301 train-side PTC articles once (cached in /tmp), fits the hashed per-word
logistic regression (`claimscope.rhetoric_lexical`) by grouped 5-fold CV (`tc_fold`), fits
the mix a, b, c on the 30 tune articles (encoder out of sample there) and scores SI F1 of
the shipped edge decoding with encoder and mixed probabilities.
"""

from __future__ import annotations

import os
import pickle
import sys
import time
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression

import claimscope.rhetoric_lexical as lexical
from claimscope.eval.rhetoric import merge_overlapping, read_ptc, si_scores
from claimscope.rhetoric_lexical import sentence_buckets
from claimscope.rhetoric_model import RhetoricModel, decode, token_probs, tokenize
from claimscope.train.rhetoric import DECODINGS, TC_FOLDS, _splits, tc_fold

lexical.SENTENCE_WORDS = os.environ.get("LEX_SENTENCE") == "1"
CACHE = Path(f"/tmp/rhet3-lexical-cache{int(lexical.SENTENCE_WORDS)}.pkl")


def build(data_dir: Path) -> dict:
    by_id = {a.id: a for a in read_ptc(data_dir)}
    fit_ids, tune_ids, _ = _splits(list(by_id), 13)
    model = RhetoricModel.load()
    arts = []
    cache: dict[str, int] = {}
    for i in (*fit_ids, *tune_ids):
        a = by_id[i]
        enc = model.encode(a.text)
        sents = tokenize(a.text)
        probs = token_probs(sents, enc.windows, enc.probs, 0, len(a.text))
        gold = merge_overlapping(a.si_spans)
        rows, labels = [], []
        for s in sents:
            own, shared = sentence_buckets(a.text, s, cache)
            rows += [r + shared for r in own]
            labels += [any(t.start < ge and gs < t.end for gs, ge in gold) for t in s]
        arts.append((i, i in tune_ids, sents, probs, rows, labels, gold))
    return {"arts": arts}


def main() -> None:
    data_dir = Path(sys.argv[1])
    cs = [float(x) for x in sys.argv[2:]] or [0.3]
    if CACHE.exists():
        d = pickle.loads(CACHE.read_bytes())
    else:
        t0 = time.time()
        d = build(data_dir)
        CACHE.write_bytes(pickle.dumps(d))
        print(f"built in {time.time() - t0:.0f}s", flush=True)
    arts = d["arts"]
    rows = [r for a in arts for r in a[4]]
    y = np.array([lab for a in arts for lab in a[5]], dtype=np.int64)
    pe = np.concatenate([np.concatenate(a[3]) for a in arts]).astype(np.float64)
    fold = np.concatenate([[tc_fold(a[0], 13)] * len(a[5]) for a in arts])
    tune = np.concatenate([[a[1]] * len(a[5]) for a in arts])
    ptr = np.r_[0, np.cumsum([len(r) for r in rows])]
    from claimscope.rhetoric_lexical import LEX_HASH_DIM

    x = csr_matrix(
        (np.ones(ptr[-1]), np.array([b for r in rows for b in r]), ptr),
        shape=(len(rows), LEX_HASH_DIM),
    )
    x.sum_duplicates()
    print(f"{len(y)} words, {y.mean():.3f} positive; tune words {tune.sum()}", flush=True)
    le = np.log(np.clip(pe, 1e-6, 1 - 1e-6) / (1 - np.clip(pe, 1e-6, 1 - 1e-6)))

    def f1_of(p_all: np.ndarray, which: np.ndarray, dec) -> dict:
        pred, gold = {}, {}
        at = 0
        for a in arts:
            n = len(a[5])
            if which[at]:
                p = p_all[at : at + n]
                out, k = [], 0
                for s in a[2]:
                    out += [
                        (sp.start, sp.end)
                        for sp in decode(s, p[k : k + len(s)].astype(np.float32), dec)
                    ]
                    k += len(s)
                pred[a[0]], gold[a[0]] = out, a[6]
            at += n
        return si_scores(pred, gold)

    model = RhetoricModel.load()
    dec = model.decoding
    allw = np.ones(len(y), dtype=bool)
    for name, which in (("all301", allw), ("fit271", ~tune), ("tune30", tune)):
        s = f1_of(pe, which, dec)
        print(
            f"encoder {name}: P {s['si_precision']:.4f} R {s['si_recall']:.4f} F1 {s['si_f1']:.4f}"
        )
    for c in cs:
        t0 = time.time()
        oof = np.zeros(len(y))
        for k in range(TC_FOLDS):
            tr, te = fold != k, fold == k
            clf = LogisticRegression(C=c, max_iter=300)
            clf.fit(x[tr], y[tr])
            oof[te] = clf.decision_function(x[te])
        from sklearn.metrics import roc_auc_score

        print(
            f"C {c}: {time.time() - t0:.0f}s; AUC lex {roc_auc_score(y, oof):.4f}"
            f" enc {roc_auc_score(y, pe):.4f} | tune30 lex {roc_auc_score(y[tune], oof[tune]):.4f}"
            f" enc {roc_auc_score(y[tune], pe[tune]):.4f}",
            flush=True,
        )
        lex_p = 1 / (1 + np.exp(-oof))
        # The mix, fitted on the tune articles (encoder out of sample); also leave-fold-out there.
        feats = np.c_[le, oof]
        mix = LogisticRegression(C=100.0).fit(feats[tune], y[tune])
        a_, b_ = mix.coef_[0]
        c_ = mix.intercept_[0]
        print(f"  mix on tune30: a {a_:.3f} b {b_:.3f} c {c_:.3f}")
        mix_all = LogisticRegression(C=100.0).fit(feats, y)
        print(
            f"  (mix on all 301 would be: a {mix_all.coef_[0][0]:.3f}"
            f" b {mix_all.coef_[0][1]:.3f} c {mix_all.intercept_[0]:.3f})"
        )
        pm = 1 / (1 + np.exp(-(feats @ mix.coef_[0] + c_)))
        # tune30 leave-one-fold-out mix
        pm_lfo = np.zeros(len(y))
        for k in range(TC_FOLDS):
            tr, te = tune & (fold != k), fold == k
            m = LogisticRegression(C=100.0).fit(feats[tr], y[tr])
            pm_lfo[te] = m.predict_proba(feats[te])[:, 1]
        for name, which in (("all301", allw), ("fit271", ~tune), ("tune30", tune)):
            for label, p in (("lexical", lex_p), ("mixed", pm), ("mixed-lfo", pm_lfo)):
                s = f1_of(p, which, dec)
                print(
                    f"  {label} {name}: P {s['si_precision']:.4f} R {s['si_recall']:.4f}"
                    f" F1 {s['si_f1']:.4f}"
                )
        print(
            f"  AUC tune30 mixed-lfo {roc_auc_score(y[tune], pm_lfo[tune]):.4f};"
            f" all301 {roc_auc_score(y, pm_lfo):.4f}"
        )
        # Mix fitted on all 301 words by grouped CV (encoder in sample on 271 of them).
        pm_all = np.zeros(len(y))
        for k in range(TC_FOLDS):
            m = LogisticRegression(C=100.0).fit(feats[fold != k], y[fold != k])
            pm_all[fold == k] = m.predict_proba(feats[fold == k])[:, 1]
        # Small doses of the lexical logit, centred, on the shipped decoding (a = 1).
        for dose in (0.05, 0.1, 0.2, 0.3):
            p = 1 / (1 + np.exp(-(le + dose * (oof - oof.mean()))))
            print(
                f"  dose {dose}: all301 {f1_of(p, allw, dec)['si_f1']:.4f}"
                f" tune30 {f1_of(p, tune, dec)['si_f1']:.4f}"
                f" fit271 {f1_of(p, ~tune, dec)['si_f1']:.4f}",
                flush=True,
            )
        # Do the decoding thresholds still fit? Best of the grid on the train side.
        for label, p in (("encoder", pe), ("mixed-lfo", pm_lfo), ("mixed-all-cv", pm_all)):
            f, dd = max(((f1_of(p, allw, dd)["si_f1"], dd) for dd in DECODINGS),
                        key=lambda t: t[0])
            t30 = f1_of(p, tune, dd)
            print(
                f"  {label}: best decoding on all301 {f:.4f} {dd};"
                f" tune30 with it {t30['si_f1']:.4f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
