"""The role tagger, its training helpers and the roles stage."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import spacy

from claimscope.config import Settings
from claimscope.document import Actor, Claim, Document, Entity, Event, Source
from claimscope.eval.report import prf
from claimscope.eval.roles import ROLES, MucDoc, ceaf_ree, iter_muc, predicted_roles
from claimscope.models.roles import MODEL_DIR, MODEL_FILE, RoleMention, RoleTagger, decode
from claimscope.pipeline import Analyzer
from claimscope.stages import roles as roles_stage
from claimscope.stages.language import parse
from claimscope.taxonomy import actor_kind
from claimscope.train.roles import gold_labels, occurrences
from tests.conftest import analyze_text

MUC = Path(__file__).resolve().parents[2] / "shared" / "data" / "events" / "muc4"
HAS_MODEL = (MODEL_DIR / MODEL_FILE).is_file()
needs_model = pytest.mark.skipif(not HAS_MODEL, reason="roles model not trained yet")


@cache
def _nlp() -> Any:
    return spacy.load(Settings().spacy_model)


def _tagged(text: str) -> Any:
    return _nlp()(text)


@cache
def _language() -> Analyzer:
    return Analyzer(Settings(stages=("language",)))


def test_decode_joins_bio_runs_and_trims_punctuation() -> None:
    text = "rebels of the fmln, killed two guards."
    sent = list(spacy.blank("en")(text))
    labels = ["B-PerpInd", "O", "O", "B-PerpOrg", "O", "O", "O", "I-Victim", "O"]
    found = [(m.role, m.text) for m in decode(sent, labels, text)]
    assert found == [("PerpInd", "rebels"), ("PerpOrg", "fmln"), ("Victim", "guards")]
    for m in decode(sent, labels, text):
        assert text[m.start : m.end] == m.text


def test_decode_ends_a_mention_at_a_word_that_can_end_a_phrase() -> None:
    # A mention the tagger cut before its noun does not end on 'of' or 'the'.
    text = "the armed forces of el salvador burned several poles with explosives."
    sent = list(_tagged(text))
    labels = ["B-PerpOrg", "I-PerpOrg", "I-PerpOrg", "I-PerpOrg"] + ["O"] * 3 + \
        ["B-Target", "I-Target", "I-Target"] + ["O"] * (len(sent) - 10)
    found = [(m.role, m.text) for m in decode(sent, labels, text)]
    assert found == [("PerpOrg", "the armed forces"), ("Target", "several poles")]


def test_occurrences_label_every_repetition_and_prefer_longer_mentions() -> None:
    text = "the army post was shelled. later the army said the post was rebuilt."
    gold = MucDoc("d", text, {"PerpInd": [], "PerpOrg": [], "Weapon": [], "Victim": [],
                              "Target": [["army post", "post"]]})
    spans = occurrences(text, gold)
    assert [text[s:e] for s, e, _ in sorted(spans)] == ["army post", "post"]
    sent = spacy.blank("en")(text)
    labels = gold_labels(list(sent), spans)
    assert labels[:3] == ["O", "B-Target", "I-Target"]
    assert labels.count("B-Target") == 2


def _with_event(text: str) -> Document:
    """The text analysed up to events, with one event over all of it (whatever the triggers),
    then the roles stage: the roles stage is tested apart from the events stage's triggers."""
    doc = _language().analyze(text, fmt="text")
    evidence = [doc.span(s.start, s.end) for s in doc.sentences]
    doc.events = [
        Event("event1", "Violence against civilians", "Attack", None, None, None, None, [], 0,
              "occurred", evidence)
    ]
    return roles_stage.RolesStage(Settings())(doc)


class _StubTagger(RoleTagger):
    """Marks fixed phrases, so that the stage's routing is tested apart from the model."""

    def __init__(self, phrases: dict[str, str]) -> None:
        self.phrases = phrases

    def mentions(self, parsed: Any, wanted: Any = None) -> list[RoleMention]:
        found = []
        self.tagged = [s.text.strip() for s in parsed.sents if wanted is None or wanted(s)]
        for phrase, role in self.phrases.items():
            start = parsed.text.index(phrase)
            if any(phrase in sentence for sentence in self.tagged):
                found.append(RoleMention(role, start, start + len(phrase), phrase))
        return found


def _two_events(doc: Document) -> Document:
    first, second = doc.sentences[0], doc.sentences[2]
    doc.events = [
        Event(f"event{i}", "Violence against civilians", "Attack", actor, None, None, None, [],
              0, "occurred", [doc.span(s.start, s.end)])
        for i, (s, actor) in enumerate(
            [(first, Actor("Saturday", 0, 8)),
             (second, Actor("gunmen", 0, 6, "political_militia"))],
            1,
        )
    ]
    return doc


