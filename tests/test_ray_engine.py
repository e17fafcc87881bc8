"""The Ray engine on a real local cluster: same records as local ingest, resume, a killed worker."""

from __future__ import annotations

import io
import json
import logging
import os
import signal
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ray = pytest.importorskip("ray", reason="ray is an optional extra: pip install claimscope[ray]")

import pyarrow.parquet as pq  # type: ignore[import-untyped,unused-ignore]  # noqa: E402
from warcio.statusandheaders import (  # type: ignore[import-untyped,unused-ignore]  # noqa: E402
    StatusAndHeaders,
)
from warcio.warcwriter import WARCWriter  # type: ignore[import-untyped,unused-ignore]  # noqa: E402

from claimscope.config import Settings  # noqa: E402
from claimscope.corpus import load as run_load  # noqa: E402
from claimscope.corpus import ray_engine  # noqa: E402
from claimscope.corpus.batch import ingest  # noqa: E402
from claimscope.exports import TABLE_SCHEMAS  # noqa: E402
from claimscope.store import Filters, Store  # noqa: E402
from tests.conftest import EXAMPLES  # noqa: E402

STAGES = ("language", "places", "claims", "events")
INCIDENTS = EXAMPLES / "incidents"
# The shard the test kills its worker on: several articles, so it is mid-shard for seconds.
KILLED = "wire.jsonl"
LATE = "late.jsonl"


