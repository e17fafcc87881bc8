"""The default profile's attribution head over the rhetoric encoder's hidden states (issue 12).

    # 1. the vectors: each PolNeAR train token's first-piece vector from the shipped rhetoric
    #    encoder, run over the article body exactly as the rhetoric stage runs it
    OMP_NUM_THREADS=1 PYTHONPATH=src python scripts/attribution_head.py features \\
        --data ../shared/data/attribution/polnear --out /tmp/attrshare/feats.npz
    # 2. a softmax head on a range of train docs (0-839 for the shipped one)
    OMP_NUM_THREADS=1 PYTHONPATH=src python scripts/attribution_head.py fit \\
        --features /tmp/attrshare/feats.npz --docs 0-839 \\
        --out src/claimscope/data/models/attribution
    # 3. held-out slices (`scripts/attribution_heldout.py`): the slice's CRF (its base fit,
    #    `--keep`) mixed with a head fitted on the slice's fitted docs only
    OMP_NUM_THREADS=1 PYTHONPATH=src python scripts/attribution_head.py score \\
        --data ../shared/data/attribution/polnear --slice A --crf /tmp/attrshare/models/A-base \\
        --head /tmp/attrshare/head-A --modes crf,mix:0.3,mix:0.5,mix:0.7

The head (`claimscope.models.attribution_head.TokenHead`) is multinomial logistic regression
(scikit-learn, lbfgs, C 1.0 on standardised inputs, the scaling folded into the weights) or,
with `--mlp N`, one ReLU layer of N units (scikit-learn's MLPClassifier, early stopping),
settings fixed before any result; `--context` says how many neighbours' vectors each token
also reads. Dev is never read here. Result (attribution `CARD.md`, 2026-12-07, eighth round):
no head raised the claims stage on slice A, so none ships.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from claimscope.models.attribution_encoder import LABELS
from claimscope.models.attribution_head import (
    HEAD_FILE,
    HEAD_META,
    TokenHead,
    file_digest,
    parse_vectors,
)
from claimscope.rhetoric_model import MODEL_DIR as RHETORIC_DIR
from claimscope.rhetoric_model import RhetoricModel, default_model

C = 1.0


def parse_range(spec: str) -> list[int]:
    out: list[int] = []
    for part in spec.split(","):
        lo, _, hi = part.partition("-")
        out.extend(range(int(lo), int(hi or lo) + 1))
    return out


def body_encoding(model: RhetoricModel, text: str) -> tuple[Any, int]:
    """The rhetoric encoder's pass over the body of `text` read as `eval attribution` reads
    it (ingest as plain text), and the body's start."""
    from claimscope.config import Settings
    from claimscope.stages.ingest import read_document

    settings = Settings()
    doc = read_document(text, source_name="<train>", fmt="text", published=None, url=None,
                        max_bytes=settings.max_bytes, max_chars=settings.max_chars)
    body = doc.body_span()
    if doc.text != text:
        raise ValueError("ingest changed the text: offsets would not match the parse")
    return model.encode(doc.text, body.start, body.end), body.start


