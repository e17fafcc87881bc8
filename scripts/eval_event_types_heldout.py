"""Unseen checks of the event-type model that are not CASE 2021 (which `claimscope eval
event-types` scores): the project's own examples held out by hash, and PLOVER.

    OMP_NUM_THREADS=1 PYTHONPATH=src python scripts/eval_event_types_heldout.py \
        --data /work/shared/data [--reference DIR] [--seeds 13 14 15]

* Own examples: for each seed, the 20 % of `data/events/*.tsv` that
  `train.event_types.held_out` picks are left out, the head is refitted on everything
  else (MUC-4, WikiEvents, weak labels and the other own examples, as `train` does) and the
  held-out sentences are scored as the events stage decides (within the trigger's family,
  with the non-event veto; non-event classes collapsed). The trigger rules (with their
  refinements) are scored on the same sentences. `--reference DIR` (a folder of older
  example tsv files) also scores only the held-out sentences that are in it: with new
  examples added, the held-out share of the old ones is the same test set before and
  after (the hash depends on the text and seed only).
* PLOVER gold-standard records (CC BY-SA 4.0; evaluation only, never training), coarse
  classes: FIGHT/ASSAULT -> violence, PROTEST -> protest, COERCE/MOBILIZE -> strategic,
  everything else -> none; THREATEN is left out (a threat is no ACLED event but an
  "Other" strategic development can be one). The model here is the head fitted on all
  examples, i.e. what `claimscope train event_types` ships for the same data.

Without `--finetune` the encoder is the shipped `encoder.onnx`, frozen, so sentence vectors
are computed once: fair for a frozen encoder only. A fine-tuned shipped encoder has seen the
held-out sentences, so `--finetune` (torch, the `train` extra) fine-tunes a fresh encoder per
seed on that seed's fitting side (`train.event_types.fit_model`, the shipped epochs and
learning rate or `--epochs`/`--lr`, the first `--layers` of the base encoder), exports it to
int8 and fits the head on its vectors before scoring the held-out share; PLOVER is then
scored with the shipped model (`--model`).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sklearn.metrics import f1_score

from claimscope.event_model import MODEL_DIR, NON_EVENT_CLASSES, EventTypeModel
from claimscope.taxonomy import event_type_of, find_trigger
from claimscope.train.event_types import (
    EPOCHS,
    EXAMPLES_DIR,
    LR_ENCODER,
    N_LAYERS,
    TRIGGER_SCALE,
    TRIGGERS,
    WEIGHTS,
    Example,
    _collapse,
    _decide,
    collect,
    fit_head,
    fit_model,
    held_out,
    own_examples,
    score_heldout,
    trigger_of,
)

PLOVER_COARSE = {
    "FIGHT": "violence", "ASSAULT": "violence", "PROTEST": "protest",
    "COERCE": "strategic", "MOBILIZE": "strategic",
}
_ACLED_COARSE = {
    "Battles": "violence", "Explosions/Remote violence": "violence",
    "Violence against civilians": "violence", "Protests": "protest", "Riots": "protest",
    "Strategic developments": "strategic",
}


def _coarse(sub_type: str | None) -> str:
    if sub_type is None or sub_type in NON_EVENT_CLASSES:
        return "none"
    return _ACLED_COARSE[event_type_of(sub_type)]


def _f1(gold: Sequence[str], pred: Sequence[str]) -> dict[str, float]:
    return {
        "weighted_f1": round(float(f1_score(gold, pred, average="weighted")), 4),
        "macro_f1": round(float(f1_score(gold, pred, average="macro")), 4),
        "n": len(gold),
    }


def _rules(text: str) -> str | None:
    found = find_trigger(text.lower(), text.lower())
    return found[0] if found is not None else None


def _judge(base: EventTypeModel, head: tuple[list[str], Any, Any]) -> EventTypeModel:
    classes, coef, bias = head
    return EventTypeModel(base.session, base.tokenizer, coef, bias, classes, TRIGGERS,
                          TRIGGER_SCALE)


def own_heldout(
    base: EventTypeModel, examples: list[Example], features: Any, seeds: Sequence[int],
    reference: set[str] | None,
) -> dict[str, Any]:
    labels = [e.label for e in examples]
    weights = [WEIGHTS[e.source] for e in examples]
    triggers = [trigger_of(e.text) for e in examples]
    out: dict[str, Any] = {}
    for seed in seeds:
        test = [e.source == "own" and held_out(e.text, seed) for e in examples]
        fit = [i for i, t in enumerate(test) if not t]
        judge = _judge(base, fit_head(features[fit], [labels[i] for i in fit],
                                      [weights[i] for i in fit], seed))
        scored = [i for i, t in enumerate(test) if t]
        decided = _decide(judge, judge.probs_of(features[scored]), [triggers[i] for i in scored])
        pred = {
            i: _collapse(label or "Non-event")
            for i, (label, _) in zip(scored, decided, strict=True)
        }
        rules = {i: _rules(examples[i].text) or "NOT_EVENT" for i in scored}
        subsets = {"all": scored}
        if reference is not None:
            subsets["reference"] = [i for i in scored if examples[i].text in reference]
        for name, idx in subsets.items():
            gold = [_collapse(labels[i]) for i in idx]
            out[f"seed{seed}_{name}_model"] = _f1(gold, [pred[i] for i in idx])
            out[f"seed{seed}_{name}_rules"] = _f1(gold, [rules[i] for i in idx])
    return out


def own_heldout_finetuned(
    examples: list[Example], seeds: Sequence[int], reference: set[str] | None, *,
    epochs: int, lr: float, n_layers: int = N_LAYERS,
) -> dict[str, Any]:
    """`own_heldout` with the encoder fine-tuned afresh per seed without the held-out share."""
    out: dict[str, Any] = {}
    for seed in seeds:
        test = [e.source == "own" and held_out(e.text, seed) for e in examples]
        fitted = [e for e, t in zip(examples, test, strict=True) if not t]
        scored = [e for e, t in zip(examples, test, strict=True) if t]
        with tempfile.TemporaryDirectory() as tmp:
            model, classes, coef, bias = fit_model(
                fitted, Path(tmp), seed=seed, n_layers=n_layers, epochs=epochs, lr=lr
            )
            pred = score_heldout(model, (classes, coef, bias), scored)
        subsets = {"all": range(len(scored))}
        if reference is not None:
            subsets["reference"] = [i for i, e in enumerate(scored) if e.text in reference]
        for name, idx in subsets.items():
            gold = [_collapse(scored[i].label) for i in idx]
            out[f"seed{seed}_{name}_model"] = _f1(gold, [pred[i] for i in idx])
            out[f"seed{seed}_{name}_rules"] = _f1(
                gold, [_rules(scored[i].text) or "NOT_EVENT" for i in idx]
            )
    return out


def plover(judge: EventTypeModel, path: Path) -> dict[str, Any]:
    records = [r for r in json.loads(path.read_text(encoding="utf-8")) if r.get("text")]
    records = [r for r in records if r["event"] != "THREATEN"]
    texts = [r["text"] for r in records]
    gold = [PLOVER_COARSE.get(r["event"], "none") for r in records]
    triggers = [trigger_of(t) for t in texts]
    decided = _decide(judge, judge.probs(texts, triggers), triggers)
    return {
        "gold": dict(Counter(gold)),
        "rules": _f1(gold, [_coarse(_rules(t)) for t in texts]),
        "model_gated": _f1(gold, [_coarse(label) for label, _ in decided]),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=Path("/work/shared/data"))
    parser.add_argument("--examples", type=Path, default=EXAMPLES_DIR)
    parser.add_argument("--reference", type=Path, default=None)
    parser.add_argument("--seeds", type=int, nargs="+", default=[13, 14, 15])
    parser.add_argument("--model", type=Path, default=MODEL_DIR,
                        help="the directory whose encoder.onnx embeds the sentences")
    parser.add_argument("--finetune", action="store_true",
                        help="fine-tune the encoder per seed (needs torch)")
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    parser.add_argument("--lr", type=float, default=LR_ENCODER)
    parser.add_argument("--layers", type=int, default=N_LAYERS, choices=range(1, 7),
                        help="encoder layers fine-tuned per seed (with --finetune)")
    args = parser.parse_args(argv)

    base = EventTypeModel.load(args.model)
    meta = json.loads((args.model / "meta.json").read_text(encoding="utf-8"))
    if meta.get("fine_tuned_epochs") and not args.finetune:
        parser.error("this encoder was fine-tuned on the held-out sentences: use --finetune")
    examples = collect(args.data, args.seeds[0])
    if args.examples != EXAMPLES_DIR:
        examples = own_examples(args.examples) + [e for e in examples if e.source != "own"]
    reference = (
        {e.text for e in own_examples(args.reference)} if args.reference is not None else None
    )
    report: dict[str, Any] = {"n_examples": dict(Counter(e.source for e in examples))}
    if args.finetune:
        report["own_heldout"] = own_heldout_finetuned(
            examples, args.seeds, reference, epochs=args.epochs, lr=args.lr,
            n_layers=args.layers,
        )
    else:
        features = base.features(base.embed([e.text for e in examples]),
                                 [trigger_of(e.text) for e in examples])
        report["own_heldout"] = own_heldout(base, examples, features, args.seeds, reference)
        full = _judge(base, fit_head(features, [e.label for e in examples],
                                     [WEIGHTS[e.source] for e in examples], 13))
        report["plover"] = plover(full, args.data / "events" / "plover-gsr"
                                  / "PLOVER_GSR_CAMEO.txt")
    report["plover_shipped_model"] = plover(base, args.data / "events" / "plover-gsr"
                                            / "PLOVER_GSR_CAMEO.txt")["model_gated"]
    json.dump(report, sys.stdout, indent=1)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
