"""The attribute ruler's faster matcher finds exactly what spaCy's `Matcher` finds."""

from __future__ import annotations

import pytest
import spacy
from spacy.pipeline import AttributeRuler

from claimscope.config import Settings
from claimscope.lang.attribute_matcher import RulerMatcher, install
from claimscope.stages.language import load_spacy

# Texts that reach the tag map's exceptions: contractions ("ain't", "gonna", "y'all",
# "let's", "c'mon"), "nothin'", auxiliaries, expletive "there is", objects "it"/"you",
# determiners used as pronouns, subordinating "that", blank lines and odd spacing.
TEXTS = [
    "Y'all ain't gonna believe it: there is nothin' left, and let's say c'mon.",
    "He said that the army had fired on them. Did you see it? They gave it to you.",
    "That is what those who were there saw.  Whether it rains or not, we'll go.\n\n"
    "Officials haven't confirmed it; they'd said they're 'working on that'.",
    "Gunmen killed 12 people in Kidal on Tuesday, the UN mission said, while the army, "
    "which didn't comment, was gotta be careful, til the end.",
    "",
]


@pytest.fixture(scope="module")
def nlp() -> spacy.language.Language:
    return load_spacy(Settings().spacy_model)


def stock_matches(ruler: AttributeRuler, doc: spacy.tokens.Doc) -> list[tuple[int, ...]]:
    return list(AttributeRuler.match(ruler, doc))


@pytest.mark.parametrize("text", TEXTS)
def test_same_matches_as_spacy(nlp: spacy.language.Language, text: str) -> None:
    ruler = nlp.get_pipe("attribute_ruler")
    assert isinstance(ruler.match, RulerMatcher)  # installed by load_spacy
    with nlp.select_pipes(disable=["attribute_ruler", "lemmatizer", "entity_ruler", "ner"]):
        doc = nlp(text)
    assert ruler.match(doc) == stock_matches(ruler, doc)


def test_same_annotations_as_spacy(nlp: spacy.language.Language) -> None:
    ours = [nlp(t) for t in TEXTS]
    stock = spacy.load(Settings().spacy_model)
    theirs = [stock(t) for t in TEXTS]

    def annotations(doc: spacy.tokens.Doc) -> list[tuple[str, ...]]:
        return [(t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_) for t in doc]

    assert [annotations(d) for d in ours] == [annotations(d) for d in theirs]


def test_patterns_it_cannot_read_keep_spacys_matcher() -> None:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "a", "OP": "+"}]], {"LEMMA": "x"})
    assert not install(nlp)
    assert not isinstance(ruler.match, RulerMatcher)


def test_equality_in_not_in_and_regex_on_a_blank_pipeline() -> None:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "the"}]], {"LEMMA": "THE"})
    ruler.add([[{"LOWER": {"IN": ["cat", "dog"]}}, {"IS_PUNCT": True}]], {"LEMMA": "pet"})
    ruler.add([[{"LOWER": {"REGEX": "^x+$"}, "ORTH": {"NOT_IN": ["XX"]}}]], {"LEMMA": "ex"})
    ruler.add([[{"TEXT": "Dog"}]], {"LEMMA": "DOG"}, index=0)
    assert install(nlp)
    doc = nlp.make_doc("The cat. A Dog! xx XX xxx the dog")
    assert ruler.match(doc) == stock_matches(ruler, doc)
    assert [t.lemma_ for t in nlp(doc.text)] == ["THE", "pet", "", "", "DOG", "", "ex", "",
                                                 "ex", "THE", ""]


def test_rules_added_after_install_are_matched_by_spacy() -> None:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "the"}]], {"LEMMA": "THE"})
    assert install(nlp)
    ruler.add([[{"LOWER": "cat"}]], {"LEMMA": "CAT"})
    assert [t.lemma_ for t in nlp("the cat")] == ["THE", "CAT"]


def test_rules_replaced_after_install_are_matched_by_spacy() -> None:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "the"}]], {"LEMMA": "THE"})
    assert install(nlp)
    ruler.clear()
    ruler.add([[{"LOWER": "cat"}]], {"LEMMA": "CAT"})
    assert [t.lemma_ for t in nlp("the cat")] == ["", "CAT"]
