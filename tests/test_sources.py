"""Corpus readers: files, directories, JSONL, WARC, feeds and gzip into raw documents."""

from __future__ import annotations

import gzip
import io
import json
import os
import time
from collections.abc import Iterable
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders  # type: ignore[import-untyped, unused-ignore]
from warcio.warcwriter import WARCWriter  # type: ignore[import-untyped, unused-ignore]

from claimscope.corpus.sources import RawDocument, ReadFailure, count_sources, iter_sources
from claimscope.stages.ingest import read_document

Item = RawDocument | ReadFailure

AMBUSH = (
    "Gunmen ambushed a supply convoy on the road north of Kalbari on Tuesday, the regional "
    "governor said. Three drivers were wounded and two trucks were set on fire."
)
DENIAL = (
    "A spokesman for the armed group denied any role in the ambush and blamed a rival "
    "faction for the attack on the convoy."
)
MARKET = (
    "Shelling hit the central market of Derrano on Friday morning, killing at least four "
    "people, according to a local health official."
)


def run(*paths: Path, max_bytes: int = 5_000_000) -> list[Item]:
    return list(iter_sources(paths, max_bytes=max_bytes))


def docs(items: Iterable[Item]) -> list[RawDocument]:
    return [i for i in items if isinstance(i, RawDocument)]


def failures(items: Iterable[Item]) -> list[ReadFailure]:
    return [i for i in items if isinstance(i, ReadFailure)]


def page(title: str, *paragraphs: str) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!doctype html><html><head><title>{title}</title></head>"
        f"<body><article><h1>{title}</h1>{body}</article></body></html>"
    ).encode()


# --------------------------------------------------------------------------- WARC


def write_warc(path: Path, *, gz: bool) -> list[str]:
    """A crawl with two articles among records that hold none; returns the article ids."""
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gz)
        ids: list[str] = []

        def response(url: str, status: str, ctype: str, payload: bytes) -> None:
            http = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(payload),
                http_headers=http,
                warc_headers_dict={"WARC-Date": "2024-03-05T10:20:30Z"},
            )
            writer.write_record(record)
            if status.startswith("200") and "html" in ctype:
                ids.append(record.rec_headers.get_header("WARC-Record-ID").strip("<>"))

        request = writer.create_warc_record(
            "https://news.example.org/convoy",
            "request",
            payload=io.BytesIO(b""),
            http_headers=StatusAndHeaders(
                "GET /convoy HTTP/1.1", [("Host", "news.example.org")], is_http_request=True
            ),
        )
        writer.write_record(request)
        response(
            "https://news.example.org/convoy",
            "200 OK",
            "text/html; charset=utf-8",
            page("Convoy ambushed", AMBUSH, DENIAL),
        )
        response("https://news.example.org/gone", "404 Not Found", "text/html", b"<p>gone</p>")
        response("https://news.example.org/logo.png", "200 OK", "image/png", b"\x89PNG\r\n")
        response(
            "https://news.example.org/moved", "301 Moved Permanently", "text/html", b"<p>m</p>"
        )
        metadata = writer.create_warc_record(
            "https://news.example.org/convoy",
            "metadata",
            payload=io.BytesIO(b"via: crawler"),
            warc_content_type="application/warc-fields",
        )
        writer.write_record(metadata)
        response(
            "https://news.example.org/market",
            "200 OK",
            "application/xhtml+xml",
            page("Market shelled", MARKET),
        )
        resource = writer.create_warc_record(
            "file:///notes/market.txt",
            "resource",
            payload=io.BytesIO(MARKET.encode()),
            warc_content_type="text/plain",
            warc_headers_dict={"WARC-Date": "2024-03-06T08:00:00Z"},
        )
        writer.write_record(resource)
        ids.append(resource.rec_headers.get_header("WARC-Record-ID").strip("<>"))
    return ids


