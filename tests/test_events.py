"""Events: ACLED types, actors, places, dates, status and per-claimant fatalities."""

from __future__ import annotations

import pytest

from claimscope.config import Settings
from claimscope.data.lexicon import keyword_pattern
from claimscope.document import Event, Fatalities
from claimscope.pipeline import Analyzer
from claimscope.stages.events import conservative_fatalities
from claimscope.taxonomy import (
    BY_SUB_EVENT,
    EVENT_TYPES,
    SUB_EVENT_TYPES,
    actor_kind,
    codebook_protest,
    find_trigger,
)
from tests.conftest import analyze_text


def test_taxonomy_has_six_types_and_twenty_five_sub_types() -> None:
    assert len(EVENT_TYPES) == 6
    assert len(SUB_EVENT_TYPES) == 25
    assert all(s.event_type in EVENT_TYPES and s.definition for s in SUB_EVENT_TYPES)


def test_clash_between_two_actors(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "Fierce clashes between the Malian army and JNIM fighters erupted near Gao on Sunday.",
        published="2024-03-12",
    )
    event = doc.events[0]
    assert (event.event_type, event.sub_event_type) == ("Battles", "Armed clash")
    assert event.actor1 is not None and event.actor1.text == "the Malian army"
    assert event.actor2 is not None and event.actor2.text == "JNIM fighters"
    assert event.date is not None and event.date.start == "2024-03-10"
    assert event.date.precision == "day"
    assert event.location is not None and event.location.country_code == "ML"
    assert event.status == "occurred"


def test_clash_between_two_actors_ends_with_the_second_actor(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "Fierce clashes broke out on Wednesday between the Sudanese army and the Rapid Support "
        "Forces (RSF) around Kutum, residents and an RSF commander said.",
        published="2024-03-14",
    )
    event = doc.events[0]
    assert event.actor2 is not None and event.actor2.text == "the Rapid Support Forces"


def test_contradicting_figures_stay_with_their_claimants(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "Militants ambushed an army convoy near Djibo on Friday. "
        "The army said 12 soldiers were killed. "
        "JNIM claimed that at least 40 soldiers were killed.",
        published="2024-03-12",
    )
    event = doc.events[0]
    figures = {(f.source, f.low) for f in event.fatalities}
    assert ("The army", 12) in figures
    assert ("JNIM", 40) in figures
    assert event.fatalities_conservative == 12
    claim_ids = {f.claim_id for f in event.fatalities}
    assert len(claim_ids) == 2 and claim_ids <= set(event.claim_ids)


def test_forecast_is_expected_never_occurred(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "In the coming days, the army will likely continue its offensive against rebels "
        "around Kidal.",
    )
    assert [e.status for e in doc.events] == ["expected"]


def test_air_strike_and_shelling_are_separate_events(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "A Russian airstrike hit a school in Kharkiv on Tuesday. "
        "Later that day, Ukrainian artillery shelled positions near Donetsk.",
        published="2024-03-14",
    )
    kinds = [e.sub_event_type for e in doc.events]
    assert kinds == ["Air/drone strike", "Shelling/artillery/missile attack"]
    assert all(e.event_type == "Explosions/Remote violence" for e in doc.events)


def test_posts_in_several_towns_become_one_event_per_town(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "Last week, the Turkish army established three posts in the towns of Saraqib, "
        "Ariha and Sarmin in Idlib province.",
        published="2020-04-11",
    )
    events = [e for e in doc.events if e.sub_event_type == "Headquarters or base established"]
    assert len(events) == 3
    assert {e.location.text for e in events if e.location} == {"Saraqib", "Ariha", "Sarmin"}
    assert {e.location.geo_precision for e in events if e.location} == {1}
    assert all(e.date is not None and e.date.precision == "week" for e in events)


def test_denied_event_is_disputed(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "Rebels said government helicopters dropped barrel bombs on the village of Kafr Nabl. "
        "The defence ministry denied that any air strike took place.",
    )
    assert doc.events and doc.events[0].status == "disputed"


def test_protest_and_arrests(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "Thousands of protesters marched through Khartoum on Thursday. "
        "Police later arrested two opposition leaders in Omdurman.",
    )
    kinds = {e.sub_event_type for e in doc.events}
    assert {"Peaceful protest", "Arrests"} <= kinds


def test_protest_dispersed_by_force_is_an_intervention(analyzer: Analyzer) -> None:
    # ACLED's codebook: a peaceful protest that security forces disperse or break up with
    # tear gas or arrests is a "Protest with intervention"; the model alone read it as peaceful.
    doc = analyze_text(
        analyzer,
        "Police fired tear gas to disperse several hundred protesters in Bamako on Tuesday "
        "who were demanding the release of a journalist, witnesses said.",
        published="2024-05-15",
    )
    kinds = [e.sub_event_type for e in doc.events]
    assert kinds == ["Protest with intervention"]


def test_protest_sides_follow_acled(analyzer: Analyzer) -> None:
    # ACLED codes the crowd as actor1 of a protest and the force that met it as actor2; the
    # role tagger, trained on attacks, read the police as the perpetrator and the square the
    # crowd stood in as the target.
    doc = analyze_text(
        analyzer,
        "Police fired tear gas to disperse several hundred students in front of the city "
        "hall in Bamako on Tuesday who were demanding the release of a journalist.\n\n"
        "On Monday, about 2,000 teachers marched through Mombasa to demand "
        "higher pay.",
        published="2024-05-15",
    )
    sides = {
        e.sub_event_type: (
            e.actor1.text if e.actor1 else None, e.actor2.text if e.actor2 else None
        )
        for e in doc.events
    }
    assert sides["Protest with intervention"] == ("several hundred students", "Police")
    assert sides["Peaceful protest"] == ("about 2,000 teachers", None)


def test_excessive_force_is_the_force_against_the_crowd(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "Soldiers opened fire on demonstrators in Mandalay on Sunday, killing three "
        "people, residents said.",
        published="2024-05-15",
    )
    event = doc.events[0]
    assert event.sub_event_type == "Excessive force against protesters"
    assert event.actor1 is not None and event.actor1.text == "Soldiers"
    assert event.actor1.kind == "state_forces"


def test_march_broken_up_is_one_protest_with_its_arrests(analyzer: Analyzer) -> None:
    # "marched peacefully through" is a march, "dispersed them with tear gas" how it was met,
    # and arrests told in the next paragraph are that intervention, not a new event.
    doc = analyze_text(
        analyzer,
        "Hundreds of nurses marched peacefully through Kisumu on Monday to demand unpaid "
        "wages, before the police dispersed them with tear gas and batons, a union said.\n\n"
        "The union said four nurses were injured and eleven were arrested.",
        published="2024-05-15",
    )
    assert [e.sub_event_type for e in doc.events] == ["Protest with intervention"]
    event = doc.events[0]
    assert event.location is not None and event.location.name == "Kisumu"
    assert len(event.evidence) == 2


def test_what_the_attackers_did_next_is_the_same_attack(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "Gunmen killed at least 18 civilians in an attack on a village near Tillia on "
        "Saturday, residents said.\n\n"
        "The attackers arrived on motorbikes at dusk, rounded up men near the market and "
        "opened fire, two residents said.",
        published="2024-05-15",
    )
    assert [e.sub_event_type for e in doc.events] == ["Attack"]
    assert len(doc.events[0].evidence) == 2


def test_a_toll_beside_a_deployment_is_the_attacks_toll(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "Gunmen killed at least 25 civilians in an attack on a village near Tillia on "
        "Saturday, residents said.\n\n"
        "The regional governor said in a statement that 10 people had been killed and that "
        "security forces had been deployed to the area.",
        published="2024-05-15",
    )
    assert [e.sub_event_type for e in doc.events] == ["Attack"]
    tolls = {(f.source, f.low) for f in doc.events[0].fatalities if f.unit == "killed"}
    assert ("The regional governor", 10) in tolls
    assert doc.events[0].fatalities_conservative == 10


def test_a_definite_noun_points_back_to_its_event(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "In Sittwe, soldiers and police arrested 14 people on Tuesday, relatives said.\n\n"
        "Separately, fighting was reported near Kyauktaw.\n\n"
        "Rights groups condemned the arrests.",
        published="2024-05-15",
    )
    arrests = [e for e in doc.events if e.sub_event_type == "Arrests"]
    assert len(arrests) == 1
    assert "condemned the arrests" in " ".join(s.text for s in arrests[0].evidence)


