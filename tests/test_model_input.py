"""The model input (../shared/examples/homs-desert-operation.md), end to end.

Skipped where ../shared is absent; the project's own examples cover the same behaviour.
"""

from __future__ import annotations

from claimscope.document import Document


def _event_with(doc: Document, words: str) -> list:
    return [e for e in doc.events if any(words in s.text for s in e.evidence)]


def test_metadata_separates_publisher_from_original_source(homs: Document) -> None:
    assert homs.meta.publisher == "Global Research"
    assert homs.meta.original_source == "South Front"
    assert homs.meta.published == "2020-04-11"
    assert homs.meta.original_published == "2020-04-10"


def test_at_least_five_events_in_two_countries_and_two_years(homs: Document) -> None:
    assert len(homs.events) >= 5
    countries = {e.location.country_code for e in homs.events if e.location}
    assert {"SY", "IQ"} <= countries
    years = {e.date.start[:4] for e in homs.events if e.date and e.date.start}
    assert {"2017", "2020"} <= years


def test_clash_has_both_claimants_figures(homs: Document) -> None:
    (clash,) = _event_with(homs, "Fierce clashes")[:1]
    assert clash.sub_event_type == "Armed clash"
    assert clash.date is not None and clash.date.start == "2020-04-09"
    assert clash.date.precision == "day"
    by_source = {f.source: f for f in clash.fatalities}
    soldiers = next(f for f in clash.fatalities if f.who and "soldiers" in f.who)
    assert soldiers.low == 21 and soldiers.high is None
    militants = next(f for f in clash.fatalities if f.who and "ISIS" in f.who)
    assert militants.high == 30
    assert len(by_source) >= 2, "two claimants, two entries"
    assert clash.actor1 is not None
    assert {a.text for a in clash.actor1.associated} >= {"the Russian Aerospace Forces"}


def test_forecast_is_expected(homs: Document) -> None:
    (forecast,) = _event_with(homs, "will likely continue")[:1]
    assert forecast.status == "expected"


def test_isis_claims_are_unconfirmed_and_not_fatalities(homs: Document) -> None:
    (iraq,) = _event_with(homs, "29 attacks")[:1]
    assert iraq.location is not None and iraq.location.country_code == "IQ"
    assert iraq.status == "claimed"
    assert iraq.fatalities_conservative == 0
    units = {f.unit for f in iraq.fatalities}
    assert units == {"killed_or_injured"}
    isis = [c for c in homs.claims if c.source and c.source.text == "ISIS"]
    assert isis and all(c.status == "unconfirmed" for c in isis)


def test_unknown_village_falls_back_to_idlib(homs: Document) -> None:
    village = next(p for p in homs.places if p.text == "Jannet Elqora")
    assert village.resolved is not None
    assert village.resolved.country_code == "SY"
    assert village.geo_precision == 3
    assert "Idlib" in (village.resolved.admin1 or village.resolved.name)


def test_chemical_attacks_are_disputed_and_dated_2017(homs: Document) -> None:
    (chemical,) = _event_with(homs, "chemical attacks")[:1]
    assert chemical.sub_event_type == "Chemical weapon"
    assert chemical.status == "disputed"
    assert chemical.date is not None and chemical.date.start == "2017-03-01"
    assert chemical.date.precision == "month"
    denials = [c for c in homs.claims if c.polarity == "denies"]
    assert any(c.source and "Foreign Ministry" in c.source.text for c in denials)


def test_rhetoric_finds_name_calling_or_loaded_language(homs: Document) -> None:
    techniques = {r.technique for r in homs.rhetoric}
    assert techniques & {"Loaded_Language", "Name_Calling,Labeling"}


def test_claims_keep_their_claimants(homs: Document) -> None:
    by_content = {c.content.text: c for c in homs.claims}
    operation = next(c for t, c in by_content.items() if t.startswith("the army and local"))
    assert operation.source is not None and operation.source.text == "pro-government sources"
    assert operation.cue is not None and operation.cue.text == "According to"
    soldiers = by_content["over 20 soldiers were killed"]
    assert soldiers.source is not None and soldiers.source.text.startswith("Supporters of")
    assert soldiers.status == "disputed"
    for claim in homs.claims:
        if claim.cue is not None:
            assert claim.cue.text.lower() not in {"of", "by", "backed up by"}, claim
        if claim.source is not None and claim.source.kind != "outlet":
            source, content = claim.source, claim.content
            assert not (source.start < content.end and content.start < source.end), claim
