"""Exports: ACLED CSV rows, GeoJSON, Parquet tables and JSON lines, read back and checked."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]
import pyarrow.parquet as pq  # type: ignore[import-untyped,unused-ignore]
import pytest

from claimscope.exports import (
    ACLED_COLUMNS,
    INCIDENT_SCHEMAS,
    TABLE_SCHEMAS,
    ParquetTables,
    acled_rows,
    acled_unplaced,
    country_table,
    geojson_features,
    incident_rows,
    table_rows,
    write_acled_csv,
    write_geojson,
    write_jsonl,
    write_parquet,
)
from claimscope.output import to_analysis, validate
from claimscope.pipeline import Analyzer
from tests.conftest import EXAMPLES

# ACLED's export header, in ACLED's order (Codebook 2023, "ACLED data columns at a glance").
ACLED_HEADER = (
    "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,"
    "actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,"
    "iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,"
    "source,source_scale,notes,fatalities,tags,timestamp"
)


# --- a hand-built analysis ----------------------------------------------------------------

TEXT = (
    "Fighters of the Katiba Serma group attacked an army post in Boulkessi on Tuesday. "
    "The group said it killed at least 40 soldiers. "
    "The Malian army said 12 soldiers were killed and 9 were wounded. "
    "Earlier in the week gunmen raided villagers near the border. "
    "Analysts expect more raids in May."
)


def _span(text: str, occurrence: int = 0) -> dict[str, Any]:
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(text, start + 1)
    return {"text": text, "start": start, "end": start + len(text)}


def _sentence(first_words: str) -> dict[str, Any]:
    start = TEXT.index(first_words)
    end = TEXT.index(". ", start) + 1 if ". " in TEXT[start:] else len(TEXT)
    return {"text": TEXT[start:end], "start": start, "end": end}


def _location() -> dict[str, Any]:
    return {"place_id": "place1", "text": "Boulkessi", "name": "Boulkessi",
            "geonameid": None, "lat": 15.1172, "lon": -1.2803, "admin1": "Mopti",
            "country_code": "ML", "geo_precision": 1}


def hand_built(publisher: str = "Sahel Wire") -> dict[str, Any]:
    """A schema-v1 analysis written by hand: two claimants disagree on one clash's toll."""
    group_claim = {
        "id": "claim1", "source": {**_span("The group"), "kind": "armed_group"},
        "cue": _span("said"), "content": _span("it killed at least 40 soldiers"),
        "polarity": "affirms", "status": "unconfirmed", "quantities": [], "event_ids": ["event1"],
    }
    army_claim = {
        "id": "claim2", "source": {**_span("The Malian army"), "kind": "military"},
        "cue": _span("said", 1),
        "content": _span("12 soldiers were killed and 9 were wounded"),
        "polarity": "affirms", "status": "reported", "quantities": [], "event_ids": ["event1"],
    }
    clash = {
        "id": "event1", "event_type": "Battles", "sub_event_type": "Armed clash",
        "actor1": {**_span("Katiba Serma"), "kind": "rebel_group", "associated": []},
        "actor2": {**_span("army"), "kind": "state_forces", "associated": []},
        "location": _location(),
        "date": {"start": "2023-05-02", "end": "2023-05-02", "precision": "day",
                 "text": "Tuesday"},
        "fatalities": [
            {"claim_id": "claim1", "source": "The group", "low": 40, "high": None,
             "who": "soldiers", "unit": "killed"},
            {"claim_id": "claim2", "source": "The Malian army", "low": 12, "high": 12,
             "who": "soldiers", "unit": "killed"},
            {"claim_id": "claim2", "source": "The Malian army", "low": 9, "high": 9,
             "who": None, "unit": "injured"},
        ],
        "fatalities_conservative": 12, "status": "disputed",
        "evidence": [_sentence("Fighters"), _sentence("The group")],
        "claim_ids": ["claim1", "claim2"],
    }
    raid = {
        "id": "event2", "event_type": "Violence against civilians", "sub_event_type": "Attack",
        "actor1": {**_span("gunmen"), "kind": "political_militia", "associated": []},
        "actor2": {**_span("villagers"), "kind": "civilians", "associated": []},
        "location": None,
        "date": {"start": "2023-04-30", "end": "2023-05-06", "precision": "week",
                 "text": "Earlier in the week"},
        "fatalities": [], "fatalities_conservative": 0, "status": "occurred",
        "evidence": [_sentence("Earlier")], "claim_ids": [],
    }
    forecast = {
        "id": "event3", "event_type": "Violence against civilians", "sub_event_type": "Attack",
        "actor1": None, "actor2": None, "location": None,
        "date": {"start": "2023-05-01", "end": "2023-05-31", "precision": "month",
                 "text": "May"},
        "fatalities": [], "fatalities_conservative": 0, "status": "expected",
        "evidence": [_sentence("Analysts")], "claim_ids": [],
    }
    analysis = {
        "schema_version": "1",
        "generator": {"name": "claimscope", "version": "test"},
        "document": {
            "id": "feedfacecafe0001", "text": TEXT, "title": "Attack on an army post",
            "url": None, "publisher": publisher, "original_source": None, "authors": [],
            "published": "2023-05-04", "original_published": None,
            "tags": [{"kind": "region", "value": "Sahel"}], "language": "en",
            "format": "text", "body": {"text": TEXT, "start": 0, "end": len(TEXT)},
            "boilerplate": [],
        },
        "sentences": [],
        "entities": [{**_span("Katiba Serma"), "id": "ent1", "label": "ARMED_GROUP"}],
        "dates": [],
        "quantities": [],
        "places": [{
            **_span("Boulkessi"), "id": "place1",
            "resolved": {"name": "Boulkessi", "geonameid": None, "lat": 15.1172,
                         "lon": -1.2803, "feature_class": "P", "admin1": "Mopti",
                         "country_code": "ML"},
            "geo_precision": 1, "resolution_note": "gazetteer",
        }],
        "claims": [group_claim, army_claim],
        "events": [clash, raid, forecast],
        "rhetoric": [{**_span("killed at least 40 soldiers"),
                      "technique": "Exaggeration,Minimisation", "confidence": 0.625}],
    }
    validate(analysis)
    return analysis


