"""Corpus readers: paths (files, directories, JSONL, WARC/ARC, RSS/Atom, gzip) -> raw documents.

`iter_sources` walks the paths in a deterministic order and yields one `RawDocument` per
article or one `ReadFailure` per thing that cannot be read; it never raises for one bad input.
Container formats are streamed record by record, so a 1 GB WARC never sits in memory; a
single-document file is read whole up to `max_bytes`. The text of every document is checked
by `decode_input` here already (binary, undecodable and empty inputs become failures early),
and `RawDocument.content` is what `read_document` gets.
"""

from __future__ import annotations

import email.utils
import io
import json
import os
import re
import zlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path, PurePath
from typing import Any, Protocol

from claimscope.errors import InputError
from claimscope.stages.ingest import decode_input, iso_date

__all__ = ["RawDocument", "ReadFailure", "count_sources", "iter_sources"]


# --------------------------------------------------------------------------- tables

_JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
_WARC_SUFFIXES = frozenset({".warc", ".arc", ".wet"})
_FEED_SUFFIXES = frozenset({".rss", ".atom"})
# An .xml file is read as a feed only when it parses as one; otherwise it is a document.
_MAYBE_FEED_SUFFIXES = frozenset({".xml"})
_DOCUMENT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml"})
# The article body of a JSONL line, in order of preference: the provider's extracted text
# is cleaner than re-extracting its raw HTML.
_JSONL_BODY: tuple[tuple[str, str], ...] = (("text", "text"), ("html", "html"))
_JSONL_META: Mapping[str, tuple[str, ...]] = {
    "url": ("url", "link"),
    "title": ("title", "headline"),
    "published": ("published", "date_published", "date_publish", "date"),
    "publisher": ("publisher", "site_name", "sitename"),
}
_HTML_MIME = frozenset({"text/html", "application/xhtml+xml"})
_RESOURCE_MIME: Mapping[str, str] = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/plain": "text",
}
# Compressed or packed containers this reader does not open.
_UNSUPPORTED_MAGIC: tuple[tuple[str, re.Pattern[bytes]], ...] = (
    ("zip archive", re.compile(rb"PK\x03\x04")),
    ("bzip2 file", re.compile(rb"BZh[1-9]1AY&SY")),
    ("xz file", re.compile(rb"\xfd7zXZ\x00")),
    ("zstd file", re.compile(rb"\x28\xb5\x2f\xfd")),
    ("7z archive", re.compile(rb"7z\xbc\xaf\x27\x1c")),
)

_GZIP_MAGIC = b"\x1f\x8b"
_SNIFF_BYTES = 4096
_CHUNK = 1 << 20
_RAW_CHUNK = 1 << 16
# feedparser needs a whole feed in memory; a feed file beyond this is refused, not parsed.
_FEED_MAX_BYTES = 64_000_000
# A metadata date longer than this is not a date; dateparser is never given more.
_DATE_MAX_CHARS = 100
# Plausible Unix timestamps (seconds) for a publication date: 1970 .. 5138.
_EPOCH_MAX = 1e11

_WARC_SNIFF = re.compile(rb"\s*(?:WARC/\d|filedesc://)")
_FEED_SNIFF = re.compile(rb"<(?:rss|feed|rdf:RDF)[\s>]")
_HTML_ROOT_SNIFF = re.compile(rb"<(?:!doctype\s+html|html)[\s>]", re.I)
_HTML_TAG = re.compile(r"<[A-Za-z/!][^<>]*>")
_SCRIPT = re.compile(r"<(script|style)\b.*?(?:</\1\s*>|\Z)", re.I | re.S)
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.I)


# --------------------------------------------------------------------------- public types


@dataclass(frozen=True, slots=True)
class RawDocument:
    """One article as its container holds it, before `read_document`."""

    locator: str
    content: bytes | str
    fmt: str | None
    url: str | None = None
    title: str | None = None
    published: str | None = None
    publisher: str | None = None
    fetched: str | None = None


