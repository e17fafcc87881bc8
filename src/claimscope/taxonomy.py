"""ACLED's event taxonomy (6 event types, 25 sub-event types, one-line definitions), the
trigger rules that type a sentence into it, and the kinds of actors that take part.

Source: ACLED Codebook (2023), section "Event types and sub-event types". The disorder
type follows the codebook: political violence, demonstrations, strategic developments.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from claimscope.data.lexicon import (
    ACTOR_KIND_KEYWORDS,
    EVENT_TRIGGERS,
    NON_STATE_WEAPON_DEMONYMS,
    STATE_WEAPON_WORDS,
    TRIGGER_REFINEMENTS,
    keyword_pattern,
)
from claimscope.gazetteer import country_demonyms


@dataclass(frozen=True, slots=True)
class SubEventType:
    event_type: str
    sub_event_type: str
    disorder_type: str
    definition: str


BATTLES = "Battles"
EXPLOSIONS = "Explosions/Remote violence"
VIOLENCE_CIVILIANS = "Violence against civilians"
PROTESTS = "Protests"
RIOTS = "Riots"
STRATEGIC = "Strategic developments"

EVENT_TYPES: tuple[str, ...] = (
    BATTLES,
    EXPLOSIONS,
    VIOLENCE_CIVILIANS,
    PROTESTS,
    RIOTS,
    STRATEGIC,
)

_PV = "Political violence"
_DEMO = "Demonstrations"
_SD = "Strategic developments"

SUB_EVENT_TYPES: tuple[SubEventType, ...] = (
    SubEventType(BATTLES, "Government regains territory", _PV,
                 "Government forces or their affiliates regain control of a location."),
    SubEventType(BATTLES, "Non-state actor overtakes territory", _PV,
                 "A non-state armed group or its affiliates take control of a location."),
    SubEventType(BATTLES, "Armed clash", _PV,
                 "Armed, organised groups fight each other with no change of territory."),
    SubEventType(EXPLOSIONS, "Chemical weapon", _PV,
                 "Chemical weapons are used in warfare, with or without casualties."),
    SubEventType(EXPLOSIONS, "Air/drone strike", _PV,
                 "Air or drone strikes by aircraft, helicopters or drones."),
    SubEventType(EXPLOSIONS, "Suicide bomb", _PV,
                 "A suicide bomber, vehicle or vest detonates explosives."),
    SubEventType(EXPLOSIONS, "Shelling/artillery/missile attack", _PV,
                 "Long-range artillery, rockets, missiles or mortars hit a location."),
    SubEventType(EXPLOSIONS, "Remote explosive/landmine/IED", _PV,
                 "Remotely or victim-activated explosives: IEDs, landmines, car bombs."),
    SubEventType(EXPLOSIONS, "Grenade", _PV,
                 "A grenade or other hand-thrown explosive is used."),
    SubEventType(VIOLENCE_CIVILIANS, "Sexual violence", _PV,
                 "Sexual violence against civilians by an armed, organised group."),
    SubEventType(VIOLENCE_CIVILIANS, "Attack", _PV,
                 "An armed, organised group attacks unarmed civilians."),
    SubEventType(VIOLENCE_CIVILIANS, "Abduction/forced disappearance", _PV,
                 "An armed, organised group abducts or forcibly disappears civilians."),
    SubEventType(PROTESTS, "Peaceful protest", _DEMO,
                 "Demonstrators gather without violence and without intervention."),
    SubEventType(PROTESTS, "Protest with intervention", _DEMO,
                 "A peaceful protest is physically dispersed or suppressed without serious harm."),
    SubEventType(PROTESTS, "Excessive force against protesters", _PV,
                 "Lethal or serious force is used against peaceful protesters."),
    SubEventType(RIOTS, "Violent demonstration", _DEMO,
                 "Demonstrators engage in violence or vandalism."),
    SubEventType(RIOTS, "Mob violence", _PV,
                 "Rioters violently interact with other rioters, civilians or property."),
    SubEventType(STRATEGIC, "Agreement", _SD,
                 "Groups sign an agreement: ceasefire, peace deal, prisoner exchange."),
    SubEventType(STRATEGIC, "Arrests", _SD,
                 "State forces or others detain individuals or groups."),
    SubEventType(STRATEGIC, "Change to group/activity", _SD,
                 "A group changes its structure or activity: mergers, new recruitment, "
                 "weapons seizures, troop movements."),
    SubEventType(STRATEGIC, "Disrupted weapons use", _SD,
                 "An attack is prevented: weapons defused, intercepted or shot down."),
    SubEventType(STRATEGIC, "Headquarters or base established", _SD,
                 "An armed group establishes a base, post or headquarters."),
    SubEventType(STRATEGIC, "Looting/property destruction", _SD,
                 "Property is looted or destroyed outside of other violence."),
    SubEventType(STRATEGIC, "Non-violent transfer of territory", _SD,
                 "Territory changes hands without fighting (withdrawal, hand-over)."),
    SubEventType(STRATEGIC, "Other", _SD,
                 "A significant development that fits no other sub-event type."),
)

BY_SUB_EVENT: dict[str, SubEventType] = {s.sub_event_type: s for s in SUB_EVENT_TYPES}


def event_type_of(sub_event_type: str) -> str:
    return BY_SUB_EVENT[sub_event_type].event_type


_TRIGGERS = tuple((re.compile(pattern), sub_type) for pattern, sub_type in EVENT_TRIGGERS)
# Whether any trigger occurs at all, in one scan: most sentences have none, and one search
# for the alternation of all the patterns costs a third of searching for each in turn.
_ANY_TRIGGER = re.compile("|".join(f"(?:{pattern})" for pattern, _ in EVENT_TRIGGERS))
_REFINEMENTS = tuple(
    (source, re.compile(context), target) for source, context, target in TRIGGER_REFINEMENTS
)


def find_trigger(
    sentence: str, context: str = "", *, refine: bool = True
) -> tuple[str, tuple[int, int]] | None:
    """The sub-event type a sentence reports and where its trigger is, or None.

    `context` (the sentence and the next one of its paragraph, lower-cased) is where a
    refinement looks: "Police fired tear gas" after a protest makes it an intervention.
    With `refine=False` only the refinements that cancel a trigger apply ("smoke grenades",
    "missile tests" are no attack): the trigger's own sub-type is what the event-type
    model reads beside the sentence.
    """
    if _ANY_TRIGGER.search(sentence) is None:
        return None
    for pattern, sub_type in _TRIGGERS:
        match = pattern.search(sentence)
        if match is None:
            continue
        refined: str | None = sub_type
        for source, pattern_, target in _REFINEMENTS:
            if not refine and target is not None:
                continue
            if source == sub_type and pattern_.search(context or sentence):
                refined = target
                break
        if refined is not None:
            return refined, match.span()
    return None


_INTERVENTION = next(
    pattern for source, pattern, target in _REFINEMENTS
    if source == "Peaceful protest" and target == "Protest with intervention"
)


def codebook_protest(sub_type: str, sentence: str) -> str:
    """ACLED's codebook line between a peaceful protest and one met by force: a protest the
    sentence says was dispersed, tear-gassed or its marchers arrested is a "Protest with
    intervention", whatever the event-type model read. `sentence` is lower-cased."""
    if sub_type == "Peaceful protest" and _INTERVENTION.search(sentence):
        return "Protest with intervention"
    return sub_type


