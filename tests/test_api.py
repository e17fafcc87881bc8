"""The REST API over a store of the example articles: every endpoint, its limits and its errors."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from claimscope.api import UNPLACED_HEADER, ServerSettings, create_app
from claimscope.config import Settings
from claimscope.corpus.batch import ingest
from claimscope.output import validate
from claimscope.store import Store
from tests.conftest import EXAMPLES

TOKEN = "s3cret-token-for-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
STAGES = ("language", "places", "claims", "events", "roles")
ARTICLE = (
    "Gunmen attacked a police post in Gao on Monday, killing three officers, the regional "
    "governor said. A militant group claimed the attack and said it killed ten."
)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('api') / 'store.db'}"
    with Store(url) as store:
        paths = [p for p in EXAMPLES.glob("*-*.*") if p.is_file()]
        ingest(paths, store, settings=Settings(stages=STAGES), workers=1)
    return url


def _client(db: str, **overrides: object) -> TestClient:
    settings = ServerSettings(db_url=db, token=TOKEN, analyzer=Settings(stages=STAGES))
    for key, value in overrides.items():
        settings = type(settings)(**{**_fields(settings), key: value})
    return TestClient(create_app(settings))


def _fields(settings: ServerSettings) -> dict[str, object]:
    return {name: getattr(settings, name) for name in settings.__slots__}


@pytest.fixture(scope="module")
def client(db: str) -> Iterator[TestClient]:
    with _client(db) as c:
        yield c


def test_health_and_security_headers(client: TestClient) -> None:
    response = client.get("/api/health")
    assert response.status_code == 200
    body = response.json()
    assert body["schema_version"] == "1" and body["counts"]["articles"] == 6
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["x-content-type-options"] == "nosniff"


def test_articles_paginate_and_search(client: TestClient) -> None:
    first = client.get("/api/articles", params={"limit": 4}).json()
    rest = client.get("/api/articles", params={"limit": 4, "offset": first["next_offset"]}).json()
    assert len(first["items"]) == 4 and first["next_offset"] == 4
    assert len(rest["items"]) == 2 and rest["next_offset"] is None
    ids = [a["id"] for a in first["items"] + rest["items"]]
    assert len(set(ids)) == 6
    found = client.get("/api/articles", params={"q": "Hombori convoy"}).json()["items"]
    assert [a["title"] for a in found] and all("Convoy" in a["title"] for a in found)


def test_one_article_carries_its_valid_analysis(client: TestClient) -> None:
    article_id = client.get("/api/articles", params={"q": "Hombori convoy"}).json()["items"][0][
        "id"
    ]
    body = client.get(f"/api/articles/{article_id}").json()
    validate(body["analysis"])
    assert body["analysis"]["document"]["id"] == article_id
    assert [c["id"] for c in body["copies"]] == [article_id]
    assert client.get("/api/articles/0000000000000000").status_code == 404
    assert client.get("/api/articles/bad%20id!").status_code == 422


def test_events_filters_and_errors(client: TestClient) -> None:
    mali = client.get("/api/events", params={"country": "ML"}).json()["items"]
    assert mali and all(e["country_code"] == "ML" for e in mali)
    assert all("claimant_fatalities" in e for e in mali)
    assert client.get("/api/events", params={"since": "2022-13-45x"}).status_code == 422
    assert client.get("/api/events", params={"limit": 0}).status_code == 422
    unknown = client.get("/api/events", params={"country": "Atlantis"})
    assert unknown.status_code == 400 and "unknown country" in unknown.json()["detail"]


def test_events_say_when_the_place_is_the_reports_focus_area(client: TestClient) -> None:
    events = client.get("/api/events", params={"limit": 1000}).json()["items"]
    assert events and all("location_focus" in e for e in events)
    focus = [e for e in events if e["location_focus"]]
    assert focus, "the examples hold events their text does not place"
    for e in focus:
        assert e["latitude"] is not None and e["geo_precision"] == 3 and e["location"]
    # Found by the country filter like any placed event.
    country = focus[0]["country_code"]
    listed = client.get("/api/events", params={"country": country, "limit": 1000}).json()
    assert focus[0]["event_id"] in {e["event_id"] for e in listed["items"]
                                    if e["article_id"] == focus[0]["article_id"]}


def test_incidents_claims_and_sources(client: TestClient) -> None:
    incidents = client.get("/api/incidents", params={"limit": 1000}).json()["items"]
    assert incidents
    one = client.get(f"/api/incidents/{incidents[0]['id']}").json()
    assert one["id"] == incidents[0]["id"] and "claimants" in one and "links" in one
    assert client.get("/api/incidents/incident-nope").status_code == 404
    claims = client.get("/api/claims", params={"source": "Diarra"}).json()["items"]
    assert claims and all("Diarra" in c["source"] for c in claims)
    sources = client.get("/api/sources").json()["items"]
    assert sources and sources == sorted(sources, key=lambda s: (-s["claims"], s["source"]))


def test_exports_follow_the_filter(client: TestClient) -> None:
    csv_text = client.get("/api/export", params={"format": "acled-csv", "country": "ML"}).text
    header, *rows = csv_text.strip().splitlines()
    assert header.startswith("event_id_cnty,event_date") and rows
    assert all(",Mali," in row for row in rows)
    geo = client.get("/api/export", params={"format": "geojson", "country": "YE"}).json()
    assert geo["type"] == "FeatureCollection" and geo["features"]
    assert all(-180 <= f["geometry"]["coordinates"][0] <= 180 for f in geo["features"])
    assert client.get("/api/export", params={"format": "xlsx"}).status_code == 422


def test_acled_export_counts_the_events_it_leaves_out(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    placed = tmp_path / "placed.txt"
    placed.write_text(ARTICLE, encoding="utf-8")
    # Nothing in this report names a place, so ACLED could not code its attack.
    nowhere = tmp_path / "nowhere.txt"
    nowhere.write_text(
        "Gunmen attacked a convoy on Monday, killing four soldiers, an army spokesman said.",
        encoding="utf-8",
    )
    with Store(url) as store:
        ingest([placed, nowhere], store, settings=Settings(stages=STAGES), workers=1)
    with _client(url) as client:
        events = client.get("/api/events", params={"limit": 1000}).json()["items"]
        unplaced = [e for e in events if e["location"] is None]
        assert unplaced and len(unplaced) < len(events)
        response = client.get("/api/export", params={"format": "acled-csv"})
        rows = response.text.strip().splitlines()[1:]
        assert response.headers[UNPLACED_HEADER] == str(len(unplaced))
        assert len(rows) == len(events) - len(unplaced)
        # The count follows the filter: the Malian events are all placed.
        in_mali = client.get("/api/export", params={"format": "acled-csv", "country": "ML"})
        assert in_mali.headers[UNPLACED_HEADER] == "0"
        assert "content-disposition" in response.headers


def test_writes_need_the_token(db: str, client: TestClient) -> None:
    assert client.post("/api/analyze", content=ARTICLE).status_code == 401
    wrong = {"Authorization": "Bearer not-it", "content-type": "text/plain"}
    assert client.post("/api/analyze", content=ARTICLE, headers=wrong).status_code == 401
    with _client(db, token=None) as closed:
        refused = closed.post("/api/analyze", content=ARTICLE, headers=AUTH)
        assert refused.status_code == 403 and "CLAIMSCOPE_TOKEN" in refused.json()["detail"]


def test_analyze_text_html_and_json(client: TestClient) -> None:
    text = client.post(
        "/api/analyze?published=2024-05-08",
        content=ARTICLE,
        headers={**AUTH, "content-type": "text/plain"},
    )
    assert text.status_code == 200, text.text
    analysis = text.json()
    validate({k: v for k, v in analysis.items() if k != "stored"})
    assert analysis["events"] and analysis["events"][0]["date"]["start"] == "2024-05-06"
    html = client.post(
        "/api/analyze",
        content=f"<html><body><article><p>{ARTICLE}</p></article></body></html>",
        headers={**AUTH, "content-type": "text/html; charset=utf-8"},
    )
    assert html.status_code == 200 and html.json()["document"]["format"] == "html"
    as_json = client.post(
        "/api/analyze",
        json={"text": ARTICLE, "published": "2024-05-08", "format": "text"},
        headers=AUTH,
    )
    assert as_json.status_code == 200
    assert as_json.json()["document"]["published"] == "2024-05-08"


def test_analyze_takes_a_profile(client: TestClient) -> None:
    headers = {**AUTH, "content-type": "text/plain"}
    accurate = client.post("/api/analyze?profile=accurate", content=ARTICLE, headers=headers)
    assert accurate.status_code == 200, accurate.text
    assert accurate.json()["events"]
    unknown = client.post("/api/analyze?profile=fastest", content=ARTICLE, headers=headers)
    assert unknown.status_code == 422 and "profile" in unknown.text


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        (b"\x00\x01\x02binary" * 100, "text/plain", 422),
        (b"   ", "text/plain", 422),
        (ARTICLE.encode(), "application/pdf", 415),
        (b"{not json", "application/json", 400),
        (b'{"text": 5}', "application/json", 400),
        (b'{"text": "x", "format": "docx"}', "application/json", 400),
    ],
)
def test_analyze_refuses_bad_input_with_json_errors(
    client: TestClient, body: bytes, content_type: str, status: int
) -> None:
    response = client.post(
        "/api/analyze", content=body, headers={**AUTH, "content-type": content_type}
    )
    assert response.status_code == status
    assert isinstance(response.json()["detail"], str)


def test_oversized_bodies_are_refused_before_reading(db: str) -> None:
    with _client(db, max_body_bytes=1000) as small:
        big = ("x" * 2000).encode()
        declared = small.post(
            "/api/analyze", content=big, headers={**AUTH, "content-type": "text/plain"}
        )

        def chunks() -> Iterator[bytes]:
            for _ in range(4):
                yield b"y" * 400

        streamed = small.post(
            "/api/analyze", content=chunks(), headers={**AUTH, "content-type": "text/plain"}
        )
    assert declared.status_code == streamed.status_code == 413
    assert "limit" in declared.json()["detail"]


def test_analysis_time_limit(db: str) -> None:
    with _client(db, analysis_timeout_s=0.001) as hurried:
        response = hurried.post(
            "/api/analyze", content=ARTICLE * 20, headers={**AUTH, "content-type": "text/plain"}
        )
    assert response.status_code == 422 and "longer than" in response.json()["detail"]


def test_analyze_and_store_then_read_back(db: str, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'own.db'}"
    with _client(url) as own:
        stored = own.post(
            "/api/analyze?store=true&published=2024-05-08",
            content=ARTICLE,
            headers={**AUTH, "content-type": "text/plain"},
        ).json()
        again = own.post(
            "/api/analyze?store=true&published=2024-05-08",
            content=ARTICLE,
            headers={**AUTH, "content-type": "text/plain"},
        ).json()
        article = own.get(f"/api/articles/{stored['document']['id']}")
        counts = own.get("/api/health").json()["counts"]
    assert (stored["stored"], again["stored"]) == ("stored", "duplicate")
    assert article.status_code == 200 and counts["articles"] == 1 and counts["incidents"] >= 1


def test_ingest_upload(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'up.db'}"
    lines = [json.dumps({"text": ARTICLE, "published": "2024-05-08"}), "{broken"]
    payload = gzip.compress(("\n".join(lines) + "\n").encode())
    with _client(url) as own:
        refused = own.post("/api/ingest", files={"file": ("feed.jsonl.gz", payload)})
        done = own.post("/api/ingest", files={"file": ("feed.jsonl.gz", payload)}, headers=AUTH)
        # The same upload again is a re-run (not a copy of itself at a new staging path).
        again = own.post("/api/ingest", files={"file": ("feed.jsonl.gz", payload)}, headers=AUTH)
        counts = own.get("/api/health").json()["counts"]
        (article,) = own.get("/api/articles").json()["items"]
    assert refused.status_code == 401
    assert done.status_code == 200, done.text
    assert done.json()["stored"] == 1 and done.json()["failed"] == 1 and counts["failures"] == 1
    assert again.json()["skipped"] == 1 and counts["articles"] == 1
    assert article["locator"] == "upload:feed.jsonl.gz#L1"


def test_private_server_closes_reads(db: str) -> None:
    with _client(db, private=True) as private:
        assert private.get("/api/events").status_code == 401
        assert private.get("/api/events", headers=AUTH).status_code == 200


def test_every_country_the_document_offers_is_accepted(client: TestClient) -> None:
    parameters = client.get("/openapi.json").json()["paths"]["/api/events"]["get"]["parameters"]
    (country,) = [p for p in parameters if p["name"] == "country"]
    choices = country["schema"]["anyOf"][0].get("enum") or country["schema"].get("enum")
    assert "ML" in choices and "Mali" in choices
    refused = [
        c
        for c in choices
        if client.get("/api/events", params={"country": c, "limit": 1}).status_code != 200
    ]
    assert refused == []