@dataclass(frozen=True, slots=True)
class ReadFailure:
    """One input (a file, a line, a record, an entry) that cannot be read, and why."""

    locator: str
    reason: str
    message: str


Source = RawDocument | ReadFailure


# --------------------------------------------------------------------------- streams


class _Corrupt(Exception):
    """A compressed stream is truncated or damaged.

    Deliberately not an EOFError: warcio reads EOFError as the clean end of an archive.
    """


class _Stream(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...
    def readline(self, size: int = -1, /) -> bytes: ...
    def tell(self) -> int: ...


class _GzipStream:
    """A streaming gunzip over every member of a file.

    Unlike `gzip.GzipFile`, whatever inflated before the damage is handed out first, and
    the damage is raised (as `_Corrupt`) only on the read after it: the records before a
    truncation are kept. Output is inflated in bounded steps, so a gzip bomb costs no more
    memory than one read asks for.
    """

    def __init__(self, raw: io.BufferedReader) -> None:
        self._raw = raw
        self._inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
        self._in_member = False
        self._pending = b""
        self._buf = bytearray()
        self._pos = 0
        self._done = False
        self._error: str | None = None

    def _more(self) -> None:
        inflater = self._inflater
        if inflater.unconsumed_tail:
            data = inflater.unconsumed_tail
        elif self._pending:
            data, self._pending = self._pending, b""
        else:
            data = self._raw.read(_RAW_CHUNK)
            if not data:
                if self._in_member:
                    self._error = "gzip stream truncated"
                self._done = True
                return
        if not self._in_member and not data.strip(b"\x00"):
            return  # zero padding after the last member, as tape-era tools write
        try:
            out = inflater.decompress(data, _CHUNK)
        except zlib.error as exc:
            self._error = f"damaged gzip stream: {exc}"
            self._done = True
            return
        self._in_member = True
        self._buf += out
        if inflater.eof:
            self._pending = inflater.unused_data
            self._inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
            self._in_member = False

    def _take(self, n: int) -> bytes:
        if not self._buf and self._error is not None:
            raise _Corrupt(self._error)
        out = bytes(self._buf[:n])
        del self._buf[:n]
        self._pos += len(out)
        return out

    def read(self, size: int = -1, /) -> bytes:
        while (size < 0 or len(self._buf) < size) and not self._done:
            self._more()
        return self._take(len(self._buf) if size < 0 else size)

    def readline(self, size: int = -1, /) -> bytes:
        scanned = 0
        while not self._done:
            newline = self._buf.find(b"\n", scanned)
            if newline >= 0 or (0 <= size <= len(self._buf)):
                break
            scanned = len(self._buf)
            self._more()
        newline = self._buf.find(b"\n")
        n = newline + 1 if newline >= 0 else len(self._buf)
        return self._take(n if size < 0 else min(n, size))

    def tell(self) -> int:
        return self._pos


# --------------------------------------------------------------------------- entry points


def iter_sources(paths: Iterable[Path], *, max_bytes: int = 5_000_000) -> Iterator[Source]:
    """Every document (or failure) under `paths`, in a deterministic order with stable locators.

    Directories are walked recursively in name order, hidden entries skipped; a path given
    twice is read once. `max_bytes` bounds a single-document file and each record of a
    container; containers themselves are streamed whatever their size.
    """
    seen: set[str] = set()
    for item in iter_files(paths):
        if isinstance(item, ReadFailure):
            yield item
            continue
        locator = path_locator(item)
        if locator in seen:
            continue
        seen.add(locator)
        yield from _read_file(item, locator, max_bytes)


def count_sources(paths: Iterable[Path]) -> int | None:
    """How many items `iter_sources` will yield, for a progress bar; None when not cheap to know.

    Single documents count one each and JSONL files their non-blank lines; a WARC or a feed
    makes the total unknown, since counting its records means parsing it.
    """
    total = 0
    seen: set[str] = set()
    for item in iter_files(paths):
        if isinstance(item, ReadFailure):
            total += 1
            continue
        locator = path_locator(item)
        if locator in seen:
            continue
        seen.add(locator)
        try:
            with item.open("rb") as fh:
                stream, sample = _open(fh)
                kind = _kind(item, sample)
                if kind == "jsonl":
                    total += _count_lines(stream)
                elif kind in ("document", "unsupported"):
                    total += 1
                else:
                    return None
        except (OSError, _Corrupt):
            total += 1
    return total


# --------------------------------------------------------------------------- paths


# A folder's own documentation, which a directory walk passes over: the README of a folder
# of reports is no report. Named on its own, such a file is read.
FOLDER_DOCUMENTATION = frozenset(
    {"readme", "license", "licence", "copying", "changelog", "contributing", "notice", "authors"}
)


def is_folder_documentation(name: str) -> bool:
    """Whether the file `name` documents its folder ('README.md', 'LICENSE', 'CHANGELOG.txt')."""
    return name.split(".", 1)[0].lower() in FOLDER_DOCUMENTATION


def passed_over(paths: Iterable[Path]) -> tuple[dict[str, int], dict[str, int]]:
    """The files a directory walk passes over, to tell the user: the hidden ones by extension,
    and the folders' documentation by name."""
    hidden_found: dict[str, int] = {}
    documentation: dict[str, int] = {}
    for path in paths:
        if not Path(path).is_dir():
            continue
        for root, dirs, names in os.walk(path):
            hidden = [d for d in dirs if d.startswith(".")]
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            for name in [n for n in names if n.startswith(".")] + [
                str(Path(d, n)) for d in hidden for _, _, ns in os.walk(Path(root, d)) for n in ns
            ]:
                key = PurePath(PurePath(name).name.lstrip(".")).suffix.lower() or "no extension"
                hidden_found[key] = hidden_found.get(key, 0) + 1
            for name in names:
                if not name.startswith(".") and is_folder_documentation(name):
                    documentation[name] = documentation.get(name, 0) + 1
    return hidden_found, documentation


def path_locator(path: Path) -> str:
    """A file's locator: its path as given, so that a relative input stays relative."""
    return path.as_posix()


def iter_files(paths: Iterable[Path]) -> Iterator[Path | ReadFailure]:
    """The files `iter_sources` reads, in its order (one shard each for a cluster engine)."""
    for path in paths:
        yield from _expand(Path(path), set())


def _expand(path: Path, visited: set[str]) -> Iterator[Path | ReadFailure]:
    """Regular files at or under `path`; symlinked directories are followed once each."""
    locator = path_locator(path)
    try:
        if path.is_dir():
            real = os.path.realpath(path)
            if real in visited:  # a symlink cycle
                return
            visited.add(real)
            entries = sorted(os.scandir(path), key=lambda e: e.name)
            for entry in entries:
                if entry.name.startswith(".") or is_folder_documentation(entry.name):
                    continue
                yield from _expand(path / entry.name, visited)
            return
        if path.is_file():
            yield path
        elif path.exists():
            # A FIFO or a device would block or never end.
            yield ReadFailure(locator, "unsupported", "not a regular file")
        else:
            yield ReadFailure(locator, "not_found", "no such file or directory")
    except PermissionError as exc:
        yield ReadFailure(locator, "unreadable", f"permission denied: {exc.strerror}")
    except OSError as exc:
        yield ReadFailure(locator, "unreadable", f"{type(exc).__name__}: {exc.strerror or exc}")


def _open(fh: io.BufferedReader) -> tuple[_Stream, bytes]:
    """The (gunzipped) stream of a file at its start, and a sample of its first bytes."""
    head = fh.read(_SNIFF_BYTES)
    fh.seek(0)
    if not head.startswith(_GZIP_MAGIC):
        return fh, head
    # A fresh inflater for the sample: a truncated file must fail where the damage is,
    # not at the sniff.
    try:
        sample = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS).decompress(head, _SNIFF_BYTES)
    except zlib.error:
        sample = b""
    return _GzipStream(fh), sample


