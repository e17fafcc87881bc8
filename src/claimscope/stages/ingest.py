"""Ingest: raw bytes or str -> `Document` with its text, metadata, body span and boilerplate.

Order of work (`read_document`):
  1. decode    size limit, gzip, binary magic numbers, BOM / UTF-8 / cp1252 (`decode_input`)
  2. format    text, markdown or html: from `fmt`, the file extension, else the content
  3. read      text kept verbatim (`\\r\\n` -> `\\n` only); markdown normalised to plain text;
               html extracted by trafilatura (scripts, handlers and comments never reach text)
  4. segment   the head (title, bylines, outlet/date lines, tags) and the tail (syndication
               furniture: copyright, disclaimer, "Comment on…") become `Boilerplate`; the
               body is what lies between, and short stand-alone lines inside it
               ("Advertisement", "Share this") are marked too
  5. metadata  `published`/`url` arguments override the file; dates become ISO; language

Word lists and patterns live in `claimscope/data/ingest/patterns.toml`.
"""

from __future__ import annotations

import html
import re
import tomllib
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib.resources import files
from pathlib import PurePath
from typing import Any

from claimscope.document import Boilerplate, Document, Metadata, Tag, check_offsets
from claimscope.errors import (
    BinaryInput,
    ConfigError,
    EmptyInput,
    ExtractionFailed,
    InputTooLarge,
    UndecodableInput,
)

__all__ = ["FORMATS", "decode_input", "detect_format", "iso_date", "read_document"]

FORMATS = ("text", "markdown", "html")

_FORMAT_ALIASES: Mapping[str, str] = {
    "text": "text",
    "txt": "text",
    "plain": "text",
    "markdown": "markdown",
    "md": "markdown",
    "html": "html",
    "htm": "html",
    "xhtml": "html",
}
_EXTENSIONS: Mapping[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
}

# A cp1252 decoding is believed only when nearly every character is printable.
_MIN_PRINTABLE = 0.95
# More C0 control characters than this share of a UTF-8 text means binary data.
_MAX_CONTROL = 0.05
_SAMPLE = 65_536
# Lines longer than this are prose, never a stand-alone furniture line or a metadata line.
_SHORT_LINE = 120
_WS = " \t\n\r\f\v\ufeff\u200b\xa0"
# The metadata block of an article never runs longer than this many lines.
_HEAD_MAX_LINES = 25
# A paragraph this short never ends a sentence broken by a stray blank line.
_MIN_BROKEN_PARAGRAPH = 40
# A hard-wrapped line of prose is at least this long and ends mid-sentence.
_MIN_WRAPPED = 50
_SENTENCE_FINAL = tuple('.!?"”’')
_TITLE_MAX = 200
_GZIP_MAGIC = b"\x1f\x8b"
_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    # A UTF-8 BOM is kept as U+FEFF: corpus offsets (PTC) count it as a character.
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_DECLARED_CHARSET = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)
_HTML_LANG = re.compile(r"""<html\b[^>]*?\blang\s*=\s*["']?([A-Za-z]{2,3})\b""", re.I)
_HTML_SNIFF = re.compile(r"<(?:!doctype\s+html|html|head|body|article|div|p)\b", re.I)
_HTML_CLOSE = re.compile(r"</(?:p|div|html|body|article|span|a)\s*>", re.I)
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+\S", re.M)
_MD_LINK = re.compile(r"\[[^\]\n]+\]\([^)\n]*\)")
_MD_EMPHASIS_LINE = re.compile(r"^\s{0,3}(?:\*\*|__)\S", re.M)
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_LABEL = re.compile(r"(?P<label>[A-Za-z][A-Za-z -]{0,30}?)\s*:\s*(?P<value>\S.*)$")
_TOKEN = re.compile(r"[a-z]+")
# A sentence broken by a stray blank line ends in a plain word and resumes with a lowercase
# word; an address ("contact: x@y.ca" / "www.y.ca contains…") is not a broken sentence.
_BROKEN_END = re.compile(r"(?:^|\s)[A-Za-z][A-Za-z'’-]*,?$")
_BROKEN_START = re.compile(r"[a-z][a-z'’-]*(?:\s|$)")


# --------------------------------------------------------------------------- tables


