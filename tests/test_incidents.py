"""Tests for incident linking: one rule per test on hand-built schema-v1 analysis dicts."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from typing import Any

from claimscope.incidents import (
    Incident,
    Report,
    haversine_km,
    incident_id,
    link_incidents,
    victim_class,
)
from claimscope.output import to_analysis
from claimscope.pipeline import Analyzer
from tests.conftest import EXAMPLES

# Real coordinates (GeoNames) of a few towns in Burkina Faso and Mali.
PLACES: dict[str, dict[str, Any]] = {
    "Kaya": {"geonameid": 2359608, "lat": 13.0883, "lon": -1.08368, "admin1": "Centre-Nord",
             "country_code": "BF"},
    "Kongoussi": {"geonameid": 2359142, "lat": 13.32583, "lon": -1.53472,
                  "admin1": "Centre-Nord", "country_code": "BF"},
    "Dori": {"geonameid": 2361082, "lat": 14.03326, "lon": -0.03333, "admin1": "Sahel",
             "country_code": "BF"},
    "Pissila": {"geonameid": 2356900, "lat": 13.16667, "lon": -0.81667,
                "admin1": "Centre-Nord", "country_code": "BF"},
    "Hombori": {"geonameid": 2456917, "lat": 15.28, "lon": -1.70, "admin1": "Mopti",
                "country_code": "ML"},
}


class Builder:
    """A report's text and analysis built sentence by sentence, so offsets are always right."""

    def __init__(self, outlet: str, published: str = "2024-05-08") -> None:
        self.outlet = outlet
        self.text = ""
        self.published = published
        self.claims: list[dict[str, Any]] = []
        self.events: list[dict[str, Any]] = []

    def _span(self, sentence: str, part: str) -> dict[str, Any]:
        start = self.text.rindex(sentence) + sentence.index(part)
        return {"text": part, "start": start, "end": start + len(part)}

    def event(
        self,
        sentence: str,
        *,
        sub_type: str = "Armed clash",
        event_type: str = "Battles",
        place: str | None = "Kaya",
        precision: int = 1,
        day: str | None = "2024-05-06",
        end: str | None = None,
        date_precision: str = "day",
        status: str = "occurred",
        actor1: str | None = None,
        claims: Sequence[tuple[str, str, str, str]] = (),
        figures: Sequence[tuple[str, int | None, int | None, str, str | None]] = (),
    ) -> dict[str, Any]:
        """Append `sentence`; claims are (source, cue, content, polarity) parts of it, figures
        (source, low, high, unit, who) tied to the claim of the same source."""
        self.text += ("" if not self.text else " ") + sentence
        event_id = f"event{len(self.events) + 1}"
        claim_ids: list[str] = []
        by_source: dict[str, str] = {}
        for source, cue, content, polarity in claims:
            claim_id = f"claim{len(self.claims) + 1}"
            self.claims.append({
                "id": claim_id,
                "source": {**self._span(sentence, source), "kind": "other"},
                "cue": self._span(sentence, cue),
                "content": self._span(sentence, content),
                "polarity": polarity,
                "status": "reported",
                "quantities": [],
                "event_ids": [event_id],
            })
            claim_ids.append(claim_id)
            by_source[source] = claim_id
        location = None
        if place is not None:
            location = {"place_id": "place1", "text": place, "name": place,
                        "geo_precision": precision, **PLACES[place]}
        actor = None
        if actor1 is not None:
            actor = {**self._span(sentence, actor1), "kind": "rebel_group", "associated": []}
        event = {
            "id": event_id,
            "event_type": event_type,
            "sub_event_type": sub_type,
            "actor1": actor,
            "actor2": None,
            "location": location,
            "date": None if day is None else {
                "start": day, "end": end or day, "precision": date_precision, "text": None
            },
            "fatalities": [
                {"claim_id": by_source.get(source), "source": source, "low": low, "high": high,
                 "who": who, "unit": unit}
                for source, low, high, unit, who in figures
            ],
            "fatalities_conservative": 0,
            "status": status,
            "evidence": [self._span(sentence, sentence)],
            "claim_ids": claim_ids,
        }
        self.events.append(event)
        return event

    def report(self, report_id: str | None = None) -> Report:
        analysis = {
            "schema_version": "1",
            "document": {"id": report_id or self.outlet, "text": self.text,
                         "publisher": self.outlet, "published": self.published},
            "claims": self.claims,
            "events": self.events,
        }
        return Report(report_id or self.outlet, analysis)


