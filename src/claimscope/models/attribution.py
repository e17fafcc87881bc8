"""The attribution tagger: a CRF that marks source, cue and content spans and pairs them.

PolNeAR annotations are univocal (a token belongs to at most one attribution, in one role),
so one BIO sequence over a paragraph holds them all. Features come from the spaCy parse
(word, lemma, POS, dependency relation and head), from a cue lexicon learned on the
training split (how often each lemma sits inside a cue), from the token's syntactic
relation to the nearest cue-like word above it (the subject of "said" is a source, its
clausal complement is content), from its position relative to cue-like words in the
sentence, from whether it is inside quotation marks, and from the frame of cue nouns (the
possessor of "Trump's claim", the object of "a statement from", "according to").
Sequences are paragraphs, since quoted content runs across sentences. Spans are then
paired into (source, cue, content) triples by proximity, as citron pairs its source and
content spans with each cue.
The weights are a CRFsuite model file plus a JSON lexicon; no pickles.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pycrfsuite  # type: ignore[import-untyped]

from claimscope.lang.token_view import TokenView, empty_view, parse_text, token_view
from claimscope.models.attribution_encoder import (
    ENCODER_FILE,
    ENCODER_WEIGHT,
    LABELS,
    EncoderTagging,
)
from claimscope.models.bio import viterbi

ROLES = ("SRC", "CUE", "CNT")
OUTSIDE = "O"
MODEL_DIR = Path(__file__).resolve().parent.parent / "data" / "models" / "attribution"
MODEL_FILE = "attribution.crfsuite"
LEXICON_FILE = "cue_lexicon.json"
# A lemma is cue-like when at least this share of its training occurrences are in a cue.
CUE_LIKE = 0.15
# How far up the dependency tree a cue-like word may govern a token and still count.
_MAX_ANCESTORS = 6
# Long paragraphs are cut at a sentence boundary past this many tokens to bound CRF cost.
_MAX_SEGMENT = 220
_OPEN_QUOTES = frozenset({"“", "‘‘", "``"})
_CLOSE_QUOTES = frozenset({"”", "’’", "''"})
# Prepositions that join a cue noun to its source ("a statement from the campaign").
_SOURCE_PREPOSITIONS = frozenset({"of", "from", "by"})
# Dependents of a cue noun that carry its content ("the claim that ...").
_CLAUSES = frozenset({"acl", "ccomp", "relcl"})
# PolNeAR spans keep their punctuation (an appositive source ends in its comma).
_TRIM = " \n\t"

Features = list[str]
Lexicon = dict[str, float]
# The features of one segment's tokens: `token_features`, or a variant under trial.
Featurizer = Callable[[Sequence[Any], Lexicon], list[Features]]


@dataclass(frozen=True, slots=True)
class TaggedSpan:
    """A tagged span: `start`/`end` are character offsets into the parsed text."""

    role: str
    start: int
    end: int
    first: int  # token index of the first token
    last: int  # token index of the last token


@dataclass(frozen=True, slots=True)
class Triple:
    """One attribution: offsets into the parsed text; `cue_lemma` is the cue's main lemma."""

    source: tuple[int, int] | None
    cue: tuple[int, int]
    content: tuple[int, int]
    cue_lemma: str
    sentence_start: int  # character offset of the sentence holding the cue


def segments(parsed: Any) -> Iterator[list[Any]]:
    """Paragraphs of the parse as lists of non-space tokens, long ones cut at sentences."""
    current: list[Any] = []
    for sent in parsed.sents:
        tokens = [t for t in sent if not t.is_space]
        if not tokens:
            continue
        first = sent[0]
        breaks = first.i > 0 and _paragraph_break(parsed[first.i - 1])
        if current and (breaks or len(current) + len(tokens) > _MAX_SEGMENT):
            yield current
            current = []
        current.extend(tokens)
    if current:
        yield current


def _paragraph_break(token: Any) -> bool:
    return bool(token.is_space and token.text.count("\n") >= 2) or token.text.endswith("\n\n")


def _bucket(distance: int) -> str:
    if distance <= 1:
        return "1"
    if distance <= 3:
        return "3"
    if distance <= 7:
        return "7"
    if distance <= 15:
        return "15"
    return "far"


def _cue_level(lemma: str, lexicon: Lexicon) -> str:
    p = lexicon.get(lemma, 0.0)
    return "hi" if p >= 0.5 else "mid" if p >= CUE_LIKE else "lo" if p > 0.02 else "no"