def test_a_countrys_strike_on_a_building_is_an_event(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "Earlier on Saturday, an Israeli strike on a residential building in Rafah killed a "
        "senior commander, the army said.",
        published="2022-08-07",
    )
    assert [e.event_type for e in doc.events] == ["Explosions/Remote violence"]
    assert find_trigger("workers began a strike on monday") is None


def test_the_armys_account_of_the_convoy_is_the_same_ambush(analyzer: Analyzer) -> None:
    # Each side's toll of one ambush sits on one event: the army's "when the convoy struck an
    # improvised explosive device" names the convoy the first sentence told of.
    doc = analyze_text(
        analyzer,
        "An army supply convoy was ambushed on Monday on the road between Boni and Hombori, "
        "residents said.\n\n"
        "The army said that 12 soldiers were killed when the convoy struck an improvised "
        "explosive device and then came under fire.",
        published="2022-09-14",
    )
    assert len(doc.events) == 1
    assert any(f.source == "The army" and f.low == 12 for f in doc.events[0].fatalities)


def test_a_survivors_account_is_the_attack_told(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "Gunmen attacked the village of Tawila in North Darfur on Saturday, killing dozens "
        "of people, residents said.\n\n"
        "Survivors who reached El Fasher on Sunday described an assault that lasted most of "
        "the day. A local monitor said it had recorded the names of 27 people killed.",
        published="2021-01-18",
    )
    assert len(doc.events) == 1
    assert any(f.low == 27 for f in doc.events[0].fatalities)


def test_a_protest_told_in_steps_is_one_protest(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "On Monday, hundreds of people protested outside the governor's office in Nyala, "
        "demanding protection for the villages. Witnesses said police fired tear gas to "
        "disperse the crowd.",
        published="2021-01-18",
    )
    assert [e.sub_event_type for e in doc.events] == ["Protest with intervention"]
    event = doc.events[0]
    assert event.location is not None and event.location.name == "Nyala"
    assert event.date is not None and event.date.start == "2021-01-18"


def test_a_protests_grenades_and_denied_violence_stay_one_protest(analyzer: Analyzer) -> None:
    # The grenades the marchers say they were met with are the intervention, and the
    # authorities' claim of burned tyres, which the organisers deny, does not make the
    # protest a riot.
    doc = analyze_text(
        analyzer,
        "Thousands of students marched peacefully through Niamey on Tuesday, before the police "
        "dispersed them with tear gas and batons, organisers said.\n\n"
        "Dozens were arrested. \"We came with empty hands, and they answered with grenades,\" "
        "one organiser said.\n\n"
        "The organisers denied that protesters had burned tyres or damaged property.",
        published="2024-05-15",
    )
    assert [e.sub_event_type for e in doc.events] == ["Protest with intervention"]


def test_weapons_recovered_after_a_repelled_attack_are_the_fights_spoils(
    analyzer: Analyzer,
) -> None:
    doc = analyze_text(
        analyzer,
        "The army repelled an attack by dozens of gunmen on its base in Kidal on Sunday, "
        "killing 11 of them, the general staff said. Weapons and motorbikes were recovered.\n\n"
        "Separately, air defences intercepted two drones over Gao on Monday.",
        published="2024-05-15",
    )
    kinds = [e.sub_event_type for e in doc.events]
    assert kinds.count("Disrupted weapons use") == 1, "the interception stays, the spoils join"
    assert "recovered" in " ".join(s.text for s in doc.events[0].evidence)


def test_an_interception_of_the_attack_just_told_is_that_attack(analyzer: Analyzer) -> None:
    """The attacker's launch and the target's interception are one incident, coded as
    Disrupted weapons use only when all were stopped."""
    stopped = analyze_text(
        analyzer,
        "The rebels said they had launched four drones and a missile at the port city of "
        "Hodeidah on Friday. The army said its air defences intercepted all of them.",
        published="2024-05-15",
    )
    assert [e.sub_event_type for e in stopped.events] == ["Disrupted weapons use"]
    assert len(stopped.events[0].evidence) == 2
    hit = analyze_text(
        analyzer,
        "A drone attack set fire to a fuel depot near Horlivka on Wednesday. The local "
        "administration said its air defences shot down five drones.",
        published="2024-05-15",
    )
    assert [e.sub_event_type for e in hit.events] == ["Air/drone strike"]


def test_a_claimants_version_of_the_blast_just_told_is_that_blast(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "An explosion at a crowded market in Jabalia killed at least six people on Saturday "
        "evening, the health ministry said. Local officials said the blast was caused by an "
        "Israeli air strike. The army said one of the rockets fired by militants fell short "
        "and landed inside the Jabalia market.",
        published="2022-08-07",
    )
    assert len(doc.events) == 1, [(e.sub_event_type, e.evidence) for e in doc.events]
    told = " ".join(span.text for span in doc.events[0].evidence)
    assert "air strike" in told and "fell short" in told


def test_a_word_quoted_in_a_denial_is_no_new_event(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "An air strike on a house in Rafah killed four people on Saturday, medics said. The "
        "group rejected the army's account as \"lies intended to cover up a massacre\".",
        published="2022-08-07",
    )
    assert [e.sub_event_type for e in doc.events] == ["Air/drone strike"]


def test_a_count_since_a_weekday_is_no_strikes_toll(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "An air strike on a house in Rafah killed four people on Saturday, medics said. "
        "Since Friday, the health ministry has reported a total of 31 Palestinians killed.",
        published="2022-08-07",
    )
    assert [e.fatalities_conservative for e in doc.events] == [4]


def test_old_violence_given_as_a_reason_is_recalled_not_reported(analyzer: Analyzer) -> None:
    text = (
        "Soldiers arrested 14 people in Myitkyina on Tuesday night, a rights group said. "
        "The rebels said last week that they would stand with the people after security "
        "forces opened fire on demonstrators in Myitkyina in {when}, killing two people."
    )
    old = analyze_text(analyzer, text.format(when="March 2021"), published="2021-05-14")
    assert [e.sub_event_type for e in old.events] == ["Arrests"]
    # Dated to the news days, the same clause is the news.
    new = analyze_text(analyzer, text.format(when="May 2021"), published="2021-05-14")
    assert len(new.events) == 2


def test_a_charge_of_organising_protests_is_no_protest(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "Soldiers arrested 14 people in Myitkyina on Tuesday night, a rights group said. "
        "Relatives said the detainees were accused of organising anti-coup protests.",
        published="2021-05-14",
    )
    assert [e.sub_event_type for e in doc.events] == ["Arrests"]


def test_the_day_a_claimant_spoke_does_not_date_the_event(analyzer: Analyzer) -> None:
    def date_of(text: str) -> str | None:
        doc = analyze_text(analyzer, text, published="2023-03-10")
        return doc.events[0].date.start if doc.events and doc.events[0].date else None

    assert date_of(
        "The group said on Tuesday that its fighters attacked an army camp in Menaka on Sunday."
    ) == "2023-03-05"
    assert date_of(
        "DAKAR, March 10 (Sahel Wire) - A rights group said on Friday that an army drone "
        "strike on Wednesday killed 28 civilians at a market near Nouna."
    ) == "2023-03-08"
    assert date_of(
        "Earlier on Wednesday, an air strike on a market near Nouna killed 28 civilians, the "
        "rights group said."
    ) == "2023-03-08"


def test_riot_police_are_no_riot() -> None:
    assert find_trigger("riot police arrived at the scene") is None
    assert find_trigger("anti-riot police stood by") is None
    assert find_trigger("a riot broke out in the prison") == ("Violent demonstration", (2, 6))


def test_protesters_halting_traffic_is_no_intervention() -> None:
    """Only a halted protest is one met by force; protesters who halt traffic are not."""
    assert codebook_protest("Peaceful protest", "protesters halted traffic for an hour.") == (
        "Peaceful protest"
    )
    assert codebook_protest("Peaceful protest", "police halted the march at the bridge.") == (
        "Protest with intervention"
    )


def test_codebook_protest_keeps_other_types() -> None:
    tear_gas = "police fired tear gas at the marchers."
    assert codebook_protest("Peaceful protest", tear_gas) == "Protest with intervention"
    assert codebook_protest("Peaceful protest", "thousands marched peacefully.") == (
        "Peaceful protest"
    )
    assert codebook_protest("Violent demonstration", tear_gas) == "Violent demonstration"