def _kind(path: Path, sample: bytes) -> str:
    """'jsonl', 'warc', 'feed' (must parse), 'xml' (feed or document), 'document', 'unsupported'."""
    if any(magic.match(sample) for _, magic in _UNSUPPORTED_MAGIC):
        return "unsupported"
    name = path.name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    suffix = PurePath(name).suffix
    if suffix in _JSONL_SUFFIXES:
        return "jsonl"
    if suffix in _WARC_SUFFIXES:
        return "warc"
    if suffix in _FEED_SUFFIXES:
        return "feed"
    if suffix in _MAYBE_FEED_SUFFIXES:
        return "xml"
    if suffix in _DOCUMENT_SUFFIXES:
        return "document"
    # No telling extension: the content decides.
    body = sample.lstrip(b"\xef\xbb\xbf")
    if _WARC_SNIFF.match(body):
        return "warc"
    if _FEED_SNIFF.search(body[:2048]) and not _HTML_ROOT_SNIFF.search(body[:2048]):
        return "feed"
    if _looks_like_jsonl(body):
        return "jsonl"
    return "document"


def _looks_like_jsonl(sample: bytes) -> bool:
    first = sample.lstrip().split(b"\n", 1)[0].strip()
    if not (first.startswith(b"{") and first.endswith(b"}")):
        return False
    try:
        return isinstance(json.loads(first), dict)
    except (ValueError, RecursionError):
        return False