def clash(outlet: str, sentence: str = "Fighters attacked an army post near Kaya on Monday.",
          **kwargs: Any) -> Report:
    b = Builder(outlet)
    b.event(sentence, **kwargs)
    return b.report()


def together(incidents: list[Incident], a: str, b: str) -> bool:
    for inc in incidents:
        reports = {ref.report_id for ref in inc.events}
        if a in reports or b in reports:
            return a in reports and b in reports
    return False


def test_same_incident_is_linked_with_reasons() -> None:
    a = clash("Wire", actor1="JNIM", sentence="JNIM attacked an army post near Kaya on Monday.")
    b = clash("State TV", sentence="JNIM fighters were repelled at Pissila on Monday.",
              place="Pissila", precision=2, actor1="JNIM")
    incidents = link_incidents([a, b])
    assert len(incidents) == 1
    (link,) = incidents[0].links
    reasons = " | ".join(link.reasons)
    assert "same sub-event type Armed clash" in reasons
    assert "km apart, both in Centre-Nord" in reasons
    assert "dates overlap on 2024-05-06" in reasons
    assert "actors agree: jnim" in reasons
    assert link.score >= 5


def test_decoy_same_place_other_day_stays_apart() -> None:
    a = clash("Wire")
    b = clash("State TV", day="2024-05-03")
    incidents = link_incidents([a, b])
    assert len(incidents) == 2
    assert not together(incidents, "Wire", "State TV")


def test_decoy_same_day_other_place_stays_apart() -> None:
    a = clash("Wire")
    b = clash("State TV", place="Dori")  # about 160 km from Kaya
    assert haversine_km(13.0883, -1.08368, 14.03326, -0.03333) > 100
    assert not together(link_incidents([a, b]), "Wire", "State TV")


def test_country_mismatch_blocks_even_at_region_precision() -> None:
    a = clash("Wire", precision=3)
    b = clash("State TV", place="Hombori", precision=3)
    assert not together(link_incidents([a, b]), "Wire", "State TV")


def test_expected_never_links_to_occurred() -> None:
    a = clash("Wire")
    b = clash("Analyst", status="expected")
    assert not together(link_incidents([a, b]), "Wire", "Analyst")


def test_month_precision_overlaps_its_days_but_not_another_month() -> None:
    a = clash("Wire")
    month = clash("Monthly", day="2024-05-01", end="2024-05-31", date_precision="month")
    april = clash("Old", day="2024-04-01", end="2024-04-30", date_precision="month")
    incidents = link_incidents([a, month, april])
    assert together(incidents, "Wire", "Monthly")
    assert not together(incidents, "Wire", "Old")


def test_incompatible_types_stay_apart() -> None:
    a = clash("Wire")
    b = clash("Wire2", sub_type="Peaceful protest", event_type="Protests")
    assert not together(link_incidents([a, b]), "Wire", "Wire2")


def test_placeless_event_links_only_inside_its_report() -> None:
    b = Builder("Wire")
    b.event("Fighters attacked an army post near Kaya on Monday.")
    b.event("The convoy then struck a roadside bomb.", sub_type="Remote explosive/landmine/IED",
            event_type="Explosions/Remote violence", place=None)
    other = clash("State TV", sub_type="Remote explosive/landmine/IED",
                  event_type="Explosions/Remote violence", place=None,
                  sentence="A roadside bomb hit soldiers on Monday.")
    incidents = link_incidents([b.report(), other])
    wire = next(inc for inc in incidents if any(r.report_id == "Wire" for r in inc.events))
    assert len(wire.events) == 2
    assert not together(incidents, "Wire", "State TV")
    assert any("same report" in reason for link in wire.links for reason in link.reasons)