def _fatality(source: str, low: int | None, high: int | None, who: str, unit: str = "killed"
              ) -> Fatalities:
    return Fatalities(claim_id=None, source=source, low=low, high=high, who=who, unit=unit)


def test_conservative_count_takes_the_lowest_claim_per_group_and_adds_groups() -> None:
    entries = [
        _fatality("army", 12, None, "soldiers"),
        _fatality("insurgents", 40, None, "soldiers"),
        _fatality("army", None, 30, "militants"),
        _fatality("insurgents", 66, None, "government fighters", unit="killed_or_injured"),
    ]
    assert conservative_fatalities(entries) == 12 + 30


def test_every_event_sub_type_is_in_the_taxonomy(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "Gunmen abducted 20 students from a school in Kaduna. A roadside bomb killed four "
        "soldiers near Maiduguri. A suicide bomber blew himself up at a checkpoint.",
    )
    assert len(doc.events) >= 3
    for event in doc.events:
        assert isinstance(event, Event)
        assert BY_SUB_EVENT[event.sub_event_type].event_type == event.event_type


def test_running_totals_are_background_not_the_events_figures(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "Clashes between the army and rebels near Marib killed 14 fighters on Monday. "
        "The war has killed tens of thousands of people since 2015.",
    )
    (event,) = doc.events
    assert [f.low for f in event.fatalities] == [14]
    assert event.fatalities_conservative == 14


def test_tallies_mentioned_in_passing_start_no_event(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "a bomb exploded at a bank in san salvador on sunday, killing two people.\n\n"
        "the talks seek to end a civil war in which more than 70,000 people have died.\n\n"
        "death squads murdered hundreds of peasants in the past few years.",
        published="1989-11-20",
    )
    evidence = " ".join(span.text for e in doc.events for span in e.evidence)
    assert "exploded at a bank" in evidence
    assert "70,000" not in evidence, "a war's toll is no incident"
    assert "past few years" not in evidence, "a tally over years is no incident"
    # The news day outweighs a tally in the same sentence.
    news = analyze_text(
        analyzer,
        "a bomb exploded at a bank in san salvador on sunday, killing two people.\n\n"
        "guerrillas attacked a police post in usulutan on sunday, killing two policemen, "
        "the deadliest attack in the past few years.",
        published="1989-11-20",
    )
    assert [e.sub_event_type for e in news.events][-1] == "Armed clash"


def test_an_earlier_attack_named_as_a_cause_starts_no_event(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "a bomb exploded at a bank in san salvador on sunday, killing two people.\n\n"
        "the dialogue between the government and the rebels was suspended in october following "
        "a dynamite attack against a labor union headquarters in which 10 workers were killed.",
        published="1989-11-20",
    )
    evidence = " ".join(span.text for e in doc.events for span in e.evidence)
    assert "exploded at a bank" in evidence
    assert "dynamite attack" not in evidence, "the suspension's cause is no new incident"
    # A death after the trigger is that event's outcome: the gunfight is reported.
    gunfight = analyze_text(
        analyzer,
        "A bomb exploded at a market in Kirkuk on Sunday, killing two people.\n\n"
        "In Mosul, a militant died after a gunfight with police on Monday.",
    )
    assert [e.sub_event_type for e in gunfight.events][-1] == "Armed clash"


def test_violence_told_as_ongoing_or_repeated_starts_no_event(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "Militants ambushed an army convoy near Djibo on Sunday, killing 12 soldiers.\n\n"
        "In Mali, gunmen attacked a police station in Gao, the police said.\n\n"
        "The junta has promised to retake territory, but attacks on convoys and army posts "
        "in the north have continued.\n\n"
        "Convoys to the besieged towns of the Soum have been attacked repeatedly.\n\n"
        "The government, which promised security within months, has watched the massacres "
        "multiply, and a rise in kidnappings has emptied the villages.",
        published="2023-03-06",
    )
    evidence = " ".join(span.text for e in doc.events for span in e.evidence)
    assert "ambushed an army convoy" in evidence
    assert "massacres multiply" not in evidence, "violence told as a trend is context"
    assert "have continued" not in evidence, "continuing attacks are context, not an incident"
    assert "attacked repeatedly" not in evidence, "repeated attacks are context, not an incident"
    # The news day outweighs the marker: the latest attack of a series is an incident.
    news = analyze_text(
        analyzer,
        "Militants ambushed an army convoy near Djibo on Sunday, killing 12 soldiers.\n\n"
        "In Mali, gunmen have repeatedly attacked police posts, and on Monday they attacked "
        "a police station in Gao, killing three officers.",
        published="2023-03-06",
    )
    assert len(news.events) == 2


def test_figures_the_quantities_layer_reads_as_people_are_fatalities(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "On Friday, the air force carried out an airstrike on a camp near Menaka. "
        'The army said the raid killed "dozens of militants" and destroyed their vehicles. '
        "Three herders from the area said that at least five villagers, including a boy, "
        "were among the dead.",
        published="2024-03-12",
    )
    strikes = [e for e in doc.events if e.sub_event_type == "Air/drone strike"]
    assert len(strikes) == 1
    by_source = {f.source: f for f in strikes[0].fatalities}
    assert by_source["The army"].unit == "killed" and by_source["The army"].high is None
    villagers = next(f for s, f in by_source.items() if s.startswith("Three herders"))
    assert (villagers.low, villagers.unit) == (5, "killed")
    assert villagers.claim_id != by_source["The army"].claim_id


def test_a_count_merely_inside_a_casualty_list_is_no_fatality_figure(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "A car bomb exploded in a market in Kirkuk on Monday, killing at least nine people, "
        "including three children, police said.",
        published="2024-03-12",
    )
    figures = [(f.low, f.unit) for e in doc.events for f in e.fatalities]
    assert (9, "killed") in figures
    assert (3, "killed") not in figures


def test_killings_of_named_people_are_attacks(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "the wife of a district police commander was shot to death in her car on monday.\n\n"
        "farmers in the valley said the national liberation front holds the hills.\n\n"
        "a mayor was assassinated in the capital on friday.\n\n"
        "the commander, whose brother was killed in 1982, blamed the guerrillas.",
        published="1989-08-08",
    )
    # Lower-cased wire text: "liberation" inside a group's name is no recaptured territory.
    assert {e.sub_event_type for e in doc.events} == {"Attack"}
    evidence = " ".join(span.text for e in doc.events for span in e.evidence)
    assert "shot to death" in evidence and "assassinated" in evidence
    assert "liberation" not in evidence
    assert "1982" not in evidence, "a killing years before the report is background"


def test_a_passive_killing_reads_its_victims_not_its_claimant(analyzer: Analyzer) -> None:
    def kinds(text: str) -> list[str]:
        doc = analyze_text(analyzer, text, published="2024-08-08")
        return [e.sub_event_type for e in doc.events]

    assert kinds("Police said two civilians were killed in Gao on Monday.") == ["Attack"]
    assert kinds("Two soldiers were killed near Gao on Monday.") == ["Armed clash"]
    assert kinds("Police said nobody was injured when the office was evacuated.") == []
    assert kinds("The driver was not injured, the company said.") == []


def test_an_outlet_named_like_a_trigger_starts_no_event(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "Militants ambushed a police patrol on the road to Ansongo on Sunday.\n\n"
        "A hospital worker, who asked not to be named, told Niger River Dispatch that "
        "around 14 bodies had been brought to the morgue by Monday evening.",
        published="2024-03-12",
    )
    assert [e.sub_event_type for e in doc.events] == ["Armed clash"]
    event = doc.events[0]
    assert event.status != "disputed"
    assert [(f.low, f.unit) for f in event.fatalities] == [(14, "killed")]
    assert event.fatalities[0].source.startswith("A hospital worker")


def test_the_figures_sentence_names_the_attackers_and_their_victims(
    analyzer: Analyzer,
) -> None:
    doc = analyze_text(
        analyzer,
        "A Burkinabe army patrol was ambushed on Saturday morning near Djibo.\n\n"
        "In a statement on Sunday, ISWAP said its fighters burned the trucks "
        "and killed at least 25 soldiers.",
        published="2024-03-12",
    )
    event = doc.events[0]
    assert event.sub_event_type == "Armed clash"
    assert event.actor1 is not None and event.actor1.kind == "rebel_group"
    assert "ISWAP" in event.actor1.text
    assert event.actor2 is not None and event.actor2.kind == "state_forces"
    assert "Saturday" not in event.actor2.text


