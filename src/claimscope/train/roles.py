"""Training of the role tagger on MUC-4 (JSON lines `train.json`/`dev.json` in one folder).

    claimscope train roles --data /work/shared/data/events/muc4

Every occurrence of a gold filler's mention strings in the document is labelled with its
role (the corpus gives one offset per mention, but the tagger should not learn that a
later repetition is not a filler). The CRF is fitted on train and scored on dev with the
CEAF-REE scorer of `claimscope.eval.roles`, on the tagger's mentions over the whole
document (no events stage involved: that is what `claimscope eval roles` measures).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import tempfile
import time
from collections.abc import Sequence
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
    RoleTagger,
    sentences,
    token_features,
)
from claimscope.stages.language import load_spacy
from claimscope.train import cards

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
    labels: list[str] = []
    previous: tuple[int, int, str] | None = None
    for token in sent:
        inside = next(
            (s for s in spans if s[0] <= token.idx and token.idx + len(token) <= s[1]), None
        )
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
    """CEAF-REE of the tagger's mentions over whole documents, as `claimscope eval roles` sums."""
    totals = {role: [0.0, 0, 0] for role in ROLES}
    for doc, parse in parsed:
        pred: dict[str, list[str]] = {role: [] for role in ROLES}
        for mention in tagger.mentions(parse):
            pred[mention.role].append(mention.text)
        for role in ROLES:
            for i, n in enumerate(ceaf_ree(pred[role], doc.extracts[role])):
                totals[role][i] += n
    precision, recall, micro = prf(*(sum(t[i] for t in totals.values()) for i in range(3)))
    result = {"micro_f1": micro, "precision": precision, "recall": recall}
    for role in ROLES:
        result[f"{role.lower()}_f1"] = prf(*totals[role])[2]
    return result


def train(data_dir: Path, out_dir: Path, *, seed: int = 13) -> dict[str, float]:
    """Fit the CRF on `data_dir/train.json`, score `data_dir/dev.json`, write the model and card.

    CRFsuite's L-BFGS is deterministic: `seed` is recorded for the card only.
    """
    existing = cards.read_card(out_dir / "CARD.md")
    if existing is not None:
        cards.generated_span(existing, "roles")  # bad markers fail now, not after the fit
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
    # Only the generated block is rewritten: the card's hand-written sections stay.
    card_path = out_dir / "CARD.md"
    card = cards.update_card(cards.read_card(card_path), card_block(meta, model_path), "roles")
    card_path.write_text(card, encoding="utf-8")
    return scores


def card_block(meta: dict[str, Any], model_path: Path) -> str:
    dev = meta["dev"]
    rows = "\n".join(f"| {k} | {v} |" for k, v in dev.items())
    size = model_path.stat().st_size / 1e6
    start, end = cards.markers("roles")
    return f"""{start}
# roles: MUC-4 role-filler tagger (CRF)

Marks perpetrator individuals/organisations, physical targets, human victims and weapons
in text (BIO over PerpInd, PerpOrg, Target, Victim, Weapon). Used by the `roles` stage to
fill each event's `actor1` (perpetrators) and `actor2` (victims and targets).

- Data: MUC-4 `train.json` ({meta['train_docs']} documents, GRIT's JSON release, already
  lower-cased), every occurrence of a gold mention string labelled with its role.
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
{end}"""
