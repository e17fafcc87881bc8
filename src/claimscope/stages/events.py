"""Events: ACLED-typed events with actors, place, date, status and per-claimant fatalities.

A sentence with an event trigger starts an event, or extends the previous one when it adds
no conflicting place or date (the same operation told twice). Two independent clauses with
a trigger each are read as two sentences ("Houthi forces fired missiles at a ship, and the
U.S. carried out strikes near Hodeidah"). A sentence that only gives
casualty figures ("They insist that over 20 soldiers were killed") extends the last event
up to two paragraphs on, and names who killed whom where the first sentence did not.
The outlet asserts what its own words tell, whatever else they deny ("Gunmen killed three
people, but the army did not attack the village" occurred). Triggers inside proper names
("West Africa Dispatch") are not events, nor, once the story has its own event, triggers in
a tally mentioned in passing ("a war in which 70,000 have died"), in violence told as going
on or repeated ("attacks have continued", "attacked repeatedly") or named as the cause of
what the sentence tells ("suspended following an attack"). A trigger in a negated or merely
possible clause hides no other trigger of the sentence, and a clause joined to it with a
subject of its own is out of its negation's reach ("Police did not disperse the protesters,
but unidentified men shot dead two traders" tells the killing). The verb "fought" starts an
event only with an armed side among its parties ("the rebels fought the army", not "the
family fought the charges").
Where it happened is a place the text puts it in ("in", "near") or an attack verb takes
("missiles struck Kyiv"). Who acted is the clause's subject or "by" agent, but not a subject the
clause says was attacked ("a supply convoy came under attack", "soldiers were ambushed") or
set off an explosive ("the convoy struck an improvised explosive device"): that is the side
hit (actor2), and who acted is the attack's "by" or "from" phrase ("came under attack from
suspected jihadists"), or no one named; an unnamed patrol, garrison or outpost hit is a
state force's. A passive that says its subject took part ("the rebels were engaged in
fighting") names who acted.
Where the actor names a weapon, a platform or the act itself ("A military drone strike
killed 28", "the blast"), it is the force the phrase's own words name ("military"), or no
one's of a known kind. The
teller of a clause without a subject of its own ("there have been two attacks, the army
said") did not do what it tells. Claims are linked to
the events whose evidence they overlap (through a figures-only sentence, only the claims that
give figures); each linked claim's casualty figures (in the event's own clauses, and not a
denial's of another claim's very words) become one `Fatalities` entry, so that
contradicting claimants sit side by side.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from claimscope.config import Settings
from claimscope.data.lexicon import (
    ABSTRACT_FOES,
    BACKGROUND_MARKERS,
    CAMPAIGN_NOUNS,
    CASUALTY_PREDICATES_AFTER,
    CASUALTY_VERBS_BEFORE,
    CUE_VERBS,
    ENTITLEMENT_NOUNS,
    FUTURE_MARKERS,
    IRREALIS_GOVERNORS,
    IRREALIS_MODALS,
    ITERATIVE_MARKERS,
    MEMBER_NOUNS,
    NEWS_DAY_MARKERS,
    REACTION_VERBS,
    SOURCE_KIND_KEYWORDS,
    STRIKE_VERBS,
    TELLING_VERBS,
    keyword_pattern,
)
from claimscope.data.role_words import FACILITY_LEMMAS
from claimscope.document import (
    COUNTRY_PRECISION,
    DATELINE_NOTE,
    DEMONYM_NOTE,
    EMBEDDED_NOTE,
    REGION_PRECISION,
    Actor,
    Claim,
    DateMention,
    Document,
    Event,
    EventDate,
    EventLocation,
    EventStatus,
    Fatalities,
    Place,
    Quantity,
    Span,
)
from claimscope.event_model import EventTypeModel, default_model
from claimscope.gazetteer import haversine_km
from claimscope.lang.token_view import span_text
from claimscope.pipeline import register
from claimscope.stages.clause_roles import (
    TAKING_PART_LEMMAS,
    attacked_subject,
    force_behind,
    instrument_head,
    names_group_again,
    tripped,
    under_attack,
)
from claimscope.stages.language import paragraph_index, paragraph_starts, parse, publication_date
from claimscope.taxonomy import (
    BATTLES,
    EXPLOSIONS,
    VIOLENCE_CIVILIANS,
    actor_kind,
    codebook_protest,
    event_type_of,
    find_trigger,
)

_CASUALTY_UNITS = ("killed", "killed_or_injured", "injured")
_ASSOCIATION_CUES = ("backed", "supported", "aided", "assisted", "accompanied", "alongside")
# A locative preposition, then at most a few words ("in Syria's southwestern", "in the
# southern countryside of", "near the villages of al-Sukhnah and"), right before the place.
_LOCATIVE_BEFORE = re.compile(
    r"\b(?:in|near|at|across|outside|around|into|inside|through|throughout|along|from|towards?|"
    r"of|north|south|east|west|between|on|over)\s+(?:[\w'’-]+,?\s+){0,4}$",
    re.IGNORECASE,
)
_SPLIT_SUB_TYPES = frozenset({
    "Headquarters or base established", "Looting/property destruction", "Arrests",
    "Peaceful protest",
})
# Crowd events in which the authorities act on the crowd: arrests there are part of them.
_MET_BY_FORCE = frozenset({
    "Protest with intervention", "Excessive force against protesters", "Violent demonstration",
})
# A crowd event's sub-types from least to most: one protest told in steps is coded as the
# most it came to (ACLED: violent demonstrators make a riot; lethal force, excessive force).
_CROWD_SEVERITY = (
    "Peaceful protest", "Protest with intervention", "Violent demonstration",
    "Excessive force against protesters",
)
# Words of a seizure: what a fight left to the side that held the ground.
_SEIZED = re.compile(r"\b(?:recover\w*|seiz\w*|captur\w*|confiscat\w*|took|taken)\b")
# Weapons an air defence stops, by family ('drones', 'a ballistic missile'), and the words
# for stopping them.
_AERIAL_WEAPON = re.compile(r"\b(drone|missile|rocket|projectile)s?\b")
_INTERCEPTED = re.compile(r"\b(?:intercept\w*|shot down|shoot\w* down|downed)\b")
_THEM = re.compile(r"\b(?:all|most|some|each|several|many) of them\b|\bintercepted them\b")
_ALL_STOPPED = re.compile(
    r"\b(?:all|every one|each) of them\b|\ball (?:\w+ ){0,3}(?:were|was) (?:intercepted|shot down)"
)
_BACKGROUND = re.compile("|".join(BACKGROUND_MARKERS))
_NEWS_DAY = re.compile("|".join(NEWS_DAY_MARKERS))
_ITERATIVE = re.compile("|".join(ITERATIVE_MARKERS))
# A sentence that opens on the attack or its participants goes on telling that attack...
_PARTICIPANT_OPENING = re.compile(
    r"^\W*the (?:\w+ )?(?:assailants|attackers|gunmen|militants|fighters|insurgents|convoy|"
    r"camp|attack|assault|raid|ambush|post|base)\b"
)
# A violent sentence that names the convoy or camp again ('12 soldiers were killed when the
# convoy struck an improvised explosive device') tells the same attack.
_PARTICIPANT_NAMED = re.compile(r"\bthe (?:\w+ )?(convoy|camp|post|base|patrol)\b")
# ...unless it says it is another one.
_ANOTHER_EVENT = re.compile(r"\b(?:separately|elsewhere|another|meanwhile|in a separate)\b")
# "will " is a forecast, "goodwill " is not.
_FUTURE = keyword_pattern(FUTURE_MARKERS, ending="stem")
_CASUALTY_WORDS = re.compile(
    r"\b(?:casualties|death toll|killed|dead|wounded|injured|neutrali[sz]ed|losses)\b"
)
_PRONOUNS = frozenset({"it", "they", "he", "she", "we"})
# ACLED's kinds of armed group that are no state force.
_NON_STATE_KINDS = frozenset({"rebel_group", "political_militia", "identity_militia"})
_DEFINITE = frozenset({"the", "this", "that", "these", "those"})
_QUOTED = re.compile(r"“[^”\n]*”|\"[^\"\n]*\"")
# Nouns that point back to an event whatever its type, and the words that told it.
_GENERIC_EVENT_NOUNS: dict[str, tuple[str, ...]] = {
    "blast": ("blast", "explosion", "exploded", "explode"),
    "explosion": ("blast", "explosion", "exploded", "explode"),
    "incident": (),
}
# What a violent event does to people: a trigger these follow is their cause, not a recollection.
_OUTCOME_LEMMAS = frozenset({"die", "kill", "wound", "injure", "succumb", "hurt"})
# Sub-types ACLED's codebook assigns by the weapon alone, whatever else the sentence says.
_CODEBOOK_TYPES = frozenset({"Chemical weapon", "Suicide bomb"})
_POSSESSIVES = frozenset({"its", "their"})
# Entity labels of proper names whose words are never an event ("West Africa Dispatch").
_NAME_LABELS = frozenset({
    "ORG", "GPE", "PERSON", "WORK_OF_ART", "FAC", "LOC", "NORP", "ARMED_GROUP", "PRODUCT",
})
_TEMPORAL_LABELS = frozenset({"DATE", "TIME"})
# Relations through which a trigger's mood is its governor's ("willing to fight", "put up
# a fight"), and how many of them to climb; a reported clause ("said that ...") stops it.
# "accused of organising protests": a charge's acts and verbs.
_CHARGED_ACTS = frozenset({
    "organise", "organize", "organising", "organizing", "plan", "planning", "plot", "plotting",
    "incite", "inciting", "finance", "financing", "support", "supporting", "prepare",
})
_CHARGING_VERBS = frozenset({"accuse", "accused", "charge", "charged", "suspect", "suspected",
                             "convict", "convicted", "arrest", "arrested", "detain", "detained"})
_GOVERNED_BY = frozenset({"xcomp", "dobj", "pobj", "prep", "acomp", "conj", "compound"})
_MAX_GOVERNORS = 5
# The triggers of one sentence read before it is taken to tell no event: a sentence seldom
# has more clauses than this.
_MAX_TRIGGERS = 3
_VIOLENT_TYPES = frozenset({BATTLES, EXPLOSIONS, VIOLENCE_CIVILIANS})
# Developments a report of violence tells as the response to it (troops deployed, a base set
# up), which give way to the violence's toll in the same sentence.
_RESPONSE_TYPES = frozenset({"Change to group/activity", "Headquarters or base established"})
# Relations inside one noun phrase, or between joined phrases ("tear gas", "drones and missiles").
_PHRASE_DEPS = frozenset({"compound", "amod", "nmod", "conj"})
# How many paragraphs after an event a sentence of figures alone may still speak of it: a
# paragraph of reactions often sits between the event and the other claimants' tolls.
_FIGURES_REACH = 2
# How far from an event's place the region a definite noun ('the fighting', 'the clashes')
# places itself in may lie and still name that event: a district's breadth.
_ANAPHOR_REACH_KM = 100.0
# Violence dated more than this many days before publication, told as the reason for
# something, is recalled, not reported.
_RECALL_DAYS = 14
# A casualty verb right before the count, across quotes and brackets.
_KILL_BEFORE = re.compile(
    r"\b(" + "|".join(map(re.escape, CASUALTY_VERBS_BEFORE)) + r")[\s\"'“”‘’(]*$"
)
# A predicate after the count, in the same clause: no new clause or quote cue in between.
_KILL_AFTER = re.compile(
    r"^[^.;:!?]{0,80}?\b(?:were|was|are|is|have been|had been)\s+(?:all\s+|also\s+)?("
    + "|".join(map(re.escape, sorted(CASUALTY_PREDICATES_AFTER, key=len, reverse=True)))
    + r")\b"
)
_PASSIVE_KILLING = re.compile(
    r"\b(?:was|were|has been|have been|had been)\s+(?:(?P<adverb>\w+)\s+)?(?:killed|murdered|"
    r"slain|shot|wounded|injured)\b"
)
# 'Troops killed five militants': an armed side killing a counted number, told actively.
_ACTIVE_KILLING = re.compile(
    r"\b(?:killed|shot dead|gunned down|massacred)\s+(?:at least\s+|more than\s+|some\s+|"
    r"about\s+|nearly\s+|up to\s+|over\s+)?(?:\d[\d,]*|two|three|four|five|six|seven|eight|"
    r"nine|ten|eleven|twelve|dozens|scores|hundreds)\b"
)
_NEGATED = re.compile(r"\b(?:not|never|no)\b")
# 'the Russian centre in Hmeimim said', where the claims stage found no source: a place right
# before a verb of saying is where the speaker sits.
_SAID_AFTER = re.compile(r"[ \t]+(?:said|says|reported|announced|stated|told)\b")
_SUBJECT_CUTS = (",", ";", " said ", " says ", " that ", " told ", " when ", " after ")
_NOBODY = re.compile(r"\b(?:no|nobody|none|no one|neither)\b")
_NOT_VIOLENCE = re.compile(
    r"\b(?:accident|crash|collision|earthquake|flood|storm|landslide|avalanche|blaze|collaps|"
    r"drown|disease|illness|outbreak|epidemic|heart attack|overdose|traffic|lightning|"
    r"stampede|hurricane|cyclone|typhoon|heatwave|tornado|derail|capsiz|volcan|erupt|tsunami|"
    r"wildfire)\w*"
)
_NEW_CLAUSE = re.compile(r"\b(?:that|said|says|told|who|which|while|whereas)\b")
_KILL_LEMMAS = frozenset({
    "kill", "wound", "injure", "neutralise", "neutralize", "eliminate", "massacre", "execute",
})
# Heads of a phrase that name a body of government, politics or public life rather than a
# force or a place: the claimant words of the government kind ("ministry", "governor",
# "parliament"), the political bodies the actor kinds count as a side ("the government",
# "the opposition") and the institutions news criticises ("the court", "the university").
# Put under attack or fire, such a body is criticised ("The Interior Ministry came under fire
# from lawmakers", "the opposition came under attack in parliament").
_POLITICAL_BODIES = frozenset(dict(SOURCE_KIND_KEYWORDS)["government"]) | frozenset({
    "opposition", "regime", "coalition", "junta", "party", "parties", "security", "office",
    "court", "university", "college", "bank", "club",
})
# Heads, besides the words of an actor kind ("troops", "civilians"), of the literal parties a
# clause may put under attack or fire: sites, installations and vehicles ("a convoy", "the
# checkpoint"), the settlements and positions they hold ("the village came under fire"), and
# the units and fighters of a force that `actor_kind` knows only by its name ("Islamic
# State fighters", "a Malian army unit").
_SETTLEMENTS = frozenset({"village", "town", "hamlet", "locality"})
_PHYSICAL_PARTIES = (FACILITY_LEMMAS - _POLITICAL_BODIES) | _SETTLEMENTS | frozenset({
    "position", "patrol", "unit", "squad", "brigade", "battalion", "column", "commando",
    "fighter", "guerrilla", "gunman", "soldier", "officer", "personnel", "guard", "gendarme",
    "peacekeeper", "policeman",
})
# Heads of the side hit that, unnamed, are a state force's ("A patrol came under attack",
# "the garrison was attacked"); a rebel one is named so ("a JNIM patrol": rebel_group).
# Only as the side a clause says was attacked: as a general actor kind, lower-cased MUC-4's
# "members of the peasant defense patrol" and "reconnaissance patrol ... units" read as state
# forces (train out of fold 0.3346 -> 0.3343). Not 'unit', 'column' or 'convoy', which also
# name rebels' units, a column of smoke and aid or trade convoys.
_FORCE_POSTS = frozenset({"patrol", "garrison", "outpost"})
# The reason a body is 'under fire' for or over ('came under fire for his remarks', 'over her
# comments'): criticism, not an attack.
_REASON_PREPOSITIONS = frozenset({"for", "over"})
# Actor kinds that fight: the sides an attack a clause puts a party under comes from.
_ARMED_KINDS = frozenset({"state_forces", "rebel_group", "political_militia", "external_forces"})
# The sub-type an attack noun a party came under reports, where no trigger word names one.
_UNDER_ATTACK_TYPES = {
    "shelling": "Shelling/artillery/missile attack",
    "bombardment": "Shelling/artillery/missile attack",
    "barrage": "Shelling/artillery/missile attack",
    "airstrike": "Air/drone strike",
}
# Victim groups of the same kind are one count (take the lowest claim); different kinds add up.
_WHO_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("civilians", ("civilian", "people", "children", "women", "villager", "resident",
                   "worshipper", "patient", "student", "farmer", "person", "passenger")),
    ("state_forces", ("soldier", "troop", "servicem", "government", "army", "officer",
                      "police", "pro-government", "security", "gendarme", "marine")),
    ("armed_group", ("member", "militant", "terrorist", "fighter", "insurgent", "rebel",
                     "jihadist", "gunm", "militia", "guerrilla", "guerilla")),
)


@dataclass(slots=True)
class _Draft:
    sub_event_type: str
    trigger: tuple[int, int]
    sentence: tuple[int, int]
    paragraph: int
    expected: bool
    actor1: Actor | None
    actor2: Actor | None
    place: Place | None
    date: DateMention | None
    evidence: list[tuple[int, int]] = field(default_factory=list)
    # Sentences that joined only for their casualty figures ("Officials said 20 died").
    figures_only: list[tuple[int, int]] = field(default_factory=list)


@register("events")
class EventsStage:
    name = "events"
    requires: tuple[str, ...] = ("parse", "sentences", "places", "dates", "claims")
    assigns: tuple[str, ...] = ("events",)

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.model = default_model(settings.model_name("event_types"))

    def __call__(self, doc: Document) -> Document:
        parsed, offset = parse(doc)
        drafts: list[_Draft] = []
        starts = paragraph_starts(doc.text, offset)
        sentences = [clause for sent in parsed.sents for clause in _own_events(sent)]
        # Read once: spaCy rebuilds `Span.text` from its tokens on every read.
        texts = [span_text(sent) for sent in sentences]
        typed, typed_killing = _typed_triggers(doc, sentences, texts, offset, self.model)
        for index, sent in enumerate(sentences):
            start, end = offset + sent.start_char, offset + sent.end_char
            paragraph = paragraph_index(starts, start)
            if doc.in_boilerplate(start, end) or not texts[index].strip():
                continue
            found = typed.get(index)
            lower = texts[index].lower()
            tally = _BACKGROUND.search(lower) is not None
            # A trigger in a tally mentioned in passing, after the story's own event ("a civil
            # war in which 70,000 have died", "death squads murdered hundreds in the past few
            # years"), or in violence told as going on or repeated ("attacks on convoys ... have
            # continued", "convoys have been attacked repeatedly"), starts no event and joins
            # none: ACLED codes incidents, and such summaries are context. The sentence still
            # counts where it dates itself to the news day ("on Monday they attacked ...").
            # Before any event, such a sentence may be what the story is about. A trigger
            # merely dated years back still does: a new report can be the news about an old
            # attack ("3 chemical attacks in March 2017" in a 2020 story). (The repetition
            # markers are looked for only where they would matter: most sentences have no
            # trigger.)
            if (
                found is not None
                and drafts
                and (tally or _ITERATIVE.search(lower) is not None)
                and _NEWS_DAY.search(lower) is None
            ):
                continue
            if (
                found is not None
                and drafts
                and found[0] in _RESPONSE_TYPES
                and event_type_of(drafts[-1].sub_event_type) in _VIOLENT_TYPES
                and _gives_casualties(doc, start, end)
            ):
                # 'the governor said 12 people had been killed in the attack and that security
                # forces had been deployed': the toll of the story's violence, and a response
                # ACLED does not code, not a new development that takes the toll. (An
                # interception or an arrest is an incident of its own.)
                found = None
            if found is None:
                background = tally or _long_ago(doc, start, end)
                if (
                    drafts
                    and _gives_casualties(doc, start, end)
                    and paragraph - drafts[-1].paragraph <= _FIGURES_REACH
                    and not background
                    and not _told_elsewhere(doc, sent, offset, drafts[-1])
                ):
                    drafts[-1].evidence.append((start, end))
                    drafts[-1].figures_only.append((start, end))
                    drafts[-1].paragraph = paragraph
                    _actors_from_casualties(doc, sent, offset, drafts[-1])
                    continue
                found = None if background else typed_killing.get(index)
                if found is None:
                    continue
            sub_type, (t_start, t_end) = found
            new = _draft(doc, sent, offset, sub_type, (t_start + start, t_end + start), paragraph)
            if drafts and (
                _recalled_as_cause(doc, sent, (t_start, t_end), new)
                or (_cause_in_passing(sent, (t_start, t_end))
                    and _dated_apart(doc, start, end, drafts[-1]))
            ):
                # 'the dialogue was suspended in October following a dynamite attack': the
                # cause told of another day than the event just told is neither it nor news.
                continue
            if len(drafts) == 1 and _headline_of(doc, drafts[0], new):
                # The body's account is the more precise: it keeps its own place and date.
                new.evidence[:0] = drafts[0].evidence
                new.figures_only[:0] = drafts[0].figures_only
                new.actor1 = new.actor1 or drafts[0].actor1
                new.actor2 = new.actor2 or drafts[0].actor2
                drafts[0] = new
            elif drafts and (
                _same_event(drafts[-1], new)
                or _damage_of(drafts[-1], new)
                or _spoils_of(doc, drafts[-1], new)
                or _interception_of(doc, drafts[-1], new)
                or _part_of(doc, drafts[-1], new)
                or _arrests_at(drafts[-1], new)
            ):
                _absorb(drafts[-1], new)
            elif drafts and _same_protest(drafts[-1], new):
                # Coded once, as the most the crowd did or suffered; not as what a claimant
                # denies ('organisers denied that protesters had burned tyres').
                if not _denied(doc, new.trigger[0]):
                    drafts[-1].sub_event_type = max(
                        drafts[-1].sub_event_type, new.sub_event_type, key=_CROWD_SEVERITY.index
                    )
                _absorb(drafts[-1], new)
            elif drafts and _cause_in_passing(sent, (t_start, t_end)):
                continue
            elif (told := _told_before(sent, (t_start, t_end), drafts, new)) is not None:
                _absorb(told, new)
            elif drafts and (
                _version_of(doc, sent, drafts[-1], new)
                or _same_blast_site(drafts[-1], new)
                or _quoted_in_denial(doc, drafts[-1], new)
            ):
                _absorb(drafts[-1], new)
            else:
                drafts.extend(_split_by_place(doc, new))
        doc.events = [_event(doc, f"event{i + 1}", d) for i, d in enumerate(drafts)]
        _link_claims(doc, {f"event{i + 1}": d.figures_only for i, d in enumerate(drafts)})
        for event in doc.events:
            _settle(doc, event)
        return doc


_Found = tuple[str, tuple[int, int]]


# Words opening a clause set against the one before: 'X shelled Kherson, while drones ...'.
_CONTRASTING = frozenset({"while", "whereas"})


def _own_events(sent: Any) -> list[Any]:
    """A sentence, or its independent clauses where each tells an event of its own: 'Houthi
    forces fired missiles at a ship, and the U.S. carried out strikes near Hodeidah' is two
    incidents, each with its own actors and place. Clauses are split where the second has
    its own subject after ', and' / ', while' / ', but' / ';'; each clause is then read as a
    sentence."""
    root = sent.root
    clauses = [
        c for c in root.children
        if c.pos_ in ("VERB", "AUX") and c.i > root.i and (
            c.dep_ == "conj"
            or (c.dep_ == "advcl" and any(
                m.dep_ == "mark" and m.lower_ in _CONTRASTING for m in c.children))
        )
    ]
    for conj in clauses:
        if not any(c.dep_ in ("nsubj", "nsubjpass") and c.i < conj.i for c in conj.children):
            continue
        second = conj.left_edge.i
        while sent.doc[second].dep_ == "mark" and second < conj.i:
            second += 1
        cut = second
        while cut > root.i + 1 and sent.doc[cut - 1].dep_ in ("cc", "punct", "mark"):
            cut -= 1
        if not any(t.text in (",", ";") for t in sent.doc[cut:second]):
            continue
        first_part, second_part = sent.doc[sent.start : cut], sent.doc[second : sent.end]
        if len(first_part) < 4 or len(second_part) < 4:
            continue
        if all(
            find_trigger(span_text(part).lower(), refine=False) is not None
            for part in (first_part, second_part)
        ):
            return [first_part, second_part]
    return [sent]


def _typed_triggers(
    doc: Document,
    sentences: list[Any],
    texts: list[str],
    offset: int,
    model: EventTypeModel,
) -> tuple[dict[int, _Found], dict[int, _Found]]:
    """Per sentence index, the sub-event type its trigger reports and the trigger's span,
    for sentences with a trigger (first map) and for those that only say someone was
    killed (second map, used where no earlier event takes the sentence's figures).
    `texts` are the sentences' texts.

    The trigger rules find the candidates; the event-type model (`claimscope.event_model`)
    decides the sub-type, or that the candidate is no event, from the sentence and the
    trigger's own type. Where ACLED's codebook defines the sub-type by the weapon alone
    (chemical weapons, suicide bombs) the trigger keeps it.
    """
    triggered: dict[int, _Found] = {}
    killing: dict[int, _Found] = {}
    for index, sent in enumerate(sentences):
        start, end = offset + sent.start_char, offset + sent.end_char
        text = texts[index]
        if doc.in_boilerplate(start, end) or not text.strip():
            continue
        found = _told_trigger(sent, text, _without_names(doc, start, end))
        if found is not None:
            if event_type_of(found[0]) in _VIOLENT_TYPES:
                triggered[index] = found
                continue
            # 'A convoy carrying reinforcements came under attack': the party attacked tells
            # the event; the other word is what it was doing.
            under = _came_under_attack(doc, sent, offset)
            if under is not None and _tells_occurrence(sent, text, under[1]):
                found = under
            triggered[index] = found
            continue
        found = _came_under_attack(doc, sent, offset)
        if found is not None and _tells_occurrence(sent, text, found[1]):
            triggered[index] = found
            continue
        found = _killing(text)
        if found is not None:
            killing[index] = found
    order = sorted(triggered.keys() | killing.keys())
    if not order:
        return triggered, killing
    candidates = {i: triggered.get(i) or killing[i] for i in order}
    decided = model.classify(
        [texts[i] for i in order],
        [triggered[i][0] if i in triggered else None for i in order],
    )
    for i, (sub_type, _) in zip(order, decided, strict=True):
        rule_type, span = candidates[i]
        table = triggered if i in triggered else killing
        if rule_type in _CODEBOOK_TYPES and i in triggered:
            continue
        if sub_type is None:
            del table[i]
        else:
            table[i] = (codebook_protest(sub_type, texts[i].lower()), span)
    return triggered, killing


def _told_trigger(sent: Any, text: str, searched: str) -> _Found | None:
    """The first trigger of a sentence that tells what happened (`_tells_occurrence`,
    `_fought_by_armed`), with its span (offsets into the sentence). `searched` is the
    lower-cased sentence with proper names blanked (`_without_names`), `text` the sentence.
    A trigger in a clause that is negated or only possible hides no later one in a clause of
    its own ('Police did not disperse the protesters, but unidentified men shot dead two
    traders' tells the killing); a later one in the same clause is as negated or as merely
    possible ('commits itself to halt all offensive operations'). At most `_MAX_TRIGGERS`
    are read."""
    lower = text.lower()
    for read in range(_MAX_TRIGGERS):
        found = find_trigger(searched, lower, refine=False)
        if found is None:
            return None
        if (
            (read == 0 or _in_own_clause(sent, found[1]))
            and _fought_by_armed(sent, text, found[1])
            and _tells_occurrence(sent, text, found[1])
        ):
            return found
        # Blank the trigger read, so that the next one (or this pattern's next match) is found.
        begin, stop = found[1]
        searched = searched[:begin] + " " * (stop - begin) + searched[stop:]
    return None


def _came_under_attack(doc: Document, sent: Any, offset: int) -> _Found | None:
    """The sub-type and span (offsets into the sentence) of a clause that says a party of a
    known kind came, fell or was under attack or fire ('A military convoy came under attack
    near Arbinda', 'Troops came under heavy fire from suspected jihadists near Gao'), or was
    targeted ('A military convoy was targeted near Gao on Tuesday'), or None.

    The words alone are no trigger: political news puts people, policies and bodies under
    fire ('The policy came under fire from rights groups', 'Press freedom has come under
    attack'). The clause tells an attack only where its subject names a side of a known kind
    or a physical party (a convoy, a checkpoint, a village) and not a body of government or
    politics, a person or a pronoun; where the attack is not given a reason ('for his
    remarks', 'over her comments') nor said to come from someone of no armed kind ('from
    Republicans'; a target's 'by' phrase must name an armed kind, not 'targeted by
    spyware', and civilians are targeted only by one); and where the sentence places or
    dates it, or names an armed attacker.
    An attack on civilians or a village is an attack on civilians; on anyone else, the
    armed clash an attack trigger ('attacked') reports, or the shelling or air strike the
    attack noun names."""
    for verb in sent:
        attack = under_attack(verb)
        targeted = attack is None and _targeted(verb)
        if targeted:
            attack = verb
        if attack is None:
            continue
        subject = attacked_subject(verb)
        if subject is None or subject.pos_ == "PRON" or subject.lower_ in _PRONOUNS:
            continue
        lemma = _noun_lemma(subject)
        if subject.ent_type_ == "PERSON" or lemma in _POLITICAL_BODIES:
            continue
        # The head itself names the side or the thing hit ('Troops', 'a military convoy'),
        # not a person or a thing its modifiers tie to a side ('the government worker').
        if actor_kind(subject.text) is None and lemma not in _PHYSICAL_PARTIES:
            continue
        if any(c.dep_ == "mark" and c.lower_ in ("whether", "if") for c in verb.children):
            continue  # 'whether the worker was targeted' asks
        kind = _actor(doc, _phrase(subject, exclude_conj=True), offset).kind
        if any(
            prep.dep_ == "prep" and prep.lower_ in _REASON_PREPOSITIONS
            for head in (attack, verb) for prep in head.children
        ):
            continue
        attacker = _attacker(doc, attack, verb, offset)
        if _from_unarmed(doc, attack, verb, offset):
            continue
        armed = attacker is not None and attacker.kind in _ARMED_KINDS
        if targeted and not armed and (attacker is not None or kind == "civilians"):
            # 'targeted by hackers', 'by spyware'; 'women were targeted in the campaign':
            # people are targeted by ads and appeals as well as by gunmen.
            continue
        start, end = offset + sent.start_char, offset + sent.end_char
        placed = any(
            start <= p.start and p.end <= end and _locative(doc, p, sent, offset)
            for p in doc.places
        )
        dated = any(
            start <= d.start and d.end <= end and d.date_start is not None for d in doc.dates
        )
        if not (armed or placed or dated):
            continue
        if kind == "civilians" or (kind is None and lemma in _SETTLEMENTS):
            sub_type = "Attack"
        else:
            sub_type = _UNDER_ATTACK_TYPES.get(attack.lemma_.lower(), "Armed clash")
        return sub_type, (verb.idx - sent.start_char, attack.idx + len(attack) - sent.start_char)
    return None


def _noun_lemma(token: Any) -> str:
    """The lower-cased lemma of a noun, also where the tagger read a capitalised common noun
    as a name and left it unlemmatised ('Guerrillas came under fire', 'Guards came under
    fire' opening a sentence): the plural is undone by its spelling ('-men', '-ies', '-s')."""
    lemma = str(token.lemma_).lower()
    if token.pos_ != "PROPN" or lemma != token.lower_:
        return lemma
    if lemma.endswith("men"):
        return lemma[:-3] + "man"
    if lemma.endswith("ies"):
        return lemma[:-3] + "y"
    if lemma.endswith("s") and not lemma.endswith("ss"):
        return lemma[:-1]
    return lemma


def _targeted(verb: Any) -> bool:
    """A passive 'target' ('A military convoy was targeted near Gao')."""
    return (
        verb.lemma_.lower() == "target"
        and verb.tag_ == "VBN"
        and any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
    )


def _from_unarmed(doc: Document, attack: Any, verb: Any, offset: int) -> bool:
    """Whether the attack a clause puts a party under is said to come from ('from', 'by')
    someone of no armed kind: 'from rights groups', 'from Republicans', 'by his own party'
    (not 'from suspected jihadists', nor 'from the north' or 'from across the border')."""
    for _prep, obj in _sources_of_attack(attack, verb):
        if obj.lemma_.lower() in _POLITICAL_BODIES:
            return True
        actor = _acting(doc, _phrase(obj, exclude_conj=True), offset)
        if actor.kind in _ARMED_KINDS:
            continue
        if obj.ent_type_ in ("GPE", "LOC", "FAC") or any(
            p.start <= offset + obj.idx < p.end for p in doc.places
        ):
            continue  # 'from across the border', 'from Mali'
        # A name ('Trump', 'Republicans'), people of no armed kind ('rights groups',
        # 'lawmakers', 'protesters'); not a direction or a spot ('from the north').
        if obj.ent_type_ or obj.tag_ in ("NNS", "NNPS") or actor.kind is not None:
            return True
    return False


def _trigger_token(sent: Any, trigger: tuple[int, int]) -> Any | None:
    """The head token of a trigger span (offsets into the sentence), or None."""
    span = sent.doc.char_span(
        sent.start_char + trigger[0], sent.start_char + trigger[1], alignment_mode="expand"
    )
    return span.root if span is not None else None


def _tells_occurrence(sent: Any, text: str, trigger: tuple[int, int]) -> bool:
    """Whether a trigger reports something that happened or is expected to, rather than
    what must, could or should happen ("we must withdraw", "willing to fight"), an order
    ("cease the attacks"), a policy ("the fight against drug trafficking") or a trade
    ("crime-fighting"). `text` is the sentence's text."""
    if text[trigger[0] - 1:trigger[0]] == "-" and text[trigger[0]:trigger[1]] == "fighting":
        return False
    token = _trigger_token(sent, trigger)
    if token is None:
        return True
    if token.lemma_.lower() in CAMPAIGN_NOUNS and _against_abstract(token):
        return False
    if _names_entitlement(token):
        return False
    if _charged_with(token):
        return False
    current = token
    for _ in range(_MAX_GOVERNORS):
        auxiliaries = [c.lower_ for c in current.children if c.dep_ == "aux"]
        # "may have attacked" reports a past event, if uncertainly; "may attack" does not.
        if any(a in IRREALIS_MODALS for a in auxiliaries) and "have" not in auxiliaries:
            return False
        # "the rebels did not attack", "have not commented on the arrests", "was never
        # attacked": what the text says did not happen (or was not done) is no event. A
        # denial ("the rebels denied attacking the post") is left alone: the event may
        # still have happened, as others tell it.
        if any(
            c.dep_ == "neg" and c.i + 1 < len(c.doc) and c.doc[c.i + 1].lower_ != "only"
            for c in current.children
        ):
            return False
        if current is not token and current.lemma_.lower() in IRREALIS_GOVERNORS:
            return False
        if current.dep_ == "ROOT":
            imperative = current.tag_ == "VB" and not any(
                c.dep_ in ("nsubj", "nsubjpass", "expl") for c in current.children
            )
            return not imperative
        if current.dep_ not in _GOVERNED_BY:
            return True
        if _own_clause(current):
            # 'Police did not open fire, but gunmen shot dead two men': a conjunct with a
            # subject of its own is a clause of its own, which the first clause's negation
            # or modal does not reach; what governs both clauses still does.
            current = current.head
            if current.dep_ not in _GOVERNED_BY:
                return True
        current = current.head
    return True


def _fought_by_armed(sent: Any, text: str, trigger: tuple[int, int]) -> bool:
    """Whether a trigger that is the verb 'fought' has an armed side among its parties
    ('the rebels fought the army', 'militias fought each other', 'fought with soldiers'):
    the verb also fights charges, fires, tears and causes ('the family fought the charges
    in court', 'firefighters fought the blaze'), which the nouns 'fighting' and 'fight'
    rarely do in the news. Any other trigger passes. `text` is the sentence's text."""
    if text[trigger[0]:trigger[1]].lower() != "fought":
        return True
    verb = _trigger_token(sent, trigger)
    if verb is None:
        return True
    parties = [c for c in verb.children if c.dep_ == "nsubj"]
    if not parties and verb.dep_ == "conj":
        # 'the rebels crossed the river and fought the army': the shared subject.
        parties = [c for c in verb.head.children if c.dep_ == "nsubj"]
    parties += [c for c in verb.children if c.dep_ == "dobj"]
    parties += [
        o for p in verb.children if p.dep_ == "prep" and p.lower_ in ("with", "against")
        for o in p.children if o.dep_ == "pobj"
    ]
    parties += [c for p in list(parties) for c in p.children if c.dep_ == "conj"]
    return any(
        actor_kind(" ".join(t.text for t in _phrase(p, exclude_conj=True))) in _ARMED_KINDS
        for p in parties
    )


def _in_own_clause(sent: Any, trigger: tuple[int, int]) -> bool:
    """Whether a trigger (offsets into the sentence) sits in a clause joined to another by a
    conjunction with a subject of its own (`_own_clause`)."""
    token = _trigger_token(sent, trigger)
    if token is None:
        return False
    return any(_own_clause(t) for t in (token, *token.ancestors))


def _own_clause(token: Any) -> bool:
    """Whether a token is a verb joined to another clause by a conjunction with a subject of
    its own ('..., but gunmen shot dead two men'), not one that shares the first clause's
    subject ('did not attack or kill anyone')."""
    return (
        token.dep_ == "conj"
        and token.pos_ in ("VERB", "AUX")
        and token.head.i != token.i
        and any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in token.children)
    )


def _charged_with(token: Any) -> bool:
    """'detainees accused of organising anti-coup protests', 'charged with planning attacks':
    what a charge says someone organised or planned is the charge, not an event."""
    head = token.head
    if token.dep_ != "dobj" or head.tag_ != "VBG" or head.lemma_.lower() not in _CHARGED_ACTS:
        return False
    prep = head.head
    return (
        head.dep_ == "pcomp"
        and prep.lower_ in ("of", "with", "for")
        and prep.head.lemma_.lower() in _CHARGING_VERBS
    )


def _cause_in_passing(sent: Any, trigger: tuple[int, int]) -> bool:
    """A trigger named as the cause of what the sentence tells ("the dialogue was suspended
    in october following a dynamite attack", "in response to the death of a guerrilla
    commander") recalls an earlier event rather than reporting a new one."""
    token = _trigger_token(sent, trigger)
    if token is None:
        return False
    if token.dep_ != "pobj":
        return False
    prep = token.head
    # "Tamerlan died after a gunfight with police": a death after the trigger is its outcome.
    if prep.head.lemma_.lower() in _OUTCOME_LEMMAS:
        return False
    if prep.lower_ in ("following", "after"):
        return True
    return prep.lower_ in ("to", "for") and prep.head.lower_ in (
        "response", "retaliation", "reprisal", "revenge",
    )


def _dated_apart(doc: Document, start: int, end: int, last: _Draft) -> bool:
    """Whether the sentence between `start` and `end` names a date none of which overlaps
    the date of the event just told (`last`)."""
    dates = [d for d in doc.dates if start <= d.start and d.end <= end and d.date_start]
    return (
        last.date is not None and bool(dates)
        and not any(_dates_overlap(last.date, d) for d in dates)
    )


def _recalled_as_cause(doc: Document, sent: Any, trigger: tuple[int, int], new: _Draft) -> bool:
    """'The KIA said last week it would stand with the people after security forces opened
    fire on demonstrators in March': violence dated weeks before the news, told in an
    'after' clause as the reason for what the sentence reports, is an old event recalled.
    (Undated, or dated to the news days, the clause is often the news itself: 'protests
    erupted after police shot a man on Monday'.)"""
    token = _trigger_token(sent, trigger)
    published = publication_date(doc)
    if token is None or published is None or new.date is None or new.date.date_end is None:
        return False
    if new.date.date_end >= (published - dt.timedelta(days=_RECALL_DAYS)).isoformat():
        return False
    return any(
        clause.dep_ == "advcl"
        and any(c.dep_ == "mark" and c.lower_ in ("after", "following") for c in clause.children)
        for clause in (token, *token.ancestors)
    )


def _told_before(
    sent: Any, trigger: tuple[int, int], drafts: list[_Draft], new: _Draft
) -> _Draft | None:
    """The earlier event a definite noun points back to ("Rights groups condemned the
    arrests" after soldiers arrested 14 people): the latest draft of the same sub-type whose
    place and date agree; or the violent event just told, which a witness's account names
    as the object of a verb of telling ("described an assault")."""
    token = _trigger_token(sent, trigger)
    if token is None:
        return None
    if token.pos_ != "NOUN":
        return None
    if (
        token.dep_ == "dobj" and token.head.lemma_.lower() in TELLING_VERBS
        and new.place is None and event_type_of(new.sub_event_type) in _VIOLENT_TYPES
        and drafts and event_type_of(drafts[-1].sub_event_type) in _VIOLENT_TYPES
        and new.paragraph - drafts[-1].paragraph <= _FIGURES_REACH
    ):
        # 'Survivors who reached El Fasher on Sunday described an assault that lasted most
        # of the day': an account of the attack just told (the date is the survivors').
        return drafts[-1]
    if not any(c.dep_ == "det" and c.lower_ in _DEFINITE for c in token.children):
        return None
    # 'killed in the clashes' names the clash told before by its own word, whichever sub-type
    # the event-type model reads in the sentence of casualties.
    named = find_trigger(token.lower_, refine=False)
    types = {new.sub_event_type} | ({named[0]} if named is not None else set())
    return next(
        (
            d for d in reversed(drafts)
            if d.sub_event_type in types and d.expected == new.expected
            and (new.place is None or d.place is None or _same_place(d.place, new.place)
                 or _near(d.place, new.place))
            and (new.date is None or d.date is None or _dates_overlap(d.date, new.date))
        ),
        None,
    )


def _version_of(doc: Document, sent: Any, last: _Draft, new: _Draft) -> bool:
    """'Palestinian officials said the blast was caused by an Israeli air strike' after an
    explosion was told: a claimant's version of that blast, not a second event. The sentence
    names the event just told with a definite generic noun ('the blast', 'the explosion',
    'the incident') that is not its own trigger; the explosion of 'the explosion' must be in
    what was told, and places and dates must agree."""
    if not (
        event_type_of(last.sub_event_type) in _VIOLENT_TYPES
        and event_type_of(new.sub_event_type) in _VIOLENT_TYPES
        and _close_by(last, new, _FIGURES_REACH)
    ):
        return False
    told = " ".join(doc.text[s:e] for s, e in last.evidence).lower()
    offset = new.sentence[0] - sent.start_char
    for token in sent:
        telling = _GENERIC_EVENT_NOUNS.get(token.lower_)
        if telling is None or new.trigger[0] <= offset + token.idx < new.trigger[1]:
            continue
        if not any(c.dep_ == "det" and c.lower_ in _DEFINITE for c in token.children):
            continue
        if not telling or any(word in told for word in telling):
            return True
    return False


def _same_blast_site(last: _Draft, new: _Draft) -> bool:
    """'It said one of the rockets fell short and landed inside the Jabalia camp', told right
    after a blast in the camp: another claimant's account of that explosion, whatever weapon
    it names. ACLED codes one event per place and day for remote violence; a draft that
    dates itself to another day is another event."""
    return (
        event_type_of(last.sub_event_type) == EXPLOSIONS == event_type_of(new.sub_event_type)
        and new.place is not None and last.place is not None
        and (new.place.geo_precision or 4) <= 2
        and _close_by(last, new, _FIGURES_REACH)
    )


def _quoted_in_denial(doc: Document, last: _Draft, new: _Draft) -> bool:
    """'Islamic Jihad rejected the Israeli account as "lies intended to cover up a
    massacre"': a word quoted in a denial of the violence just told names that violence."""
    at = new.trigger[0]
    quoted = any(m.start() <= at < m.end() for m in _QUOTED.finditer(doc.text, *new.sentence))
    return (
        quoted
        and _denied(doc, at)
        and event_type_of(last.sub_event_type) in _VIOLENT_TYPES
        and new.paragraph - last.paragraph <= 1
    )


def _denied(doc: Document, at: int) -> bool:
    """Whether offset `at` lies in what a denying claim says."""
    return any(
        c.polarity == "denies" and c.content.start <= at < c.content.end for c in doc.claims
    )


def _names_entitlement(token: Any) -> bool:
    """'respect the right to protest', 'the freedom to demonstrate', 'freedom of protest':
    a right to an act is no act."""
    holder = token.head
    if token.dep_ == "pobj" and holder.lower_ in ("of", "to"):
        holder = holder.head
    elif token.dep_ != "acl":
        return False
    return bool(holder.lemma_.lower() in ENTITLEMENT_NOUNS)


def _against_abstract(token: Any) -> bool:
    """'the fight against drug trafficking', 'win this battle against terrorism'."""
    for holder in (token, token.head):
        for prep in holder.children:
            if prep.dep_ == "prep" and prep.lower_ in ("against", "on"):
                for obj in prep.children:
                    if obj.dep_ == "pobj" and (
                        obj.lemma_.lower() in ABSTRACT_FOES
                        or any(c.lower_ in ABSTRACT_FOES for c in obj.children)
                    ):
                        return True
    return False


def _long_ago(doc: Document, start: int, end: int) -> bool:
    """A sentence dated a year or more before publication ("whose father was killed in
    1982") tells background, not news."""
    published = publication_date(doc)
    if published is None:
        return False
    cutoff = (published - dt.timedelta(days=365)).isoformat()
    return any(
        d.date_end is not None and d.date_end < cutoff
        for d in doc.dates
        if start <= d.start and d.end <= end
    )


def _killing(sentence: str) -> tuple[str, tuple[int, int]] | None:
    """A sentence that says someone was killed or wounded, with no other trigger and no
    event before it to belong to ("Mr. Torres was killed and Mr. Meneses was wounded"), is
    an event of its own: an armed clash when the victims are armed, else an attack.
    Accidents and disasters kill too, and are no conflict event."""
    lower = sentence.lower()
    if _NOT_VIOLENCE.search(lower):
        return None
    found = _PASSIVE_KILLING.search(lower)
    if found is None:
        return _active_killing(lower)
    if found["adverb"] in ("not", "never"):
        return None
    # The victims are the subject.
    subject = _subject_before(lower, found.start())
    if _NOBODY.search(subject):
        return None  # "nobody was injured"
    return ("Armed clash" if _names_armed(subject) else "Attack"), found.span()


def _active_killing(lower: str) -> tuple[str, tuple[int, int]] | None:
    """'Troops killed five militants near Gao': an armed side (the subject) that killed a
    counted number is an event: an armed clash when the dead are armed, else an attack. Not
    what killed without a side ('the blast killed 12')."""
    found = _ACTIVE_KILLING.search(lower)
    if found is None:
        return None
    subject = _subject_before(lower, found.start())
    if _NEGATED.search(subject) or not _names_armed(subject):
        return None
    victims = lower[found.end():found.end() + 40]
    return ("Armed clash" if _names_armed(victims) else "Attack"), found.span()


def _subject_before(lower: str, verb_start: int) -> str:
    """The words before a verb, after the claimant's cue or the last comma."""
    before = lower[:verb_start]
    return before[
        max((i + len(cut) for cut in _SUBJECT_CUTS if (i := before.rfind(cut)) >= 0), default=0):
    ]


def _names_armed(words: str) -> bool:
    """Whether lower-cased words name an armed side (soldiers, militants, ...)."""
    return any(word in words for group, kinds in _WHO_GROUPS if group != "civilians"
               for word in kinds)


def _without_names(doc: Document, start: int, end: int) -> str:
    """The lower-cased sentence with the letters of proper names turned into 'x', offsets
    and word shapes kept: an outlet called 'West Africa Dispatch' dispatches no troops, and
    'controlling the Lajat area' still reads as control of an area."""
    chars = list(doc.text[start:end].lower())
    names = [
        (e.start, e.end) for e in doc.entities
        if e.label in _NAME_LABELS and start <= e.start and e.end <= end
        and any(word[:1].isupper() for word in e.text.split())
        # A sentence's first word is capitalised anyway ('Grenade explosion in ...').
        and not (e.start == start and " " not in e.text)
        # 'anti-ISIS operation', 'Houthi-run': the name is part of a word, not a name alone.
        and doc.text[e.start - 1:e.start] != "-" and doc.text[e.end:e.end + 1] != "-"
    ]
    for outlet in (doc.meta.publisher, doc.meta.original_source):
        if outlet:
            names.extend(
                (start + m.start(), start + m.end())
                for m in re.finditer(re.escape(outlet), doc.text[start:end])
            )
    for s, e in names:
        for i in range(s - start, e - start):
            if chars[i].isalnum():
                chars[i] = "x"
    return "".join(chars)


def _gives_casualties(doc: Document, start: int, end: int) -> bool:
    if _CASUALTY_WORDS.search(doc.text[start:end].lower()):
        return True
    return any(
        q.unit in _CASUALTY_UNITS for q in doc.quantities if start <= q.start and q.end <= end
    )


def _draft(
    doc: Document, sent: Any, offset: int, sub_type: str, trigger: tuple[int, int], paragraph: int
) -> _Draft:
    start, end = offset + sent.start_char, offset + sent.end_char
    lower = sent.text.lower()
    expected = _FUTURE.search(lower) is not None
    # 'Strikes killed 15 in southern Lebanon, the ministry said, as Hezbollah said it fired at
    # troops near Metula': where a claimant tells the event, a place another claimant's words
    # give is where that claim is (not so in the outlet's own words: 'an airstrike on what the
    # army described as a base near the village of Dallah').
    told = any(c.content.start <= trigger[0] < c.content.end for c in doc.claims)
    others = [c.content for c in doc.claims
              if told and c.content.start >= start
              and not c.content.start <= trigger[0] < c.content.end]
    saying = _saying(doc, start, end, trigger)
    # 'the Russian centre in Hmeimim said': where the claimant sits, by its cue, is not where
    # it happened (as a date there dates the saying).
    places = [p for p in _event_places(doc, sent, offset)
              if not any(o.start <= p.start < o.end for o in others)
              and not any(lo <= p.start < hi for lo, hi in saying)]
    dates = [
        d for d in doc.dates if start <= d.start and d.end <= end and d.date_start is not None
        and not any(lo <= d.start < hi for lo, hi in saying)
    ]
    if not expected:
        published = publication_date(doc)
        dates = [
            d for d in dates
            if published is None or (d.date_start or "") <= published.isoformat()
        ]
    # 'it was reported today that on 10 March gunmen murdered ...', 'BAMAKO, March 3 (Sahel
    # Wire) - Gunmen killed 12 ... on Saturday': the day of the telling or of the filing
    # dates the event only where the sentence gives no other.
    dates.sort(key=lambda d: (_in_dateline(doc, d), _telling_depth(sent, offset, d, trigger)))
    actor1, actor2 = _actors(
        doc, sent, offset, trigger, violent=event_type_of(sub_type) in _VIOLENT_TYPES
    )
    draft = _Draft(
        sub_event_type=sub_type,
        trigger=trigger,
        sentence=(start, end),
        paragraph=paragraph,
        expected=expected,
        actor1=actor1,
        actor2=actor2,
        place=_most_precise(places),
        date=dates[0] if dates else None,
        evidence=[(start, end)],
    )
    _actors_from_casualties(doc, sent, offset, draft)
    return draft


# The dash that closes a wire dateline ('BAMAKO, March 3 (Sahel Wire) -').
_DATELINE_DASH = re.compile(r"\s(?:-|--|–|—)\s")


def _in_dateline(doc: Document, date: DateMention) -> bool:
    """Whether a date is the dateline's ('BAMAKO, March 3 (Sahel Wire) -'): the day the
    report was filed."""
    for place in doc.places:
        if place.resolution_note != DATELINE_NOTE or date.start < place.end:
            continue
        dash = _DATELINE_DASH.search(doc.text, place.end, place.end + 80)
        if dash is not None and date.end <= dash.start():
            return True
    return False


def _telling_depth(sent: Any, offset: int, date: DateMention, trigger: tuple[int, int]) -> int:
    """How many clauses above the trigger's the verb of telling a date hangs from sits (0:
    the date hangs from no verb of telling over the trigger). Offsets are the document's."""
    token = next((t for t in sent if offset + t.idx >= date.start), None)
    if token is None:
        return 0
    verb = next((t for t in (token, *token.ancestors) if t.pos_ in ("VERB", "AUX")), None)
    if verb is None or verb.lemma_.lower() not in CUE_VERBS:
        return 0
    told = _trigger_token(sent, (trigger[0] - offset - sent.start_char,
                                 trigger[1] - offset - sent.start_char))
    if told is None or told.i == verb.i:
        return 0
    return next((depth for depth, t in enumerate(told.ancestors, 1) if t.i == verb.i), 0)


def _saying(
    doc: Document, start: int, end: int, trigger: tuple[int, int]
) -> list[tuple[int, int]]:
    """The spans of the sentence (`start`, `end`) that tell the saying of the claim whose
    content holds the trigger: its source, its cue and what stands by them.

    'JNIM said on Tuesday that its fighters attacked the camp on Sunday': a date by the cue
    of the claim that tells the event dates the saying, as does one before a source that
    opens the sentence ('DAKAR, March 10 - A rights group said on Friday that ...'); not one
    in what is claimed ('Earlier on Saturday, a strike killed ..., the army said').
    """
    saying: list[tuple[int, int]] = []
    for c in doc.claims:
        if c.source is None or c.cue is None or not c.content.start <= trigger[0] < c.content.end:
            continue
        saying += [(c.source.start, c.source.end), (c.cue.start, c.cue.end)]
        between = doc.text[c.source.end:c.cue.start]
        if c.source.end <= c.cue.start and len(between) <= 30 and "," not in between:
            # 'the centre in Hmeimim said'; not 'analysts expect X ..., and warn that ...'
            saying.append((c.source.end, c.cue.start))
        if c.cue.end <= c.content.start:
            saying.append((c.cue.end, c.content.start))
            if c.source.end <= c.content.start:
                saying.append((start, c.source.start))
        else:
            saying.append((c.cue.start, end))
    return saying


def _event_places(doc: Document, sent: Any, offset: int) -> list[Place]:
    """The places the sentence says something happened at (not where a claimant sits: 'the
    ministry in the capital Sanaa said')."""
    start, end = offset + sent.start_char, offset + sent.end_char
    sources = [
        c.source for c in doc.claims
        if c.source is not None and start <= c.content.start < end
    ]
    return [
        p for p in doc.places
        if start <= p.start and p.end <= end and _locative(doc, p, sent, offset)
        and not any(src.start <= p.start and p.end <= src.end for src in sources)
        and _SAID_AFTER.match(doc.text, p.end) is None
    ]


def _told_elsewhere(doc: Document, sent: Any, offset: int, last: _Draft) -> bool:
    """Whether a sentence of casualties puts them at places none of which is, holds or lies
    in the place of the event just told ('strikes near Baalbek killed four people' after a
    strike in southern Lebanon): another incident, not that event's figures."""
    if last.place is None or last.place.resolved is None:
        return False
    # A country alone says too little (and 'the America neighborhood' reads as one).
    places = [p for p in _event_places(doc, sent, offset)
              if p.resolved is not None and (p.geo_precision or 4) <= 3]
    return bool(places) and not any(
        _same_place(p, last.place) or _within(p, last.place) or _within(last.place, p)
        for p in places
    )


def _locative(doc: Document, place: Place, sent: Any = None, offset: int = 0) -> bool:
    """A place is where the event happened only when the text says so: 'in/near/across X',
    or (given its parsed sentence) as what an attack verb takes ('missiles struck Kyiv');
    not 'the US State Department' or 'accused Iran of', nor a demonym ('in Syrian hands')."""
    if place.resolution_note in (DEMONYM_NOTE, DATELINE_NOTE, EMBEDDED_NOTE):
        # 'in Syrian hands'; 'BEIRUT (Reuters) -' is where the report was filed; 'at the
        # Canaan Board of Finance' is where the board is from
        return False
    inside_name = any(
        e.start <= place.start and place.end <= e.end
        and (e.start, e.end) != (place.start, place.end)
        and e.label in ("ORG", "ARMED_GROUP", "PERSON", "NORP")
        for e in doc.entities
    )
    if inside_name or (sent is not None and _national_attribute(sent, offset, place)):
        return False
    before = doc.text[max(0, place.start - 80):place.start]
    return _LOCATIVE_BEFORE.search(before) is not None or (
        sent is not None and _struck(sent, offset, place)
    )


def _national_attribute(sent: Any, offset: int, place: Place) -> bool:
    """A country that qualifies the noun after it says whose it is, not where anything
    happened: 'the murder of two U.S. missionaries', 'an attack on the U.S. embassy'."""
    if place.resolved is None or (place.geo_precision or 0) < COUNTRY_PRECISION:
        return False
    last = next((t for t in reversed(sent) if offset + t.idx < place.end), None)
    if last is None or offset + last.idx < place.start:
        return False
    head = last.head
    return (
        last.dep_ in ("compound", "amod", "nmod") and head.i > last.i
        and head.pos_ in ("NOUN", "PROPN") and offset + head.idx >= place.end
    )


def _struck(sent: Any, offset: int, place: Place) -> bool:
    """The place is the object of an attack verb, or its passive subject ('Kyiv was hit')."""
    for token in sent:
        at = offset + token.idx
        if at < place.start:
            continue
        if at >= place.end:
            return False
        head_at = offset + token.head.idx
        if place.start <= head_at < place.end and token.head is not token:
            continue  # inside the place's name: look for its head word
        return (
            token.dep_ in ("dobj", "nsubjpass")
            and token.head.pos_ == "VERB"
            and token.head.lemma_.lower() in STRIKE_VERBS
        )
    return False


def _most_precise(places: list[Place]) -> Place | None:
    located = [p for p in places if p.resolved is not None and p.geo_precision is not None]
    if not located:
        return places[0] if places else None
    # A village the gazetteer lacks still names where it happened better than the province
    # around it: rank it beside 'near a town' so that it wins over the region it falls back to.
    return min(
        located, key=lambda p: (min(p.geo_precision or 9, 2 if _fallback(p) else 9), p.start)
    )


def _same_event(last: _Draft, new: _Draft) -> bool:
    if last.sub_event_type != new.sub_event_type or last.expected != new.expected:
        return False
    if _two_named_groups(last, new) or _fired_by_other_sides(last, new):
        return False
    if new.place is not None and last.place is not None and not _same_place(last.place, new.place):
        return False
    return new.date is None or last.date is None or _dates_overlap(last.date, new.date)


def _fired_by_other_sides(last: _Draft, new: _Draft) -> bool:
    """'Hezbollah said it fired rockets at an army position ... Israeli artillery shelled the
    outskirts of Khiam': remote violence fired by sides of two kinds is two incidents (in a
    clash either side may be told first; a shell or a strike has one side firing)."""
    if event_type_of(new.sub_event_type) != "Explosions/Remote violence":
        return False
    kinds = {a.kind for a in (last.actor1, new.actor1) if a is not None and a.kind}
    return len(kinds) == 2


def _two_named_groups(last: _Draft, new: _Draft) -> bool:
    """'The Houthis said they fired missiles at a ship ... Hezbollah said it targeted an army
    position': two armed groups, each named, each acting: two incidents, whatever place one
    of them lacks. (A state force may be either side of one clash told twice.)"""
    sides = (last.actor1, new.actor1)
    if any(a is None or a.kind not in _NON_STATE_KINDS or not _proper(a.text) for a in sides):
        return False
    first, second = (a.text.lower() for a in sides if a is not None)
    if first in second or second in first:
        return False
    # 'JNIM attacked the army ... The army said ISGS fighters' swap sides, not incidents.
    hit = {a.text.lower() for a in (last.actor2, new.actor2) if a is not None}
    return not (hit & {first, second})


def _proper(text: str) -> bool:
    """Whether a phrase is a name: every word capitalised after an opening 'the'."""
    words = re.sub(r"^(?:[Tt]he)\s+", "", text).split()
    return bool(words) and all(w[:1].isupper() or not w[:1].isalpha() for w in words)


def _headline_of(doc: Document, headline: _Draft, new: _Draft) -> bool:
    """'At least 20 soldiers killed in ambush on convoy in northern Burkina Faso' announces
    the event the body then tells ('... were killed when jihadists ambushed a convoy near
    Arbinda on Sunday'): ACLED codes it once. A draft told by the title line alone is the
    first body event of the same type whose place lies within the headline's."""
    title = (doc.meta.title or "").strip()
    start, end = headline.sentence
    if headline.evidence != [headline.sentence] or doc.text[start:end].strip() != title:
        return False
    same_kind = event_type_of(headline.sub_event_type) == event_type_of(new.sub_event_type) or (
        # 'police fire tear gas at protest' read as a riot, told by the body as a protest
        # met by force: one crowd event, as the body types it.
        headline.sub_event_type in _CROWD_SEVERITY and new.sub_event_type in _CROWD_SEVERITY
    )
    return (
        same_kind
        and headline.expected == new.expected
        and (headline.place is None or new.place is None or _same_place(headline.place, new.place)
             or _within(new.place, headline.place)
             # 'SAA repels attack in southern Idlib' over a village the gazetteer lacks,
             # put in Hama province by 'the countryside of Hama': a guess at the village's
             # province does not gainsay the headline's.
             or (new.place.resolution_note or "").startswith("fallback"))
        and (headline.date is None or new.date is None or _dates_overlap(headline.date, new.date))
    )


def _within(inner: Place, outer: Place) -> bool:
    """A place inside the country or province `outer` names ('Arbinda' in 'Burkina Faso',
    'Maiduguri' in 'Borno State')."""
    held, holder = inner.resolved, outer.resolved
    if held is None or holder is None or holder.feature_class != "A" or not held.country_code:
        return False
    if held.country_code != holder.country_code:
        return False
    # A country holds all its places; a province only those of its own.
    return outer.geo_precision == 4 or (holder.admin1 is not None and held.admin1 == holder.admin1)


def _damage_of(last: _Draft, new: _Draft) -> bool:
    """'footage of burned vehicles' right after a strike is the strike's damage: ACLED
    codes property destruction as its own event only outside other violence."""
    return (
        new.sub_event_type == "Looting/property destruction"
        and event_type_of(last.sub_event_type) in _VIOLENT_TYPES
        and not last.expected and not new.expected
        and new.paragraph - last.paragraph <= 1
        and (new.actor1 is None or new.actor1.kind is None)
        and (new.date is None or last.date is None or _dates_overlap(last.date, new.date))
    )


def _arrests_at(last: _Draft, new: _Draft) -> bool:
    """'dozens were arrested' right after a protest the police broke up is how they broke it
    up: ACLED codes arrests at a demonstration as the intervention, not as Arrests; so are
    the grenades no one else is said to have thrown ('they answered with grenades')."""
    by_force = new.actor1 is None or new.actor1.kind in (None, "state_forces")
    return (
        (new.sub_event_type == "Arrests" or (new.sub_event_type == "Grenade" and by_force))
        and last.sub_event_type in _MET_BY_FORCE
        and _close_by(last, new)
    )


def _same_protest(last: _Draft, new: _Draft) -> bool:
    """'Hundreds of people protested outside the governor's office' and, in the same or the
    next paragraph, 'police fired tear gas to disperse the crowd': one protest, told as it
    went, where place and date agree."""
    return (
        last.sub_event_type in _CROWD_SEVERITY and new.sub_event_type in _CROWD_SEVERITY
        and _close_by(last, new)
    )


def _spoils_of(doc: Document, last: _Draft, new: _Draft) -> bool:
    """'Weapons and motorbikes were recovered' right after an attack was repelled is what the
    fight left: ACLED codes a seizure as Disrupted weapons use only outside other violence
    (a cache found in a raid); an interception ('air defences shot down six drones') stays
    an event of its own."""
    told = doc.text[new.sentence[0]:new.sentence[1]].lower()
    return (
        new.sub_event_type == "Disrupted weapons use"
        and _SEIZED.search(told) is not None
        and event_type_of(last.sub_event_type) in _VIOLENT_TYPES
        and _close_by(last, new)
    )


def _interception_of(doc: Document, last: _Draft, new: _Draft) -> bool:
    """'The coalition said air defences intercepted all of them' right after drones or
    missiles were launched is the same attack told by its target: one incident, which ACLED
    codes as Disrupted weapons use only when nothing got through. The interception joins the
    strike; when it says all were stopped, the joined event becomes Disrupted weapons use."""
    told = doc.text[new.sentence[0]:new.sentence[1]].lower()
    before = " ".join(doc.text[s:e] for s, e in last.evidence).lower()
    weapons = {m.group(1) for m in _AERIAL_WEAPON.finditer(before)}
    joins = (
        new.sub_event_type == "Disrupted weapons use"
        and event_type_of(last.sub_event_type) == EXPLOSIONS
        and _INTERCEPTED.search(told) is not None
        and bool(weapons)
        and (
            any(m.group(1) in weapons for m in _AERIAL_WEAPON.finditer(told))
            or _THEM.search(told) is not None
        )
        and _close_by(last, new)
    )
    if joins and _ALL_STOPPED.search(told) is not None:
        last.sub_event_type = new.sub_event_type
    return joins


def _part_of(doc: Document, last: _Draft, new: _Draft) -> bool:
    """'The assailants first fired rockets at the camp' right after an attack on the camp
    tells how that attack went, not a new one: a sentence that opens on the attack or its
    participants ('the assailants', 'the convoy') belongs to the violent event before it,
    within a paragraph, where place and date agree, whatever it tells ('The attackers ...
    rounded up men near the well and opened fire' is no arrest)."""
    opening = doc.text[new.sentence[0]:new.sentence[1]].lower()
    return (
        (_PARTICIPANT_OPENING.match(opening) is not None
         or (new.place is None and event_type_of(new.sub_event_type) in _VIOLENT_TYPES
             and _names_participant_again(doc, last, opening)))
        and _ANOTHER_EVENT.search(opening) is None
        and event_type_of(last.sub_event_type) in _VIOLENT_TYPES
        and _close_by(last, new)
    )


def _names_participant_again(doc: Document, last: _Draft, sentence: str) -> bool:
    """Whether the sentence names, with 'the', the convoy, camp, post, base or patrol the
    event before it was told with ('A Malian army supply convoy was ambushed' ... 'when the
    convoy struck an improvised explosive device')."""
    told = " ".join(doc.text[s:e] for s, e in last.evidence).lower()
    return any(
        re.search(rf"\b{match.group(1)}\b", told) is not None
        for match in _PARTICIPANT_NAMED.finditer(sentence)
    )


def _close_by(last: _Draft, new: _Draft, reach: int = 1) -> bool:
    """Whether `new` could tell more of `last`: both reported (not expected), at most `reach`
    paragraphs apart, and neither place nor date disagrees."""
    return (
        not last.expected and not new.expected
        and new.paragraph - last.paragraph <= reach
        and (new.place is None or last.place is None or _same_place(last.place, new.place))
        and (new.date is None or last.date is None or _dates_overlap(last.date, new.date))
    )


def _same_place(a: Place, b: Place) -> bool:
    if a.text.lower() == b.text.lower():
        return True
    if _fallback(a) or _fallback(b):
        # Two villages the gazetteer lacks both fall back to their province: still two places.
        return False
    if a.resolved and b.resolved:
        if a.resolved.geonameid is not None and a.resolved.geonameid == b.resolved.geonameid:
            return True
        return a.resolved.name == b.resolved.name
    return False


def _near(told: Place, anaphor: Place) -> bool:
    """The place of a definite noun ('the fighting broke out near the Line of Control') is
    an area around the event it names (a gunfight in Kupwara district): a region, not a
    country, that holds the event or lies in no country, within `_ANAPHOR_REACH_KM`. A
    town of its own ('in Santa Elena the clashes were also strong') is another event: ACLED
    codes one per location."""
    if told.resolved is None or anaphor.resolved is None or _fallback(told) or _fallback(anaphor):
        return False
    if not REGION_PRECISION <= (anaphor.geo_precision or 0) < COUNTRY_PRECISION:
        return False
    area, place = anaphor.resolved, told.resolved
    if area.country_code is not None and (
        (area.country_code, area.admin1) != (place.country_code, place.admin1)
    ):
        # A province ('the clashes still continue in Usulutan department') is its own
        # place unless the event lies in it.
        return False
    return haversine_km(told.resolved.lat, told.resolved.lon, anaphor.resolved.lat,
                        anaphor.resolved.lon) <= _ANAPHOR_REACH_KM


def _fallback(place: Place) -> bool:
    return "fallback" in (place.resolution_note or "")


def _dates_overlap(a: DateMention, b: DateMention) -> bool:
    if None in (a.date_start, a.date_end, b.date_start, b.date_end):
        return a.text.lower() == b.text.lower()
    return bool(a.date_start <= b.date_end and b.date_start <= a.date_end)  # type: ignore[operator]


def _absorb(last: _Draft, new: _Draft) -> None:
    last.evidence.extend(new.evidence)
    last.paragraph = new.paragraph
    if last.actor1 and new.actor1 and last.actor1.kind == new.actor1.kind:
        known = {a.text.lower() for a in last.actor1.associated} | {last.actor1.text.lower()}
        last.actor1.associated.extend(
            a for a in new.actor1.associated if a.text.lower() not in known
        )
    last.place = last.place or new.place
    last.date = last.date or new.date
    last.actor1 = last.actor1 or new.actor1
    last.actor2 = last.actor2 or new.actor2


def _split_by_place(doc: Document, draft: _Draft) -> list[_Draft]:
    """'established posts in the towns of A, B and C' is three events, one per town (ACLED)."""
    start, end = draft.sentence
    towns = [
        p for p in doc.places
        if start <= p.start and p.end <= end and p.start > draft.trigger[0]
        and p.resolved is not None and _locative(doc, p)
        and (p.resolved.feature_class == "P" or _fallback(p))
    ]
    listed = re.search(r"\b(?:towns|villages|cities|areas|localities) of\b", doc.text[start:end])
    if (
        draft.sub_event_type not in _SPLIT_SUB_TYPES
        or listed is None
        or len(towns) < 2
        or _gives_casualties(doc, start, end)
    ):
        return [draft]
    return [
        _Draft(
            draft.sub_event_type, draft.trigger, draft.sentence, draft.paragraph, draft.expected,
            draft.actor1, draft.actor2, town, draft.date, list(draft.evidence),
        )
        for town in towns
    ]


# --- actors -------------------------------------------------------------------------------


def _actors(
    doc: Document, sent: Any, offset: int, trigger: tuple[int, int], *, violent: bool
) -> tuple[Actor | None, Actor | None]:
    token = next(
        (t for t in sent if offset + t.idx >= trigger[0]), sent.root
    )
    between = _between(doc, token, offset)
    if between is not None:
        return between
    verb = token
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    repelled = _repelled_attack(token)
    by = _by_agent(repelled) if repelled is not None else None
    if by:
        # 'RSF repelled an attack by the army': the attack's agent struck, the subject held.
        return _acting(doc, by, offset), _subject_actor(doc, token, offset)
    by = _by_agent(token)
    actor1: Actor | None
    if by:
        actor1 = _acting(doc, by, offset)
    elif _subject_acts(token, verb):
        actor1 = _subject_actor(doc, verb, offset)
    else:
        actor1 = None
    actor2 = _target_actor(doc, token, verb, offset)
    if violent and (actor2 is None or actor2.kind is None):
        # Only violence has a target: 'equipment was deployed' names no victim. The side
        # attacked is a passive subject before a place or a time ('soldiers were attacked
        # on the road to Gao').
        actor2 = _passive_target(doc, verb, offset) or actor2
    return actor1, actor2


def _subject_acts(token: Any, verb: Any) -> bool:
    """Whether the subject of the verb a trigger noun hangs from carried the event out: it
    does where the noun is what the verb does ("the rebels launched an attack", "killed
    in the clash", "were responsible for the massacre"), not where the noun is one thing
    another noun is about ("revealed the results of the investigations into the murder",
    "reported the continuation of attacks") nor under a verb of reacting to, learning of or
    stopping the event ("the foreign ministry condemned the assassination", "the army
    repelled an attack"). A trigger that is itself the verb, or its subject ("the gunmen
    escaped"), names the actor as before."""
    if token.i == verb.i or (token.dep_ in ("nsubj", "nsubjpass") and token.head.i == verb.i):
        return True
    if verb.lemma_.lower() in REACTION_VERBS:
        return False
    noun = token
    # 'bomb attack', 'tear gas', 'six drones and two ballistic missiles': the trigger's
    # place is that of the phrase it opens or is joined to.
    while (
        noun.dep_ in _PHRASE_DEPS and noun.head.pos_ in ("NOUN", "PROPN") and noun.head.i != noun.i
    ):
        noun = noun.head
    current = noun.head
    if current.lower_ == "with" and current.head.dep_ == "dobj" and current.head.head.i == verb.i:
        # 'it targeted an army position with guided missiles': the parse often hangs the
        # weapon on the object; it is what the verb was done with.
        return True
    while current.i != verb.i and current.head.i != current.i:
        if current.pos_ in ("NOUN", "PROPN", "PRON"):
            return False
        current = current.head
    return True


def _repelled_attack(token: Any) -> Any | None:
    """The attack a 'repel'/'repulse' verb takes as its object ('repelled an attack by X')."""
    if token.lemma_.lower() not in ("repel", "repulse") or token.pos_ != "VERB":
        return None
    return next((c for c in token.children if c.dep_ == "dobj"), None)


def _by_agent(token: Any) -> list[Any] | None:
    """'an air strike by the Saudi-led coalition': the noun's 'by' phrase is who struck."""
    noun = token
    while noun.dep_ == "compound" and noun.head.i != noun.i:
        noun = noun.head
    if noun.pos_ not in ("NOUN", "PROPN"):
        return None
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ == "by":
            obj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if obj is not None:
                return _phrase(obj, exclude_conj=True)
    return None


def _passive_target(doc: Document, verb: Any, offset: int) -> Actor | None:
    """'an army convoy was ambushed', 'a supply convoy came under attack': the subject the
    clause says was attacked is the target, when it names a kind of actor (not 'the market
    was hit')."""
    subject = attacked_subject(verb)
    if subject is None:
        return None
    actor = _actor(doc, _phrase(subject, exclude_conj=True), offset)
    if actor.kind is None and _noun_lemma(subject) in _FORCE_POSTS:
        actor.kind = "state_forces"
    return actor if actor.kind is not None else None


def _actors_from_casualties(doc: Document, sent: Any, offset: int, draft: _Draft) -> None:
    """A figures sentence ('its fighters killed 40 soldiers') names who killed whom: it
    fills the roles the event's first sentence left open or only guessed."""
    for verb in sent:
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in _KILL_LEMMAS:
            continue
        passive = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        if passive is None and verb.tag_ == "VBN" and any(
            c.dep_ in ("aux", "auxpass") and c.lemma_ == "be" for c in verb.children
        ):
            # 'soldiers were wounded' parsed with an active subject: still the victims.
            passive = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if passive is not None:
            # '12 soldiers were killed (by X)': the subject is the victim, the agent the killer.
            killer = _agent(verb)
            perpetrator = (
                _actor(doc, _phrase(killer, exclude_conj=True), offset) if killer else None
            )
            victim: Actor | None = _actor(doc, _victims(doc, passive, offset), offset)
        else:
            perpetrator = _subject_actor(doc, verb, offset)
            obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
            victim = _actor(doc, _victims(doc, obj, offset), offset) if obj is not None else None
        if (draft.actor1 is None or draft.actor1.kind is None) and (
            perpetrator is not None and perpetrator.kind is not None
        ):
            draft.actor1 = perpetrator
        if (draft.actor2 is None or draft.actor2.kind is None) and (
            victim is not None and victim.kind is not None
        ):
            draft.actor2 = victim


def _victims(doc: Document, obj: Any, offset: int) -> list[Any]:
    """The victims' phrase without its count: 'at least 40 soldiers' -> 'soldiers'."""
    tokens = _phrase(obj, exclude_conj=True)
    counted = [
        t for t in tokens
        if any(q.start <= offset + t.idx < q.end for q in doc.quantities)
        or t.dep_ in ("nummod", "quantmod") or t.like_num
    ]
    if counted:
        last = max(t.i for t in counted)
        rest = [t for t in tokens if t.i > last and t.lower_ != "of" and not t.is_punct]
        if rest:
            return rest
    return tokens


def _between(doc: Document, token: Any, offset: int) -> tuple[Actor, Actor] | None:
    """'clashes between A and B': A and B, split on the text (the parse often nests them)."""
    for head in (token, token.head):
        for child in head.children:
            if child.dep_ != "prep" or child.lower_ != "between":
                continue
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if not objects:
                return None
            # B's own phrase ends the span: not 'the KIA near the town of Hpakant, residents
            # and a KIA spokesman said', which the parse hangs under it.
            second = next((c for c in objects[0].children if c.dep_ == "conj"), None)
            tail = _phrase(second, exclude_conj=True) if second is not None else []
            last = tail[-1] if tail else max(objects[0].subtree, key=lambda t: t.i)
            start = offset + child.idx + len(child) + 1
            end = offset + last.idx + len(last)
            phrase = doc.text[start:end]
            cut = phrase.find(" and ")
            if cut <= 0:
                return None
            first = doc.span(*_trim(doc.text, start, start + cut))
            second = doc.span(*_trim(doc.text, start + cut + 5, end))
            return (
                Actor(first.text, first.start, first.end, actor_kind(first.text)),
                Actor(second.text, second.start, second.end, actor_kind(second.text)),
            )
    return None


def _sources_of_attack(attack: Any, verb: Any) -> Iterator[tuple[Any, Any]]:
    """(preposition, object) of each 'by' or 'from' phrase of an attack noun or its verb
    ('came under attack by X', 'under fire from X')."""
    for head in (attack, verb):
        for prep in head.children:
            if prep.dep_ in ("prep", "agent") and prep.lower_ in ("by", "from"):
                obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                if obj is not None:
                    yield prep, obj


def _attacker(doc: Document, attack: Any, verb: Any, offset: int) -> Actor | None:
    """Who an attack came from: 'came under attack by X', or 'from X' where X names a kind
    of actor ('under fire from suspected jihadists'; not 'from the north')."""
    for prep, obj in _sources_of_attack(attack, verb):
        actor = _acting(doc, _phrase(obj, exclude_conj=True), offset)
        if prep.lower_ == "by" or actor.kind is not None:
            return actor
    return None


def _subject_actor(doc: Document, verb: Any, offset: int) -> Actor | None:
    attack = under_attack(verb)
    if attack is not None:
        # 'A supply convoy ... came under attack': the subject, its own or the one it
        # shares ('left Djibo and came under fire'), is the side attacked; the attacker is
        # the attack's 'by' or 'from' phrase, or no one named.
        return _attacker(doc, attack, verb, offset)
    if tripped(verb):
        # 'the convoy struck an improvised explosive device': the subject is the side hit;
        # who laid the device the clause does not say.
        return None
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None and verb.dep_ in ("xcomp", "conj", "ccomp", "advcl", "relcl"):
        if verb.dep_ == "ccomp" and verb.head.lemma_.lower() in CUE_VERBS:
            # 'there have been two attacks on the embassy, Borge said': who tells of a clause
            # without a subject of its own did not do what it tells.
            return None
        return _subject_actor(doc, verb.head, offset)
    # 'the rebels were engaged in fighting with the army': a passive that says its subject
    # took part names who acted.
    taking_part = subject is not None and verb.lemma_.lower() in TAKING_PART_LEMMAS
    if subject is None or (subject.dep_ == "nsubjpass" and not taking_part):
        agent = _agent(verb)
        if agent is not None:
            return _acting(doc, _phrase(agent, exclude_conj=True), offset)
        return None
    if subject.lower_ in _PRONOUNS or (
        subject.lower_ in MEMBER_NOUNS
        and any(c.dep_ == "poss" and c.lower_ in _POSSESSIVES for c in subject.children)
    ):
        # 'its fighters' are the organisation's: name it, not the pronoun.
        antecedent = _antecedent(doc, offset + subject.idx)
        if antecedent is not None:
            return antecedent
    if names_group_again(subject):
        # 'the group had targeted the USS Carney': the armed group named before.
        antecedent = _antecedent(doc, offset + subject.idx, labels=("ARMED_GROUP",))
        if antecedent is not None:
            return antecedent
    actor = _acting(doc, _phrase(subject, exclude_conj=True), offset)
    parts = list(_associated(subject))
    # "the army ... backed up by X kicked off": the parser often makes 'backed' the main verb.
    if verb.lemma_.lower() in ("back", "support", "aid", "assist", "accompany"):
        agent = _agent(verb)
        if agent is not None:
            parts.append(_phrase(agent, exclude_conj=True))
    for part in parts:
        partner = _acting(doc, part, offset)
        if partner.kind is not None or instrument_head(part) is None:
            actor.associated.append(doc.span(partner.start, partner.end))
    return actor


def _acting(doc: Document, tokens: list[Any], offset: int) -> Actor:
    """The actor a phrase that acted names: itself, or where it names a weapon, a platform
    or the act ("A military drone strike killed 28", "killed by the blast"), the force its
    own words name ("military"). Where they name no one the phrase stays, of no kind: a
    weapon or a blast is no side of the conflict, and the roles stage drops such a guess
    (ACLED's unidentified actor); it still keeps a later sentence's guess from taking
    the event."""
    head = instrument_head(tokens)
    if head is None:
        return _actor(doc, tokens, offset)
    force = force_behind(tokens, head)
    if force is None:
        span = _span(doc, tokens, offset)
        return Actor(span.text, span.start, span.end, None)
    words, kind = force
    span = _span(doc, words, offset)
    return Actor(span.text, span.start, span.end, kind)


def _agent(verb: Any) -> Any | None:
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    if agent is None:
        return None
    return next((c for c in agent.children if c.dep_ == "pobj"), None)


def _target_actor(doc: Document, token: Any, verb: Any, offset: int) -> Actor | None:
    for head in (token, verb):
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in ("on", "against", "targeting"):
                obj = next((c for c in child.children if c.dep_ == "pobj"), None)
                # 'ambushed on Monday afternoon': a time is no target.
                if obj is not None and obj.ent_type_ not in _TEMPORAL_LABELS:
                    return _actor(doc, _phrase(obj, exclude_conj=True), offset)
        if head.pos_ in ("VERB",):
            obj = next((c for c in head.children if c.dep_ == "dobj"), None)
            if obj is not None and obj.i != token.i:
                actor = _actor(doc, _phrase(obj, exclude_conj=True), offset)
                if find_trigger(actor.text.lower()) is None and not _is_trigger_noun(obj):
                    return actor
    return None


def _is_trigger_noun(token: Any) -> bool:
    return find_trigger(token.text.lower()) is not None or token.lower_ in (
        "operation", "post", "posts", "attacks", "attack"
    )


def _phrase(token: Any, *, exclude_conj: bool) -> list[Any]:
    """The token's noun phrase, without coordinated phrases, clauses and 'backed by' parts."""
    skip: set[int] = set()
    for child in token.children:
        if (exclude_conj and child.dep_ in ("conj", "cc")) or child.dep_ in (
            "acl", "relcl", "appos", "prep", "punct",
        ):
            skip.update(t.i for t in child.subtree)
    tokens = [t for t in token.subtree if t.i not in skip]
    # Keep "of"-phrases that name the actor ("Supporters of the opposition").
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            tokens.extend(child.subtree)
    tokens.sort(key=lambda t: t.i)
    # A contiguous run around the head.
    run = [t for t in tokens if tokens[0].i <= t.i <= tokens[-1].i]
    return run


def _associated(subject: Any) -> Iterable[list[Any]]:
    """Coordinated actors and 'backed up by X' partners of a subject."""
    for child in subject.children:
        if child.dep_ == "conj":
            yield _phrase(child, exclude_conj=True)
            yield from _associated(child)
        if child.dep_ in ("acl", "relcl") and child.lower_ in _ASSOCIATION_CUES:
            for sub in child.subtree:
                if sub.dep_ == "pobj" and sub.head.dep_ in ("agent", "prep"):
                    yield _phrase(sub, exclude_conj=True)


def _antecedent(
    doc: Document, before: int, labels: tuple[str, ...] = ("ARMED_GROUP", "ORG", "NORP", "GPE")
) -> Actor | None:
    candidates = [
        e for e in doc.entities
        if e.end <= before and e.label in labels and before - e.end < 400
    ]
    if not candidates:
        return None
    e = candidates[-1]
    return Actor(e.text, e.start, e.end, actor_kind(e.text))


def _span(doc: Document, tokens: list[Any], offset: int) -> Span:
    start = offset + tokens[0].idx
    end = offset + tokens[-1].idx + len(tokens[-1])
    while end > start and doc.text[end - 1] in ".,;:'\"’” ":
        end -= 1
    while start < end and doc.text[start] in "'\"‘“ ":
        start += 1
    return doc.span(start, end)


def _actor(doc: Document, tokens: list[Any], offset: int) -> Actor:
    span = _span(doc, tokens, offset)
    return Actor(span.text, span.start, span.end, actor_kind(span.text))


# --- assembling events --------------------------------------------------------------------


def _event(doc: Document, event_id: str, draft: _Draft) -> Event:
    return Event(
        id=event_id,
        event_type=event_type_of(draft.sub_event_type),
        sub_event_type=draft.sub_event_type,
        actor1=draft.actor1,
        actor2=draft.actor2,
        location=_location(draft.place),
        date=_date(doc, draft.date),
        fatalities=[],
        fatalities_conservative=0,
        status="expected" if draft.expected else "occurred",
        evidence=[doc.span(*_trim(doc.text, s, e)) for s, e in draft.evidence],
    )


def _location(place: Place | None) -> EventLocation | None:
    if place is None:
        return None
    r = place.resolved
    return EventLocation(
        place_id=place.id,
        text=place.text,
        name=r.name if r else None,
        geonameid=r.geonameid if r else None,
        lat=r.lat if r else None,
        lon=r.lon if r else None,
        admin1=r.admin1 if r else None,
        country_code=r.country_code if r else None,
        geo_precision=place.geo_precision,
    )


def _date(doc: Document, mention: DateMention | None) -> EventDate | None:
    if mention is not None:
        return EventDate(mention.date_start, mention.date_end, mention.precision, mention.text)
    published = publication_date(doc)
    if published is None:
        return None
    # No date in the text: the week up to publication, said as such (ACLED codes the
    # report date with a wider time precision).
    return EventDate((published - dt.timedelta(days=6)).isoformat(), published.isoformat(),
                     "week", None)


def _link_claims(doc: Document, figures_only: dict[str, list[tuple[int, int]]]) -> None:
    for claim in doc.claims:
        for event in doc.events:
            overlapped = [ev for ev in event.evidence if _overlaps(claim.content, ev)]
            if not overlapped:
                continue
            # A sentence joined the event for its figures: only the claims that give them
            # speak to the event ('who asked not to be named' denies nothing about it).
            only_figures = all(
                (ev.start, ev.end) in figures_only.get(event.id, ()) for ev in overlapped
            )
            if only_figures and not _gives_figures(doc, claim):
                continue
            _link(claim, event)
    # A denial that shares its subject with an event's claims speaks to that event.
    for claim in doc.claims:
        if claim.event_ids or claim.polarity != "denies":
            continue
        keys = _matter(doc, claim.content)
        for event in reversed([e for e in doc.events if e.evidence[0].start < claim.content.start]):
            linked = [c for c in doc.claims if c.id in event.claim_ids]
            if any(keys & _matter(doc, c.content) for c in linked):
                _link(claim, event)
                break


def _gives_figures(doc: Document, claim: Claim) -> bool:
    return any(_casualty_unit(doc, claim, q) is not None for q in claim.quantities) or bool(
        _CASUALTY_WORDS.search(claim.content.text.lower())
    )


def _casualty_unit(doc: Document, claim: Claim, q: Quantity) -> str | None:
    """The casualty unit of a claim's count, also where the quantities layer saw only people:
    'killed "dozens of terrorists"', 'seven civilians ... were among the dead'."""
    if q.unit in _CASUALTY_UNITS:
        return q.unit
    if q.unit not in (None, "people"):
        return None
    content = claim.content
    before = doc.text[max(content.start, q.start - 30):q.start].lower()
    verb = _KILL_BEFORE.search(before)
    if verb is not None:
        return CASUALTY_VERBS_BEFORE[verb.group(1)]
    # Up to the next count of the claim: its predicate is that count's, not this one's.
    stop = min([o.start for o in claim.quantities if o.start > q.start] + [content.end])
    after = doc.text[q.end:stop].lower()
    predicate = _KILL_AFTER.search(after)
    if predicate is None or _NEW_CLAUSE.search(after[:predicate.start(1)]):
        return None
    return CASUALTY_PREDICATES_AFTER[predicate.group(1)]


def _link(claim: Claim, event: Event) -> None:
    if event.id not in claim.event_ids:
        claim.event_ids.append(event.id)
    if claim.id not in event.claim_ids:
        event.claim_ids.append(claim.id)


def _matter(doc: Document, span: Span) -> set[str]:
    words = set(re.findall(r"[a-z]+", span.text.lower()))
    orgs = {
        e.text.lower() for e in doc.entities
        if span.start <= e.start and e.end <= span.end and e.label in ("ORG", "ARMED_GROUP")
    }
    return orgs | (words & {"report", "accusations", "allegations", "document"})


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def _denies_words_of(doc: Document, claim: Claim) -> bool:
    """Whether a claim denies the very words of another ('Hamas said 30 people were killed,
    a figure that Israel disputed'): their figures are what it rejects, no count of its own.
    (A denying statement can give its own: 'the group said only three of its fighters were
    killed, and rejected the army's claim'.)"""
    return claim.polarity == "denies" and any(
        other.polarity == "affirms" and other.content == claim.content for other in doc.claims
    )


def _settle(doc: Document, event: Event) -> None:
    """Fatalities per claimant, the conservative count, and the status the claims imply."""
    claims = [c for c in doc.claims if c.id in event.claim_ids]
    # A claim over a sentence of two incidents gives each the figures of its own clause.
    elsewhere = [
        ev for other in doc.events if other is not event for ev in other.evidence
        if not any(_overlaps(ev, own) for own in event.evidence)
    ]
    for claim in claims:
        if _denies_words_of(doc, claim):
            continue
        for q in claim.quantities:
            if any(ev.start <= q.start < ev.end for ev in elsewhere):
                continue
            unit = _casualty_unit(doc, claim, q)
            if unit is not None:
                event.fatalities.append(_fatalities(claim, q, unit))
    event.fatalities_conservative = conservative_fatalities(
        event.fatalities, disputed=frozenset(c.id for c in claims if c.status == "disputed")
    )
    if event.status == "expected" or not claims:
        return
    # The sentence that started the event says whether the outlet asserts it; later
    # sentences add figures and reactions. In the outlet's own words (a claim without a
    # cue) it does even where they deny something else ('Gunmen killed three people in Gao
    # on Monday, but the army did not attack the village'): the event's trigger was read as
    # told, not negated (`_tells_occurrence`), so the negation is another clause's.
    origin = event.evidence[0]
    asserted = any(
        c.status == "endorsed" and (c.polarity == "affirms" or c.cue is None)
        and _overlaps(c.content, origin)
        for c in claims
    )
    disputed = any(c.status == "disputed" or c.polarity == "denies" for c in claims)
    status: EventStatus
    if asserted:
        status = "occurred"
    elif disputed:
        status = "disputed"
    else:
        status = "claimed"
    event.status = status


def _fatalities(claim: Claim, q: Quantity, unit: str) -> Fatalities:
    low = q.low if q.low is not None else (q.value if q.high is None else None)
    return Fatalities(
        claim_id=claim.id,
        source=claim.source.name if claim.source else "the outlet",
        low=int(low) if low is not None else None,
        high=int(q.high) if q.high is not None else None,
        who=q.subject,
        unit=unit,
    )


def conservative_fatalities(
    entries: list[Fatalities], disputed: frozenset[str] = frozenset()
) -> int:
    """ACLED's count: the lowest figure any claimant gives for each group of the dead, summed.

    Only deaths count (not 'killed or injured'). A claim counts its lower bound ('over 20'
    counts 21, 'dozens' 12) or, with only an upper bound, the stated figure ('up to 30'
    counts 30: ACLED codes the figure reported, and 0 would erase the claim). A figure that
    names no group overlaps the named ones: the count is the larger of the two readings.
    The figures of `disputed` claims (ids) count only when no other claim gives one: a
    belligerent's tally of enemy dead that the other side dismisses is not added to the
    civilians the outlet counts, but a strike told only by disputed claimants keeps a toll.
    """
    killed = [e for e in entries if e.unit == "killed" and (e.low, e.high) != (None, None)]
    if any(e.claim_id not in disputed for e in killed):
        killed = [e for e in killed if e.claim_id not in disputed]
    lowest: dict[str, int] = {}
    for entry in killed:
        stated = entry.low if entry.low is not None else entry.high
        assert stated is not None
        group = _who_group(entry.who)
        lowest[group] = min(stated, lowest.get(group, stated))
    # A toll that says not whose dead ('20 bodies') may count the soldiers and militants
    # others named: it adds only what exceeds them.
    unspecified = lowest.pop("unspecified", 0)
    return max(sum(lowest.values()), unspecified)


def _who_group(who: str | None) -> str:
    lower = (who or "").lower()
    for group, words in _WHO_GROUPS:
        if any(word in lower for word in words):
            return group
    return "unspecified"


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