def test_the_agent_of_a_strike_noun_is_actor1(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "An air strike by the Sudanese army hit a crowded market in Nyala on Tuesday, "
        "killing at least 30 people.",
        published="2024-03-12",
    )
    event = doc.events[0]
    assert event.actor1 is not None and "Sudanese army" in event.actor1.text
    assert event.actor1.kind == "state_forces"


def test_a_toll_naming_no_group_overlaps_the_named_groups() -> None:
    entries = [
        _fatality("army", 12, 12, "soldiers"),
        _fatality("army", 15, None, "militants"),
        _fatality("a local official", 20, None, ""),
    ]
    assert conservative_fatalities(entries) == 12 + 15
    entries.append(_fatality("a doctor", 35, 35, ""))
    assert conservative_fatalities(entries) == 12 + 15
    assert conservative_fatalities([_fatality("a doctor", 35, 35, "")]) == 35
    larger = [_fatality("army", 4, 4, "soldiers"), _fatality("a nurse", 9, 9, "")]
    assert conservative_fatalities(larger) == 9


def test_a_disputed_tally_is_not_added_to_the_undisputed_ones() -> None:
    civilians = Fatalities("claim1", "officials", 4, None, "people", "killed")
    enemy = Fatalities("claim2", "the ministry", None, 60, "servicemen", "killed")
    assert conservative_fatalities([civilians, enemy]) == 64
    assert conservative_fatalities([civilians, enemy], disputed=frozenset({"claim2"})) == 4
    # Told only by disputed claimants, a strike still has its lowest toll.
    assert conservative_fatalities([enemy], disputed=frozenset({"claim2"})) == 60


def test_a_dismissed_claim_of_enemy_dead_is_not_counted(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "At least four people were killed when shells hit a market in Kostiantynivka on "
        "Wednesday, Ukrainian officials said. A Russian spokesman said Russian forces had "
        "destroyed a deployment point in Kostiantynivka and killed up to 60 servicemen. "
        "Ukraine's general staff dismissed the Russian statement as a fairy tale.",
        published="2023-02-08",
    )
    assert [e.fatalities_conservative for e in doc.events] == [4]
    assert any(f.high == 60 for f in doc.events[0].fatalities), "the claim stays, uncounted"


def test_where_the_claimant_sits_is_not_where_it_happened(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "Artillery shells hit a school in Idlib province on Monday, killing six children, "
        "the health directorate in the city of Aleppo said.",
        published="2024-03-12",
    )
    event = doc.events[0]
    assert event.location is not None and event.location.text is not None
    assert "Idlib" in event.location.text


def test_damage_footage_and_later_tolls_belong_to_the_strike(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "A drone strike hit a bus station in Kassala on Friday, killing at least 11 people, "
        "the regional health office said.\n\n"
        "Local television showed images of burned vehicles near the station.\n\n"
        "The army said its aircraft had targeted a weapons depot and that the footage was "
        "old.\n\n"
        "A doctor at the city hospital said 16 bodies had been received by Saturday.",
        published="2024-03-12",
    )
    assert [e.sub_event_type for e in doc.events] == ["Air/drone strike"]
    figures = sorted(f.low or 0 for f in doc.events[0].fatalities if f.unit == "killed")
    assert figures == [11, 16]


def test_what_must_could_or_should_happen_is_no_event(analyzer: Analyzer) -> None:
    for sentence in (
        "The opposition said the army must withdraw from the town.",
        "The militia's commanders are willing to fight the army for the city.",
        "Aid groups urged both sides to withdraw from Kidal.",
        "Stop using land mines and booby traps.",
        "The results have been positive in the fight against drug trafficking.",
        "The mayor praised the town's crime-fighting units.",
        "The spokesman said the authorities respect the right to protest.",
        "The new law restricts the freedom to demonstrate in the capital.",
    ):
        assert analyze_text(analyzer, sentence).events == [], sentence


def test_a_protest_beside_a_right_to_protest_is_kept(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "Hundreds of students protested in Dakar on Monday to demand the right to protest.",
        published="2024-03-12",
    )
    assert [e.event_type for e in doc.events] == ["Protests"]


def test_a_real_event_beside_a_modal_is_kept(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "Rebels may have attacked the convoy near Gao on Sunday. "
        "Soldiers withdrew from the town of Ber on Monday.",
        published="2024-03-12",
    )
    assert [e.sub_event_type for e in doc.events] == [
        "Armed clash", "Non-violent transfer of territory",
    ]


def test_a_national_liberation_front_recaptures_nothing(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "farabundo marti national liberation (fmln) fighters attacked army troops in "
        "ayutuxtepeque.",
    )
    assert [e.sub_event_type for e in doc.events] == ["Armed clash"]


def test_tear_gas_fired_to_disperse_is_a_protest_even_unnamed(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "Dozens of people were injured in the capital as police fired rubber bullets and "
        "tear gas to disperse crowds from the main square.",
    )
    # Which protest sub-type (intervention or excessive force) is the event-type model's call.
    assert [e.event_type for e in doc.events] == ["Protests"]


def test_pushing_back_an_attack_regains_no_territory(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "Soldiers pushed back the attack on their base near Gao on Sunday.",
        published="2024-03-12",
    )
    assert [e.sub_event_type for e in doc.events] == ["Armed clash"]
    doc = analyze_text(
        analyzer, "The army pushed back the rebels from the town of Ber.", published="2024-03-12"
    )
    assert [e.sub_event_type for e in doc.events] == ["Government regains territory"]


def test_actor_kinds_are_read_from_whole_words() -> None:
    assert actor_kind("the humanitarian crisis") is None  # no "isis" in it
    assert actor_kind("human rights groups") is None  # no "hts"
    assert actor_kind("local militias") == "political_militia"
    assert actor_kind("the Parachute Regiment") == "state_forces"
    assert actor_kind("JNIM fighters") == "rebel_group"
    # Unnamed attackers are an unidentified armed group, which ACLED codes as a militia.
    assert actor_kind("a suicide bomber") == "political_militia"
    assert actor_kind("the assailants") == "political_militia"
    # One person is coded as many are.
    assert actor_kind("a local journalist") == actor_kind("journalists") == "civilians"
    assert actor_kind("a soldier") == actor_kind("soldiers") == "state_forces"
    assert actor_kind("a rebel commander") == "rebel_group"


def test_a_country_named_weapon_is_its_state_forces() -> None:
    # ACLED codes "Russian missiles struck Kyiv" to the Military Forces of Russia.
    assert actor_kind("Russian missiles") == "state_forces"
    assert actor_kind("Israeli warplanes") == "state_forces"
    assert actor_kind("Turkish drones") == "state_forces"
    assert actor_kind("two Russian cruise missiles") == "state_forces"
    assert actor_kind("Israeli fighter jets") == "state_forces"
    assert actor_kind("Sri Lankan navy gunboats") == "state_forces"
    # A weapon alone is anyone's; one made in a country is not its forces'.
    assert actor_kind("warplanes") is None
    assert actor_kind("drones") is None
    assert actor_kind("Iranian-made drones") is None
    assert actor_kind("Russian officials") is None
    # Armed groups fire most of Gaza's, Lebanon's and Yemen's rockets.
    assert actor_kind("Palestinian rockets") is None
    # A kind the words name outright wins.
    assert actor_kind("Iraqi militia drones") == "political_militia"


def test_armies_named_for_liberation_are_rebels() -> None:
    assert actor_kind("the Army of National Liberation") == "rebel_group"
    assert actor_kind("Kosovo Liberation Army") == "rebel_group"
    assert actor_kind("the Revolutionary Armed Forces of Colombia") == "rebel_group"
    assert actor_kind("Free Syrian Army fighters") == "rebel_group"
    # China's army stays a state's, as does any other army.
    assert actor_kind("the People's Liberation Army") == "state_forces"
    assert actor_kind("the Syrian army") == "state_forces"
    assert actor_kind("childhood friends") is None  # "child" must end the word