def features(data: Path, out: Path) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from attribution_heldout import parsed_train  # type: ignore[import-not-found]

    from claimscope.config import Settings
    from claimscope.models.attribution import segments
    from claimscope.stages.language import load_spacy
    from claimscope.train.attribution import fragments, gold_labels

    nlp = load_spacy(Settings().spacy_model)
    train = parsed_train(data, nlp)
    model = default_model()
    index = {label: k for k, label in enumerate(LABELS)}
    xs: list[Any] = []
    hs: list[Any] = []
    ys: list[int] = []
    docs: list[int] = []
    segs: list[int] = []
    n_seg = 0
    began = time.perf_counter()
    for i, (doc, parse) in enumerate(train):
        encoded, _ = body_encoding(model, doc.text)
        vectors, has = parse_vectors(encoded, parse, 0)
        frags = fragments(doc)
        for tokens in segments(parse):
            rows = [t.i for t in tokens]
            xs.append(vectors[rows])
            hs.append(has[rows])
            ys.extend(index[lab] for lab in gold_labels(tokens, frags))
            docs.extend([i] * len(rows))
            segs.extend([n_seg] * len(rows))
            n_seg += 1
        if i % 100 == 99:
            print(f"{i + 1} docs, {time.perf_counter() - began:.0f} s", flush=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez(out, x=np.concatenate(xs), has=np.concatenate(hs), y=np.array(ys, dtype=np.int8),
             doc=np.array(docs, dtype=np.int16), seg=np.array(segs, dtype=np.int32),
             encoder_digest=np.array(file_digest(RHETORIC_DIR / "encoder.onnx")))
    print(f"{len(ys)} tokens, {n_seg} segments -> {out} ({time.perf_counter() - began:.0f} s)")


def inputs(x: Any, seg: Any, context: int) -> Any:
    """`head_inputs` over every segment at once (neighbours never cross a segment)."""
    if not context:
        return x
    parts = [x]
    for d in range(1, context + 1):
        before = np.zeros_like(x)
        after = np.zeros_like(x)
        same_b = seg[d:] == seg[:-d]
        before[d:][same_b] = x[:-d][same_b]
        after[:-d][same_b] = x[d:][same_b]
        parts.extend([before, after])
    return np.concatenate(parts, axis=1)


def fit(feats: Path, docs: list[int], out: Path, context: int, weight: float,
        mlp: int = 0) -> None:
    from sklearn.linear_model import LogisticRegression
    from sklearn.neural_network import MLPClassifier

    arrays = np.load(feats, allow_pickle=False)
    digest = str(arrays["encoder_digest"])
    if digest != file_digest(RHETORIC_DIR / "encoder.onnx"):
        raise SystemExit("the vectors were computed with another rhetoric encoder")
    keep_doc = np.isin(arrays["doc"], docs)
    x = inputs(arrays["x"], arrays["seg"], context)
    rows = keep_doc & arrays["has"]
    x, y = x[rows], arrays["y"][rows]
    began = time.perf_counter()
    mean = x.mean(axis=0)
    scale = x.std(axis=0) + 1e-6
    z = (x - mean) / scale
    print(f"{len(y)} tokens x {x.shape[1]} inputs from {len(set(docs))} docs", flush=True)
    layers: dict[str, Any] = {}
    if mlp:
        # One ReLU layer; settings fixed before any result (sklearn's defaults, early stop
        # on a tenth of the tokens).
        net = MLPClassifier(hidden_layer_sizes=(mlp,), batch_size=256, max_iter=20,
                            early_stopping=True, n_iter_no_change=2, random_state=13)
        net.fit(z, y)
        clf: Any = net
        first = net.coefs_[0] / scale[:, None]
        layers["hidden_coef"] = first.T.astype(np.float32)
        layers["hidden_bias"] = (net.intercepts_[0] - mean @ first).astype(np.float32)
        out_coef, out_bias, n_in = net.coefs_[1].T, net.intercepts_[1], mlp
    else:
        clf = LogisticRegression(C=C, max_iter=300, tol=1e-4)
        clf.fit(z, y)
        out_coef = clf.coef_ / scale
        out_bias = clf.intercept_ - out_coef @ mean
        n_in = x.shape[1]
    coef = np.zeros((len(LABELS), n_in), dtype=np.float64)
    bias = np.zeros(len(LABELS), dtype=np.float64)
    for r, k in enumerate(clf.classes_):
        coef[k] = out_coef[r]
        bias[k] = out_bias[r]
    missing = [LABELS[k] for k in range(len(LABELS)) if k not in clf.classes_]
    if missing:
        bias[[LABELS.index(m) for m in missing]] = -30.0
    out.mkdir(parents=True, exist_ok=True)
    np.savez(out / HEAD_FILE, coef=coef.astype(np.float32), bias=bias.astype(np.float32),
             **layers)
    meta = {
        "labels": list(LABELS), "context": context, "weight": weight,
        "encoder": RHETORIC_DIR.name, "encoder_digest": digest,
        "docs": f"{min(docs)}-{max(docs)} ({len(docs)})", "tokens": len(y),
        "model": f"mlp {mlp}" if mlp else f"logistic regression, C {C}",
        "iterations": int(np.max(clf.n_iter_)),
        "train_accuracy": round(float(clf.score(z, y)), 4),
        "fit_seconds": round(time.perf_counter() - began, 1),
    }
    (out / HEAD_META).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(meta), flush=True)


class VectorTable:
    """(vectors, has) per token of each parse the scoring reads, looked up by the parse."""

    def __init__(self) -> None:
        self.by_parse: dict[int, tuple[Any, Any, Any]] = {}

    def add(self, parse: Any, vectors: Any, has: Any) -> None:
        self.by_parse[id(parse)] = (parse, vectors, has)

    def rows(self, tokens: Sequence[Any]) -> tuple[Any, Any]:
        parse, vectors, has = self.by_parse[id(tokens[0].doc)]
        assert parse is tokens[0].doc
        index = [t.i for t in tokens]
        return vectors[index], has[index]