@dataclass(frozen=True, slots=True)
class _Rule:
    kind: str
    where: str  # head, tail, any
    regex: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class _Tables:
    rules: tuple[_Rule, ...]
    separator: re.Pattern[str]
    labels: Mapping[str, str]
    byline: re.Pattern[str]
    author_split: re.Pattern[str]
    date_last: re.Pattern[str]
    date_first: re.Pattern[str]
    date_words: frozenset[str]
    update_words: frozenset[str]
    name_connectors: frozenset[str]
    en_words: frozenset[str]
    en_min_tokens: int
    en_min_ratio: float
    magic: tuple[tuple[str, bytes], ...]


@cache
def _tables() -> _Tables:
    raw = (files("claimscope") / "data" / "ingest" / "patterns.toml").read_text("utf-8")
    data: dict[str, Any] = tomllib.loads(raw)
    md = data["metadata"]
    date_re = md["date"]
    glue = "[" + re.escape(md["name_date_glue"]) + "]*"
    return _Tables(
        rules=tuple(
            _Rule(r["kind"], r["where"], re.compile(r["pattern"], re.I))
            for r in data["boilerplate"]
        ),
        separator=re.compile(data["separator"]["pattern"]),
        labels={k.lower(): v for k, v in md["labels"].items()},
        byline=re.compile(md["byline"]),
        author_split=re.compile(md["author_split"], re.I),
        date_last=re.compile(rf"(?P<name>.*?){glue}(?<!\w)(?P<date>{date_re})\s*$", re.I),
        date_first=re.compile(rf"(?P<date>{date_re}){glue}(?P<name>.*?)\s*$", re.I),
        date_words=frozenset(md["date_words"]),
        update_words=frozenset(md["update_words"]),
        name_connectors=frozenset(md["name_connectors"]),
        en_words=frozenset(data["language"]["en"]),
        en_min_tokens=int(data["language"]["min_tokens"]),
        en_min_ratio=float(data["language"]["min_ratio"]),
        magic=tuple((k, bytes.fromhex(v)) for k, v in data["binary_magic"].items()),
    )


# --------------------------------------------------------------------------- entry point


def read_document(
    raw: bytes | str,
    *,
    source_name: str = "<input>",
    fmt: str | None = None,
    published: str | None = None,
    url: str | None = None,
    max_bytes: int = 5_000_000,
    max_chars: int = 1_000_000,
) -> Document:
    """Read one article; raise an `InputError` subclass naming the reason when it cannot be."""
    text = decode_input(raw, source=source_name, max_bytes=max_bytes)
    if len(text) > max_chars:
        raise InputTooLarge(f"{len(text)} characters, limit {max_chars}", source=source_name)
    if not text.strip():
        raise EmptyInput("empty or whitespace only", source=source_name)
    kind = _canonical_format(fmt) if fmt else detect_format(text, source_name)
    if kind == "html":
        read = _read_html(text, url=url, source=source_name)
    elif kind == "markdown":
        read = _read_markdown(text, source=source_name)
    else:
        read = _read_text(text)
    meta = read.meta
    if published is not None:
        iso = iso_date(published)
        if iso is None:
            raise ConfigError(f"published date {published!r} is not a date")
        meta.published = iso
    if url is not None:
        meta.url = url
    doc = Document(text=read.text, meta=meta)
    doc.body = doc.span(read.body_start, read.body_end)
    for mark in read.boilerplate:
        check_offsets(doc.text, mark.start, mark.end)
    doc.boilerplate = read.boilerplate
    if meta.language is None:
        meta.language = _guess_language(doc.body.text)
    return doc


@dataclass(slots=True)
class _Read:
    text: str
    meta: Metadata
    body_start: int
    body_end: int
    boilerplate: list[Boilerplate]


# --------------------------------------------------------------------------- decoding