def _count_lines(stream: _Stream) -> int:
    """Non-blank lines, read in chunks so one enormous line never sits in memory."""
    count = 0
    pending = False
    while chunk := stream.read(_CHUNK):
        parts = chunk.split(b"\n")
        for part in parts[:-1]:
            if pending or part.strip():
                count += 1
            pending = False
        pending = pending or bool(parts[-1].strip())
    return count + pending


# --------------------------------------------------------------------------- files


def _read_file(path: Path, locator: str, max_bytes: int) -> Iterator[Source]:
    try:
        fh = path.open("rb")
    except FileNotFoundError:
        yield ReadFailure(locator, "not_found", "no such file")
        return
    except PermissionError as exc:
        yield ReadFailure(locator, "unreadable", f"permission denied: {exc.strerror}")
        return
    except OSError as exc:
        yield ReadFailure(locator, "unreadable", f"{type(exc).__name__}: {exc.strerror or exc}")
        return
    with fh:
        try:
            stream, sample = _open(fh)
            kind = _kind(path, sample)
        except OSError as exc:
            yield ReadFailure(locator, "unreadable", f"{type(exc).__name__}: {exc}")
            return
        if kind == "unsupported":
            what = next(n for n, magic in _UNSUPPORTED_MAGIC if magic.match(sample))
            yield ReadFailure(locator, "unsupported", f"{what}: not read")
        elif kind == "jsonl":
            yield from _guard(_read_jsonl(stream, locator, max_bytes), locator, "malformed_jsonl")
        elif kind == "warc":
            if _WARC_SNIFF.match(sample):
                warc = _read_warc(stream, locator, max_bytes)
                yield from _guard(warc, locator, "malformed_warc")
            else:  # warcio would skip unknown lines and end without a word
                yield ReadFailure(f"{locator}#offset=0", "malformed_warc", "not a WARC/ARC file")
        elif kind in ("feed", "xml"):
            yield from _guard(
                _read_feed(stream, locator, max_bytes, strict=kind == "feed"),
                locator,
                "malformed_feed",
            )
        else:
            yield from _guard(_read_single(stream, locator, max_bytes), locator, "undecodable")


def _guard(items: Iterator[Source], locator: str, reason: str) -> Iterator[Source]:
    """Pass `items` on; whatever a reader or its library raises ends the file as one failure."""
    try:
        yield from items
    except _Corrupt as exc:
        yield ReadFailure(locator, reason, str(exc))
    except Exception as exc:  # third-party parsers raise many unrelated types on hostile input
        yield ReadFailure(locator, reason, f"{type(exc).__name__}: {exc}"[:300])


