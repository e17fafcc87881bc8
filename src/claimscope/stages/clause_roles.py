"""Named victims, and who claims an attack, read off the parse of the clauses that say so.

The role tagger learnt its fillers from lower-cased 1989 wires and marks few of them in
present-day news, which names a casualty in a handful of fixed constructions: the passive
subject of a casualty verb ("Major General X was killed", "X was shot dead by police"),
the object of an active one ("gunmen killed X", "killing X and Y"), the subject of "die"
("X died after a bomb went off"), each with its coordinated names ("X and Y were
wounded").

Only a named person counts (the named-entity layer marks the phrase's head as PERSON): a
name says who was hit whatever the clause's frame, while a description ("people",
"our brothers", "each other") in the same constructions is often no casualty of the event
at all (on MUC-4 dev, adding described victims cost 0.01 to 0.07 micro F1). Counted
generic victims ("killing six soldiers") are the casualty figures' job (`stages.roles`).

What an attack clause says was struck ("The explosion targeted a bakery", "an attack on
the Christmas market") is a target when it names a building, site, vehicle or installation
(`role_words.FACILITY_LEMMAS`), not an area ("rural areas"), an abstraction ("US
interests") or people.

Whoever claims or accepts responsibility ("The Lorca Front claimed responsibility for the
bombing"), or is said to be responsible ("police concluded that ETA were responsible"),
is the perpetrator ACLED codes, when the phrase names an actor: a known kind of actor or a
person, group or country the named-entity layer marks ("it", "a caller" do not).

The side a clause says was acted on rather than that it acted is the passive subject
("an army convoy was ambushed"), the subject that came under an attack ("a supply convoy
came under fire") or that set off an explosive ("the convoy struck an IED", "a soldier
stepped on a landmine"): `attacked_subject`, which the events and roles stages share.

A protest's two sides are the crowd ("several hundred protesters", or whoever the clause
says protested, marched or gathered) and the force that met it ("Police fired tear gas"):
ACLED codes them by the sub-type, which `stages.roles` knows.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from claimscope.data.lexicon import GROUP_NOUNS
from claimscope.data.role_words import (
    FACILITY_LEMMAS,
    INSTRUMENT_LEMMAS,
    STRIKE_NOUN_LEMMAS,
    STRIKE_VERB_LEMMAS,
    TRIPPED_EXPLOSIVE_LEMMAS,
    UNDER_ATTACK_LEMMAS,
)
from claimscope.gazetteer import country_demonyms, name_key
from claimscope.lang.token_view import parse_text
from claimscope.models.roles import RoleMention
from claimscope.taxonomy import actor_kind

VICTIM, PERPETRATOR, TARGET = "Victim", "PerpInd", "Target"
CROWD, FORCE = "Crowd", "Force"
# Nouns that name a crowd in the streets, and verbs whose subject is one.
CROWD_LEMMAS = frozenset({
    "protester", "protestor", "demonstrator", "marcher", "crowd", "rioter", "mob", "student",
})
PROTEST_VERB_LEMMAS = frozenset({"protest", "demonstrate", "march", "rally", "riot", "gather"})
# Nouns that name the security forces a crowd meets (their phrase must read as state forces:
# not "opposition forces").
FORCE_LEMMAS = frozenset({
    "police", "policeman", "policemen", "officer", "soldier", "troop", "army", "military",
    "gendarme", "gendarmerie", "force", "junta", "guard",
})
# Verbs whose object, or passive subject, was killed or hurt.
CASUALTY_LEMMAS = frozenset({
    "kill", "wound", "injure", "maim", "murder", "assassinate", "execute", "massacre",
    "slaughter", "shoot",
})
# Verbs by which a side comes under an attack ("came under attack", "was under fire").
UNDER_VERBS = frozenset({"come", "be", "fall", "remain"})
# Verbs by which a side sets off an explosive: its object ("struck an IED", "hit a mine"), or
# the object of the preposition ("ran over a mine", "stepped on a landmine").
TRIPPING_VERBS = {"strike": None, "hit": None, "run": "over", "drive": "over", "step": "on"}
# Verbs whose passive says its subject took part ("the rebels were engaged in fighting with
# the army", "were involved in clashes", "were locked in fierce fighting"): it acted.
TAKING_PART_LEMMAS = frozenset({"engage", "involve", "embroil", "lock", "entangle"})
# Verbs whose subject died.
DIE_LEMMAS = frozenset({"die"})
_PERSON = "PERSON"
# Verbs that take responsibility, with 'responsibility' as their object.
RESPONSIBILITY_LEMMAS = frozenset({"claim", "accept", "admit"})
# Entity types that name who acted even when the phrase names no known kind of actor.
_ACTOR_ENTITIES = frozenset({"ORG", "NORP", "GPE", "PERSON", "ARMED_GROUP"})
# Entity types of words that name no struck building even with a facility word ("Camp
# David" read as a place, dates, numbers).
_NOT_FACILITY_ENTITIES = frozenset({"GPE", "LOC", "NORP", "DATE", "TIME", "CARDINAL", "ORDINAL"})
# Dependents outside a name's phrase: clauses, appositions, coordinated names (each their
# own victim), punctuation; of prepositional phrases only 'of' stays ('Duke of York').
_OUTSIDE = frozenset({"conj", "cc", "acl", "relcl", "appos", "punct"})


def named_victims(sentences: Iterable[Any], text: str) -> list[RoleMention]:
    """Named victims of the sentences' casualty clauses, offsets into `text` (the parse's)."""
    return [
        mention
        for sent in sentences
        for token in sent
        for head in _casualty_heads(token)
        for mention in _mentions(head, text)
    ]


def claimants_of_responsibility(sentences: Iterable[Any], text: str) -> list[RoleMention]:
    """Who the sentences say claimed or accepted responsibility, when the phrase names an
    actor, with the actors coordinated with it; offsets into `text` (the parse's)."""
    return [
        mention
        for sent in sentences
        for verb in sent
        for head in _responsible_heads(verb)
        for token in [head, *_conjuncts(head)]
        if _names_actor(token)
        for mention in _span(PERPETRATOR, token, text)
    ]


def coordinated(parsed: Any, mentions: Iterable[RoleMention]) -> list[RoleMention]:
    """The phrases coordinated with each mention ("Taliban gunmen and suicide bombers"), in
    the mention's role, where no mention covers them already; offsets into the parse's text."""
    mentions = list(mentions)
    text = parse_text(parsed)
    out: list[RoleMention] = []
    for mention in mentions:
        span = parsed.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None:
            continue
        for token in _conjuncts(span.root):
            if token.pos_ not in ("NOUN", "PROPN") or span.start <= token.i < span.end:
                continue
            for new in _span(mention.role, token, text):
                if not any(
                    m.start < new.end and new.start < m.end for m in [*mentions, *out]
                ):
                    out.append(new)
    return out


def _responsible_heads(verb: Any) -> Iterator[Any]:
    if verb.lemma_ == "be" and not any(c.dep_ == "neg" for c in verb.children):
        # 'police concluded that ETA were responsible'
        if any(c.dep_ == "acomp" and c.lower_ == "responsible" for c in verb.children):
            yield from (c for c in verb.children if c.dep_ == "nsubj")
        return
    if verb.pos_ != "VERB" or verb.lemma_.lower() not in RESPONSIBILITY_LEMMAS:
        return
    if any(c.dep_ == "dobj" and c.lemma_.lower() == "responsibility" for c in verb.children):
        yield from (c for c in verb.children if c.dep_ == "nsubj")


def _names_actor(token: Any) -> bool:
    if token.pos_ == "PRON":
        return False
    words = " ".join(t.lower_ for t in _phrase(token))
    return token.ent_type_ in _ACTOR_ENTITIES or actor_kind(words) is not None


def _casualty_heads(verb: Any) -> Iterator[Any]:
    """Heads of the phrases a casualty verb says were killed or hurt."""
    if verb.pos_ != "VERB":
        return
    lemma = verb.lemma_.lower()
    if lemma in DIE_LEMMAS:
        yield from (c for c in verb.children if c.dep_ == "nsubj")
    elif lemma in CASUALTY_LEMMAS:
        subject = _passive_subject(verb)
        if subject is not None:
            yield subject
        else:
            yield from (c for c in verb.children if c.dep_ == "dobj")


def _passive_subject(verb: Any) -> Any | None:
    subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if subject is None and verb.tag_ == "VBN" and any(
        c.dep_ in ("aux", "auxpass") and c.lemma_ == "be" for c in verb.children
    ):
        # 'X was wounded' parsed with an active subject: still the one hurt.
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return subject


def _mentions(head: Any, text: str) -> Iterator[RoleMention]:
    """The head's name and the names coordinated with it ('X and Y were wounded')."""
    for token in [head, *_conjuncts(head)]:
        if token.ent_type_ == _PERSON:
            yield from _span(VICTIM, token, text)


def _span(role: str, token: Any, text: str) -> Iterator[RoleMention]:
    """The token's phrase as a mention, without the punctuation around it."""
    phrase = _phrase(token)
    start, end = phrase[0].idx, phrase[-1].idx + len(phrase[-1])
    while end > start and text[end - 1] in ".,;:'\"’”-) ":
        end -= 1
    while start < end and text[start] in "'\"‘“( ":
        start += 1
    if start < end:
        yield RoleMention(role, start, end, text[start:end])


def _conjuncts(token: Any) -> list[Any]:
    out = []
    for child in token.children:
        if child.dep_ == "conj":
            out.append(child)
            out.extend(_conjuncts(child))
    return out


def _phrase(token: Any) -> list[Any]:
    """The token's phrase without what `_OUTSIDE` names and prepositions other than 'of'."""
    skip: set[int] = set()
    for child in token.children:
        if child.dep_ in _OUTSIDE or (child.dep_ == "prep" and child.lower_ != "of"):
            skip.update(t.i for t in child.subtree)
    tokens = sorted((t for t in token.subtree if t.i not in skip), key=lambda t: t.i)
    # A contiguous run from the first kept word to the last.
    return [t for t in tokens if tokens[0].i <= t.i <= tokens[-1].i]


def struck_facilities(sentences: Iterable[Any], text: str) -> list[RoleMention]:
    """The buildings, sites and vehicles the sentences' attack clauses say were struck, with
    those coordinated with them; offsets into `text` (the parse's)."""
    return [
        mention
        for sent in sentences
        for token in sent
        for head in _struck_heads(token)
        for obj in [head, *_conjuncts(head)]
        if obj.pos_ in ("NOUN", "PROPN")
        and obj.ent_type_ not in _NOT_FACILITY_ENTITIES
        and obj.lemma_.lower() in FACILITY_LEMMAS
        for mention in _span(TARGET, obj, text)
    ]


def _struck_heads(token: Any) -> Iterator[Any]:
    """Heads of what an attack verb ('targeted a bakery', 'the embassy was bombed') or an
    attack noun ('an attack on the market') says was struck."""
    lemma = token.lemma_.lower()
    if token.pos_ == "VERB" and lemma in STRIKE_VERB_LEMMAS:
        subject = _passive_subject(token)
        if subject is not None:
            yield subject
        else:
            yield from (c for c in token.children if c.dep_ == "dobj")
    elif token.pos_ == "NOUN" and lemma in STRIKE_NOUN_LEMMAS:
        for prep in token.children:
            if prep.dep_ == "prep" and prep.lower_ in ("on", "against"):
                yield from (c for c in prep.children if c.dep_ == "pobj")


@dataclass(frozen=True, slots=True)
class ProtestSides:
    """A crowd event's two sides; `crowd_acted_on` when the crowd is what a clause's verb did
    something to ("disperse several hundred protesters", "intimidating protesters")."""

    crowd: RoleMention | None
    crowd_acted_on: bool
    force: RoleMention | None


def protest_sides(sentences: Iterable[Any], text: str) -> ProtestSides:
    """The first crowd the sentences name and the security force nearest it, offsets into
    `text` (the parse's): a crowd noun's phrase ("several hundred protesters") or else the
    subject of a verb of protest ("hundreds of people protested"); a force noun whose phrase
    reads as state forces ("Police", "riot police", "security forces"). Nearest, because a
    headline may tell a battle beside the protest ("fighting between army and KIA ... as
    junta detains protesters")."""
    crowd: tuple[Any, RoleMention] | None = None
    forces: list[tuple[int, RoleMention]] = []
    for sent in sentences:
        for token in sent:
            if token.pos_ not in ("NOUN", "PROPN") or token.dep_ == "compound":
                continue
            lemma = token.lemma_.lower()
            if crowd is None and (
                lemma in CROWD_LEMMAS
                or (token.dep_ == "nsubj" and token.head.lemma_.lower() in PROTEST_VERB_LEMMAS)
            ):
                mention = next(_span(CROWD, token, text), None)
                crowd = (token, mention) if mention is not None else None
            elif lemma in FORCE_LEMMAS:
                mention = next(_span(FORCE, token, text), None)
                if mention is not None and actor_kind(mention.text) == "state_forces":
                    forces.append((token.i, mention))
    if crowd is None:
        return ProtestSides(None, False, forces[0][1] if forces else None)
    token, mention = crowd
    nearest = min(forces, key=lambda f: abs(f[0] - token.i), default=None)
    return ProtestSides(mention, _acted_on(token), nearest[1] if nearest is not None else None)


def _acted_on(token: Any) -> bool:
    """Whether the phrase is what a verb did something to: its object, passive subject or a
    preposition's object other than the passive agent's, or a noun a verb's participle
    modifies ("intimidating protesters"); a conjunct as the phrase it is joined to."""
    if any(c.dep_ == "amod" and c.pos_ == "VERB" for c in token.children):
        return True
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    return token.dep_ in ("dobj", "nsubjpass") or (
        token.dep_ == "pobj" and token.head.lower_ != "by"
    )


# Words before an instrument that name no side: articles, counts, possessors' endings.
_NO_SIDE_DEPS = frozenset({"det", "predet", "nummod", "quantmod", "punct", "case"})
# Entity labels of the words by which a country's weapons name its forces ("Russian").
_NATION_LABELS = frozenset({"NORP", "GPE"})


def instrument_head(tokens: list[Any]) -> Any | None:
    """The head of a phrase when it names a weapon, a platform or the act itself rather than
    who acted ("A military drone strike", "the blast", "army helicopters")."""
    inside = {t.i for t in tokens}
    head = next((t for t in tokens if t.head.i not in inside or t.head.i == t.i), None)
    if head is None or head.pos_ not in ("NOUN", "PROPN"):
        return None
    return head if head.lemma_.lower() in INSTRUMENT_LEMMAS else None


def force_behind(tokens: list[Any], head: Any) -> tuple[list[Any], str] | None:
    """The words of an instrument's phrase that name the force behind it, and that force's
    kind: "military" of "A military drone strike", "Burkina Faso army" of "a Burkina Faso
    army drone strike", "Russian" of "Russian missiles" (the country's forces). None where
    they name no one ("the blast", "a car bomb"): the actor is then unidentified. A possessor
    is left out: it may be the side hit ("the police commander's assassination")."""
    owned = {s.i for c in head.children if c.dep_ == "poss" for s in c.subtree}
    words = [
        t for t in tokens
        if t.i < head.i and t.i not in owned and t.dep_ not in _NO_SIDE_DEPS and not t.like_num
    ]
    while words and words[-1].lemma_.lower() in INSTRUMENT_LEMMAS:
        words.pop()
    whole = actor_kind(" ".join(t.text for t in tokens))
    kind = actor_kind(_joined(words)) if words else None
    if kind is None:
        nation = [t for t in words if t.ent_type_ in _NATION_LABELS]
        return (nation, whole) if whole is not None and nation else None
    # Words that add nothing to the side: 'army armed (vehicles)', 'the latest terrorist
    # (attacks)'; not a nation's word, which says whose force it is ('salvadoran air force').
    while len(words) > 1 and actor_kind(_joined(words[:-1])) == kind:
        words.pop()
    while (
        len(words) > 1 and words[0].pos_ == "ADJ" and not words[0].ent_type_
        and name_key(words[0].text) not in country_demonyms()
        and actor_kind(_joined(words[1:])) == kind
    ):
        words.pop(0)
    return words, kind


def _joined(tokens: list[Any]) -> str:
    return " ".join(t.text for t in tokens)


def attacked_subject(verb: Any) -> Any | None:
    """The subject of a clause that says it was acted on rather than that it acted: a
    passive subject ('an army convoy was ambushed', not 'the rebels were engaged in
    fighting', which took part), or the subject of a verb by which it
    came under an attack ('A supply convoy ... came under attack', 'the base was under heavy
    fire'; 'the convoy left Gao and came under fire' shares its subject)."""
    own = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if own is not None and own.dep_ == "nsubjpass":
        return None if verb.lemma_.lower() in TAKING_PART_LEMMAS else own
    if tripped(verb):
        return own
    if under_attack(verb) is None:
        return None
    if own is None and verb.dep_ == "conj":
        return next((c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return own


def under_attack(verb: Any) -> Any | None:
    """The attack noun a verb says its subject came, fell or was under ('came under attack',
    'came under heavy fire', 'was under rocket attack'), or None."""
    if verb.lemma_.lower() not in UNDER_VERBS:
        return None
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ == "under":
            obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if obj is not None and obj.lemma_.lower() in UNDER_ATTACK_LEMMAS:
                return obj
    return None


def tripped(verb: Any) -> bool:
    """Whether the verb says its subject set off an explosive ('the convoy struck an
    improvised explosive device', 'a patrol vehicle hit a landmine', 'ran over a mine')."""
    if verb.lemma_.lower() not in TRIPPING_VERBS:
        return False
    preposition = TRIPPING_VERBS[verb.lemma_.lower()]
    if preposition is None:
        objects = [c for c in verb.children if c.dep_ == "dobj"]
    else:
        objects = [
            o for c in verb.children if c.dep_ in ("prep", "prt") and c.lower_ == preposition
            for o in (*c.children, *verb.children) if o.dep_ in ("pobj", "dobj")
        ]
    return any(o.lemma_.lower() in TRIPPED_EXPLOSIVE_LEMMAS for o in objects)


def names_group_again(token: Any) -> bool:
    """'the group', 'the militia', 'the movement' as a phrase of its own: the armed group a
    story named before ('the Houthis said the group had targeted a ship'), not 'the armed
    group' or 'the group of villagers'."""
    return token.lower_ in GROUP_NOUNS and [c.lower_ for c in token.children] == ["the"]