def test_forces_named_for_the_people_are_no_civilians() -> None:
    assert actor_kind("the People's Defence Force") == "rebel_group"
    assert actor_kind("Kurdish People\u2019s Protection Units") == "rebel_group"
    assert actor_kind("the People's Liberation Army") == "state_forces"
    assert actor_kind("people's homes") == "civilians"
    assert actor_kind("local people") == "civilians"


def test_goodwill_is_no_forecast(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "Gunmen attacked a goodwill convoy near Gao on Sunday, killing two drivers.",
        published="2024-03-12",
    )
    assert [e.status for e in doc.events] == ["occurred"]


def test_how_an_attack_went_is_part_of_it(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "Militants attacked an army camp in Menaka on Sunday. The assailants first fired "
        "rockets at the camp before trying to enter it.\n\n"
        "Separately, the army shelled rebel positions near Kidal on Sunday.",
        published="2024-03-12",
    )
    assert [e.sub_event_type for e in doc.events] == [
        "Armed clash", "Shelling/artillery/missile attack",
    ]
    assert len(doc.events[0].evidence) == 2


def test_keyword_patterns_start_a_word_and_end_as_asked() -> None:
    assert keyword_pattern(["militia"]).search("local militias")
    assert not keyword_pattern(["media"]).search("egyptian mediators")
    assert keyword_pattern(["exaggerat"], ending="stem").search("exaggerated figures")
    assert not keyword_pattern(["lies"], ending="stem").search("us allies")
    assert not keyword_pattern(["WHO"], ending="word").search("WHOLE")


def test_a_demonym_is_not_where_an_event_happened() -> None:
    from claimscope.document import DEMONYM_NOTE, Document, Place, Resolution
    from claimscope.stages.events import _locative

    text = "Fighting raged in Syrian-held areas."
    start = text.index("Syrian")
    demonym = Place("p1", "Syrian", start, start + 6,
                    Resolution("Syria", 163843, 35.0, 38.0, "A", None, "SY"), 4, DEMONYM_NOTE)
    assert not _locative(Document(text=text), demonym)
    demonym.resolution_note = "gazetteer"
    assert _locative(Document(text=text), demonym)  # the same span as a name would be


def test_a_town_inside_a_name_is_not_where_an_event_happened() -> None:
    from claimscope.document import EMBEDDED_NOTE, Document, Place, Resolution
    from claimscope.stages.events import _locative

    text = "A fire broke out at the Hartford Hospital on Monday."
    start = text.index("Hartford")
    town = Place("p1", "Hartford", start, start + 8,
                 Resolution("Hartford", 4835797, 41.76, -72.69, "P", "Connecticut", "US"), 1,
                 EMBEDDED_NOTE)
    assert not _locative(Document(text=text), town)


def test_a_dateline_is_no_event_location(analyzer: Analyzer) -> None:
    # The dateline says where the report was filed; the clashes were in Tripoli (Lebanon's,
    # as the dateline tells).
    doc = analyzer.analyze(
        "# Clashes in Tripoli kill three\n\nBEIRUT (Reuters) - Clashes between gunmen in "
        "Tripoli killed three people on Sunday, the army said.\n",
        source_name="inline.md", fmt="markdown", published="2024-03-12",
    )
    assert any(p.text == "BEIRUT" for p in doc.places)
    located = [e.location for e in doc.events if e.location is not None]
    assert located and all(loc.text == "Tripoli" for loc in located)
    assert all(loc.country_code == "LB" for loc in located)


def test_the_place_an_attack_verb_takes_is_where_it_happened(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "Russian missiles struck Kyiv on Monday, killing three people, officials said. "
        "Shelling also hit Kharkiv. The rebels accused Moscow of escalating the war.",
        published="2024-03-04",
    )
    located = [(e.sub_event_type, e.location.name if e.location else None) for e in doc.events]
    assert located == [("Shelling/artillery/missile attack", "Kyiv"),
                       ("Shelling/artillery/missile attack", "Kharkiv")]


def test_a_headline_and_the_body_telling_its_event_are_one_event(analyzer: Analyzer) -> None:
    text = (
        "Gunmen kill at least 14 farmers in central Mali, officials say\n\n"
        "By Staff Reporter\n\n"
        "BAMAKO, March 11 - Gunmen killed at least 14 farmers in the village of Diallassagou "
        "on Sunday, local officials said.\n\n"
        "In neighbouring Niger, soldiers clashed with militants near Tillaberi on Saturday."
    )
    doc = analyze_text(analyzer, text)
    assert doc.meta.title and doc.meta.title.startswith("Gunmen kill")
    first = doc.events[0]
    assert first.evidence[0].start == 0, "the headline is the first evidence of the body's event"
    assert len(first.evidence) == 2
    assert first.location is not None and first.location.name != "Mali"
    assert [e.sub_event_type for e in doc.events].count(first.sub_event_type) == 1


def test_a_crowd_headline_joins_the_bodys_crowd_event(analyzer: Analyzer) -> None:
    # The model may read the headline's "fire tear gas at protest" as a riot and the lede's
    # dispersal as a protest met by force: one protest, typed as the body tells it.
    doc = analyze_text(
        analyzer,
        "Kenyan police fire tear gas at protest over taxes in capital\n\n"
        "By Staff Reporter\n\n"
        "NAIROBI, June 4 - Police fired tear gas to disperse several hundred protesters in "
        "Nairobi on Tuesday who were demanding the withdrawal of a finance bill, witnesses "
        "said.",
        published="2024-06-04",
    )
    crowd = [e for e in doc.events if e.event_type in ("Protests", "Riots")]
    assert len(crowd) == 1
    assert crowd[0].evidence[0].start == 0


def test_a_headline_joins_only_a_body_event_inside_its_place(analyzer: Analyzer) -> None:
    def events_of(body_place: str) -> list[str]:
        doc = analyze_text(
            analyzer,
            "Gunmen kill 12 people in Borno State, officials say\n\n"
            f"Gunmen killed 12 people in {body_place}, Nigeria on Sunday, officials said.",
        )
        return [e.location.name if e.location else "" for e in doc.events]

    assert len(events_of("Maiduguri")) == 1, "Maiduguri lies in Borno State"
    assert len(events_of("Ibadan")) == 2, "Ibadan does not: the headline tells another event"


def test_who_reacts_to_an_attack_did_not_carry_it_out(analyzer: Analyzer) -> None:
    def actors(text: str) -> list[str]:
        doc = analyze_text(analyzer, text, published="1990-01-15")
        return [
            span.lower() for e in doc.events if e.actor1 is not None
            for span in (e.actor1.text, *(s.text for s in e.actor1.associated))
        ]

    condemned = actors(
        "The Guatemalan government today condemned the assassination of opposition leader "
        "Hector Oqueli."
    )
    assert not any("government" in a for a in condemned), condemned
    results = actors(
        "The government revealed the results of a number of investigations into the murder of "
        "Archbishop Romero."
    )
    assert not any("government" in a for a in results), results
    # Who launched the attack did it, whatever verb carries the noun.
    launched = actors("FMLN rebels launched an attack on a police post in Usulutan on Sunday.")
    assert any("rebels" in a or "fmln" in a for a in launched), launched


def test_what_did_not_happen_is_no_event(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "Gunmen killed five villagers in Kidal on Monday.\n\n"
        "The rebels have never attacked civilians, their spokesman said.\n\n"
        "In Gao, soldiers and police arrested 14 people on Tuesday night. "
        "The authorities have not commented on the arrests.",
        published="2023-03-08",
    )
    assert [e.sub_event_type for e in doc.events] == ["Attack", "Arrests"]
    evidence = " ".join(span.text for e in doc.events for span in e.evidence)
    assert "never attacked" not in evidence
    assert "not commented" not in evidence
    # "not only" adds to what happened.
    both = analyze_text(
        analyzer,
        "The rebels not only attacked the town of Gao on Sunday but also burned the market.",
        published="2023-03-08",
    )
    assert both.events