def _checked(
    locator: str,
    content: bytes | str,
    fmt: str | None,
    max_bytes: int,
    **meta: str | None,
) -> Source:
    """A `RawDocument` of decoded text, or the failure `read_document` would raise later."""
    try:
        text = decode_input(content, source=locator, max_bytes=max_bytes)
    except InputError as exc:
        return ReadFailure(locator, exc.reason, str(exc.args[0]) if exc.args else exc.reason)
    if not text.strip():
        return ReadFailure(locator, "empty", "empty or whitespace only")
    return RawDocument(locator, text, fmt, **meta)


def _read_single(stream: _Stream, locator: str, max_bytes: int) -> Iterator[Source]:
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        yield ReadFailure(locator, "too_large", f"over {max_bytes} bytes")
        return
    stream.read(1)  # a damaged gzip member says so only now, after the good part
    yield _checked(locator, data, None, max_bytes)


# --------------------------------------------------------------------------- JSONL


def _read_jsonl(stream: _Stream, locator: str, max_bytes: int) -> Iterator[Source]:
    lineno = 0
    while line := stream.readline(max_bytes + 1):
        lineno += 1
        where = f"{locator}#L{lineno}"
        if len(line) > max_bytes and not line.endswith(b"\n"):
            _skip_line(stream)
            yield ReadFailure(where, "too_large", f"line over {max_bytes} bytes")
            continue
        if line.strip():
            yield _jsonl_record(line, where, max_bytes)


def _skip_line(stream: _Stream) -> None:
    while chunk := stream.readline(_CHUNK):
        if chunk.endswith(b"\n"):
            return


def _jsonl_record(line: bytes, locator: str, max_bytes: int) -> Source:
    try:
        obj = json.loads(line)
    except UnicodeDecodeError:
        return ReadFailure(locator, "undecodable", "line is not UTF-8")
    except (ValueError, RecursionError) as exc:
        return ReadFailure(locator, "malformed_jsonl", f"not JSON: {exc}"[:300])
    if not isinstance(obj, dict):
        return ReadFailure(locator, "malformed_jsonl", "line is not a JSON object")
    bodies = [(b, fmt) for key, fmt in _JSONL_BODY if (b := _text(obj.get(key), strip=True))]
    if not bodies:
        return ReadFailure(locator, "malformed_jsonl", "no 'text' or 'html' string")
    body, fmt = bodies[0]
    return _checked(
        locator,
        body,
        fmt,
        max_bytes,
        url=_first_str(obj, _JSONL_META["url"]),
        title=_clean(_first_str(obj, _JSONL_META["title"])),
        published=_first_date(obj, _JSONL_META["published"]),
        publisher=_clean(_first_str(obj, _JSONL_META["publisher"])),
    )


def _first_str(obj: Mapping[str, Any], keys: Iterable[str]) -> str | None:
    for key in keys:
        value = obj.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _first_date(obj: Mapping[str, Any], keys: Iterable[str]) -> str | None:
    for key in keys:
        iso = _iso_timestamp(obj.get(key))
        if iso is not None:
            return iso
    return None


# --------------------------------------------------------------------------- WARC


def _read_warc(stream: _Stream, locator: str, max_bytes: int) -> Iterator[Source]:
    from warcio.archiveiterator import (  # type: ignore[import-untyped, unused-ignore]
        ArchiveIterator,
    )

    archive = ArchiveIterator(stream, arc2warc=True)
    seen: set[str] = set()
    offset = 0
    try:
        for record in archive:
            # get_record_offset() would read the record to its end before we see it.
            offset = int(archive.offset)
            item = _warc_record(record, locator, offset, max_bytes)
            if item is None:
                continue
            if item.locator in seen:  # a repeated record id must not shadow the first
                item = _relocate(item, f"{item.locator}@{offset}")
            seen.add(item.locator)
            yield item
            if isinstance(item, ReadFailure) and item.reason == "malformed_warc":
                return
    except _Corrupt as exc:
        where = f"{locator}#offset={max(offset, int(archive.offset))}"
        yield ReadFailure(where, "malformed_warc", str(exc))
    except Exception as exc:  # warcio raises ArchiveLoadFailed, ValueError, … on bad headers
        message = " ".join(f"{type(exc).__name__}: {exc}".split())[:300]
        where = f"{locator}#offset={max(offset, int(archive.offset))}"
        yield ReadFailure(where, "malformed_warc", message)


