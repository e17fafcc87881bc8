"""Per-token attributes of a spaCy parse as plain lists, read once per parse.

Every `doc[i]`, `token.head` or `token.children` builds a new `Token` object and every
`token.dep_` looks its string up again; the CRF taggers' feature functions read a dozen
attributes of each token and of its heads, over and over. `token_view` reads the columns
once, with `Doc.to_array`, and keeps them beside the parse (in `Doc.user_data`), so that
every stage reading the same parse shares them. The values are exactly the `Token`
attributes they are named after (`tests/test_token_view.py` holds them to that).

The view is taken of a finished parse: a parse changed after its first view (sentence
starts set, entities replaced) would need a fresh one, and nothing in the pipeline does that.
"""

from __future__ import annotations

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

_KEY = "claimscope.token_view"
_TEXT_KEY = "claimscope.text"
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
    head's index, `children` the indices of its children in text order)."""

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
    children: list[list[int]]


def token_view(parsed: Any) -> TokenView:
    """The view of a parse, built on first use and kept with it."""
    cached = parsed.user_data.get(_KEY)
    if isinstance(cached, TokenView) and len(cached.text) == len(parsed):
        return cached
    view = _build(parsed)
    parsed.user_data[_KEY] = view
    return view


def parse_text(parsed: Any) -> str:
    """`parsed.text`, which spaCy joins anew from the tokens on every read, read once."""
    cached = parsed.user_data.get(_TEXT_KEY)
    if isinstance(cached, str):
        return cached
    text: str = parsed.text
    parsed.user_data[_TEXT_KEY] = text
    return text


def span_text(span: Any) -> str:
    """`span.text` (`Span.text` is the parse's text between the span's offsets)."""
    return parse_text(span.doc)[span.start_char : span.end_char]


def empty_view() -> TokenView:
    return TokenView([], [], [], [], [], [], [], [], [], [], [], [], [], [])


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
    heads = (np.arange(n, dtype=np.int64) + table[:, 6].astype(np.int64)).tolist()
    children: list[list[int]] = [[] for _ in range(n)]
    for i, h in enumerate(heads):
        if h != i:
            children[h].append(i)
    starts = table[:, 9].astype(np.int64)
    return TokenView(
        text=_strings(orth, _names, name),
        lower=_strings(lower, _names, name),
        lemma_lower=_strings(lemma, _lowered, lowered),
        pos=[POS_NAMES[p] for p in pos],
        tag=_strings(tag, _names, name),
        dep=_strings(dep, _names, name),
        head=heads,
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
        children=children,
    )
