"""Training of the attribution tagger on PolNeAR (brat `data/<split>/text|attributions`).

    claimscope train attribution --data /work/shared/data/attribution/polnear

Each token of the train split gets the BIO label of the gold Source/Cue/Content fragment
that covers it (PolNeAR is univocal: at most one). The cue lexicon (share of each lemma's
occurrences that fall inside a cue) is counted on the train split too. The CRF is then
scored on the dev split with the span metrics of `claimscope.eval.attribution`, over the
tagger's paired triples (no claims-stage post-processing: `claimscope eval attribution`
measures the whole stage).
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pycrfsuite  # type: ignore[import-untyped]

from claimscope.config import Settings
from claimscope.eval.attribution import (
    ROLES,
    PolnearDoc,
    Tally,
    iter_polnear,
    parse_ann,
    span_key,
)
from claimscope.eval.report import ReadStats
from claimscope.models.attribution import (
    CUE_LIKE,
    LEXICON_FILE,
    MODEL_FILE,
    OUTSIDE,
    AttributionTagger,
    Featurizer,
    Lexicon,
    Triple,
    segments,
    token_features,
)
from claimscope.stages.language import load_spacy
from claimscope.train import cards

# Chosen on a split of train (fit docs 0-739, score 740-839; never dev): stronger L1/L2
# than the first model (c1 0.3, c2 0.01), which fit seen documents far better than unseen
# ones. Held-out source F1 through the claims stage went 0.757 -> 0.775 (issue 3).
CRF_PARAMS: dict[str, Any] = {
    "c1": 2.0,
    "c2": 0.2,
    "max_iterations": 100,
    "feature.possible_transitions": True,
    "feature.minfreq": 3,
}
# Lemmas seen fewer times than this get no cue-lexicon entry.
_MIN_LEMMA_COUNT = 3
_ROLE_OF = {"source": "SRC", "cue": "CUE", "content": "CNT"}


def split_dir(data_dir: Path, split: str) -> Path:
    """`<root>/data/<split>` or `<root>/<split>`, whichever exists."""
    for candidate in (data_dir / "data" / split, data_dir / split):
        if (candidate / "text").is_dir():
            return candidate
    raise FileNotFoundError(f"no PolNeAR {split} split under {data_dir}")


def other_annotators(split: Path) -> dict[str, list[PolnearDoc]]:
    """Each text's annotations beyond the file `iter_polnear` reads (the first in sorted order).

    PolNeAR had a few articles annotated by every annotator, to measure agreement: 16 of
    train's 840 texts have five or six `.ann` files (79 files beyond the first). Each further
    file is a training document of its own, on the same text.
    """
    files: dict[str, list[Path]] = {}
    for ann in sorted((split / "attributions").glob("*.ann")):
        files.setdefault(ann.stem.rsplit("_", 1)[0], []).append(ann)
    stats = ReadStats()
    out: dict[str, list[PolnearDoc]] = {}
    for name, anns in files.items():
        txt = split / "text" / f"{name}.txt"
        if len(anns) < 2 or not txt.is_file():
            continue
        text = txt.read_text(encoding="utf-8")
        out[name] = [
            PolnearDoc(name, text, parse_ann(_lines(a), text, stats, str(a)))
            for a in anns[1:]
        ]
    return out


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def with_other_annotators(
    parsed: Sequence[tuple[PolnearDoc, Any]], split: Path, most: int | None = None
) -> list[tuple[PolnearDoc, Any]]:
    """`parsed` followed by further annotators' documents of its texts (all of them, or the
    first `most` in sorted order), on the same parse."""
    others = other_annotators(split)
    return list(parsed) + [
        (o, parse) for doc, parse in parsed for o in others.get(doc.name, [])[:most]
    ]


def fragments(doc: PolnearDoc) -> list[tuple[int, int, str]]:
    """(start, end, role) of every gold fragment, sorted by start."""
    out = [
        (s, e, _ROLE_OF[role]) for role in ROLES for key in doc.gold[role] for s, e in key
    ]
    return sorted(out)


def gold_labels(tokens: Sequence[Any], frags: list[tuple[int, int, str]]) -> list[str]:
    """BIO label per token: the fragment holding the token's first character."""
    labels: list[str] = []
    previous: tuple[int, int, str] | None = None
    for token in tokens:
        inside = next((f for f in frags if f[0] <= token.idx < f[1]), None)
        if inside is None:
            labels.append(OUTSIDE)
        else:
            labels.append(("I-" if inside == previous else "B-") + inside[2])
        previous = inside
    return labels


