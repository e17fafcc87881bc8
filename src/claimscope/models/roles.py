"""The role tagger: a CRF that marks perpetrator, target, victim and weapon mentions in a parse.

Features come from spaCy tokens (word, lemma, shape, POS, dependency relation and head,
entity label), from the token's relation to the nearest attack word among its syntactic
ancestors ("guards" as the subject of "were killed"), and from where its sentence sits in
the document. Labels are BIO over the five MUC-4 roles. The weights are a CRFsuite model
file; `python-crfsuite` is the only dependency beyond spaCy.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pycrfsuite  # type: ignore[import-untyped]
from spacy.tokens import Span

from claimscope.data.role_words import AGENT_PREPOSITIONS, ATTACK_LEMMAS
from claimscope.lang.token_view import TokenView, empty_view, parse_text, span_text, token_view
from claimscope.models.bio import viterbi
from claimscope.models.roles_encoder import (
    ENCODER_FILE,
    ENCODER_WEIGHT,
    LABELS,
    RoleEncoder,
)

ROLES = ("PerpInd", "PerpOrg", "Target", "Victim", "Weapon")
MODEL_DIR = Path(__file__).resolve().parent.parent / "data" / "models" / "roles"
MODEL_FILE = "roles.crfsuite"
OUTSIDE = "O"
# How far up the dependency tree an attack word may govern a token and still count.
_MAX_ANCESTORS = 4

Features = list[str]
# Parts of speech that leave a phrase open when they end it.
_OPEN_ENDED = frozenset({"DET", "ADP", "CCONJ", "SCONJ", "PART"})


@dataclass(frozen=True, slots=True)
class RoleMention:
    """A role filler: `start`/`end` are character offsets into the parsed text."""

    role: str
    start: int
    end: int
    text: str


@lru_cache(maxsize=4096)
def _shape(text: str) -> str:
    """The first six characters with digits as "d" and letters as "x" ("Nov-89" -> "xxx-dd")."""
    out = []
    for ch in text[:6]:
        out.append("d" if ch.isdigit() else "x" if ch.isalpha() else ch)
    return "".join(out)


def _attack_path(view: TokenView, k: int) -> tuple[str, str]:
    """(relation, lemma): how token `k` hangs under the nearest attack word above it."""
    relation = view.dep[k]
    current = k
    for _ in range(_MAX_ANCESTORS):
        head = view.head[current]
        if head == current:
            break
        lemma = view.lemma_lower[head]
        if lemma in ATTACK_LEMMAS:
            return relation, lemma
        if view.dep[current] == "pobj":
            relation = f"{view.lower[head]}>{relation}" if view.dep[head] == "prep" else relation
        elif view.pos[head] in ("VERB", "AUX"):
            relation = f"{view.dep[current]}"
        current = head
    return "none", "none"


def _indices(sent: Sequence[Any]) -> tuple[TokenView, Sequence[int]]:
    """The parse's token view and the indices of the tokens of `sent` (a span or a list)."""
    if isinstance(sent, Span):
        return token_view(sent.doc), range(sent.start, sent.end)
    tokens = list(sent)
    if not tokens:
        return empty_view(), []
    return token_view(tokens[0].doc), [t.i for t in tokens]


def token_features(sent: Sequence[Any], sent_index: int) -> list[Features]:
    """CRFsuite feature strings for each token of one spaCy sentence."""
    # The parse's attributes are read from its token view: building a `Token` per attribute
    # read (and per head walked) was most of this function's time.
    view, index = _indices(sent)
    words = [view.lower[k] for k in index]
    tags = [view.pos[k] for k in index]
    out: list[Features] = []
    position = f"s{min(sent_index, 2)}" if sent_index < 5 else "s5"
    n = len(words)
    for i, k in enumerate(index):
        relation, attack = _attack_path(view, k)
        head = view.head[k]
        head_lemma = view.lemma_lower[head]
        lemma = view.lemma_lower[k]
        dep = view.dep[k]
        ent_type = view.ent_type[k]
        feats = [
            "b",
            f"w={words[i]}",
            f"l={lemma}",
            f"suf={words[i][-3:]}",
            f"sh={_shape(view.text[k])}",
            f"p={tags[i]}",
            f"t={view.tag[k]}",
            f"d={dep}",
            f"hl={head_lemma}",
            f"hp={view.pos[head]}",
            f"dhl={dep}|{head_lemma}",
            f"e={view.ent_iob[k]}-{ent_type}" if ent_type else "e=O",
            f"ar={relation}",
            f"aw={attack}",
            f"arw={relation}|{attack}",
            f"pos={position}",
        ]
        if lemma in ATTACK_LEMMAS:
            feats.append("attack")
        if view.lower[head] in AGENT_PREPOSITIONS:
            feats.append("by")
        if view.like_num[k]:
            feats.append("num")
        for offset in (-2, -1, 1, 2):
            j = i + offset
            if 0 <= j < n:
                feats.append(f"{offset}w={words[j]}")
                feats.append(f"{offset}p={tags[j]}")
            else:
                feats.append(f"{offset}w=<pad>")
        if i > 0:
            feats.append(f"-1w|w={words[i - 1]}|{words[i]}")
        if i + 1 < n:
            feats.append(f"w|1w={words[i]}|{words[i + 1]}")
        out.append(feats)
    return out


