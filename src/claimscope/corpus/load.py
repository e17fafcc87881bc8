"""Loading a distributed run's Parquet output (the `analyses` and `errors` tables) into the store.

A run directory (`ray_engine.run`) holds one directory per table and one file per input
shard in each, `<table>/<shard-key>.parquet`, plus a marker `_done/<shard-key>.json` written
last: only shards with a marker are complete. This module owns that layout and the schemas
of the engine's own two tables, and it imports no Ray, so a database host loads a run with
nothing but pyarrow. Every document goes through `Store.add` / `Store.add_failure`, exactly
as local ingest stores it, so reposts, duplicates and re-loads behave the same.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]
import pyarrow.fs as pafs  # type: ignore[import-untyped,unused-ignore]
import pyarrow.parquet as pq  # type: ignore[import-untyped,unused-ignore]

from claimscope.store import Analysed, Failed, Store

__all__ = [
    "ANALYSES",
    "DONE_DIR",
    "ERRORS",
    "MANIFEST",
    "RUN_SCHEMAS",
    "TMP_DIR",
    "RunDir",
    "iter_items",
    "load",
]

ANALYSES = "analyses"
ERRORS = "errors"
DONE_DIR = "_done"
TMP_DIR = "_tmp"
# Shard keys in input order, so a load stores documents in the order local ingest would
# (the first copy of a report becomes its canonical copy).
MANIFEST = "_shards.json"

# `ordinal` is the position of the item in its shard: analyses and errors interleave back
# into input order on load.
RUN_SCHEMAS: dict[str, pa.Schema] = {
    ANALYSES: pa.schema([
        ("ordinal", pa.int32()), ("article_id", pa.string()), ("locator", pa.string()),
        ("raw_hash", pa.string()), ("minhash", pa.binary()), ("analysis", pa.large_string()),
    ]),
    ERRORS: pa.schema([
        ("ordinal", pa.int32()), ("locator", pa.string()), ("reason", pa.string()),
        ("message", pa.string()),
    ]),
}


@dataclass(frozen=True, slots=True)
class RunDir:
    """A run's root on a local disk or an object store (any pyarrow filesystem URI)."""

    fs: Any  # pyarrow.fs.FileSystem
    root: str

    @classmethod
    def of(cls, out_dir: Path | str) -> RunDir:
        text = str(out_dir)
        if "://" in text:
            fs, root = pafs.FileSystem.from_uri(text)
            return cls(fs, root.rstrip("/"))
        return cls(pafs.LocalFileSystem(), Path(text).resolve().as_posix())

    def path(self, *parts: str) -> str:
        return str(PurePosixPath(self.root, *parts))

    def table_file(self, table: str, key: str) -> str:
        return self.path(table, f"{key}.parquet")

    def marker(self, key: str) -> str:
        return self.path(DONE_DIR, f"{key}.json")

    def exists(self, path: str) -> bool:
        return bool(self.fs.get_file_info(path).type != pafs.FileType.NotFound)

    def read_text(self, path: str) -> str:
        with self.fs.open_input_stream(path) as stream:
            return bytes(stream.read()).decode("utf-8")

    def write_text(self, path: str, text: str) -> None:
        """Write whole or not at all: a temporary name, then a rename (one PUT on a store)."""
        self.fs.create_dir(str(PurePosixPath(path).parent), recursive=True)
        if isinstance(self.fs, pafs.LocalFileSystem):
            tmp = f"{path}.tmp"
            with self.fs.open_output_stream(tmp) as stream:
                stream.write(text.encode("utf-8"))
            self.fs.move(tmp, path)
        else:
            with self.fs.open_output_stream(path) as stream:
                stream.write(text.encode("utf-8"))

    def done_keys(self) -> list[str]:
        """Keys of complete shards: manifest order first, then any others by name."""
        selector = pafs.FileSelector(self.path(DONE_DIR), allow_not_found=True)
        done = {
            PurePosixPath(info.path).stem
            for info in self.fs.get_file_info(selector)
            if info.path.endswith(".json")
        }
        ordered: list[str] = []
        if self.exists(self.path(MANIFEST)):
            ordered = [k for k in json.loads(self.read_text(self.path(MANIFEST))) if k in done]
        return ordered + sorted(done - set(ordered))


def _rows(run: RunDir, table: str, key: str) -> list[dict[str, Any]]:
    path = run.table_file(table, key)
    if not run.exists(path):
        return []
    rows: list[dict[str, Any]] = pq.read_table(path, filesystem=run.fs).to_pylist()
    return rows


def iter_items(out_dir: Path | str) -> Iterator[Analysed | Failed]:
    """Every analysed document and failure of the complete shards, in input order."""
    run = RunDir.of(out_dir)
    for key in run.done_keys():
        items: list[tuple[int, Analysed | Failed]] = [
            (
                int(row["ordinal"]),
                Analysed(
                    locator=row["locator"],
                    raw_hash=row["raw_hash"],
                    analysis=json.loads(row["analysis"]),
                    minhash=bytes(row["minhash"]),
                ),
            )
            for row in _rows(run, ANALYSES, key)
        ]
        items += [
            (int(row["ordinal"]), Failed(row["locator"], row["reason"], row["message"]))
            for row in _rows(run, ERRORS, key)
        ]
        items.sort(key=lambda pair: pair[0])
        for _, item in items:
            yield item


def load(out_dir: Path | str, store: Store) -> dict[str, int]:
    """Store every complete shard of a run, then relink incidents; returns counts by outcome.

    Counts: `stored`, `reposts` (copies, verbatim or edited), `skipped` (the input key
    already in the store, as local ingest skips it), `duplicate` (the same text at the same
    locator from other raw bytes) and `failed`.
    Loading the same run twice stores nothing new.
    """
    counts = dict.fromkeys(("stored", "reposts", "skipped", "duplicate", "failed"), 0)
    known = store.stored_raw_hashes()
    for item in iter_items(out_dir):
        if isinstance(item, Failed):
            store.add_failure(item)
            counts["failed"] += 1
            continue
        if item.raw_hash in known:
            counts["skipped"] += 1
            continue
        outcome = store.add(item)
        known.add(item.raw_hash)
        counts["reposts" if outcome == "repost" else outcome] += 1
    if store.incidents_stale():
        store.relink()
    return counts