def test_stage_routes_mentions_to_the_nearest_event_and_labels_entities() -> None:
    text = (
        "Guerrillas of the Lorca Front burned a bus in Quito. "
        "The driver was taken to hospital. "
        "Later gunmen fired at a police patrol with rifles."
    )
    doc = _two_events(_language().analyze(text, fmt="text"))
    doc.events[1].actor1 = Actor("gunmen", text.index("gunmen"), text.index("gunmen") + 6,
                                 "political_militia")
    tagger = _StubTagger({"Guerrillas": "PerpInd", "Lorca Front": "PerpOrg", "bus": "Target",
                          "driver": "Victim", "police patrol": "Target", "rifles": "Weapon"})
    doc = roles_stage.RolesStage(Settings(), tagger=tagger)(doc)
    first, second = doc.events
    assert first.actor1 is not None and first.actor1.text == "Guerrillas"
    assert [a.text for a in first.actor1.associated] == ["Lorca Front"]
    assert first.actor2 is not None and first.actor2.text == "bus"
    # 'driver' sits between the two events, nearer the first.
    assert [a.text for a in first.actor2.associated] == ["driver"]
    # No perpetrator mention for the second event: the events stage's 'gunmen' stays.
    assert second.actor1 is not None and second.actor1.text == "gunmen"
    assert second.actor2 is not None and second.actor2.text == "police patrol"
    labels = {e.text: e.label for e in doc.entities}
    lorca = text.index("Lorca Front")
    assert any(
        e.start <= lorca and lorca + 11 <= e.end and e.label in ("ORG", "ARMED_GROUP")
        for e in doc.entities
    )
    assert labels["bus"] == labels["police patrol"] == "FAC"
    assert labels["rifles"] == roles_stage.WEAPON_LABEL
    assert predicted_roles(doc)["Target"] == ["bus", "police patrol"]
    assert predicted_roles(doc)["Weapon"] == ["rifles"]
    _check_offsets(doc)


def test_only_paragraphs_with_an_event_are_tagged() -> None:
    text = (
        "Rebels shot a mayor in Tumaco on Monday.\n\n"
        "The mayor had long opposed the rebels of the Sur Front.\n\n"
        "Police arrested two rebels on Friday."
    )
    doc = _language().analyze(text, fmt="text")
    doc.events = [
        Event(f"event{i}", "Violence against civilians", "Attack", None, None, None, None, [],
              0, "occurred", [doc.span(s.start, s.end)])
        for i, s in enumerate((doc.sentences[0], doc.sentences[2]), 1)
    ]
    tagger = _StubTagger({"Rebels": "PerpInd", "Sur Front": "PerpOrg", "mayor": "Victim"})
    doc = roles_stage.RolesStage(Settings(), tagger=tagger)(doc)
    # The middle paragraph has no event: it would lend its mentions to no one, so the
    # tagger (the stage's costliest step after the parse) never reads it.
    assert tagger.tagged == [doc.sentences[0].text, doc.sentences[2].text]
    first = doc.events[0]
    assert first.actor1 is not None and first.actor1.text == "Rebels"
    assert first.actor2 is not None and first.actor2.text == "mayor"
    named = [a.text for e in doc.events for a in (e.actor1, e.actor2) if a is not None]
    assert "Sur Front" not in named


def test_a_news_agency_a_claim_cites_is_no_victim() -> None:
    text = "A bomb hit a convoy near Tikrit, wounding three soldiers, the Tass news agency said."
    doc = _language().analyze(text, fmt="text")
    doc.events = [
        Event("event1", "Explosions/Remote violence", "Remote explosive/landmine/IED", None,
              None, None, None, [], 0, "occurred", [doc.span(0, len(text))])
    ]
    agency = text.index("the Tass news agency")
    source = Source("the Tass news agency", agency, agency + 20, "media")
    said = text.index("said")
    doc.claims = [
        Claim("claim1", source, doc.span(said, said + 4), doc.span(0, agency - 2), "affirms",
              "reported")
    ]
    tagger = _StubTagger({"Tass news agency": "Victim", "convoy": "Target"})
    event = roles_stage.RolesStage(Settings(), tagger=tagger)(doc).events[0]
    assert event.actor2 is not None and event.actor2.text == "convoy"
    # Not the agency: the soldiers the figure counts are the convoy's people hit.
    assert [a.text for a in event.actor2.associated] == ["three soldiers"]
    # The same words as a target when no claim cites them as its source stay a target.
    doc.claims = []
    doc.events[0].actor2 = None
    event = roles_stage.RolesStage(Settings(), tagger=tagger)(doc).events[0]
    assert event.actor2 is not None
    assert [event.actor2.text, *(a.text for a in event.actor2.associated)] == [
        "convoy", "Tass news agency"
    ]