def decode_input(raw: bytes | str, *, source: str = "<input>", max_bytes: int = 5_000_000) -> str:
    """Bytes (or str) to text with `\\r\\n` -> `\\n`; gzip is unpacked, binary refused."""
    if isinstance(raw, str):
        if len(raw) > max_bytes or len(raw.encode("utf-8", "surrogatepass")) > max_bytes:
            raise InputTooLarge(f"over {max_bytes} bytes", source=source)
        text = raw
    else:
        if len(raw) > max_bytes:
            raise InputTooLarge(f"{len(raw)} bytes, limit {max_bytes}", source=source)
        if raw.startswith(_GZIP_MAGIC):
            raw = _gunzip(raw, max_bytes=max_bytes, source=source)
        text = _decode_bytes(raw, source=source)
    if "\x00" in text:
        raise BinaryInput("NUL bytes: binary data, not text", source=source)
    sample = text[:_SAMPLE]
    if sample and len(_CONTROL.findall(sample)) / len(sample) > _MAX_CONTROL:
        raise BinaryInput("control characters: binary data, not text", source=source)
    return text.replace("\r\n", "\n")


def _gunzip(raw: bytes, *, max_bytes: int, source: str) -> bytes:
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(raw, max_bytes + 1)
    except zlib.error:
        raise BinaryInput("corrupt gzip data", source=source) from None
    if len(out) > max_bytes or inflater.unconsumed_tail:
        raise InputTooLarge(f"gzip expands beyond {max_bytes} bytes", source=source)
    if out.startswith(_GZIP_MAGIC):
        raise BinaryInput("nested gzip data", source=source)
    return out


def _decode_bytes(raw: bytes, *, source: str) -> str:
    for name, magic in _tables().magic:
        if raw.startswith(magic):
            raise BinaryInput(f"{name} file, not text", source=source)
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(codec)
            except UnicodeDecodeError:
                raise UndecodableInput(f"invalid {codec} after its BOM", source=source) from None
    if b"\x00" in raw:
        raise BinaryInput("NUL bytes: binary data, not text", source=source)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    for codec in (*_declared_charsets(raw), "cp1252"):
        try:
            text = raw.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
        if _printable_share(text) >= _MIN_PRINTABLE:
            return text
    raise UndecodableInput("not UTF-8 and no plausible fallback encoding", source=source)


def _declared_charsets(raw: bytes) -> list[str]:
    # An HTML page may say what it is (<meta charset="windows-1251">); believed only after UTF-8.
    found = _DECLARED_CHARSET.search(raw[:4096])
    return [found.group(1).decode("ascii", "replace")] if found else []


def _printable_share(text: str) -> float:
    sample = text[:_SAMPLE]
    if not sample:
        return 1.0
    ok = sum(1 for c in sample if c.isprintable() or c in "\n\r\t\f")
    return ok / len(sample)


# --------------------------------------------------------------------------- format


def _canonical_format(fmt: str) -> str:
    kind = _FORMAT_ALIASES.get(fmt.strip().lower())
    if kind is None:
        raise ConfigError(f"unknown input format {fmt!r}; known: {', '.join(FORMATS)}")
    return kind


def detect_format(text: str, source_name: str = "<input>") -> str:
    """'text', 'markdown' or 'html': by file extension first (`a.html.gz` too), then content."""
    path = PurePath(source_name)
    suffix = path.suffix.lower()
    if suffix == ".gz":
        suffix = PurePath(path.stem).suffix.lower()
    if suffix in _EXTENSIONS:
        return _EXTENSIONS[suffix]
    head = text[:20_000]
    if _HTML_SNIFF.search(head[:2048]) and _HTML_CLOSE.search(head):
        return "html"
    if (
        _MD_HEADING.search(head)
        or len(_MD_LINK.findall(head)) >= 2
        or _MD_EMPHASIS_LINE.search(head)
    ):
        return "markdown"
    return "text"


# --------------------------------------------------------------------------- lines


@dataclass(frozen=True, slots=True)
class _Line:
    start: int
    end: int
    text: str
    heading: bool = False

    @property
    def blank(self) -> bool:
        return not self.text.strip()


def _split_lines(text: str, headings: Iterable[int] = ()) -> list[_Line]:
    marked = set(headings)
    lines: list[_Line] = []
    pos = 0
    for i, part in enumerate(text.split("\n")):
        lines.append(_Line(pos, pos + len(part), part, i in marked))
        pos += len(part) + 1
    return lines


def _trim(line: _Line) -> tuple[int, int]:
    """Offsets of the line without surrounding whitespace (and a kept BOM)."""
    lead = len(line.text) - len(line.text.lstrip(_WS))
    return line.start + lead, line.start + len(line.text.rstrip(_WS))


