"""Headlines: lines that stand alone, and a sentence-cased copy of a Title Case one.

spaCy's small parser reads a Title Case headline ("Maher Tells Guest Muslim Violence Is
Beyond Compare") as one long proper noun: every word is capitalised, so "Tells" is tagged
PROPN and the headline has no verb. The same words in sentence case parse as a clause.
`sentence_cased` lowers the capital of the words the rest of the document writes in lower
case, keeping names, acronyms and the first word; the copy has the length of the line, so
offsets into it are offsets into the line.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

_WORD = re.compile(r"[A-Za-z][\w’'-]*")
# Headlines are short; a longer line is a paragraph of text.
_MAX_WORDS = 30
# Title Case: nearly all words of four letters or more are capitalised (short function
# words often stay lower case: "Trump Talks to Kelly About Bullying").
_TITLE_SHARE = 0.8
_MIN_LONG_WORDS = 2
# A capitalised word after a lower-case word or a comma is capitalised for itself (a name).
_MID_SENTENCE_CAPITAL = re.compile(r"(?<=[a-z,;] )[A-Z][\w’'-]*")
_LOWER_WORD = re.compile(r"(?<![\w’'-])[a-z][\w’'-]*")
# Marks after which a headline starts again ("Breaking: Trump Campaign Just Made ...").
_RESTARTS = (":", "–", "—", "-")
_LINE = re.compile(r"[^\n]+")


@dataclass(frozen=True, slots=True)
class Headlines:
    """The lines of a text that can be headlines, and how the rest of it cases each word."""

    lines: list[tuple[int, int]]
    counts: tuple[Counter[str], Counter[str]]


def find_headlines(text: str, start: int = 0, end: int | None = None) -> Headlines:
    """`standalone_lines` of `text[start:end]` with the `casing_counts` of the rest."""
    lines = list(standalone_lines(text, start, end))
    return Headlines(lines, casing_counts(text, start, end, lines))


def standalone_lines(
    text: str, start: int = 0, end: int | None = None
) -> Iterator[tuple[int, int]]:
    """[start, end) of each short line of `text[start:end]` that can be a headline: the
    first line, or a line that is a paragraph of its own (blank lines around it)."""
    end = len(text) if end is None else end
    first = True
    for m in _LINE.finditer(text, start, end):
        s, e = m.span()
        if not text[s:e].strip():
            continue
        alone = _blank(text, s, start, -1) and _blank(text, e, end, 1)
        if (first or alone) and len(_WORD.findall(text, s, e)) <= _MAX_WORDS:
            yield s, e
        first = False


def _blank(text: str, at: int, limit: int, step: int) -> bool:
    """True when only whitespace holding a blank line (or nothing) lies from `at` to `limit`
    in the direction `step`: the line there is a paragraph's edge."""
    newlines = 0
    k = at if step > 0 else at - 1
    while (k < limit if step > 0 else k >= limit) and text[k] in " \t\n\r":
        newlines += text[k] == "\n"
        k += step
    at_edge = k >= limit if step > 0 else k < limit
    return at_edge or newlines >= 2


def is_title_case(line: str) -> bool:
    """True for a Title Case line: nearly every word of four letters or more capitalised."""
    long_words: list[str] = [w for w in _WORD.findall(line) if len(w) > 3]
    if len(long_words) < _MIN_LONG_WORDS:
        return False
    capitalised = sum(w[0].isupper() for w in long_words)
    return capitalised / len(long_words) >= _TITLE_SHARE


def casing_counts(
    text: str, start: int = 0, end: int | None = None, skip: Iterable[tuple[int, int]] = ()
) -> tuple[Counter[str], Counter[str]]:
    """How often each word is capitalised mid-sentence, and written in lower case, in
    `text[start:end]` outside the `skip` spans (the headlines, whose every word is capitalised)."""
    end = len(text) if end is None else end
    capital: Counter[str] = Counter()
    lower: Counter[str] = Counter()
    at = start
    for s, e in [*sorted(skip), (end, end)]:
        if s > at:
            part = text[at:s]
            capital.update(_MID_SENTENCE_CAPITAL.findall(part))
            lower.update(_LOWER_WORD.findall(part))
        at = max(at, e)
    return capital, lower


def sentence_cased(line: str, counts: tuple[Counter[str], Counter[str]]) -> str:
    """`line` with the capital lowered on each word that is not a name, as far as `counts`
    (from `casing_counts` over the rest of the document) tell: a word keeps its capital when
    it opens the line or follows a label's colon or dash, is all capitals ("FBI"), is "I", or
    is capitalised mid-sentence in the document more often than it is written in lower case.
    The copy has the length of `line`."""
    capital, lower = counts
    chars = list(line)
    opening = True
    for m in _WORD.finditer(line):
        word = m.group()
        restart = line[: m.start()].rstrip().endswith(_RESTARTS)
        keep = (
            opening
            or restart
            or not word[0].isupper()
            or (word.isupper() and len(word) > 1)
            or word == "I"
            or capital[word] > lower[word.lower()]
            or len(word[0].lower()) != 1
        )
        opening = False
        if not keep:
            chars[m.start()] = word[0].lower()
    return "".join(chars)