def test_a_weapon_or_the_attack_itself_is_no_actor(analyzer: Analyzer) -> None:
    # The force behind the strike is the actor: its own words name it.
    doc = analyze_text(
        analyzer,
        "A military drone strike on a cattle market near Dalwa on Friday killed at least "
        "nine herders, a local official said.",
        published="2024-05-12",
    )
    actor = doc.events[0].actor1
    assert actor is not None and (actor.text, actor.kind) == ("military", "state_forces")
    # A country's artillery is its forces': the country's word names them.
    doc = analyze_text(
        analyzer,
        "Armenian artillery shelled the village of Talish on Monday, killing two farmers.",
        published="2024-05-14",
    )
    actor = doc.events[0].actor1
    assert actor is not None and (actor.text, actor.kind) == ("Armenian", "state_forces")
    # A bomb names no one: the actor is unidentified, not 'A car bomb'.
    doc = analyze_text(
        analyzer, "A car bomb exploded outside the court in Kessa on Monday, killing three guards.",
        published="2024-05-14",
    )
    assert doc.events and all(e.actor1 is None for e in doc.events)


def test_who_tells_of_a_subjectless_clause_did_not_do_it() -> None:
    # The events stage alone: the roles stage would drop a teller of a known kind anyway.
    events_only = Analyzer(Settings(stages=("language", "places", "claims", "events")))
    doc = analyze_text(
        events_only,
        "There have been two attacks on the embassy in Kessa this week, the army said.",
        published="2024-05-14",
    )
    assert doc.events and all(e.actor1 is None for e in doc.events)


def test_a_side_that_came_under_attack_is_the_side_attacked(analyzer: Analyzer) -> None:
    # The subject of 'came under attack' is who was hit: actor2, never actor1; actor1 is the
    # attack's 'from' or 'by' phrase when there is one.
    def sides(text: str) -> tuple[str | None, str | None]:
        doc = analyze_text(analyzer, text, published="2023-03-06")
        assert len(doc.events) == 1, [e.sub_event_type for e in doc.events]
        event = doc.events[0]
        return (
            event.actor1.text if event.actor1 is not None else None,
            event.actor2.text if event.actor2 is not None else None,
        )

    convoy = "A supply convoy of the Defence and Security Forces (FDS)"
    assert sides(
        f"{convoy} escorting trucks of food to Arbinda came under attack on Sunday morning, "
        "the army general staff said."
    ) == (None, convoy)
    assert sides(
        "An army convoy came under attack on the road to Gao from suspected jihadists on Sunday."
    ) == ("suspected jihadists", "An army convoy")
    assert sides(
        "Police said the army convoy left Gao and came under attack on the road to Ansongo on "
        "Sunday."
    ) == (None, "the army convoy")


def test_a_passive_target_goes_before_the_road_it_was_attacked_on(analyzer: Analyzer) -> None:
    doc = analyze_text(analyzer, "Soldiers were attacked on the road to Gao on Sunday.")
    event = doc.events[0]
    assert event.actor1 is None
    assert event.actor2 is not None and event.actor2.text == "Soldiers"


def test_a_vehicle_that_struck_a_mine_did_not_attack(analyzer: Analyzer) -> None:
    # 'the convoy struck an improvised explosive device': the subject is the side hit.
    doc = analyze_text(
        analyzer, "An army vehicle hit a landmine near Gao on Sunday, killing two soldiers."
    )
    event = doc.events[0]
    assert event.sub_event_type == "Remote explosive/landmine/IED"
    assert event.actor1 is None or "vehicle" not in event.actor1.text


def test_only_a_party_of_a_known_kind_under_attack_or_fire_is_an_event(
    analyzer: Analyzer,
) -> None:
    # 'came under attack/fire' with no other trigger word: an attack on a side of a known kind
    # or a physical party is an event, the subject its actor2 and the 'from'/'by' phrase its
    # actor1.
    def event(text: str) -> Event:
        doc = analyze_text(analyzer, text, published="2023-03-06")
        assert len(doc.events) == 1, (text, [e.sub_event_type for e in doc.events])
        return doc.events[0]

    convoy = event("A military convoy came under attack near Arbinda on Sunday.")
    assert convoy.sub_event_type == "Armed clash"
    assert convoy.actor1 is None
    assert convoy.actor2 is not None and convoy.actor2.text == "A military convoy"
    assert convoy.location is not None and convoy.location.text == "Arbinda"
    troops = event("Troops came under heavy fire from suspected jihadists near Gao.")
    assert troops.sub_event_type == "Armed clash"
    assert troops.actor1 is not None and troops.actor1.text == "suspected jihadists"
    assert troops.actor2 is not None and troops.actor2.text == "Troops"
    checkpoint = event("A police checkpoint came under fire in Diffa on Monday night.")
    assert checkpoint.actor2 is not None and checkpoint.actor2.kind == "state_forces"
    assert event("A patrol came under fire near Menaka.").event_type == "Battles"
    assert event("Peacekeepers came under fire in northern Mali on Friday.").event_type == (
        "Battles"
    )
    assert event(
        "A supply convoy left Djibo on Monday and came under fire near Namssiguia."
    ).event_type == "Battles"
    # Political news puts people, policies, bodies and freedoms 'under fire': no event.
    for text in (
        "The policy came under fire from rights groups.",
        "The governor came under attack from his own party.",
        "Press freedom has come under attack in Mali.",
        "He came under fire for his remarks in Paris.",
        "The government came under fire from the opposition in Niger.",
        "The opposition came under attack in parliament.",
        "Hillary Clinton came under fire from Republicans over her remarks in Ohio.",
        "The RNC has come under withering attack in recent days from Trump.",
        "The Interior Ministry came under fire from lawmakers in Bamako.",
        "The military came under fire from lawmakers over the botched operation in Niamey.",
        "Journalists have come under attack from the president in Washington.",
        "Niger's junta came under fire from ECOWAS on Tuesday.",
        "The Pentagon came under fire from Congress on Tuesday.",
        "The university came under fire from students in Dakar on Monday.",
    ):
        doc = analyze_text(analyzer, text, published="2023-03-06")
        assert doc.events == [], (text, [e.sub_event_type for e in doc.events])


def test_only_a_party_of_a_known_kind_targeted_in_a_place_is_an_event(
    analyzer: Analyzer,
) -> None:
    # A passive 'targeted', under the same guard: a side or a site, placed or dated.
    doc = analyze_text(
        analyzer, "A military convoy was targeted near Gao on Tuesday.", published="2023-03-06"
    )
    assert [e.sub_event_type for e in doc.events] == ["Armed clash"]
    assert doc.events[0].actor2 is not None
    assert doc.events[0].actor2.text == "A military convoy"
    doc = analyze_text(
        analyzer, "Soldiers were targeted by jihadists near Menaka on Sunday.",
        published="2023-03-06",
    )
    assert doc.events and doc.events[0].actor1 is not None
    assert doc.events[0].actor1.text == "jihadists"
    for text in (
        "Journalists were targeted by Pegasus spyware in Mexico last year.",
        "The company was targeted by hackers in Russia on Tuesday.",
        "He was targeted for his views in Paris.",
        "The senator was targeted by critics on Twitter on Monday.",
        "Women were targeted in the campaign in Iowa on Tuesday.",
        "Soldiers may be targeted near Gao.",
        "It is not known whether the injured government worker in China was targeted with "
        "such a device on Monday.",
    ):
        doc = analyze_text(analyzer, text, published="2023-03-06")
        assert doc.events == [], (text, [e.sub_event_type for e in doc.events])


def test_a_passive_of_taking_part_names_who_fought(analyzer: Analyzer) -> None:
    # 'were engaged in fighting' is no attack on its subject: the rebels fought.
    for text, side in (
        ("The rebels were engaged in fighting with the army near Gao on Monday.", "The rebels"),
        ("Rebels were locked in fierce fighting with government troops near Gao on Monday.",
         "Rebels"),
        ("The rebels were involved in clashes with the army near Gao on Monday.", "The rebels"),
    ):
        doc = analyze_text(analyzer, text, published="2023-03-06")
        assert [e.event_type for e in doc.events] == ["Battles"], text
        event = doc.events[0]
        assert event.actor1 is not None and event.actor1.text == side, text
        assert event.actor2 is None or event.actor2.text != side, text
    # A passive attack still names the side hit.
    doc = analyze_text(
        analyzer, "The rebels were ambushed by the army near Gao on Monday.",
        published="2023-03-06",
    )
    assert doc.events[0].actor2 is not None and doc.events[0].actor2.text == "The rebels"


