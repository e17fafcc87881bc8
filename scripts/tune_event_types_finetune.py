"""Choose the event-type encoder's fine-tuning epochs and learning rate on the train side
of the own-example held-out splits only (never on CASE 2021, never on the held-out share).

    OMP_NUM_THREADS=1 PYTHONPATH=src python scripts/tune_event_types_finetune.py \
        --data /work/shared/data [--seeds 13 14 15] [--lrs 2e-5 5e-5] [--epochs 4]

For each outer seed, the own examples `train.event_types.held_out(text, seed)` picks are
set aside untouched (they are what `scripts/eval_event_types_heldout.py --finetune`
scores). Of the rest, the own examples `held_out(text, seed + 100)` picks are an inner
validation share: the encoder is fine-tuned on everything else for `--epochs` epochs at
each learning rate, and after each epoch the logistic head is fitted on the inner fitting
side (fp32 vectors) and the inner validation share scored as the events stage decides
(weighted F1, non-event classes collapsed). Epoch 0 is the frozen encoder. An epoch count
below `--epochs` is the model stopped early on that schedule (the linear decay is not
shortened), so the choice is (lr, stop epoch) with the schedule's length fixed.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import f1_score

from claimscope.event_model import MODEL_DIR, EventTypeModel
from claimscope.train.event_types import (
    N_LAYERS,
    TRIGGER_SCALE,
    TRIGGERS,
    WEIGHTS,
    Example,
    _collapse,
    _decide,
    collect,
    finetune_encoder,
    fit_head,
    held_out,
    onehots,
    torch_vectors,
    trigger_of,
)

INNER_SALT = 100


def inner_score(
    encoder: Any, fit: Sequence[Example], val: Sequence[Example], seed: int,
    base: EventTypeModel,
) -> float:
    """Weighted F1 on `val` of the head fitted on `fit` over `encoder`'s fp32 vectors."""
    examples = [*fit, *val]
    triggers = [trigger_of(e.text) for e in examples]
    feats = np.hstack([torch_vectors(encoder, [e.text for e in examples]), onehots(triggers)])
    n = len(fit)
    classes, coef, bias = fit_head(
        feats[:n], [e.label for e in fit], [WEIGHTS[e.source] for e in fit], seed
    )
    judge = EventTypeModel(base.session, base.tokenizer, coef, bias, classes, TRIGGERS,
                           TRIGGER_SCALE)
    decided = _decide(judge, judge.probs_of(feats[n:]), triggers[n:])
    pred = [_collapse(label or "Non-event") for label, _ in decided]
    gold = [_collapse(e.label) for e in val]
    return round(float(f1_score(gold, pred, average="weighted")), 4)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=Path("/work/shared/data"))
    parser.add_argument("--seeds", type=int, nargs="+", default=[13, 14, 15])
    parser.add_argument("--lrs", type=float, nargs="+", default=[2e-5, 5e-5])
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--layers", type=int, default=N_LAYERS)
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")

    base = EventTypeModel.load(MODEL_DIR)  # only its tokenizer/session slots are used
    examples = collect(args.data, args.seeds[0])
    table: dict[str, dict[str, float]] = {}
    for seed in args.seeds:
        side = [e for e in examples if not (e.source == "own" and held_out(e.text, seed))]
        is_val = [e.source == "own" and held_out(e.text, seed + INNER_SALT) for e in side]
        val = [e for e, v in zip(side, is_val, strict=True) if v]
        fit = [e for e, v in zip(side, is_val, strict=True) if not v]
        frozen = finetune_encoder(fit, seed=seed, n_layers=args.layers, epochs=0)
        table.setdefault("frozen", {})[f"seed{seed}"] = inner_score(frozen, fit, val, seed, base)
        print(f"seed {seed}: fit {len(fit)} val {len(val)} frozen {table['frozen']}",
              file=sys.stderr, flush=True)
        for lr in args.lrs:

            def after(
                epoch: int, encoder: Any, lr: float = lr, seed: int = seed,
                fit: list[Example] = fit, val: list[Example] = val,
            ) -> None:
                key = f"lr{lr:g}_epoch{epoch}"
                table.setdefault(key, {})[f"seed{seed}"] = inner_score(
                    encoder, fit, val, seed, base
                )
                print(f"seed {seed} {key}: {table[key][f'seed{seed}']}", file=sys.stderr,
                      flush=True)

            finetune_encoder(fit, seed=seed, n_layers=args.layers, epochs=args.epochs, lr=lr,
                             after_epoch=after,
                             log=lambda m: print(m, file=sys.stderr, flush=True))
    for row in table.values():
        row["mean"] = round(statistics.fmean(v for k, v in row.items() if k != "mean"), 4)
    json.dump(table, sys.stdout, indent=1)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