def _cue_path(view: TokenView, k: int, lexicon: Lexicon) -> tuple[str, str, int]:
    """(relation, lemma, depth): how token `k` hangs under the nearest cue-like ancestor."""
    relation = view.dep[k]
    current = k
    for depth in range(1, _MAX_ANCESTORS + 1):
        head = view.head[current]
        if head == current:
            break
        lemma = view.lemma_lower[head]
        if lexicon.get(lemma, 0.0) >= CUE_LIKE:
            return relation, lemma, depth
        current = head
        relation = view.dep[current]
    return "none", "none", 0


def _view_of(tokens: Sequence[Any]) -> tuple[TokenView, list[int]]:
    """The parse's token view and the indices of `tokens` in it."""
    if not tokens:
        return empty_view(), []
    return token_view(tokens[0].doc), [t.i for t in tokens]


def token_features(tokens: Sequence[Any], lexicon: Lexicon) -> list[Features]:
    """CRFsuite feature strings for each token of one segment."""
    # The parse's attributes are read from its token view: building a `Token` per attribute
    # read (and per head walked) was most of this function's time.
    view, index = _view_of(tokens)
    words = [view.lower[k] for k in index]
    lemmas = [view.lemma_lower[k] for k in index]
    tags = [view.pos[k] for k in index]
    levels = [_cue_level(lemma, lexicon) for lemma in lemmas]
    cue_like = [lexicon.get(lemma, 0.0) >= CUE_LIKE for lemma in lemmas]
    quoted = _inside_quotes([view.text[k] for k in index])
    nearest = _nearest_cue_like([view.is_sent_start[k] for k in index], cue_like)
    out: list[Features] = []
    for i, k in enumerate(index):
        head = view.head[k]
        head_lemma = view.lemma_lower[head]
        head_pos = view.pos[head]
        dep = view.dep[k]
        relation, anc_lemma, depth = _cue_path(view, k, lexicon)
        children = {view.dep[c] for c in view.children_of(k)} if cue_like[i] else set()
        feats = [
            "b",
            f"w={words[i]}",
            f"l={lemmas[i]}",
            f"suf={words[i][-3:]}",
            f"p={tags[i]}",
            f"t={view.tag[k]}",
            f"d={dep}",
            f"hl={head_lemma}",
            f"hp={head_pos}",
            f"dh={dep}|{head_pos}",
            f"cue={levels[i]}",
            f"hcue={_cue_level(head_lemma, lexicon)}",
            f"ar={relation}",
            f"ard={relation}|{min(depth, 3)}",
            f"arl={relation}|{anc_lemma}",
            f"q={quoted[i]}",
            f"near={nearest[i]}",
            f"ent={view.ent_type[k] or 'O'}",
        ]
        if view.is_sent_start[k]:
            feats.append("sstart")
        if view.is_title[k]:
            feats.append("title")
        elif view.is_upper[k] and len(view.text[k]) > 1:
            feats.append("upper")  # transcript speakers: "SMITH: ..."
        if i < 3:
            feats.append(f"segpos={i}")
        if cue_like[i]:
            feats.extend(f"ch={dep}" for dep in sorted(children))
            feats.append(f"cuel={lemmas[i]}|{tags[i]}")
        for offset in (-2, -1, 1, 2):
            j = i + offset
            if 0 <= j < len(index):
                feats.append(f"{offset}w={words[j]}")
                feats.append(f"{offset}p={tags[j]}")
                feats.append(f"{offset}cue={levels[j]}")
                feats.append(f"{offset}q={quoted[j]}")
            else:
                feats.append(f"{offset}w=<pad>")
        out.append(feats)
    for feats, extra in zip(out, _nominal_features(view, index, lexicon), strict=True):
        feats.extend(extra)
    return out


def nominal_features(tokens: Sequence[Any], lexicon: Lexicon) -> list[Features]:
    """Frames of cue nouns ("Trump's claim", "a statement from the campaign", "according to
    aides"): their source hangs off them by a possessive or a preposition, which the verb
    features (subject of a cue verb) do not cover."""
    view, index = _view_of(tokens)
    return _nominal_features(view, index, lexicon)


def _nominal_features(view: TokenView, index: Sequence[int], lexicon: Lexicon) -> list[Features]:
    out: list[Features] = []
    for k in index:
        feats: Features = []
        level = _cue_level(view.lemma_lower[k], lexicon)
        if view.pos[k] == "NOUN" and level in ("hi", "mid"):
            deps = {view.dep[c] for c in view.children_of(k)}
            preps = {view.lower[c] for c in view.children_of(k) if view.dep[c] == "prep"}
            feats.append(f"nposs={level}|{'poss' in deps}")
            feats.append(f"nof={level}|{bool(preps & _SOURCE_PREPOSITIONS)}")
            feats.append(f"ncl={level}|{bool(deps & _CLAUSES)}")
        dep = view.dep[k]
        head = view.head[k] if dep in ("poss", "pobj") else k
        if head != k:
            if dep == "poss" and view.pos[head] == "NOUN":
                feats.append(f"possn={_cue_level(view.lemma_lower[head], lexicon)}")
            elif dep == "pobj" and view.lower[head] in _SOURCE_PREPOSITIONS:
                noun = view.head[head]
                if view.pos[noun] == "NOUN" and noun != head:
                    feats.append(f"pobjn={_cue_level(view.lemma_lower[noun], lexicon)}")
            elif (
                dep == "pobj" and view.lower[head] == "to"
                and view.lower[view.head[head]] == "according"
            ):
                feats.append("accto")
        out.append(feats)
    return out