def _csv_rows(rows: list[dict[str, Any]]) -> tuple[list[str], list[dict[str, str]]]:
    buffer = io.StringIO()
    assert write_acled_csv(rows, buffer) == len(rows)
    buffer.seek(0)
    reader = csv.DictReader(buffer)
    return list(reader.fieldnames or []), list(reader)


# --- ACLED CSV ----------------------------------------------------------------------------


def test_acled_columns_are_acleds_in_order() -> None:
    assert ",".join(ACLED_COLUMNS) == ACLED_HEADER


def test_acled_csv_column_by_column() -> None:
    header, rows = _csv_rows(acled_rows(hand_built(), timestamp=1_700_000_000))
    assert header == list(ACLED_COLUMNS)
    assert len(rows) == 2, "the expected (forecast) event is not an ACLED event"
    clash, raid = rows
    assert clash["event_date"] == "2023-05-02" and clash["year"] == "2023"
    assert clash["time_precision"] == "1"
    assert clash["disorder_type"] == "Political violence"
    assert (clash["event_type"], clash["sub_event_type"]) == ("Battles", "Armed clash")
    assert (clash["actor1"], clash["inter1"]) == ("Katiba Serma", "2")
    assert (clash["actor2"], clash["inter2"]) == ("army", "1")
    assert clash["interaction"] == "12", "lower inter code first"
    assert clash["civilian_targeting"] == ""
    assert (clash["iso"], clash["region"], clash["country"]) == ("466", "Western Africa", "Mali")
    assert (clash["admin1"], clash["location"]) == ("Mopti", "Boulkessi")
    assert float(clash["latitude"]) == pytest.approx(15.1172)
    assert float(clash["longitude"]) == pytest.approx(-1.2803)
    assert clash["geo_precision"] == "1"
    assert clash["source"] == "Sahel Wire"
    assert clash["fatalities"] == "12", "the conservative figure, not the largest claim"
    notes = clash["notes"]
    assert "The group: at least 40 soldiers killed" in notes
    assert "The Malian army: 12 soldiers killed, 9 injured" in notes
    assert "status: disputed" in clash["tags"]
    assert clash["timestamp"] == "1700000000"
    assert clash["event_id_cnty"].startswith("MLI")
    assert clash["event_id_cnty"][3:].isdigit()

    # The raid: a week-long date is coded mid-week with precision 2; the text does not
    # place it, so it is coded at the report's focus area (its paragraph names Boulkessi)
    # at ACLED's region precision, and the notes say so.
    assert raid["event_date"] == "2023-05-03" and raid["time_precision"] == "2"
    assert raid["civilian_targeting"] == "Civilian targeting"
    assert (raid["inter1"], raid["inter2"], raid["interaction"]) == ("3", "7", "37")
    assert (raid["country"], raid["iso"]) == ("Mali", "466")
    assert (raid["latitude"], raid["longitude"], raid["location"]) == (
        "15.1172", "-1.2803", "Boulkessi"
    )
    assert raid["geo_precision"] == "3" and "focus area" in raid["notes"]
    assert raid["fatalities"] == "0"