_ACTOR_KINDS = tuple((kind, keyword_pattern(words)) for kind, words in ACTOR_KIND_KEYWORDS)


# A force named for "the people" ("People's Defence Force", "People's Protection Units") is
# an armed group, not the civilians its first word would make it; China's army is a state's.
_PEOPLES_FORCE = re.compile(
    r"(?<!\w)people's(?:\s+\w+){0,3}?\s+(?:army|armed police|forces?|front|units|militias?"
    r"|guards?|defen[cs]e|mujahedin|mujahideen)(?!\w)"
)
_STATE_PEOPLES_FORCES = ("people's liberation army", "people's armed police")
# An army or armed forces named for liberation or revolution is a rebel group's, not a
# state's ("the Army of National Liberation", "Zarate Willka Liberation Armed Forces", "the
# Revolutionary Armed Forces of Colombia"); China's is caught above.
_LIBERATION_FORCE = re.compile(
    r"(?<!\w)(?:liberation\s+(?:army|armed\s+forces)|(?:army|armed\s+forces)\s+(?:of\s+)?"
    r"(?:national\s+)?liberation|revolutionary\s+armed\s+forces|free\s+syrian\s+army)(?!\w)"
)


def actor_kind(text: str) -> str | None:
    """The ACLED kind of actor a phrase names ("JNIM fighters": rebel_group), if any."""
    lower = text.lower().replace("\u2019", "'")
    force = _PEOPLES_FORCE.search(lower)
    if force is not None:
        named = force.group()
        return "state_forces" if named in _STATE_PEOPLES_FORCES else "rebel_group"
    kind = next((kind for kind, pattern in _ACTOR_KINDS if pattern.search(lower)), None)
    if kind == "state_forces" and _LIBERATION_FORCE.search(lower) is not None:
        # "the Army of National Liberation", "Kosovo Liberation Army": rebels.
        kind = "rebel_group"
    if kind is None and _state_weapon().search(lower) is not None:
        # "Russian missiles", "Israeli warplanes": the country's forces fired them.
        kind = "state_forces"
    return kind


@cache
def _state_weapon() -> re.Pattern[str]:
    """A country's demonym, then up to two words ("Russian cruise missiles", "Israeli
    fighter jets"), then a weapon or military platform (`lexicon.STATE_WEAPON_WORDS`)."""
    demonyms = sorted(
        (d for d in country_demonyms() if d not in NON_STATE_WEAPON_DEMONYMS),
        key=len, reverse=True,
    )
    weapons = keyword_pattern(STATE_WEAPON_WORDS).pattern.removeprefix(r"(?<!\w)")
    names = "|".join(re.escape(d).replace(r"\ ", r"[\s-]+") for d in demonyms)
    return re.compile(rf"(?<!\w)(?:{names})(?:\s+[\w-]+){{0,2}}?\s+{weapons}")