def _warc_record(record: Any, locator: str, offset: int, max_bytes: int) -> Source | None:
    """The document in one record, a failure, or None for a record that holds no article."""
    headers = record.rec_headers
    if record.rec_type == "response":
        http = record.http_headers
        if http is None or http.get_statuscode() != "200":
            return None
        content_type = str(http.get_header("Content-Type") or "")
        if _mime(content_type) not in _HTML_MIME:
            return None
        fmt = "html"
    elif record.rec_type in ("resource", "conversion"):  # conversion: WET extracted text
        content_type = str(headers.get_header("Content-Type") or "")
        found = _RESOURCE_MIME.get(_mime(content_type))
        if found is None:
            return None
        fmt = found
    else:
        return None
    record_id = headers.get_header("WARC-Record-ID") if record.format == "warc" else None
    # ARC records get a random id on conversion: only the offset is stable for them.
    key = str(record_id).strip("<> ") if record_id else f"offset={offset}"
    where = f"{locator}#{key}"
    try:
        data = record.content_stream().read(max_bytes + 1)
    except (zlib.error, ValueError) as exc:  # a damaged Content-Encoding in one response
        return ReadFailure(where, "undecodable", f"payload: {type(exc).__name__}: {exc}"[:300])
    if len(data) > max_bytes:
        return ReadFailure(where, "too_large", f"payload over {max_bytes} bytes")
    raw = record.raw_stream
    while raw.read(_CHUNK):
        pass
    if getattr(raw, "limit", 0) > 0:
        return ReadFailure(where, "malformed_warc", "record truncated before its Content-Length")
    content: bytes | str = data
    declared = _CHARSET.search(content_type)
    if declared and not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        content = _http_decode(data, declared.group(1))
    return _checked(
        where,
        content,
        fmt,
        max_bytes,
        url=_clean(headers.get_header("WARC-Target-URI")),
        fetched=_iso_timestamp(headers.get_header("WARC-Date")),
    )


def _http_decode(data: bytes, charset: str) -> bytes | str:
    """Valid UTF-8 stays bytes (servers often mislabel it); otherwise the HTTP charset wins."""
    try:
        data.decode("utf-8")
        return data
    except UnicodeDecodeError:
        pass
    try:
        return data.decode(charset)
    except (UnicodeDecodeError, LookupError):
        return data