@pytest.mark.parametrize("name,gz", [("crawl.warc", False), ("crawl.warc.gz", True)])
def test_warc_yields_html_responses_and_text_resources(tmp_path: Path, name: str, gz: bool) -> None:
    path = tmp_path / name
    ids = write_warc(path, gz=gz)
    items = run(path)
    assert failures(items) == []
    found = docs(items)
    assert [d.locator for d in found] == [f"{path.as_posix()}#{i}" for i in ids]
    assert [d.url for d in found] == [
        "https://news.example.org/convoy",
        "https://news.example.org/market",
        "file:///notes/market.txt",
    ]
    assert [d.fmt for d in found] == ["html", "html", "text"]
    assert [d.fetched for d in found] == [
        "2024-03-05T10:20:30+00:00",
        "2024-03-05T10:20:30+00:00",
        "2024-03-06T08:00:00+00:00",
    ]
    assert isinstance(found[0].content, str) and "Gunmen ambushed" in found[0].content
    assert found[2].content == MARKET
    assert all(d.published is None for d in found)


def test_warc_document_reads_through_read_document(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, gz=True)
    first = docs(run(path))[0]
    doc = read_document(first.content, source_name=first.locator, fmt=first.fmt, url=first.url)
    assert "Three drivers were wounded" in doc.text
    assert doc.meta.url == "https://news.example.org/convoy"


def test_whole_file_gzip_warc_reads_like_per_record_gzip(tmp_path: Path) -> None:
    plain = tmp_path / "crawl.warc"
    ids = write_warc(plain, gz=False)
    whole = tmp_path / "whole.warc.gz"
    whole.write_bytes(gzip.compress(plain.read_bytes()))
    items = run(whole)
    assert failures(items) == []
    assert [d.locator for d in docs(items)] == [f"{whole.as_posix()}#{i}" for i in ids]


def test_truncated_warc_gz_keeps_records_before_the_damage(tmp_path: Path) -> None:
    full = tmp_path / "full.warc.gz"
    ids = write_warc(full, gz=True)
    data = full.read_bytes()
    cut = tmp_path / "cut.warc.gz"
    # Cut inside the last record: every earlier record is whole.
    cut.write_bytes(data[: len(data) - 60])
    items = run(cut)
    assert [d.locator for d in docs(items)] == [f"{cut.as_posix()}#{i}" for i in ids[:2]]
    assert isinstance(items[-1], ReadFailure)
    assert items[-1].reason == "malformed_warc"
    assert items[-1].locator.startswith(f"{cut.as_posix()}#offset=")
    assert len(failures(items)) == 1


def test_truncated_plain_warc_fails_the_cut_record(tmp_path: Path) -> None:
    full = tmp_path / "full.warc"
    ids = write_warc(full, gz=False)
    cut = tmp_path / "cut.warc"
    cut.write_bytes(full.read_bytes()[:-30])
    items = run(cut)
    assert [d.locator for d in docs(items)] == [f"{cut.as_posix()}#{i}" for i in ids[:2]]
    assert [(f.locator, f.reason) for f in failures(items)] == [
        (f"{cut.as_posix()}#{ids[2]}", "malformed_warc")
    ]


def test_garbage_warc_is_one_failure_and_the_next_file_goes_on(tmp_path: Path) -> None:
    bad = tmp_path / "a.warc"
    bad.write_bytes(b"this is not an archive\n" * 20)
    good = tmp_path / "b.txt"
    good.write_text(AMBUSH)
    items = run(tmp_path)
    assert [(type(i).__name__, i.locator) for i in items] == [
        ("ReadFailure", f"{bad.as_posix()}#offset=0"),
        ("RawDocument", good.as_posix()),
    ]
    assert failures(items)[0].reason == "malformed_warc"


