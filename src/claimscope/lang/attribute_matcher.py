"""A faster `match` for spaCy's attribute ruler, with the same matches.

The small English pipeline's attribute ruler (the tag map and its exceptions: 179 patterns
over TAG, LOWER, DEP and IS_SPACE) runs spaCy's general `Matcher`, which evaluates every
IN, NOT_IN and REGEX predicate of every pattern on every token: about a tenth of the
parse, and a twentieth of a whole analysis. The ruler's patterns are all of fixed length
and test each token's own attributes only, so what a token's patterns say depends only
on those attributes: `RulerMatcher` reads them with `Doc.to_array`, works out once per
distinct combination which patterns hold (or start) there, and remembers it.

The matches, and so the annotations `AttributeRuler.set_annotations` writes from them,
are the `Matcher`'s (tests/test_attribute_matcher.py compares the two). A ruler with a
pattern this class cannot read (a quantifier, another operator, an extension attribute)
keeps spaCy's matcher: `install` leaves it alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from spacy.attrs import IDS

# A token test: (column in the token's attribute row, operator, argument).
Test = tuple[int, str, Any]
# A pattern alternative: the tests of each of its tokens in order.
Entry = tuple[int, int, tuple[tuple[Test, ...], ...]]  # (attr_id, match_id, tokens)
# How many attribute combinations are remembered before the memo starts afresh.
_MEMO_SIZE = 200_000
# Attributes whose `Doc.to_array` values are the ids of their strings, as the `Matcher`
# compares them, and boolean flags; others (POS, numbers, extensions) keep spaCy's matcher.
_STRING_ATTRS = frozenset({
    "ORTH", "LOWER", "NORM", "SHAPE", "PREFIX", "SUFFIX", "TAG", "DEP", "LEMMA", "ENT_TYPE",
})
_FLAG_ATTRS = frozenset({
    "IS_ALPHA", "IS_ASCII", "IS_DIGIT", "IS_LOWER", "IS_UPPER", "IS_TITLE", "IS_PUNCT",
    "IS_SPACE", "IS_STOP", "LIKE_NUM", "LIKE_URL", "LIKE_EMAIL",
})


class UnsupportedPattern(ValueError):
    """A ruler pattern that only spaCy's `Matcher` reads."""


