"""Claims: who says what in the report, by which cue, with which stance and framing.

The (source, cue, content) of attributions come from the trained attribution tagger
(`claimscope.models.attribution`, a CRF over the parse trained on PolNeAR): reported
speech in every tense, quotes, "according to", nominal cues, pronoun sources. Rules over
the dependency parse add the attributions it misses in these shapes:
  "According to SOURCE, CONTENT."   prepositional cue
  "SOURCE said/claimed/denied (that) CONTENT."   verb cue with a clausal complement
  "SOURCE accused X of CONTENT" / "described X as CONTENT"   verb cue with object
  "SOURCE claimed responsibility for CONTENT"   a deed claimed
  "SPEAKER: CONTENT"   a transcript turn or a headline
and, where neither found anything there, the wire's closing report the parse often breaks:
  "CONTENT, SANA reported on Sunday." / "CONTENT, the centre in Hmeimim said."
A second claimant's denial set in apposition ("..., a claim Ukraine's General Staff denied")
is a claim of its own, of the same words, which it disputes; a semicolon ends what a cue
reports where another report follows it ("..., officials said; the military said ...").
Sources follow PolNeAR's span conventions (no dateline or markup, appositives closed by
their comma, no time or occasion of the cue: "Beck on Wednesday called" gives "Beck"); a cue
the tagger left without a source takes the named subject of its clause, and a passive cue
the agent of its "by" phrase, never its subject ("Pence was asked about"). A pronoun source
stays as written unless its claim gives event figures or an event, where it is read as the
previous claimant of the paragraph; so does a description ("the group", "the ministry"),
read as the last organisation named before it that it fits. A claim whose source is the
outlet itself is the outlet's own (`endorsed`). Reports nested in a quotation are left to
the quoted claim. A source is cut to one sentence; a clause on the source's anonymity ("who
asked not to be named") and a place or period that "has seen" something are not
attributions.
Sentences that report events or figures with no attribution are the outlet's own claims
(`endorsed`). Framing is then read from the context: an explicit "these claims remain
unconfirmed" makes earlier claims `unconfirmed`; a discredited claimant ("so-called") or a
later denial of the same matter makes them `disputed`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any, cast

from claimscope.config import Settings
from claimscope.data.lexicon import (
    ANONYMITY_FORMULAS,
    COMMUNICATION_NOUNS,
    CUE_VERBS,
    DISCREDITING_MARKERS,
    EXPERIENCE_VERBS,
    GROUP_NOUNS,
    NOT_REJECTIONS,
    PLACE_OR_PERIOD_NOUNS,
    REJECTION_WORDS,
    SOURCE_KIND_ACRONYMS,
    SOURCE_KIND_KEYWORDS,
    UNCONFIRMED_MARKERS,
    keyword_pattern,
)
from claimscope.document import (
    Claim,
    ClaimStatus,
    Document,
    Polarity,
    Source,
    SourceKind,
    Span,
)
from claimscope.lang.headlines import Headlines, find_headlines, is_title_case, sentence_cased
from claimscope.lang.token_view import parse_text, token_view
from claimscope.models.attribution import (
    CUE_LIKE,
    TaggedSpan,
    Triple,
    encoder_dir,
    load_tagger,
    pair,
)
from claimscope.pipeline import register
from claimscope.stages.language import load_spacy, paragraph_index, paragraph_starts, parse
from claimscope.taxonomy import find_trigger

PRONOUNS = frozenset({"they", "he", "she", "it", "we", "i", "this", "that", "these"})
_RELATIVE_PRONOUNS = frozenset({"who", "which", "that"})
_CASUALTY_UNITS = frozenset({"killed", "injured", "killed_or_injured"})
# The complementiser opening a reported clause is not part of what is claimed.
_COMPLEMENTISER = re.compile(r"that\s+", re.IGNORECASE)
# Cues that cannot introduce speech: function words alone, or who backs whom.
_FUNCTION_WORDS = re.compile(
    r"(?:\W|of|by|to|in|for|on|at|with|from|as|and|or|the|a|an|up|backed|supported|"
    r"accompanied|led|aided|assisted)+"
)

# "RENO, Nev. (AP) — Donald Trump said": the dateline is the outlet's, not the source's.
# Any wire's dateline, with or without a date: 'DAKAR, March 10 (West Africa Wire) -'.
_DATELINE = re.compile(
    r"[A-Z][\w .,'’-]*\((?:AP|Reuters|AFP|CNN|UPI|[A-Z][\w .&'’-]{1,40}?"
    r"(?:Wire|News|Press|Agency|Service)(?: Service)?)\)\s*[—–-]+\s*"
)
# Markup left in the text ('<tweet tweet-author="@x">Sanders aide Jeff Weaver told'),
# up to the last tag before the speaker and the punctuation that opens a tweet.
_MARKUP = re.compile(r'.*[\w-]+="[^"]*"\s*/?>[\s.]*', re.DOTALL)
# A source that runs into the relative word or preposition of what follows it.
# Relative words are lower-case, or capitalised at most: "WHO" is the World Health Organization.
_DANGLING_END = re.compile(r"\s+(?:[Ww]ho|[Tt]hat|[Ww]hich|[Oo]n|[Tt]hen|[Ww]hen)$")
# "..., who many in the party said": the relative word opens the clause, not the source.
_RELATIVE_START = re.compile(r"(?:[Ww]ho|[Ww]hom|[Tt]hat|[Ww]hich)\s+(?=\S)")
# "Woodrow Benford, 58, who lives outside Minneapolis": the person, not the description.
_TRAILING_CLAUSE = re.compile(r"(.+?),\s+(?:\d+,\s+)?who\b.*|(.+?),\s+\d+$", re.DOTALL)
# A line opening with a short capitalised name and a colon: a speaker's turn or a headline.
_SPEAKER_LINE = re.compile(r"(?m)^([A-Z][\w.'’ -]{1,40}?)(:)[ \t]+(\S)")
_SPEAKER_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE", "ARMED_GROUP"})
# A headline's speaker before its colon is a short name ("Hacker Guccifer", "NY Daily News").
_HEADLINE_NAME_WORDS = 4
# Verbs that are cue-like in the lexicon only as parts of longer cues ("had opposing views").
_LIGHT_VERBS = frozenset({"be", "have", "do", "get"})
# Line labels of news copy that look like a speaker's name.
_NOT_SPEAKERS = frozenset({
    "update", "updated", "editor's note", "editor’s note", "byline", "exclusive", "breaking",
    "watch", "look", "boom", "revealed", "contributing", "correction", "note", "photo",
    "video", "source", "sources", "related", "read more", "transcript",
    # Headline labels and interjections ("The Latest: ...", "Wow: ...").
    "the latest", "latest", "wow", "busted", "bombshell", "just in", "just leaked",
    "breaking news", "analysis", "opinion", "live", "fact check", "explainer", "factbox",
    "timeline", "paid notice", "watch live", "live updates", "what we know",
    # Page furniture a scraped page can leave on a line of its own ("Image: AFP").
    "image", "images", "picture", "pictures", "credit", "credits", "caption", "tags", "topics",
    "share", "date", "location", "category", "filed under", "see also", "also read", "posted",
    "published", "listen", "audio",
})
# Amounts that are not figures of an event (poll shares, money, durations, bare numbers).
_NOT_FIGURES = frozenset({None, "percent", "currency", "duration"})
# A quotation within one line. An attribution whose source is inside one is the quoted
# speaker's report ("... and they told me it was over"), part of the outer claim's content.
_QUOTATION = re.compile(r"“[^”\n]*”|\"[^\"\n]*\"|‘‘[^’\n]*’’|``[^'\n]*''")
# Words before a cue verb that belong to its verb group.
_CUE_GROUP = frozenset({"aux", "auxpass", "neg", "advmod"})
# Punctuation that closes an appositive inside a source ("X, a spokesman,", "X — a voter —").
_CLOSERS = ",—–"
# "who asked not to be named": an anonymity formula opening an attribution's content.
_ANONYMITY = re.compile(
    r"(?:" + "|".join(re.escape(f) for f in ANONYMITY_FORMULAS) + r")\b", re.IGNORECASE
)
_NOT_REJECTION = re.compile("|".join(re.escape(p) for p in NOT_REJECTIONS), re.IGNORECASE)
# Any rejection word as a whole word ("lies", but not in "allies").
_REJECTION = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in REJECTION_WORDS) + r")\b")
# Entity labels of someone who can give an account, and of a place or a period.
_SPEAKING_LABELS = frozenset({"PERSON", "ORG", "NORP", "ARMED_GROUP"})
_PLACE_OR_PERIOD_LABELS = frozenset({"GPE", "LOC", "FAC", "DATE", "TIME", "EVENT"})
_ARTICLES = frozenset({"the", "a", "an", "this", "that", "these", "those"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})
# How a source word hangs off its cue: subject, possessor, object of "according to".
_SOURCE_RELATIONS = frozenset({"nsubj", "nsubjpass", "poss", "pobj"})
# "Trump in his speech", "Smith in an interview": the occasion, not part of the source.
_MEDIUM_TAIL = re.compile(
    r"\s+(?:in|on|during)\s+(?:a|an|the|his|her|their|its)\s+(?:[\w-]+\s+)?"
    r"(?:speech|interview|statement|op-ed|column|tweet|post|remarks|letter|appearance)$",
    re.IGNORECASE,
)
_LINE = re.compile(r"[^\n]+")
_TIME_PREPOSITIONS = frozenset({"on", "in", "at", "during", "late", "early", "last", "this"})
# A speaker's circumstance after the name: "Clinton, speaking in Ohio,", "Ted Cruz, when asked".
_CIRCUMSTANCE_PARTICIPLES = frozenset({"speaking", "writing", "appearing", "talking", "testifying"})
_CIRCUMSTANCE_MARKS = frozenset({"when", "while", "after"})
# Finite verb tags: a source noun phrase holds one only in a clause of its own.
_FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP"})
# "..., a claim Ukraine's General Staff denied", "..., a figure that Israel disputed".
_APPOSED_DENIAL = re.compile(
    r",\s+(?:a|an|the)\s+(?:claim|account|figure|toll|version|allegation|assertion)\s+"
    r"(?:that\s+|which\s+)?(?P<source>(?:[Tt]he\s+)?[A-Z][^,;:\n]{0,60}?|the\s+\w+)\s+"
    r"(?:(?:has|had|have)\s+)?(?:(?:also|quickly|strongly|flatly|later)\s+)?"
    r"(?P<cue>denied|rejected|disputed|dismissed|refuted|contested)\s*[.!]?[\s\"”’']*$"
)
# A claimant referred to by what it is: an armed group once named ("the group", "the
# militia"), or "the organisation", "the monitor", "the ministry".
_DESCRIPTION = re.compile(
    r"(?:[Tt]he|[Tt]his)\s+("
    + "|".join(sorted(GROUP_NOUNS | {"organisation", "organization", "monitor", "ministry"}))
    + ")"
)
# What an armed group claims for a deed ("claimed responsibility for", "claimed credit for").
_RESPONSIBILITY = frozenset({"responsibility", "credit"})
# What reports findings "in" it: "In a new Fox News poll, Trump leads ...".
_SURVEY_NOUNS = frozenset({"poll", "survey", "study"})

@dataclass(slots=True)
class _Attribution:
    source: tuple[int, int] | None
    cue: tuple[int, int]
    content: tuple[int, int]
    framing: str  # neutral, distancing, denial, accusation
    sentence: int
    cue_text: str = ""


@register("claims")
class ClaimsStage:
    name = "claims"
    requires: tuple[str, ...] = ("parse", "sentences", "entities", "quantities")
    assigns: tuple[str, ...] = ("claims",)

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        # The accurate profile mixes the fine-tuned MiniLM tagger into the CRF's labels.
        self.tagger = load_tagger(encoder=encoder_dir(settings.model_name("attribution")))
        self.nlp = load_spacy(settings.spacy_model)

    def __call__(self, doc: Document) -> Document:
        parsed, offset = parse(doc)
        # Read once: spaCy rebuilds `Doc.text` from its tokens on every read.
        text = parse_text(parsed)
        sentences = list(parsed.sents)
        starts = [s.start_char for s in sentences]
        body = doc.body_span()
        headlines = find_headlines(doc.text, body.start, body.end)
        ruled = list(_speaker_lines(doc, offset, starts, self.nlp, headlines))
        for index, sent in enumerate(sentences):
            ruled.extend(
                a for a in _attributions_in(sent, text, offset, index)
                if not any(_overlaps(a.content, r.content) for r in ruled)
            )
        tagged = self.tagger.spans(parsed)
        triples = pair(parsed, tagged)
        learned = [_from_triple(doc.text, t, offset, starts) for t in triples]
        learned.extend(_contentless(doc.text, parsed, tagged, triples, offset, starts))
        bounds = [(offset + s.start_char, offset + s.end_char) for s in sentences]
        merged = _merge(doc.text, learned, ruled)
        merged.extend(_unclaimed(merged, _in_surveys(sentences, text, offset)))
        closing = list(_said_after(sentences, text, offset))
        merged = [_content_before(parsed, offset, a, closing) for a in merged]
        merged.extend(_unclaimed(merged, closing))
        # Last, and only where nothing else was found: the headline's parse is the weakest.
        merged.extend(
            _unclaimed(
                merged, _headline_reports(doc, self.nlp, self.tagger.lexicon, starts, headlines)
            )
        )
        attributions = [
            _content_without_source(
                doc.text, _source_in_sentence(doc.text, _subject_source(parsed, offset, a), bounds)
            )
            for a in merged
            if not doc.in_boilerplate(a.content[0], a.content[1])
            and not _describes_anonymity(doc.text, a)
            and not _experienced_by_place(doc, parsed, offset, a)
        ]
        quoted = [m.span() for m in _QUOTATION.finditer(doc.text)]
        attributions = [
            _with_source_span(
                doc.text,
                _without_circumstance(parsed, offset, _source_phrase(parsed, text, offset, a)),
            )
            for a in attributions
            if a.content[0] < a.content[1] and not _inside(a.source, quoted)
        ]
        attributions.extend(_apposed_denials(doc.text, attributions, bounds))
        attributions.sort(key=lambda a: (a.sentence, a.cue[0], a.content[0]))
        claims: list[Claim] = []
        # Every sentence an attribution's content touches is the claimant's, not the outlet's.
        claimed_sentences = {
            i
            for a in attributions
            for i in range(
                _sentence_at(starts, a.content[0] - offset),
                _sentence_at(starts, a.content[1] - 1 - offset) + 1,
            )
        } | {a.sentence for a in attributions}
        outlet = _outlet_source(doc)
        by_sentence: dict[int, list[Claim]] = {}
        previous_source: Source | None = None
        claimants: list[Source] = []
        paragraph_of = _paragraph_index(doc, sentences, offset)
        previous_paragraph = -1
        for index, sent in enumerate(sentences):
            start, end = _trim(doc.text, offset + sent.start_char, offset + sent.end_char)
            if start >= end or doc.in_boilerplate(start, end):
                continue
            for attribution in (a for a in attributions if a.sentence == index):
                # A pronoun is read as the previous claimant only within one paragraph: across
                # a paragraph break the previous claimant is too often someone else.
                same_paragraph = paragraph_of[index] == previous_paragraph
                claimant = _source(
                    doc, parsed, offset, attribution, previous_source if same_paragraph else None
                )
                claimant = _named_by_description(doc, claimant, claimants)
                if claimant is not None:
                    previous_source, previous_paragraph = claimant, paragraph_of[index]
                    claimants.append(claimant)
                claim = _claim(doc, f"claim{len(claims) + 1}", claimant, attribution)
                claim.source = _shown_source(doc, attribution, claimant)
                claims.append(claim)
                by_sentence.setdefault(index, []).append(claim)
            if index not in claimed_sentences and _reports_event(doc, start, end):
                content = doc.span(start, end)
                claim = Claim(
                    id=f"claim{len(claims) + 1}",
                    source=outlet,
                    cue=None,
                    content=content,
                    polarity=_polarity(content.text, "neutral"),
                    status="endorsed",
                    quantities=_quantities_in(doc, start, end),
                )
                claims.append(claim)
                by_sentence.setdefault(index, []).append(claim)
        _frame(doc, sentences, offset, by_sentence, claims)
        doc.claims = claims
        return doc


def _speaker_lines(
    doc: Document, offset: int, starts: Sequence[int], nlp: Any, headlines: Headlines
) -> Iterator[_Attribution]:
    """'PENCE: We will ...' in transcripts, 'Graham: Trump Is Wrong' in headlines.

    A line opening with a named speaker and a colon attributes the rest of the line to
    them. The speaker must be a person or organisation the parse recognises, an upper-case
    name that opens two lines or more (the turns of a transcript), or, on a headline line,
    a short capitalised name with no verb (`_headline_speaker`: the parse often misses a
    name in a headline); labels such as "UPDATE:" or "Editor's note:" are neither.
    """
    text = doc.text
    headline_starts = {s for s, _ in headlines.lines}
    found = list(_SPEAKER_LINE.finditer(text))
    turns: dict[str, int] = {}
    for m in found:
        turns[m.group(1)] = turns.get(m.group(1), 0) + 1
    for m in found:
        name = m.group(1)
        start, end = m.span(1)
        if name.lower() in _NOT_SPEAKERS or doc.in_boilerplate(start, end):
            continue
        named = any(
            start <= e.start < end <= e.end + 1 and e.label in _SPEAKER_LABELS
            for e in doc.entities
        )
        transcript = name.isupper() and turns[name] >= 2
        headline = m.start() in headline_starts and _headline_speaker(
            name, nlp, headlines.counts
        )
        if not (named or transcript or headline):
            continue
        line_end = text.find("\n", m.end())
        content = _trim(text, m.start(3), len(text) if line_end < 0 else line_end)
        if content[1] - content[0] < 8:
            continue
        yield _Attribution(
            source=(start, end),
            cue=(m.start(2), m.end(2)),
            content=content,
            framing="neutral",
            sentence=_sentence_at(starts, start - offset),
            cue_text=":",
        )


def _headline_speaker(
    name: str, nlp: Any, counts: tuple[Counter[str], Counter[str]]
) -> bool:
    """'Lynch', 'NY Daily News', 'Hacker Guccifer' before a headline's colon: one to four
    capitalised words, not a shouted label ("BOOM", "FIX IS IN"; an acronym of three
    letters or fewer is a name), and no verb in a sentence-cased reading ("Trump Addresses
    Munich Attack: ..." is a clause, "Clinton Wades In: ..." too)."""
    words = name.split()
    if not 1 <= len(words) <= _HEADLINE_NAME_WORDS or not all(w[0].isupper() for w in words):
        return False
    if name.isupper() and len(name) > 3:
        return False
    cased = sentence_cased(name, counts)
    # The tag as well as the part of speech: "Rebels reject offer" tags "reject" VBP as an aux.
    return not any(t.pos_ in ("VERB", "AUX") or t.tag_.startswith(("VB", "MD")) for t in nlp(cased))


def _headline_reports(
    doc: Document,
    nlp: Any,
    lexicon: dict[str, float],
    starts: Sequence[int],
    headlines: Headlines,
) -> Iterator[_Attribution]:
    """'Maher Tells Guest ...', 'Rubio Just Responded To ...': the subject of a Title Case
    headline whose main verb is a cue verb.

    The parse of a Title Case line has no verb (every word reads as a proper noun), so the
    tagger and the verb rules miss these reports; a sentence-cased copy of the line parses
    as a clause. The subject must open the line (or follow a label such as "Breaking:"),
    must not be a pronoun, and the verb must be finite and a cue verb: in the lexicon of
    cue verbs, or a lemma that is inside a cue in at least `CUE_LIKE` of its training uses.
    """
    text = doc.text
    offset = doc.scratch.get("spacy_offset", doc.body_span().start)
    for start, end in headlines.lines:
        line = text[start:end]
        if not is_title_case(line) or doc.in_boilerplate(start, end):
            continue
        copy = sentence_cased(line, headlines.counts)
        found = _headline_report(nlp(copy), copy, lexicon)
        if found is None:
            continue
        source, cue, content = ((start + a, start + b) for a, b in found)
        yield _Attribution(
            source=source,
            cue=cue,
            content=content,
            framing="neutral",
            sentence=_sentence_at(starts, start - offset),
            cue_text=text[cue[0]:cue[1]],
        )


def _headline_report(
    parsed: Any, line: str, lexicon: dict[str, float]
) -> tuple[tuple[int, int], tuple[int, int], tuple[int, int]] | None:
    """(source, cue, content) offsets into a sentence-cased headline, or None."""
    words = [t for t in parsed if not (t.is_punct or t.is_space)]
    if not words:
        return None
    # "Breaking: Trump Campaign Just Made ...": the clause opens after the label.
    opening = {words[0].i} | {t.i + 1 for t in parsed if t.text in (":", "–", "—")}
    for verb in (t for t in parsed if t.dep_ == "ROOT"):
        lemma = verb.lemma_.lower()
        finite = verb.pos_ == "VERB" and verb.tag_ in ("VBZ", "VBD", "VBP")
        cue_verb = lemma in CUE_VERBS or lexicon.get(lemma, 0.0) >= CUE_LIKE
        if not finite or not cue_verb or lemma in _LIGHT_VERBS:
            continue
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is None or subject.pos_ == "PRON" or subject.left_edge.i not in opening:
            continue
        first = verb
        while first.i > 0 and first.nbor(-1).head.i == verb.i and first.nbor(-1).dep_ in _CUE_GROUP:
            first = first.nbor(-1)
        rest = [t for t in parsed if t.i > verb.i and not t.is_space]
        while rest and rest[-1].is_punct:
            rest.pop()
        if first.i <= subject.right_edge.i or not rest:
            continue
        source = (subject.left_edge.idx, subject.right_edge.idx + len(subject.right_edge))
        cue = (first.idx, verb.idx + len(verb))
        content = _trim(line, rest[0].idx, rest[-1].idx + len(rest[-1]))
        if content[1] - content[0] >= 6:
            return source, cue, content
    return None


def _sentence_at(starts: Sequence[int], char: int) -> int:
    """Index of the sentence holding the character at `char` (offset into the parse)."""
    return max(bisect_right(starts, char) - 1, 0)


def _from_triple(text: str, triple: Triple, offset: int, starts: Sequence[int]) -> _Attribution:
    """A tagger triple as an attribution, offsets moved from the parse into the document."""
    start, end = triple.content
    opener = _COMPLEMENTISER.match(text, start + offset, end + offset)
    if opener is not None and opener.end() < end + offset:
        start = opener.end() - offset
    source = triple.source
    return _Attribution(
        source=(source[0] + offset, source[1] + offset) if source is not None else None,
        cue=(triple.cue[0] + offset, triple.cue[1] + offset),
        content=(start + offset, end + offset),
        framing=CUE_VERBS.get(triple.cue_lemma, "neutral"),
        sentence=_sentence_at(starts, triple.sentence_start),
        cue_text=text[triple.cue[0] + offset:triple.cue[1] + offset],
    )


def _contentless(
    text: str,
    parsed: Any,
    tagged: Sequence[TaggedSpan],
    triples: Sequence[Triple],
    offset: int,
    starts: Sequence[int],
) -> Iterator[_Attribution]:
    """Tagged sources the pairing left out, each with the nearest cue of its sentence.

    The pairing keeps one source per cue and drops cues the tagger found no content for
    ("X told reporters", "X tweeted"), and their sources with them. A left-out source takes
    the nearest cue of its sentence: that cue's content when it has one, else content read
    from the parse (the rest of the sentence after the cue, or before the source when
    nothing follows).
    """
    used = {t.source for t in triples if t.source is not None}
    cues = [s for s in tagged if s.role == "CUE"]
    for source in (s for s in tagged if s.role == "SRC" and (s.start, s.end) not in used):
        sent = parsed[source.first].sent
        own = [c for c in cues if parsed[c.first].sent == sent]
        if not own:
            continue
        cue = min(own, key=lambda c: abs(c.first - source.first))
        paired = [t for t in triples if _overlaps((cue.start, cue.end), t.cue)]
        if paired:
            found = _from_triple(
                text, replace(paired[0], source=(source.start, source.end)), offset, starts
            )
        else:
            # Another speaker after the cue starts a claim of its own ("X urged ..., but Y
            # say ..."): this content stops before it.
            stop = min(
                (
                    s.first
                    for s in tagged
                    if s.role == "SRC"
                    and s.first > max(cue.last, source.last)
                    and parsed[s.first].sent == sent
                    and _COORDINATION_BEFORE.search(text[cue.end + offset : s.start + offset])
                ),
                default=sent.end,
            )
            content = _content_from_parse(text, sent[: stop - sent.start], cue, source, offset)
            if content is None:
                continue
            found = _Attribution(
                source=(source.start + offset, source.end + offset),
                cue=(cue.start + offset, cue.end + offset),
                content=content,
                framing=CUE_VERBS.get(parsed[cue.first].lemma_.lower(), "neutral"),
                sentence=_sentence_at(starts, sent.start_char),
                cue_text=text[cue.start + offset:cue.end + offset],
            )
        if found.source is not None and not _overlaps(found.source, found.content):
            used.add((source.start, source.end))
            yield found


def _content_from_parse(
    text: str, sent: Any, cue: TaggedSpan, source: TaggedSpan, offset: int
) -> tuple[int, int] | None:
    words = [t for t in sent if not (t.is_punct or t.is_space)]
    after = [t for t in words if t.i > cue.last and t.i > source.last]
    while after and after[-1].dep_ == "cc":
        after.pop()
    before = [t for t in words if t.i < min(cue.first, source.first)]
    # "CONTENT, the army said on Monday": the cue hangs off the content before it.
    hangs = any(t.dep_ in ("parataxis", "ccomp") for t in sent.doc[cue.first:cue.last + 1])
    if len(before) >= 3 and (hangs or len(after) < 4):
        part = before
    elif len(after) >= 3:
        part = after[1:] if after[0].lower_ == "that" else after
    else:
        return None
    return _trim(text, part[0].idx + offset, part[-1].idx + len(part[-1]) + offset)


def _merge(
    text: str, learned: list[_Attribution], ruled: list[_Attribution]
) -> list[_Attribution]:
    """The rules' attributions, plus the tagger's where the rules found nothing there.

    The rules are precise where they fire (a parse-backed cue verb or "according to"); the
    tagger brings recall (nominal cues, reported speech the rules miss). A tagged cue made
    of function words only ("of", "backed up by") is a tagging slip and is dropped, unless it
    is the colon of a line that opens with the tagged speaker ("Matthews: Well, ..."); a rule
    cue without a source takes the source the tagger gives the same cue.
    """
    merged = list(ruled)
    for a in learned:
        if not (_plausible_cue(a) or _speaker_colon(text, a)):
            continue
        if _past_a_semicolon(text, a) and any(
            r.source is not None and a.content[0] <= r.source[0] < a.content[1] for r in ruled
        ):
            # '..., officials said; the military said ...': the other report is the military's.
            continue
        same_cue = [r for r in ruled if _overlaps(a.cue, r.cue)]
        for r in same_cue:
            if r.source is None:
                r.source = a.source
        if same_cue:
            continue
        clash = [r for r in ruled if _overlaps(a.content, r.content)]
        if clash and not _separate(a, clash):
            cuts = [_coordinated(text, r, a) for r in clash]
            if None in cuts:
                continue
            # "X said ..., while Y told ...": the rule's content ran on into another claim.
            for r, cut in zip(clash, cuts, strict=True):
                assert cut is not None
                r.content = _trim(text, r.content[0], cut)
        merged.append(a)
    return merged


# A clause boundary that opens another speaker's claim: ", while", ", but", ", whereas", ";".
_COORDINATION_BEFORE = re.compile(r"(?:,\s*(?:but|while|whereas)|;)\s*$")


def _past_a_semicolon(text: str, a: _Attribution) -> bool:
    """Whether a semicolon stands right between the cue and the content after it."""
    between = text[a.cue[1] : a.content[0]]
    return a.cue[1] <= a.content[0] and between.strip(" ;\"“”'’") == "" and ";" in between


def _coordinated(text: str, ruled: _Attribution, tagged: _Attribution) -> int | None:
    """Where `ruled`'s content should end when `tagged` is a claim coordinated with it inside
    that content ("..., but many older people say ..."), or None when it is not."""
    if tagged.source is None or not ruled.content[0] < tagged.source[0] < tagged.cue[0]:
        return None
    if tagged.content[1] > ruled.content[1] + 1:
        return None
    before = text[ruled.content[0] : tagged.source[0]]
    boundary = _COORDINATION_BEFORE.search(before)
    return None if boundary is None else ruled.content[0] + boundary.start()


def _separate(a: _Attribution, ruled: list[_Attribution]) -> bool:
    """A tagged attribution whose content runs into a rule's is kept when it is another one:
    its own cue and source, neither inside the rule's attribution."""
    if a.source is None:
        return False
    for r in ruled:
        spans = [r.cue, r.content] + ([r.source] if r.source is not None else [])
        if any(_overlaps(a.cue, s) or _overlaps(a.source, s) for s in spans):
            return False
    return True


def _speaker_colon(text: str, a: _Attribution) -> bool:
    """'Rubio: I Still Believe ...': a tagged source opening its line, right before the colon."""
    if a.source is None or a.cue_text != ":":
        return False
    start, end = a.source
    line_start = start == 0 or text[start - 1] == "\n"
    return line_start and end - start <= 40 and not text[end:a.cue[0]].strip()


def _plausible_cue(a: _Attribution) -> bool:
    return bool(a.cue_text) and _FUNCTION_WORDS.fullmatch(a.cue_text.lower()) is None


def _content_without_source(text: str, a: _Attribution) -> _Attribution:
    """'According to open data, the military has ...': the content starts after the source."""
    if a.source is not None and a.source[0] == a.content[0] and a.source[1] < a.content[1]:
        a.content = _trim(text, _skip(text, a.source[1], ", "), a.content[1])
    return a


def _subject_source(parsed: Any, offset: int, a: _Attribution) -> _Attribution:
    """A cue verb the tagger gave no source takes its subject as the source.

    "Beck, who backed Cruz, last week said ...", "The judge sided with the Democrats,
    saying ...": the speaker is the subject of the cue, or of the clause a participle cue
    hangs from. Only a subject that can speak counts (a named one, or a speaker noun; not a
    pronoun), and never one inside the content. A tagged source that is only an
    interjection ("Wow: Al Sharpton Just Said ...") is no source and gives way to the subject.

    A passive cue's subject is who was spoken to or of, not the speaker ("Pence was asked
    about", "Cruz was favored to win"): its source is the agent ("was rejected by the
    voters"), or none. On PolNeAR train (docs 100-739) the subject of a passive cue verb is
    the gold source 55 times in 487, its agent 43 times in 82, so a source that is the
    cue's passive subject is dropped too, wherever it came from.
    """
    cue = parsed.char_span(a.cue[0] - offset, a.cue[1] - offset, alignment_mode="expand")
    if a.source is not None and cue is not None and _is_passive_subject(parsed, offset, a, cue):
        a.source = None
    if a.source is not None:
        if not _interjection(parsed, offset, a.source):
            return a
        a.source = None
    if cue is None or cue.root.pos_ not in ("VERB", "AUX") or _accused_in_headline(cue.root):
        return a
    verb = cue.root
    subject = _subject(verb)
    if subject is not None and subject.dep_ == "nsubjpass":
        subject = _agent(verb)
    elif subject is None and verb.dep_ == "advcl" and verb.head.i != verb.i:
        # "X was asked about Y, saying ...": the head's subject, passive or not, is the speaker.
        subject = _subject(verb.head)
    if subject is None:
        trailing = _trailing_speaker(verb)
        if trailing is None:
            return a
        first, last = trailing[0], trailing[-1]
    # A pronoun subject here is as often "it" or "which" as a speaker.
    elif subject.pos_ == "PRON" or not _can_speak(subject):
        return a
    else:
        first, last = subject.left_edge, subject.right_edge
    found = (first.idx + offset, last.idx + len(last) + offset)
    if not _overlaps(found, a.content) and not _overlaps(found, a.cue):
        a.source = found
    return a


def _content_before(
    parsed: Any, offset: int, a: _Attribution, closing: Sequence[_Attribution]
) -> _Attribution:
    """'..., killing four soldiers, the army said in a statement on Thursday.': a content
    that is only the circumstances of the saying after its cue ('in a statement on
    Thursday') is the clause before the speaker that a closing report gives the same cue."""
    if a.content[0] < a.cue[1]:
        return a
    span = parsed.char_span(a.content[0] - offset, a.content[1] - offset,
                            alignment_mode="expand")
    cue = parsed.char_span(a.cue[0] - offset, a.cue[1] - offset, alignment_mode="expand")
    if span is None or cue is None or span.root.head.i != cue.root.i \
            or span.root.dep_ not in ("prep", "npadvmod", "advmod"):
        return a
    same = next((c for c in closing if _overlaps(c.cue, a.cue)), None)
    return replace(a, content=same.content) if same is not None else a


def _said_after(sentences: Sequence[Any], text: str, offset: int) -> Iterator[_Attribution]:
    """'CONTENT, SANA reported on Sunday.' / 'CONTENT, the Russian Reconciliation Center in
    Hmeimim said.': a cue closing its sentence, its speaker between the last comma and the
    cue, its content the whole clause before that comma. Read where neither the rules nor
    the tagger found a report: the parse hangs such content off the cue before it, or
    leaves the cue without a subject, and the tagger then misses the wire's commonest form.
    """
    for index, sent in enumerate(sentences):
        view = token_view(sent.doc)
        for k in range(sent.start, sent.end):
            if view.pos[k] in ("VERB", "AUX") and view.lemma_lower[k] in CUE_VERBS:
                found = _said_after_cue(text, sent.doc[k], offset, index)
                if found is not None:
                    yield found


def _said_after_cue(text: str, verb: Any, offset: int, index: int) -> _Attribution | None:
    speaker = _trailing_speaker(verb)
    if speaker is None:
        return None
    first = verb.doc[speaker[-1].i + 1]
    # A finite report: not a participle ("with 100 percent of precincts reporting", "in an
    # interview with the Post published").
    if verb.tag_ not in _FINITE_TAGS and first.i == verb.i:
        return None
    sent = verb.sent
    clause = [t for t in sent if t.i < speaker[0].i - 1]
    if not clause and sent.start > 0 and sent[0].text == ",":
        # The parser cut the report off its content at the comma ('BAMAKO, March 3 (Sahel
        # Wire) - Gunmen killed ... on Saturday | , local officials said on Monday.').
        clause = list(verb.doc[sent.start - 1].sent)
    # The content is a clause of its own: a verb and at least three words.
    if len(clause) < 3 or not any(t.pos_ in ("VERB", "AUX") for t in clause):
        return None
    content = _trim(text, clause[0].idx, clause[-1].idx + len(clause[-1]))
    # The sentence before may open with the wire's dateline, which is the outlet's.
    dateline = _DATELINE.match(text, content[0], content[1])
    if dateline is not None:
        content = (dateline.end(), content[1])
    opener = _COMPLEMENTISER.match(text, content[0], content[1])
    return _Attribution(
        source=(speaker[0].idx + offset, speaker[-1].idx + len(speaker[-1]) + offset),
        cue=(first.idx + offset, verb.idx + len(verb) + offset),
        content=((opener.end() if opener else content[0]) + offset, content[1] + offset),
        framing=CUE_VERBS[verb.lemma_.lower()],
        sentence=index,
        cue_text=text[first.idx : verb.idx + len(verb)],
    )


def _trailing_speaker(verb: Any) -> list[Any] | None:
    """The speaker of a sentence-final cue ("... setting fire to homes and the local market,
    residents and a human rights group said."; "..., SANA reported on Sunday."): the words
    between the last comma and the cue, when they name someone who can speak. Only a time
    or occasion may follow the cue ("on Sunday", "in a statement"), no clause."""
    after = [t for t in verb.sent if t.i > verb.i and not (t.is_punct or t.is_space)]
    if any(t.pos_ in ("VERB", "AUX") or t.head.i < verb.i for t in after):
        return None
    if after and not all(_under(t, verb, ("prep", "npadvmod")) for t in after):
        return None
    first = verb
    while first.i > verb.sent.start and first.nbor(-1).head.i == verb.i and (
        first.nbor(-1).dep_ in _CUE_GROUP
    ):
        first = first.nbor(-1)
    # A passive cue's words before it are whom it is about ("Most Americans are set").
    if any(t.dep_ == "auxpass" for t in verb.doc[first.i : verb.i]):
        return None
    words: list[Any] = []
    for token in reversed([t for t in verb.sent if t.i < first.i]):
        # A hyphen joins a name ("pro-government sources"); other punctuation ends it.
        if token.is_punct and token.text != "-":
            break
        words.insert(0, token)
    nouns = [t for t in words if t.pos_ in ("NOUN", "PROPN")]
    if not words or not nouns or any(t.pos_ in ("VERB", "AUX") for t in words):
        return None
    # A speaker is named, not set in a phrase ('in an interview with the Post published').
    if words[0].pos_ == "ADP":
        return None
    return words if any(_can_speak(t) for t in nouns) else None


def _under(token: Any, verb: Any, relations: tuple[str, ...]) -> bool:
    """Whether `token` lies in a phrase hanging off `verb` by one of `relations`."""
    while token.head.i != verb.i:
        if token.head.i == token.i:
            return False
        token = token.head
    return token.dep_ in relations


def _accused_in_headline(verb: Any) -> bool:
    """'Sudan's RSF accused of killing dozens': a headline's passive without its 'was', read
    by the parser as the subject accusing. An accusing verb takes whom it accuses as its
    object ('accused the RSF of'); with none, its subject is the accused."""
    if CUE_VERBS.get(verb.lemma_.lower()) != "accusation" or verb.tag_ not in ("VBN", "VBD"):
        return False
    children = list(verb.children)
    return not any(c.dep_ in ("dobj", "aux", "auxpass") for c in children) and any(
        c.dep_ == "prep" and c.lower_ in ("of", "for", "over") for c in children
    )


def _is_passive_subject(parsed: Any, offset: int, a: _Attribution, cue: Any) -> bool:
    """Whether the source lies in the passive subject of the cue verb and holds its head."""
    if a.source is None:
        return False
    if _accused_in_headline(cue.root):
        subject = _subject(cue.root)
        return subject is not None and _overlaps(
            a.source, (subject.idx + offset, subject.idx + len(subject) + offset))
    for child in cue.root.children:
        if child.dep_ == "nsubjpass":
            head = (child.idx + offset, child.idx + len(child) + offset)
            left, right = child.left_edge, child.right_edge
            whole = (left.idx + offset, right.idx + len(right) + offset)
            return _overlaps(a.source, head) and whole[0] <= a.source[0] <= a.source[1] <= whole[1]
    return False


def _agent(verb: Any) -> Any | None:
    """The object of a passive verb's "by" phrase ("was rejected by the voters")."""
    for child in verb.children:
        if child.dep_ == "agent":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def _relative_antecedent(
    parsed: Any, offset: int, source: tuple[int, int]
) -> tuple[int, int] | None:
    """The noun a relative pronoun source hangs from: in "Adam Suleiman, a farmer who said
    he lost two brothers" the claimant is Adam Suleiman, a farmer; in "rejected by
    residents who said ..." it is the residents. None when the source is no such pronoun."""
    span = parsed.char_span(source[0] - offset, source[1] - offset, alignment_mode="expand")
    if span is None or len(span) != 1 or span[0].lower_ not in _RELATIVE_PRONOUNS:
        return None
    clause = span[0].head
    if clause.dep_ != "relcl":
        return None
    noun = clause.head
    if noun.dep_ == "appos" and noun.head.pos_ == "PROPN":
        noun = noun.head  # "a 52-year-old farmer" is in apposition to a name
    tokens = []
    for token in noun.subtree:
        if clause.left_edge.i <= token.i <= clause.right_edge.i:
            break
        tokens.append(token)
    while tokens and (tokens[-1].is_punct or tokens[-1].lower_ in _RELATIVE_PRONOUNS):
        tokens.pop()
    if not tokens or not tokens[0].i <= noun.i <= tokens[-1].i:
        return None
    return tokens[0].idx + offset, tokens[-1].idx + len(tokens[-1]) + offset


def _interjection(parsed: Any, offset: int, source: tuple[int, int]) -> bool:
    span = parsed.char_span(source[0] - offset, source[1] - offset, alignment_mode="expand")
    return span is not None and all(t.pos_ in ("INTJ", "PUNCT") for t in span)


def _source_phrase(parsed: Any, text: str, offset: int, a: _Attribution) -> _Attribution:
    """The source cut to the phrase that hangs off its cue: no time, occasion or circumstance.

    A tagged source can run past its noun phrase into words that modify the cue ("The
    committee this week announced", "said Trump in his speech", "Beck on Wednesday
    called"); PolNeAR's source, and the claimant, is the phrase alone. The phrase is the
    subtree of the one source word whose head is in the cue, less a trailing date or "in
    his speech"; a cut never splits a word, and the date of a thing ("a WBUR poll last
    week") or of a verb in the source ("a poll released Monday") stays.
    """
    if a.source is None:
        return a
    span = parsed.char_span(
        a.source[0] - offset, a.source[1] - offset, alignment_mode="expand"
    )
    if span is None or len(span) < 2:
        return a
    cue = (a.cue[0] - offset, a.cue[1] - offset)
    first, last = span.start, span.end - 1
    roots = [
        t for t in span
        if not span.start <= t.head.i < span.end
        and cue[0] <= t.head.idx < cue[1]
        and t.dep_ in _SOURCE_RELATIONS
    ]
    if len(roots) == 1:
        first = max(roots[0].left_edge.i, first)
        cut = min(roots[0].right_edge.i, last)
        # "A WBUR poll last week found": the parse hangs the date on the cue, but the date of
        # a thing (not a speaker) is part of the source.
        dated = roots[0].pos_ == "NOUN" and all(
            parsed[k].ent_type_ in ("DATE", "TIME") or parsed[k].lower_ in _TIME_PREPOSITIONS
            for k in range(cut + 1, last + 1)
        )
        if not dated:
            last = cut
    # The parse often hangs the time or the occasion on the name instead of the cue.
    tail = next(
        (e for e in parsed.ents if e.label_ in ("DATE", "TIME") and e.end - 1 == last), None
    )
    if tail is not None and tail.start > first and not _dated_within(tail, span):
        last = tail.start - 1
    medium = _MEDIUM_TAIL.search(text, parsed[first].idx, parsed[last].idx + len(parsed[last]))
    if medium is not None:
        while last > first and parsed[last].idx > medium.start():
            last -= 1
    while last > first and parsed[last].lower_ in _TIME_PREPOSITIONS:
        last -= 1
    if (first, last) == (span.start, span.end - 1):
        return a
    # Never inside a word: "co-host" is one word to the reader, three tokens to the parse.
    if (first > span.start and not parsed[first - 1].whitespace_) or (
        last < span.end - 1 and not parsed[last].whitespace_
    ):
        return a
    start, end = _trim(text, parsed[first].idx, parsed[last].idx + len(parsed[last]))
    if start < end:
        a.source = (start + offset, end + offset)
    return a


def _without_circumstance(parsed: Any, offset: int, a: _Attribution) -> _Attribution:
    """The source without the circumstance that follows the name: "Clinton, speaking in
    Ohio,", "Powell's office, when contacted by Reuters,", "Another source speaking to Fox
    News". PolNeAR ends such a source at the name: on train docs 100-739 a gold source is
    followed by such a participle or "when asked" clause 20 times and holds one once."""
    if a.source is None:
        return a
    span = parsed.char_span(a.source[0] - offset, a.source[1] - offset, alignment_mode="expand")
    if span is None or len(span) < 2:
        return a
    for token in span[1:]:
        participle = (
            token.lower_ in _CIRCUMSTANCE_PARTICIPLES
            and token.tag_ == "VBG"
            and token.dep_ in ("acl", "advcl")
        )
        marked = (
            token.lower_ in _CIRCUMSTANCE_MARKS
            and token.i + 1 < span.end
            and token.nbor().tag_ == "VBN"
        )
        if participle or marked:
            kept = [t for t in span if t.i < token.i]
            while kept and (kept[-1].is_punct or kept[-1].is_space):
                kept.pop()
            if kept:
                end = kept[-1].idx + len(kept[-1])
                a.source = (a.source[0], end + offset)
            break
    return a


def _with_source_span(text: str, a: _Attribution) -> _Attribution:
    """The source as the noun phrase PolNeAR marks: no dateline, no dangling relative word.

    An appositive source ("Dean Johnson, a salesman from Sumter,") keeps the comma or dash
    that closes it; a plain one ("Mike Murphy") ends at its last word.
    """
    if a.source is None:
        return a
    start, end = a.source
    dateline = _DATELINE.match(text, start, end)
    if dateline is not None and dateline.end() < end:
        start = dateline.end()
    markup = _MARKUP.match(text, start, end)
    if markup is not None and markup.end() < end:
        start = markup.end()
    relative = _RELATIVE_START.match(text, start, end)
    if relative is not None and relative.end() < end:
        start = relative.end()
    dangling = _DANGLING_END.search(text, start, end)
    if dangling is not None and dangling.start() > start:
        end = dangling.start()
    while end > start and (text[end - 1].isspace() or text[end - 1] in _CLOSERS):
        end -= 1
    # "Rep. Chris Collins, R-N.Y., noted": the full stop before a comma is an abbreviation's.
    if text[end:end + 2] == ".,":
        end += 1
    short = _TRAILING_CLAUSE.match(text, start, end)
    if short is not None:
        end = short.end(short.lastindex or 1)
    if any(c in text[start:end] for c in _CLOSERS):
        after = _skip(text, end, " ")
        if after < len(text) and text[after] in _CLOSERS and after < a.cue[0] + 1:
            closes = after + 1
            if not _overlaps((start, closes), a.content):
                end = closes
    if start < end:
        a.source = (start, end)
    return a


def _dated_within(date: Any, span: Any) -> bool:
    """A date that belongs to the source: it modifies a verb of the source ("a poll released
    Monday") or follows a thing rather than a speaker ("a WBUR poll last week")."""
    anchor = date.root.head
    while anchor.dep_ == "prep" and anchor.head.i != anchor.i:
        anchor = anchor.head
    if span.start <= anchor.i < span.end and anchor.pos_ in ("VERB", "AUX"):
        return True
    before = date.start - 1
    while before > span.start and date.doc[before].lower_ in _TIME_PREPOSITIONS:
        before -= 1
    return bool(date.doc[before].pos_ == "NOUN")


def _source_in_sentence(
    text: str, a: _Attribution, bounds: Sequence[tuple[int, int]]
) -> _Attribution:
    """A source cut to one sentence: the cue's, or else the one nearest the cue.

    The tagger reads a paragraph at a time, so a tagged source can run over a sentence end
    ("... around Bakhmut. Military analysts expect"); the speaker is never in two sentences.
    A line break ends a sentence here too: the parser joins a headline without a full stop
    to the line after it ("Heavy losses reported around Bakhmut\nMilitary analysts said").
    """
    if a.source is None:
        return a
    start, end = a.source
    lines = [(m.start(), m.end()) for m in _LINE.finditer(text, start, end)]
    pieces = [
        (max(ls, s), min(le, e)) for s, e in bounds for ls, le in lines if s < le and ls < e
    ]
    if len(pieces) < 2:
        return a
    cue = a.cue[0]
    home = next((b for b in bounds if b[0] <= cue < b[1]), None)
    line = (text.rfind("\n", 0, cue) + 1, cue)
    own = [p for p in pieces if home is not None and _overlaps(p, home) and p[1] > line[0]]
    piece = own[0] if own else min(pieces, key=lambda p: min(abs(p[0] - cue), abs(p[1] - cue)))
    trimmed = _trim(text, *piece)
    if trimmed[0] < trimmed[1]:
        a.source = trimmed
    return a


def _describes_anonymity(text: str, a: _Attribution) -> bool:
    """'who asked not to be named', 'who spoke on condition of anonymity': the source's
    description, not something the source claims."""
    return _ANONYMITY.match(text, a.content[0], a.content[1]) is not None


def _experienced_by_place(doc: Document, parsed: Any, offset: int, a: _Attribution) -> bool:
    """'The central Sahel has seen a rise in violence', '2023 saw ...': a perception verb
    whose subject is not someone who could witness it gives no one's account."""
    cue = parsed.char_span(a.cue[0] - offset, a.cue[1] - offset, alignment_mode="expand")
    if cue is None or cue.root.lemma_.lower() not in EXPERIENCE_VERBS:
        return False
    if a.source is not None:
        start, end = a.source
    else:
        subject = _subject(cue.root)
        if subject is None:
            return False
        last = subject.right_edge
        start, end = subject.left_edge.idx + offset, last.idx + len(last) + offset
    return not _can_witness(doc, start, end)


def _can_witness(doc: Document, start: int, end: int) -> bool:
    """A subject that can see or witness: a personal pronoun, a speaker noun ("residents",
    "monitors"), or a named person or organisation. spaCy reads some regions as persons
    ("the central Sahel"), but a person's name takes no article."""
    text = doc.text[start:end]
    words = re.findall(r"[\w'’-]+", text.lower())
    if not words or words[-1] in PLACE_OR_PERIOD_NOUNS:
        return False
    labels = {e.label for e in doc.entities if e.start < end and start < e.end}
    if labels & _PLACE_OR_PERIOD_LABELS and not labels & _SPEAKING_LABELS:
        return False
    if words == [w for w in words if w in PRONOUNS] and words[0] not in ("it", "this", "that"):
        return True
    if keyword_kind(text) is not None:
        return True
    if labels & (_SPEAKING_LABELS - {"PERSON"}):
        return True
    return "PERSON" in labels and words[0] not in _ARTICLES


def _inside(span: tuple[int, int] | None, regions: Sequence[tuple[int, int]]) -> bool:
    """True when `span` lies within one of `regions`, off both its edges."""
    return span is not None and any(s < span[0] and span[1] < e for s, e in regions)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _attributions_in(sent: Any, text: str, offset: int, index: int) -> Iterator[_Attribution]:
    # The words are read from the parse's token view; a `Token` is built only for a cue.
    parsed = sent.doc
    view = token_view(parsed)
    lowers, deps, tags, lemmas = view.lower, view.dep, view.pos, view.lemma_lower
    for k in range(sent.start, sent.end):
        lower = lowers[k]
        if lower == "according" and k + 1 < len(lowers) and lowers[k + 1] == "to":
            yield from _according_to(sent, text, parsed[k], offset, index)
        elif lower == "as" and deps[k] in ("mark", "advmod", "prep"):
            yield from _as_reported(sent, text, parsed[k], offset, index)
        elif tags[k] == "NOUN" and lower in _REPORT_NOUNS:
            yield from _reports_that(text, parsed[k], offset, index)
        elif tags[k] in ("VERB", "AUX") and lemmas[k] in CUE_VERBS:
            found = _verb_cue(sent, text, parsed[k], offset, index)
            if found is not None:
                yield found


# Plural nouns that carry what unnamed others say: "There were reports that ...".
_REPORT_NOUNS = frozenset({"reports", "rumours", "rumors", "allegations", "claims"})


def _reports_that(text: str, noun: Any, offset: int, index: int) -> Iterator[_Attribution]:
    """'There were unconfirmed reports on social media that a convoy had been ambushed':
    the noun is the cue, the that-clause the content, and the medium ('social media') the
    source when the noun names one; with none, nobody is named. Said of the outlet, the
    sentence would read as its own report of the ambush."""
    clause = next(
        (c for c in noun.children
         if c.dep_ in ("acl", "ccomp") and any(m.dep_ == "mark" and m.lower_ == "that"
                                                for m in c.children)),
        None,
    )
    if clause is None:
        return
    words = [t for t in clause.subtree if not (t.dep_ == "mark" and t.head.i == clause.i)]
    while words and words[-1].is_punct:
        words.pop()
    content = _trim(text, words[0].idx, words[-1].idx + len(words[-1]))
    medium = next(
        (o for p in noun.children if p.dep_ == "prep" and p.lower_ in ("on", "in", "from")
         for o in p.children if o.dep_ == "pobj"),
        None,
    )
    source = None
    if medium is not None:
        tokens = list(medium.subtree)
        source = (tokens[0].idx + offset, tokens[-1].idx + len(tokens[-1]) + offset)
    yield _Attribution(
        source=source,
        cue=(noun.idx + offset, noun.idx + len(noun) + offset),
        content=(content[0] + offset, content[1] + offset),
        framing="neutral",
        sentence=index,
        cue_text=noun.text,
    )


def _apposed_denials(
    text: str, attributions: Sequence[_Attribution], bounds: Sequence[tuple[int, int]]
) -> list[_Attribution]:
    """'X claimed its forces had captured the village, a claim Ukraine's General Staff
    denied': the apposition is a second claimant's denial of the same words. The first
    claim's content ends before it; the denial's content is those words (`_frame` then
    reads the first claim as disputed)."""
    denials = []
    for a in attributions:
        if a.framing == "denial":
            continue
        sentence_end = next((end for start, end in bounds if start <= a.content[0] < end), None)
        if sentence_end is None:
            continue
        found = _APPOSED_DENIAL.search(text, a.content[0], sentence_end)
        if found is None:
            continue
        a.content = _trim(text, a.content[0], min(a.content[1], found.start()))
        denials.append(
            _Attribution(
                source=found.span("source"),
                cue=found.span("cue"),
                content=a.content,
                framing="denial",
                sentence=a.sentence,
                cue_text=found["cue"],
            )
        )
    return denials


def _unclaimed(
    found: Sequence[_Attribution], candidates: Iterable[_Attribution]
) -> list[_Attribution]:
    """The candidates none of whose spans overlaps a span of what was already found."""
    taken = [x for f in found for x in (f.source, f.cue, f.content) if x is not None]
    kept = []
    for a in candidates:
        spans = [x for x in (a.source, a.cue, a.content) if x is not None]
        if not any(_overlaps(x, t) for x in spans for t in taken):
            kept.append(a)
            taken.extend(spans)
    return kept


def _in_surveys(sentences: Sequence[Any], text: str, offset: int) -> Iterator[_Attribution]:
    """Findings of a poll, read where neither the rules nor the tagger found a report: a
    poll named in a sentence that holds another report is as often inside that report."""
    for index, sent in enumerate(sentences):
        view = token_view(sent.doc)
        for k in range(sent.start, sent.end):
            if view.lower[k] == "in" and view.dep[k] == "prep":
                yield from _in_survey(sent, text, sent.doc[k], offset, index)


def _in_survey(
    sent: Any, text: str, token: Any, offset: int, index: int
) -> Iterator[_Attribution]:
    """'In a new Fox News poll, CONTENT' / 'CONTENT in the CBS survey': the poll is the source.

    PolNeAR marks the poll as the source and "In" as the cue, as it does "according to".
    Only a poll, survey or study (a thing that reports findings) counts.
    """
    objects = [c for c in token.children if c.dep_ == "pobj"]
    # "trailing in the polls" is the race, not a finding of one poll.
    if not objects or objects[0].lemma_.lower() not in _SURVEY_NOUNS or objects[0].tag_ != "NN":
        return
    tokens = list(objects[0].subtree)
    if any(t.like_url or "@" in t.text or "<" in t.text for t in tokens):
        return
    while tokens and tokens[-1].is_punct:
        tokens.pop()
    yield from _prepositional(sent, text, token, token, tokens, offset, index)


def _as_reported(
    sent: Any, text: str, token: Any, offset: int, index: int
) -> Iterator[_Attribution]:
    """'As reported by the Post, CONTENT': the agent of the cue verb is the source."""
    verb = token.head
    if verb.i != token.i + 1 or verb.lemma_.lower() not in CUE_VERBS:
        return
    agent = next((c for c in verb.children if c.dep_ == "agent" and c.i == verb.i + 1), None)
    objects = [c for c in agent.children if c.dep_ == "pobj"] if agent is not None else []
    if agent is None or not objects:
        return
    tokens = list(objects[0].subtree)
    while tokens and tokens[-1].is_punct:
        tokens.pop()
    yield from _prepositional(sent, text, token, agent, tokens, offset, index)


def _prepositional(
    sent: Any,
    text: str,
    first: Any,
    last: Any,
    source_tokens: list[Any],
    offset: int,
    index: int,
) -> Iterator[_Attribution]:
    """A prepositional cue `first`..`last` with its source phrase: the content is the rest of
    the sentence after the phrase when the cue opens the sentence, else what precedes it."""
    if not source_tokens:
        return
    source = (source_tokens[0].idx, source_tokens[-1].idx + len(source_tokens[-1]))
    cue = (first.idx, last.idx + len(last))
    if first.i == sent.start or first.idx <= sent.start_char + 1:
        content = (_skip(text, source[1], ", "), sent.end_char)
    else:
        content = (sent.start_char, first.idx)
    content = _trim(text, *content)
    if content[1] - content[0] < 8 or _overlaps(content, source):
        return
    yield _Attribution(
        source=(source[0] + offset, source[1] + offset),
        cue=(cue[0] + offset, cue[1] + offset),
        content=(content[0] + offset, content[1] + offset),
        framing="neutral",
        sentence=index,
    )


def _according_to(
    sent: Any, text: str, token: Any, offset: int, index: int
) -> Iterator[_Attribution]:
    to = token.nbor()
    objects = [c for c in to.children if c.dep_ == "pobj"] or [
        c for c in token.children if c.dep_ == "pobj"
    ]
    if not objects:
        return
    # "According to X, CONTENT." or "CONTENT, according to X."
    source_tokens = _without_misread_subject(token, objects[0])
    yield from _prepositional(sent, text, token, to, source_tokens, offset, index)


def _without_misread_subject(according: Any, source: Any) -> list[Any]:
    """The source of "according to" without the clause subject the parse hung on it.

    "According to the AP, 571 delegates backed Clinton": the small parser reads "571
    delegates" as an appositive of "the AP" and leaves "backed" with no subject. When the
    clause has no subject, the source ends before its first appositive after a comma, however
    deep ("early results of exit polls conducted ... by Edison Research, majorities of
    voters say"); so it does when the appositive holds a finite verb, the clause's own verb
    misread as a modifier ("the AP, 571 of the 714 superdelegates ... supported Clinton").
    """
    tokens = list(source.subtree)
    clause = according.head
    if clause.i == according.i:
        return tokens
    appositives = [
        t for t in tokens
        if t.dep_ == "appos" and t.i > source.i and t.left_edge.i > 0
        and t.doc[t.left_edge.i - 1].text == ","
    ]
    if any(c.dep_ in _SUBJECTS for c in clause.children):
        # A subject of its own: only an appositive that swallowed a finite verb is cut.
        appositives = appositives[:1]
        if not appositives or not any(
            t.tag_ in _FINITE_TAGS and t.dep_ != "relcl" for t in appositives[0].head.subtree
            if t.i > appositives[0].i
        ):
            return tokens
    if not appositives:
        return tokens
    appositive = appositives[0]
    kept = [t for t in tokens if t.i < appositive.left_edge.i]
    while kept and kept[-1].is_punct:
        kept.pop()
    return kept or tokens


def _verb_cue(sent: Any, text: str, verb: Any, offset: int, index: int) -> _Attribution | None:
    framing = CUE_VERBS[verb.lemma_.lower()]
    subject = _subject(verb)
    if subject is None or _accused_in_headline(verb):
        return None
    if not _can_speak(subject):
        return None
    deed = _claimed_deed(verb)
    content_tokens = deed[1] if deed is not None else _complement(verb, framing)
    if not content_tokens:
        return None
    content = _trim(text, content_tokens[0].idx, content_tokens[-1].idx + len(content_tokens[-1]))
    if content[1] - content[0] < 6:
        return None
    subject_tokens = [t for t in subject.subtree if t.i < verb.i]
    if not subject_tokens:
        return None
    source = _trim(text, subject_tokens[0].idx, subject_tokens[-1].idx + len(subject_tokens[-1]))
    # PolNeAR's cue is the verb group: "has announced", "also said", "did not say", "added:".
    first = verb
    while first.i > sent.start and first.nbor(-1).head.i == verb.i and (
        first.nbor(-1).dep_ in _CUE_GROUP
    ):
        first = first.nbor(-1)
    cue_start = first.idx
    cue_end = verb.idx + len(verb) if deed is None else deed[0].idx + len(deed[0])
    if cue_end < len(text) and text[cue_end] == ":":
        cue_end += 1
    return _Attribution(
        source=(source[0] + offset, source[1] + offset),
        cue=(cue_start + offset, cue_end + offset),
        content=(content[0] + offset, content[1] + offset),
        framing=framing,
        sentence=index,
    )


def _claimed_deed(verb: Any) -> tuple[Any, list[Any]] | None:
    """'The Houthis claimed responsibility for the attack': the cue runs to 'for' and the
    content is the deed (PolNeAR marks 'claimed responsibility for' as the cue)."""
    if verb.lemma_.lower() != "claim":
        return None
    obj = next((c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i), None)
    if obj is None or obj.lemma_.lower() not in _RESPONSIBILITY:
        return None
    for_ = next((c for c in obj.children if c.dep_ == "prep" and c.lower_ == "for"), None)
    if for_ is None or for_.i != obj.i + 1:
        return None
    deed = next((c for c in for_.children if c.dep_ == "pobj"), None)
    if deed is None:
        return None
    return for_, sorted(deed.subtree, key=lambda t: t.i)


def _can_speak(subject: Any) -> bool:
    """A cue is only an attribution when its subject can speak: people, organisations,
    documents ("the report said"), pronouns; not "the road links the port"."""
    return bool(subject.ent_type_ or subject.pos_ in ("PROPN", "PRON")) or (
        subject.lower_ in COMMUNICATION_NOUNS or _looks_like_speaker(subject)
    )


def _subject(verb: Any) -> Any | None:
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            return child
    # "... and later denied it": the subject of the verb it is coordinated with.
    if verb.dep_ in ("conj", "xcomp") and verb.head.i != verb.i:
        return _subject(verb.head)
    return None


def _complement(verb: Any, framing: str) -> list[Any]:
    children = list(verb.children)
    clauses = [
        c for c in children
        if c.dep_ in ("ccomp", "xcomp") and c.i > verb.i and not _report_past_semicolon(verb, c)
    ]
    if clauses:
        tokens = sorted(clauses[0].subtree, key=lambda t: t.i)
        return [t for t in tokens if not (t.dep_ == "mark" and t.head.i == clauses[0].i)] or tokens
    if framing in ("accusation", "denial") or verb.lemma_ in ("describe", "welcome", "report"):
        objects = [c for c in children if c.dep_ in ("dobj", "attr", "oprd") and c.i > verb.i]
        preps = [c for c in children if c.dep_ == "prep" and c.i > verb.i]
        parts = objects[:1] + [p for p in preps if p.lower_ in ("of", "as", "for", "over")]
        if parts:
            tokens = sorted((t for part in parts for t in part.subtree), key=lambda t: t.i)
            return tokens
    # "CONTENT, officials said": the cue hangs off the content's root.
    if verb.dep_ in ("parataxis", "ccomp") and verb.head.i < verb.i:
        root = verb.head
        tokens = [t for t in root.subtree if t.i < verb.i and t not in set(verb.subtree)]
        while tokens and tokens[-1].is_punct:
            tokens.pop()
        return tokens
    return []


def _report_past_semicolon(verb: Any, clause: Any) -> bool:
    """'..., health officials said; the military said it ...': a report of its own after a
    semicolon is another sentence the parse hung on the cue, not what the cue reports (a
    semicolon alone is not: 'X, Brafman noted; the government had ...' goes on)."""
    return (
        any(t.text == ";" for t in verb.doc[verb.i + 1 : clause.left_edge.i])
        and clause.lemma_.lower() in CUE_VERBS
        and any(c.dep_ in ("nsubj", "nsubjpass") for c in clause.children)
    )


def _looks_like_speaker(token: Any) -> bool:
    return keyword_kind(" ".join(t.text for t in token.subtree)) is not None


def _source(
    doc: Document, parsed: Any, offset: int, attribution: _Attribution, previous: Source | None
) -> Source | None:
    if attribution.source is None:
        return None
    start, end = _speaker_of_document(doc, *attribution.source)
    text = doc.text[start:end]
    if text.lower() in PRONOUNS and previous is not None:
        # "They insist that ...": the claimant named in the sentence before.
        return previous
    antecedent = _relative_antecedent(parsed, offset, (start, end))
    if antecedent is not None:
        start, end = antecedent
        text = doc.text[start:end]
    return Source(text, start, end, source_kind(text, doc, start, end))


def _named_by_description(
    doc: Document, claimant: Source | None, claimants: Sequence[Source]
) -> Source | None:
    """'The organisation said ...', 'the group rejected ...', 'the ministry added': the last
    organisation named before it that the description fits (as an earlier claimant wrote
    it, where one holds the name), else the description itself. ('The army' and 'the
    military' are left as written: rebels name themselves armies; a newspaper or a
    campaign is no 'group' either.)"""
    if claimant is None:
        return None
    found = _DESCRIPTION.fullmatch(claimant.text)
    if found is None:
        return claimant
    noun = found.group(1).lower()
    fitting = []
    for e in doc.entities:
        if e.end > claimant.start or e.label not in ("ORG", "ARMED_GROUP") or e.text.islower():
            continue
        kind = source_kind(e.text, doc, e.start, e.end)
        if noun == "ministry":
            fits = "ministry" in e.text.lower()
        elif noun in GROUP_NOUNS - {"group"}:
            fits = e.label == "ARMED_GROUP" or kind == "armed_group"
        else:
            # An armed group, a rights group or an international body; on an organisation's
            # own site, that organisation ('the Sun-Times' is no 'group').
            fits = (
                e.label == "ARMED_GROUP"
                or kind in ("armed_group", "ngo", "international_org")
                or any(e.text in o for o in _outlet_names(doc))
            )
        if fits:
            fitting.append(Source(e.text, e.start, e.end, kind))
    if not fitting:
        return claimant
    last = max(fitting, key=lambda c: c.start)
    holding = [c for c in claimants if last.text in c.text and c.end <= claimant.start]
    return holding[-1] if holding else last


_DOCUMENT_BY = re.compile(
    r"\b(?:statement|communiqu[eé]|video|post|message|announcement|release|audio "
    r"recording|recording|claim of responsibility)\b[^,;]*?\b(?:by|from)\s+",
    re.IGNORECASE,
)


def _speaker_of_document(doc: Document, start: int, end: int) -> tuple[int, int]:
    """'a statement published by JNIM on its channels': the claimant is JNIM, the first
    named actor after 'by'/'from' (with an acronym in brackets right after it)."""
    found = _DOCUMENT_BY.search(doc.text, start, end)
    if found is None:
        return start, end
    named = [
        e for e in doc.entities
        if found.end() <= e.start and e.end <= end
        and e.label in ("ORG", "ARMED_GROUP", "PERSON", "GPE", "NORP")
    ]
    if not named:
        return start, end
    first = min(named, key=lambda e: e.start)
    stop = first.end
    bracket = re.match(r"\s*\([^()]{1,15}\)", doc.text[stop:end])
    if bracket is not None:
        stop += bracket.end()
    return found.end(), stop


def _shown_source(doc: Document, a: _Attribution, claimant: Source | None) -> Source | None:
    """The source a claim shows: the pronoun itself unless its claim gives event figures or events.

    Figures and events are attributed to their claimant downstream (fatalities per source),
    so there the pronoun gives way to the claimant it stands for; elsewhere the pronoun is
    the source as written ("he said ..."), which keeps its offsets in the claim's sentence.
    """
    if a.source is None or claimant is None or (claimant.start, claimant.end) == a.source:
        return claimant
    if any(q.unit not in _NOT_FIGURES for q in _quantities_in(doc, *a.content)):
        return claimant
    if _reports_event(doc, *a.content):
        return claimant
    start, end = a.source
    text = doc.text[start:end]
    return Source(text, start, end, claimant.kind)


def source_kind(text: str, doc: Document, start: int, end: int) -> SourceKind:
    """Classify a source phrase: keyword table first, then the entity label."""
    # The head of the phrase decides: "Russia's mission to the watchdog" is a government
    # body, "Supporters of the opposition" are anonymous.
    head = re.split(r"\b(?:of|to|at|in|for|from|with)\b", text, maxsplit=1)[0]
    kind = keyword_kind(head) or keyword_kind(text)
    if kind is not None:
        return kind
    labels = {e.label for e in doc.entities if e.start < end and start < e.end}
    if "ARMED_GROUP" in labels:
        return "armed_group"
    if "GPE" in labels:
        return "government"  # metonymy: "Ankara claims", "Moscow denied"
    if "PERSON" in labels:
        return "person"
    if text.lower() in PRONOUNS:
        return "anonymous"
    return "other"


# The keywords of each source kind, and its acronyms, which keep their capitals.
_KIND_PATTERNS = [
    (
        cast(SourceKind, kind),
        keyword_pattern(words),
        keyword_pattern(SOURCE_KIND_ACRONYMS[kind], ending="word")
        if kind in SOURCE_KIND_ACRONYMS else None,
    )
    for kind, words in SOURCE_KIND_KEYWORDS
]


def keyword_kind(phrase: str) -> SourceKind | None:
    """The source kind a keyword of the phrase names (whole words; cased acronyms), if any."""
    lower = phrase.lower()
    for kind, words, acronyms in _KIND_PATTERNS:
        if words.search(lower) or (acronyms is not None and acronyms.search(phrase)):
            return kind
    return None


def _claim(doc: Document, claim_id: str, source: Source | None, a: _Attribution) -> Claim:
    content = doc.span(*a.content)
    status: ClaimStatus = "reported"
    if source is not None and _discredited(source.text):
        status = "disputed"
    elif source is not None and _is_outlet(doc, source.text):
        # 'Armed men executed 44 villagers, Civilians in Conflict Watch said' on the group's
        # own site: the outlet asserts its own findings.
        status = "endorsed"
    return Claim(
        id=claim_id,
        source=source,
        cue=doc.span(*a.cue),
        content=content,
        polarity=_polarity(content.text, a.framing),
        status=status,
        quantities=_quantities_in(doc, *a.content),
    )


def _polarity(content: str, framing: str) -> Polarity:
    if framing == "denial":
        return "denies"
    lower = _NOT_REJECTION.sub(" ", content.lower())
    if _REJECTION.search(lower) is not None:
        return "denies"
    return "affirms"


# Stems match ("exaggerat"), but "lies" is not in "allies".
_DISCREDITING = keyword_pattern(DISCREDITING_MARKERS, ending="stem")


def _discredited(text: str) -> bool:
    return _DISCREDITING.search(text.lower()) is not None


def _quantities_in(doc: Document, start: int, end: int) -> list[Any]:
    return [q for q in doc.quantities if start <= q.start and q.end <= end]


def _reports_event(doc: Document, start: int, end: int) -> bool:
    """A sentence in the outlet's own voice is a claim when it reports an event or a figure."""
    if find_trigger(doc.text[start:end].lower()) is not None:
        return True
    return any(
        q.unit in _CASUALTY_UNITS for q in doc.quantities if start <= q.start and q.end <= end
    )


def _outlet_names(doc: Document) -> list[str]:
    """The outlet's names: the original source of a report, then its publisher."""
    return [o for o in (doc.meta.original_source, doc.meta.publisher) if o]


def _is_outlet(doc: Document, name: str) -> bool:
    """Whether `name` is the outlet's own."""
    return any(o.casefold() == name.casefold() for o in _outlet_names(doc))


def _outlet_source(doc: Document) -> Source | None:
    """The outlet as a claimant: its first mention in the text (byline or masthead)."""
    for name in (*_outlet_names(doc), *doc.meta.authors):
        if not name:
            continue
        at = doc.text.find(name)
        if at >= 0:
            return Source(name, at, at + len(name), "outlet")
    return None


def _frame(
    doc: Document,
    sentences: list[Any],
    offset: int,
    by_sentence: dict[int, list[Claim]],
    claims: list[Claim],
) -> None:
    """Read the outlet's framing of each claim from the sentences around it."""
    paragraph_of = _paragraph_index(doc, sentences, offset)
    for index, sent in enumerate(sentences):
        lower = sent.text.lower()
        if any(marker in lower for marker in UNCONFIRMED_MARKERS):
            # "These claims remain unconfirmed": every attributed claim earlier in the paragraph.
            for earlier in range(index, -1, -1):
                if paragraph_of[earlier] != paragraph_of[index]:
                    break
                for claim in by_sentence.get(earlier, []):
                    if claim.cue is not None and claim.status != "disputed":
                        claim.status = "unconfirmed"
    # A claimant the outlet discredits ("so-called ...") is disputed in every claim it makes.
    discredited_sources = {
        c.source.text.lower()
        for c in claims
        if c.source and c.source.kind != "outlet" and _discredited(c.source.text)
    }
    for claim in claims:
        if claim.source and claim.source.text.lower() in discredited_sources:
            claim.status = "disputed"
    # A denial disputes earlier claims about the same matter (shared proper nouns, "the
    # report") or about the denier itself ("the militia's spokesman said ... fabricated").
    for denial in (c for c in claims if c.polarity == "denies" and c.cue is not None):
        # A denial of the very words of another claim (`_apposed_denials`) disputes it.
        for claim in claims:
            if claim.polarity == "affirms" and claim.content == denial.content:
                claim.status = "disputed"
        keys = _matter_keys(doc, denial.content)
        if denial.source is not None:
            keys |= _words(denial.source.text) - _GENERIC_SOURCE_WORDS
        for claim in claims:
            if claim is denial or claim.polarity == "denies":
                continue
            if claim.content.start >= denial.content.start:
                continue
            about = _matter_keys(doc, claim.content)
            if claim.cue is not None:
                # What others say about the denier ("accused the militia of ...").
                about |= _words(claim.content.text)
            if keys & about:
                claim.status = "disputed"


def _matter_keys(doc: Document, span: Span) -> set[str]:
    keys = {
        e.text.lower()
        for e in doc.entities
        if span.start <= e.start and e.end <= span.end and e.label in ("ORG", "ARMED_GROUP")
    }
    # "the Russian statement", "Kyiv's version": the matter is what that party said.
    keys |= {
        e.text.lower()
        for e in doc.entities
        if span.start <= e.start
        and e.end <= span.end
        and e.label in ("NORP", "GPE")
        and _REPORT_NOUN_AFTER.match(doc.text, e.end)
    }
    return keys | (_words(span.text) & {"report", "document", "accusations", "allegations"})


_REPORT_NOUN_AFTER = re.compile(
    r"(?:'s)?\s+(?:statements?|claims?|reports?|accounts?|version|figures?|allegations?)\b"
)


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", text.lower()) if len(w) > 3}


# Words of a source phrase that say nothing about whom it speaks for.
_GENERIC_SOURCE_WORDS = frozenset({
    "spokesman", "spokesperson", "spokeswoman", "ministry", "foreign", "official", "officials",
    "office", "statement", "press", "head", "chief", "senior", "deputy", "the", "said", "told",
    "permanent", "mission", "representative", "department", "government", "state",
})


def _paragraph_index(doc: Document, sentences: list[Any], offset: int) -> list[int]:
    starts = paragraph_starts(doc.text, offset)
    return [paragraph_index(starts, offset + sent.start_char) for sent in sentences]


def _skip(text: str, at: int, chars: str) -> int:
    while at < len(text) and text[at] in chars:
        at += 1
    return at


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in ",;:"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ".,;:"):
        end -= 1
    return start, end
