"""The store on SQLite and PostgreSQL: migrations, idempotent writes, reposts, queries, search."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from claimscope import reposts
from claimscope.output import to_analysis
from claimscope.pipeline import Analyzer
from claimscope.store import Analysed, Failed, Filters, Store
from claimscope.store.tables import metadata
from tests.conftest import EXAMPLES

ARTICLES = ("sahel-convoy-ambush.md", "yemen-airstrike.txt", "donbas-shelling.html")


def _analysed(analysis: dict[str, Any], locator: str) -> Analysed:
    text = analysis["document"]["text"]
    return Analysed(
        locator=locator,
        raw_hash=hashlib.sha256(text.encode()).hexdigest(),
        analysis=analysis,
        minhash=reposts.to_bytes(reposts.signature(text)),
    )


@pytest.fixture(scope="module")
def analyses(analyzer: Analyzer) -> dict[str, dict[str, Any]]:
    return {
        name: to_analysis(analyzer.analyze((EXAMPLES / name).read_bytes(), source_name=name))
        for name in ARTICLES
    }


def _repost_of(analysis: dict[str, Any]) -> dict[str, Any]:
    """The same report under another masthead, with a line of its own."""
    copy = json.loads(json.dumps(analysis))
    text = copy["document"]["text"] + "\n\nRepublished with permission. All rights reserved."
    copy["document"].update(text=text, id=hashlib.sha256(text.encode()).hexdigest()[:16])
    copy["document"]["publisher"] = "Copy Desk Daily"
    return copy


def test_migrated_schema_matches_the_tables(db_url: str) -> None:
    with Store(db_url) as store, store.engine.connect() as conn:
        context = MigrationContext.configure(
            conn,
            opts={
                # The full-text machinery is dialect-specific and lives in the migration only.
                "include_name": lambda name, kind, _parent: (
                    not (kind == "table" and name is not None and "_fts" in name)
                ),
                "include_object": lambda _obj, name, kind, _reflected, _compare_to: (
                    not (kind == "column" and name == "tsv")
                    and not (kind == "index" and name is not None and name.endswith("_tsv"))
                ),
            },
        )
        diff = compare_metadata(context, metadata)
    assert diff == []


def test_add_is_idempotent_and_keeps_offsets(
    db_url: str, analyses: dict[str, dict[str, Any]]
) -> None:
    with Store(db_url) as store:
        outcomes = [store.add(_analysed(a, name)) for name, a in analyses.items()]
        again = [store.add(_analysed(a, name)) for name, a in analyses.items()]
        counts = store.counts()
        claims = store.claims(Filters(limit=1000))
        texts = {a["document"]["id"]: a["document"]["text"] for a in analyses.values()}
    assert outcomes == ["stored"] * 3
    assert again == ["duplicate"] * 3
    assert counts["articles"] == counts["reports"] == 3
    assert counts["events"] == sum(len(a["events"]) for a in analyses.values())
    assert claims and all(
        texts[c["article_id"]][c["content_start"] : c["content_end"]] == c["content"]
        for c in claims
    )


def test_reposts_are_one_report_and_do_not_inflate_events(
    db_url: str, analyses: dict[str, dict[str, Any]]
) -> None:
    sahel = analyses["sahel-convoy-ambush.md"]
    with Store(db_url) as store:
        assert store.add(_analysed(sahel, "sahel.md")) == "stored"
        assert store.add(_analysed(_repost_of(sahel), "copy.md")) == "repost"
        counts = store.counts()
        rows = store.articles()
        (outlets,) = [o for _, o in store.iter_reports()]
    assert counts["articles"] == 2 and counts["reports"] == 1
    assert counts["events"] == len(sahel["events"])
    assert {r["report_id"] for r in rows} == {sahel["document"]["id"]}
    assert [r["copies"] for r in rows] == [2, 2]
    assert "Copy Desk Daily" in outlets


def test_different_reports_of_one_incident_are_not_reposts(
    db_url: str, analyses: dict[str, dict[str, Any]]
) -> None:
    with Store(db_url) as store:
        for name, analysis in analyses.items():
            store.add(_analysed(analysis, name))
        assert store.counts()["reports"] == 3


def test_filters(db_url: str, analyses: dict[str, dict[str, Any]]) -> None:
    with Store(db_url) as store:
        for name, analysis in analyses.items():
            store.add(_analysed(analysis, name))
        mali = store.events(Filters(country="Mali"))
        by_code = store.events(Filters(country="ml"))
        yemen = store.events(Filters(country="YE"))
        nowhere = store.events(Filters(country="IS"))
        before = store.events(Filters(until="1999-12-31"))
        air = store.events(Filters(event_type="Air/drone strike"))
        by_source = store.events(Filters(source="Diarra"))
        claims_by_source = store.claims(Filters(source="Diarra"))
        # For articles, `source` is the outlet and the dates are publication dates, also when
        # an event filter is given: the event must match the place, not those.
        outlet_in_mali = store.articles(Filters(source="Sahel Monitor", country="ML"))
        published_in_2022 = store.articles(Filters(since="2022-09-14", country="ML"))
    assert mali and mali == by_code
    assert all(e["country_code"] == "ML" for e in mali)
    assert yemen and all(e["country_code"] == "YE" for e in yemen)
    assert nowhere == [] and before == []
    assert air and all(e["sub_event_type"] == "Air/drone strike" for e in air)
    assert by_source and all(
        any("Diarra" in f["source"] for f in e["claimant_fatalities"]) for e in by_source
    )
    assert claims_by_source and all("Diarra" in (c["source"] or "") for c in claims_by_source)
    assert [a["publisher"] for a in outlet_in_mali] == ["Sahel Monitor"]
    assert [a["publisher"] for a in published_in_2022] == ["Sahel Monitor"]


@pytest.mark.parametrize(
    "query", ['convoy "ambush', "NEAR(convoy", "convoy* OR -", "'; DROP TABLE articles; --"]
)
def test_full_text_search_takes_any_user_text(
    db_url: str, analyses: dict[str, dict[str, Any]], query: str
) -> None:
    with Store(db_url) as store:
        for name, analysis in analyses.items():
            store.add(_analysed(analysis, name))
        found = store.articles(Filters(search=query))
        assert store.counts()["articles"] == 3
    titles = [r["title"] for r in found]
    if "convoy" in query:
        assert len(found) == 1 and "Convoy" in (titles[0] or "")
    else:
        assert found == []


def test_failures_are_recorded_once_and_cleared_by_success(
    db_url: str, analyses: dict[str, dict[str, Any]]
) -> None:
    sahel = analyses["sahel-convoy-ambush.md"]
    with Store(db_url) as store:
        store.add_failure(Failed("a.bin", "binary", "NUL bytes"))
        store.add_failure(Failed("a.bin", "binary", "NUL bytes again"))
        store.add_failure(Failed("sahel.md", "analysis_error", "transient"))
        store.add(_analysed(sahel, "sahel.md"))
        rows = store.failures()
    assert [(r["locator"], r["message"]) for r in rows] == [("a.bin", "NUL bytes again")]


def test_relink_puts_every_event_in_one_incident(
    db_url: str, analyses: dict[str, dict[str, Any]]
) -> None:
    with Store(db_url) as store:
        for name, analysis in analyses.items():
            store.add(_analysed(analysis, name))
        assert store.incidents_stale()
        first = store.relink()
        ids = store.incident_ids()
        second = store.relink()
        assert store.incident_ids() == ids
        assert not store.incidents_stale()
        incidents = store.incidents(Filters(limit=1000))
        counts = store.counts()
    assert first == second == counts["incidents"] == len(incidents)
    assert sum(len(by_event) for by_event in ids.values()) == counts["events"]
    assert sum(i["n_events"] for i in incidents) == counts["events"]


def test_database_url_errors_are_clear(tmp_path: Path) -> None:
    from claimscope.errors import ConfigError

    with pytest.raises(ConfigError, match="unsupported database"):
        Store("mysql://localhost/x")
    with pytest.raises(ConfigError, match="not a database URL"):
        Store("::nonsense::")


def test_a_store_from_before_verbatim_copies_upgrades_and_keeps_them(
    db_url: str, analyses: dict[str, dict[str, Any]]
) -> None:
    """0001 stored one row per text; 0002 keeps each row's document id, and a re-run of the
    same locator is still a no-op while the same text from another input becomes a copy."""
    from importlib.resources import files

    from alembic import command
    from alembic.config import Config

    from claimscope.store import create_store_engine

    sahel = analyses["sahel-convoy-ambush.md"]
    engine = create_store_engine(db_url)
    config = Config()
    config.set_main_option("script_location", str(files("claimscope.store") / "migrations"))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
        row = _analysed(sahel, "sahel.md")
        conn.execute(
            metadata.tables["articles"].insert().values(
                id=sahel["document"]["id"], raw_hash="0" * 64, locator="sahel.md",
                report_id=sahel["document"]["id"], text=sahel["document"]["text"],
                analysis=json.dumps(sahel), schema_version="1", minhash=row.minhash,
                ingested_at="2026-01-01T00:00:00+00:00",
            )
        )
    engine.dispose()
    with Store(db_url) as store:
        rerun = store.add(row)
        copy = store.add(_analysed(sahel, "elsewhere/sahel.md"))
        rows = store.articles()
    assert (rerun, copy) == ("duplicate", "repost")
    assert [r["locator"] for r in rows] == ["sahel.md", "elsewhere/sahel.md"]
    assert {r["report_id"] for r in rows} == {sahel["document"]["id"]}


def _migrations() -> Any:
    from importlib.resources import files

    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(files("claimscope.store") / "migrations"))
    return config


def test_an_event_the_text_does_not_place_is_stored_at_the_focus_area(db_url: str) -> None:
    """The raid's sentence names no place, its paragraph does: stored there, at precision 3,
    and the row says how; the clash has its own place and no `location_focus`."""
    from tests.test_exports import hand_built

    analysis = hand_built()
    with Store(db_url) as store:
        store.add(_analysed(analysis, "hand-built.json"))
        rows = {r["event_id"]: r for r in store.events(Filters(country="Mali"))}
    assert set(rows) == {"event1", "event2", "event3"}
    clash, raid = rows["event1"], rows["event2"]
    assert (clash["location"], clash["geo_precision"], clash["location_focus"]) == (
        "Boulkessi", 1, None,
    )
    assert (raid["location"], raid["admin1"], raid["country_code"]) == ("Boulkessi", "Mopti", "ML")
    assert (raid["latitude"], raid["longitude"], raid["geo_precision"]) == (15.1172, -1.2803, 3)
    assert raid["location_focus"] == "a place named in its paragraph (Boulkessi)"


def test_upgrade_re_places_old_rows_and_downgrade_puts_them_back(db_url: str) -> None:
    """A store at 0002 holds the raid without a place; 0003 places it at the focus area from
    the stored analysis, and downgrading to 0002 restores the row and drops the column."""
    from alembic import command
    from sqlalchemy import inspect, select

    from claimscope.store import create_store_engine, location_columns
    from tests.test_exports import hand_built

    analysis = hand_built()
    doc = analysis["document"]
    events = metadata.tables["events"]
    old_rows = [
        {"article_id": doc["id"], "event_id": e["id"], "event_type": e["event_type"],
         "sub_event_type": e["sub_event_type"], "status": e["status"],
         "location": (e["location"] or {}).get("name"),
         "country_code": (e["location"] or {}).get("country_code"),
         "admin1": (e["location"] or {}).get("admin1"),
         "latitude": (e["location"] or {}).get("lat"),
         "longitude": (e["location"] or {}).get("lon"),
         "geo_precision": (e["location"] or {}).get("geo_precision"),
         "fatalities": e["fatalities_conservative"], "evidence_start": 0, "evidence_end": 1}
        for e in analysis["events"]
    ]
    engine = create_store_engine(db_url)
    config = _migrations()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0002")
        conn.execute(
            metadata.tables["articles"].insert().values(
                id=doc["id"], document_id=doc["id"], raw_hash="0" * 64, locator="old.json",
                report_id=doc["id"], text=doc["text"], analysis=json.dumps(analysis),
                schema_version="1", minhash=_analysed(analysis, "old.json").minhash,
                ingested_at="2026-01-01T00:00:00+00:00",
            )
        )
        conn.execute(events.insert(), old_rows)
        conn.execute(
            metadata.tables["incidents"].insert().values(
                id="incident-old", n_reports=1, n_events=1, contradiction=False, record="{}",
            )
        )
    engine.dispose()

    def placed() -> dict[str, tuple[Any, ...]]:
        columns = ["location", "admin1", "latitude", "geo_precision"]
        with engine.connect() as conn:
            has_focus = "location_focus" in {
                c["name"] for c in inspect(conn).get_columns("events")
            }
            wanted = [events.c[c] for c in columns]
            if has_focus:
                wanted.append(events.c.location_focus)
            rows = conn.execute(select(events.c.event_id, *wanted)).all()
        return {row[0]: tuple(row[1:]) for row in rows}

    assert placed()["event2"] == (None, None, None, None)
    with Store(db_url) as store:  # migrates to the newest revision
        listed = {r["event_id"]: r for r in store.events()}
        # Incidents are derived: the next relink places them by the same rule.
        assert store.incidents_stale()
        store.relink()
        by_event = {ref["event_id"]: i for i in store.incidents() for ref in i["record"]["events"]}
    assert by_event["event2"]["location_focus"] == "a place named in its paragraph (Boulkessi)"
    assert by_event["event1"]["location_focus"] is None
    after = placed()
    assert after["event2"] == (
        "Boulkessi", "Mopti", 15.1172, 3, "a place named in its paragraph (Boulkessi)",
    )
    assert after["event1"] == ("Boulkessi", "Mopti", 15.1172, 1, None)
    # The forecast is placed by the same rule as a fresh ingest places it.
    forecast = analysis["events"][2]
    assert listed["event3"]["location_focus"] == location_columns(forecast, analysis)[
        "location_focus"
    ]
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0002")
    with engine.connect() as conn:
        assert "location_focus" not in {c["name"] for c in inspect(conn).get_columns("events")}
    assert placed() == {e: row[:4] for e, row in after.items()} | {
        "event2": (None, None, None, None), "event3": (None, None, None, None),
    }
    engine.dispose()
