"""MUC-4 train through 4 out-of-fold role taggers: the roles pipeline's unseen estimate on train.

    OMP_NUM_THREADS=1 PYTHONPATH=src python scripts/roles_oof.py \\
        --data ../shared/data/events/muc4/train.json --folds /tmp/rw [--dump out.json]

Fold of a document: `sha256("fold:13:<docid>") % 4`. Tagger k (`DIR/fold{k}.crfsuite`) is a
CRF with the shipped settings (`train.roles.CRF_PARAMS`) fitted on the other three folds; a
missing one is fitted first (about two minutes each). Each document of fold k then runs
through `claimscope eval roles`' stages with tagger k in place of the shipped one, and is
scored by CEAF-REE as `eval roles` scores dev. Prints micro P/R/F1, per fold and per role.
`--dump` writes per document the predicted and gold fillers and each event's sub-type,
actors and evidence, which is what the roles card's error classes were counted from.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path
from typing import Any

from claimscope.cli import EVAL_STAGES, settings_for
from claimscope.eval.report import ReadStats, analyze_text, prf
from claimscope.eval.roles import ROLES, ceaf_ree, iter_muc, normalize, predicted_roles
from claimscope.models.roles import RoleTagger
from claimscope.pipeline import Analyzer

FOLDS = 4


def fold_of(docid: str) -> int:
    return int(hashlib.sha256(f"fold:13:{docid}".encode()).hexdigest(), 16) % FOLDS


def fit_folds(data: Path, out: Path) -> None:
    """Fit the fold taggers that `out` lacks."""
    import pycrfsuite

    from claimscope.config import Settings
    from claimscope.models.roles import sentences, token_features
    from claimscope.stages.language import load_spacy
    from claimscope.train.roles import (
        CRF_PARAMS,
        gold_labels,
        occurrences,
        parse_cache,
        parsed_docs,
    )

    missing = [k for k in range(FOLDS) if not (out / f"fold{k}.crfsuite").exists()]
    if not missing:
        return
    nlp = load_spacy(Settings().spacy_model)
    docs = list(iter_muc(data))
    features = []
    for doc, parse in parsed_docs(docs, nlp, parse_cache(data, nlp)):
        spans = occurrences(parse.text, doc)
        features.append((
            fold_of(doc.docid),
            [(token_features(s, i), gold_labels(s, spans)) for i, s in sentences(parse)],
        ))
    out.mkdir(parents=True, exist_ok=True)
    for k in missing:
        trainer = pycrfsuite.Trainer(verbose=False)
        for fold, sequences in features:
            if fold != k:
                for x, y in sequences:
                    trainer.append(x, y)
        trainer.set_params(CRF_PARAMS)
        trainer.train(str(out / f"fold{k}.crfsuite"))


def _spans(actor: Any) -> list[str]:
    return [] if actor is None else [actor.text, *(s.text for s in actor.associated)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="MUC-4 train.json")
    parser.add_argument("--folds", type=Path, required=True, help="directory of fold taggers")
    parser.add_argument("--dump", type=Path, help="write per-document predictions here")
    args = parser.parse_args()
    fit_folds(args.data, args.folds)
    analyzer = Analyzer(settings_for(None, stages=EVAL_STAGES["roles"]))
    stage = next(s for s in analyzer.pipeline.stages if getattr(s, "name", "") == "roles")
    taggers = [RoleTagger(args.folds / f"fold{k}.crfsuite") for k in range(FOLDS)]
    totals = {role: [0.0, 0, 0] for role in ROLES}
    per_fold = [[0.0, 0, 0] for _ in range(FOLDS)]
    dump: dict[str, Any] = {}
    for item in iter_muc(args.data):
        fold = fold_of(item.docid)
        stage.tagger = taggers[fold]
        doc = analyze_text(analyzer, item.text, item.docid, ReadStats())
        predicted = predicted_roles(doc)
        for role in ROLES:
            for i, n in enumerate(ceaf_ree(predicted[role], item.extracts[role])):
                totals[role][i] += n
                per_fold[fold][i] += n
        if args.dump:
            dump[item.docid] = {
                "pred": {r: sorted({normalize(m) for m in v}) for r, v in predicted.items()},
                "gold": {
                    r: [[normalize(m) for m in e] for e in v] for r, v in item.extracts.items()
                },
                "events": [
                    {"type": e.sub_event_type, "actor1": _spans(e.actor1),
                     "actor2": _spans(e.actor2), "evidence": [s.text for s in e.evidence]}
                    for e in doc.events
                ],
            }
    p, r, f = prf(*(sum(t[i] for t in totals.values()) for i in range(3)))
    result: dict[str, Any] = {"micro_f1": round(f, 4), "precision": round(p, 4),
                              "recall": round(r, 4),
                              "folds": [round(prf(*t)[2], 4) for t in per_fold]}
    result |= {f"{role.lower()}_f1": round(prf(*totals[role])[2], 4) for role in ROLES}
    print(json.dumps(result))
    if args.dump:
        args.dump.write_text(json.dumps(dump))


if __name__ == "__main__":
    main()