def test_warc_record_over_max_bytes_fails_alone(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc"
    ids = write_warc(path, gz=False)
    items = run(path, max_bytes=200)
    # Both pages are over 200 bytes; the text resource (129 bytes) is not.
    assert [(f.locator, f.reason) for f in failures(items)] == [
        (f"{path.as_posix()}#{ids[0]}", "too_large"),
        (f"{path.as_posix()}#{ids[1]}", "too_large"),
    ]
    assert [d.locator for d in docs(items)] == [f"{path.as_posix()}#{ids[2]}"]


def test_warc_without_extension_is_sniffed(tmp_path: Path) -> None:
    source = tmp_path / "x.warc"
    ids = write_warc(source, gz=False)
    bare = tmp_path / "crawl-dump"
    bare.write_bytes(source.read_bytes())
    source.unlink()
    assert [d.locator for d in docs(run(bare))] == [f"{bare.as_posix()}#{i}" for i in ids]


def test_warc_http_charset_is_used_when_bytes_are_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin.warc"
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=False)
        text = "Le porte-parole a démenti toute implication dans l'attaque de Kalbari."
        http = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=iso-8859-1")], protocol="HTTP/1.1"
        )
        record = writer.create_warc_record(
            "https://example.fr/a",
            "response",
            payload=io.BytesIO(f"<html><body><p>{text}</p></body></html>".encode("latin-1")),
            http_headers=http,
        )
        writer.write_record(record)
    (found,) = docs(run(path))
    assert isinstance(found.content, str)
    assert "démenti" in found.content


# --------------------------------------------------------------------------- feeds

RSS = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Frontier Monitor</title>
  <link>https://monitor.example.net/</link>
  <description>Reports from the border districts</description>
  <item>
    <title>Convoy ambushed near Kalbari</title>
    <link>https://monitor.example.net/2024/convoy</link>
    <guid isPermaLink="false">monitor-1001</guid>
    <pubDate>Tue, 05 Mar 2024 18:45:00 +0300</pubDate>
    <description>Short teaser about the convoy.</description>
    <content:encoded><![CDATA[<p>{AMBUSH}</p><script>steal()</script><p>{DENIAL}</p>]]></content:encoded>
  </item>
  <item>
    <title>Market shelled</title>
    <link>https://monitor.example.net/2024/market</link>
    <pubDate>Fri, 08 Mar 2024 07:10:00 GMT</pubDate>
    <description>{MARKET}</description>
  </item>
  <item>
    <title>Photo gallery</title>
    <link>https://monitor.example.net/2024/gallery</link>
  </item>
</channel>
</rss>
"""

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="text">Border Wire</title>
  <id>urn:example:border-wire</id>
  <updated>2024-03-09T12:00:00Z</updated>
  <entry>
    <title>Armed group denies ambush</title>
    <id>tag:borderwire.example.com,2024:denial</id>
    <link rel="alternate" href="https://borderwire.example.com/denial"/>
    <published>2024-03-06T09:30:00+01:00</published>
    <updated>2024-03-06T11:00:00+01:00</updated>
    <content type="html">&lt;p&gt;{DENIAL}&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>Market toll rises</title>
    <id>tag:borderwire.example.com,2024:market</id>
    <link rel="alternate" href="https://borderwire.example.com/market"/>
    <updated>2024-03-09T08:00:00Z</updated>
    <summary type="text">{MARKET}</summary>
  </entry>
</feed>
"""


def test_rss_entries_with_metadata(tmp_path: Path) -> None:
    path = tmp_path / "monitor.rss"
    path.write_text(RSS, encoding="utf-8")
    items = run(path)
    base = path.as_posix()
    assert [(type(i).__name__, i.locator) for i in items] == [
        ("RawDocument", f"{base}#monitor-1001"),
        ("RawDocument", f"{base}#https://monitor.example.net/2024/market"),
        ("ReadFailure", f"{base}#https://monitor.example.net/2024/gallery"),
    ]
    convoy, market = docs(items)
    assert convoy.fmt == "html"
    assert convoy.title == "Convoy ambushed near Kalbari"
    assert convoy.url == "https://monitor.example.net/2024/convoy"
    assert convoy.published == "2024-03-05T18:45:00+03:00"
    assert convoy.publisher == "Frontier Monitor"
    assert isinstance(convoy.content, str)
    assert AMBUSH in convoy.content and DENIAL in convoy.content
    assert "steal" not in convoy.content and "<script" not in convoy.content
    assert "teaser" not in convoy.content  # content:encoded wins over the description
    assert market.fmt == "text"  # a description without markup is plain text
    assert market.content == MARKET
    assert market.published == "2024-03-08T07:10:00+00:00"
    assert failures(items)[0].reason == "empty"


