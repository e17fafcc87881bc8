"""Truecasing text written without case: the lexicon, its training and the parser's copy."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from claimscope.config import Settings
from claimscope.lang.truecase import (
    Lexicon,
    caseless,
    english_word_test,
    packaged_lexicon,
    truecase,
)
from claimscope.pipeline import Analyzer
from claimscope.stages.language import load_spacy
from claimscope.train.truecase import build_lexicon, score

COMMON = frozenset({"the", "attacked", "said", "a", "farm", "near", "new", "rules", "left"})


def common(word: str) -> bool:
    return word in COMMON


@pytest.fixture(scope="module")
def english() -> Callable[[str], bool]:
    return english_word_test(load_spacy(Settings().spacy_model))


def test_caseless_reads_lower_case_and_capitals_but_not_news() -> None:
    assert caseless("the army said guerrillas attacked the farm.")
    assert caseless("THE ARMY SAID GUERRILLAS ATTACKED THE FARM.")
    assert not caseless("The army said guerrillas attacked the farm in Usulutan.")


def test_a_hand_written_lexicon_restores_names_acronyms_and_sentence_starts() -> None:
    lexicon = Lexicon(
        words={"president": "president", "new": "new", "york": "York"},
        after={("new", "york"): "York"},
        before={("president", "cristiani"): "President", ("new", "york"): "New"},
    )
    text = "the fmln attacked a farm near usulutan. president cristiani said (urng) new rules"
    restored = truecase(text, lexicon, common)
    assert restored == (
        "The FMLN attacked a farm near Usulutan. President Cristiani said (URNG) new rules"
    )
    assert truecase("in new york", lexicon, common) == "In New York"


def test_truecasing_keeps_every_offset_and_letter() -> None:
    text = "strasse in weiß; o'neill's men near medellin. İZMİR İSTANBUL\n\nthe end"
    lexicon = Lexicon({"weiß": "WEISS"}, {}, {("o'neill", "men"): "O'Neill"})
    restored = truecase(text, lexicon, common)
    assert len(restored) == len(text)
    assert restored.lower() == text.lower()
    # 'ß' has no one-letter capital: it stays as written rather than moving the offsets.
    assert "ß" in restored


def test_the_packaged_lexicon_restores_names_and_leaves_common_words(
    english: Callable[[str], bool],
) -> None:
    text = (
        "guerrillas attacked a power substation in san salvador, the capital of el salvador, "
        "the armed forces said. president cristiani announced new rules in the court of "
        "usulutan department, and the fmln denied it in new york."
    )
    restored = truecase(text, packaged_lexicon(), english)
    for name in ("San Salvador", "El Salvador", "President Cristiani", "Usulutan", "FMLN",
                 "New York"):
        assert name in restored, name
    for word in ("new rules", "the court", "power substation", "armed forces"):
        assert word in restored, word


def test_lower_cased_wire_copy_is_parsed_as_cased_and_reported_as_written() -> None:
    text = (
        "the salvadoran army said today that fmln guerrillas attacked a military post in "
        "usulutan department. colonel rene emilio ponce said two soldiers were killed."
    )
    analyzer = Analyzer(Settings(stages=("language",)))
    doc = analyzer.analyze(text, source_name="wire", fmt="text")
    by_label = {(e.text, e.label) for e in doc.entities}
    assert ("rene emilio ponce", "PERSON") in by_label or ("colonel rene emilio ponce",
                                                           "PERSON") in by_label
    assert any("usulutan" in e.text for e in doc.entities)
    assert ("fmln", "ORG") in by_label
    for entity in doc.entities:
        assert doc.text[entity.start : entity.end] == entity.text


def test_training_counts_a_word_alone_apart_from_the_names_it_is_part_of() -> None:
    texts = [
        "He flew to New York. Officials in New York said new rules apply.",
        "A new court in New York heard it. Then new talks began near New York.",
    ]
    lexicon = build_lexicon(texts)
    assert lexicon.words["new"] == "new"
    assert lexicon.words["york"] == "York"
    # Only where a context differs from the word alone.
    assert lexicon.before[("new", "york")] == "New"
    assert ("new", "york") not in lexicon.after
    # Names from the gazetteer fill what the news never showed, and nothing else.
    assert lexicon.words["usulutan"] == "Usulután"
    assert ("new", "court") not in lexicon.before


def test_score_counts_words_and_capitals() -> None:
    lexicon = Lexicon({"paris": "Paris", "said": "said"}, {}, {})
    scores = score(lexicon, ["Officials in Paris said it.", "He said NATO left."], common)
    # 'NATO' comes back as 'Nato' (unknown, has vowels): one capitalised word missed.
    assert scores["word_accuracy"] == pytest.approx(8 / 9, abs=1e-4)
    assert scores["capitalised_recall"] == pytest.approx(3 / 4, abs=1e-4)
    assert scores["capitalised_precision"] == pytest.approx(3 / 4, abs=1e-4)


def test_english_words_by_the_lemmatizer_tables(english: Callable[[str], bool]) -> None:
    for word in ("attacked", "guerrillas", "machineguns", "substation"):
        assert english(word), word
    for word in ("ramirez", "zacatecoluca", "cristiani", "sandoval"):
        assert not english(word), word


def test_all_capitals_read_as_the_lower_case_copy_reads() -> None:
    text = "GUERRILLAS ATTACKED A POWER SUBSTATION IN USULUTAN, THE ARMY SAID."
    analyzer = Analyzer(Settings(stages=("language",)))
    upper = analyzer.analyze(text, source_name="wire", fmt="text")
    lower = analyzer.analyze(text.lower(), source_name="wire", fmt="text")
    assert [(e.start, e.end, e.label) for e in upper.entities] == [
        (e.start, e.end, e.label) for e in lower.entities
    ]
    assert any(e.text == "USULUTAN" for e in upper.entities)


WIRE = (
    "san salvador, 3 feb 90 -- the salvadoran army said today that fmln guerrillas "
    "attacked a military post in usulutan department on thursday, killing two soldiers. "
    "colonel rene emilio ponce said the rebels fled toward the lempa river."
)


def _quoted(value: object) -> list[tuple[str, int, int]]:
    """Every (text, start, end) in an analysis, however deep."""
    found: list[tuple[str, int, int]] = []
    if isinstance(value, dict):
        text, start, end = value.get("text"), value.get("start"), value.get("end")
        if isinstance(text, str) and isinstance(start, int) and isinstance(end, int):
            found.append((text, start, end))
        for item in value.values():
            found += _quoted(item)
    elif isinstance(value, list):
        for item in value:
            found += _quoted(item)
    return found


@pytest.mark.parametrize("text", [WIRE, WIRE.upper()], ids=["lower", "upper"])
def test_stages_read_the_cased_copy_and_the_output_quotes_the_text_as_written(
    text: str,
) -> None:
    from claimscope.output import to_analysis

    analysis = to_analysis(Analyzer(Settings()).analyze(text, source_name="w", fmt="text"))
    quoted = _quoted(analysis)
    assert quoted
    for span_text, start, end in quoted:
        assert span_text == text[start:end]
    places = {p["text"].lower(): (p.get("resolved") or {}).get("country_code")
              for p in analysis["places"]}
    assert places.get("usulutan department", places.get("usulutan")) == "SV"
    assert analysis["events"]
    # Upper and lower case read alike: the same places, entities and events.
    if text.isupper():
        lower = to_analysis(Analyzer(Settings()).analyze(text.lower(), source_name="w",
                                                         fmt="text"))
        assert _layers(analysis) == _layers(lower)


def _layers(analysis: dict[str, Any]) -> tuple[object, ...]:
    return (
        [(p["start"], p["end"], (p.get("resolved") or {}).get("name"))
         for p in analysis["places"]],
        [(e["start"], e["end"], e["label"]) for e in analysis["entities"]],
        [(e["sub_event_type"], [(v["start"], v["end"]) for v in e["evidence"]])
         for e in analysis["events"]],
    )


def test_a_span_resolved_after_the_pipeline_reads_the_cased_copy() -> None:
    from claimscope.stages.places import PlacesStage

    analyzer = Analyzer(Settings(stages=("language", "places")))
    doc = analyzer.analyze(WIRE, source_name="w", fmt="text")
    places_before = [(p.start, p.end, p.text) for p in doc.places]
    stage = next(s for s in analyzer.pipeline.stages if isinstance(s, PlacesStage))
    start = WIRE.index("usulutan")
    place = stage.resolve_mention(doc, start, start + len("usulutan"))
    assert place.text == "usulutan"
    assert place.resolved is not None and place.resolved.country_code == "SV"
    assert doc.text == WIRE
    assert [(p.start, p.end, p.text) for p in doc.places] == places_before
