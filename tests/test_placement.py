"""One place per event: its own, else the report's focus area, tier by tier."""

from __future__ import annotations

from typing import Any

from claimscope.placement import FOCUS_PRECISION, event_location

DATELINED = (
    "KIDAL, May 3 (Kidal Observer) - Gunmen attacked a market in Kidal on Friday. "
    "Officials gave no toll.\n\n"
    "Troops later clashed with fighters near Tessalit. The army said it lost two men.\n\n"
    "Elsewhere, a convoy was ambushed."
)
UNDATELINED = (
    "Gunmen attacked a market in Kidal on Friday. Officials in Gao gave no toll.\n\n"
    "Troops clashed near Tessalit in the Kidal region.\n\n"
    "Elsewhere, a convoy was ambushed."
)
TOWNS: dict[str, dict[str, Any]] = {
    "Kidal": {"name": "Kidal", "lat": 18.44, "lon": 1.41, "feature_class": "P",
              "admin1": "Kidal", "country_code": "ML"},
    "Tessalit": {"name": "Tessalit", "lat": 20.2, "lon": 1.01, "feature_class": "P",
                 "admin1": "Kidal", "country_code": "ML"},
    "Gao": {"name": "Gao", "lat": 16.27, "lon": -0.04, "feature_class": "P",
            "admin1": "Gao", "country_code": "ML"},
    "Kidal region": {"name": "Kidal Region", "lat": 19.5, "lon": 1.2, "feature_class": "A",
                     "admin1": "Kidal", "country_code": "ML"},
}


def _span(text: str, words: str, occurrence: int = 0) -> dict[str, Any]:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(words, start + 1)
    return {"text": words, "start": start, "end": start + len(words)}


def _place(text: str, words: str, entry: str, occurrence: int = 0) -> dict[str, Any]:
    return {**_span(text, words, occurrence), "id": f"place-{words}-{occurrence}",
            "resolved": dict(TOWNS[entry])}


def _analysis(text: str, places: list[dict[str, Any]]) -> dict[str, Any]:
    return {"document": {"text": text, "body": {"start": 0, "end": len(text)}},
            "places": places, "events": []}


def _event(text: str, sentence: str, location: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"id": "event1", "location": location, "evidence": [_span(text, sentence)]}


def datelined() -> dict[str, Any]:
    return _analysis(DATELINED, [
        _place(DATELINED, "KIDAL", "Kidal"),
        _place(DATELINED, "Kidal", "Kidal", occurrence=1),  # the market town, not the outlet
        _place(DATELINED, "Tessalit", "Tessalit"),
    ])


def test_an_event_with_coordinates_keeps_its_own_place() -> None:
    own = {"text": "Gao", "name": "Gao", "lat": 16.27, "lon": -0.04, "admin1": "Gao",
           "country_code": "ML", "geo_precision": 1}
    event = _event(DATELINED, "Elsewhere, a convoy was ambushed.", own)
    assert event_location(event, datelined()) == (own, None)


def test_a_place_in_its_sentence_comes_first() -> None:
    event = _event(DATELINED, "Gunmen attacked a market in Kidal on Friday.")
    place, focus = event_location(event, datelined())
    assert focus == "a place named in its sentence (Kidal)"
    assert place == {"text": None, "name": "Kidal", "lat": 18.44, "lon": 1.41,
                     "admin1": "Kidal", "country_code": "ML", "geo_precision": FOCUS_PRECISION}


def test_then_a_place_in_its_paragraph() -> None:
    event = _event(DATELINED, "The army said it lost two men.")
    place, focus = event_location(event, datelined())
    assert focus == "a place named in its paragraph (Tessalit)"
    assert place is not None and place["name"] == "Tessalit" and place["geo_precision"] == 3


def test_then_the_dateline() -> None:
    event = _event(DATELINED, "Elsewhere, a convoy was ambushed.")
    place, focus = event_location(event, datelined())
    assert focus == "the dateline (KIDAL)"
    assert place is not None and (place["name"], place["admin1"]) == ("Kidal", "Kidal")


