"""Batch ingest: raw documents analysed on every core, written to the store one by one.

The work per document (`analyse_source`) is a pure function of the analyzer and the raw
document, shared with any other engine that runs the pipeline (the Ray job). The writer is
the one process that talks to the database, so each document lands in its own
transaction: a batch killed at any point leaves only whole documents behind, and the next
run skips them by their raw content hash.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from itertools import islice
from pathlib import Path

from claimscope import reposts
from claimscope.config import Settings
from claimscope.corpus.sources import RawDocument, ReadFailure, iter_sources
from claimscope.errors import ConfigError, InputError
from claimscope.output import to_analysis
from claimscope.pipeline import Analyzer
from claimscope.store import Analysed, Failed, Store

# Documents handed to the worker pool at a time: bounds memory on a huge WARC while
# keeping both cores busy.
CHUNK = 32
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def raw_hash(raw: RawDocument) -> str:
    """The key of one input: its raw content where it was read (its locator).

    The locator is part of the key because the same bytes at another path, or the same
    text on another line of a feed (wire copy carried by several outlets), is another copy
    of the report, to be stored with its own outlet and URL; only the same content at the
    same locator is an input already stored. A relative path counts as the absolute path it
    names, so that running the same ingest again from another directory stores nothing twice.
    """
    content = (
        raw.content.encode("utf-8", "surrogatepass")
        if isinstance(raw.content, str)
        else raw.content
    )
    digest = hashlib.sha256(_place(raw).encode("utf-8", "surrogatepass"))
    digest.update(b"\0")
    digest.update(content)
    return digest.hexdigest()


def _place(raw: RawDocument) -> str:
    path, hash_sign, fragment = raw.locator.partition("#")
    # 'api:…', 'upload:…', 's3://…' name no file of this machine; '-' is stdin.
    if path != "-" and not _SCHEME.match(path):
        path = os.path.abspath(path)
    return f"file:{path}{hash_sign}{fragment}"


def analyse_source(
    analyzer: Analyzer, raw: RawDocument, digest: str | None = None
) -> Analysed | Failed:
    """Read and analyse one raw document; every failure becomes a `Failed` with its reason."""
    from claimscope.stages.ingest import iso_date, read_document

    settings = analyzer.settings
    try:
        doc = read_document(
            raw.content,
            source_name=raw.locator,
            fmt=raw.fmt,
            url=raw.url,
            max_bytes=settings.max_bytes,
            max_chars=settings.max_chars,
        )
        meta = doc.meta
        # The container's structured fields (feed, JSON line) beat what is parsed from the
        # page; the crawl date only dates a page that gives no date of its own.
        meta.title = raw.title or meta.title
        meta.publisher = raw.publisher or meta.publisher
        hinted = iso_date(raw.published) if raw.published else None
        if raw.published and hinted is None:
            raise ConfigError(f"published date {raw.published!r} is not a date")
        meta.published = (
            hinted or meta.published or (iso_date(raw.fetched) if raw.fetched else None)
        )
        analyzer.annotate(doc)
        body = doc.body_span().text
        return Analysed(
            locator=raw.locator,
            raw_hash=digest or raw_hash(raw),
            analysis=to_analysis(doc),
            minhash=reposts.to_bytes(reposts.signature(body)),
        )
    except InputError as exc:
        return Failed(raw.locator, exc.reason, str(exc))
    except ConfigError as exc:
        return Failed(raw.locator, "bad_metadata", str(exc))
    except Exception as exc:  # a bug on one document must not end the batch
        return Failed(raw.locator, "analysis_error", f"{type(exc).__name__}: {exc}")


@dataclass(slots=True)
class Summary:
    stored: int = 0
    reposts: int = 0
    skipped: int = 0
    failed: int = 0
    reasons: dict[str, int] = field(default_factory=dict)

    @property
    def seen(self) -> int:
        return self.stored + self.reposts + self.skipped + self.failed


_worker_analyzer: Analyzer | None = None


def _init_worker(settings: Settings) -> None:
    global _worker_analyzer
    _worker_analyzer = Analyzer(settings)


def _work(job: tuple[RawDocument, str]) -> Analysed | Failed:
    assert _worker_analyzer is not None, "worker used before its initializer ran"
    raw, digest = job
    return analyse_source(_worker_analyzer, raw, digest)


def _chunks(
    items: Iterable[tuple[RawDocument, str]], size: int
) -> Iterator[list[tuple[RawDocument, str]]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def ingest(
    paths: Iterable[Path],
    store: Store,
    *,
    settings: Settings | None = None,
    workers: int = 2,
    on_document: Callable[[Summary], None] | None = None,
    locate: Callable[[str], str] | None = None,
) -> Summary:
    """Analyse and store every document under `paths` not stored yet; relink incidents after.

    `locate` rewrites each locator before it is keyed and stored: an upload staged at a
    temporary path is stored under its own name, so the same upload again is a re-run.
    """
    settings = settings or Settings()
    summary = Summary()
    known = store.stored_raw_hashes()

    def record(result: Analysed | Failed) -> None:
        if isinstance(result, Failed):
            store.add_failure(result)
            summary.failed += 1
            summary.reasons[result.reason] = summary.reasons.get(result.reason, 0) + 1
        else:
            outcome = store.add(result)
            known.add(result.raw_hash)
            if outcome == "stored":
                summary.stored += 1
            elif outcome == "repost":
                summary.reposts += 1
            else:
                summary.skipped += 1
        if on_document:
            on_document(summary)

    def pending() -> Iterator[tuple[RawDocument, str]]:
        for item in iter_sources(paths, max_bytes=settings.max_bytes):
            if locate is not None:
                item = replace(item, locator=locate(item.locator))
            if isinstance(item, ReadFailure):
                record(Failed(item.locator, item.reason, item.message))
                continue
            digest = raw_hash(item)
            if digest in known:
                summary.skipped += 1
                if on_document:
                    on_document(summary)
                continue
            # The same content twice in one batch is analysed once.
            known.add(digest)
            yield item, digest

    if workers <= 1:
        analyzer = Analyzer(settings)
        for raw, digest in pending():
            record(analyse_source(analyzer, raw, digest))
    else:
        # spawn, not fork: the writer holds database connections a child must not inherit.
        context = multiprocessing.get_context("spawn")
        with context.Pool(workers, initializer=_init_worker, initargs=(settings,)) as pool:
            for chunk in _chunks(pending(), CHUNK * workers):
                for result in pool.imap(_work, chunk):
                    record(result)
    if store.incidents_stale():
        store.relink()
    return summary