def test_month_dates_are_coded_mid_month_with_precision_3() -> None:
    analysis = hand_built()
    rows = acled_rows(analysis, include_expected=True)
    forecast = rows[-1]
    assert forecast["event_date"] == "2023-05-16" and forecast["time_precision"] == 3
    assert forecast["inter1"] is None and forecast["interaction"] is None


def test_outlets_override_and_sole_actor_interaction() -> None:
    analysis = hand_built()
    analysis["events"][0]["actor2"] = None
    row = acled_rows(analysis, outlets=["Sahel Wire", "Bamako Daily", "Sahel Wire"])[0]
    assert row["source"] == "Sahel Wire; Bamako Daily"
    assert (row["inter1"], row["inter2"], row["interaction"]) == (2, 0, 20)


def test_an_actor_of_unknown_kind_leaves_the_interaction_unknown() -> None:
    analysis = hand_built()
    analysis["events"][0]["actor2"]["kind"] = None
    row = acled_rows(analysis)[0]
    assert (row["actor2"], row["inter1"], row["inter2"], row["interaction"]) == (
        "army", 2, None, None
    )


def test_civilian_targeting_follows_acled() -> None:
    analysis = hand_built()
    clash, raid, _ = analysis["events"]
    clash["actor2"] = {**raid["actor2"]}
    assert acled_rows(analysis)[0]["civilian_targeting"] is None, "battles are not"
    clash["event_type"], clash["sub_event_type"] = "Explosions/Remote violence", "Grenade"
    assert acled_rows(analysis)[0]["civilian_targeting"] == "Civilian targeting"


def test_event_ids_are_stable_and_unique_per_row() -> None:
    first = acled_rows(hand_built())
    again = acled_rows(hand_built())
    assert [r["event_id_cnty"] for r in first] == [r["event_id_cnty"] for r in again]
    assert len({r["event_id_cnty"] for r in first}) == len(first)

    other = hand_built()
    other["document"]["id"] = "feedfacecafe0002"
    assert acled_rows(other)[0]["event_id_cnty"] != first[0]["event_id_cnty"]
    linked_a = acled_rows(hand_built(), incident_ids={"event1": "incident-x"})
    linked_b = acled_rows(other, incident_ids={"event1": "incident-x"})
    # One id per row as in ACLED's files; the incident linking the rows is in the tags.
    assert linked_a[0]["event_id_cnty"] != linked_b[0]["event_id_cnty"]
    assert linked_a[0]["event_id_cnty"] == first[0]["event_id_cnty"]
    assert "incident: incident-x" in str(linked_a[0]["tags"])
    assert "incident: incident-x" in str(linked_b[0]["tags"])


def test_default_timestamp_is_now() -> None:
    before = int(time.time())
    stamp = acled_rows(hand_built())[0]["timestamp"]
    assert isinstance(stamp, int) and before <= stamp <= int(time.time())


