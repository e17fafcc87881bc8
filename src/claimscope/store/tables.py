"""The store's tables (SQLAlchemy Core): what a query may read; migrations create them.

One row per stored article copy, with its full analysis (the schema-v1 contract) as JSON,
and flat rows of the canonical copy's claims, events and per-claimant fatalities for
filtering. Every flat row keeps the character offsets of the text it came from, so the
quote can always be cut back out of `articles.text`.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

articles = Table(
    "articles",
    metadata,
    # An integer key for the full-text index (FTS5 rowid).
    Column("seq", Integer, primary_key=True, autoincrement=True),
    # The document id (content hash of the text) for the first copy of a text; a verbatim
    # copy of it from another input (wire copy, the same file at another path) gets an id
    # of its own, derived from the document id and its input key.
    Column("id", String(16), nullable=False, unique=True),
    # The analysis' document id: the content hash of the text, shared by verbatim copies.
    Column("document_id", String(16), nullable=False, index=True),
    # The input key (`batch.raw_hash`): raw content and locator; the same key is a re-run.
    Column("raw_hash", String(64), nullable=False, unique=True),
    Column("locator", Text, nullable=False),
    # The canonical copy of the report this copy belongs to (itself for an original).
    Column("report_id", String(16), nullable=False, index=True),
    Column("repost_similarity", Float),
    Column("title", Text),
    Column("url", Text),
    Column("publisher", Text),
    Column("original_source", Text),
    Column("published", String(10), index=True),
    Column("language", String(8)),
    Column("format", String(16)),
    Column("text", Text, nullable=False),
    Column("analysis", Text, nullable=False),
    Column("schema_version", String(8), nullable=False),
    Column("minhash", LargeBinary, nullable=False),
    Column("ingested_at", String(32), nullable=False),
)

claims = Table(
    "claims",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("article_id", String(16), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("claim_id", String(32), nullable=False),
    Column("source", Text),
    Column("source_kind", String(32)),
    Column("source_start", Integer),
    Column("source_end", Integer),
    Column("cue", Text),
    Column("cue_start", Integer),
    Column("cue_end", Integer),
    Column("content", Text, nullable=False),
    Column("content_start", Integer, nullable=False),
    Column("content_end", Integer, nullable=False),
    Column("polarity", String(16), nullable=False),
    Column("status", String(16), nullable=False),
    Index("ix_claims_article_claim", "article_id", "claim_id", unique=True),
)

events = Table(
    "events",
    metadata,
    Column(
        "article_id", String(16), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("event_id", String(32), primary_key=True),
    Column("event_type", String(64), nullable=False, index=True),
    Column("sub_event_type", String(64), nullable=False),
    Column("status", String(16), nullable=False),
    Column("actor1", Text),
    Column("actor1_kind", String(32)),
    Column("actor2", Text),
    Column("actor2_kind", String(32)),
    Column("location", Text),
    Column("country_code", String(2), index=True),
    Column("admin1", Text),
    Column("latitude", Float),
    Column("longitude", Float),
    Column("geo_precision", Integer),
    # How the place was found when the text does not place the event itself (the report's
    # focus area, `placement.event_location`); NULL when the event has its own place.
    Column("location_focus", Text),
    Column("date_start", String(10), index=True),
    Column("date_end", String(10)),
    Column("date_precision", String(8)),
    Column("fatalities", Integer, nullable=False),
    Column("evidence_start", Integer, nullable=False),
    Column("evidence_end", Integer, nullable=False),
    Column("incident_id", String(40), index=True),
)

fatalities = Table(
    "fatalities",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("article_id", String(16), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("event_id", String(32), nullable=False),
    Column("claim_id", String(32)),
    Column("source", Text, nullable=False),
    Column("low", Integer),
    Column("high", Integer),
    Column("who", Text),
    Column("unit", String(32), nullable=False),
    Index("ix_fatalities_event", "article_id", "event_id"),
)

incidents = Table(
    "incidents",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("event_type", String(64)),
    Column("sub_event_type", String(64)),
    Column("location", Text),
    Column("country_code", String(2), index=True),
    Column("admin1", Text),
    Column("latitude", Float),
    Column("longitude", Float),
    Column("geo_precision", Integer),
    # As for events: how the place was found when no member event places itself.
    Column("location_focus", Text),
    Column("date_start", String(10), index=True),
    Column("date_end", String(10)),
    Column("n_reports", Integer, nullable=False),
    Column("n_events", Integer, nullable=False),
    Column("contradiction", Boolean, nullable=False, index=True),
    # The whole incident (links with their reasons, claimants with their quotes) as JSON.
    Column("record", Text, nullable=False),
)

failures = Table(
    "failures",
    metadata,
    Column("locator", Text, primary_key=True),
    Column("reason", String(64), nullable=False),
    Column("message", Text, nullable=False),
    Column("failed_at", String(32), nullable=False),
)

state = Table(
    "state",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)