def _inside_quotes(texts: Sequence[str]) -> list[str]:
    """Per token text: 'open'/'close' for a quote mark, 'in' inside a quotation, 'out'
    elsewhere."""
    marks: list[str] = []
    inside = False
    for text in texts:
        if text in _OPEN_QUOTES or (text == '"' and not inside):
            marks.append("open")
            inside = True
        elif text in _CLOSE_QUOTES or (text == '"' and inside):
            marks.append("close")
            inside = False
        else:
            marks.append("in" if inside else "out")
    return marks


def _nearest_cue_like(
    sent_starts: Sequence[bool | None], cue_like: Sequence[bool]
) -> list[str]:
    """Per token: side and distance of the nearest cue-like word in the same sentence
    (`sent_starts`: each token's `is_sent_start`)."""
    out: list[str] = []
    sent_of: list[int] = []
    current = 0
    for k, start in enumerate(sent_starts):
        if k and start:
            current += 1
        sent_of.append(current)
    positions = [i for i, flag in enumerate(cue_like) if flag]
    for i in range(len(sent_starts)):
        best: tuple[int, str] | None = None
        for j in positions:
            if j == i or sent_of[j] != sent_of[i]:
                continue
            distance = abs(j - i)
            if best is None or distance < best[0]:
                best = (distance, "L" if j > i else "R")
        out.append("none" if best is None else f"{best[1]}{_bucket(best[0])}")
    return out


def decode(
    tokens: Sequence[Any], labels: Sequence[str], text: str | None = None
) -> list[TaggedSpan]:
    """BIO labels over a segment's tokens -> spans (an I- without a B- opens one).

    `text` is the parse's text: spaCy rebuilds `Doc.text` from its tokens on every read, so a
    caller decoding many segments of one parse passes it in.
    """
    if text is None:
        text = tokens[0].doc.text if tokens else ""
    spans: list[TaggedSpan] = []
    current: list[Any] | None = None  # [role, first, last]
    if len(labels) != len(tokens):
        raise ValueError(f"{len(labels)} labels for {len(tokens)} tokens")
    for k, label in enumerate(labels):
        tag, _, role = label.partition("-")
        if tag == "I" and current is not None and current[0] == role:
            current[2] = k
            continue
        if current is not None:
            spans.append(_span(tokens, current, text))
            current = None
        if tag in ("B", "I"):
            current = [role, k, k]
    if current is not None:
        spans.append(_span(tokens, current, text))
    return [s for s in spans if s.start < s.end]


def _span(tokens: Sequence[Any], found: list[Any], text: str) -> TaggedSpan:
    role, first, last = found
    start = tokens[first].idx
    end = tokens[last].idx + len(tokens[last])
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return TaggedSpan(role, start, end, tokens[first].i, tokens[last].i)


def pair(parsed: Any, spans: Sequence[TaggedSpan]) -> list[Triple]:
    """Join each content span to its cue and each cue to its source, by proximity.

    A content or source goes to the nearest cue of its segment, preferring a cue of the
    same sentence; a cue with no content is dropped (a claim needs content), and a cue
    given several sources keeps the nearest.
    """
    cues = [s for s in spans if s.role == "CUE"]
    if not cues:
        return []
    # `Token.sent` builds the sentence's span to read its start: walk the view back instead.
    starts = token_view(parsed).is_sent_start
    sent_start: dict[int, int] = {}
    for s in spans:
        first = s.first
        while first > 0 and not starts[first]:
            first -= 1
        sent_start[s.first] = first

    def cost(span: TaggedSpan, cue: TaggedSpan) -> tuple[int, int]:
        gap = cue.first - span.last if cue.first > span.last else span.first - cue.last
        return (0 if sent_start[cue.first] == sent_start[span.first] else 1, gap)

    def nearest(span: TaggedSpan, among: Sequence[TaggedSpan]) -> int:
        return min(range(len(among)), key=lambda c: cost(span, among[c]))

    contents: dict[int, list[TaggedSpan]] = {}
    for span in spans:
        if span.role == "CNT":
            contents.setdefault(nearest(span, cues), []).append(span)
    # Sources go to cues that have content: a source left with an empty cue would be lost.
    with_content = [cues[c] for c in sorted(contents)] or cues
    sources: dict[int, list[TaggedSpan]] = {}
    for span in spans:
        if span.role == "SRC":
            chosen = with_content[nearest(span, with_content)]
            sources.setdefault(cues.index(chosen), []).append(span)
    triples: list[Triple] = []
    for c, tagged in enumerate(cues):
        # Several sources may fall to one cue when a nearer cue has no content ("X urged
        # ..., but Y say ..."): the cue's own, nearest one speaks, not the first.
        source = min(sources.get(c, [None]), key=lambda s: cost(s, tagged) if s else (0, 0))
        cue_token = _cue_head(parsed, tagged)
        cue = _without_subject(parsed, tagged, cue_token)
        for content in contents.get(c, []):
            triples.append(
                Triple(
                    source=(source.start, source.end) if source is not None else None,
                    cue=(cue.start, cue.end),
                    content=(content.start, content.end),
                    cue_lemma=cue_token.lemma_.lower(),
                    sentence_start=cue_token.sent.start_char,
                )
            )
    return triples