def test_the_outlet_asserts_what_it_tells_beside_what_it_denies(analyzer: Analyzer) -> None:
    # The outlet's sentence denies one clause and tells another: the event the other clause
    # tells occurred, not 'disputed' (the claim's polarity is the sentence's).
    for text in (
        "The army did not attack the village, and gunmen killed three people in Gao on Monday.",
        "Gunmen killed three people in Gao on Monday, but the army did not attack the village.",
    ):
        doc = analyze_text(analyzer, text, published="2023-03-06")
        assert [e.status for e in doc.events] == ["occurred"], text
        assert doc.events[0].actor1 is not None
        assert doc.events[0].actor1.text.lower() == "gunmen"
    # A negated clause alone is still no event.
    assert analyze_text(
        analyzer, "The army did not attack the village on Monday.", published="2023-03-06"
    ).events == []



def test_an_armed_side_that_killed_a_number_starts_an_event(analyzer: Analyzer) -> None:
    doc = analyze_text(analyzer, "Troops killed five militants near Gao on Monday, the army said.")
    assert len(doc.events) == 1
    event = doc.events[0]
    assert event.sub_event_type == "Armed clash"
    assert event.actor1 is not None and event.actor1.text == "Troops"
    assert event.actor2 is not None and event.actor2.text == "five militants"
    # What killed without a side, or a disaster, is no such event.
    assert analyze_text(analyzer, "The floods killed five people near Gao on Monday.").events == []
    doc = analyze_text(analyzer, "Gunmen killed 12 villagers in Kurya on Sunday, police said.")
    assert [e.sub_event_type for e in doc.events] == ["Attack"]


def test_casualties_told_at_another_place_are_another_incident(analyzer: Analyzer) -> None:
    # The Bekaa toll is no claimant's figure for the strikes in the south: one event each, and
    # neither counts the other's dead as a contradicting claim.
    doc = analyze_text(
        analyzer,
        "Israeli strikes hit Lebanon\n\nBEIRUT (Reuters) - Israeli air strikes killed 15 people "
        "in the southern town of Nabatieh on Wednesday, Lebanon's health ministry said.\n\n"
        "In the Bekaa Valley, strikes near Baalbek killed four people, the state news agency "
        "NNA reported.",
    )
    by_place = {e.location.text: e for e in doc.events if e.location is not None}
    assert {f.low for f in by_place["Nabatieh"].fatalities} == {15}
    assert {f.low for f in by_place["Baalbek"].fatalities} == {4}
    assert by_place["Baalbek"].sub_event_type == "Air/drone strike"


def test_strikes_that_killed_are_no_labour_strike() -> None:
    assert find_trigger("strikes near baalbek killed four people") is not None
    assert find_trigger("a general strike paralysed the city") is None
    assert find_trigger("the hunger strike killed him") is None


def test_drones_shot_down_are_disrupted_weapons_use() -> None:
    found = find_trigger("air defence forces shot down 45 ukrainian drones over the region")
    assert found is not None and found[0] == "Disrupted weapons use"


def test_an_unsourced_claimants_seat_is_not_where_it_happened(analyzer: Analyzer) -> None:
    # The claims stage finds no source in 'the Russian centre in Hmeimim said': the air base
    # (a regions entry since session 21) is still no place of the strike.
    doc = analyze_text(
        analyzer,
        "Russian warplanes struck militant positions in Jabal al-Zawiya in Syria's Idlib "
        "province on Sunday, the Russian Reconciliation Center in Hmeimim said.",
    )
    strike = next(e for e in doc.events if e.sub_event_type == "Air/drone strike")
    assert strike.location is not None and strike.location.text == "Jabal al-Zawiya"


def test_an_armed_side_that_fought_starts_a_clash(analyzer: Analyzer) -> None:
    doc = analyze_text(analyzer, "The rebels fought the army near Gao on Tuesday.")
    assert [e.sub_event_type for e in doc.events] == ["Armed clash"]
    event = doc.events[0]
    assert event.actor1 is not None and event.actor1.text == "The rebels"
    assert event.actor2 is not None and event.actor2.text == "the army"
    assert event.location is not None and event.location.text == "Gao"
    # 'fought' without an armed side fights charges, fires and tears.
    for text in (
        "The family fought the charges in court in Gao on Tuesday.",
        "Firefighters fought the blaze for hours near Gao on Tuesday.",
        "The minister fought back tears in Bamako on Tuesday.",
    ):
        assert analyze_text(analyzer, text).events == [], text


def test_a_capitalised_side_opening_a_sentence_is_read_as_lower_case(
    analyzer: Analyzer,
) -> None:
    # The tagger reads 'Guerrillas' and 'Guards' opening a sentence as names, unlemmatised.
    doc = analyze_text(analyzer, "Guerrillas came under fire from troops near Gao on Tuesday.")
    assert [e.event_type for e in doc.events] == ["Battles"]
    assert doc.events[0].actor2 is not None and doc.events[0].actor2.text == "Guerrillas"
    assert doc.events[0].actor2.kind == "rebel_group"
    doc = analyze_text(analyzer, "Guards came under fire near Gao on Tuesday.")
    assert [e.event_type for e in doc.events] == ["Battles"]
    doc = analyze_text(analyzer, "Guerrillas killed five soldiers near Gao on Tuesday.")
    assert len(doc.events) == 1
    assert doc.events[0].actor1 is not None and doc.events[0].actor1.kind == "rebel_group"
    assert actor_kind("FMLN guerrillas") == actor_kind("a guerrilla patrol") == "rebel_group"
    assert actor_kind("guerrilla forces") == "rebel_group"


def test_an_unnamed_patrol_garrison_or_outpost_hit_is_a_state_force(analyzer: Analyzer) -> None:
    for text, side in (
        ("A patrol came under attack near Menaka on Tuesday.", "A patrol"),
        ("The garrison came under attack near Menaka on Tuesday.", "The garrison"),
        ("An outpost came under attack near Menaka on Tuesday.", "An outpost"),
    ):
        doc = analyze_text(analyzer, text)
        assert len(doc.events) == 1, text
        event = doc.events[0]
        assert event.actor2 is not None and event.actor2.text == side
        assert event.actor2.kind == "state_forces"
    doc = analyze_text(analyzer, "A JNIM patrol came under fire from troops near Menaka.")
    assert doc.events[0].actor2 is not None and doc.events[0].actor2.kind == "rebel_group"
    # Not the words that also name aid convoys, rebels' units or a column of smoke.
    for text in ("A convoy came under attack near Menaka on Tuesday.",
                 "A unit came under attack near Menaka on Tuesday."):
        doc = analyze_text(analyzer, text)
        assert doc.events and doc.events[0].actor2 is None, text


def test_a_negated_clause_hides_no_other_clauses_event(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer, "The army did not enter the town, but militants attacked a checkpoint near Gao "
        "on Monday.",
    )
    assert len(doc.events) == 1
    assert doc.events[0].actor1 is not None and doc.events[0].actor1.text == "militants"
    # The first trigger ('protesters') is in the negated clause; the killing is told after it.
    doc = analyze_text(
        analyzer, "Police did not disperse the protesters, but unidentified men shot dead two "
        "traders near the market in Gao on Friday.",
    )
    assert [e.sub_event_type for e in doc.events] == ["Attack"]
    # Who the negated clause says did not act is no actor of the killing.
    assert doc.events[0].actor1 is not None
    assert doc.events[0].actor1.text == "unidentified men"
    # A negation shared by both verbs still denies both.
    assert analyze_text(
        analyzer, "The rebels did not attack the village or kill anyone, the army said."
    ).events == []



def test_an_attack_repelled_is_a_clash() -> None:
    found = find_trigger("syrian army units repelled an attack by militants on their positions")
    assert found is not None and found[0] == "Armed clash"
    assert find_trigger("saa repels terrorist attack in southern idlib") is not None
    assert find_trigger("the company repelled a hostile takeover") is None


def test_opening_fire_on_a_checkpoint_is_violence_not_a_base(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer, "Gunmen opened fire on a checkpoint near Gao on Monday, killing three soldiers."
    )
    [event] = doc.events
    assert event.sub_event_type != "Headquarters or base established"
    assert [(f.low, f.unit) for f in event.fatalities] == [(3, "killed")]


def test_a_drone_that_struck_is_a_drone_strike(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "Russian drones struck a residential area of Kharkiv overnight, killing two civilians.",
    )
    [event] = doc.events
    assert event.sub_event_type == "Air/drone strike"
    assert event.actor1 is not None and event.actor1.kind == "state_forces"


