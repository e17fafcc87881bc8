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
import hashlib
import json
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from claimscope.config import Settings
from claimscope.data.wordnet import word_classes
from claimscope.eval.attribution import PolnearDoc, Tally, iter_polnear, predicted_spans
from claimscope.eval.report import ReadStats, analyze_text
from claimscope.models.attribution import (
    MODEL_FILE,
    AttributionTagger,
    Featurizer,
    Lexicon,
    _cue_level,
    class_features,
    token_features,
)
from claimscope.pipeline import Analyzer
from claimscope.stages import language
from claimscope.stages.claims import ClaimsStage
from claimscope.stages.language import load_spacy
from claimscope.train import attribution as train_attribution
from claimscope.train.attribution import CRF_PARAMS, cue_lexicon, fit, score, split_dir

# (fitted docs, held-out docs) as indices of train in sorted order. C is the card's
# publisher split of 2026-12-02 (every publisher held out alike), scored for information.
SLICES: dict[str, tuple[Sequence[int], Sequence[int]]] = {
    "A": (range(0, 740), range(740, 840)),
    "B": (range(100, 840), range(0, 100)),
    "C": ([i for i in range(840) if i % 10], range(0, 840, 10)),
}
# The shipped BIO labeller, put back after a trial swaps in another.
BIO_LABELS = train_attribution.gold_labels
CACHE = Path(tempfile.gettempdir()) / "claimscope-attribution-heldout"


def variants() -> dict[str, Featurizer]:
    """The feature sets under trial by name; `base` is the shipped `token_features`.

    A trial adds its featurizer here. Tried and not kept (issue 12): word classes of the
    token, its neighbours and its head (the table of commit 9ca8be9), slice A 0.794 -> 0.788.
    Under trial (2026-12-06, fifth round; attribution `CARD.md`): WordNet classes (`wn`: of
    the token, its head and its nearest verb; `wn2`: of verbs and their direct dependents;
    `wn3`: the same for words the cue lexicon does not list), cue levels from a lexicon
    counted out of fold beside the shipped ones (`oof`), and BILOU labels (`bilou`).
    """
    return {
        "base": token_features,
        "wn": _with_classes,
        "oof": _with_oof_lexicon,
        "wn2": _with_verb_classes,
        "wn3": _with_rare_classes,
        "bilou": token_features,
    }


def bilou_labels(tokens: Sequence[Any], frags: list[tuple[int, int, str]]) -> list[str]:
    """`gold_labels` in BILOU: the last token of a span is L-, a one-token span U-."""
    labels = BIO_LABELS(tokens, frags)
    out: list[str] = []
    for k, label in enumerate(labels):
        following = labels[k + 1] if k + 1 < len(labels) else "O"
        ends = label != "O" and following != "I-" + label[2:]
        if label.startswith("B-") and ends:
            out.append("U-" + label[2:])
        elif label.startswith("I-") and ends:
            out.append("L-" + label[2:])
        else:
            out.append(label)
    return out


def _with_rare_classes(tokens: Sequence[Any], lexicon: Lexicon) -> list[list[str]]:
    """The shipped features plus the WordNet class of verbs and nouns the cue lexicon does not
    list (rare in training, or never in a cue): its first class, and for a direct
    subject, object or clause of such a verb, that verb's first class."""
    out = token_features(tokens, lexicon)
    classes = word_classes()
    for feats, token in zip(out, tokens, strict=True):
        pos = {"VERB": "v", "NOUN": "n"}.get(token.pos_)
        lemma = token.lemma_.lower()
        if pos and lemma not in lexicon:
            own = classes.get((lemma, pos))
            feats.append(f"rwn={pos}.{own[0] if own else 'none'}")
        head = token.head
        head_lemma = head.lemma_.lower()
        if token.dep_ in _FRAME_DEPS and head.pos_ == "VERB" and head_lemma not in lexicon:
            verb = classes.get((head_lemma, "v"))
            feats.append(f"rwnv={token.dep_}|{verb[0] if verb else 'none'}")
    return out


