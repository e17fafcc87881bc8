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
    IS_SPACE,
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
_COLUMNS = (
    ORTH, LOWER, LEMMA, POS, TAG, DEP, HEAD, ENT_TYPE, ENT_IOB, SENT_START, IS_TITLE,
    IS_UPPER, LIKE_NUM, IS_SPACE,
)
# `Token.ent_iob_` of each raw IOB code.
_IOB_NAMES = ("", "I", "O", "B")


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
    is_space: list[bool]
    children: list[list[int]]


def token_view(parsed: Any) -> TokenView:
    """The view of a parse, built on first use and kept with it."""
    cached = parsed.user_data.get(_KEY)
    if isinstance(cached, TokenView) and len(cached.text) == len(parsed):
        return cached
    view = _build(parsed)
    parsed.user_data[_KEY] = view
    return view


def empty_view() -> TokenView:
    return TokenView([], [], [], [], [], [], [], [], [], [], [], [], [], [], [])


def _build(parsed: Any) -> TokenView:
    n = len(parsed)
    if n == 0:
        return empty_view()
    table = parsed.to_array(list(_COLUMNS)).astype(np.int64)
    strings = parsed.vocab.strings
    (orth, lower, lemma, pos, tag, dep, head, ent_type, ent_iob, sent_start, is_title,
     is_upper, like_num, is_space) = table.T

    def names(column: Any) -> list[str]:
        # Hashes as uint64 (to_array) read back into the string store's key type.
        keys, inverse = np.unique(column, return_inverse=True)
        words = [strings[int(k) & 0xFFFFFFFFFFFFFFFF] for k in keys.tolist()]
        return [words[k] for k in inverse.tolist()]

    heads = (np.arange(n) + head).tolist()
    children: list[list[int]] = [[] for _ in range(n)]
    for i, h in enumerate(heads):
        if h != i:
            children[h].append(i)
    return TokenView(
        text=names(orth),
        lower=names(lower),
        lemma_lower=[w.lower() for w in names(lemma)],
        pos=[POS_NAMES[p] for p in pos.tolist()],
        tag=names(tag),
        dep=names(dep),
        head=heads,
        ent_type=names(ent_type),
        ent_iob=[_IOB_NAMES[k] for k in ent_iob.tolist()],
        is_sent_start=[None if s == 0 else s > 0 for s in sent_start.tolist()],
        is_title=[bool(x) for x in is_title.tolist()],
        is_upper=[bool(x) for x in is_upper.tolist()],
        like_num=[bool(x) for x in like_num.tolist()],
        is_space=[bool(x) for x in is_space.tolist()],
        children=children,
    )