def test_csv_formula_injection_is_neutralised(tmp_path: Path) -> None:
    analysis = hand_built(publisher="=HYPERLINK(\"http://evil.example\",\"click\")")
    rows = acled_rows(analysis, timestamp=0)
    rows[0]["actor1"] = "+cmd|' /C calc'!A0"
    rows[0]["assoc_actor_1"] = "@SUM(1+1)*cmd"
    rows[1]["notes"] = "-2+3+cmd|' /C calc'!A0"
    out = tmp_path / "acled.csv"
    assert write_acled_csv(rows, out) == 2
    with out.open(newline="", encoding="utf-8") as handle:
        read = list(csv.DictReader(handle))
    assert read[0]["source"].startswith("'=HYPERLINK")
    assert read[0]["actor1"] == "'+cmd|' /C calc'!A0"
    assert read[0]["assoc_actor_1"] == "'@SUM(1+1)*cmd"
    assert read[1]["notes"] == "'-2+3+cmd|' /C calc'!A0"
    for row in read:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@")) or _is_number(value)


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


def test_csv_rejects_columns_acled_does_not_have() -> None:
    row = acled_rows(hand_built())[0]
    row["confidence"] = 0.5
    with pytest.raises(ValueError):
        write_acled_csv([row], io.StringIO())


def test_country_table_covers_iso_and_regions() -> None:
    table = country_table()
    assert len(table) >= 249
    assert table["ML"]["iso_numeric"] == "466" and table["ML"]["alpha3"] == "MLI"
    assert table["SY"]["acled_region"] == "Middle East"
    assert table["UA"]["acled_region"] == "Europe"
    assert table["MM"]["acled_region"] == "Southeast Asia"
    assert table["SD"]["acled_region"] == "Northern Africa"
    assert all(row["acled_region"] for row in table.values())
    assert len({row["iso_numeric"] for row in table.values()}) == len(table)


# --- the real analyzer on the bundled examples -------------------------------------------


@pytest.fixture(scope="module")
def examples(analyzer: Analyzer) -> list[dict[str, Any]]:
    paths = sorted(
        p for p in EXAMPLES.iterdir()
        if p.suffix in {".md", ".html", ".txt"} and p.name != "README.md"
    )
    assert paths, "the bundled examples are missing"
    return [to_analysis(analyzer.analyze(p.read_bytes(), source_name=str(p))) for p in paths]


def _acled_events(analysis: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for e in analysis["events"] if e["status"] != "expected"]


def test_acled_rows_of_real_analyses(examples: list[dict[str, Any]]) -> None:
    table = country_table()
    for analysis in examples:
        events = _acled_events(analysis)
        header, rows = _csv_rows(acled_rows(analysis, timestamp=0))
        assert header == list(ACLED_COLUMNS) and len(rows) == len(events)
        for event, row in zip(events, rows, strict=True):
            assert row["sub_event_type"] == event["sub_event_type"]
            assert int(row["fatalities"]) == event["fatalities_conservative"]
            if row["event_date"]:
                coded = date.fromisoformat(row["event_date"])
                assert row["year"] == str(coded.year)
                assert event["date"]["start"] <= row["event_date"] <= event["date"]["end"]
                assert row["time_precision"] in {"1", "2", "3"}
            if row["latitude"]:
                assert -90 <= float(row["latitude"]) <= 90
                assert -180 <= float(row["longitude"]) <= 180
                if event["location"] and event["location"]["lat"] is not None:
                    code = event["location"]["country_code"]
                    assert row["country"] == table[code]["country"]
                else:
                    assert row["geo_precision"] == "3" and "focus area" in row["notes"]
            if row["iso"]:
                assert row["region"] and row["event_id_cnty"][:3].isalpha()
            for figure in event["fatalities"]:
                number = figure["low"] if figure["low"] is not None else figure["high"]
                assert str(number) in row["notes"]
                claimant = figure["source"].strip(" ,")
                if claimant == "the outlet":  # the outlet speaks in its own voice: named
                    claimant = analysis["document"]["publisher"] or claimant
                assert claimant in row["notes"]


