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
from claimscope.eval.attribution import PolnearDoc, Tally, iter_polnear, predicted_spans
from claimscope.eval.report import ReadStats, analyze_text
from claimscope.models.attribution import (
    MODEL_FILE,
    AttributionTagger,
    Featurizer,
    token_features,
)
from claimscope.pipeline import Analyzer
from claimscope.stages import language
from claimscope.stages.claims import ClaimsStage
from claimscope.stages.language import load_spacy
from claimscope.train.attribution import CRF_PARAMS, fit, score, split_dir

# (fitted docs, held-out docs) as indices of train in sorted order. C is the card's
# publisher split of 2026-12-02 (every publisher held out alike), scored for information.
SLICES: dict[str, tuple[Sequence[int], Sequence[int]]] = {
    "A": (range(0, 740), range(740, 840)),
    "B": (range(100, 840), range(0, 100)),
    "C": ([i for i in range(840) if i % 10], range(0, 840, 10)),
}
CACHE = Path(tempfile.gettempdir()) / "claimscope-attribution-heldout"


def variants() -> dict[str, Featurizer]:
    """The feature sets under trial by name; `base` is the shipped `token_features`.

    A trial adds its featurizer here. Tried and not kept (issue 12): word classes of the
    token, its neighbours and its head (the table of commit 9ca8be9), slice A 0.794 -> 0.788;
    WordNet classes, an out-of-fold cue lexicon beside the shipped one, and BILOU labels
    (the variants `wn`, `wn2`, `wn3`, `oof`, `bilou` of commit 5d9c40d), all down on slice A.
    """
    return {"base": token_features}


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
                    fit(fit_on, model_dir, params, featurize)
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