def cue_lexicon(parsed: Iterable[tuple[PolnearDoc, Any]]) -> Lexicon:
    """Share of each lemma's occurrences that lie inside a gold cue."""
    seen: Counter[str] = Counter()
    in_cue: Counter[str] = Counter()
    for doc, parse in parsed:
        cues = [(s, e) for key in doc.gold["cue"] for s, e in key]
        for token in parse:
            if token.is_space or token.is_punct:
                continue
            lemma = token.lemma_.lower()
            seen[lemma] += 1
            if any(s <= token.idx < e for s, e in cues):
                in_cue[lemma] += 1
    return {
        lemma: round(in_cue[lemma] / n, 3)
        for lemma, n in sorted(seen.items())
        if n >= _MIN_LEMMA_COUNT and in_cue[lemma] / n >= 0.02
    }


def triple_spans(triples: Iterable[Triple], offset: int = 0) -> dict[str, list[tuple[int, int]]]:
    spans: dict[str, list[tuple[int, int]]] = {role: [] for role in ROLES}
    for t in triples:
        for role, span in (("source", t.source), ("cue", t.cue), ("content", t.content)):
            if span is not None and span not in spans[role]:
                spans[role].append(span)
    return spans


def score(tagger: AttributionTagger, parsed: Iterable[tuple[PolnearDoc, Any]]) -> dict[str, float]:
    """Exact and content-overlap scores of the tagger's triples, as the eval sums them."""
    tally = Tally()
    for doc, parse in parsed:
        found = triple_spans(tagger.triples(parse))
        pred = {role: [span_key(doc.text, [s]) for s in spans] for role, spans in found.items()}
        tally.add(doc.text, pred, doc.gold)
    return tally.scores()


def parse_split(path: Path, nlp: Any) -> list[tuple[PolnearDoc, Any]]:
    docs = list(iter_polnear(path))
    return list(zip(docs, nlp.pipe((d.text for d in docs), batch_size=16), strict=True))


def fit(
    parsed: Sequence[tuple[PolnearDoc, Any]],
    out_dir: Path,
    params: dict[str, Any],
    featurize: Featurizer = token_features,
    extra: Iterable[tuple[Sequence[Any], Sequence[str]]] = (),
) -> Lexicon:
    """Count the cue lexicon, fit the CRF on `parsed`, write both into `out_dir`.

    `extra` holds more labelled segments (tokens, labels), e.g. a tagger's confident output
    on unlabelled news; the lexicon is counted on `parsed` only.
    """
    lexicon = cue_lexicon(parsed)
    trainer = pycrfsuite.Trainer(verbose=False)
    for doc, parse in parsed:
        frags = fragments(doc)
        for tokens in segments(parse):
            trainer.append(featurize(tokens, lexicon), gold_labels(tokens, frags))
    for segment, labels in extra:
        trainer.append(featurize(segment, lexicon), list(labels))
    # `params` may name another of CRFsuite's training algorithms (L-BFGS by default).
    settings = dict(params)
    trainer.select(settings.pop("algorithm", "lbfgs"), "crf1d")
    trainer.set_params(settings)
    out_dir.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out_dir / MODEL_FILE))
    (out_dir / LEXICON_FILE).write_text(json.dumps(lexicon, sort_keys=True) + "\n", "utf-8")
    return lexicon