def test_stage_keeps_known_actors_where_the_tagger_marks_no_perpetrator() -> None:
    text = "Guerrillas burned a bus in Quito. The driver was hurt. Later gunmen fired at a patrol."
    doc = _two_events(_language().analyze(text, fmt="text"))
    doc.events[1].actor1 = Actor("gunmen", text.index("gunmen"), text.index("gunmen") + 6,
                                 "political_militia")
    tagger = _StubTagger({"bus": "Target", "driver": "Victim"})
    doc = roles_stage.RolesStage(Settings(), tagger=tagger)(doc)
    assert doc.events[1].actor1 is not None and doc.events[1].actor1.text == "gunmen"
    assert doc.events[0].actor2 is not None and doc.events[0].actor2.text == "bus"


def test_the_people_a_casualty_figure_counts_are_victims() -> None:
    text = (
        "A suicide bomber blew himself up at the gate, killing six NATO service members. "
        "Nobody claimed it. Later gunmen fired at a patrol, wounding three policemen."
    )

    def analyzed(second_type: str) -> Document:
        doc = _two_events(_language().analyze(text, fmt="text"))
        for event in doc.events:
            event.actor1 = None
        doc.events[1].event_type = second_type
        start = text.index("a patrol")
        doc.events[1].actor2 = Actor("a patrol", start, start + 8, "state_forces")
        return roles_stage.RolesStage(Settings(), tagger=_StubTagger({}))(doc)

    attacks, battles = analyzed("Violence against civilians"), analyzed("Battles")
    first, second = attacks.events
    # No tagged victim: the figure's people are the victims.
    assert first.actor2 is not None and first.actor2.text == "six NATO service members"
    # The events stage's guess at whom an attack hit gives way to whom the figure counts.
    assert second.actor2 is not None and second.actor2.text == "three policemen"
    # A battle's other side stays, alone: the figure's people are not another actor beside it.
    battle = battles.events[1]
    assert battle.actor2 is not None and battle.actor2.text == "a patrol"
    assert battle.actor2.associated == []
    _check_offsets(attacks)
    _check_offsets(battles)


def test_a_figure_outside_the_event_names_none_of_its_victims() -> None:
    text = "Guerrillas burned a bus in Quito. Floods killed twelve villagers. Gunmen fired."
    doc = _two_events(_language().analyze(text, fmt="text"))
    doc = roles_stage.RolesStage(Settings(), tagger=_StubTagger({}))(doc)
    assert all(event.actor2 is None for event in doc.events)


def test_weapons_become_entities_unless_an_entity_is_there() -> None:
    text = (
        "Rebels fired Katyusha rockets at the airport. Nobody was hurt. "
        "Later mortars hit a base."
    )
    doc = _two_events(_language().analyze(text, fmt="text"))
    doc.events[1].actor1 = None
    start = text.index("Katyusha")
    doc.entities = [e for e in doc.entities if e.end <= start or start + 8 <= e.start]
    doc.entities.append(Entity("ent99", "Katyusha", start, start + 8, "PRODUCT"))
    tagger = _StubTagger({"Katyusha rockets": "Weapon", "mortars": "Weapon"})
    doc = roles_stage.RolesStage(Settings(), tagger=tagger)(doc)
    weapons = [e.text for e in doc.entities if e.label == roles_stage.WEAPON_LABEL]
    assert weapons == ["mortars"]
    assert any(e.text == "Katyusha" and e.label == "PRODUCT" for e in doc.entities)
    assert predicted_roles(doc)["Weapon"] == ["mortars"]
    _check_offsets(doc)


def test_a_shorter_name_of_the_same_filler_is_dropped() -> None:
    text = (
        "Gunmen killed Bernardo Jaramillo Ossa at the airport. Jaramillo Ossa was a senator. "
        "Ossa Street was closed, and the gunmen were seen near the airport."
    )
    doc = _two_events(_language().analyze(text, fmt="text"))
    doc.events[1].actor1 = None
    tagger = _StubTagger({"Bernardo Jaramillo Ossa": "Victim", "Jaramillo Ossa": "Victim",
                          "Ossa Street": "Target", "Gunmen": "PerpInd"})
    doc = roles_stage.RolesStage(Settings(), tagger=tagger)(doc)
    roles = predicted_roles(doc)
    # "Jaramillo Ossa" repeats a longer victim's name; "Ossa Street" shares a word only.
    assert roles["Victim"] == ["Bernardo Jaramillo Ossa"]
    assert roles["Target"] == ["Ossa Street"]
    _check_offsets(doc)


