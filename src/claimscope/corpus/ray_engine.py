"""The Ray engine: the ingest pipeline over a Ray cluster, one input file per shard, to Parquet.

Ray Data carries the list of shards to an actor pool; each actor loads one `Analyzer` when
it starts and then, per shard, streams the file's records through `iter_sources` and the
same per-document function as local ingest (`batch.analyse_source`). A shard's rows go to
`<out>/<table>/<shard-key>.parquet` (the export tables of `exports.TABLE_SCHEMAS` plus the
`analyses` and `errors` tables of `corpus.load`), staged under `_tmp/` and moved into place,
and its marker `_done/<shard-key>.json` is written last: a shard with a marker is skipped by
the next run, one without is redone whole. Ray restarts a killed actor and retries its
shard. This is the only module that imports ray, and only inside `run`.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import resource
import time
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]
import pyarrow.parquet as pq  # type: ignore[import-untyped,unused-ignore]

from claimscope.config import Settings
from claimscope.corpus.batch import analyse_source, raw_hash
from claimscope.corpus.load import (
    ANALYSES,
    ERRORS,
    MANIFEST,
    RUN_SCHEMAS,
    TMP_DIR,
    RunDir,
)
from claimscope.corpus.sources import ReadFailure, iter_files, iter_sources, path_locator
from claimscope.errors import ConfigError
from claimscope.exports import INCIDENT_SCHEMAS, TABLE_SCHEMAS, table_rows
from claimscope.pipeline import Analyzer
from claimscope.store import Failed

__all__ = [
    "OUTPUT_SCHEMAS",
    "RunSummary",
    "Shard",
    "ShardActor",
    "list_shards",
    "process_shard",
    "run",
    "shard_key",
]

# Per-article export tables; incidents span articles and are linked after loading.
ARTICLE_TABLES: tuple[str, ...] = tuple(t for t in TABLE_SCHEMAS if t not in INCIDENT_SCHEMAS)
OUTPUT_SCHEMAS: dict[str, pa.Schema] = {
    **{t: TABLE_SCHEMAS[t] for t in ARTICLE_TABLES},
    **RUN_SCHEMAS,
}
# Rows buffered per table before a row group is written: bounds an actor's memory on a
# large WARC shard (the analysis JSON of one article is tens of kB).
ROW_GROUP = 1_000
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True, slots=True)
class Shard:
    """One input file (or an input that cannot be listed, which becomes error rows)."""

    key: str
    path: str


@dataclass(slots=True)
class RunSummary:
    shards: int = 0
    resumed: int = 0  # complete before this run, not processed again
    processed: int = 0
    documents: int = 0  # analysed documents written
    failed: int = 0
    reasons: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    # Actor pid -> peak resident memory in MB, as each actor last reported it.
    worker_peak_rss_mb: dict[int, float] = field(default_factory=dict)


def shard_key(locator: str) -> str:
    """Stable across runs for the same input path, unique within a run, safe as a file name."""
    name = _UNSAFE.sub("_", PurePosixPath(locator).name)[:80] or "input"
    return f"{name}-{hashlib.sha1(locator.encode('utf-8')).hexdigest()[:12]}"


def list_shards(paths: Sequence[Path]) -> list[Shard]:
    """One shard per file under `paths`, in `iter_sources` order and by its listing rules."""
    shards: list[Shard] = []
    seen: set[str] = set()
    for item in iter_files(paths):
        locator = item.locator if isinstance(item, ReadFailure) else path_locator(item)
        if locator not in seen:
            seen.add(locator)
            shards.append(Shard(shard_key(locator), locator))
    return shards


class _ShardTables:
    """Streaming Parquet writers for every output table of one shard, in a staging dir."""

    def __init__(self, run: RunDir, stage: str) -> None:
        run.fs.create_dir(stage, recursive=True)
        self._stage = stage
        self._run = run
        self.counts = dict.fromkeys(OUTPUT_SCHEMAS, 0)
        self._buffers: dict[str, list[Mapping[str, Any]]] = {t: [] for t in OUTPUT_SCHEMAS}
        self._writers = {
            t: pq.ParquetWriter(self.staged(t), schema, filesystem=run.fs)
            for t, schema in OUTPUT_SCHEMAS.items()
        }

    def staged(self, table: str) -> str:
        return str(PurePosixPath(self._stage, f"{table}.parquet"))

    def add(self, tables: Mapping[str, list[dict[str, Any]]]) -> None:
        for table, rows in tables.items():
            buffer = self._buffers[table]
            buffer.extend(rows)
            if len(buffer) >= ROW_GROUP:
                self._flush(table)

    def _flush(self, table: str) -> None:
        buffer = self._buffers[table]
        if buffer:
            batch = pa.Table.from_pylist(buffer, schema=OUTPUT_SCHEMAS[table])
            self._writers[table].write_table(batch)
            self.counts[table] += len(buffer)
            buffer.clear()

    def close(self) -> None:
        try:
            for table in self._writers:
                self._flush(table)
        finally:
            for writer in self._writers.values():
                writer.close()


def _items(analyzer: Analyzer, path: str) -> Iterator[Mapping[str, list[dict[str, Any]]]]:
    """Each record of one input file as its rows in every output table, in input order."""
    settings = analyzer.settings
    seen: set[str] = set()
    for ordinal, item in enumerate(iter_sources([Path(path)], max_bytes=settings.max_bytes)):
        if isinstance(item, ReadFailure):
            result: Any = Failed(item.locator, item.reason, item.message)
        else:
            digest = raw_hash(item)
            if digest in seen:  # the same bytes twice in a file: the store keeps one anyway
                continue
            seen.add(digest)
            result = analyse_source(analyzer, item, digest)
        if isinstance(result, Failed):
            yield {ERRORS: [{
                "ordinal": ordinal, "locator": result.locator, "reason": result.reason,
                "message": result.message[:2000],
            }]}
            continue
        analysis = result.analysis
        yield {
            **table_rows(analysis),
            ANALYSES: [{
                "ordinal": ordinal, "article_id": analysis["document"]["id"],
                "locator": result.locator, "raw_hash": result.raw_hash,
                "minhash": result.minhash,
                "analysis": json.dumps(analysis, ensure_ascii=False),
            }],
        }


def process_shard(analyzer: Analyzer, shard: Shard, out_dir: Path | str) -> dict[str, Any]:
    """Analyse one shard into its Parquet files and marker; returns the marker's content.

    The staging directory is named after this process, so an attempt that dies leaves
    nothing a retry (in another process) could mistake for its own.
    """
    run = RunDir.of(out_dir)
    stage = run.path(TMP_DIR, f"{shard.key}.{os.getpid()}.{uuid.uuid4().hex[:8]}")
    started = time.perf_counter()
    writer = _ShardTables(run, stage)
    reasons: dict[str, int] = {}
    try:
        for rows in _items(analyzer, shard.path):
            for error in rows.get(ERRORS, ()):
                reasons[error["reason"]] = reasons.get(error["reason"], 0) + 1
            writer.add(rows)
    finally:
        writer.close()
    for table in OUTPUT_SCHEMAS:
        run.fs.create_dir(run.path(table), recursive=True)
        run.fs.move(writer.staged(table), run.table_file(table, shard.key))
    marker = {
        "key": shard.key,
        "path": shard.path,
        "rows": writer.counts,
        "documents": writer.counts[ANALYSES],
        "failed": writer.counts[ERRORS],
        "reasons": reasons,
        "seconds": round(time.perf_counter() - started, 3),
        "pid": os.getpid(),
    }
    run.write_text(run.marker(shard.key), json.dumps(marker, sort_keys=True))
    run.fs.delete_dir(stage)
    return marker


def _peak_rss_mb() -> float:
    # ru_maxrss is in kB on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class ShardActor:
    """Ray Data callable class: one loaded pipeline per actor, many shards through it."""

    def __init__(self, settings: Settings, out_dir: str) -> None:
        self.analyzer = Analyzer(settings)
        self.out_dir = out_dir

    def __call__(self, batch: Mapping[str, Any]) -> dict[str, list[Any]]:
        out: dict[str, list[Any]] = {"marker": [], "pid": [], "rss_mb": []}
        for key, path in zip(batch["key"], batch["path"], strict=True):
            marker = process_shard(self.analyzer, Shard(str(key), str(path)), self.out_dir)
            out["marker"].append(json.dumps(marker))
            out["pid"].append(os.getpid())
            out["rss_mb"].append(_peak_rss_mb())
        return out


def _write_manifest(run: RunDir, shards: Sequence[Shard]) -> None:
    """Shard keys in this run's input order, then earlier runs' keys this run does not name."""
    path = run.path(MANIFEST)
    earlier: list[str] = json.loads(run.read_text(path)) if run.exists(path) else []
    keys = [s.key for s in shards]
    named = set(keys)
    keys += [k for k in earlier if k not in named]
    run.write_text(path, json.dumps(keys, indent=0))


def run(
    paths: Sequence[Path],
    out_dir: Path | str,
    *,
    address: str | None = None,
    settings: Settings | None = None,
    workers: int = 2,
) -> RunSummary:
    """Analyse every input shard not complete under `out_dir` on a Ray cluster.

    `address` is a Ray cluster address ("auto" joins the cluster this machine is in); None
    uses the connected Ray session or starts a local one. `out_dir` is a local path or a
    pyarrow filesystem URI (s3://, gs://, abfs://); the workers must be able to reach it.
    """
    try:
        import ray  # type: ignore[import-not-found,unused-ignore]
    except ImportError as exc:
        raise ConfigError(
            "the Ray engine needs the ray extra: pip install 'claimscope[ray]'"
        ) from exc

    settings = settings or Settings()
    started = time.perf_counter()
    run_dir = RunDir.of(out_dir)
    run_dir.fs.create_dir(run_dir.root, recursive=True)
    shards = list_shards(paths)
    _write_manifest(run_dir, shards)
    pending = [s for s in shards if not run_dir.exists(run_dir.marker(s.key))]
    # Actors may run elsewhere: hand them an absolute path (or the URI as given).
    target = str(out_dir) if "://" in str(out_dir) else run_dir.root
    summary = RunSummary(shards=len(shards), resumed=len(shards) - len(pending))
    if pending:
        own_session = not ray.is_initialized()
        if own_session:
            ray.init(address=address, include_dashboard=False)
        try:
            dataset = ray.data.from_items(
                [{"key": s.key, "path": s.path} for s in pending],
                override_num_blocks=len(pending),
            )
            results = dataset.map_batches(
                ShardActor,
                fn_constructor_kwargs={"settings": settings, "out_dir": target},
                batch_size=1,
                # One shard in flight per actor: shards are whole files, so queueing a second
                # behind a long one would idle the other actors.
                compute=ray.data.ActorPoolStrategy(
                    size=max(1, workers), max_tasks_in_flight_per_actor=1
                ),
                num_cpus=1,
            ).take_all()
        finally:
            if own_session:
                ray.shutdown()
        # Every attempt of this run is over: what is left in staging is from dead ones.
        run_dir.fs.delete_dir_contents(run_dir.path(TMP_DIR), missing_dir_ok=True)
        for row in results:
            marker = json.loads(row["marker"])
            summary.processed += 1
            summary.documents += int(marker["documents"])
            summary.failed += int(marker["failed"])
            for reason, n in marker["reasons"].items():
                summary.reasons[reason] = summary.reasons.get(reason, 0) + int(n)
            pid = int(row["pid"])
            peak = float(row["rss_mb"])
            summary.worker_peak_rss_mb[pid] = max(peak, summary.worker_peak_rss_mb.get(pid, 0.0))
    summary.seconds = time.perf_counter() - started
    return summary
