"""End-to-end tests of the web app in Debian's headless Chromium, driven by Playwright."""

from __future__ import annotations

import io
import json
import shutil
import socket
import threading
import time
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator
from csv import DictReader
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from claimscope.api import ServerSettings, create_app
from claimscope.config import Settings
from claimscope.corpus.batch import analyse_source, ingest, raw_hash
from claimscope.corpus.sources import RawDocument
from claimscope.store import Analysed, Store
from tests.conftest import EXAMPLES, ROOT

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="the playwright package is not installed"
)
uvicorn = pytest.importorskip("uvicorn", reason="uvicorn is not installed")

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists() and shutil.which("chromium") is None:
    pytest.skip(
        "Debian's chromium is not installed (apt-get install chromium)", allow_module_level=True
    )

TOKEN = "e2e-token-5f2c"
CROSS_REPORT = ("arbinda-wire.txt", "arbinda-fpa.md", "arbinda-jnim-claim.html")
SHOTS = ROOT / "test-output" / "screenshots"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LAYERS = (
    "boilerplate",
    "claim",
    "source",
    "cue",
    "rhetoric",
    "quantity",
    "place",
    "date",
    "entity",
)

# Written for these tests: every untrusted field carries a script or event-handler payload.
HOSTILE = (
    'Militia raid on <script>alert("title")</script> Kidal market '
    "<img src=x onerror=alert('title-img')> kills 12\n\n"
    "By Staff Reporter\n"
    "Kidal Observer, May 3, 2024\n\n"
    "KIDAL, May 3 (Kidal Observer) - Gunmen attacked a market in Kidal on Friday, killing 12 "
    "civilians, the regional governor said. Witnesses said the words "
    "<script>alert('body')</script> were painted on a wall.\n\n"
    "A militia spokesman, \"><svg onload=alert('svg')>, denied the report and said only three "
    "people died. Residents shared <a href=\"javascript:alert('link')\">this link</a> and "
    "javascript:alert('bare') on social media.\n"
)
HOSTILE_URL = "javascript:alert('url')"
PASTED = (
    "Two soldiers were killed when militants attacked an army checkpoint near Gao on Tuesday, "
    "the defence ministry said. A spokesman for the group claimed that its fighters killed "
    "nine soldiers and seized weapons. Residents said the fighting lasted two hours."
)


@dataclass
class Server:
    url: str
    hostile_id: str


@dataclass
class Watch:
    """What a page did that a safe page never does."""

    dialogs: list[str] = field(default_factory=list)
    csp: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    url = f"sqlite:///{tmp_path_factory.mktemp('web') / 'store.db'}"
    settings = Settings()
    with Store(url) as store:
        paths = sorted(p for p in EXAMPLES.glob("*-*.*") if p.is_file())
        # Three outlets on one ambush: an incident linked across reports, with its reasons.
        paths += [EXAMPLES / "incidents" / name for name in CROSS_REPORT]
        ingest(paths, store, settings=settings, workers=1)
        from claimscope.pipeline import Analyzer

        raw = RawDocument("hostile.txt", HOSTILE, "text", url=HOSTILE_URL, published="2024-05-03")
        result = analyse_source(Analyzer(settings), raw, raw_hash(raw))
        assert isinstance(result, Analysed)
        store.add(result)
        store.relink()
        hostile_id = result.analysis["document"]["id"]
    app = create_app(ServerSettings(db_url=url, token=TOKEN, analyzer=settings))
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not uv.started:
        if time.monotonic() > deadline:
            pytest.fail("the server did not start")
        time.sleep(0.05)
    yield Server(f"http://127.0.0.1:{port}", hostile_id)
    uv.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = str(CHROMIUM) if CHROMIUM.exists() else shutil.which("chromium")
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=executable, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any, server: Server) -> Iterator[tuple[Any, Watch]]:
    context = browser.new_context(viewport={"width": 1360, "height": 900})
    tab = context.new_page()
    watch = Watch()

    def on_dialog(dialog: Any) -> None:
        watch.dialogs.append(dialog.message)
        dialog.dismiss()

    def on_console(message: Any) -> None:
        text = message.text
        if "Content Security Policy" in text or "Content-Security-Policy" in text:
            watch.csp.append(text)
        elif message.type == "error" and "Failed to load resource" not in text:
            watch.errors.append(text)

    def on_response(response: Any) -> None:
        # The analyse test provokes a 401 on purpose; anything else failing is a bug.
        if response.status >= 400 and not response.url.endswith("/api/analyze"):
            watch.errors.append(f"{response.status} {response.url}")

    tab.on("dialog", on_dialog)
    tab.on("console", on_console)
    tab.on("response", on_response)
    tab.on("pageerror", lambda exc: watch.errors.append(str(exc)))
    tab.set_default_timeout(15_000)
    yield tab, watch
    context.close()
    assert not watch.dialogs, f"a dialog fired: {watch.dialogs}"
    assert not watch.csp, f"CSP violations: {watch.csp}"
    assert not watch.errors, f"page errors: {watch.errors}"