def test_an_acronym_of_the_same_filler_is_dropped() -> None:
    text = (
        "The Army of National Liberation (ELN) attacked a bus. The FMLN and the Tupac Amaru "
        "Revolutionary Movement denied it. Later the MRTA and the Farabundo Marti National "
        "Liberation Front and the PLO fired at a base."
    )
    doc = _two_events(_language().analyze(text, fmt="text"))
    tagger = _StubTagger({"Army of National Liberation": "PerpOrg", "ELN": "PerpOrg",
                          "MRTA": "PerpOrg", "Tupac Amaru Revolutionary Movement": "PerpOrg",
                          "Farabundo Marti National Liberation Front": "PerpOrg",
                          "FMLN": "PerpOrg", "PLO": "PerpOrg"})
    doc = roles_stage.RolesStage(Settings(), tagger=tagger)(doc)
    # ELN follows its name in brackets; FMLN and MRTA spell its initials; PLO names another.
    assert sorted(predicted_roles(doc)["PerpOrg"]) == [
        "Army of National Liberation", "Farabundo Marti National Liberation Front", "PLO",
        "Tupac Amaru Revolutionary Movement",
    ]


def test_stage_drops_guessed_actors_of_no_known_kind() -> None:
    text = "Shelling hit the market on Saturday. Nobody was hurt. Gunmen attacked a school."
    doc = _two_events(_language().analyze(text, fmt="text"))
    # The guess sits where its words are: the stage reads its head in the parse.
    doc.events[1].actor1 = Actor("Gunmen", text.index("Gunmen"), text.index("Gunmen") + 6,
                                 "political_militia")
    doc = roles_stage.RolesStage(Settings(), tagger=_StubTagger({"school": "Target"}))(doc)
    assert doc.events[0].actor1 is None  # 'Saturday' names no actor
    assert doc.events[1].actor1 is not None and doc.events[1].actor1.kind == "political_militia"


@needs_model
def test_model_finds_perpetrators_and_targets() -> None:
    doc = _with_event(
        "urban guerrillas of the fmln dynamited a power pylon in san salvador last night, "
        "and two guards were killed in the attack."
    )
    roles = {role: {m.lower() for m in found} for role, found in predicted_roles(doc).items()}
    assert "fmln" in roles["PerpOrg"]
    assert any("guerrillas" in m for m in roles["PerpInd"])
    assert any("pylon" in m for m in roles["Target"])
    _check_offsets(doc)


@needs_model
def test_model_finds_a_kidnapping_victim() -> None:
    doc = _with_event(
        "heavily armed men kidnapped businessman carlos ramirez as he left his home. "
        "police blamed the shining path for the kidnapping."
    )
    event = doc.events[0]
    assert event.actor1 is not None and event.actor2 is not None
    perps = {s.lower() for s in [event.actor1.text, *(x.text for x in event.actor1.associated)]}
    victims = {s.lower() for s in [event.actor2.text, *(x.text for x in event.actor2.associated)]}
    assert any("armed men" in t for t in perps)
    assert any("carlos ramirez" in t for t in victims)
    assert not perps & victims
    _check_offsets(doc)


@needs_model
def test_no_event_means_no_roles() -> None:
    doc = _language().analyze(
        "the fmln guerrillas dynamited a power pylon and killed two guards.", fmt="text"
    )
    entities = list(doc.entities)
    doc = roles_stage.RolesStage(Settings())(doc)
    assert doc.events == []
    assert doc.entities == entities


@needs_model
@pytest.mark.skipif(not (MUC / "dev.json").is_file(), reason="MUC-4 data not in ../shared")
def test_smoke_on_a_few_muc_documents() -> None:
    """Five dev documents, each given one event over all its sentences, score above chance."""
    totals = [0.0, 0, 0]
    for item in list(iter_muc(MUC / "dev.json"))[:5]:
        pred = predicted_roles(_with_event(item.text))
        for role in ROLES:
            for i, n in enumerate(ceaf_ree(pred[role], item.extracts[role])):
                totals[i] += n
    precision, recall, _ = prf(*totals)
    assert precision > 0.2
    assert recall > 0.1