def _without_subject(parsed: Any, cue: TaggedSpan, head: Any) -> TaggedSpan:
    """The cue cut past the end of its head's subject ("so-called resistance claimed")."""
    for child in head.children:
        if child.dep_ in ("nsubj", "nsubjpass") and child.i < head.i:
            last = child.right_edge.i
            if cue.first <= last < head.i:
                first = last + 1
                return TaggedSpan(cue.role, parsed[first].idx, cue.end, first, cue.last)
    return cue


def _cue_head(parsed: Any, cue: TaggedSpan) -> Any:
    """The syntactic head of a cue span ("pointed" of "pointed out", "according")."""
    tokens = parsed[cue.first : cue.last + 1]
    for token in tokens:
        if not (cue.first <= token.head.i <= cue.last) or token.head.i == token.i:
            return token
    return tokens[0]


class AttributionTagger:
    """Loads a trained CRFsuite model and its cue lexicon, and tags spaCy parses.

    With `encoder` (a directory holding the fine-tuned MiniLM tagger of
    `models.attribution_encoder`), each token's label probabilities are the mean of the CRF's
    marginals and the encoder's, decoded as the best well-formed BIO path.
    """

    def __init__(
        self, model_dir: Path, featurize: Featurizer | None = None, encoder: Path | None = None
    ) -> None:
        path = model_dir / MODEL_FILE
        if not path.is_file():
            raise FileNotFoundError(
                f"attribution model {path} is missing; run `claimscope train attribution`"
            )
        self.lexicon: Lexicon = json.loads((model_dir / LEXICON_FILE).read_text("utf-8"))
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(path))
        # A model is tagged with the features it was fitted on (held-out trials pass theirs).
        self._featurize: Featurizer = featurize if featurize is not None else token_features
        self.encoder = EncoderTagging(encoder) if encoder is not None else None

    def tag(self, tokens: Sequence[Any]) -> list[str]:
        labels: list[str] = self._tagger.tag(self._featurize(tokens, self.lexicon))
        if self.encoder is None or not tokens:
            return labels
        marginal = self._tagger.marginal
        crf = np.array([[marginal(y, i) for y in LABELS] for i in range(len(tokens))])
        enc = self.encoder.probs([t.text for t in tokens])
        return viterbi(ENCODER_WEIGHT * enc + (1.0 - ENCODER_WEIGHT) * crf, LABELS)

    def tag_with_marginals(self, tokens: Sequence[Any]) -> tuple[list[str], list[float]]:
        """The best labels of a segment and the CRF's marginal probability of each one."""
        labels = self.tag(tokens)
        return labels, [float(self._tagger.marginal(y, i)) for i, y in enumerate(labels)]

    def spans(self, parsed: Any) -> list[TaggedSpan]:
        found: list[TaggedSpan] = []
        text = parse_text(parsed)
        for tokens in segments(parsed):
            found.extend(decode(tokens, self.tag(tokens), text))
        return found

    def triples(self, parsed: Any) -> list[Triple]:
        """The (source, cue, content) attributions of a parse, in text order."""
        return pair(parsed, self.spans(parsed))


def encoder_dir(name: str) -> Path | None:
    """The encoder directory of a profile's attribution model `name` (a directory under
    `data/models/`), or None when that model is the CRF alone."""
    path = MODEL_DIR.parent / name
    return path if (path / ENCODER_FILE).is_file() else None


@cache
def load_tagger(model_dir: Path = MODEL_DIR, encoder: Path | None = None) -> AttributionTagger:
    """The shipped tagger (with `encoder`, the CRF and the encoder mixed), loaded once per
    process."""
    return AttributionTagger(model_dir, encoder=encoder)