def _mark(line: _Line, kind: str) -> Boilerplate:
    start, end = _trim(line)
    return Boilerplate(line.text[start - line.start : end - line.start], start, end, kind)


def _neutral(line: _Line) -> bool:
    return line.blank or bool(_tables().separator.match(line.text.strip()))


def _classify(line: str, where: str) -> tuple[str, dict[str, str]] | None:
    """The boilerplate kind of one line in the given part of an article, with named groups."""
    s = line.strip()
    if not s:
        return None
    short = len(s) <= _SHORT_LINE
    for rule in _tables().rules:
        if rule.where == where or (rule.where == "any" and short):
            found = rule.regex.match(s)
            if found:
                return rule.kind, {k: v.strip() for k, v in found.groupdict().items() if v}
    return None


# --------------------------------------------------------------------------- metadata lines


_MONTH_NUMBERS: Mapping[str, int] = {
    name: number
    for number, names in enumerate(
        (("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
         ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
         ("september", "sept", "sep"), ("october", "oct"), ("november", "nov"),
         ("december", "dec")),
        start=1,
    )
    for name in names
}
_MONTH_NAME = "|".join(sorted(_MONTH_NUMBERS, key=len, reverse=True))
# 'April 11, 2020' and '11 April 2020' with a four-digit year and nothing else.
_WRITTEN_DATE = re.compile(
    rf"(?:(?P<m1>{_MONTH_NAME}) (?P<d1>[0-3]?\d),? |(?P<d2>[0-3]?\d) (?P<m2>{_MONTH_NAME}),? )"
    r"(?P<y>(?:19|20)\d\d)",
    re.IGNORECASE | re.ASCII,  # ASCII: no other digits, no 'ſeptember' for dateparser to doubt
)


def iso_date(value: str) -> str | None:
    """An ISO `YYYY-MM-DD` for a written date ('April 11, 2020', '2020-04-11T09:30Z'), or None."""
    value = value.strip()
    iso = re.match(r"(\d{4})-(\d{2})-(\d{2})", value)
    if iso:
        try:
            return date(int(iso[1]), int(iso[2]), int(iso[3])).isoformat()
        except ValueError:
            return None
    written = _WRITTEN_DATE.fullmatch(value)
    if written:
        # The usual dateline forms, read as dateparser reads them (the same answer for every
        # month spelling, day 0-39 and both orders) without its milliseconds per call.
        day = int(written["d1"] or written["d2"])
        month = _MONTH_NUMBERS[(written["m1"] or written["m2"]).lower()]
        try:
            return date(int(written["y"]), month, day).isoformat()
        except ValueError:
            pass  # 'February 30, 2020': dateparser decides
    import dateparser  # slow to import; only metadata dates need it

    parsed = dateparser.parse(
        value,
        languages=["en"],
        settings={"REQUIRE_PARTS": ["day", "month", "year"], "RETURN_AS_TIMEZONE_AWARE": False},
    )
    return parsed.date().isoformat() if parsed is not None else None


def _is_name(name: str) -> bool:
    """An outlet or person name: a few capitalised words ('Centre for Research on Peace')."""
    words = name.split()
    if not words or len(name) > 60 or len(words) > 7 or name.endswith(":"):
        return False
    connectors = _tables().name_connectors
    return words[0][0].isupper() and all(
        w[0].isupper() or w[0].isdigit() or w.lower() in connectors for w in words
    )


def _name_date(line: str) -> tuple[str | None, str, bool] | None:
    """'Outlet, April 11, 2020' -> (name, iso, is_update); a bare date gives name None."""
    t = _tables()
    for pattern in (t.date_last, t.date_first):
        found = pattern.match(line)
        if not found:
            continue
        iso = iso_date(found["date"])
        if iso is None:
            continue
        name = found["name"].strip(" ,|·•–—-")
        if name.lower() in t.update_words:
            return None, iso, True
        if not name or name.lower() in t.date_words:
            return None, iso, False
        if _is_name(name):
            return name, iso, False
    return None


def _split_names(value: str) -> list[str]:
    return [n.strip() for n in _tables().author_split.split(value) if n.strip()]


def _apply_label(field: str, value: str, meta: Metadata) -> None:
    if field.startswith("tag:"):
        kind = field.removeprefix("tag:")
        meta.tags.extend(Tag(kind, v.strip()) for v in value.split(",") if v.strip())
    elif field == "published":
        meta.published = meta.published or iso_date(value)
    elif field in ("original_source", "original_published"):
        both = _name_date(value)
        if both is not None:
            meta.original_source = meta.original_source or both[0]
            meta.original_published = meta.original_published or both[1]
        elif (iso := iso_date(value)) is not None:
            meta.original_published = meta.original_published or iso
        else:
            meta.original_source = meta.original_source or value.strip()
    elif field == "authors":
        meta.authors.extend(n for n in _split_names(value) if n not in meta.authors)
    elif field == "publisher":
        meta.publisher = meta.publisher or value.strip()
    elif field == "url":
        meta.url = meta.url or value.strip()
    # "updated" and unknown fields: recognised as metadata, nothing to keep.


def _head_line(line: _Line, meta: Metadata) -> str | None:
    """Read one line of the metadata block into `meta`; its boilerplate kind, or None for prose."""
    s = line.text.strip()
    if line.heading and meta.title is None:
        meta.title = s
        return "title"
    if len(s) > _SHORT_LINE:
        return None
    labelled = _LABEL.match(s)
    if labelled:
        field = _tables().labels.get(labelled["label"].strip().lower())
        if field is not None:
            _apply_label(field, labelled["value"], meta)
            return "byline" if field == "authors" else "metadata"
    byline = _tables().byline.match(s)
    if byline:
        meta.authors.extend(n for n in _split_names(byline["names"]) if n not in meta.authors)
        return "byline"
    dated = _name_date(s)
    if dated is not None:
        name, iso, update = dated
        if update:
            pass
        elif name is None:
            meta.published = meta.published or iso
        elif meta.publisher is None:
            meta.publisher, meta.published = name, meta.published or iso
        elif name != meta.publisher and meta.original_source is None:
            meta.original_source, meta.original_published = name, iso
        return "metadata"
    found = _classify(s, "head")
    return found[0] if found else None


def _read_head(lines: list[_Line], first: int, meta: Metadata) -> tuple[int, list[Boilerplate]]:
    """Index of the first body line at or after `first`, and the marks of the lines before it."""
    marks: list[Boilerplate] = []
    i = first
    while i < len(lines) and i - first < _HEAD_MAX_LINES:
        line = lines[i]
        if _neutral(line):
            i += 1
            continue
        kind = _head_line(line, meta)
        if kind is None:
            break
        marks.append(_mark(line, kind))
        i += 1
    return i, marks


# --------------------------------------------------------------------------- tail and body


def _paragraphs(lines: list[_Line]) -> list[list[_Line]]:
    paras: list[list[_Line]] = []
    current: list[_Line] = []
    for line in lines:
        if _neutral(line):
            if current:
                paras.append(current)
                current = []
        else:
            current.append(line)
    if current:
        paras.append(current)
    return paras


def _segment(
    text: str, lines: list[_Line], first: int, meta: Metadata
) -> tuple[int, int, list[Boilerplate]]:
    """Body offsets over lines[first:] and the tail and mid-body marks.

    The tail is read backwards paragraph by paragraph: a paragraph whose first line is
    furniture ("Disclaimer: …") is furniture through its wrapped lines; the first prose
    paragraph ends the tail, though furniture lines stuck to its end still count.
    """
    marks: list[Boilerplate] = []
    found_groups: list[dict[str, str]] = []
    prose: list[_Line] = []
    paras = _paragraphs(lines[first:])
    end = len(paras)
    while end > 0:
        para = paras[end - 1]
        found = [_classify(line.text, "tail") for line in para]
        kinds = _furniture_kinds(para, found)
        if kinds is None:
            j = len(para)
            while j > 0 and found[j - 1] is not None:
                j -= 1
            for line, hit in zip(para[j:], found[j:], strict=True):
                if hit:
                    marks.append(_mark(line, hit[0]))
                    found_groups.append(hit[1])
            prose = para[:j]
            break
        marks.extend(_mark(line, kind) for line, kind in zip(para, kinds, strict=True))
        found_groups.extend(hit[1] for hit in found if hit)
        end -= 1
    body_lines = [line for para in paras[: end - 1] for line in para] + prose if end else []
    for groups in found_groups:
        if (
            "source" in groups
            and meta.original_source is None
            and groups["source"] != meta.publisher
        ):
            meta.original_source = groups["source"].rstrip(".")
        if "author" in groups and not meta.authors:
            meta.authors = _split_names(groups["author"])
    if not body_lines:
        # Nothing but furniture: analyse everything rather than nothing.
        stripped = text.strip()
        start = text.find(stripped)
        return start, start + len(stripped), marks
    for line in body_lines:
        inline = _classify(line.text, "any")
        if inline:
            marks.append(_mark(line, inline[0]))
    return _trim(body_lines[0])[0], _trim(body_lines[-1])[1], marks


def _furniture_kinds(
    para: list[_Line], found: list[tuple[str, dict[str, str]] | None]
) -> list[str] | None:
    """Kinds for a paragraph of furniture, or None when it is prose.

    It is furniture when its first line matches and every later line matches too or
    continues a hard-wrapped line (the line above is long and stops mid-sentence): one
    sentence-final line followed by an unmatched one means running prose (corpora keep one
    sentence per line with no blank lines), and must not vanish after a caption.
    """
    kinds: list[str] = []
    kind = ""
    for k, hit in enumerate(found):
        if hit is not None:
            kind = hit[0]
        elif k == 0 or not _wrapped(para[k - 1].text):
            return None
        kinds.append(kind)
    return kinds


def _wrapped(line: str) -> bool:
    s = line.rstrip()
    return len(s) >= _MIN_WRAPPED and not s.endswith(_SENTENCE_FINAL)


def _finish(
    text: str,
    meta: Metadata,
    lines: list[_Line],
    first: int,
    head: list[Boilerplate],
    body_from: int | None = None,
) -> _Read:
    start, end, tail = _segment(text, lines, first, meta)
    if body_from is not None:
        start = min(start, body_from)
    marks = sorted(
        {(b.start, b.end, b.kind): b for b in head + tail}.values(), key=lambda b: (b.start, b.end)
    )
    return _Read(text, meta, start, end, marks)


# --------------------------------------------------------------------------- text


def _read_text(text: str) -> _Read:
    """Plain text stays exactly as decoded: corpus offsets must keep pointing at the same words."""
    lines = _split_lines(text)
    meta = Metadata(format="text")
    i = next(k for k, line in enumerate(lines) if not line.blank)
    title_start: int | None = None
    if _looks_like_title(lines, i):
        meta.title = lines[i].text.strip(_WS)
        title_start = _trim(lines[i])[0]
        i += 1
    first, head = _read_head(lines, i, meta)
    # A title in plain text is part of the report (corpora annotate it); the head lines
    # after it stay marked as boilerplate inside the body.
    return _finish(text, meta, lines, first, head, body_from=title_start)


def _looks_like_title(lines: list[_Line], i: int) -> bool:
    s = lines[i].text.strip(_WS)
    followed_by_break = i + 1 >= len(lines) or lines[i + 1].blank
    return followed_by_break and 3 <= len(s) <= _TITLE_MAX and not s.endswith(".")


# --------------------------------------------------------------------------- markdown

# Raw HTML whose content is not text. Only a closed block is dropped: an unclosed
# `<script>` or `<!--` in a markdown file is a stray tag (its tag goes, by `_TAG`), never a
# reason to lose the paragraphs after it.
_MD_DROP_BLOCKS = re.compile(
    r"<(script|style|iframe|object|embed|template|noscript)\b.*?</\1\s*>|<!--.*?-->",
    re.I | re.S,
)
_MD_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_MD_CODE_SPAN = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)")
# Angle brackets of code are parked where the escapes are, so no tag rule touches them.
_MD_PARK = {ord(c): 0xF0000 + ord(c) for c in "<>"}
_MD_FENCE = re.compile(r"^\s{0,3}(?:```|~~~)")
_MD_ATX = re.compile(r"^\s{0,3}#{1,6}(?:\s+(?P<text>.*?))?(?:\s+#+)?\s*$")
_MD_SETEXT = re.compile(r"^\s{0,3}(?:=+|-+)\s*$")
_MD_BREAK = re.compile(r"^\s{0,3}([-*_])(?:\s*\1){2,}\s*$")
_MD_REFDEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S+")
_MD_QUOTE = re.compile(r"^\s{0,3}>\s?")
_MD_BULLET = re.compile(r"^(\s*)[*+-]\s+")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>~|])")
_MD_ESCAPED = re.compile("[\U000f0000-\U000f00ff]")
_MD_EMPHASIS = (
    re.compile(r"(\*{1,3})(?=\S)(.+?)(?<=\S)\1"),
    re.compile(r"(?<![\w\\])(_{1,3})(?=\S)(.+?)(?<=\S)\1(?!\w)"),
)
_MD_INLINE: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"!\[([^\]]*)\]\((?:[^()]|\([^()]*\))*\)"), ""),
    (re.compile(r"\[([^\]]*)\]\((?:[^()]|\([^()]*\))*\)"), r"\1"),
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),
    (re.compile(r"<((?:https?|ftp|mailto):[^>\s]+)>"), r"\1"),
    (_TAG, ""),
    (re.compile(r"`([^`\n]+)`"), r"\1"),
    (re.compile(r"~~(?=\S)(.+?)(?<=\S)~~"), r"\1"),
)