@pytest.mark.slow
@pytest.mark.skipif(not (MUC / "train.json").is_file(), reason="MUC-4 data not in ../shared")
def test_training_reproduces_a_useful_tagger(tmp_path: Path) -> None:
    from claimscope.train.roles import train

    scores = train(MUC, tmp_path)
    assert scores["micro_f1"] > 0.35
    assert (tmp_path / MODEL_FILE).stat().st_size < 30_000_000
    assert json.loads((tmp_path / "meta.json").read_text())["seed"] == 13


def _check_offsets(doc: Document) -> None:
    for event in doc.events:
        for actor in (event.actor1, event.actor2):
            if actor is None:
                continue
            assert doc.text[actor.start : actor.end] == actor.text
            for span in actor.associated:
                assert doc.text[span.start : span.end] == span.text
    for entity in doc.entities:
        assert doc.text[entity.start : entity.end] == entity.text


def _one_event(text: str, tagger: RoleTagger) -> Event:
    """The roles stage over one attack whose evidence is every sentence of `text`."""
    doc = _language().analyze(text, fmt="text")
    doc.events = [
        Event("event1", "Explosions/Remote violence", "Remote explosive/landmine/IED", None,
              None, None, None, [], 0, "occurred",
              [doc.span(s.start, s.end) for s in doc.sentences])
    ]
    doc = roles_stage.RolesStage(Settings(), tagger=tagger)(doc)
    _check_offsets(doc)
    return doc.events[0]


def _victims(event: Event) -> list[str]:
    actor = event.actor2
    return [] if actor is None else [actor.text, *(a.text for a in actor.associated)]


def test_named_casualties_of_the_clauses_are_victims_beside_a_tagged_target() -> None:
    text = (
        "A car bomb hit the Grand Hotel in Kandor on Monday. "
        "General Viktor Osipenko died after the blast, and Maria Lindqvist was wounded."
    )
    victims = _victims(_one_event(text, _StubTagger({"Grand Hotel": "Target"})))
    # The building the tagger marked stays first; the named people the clauses say died or
    # were hurt join it.
    assert victims[0] == "Grand Hotel"
    assert any("Viktor Osipenko" in v for v in victims[1:])
    assert any("Maria Lindqvist" in v for v in victims[1:])


def test_the_people_counted_beside_a_tagged_target_are_victims_too() -> None:
    text = "A truck bomb hit the Camp Shorabak base on Monday, killing 23 Afghan soldiers."
    victims = _victims(_one_event(text, _StubTagger({"Camp Shorabak": "Target"})))
    # The tagged building stays first; whom the figure counts were hit as well (ACLED codes
    # who was hit, where MUC-4's released gold keeps named victims only).
    assert victims[0] == "Camp Shorabak"
    assert "23 Afghan soldiers" in victims[1:]
    # A tagged victim is the victim: the figure adds nobody beside it.
    tagged = _victims(_one_event(text, _StubTagger({"Camp Shorabak": "Target",
                                                    "Afghan soldiers": "Victim"})))
    assert not any(v.startswith("23") for v in tagged)


def test_clause_victims_are_named_people_only() -> None:
    text = "A bomb exploded at a market in Kandor. Six soldiers were killed and many were hurt."
    # Counted and described casualties are the casualty figures' job, not the clauses': the
    # figure adds its soldiers once, and 'many' is nobody.
    victims = _victims(_one_event(text, _StubTagger({"market": "Target"})))
    assert victims == ["market", "Six soldiers"]


def test_a_tagged_victim_leaves_the_clauses_out() -> None:
    text = (
        "Gunmen attacked a convoy near Kandor. "
        "Two guards were hurt, and Pavel Dronov was killed in the attack."
    )
    victims = _victims(_one_event(text, _StubTagger({"guards": "Victim"})))
    assert victims == ["guards"]


def test_a_victim_named_by_surname_takes_the_full_name() -> None:
    text = (
        "Judge Tomas Varga heard the case in Kandor last year. "
        "On Monday a bomb went off outside the court. Mr. Varga was killed in the blast."
    )
    event = _one_event(text, _StubTagger({}))
    victims = _victims(event)
    assert any("Tomas Varga" in v for v in victims)
    assert not any(v.startswith("Mr.") for v in victims)


