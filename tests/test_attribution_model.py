"""The attribution tagger: BIO helpers, pairing, the shipped model and a training smoke run."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from claimscope.config import Settings
from claimscope.eval.attribution import PolnearDoc, iter_polnear
from claimscope.models.attribution import (
    LEXICON_FILE,
    MODEL_DIR,
    MODEL_FILE,
    AttributionTagger,
    TaggedSpan,
    decode,
    load_tagger,
    pair,
    segments,
    token_features,
)
from claimscope.pipeline import Analyzer
from claimscope.stages.language import load_spacy
from claimscope.train.attribution import (
    CRF_PARAMS,
    cue_lexicon,
    fit,
    gold_labels,
    other_annotators,
    score,
    with_other_annotators,
)
from tests.conftest import analyze_text
from tests.test_eval_attribution import write_corpus

POLNEAR = Path(__file__).resolve().parents[2] / "shared" / "data" / "attribution" / "polnear"
HAS_MODEL = (MODEL_DIR / MODEL_FILE).is_file()
needs_model = pytest.mark.skipif(not HAS_MODEL, reason="attribution model not trained yet")


@pytest.fixture(scope="module")
def nlp() -> Any:
    return load_spacy(Settings().spacy_model)


@pytest.fixture(scope="module")
def claims_analyzer() -> Analyzer:
    return Analyzer(Settings(stages=("language", "claims")))


def _at(text: str, phrase: str) -> tuple[int, int]:
    start = text.index(phrase)
    return start, start + len(phrase)


def _triples(nlp: Any, text: str) -> list[tuple[str | None, str, str]]:
    parsed = nlp(text)
    return [
        (text[t.source[0] : t.source[1]] if t.source else None,
         text[t.cue[0] : t.cue[1]],
         text[t.content[0] : t.content[1]])
        for t in load_tagger().triples(parsed)
    ]


def test_gold_labels_and_decode_round_trip(nlp: Any) -> None:
    text = "The mayor said on Friday that the shelters were full."
    parsed = nlp(text)
    frags = sorted(
        [
            (*_at(text, "The mayor"), "SRC"),
            (*_at(text, "said"), "CUE"),
            (*_at(text, "that the shelters were full"), "CNT"),
        ]
    )
    tokens = next(segments(parsed))
    labels = gold_labels(tokens, frags)
    assert labels[:3] == ["B-SRC", "I-SRC", "B-CUE"]
    assert labels.count("B-CNT") == 1 and labels[-1] == "O", "the final period is outside"
    found = {(s.role, text[s.start : s.end]) for s in decode(tokens, labels)}
    assert found == {
        ("SRC", "The mayor"),
        ("CUE", "said"),
        ("CNT", "that the shelters were full"),
    }


def test_pair_joins_content_and_source_to_the_nearest_cue(nlp: Any) -> None:
    text = "Rescuers said two people were missing. The governor denied that aid was late."
    parsed = nlp(text)

    def span(role: str, phrase: str) -> TaggedSpan:
        start, end = _at(text, phrase)
        first = next(t.i for t in parsed if t.idx == start)
        last = max(t.i for t in parsed if t.idx < end)
        return TaggedSpan(role, start, end, first, last)

    spans = [
        span("SRC", "Rescuers"),
        span("CUE", "said"),
        span("CNT", "two people were missing"),
        span("SRC", "The governor"),
        span("CUE", "denied"),
        span("CNT", "that aid was late"),
    ]
    triples = pair(parsed, spans)
    got = [(text[t.source[0] : t.source[1]] if t.source else None, t.cue_lemma) for t in triples]
    assert got == [("Rescuers", "say"), ("The governor", "deny")]
    assert text[triples[1].content[0] : triples[1].content[1]] == "that aid was late"
    # A cue with no content makes no triple.
    assert pair(parsed, spans[:2]) == []


def test_quotes_and_cue_distance_are_features(nlp: Any) -> None:
    parsed = nlp('"The road is closed," an officer said.')
    tokens = next(segments(parsed))
    feats = token_features(tokens, {"say": 0.9})
    said = next(i for i, t in enumerate(tokens) if t.lower_ == "said")
    road = next(i for i, t in enumerate(tokens) if t.lower_ == "road")
    assert "cue=hi" in feats[said] and "q=out" in feats[said]
    assert "q=in" in feats[road]
    assert any(f.startswith("near=L") for f in feats[road]), "the cue is to its right"


def test_cue_noun_frames_are_features(nlp: Any) -> None:
    # A source that hangs off a cue noun, not off a cue verb's subject position.
    lexicon = {"claim": 0.6, "statement": 0.3}
    for text, word, wanted in [
        ("The mayor's claim that the bridge was mined was false.", "mayor", "possn=hi"),
        ("The mayor's claim that the bridge was mined was false.", "claim", "nposs=hi|True"),
        ("The mayor's claim that the bridge was mined was false.", "claim", "ncl=hi|True"),
        ("A statement by the army denied it.", "army", "pobjn=mid"),
        ("A statement by the army denied it.", "statement", "nof=mid|True"),
        ("Roads are closed, according to police.", "police", "accto"),
    ]:
        tokens = next(segments(nlp(text)))
        feats = token_features(tokens, lexicon)
        at = next(i for i, t in enumerate(tokens) if t.lower_ == word)
        assert wanted in feats[at], (text, word, feats[at])
    tokens = next(segments(nlp("The mayor's bridge was closed.")))
    feats = token_features(tokens, lexicon)
    assert "possn=no" in feats[1], "a possessor of a plain noun is told apart"


@needs_model
@pytest.mark.parametrize(
    ("text", "source", "cue_word", "content_part"),
    [
        (
            "The governor told reporters on Tuesday that the curfew would be lifted.",
            "The governor",
            "told",
            "the curfew would be lifted",
        ),
        (
            '"We will not negotiate with kidnappers," the interior minister said.',
            "the interior minister",
            "said",
            "We will not negotiate with kidnappers",
        ),
        (
            "She argued that the ceasefire deal was unfair to farmers.",
            "She",
            "argued",
            "the ceasefire deal was unfair to farmers",
        ),
    ],
)
def test_shipped_model_finds_reported_speech(
    nlp: Any, text: str, source: str, cue_word: str, content_part: str
) -> None:
    triples = _triples(nlp, text)
    assert any(
        s == source and cue_word in c and content_part in x for s, c, x in triples
    ), triples


@needs_model
def test_shipped_model_finds_no_attribution_in_plain_narration(nlp: Any) -> None:
    assert _triples(nlp, "The bridge over the river was repaired in May.") == []


@needs_model
def test_model_files_are_small_and_the_lexicon_is_json() -> None:
    assert (MODEL_DIR / MODEL_FILE).stat().st_size < 30_000_000
    lexicon = json.loads((MODEL_DIR / LEXICON_FILE).read_text("utf-8"))
    assert lexicon["say"] > 0.5
    assert all(0.0 < p <= 1.0 for p in lexicon.values())
    assert (MODEL_DIR / "CARD.md").is_file()


@needs_model
def test_shipped_model_was_trained_with_the_training_settings() -> None:
    # `claimscope train attribution` must reproduce the shipped weights: the card's
    # record of the fit has to match what the training module would use now.
    meta = json.loads((MODEL_DIR / "meta.json").read_text("utf-8"))
    assert meta["crf_params"] == CRF_PARAMS
    lexicon = json.loads((MODEL_DIR / LEXICON_FILE).read_text("utf-8"))
    assert meta["lexicon_size"] == len(lexicon)
    card = (MODEL_DIR / "CARD.md").read_text("utf-8")
    assert json.dumps(CRF_PARAMS) in card


@needs_model
def test_claims_stage_takes_the_tagger_attributions(claims_analyzer: Analyzer) -> None:
    text = (
        "The ministry's statement blamed the shelling on rebel units. "
        "Local doctors believe that at least 30 civilians were wounded."
    )
    doc = analyze_text(claims_analyzer, text)
    cues = {c.cue.text for c in doc.claims if c.cue is not None}
    assert "believe" in cues, [(c.cue, c.content.text) for c in doc.claims]
    for claim in doc.claims:
        for span in (claim.source, claim.cue, claim.content):
            if span is not None:
                assert doc.text[span.start : span.end] == span.text


def _polnear_docs(split: str, n: int) -> list[PolnearDoc]:
    if not (POLNEAR / "data" / split).is_dir():
        pytest.skip(f"PolNeAR not found at {POLNEAR}")
    docs: list[PolnearDoc] = []
    for doc in iter_polnear(POLNEAR / "data" / split):
        docs.append(doc)
        if len(docs) == n:
            break
    return docs


def test_training_smoke_run_on_a_few_documents(nlp: Any, tmp_path: Path) -> None:
    train_docs = _polnear_docs("train", 3)
    dev_docs = _polnear_docs("dev", 2)
    parsed = [(d, nlp(d.text)) for d in train_docs]
    lexicon = fit(parsed, tmp_path, {"c1": 0.1, "c2": 0.01, "max_iterations": 5})
    assert lexicon == cue_lexicon(parsed)
    assert (tmp_path / MODEL_FILE).is_file()
    scores = score(AttributionTagger(tmp_path), [(d, nlp(d.text)) for d in dev_docs])
    assert {"source_f1", "cue_f1", "content_f1", "content_overlap_f1"} <= set(scores)
    assert all(0.0 <= v <= 1.0 for v in scores.values())


def test_other_annotators_are_extra_training_documents(tmp_path: Path) -> None:
    split = write_corpus(tmp_path)
    first = list(iter_polnear(split))
    others = other_annotators(split)
    assert list(others) == ["wire_2024-03-02_convoy-ambush"]  # one text has a second file
    (second,) = others["wire_2024-03-02_convoy-ambush"]
    assert second.gold["source"] == {((0, 10),)} != first[0].gold["source"]
    parse = object()  # the same parse serves every annotator's document
    docs = with_other_annotators([(first[0], parse)], split)
    assert [(d.gold["source"], p) for d, p in docs] == [
        (first[0].gold["source"], parse),
        (second.gold["source"], parse),
    ]


def test_fit_takes_extra_labelled_segments(nlp: Any, tmp_path: Path) -> None:
    # The gold document has no attribution; the extra segment teaches the only one.
    plain = "The road was closed."
    doc = PolnearDoc("x", plain, {"source": set(), "cue": set(), "content": set()})
    (tokens,) = list(segments(nlp("Officials said the road was closed.")))
    labels = ["B-SRC", "B-CUE", "B-CNT", "I-CNT", "I-CNT", "I-CNT", "I-CNT"]
    params = {"c1": 0.0, "c2": 0.01, "max_iterations": 50}
    fit([(doc, nlp(plain))], tmp_path, params, extra=[(tokens, labels)])
    tagger = AttributionTagger(tmp_path)
    found, marginals = tagger.tag_with_marginals(tokens)
    assert "B-CUE" in found and all(0.0 < m <= 1.0 for m in marginals)