def _md_inline(line: str) -> str:
    # Escaped characters are parked in a private-use plane so emphasis stripping skips them.
    line = _MD_ESCAPE.sub(lambda m: chr(0xF0000 + ord(m[1])), line)
    for pattern, repl in _MD_INLINE:
        line = pattern.sub(repl, line)
    for _ in range(3):
        before = line
        for pattern in _MD_EMPHASIS:
            line = pattern.sub(r"\2", line)
        if line == before:
            break
    return html.unescape(_md_unpark(line)).rstrip()


def _md_literal_code(src: str) -> str:
    """`src` with the angle brackets of code blocks and code spans parked: code is text."""
    lines: list[str] = []
    fenced = False
    for line in src.split("\n"):
        if _MD_FENCE.match(line):
            fenced = not fenced
        elif fenced:
            line = line.translate(_MD_PARK)
        else:
            line = _MD_CODE_SPAN.sub(lambda m: m[1] + m[2].translate(_MD_PARK) + m[1], line)
        lines.append(line)
    return "\n".join(lines)


def _md_drop_blocks(src: str) -> str:
    """Closed script/style/comment blocks removed; one that runs across a blank line is
    dropped only when it starts a line (an HTML block), else just its tags go."""

    def drop(m: re.Match[str]) -> str:
        starts_line = m.start() == 0 or src[m.start() - 1] == "\n"
        return "" if starts_line or not _MD_BLANK_LINE.search(m[0]) else m[0]

    return _MD_DROP_BLOCKS.sub(drop, src)