def test_then_the_region_most_places_lie_in_at_its_own_entry() -> None:
    analysis = _analysis(UNDATELINED, [
        _place(UNDATELINED, "Kidal", "Kidal"),
        _place(UNDATELINED, "Gao", "Gao"),
        _place(UNDATELINED, "Tessalit", "Tessalit"),
        _place(UNDATELINED, "Kidal region", "Kidal region"),
    ])
    event = _event(UNDATELINED, "Elsewhere, a convoy was ambushed.")
    place, focus = event_location(event, analysis)
    assert focus == "the report's main region (Kidal)"
    assert place is not None and place["name"] == "Kidal Region" and place["lat"] == 19.5


def test_the_text_of_an_unresolved_own_place_is_kept() -> None:
    unresolved = {"text": "Anefis", "name": None, "lat": None, "lon": None, "admin1": None,
                  "country_code": None, "geo_precision": None}
    event = _event(DATELINED, "The army said it lost two men.", unresolved)
    place, focus = event_location(event, datelined())
    assert focus is not None and place is not None
    assert (place["text"], place["name"]) == ("Anefis", "Tessalit")


def test_no_place_with_coordinates_places_nothing() -> None:
    event = _event(DATELINED, "Gunmen attacked a market in Kidal on Friday.")
    assert event_location(event, _analysis(DATELINED, [])) == (None, None)
    unresolved = _analysis(DATELINED, [{**_span(DATELINED, "Kidal"), "id": "p", "resolved": None}])
    assert event_location(event, unresolved) == (None, None)


def test_a_place_opening_an_organisation_name_yields_to_the_sentences_other_place() -> None:
    text = "The Gao Regional Council said a convoy was ambushed north of Kidal."
    places = [_place(text, "Gao", "Gao"), _place(text, "Kidal", "Kidal")]
    analysis = _analysis(text, places)
    event = _event(text, text)
    location, how = event_location(event, analysis)
    assert location is not None and location["name"] == "Gao"  # no entities: first place
    council = _span(text, "The Gao Regional Council")
    analysis["entities"] = [{**council, "label": "ORG"}]
    location, how = event_location(event, analysis)
    assert location is not None and location["name"] == "Kidal"
    assert how == "a place named in its sentence (Kidal)"
    # Alone in its sentence, the organisation's place is still better than none.
    alone = "The Gao Regional Council said a convoy was ambushed."
    analysis = _analysis(alone, [_place(alone, "Gao", "Gao")])
    analysis["entities"] = [{**_span(alone, "The Gao Regional Council"), "label": "ORG"}]
    location, _ = event_location(_event(alone, alone), analysis)
    assert location is not None and location["name"] == "Gao"


def test_a_town_inside_a_name_is_no_focus_area() -> None:
    # 'the Gao Regional Council' found as a toponym inside a name (EMBEDDED_NOTE) says where
    # the council is from: the event falls back as if it were not there.
    from claimscope.document import EMBEDDED_NOTE

    text = "The Gao Regional Council said a convoy was ambushed.\n\nTroops were near Kidal."
    gao = {**_place(text, "Gao", "Gao"), "resolution_note": EMBEDDED_NOTE}
    analysis = _analysis(text, [gao, _place(text, "Kidal", "Kidal")])
    location, how = event_location(_event(text, "The Gao Regional Council said"), analysis)
    assert location is not None and location["name"] == "Kidal"
    assert how == "the report's main region (Kidal)"


def test_a_country_the_report_is_not_about_yields_to_its_region() -> None:
    text = ("Gunmen attacked a market in Kidal on Friday. Officials in Gao gave no toll.\n\n"
            "French troops later clashed with the fighters.")
    france = {"name": "France", "lat": 46.0, "lon": 2.0, "feature_class": "A",
              "admin1": None, "country_code": "FR"}
    places = [_place(text, "Kidal", "Kidal"), _place(text, "Gao", "Gao"),
              {**_span(text, "French"), "id": "p-fr", "resolved": france, "geo_precision": 4,
               "resolution_note": "demonym"}]
    event = _event(text, "French troops later clashed with the fighters.")
    location, how = event_location(event, _analysis(text, places))
    # Whose troops they were, not where they fought: the report is about Mali.
    assert location is not None and location["country_code"] == "ML"
    assert how == "the report's main region (Kidal)"
    # In a report about France, France is where it happened.
    places = [{**p, "resolved": france, "geo_precision": 4} for p in places]
    location, how = event_location(event, _analysis(text, places))
    assert location is not None and location["name"] == "France"
    assert how == "a place named in its sentence (French)"
