"""Event roles from the role tagger: perpetrators (`actor1`), victims, targets (`actor2`), weapons.

The tagger (`models/roles.py`, trained on MUC-4) marks perpetrator, target, victim and
weapon mentions in the sentences of the body. A mention whose words all recur in a longer
mention of the same role ("jaramillo ossa" beside "bernardo jaramillo ossa"), or that
abbreviates it ("FMLN"), is dropped: one filler, one name. So is a perpetrator that only
modifies a noun naming neither an act of violence nor people who act ("the MRTA letter",
"the terrorist threat": whose thing it is, not who did the event), and a victim or target
inside the source of a claim when that source is the media ("the Tass news agency
reported"): it reports the event. A perpetrator that is the subject of a verb of telling a
clause ("the rebels said that ...") is dropped unless it speaks of its own act ("said that
they attacked"), as is one its clause says did not act ("Police did not disperse the
protesters, but unidentified men shot dead two traders"); one that names a weapon, a
platform or the act ("army helicopters", "the rebel offensive") stands for the force its own
words name ("army"), or for no one. The perpetrators coordinated with a tagged one join it
("Taliban gunmen and suicide bombers"). A mention belongs to the event
whose evidence sentence holds it, else to the event with the nearest evidence in its
paragraph; a paragraph without an event lends its mentions to no one (finding events is the
events stage's job), so its sentences are not tagged at all. Perpetrators fill `actor1` (the
first one mentioned, the others in `associated`), victims and targets `actor2` likewise.
Where the tagger has no perpetrator, the events stage's parse-based actor stays only when it
names a known kind of actor ("gunmen", "the army") other than civilians, whom ACLED codes
only as the side acted on: its other guesses ("Saturday evening", "an explosion", "about
100 people" who died) go. On MUC-4 dev keeping those known-kind actors costs precision, but
present-day news, which the tagger (trained on lower-cased 1989 wires) marks only in part,
needs them (WikiEvents perpetrator F1 0.35 with them, 0.14 without). Where the tagger has no
victim or target, the people the event's casualty figures count ("killing six NATO service
members") are the victims of an attack or an explosion: that is who was hit, and there the
parse's guess at the attack's object is wrong more often than right on both MUC-4 and
WikiEvents. Where it marks only targets, those people join them ("Camp Shorabak" and "23
Afghan soldiers"): MUC-4's released gold keeps named victims only, so it scores them wrong,
but its original answer keys list them (roles `CARD.md`). Where no figure counts anyone
either, the events stage's actor2 of an attack or an explosion stays when its clause says
it came under attack or set off an explosive ("An army base came under rocket attack", "A
soldier stepped on a landmine"); its other guesses still go (keeping all of them cost
MUC-4 dev 0.003 and WikiEvents 0.003; keeping passive subjects too cost MUC-4 train
out-of-fold 0.001). A tagged perpetrator that a clause says was attacked or set off an
explosive ("A soldier stepped on a landmine") is the side hit, not a perpetrator. Other
events keep the parse's guess first, as a battle's other side ("clashes between A and B")
or the people an arrest takes are no casualty count.

Where the tagger marks no victim of an event (a physical target it may have marked: a
building is hit, but ACLED codes who was), the named people its clauses say were killed,
wounded or died (`clause_roles`: "Major General X died after ...") are victims beside the
targets, under the fullest name the document gives them ("Mr. Torres" after "Julio
Torres"). Words the tagger read stay its reading. Where no one is named or counted as
hit, the building, site or vehicle an attack clause says was struck is the target ("an
attack on the Christmas market", `clause_roles.struck_facilities`). Where neither the
tagger nor the events stage names a perpetrator, whoever claims or accepts responsibility
does ("the Lorca Front claimed responsibility for the bombing"). An agreement, a change
to a group's activity, a handover of territory or a new base has parties rather than a
perpetrator and a victim: the tagger's roles do not fill it, and the events stage's
known-kind parties stay.

The document model has no role layer, so a role the actors cannot carry is written where
the model already keeps it: a perpetrator organisation the named-entity layer missed is
added there as ORG (ARMED_GROUP when it reads as one), a physical target as FAC, and a
weapon (schema v1 has no event field for it; entity labels are free strings) as `WEAPON`,
unless another entity already covers part of it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from claimscope.config import Settings
from claimscope.data.lexicon import CUE_VERBS
from claimscope.data.role_words import AGENT_HEAD_LEMMAS, STRIKE_VERB_LEMMAS
from claimscope.document import Actor, Document, Entity, Event, Span
from claimscope.lang.token_view import parse_text
from claimscope.models.roles import (
    RoleMention,
    RoleTagger,
    encoder_dir,
    load_tagger,
    sentences,
)
from claimscope.pipeline import register
from claimscope.stages.clause_roles import (
    CASUALTY_LEMMAS,
    DIE_LEMMAS,
    ProtestSides,
    attacked_subject,
    claimants_of_responsibility,
    coordinated,
    force_behind,
    instrument_head,
    named_victims,
    names_group_again,
    protest_sides,
    struck_facilities,
)
from claimscope.stages.language import (
    load_spacy,
    paragraph_index,
    paragraph_starts,
    parse_as_written,
)
from claimscope.taxonomy import (
    EXPLOSIONS,
    PROTESTS,
    RIOTS,
    VIOLENCE_CIVILIANS,
    actor_kind,
    find_trigger,
)

PERPETRATORS = ("PerpInd", "PerpOrg")
TARGETS = ("Victim", "Target")
# Entity labels under which the roles eval and downstream readers take a span as an
# organisation, and the share of the mention one must cover to count (as `eval.roles`).
ORG_LABELS = frozenset({"ORG", "ARMED_GROUP", "NORP", "GPE"})
FACILITY_LABELS = frozenset({"FAC"})
COVERAGE = 0.6
CASUALTY_UNITS = frozenset({"killed", "injured", "killed_or_injured"})
# The entity label under which a weapon of an event is written (schema v1 labels are free).
WEAPON_LABEL = "WEAPON"
_ARMED_KINDS = frozenset({"rebel_group", "political_militia"})
# The actor kind ACLED never codes as the side that acted.
CIVILIANS = "civilians"
# Event types whose actor2 is whoever was hit: the casualty figures name them better than
# the parse's guess at the attack's object does.
_ONE_SIDED = frozenset({EXPLOSIONS, VIOLENCE_CIVILIANS})
# The one sub-type of violence against civilians whose victims are a crowd.
EXCESSIVE_FORCE = "Excessive force against protesters"
INTERVENTION = "Protest with intervention"
MOB_VIOLENCE = "Mob violence"
# Strategic developments whose sides are parties, neither of whom acts on the other (an
# arrest, a seizure of weapons or a looting has a side that acts and one acted on).
_PARTIES_ONLY = frozenset({
    "Agreement", "Change to group/activity", "Non-violent transfer of territory",
    "Headquarters or base established", "Other",
})
_WORD = re.compile(r"\w+")
# Verbs whose 'by' agent is an ally of the side the verb's phrase names.
SUPPORT_LEMMAS = frozenset({"support", "back", "assist", "reinforce", "aid", "accompany"})
# Relations by which a mention modifies the noun it hangs from ("the FMLN letter").
_MODIFIER_DEPS = frozenset({"compound", "amod", "poss", "nmod"})
_ARTICLES = frozenset({"a", "an", "the"})
# Words an acronym leaves out ("ELN" for "Ejercito de Liberacion Nacional").
_ACRONYM_SKIPS = frozenset({"a", "an", "the", "of", "and", "for", "de", "del", "la", "el", "y"})
# Titles a surname may carry that the full name does not ("Mr. Torres", "Julio Torres").
_HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir"})
# Verbs whose subject tells of what happened: the neutral cues of a claim ('report', 'say').
TELLING_CUES = frozenset(verb for verb, stance in CUE_VERBS.items() if stance == "neutral")
# The words that make a noun with its head, as against a possessor or an 'of' phrase.
_NOUN_MODIFIERS = frozenset({"compound", "amod", "nmod"})
# Subjects by which a teller speaks of its own act ('the army said it killed 20').
_SELF_PRONOUNS = frozenset({"it", "they", "we", "i", "he", "she"})
_SELF_POSSESSIVES = frozenset({"its", "their", "our", "my", "his", "her"})


@dataclass(slots=True)
class _Found:
    role: str
    span: Span
    # What the clause rules name (`clause_roles`) stands in only where the tagger marks no
    # victim of the event, or no one names its perpetrator; a victim belongs to the event
    # of the clause that names it (`at`), wherever its fuller name sits.
    tagged: bool = True
    at: Span | None = None


@register("roles")
class RolesStage:
    name = "roles"
    requires: tuple[str, ...] = ("parse", "events")
    assigns: tuple[str, ...] = ()

    def __init__(self, settings: Settings, tagger: RoleTagger | None = None) -> None:
        self.settings = settings
        # The accurate profile mixes a fine-tuned MiniLM tagger into the CRF's labels.
        self.tagger = (
            tagger if tagger is not None
            else load_tagger(encoder=encoder_dir(settings.model_name("roles")))
        )

    def __call__(self, doc: Document) -> Document:
        if not doc.events:
            return doc
        # The tagger was trained on MUC-4's lower-cased wires as written: text without
        # case is read as written here, not as the other stages' cased copy.
        parsed, offset = parse_as_written(doc, load_spacy(self.settings.spacy_model))
        starts = paragraph_starts(doc.text, offset)
        # Only paragraphs with an event lend mentions, so only their sentences are tagged.
        eventful = {paragraph_index(starts, e.start) for ev in doc.events for e in ev.evidence}

        def in_eventful_paragraph(sent: Any) -> bool:
            first = paragraph_index(starts, offset + sent.start_char)
            last = paragraph_index(starts, offset + sent.end_char - 1)
            return any(p in eventful for p in range(first, last + 1))

        # A news agency a claim cites ("Tass news agency reported") reports the event; the
        # tagger, which never saw such sources in 1989 wires, can read it as the victim.
        reporters = [
            c.source for c in doc.claims if c.source is not None and c.source.kind == "media"
        ]
        tagged = [
            m for m in self.tagger.mentions(parsed, in_eventful_paragraph)
            if not (
                m.role in PERPETRATORS
                and (
                    _owns_other_thing(parsed, m) or _was_hit(parsed, m) or _backs(parsed, m)
                    or _tells_of_clause(parsed, m) or _did_not_act(parsed, m)
                )
            )
        ]
        # Only perpetrators that are kept lend their role to what is joined to them.
        tagged += coordinated(parsed, [m for m in tagged if m.role in PERPETRATORS])
        tagged = [
            force for m in tagged
            if (force := m if m.role not in PERPETRATORS else _force_of(parsed, m)) is not None
        ]
        found = _drop_partial_names(doc.text, [
            _Found(m.role, doc.span(offset + m.start, offset + m.end))
            for m in tagged
            if not doc.in_boilerplate(offset + m.start, offset + m.end)
            and not (
                m.role in TARGETS
                and any(
                    s.start < offset + m.end and offset + m.start < s.end for s in reporters
                )
            )
        ])
        readable = [s for _, s in sentences(parsed) if in_eventful_paragraph(s)]
        text = parse_text(parsed)
        claimants = claimants_of_responsibility(readable, text)
        found += _clause_victims(doc, named_victims(readable, text), offset, found)
        found += [
            _Found(m.role, doc.span(offset + m.start, offset + m.end), tagged=False)
            for m in claimants
            if not doc.in_boilerplate(offset + m.start, offset + m.end)
        ]
        # What an attack struck stands in only where no one is named or counted as hit.
        struck = _by_event(doc, [
            _Found(m.role, doc.span(offset + m.start, offset + m.end), tagged=False)
            for m in struck_facilities(readable, text)
            if not doc.in_boilerplate(offset + m.start, offset + m.end)
            and not any(
                f.span.start < offset + m.end and offset + m.start < f.span.end for f in found
            )
        ], starts)
        grouped = _by_event(doc, found, starts)
        for index, event in enumerate(doc.events):
            mentions = grouped.get(index, [])
            if event.sub_event_type in _PARTIES_ONLY:
                # An agreement, a deployment or a handover has parties, not a perpetrator
                # and a victim: the tagger's perpetrators and victims in its sentence belong
                # to violence told there in passing ("after the assassination of Galan, the
                # judges lifted their strike") or to nothing ("the government and the M-19
                # postponed signing a peace agreement" -> "7,000 armed men"). The events
                # stage's parties stay; a weapon is still written.
                mentions = [f for f in mentions if f.role == "Weapon"]
            if any(f.tagged and f.role == "Victim" for f in mentions):
                mentions = [f for f in mentions if f.tagged or f.role != "Victim"]
            event.actor1 = (
                _actor([f for f in mentions if f.role in PERPETRATORS and f.tagged])
                or _agent(event.actor1, parsed, offset)
                or _actor([f for f in mentions if f.role in PERPETRATORS])
            )
            hit = [f for f in mentions if f.role in TARGETS]
            if event.event_type in _ONE_SIDED and hit and all(f.role != "Victim" for f in hit):
                # A building was hit; the people its casualty figures count were hit too
                # ("Camp Shorabak" and "23 Afghan soldiers"), and ACLED codes who was.
                hit += [_Found("Victim", span) for span in _counted_victims(doc, event)]
            event.actor2 = (
                _actor(hit)
                or (_known(event.actor2) if event.event_type not in _ONE_SIDED else None)
                or _actor(_Found("Victim", span) for span in _counted_victims(doc, event))
                or _side_hit(event.actor2, parsed, offset)
            )
            hit = struck.get(index, [])
            if event.actor2 is None:
                event.actor2 = _actor(hit)
            # A struck building the actor2 names is a target, whoever named it (the parse's
            # guess at the attack's object reads "the military posts" as people otherwise).
            spans = set(_spans(event.actor2))
            mentions = mentions + [f for f in hit if (f.span.start, f.span.end) in spans]
            for f in mentions:
                _label(doc, f)
            if event.event_type in (PROTESTS, RIOTS) or event.sub_event_type == EXCESSIVE_FORCE:
                told = [
                    s for s in readable
                    if any(e.start < offset + s.end_char and offset + s.start_char < e.end
                           for e in event.evidence)
                ]
                _protest_sides(doc, event, protest_sides(told, text), offset)
        doc.entities.sort(key=lambda e: (e.start, e.end))
        return doc


def _protest_sides(doc: Document, event: Event, sides: ProtestSides, offset: int) -> None:
    """ACLED's sides of a crowd event: the crowd is actor1 of a protest or a riot and the
    force that met it actor2; excessive force is the force's act against the crowd. The
    tagger, trained on attacks, reads the police who fired tear gas as the perpetrator and
    the city hall the crowd stood before as a target. What the text says was done to people
    (a victim read where the event type may be wrong: "about 100 people have died in
    protests") stays; a mob's sides and an expected event's stay as read."""
    if event.sub_event_type == MOB_VIOLENCE or event.status == "expected":
        # "many nations will protest": a threat, not yet anyone's protest.
        return
    kind = "rioters" if event.event_type == RIOTS else "protesters"
    crowd = _mention_actor(doc, sides.crowd, offset, kind)
    # An actor's own words, not its associated actors', say whether it is the force.
    state = [
        a for a in (event.actor1, event.actor2)
        if a is not None and actor_kind(a.text) == "state_forces"
    ]
    force = _mention_actor(doc, sides.force, offset, "state_forces") or next(iter(state), None)
    if event.sub_event_type == EXCESSIVE_FORCE:
        event.actor1 = force or event.actor1
        event.actor2 = event.actor2 or crowd
    elif event.sub_event_type == INTERVENTION:
        if crowd is not None or (event.actor1 is not None and event.actor1 in state):
            event.actor1 = crowd
        if force is not None or (event.actor2 is not None and event.actor2.kind is None):
            event.actor2 = force
    elif event.actor1 is None or event.actor1 in state:
        # A crowd that was acted on here is no sign the protest was what happened.
        moved = event.actor1
        event.actor1 = None if sides.crowd_acted_on else crowd
        if event.event_type == RIOTS and event.actor2 is None:
            event.actor2 = moved


def _mention_actor(
    doc: Document, mention: RoleMention | None, offset: int, kind: str
) -> Actor | None:
    if mention is None:
        return None
    span = doc.span(offset + mention.start, offset + mention.end)
    return Actor(span.text, span.start, span.end, kind)


def _owns_other_thing(parsed: Any, mention: RoleMention) -> bool:
    """Whether a perpetrator mention only modifies a noun outside it that names neither an
    act of violence nor people who act ("the MRTA letter", "the terrorist threat", "an FMLN
    security house"): such a word names whose thing it is, not who did the event ("the FMLN
    attack", "FMLN units" stay)."""
    span = parsed.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    head = root.head
    if root.dep_ not in _MODIFIER_DEPS or span.start <= head.i < span.end:
        return False
    if head.pos_ not in ("NOUN", "PROPN"):
        return False
    return head.lemma_.lower() not in AGENT_HEAD_LEMMAS and actor_kind(head.lower_) is None


def _force_of(parsed: Any, mention: RoleMention) -> RoleMention | None:
    """A perpetrator mention that names a weapon, a platform or the act ("salvadoran
    helicopter", "army helicopters"): the force its own words name ("army"), or none."""
    span = parsed.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None:
        return mention
    tokens = list(span)
    head = instrument_head(tokens)
    if head is None:
        return mention
    force = force_behind(tokens, head)
    if force is None:
        return None
    words = force[0]
    start, end = words[0].idx, words[-1].idx + len(words[-1])
    return RoleMention(mention.role, start, end, parsed.text[start:end])


def _was_hit(parsed: Any, mention: RoleMention) -> bool:
    """Whether a perpetrator mention is what a casualty clause says was killed or hurt
    ("eight soldiers had been killed", "two gunmen died"), or what a clause says was
    attacked, came under attack or set off an explosive ("soldiers were ambushed", "a
    patrol came under fire", "a soldier stepped on a landmine"): the side hit, whatever the
    tagger read."""
    span = parsed.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    verb = root.head.lemma_.lower()
    if (root.dep_ == "nsubjpass" and verb in CASUALTY_LEMMAS | STRIKE_VERB_LEMMAS) or (
        root.dep_ == "nsubj" and verb in DIE_LEMMAS
    ):
        return True
    # A passive subject of any other verb may have acted ('the rebels were blamed').
    if root.dep_ != "nsubj":
        return False
    subject = attacked_subject(root.head)
    return subject is not None and subject.i == root.i


def _tells_of_clause(parsed: Any, mention: RoleMention) -> bool:
    """Whether a perpetrator mention is the subject of a verb of telling that governs a
    clause ("the rebels said that the army's offensive had failed"): it tells of what
    happened there, unless it speaks of its own act ("the eln reported that it treated the
    policemen well")."""
    span = parsed.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None:
        return False
    head = span.root
    told = any(c.dep_ in ("ccomp", "parataxis") for c in head.head.children)
    return told and _tells_of_event(head)


def _did_not_act(parsed: Any, mention: RoleMention) -> bool:
    """Whether a perpetrator mention is the subject of a verb its clause negates ("Police did
    not disperse the protesters, but unidentified men shot dead two traders", "the rebels
    have never attacked civilians"): the text says it did not act. Not 'not only'."""
    span = parsed.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    if root.dep_ != "nsubj":
        return False
    return any(
        c.dep_ == "neg" and c.i + 1 < len(c.doc) and c.doc[c.i + 1].lower_ != "only"
        for c in root.head.children
    )


def _backs(parsed: Any, mention: RoleMention) -> bool:
    """Whether a perpetrator mention only supports someone else's act ("the gendarmes,
    supported by the army and by the air force, resisted"): the agent of a verb of
    support modifying another phrase is that side's ally, not who struck."""
    span = parsed.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None:
        return False
    token = span.root
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    if token.dep_ != "pobj" or token.head.lower_ != "by":
        return False
    by = token.head
    while by.dep_ == "conj" and by.head.i != by.i:  # 'by the army and by the air force'
        by = by.head
    verb = by.head
    return verb.lemma_.lower() in SUPPORT_LEMMAS and verb.dep_ in ("acl", "advcl", "amod")


def _words(text: str) -> frozenset[str]:
    return frozenset(w for w in _WORD.findall(text.lower()) if w not in _ARTICLES)


def _drop_partial_names(text: str, found: list[_Found]) -> list[_Found]:
    """Drop a mention whose words all recur in a longer mention of the same role, or that
    abbreviates one.

    "jaramillo ossa" after "bernardo jaramillo ossa" names the same victim, as "FMLN" names
    the Farabundo Marti National Liberation Front: one filler should be one mention, and
    the fuller name is the one that identifies it.
    """
    words = [_words(f.span.text) for f in found]
    return [
        f
        for f, mine in zip(found, words, strict=True)
        if not any(
            g.role == f.role
            and (
                mine < theirs
                # what follows the name: room for ' ( ABCDEF )'
                or _abbreviates(f.span.text, g.span.text, text[g.span.end : g.span.end + 16])
            )
            for g, theirs in zip(found, words, strict=True)
        )
    ]


def _abbreviates(short: str, full: str, after_full: str) -> bool:
    """Whether `short` is an acronym of `full`: it follows the name in brackets, or its
    letters are the initials of the name's words, in any order ("MRTA" for "Tupac Amaru
    Revolutionary Movement", a Spanish acronym of an English name)."""
    if not re.fullmatch(r"[A-Za-z]{2,6}", short):
        return False
    if re.match(rf"\s*\(\s*{re.escape(short)}\s*\)", after_full):
        return True
    initials = Counter(w[0] for w in _WORD.findall(full.lower()) if w not in _ACRONYM_SKIPS)
    letters = Counter(short.lower())
    # One initial may be missing: FMLN is the Frente Farabundo Marti de Liberacion Nacional.
    return letters <= initials and initials.total() - letters.total() <= 1


def _clause_victims(
    doc: Document, mentions: list[RoleMention], offset: int, tagged: list[_Found]
) -> list[_Found]:
    """The clause rules' victims under their fullest name, but for those in words the tagger
    read (its reading wins) or in the boilerplate."""
    out: list[_Found] = []
    for m in mentions:
        at = doc.span(offset + m.start, offset + m.end)
        if doc.in_boilerplate(at.start, at.end) or any(
            f.span.start < at.end and at.start < f.span.end for f in tagged
        ):
            continue
        out.append(_Found(m.role, _full_name(doc, at), tagged=False, at=at))
    return out


def _full_name(doc: Document, span: Span) -> Span:
    """A person named by surname ('Mr. Torres') under the fuller name an earlier entity gives
    ('Julio Torres'): news names a person in full first, by surname after, and the full
    name is the one that identifies the victim."""
    words = _words(span.text) - _HONORIFICS
    fuller = [
        e for e in doc.entities
        if e.label == "PERSON" and e.end <= span.start and words and words < _words(e.text)
    ]
    if not fuller:
        return span
    best = max(fuller, key=lambda e: (len(_words(e.text)), e.start))
    return doc.span(best.start, best.end)


def _by_event(doc: Document, found: list[_Found], starts: list[int]) -> dict[int, list[_Found]]:
    """The mentions of each event, by the event's index."""
    grouped: dict[int, list[_Found]] = {}
    for f in found:
        chosen = _event_of(doc, f.at or f.span, starts)
        if chosen is not None:
            grouped.setdefault(chosen, []).append(f)
    return grouped


def _event_of(doc: Document, span: Span, starts: list[int]) -> int | None:
    for i, event in enumerate(doc.events):
        if any(e.start <= span.start and span.end <= e.end for e in event.evidence):
            return i
    paragraph = paragraph_index(starts, span.start)
    best: tuple[int, int] | None = None
    for i, event in enumerate(doc.events):
        for evidence in event.evidence:
            if paragraph_index(starts, evidence.start) != paragraph:
                continue
            distance = max(evidence.start - span.end, span.start - evidence.end)
            if best is None or distance < best[0]:
                best = (distance, i)
    return best[1] if best is not None else None


def _counted_victims(doc: Document, event: Event) -> list[Span]:
    """The people an event's casualty figures count ('killing six NATO service members'),
    as written in its evidence: who the figure says died or was hurt is who was hit."""
    spans: list[Span] = []
    for quantity in doc.quantities:
        if quantity.unit not in CASUALTY_UNITS or not quantity.subject:
            continue
        for evidence in event.evidence:
            if not evidence.start <= quantity.start < evidence.end:
                continue
            # The subject follows its number closely ('six NATO service members').
            at = doc.text.find(quantity.subject, quantity.end, min(evidence.end, quantity.end + 40))
            if at >= 0:
                spans.append(doc.span(quantity.start, at + len(quantity.subject)))
            break
    return spans


def _agent(actor: Actor | None, parsed: Any, offset: int) -> Actor | None:
    """The events stage's guess at who acted, when it names a known kind of actor other than
    civilians: ACLED codes civilians only as the side acted on ('about 100 people have
    died', 'more than 300 people were eating nearby' name no one who struck). A phrase whose
    head is itself an event ("the police commander's assassination", "the army's
    counteroffensive") or whose head tells of the event rather than doing it ("police
    sources reported that ...", "one of the demonstrators told la prensa") names no one who
    acted, whatever kind its words carry."""
    known = _known(actor)
    if known is None or known.kind == CIVILIANS:
        return None
    head = _head(parsed, offset, known)
    if head is not None and (_names_event(head) or _tells_of_event(head)):
        return None
    return known


def _head(parsed: Any, offset: int, actor: Actor) -> Any | None:
    """The token of the parse that heads the actor's span, when the span is in the body."""
    tokens = [
        t for t in parsed if actor.start <= offset + t.idx < actor.end
    ]
    inside = {t.i for t in tokens}
    return next((t for t in tokens if t.head.i not in inside or t.head.i == t.i), None)


def _names_event(head: Any) -> bool:
    """'the kidnapping of five university students': the head is a trigger, and neither it
    nor the words that make its noun ('Russian missiles', 'rebel offensive') name a kind of
    actor; 'gunmen' and 'kidnappers' are triggers that name who acted. The kind the whole
    phrase carries came from a possessor or an 'of' phrase ("the army's counteroffensive")."""
    if find_trigger(head.lower_) is None:
        return False
    noun = sorted(
        [t for c in head.lefts if c.dep_ in _NOUN_MODIFIERS for t in c.subtree] + [head],
        key=lambda t: t.i,
    )
    return actor_kind(" ".join(t.text for t in noun)) is None


def _tells_of_event(head: Any) -> bool:
    """The subject of a verb of telling ('report', 'say', 'publish') tells of the event, unless
    the clause it tells of has a pronoun, a noun a pronoun owns or 'the group' for subject
    ('the army said it killed 20', 'JNIM said its fighters attacked the post', 'the Houthis
    said the group had targeted a ship'): then it speaks of its own act."""
    verb = head.head
    if head.dep_ != "nsubj" or verb.lemma_.lower() not in TELLING_CUES:
        return False
    return not any(
        t.dep_ in ("nsubj", "nsubjpass") and t.i != head.i and (
            t.lower_ in _SELF_PRONOUNS
            or any(c.dep_ == "poss" and c.lower_ in _SELF_POSSESSIVES for c in t.children)
            or names_group_again(t)
        )
        for t in verb.subtree
    )


def _side_hit(actor: Actor | None, parsed: Any, offset: int) -> Actor | None:
    """The events stage's actor2 when it names a known kind of actor and is the subject its
    clause says came under attack ("An army base came under rocket attack") or set off an
    explosive ("A soldier stepped on a landmine"). Its other guesses at who was hit go: the
    parse's object of an attack is wrong more often than right, and a passive subject
    ("artillery troops were attacked", "policemen were killed by guerrillas") is mostly
    people MUC-4's released gold, which keeps named victims only, scores wrong, or no
    victim at all ("the army has been accused of ..."): keeping passive subjects cost
    MUC-4 train out-of-fold 0.3348 -> 0.3336."""
    known = _known(actor)
    if known is None:
        return None
    head = _head(parsed, offset, known)
    if head is None or head.dep_ != "nsubj":
        return None
    return known if any(
        (subject := attacked_subject(verb)) is not None and subject.i == head.i
        for verb in head.sent
    ) else None


def _known(actor: Actor | None) -> Actor | None:
    """The events stage's actor when it names a known kind of actor ('gunmen', 'the army');
    its other guesses ('Saturday evening', 'an explosion') are dropped."""
    return actor if actor is not None and actor.kind is not None else None


def _spans(actor: Actor | None) -> list[tuple[int, int]]:
    """(start, end) of an actor and of its associated actors."""
    if actor is None:
        return []
    return [(actor.start, actor.end), *((s.start, s.end) for s in actor.associated)]


def _actor(mentions: Iterable[_Found]) -> Actor | None:
    spans: list[Span] = []
    seen: set[str] = set()
    for f in sorted(mentions, key=lambda f: f.span.start):
        key = f.span.text.lower()
        if key not in seen:
            seen.add(key)
            spans.append(f.span)
    if not spans:
        return None
    first = spans[0]
    kind = next((k for s in spans if (k := actor_kind(s.text)) is not None), None)
    return Actor(first.text, first.start, first.end, kind, associated=spans[1:])


def _label(doc: Document, found: _Found) -> None:
    """Make the entity layer agree with an organisation or a facility the tagger found."""
    span = found.span
    if found.role == "PerpOrg" and _covering_label(doc, span) not in ORG_LABELS:
        kind = actor_kind(span.text)
        _add_entity(doc, span, "ARMED_GROUP" if kind in _ARMED_KINDS else "ORG")
    elif found.role == "Target" and _covering_label(doc, span) not in FACILITY_LABELS:
        _add_entity(doc, span, "FAC")
    elif found.role == "Weapon" and not any(
        e.start < span.end and span.start < e.end for e in doc.entities
    ):
        # An entity already there (a place in "managua car bomb") is not wrong, so it wins.
        _add_entity(doc, span, WEAPON_LABEL)


def _covering_label(doc: Document, span: Span) -> str | None:
    best: tuple[int, str | None] = (0, None)
    for entity in doc.entities:
        covered = min(span.end, entity.end) - max(span.start, entity.start)
        if covered > best[0]:
            best = (covered, entity.label)
    length = span.end - span.start
    return best[1] if length > 0 and best[0] >= COVERAGE * length else None


def _add_entity(doc: Document, span: Span, label: str) -> None:
    # An entity that overlaps the mention would contradict it: the tagger read more context.
    doc.entities = [e for e in doc.entities if e.end <= span.start or span.end <= e.start]
    number = 1 + max((int(e.id[3:]) for e in doc.entities if e.id[3:].isdigit()), default=0)
    doc.entities.append(Entity(f"ent{number}", span.text, span.start, span.end, label))