def test_civilians_the_events_stage_guessed_as_actors_are_dropped() -> None:
    text = (
        "About forty villagers died in the shelling of Kandor. Nobody claimed it. "
        "Later gunmen fired at a bus."
    )
    doc = _two_events(_language().analyze(text, fmt="text"))
    start = text.index("About forty villagers")
    doc.events[0].actor1 = Actor("About forty villagers", start, start + 21, "civilians")
    doc = roles_stage.RolesStage(Settings(), tagger=_StubTagger({}))(doc)
    # ACLED codes civilians only as the side acted on: the subject of 'died' struck no one.
    assert doc.events[0].actor1 is None
    # A known kind of armed actor the events stage found stays.
    assert doc.events[1].actor1 is not None and doc.events[1].actor1.text == "gunmen"


def _guessed_actor1(text: str, phrase: str, kind: str) -> Actor | None:
    """actor1 after the roles stage, where the events stage guessed `phrase` and the tagger
    marks no perpetrator."""
    doc = _language().analyze(text, fmt="text")
    evidence = [doc.span(s.start, s.end) for s in doc.sentences]
    start = text.index(phrase)
    doc.events = [
        Event("event1", "Violence against civilians", "Attack",
              Actor(phrase, start, start + len(phrase), kind), None, None, None, [], 0,
              "occurred", evidence)
    ]
    return roles_stage.RolesStage(Settings(), tagger=_StubTagger({}))(doc).events[0].actor1


def test_a_guessed_actor_that_names_the_event_is_dropped() -> None:
    # The kind comes from the possessor; the phrase is the killing, not who killed.
    text = "The police commander's assassination has shocked the country."
    assert _guessed_actor1(text, "The police commander's assassination", "state_forces") is None
    # A weapon whose own words name the side fired it ('Islamic Jihad rockets').
    text = "Islamic Jihad rockets had killed more Palestinians than Israeli fire."
    actor = _guessed_actor1(text, "Islamic Jihad rockets", "rebel_group")
    assert actor is not None and actor.text == "Islamic Jihad rockets"
    # An agent noun that is also a trigger names who acted.
    text = "Unidentified gunmen shot the judge in Medellin."
    actor = _guessed_actor1(text, "Unidentified gunmen", "political_militia")
    assert actor is not None and actor.text == "Unidentified gunmen"


def test_a_guessed_actor_that_only_tells_of_the_event_is_dropped() -> None:
    text = "Police sources reported today that the consul was seriously injured."
    assert _guessed_actor1(text, "Police sources", "state_forces") is None
    # Who says it did the act still did it.
    text = "The army said it killed 20 rebels near the border."
    actor = _guessed_actor1(text, "The army", "state_forces")
    assert actor is not None and actor.text == "The army"
    text = "JNIM said on Sunday that its fighters attacked the gendarmerie post."
    actor = _guessed_actor1(text, "JNIM", "rebel_group")
    assert actor is not None and actor.text == "JNIM"


def test_who_claims_responsibility_is_the_perpetrator_where_no_one_else_is() -> None:
    text = (
        "A bomb went off at a bus station in Kandor on Monday. "
        "The Red Dawn Brigade claimed responsibility for the bombing."
    )
    event = _one_event(text, _StubTagger({}))
    assert event.actor1 is not None and "Red Dawn Brigade" in event.actor1.text
    # A perpetrator the tagger marks comes first.
    tagged = _one_event(text + " Witnesses blamed gunmen.", _StubTagger({"gunmen": "PerpInd"}))
    assert tagged.actor1 is not None and tagged.actor1.text == "gunmen"
    assert all("Red Dawn" not in a.text for a in tagged.actor1.associated)


def test_a_pronoun_claiming_responsibility_names_no_perpetrator() -> None:
    text = "A bomb went off at a bus station in Kandor. It claimed responsibility for nothing."
    assert _one_event(text, _StubTagger({})).actor1 is None


def test_a_tagged_victim_does_not_silence_who_claimed_the_attack() -> None:
    text = (
        "A bomb killed a guard at a bus station in Kandor. "
        "The Red Dawn Brigade claimed responsibility for the bombing."
    )
    event = _one_event(text, _StubTagger({"guard": "Victim"}))
    assert _victims(event) == ["guard"]
    assert event.actor1 is not None and "Red Dawn Brigade" in event.actor1.text


def test_an_armed_group_claiming_responsibility_is_the_perpetrator() -> None:
    text = (
        "A bomb went off at a bus station in Kandor on Monday. "
        "The PKK claimed responsibility for the bombing."
    )
    event = _one_event(text, _StubTagger({}))
    assert event.actor1 is not None and "PKK" in event.actor1.text