def _mime(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


def _relocate(item: Source, locator: str) -> Source:
    if isinstance(item, ReadFailure):
        return ReadFailure(locator, item.reason, item.message)
    return RawDocument(
        locator,
        item.content,
        item.fmt,
        item.url,
        item.title,
        item.published,
        item.publisher,
        item.fetched,
    )


# --------------------------------------------------------------------------- feeds


def _read_feed(stream: _Stream, locator: str, max_bytes: int, *, strict: bool) -> Iterator[Source]:
    data = stream.read(_FEED_MAX_BYTES + 1)
    if len(data) > _FEED_MAX_BYTES:
        yield ReadFailure(locator, "too_large", f"feed over {_FEED_MAX_BYTES} bytes")
        return
    stream.read(1)  # a damaged gzip member says so only now, after the good part
    import feedparser  # type: ignore[import-untyped, unused-ignore]

    # A file object, never bytes or str: feedparser fetches URLs and opens paths it is given.
    parsed = feedparser.parse(io.BytesIO(data), sanitize_html=True)
    entries: list[Any] = list(parsed.get("entries") or [])
    if not parsed.get("version") and not entries:
        if strict:
            problem = parsed.get("bozo_exception")
            why = f"{type(problem).__name__}: {problem}" if problem else "no feed elements"
            yield ReadFailure(locator, "malformed_feed", f"not an RSS/Atom feed ({why})"[:300])
        elif len(data) > max_bytes:
            yield ReadFailure(locator, "too_large", f"over {max_bytes} bytes")
        else:
            yield _checked(locator, data, None, max_bytes)
        return
    publisher = _clean(_text(parsed.get("feed", {}).get("title")), markup=True)
    seen: set[str] = set()
    for index, entry in enumerate(entries, start=1):
        key = _text(entry.get("id")) or _text(entry.get("link")) or f"entry-{index}"
        where = f"{locator}#{key.strip()}"
        if where in seen:
            where = f"{where}@{index}"
        seen.add(where)
        yield _feed_entry(entry, where, publisher, max_bytes)


def _feed_entry(entry: Any, locator: str, publisher: str | None, max_bytes: int) -> Source:
    body, fmt = _entry_body(entry)
    if body is None:
        return ReadFailure(locator, "empty", "feed entry has no content or summary")
    if len(body) > max_bytes:
        return ReadFailure(locator, "too_large", f"entry over {max_bytes} characters")
    return _checked(
        locator,
        body,
        fmt,
        max_bytes,
        url=_clean(_text(entry.get("link"))),
        title=_clean(_text(entry.get("title")), markup=True),
        published=_entry_date(entry),
        publisher=publisher,
    )


def _entry_body(entry: Any) -> tuple[str | None, str]:
    """content:encoded / Atom content before the summary; HTML unless it is plain text."""
    candidates: list[Any] = list(entry.get("content") or [])
    detail = entry.get("summary_detail")
    if detail is not None:
        candidates.append(detail)
    elif _text(entry.get("summary")):
        candidates.append({"value": entry.get("summary"), "type": "text/html"})
    for part in candidates:
        value = _text(part.get("value"))
        if value and value.strip():
            plain = part.get("type") == "text/plain" or not _HTML_TAG.search(value)
            return value, "text" if plain else "html"
    return None, "html"


def _entry_date(entry: Any) -> str | None:
    """The written date first: feedparser's parsed tuple has lost the UTC offset."""
    for key in ("published", "updated", "created"):
        iso = _iso_timestamp(entry.get(key))
        if iso is not None:
            return iso
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if parsed is not None:
            try:
                year, month, day, hour, minute, second = parsed[:6]
                return datetime(year, month, day, hour, minute, second, tzinfo=UTC).isoformat()
            except (TypeError, ValueError):
                continue
    return None


# --------------------------------------------------------------------------- values


def _text(value: object, *, strip: bool = False) -> str | None:
    """`value` if it is a string (with something besides whitespace when `strip`)."""
    if not isinstance(value, str) or (strip and not value.strip()):
        return None
    return value


def _clean(value: str | None, *, markup: bool = False) -> str | None:
    """Whitespace collapsed; tags dropped only where the container holds HTML (`markup`)."""
    if value is None:
        return None
    if markup:  # feedparser sanitises entry content but not titles
        value = _HTML_TAG.sub(" ", _SCRIPT.sub(" ", value))
    cleaned = " ".join(value.split())
    return cleaned or None


def _iso_timestamp(value: object) -> str | None:
    """ISO 8601 for a container's date: a date stays a date, a time keeps its UTC offset."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        if 0 < value < _EPOCH_MAX:
            return datetime.fromtimestamp(value, tz=UTC).isoformat()
        return None
    if not isinstance(value, str):
        return None
    s = value.strip()
    if not s or len(s) > _DATE_MAX_CHARS:
        return None
    try:
        if len(s) == 10:
            return date.fromisoformat(s).isoformat()
        return datetime.fromisoformat(s).isoformat()
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(s).isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    return iso_date(s)