def _get(server: Server, path: str, **params: Any) -> Any:
    query = urllib.parse.urlencode({k: v for k, v in params.items() if v is not None})
    with urllib.request.urlopen(f"{server.url}{path}{'?' + query if query else ''}") as response:
        return json.loads(response.read())


def _open(tab: Any, server: Server, route: str, ready: str) -> None:
    tab.goto(f"{server.url}/#/{route}")
    _settled(tab, ready)


def _settled(tab: Any, ready: str) -> None:
    """Wait for the view of the current route, not the one the page showed before navigating."""
    _until(
        lambda: tab.get_attribute("main", "data-ready") == ready
        and tab.get_attribute("main", "data-rendered") == "#" + tab.url.partition("#")[2],
        f"the {ready} view of {tab.url}",
    )


def _until(check: Callable[[], bool], what: str, timeout: float = 15.0) -> None:
    """Poll from Python: the page's CSP forbids the eval that string predicates need."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.05)


def _shot(tab: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _expected_spans(analysis: dict[str, Any]) -> dict[str, dict[str, str]]:
    """Per layer, the text of every non-empty span, keyed as the reader keys its marks."""
    length = len(analysis["document"]["text"])
    out: dict[str, dict[str, str]] = {layer: {} for layer in LAYERS}

    def add(layer: str, index: int, span: dict[str, Any] | None) -> None:
        if span and 0 <= span["start"] < span["end"] <= length:
            out[layer][f"{layer}:{index}"] = span["text"]

    for i, b in enumerate(analysis["document"]["boilerplate"]):
        add("boilerplate", i, b)
    for i, c in enumerate(analysis["claims"]):
        add("claim", i, c["content"])
        add("source", i, c["source"])
        add("cue", i, c["cue"])
    for key, layer in (
        ("rhetoric", "rhetoric"),
        ("quantities", "quantity"),
        ("places", "place"),
        ("dates", "date"),
        ("entities", "entity"),
    ):
        for i, span in enumerate(analysis[key]):
            add(layer, i, span)
    return out


RENDERED_SPANS = """() => {
  const out = {};
  for (const node of document.querySelectorAll('.doc-text [data-key]')) {
    const key = node.getAttribute('data-key');
    out[key] = (out[key] ?? '') + node.textContent;
  }
  return out;
}"""


def test_app_loads_the_article_list(page: tuple[Any, Watch], server: Server) -> None:
    tab, _ = page
    _open(tab, server, "articles", "articles")
    rows = tab.locator("[data-testid=articles-table] tbody tr")
    stored = _get(server, "/api/articles", limit=1000)["items"]
    assert rows.count() == len(stored) == 10
    titles = set(rows.locator("td:first-child").all_inner_texts())
    assert {a["title"] or "(untitled)" for a in stored} == titles
    assert "articles" in tab.locator("#store-counts").inner_text()
    _shot(tab, "01-articles")
    tab.fill("input[name=q]", "Hombori convoy")
    tab.click("form.filters button[type=submit]")
    _until(lambda: "q=Hombori" in tab.url, "the search in the route")
    _settled(tab, "articles")
    found = _get(server, "/api/articles", q="Hombori convoy")["items"]
    assert 0 < rows.count() == len(found) < len(stored)


def test_article_reader_renders_every_layer_from_offsets(
    page: tuple[Any, Watch], server: Server
) -> None:
    tab, _ = page
    article_id = _get(server, "/api/articles", q="Hombori convoy")["items"][0]["id"]
    analysis = _get(server, f"/api/articles/{article_id}")["analysis"]
    _open(tab, server, f"article/{article_id}", "article")
    # The text is rebuilt from offsets: nothing lost, nothing added.
    assert tab.locator("[data-testid=doc-text]").text_content() == analysis["document"]["text"]
    expected = _expected_spans(analysis)
    rendered: dict[str, str] = tab.evaluate(RENDERED_SPANS)
    for layer in LAYERS:
        mine = {k: v for k, v in rendered.items() if k.startswith(f"{layer}:")}
        assert mine == expected[layer], layer
        legend = tab.locator(f"[data-count={layer}]").inner_text().strip()
        assert legend == str(len(expected[layer]))
    assert (
        expected["claim"] and expected["source"] and expected["place"] and expected["boilerplate"]
    )
    # The title is the text's own first line, shown once: as the heading, not above it too.
    title = analysis["document"]["title"]
    assert title and analysis["document"]["text"].startswith(title)
    assert tab.locator("article.doc").inner_text().count(title) == 1
    assert tab.locator(".doc-title").count() == 1
    heading = tab.locator("[data-testid=doc-text] .doc-title[role=heading]")
    assert heading.text_content() == title
    assert tab.get_by_role("heading", name=title, exact=True).count() == 1
    meta = tab.locator("[data-testid=metadata]").inner_text()
    assert title not in meta
    assert analysis["document"]["publisher"] in meta
    assert analysis["document"]["original_source"] in meta

    claim = tab.locator(".doc-text mark[data-layer=claim]").first
    background = "el => getComputedStyle(el).backgroundColor"
    assert claim.evaluate(background) != "rgba(0, 0, 0, 0)"
    source = tab.locator(".doc-text mark[data-layer=source]").first
    source.hover()
    panel = tab.locator("[data-testid=record-panel]")
    source_key = source.get_attribute("data-key") or ""
    assert expected["source"][source_key] in panel.inner_text()
    _shot(tab, "02-article-reader")
    tab.uncheck("[data-testid=legend] input[data-layer=claim]")
    assert claim.evaluate(background) == "rgba(0, 0, 0, 0)"
    assert source.evaluate(background) != "rgba(0, 0, 0, 0)"
    tab.check("[data-testid=legend] input[data-layer=claim]")
    assert claim.evaluate(background) != "rgba(0, 0, 0, 0)"


def test_map_and_timeline_follow_the_filters(page: tuple[Any, Watch], server: Server) -> None:
    tab, _ = page
    events = _get(server, "/api/events", limit=1000)["items"]
    placed = [e for e in events if e["latitude"] is not None]
    _open(tab, server, "map", "map")
    points = tab.locator("[data-testid=map-svg] g.pt")
    assert points.count() == len(placed) > 0
    assert tab.locator("[data-testid=map-svg] path.country").count() > 100
    # A town-level point and a province-level point are drawn differently.
    dashes = {
        p: tab.locator(f"g.pt[data-precision='{p}'] circle[stroke-dasharray]").count()
        for p in {e["geo_precision"] for e in placed}
    }
    if 1 in dashes:
        assert dashes[1] == 0
    for coarse in (3, 4):
        if coarse in dashes:
            assert dashes[coarse] > 0
    # One label per place where there is room: the busiest place always gets one.
    labels = tab.locator("[data-testid=map-svg] text.place-label")
    names = labels.all_text_contents()
    places = Counter((e["location"], e["latitude"], e["longitude"]) for e in placed)
    assert 0 < len(names) <= len(places)
    assert set(names) <= {e["location"] for e in placed}
    busiest = max(places.items(), key=lambda kv: kv[1])
    assert busiest[1] > 1 and busiest[0][0] in names
    assert labels.first.evaluate("n => n.childElementCount") == 0
    # Events their text does not place stand at the report's focus area: hollow, and the
    # tooltip says so and how the place was found; the legend explains the hollow marker.
    focus = [e for e in placed if e["location_focus"]]
    hollow = tab.locator("[data-testid=map-svg] g.pt[data-focus=true]")
    assert hollow.count() == len(focus) > 0
    assert tab.locator("[data-testid=map-svg] g.pt.focus circle[fill='#fff']").count() == len(focus)
    tips = hollow.locator("title").all_text_contents()
    how = [tip.split("\nPlace: the report's focus area, found by ", 1)[1] for tip in tips]
    assert sorted(h.split("; the text does not place")[0] for h in how) == sorted(
        e["location_focus"] for e in focus
    )
    own = tab.locator("[data-testid=map-svg] g.pt:not([data-focus]) title").all_text_contents()
    assert len(own) == len(placed) - len(focus) and not any("focus area" in t for t in own)
    assert "focus area" in tab.locator("[data-testid=legend-focus]").inner_text()
    _shot(tab, "03-map")

    country = max(
        {e["country_code"] for e in placed},
        key=lambda c: sum(e["country_code"] == c for e in placed),
    )
    tab.fill("input[name=country]", country)
    tab.click("form.filters button[type=submit]")
    _until(lambda: f"country={country}" in tab.url, "the country in the route")
    _settled(tab, "map")
    in_country = [e for e in placed if e["country_code"] == country]
    # data-ready stays 'map' from the last render while the filtered one is drawn: wait.
    _until(lambda: points.count() == len(in_country), "the country's points")
    assert len(in_country) < len(placed)
    csv = tab.locator("[data-testid=exports] a[data-format=acled-csv]").get_attribute("href") or ""
    assert f"country={country}" in csv and "format=acled-csv" in csv
    exported = tab.request.get(f"{server.url}{csv}").text()
    everything = tab.request.get(f"{server.url}/api/export?format=acled-csv").text()
    rows = list(DictReader(io.StringIO(exported)))
    # The export leaves out what ACLED does not code (forecasts), so only "at most".
    assert 0 < len(rows) <= len(in_country)
    assert len(rows) < len(list(DictReader(io.StringIO(everything))))
    assert len({row["country"] for row in rows}) == 1
    first = tab.locator("[data-testid=map-svg] g.pt circle").first
    before = float(first.get_attribute("r") or 0), first.get_attribute("cx")
    tab.click(".map-controls button[title='Zoom in']")
    _until(lambda: first.get_attribute("cx") != before[1], "the map to zoom")
    assert float(first.get_attribute("r") or 0) == before[0], "points keep their pixel size"
    _shot(tab, "03b-map-country-zoomed")

    kind = in_country[0]["event_type"]
    tab.select_option("select[name=type]", kind)
    tab.click("form.filters button[type=submit]")
    _until(lambda: "type=" in tab.url, "the type in the route")
    _settled(tab, "map")
    both = [e for e in in_country if e["event_type"] == kind]
    _until(lambda: points.count() == len(both), "the country's points of that type")
    assert {points.nth(i).get_attribute("data-type") for i in range(points.count())} == {kind}

    incidents = _get(server, "/api/incidents", country=country, type=kind, limit=1000)["items"]
    _open(
        tab,
        server,
        f"map?{urllib.parse.urlencode({'country': country, 'type': kind, 'layer': 'incidents'})}",
        "map",
    )
    shown = tab.locator("[data-testid=map-svg] g.pt[data-kind=incident]")
    assert shown.count() == sum(i["latitude"] is not None for i in incidents)
    focus = [i for i in incidents if i["latitude"] is not None and i["location_focus"]]
    assert tab.locator("[data-testid=map-svg] g.pt[data-focus=true]").count() == len(focus)
    _shot(tab, "03c-map-incidents")

    _open(tab, server, "timeline", "timeline")
    dots = tab.locator("[data-testid=timeline-svg] g.pt")
    assert dots.count() == sum(e["date_start"] is not None for e in events) > 0
    _shot(tab, "04-timeline")
    query = urllib.parse.urlencode({"country": country, "type": kind})
    _open(tab, server, f"timeline?{query}", "timeline")
    assert dots.count() == sum(e["date_start"] is not None for e in both)


def test_incident_view_shows_every_claimant_side_by_side(
    page: tuple[Any, Watch], server: Server
) -> None:
    tab, _ = page
    listed = _get(server, "/api/incidents", limit=1000)["items"]
    flagged = _get(server, "/api/incidents", contradictions="true", limit=1000)["items"]
    _open(tab, server, "incidents?contradictions=true", "incidents")
    rows = tab.locator("[data-testid=incidents-table] tbody tr")
    assert rows.count() == len(flagged) < len(listed)
    _shot(tab, "05-incidents")

    records = [_get(server, f"/api/incidents/{i['id']}") for i in listed]
    # The incident told by the most outlets, then the one with the most figures.
    record = max(
        records,
        key=lambda r: (
            len({e["report_id"] for e in r["events"]}),
            sum(len(c["figures"]) for c in r["claimants"]),
        ),
    )
    assert len({e["report_id"] for e in record["events"]}) >= 2
    _open(tab, server, f"incident/{record['id']}", "incident")
    table = tab.locator("[data-testid=claimant-table] tbody tr")
    assert table.count() == len(record["claimants"])
    for i, claimant in enumerate(record["claimants"]):
        row = table.nth(i)
        assert row.locator("td.claimant").text_content() == claimant["claimant"]
        assert row.locator("td").nth(4).text_content() == claimant["polarity"]
        shown = row.locator("li.figure").all_text_contents()
        wanted = []
        for f in claimant["figures"]:
            low, high = f["low"], f["high"]
            span = f"≥{low}" if high is None else (f"{low}" if low == high else f"{low}–{high}")
            wanted.append(" ".join(str(x) for x in (span, f["unit"], f["who"]) if x))
        assert shown == wanted
        hrefs = row.locator("td.quotes a").evaluate_all(
            "els => els.map(e => e.getAttribute('href'))"
        )
        assert hrefs == [
            f"#/article/{q['report_id']}?at={q['start']}-{q['end']}" for q in claimant["quotes"]
        ]
    links = tab.locator("[data-testid=links-table] tbody tr")
    assert links.count() == len(record["links"]) > 0
    for i, link in enumerate(record["links"]):
        assert links.nth(i).locator("li").all_text_contents() == link["reasons"]
    box = tab.locator("[data-testid=contradiction]").inner_text()
    for reason in record["contradiction_reasons"]:
        assert reason in box
    _shot(tab, "06-incident")

    quote = record["claimants"][0]["quotes"][0]
    tab.locator("[data-testid=claimant-table] td.quotes a").first.click()
    _until(lambda: "#/article/" in tab.url, "the quote's article in the route")
    _settled(tab, "article")
    assert tab.locator(".doc-text mark[data-layer=target]").first.is_visible()
    target = tab.evaluate(
        "() => [...document.querySelectorAll('.doc-text [data-layer=target]')]"
        ".map(n => n.textContent).join('')"
    )
    assert target == quote["text"]


def test_pasted_and_uploaded_articles_are_analysed(
    page: tuple[Any, Watch], server: Server, tmp_path: Path
) -> None:
    tab, _ = page
    _open(tab, server, "analyze", "analyze")
    tab.fill("textarea[name=text]", PASTED)
    tab.fill("input[name=token]", "wrong-token")
    tab.click("[data-testid=analyze-form] button[type=submit]")
    tab.wait_for_selector(".status.error")
    assert "401" in tab.locator(".status.error").inner_text()
    tab.fill("input[name=token]", TOKEN)
    tab.fill("input[name=published]", "2024-03-12")
    tab.click("[data-testid=analyze-form] button[type=submit]")
    tab.wait_for_selector("[data-testid=analysis-result] [data-testid=doc-text]", timeout=60_000)
    text = tab.locator("[data-testid=doc-text]").text_content() or ""
    assert "army checkpoint near Gao" in text
    places = tab.locator(".doc-text mark[data-layer=place]").all_text_contents()
    assert "Gao" in places
    assert tab.locator(".doc-text mark[data-layer=claim]").count() >= 2
    # No title line in the text: the heading stands above it.
    assert tab.locator("[data-testid=analysis-result] .doc-title").count() == 1
    assert tab.locator("[data-testid=analysis-result] h2.doc-title").text_content() == "(untitled)"
    assert tab.evaluate("sessionStorage.getItem('claimscope.token')") == TOKEN
    _shot(tab, "07-analyze")

    upload = tmp_path / "upload.md"
    upload.write_text("# Clashes near Gao\n\n" + PASTED, encoding="utf-8")
    tab.set_input_files("input[name=file]", str(upload))
    textarea = tab.locator("textarea[name=text]")
    _until(lambda: textarea.input_value().startswith("# Clashes"), "the file in the textarea")
    assert tab.locator("select[name=format]").input_value() == "markdown"
    tab.click("[data-testid=analyze-form] button[type=submit]")
    title = tab.locator(".doc-title")
    _until(lambda: title.text_content() == "Clashes near Gao", "the uploaded analysis", 60)
    result = tab.locator("[data-testid=analysis-result] article.doc").inner_text()
    assert result.count("Clashes near Gao") == 1


def test_hostile_article_renders_payloads_as_text(page: tuple[Any, Watch], server: Server) -> None:
    tab, watch = page
    _open(tab, server, "articles", "articles")
    assert "<script>" in tab.locator("[data-testid=articles-table]").inner_text()
    _open(tab, server, f"article/{server.hostile_id}", "article")
    title = tab.locator(".doc-title").text_content() or ""
    assert '<script>alert("title")</script>' in title and "onerror=" in title
    assert tab.locator("[data-testid=doc-text]").text_content() == HOSTILE
    # Only the app's own two scripts; nothing from the data became an element.
    assert tab.evaluate("document.scripts.length") == 2
    assert tab.locator("main img, main script, main iframe, main object").count() == 0
    assert (
        tab.locator("main svg[onload], main [onerror], main [onload], main [onclick]").count() == 0
    )
    assert tab.locator("a[href^='javascript:' i]").count() == 0
    assert HOSTILE_URL in tab.locator("[data-testid=metadata]").inner_text()
    tab.locator(".doc-text mark[data-layer=source]").last.hover()
    assert "<svg onload=" in tab.locator("[data-testid=record-panel]").inner_text()
    _shot(tab, "08-hostile-article")
    # The claimant named with a payload, in the incident table and the map's tooltips.
    events = _get(server, "/api/events", limit=1000)["items"]
    incident_id = next(
        e["incident_id"]
        for e in events
        if e["article_id"] == server.hostile_id and e["incident_id"]
    )
    _open(tab, server, f"incident/{incident_id}", "incident")
    claimants = tab.locator("[data-testid=claimant-table] td.claimant").all_text_contents()
    assert any("<svg onload=" in name for name in claimants)
    assert tab.locator("main svg[onload], main img, main script").count() == 0
    _open(tab, server, "map?country=ML", "map")
    tips = tab.locator("[data-testid=map-svg] g.pt title").all_text_contents()
    assert any("<script>" in tip for tip in tips)
    # The Hombori convoy ambush (examples/sahel-convoy-ambush.md) is placed in Mopti; its town
    # and its region share the name, which is written once.
    names = tab.locator("[data-testid=map-svg] text.place-label").all_text_contents()
    assert names.count("Mopti") == 1
    assert len(names) == len(set(names))
    assert tab.locator("main img, main script, main [onload], main [onerror]").count() == 0
    assert not watch.dialogs
