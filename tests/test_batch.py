"""Batch ingest: every format into the store, idempotent re-runs, and recovery from kill -9."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimscope.cli import app
from claimscope.config import Settings
from claimscope.corpus.batch import analyse_source, ingest
from claimscope.corpus.sources import RawDocument
from claimscope.pipeline import Analyzer
from claimscope.store import Analysed, Failed, Filters, Store
from tests.conftest import EXAMPLES

# Enough for a real batch, fast enough for the default run.
STAGES = ("language", "places", "claims", "events")


def _corpus(root: Path) -> Path:
    """Examples as files, the same articles again as JSON lines, one bad line, one binary file."""
    corpus = root / "corpus"
    corpus.mkdir()
    names = ["sahel-convoy-ambush.md", "yemen-airstrike.txt", "donbas-shelling.html"]
    for name in names:
        (corpus / name).write_bytes((EXAMPLES / name).read_bytes())
    lines = [
        json.dumps(
            {
                "text": (EXAMPLES / "myanmar-clashes.txt").read_text(encoding="utf-8"),
                "publisher": "Irrawaddy Wire",
                "published": "2024-02-03",
                "url": "https://example.org/myanmar",
            }
        ),
        "{not json",
        json.dumps({"html": (EXAMPLES / "gaza-strike-disputed.html").read_text(encoding="utf-8")}),
    ]
    (corpus / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (corpus / "blob.txt").write_bytes(bytes(range(256)) * 40)
    return corpus


def test_ingest_stores_each_document_once_and_records_failures(tmp_path: Path, db_url: str) -> None:
    corpus = _corpus(tmp_path)
    settings = Settings(stages=STAGES)
    with Store(db_url) as store:
        first = ingest([corpus], store, settings=settings, workers=1)
        counts = store.counts()
        failures = store.failures()
        myanmar = store.articles(Filters(source="Irrawaddy"))
        second = ingest([corpus], store, settings=settings, workers=1)
        assert store.counts() == counts
        assert not store.incidents_stale()
    assert (first.stored, first.failed) == (5, 2)
    assert counts["articles"] == 5 and counts["incidents"] > 0
    assert {f["reason"] for f in failures} == {"malformed_jsonl", "binary"}
    assert any(f["locator"].endswith("feed.jsonl#L2") for f in failures)
    assert len(myanmar) == 1 and myanmar[0]["published"] == "2024-02-03"
    assert (second.stored, second.reposts, second.skipped) == (0, 0, 5)


def test_two_worker_processes_store_what_one_does(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    settings = Settings(stages=STAGES)
    results = {}
    for workers in (1, 2):
        with Store(f"sqlite:///{tmp_path / f'w{workers}.db'}") as store:
            ingest([corpus], store, settings=settings, workers=workers)
            results[workers] = (
                store.counts(),
                [(r["id"], r["report_id"]) for r in store.articles()],
                [(e["article_id"], e["event_id"], e["sub_event_type"]) for e in store.events()],
            )
    assert results[1] == results[2]


def test_a_failing_document_does_not_stop_analysis(analyzer: Analyzer) -> None:
    bad = analyse_source(analyzer, RawDocument("x#1", "   \n  ", None))
    dated = analyse_source(analyzer, RawDocument("x#2", "Text.", "text", published="not a date"))
    good = analyse_source(
        analyzer,
        RawDocument(
            "x#3",
            "Gunmen killed two guards at a checkpoint near Gao on Monday, police said.",
            "text",
            title="Checkpoint attack",
            publisher="Wire",
            fetched="2024-05-08T10:00:00Z",
        ),
    )
    assert isinstance(bad, Failed) and bad.reason == "empty"
    assert isinstance(dated, Failed) and dated.reason == "bad_metadata"
    assert isinstance(good, Analysed)
    doc = good.analysis["document"]
    # The container's title, publisher and crawl date fill what the text lacks.
    assert (doc["title"], doc["publisher"], doc["published"]) == (
        "Checkpoint attack",
        "Wire",
        "2024-05-08",
    )
    assert good.analysis["events"][0]["date"]["start"] == "2024-05-06"


def _count(db: Path, table: str) -> int:
    with sqlite3.connect(db) as conn:
        try:
            return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
        except sqlite3.OperationalError:  # not migrated yet
            return 0


def test_kill_9_mid_batch_then_rerun_stores_everything_exactly_once(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    sources = sorted(p for p in EXAMPLES.glob("*-*.*") if p.suffix in (".md", ".txt"))
    # Distinct texts: each plain-text example under two datelines.
    for i, path in enumerate(sources * 2):
        text = path.read_text(encoding="utf-8")
        (corpus / f"{i:02d}-{path.name}").write_text(
            f"Dispatch {i}. " * (i + 1) + text, encoding="utf-8"
        )
    n = len(list(corpus.iterdir()))
    db = tmp_path / "store.db"
    url = f"sqlite:///{db}"
    command = [
        sys.executable,
        "-m",
        "claimscope",
        "ingest",
        str(corpus),
        "--db",
        url,
        "--workers",
        "1",
        "--quiet",
    ]
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    victim = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 300
    while _count(db, "articles") < 3:
        assert victim.poll() is None, victim.stderr.read().decode() if victim.stderr else ""
        assert time.monotonic() < deadline, "ingest made no progress"
        time.sleep(0.05)
    victim.send_signal(signal.SIGKILL)
    victim.wait()
    stored_before = _count(db, "articles")
    assert 3 <= stored_before < n

    rerun = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    with sqlite3.connect(db) as conn:
        locators = [row[0] for row in conn.execute("SELECT locator FROM articles")]
        orphans = conn.execute(
            "SELECT count(*) FROM claims WHERE article_id NOT IN (SELECT id FROM articles)"
        ).fetchone()[0]
        indexed = conn.execute("SELECT count(*) FROM articles_fts").fetchone()[0]
        unlinked = conn.execute("SELECT count(*) FROM events WHERE incident_id IS NULL").fetchone()[
            0
        ]
    assert sorted(locators) == sorted(set(locators)) and len(locators) == n
    assert orphans == 0 and indexed == n and unlinked == 0


def test_ingest_command_reports_and_lists_errors(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    runner = CliRunner()
    result = runner.invoke(app, ["ingest", str(corpus), "--db", db, "--workers", "1", "--quiet"])
    assert result.exit_code == 0, result.output
    assert "stored 5" in result.output and "failed 2" in result.output
    errors = runner.invoke(app, ["errors", "--db", db, "--json"])
    reasons = sorted(json.loads(line)["reason"] for line in errors.output.splitlines())
    assert reasons == ["binary", "malformed_jsonl"]
    events = runner.invoke(app, ["events", "--db", db, "--country", "ML", "--json"])
    rows = [json.loads(line) for line in events.output.splitlines()]
    assert rows and all(r["country_code"] == "ML" for r in rows)
    # The convoy ambush's claimants disagree (at least 40 vs 12 soldiers killed): the
    # contradiction table shows each claimant's own figure.
    table = runner.invoke(
        app, ["incidents", "--db", db, "--contradictions"], env={"COLUMNS": "300"}
    )
    assert "claimants' figures" in table.output
    assert "≥40 soldiers killed" in table.output and "12 soldiers killed" in table.output
    bad = runner.invoke(app, ["events", "--db", db, "--country", "Atlantis"])
    assert bad.exit_code == 2 and "unknown country" in bad.output


def test_events_listing_marks_places_found_by_the_focus_area(tmp_path: Path) -> None:
    """The raid and the forecast of the hand-built report are placed by their paragraph: the
    table says so after the place; the clash, placed by its own text, is not marked."""
    from claimscope import reposts
    from tests.test_exports import hand_built

    analysis = hand_built()
    text = analysis["document"]["text"]
    db = f"sqlite:///{tmp_path / 'focus.db'}"
    with Store(db) as store:
        signature = reposts.to_bytes(reposts.signature(text))
        store.add(Analysed("hand-built.json", "f" * 64, analysis, signature))
    runner = CliRunner()
    table = runner.invoke(app, ["events", "--db", db], env={"COLUMNS": "300"})
    assert table.exit_code == 0, table.output
    lines = [line for line in table.output.splitlines() if "Boulkessi" in line]
    marked = [line for line in lines if "Boulkessi (report's focus area)" in line]
    assert len(lines) == 3 and len(marked) == 2
    assert all("Armed clash" not in line for line in marked)
    rows = runner.invoke(app, ["events", "--db", db, "--json"]).output.splitlines()
    focus = {r["event_id"]: r["location_focus"] for r in map(json.loads, rows)}
    assert focus == {
        "event1": None,
        "event2": "a place named in its paragraph (Boulkessi)",
        "event3": "a place named in its paragraph (Boulkessi)",
    }


@pytest.mark.parametrize(
    "payload", ["[bold red]Daily[/] Mail", "[link=https://evil.example]x[/link]"]
)
def test_tables_print_untrusted_text_verbatim(tmp_path: Path, payload: str) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.jsonl").write_text(
        json.dumps(
            {"text": "Militants attacked a police post in Gao on Monday.", "publisher": payload}
        )
        + "\n",
        encoding="utf-8",
    )
    db = f"sqlite:///{tmp_path / 'x.db'}"
    runner = CliRunner()
    assert (
        runner.invoke(
            app, ["ingest", str(corpus), "--db", db, "--workers", "1", "--quiet"]
        ).exit_code
        == 0
    )
    shown = runner.invoke(app, ["articles", "--db", db], env={"COLUMNS": "200"})
    # Rich markup in article metadata is printed, not interpreted.
    assert payload in shown.output


def _wire_feed(path: Path) -> Path:
    """One story carried word for word by outlets A, B and C, and by D under a new headline."""
    text = (EXAMPLES / "myanmar-clashes.txt").read_text(encoding="utf-8")
    headline, rest = text.split("\n", 1)
    lines = [
        {"text": text, "publisher": f"Outlet {x}", "url": f"https://{x.lower()}.example/story",
         "title": headline, "published": "2024-02-03"}
        for x in "ABC"
    ]
    lines.append({"text": "Fighting flares near Hpakant jade mines\n" + rest,
                  "publisher": "Outlet D", "url": "https://d.example/story",
                  "title": "Fighting flares near Hpakant", "published": "2024-02-03"})
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


def test_verbatim_copies_from_several_outlets_are_all_kept(tmp_path: Path, db_url: str) -> None:
    feed = _wire_feed(tmp_path / "wire.jsonl")
    settings = Settings(stages=STAGES)
    with Store(db_url) as store:
        first = ingest([feed], store, settings=settings, workers=1)
        counts = store.counts()
        rows = store.articles()
        copies = {a["id"]: store.copies(a["id"]) for a in rows}
        (outlets,) = [o for _, o in store.iter_reports()]
        again = ingest([feed], store, settings=settings, workers=1)
        assert store.counts() == counts
    assert (first.stored, first.reposts, first.skipped) == (1, 3, 0)
    assert counts["articles"] == 4 and counts["reports"] == 1
    assert {r["publisher"] for r in rows} == {"Outlet A", "Outlet B", "Outlet C", "Outlet D"}
    assert len({r["url"] for r in rows}) == len({r["locator"] for r in rows}) == 4
    assert len({r["id"] for r in rows}) == 4 and [r["copies"] for r in rows] == [4] * 4
    assert outlets == ["Outlet A", "Outlet B", "Outlet C", "Outlet D"]
    # Every copy lists all four, with its locator; the verbatim ones at similarity 1.
    for listed in copies.values():
        assert [c["locator"] for c in listed] == [f"{feed.as_posix()}#L{i}" for i in (1, 2, 3, 4)]
        assert [c["repost_similarity"] for c in listed][:3] == [None, 1.0, 1.0]
    # Each copy's stored analysis is its own: its outlet, on the shared text.
    for row in rows:
        with Store(db_url) as store:
            analysis = store.analysis(row["id"])
        assert analysis is not None and analysis["document"]["publisher"] == row["publisher"]
    assert (again.stored, again.reposts, again.skipped) == (0, 0, 4)


def test_the_same_file_at_two_paths_is_two_copies(tmp_path: Path, db_url: str) -> None:
    article = (EXAMPLES / "yemen-airstrike.txt").read_bytes()
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "yemen.txt").write_bytes(article)
    settings = Settings(stages=STAGES)
    with Store(db_url) as store:
        first = ingest([tmp_path / "a", tmp_path / "b"], store, settings=settings, workers=1)
        rows = store.articles()
        again = ingest([tmp_path / "b"], store, settings=settings, workers=1)
        counts = store.counts()
    assert (first.stored, first.reposts) == (1, 1)
    assert [r["locator"] for r in rows] == [(tmp_path / f / "yemen.txt").as_posix() for f in "ab"]
    assert (counts["articles"], counts["reports"]) == (2, 1) and again.skipped == 1


def test_the_same_ingest_from_another_directory_stores_nothing_twice(
    tmp_path: Path, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "crawl").mkdir()
    (tmp_path / "crawl" / "yemen.txt").write_bytes((EXAMPLES / "yemen-airstrike.txt").read_bytes())
    _wire_feed(tmp_path / "crawl" / "wire.jsonl")
    settings = Settings(stages=STAGES)
    monkeypatch.chdir(tmp_path)
    with Store(db_url) as store:
        first = ingest([Path("crawl")], store, settings=settings, workers=1)
        counts = store.counts()
        monkeypatch.chdir(tmp_path / "crawl")
        again = ingest([Path("."), tmp_path / "crawl"], store, settings=settings, workers=1)
        assert store.counts() == counts
    assert first.stored + first.reposts == 5
    # Both spellings of the folder are read, and each of their ten inputs is known.
    assert (again.stored, again.reposts, again.skipped) == (0, 0, 10)
