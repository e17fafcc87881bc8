"""Held-out slices of PolNeAR train for the attribution tagger: fit on a doc range, score the rest.

    OMP_NUM_THREADS=1 PYTHONPATH=src python scripts/attribution_heldout.py \\
        --data ../shared/data/attribution/polnear --slices A,B --variants base

Slice A fits on train docs 0-739 and scores 740-839 (all West Journal); slice B fits on
100-839 and scores 0-99. Each (slice, variant) is one CRF fit at the shipped settings
(`CRF_PARAMS`), scored twice on the held-out docs: the tagger's paired triples (as
`claimscope train attribution` scores dev) and the whole claims stage with that tagger in
place of the shipped one (as `claimscope eval attribution` scores dev). Dev is never read.

`--params` fits other CRF settings (merged over `CRF_PARAMS`); `--keep DIR` keeps the fits
and reuses them, so that claims-stage trials score the same fits without refitting. (Label
offsets at decoding were tried with a Viterbi over the CRF's own weights, commit 5378718,
and lost on both slices: attribution `CARD.md`.)

The spaCy parse of train is cached on disk (keyed on the spaCy model and the language
layer's source) so that later runs skip the few minutes of parsing.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claimscope.config import Settings
from claimscope.eval.attribution import PolnearDoc, Tally, iter_polnear, predicted_spans
from claimscope.eval.report import ReadStats, analyze_text
from claimscope.models.attribution import (
    MODEL_FILE,
    AttributionTagger,
    Featurizer,
    Lexicon,
    _cue_level,
    segments,
    token_features,
)
from claimscope.pipeline import Analyzer
from claimscope.stages import language
from claimscope.stages.claims import ClaimsStage
from claimscope.stages.language import load_spacy
from claimscope.train.attribution import (
    CRF_PARAMS,
    fit,
    fragments,
    gold_labels,
    score,
    split_dir,
    with_other_annotators,
)

# (fitted docs, held-out docs) as indices of train in sorted order. C is the card's
# publisher split of 2026-12-02 (every publisher held out alike), scored for information.
SLICES: dict[str, tuple[Sequence[int], Sequence[int]]] = {
    "A": (range(0, 740), range(740, 840)),
    "B": (range(100, 840), range(0, 100)),
    "C": ([i for i in range(840) if i % 10], range(0, 840, 10)),
}
CACHE = Path(tempfile.gettempdir()) / "claimscope-attribution-heldout"
Parsed = list[tuple[PolnearDoc, Any]]
Segments = list[tuple[Any, list[str]]]


@dataclass(frozen=True, slots=True)
class Variant:
    """A trial: its features and, optionally, what it makes of the fitted documents."""

    featurize: Featurizer = token_features
    # The training documents from the fitted ones (more annotations of the same texts ...).
    training: Callable[[Parsed], Parsed] | None = None
    # More labelled segments (tokens, labels), from the fitted documents and, when asked for,
    # the slice's `base` fit (the teacher of self-training).
    extra: Callable[[Parsed, Callable[[], AttributionTagger]], Segments] | None = None
    # Training settings in place of `CRF_PARAMS` (and of --params), e.g. another algorithm.
    params: dict[str, Any] | None = None


def variants(data: Path) -> dict[str, Variant]:
    """The trials by name; `base` is the shipped `token_features` on the first annotator.

    A trial adds its variant here. Tried and not kept (issue 12): word classes of the
    token, its neighbours and its head (the table of commit 9ca8be9), slice A 0.794 -> 0.788;
    WordNet classes, an out-of-fold cue lexicon beside the shipped one, and BILOU labels
    (the variants `wn`, `wn2`, `wn3`, `oof`, `bilou` of commit 5d9c40d), all down on slice A.
    The variants below were tried in the sixth round and none was kept (attribution
    `CARD.md`): they stay so that the figures can be reproduced.
    """
    train_split = split_dir(data, "train")
    return {
        "base": Variant(),
        # Every annotator's file of the 16 texts annotated by all of them, each its own doc.
        "annot": Variant(training=lambda parsed: with_other_annotators(parsed, train_split)),
        # Only the second annotator's file of those texts: each is trained on twice, not 5-6x.
        "annot2": Variant(training=lambda parsed: with_other_annotators(parsed, train_split, 1)),
        # Self-training: the teacher's confident sentences with an attribution in unlabelled
        # news (PTC and LGL article texts, never their labels).
        "self": Variant(extra=lambda _, teacher: confident_segments(teacher(), unlabelled(data))),
        # Every training paragraph that holds a gold cue is seen twice (the tagger's recall,
        # not its precision, is short).
        "twice": Variant(extra=lambda parsed, _: attributed_paragraphs(parsed)),
        # Speakers of the document: names that are elsewhere in it the subject of a verb
        # mostly seen as a cue, or the object of "according to".
        "spk": Variant(featurize=speaker_features),
        # CRFsuite's averaged perceptron instead of L-BFGS (no regularisation; averaging
        # over 30 passes stands in for it).
        "ap": Variant(
            params={
                "algorithm": "ap",
                "max_iterations": 30,
                "feature.possible_transitions": True,
                "feature.minfreq": 3,
            }
        ),
    }


# The cue share a verb needs for its proper-noun subject to make a speaker of the document.
SPEAKER_CUE = 0.5
_speakers_of: dict[int, tuple[Any, frozenset[str]]] = {}


def document_speakers(doc: Any, lexicon: Lexicon) -> frozenset[str]:
    """Lower-cased proper nouns that speak somewhere in `doc` (cached for its segments)."""
    cached = _speakers_of.get(id(doc))
    if cached is not None and cached[0] is doc:
        return cached[1]
    found: set[str] = set()
    for token in doc:
        if token.pos_ != "PROPN":
            continue
        dep = token.dep_
        head = token.head
        speaks = dep == "nsubj" and lexicon.get(head.lemma_.lower(), 0.0) >= SPEAKER_CUE
        according = dep == "pobj" and head.lower_ == "to" and head.head.lower_ == "according"
        if speaks or according:
            found.add(token.lower_)
    speakers = frozenset(found)
    _speakers_of.clear()  # one document at a time: segments come in document order
    _speakers_of[id(doc)] = (doc, speakers)
    return speakers


def speaker_features(tokens: Sequence[Any], lexicon: Lexicon) -> list[list[str]]:
    """`token_features` plus: the token is a speaker of the document (and under what
    kind of head), and a word whose subject is one (by the word's cue level), so that
    "Trump wants ..." reads differently from "the plan wants ..."."""
    out = token_features(tokens, lexicon)
    if not tokens:
        return out
    speakers = document_speakers(tokens[0].doc, lexicon)
    if not speakers:
        return out
    for feats, token in zip(out, tokens, strict=True):
        if token.pos_ == "PROPN" and token.lower_ in speakers:
            head = token.head
            feats.append("spk")
            feats.append(f"spkd={token.dep_}|{_cue_level(head.lemma_.lower(), lexicon)}")
        for child in token.children:
            if child.dep_ == "nsubj" and child.pos_ == "PROPN" and child.lower_ in speakers:
                feats.append(f"subjspk={_cue_level(token.lemma_.lower(), lexicon)}|{token.pos_}")
                break
    return out


# A teacher's sentence is kept when every label in it has at least this marginal probability.
MIN_MARGINAL = 0.9


def unlabelled_texts(data: Path) -> list[str]:
    """Article texts of the other corpora under the shared data root (no labels read).

    `data` is the PolNeAR root, `<root>/attribution/polnear`: PTC 2020 train articles and the
    LGL article texts.
    """
    import xml.etree.ElementTree as ET

    root = data.resolve().parent.parent
    ptc = sorted((root / "propaganda" / "ptc2020-train" / "train-articles").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in ptc]
    lgl = root / "geo" / "lgl.xml"
    if lgl.is_file():
        texts += [t.text or "" for t in ET.parse(lgl).getroot().iter("text")]
    return [t for t in texts if t.strip()]


def unlabelled(data: Path) -> list[Any]:
    """The unlabelled texts' spaCy parses, cached on disk like the train parse."""
    from spacy.tokens import DocBin

    nlp = load_spacy(Settings().spacy_model)
    texts = unlabelled_texts(data)
    layer = Path(language.__file__).read_text("utf-8")
    key = hashlib.sha256("\n".join([nlp.meta["name"], nlp.meta["version"], layer, *texts]).encode())
    path = CACHE / f"unlabelled-{key.hexdigest()[:16]}.spacy"
    if path.is_file():
        return list(DocBin().from_disk(path).get_docs(nlp.vocab))
    parses = list(nlp.pipe(texts, batch_size=16))
    CACHE.mkdir(parents=True, exist_ok=True)
    DocBin(docs=parses).to_disk(path)
    return parses


def confident_segments(
    teacher: AttributionTagger, parses: Sequence[Any]
) -> list[tuple[Any, list[str]]]:
    """The teacher's sentences that hold a source and a cue, where it is sure of every label.

    Whole paragraphs are almost never sure (15 of the 959 texts' paragraphs with a cue reach a
    sequence probability of 0.9), so each sentence, tagged within its paragraph, is judged
    and kept on its own.
    """
    kept: list[tuple[Any, list[str]]] = []
    for parse in parses:
        for tokens in segments(parse):
            labels, marginals = teacher.tag_with_marginals(tokens)
            starts = [k for k, t in enumerate(tokens) if k == 0 or t.is_sent_start]
            for start, end in zip(starts, [*starts[1:], len(tokens)], strict=True):
                sentence = labels[start:end]
                sure = min(marginals[start:end]) >= MIN_MARGINAL
                if sure and "B-CUE" in sentence and "B-SRC" in sentence:
                    kept.append((tokens[start:end], sentence))
    return kept


def parsed_train(data: Path, nlp: Any) -> list[tuple[PolnearDoc, Any]]:
    """The train split with its parses, from the disk cache when it matches this code."""
    from spacy.tokens import DocBin

    docs = list(iter_polnear(split_dir(data, "train")))
    key = hashlib.sha256(
        "\n".join(
            [nlp.meta["name"], nlp.meta["version"], Path(language.__file__).read_text("utf-8")]
            + [d.name for d in docs]
        ).encode()
    ).hexdigest()[:16]
    path = CACHE / f"train-{key}.spacy"
    if path.is_file():
        parses = list(DocBin().from_disk(path).get_docs(nlp.vocab))
    else:
        parses = list(nlp.pipe((d.text for d in docs), batch_size=16))
        CACHE.mkdir(parents=True, exist_ok=True)
        DocBin(docs=parses).to_disk(path)
    return list(zip(docs, parses, strict=True))


def attributed_paragraphs(parsed: Parsed) -> Segments:
    """The segments of the fitted documents that hold a gold cue, with their gold labels."""
    out: Segments = []
    for doc, parse in parsed:
        frags = fragments(doc)
        for tokens in segments(parse):
            labels = gold_labels(tokens, frags)
            if "B-CUE" in labels:
                out.append((tokens, labels))
    return out


def base_fit(keep: Path | None, name: str, fit_on: Parsed) -> AttributionTagger:
    """The slice's `base` fit at the shipped settings, from `keep` when it is there."""
    if keep is None:
        raise SystemExit("self-training reads the slice's base fit: pass --keep")
    model_dir = keep / f"{name}-base"
    if not (model_dir / MODEL_FILE).is_file():
        fit(fit_on, model_dir, CRF_PARAMS)
    return AttributionTagger(model_dir)


def stage_docs(held: Sequence[tuple[PolnearDoc, Any]]) -> list[tuple[PolnearDoc, Any]]:
    """The held-out texts through the language stage, as `eval attribution` reads them."""
    analyzer = Analyzer(Settings(stages=("language",)))
    stats = ReadStats()
    return [(d, analyze_text(analyzer, d.text, d.name, stats)) for d, _ in held]


def claims_score(
    stage: ClaimsStage, tagger: AttributionTagger, docs: Sequence[tuple[PolnearDoc, Any]]
) -> dict[str, float]:
    """Scores of the whole claims stage with `tagger` in place of the shipped one."""
    stage.tagger = tagger
    tally = Tally()
    for gold, doc in docs:
        if "spacy" in doc.scratch:
            stage(doc)
        tally.add(gold.text, predicted_spans(doc), gold.gold)
    return tally.scores()


def brief(scores: dict[str, float]) -> str:
    return (
        f"src {scores['source_precision']:.3f} / {scores['source_recall']:.3f} / "
        f"{scores['source_f1']:.4f}; cue {scores['cue_f1']:.3f}; "
        f"overlap {scores['content_overlap_f1']:.3f}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="the PolNeAR root")
    parser.add_argument("--slices", default="A,B", help="comma-separated: A, B")
    parser.add_argument("--variants", default="base", help="comma-separated feature sets")
    parser.add_argument("--out", type=Path, help="append one JSON line per fit here")
    parser.add_argument(
        "--keep",
        type=Path,
        help="keep each fitted model in KEEP/<slice>-<variant> and reuse it when present, so "
        "that claims-stage trials score the same fits without refitting",
    )
    parser.add_argument(
        "--params",
        default="",
        help="CRF settings to fit instead of the shipped ones, ';'-separated JSON objects "
        "merged over `CRF_PARAMS`, e.g. '{\"c1\": 1.0};{\"c2\": 0.5}'",
    )
    args = parser.parse_args(argv)
    settings_list: list[dict[str, Any]] = [
        CRF_PARAMS | json.loads(spec) for spec in args.params.split(";") if spec
    ] or [CRF_PARAMS]
    known = variants(args.data)
    chosen = args.variants.split(",")
    unknown = [v for v in chosen + args.slices.split(",") if v not in known | SLICES]
    if unknown:
        parser.error(f"unknown slice or variant: {', '.join(unknown)}")
    settings = Settings()
    nlp = load_spacy(settings.spacy_model)
    began = time.perf_counter()
    train = parsed_train(args.data, nlp)
    print(f"train parsed: {len(train)} docs, {time.perf_counter() - began:.0f} s", flush=True)
    stage = ClaimsStage(settings)
    for name in args.slices.split(","):
        fitted, held_out = SLICES[name]
        fit_on = [train[i] for i in fitted]
        held = [train[i] for i in held_out]
        docs = stage_docs(held)
        trials = [(v, known[v].params or p) for v in chosen for p in settings_list]
        for variant, params in trials:
            featurize = known[variant].featurize
            training = known[variant].training
            more = known[variant].extra
            # A variant's own settings are part of its name; --params are spelt out.
            own = known[variant].params is not None
            tried = {k: v for k, v in params.items() if not own and CRF_PARAMS.get(k) != v}
            label = variant + "".join(f"-{k}{v}" for k, v in sorted(tried.items()))
            began = time.perf_counter()
            with tempfile.TemporaryDirectory() as tmp:
                model_dir = Path(tmp) if args.keep is None else args.keep / f"{name}-{label}"
                if not (model_dir / MODEL_FILE).is_file():
                    docs_fit = fit_on if training is None else training(fit_on)
                    teacher = functools.partial(base_fit, args.keep, name, fit_on)
                    extra = [] if more is None else more(fit_on, teacher)
                    if extra:
                        print(f"  {len(extra)} more segments", flush=True)
                    fit(docs_fit, model_dir, params, featurize, extra)
                seconds = time.perf_counter() - began
                tagger = AttributionTagger(model_dir, featurize)
                tagged = score(tagger, held)
                claims = claims_score(stage, tagger, docs)
                print(
                    f"slice {name} {label}: fit {seconds:.0f} s"
                    f"\n  tagger {brief(tagged)}\n  claims {brief(claims)}",
                    flush=True,
                )
                if args.out is not None:
                    row = {"slice": name, "variant": label, "fit_seconds": round(seconds, 1)}
                    row |= {"tagger": tagged, "claims": claims}
                    with args.out.open("a", encoding="utf-8") as out:
                        out.write(json.dumps(row) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
