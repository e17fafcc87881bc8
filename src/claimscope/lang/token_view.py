"""Per-token attributes of a spaCy parse as plain lists, read once per parse.

Every `doc[i]`, `token.head` or `token.children` builds a new `Token` object and every
`token.dep_` looks its string up again; the CRF taggers' feature functions read a dozen
attributes of each token and of its heads, over and over. `token_view` reads the columns
once, with `Doc.to_array`, and keeps them beside the parse (in a table keyed weakly by the
`Doc`, not in `Doc.user_data`, which `Doc.to_bytes` and pickling serialise), so that every
stage reading the same parse shares them. The values are exactly the `Token`
attributes they are named after (`tests/test_token_view.py` holds them to that).

The view is taken of a finished parse: a parse changed after its first view (sentence
starts set, entities replaced) would need a fresh one, and nothing in the pipeline does that.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from typing import Any

import numpy as np
from spacy.attrs import (
    DEP,
    ENT_IOB,
    ENT_TYPE,
    HEAD,
    IS_TITLE,
    IS_UPPER,
    LEMMA,
    LIKE_NUM,
    LOWER,
    ORTH,
    POS,
    SENT_START,
    TAG,
)
from spacy.parts_of_speech import NAMES as POS_NAMES

_COLUMNS = (
    ORTH, LOWER, LEMMA, POS, TAG, DEP, HEAD, ENT_TYPE, ENT_IOB, SENT_START, IS_TITLE,
    IS_UPPER, LIKE_NUM,
)
# `Token.ent_iob_` of each raw IOB code.
_IOB_NAMES = ("", "I", "O", "B")
# The strings of hashes met so far (and of lemmas, lower-cased): a hash always names the
# same string, so one table serves every parse. Emptied past this many entries.
_MEMO_SIZE = 500_000
_names: dict[int, str] = {}
_lowered: dict[int, str] = {}


@dataclass(frozen=True, slots=True)
class TokenView:
    """Column `x[i]` is token `i`'s `Token.x` (`lemma_lower` is `lemma_.lower()`, `head` the
    head's index; `children_of(i)` the indices of its children in text order)."""

    text: list[str]
    lower: list[str]
    lemma_lower: list[str]
    pos: list[str]
    tag: list[str]
    dep: list[str]
    head: list[int]
    ent_type: list[str]
    ent_iob: list[str]
    is_sent_start: list[bool | None]
    is_title: list[bool]
    is_upper: list[bool]
    like_num: list[bool]
    # The children of token i are child_order[child_start[i]:child_start[i + 1]]: two flat
    # lists rather than a list per token, which made the garbage collector run a full
    # collection every few documents.
    child_order: list[int]
    child_start: list[int]

    def children_of(self, i: int) -> list[int]:
        return self.child_order[self.child_start[i] : self.child_start[i + 1]]


# Each parse's view and text, dropped with the parse.
_views: weakref.WeakKeyDictionary[Any, TokenView] = weakref.WeakKeyDictionary()
_texts: weakref.WeakKeyDictionary[Any, str] = weakref.WeakKeyDictionary()


def token_view(parsed: Any) -> TokenView:
    """The view of a parse, built on first use and kept with it."""
    cached = _views.get(parsed)
    if cached is not None and len(cached.text) == len(parsed):
        return cached
    view = _views[parsed] = _build(parsed)
    return view


def parse_text(parsed: Any) -> str:
    """`parsed.text`, which spaCy joins anew from the tokens on every read, read once."""
    cached = _texts.get(parsed)
    if cached is not None:
        return cached
    text: str = parsed.text
    _texts[parsed] = text
    return text


def span_text(span: Any) -> str:
    """`span.text` (`Span.text` is the parse's text between the span's offsets)."""
    return parse_text(span.doc)[span.start_char : span.end_char]


def empty_view() -> TokenView:
    return TokenView([], [], [], [], [], [], [], [], [], [], [], [], [], [], [0])


def _strings(values: list[int], memo: dict[int, str], make: Any) -> list[str]:
    try:
        return [memo[v] for v in values]
    except KeyError:
        if len(memo) > _MEMO_SIZE:
            memo.clear()
        for v in set(values).difference(memo):
            memo[v] = make(v)
        return [memo[v] for v in values]


def _build(parsed: Any) -> TokenView:
    n = len(parsed)
    if n == 0:
        return empty_view()
    # uint64 hashes, as the string store keys them.
    table = parsed.to_array(list(_COLUMNS))
    strings = parsed.vocab.strings

    def name(h: int) -> str:
        word: str = strings[h]
        return word

    def lowered(h: int) -> str:
        return name(h).lower()

    (orth, lower, lemma, pos, tag, dep, ent_type, ent_iob, is_title, is_upper, like_num) = (
        table[:, c].tolist() for c in (0, 1, 2, 3, 4, 5, 7, 8, 10, 11, 12)
    )
    # HEAD is the signed offset to the head, stored as uint64.
    positions = np.arange(n, dtype=np.int64)
    head_of = positions + table[:, 6].astype(np.int64)
    dependents = positions[head_of != positions]
    # A stable sort by head keeps each token's children in text order.
    child_order = dependents[np.argsort(head_of[dependents], kind="stable")]
    child_start = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(head_of[dependents], minlength=n), out=child_start[1:])
    starts = table[:, 9].astype(np.int64)
    return TokenView(
        text=_strings(orth, _names, name),
        lower=_strings(lower, _names, name),
        lemma_lower=_strings(lemma, _lowered, lowered),
        pos=[POS_NAMES[p] for p in pos],
        tag=_strings(tag, _names, name),
        dep=_strings(dep, _names, name),
        head=head_of.tolist(),
        ent_type=_strings(ent_type, _names, name),
        ent_iob=[_IOB_NAMES[k] for k in ent_iob],
        is_sent_start=(
            (starts > 0).tolist()
            if bool((starts != 0).all())
            else [None if s == 0 else s > 0 for s in starts.tolist()]
        ),
        is_title=[x == 1 for x in is_title],
        is_upper=[x == 1 for x in is_upper],
        like_num=[x == 1 for x in like_num],
        child_order=child_order.tolist(),
        child_start=child_start.tolist(),
    )