def test_atom_entries_with_metadata(tmp_path: Path) -> None:
    path = tmp_path / "wire.atom"
    path.write_text(ATOM, encoding="utf-8")
    denial, market = docs(run(path))
    assert denial.locator == f"{path.as_posix()}#tag:borderwire.example.com,2024:denial"
    assert denial.fmt == "html"
    assert denial.published == "2024-03-06T09:30:00+01:00"  # published before updated
    assert denial.url == "https://borderwire.example.com/denial"
    assert denial.publisher == "Border Wire"
    assert market.fmt == "text"
    assert market.content == MARKET
    assert market.published == "2024-03-09T08:00:00+00:00"  # only updated is given


def test_feed_entry_reads_through_read_document(tmp_path: Path) -> None:
    path = tmp_path / "monitor.rss.gz"
    path.write_bytes(gzip.compress(RSS.encode()))
    convoy = docs(run(path))[0]
    doc = read_document(convoy.content, source_name=convoy.locator, fmt=convoy.fmt)
    assert "Three drivers were wounded" in doc.text
    assert "steal" not in doc.text


def test_xml_feed_is_a_feed_and_other_xml_a_document(tmp_path: Path) -> None:
    feed = tmp_path / "a.xml"
    feed.write_text(ATOM, encoding="utf-8")
    other = tmp_path / "b.xml"
    other.write_text(f"<?xml version='1.0'?><report><body>{MARKET}</body></report>")
    items = run(tmp_path)
    assert [i.locator for i in items] == [
        f"{feed.as_posix()}#tag:borderwire.example.com,2024:denial",
        f"{feed.as_posix()}#tag:borderwire.example.com,2024:market",
        other.as_posix(),
    ]
    assert isinstance(items[2], RawDocument) and items[2].fmt is None


def test_rss_that_is_not_a_feed_is_malformed(tmp_path: Path) -> None:
    path = tmp_path / "broken.rss"
    path.write_text(f"<html><body><p>{AMBUSH}</p></body></html>")
    (failure,) = run(path)
    assert isinstance(failure, ReadFailure)
    assert (failure.locator, failure.reason) == (path.as_posix(), "malformed_feed")


def test_feed_entity_bomb_is_defused_quickly(tmp_path: Path) -> None:
    levels = ['<!ENTITY e0 "boom boom boom boom boom boom boom boom boom boom">']
    for k in range(1, 9):
        levels.append(f'<!ENTITY e{k} "{f"&e{k - 1};" * 10}">')
    bomb = (
        '<?xml version="1.0"?>\n<!DOCTYPE rss [\n' + "\n".join(levels) + "\n]>\n"
        '<rss version="2.0"><channel><title>Bomb</title><item><guid>b1</guid>'
        f"<title>t</title><description>{MARKET} &e8;</description></item></channel></rss>"
    )
    path = tmp_path / "bomb.rss"
    path.write_text(bomb)
    started = time.monotonic()
    items = run(path)
    assert time.monotonic() - started < 10
    # 10**8 copies would be ~5 GB: whatever comes out is small.
    assert all(len(i.content) < 10_000 for i in docs(items))
    assert [i.locator for i in items] == [f"{path.as_posix()}#b1"]


def test_feed_duplicate_ids_get_distinct_locators(tmp_path: Path) -> None:
    items = "".join(
        f"<item><guid>same</guid><title>T{k}</title><description>{text}</description></item>"
        for k, text in enumerate((AMBUSH, MARKET))
    )
    path = tmp_path / "dup.rss"
    path.write_text(f'<rss version="2.0"><channel><title>D</title>{items}</channel></rss>')
    assert [i.locator for i in run(path)] == [
        f"{path.as_posix()}#same",
        f"{path.as_posix()}#same@2",
    ]


