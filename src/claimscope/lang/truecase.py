"""Case restored to text written without it (lower-cased or all-caps wire copy), offsets kept.

spaCy's tagger, parser and entity recogniser, and the rules of the stages after them, read
names by their capitals: in "the fmln attacked usulutan" they find no organisation and no
place. They read a copy of such text with each word in its usual case, from a lexicon of
cased news (trained by `claimscope.train.truecase`); the copy keeps every offset, and what
the pipeline outputs quotes the text as written (`Document.as_written`).
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

# Below this share of letters in the minority case, a text has no case to go by.
CASELESS_SHARE = 0.01
# A word, with inner apostrophes and full stops ("o'brien", "u.s."); digits are no word.
WORD = re.compile(r"[^\W\d_]+(?:['’.][^\W\d_]+)*")
# What a sentence's first word follows: a full stop and space, a line break, the start.
_SENTENCE_BEFORE = re.compile(r"(?:[.!?][\"'”’)]*\s+|\n\s*|^\s*)[\"“‘(]?$")
_VOWELS = frozenset("aeiouy")
# The shortest first and second parts of a compound written as one word.
COMPOUND_HEAD, COMPOUND_TAIL = 5, 3
_POSSESSIVE = re.compile(r"['’]s$")
MODEL_DIR = Path(__file__).resolve().parent.parent / "data" / "models" / "truecase"
LEXICON = "lexicon.tsv.gz"


def caseless(text: str) -> bool:
    """Whether a text is all lower case or all capitals (wire copy, transcripts)."""
    # Runs on every report body (twice: the language stage, the dates layer): map, not a
    # generator, which is 40 % slower.
    upper = sum(map(str.isupper, text))
    lower = sum(map(str.islower, text))
    return upper + lower > 0 and min(upper, lower) < CASELESS_SHARE * (upper + lower)


def sentence_initial(text: str, start: int) -> bool:
    return _SENTENCE_BEFORE.search(text, max(0, start - 8), start) is not None


@dataclass(frozen=True)
class Lexicon:
    """Usual forms of words: `words` maps a lower-cased word to its form (itself when that
    is all lower case); `after` does so for a word after a given word ("president trump",
    "san salvador") and `before` for a word before one ("el salvador", "new york"), where
    that differs from the word alone."""

    words: dict[str, str]
    after: dict[tuple[str, str], str]
    before: dict[tuple[str, str], str]

    def form(self, word: str, previous: str, following: str) -> str | None:
        return (
            self.after.get((previous, word))
            or self.before.get((word, following))
            or self.words.get(word)
        )

    def lines(self) -> Iterable[str]:
        """Tab-separated: word, form, the word before, the word after (context may be empty)."""
        for word, form in sorted(self.words.items()):
            yield f"{word}\t{form}\t\t"
        for (previous, word), form in sorted(self.after.items()):
            yield f"{word}\t{form}\t{previous}\t"
        for (word, following), form in sorted(self.before.items()):
            yield f"{word}\t{form}\t\t{following}"

    @classmethod
    def parse(cls, lines: Iterable[str]) -> Lexicon:
        lexicon = cls({}, {}, {})
        for line in lines:
            word, form, previous, following = line.rstrip("\n").split("\t")
            if previous:
                lexicon.after[(previous, word)] = form
            elif following:
                lexicon.before[(word, following)] = form
            else:
                lexicon.words[word] = form
        return lexicon


@cache
def packaged_lexicon() -> Lexicon:
    with gzip.open(MODEL_DIR / LEXICON, "rt", encoding="utf-8") as lines:
        return Lexicon.parse(lines)


@cache
def english_word_test(nlp: Any) -> Callable[[str], bool]:
    """Whether a lower-cased word is an English common word, by the spaCy pipeline's own
    lemmatizer tables (WordNet's index, its exceptions and suffix rules): an unknown word
    not among them is read as a name ("ramirez", "zacatecoluca"). One test per pipeline."""
    lookups = nlp.get_pipe("lemmatizer").lookups
    index, exceptions, rules = (
        lookups.get_table(t) for t in ("lemma_index", "lemma_exc", "lemma_rules")
    )
    parts = [p for p in ("noun", "verb", "adj", "adv") if p in index]
    known = {p: frozenset(index[p]) | frozenset(exceptions.get(p, ())) for p in parts}
    suffixes = {p: [tuple(r) for r in rules.get(p, ())] for p in parts}

    @cache
    def listed(word: str) -> bool:
        for part in parts:
            if word in known[part]:
                return True
            for old, new in suffixes[part]:
                if word.endswith(old) and word[: len(word) - len(old)] + new in known[part]:
                    return True
        return False

    @cache
    def english(word: str) -> bool:
        # Or two words written as one ('machinegun', 'machineguns'); names seldom split
        # into a long English word and another ('sandoval', 'hurtado' do not count).
        return listed(word) or any(
            listed(word[:cut]) and listed(word[cut:])
            for cut in range(COMPOUND_HEAD, len(word) - COMPOUND_TAIL + 1)
        )

    return english


def truecase(text: str, lexicon: Lexicon, english: Callable[[str], bool]) -> str:
    """`text` with each word in its usual case; the same length, character for character."""
    out = list(text)
    words = list(WORD.finditer(text))
    for i, m in enumerate(words):
        word = m.group().lower()
        if len(word) != len(m.group()):
            continue  # 'İ' lower-cases to two characters: left as written
        # "salvador's" as "salvador": the possessive is the name's.
        stem = _POSSESSIVE.sub("", word)
        before = words[i - 1] if i else None
        after = words[i + 1] if i + 1 < len(words) else None
        previous = before.group().lower() if before and _adjacent(text, before, m) else ""
        following = after.group().lower() if after and _adjacent(text, m, after) else ""
        form = lexicon.form(stem, previous, following)
        if form is None:
            form = _unknown_form(text, m.start(), m.start() + len(stem), stem, english)
        form += word[len(stem) :]
        if sentence_initial(text, m.start()):
            form = form[:1].upper() + form[1:]
        # The form's capitals on the text's own letters ('medellin' after 'Medellín').
        if len(form) == len(word):
            out[m.start() : m.end()] = map(_cased, word, form)
    return "".join(out)


def _adjacent(text: str, first: re.Match[str], second: re.Match[str]) -> bool:
    """Whether only spaces part two words (they may be one name)."""
    return text[first.end() : second.start()].isspace()


def _cased(letter: str, model: str) -> str:
    """`letter` in `model`'s case, unless that would change its length ('ß', 'İ')."""
    cased = letter.upper() if model.isupper() else letter.lower()
    return cased if len(cased) == 1 else letter


def _unknown_form(
    text: str, start: int, end: int, word: str, english: Callable[[str], bool]
) -> str:
    """A word the lexicon lacks: an acronym if it has no vowel or stands alone in brackets
    ('fmln', '(urng)'), a name if it is no English word, else as it is."""
    if len(word) < 2 or english(word):
        return word
    if not _VOWELS & set(word) or (text[start - 1 : start] == "(" and text[end : end + 1] == ")"):
        return word.upper()
    if len(word) < 3:
        return word
    # "o'neill" -> "O'Neill"
    return "".join(part.capitalize() for part in re.split(r"(?<=['’.])", word))