def test_an_incident_no_member_places_stands_at_the_focus_area_and_says_so() -> None:
    """The raid of the hand-built report names no place; its paragraph names Boulkessi. The
    incident is drawn where its event is, and linking still treats the place as unknown."""
    from tests.test_exports import hand_built

    analysis = hand_built()
    clash_, raid, _ = analysis["events"]
    (alone,) = link_incidents([Report("r1", {**analysis, "events": [raid]})])
    assert alone.location is not None and alone.location["name"] == "Boulkessi"
    assert alone.location["geo_precision"] == 3
    assert alone.location_focus == "a place named in its paragraph (Boulkessi)"
    placed = link_incidents([Report("r1", {**analysis, "events": [clash_]})])
    assert placed[0].location == clash_["location"] and placed[0].location_focus is None
    nowhere = link_incidents([Report("r1", {**analysis, "places": [], "events": [raid]})])
    assert (nowhere[0].location, nowhere[0].location_focus) == (None, None)


def test_no_chaining_through_a_vague_event() -> None:
    # A region-level account fits both a Kaya clash and a Kongoussi clash 50 km apart,
    # which cannot be one incident (precision 1: 30 km limit); it must not glue them.
    kaya = clash("Kaya Wire")
    kongoussi = clash("Kongoussi Wire", place="Kongoussi",
                      sentence="Fighters attacked an army post near Kongoussi on Monday.")
    region = clash("Region TV", precision=3, place="Pissila",
                   sentence="Fighters attacked troops in the Centre-Nord region on Monday.")
    incidents = link_incidents([kaya, kongoussi, region])
    assert not together(incidents, "Kaya Wire", "Kongoussi Wire")


def test_contradiction_by_figures() -> None:
    army = clash("State TV", sentence="The army said 12 soldiers were killed near Kaya.",
                 claims=[("The army", "said", "12 soldiers were killed near Kaya", "affirms")],
                 figures=[("The army", 12, 12, "killed", "soldiers")])
    group = clash("Group site", sentence="JNIM said it killed at least 40 soldiers near Kaya.",
                  claims=[("JNIM", "said", "it killed at least 40 soldiers near Kaya", "affirms")],
                  figures=[("JNIM", 40, None, "killed", "soldiers")])
    (incident,) = link_incidents([army, group])
    assert incident.contradiction
    assert any("security forces killed" in r for r in incident.contradiction_reasons)
    (spread,) = incident.spread
    assert (spread.unit, spread.min, spread.max, spread.n_claimants) == ("killed", 12, 40, 2)


def test_overlapping_intervals_do_not_contradict() -> None:
    army = clash("State TV", sentence="The army said up to 30 soldiers were killed.",
                 claims=[("The army", "said", "up to 30 soldiers were killed", "affirms")],
                 figures=[("The army", 10, 30, "killed", "soldiers")])
    ngo = clash("NGO", sentence="A rights group said at least 20 soldiers died.",
                claims=[("A rights group", "said", "at least 20 soldiers died", "affirms")],
                figures=[("A rights group", 20, None, "killed", "soldiers")])
    (incident,) = link_incidents([army, ngo])
    assert not incident.contradiction
    assert incident.contradiction_reasons == ()


def test_different_victims_are_not_compared() -> None:
    army = clash("State TV", sentence="The army said 12 soldiers and 40 attackers were killed.",
                 claims=[("The army", "said", "12 soldiers and 40 attackers were killed",
                          "affirms")],
                 figures=[("The army", 12, 12, "killed", "soldiers"),
                          ("The army", 40, 40, "killed", "attackers")])
    group = clash("Group site", sentence="JNIM said 12 soldiers died.",
                  claims=[("JNIM", "said", "12 soldiers died", "affirms")],
                  figures=[("JNIM", 12, 12, "killed", "soldiers")])
    (incident,) = link_incidents([army, group])
    assert not incident.contradiction
    assert victim_class("Burkinabe soldiers") == "security forces"
    assert victim_class("attackers") == "militants"


def test_contradiction_by_polarity() -> None:
    ngo = clash("NGO", sentence="Residents said soldiers killed villagers near Kaya.",
                claims=[("Residents", "said", "soldiers killed villagers near Kaya", "affirms")])
    army = clash("State TV", sentence="The army denied that soldiers killed villagers.",
                 claims=[("The army", "denied", "that soldiers killed villagers", "denies")])
    (incident,) = link_incidents([ngo, army])
    assert incident.contradiction
    assert any("deny" in r for r in incident.contradiction_reasons)