# Dependents of a verb whose relation to it says source or content.
_FRAME_DEPS = frozenset({"nsubj", "nsubjpass", "ccomp", "xcomp", "dobj", "agent", "parataxis"})


def _with_verb_classes(tokens: Sequence[Any], lexicon: Lexicon) -> list[list[str]]:
    """The shipped features plus the WordNet class of verbs only: a verb's first class, and
    for a direct subject, object or clause of a verb, that verb's first class."""
    out = token_features(tokens, lexicon)
    for feats, token in zip(out, tokens, strict=True):
        if token.pos_ == "VERB":
            own = word_classes().get((token.lemma_.lower(), "v"))
            if own:
                feats.append(f"wn=v.{own[0]}")
        if token.dep_ in _FRAME_DEPS and token.head.pos_ == "VERB":
            verb = word_classes().get((token.head.lemma_.lower(), "v"))
            feats.append(f"wnv={token.dep_}|{verb[0] if verb else 'none'}")
    return out


# id(spaCy Doc) -> the cue lexicon counted on the other folds of the fitted docs (variant oof).
_OOF_LEXICONS: dict[int, Lexicon] = {}
_OOF_FOLDS = 5


def prepare_oof(fit_on: Sequence[tuple[PolnearDoc, Any]]) -> None:
    """Count, for each fitted document, the cue lexicon of the fitted docs of other folds."""
    _OOF_LEXICONS.clear()
    for fold in range(_OOF_FOLDS):
        others = [pair for k, pair in enumerate(fit_on) if k % _OOF_FOLDS != fold]
        lexicon = cue_lexicon(others)
        for k, (_, parse) in enumerate(fit_on):
            if k % _OOF_FOLDS == fold:
                _OOF_LEXICONS[id(parse)] = lexicon


def _with_oof_lexicon(tokens: Sequence[Any], lexicon: Lexicon) -> list[list[str]]:
    """The shipped features plus cue levels read from a lexicon that never counted the
    token's own document (a fitted document's other folds; the whole lexicon at tagging)."""
    out = token_features(tokens, lexicon)
    held = _OOF_LEXICONS.get(id(tokens[0].doc), lexicon) if tokens else lexicon
    levels = [_cue_level(t.lemma_.lower(), held) for t in tokens]
    for i, (feats, token) in enumerate(zip(out, tokens, strict=True)):
        feats.append(f"ocue={levels[i]}")
        feats.append(f"ohcue={_cue_level(token.head.lemma_.lower(), held)}")
        for offset in (-1, 1):
            if 0 <= i + offset < len(tokens):
                feats.append(f"o{offset}cue={levels[i + offset]}")
    return out


def _with_classes(tokens: Sequence[Any], lexicon: Lexicon) -> list[list[str]]:
    """The shipped features plus WordNet word classes (`class_features`)."""
    out = token_features(tokens, lexicon)
    for feats, extra in zip(out, class_features(tokens, lexicon), strict=True):
        feats.extend(extra)
    return out


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
    known = variants()
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
        for variant, params in ((v, p) for v in chosen for p in settings_list):
            featurize = known[variant]
            tried = {k: v for k, v in params.items() if CRF_PARAMS.get(k) != v}
            label = variant + "".join(f"-{k}{v}" for k, v in sorted(tried.items()))
            began = time.perf_counter()
            with tempfile.TemporaryDirectory() as tmp:
                model_dir = Path(tmp) if args.keep is None else args.keep / f"{name}-{label}"
                if not (model_dir / MODEL_FILE).is_file():
                    if variant == "oof":
                        prepare_oof(fit_on)
                    if variant == "bilou":
                        train_attribution.gold_labels = bilou_labels
                    try:
                        fit(fit_on, model_dir, params, featurize)
                    finally:
                        train_attribution.gold_labels = BIO_LABELS
                    _OOF_LEXICONS.clear()
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
