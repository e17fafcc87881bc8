"""Events' locations and dates scored against MUC-4 incident templates (`eval where-when`)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from claimscope.document import Document, Event, EventDate, EventLocation, Place, Resolution, Span
from claimscope.eval.where_when import datelines, evaluate, parse_date, parse_location
from claimscope.gazetteer import Gazetteer
from tests.conftest import CannedAnalyzer

D = dt.date

TEXT = (
    "guerrillas dynamited a power pylon in tecoluca last night.\n\n"
    "in the capital, san salvador, a bomb exploded near a bank on 2 february.\n\n"
    "the army said the rebels also burned a bus."
)
KEY = """\
0.  MESSAGE: ID                     TST9-MUC4-0001
1.  MESSAGE: TEMPLATE               1
2.  INCIDENT: DATE                  (03 FEB 90) / (02 FEB 90 - 03 FEB 90)
3.  INCIDENT: LOCATION              EL SALVADOR: SAN VICENTE (DEPARTMENT): TECOLUCA
                                    (JURISDICTION)
4.  INCIDENT: TYPE                  BOMBING

0.  MESSAGE: ID                     TST9-MUC4-0001
1.  MESSAGE: TEMPLATE               2
2.  INCIDENT: DATE                  - 04 FEB 90
3.  INCIDENT: LOCATION              (EL SALVADOR: SAN SALVADOR (CITY)) / (EL SALVADOR)
4.  INCIDENT: TYPE                  BOMBING

0.  MESSAGE: ID                     TST9-MUC4-0001
1.  MESSAGE: TEMPLATE               3 (OPTIONAL)
2.  INCIDENT: DATE                  01 FEB 90
3.  INCIDENT: LOCATION              HONDURAS: TEGUCIGALPA (CITY)

0.  MESSAGE: ID                     TST9-MUC4-0002
1.  MESSAGE: TEMPLATE               *
2.  INCIDENT: DATE                  *
3.  INCIDENT: LOCATION              *
"""
RAW_TEXT = """\
TST9-MUC4-0001

   SAN SALVADOR, 4 FEB 90 (RADIO TEST) -- [TEXT] GUERRILLAS DYNAMITED A
POWER PYLON IN TECOLUCA LAST NIGHT.

TST9-MUC4-0002

   CLANDESTINE, 20 NOV 89 (RADIO TEST) -- [TEXT] THE WEATHER WAS CALM.