def train(data_dir: Path, out_dir: Path, *, seed: int = 13) -> dict[str, float]:
    """Fit on the train split of `data_dir`, score its dev split, write model, lexicon, card.

    Of an existing CARD.md only the generated block (between `CARD_START` and `CARD_END`)
    is rewritten; the card's hand-written sections are kept.

    CRFsuite's L-BFGS is deterministic: `seed` is recorded for the card only.
    """
    card_path = out_dir / "CARD.md"
    existing = cards.read_card(card_path)
    if existing is not None:
        generated_span(existing)  # bad markers fail now, not after the fit
    began = time.perf_counter()
    nlp = load_spacy(Settings().spacy_model)
    train_parsed = parse_split(split_dir(data_dir, "train"), nlp)
    lexicon = fit(train_parsed, out_dir, CRF_PARAMS)
    seconds = time.perf_counter() - began
    tagger = AttributionTagger(out_dir)
    scores = score(tagger, parse_split(split_dir(data_dir, "dev"), nlp))
    scores["train_seconds"] = round(seconds, 1)
    meta = {
        "model": MODEL_FILE,
        "lexicon": LEXICON_FILE,
        "cue_like_threshold": CUE_LIKE,
        "lexicon_size": len(lexicon),
        "crf_params": CRF_PARAMS,
        "seed": seed,
        "train_docs": len(train_parsed),
        "dev": {k: round(v, 4) for k, v in scores.items()},
        "date": dt.date.today().isoformat(),
    }
    (out_dir / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    # Read again: the card may have been edited by hand while the model was fitting.
    block = card_block(meta, (out_dir / MODEL_FILE).stat().st_size)
    card_path.write_text(update_card(cards.read_card(card_path), block), encoding="utf-8")
    return scores


# The part of CARD.md that training writes lies between these two lines; everything else in
# the card is written by hand and kept as it is when the model is retrained.
CARD_START, CARD_END = cards.markers("attribution")
_NOTES = """
Through the whole claims stage (`claimscope eval attribution .../polnear/data/dev`) the
figures differ on exact source and content match, by product choices of that stage: it
drops the leading complementiser "that" from a content (PolNeAR keeps it) and reads a
pronoun source as the previous claimant of the same paragraph (PolNeAR marks the pronoun).
"""


def generated_span(card: str) -> tuple[int, int] | None:
    """[start, end) of the card's generated block (`cards.generated_span`)."""
    return cards.generated_span(card, "attribution")


def update_card(existing: str | None, block: str) -> str:
    """The card with its generated block replaced by `block` (`cards.update_card`)."""
    return cards.update_card(existing, block, "attribution", _NOTES)


def card_template(block: str) -> str:
    """A new card: the generated block, then the hand-maintained notes to start from."""
    return update_card(None, block)


def card_block(meta: dict[str, Any], model_bytes: int) -> str:
    """The generated part of the card (markers included) from `meta` and the model's size."""
    rows = "\n".join(f"| {k} | {v} |" for k, v in meta["dev"].items())
    size = model_bytes / 1e6
    return f"""{CARD_START}
# attribution: PolNeAR source / cue / content tagger (CRF)

Marks the source, cue and content of attributions ("X said Y", "according to X, Y",
quotes, nominal cues, beliefs and intentions) as BIO tags over paragraphs of the spaCy
parse, then pairs each content and source with the nearest cue. Used by the `claims`
stage for the (source, cue, content) of every attributed claim.

- Data: PolNeAR v1.0.0 train split ({meta['train_docs']} articles; first annotator file in
  sorted order), US election coverage 2015–16 from 7 publishers.
- Model: CRFsuite (python-crfsuite 0.9.12), L-BFGS, params `{json.dumps(meta['crf_params'])}`,
  features over the spaCy en_core_web_sm parse (see `claimscope/models/attribution.py`);
  `{LEXICON_FILE}` holds the cue lexicon counted on train ({meta['lexicon_size']} lemmas).
  `{MODEL_FILE}` is {size:.1f} MB.
  c1/c2/minfreq were chosen on a split of train (fit on docs 0-739, scored on 740-839),
  not on dev.
- Seed: {meta['seed']} (L-BFGS is deterministic). Date: {meta['date']}.
- Command: `claimscope train attribution --data /work/shared/data/attribution/polnear`

## Dev scores (PolNeAR dev, 84 articles; tagger triples, metrics of `eval attribution`)

| metric | value |
|---|---|
{rows}

{CARD_END}"""