def _md_unpark(line: str) -> str:
    return _MD_ESCAPED.sub(lambda m: chr(ord(m[0]) - 0xF0000), line)


def _md_lines(src: str) -> list[tuple[str, bool]]:
    """Markdown source to plain (line, is_heading) pairs; '' marks a paragraph break."""
    out: list[tuple[str, bool]] = []
    fenced = False
    for raw in _md_drop_blocks(_md_literal_code(src)).split("\n"):
        if _MD_FENCE.match(raw):
            fenced = not fenced
            out.append(("", False))
            continue
        if fenced:
            out.append((_md_unpark(raw.rstrip()), False))
            continue
        if _MD_SETEXT.match(raw) and out and out[-1][0]:
            out[-1] = (out[-1][0], True)
            out.append(("", False))
            continue
        if _MD_BREAK.match(raw) or _MD_REFDEF.match(raw):
            out.append(("", False))
            continue
        heading = _MD_ATX.match(raw)
        if heading:
            out.append((_md_inline(heading["text"] or ""), True))
            continue
        line = raw
        while _MD_QUOTE.match(line):
            line = _MD_QUOTE.sub("", line, count=1)
        line = _MD_BULLET.sub(r"\1- ", line)
        out.append((_md_inline(line), False))
    return out


def _md_paragraphs(lines: list[tuple[str, bool]]) -> list[list[tuple[str, bool]]]:
    paras: list[list[tuple[str, bool]]] = []
    current: list[tuple[str, bool]] = []
    for line, heading in lines:
        if not line.strip():
            if current:
                paras.append(current)
                current = []
            continue
        current.append((line, heading))
        if heading:  # a heading is a paragraph of its own
            paras.append(current)
            current = []
    if current:
        paras.append(current)
    return _join_broken(paras)


