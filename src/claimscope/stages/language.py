"""The language layer: sentences, named entities, dates and quantities of the report body."""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from functools import cache
from typing import Any

from spacy.language import Language

from claimscope.config import Settings
from claimscope.data.lexicon import ARMED_GROUPS, CASE_SENSITIVE_GROUPS
from claimscope.document import Document, Entity, Sentence
from claimscope.errors import ConfigError
from claimscope.lang import attribute_matcher
from claimscope.lang.dates import find_dates
from claimscope.lang.quantities import find_quantities
from claimscope.lang.token_view import span_text
from claimscope.lang.truecase import caseless, english_word_test, packaged_lexicon, truecase
from claimscope.pipeline import register

# spaCy labels kept as entities; numeric and temporal ones have their own layers.
_BLANK_LINE = re.compile(r"\n[ \t]*\n\s*")
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "ARMED_GROUP", "EVENT"})
_FULL_STOPS = frozenset({".", "!", "?"})
# Abbreviated titles before a name, which a full stop does not end a sentence after.
_TITLES = frozenset({
    "lt", "capt", "col", "sgt", "maj", "gen", "gov", "sen", "sens", "rep", "reps", "amb",
    "adm", "brig", "cmdr", "cpl", "pvt", "lt.-col", "dr", "mr", "mrs", "ms", "prof", "rev",
    "st", "hon", "pres", "supt", "insp", "det", "atty",
})


@cache
def load_spacy(model: str) -> Any:
    """Load the spaCy pipeline once per process, with an armed-group ruler before NER and
    the attribute ruler's faster matcher (`claimscope.lang.attribute_matcher`)."""
    import spacy

    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ConfigError(f"spaCy model {model!r} is not installed: {exc}") from exc
    # The same annotations as spaCy's own matcher gives the tag-map rules, in a tenth of the
    # time (a twentieth of the analysis).
    attribute_matcher.install(nlp)
    nlp.add_pipe("paragraph_boundaries", before="parser")
    ruler: Any = nlp.add_pipe(
        "entity_ruler", before="ner", config={"phrase_matcher_attr": "LOWER"}
    )
    ruler.add_patterns([armed_group_pattern(name) for name in ARMED_GROUPS])
    return nlp


def armed_group_pattern(name: str) -> dict[str, Any]:
    """The ruler pattern of one armed group: any case ("al-shabaab" in lower-cased wires),
    except an acronym that spells a common word, which only matches as written ("IS", not
    every "is")."""
    if name in CASE_SENSITIVE_GROUPS:
        return {"label": "ARMED_GROUP", "pattern": [{"TEXT": name}]}
    return {"label": "ARMED_GROUP", "pattern": name}


@Language.component("paragraph_boundaries")
def paragraph_boundaries(parsed: Any) -> Any:
    """Boundaries the small parser misses, which it then keeps: a blank line always ends a
    sentence, and so does a full stop followed by a capitalised word ("Mayadeen. ISIS"),
    unless the full stop closes a title ("Capt. Christian Pardo")."""
    after_break = False
    # The two previous tokens are kept rather than indexed: `parsed[i - 1]` builds a Token.
    previous: Any = None
    before_previous: Any = None
    for token in parsed:
        if token.is_space and token.text.count("\n") >= 2:
            after_break = True
        elif after_break:
            token.is_sent_start = True
            after_break = False
        elif (
            previous is not None
            and previous.text in _FULL_STOPS
            and previous.whitespace_
            and token.text[:1].isupper()
        ):
            # "Army Capt. Christian Pardo": spaCy splits some titles from their full stop,
            # and its parser would end the sentence there too.
            title = before_previous is not None and before_previous.lower_ in _TITLES
            token.is_sent_start = not title
        before_previous, previous = previous, token
    return parsed


def paragraph_starts(text: str, start: int = 0, end: int | None = None) -> list[int]:
    """Offsets where paragraphs begin in `text[start:end]` (after each blank line)."""
    end = len(text) if end is None else end
    return [start] + [m.end() for m in _BLANK_LINE.finditer(text, start, end)]