# --------------------------------------------------------------------------- JSONL


def test_jsonl_good_and_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "articles.jsonl"
    lines = [
        json.dumps(
            {
                "text": AMBUSH,
                "url": "https://a.example/1",
                "title": "Convoy ambushed",
                "published": "2024-03-05",
                "publisher": "Kalbari Daily",
            }
        ),
        "{not json",
        "",
        json.dumps(["a", "list"]),
        json.dumps({"title": "no body", "text": "   "}),
        json.dumps({"html": f"<p>{MARKET}</p>", "published": "2024-03-08T07:10:00+02:00"}),
        json.dumps({"text": DENIAL, "date": "March 6, 2024", "url": 17}),
        json.dumps({"text": MARKET, "published": "not a date at all"}),
        "[" * 100_000,
    ]
    path.write_text("\n".join(lines) + "\n")
    items = run(path)
    base = path.as_posix()
    assert [(type(i).__name__, i.locator) for i in items] == [
        ("RawDocument", f"{base}#L1"),
        ("ReadFailure", f"{base}#L2"),
        ("ReadFailure", f"{base}#L4"),
        ("ReadFailure", f"{base}#L5"),
        ("RawDocument", f"{base}#L6"),
        ("RawDocument", f"{base}#L7"),
        ("RawDocument", f"{base}#L8"),
        ("ReadFailure", f"{base}#L9"),
    ]
    assert {f.reason for f in failures(items)} == {"malformed_jsonl"}
    first, html, dated, undated = docs(items)
    assert (first.content, first.fmt) == (AMBUSH, "text")
    assert (first.url, first.title, first.published, first.publisher) == (
        "https://a.example/1",
        "Convoy ambushed",
        "2024-03-05",
        "Kalbari Daily",
    )
    assert (html.fmt, html.published) == ("html", "2024-03-08T07:10:00+02:00")
    assert (dated.published, dated.url) == ("2024-03-06", None)
    assert undated.published is None


def test_jsonl_metadata_is_verbatim_and_feed_titles_lose_markup(tmp_path: Path) -> None:
    rows = tmp_path / "a.jsonl"
    publisher = "[bold red]Daily[/] <i>Courier</i>"
    rows.write_text(json.dumps({"text": AMBUSH, "publisher": publisher, "title": " Two  words "}))
    feed = tmp_path / "b.rss"
    feed.write_text(
        '<rss version="2.0"><channel><title>The &lt;i&gt;Wire&lt;/i&gt;</title><item>'
        "<guid>1</guid><title>Convoy &lt;b&gt;ambushed&lt;/b&gt; &lt;script&gt;x()&lt;/script&gt;"
        f"</title><description>{AMBUSH}</description></item></channel></rss>"
    )
    from_jsonl, from_feed = docs(run(tmp_path))
    assert (from_jsonl.publisher, from_jsonl.title) == (publisher, "Two words")
    assert (from_feed.publisher, from_feed.title) == ("The Wire", "Convoy ambushed")


def test_jsonl_huge_line_fails_alone(tmp_path: Path) -> None:
    path = tmp_path / "big.ndjson.gz"
    rows = [
        json.dumps({"text": AMBUSH}),
        json.dumps({"text": "x " * 50_000}),
        json.dumps({"text": MARKET}),
    ]
    path.write_bytes(gzip.compress(("\n".join(rows) + "\n").encode()))
    items = run(path, max_bytes=10_000)
    assert [(type(i).__name__, i.locator) for i in items] == [
        ("RawDocument", f"{path.as_posix()}#L1"),
        ("ReadFailure", f"{path.as_posix()}#L2"),
        ("RawDocument", f"{path.as_posix()}#L3"),
    ]
    assert failures(items)[0].reason == "too_large"
    assert docs(items)[1].content == MARKET