def make_tagger(crf_dir: Path, head: TokenHead | None, table: VectorTable, weight: float) -> Any:
    from claimscope.models.attribution import AttributionTagger
    from claimscope.models.bio import viterbi

    if head is None:
        return AttributionTagger(crf_dir)

    class Trial(AttributionTagger):
        def tag(self, tokens: Sequence[Any], vectors: Any = None) -> list[str]:
            labels: list[str] = self._tagger.tag(self._featurize(tokens, self.lexicon))
            if not tokens:
                return labels
            marginal = self._tagger.marginal
            crf = np.array([[marginal(y, i) for y in LABELS] for i in range(len(tokens))])
            vectors, has = table.rows(tokens)
            assert head is not None
            head.weight = weight
            return viterbi(head.mix(crf, vectors, has), LABELS)

    return Trial(crf_dir)


def score_slice(data: Path, slice_name: str, crf: Path, head_dir: Path | None,
                modes: list[str], out: Path | None) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from attribution_heldout import (  # type: ignore[import-not-found]
        SLICES,
        brief,
        claims_score,
        parsed_train,
        stage_docs,
    )

    from claimscope.config import Settings
    from claimscope.stages.claims import ClaimsStage
    from claimscope.stages.language import load_spacy
    from claimscope.train.attribution import score

    settings = Settings()
    nlp = load_spacy(settings.spacy_model)
    train = parsed_train(data, nlp)
    held = [train[i] for i in SLICES[slice_name][1]]
    docs = stage_docs(held)
    model = default_model()
    table = VectorTable()
    covered = total = 0
    for (gold, parse), (_, doc) in zip(held, docs, strict=True):
        encoded, _ = body_encoding(model, gold.text)
        vectors, has = parse_vectors(encoded, parse, 0)
        table.add(parse, vectors, has)
        covered += int(has.sum())
        total += len(has)
        if "spacy" in doc.scratch:
            stage_parse = doc.scratch["spacy"]
            offset = doc.scratch["spacy_offset"]
            table.add(stage_parse, *parse_vectors(encoded, stage_parse, offset))
    print(f"slice {slice_name}: {covered} of {total} tokens have a vector", flush=True)
    head = TokenHead.load(head_dir) if head_dir is not None else None
    stage = ClaimsStage(settings)
    for mode in modes:
        name, _, w = mode.partition(":")
        began = time.perf_counter()
        tagger = make_tagger(crf, head if name == "mix" else None, table, float(w or 0.5))
        tagged = score(tagger, held)
        claims = claims_score(stage, tagger, docs)
        seconds = time.perf_counter() - began
        label = f"{mode} ({head_dir.name if head_dir else 'no head'}, {seconds:.0f} s)"
        print(f"slice {slice_name} {label}\n  tagger {brief(tagged)}\n  claims {brief(claims)}",
              flush=True)
        if out is not None:
            with out.open("a", encoding="utf-8") as f:
                f.write(json.dumps({"slice": slice_name, "mode": mode, "head": str(head_dir),
                                    "tagger": tagged, "claims": claims}) + "\n")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    f = sub.add_parser("features")
    f.add_argument("--data", type=Path, required=True)
    f.add_argument("--out", type=Path, required=True)
    t = sub.add_parser("fit")
    t.add_argument("--features", type=Path, required=True)
    t.add_argument("--docs", required=True, help="train doc indices, e.g. 0-739")
    t.add_argument("--out", type=Path, required=True, help="directory for head.npz / head.json")
    t.add_argument("--context", type=int, default=0)
    t.add_argument("--weight", type=float, default=0.5, help="the head's share in the mix")
    t.add_argument("--mlp", type=int, default=0, help="a ReLU layer of this width (0: none)")
    s = sub.add_parser("score")
    s.add_argument("--data", type=Path, required=True)
    s.add_argument("--slice", required=True)
    s.add_argument("--crf", type=Path, required=True)
    s.add_argument("--head", type=Path)
    s.add_argument("--modes", default="crf,mix:0.3,mix:0.5,mix:0.7")
    s.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    if args.cmd == "features":
        features(args.data, args.out)
    elif args.cmd == "fit":
        fit(args.features, parse_range(args.docs), args.out, args.context, args.weight, args.mlp)
    else:
        score_slice(args.data, args.slice, args.crf, args.head, args.modes.split(","), args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