def _join_broken(paras: list[list[tuple[str, bool]]]) -> list[list[tuple[str, bool]]]:
    """Rejoin a sentence split by a stray blank line: 'the goal achieved\\n\\nby Turkey was…'."""
    joined: list[list[tuple[str, bool]]] = []
    for para in paras:
        if joined:
            prev = joined[-1]
            last, last_heading = prev[-1]
            nxt, nxt_heading = para[0]
            if (
                not last_heading
                and not nxt_heading
                and sum(len(s) for s, _ in prev) >= _MIN_BROKEN_PARAGRAPH
                and _BROKEN_END.search(last.rstrip())
                and _BROKEN_START.match(nxt.lstrip())
                and not last.lstrip().startswith("- ")
            ):
                prev[-1] = (last.rstrip() + " " + nxt.lstrip(), False)
                prev.extend(para[1:])
                continue
        joined.append(list(para))
    return joined


def _read_markdown(src: str, *, source: str) -> _Read:
    paras = _md_paragraphs(_md_lines(src.lstrip("\ufeff")))
    if not paras:
        raise EmptyInput("no text left after removing markdown markup", source=source)
    rows: list[str] = []
    headings: list[int] = []
    for para in paras:
        if rows:
            rows.append("")
        for line, heading in para:
            if heading:
                headings.append(len(rows))
            rows.append(line)
    text = "\n".join(rows)
    lines = _split_lines(text, headings)
    meta = Metadata(format="markdown")
    first, head = _read_head(lines, 0, meta)
    return _finish(text, meta, lines, first, head)