def test_jsonl_binary_and_non_utf8_lines(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(
        json.dumps({"text": "a\u0000b\u0001c\u0002" * 20}).encode()
        + b"\n"
        + b'{"text": "caf\xe9"}\n'
        + json.dumps({"text": DENIAL}).encode()
        + b"\n"
    )
    items = run(path)
    assert [(type(i).__name__, getattr(i, "reason", None)) for i in items] == [
        ("ReadFailure", "binary"),
        ("ReadFailure", "undecodable"),
        ("RawDocument", None),
    ]


def test_truncated_jsonl_gz_keeps_the_lines_before(tmp_path: Path) -> None:
    rows = [json.dumps({"text": f"{AMBUSH} Report number {k}."}) for k in range(200)]
    data = gzip.compress(("\n".join(rows) + "\n").encode())
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    items = run(path)
    good = docs(items)
    assert 0 < len(good) < 200
    assert [d.locator for d in good] == [f"{path.as_posix()}#L{k}" for k in range(1, len(good) + 1)]
    assert isinstance(items[-1], ReadFailure) and items[-1].reason == "malformed_jsonl"
    assert "truncated" in items[-1].message


# --------------------------------------------------------------------------- files and trees


def test_directory_tree_order_and_hidden_entries(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    (root / "b-dir" / "deep").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main")
    (root / ".draft.md").write_text(AMBUSH)
    (root / "b-dir" / ".hidden.txt").write_text(AMBUSH)
    (root / "c.md").write_text(f"# Market shelled\n\n{MARKET}\n")
    (root / "a.txt").write_text(AMBUSH)
    (root / "b-dir" / "deep" / "z.html.gz").write_bytes(gzip.compress(page("Z", DENIAL)))
    (root / "b-dir" / "note").write_text(DENIAL)
    (root / "b-dir" / "deep" / "y.htm").write_bytes(page("Y", MARKET))
    items = run(root)
    assert failures(items) == []
    assert [d.locator for d in items] == [
        (root / "a.txt").as_posix(),
        (root / "b-dir" / "deep" / "y.htm").as_posix(),
        (root / "b-dir" / "deep" / "z.html.gz").as_posix(),
        (root / "b-dir" / "note").as_posix(),
        (root / "c.md").as_posix(),
    ]
    assert all(d.fmt is None for d in docs(items))
    z = docs(items)[2]
    assert isinstance(z.content, str) and DENIAL in z.content  # gunzipped
    assert run(root) == items  # stable across runs


def test_explicit_paths_keep_their_order_and_are_read_once(tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text(AMBUSH)
    b.write_text(MARKET)
    assert [i.locator for i in run(b, a, b, tmp_path)] == [b.as_posix(), a.as_posix()]


def test_missing_binary_empty_and_unsupported_inputs(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.txt"
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + bytes(range(256)) * 4)
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n\n ")
    archive = tmp_path / "bundle.zip"
    archive.write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    good = tmp_path / "ok.txt"
    good.write_text(AMBUSH)
    items = run(missing, binary, empty, archive, good)
    assert [(i.locator, getattr(i, "reason", "ok")) for i in items] == [
        (missing.as_posix(), "not_found"),
        (binary.as_posix(), "binary"),
        (empty.as_posix(), "empty"),
        (archive.as_posix(), "unsupported"),
        (good.as_posix(), "ok"),
    ]


def test_single_document_over_max_bytes(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text(AMBUSH * 20)
    bomb = tmp_path / "bomb.txt.gz"
    bomb.write_bytes(gzip.compress(b"a" * 5_000_000))  # ~5 KB that inflates to 5 MB
    small = tmp_path / "small.txt"
    small.write_text(AMBUSH)
    items = run(big, bomb, small, max_bytes=1000)
    assert [(i.locator, getattr(i, "reason", "ok")) for i in items] == [
        (big.as_posix(), "too_large"),
        (bomb.as_posix(), "too_large"),
        (small.as_posix(), "ok"),
    ]


def test_gzip_by_magic_without_suffix_and_damaged_gzip(tmp_path: Path) -> None:
    hidden_gz = tmp_path / "report.txt"
    hidden_gz.write_bytes(gzip.compress(AMBUSH.encode()))
    damaged = tmp_path / "damaged.txt.gz"
    damaged.write_bytes(gzip.compress((AMBUSH * 40).encode())[:-12])
    items = run(hidden_gz, damaged)
    assert isinstance(items[0], RawDocument) and items[0].content == AMBUSH
    assert isinstance(items[1], ReadFailure) and items[1].reason == "undecodable"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a non-root POSIX user")
def test_unreadable_file_is_a_failure(tmp_path: Path) -> None:
    locked = tmp_path / "locked.txt"
    locked.write_text(AMBUSH)
    locked.chmod(0)
    try:
        (failure,) = run(locked)
    finally:
        locked.chmod(0o644)
    assert isinstance(failure, ReadFailure) and failure.reason == "unreadable"


def test_permission_error_is_a_failure_even_as_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = tmp_path / "a.txt"
    locked.write_text(AMBUSH)
    other = tmp_path / "b.txt"
    other.write_text(MARKET)
    real_open = Path.open

    def guarded(self: Path, *args: object, **kwargs: object) -> object:
        if self.name == "a.txt":
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(Path, "open", guarded)
    items = run(tmp_path)
    assert [(i.locator, getattr(i, "reason", "ok")) for i in items] == [
        (locked.as_posix(), "unreadable"),
        (other.as_posix(), "ok"),
    ]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_fifo_and_symlink_cycle_do_not_hang(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "loop").symlink_to(tmp_path)
    (tmp_path / "sub" / "a.txt").write_text(AMBUSH)
    items = run(tmp_path)
    assert [(i.locator, getattr(i, "reason", "ok")) for i in items] == [
        ((tmp_path / "pipe").as_posix(), "unsupported"),
        ((tmp_path / "sub" / "a.txt").as_posix(), "ok"),
    ]


def test_jsonl_sniffed_without_extension_and_with_a_bom(tmp_path: Path) -> None:
    path = tmp_path / "export"
    lines = json.dumps({"text": AMBUSH}) + "\n" + json.dumps({"text": MARKET}) + "\n"
    path.write_bytes(b"\xef\xbb\xbf" + lines.encode())
    pretty = tmp_path / "one.json"
    pretty.write_text(json.dumps({"text": AMBUSH}, indent=2))
    items = run(path, pretty)
    assert [i.locator for i in items] == [
        f"{path.as_posix()}#L1",
        f"{path.as_posix()}#L2",
        pretty.as_posix(),  # a pretty-printed object is not JSON Lines: one document
    ]
    assert [d.content for d in docs(items)[:2]] == [AMBUSH, MARKET]


def test_wet_conversion_records_are_text(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.wet.gz"
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        record = writer.create_warc_record(
            "https://news.example.org/market",
            "conversion",
            payload=io.BytesIO(MARKET.encode()),
            warc_content_type="text/plain",
        )
        writer.write_record(record)
        record_id = record.rec_headers.get_header("WARC-Record-ID").strip("<>")
    (found,) = run(tmp_path / "crawl.warc.wet.gz")
    assert isinstance(found, RawDocument)
    assert (found.locator, found.fmt, found.content) == (
        f"{path.as_posix()}#{record_id}",
        "text",
        MARKET,
    )


# --------------------------------------------------------------------------- counting


def test_count_sources_matches_iteration_for_files_and_jsonl(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(AMBUSH)
    (tmp_path / ".hidden.txt").write_text(AMBUSH)
    rows = [json.dumps({"text": MARKET}), "", "{bad", json.dumps({"text": DENIAL})]
    (tmp_path / "b.jsonl.gz").write_bytes(gzip.compress("\n".join(rows).encode()))
    paths = [tmp_path, tmp_path / "missing.md"]
    assert count_sources(paths) == 5 == len(run(*paths))


def test_count_sources_unknown_with_a_warc(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(AMBUSH)
    write_warc(tmp_path / "c.warc.gz", gz=True)
    assert count_sources([tmp_path]) is None