"""


def at(phrase: str) -> tuple[int, int]:
    start = TEXT.index(phrase)
    return start, start + len(phrase)


def resolution(name: str, lat: float, lon: float, admin1: str | None, fclass: str = "P"
               ) -> Resolution:
    return Resolution(name, None, lat, lon, fclass, admin1, "SV")


def event(ident: str, evidence: str, location: EventLocation | None, day: str | None) -> Event:
    return Event(
        id=ident,
        event_type="Explosions/Remote violence",
        sub_event_type="Remote explosive/landmine/IED",
        actor1=None,
        actor2=None,
        location=location,
        date=EventDate(day, day, "day") if day else EventDate("1990-01-29", "1990-02-04", "week"),
        fatalities=[],
        fatalities_conservative=0,
        status="occurred",
        evidence=[Span(evidence, *at(evidence))],
    )


def analysed() -> Document:
    tecoluca = resolution("Tecoluca", 13.53, -88.78, "San Vicente")
    return Document(
        text=TEXT,
        places=[
            Place("p1", "tecoluca", *at("tecoluca"), tecoluca, 1),
            Place("p2", "san salvador", *at("san salvador"),
                  resolution("San Salvador", 13.69, -89.19, "San Salvador"), 1),
        ],
        events=[
            event("e1", "guerrillas dynamited a power pylon in tecoluca last night.",
                  EventLocation("p1", "tecoluca", "Tecoluca", None, 13.53, -88.78,
                                "San Vicente", "SV", 1), "1990-02-03"),
            # No place of its own: placed by its paragraph's "san salvador", as every
            # consumer places it (`placement.event_location`).
            event("e2", "a bomb exploded near a bank on 2 february.", None, "1990-02-02"),
            # Undated (the publication week): not a date the event claims.
            event("e3", "the rebels also burned a bus.", None, None),
        ],
    )


def write_corpus(root: Path) -> Path:
    records = [
        {"docid": "TST9-MUC4-0001", "doctext": TEXT, "extracts": {}},
        {"docid": "TST9-MUC4-0002", "doctext": "the weather was calm.", "extracts": {}},
    ]
    path = root / "heldout.json"
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    (root / "raw" / "tst9").mkdir(parents=True)
    (root / "raw" / "tst9" / "key-tst9").write_text(KEY, encoding="latin-1")
    (root / "raw" / "tst9" / "tst9-muc4").write_text(RAW_TEXT, encoding="latin-1")
    return path


def test_parse_location_reads_alternatives_and_the_path_below_the_country() -> None:
    gazetteer = Gazetteer()

    def country_of(name: str) -> str | None:
        return next((e.country_code for e in gazetteer.lookup(name) if e.is_country), None)

    countries, places = parse_location(
        "EL SALVADOR: SAN VICENTE (DEPARTMENT): TECOLUCA (JURISDICTION)", country_of
    )
    assert countries == {"SV"} and places == {"san vicente", "tecoluca"}
    countries, places = parse_location(
        "(EL SALVADOR: SAN SALVADOR (CITY)) / (COLOMBIA)", country_of
    )
    assert countries == {"SV", "CO"} and places == {"san salvador"}
    assert parse_location("PERU: LIMA (CITY / MUNICIPALITY)", country_of) == (
        {"PE"}, {"lima"}
    )
    assert parse_location("*", country_of) == (frozenset(), frozenset())


def test_parse_date_keeps_days_and_ranges_not_open_ends() -> None:
    assert parse_date("02 FEB 90") == ((D(1990, 2, 2), D(1990, 2, 2)),)
    assert parse_date("(08 MAR 90) / (07 MAR 90 - 08 MAR 90)") == (
        (D(1990, 3, 8), D(1990, 3, 8)), (D(1990, 3, 7), D(1990, 3, 8)),
    )
    assert parse_date("- 29 DEC 89") == ()  # on or before: not scored
    assert parse_date("*") == () and parse_date("31 FEB 90") == ()


def test_datelines_give_each_message_its_date() -> None:
    assert datelines([RAW_TEXT]) == {
        "TST9-MUC4-0001": D(1990, 2, 4), "TST9-MUC4-0002": D(1989, 11, 20),
    }


def test_evaluate_scores_placed_events_against_the_templates(tmp_path: Path) -> None:
    path = write_corpus(tmp_path)
    published: list[str | None] = []

    class Recording(CannedAnalyzer):
        def analyze(self, raw: bytes | str, **kwargs: str | None) -> Document:
            published.append(kwargs.get("published"))
            return super().analyze(raw, **kwargs)  # type: ignore[arg-type]

    result = evaluate(path, Recording(lambda raw: analysed()))  # type: ignore[arg-type]
    # Only the document with incident templates is analysed, with its dateline's date.
    assert result["n_docs"] == 1 and published == ["1990-02-04"]
    assert result["country_precision"] == 1.0 and result["country_recall"] == 1.0
    # Tecoluca (its own place) and San Salvador (its paragraph's) each fit one incident;
    # the third event goes to the report's main region (the first of a tie: Tecoluca's).
    assert result["place_recall"] == 1.0 and result["place_precision"] == 1.0
    # One incident has a scored date (the other is "on or before"); 3 Feb and 2 Feb both
    # lie within one of its alternatives; the undated event claims no date.
    assert result["n_date_gold"] == 1
    assert result["date_recall"] == 1.0 and result["date_precision"] == pytest.approx(1.0)
    assert result["events_own_place_share"] == pytest.approx(1 / 3)
    assert result["events_placed_share"] == 1.0