def test_claimants_merge_across_reports_and_quotes_copy_offsets() -> None:
    first = clash("Wire", sentence="On Monday the army said 12 soldiers were killed near Kaya.",
                  claims=[("the army", "said", "12 soldiers were killed near Kaya", "affirms")],
                  figures=[("the army", 12, 12, "killed", "soldiers")])
    second = clash("Radio", sentence="The army said 12 soldiers died in the Kaya attack.",
                   claims=[("The army", "said", "12 soldiers died in the Kaya attack", "affirms")],
                   figures=[("The army", 12, 12, "killed", "soldiers")])
    (incident,) = link_incidents([first, second])
    (army,) = incident.claimants
    assert army.claimant == "The army"  # as first written, reports in id order
    assert set(army.reports) == {"Wire", "Radio"}
    assert set(army.outlets) == {"Wire", "Radio"}
    assert army.polarity == "affirms"
    texts = {"Wire": first.analysis["document"]["text"],
             "Radio": second.analysis["document"]["text"]}
    for quote in army.quotes + tuple(f.quote for f in army.figures):
        assert texts[quote.report_id][quote.start : quote.end] == quote.text
    wire_quote = next(q for q in army.quotes if q.report_id == "Wire")
    claim = first.analysis["claims"][0]["content"]
    assert (wire_quote.start, wire_quote.end) == (claim["start"], claim["end"])


def test_every_event_in_exactly_one_incident_and_json_ready() -> None:
    b = Builder("Wire")
    b.event("Fighters attacked an army post near Kaya on Monday.")
    b.event("Police arrested 14 people in Dori on Tuesday.", sub_type="Arrests",
            event_type="Strategic developments", place="Dori", day="2024-05-07")
    other = clash("Radio")
    incidents = link_incidents([b.report(), other])
    refs = [ref for inc in incidents for ref in inc.events]
    assert sorted(refs) == sorted(set(refs))
    assert len(refs) == 3
    for inc in incidents:
        assert inc.id == incident_id(inc.events)
        json.dumps(dataclasses.asdict(inc))


def test_output_is_independent_of_input_order() -> None:
    reports = [clash("A"), clash("B", place="Pissila", precision=2), clash("C", day="2024-05-01")]
    forward = [dataclasses.asdict(i) for i in link_incidents(reports)]
    backward = [dataclasses.asdict(i) for i in link_incidents(list(reversed(reports)))]
    assert forward == backward


def test_many_reports_stay_fast() -> None:
    # 2,000 one-event reports over 200 days: blocking keeps this well under a second or two.
    import time

    reports = []
    for k in range(2000):
        day = f"2024-{1 + (k // 28) % 7:02d}-{1 + k % 28:02d}"
        reports.append(clash(f"R{k}", day=day, place=("Kaya", "Dori", "Pissila")[k % 3]))
    began = time.perf_counter()
    incidents = link_incidents(reports)
    assert time.perf_counter() - began < 10
    assert sum(len(i.events) for i in incidents) == 2000


def test_sahel_example_army_and_jnim_accounts_are_one_incident(analyzer: Analyzer) -> None:
    # The army's account ("when the convoy struck an improvised explosive device") and JNIM's
    # ("destroyed the convoy completely") tell one ambush: one event holds both tolls, and
    # the incident says they contradict.
    path = EXAMPLES / "sahel-convoy-ambush.md"
    analysis = to_analysis(analyzer.analyze(path.read_bytes(), source_name=str(path)))
    incidents = link_incidents([Report("sahel", analysis)])
    assert sum(len(i.events) for i in incidents) == len(analysis["events"])
    ambushes = [e for e in analysis["events"] if e["sub_event_type"] == "Armed clash"]
    assert len(ambushes) == 1 and not any(
        e["sub_event_type"].startswith("Remote") for e in analysis["events"]
    )
    convoy = next(i for i in incidents if ambushes[0]["id"] in {r.event_id for r in i.events})
    assert convoy.contradiction
    assert any("40" in r and "12" in r for r in convoy.contradiction_reasons)
    text = analysis["document"]["text"]
    for claimant in convoy.claimants:
        for quote in claimant.quotes:
            assert text[quote.start : quote.end] == quote.text