def test_a_perpetrator_that_only_names_whose_thing_it_is_is_dropped() -> None:
    text = "A bomb went off at a bus station in Kandor. The Red Dawn letter praised the bombing."
    # 'Red Dawn' names the letter's author, not who set off the bomb.
    assert _one_event(text, _StubTagger({"Red Dawn": "PerpOrg"})).actor1 is None
    attack = "A Red Dawn attack hit a bus station in Kandor. Red Dawn units fled."
    event = _one_event(attack, _StubTagger({"Red Dawn": "PerpOrg"}))
    assert event.actor1 is not None and event.actor1.text == "Red Dawn"


def test_perpetrators_coordinated_with_a_tagged_one_join_it() -> None:
    text = "On Monday Red Dawn gunmen and suicide bombers attacked a camp in Kandor."
    event = _one_event(text, _StubTagger({"Red Dawn gunmen": "PerpInd"}))
    assert event.actor1 is not None and event.actor1.text == "Red Dawn gunmen"
    assert [a.text for a in event.actor1.associated] == ["suicide bombers"]


def test_who_the_text_says_was_responsible_is_the_perpetrator() -> None:
    text = (
        "A bomb went off at a bus station in Kandor on Monday. "
        "The police concluded that the Red Dawn Brigade was responsible."
    )
    event = _one_event(text, _StubTagger({}))
    assert event.actor1 is not None and "Red Dawn Brigade" in event.actor1.text
    denied = text.replace("was responsible", "was not responsible")
    assert _one_event(denied, _StubTagger({})).actor1 is None


def test_a_country_named_weapon_stays_the_perpetrator() -> None:
    text = "Russian missiles struck Kyiv on Monday, killing five civilians."
    doc = _language().analyze(text, fmt="text")
    doc.events = [
        Event("event1", "Explosions/Remote violence", "Shelling/artillery/missile attack",
              Actor("Russian missiles", 0, 16, actor_kind("Russian missiles")), None, None,
              None, [], 0, "occurred", [doc.span(s.start, s.end) for s in doc.sentences])
    ]
    event = roles_stage.RolesStage(Settings(), tagger=_StubTagger({}))(doc).events[0]
    # The events stage's actor stays where it names a known kind: the country's forces.
    assert event.actor1 is not None and event.actor1.text == "Russian missiles"
    assert event.actor1.kind == "state_forces"


def test_a_struck_building_is_the_target_where_no_one_is_named_or_counted() -> None:
    text = "A bomb went off in Kandor on Monday. The explosion targeted a bakery."
    event = _one_event(text, _StubTagger({}))
    assert _victims(event) == ["a bakery"]
    # Neither an area nor an abstraction is a struck building.
    assert _victims(_one_event("Gunmen attacked rural areas of Kandor.", _StubTagger({}))) == []
    # Where the tagger marks who was hit, the clause's building does not stand in.
    tagged = _one_event(text + " A guard was hurt.", _StubTagger({"guard": "Victim"}))
    assert _victims(tagged) == ["guard"]


@needs_model
def test_a_perpetrator_the_text_says_was_killed_is_dropped(analyzer: Analyzer) -> None:
    # The tagger read "six soldiers" (who "had been killed") as a perpetrator, and the
    # attack's actor1 became the soldiers instead of the jihadists who ambushed them.
    doc = analyze_text(
        analyzer,
        "At least 15 Nigerien soldiers were killed when suspected jihadists ambushed a patrol "
        "near the town of Tillia on Sunday, two security sources said.\n\n"
        "The defence ministry said on Monday that six soldiers had been killed and nine "
        "wounded, and that about 30 assailants had been neutralised.",
    )
    event = doc.events[0]
    assert event.actor1 is not None and event.actor1.text == "suspected jihadists"


def test_an_ally_in_a_supported_by_phrase_is_no_perpetrator(analyzer: Analyzer) -> None:
    # The tagger read "the air force" that backed the defenders as who attacked (bundled
    # djibo-fpa example); the parse says it is the defenders' ally.
    text = (
        "The gendarmes, supported by the army and by the air force, \"firmly resisted\" and "
        "about twenty assailants were neutralised."
    )
    doc = analyze_text(analyzer, text)
    parsed, offset = parse(doc)

    def mention(words: str) -> RoleMention:
        start = doc.text.index(words) - offset
        return RoleMention("PerpOrg", start, start + len(words), words)

    assert roles_stage._backs(parsed, mention("air force"))
    assert roles_stage._backs(parsed, mention("army"))
    assert not roles_stage._backs(parsed, mention("assailants"))