class RulerMatcher:
    """`AttributeRuler.match` for rulers whose patterns are fixed-length token tests."""

    def __init__(self, ruler: Any) -> None:
        self.ruler = ruler
        # What the rules were read from: `AttributeRuler.clear` makes a new matcher.
        self.read = (ruler.matcher, len(ruler.attrs))
        self.strings = ruler.vocab.strings
        entries: list[tuple[int, int, list[list[tuple[str, str, Any]]]]] = []
        for attr_id in range(len(ruler.attrs)):
            # `AttributeRuler.add` keys the matcher by the ordinal of the rule as a string.
            match_id = self.strings[str(attr_id)]
            _, alternatives = ruler.matcher.get(match_id)
            for pattern in alternatives:
                entries.append((attr_id, match_id, [_token_tests(t) for t in pattern]))
        names = sorted({name for _, _, tokens in entries for t in tokens for name, _, _ in t})
        self.columns = [IDS[name] for name in names]
        column = {name: i for i, name in enumerate(names)}
        self.entries: list[Entry] = [
            (attr_id, match_id, tuple(
                tuple((column[name], op, self._hashed(name, op, arg)) for name, op, arg in t)
                for t in tokens
            ))
            for attr_id, match_id, tokens in entries
        ]
        # What a value can tell a test: whether it is one a test names (then itself), and
        # else only what the column's regular expressions say of it.
        self._named: list[set[int]] = [set() for _ in names]
        self._regexes: list[list[re.Pattern[str]]] = [[] for _ in names]
        for _, _, tokens in self.entries:
            for tests in tokens:
                for col, op, arg in tests:
                    if op == "REGEX":
                        if arg not in self._regexes[col]:
                            self._regexes[col].append(arg)
                    else:
                        self._named[col].update(arg)
        self._kinds: list[dict[int, Any]] = [{} for _ in names]
        self._memo: dict[tuple[Any, ...], tuple[tuple[Entry, ...], tuple[Entry, ...]]] = {}

    def _hashed(self, name: str, op: str, arg: Any) -> Any:
        """The test's argument as `Doc.to_array` gives values: string ids, 0/1 for flags."""
        if op == "REGEX":
            return re.compile(arg)

        def value(v: Any) -> int:
            if name in _FLAG_ATTRS:
                return int(bool(v))
            return int(self.strings.add(v)) if isinstance(v, str) else int(v)

        return frozenset(value(v) for v in arg)

    def _holds(self, row: tuple[int, ...], tests: tuple[Test, ...]) -> bool:
        for col, op, arg in tests:
            value = row[col]
            if op == "IN":
                if value not in arg:
                    return False
            elif op == "NOT_IN":
                if value in arg:
                    return False
            elif arg.search(self.strings[value]) is None:  # REGEX, as spaCy: on the string
                return False
        return True

    def _starting(self, row: tuple[int, ...]) -> tuple[tuple[Entry, ...], tuple[Entry, ...]]:
        """The one-token patterns that hold at a token with these attributes, and the longer
        ones whose first token holds there."""
        whole = tuple(e for e in self.entries if len(e[2]) == 1 and self._holds(row, e[2][0]))
        begun = tuple(e for e in self.entries if len(e[2]) > 1 and self._holds(row, e[2][0]))
        return whole, begun

    def _kind(self, col: int, value: int) -> Any:
        """A stand-in for `value` that every test of the column answers as it answers
        `value`: tokens alike in every column's stand-in match the same patterns."""
        kinds = self._kinds[col]
        kind = kinds.get(value)
        if kind is None:
            if value in self._named[col]:
                kind = value
            else:
                text = self.strings[value] if self._regexes[col] else ""
                kind = tuple(r.search(text) is not None for r in self._regexes[col])
            kinds[value] = kind
        return kind

    def __call__(self, doc: Any) -> list[tuple[int, int, int, int]]:
        """(attr_id, match_id, start, end) of every match, sorted as `AttributeRuler.match`
        sorts them (later rules win)."""
        if (self.ruler.matcher, len(self.ruler.attrs)) != self.read:
            # Rules added or replaced since: spaCy's matcher has them.
            return list(type(self.ruler).match(self.ruler, doc))
        if len(self._memo) + sum(len(kinds) for kinds in self._kinds) > _MEMO_SIZE:
            self._memo.clear()
            for kinds in self._kinds:
                kinds.clear()
        rows = [tuple(r) for r in doc.to_array(self.columns).tolist()]
        found: set[tuple[int, int, int, int]] = set()
        kind = self._kind
        tables = self._kinds
        for i, row in enumerate(rows):
            try:
                # Values met before are in their column's table (what `_kind` fills).
                key = tuple([tables[col][value] for col, value in enumerate(row)])
            except KeyError:
                key = tuple([kind(col, value) for col, value in enumerate(row)])
            starting = self._memo.get(key)
            if starting is None:
                starting = self._memo[key] = self._starting(row)
            whole, begun = starting
            for attr_id, match_id, _ in whole:
                found.add((attr_id, match_id, i, i + 1))
            for attr_id, match_id, tokens in begun:
                end = i + len(tokens)
                if end <= len(rows) and all(
                    self._holds(rows[i + k], tests) for k, tests in enumerate(tokens) if k
                ):
                    found.add((attr_id, match_id, i, end))
        return sorted(found)


def _token_tests(token: dict[str, Any]) -> list[tuple[str, str, Any]]:
    """(attribute, operator, argument) of each test of one pattern token; equality is IN."""
    tests: list[tuple[str, str, Any]] = []
    for key, spec in token.items():
        name = "ORTH" if key.upper() == "TEXT" else key.upper()
        if name not in _STRING_ATTRS | _FLAG_ATTRS:
            raise UnsupportedPattern(f"attribute {key!r}")
        if not isinstance(spec, dict):
            tests.append((name, "IN", [spec]))
            continue
        ops = ("IN", "NOT_IN", "REGEX") if name in _STRING_ATTRS else ("IN", "NOT_IN")
        if len(spec) != 1 or next(iter(spec)) not in ops:
            raise UnsupportedPattern(f"{key}: {spec!r}")
        ((op, arg),) = spec.items()
        tests.append((name, op, arg))
    return tests


def install(nlp: Any, name: str = "attribute_ruler") -> bool:
    """Give the pipeline's attribute ruler the faster `match`, where its patterns allow."""
    if name not in nlp.pipe_names:
        return False
    ruler = nlp.get_pipe(name)
    try:
        matcher: Callable[[Any], list[tuple[int, int, int, int]]] = RulerMatcher(ruler)
    except UnsupportedPattern:
        return False
    # `AttributeRuler.__call__` calls `self.match`: an instance attribute takes its place.
    ruler.match = matcher
    return True