def _warc(path: Path, *, gz: bool, pages: list[tuple[str, str, bytes]]) -> None:
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gz)
        for url, status, payload in pages:
            http = StatusAndHeaders(
                status, [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                url, "response", payload=io.BytesIO(payload), http_headers=http
            )
            writer.write_record(record)


def _jsonl(path: Path, lines: list[dict[str, str] | str]) -> None:
    text = "".join((x if isinstance(x, str) else json.dumps(x)) + "\n" for x in lines)
    path.write_text(text, encoding="utf-8")


def _corpus(root: Path) -> Path:
    """Two WARC shards (one gzipped), two JSONL shards, a binary file; a repost across shards."""
    corpus = root / "corpus"
    corpus.mkdir()
    _warc(corpus / "crawl-a.warc.gz", gz=True, pages=[
        ("https://news.example.org/donbas", "200 OK",
         (EXAMPLES / "donbas-shelling.html").read_bytes()),
        ("https://news.example.org/gone", "404 Not Found", b"<html>gone</html>"),
        ("https://news.example.org/menaka-repost", "200 OK",
         (INCIDENTS / "menaka-state-repost.html").read_bytes()),
        ("https://news.example.org/blob", "200 OK", bytes(range(256)) * 40),
    ])
    _warc(corpus / "crawl-b.warc", gz=False, pages=[
        ("https://wire.example.net/gaza", "200 OK",
         (EXAMPLES / "gaza-strike-disputed.html").read_bytes()),
    ])
    _jsonl(corpus / KILLED, [
        {"text": (INCIDENTS / "menaka-state.md").read_text(encoding="utf-8"),
         "publisher": "Sahel State Radio", "published": "2024-05-02"},
        {"text": (EXAMPLES / "yemen-airstrike.txt").read_text(encoding="utf-8")},
        "{not json",
        {"text": (INCIDENTS / "arbinda-wire.txt").read_text(encoding="utf-8"),
         "url": "https://wire.example.net/arbinda"},
        {"text": (INCIDENTS / "arbinda-wire-repost.md").read_text(encoding="utf-8")},
    ])
    myanmar = (EXAMPLES / "myanmar-clashes.txt").read_text(encoding="utf-8")
    # The same text from a second outlet: a verbatim copy, kept with its own outlet and URL.
    _jsonl(corpus / LATE, [
        {"text": myanmar, "published": "2024-02-03"},
        {"text": myanmar, "published": "2024-02-03", "publisher": "Second Wire",
         "url": "https://second.example/myanmar"},
    ])
    (corpus / "scan.txt").write_bytes(bytes(range(256)) * 40)
    return corpus


@dataclass
class Runs:
    corpus: Path
    out: Path
    first: ray_engine.RunSummary
    second: ray_engine.RunSummary
    again: ray_engine.RunSummary
    killed_pid: int | None
    markers_before: dict[str, int]  # marker file -> mtime_ns after the first run
    local_db: str
    ray_db: str
    loaded: dict[str, int]
    reloaded: dict[str, int]


@pytest.fixture(scope="module")
def cluster() -> Iterator[None]:
    ray.init(num_cpus=2, include_dashboard=False, logging_level=logging.ERROR, log_to_driver=False)
    ray.data.DataContext.get_current().enable_progress_bars = False
    yield
    ray.shutdown()


def _kill_when_started(out: Path, key_prefix: str, done: threading.Event) -> int | None:
    """SIGKILL the worker process as soon as it is writing the shard `key_prefix`."""
    stage = out / "_tmp"
    while not done.is_set():
        for entry in stage.glob(f"{key_prefix}-*") if stage.is_dir() else ():
            pid = int(entry.name.rsplit(".", 2)[-2])
            os.kill(pid, signal.SIGKILL)
            return pid
        time.sleep(0.01)
    return None


@pytest.fixture(scope="module")
def runs(cluster: None, tmp_path_factory: pytest.TempPathFactory) -> Runs:
    root = tmp_path_factory.mktemp("ray")
    corpus = _corpus(root)
    out = root / "out"
    settings = Settings(stages=STAGES)
    early = sorted(p for p in corpus.iterdir() if p.name != LATE)

    # First run without the late shard, with a worker killed in the middle of one shard.
    result: dict[str, ray_engine.RunSummary] = {}
    done = threading.Event()

    def first_run() -> None:
        try:
            result["first"] = ray_engine.run(early, out, settings=settings, workers=2)
        finally:
            done.set()

    thread = threading.Thread(target=first_run)
    thread.start()
    killed = _kill_when_started(out, KILLED, done)
    thread.join(timeout=600)
    markers = {p.name: p.stat().st_mtime_ns for p in (out / "_done").iterdir()}

    # The whole corpus: only the late shard is new; then nothing is.
    second = ray_engine.run([corpus], out, settings=settings, workers=1)
    again = ray_engine.run([corpus], out, settings=settings, workers=1)

    local_db, ray_db = f"sqlite:///{root / 'local.db'}", f"sqlite:///{root / 'ray.db'}"
    with Store(local_db) as store:
        ingest([corpus], store, settings=settings, workers=1)
    with Store(ray_db) as store:
        loaded = run_load.load(out, store)
        reloaded = run_load.load(out, store)
    return Runs(corpus, out, result["first"], second, again, killed, markers,
                local_db, ray_db, loaded, reloaded)


def _records(url: str) -> dict[str, Any]:
    everything = Filters(limit=100_000)
    with Store(url) as store:
        ids = sorted(a["id"] for a in store.articles())
        return {
            "counts": store.counts(),
            "ids": ids,
            "reports": sorted((a["id"], a["report_id"]) for a in store.articles()),
            "analyses": {i: store.analysis(i) for i in ids},
            "events": store.events(everything),
            "claims": store.claims(everything),
            "failures": sorted((f["locator"], f["reason"]) for f in store.failures()),
        }


def test_ray_run_and_load_store_what_local_ingest_stores(runs: Runs) -> None:
    local, distributed = _records(runs.local_db), _records(runs.ray_db)
    assert local["counts"]["articles"] == 9 and local["counts"]["events"] > 0
    assert local["counts"]["claims"] > 0
    # The repost across shards is grouped the same way: the first copy is the report.
    assert len({r for _, r in local["reports"]}) < len(local["reports"])
    for key in ("ids", "reports", "analyses", "events", "claims", "failures", "counts"):
        assert distributed[key] == local[key], key
    assert {reason for _, reason in local["failures"]} == {"malformed_jsonl", "binary"}
    assert runs.loaded["stored"] + runs.loaded["reposts"] == 9
    with Store(runs.ray_db) as store:
        assert "Second Wire" in {a["publisher"] for a in store.articles()}
    assert runs.loaded["failed"] == 3


def test_loading_a_run_twice_adds_nothing(runs: Runs) -> None:
    assert runs.reloaded["stored"] == runs.reloaded["reposts"] == 0
    assert runs.reloaded["skipped"] == 9


def test_parquet_tables_have_the_export_schemas(runs: Runs) -> None:
    keys = [ray_engine.shard_key(p.as_posix()) for p in sorted(runs.corpus.iterdir())]
    for table, schema in ray_engine.OUTPUT_SCHEMAS.items():
        files = sorted((runs.out / table).glob("*.parquet"))
        assert [f.stem for f in files] == sorted(keys), table
        for f in files:
            assert pq.read_schema(f).equals(schema), (table, f.name)
    assert set(TABLE_SCHEMAS) - set(ray_engine.OUTPUT_SCHEMAS) == {
        "incidents", "incident_claimants"
    }
    errors = pq.read_table(runs.out / "errors").to_pylist()
    assert {(Path(e["locator"].split("#")[0]).name, e["reason"]) for e in errors} == {
        ("crawl-a.warc.gz", "binary"), (KILLED, "malformed_jsonl"), ("scan.txt", "binary")
    }
    articles = pq.read_table(runs.out / "articles").to_pylist()
    for row in articles:
        assert row["text"][row["body_start"]:row["body_end"]].strip()


def test_resumed_run_processes_only_unfinished_shards(runs: Runs) -> None:
    assert (runs.first.shards, runs.first.processed, runs.first.resumed) == (4, 4, 0)
    assert (runs.second.shards, runs.second.processed, runs.second.resumed) == (5, 1, 4)
    assert runs.second.documents == 2
    assert (runs.again.processed, runs.again.resumed) == (0, 5)
    after = {p.name: p.stat().st_mtime_ns for p in (runs.out / "_done").iterdir()}
    assert {k: after[k] for k in runs.markers_before} == runs.markers_before
    assert len(after) == 5
    assert not any((runs.out / "_tmp").iterdir())


def test_killed_worker_shard_is_retried(runs: Runs) -> None:
    assert runs.killed_pid is not None, "the shard finished before the test could kill it"
    marker = json.loads(
        (runs.out / "_done" / f"{ray_engine.shard_key((runs.corpus / KILLED).as_posix())}.json")
        .read_text(encoding="utf-8")
    )
    assert marker["pid"] != runs.killed_pid  # written by the restarted actor
    assert (marker["documents"], marker["failed"]) == (4, 1)
    assert runs.first.documents == 7 and all(
        rss > 50 for rss in runs.first.worker_peak_rss_mb.values()
    )


def test_shard_keys_are_stable_and_distinct() -> None:
    a = ray_engine.shard_key("crawl/2024/01/CC-NEWS-0001.warc.gz")
    assert a == ray_engine.shard_key("crawl/2024/01/CC-NEWS-0001.warc.gz")
    assert a != ray_engine.shard_key("crawl/2024/02/CC-NEWS-0001.warc.gz")
    assert a.startswith("CC-NEWS-0001.warc.gz-")
    assert "/" not in ray_engine.shard_key("a b/..//ä?.jsonl")