def test_an_agreement_has_parties_not_the_taggers_roles() -> None:
    text = (
        "The government and the M-19 signed a peace agreement on Friday, a year after the "
        "assassination of Luis Carlos Galan by gunmen."
    )
    doc = _language().analyze(text, fmt="text")
    parties = Actor("The government", 0, 14, "state_forces")
    doc.events = [
        Event("event1", "Strategic developments", "Agreement", parties, None, None, None, [],
              0, "occurred", [doc.span(0, len(text))])
    ]
    tagger = _StubTagger({"Luis Carlos Galan": "Victim", "gunmen": "PerpInd"})
    doc = roles_stage.RolesStage(Settings(), tagger=tagger)(doc)
    event = doc.events[0]
    assert event.actor1 is not None and event.actor1.text == "The government"
    assert event.actor2 is None, "Galan is the victim of another event, not a party"


def test_a_tagged_weapon_or_platform_is_the_force_behind_it() -> None:
    text = "Army helicopters fired rockets at the hamlet of Tirel, killing four farmers."
    event = _one_event(text, _StubTagger({"Army helicopters": "PerpOrg"}))
    assert event.actor1 is not None and event.actor1.text == "Army"
    # A platform whose words name no side is no perpetrator.
    text = "Unmarked helicopters fired rockets at the hamlet of Tirel, killing four farmers."
    event = _one_event(text, _StubTagger({"Unmarked helicopters": "PerpOrg"}))
    assert event.actor1 is None or "helicopters" not in event.actor1.text


def test_a_tagged_teller_of_the_clause_is_no_perpetrator() -> None:
    text = "The rebels said that two soldiers were killed in an attack on the Tirel post."
    event = _one_event(text, _StubTagger({"The rebels": "PerpOrg"}))
    assert event.actor1 is None or event.actor1.text != "The rebels"
    # Who says it did the act still did it.
    text = "The rebels said that they attacked the Tirel post and killed two soldiers."
    event = _one_event(text, _StubTagger({"The rebels": "PerpOrg"}))
    assert event.actor1 is not None and event.actor1.text == "The rebels"


def test_a_tagged_perpetrator_the_clause_says_was_hit_is_dropped() -> None:
    # The tagger read "soldier" in "A soldier stepped on a landmine" as the perpetrator;
    # the clause says the soldier set off the mine: the side hit.
    for text, phrase in (
        ("A soldier stepped on a landmine near Gao on Sunday.", "soldier"),
        ("An army truck hit a mine near Gao on Sunday.", "army truck"),
        ("A patrol came under fire near Gao on Sunday.", "patrol"),
        ("Soldiers were ambushed near Gao on Sunday.", "Soldiers"),
    ):
        event = _one_event(text, _StubTagger({phrase: "PerpInd"}))
        assert event.actor1 is None, (text, event.actor1)
    # Who set the mine off on purpose, or attacked, is still the perpetrator.
    event = _one_event(
        "Rebels attacked a patrol near Gao on Sunday.", _StubTagger({"Rebels": "PerpOrg"})
    )
    assert event.actor1 is not None and event.actor1.text == "Rebels"


def test_the_side_an_explosion_hit_stays_where_no_one_is_counted() -> None:
    # "An army base came under rocket attack by ISWAP fighters": the events stage's actor2
    # (the side that came under attack) stays when neither the tagger nor a casualty figure
    # names who was hit.
    text = "An army base came under rocket attack by ISWAP fighters near Monguno on Sunday."
    doc = _language().analyze(text, fmt="text")
    base = Actor("An army base", 0, 12, "state_forces")
    doc.events = [
        Event("event1", "Explosions/Remote violence", "Shelling/artillery/missile attack",
              None, base, None, None, [], 0, "occurred", [doc.span(0, len(text))])
    ]
    event = roles_stage.RolesStage(Settings(), tagger=_StubTagger({}))(doc).events[0]
    assert event.actor2 is not None and event.actor2.text == "An army base"
    # Counted victims still come first: they say who was hit.
    text = "An army base came under rocket attack near Monguno, killing three soldiers."
    doc = _language().analyze(text, fmt="text")
    doc.events = [
        Event("event1", "Explosions/Remote violence", "Shelling/artillery/missile attack",
              None, Actor("An army base", 0, 12, "state_forces"), None, None, [], 0,
              "occurred", [doc.span(0, len(text))])
    ]
    event = roles_stage.RolesStage(Settings(), tagger=_StubTagger({}))(doc).events[0]
    assert event.actor2 is not None and event.actor2.text == "three soldiers"
