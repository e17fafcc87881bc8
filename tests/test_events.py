"""Events: ACLED types, actors, places, dates, status and per-claimant fatalities."""

from __future__ import annotations

from claimscope.document import Event, Fatalities
from claimscope.pipeline import Analyzer
from claimscope.stages.events import conservative_fatalities
from claimscope.taxonomy import BY_SUB_EVENT, EVENT_TYPES, SUB_EVENT_TYPES
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