def test_sahel_example_is_coded_in_mali(examples: list[dict[str, Any]]) -> None:
    sahel = next(a for a in examples if a["document"]["publisher"] == "Sahel Monitor")
    rows = acled_rows(sahel)
    assert rows and all(r["iso"] == 466 and r["region"] == "Western Africa" for r in rows)
    assert all(r["country"] == "Mali" for r in rows)
    assert all(str(r["event_id_cnty"]).startswith("MLI") for r in rows)


def test_geojson_of_real_analyses(examples: list[dict[str, Any]], tmp_path: Path) -> None:
    features = [f for a in examples for f in geojson_features(a)]
    rows = [r for a in examples for r in acled_rows(a)]
    events = [(a["document"]["id"], e) for a in examples for e in _acled_events(a)]
    placed = [(i, e) for i, e in events if e["id"] not in acled_unplaced_of(examples, i)]
    out = tmp_path / "events.geojson"
    # The map and the ACLED file place the same events at the same points.
    assert write_geojson(iter(features), out) == len(rows) == len(placed) > 0
    collection = json.loads(out.read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection"
    focus = 0
    for feature, row, (doc_id, event) in zip(collection["features"], rows, placed, strict=True):
        assert feature["type"] == "Feature"
        assert feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        assert (round(lon, 4), round(lat, 4)) == (row["longitude"], row["latitude"])
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        props = feature["properties"]
        assert props["article_id"] == doc_id and props["event_id"] == event["id"]
        assert props["fatalities"] == event["fatalities"]
        own = event["location"] or {}
        if own.get("lat") is not None:
            assert (lon, lat) == (own["lon"], own["lat"]) and props["location_focus"] is None
            assert props["geo_precision"] == own["geo_precision"]
        else:
            focus += 1
            assert props["location_focus"] and props["geo_precision"] == 3
    assert focus > 0  # the examples hold events the text places only by its focus area


def acled_unplaced_of(examples: list[dict[str, Any]], doc_id: str) -> list[str]:
    return next(acled_unplaced(a) for a in examples if a["document"]["id"] == doc_id)


def test_geojson_puts_longitude_first() -> None:
    feature, unlocated = geojson_features(hand_built(), incident_ids={"event1": "incident-x"})
    # The event the text does not place stands at the report's focus area, and says so.
    focus = unlocated["properties"]
    assert focus["location_focus"] and focus["geo_precision"] == 3
    assert feature["geometry"]["coordinates"] == [-1.2803, 15.1172]
    assert feature["properties"]["incident_id"] == "incident-x"
    assert feature["properties"]["status"] == "disputed"
    assert [f["low"] for f in feature["properties"]["fatalities"]] == [40, 12, 9]


def test_empty_geojson_is_a_valid_collection() -> None:
    buffer = io.StringIO()
    assert write_geojson([], buffer) == 0
    assert json.loads(buffer.getvalue()) == {"type": "FeatureCollection", "features": []}


# --- Parquet ------------------------------------------------------------------------------


def _merged(analyses: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    merged: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLE_SCHEMAS
                                               if name not in INCIDENT_SCHEMAS}
    for analysis in analyses:
        for name, rows in table_rows(analysis).items():
            merged[name].extend(rows)
    return merged


def test_table_rows_match_their_schemas(examples: list[dict[str, Any]]) -> None:
    for analysis in [*examples, hand_built()]:
        text = analysis["document"]["text"]
        tables = table_rows(analysis)
        assert set(tables) == set(TABLE_SCHEMAS) - set(INCIDENT_SCHEMAS)
        for name, rows in tables.items():
            for row in rows:
                assert list(row) == TABLE_SCHEMAS[name].names
                assert row["article_id"] == analysis["document"]["id"]
        for row in tables["places"] + tables["entities"] + tables["rhetoric"]:
            assert text[row["start"]:row["end"]] == row["text"]
        for row in tables["claims"]:
            assert text[row["content_start"]:row["content_end"]] == row["content"]
        assert len(tables["fatalities"]) == sum(len(e["fatalities"]) for e in analysis["events"])


def test_parquet_events_are_placed_as_the_acled_rows(examples: list[dict[str, Any]]) -> None:
    clash, raid, forecast = table_rows(hand_built())["events"]
    assert (clash["location_name"], clash["geo_precision"], clash["location_focus"]) == (
        "Boulkessi", 1, None,
    )
    assert (raid["location_name"], raid["admin1"], raid["latitude"]) == ("Boulkessi", "Mopti",
                                                                         15.1172)
    assert raid["geo_precision"] == 3 and raid["place_id"] is None
    assert raid["location_focus"] == "a place named in its paragraph (Boulkessi)"
    assert forecast["location_focus"] == raid["location_focus"]
    for analysis in examples:
        features = {f["properties"]["event_id"]: f for f in geojson_features(analysis,
                                                                              include_expected=True)}
        for row in table_rows(analysis)["events"]:
            feature = features.get(row["event_id"])
            if feature is None:
                assert row["latitude"] is None
                continue
            assert feature["geometry"]["coordinates"] == [row["longitude"], row["latitude"]]
            assert feature["properties"]["location_focus"] == row["location_focus"]


def test_parquet_shards_read_back_and_concatenate(
    examples: list[dict[str, Any]], tmp_path: Path
) -> None:
    halves = [examples[: len(examples) // 2], [*examples[len(examples) // 2:], hand_built()]]
    expected = [_merged(half) for half in halves]
    # Shard 0 as whole tables; shard 1 one article at a time, as a one-pass export does.
    counts = write_parquet(expected[0], tmp_path / "shard0")
    assert counts == {name: len(rows) for name, rows in expected[0].items()}
    with ParquetTables(tmp_path / "shard1", expected[1], row_group_size=7) as writer:
        for analysis in halves[1]:
            writer.write(table_rows(analysis))
    assert writer.counts == {name: len(rows) for name, rows in expected[1].items()}
    for name, schema in TABLE_SCHEMAS.items():
        if name in INCIDENT_SCHEMAS:
            continue
        shards = [pq.read_table(tmp_path / f"shard{i}" / f"{name}.parquet") for i in range(2)]
        assert all(shard.schema.equals(schema) for shard in shards)
        combined = pa.concat_tables(shards)
        assert combined.to_pylist() == expected[0][name] + expected[1][name]


def test_parquet_streams_in_row_groups(tmp_path: Path) -> None:
    def entities() -> Iterator[dict[str, Any]]:
        for i in range(25):
            yield {"article_id": "a", "entity_id": f"ent{i}", "text": "Gao", "start": i,
                   "end": i + 3, "label": "GPE"}

    counts = write_parquet({"entities": entities(), "rhetoric": []}, tmp_path,
                           row_group_size=10)
    assert counts == {"entities": 25, "rhetoric": 0}
    entities_file = pq.ParquetFile(tmp_path / "entities.parquet")
    assert entities_file.metadata.num_row_groups == 3
    assert [r["start"] for r in entities_file.read().to_pylist()] == list(range(25))
    empty = pq.read_table(tmp_path / "rhetoric.parquet")
    assert empty.num_rows == 0 and empty.schema.equals(TABLE_SCHEMAS["rhetoric"])


def test_parquet_rejects_unknown_tables_and_columns(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown tables"):
        write_parquet({"weapons": []}, tmp_path)
    row = table_rows(hand_built())["entities"][0]
    with pytest.raises(ValueError, match="not in its schema"):
        write_parquet({"entities": [{**row, "score": 1.0}]}, tmp_path)
    with ParquetTables(tmp_path, ["entities"]) as writer, pytest.raises(ValueError):
        writer.write({"places": []})


def test_incident_tables(examples: list[dict[str, Any]], tmp_path: Path) -> None:
    incidents = pytest.importorskip("claimscope.incidents")
    reports = [
        incidents.Report(report_id=a["document"]["id"], analysis=a,
                         outlets=(a["document"]["publisher"] or "",))
        for a in examples
    ]
    found = incidents.link_incidents(reports)
    tables: dict[str, list[dict[str, Any]]] = {name: [] for name in INCIDENT_SCHEMAS}
    for incident in found:
        for name, rows in incident_rows(dataclasses.asdict(incident)).items():
            tables[name].extend(rows)
    assert len(tables["incidents"]) == len(found)
    assert sum(r["n_events"] for r in tables["incidents"]) == sum(
        len(a["events"]) for a in examples
    )
    write_parquet(tables, tmp_path)
    for name, rows in tables.items():
        assert pq.read_table(tmp_path / f"{name}.parquet").to_pylist() == rows


def test_incident_rows_of_a_hand_built_incident() -> None:
    quote = {"report_id": "r1", "text": "40 soldiers", "start": 10, "end": 21}
    incident = {
        "id": "incident-1", "events": [{"report_id": "r1", "event_id": "event1"},
                                       {"report_id": "r2", "event_id": "event3"}],
        "event_type": "Battles", "sub_event_type": "Armed clash", "location": _location(),
        "date": {"start": "2023-05-02", "end": "2023-05-02", "precision": "day"},
        "links": [{"a": {"report_id": "r1", "event_id": "event1"},
                   "b": {"report_id": "r2", "event_id": "event3"}, "score": 0.8,
                   "reasons": ["same place"]}],
        "claimants": [{"claimant": "JNIM", "kind": "armed_group", "outlets": ["Sahel Wire"],
                       "reports": ["r1"], "polarity": "affirms",
                       "figures": [{"low": 40, "high": None, "unit": "killed",
                                    "who": "soldiers", "quote": quote}],
                       "quotes": [quote]}],
        "spread": [{"unit": "killed", "victims": "state_forces", "min": 12, "max": 40,
                    "n_claimants": 2}],
        "contradiction": True, "contradiction_reasons": ["killed: 12 vs 40"],
    }
    rows = incident_rows(incident)
    (row,) = rows["incidents"]
    assert (row["n_events"], row["n_reports"]) == (2, 2)
    assert (row["latitude"], row["longitude"]) == (15.1172, -1.2803)
    assert row["contradiction"] is True
    (claimant,) = rows["incident_claimants"]
    assert claimant["figures"][0]["quote"] == quote
    for name, table in rows.items():
        assert all(list(r) == INCIDENT_SCHEMAS[name].names for r in table)


# --- JSON lines ---------------------------------------------------------------------------


def test_jsonl_round_trip(examples: list[dict[str, Any]], tmp_path: Path) -> None:
    records = [*examples, hand_built()]
    out = tmp_path / "analyses.jsonl"
    assert write_jsonl(iter(records), out) == len(records)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == records


# --- every ACLED row is placed ------------------------------------------------------------


def test_every_acled_row_of_the_examples_has_a_place(examples: list[dict[str, Any]]) -> None:
    """ACLED never codes an event without a location: an event the text does not place is
    coded at the report's focus area, at geo_precision 3, and the notes say so."""
    rows = [r for a in examples for r in acled_rows(a, timestamp=0)]
    assert len(rows) == sum(len(_acled_events(a)) for a in examples)
    for row in rows:
        assert row["latitude"] is not None and row["longitude"] is not None, row["notes"]
        assert row["country"] and row["location"], row["notes"]
    fallback = [r for r in rows if "focus area" in str(r["notes"])]
    assert all(r["geo_precision"] == 3 for r in fallback)
    # The ambush on the road between Boni and Hombori is coded in the Mopti region.
    sahel = next(a for a in examples if a["document"]["publisher"] == "Sahel Monitor")
    (ambush,) = [r for r in acled_rows(sahel) if r["sub_event_type"] == "Armed clash"]
    assert (ambush["country"], ambush["admin1"], ambush["geo_precision"]) == ("Mali", "Mopti", 3)


def test_the_focus_area_is_the_nearest_place_and_nothing_is_never_coded() -> None:
    analysis = hand_built()
    raid = acled_rows(analysis)[1]  # its sentence names no place; its paragraph does
    assert (raid["location"], raid["admin1"], raid["geo_precision"]) == ("Boulkessi", "Mopti", 3)
    assert "focus area" in str(raid["notes"]) and "paragraph" in str(raid["notes"])
    nowhere = {**analysis, "places": []}
    for event in nowhere["events"]:
        event["location"] = None
    assert acled_rows(nowhere) == [] and acled_unplaced(nowhere) == ["event1", "event2"]
    assert acled_unplaced(analysis) == []