def test_two_incidents_in_one_sentence_are_two_events(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "Russian forces shelled Kherson, killing two civilians, while Ukrainian drones struck "
        "an oil depot in Bryansk.",
    )
    by_place = {e.location.text: e for e in doc.events if e.location is not None}
    assert set(by_place) == {"Kherson", "Bryansk"}
    assert [f.low for f in by_place["Kherson"].fatalities] == [2]
    assert by_place["Bryansk"].fatalities == [], "the figures are the other clause's"
    assert by_place["Bryansk"].sub_event_type == "Air/drone strike"


def test_one_incident_told_in_two_clauses_stays_one(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "Militants attacked an army post near Gao on Monday, and soldiers fought them off "
        "after a two-hour battle, the army said.",
    )
    assert len(doc.events) == 1


def test_two_named_groups_each_claiming_an_attack_are_two_events(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "Attacks at sea and on the border\n\n"
        "The Houthis said the group had targeted a commercial ship with naval missiles.\n\n"
        'Hezbollah said in a statement it targeted an Israeli army position near Metula with '
        'guided missiles, "achieving direct hits".',
    )
    actors = sorted(e.actor1.text for e in doc.events if e.actor1 is not None)
    assert actors == ["Hezbollah", "Houthis"], [
        (e.sub_event_type, e.actor1, e.location) for e in doc.events
    ]


def test_who_repelled_an_attack_was_attacked_by_its_agent(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "Army units repelled an attack by Hayat Tahrir al-Sham militants on their positions "
        "near the town of Kafr Nabudah on Sunday.",
    )
    [event] = doc.events
    assert event.sub_event_type == "Armed clash"
    assert event.actor1 is not None and event.actor1.text.startswith("Hayat Tahrir al-Sham")
    assert event.actor2 is not None and event.actor2.text == "Army units"


def test_casualties_of_the_clashes_are_the_clash_s_whatever_type_the_sentence_reads(
    analyzer: Analyzer,
) -> None:
    doc = analyze_text(
        analyzer,
        "Army units repelled an attack by militants on their positions near the town of Kafr "
        "Nabudah on Sunday, SANA reported. According to pro-government sources, over 20 "
        "militants were killed or injured. Militant sources claimed that 12 soldiers were "
        "killed in the clashes, which also spread to the outskirts of nearby villages.",
    )
    [event] = doc.events
    assert sorted((f.source, f.low) for f in event.fatalities) == [
        ("Militant sources", 12), ("pro-government sources", 21)
    ]


@pytest.mark.parametrize(
    ("text", "fatalities"),
    [
        # A denial of another claim's very words gives no count of its own.
        (
            "Hamas said 30 people were killed in an Israeli air strike on a camp in Rafah, "
            "a figure that Israel disputed.",
            [("Hamas", 30, "killed")],
        ),
        # The claimant's name, not its description (the source span keeps both).
        (
            "The Syrian Observatory for Human Rights, a Britain-based war monitor, said 15 "
            "pro-government fighters died in an ambush near Palmyra on Sunday.",
            [("The Syrian Observatory for Human Rights", 15, "killed")],
        ),
        ("Gunmen shot dead two men at a market in Maiduguri on Monday, police said.",
         [("police", 2, "killed")]),
    ],
)
def test_each_claimant_s_count_as_the_claim_gives_it(
    analyzer: Analyzer, text: str, fatalities: list[tuple[str, int, str]]
) -> None:
    doc = analyze_text(analyzer, text)
    [event] = doc.events
    assert [(f.source, f.low, f.unit) for f in event.fatalities] == fatalities


def test_a_headline_is_not_gainsaid_by_a_guess_at_the_village_s_province(
    analyzer: Analyzer,
) -> None:
    doc = analyze_text(
        analyzer,
        "SAA repels terrorist attack in southern Idlib\n\n"
        "Syrian Arab Army units repelled an attack by Hayat Tahrir al-Sham terrorists on their "
        "positions near the town of Kafr Nabudah in the northern countryside of Hama, SANA "
        "reported on Sunday.",
    )
    assert len(doc.events) == 1, [(e.sub_event_type, e.location) for e in doc.events]
    assert doc.events[0].location is not None
    assert doc.events[0].location.text == "Kafr Nabudah"


def test_an_attack_named_by_its_weapon_or_its_makers_is_an_event(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "Security chief Miguel Maza emerged unscathed from a dynamite attack in Bogota this "
        "morning.",
        published="1989-05-30",
    )
    [event] = doc.events
    assert event.sub_event_type == "Remote explosive/landmine/IED"
    assert event.location is not None and event.location.text == "Bogota"
    assert event.date is not None and (event.date.start, event.date.precision) == (
        "1989-05-30", "day",
    )
    doc = analyze_text(
        analyzer,
        "The government condemns the cowardly murder of Dolores Casanova, carried out this "
        "morning by FMLN terrorists in Santa Tecla.",
    )
    assert [e.sub_event_type for e in doc.events] == ["Attack"]
    assert find_trigger("a guerrilla attack on the town") is not None
    assert find_trigger("in an attack that occurred near the capital, gunmen wounded") is not None
    assert find_trigger("gunmen carried out an attack near the border") is not None
    # Attacks in general, or only feared, are none.
    assert find_trigger("he warned police about previous terrorist attacks in britain") is None
    assert find_trigger("the threat of a terrorist attack remains high") is None


def test_a_country_that_says_whose_someone_is_is_no_place_of_the_event(
    analyzer: Analyzer,
) -> None:
    doc = analyze_text(
        analyzer,
        "Bolivian police said the murder of two U.S. missionaries was the work of "
        "narcoterrorists.",
    )
    [event] = doc.events
    assert event.location is None, "the missionaries are American; nothing says the US"
    doc = analyze_text(analyzer, "Fighting raged in Ukraine's east on Monday, officials said.")
    [event] = doc.events
    assert event.location is not None and event.location.text == "Ukraine"


def test_shells_fired_by_each_side_are_two_incidents(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "Hezbollah said in a statement that it fired rockets at an Israeli army position near "
        "Metula.\n\nOn Monday, two people were killed when Israeli artillery shelled the "
        "outskirts of a border village, the state news agency NNA reported.",
    )
    shelling = [e for e in doc.events if e.sub_event_type == "Shelling/artillery/missile attack"]
    assert len(shelling) == 2, "Hezbollah's rockets and Israel's shells are two incidents"
    assert [f.low for f in shelling[0].fatalities] == []
    assert [f.low for f in shelling[1].fatalities] == [2]


@pytest.mark.parametrize(
    ("text", "published", "start"),
    [
        # The day of the telling and the dateline's day of filing come after the sentence's
        # own date ...
        ("It was reported in the capital today that heavily armed men kidnapped three "
         "Europeans in the border town last night.", "1989-09-27", "1989-09-26"),
        ("BAMAKO, March 3 (Sahel Wire) - Gunmen killed at least 12 civilians in an attack on "
         "a village in central Mali on Saturday, officials said.", "2024-03-03", "2024-03-02"),
        # ... and still date an event that has none of its own.
        ("Gunmen attacked the village today.", "1989-09-27", "1989-09-27"),
        ("KYIV, March 3 (Reuters) - Russian missiles struck port infrastructure in Odesa, "
         "officials said.", "2024-03-03", "2024-03-03"),
    ],
)
def test_the_day_of_telling_or_filing_dates_an_event_only_where_nothing_else_does(
    analyzer: Analyzer, text: str, published: str, start: str
) -> None:
    [event] = analyze_text(analyzer, text, published=published).events
    assert event.date is not None and (event.date.start, event.date.precision) == (start, "day")


def test_the_fighting_near_a_region_around_it_is_the_gunfight_told(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "Two Indian soldiers and three suspected militants were killed in a gunfight in "
        "Kupwara district of Kashmir on Monday, police said.\n\nThe fighting broke out after "
        "troops cordoned off a forested area near the Line of Control, a police officer said.",
    )
    assert [e.sub_event_type for e in doc.events] == ["Armed clash"]
    assert doc.events[0].location is not None and doc.events[0].location.name == "Kupwara"
    # A town of its own is another clash, however close: ACLED codes one per location.
    doc = analyze_text(
        analyzer,
        "Heavy clashes between the army and rebels took place in Usulutan on Monday.\n\n"
        "In Santa Elena the clashes were also strong, the army said.",
    )
    assert len(doc.events) == 2