# --------------------------------------------------------------------------- html


def _read_html(src: str, *, url: str | None, source: str) -> _Read:
    import trafilatura  # heavy; only HTML needs it

    try:
        result = trafilatura.bare_extraction(
            src,
            url=url,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            with_metadata=True,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:  # lxml and trafilatura raise many unrelated types on bad markup
        raise ExtractionFailed(
            f"HTML extraction failed: {type(exc).__name__}", source=source
        ) from exc
    main = (getattr(result, "text", None) or "") if result is not None else ""
    paragraphs = [_TAG.sub("", p).strip() for p in main.split("\n")]
    paragraphs = [p for p in paragraphs if p]
    if not paragraphs:
        raise EmptyInput("HTML has no extractable text", source=source)
    meta = Metadata(format="html")
    title = _clean_meta(getattr(result, "title", None))
    if title:
        meta.title = title
        if _squash(paragraphs[0]) != _squash(title):
            paragraphs.insert(0, title)
    text = "\n\n".join(paragraphs)
    lines = _split_lines(text)
    head: list[Boilerplate] = []
    first = 0
    if title:
        head.append(_mark(lines[0], "title"))
        first = 1
    meta.authors = _split_names(_clean_meta(getattr(result, "author", None)) or "")
    meta.publisher = _clean_meta(getattr(result, "sitename", None))
    published = _clean_meta(getattr(result, "date", None))
    meta.published = iso_date(published) if published else None
    meta.url = _clean_meta(getattr(result, "url", None))
    for kind, attr in (("tag", "tags"), ("category", "categories")):
        for value in getattr(result, attr, None) or []:
            meta.tags.extend(Tag(kind, v.strip()) for v in str(value).split(",") if v.strip())
    lang = _HTML_LANG.search(src[:4096])
    meta.language = lang.group(1).lower() if lang else None
    first, more = _read_head(lines, first, meta)
    return _finish(text, meta, lines, first, head + more)


def _clean_meta(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    cleaned = " ".join(_TAG.sub("", value).split())
    return cleaned or None


def _squash(s: str) -> str:
    return " ".join(s.split()).casefold()


# --------------------------------------------------------------------------- language


def _guess_language(text: str) -> str | None:
    """'en' when English function words make up a good share of the tokens, else None."""
    t = _tables()
    tokens = _TOKEN.findall(text[:20_000].lower())
    if len(tokens) < t.en_min_tokens:
        return None
    share = sum(1 for tok in tokens if tok in t.en_words) / len(tokens)
    return "en" if share >= t.en_min_ratio else None
