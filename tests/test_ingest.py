"""Tests for the ingest stage: decoding, formats, metadata, body and boilerplate spans."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from claimscope.document import Document
from claimscope.errors import (
    BinaryInput,
    ConfigError,
    EmptyInput,
    ExtractionFailed,
    InputError,
    InputTooLarge,
    UndecodableInput,
)
from claimscope.stages.ingest import decode_input, detect_format, iso_date, read_document

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SHARED_EXAMPLE = (
    Path(__file__).resolve().parents[2] / "shared" / "examples" / "homs-desert-operation.md"
)

REPOST_MD = """\
# Rebels Say They Downed Army Helicopter over Idlib Countryside

By [Levant Wire](#)

Frontline Digest, June 3, 2019

[Levant Wire](#) 2 June 2019

Region: [Middle East](#)

Theme: [Armed Conflict](#), [Air Power](#)

In-depth Report: [SYRIA](#)

*An army helicopter crashed near **Kafr Nabuda** on Saturday, and two sides tell two stories.*

Rebel commanders claimed that their fighters shot the aircraft down with a heavy machine gun and
that all four crew members were killed. State media said the helicopter came down because of a
"technical fault" and that the crew were rescued.

A monitoring group based in London reported that at least 11 fighters died in clashes nearby
the same day, a figure the government did not

dispute in its evening bulletin. See [the full map](https://maps.example/idlib) for details.

The original source of this article is [Levant Wire](#)\x20\x20
Copyright © [Levant Wire](#), 2019

---

[Comment on Frontline Digest stories on our forum](#)

[Become a Member of Frontline Digest](#)

Articles by: [Levant Wire](#)

**Disclaimer:** The views in this article belong to the author. Frontline Digest is not
responsible for errors in this article.

Frontline Digest contains copyrighted material used under "fair use" for research purposes.

For media inquiries: [press@frontline.example](mailto:press@frontline.example)
"""


def assert_spans(doc: Document) -> None:
    """Every offset ingest hands out points at exactly the text it carries."""
    assert doc.body is not None
    assert doc.span(doc.body.start, doc.body.end) == doc.body
    for mark in doc.boilerplate:
        assert doc.span(mark.start, mark.end).text == mark.text
        assert mark.text == mark.text.strip()
        assert mark.kind


def kinds(doc: Document) -> list[str]:
    return [b.kind for b in doc.boilerplate]


# ------------------------------------------------------------------ markdown


def test_markdown_repost_metadata() -> None:
    doc = read_document(REPOST_MD, source_name="helicopter.md")
    assert_spans(doc)
    meta = doc.meta
    assert meta.format == "markdown"
    assert meta.title == "Rebels Say They Downed Army Helicopter over Idlib Countryside"
    assert meta.publisher == "Frontline Digest"
    assert meta.published == "2019-06-03"
    assert meta.original_source == "Levant Wire"
    assert meta.original_published == "2019-06-02"
    assert meta.authors == ["Levant Wire"]
    assert {(t.kind, t.value) for t in meta.tags} == {
        ("region", "Middle East"),
        ("theme", "Armed Conflict"),
        ("theme", "Air Power"),
        ("report", "SYRIA"),
    }
    assert meta.language == "en"


def test_markdown_body_and_boilerplate_separated() -> None:
    doc = read_document(REPOST_MD, source_name="helicopter.md")
    body = doc.body_span().text
    assert body.startswith("An army helicopter crashed near Kafr Nabuda on Saturday")
    assert body.endswith("See the full map for details.")
    for furniture in (
        "Frontline Digest, June 3",
        "Region:",
        "Copyright",
        "Disclaimer",
        "Comment on",
        "fair use",
        "media inquiries",
        "Become a Member",
    ):
        assert furniture not in body
    assert kinds(doc)[:4] == ["title", "byline", "metadata", "metadata"]
    assert {
        "attribution",
        "copyright",
        "comment",
        "membership",
        "disclaimer",
        "fair_use",
        "contact",
    } <= set(kinds(doc))
    # Everything after the body is marked; the wrapped disclaimer as one span per line.
    tail = [b for b in doc.boilerplate if b.start >= doc.body_span().end]
    assert "".join(doc.text[doc.body_span().end :].split()) == "".join(
        "".join(b.text.split()) for b in tail
    )


def test_markdown_markup_is_normalised() -> None:
    doc = read_document(REPOST_MD, source_name="helicopter.md")
    assert "[" not in doc.text and "](" not in doc.text
    assert "*" not in doc.text and "#" not in doc.text
    assert "Kafr Nabuda" in doc.text
    # A sentence split by a stray blank line is joined again.
    assert "the government did not dispute in its evening bulletin" in doc.text
    # Paragraphs stay separated by blank lines.
    assert "\n\nRebel commanders claimed" in doc.text


def test_markdown_escapes_and_hostile_inline_html() -> None:
    src = (
        "# Title\n\nPrices rose 5 \\* 3 times, said *the* ministry "
        "<script>alert('x')</script><img src=x onerror=\"alert(1)\"> "
        "[click](javascript:alert(1)) &amp; more.\n"
    )
    doc = read_document(src, fmt="markdown")
    assert "Prices rose 5 * 3 times, said the ministry" in doc.text
    assert "click & more." in doc.text
    for markup in ("<script", "alert", "onerror", "<img", "javascript:"):
        assert markup not in doc.text


@pytest.mark.parametrize(
    "markup",
    [
        "the page loads a <script> tag",  # unclosed: the tag goes, the text stays
        "its CSS starts with <style type='text/css'>",
        "a comment opener <!-- was left in",
        "the code span `<script>alert(1)` shows it",  # a code span is literal text
        "a span `<style>` here and `</style>` there",  # not a block: two code spans
    ],
)
def test_markdown_raw_html_never_cuts_the_text_short(markup: str) -> None:
    src = (
        f"# Raw HTML in markdown\n\nThe first paragraph says {markup} in passing.\n\n"
        "The second paragraph reports shelling near Kharkiv on Monday.\n\n"
        "- a list item after it\n\n"
        "```\n<script>\n```\n\n"
        "The last paragraph quotes the governor, who said 3 people were killed.\n"
    )
    doc = read_document(src, fmt="markdown")
    assert_spans(doc)
    for kept in ("The first paragraph says", "in passing.", "shelling near Kharkiv",
                 "a list item after it", "3 people were killed."):
        assert kept in doc.text, (kept, doc.text)
    if "`" in markup:  # code spans keep their markup as text
        assert "<script>alert(1)" in doc.text or "<style>" in doc.text


@pytest.mark.skipif(not SHARED_EXAMPLE.exists(), reason="../shared/examples is not on this machine")
def test_shared_example_article() -> None:
    doc = read_document(SHARED_EXAMPLE.read_bytes(), source_name=SHARED_EXAMPLE.name)
    assert_spans(doc)
    assert doc.meta.publisher == "Global Research"
    assert doc.meta.original_source == "South Front"
    assert doc.meta.published == "2020-04-11"
    assert doc.meta.original_published == "2020-04-10"
    tag_kinds = {t.kind for t in doc.meta.tags}
    assert {"region", "theme"} <= tag_kinds
    body = doc.body_span().text
    assert "Disclaimer" not in body
    assert "Comment on Global Research Articles" not in body
    assert "Region:" not in body
    assert body.startswith("Fierce clashes")
    assert doc.in_boilerplate(doc.text.index("Disclaimer"), doc.text.index("Disclaimer") + 5)


# ------------------------------------------------------------------ plain text


def test_text_is_kept_verbatim_except_crlf() -> None:
    raw = (
        "  Headline without a period  \r\n\r\nFirst  line of the report.\r\n\tIndented second.  \n"
    )
    doc = read_document(raw.encode("utf-8"), source_name="a.txt")
    assert doc.text == raw.replace("\r\n", "\n")
    assert doc.meta.format == "text"
    assert doc.meta.title == "Headline without a period"
    assert_spans(doc)


def test_text_utf8_bom_is_kept_so_corpus_offsets_hold() -> None:
    raw = "\ufeffA title\n\nThe army said 12 soldiers were killed.".encode()
    doc = read_document(raw, source_name="article1.txt")
    assert doc.text.startswith("\ufeffA title")
    start = doc.text.index("12 soldiers")
    assert doc.text[start : start + 11] == "12 soldiers"
    assert doc.meta.title == "A title"
    assert_spans(doc)


def test_text_tail_boilerplate_outside_body() -> None:
    raw = (
        "Clashes in Marib\n\n"
        "MARIB, May 2 (Wire) - Fighting killed 18 people on Tuesday, tribal sources said.\n\n"
        "Advertisement\n\n"
        "The Houthis claimed they repelled an attack.\n\n"
        "(Reporting by A. Writer; Editing by B. Editor)\n\n"
        "Share this article\n"
        "Copyright 2022 Wire Service. All rights reserved.\n"
    )
    doc = read_document(raw, source_name="marib.txt")
    assert doc.text == raw
    assert_spans(doc)
    body = doc.body_span()
    assert body.text.endswith("The Houthis claimed they repelled an attack.")
    assert body.text.startswith("Clashes in Marib")
    assert kinds(doc) == ["navigation", "byline", "share", "copyright"]
    ad = doc.text.index("Advertisement")
    assert doc.in_boilerplate(ad, ad + 13)
    claim = doc.text.index("Fighting killed")
    assert not doc.in_boilerplate(claim, claim + 15)


def test_text_one_sentence_per_line_is_not_swallowed_by_a_caption() -> None:
    # Corpora keep one sentence per line: a © caption starting the last block is not a tail.
    raw = (
        "Suspect named\n\n"
        "© Provided by Some Network Inc. John Doe\n"
        "New documents name a second person of interest in the shooting.\n"
        "Police believe the man may have conspired with the gunman.\n"
        "He has not been charged.\n"
    )
    doc = read_document(raw, source_name="x.txt")
    assert doc.body_span().text.endswith("He has not been charged.")
    police = doc.text.index("Police believe")
    assert not doc.in_boilerplate(police, police + 14)


def test_text_byline_and_outlet_date_lines() -> None:
    raw = (
        "Army and KIA clash near Hpakant\n\n"
        "By Naw Seng and Ko Aung\n"
        "Mekong Courier | 14 May 2021\n\n"
        "Fierce clashes broke out on Wednesday.\n"
    )
    doc = read_document(raw, source_name="k.txt")
    assert doc.meta.authors == ["Naw Seng", "Ko Aung"]
    assert doc.meta.publisher == "Mekong Courier"
    assert doc.meta.published == "2021-05-14"
    assert kinds(doc) == ["byline", "metadata"]
    by = doc.text.index("By Naw")
    assert doc.in_boilerplate(by, by + 3)


def test_prose_starting_with_by_is_not_a_byline() -> None:
    raw = "By the end of the week, 40 people had been killed in Kidal, officials said.\n"
    doc = read_document(raw, source_name="p.txt")
    assert doc.boilerplate == []
    assert doc.meta.authors == []
    assert doc.body_span().text == raw.strip()


# ------------------------------------------------------------------ html

HOSTILE_HTML = """<!DOCTYPE html><html lang="en"><head>
<title>Market shelled in Kramatorsk | Steppe Herald</title>
<meta name="author" content="Iryna Holub">
<meta property="og:site_name" content="Steppe Herald">
<meta property="article:published_time" content="2022-07-05T08:00:00+03:00">
<script>document.write('<b>INJECTED</b>'); stealCookies();</script>
</head><body onload="stealCookies()">
<nav><a href="/">Home</a> | <a href="/war">War</a></nav>
<article><h1>Market shelled in Kramatorsk</h1>
<p>Shells hit the central market in Kramatorsk on Tuesday, killing three people and wounding
nine, the regional governor said in a statement on Telegram.</p>
<img src="x.png" onerror="stealCookies()">
<p>Russia's defence ministry said it had struck an ammunition depot in the city and denied
targeting civilians, a claim residents rejected.</p>
<p>Rescuers said two more bodies might be under the rubble of a shop near the market hall.</p>
<p>&lt;script&gt;alert('escaped')&lt;/script&gt; appeared in a caption here as literal text.</p>
</article>
<div id="comments"><p>Commenter: what a terrible thing to read about this morning.</p></div>
<footer>Copyright © 2022 Steppe Herald</footer></body></html>"""


def test_html_metadata_and_body() -> None:
    doc = read_document(
        HOSTILE_HTML.encode("utf-8"), source_name="kramatorsk.html", url="https://herald.example/a"
    )
    assert_spans(doc)
    assert doc.meta.format == "html"
    assert doc.meta.title == "Market shelled in Kramatorsk"
    assert doc.meta.authors == ["Iryna Holub"]
    assert doc.meta.published == "2022-07-05"
    assert doc.meta.publisher == "Steppe Herald"
    assert doc.meta.url == "https://herald.example/a"
    assert doc.meta.language == "en"
    assert doc.text.startswith("Market shelled in Kramatorsk\n\n")
    assert kinds(doc)[0] == "title"
    assert doc.body_span().text.startswith("Shells hit the central market in Kramatorsk")
    assert "denied" in doc.body_span().text


def test_html_hostile_markup_never_reaches_text() -> None:
    doc = read_document(HOSTILE_HTML, fmt="html")
    for payload in (
        "stealCookies",
        "INJECTED",
        "document.write",
        "onerror",
        "onload",
        "<script",
        "<b>",
        "Commenter",
        "Home | War",
    ):
        assert payload not in doc.text


def test_html_without_text_is_empty() -> None:
    page = "<html><head><script>var a = 1;</script></head><body><div></div></body></html>"
    with pytest.raises(EmptyInput, match="no extractable text"):
        read_document(page, source_name="blank.html")


def test_html_extractor_crash_becomes_extraction_failed(monkeypatch: pytest.MonkeyPatch) -> None:
    import trafilatura

    def boom(*args: object, **kwargs: object) -> None:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(trafilatura, "bare_extraction", boom)
    with pytest.raises(ExtractionFailed, match="RecursionError") as info:
        read_document(HOSTILE_HTML, source_name="deep.html")
    assert info.value.source == "deep.html"


def test_deeply_nested_html_does_not_crash() -> None:
    page = "<html><body>" + "<div>" * 5000 + "<p>text</p>" + "</div>" * 5000 + "</body></html>"
    with pytest.raises(InputError):
        read_document(page, source_name="nest.html")


# ------------------------------------------------------------------ bundled examples

EXAMPLE_EXPECTATIONS = {
    "sahel-convoy-ambush.md": (
        "markdown",
        "Sahel Monitor",
        "2022-09-14",
        "West Africa Dispatch",
        "A Malian army supply convoy",
        "Disclaimer",
    ),
    "donbas-shelling.html": (
        "html",
        "Dnipro Ledger",
        "2023-02-08",
        None,
        "At least four people were killed",
        "My aunt lives",
    ),
    "yemen-airstrike.txt": (
        "text",
        "Gulf Wire Service",
        "2022-03-03",
        None,
        "Coalition air strike on Saada",
        "(Reporting by",
    ),
    "sudan-darfur-attack.md": (
        "markdown",
        "Nile Valley Post",
        "2021-01-18",
        None,
        "Gunmen on motorbikes",
        "Support independent journalism",
    ),
    "myanmar-clashes.txt": (
        "text",
        "Mekong Courier",
        "2021-05-14",
        None,
        "Heavy fighting between army and KIA",
        "Follow the Mekong Courier",
    ),
    "gaza-strike-disputed.html": (
        "html",
        "Levant Observer",
        "2022-08-07",
        None,
        "An explosion in the crowded Jabalia",
        "Sign up for our newsletter",
    ),
}


@pytest.mark.parametrize("name", sorted(EXAMPLE_EXPECTATIONS))
def test_bundled_examples(name: str) -> None:
    fmt, publisher, published, original, body_start, excluded = EXAMPLE_EXPECTATIONS[name]
    doc = read_document((EXAMPLES / name).read_bytes(), source_name=name)
    assert_spans(doc)
    assert doc.meta.format == fmt
    assert doc.meta.publisher == publisher
    assert doc.meta.published == published
    assert doc.meta.original_source == original
    assert doc.meta.title
    assert doc.meta.language == "en"
    body = doc.body_span().text
    assert body.startswith(body_start)
    assert excluded not in body
    assert 300 <= len(body.split()) <= 700


# ------------------------------------------------------------------ arguments and dates


def test_arguments_override_file_metadata() -> None:
    doc = read_document(REPOST_MD, published="11 April 2020", url="https://x.example/1")
    assert doc.meta.published == "2020-04-11"
    assert doc.meta.url == "https://x.example/1"


def test_bad_published_argument() -> None:
    with pytest.raises(ConfigError, match="not a date"):
        read_document("Some text here.", published="sometime soon")


def test_unknown_format() -> None:
    with pytest.raises(ConfigError, match="unknown input format"):
        read_document("Some text here.", fmt="pdf")


@pytest.mark.parametrize(
    ("written", "iso"),
    [
        ("April 11, 2020", "2020-04-11"),
        ("10 April 2020", "2020-04-10"),
        ("2022-08-07T21:05:00+03:00", "2022-08-07"),
        ("Tuesday, 3 March 2020", "2020-03-03"),
        ("2020-02-30", None),
        ("not a date", None),
    ],
)
def test_iso_date(written: str, iso: str | None) -> None:
    assert iso_date(written) == iso


@pytest.mark.parametrize(
    ("text", "name", "fmt"),
    [
        ("plain words", "a.txt", "text"),
        ("# Heading\n\nbody", "-", "markdown"),
        ("Intro with [a](#) and [b](#) links.", "<stdin>", "markdown"),
        ("<!doctype html><html><body><p>x</p></body></html>", "-", "html"),
        ("<p>x</p>", "page.htm", "html"),
        ("# not markdown, the extension says text", "notes.txt", "text"),
        ("Reports say 3 < 5 and 7 > 2.", "-", "text"),
        ("anything", "story.md.gz", "markdown"),
    ],
)
def test_detect_format(text: str, name: str, fmt: str) -> None:
    assert detect_format(text, name) == fmt


# ------------------------------------------------------------------ bad input


@pytest.mark.parametrize("raw", [b"", b"   \n\t\r\n  ", "", "\n\n"])
def test_empty_input(raw: bytes | str) -> None:
    with pytest.raises(EmptyInput) as info:
        read_document(raw, source_name="e.txt")
    assert info.value.source == "e.txt"
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "pdf"),
        (b"PK\x03\x04\x14\x00\x06\x00", "zip"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "png"),
        (b"Some words\x00then a NUL byte", "NUL"),
        (b"\x1f\x8b\x08\x00garbage that is not deflate", "corrupt gzip"),
        ("text with a \x00 NUL", "NUL"),
        (bytes(range(1, 32)) * 10, "control characters"),
    ],
)
def test_binary_input(raw: bytes | str, reason: str) -> None:
    with pytest.raises(BinaryInput, match=reason) as info:
        read_document(raw, source_name="blob.bin")
    assert info.value.source == "blob.bin"
    assert str(info.value).startswith("blob.bin: ")


def test_gzip_is_decompressed() -> None:
    doc = read_document(gzip.compress(REPOST_MD.encode("utf-8")), source_name="helicopter.md.gz")
    assert doc.meta.format == "markdown"
    assert doc.meta.publisher == "Frontline Digest"


def test_gzip_bomb_is_refused() -> None:
    bomb = gzip.compress(b"a" * 200_000)
    assert len(bomb) < 1_000
    with pytest.raises(InputTooLarge, match="gzip expands"):
        read_document(bomb, max_bytes=100_000)


def test_undecodable_input() -> None:
    # Invalid UTF-8, and 0x81/0x8d/0x90 are undefined in cp1252.
    with pytest.raises(UndecodableInput, match="not UTF-8"):
        read_document(b"Report \x81\x8d\x90 \xff\xfe\xfd" * 3, source_name="u.txt")


def test_cp1252_fallback_for_mostly_printable_text() -> None:
    doc = read_document("Caf\u00e9 owners in Timbuktu said \u201cno\u201d.".encode("cp1252"))
    assert doc.text == "Caf\u00e9 owners in Timbuktu said \u201cno\u201d."


def test_declared_charset_is_tried_before_cp1252() -> None:
    page = '<html><head><meta charset="koi8-r"></head><body><p>Донецк</p></body></html>'
    assert "Донецк" in decode_input(page.encode("koi8-r"))


def test_utf16_with_bom() -> None:
    raw = "Shelling in Kherson killed two people.".encode("utf-16")
    assert raw[:2] in (b"\xff\xfe", b"\xfe\xff")
    doc = read_document(raw)
    assert doc.text == "Shelling in Kherson killed two people."


def test_too_large_in_bytes_and_in_chars() -> None:
    with pytest.raises(InputTooLarge, match="bytes"):
        read_document(b"x" * 101, max_bytes=100)
    with pytest.raises(InputTooLarge, match="characters"):
        read_document("word " * 30, max_chars=100)
    with pytest.raises(InputTooLarge):
        read_document("é" * 60, max_bytes=100)  # 120 bytes once encoded


@pytest.mark.parametrize("day", [1, 9, 12, 13, 28, 30, 31])
def test_iso_date_reads_usual_datelines_as_dateparser_does(day: int) -> None:
    import dateparser

    settings = {"REQUIRE_PARTS": ["day", "month", "year"], "RETURN_AS_TIMEZONE_AWARE": False}
    for month in ("January", "Feb", "march", "Sept", "September", "Nov"):
        for written in (f"{month} {day}, 2020", f"{day} {month} 1999", f"{month} {day} 2021"):
            parsed = dateparser.parse(written, languages=["en"], settings=settings)
            assert iso_date(written) == (parsed.date().isoformat() if parsed else None), written