def paragraph_index(starts: list[int], offset: int) -> int:
    return bisect_right(starts, offset) - 1


def parse(doc: Document) -> tuple[Any, int]:
    """The spaCy parse of the body and the offset of its first character in `doc.text`.

    Stages after this one read the parse from here rather than parsing again.
    """
    return doc.scratch["spacy"], doc.scratch["spacy_offset"]


def parse_as_written(doc: Document, nlp: Any) -> tuple[Any, int]:
    """The parse of the body as written, where the stages read a cased copy of it (text
    written without case), else the stages' own parse; with the body's offset.

    For a model trained on text without case (the role tagger, on MUC-4's lower-cased
    wires), which reads such text best as its training text was read.
    """
    if doc.text_as_written() == doc.text:
        return parse(doc)
    if "spacy as written" not in doc.scratch:
        body = doc.body_span()
        doc.scratch["spacy as written"] = nlp(doc.text_as_written()[body.start : body.end])
    return doc.scratch["spacy as written"], doc.body_span().start


def cased_text(nlp: Any, text: str) -> str:
    """What the stages read: the text, or for text without case (lower-cased or all-caps
    wire copy) a copy with each word in its usual case; the same length either way."""
    if not caseless(text):
        return text
    return truecase(text, packaged_lexicon(), english_word_test(nlp))


def publication_date(doc: Document) -> dt.date | None:
    for value in (doc.meta.published, doc.meta.original_published):
        if value:
            try:
                return dt.date.fromisoformat(value[:10])
            except ValueError:
                continue
    return None


@register("language")
class LanguageStage:
    name = "language"
    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ("sentences", "entities", "dates", "quantities", "parse")

    def __init__(self, settings: Settings) -> None:
        self.nlp = load_spacy(settings.spacy_model)

    def __call__(self, doc: Document) -> Document:
        body = doc.body_span()
        cased = cased_text(self.nlp, body.text)
        if cased != body.text:
            # Text without case: every stage reads the cased copy, as the parser does, and
            # the pipeline quotes the text as written in the end (`Document.as_written`).
            doc.read_cased(doc.text[: body.start] + cased + doc.text[body.end :])
            body = doc.body_span()
        parsed = self.nlp(cased)
        offset = body.start
        doc.scratch["spacy"] = parsed
        doc.scratch["spacy_offset"] = offset
        doc.sentences = [
            Sentence(*_trimmed(doc, offset + s.start_char, offset + s.end_char, strip=""))
            for s in parsed.sents
            if span_text(s).strip()
        ]
        entities: list[Entity] = []
        for ent in parsed.ents:
            if ent.label_ not in ENTITY_LABELS:
                continue
            text, start, end = _trimmed(doc, offset + ent.start_char, offset + ent.end_char)
            if not text or doc.in_boilerplate(start, end):
                continue
            entities.append(Entity(f"ent{len(entities) + 1}", text, start, end, ent.label_))
        doc.entities = entities
        published = publication_date(doc)
        doc.dates = [
            d
            # Read as written: the dates layer has its own reading of calendar words in
            # text without case ('on 7 may', not 'they may').
            for d in find_dates(
                doc.text_as_written(), published=published, start=body.start, end=body.end
            )
            if not doc.in_boilerplate(d.start, d.end)
        ]
        doc.quantities = [
            q
            for q in find_quantities(doc.text, start=body.start, end=body.end)
            if not doc.in_boilerplate(q.start, q.end)
        ]
        return doc


def _trimmed(
    doc: Document, start: int, end: int, *, strip: str = ".,;:'\"‘’“”"
) -> tuple[str, int, int]:
    """Offsets shrunk past surrounding whitespace (and `strip`) that spaCy sometimes includes."""
    text = doc.text
    while start < end and (text[start].isspace() or text[start] in strip):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in strip):
        end -= 1
    return text[start:end], start, end