def sentences(parsed: Any) -> Iterator[tuple[int, Any]]:
    """Non-blank sentences of a parse with their running index."""
    index = 0
    for sent in parsed.sents:
        if not span_text(sent).strip():
            continue
        yield index, sent
        index += 1


def decode(sent: Sequence[Any], labels: Sequence[str], text: str) -> list[RoleMention]:
    """BIO labels over one sentence's tokens -> mentions (an I- without a B- opens one)."""
    mentions: list[RoleMention] = []
    role = ""
    tokens: list[Any] = []
    for token, label in zip(sent, labels, strict=True):
        tag, _, label_role = label.partition("-")
        if tag == "I" and tokens and role == label_role:
            tokens.append(token)
            continue
        if tokens:
            mentions.append(_mention(role, tokens, text))
            tokens = []
        if tag in ("B", "I"):
            role, tokens = label_role, [token]
    if tokens:
        mentions.append(_mention(role, tokens, text))
    return [m for m in mentions if m.text]


def _mention(role: str, tokens: list[Any], text: str) -> RoleMention:
    # A mention cut before its noun ('the armed forces of', 'least one of the') ends at the
    # last word that can end a noun phrase.
    while len(tokens) > 1 and tokens[-1].pos_ in _OPEN_ENDED:
        tokens = tokens[:-1]
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
    while end > start and text[end - 1] in ".,;:'\"-) ":
        end -= 1
    while start < end and text[start] in "'\"( ":
        start += 1
    return RoleMention(role, start, end, text[start:end])


class RoleTagger:
    """Loads a trained CRFsuite model and tags spaCy parses.

    With `encoder` (a directory holding the fine-tuned MiniLM tagger of
    `models.roles_encoder`), each token's label probabilities are the CRF's marginals and
    the encoder's mixed (`weight` the encoder's share), decoded as the best well-formed BIO
    path.
    """

    def __init__(self, path: Path, encoder: Path | None = None) -> None:
        if not path.is_file():
            raise FileNotFoundError(f"role model {path} is missing; run `claimscope train roles`")
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(path))
        # Anything with `RoleEncoder.probs` (held-out trials pass a cached one).
        self.encoder: Any = RoleEncoder(encoder) if encoder is not None else None
        self.weight = ENCODER_WEIGHT
        known = set(self._tagger.labels())
        # A label the CRF never saw has no marginal: it gets probability 0 from the CRF.
        self._crf_labels = [(k, y) for k, y in enumerate(LABELS) if y in known]

    def tag_sentence(
        self, sent: Sequence[Any], sent_index: int, encoded: Any | None = None
    ) -> list[str]:
        """Labels of one sentence's tokens: the CRF's Viterbi path, or with `encoded` (the
        encoder's tokens x `LABELS` probabilities) the best path under the mixture."""
        labels: list[str] = self._tagger.tag(token_features(sent, sent_index))
        if encoded is None or not labels:
            return labels
        marginal = self._tagger.marginal
        crf = np.zeros((len(labels), len(LABELS)))
        for i in range(len(labels)):
            for k, y in self._crf_labels:
                crf[i, k] = marginal(y, i)
        return viterbi(self.weight * encoded + (1.0 - self.weight) * crf, LABELS)

    def mentions(
        self, parsed: Any, wanted: Callable[[Any], bool] | None = None
    ) -> list[RoleMention]:
        """Role mentions in a spaCy parse, offsets into `parsed.text`; only in the sentences
        `wanted` accepts when it is given (each keeps its running index all the same)."""
        found: list[RoleMention] = []
        text = parse_text(parsed)
        sents = [sent for _, sent in sentences(parsed)]
        chosen = [wanted is None or wanted(sent) for sent in sents]
        encoded: list[Any] = [None] * len(sents)
        if self.encoder is not None and any(chosen):
            # The encoder reads whole windows of neighbouring sentences, so it runs once
            # over the document rather than sentence by sentence.
            encoded = self.encoder.probs([[t.text for t in s] for s in sents], chosen)
        for index, sent in enumerate(sents):
            if chosen[index]:
                labels = self.tag_sentence(sent, index, encoded[index])
                found.extend(decode(sent, labels, text))
        return found


def encoder_dir(name: str) -> Path | None:
    """The encoder directory of a profile's role model `name` (a directory under
    `data/models/`), or None when that model is the CRF alone."""
    path = MODEL_DIR.parent / name
    return path if (path / ENCODER_FILE).is_file() else None


@cache
def load_tagger(path: Path = MODEL_DIR / MODEL_FILE, encoder: Path | None = None) -> RoleTagger:
    """The shipped tagger (with `encoder`, the CRF and the encoder mixed), loaded once per
    process."""
    return RoleTagger(path, encoder=encoder)
