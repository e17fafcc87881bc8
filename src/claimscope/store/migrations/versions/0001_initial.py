"""Initial store: articles, claims, events, fatalities, incidents, failures, full-text search.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("id", sa.String(16), nullable=False, unique=True),
        sa.Column("raw_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("locator", sa.Text, nullable=False),
        sa.Column("report_id", sa.String(16), nullable=False, index=True),
        sa.Column("repost_similarity", sa.Float),
        sa.Column("title", sa.Text),
        sa.Column("url", sa.Text),
        sa.Column("publisher", sa.Text),
        sa.Column("original_source", sa.Text),
        sa.Column("published", sa.String(10), index=True),
        sa.Column("language", sa.String(8)),
        sa.Column("format", sa.String(16)),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("analysis", sa.Text, nullable=False),
        sa.Column("schema_version", sa.String(8), nullable=False),
        sa.Column("minhash", sa.LargeBinary, nullable=False),
        sa.Column("ingested_at", sa.String(32), nullable=False),
    )
    op.create_table(
        "claims",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "article_id",
            sa.String(16),
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("claim_id", sa.String(32), nullable=False),
        sa.Column("source", sa.Text),
        sa.Column("source_kind", sa.String(32)),
        sa.Column("source_start", sa.Integer),
        sa.Column("source_end", sa.Integer),
        sa.Column("cue", sa.Text),
        sa.Column("cue_start", sa.Integer),
        sa.Column("cue_end", sa.Integer),
        sa.Column("content", sa.Text, nullable=False),
        sa.Column("content_start", sa.Integer, nullable=False),
        sa.Column("content_end", sa.Integer, nullable=False),
        sa.Column("polarity", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
    )
    op.create_index("ix_claims_article_claim", "claims", ["article_id", "claim_id"], unique=True)
    op.create_table(
        "events",
        sa.Column(
            "article_id",
            sa.String(16),
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("event_id", sa.String(32), primary_key=True),
        sa.Column("event_type", sa.String(64), nullable=False, index=True),
        sa.Column("sub_event_type", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("actor1", sa.Text),
        sa.Column("actor1_kind", sa.String(32)),
        sa.Column("actor2", sa.Text),
        sa.Column("actor2_kind", sa.String(32)),
        sa.Column("location", sa.Text),
        sa.Column("country_code", sa.String(2), index=True),
        sa.Column("admin1", sa.Text),
        sa.Column("latitude", sa.Float),
        sa.Column("longitude", sa.Float),
        sa.Column("geo_precision", sa.Integer),
        sa.Column("date_start", sa.String(10), index=True),
        sa.Column("date_end", sa.String(10)),
        sa.Column("date_precision", sa.String(8)),
        sa.Column("fatalities", sa.Integer, nullable=False),
        sa.Column("evidence_start", sa.Integer, nullable=False),
        sa.Column("evidence_end", sa.Integer, nullable=False),
        sa.Column("incident_id", sa.String(40), index=True),
    )
    op.create_table(
        "fatalities",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "article_id",
            sa.String(16),
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("event_id", sa.String(32), nullable=False),
        sa.Column("claim_id", sa.String(32)),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("low", sa.Integer),
        sa.Column("high", sa.Integer),
        sa.Column("who", sa.Text),
        sa.Column("unit", sa.String(32), nullable=False),
    )
    op.create_index("ix_fatalities_event", "fatalities", ["article_id", "event_id"])
    op.create_table(
        "incidents",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("event_type", sa.String(64)),
        sa.Column("sub_event_type", sa.String(64)),
        sa.Column("location", sa.Text),
        sa.Column("country_code", sa.String(2), index=True),
        sa.Column("admin1", sa.Text),
        sa.Column("latitude", sa.Float),
        sa.Column("longitude", sa.Float),
        sa.Column("geo_precision", sa.Integer),
        sa.Column("date_start", sa.String(10), index=True),
        sa.Column("date_end", sa.String(10)),
        sa.Column("n_reports", sa.Integer, nullable=False),
        sa.Column("n_events", sa.Integer, nullable=False),
        sa.Column("contradiction", sa.Boolean, nullable=False, index=True),
        sa.Column("record", sa.Text, nullable=False),
    )
    op.create_table(
        "failures",
        sa.Column("locator", sa.Text, primary_key=True),
        sa.Column("reason", sa.String(64), nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("failed_at", sa.String(32), nullable=False),
    )
    op.create_table(
        "state",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_fts()
    else:
        _postgres_fts()


def _sqlite_fts() -> None:
    # External-content FTS5 indexes: the text lives once, in the tables; triggers keep the
    # index in step with inserts and deletes (rows are never updated in place).
    op.execute(
        "CREATE VIRTUAL TABLE articles_fts USING fts5("
        "title, text, content='articles', content_rowid='seq')"
    )
    op.execute(
        "CREATE VIRTUAL TABLE claims_fts USING fts5("
        "source, content, content='claims', content_rowid='seq')"
    )
    op.execute(
        "CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN "
        "INSERT INTO articles_fts(rowid, title, text) VALUES (new.seq, new.title, new.text); END"
    )
    op.execute(
        "CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN "
        "INSERT INTO articles_fts(articles_fts, rowid, title, text) "
        "VALUES ('delete', old.seq, old.title, old.text); END"
    )
    op.execute(
        "CREATE TRIGGER claims_fts_insert AFTER INSERT ON claims BEGIN "
        "INSERT INTO claims_fts(rowid, source, content) "
        "VALUES (new.seq, new.source, new.content); END"
    )
    op.execute(
        "CREATE TRIGGER claims_fts_delete AFTER DELETE ON claims BEGIN "
        "INSERT INTO claims_fts(claims_fts, rowid, source, content) "
        "VALUES ('delete', old.seq, old.source, old.content); END"
    )


def _postgres_fts() -> None:
    op.execute(
        "ALTER TABLE articles ADD COLUMN tsv tsvector GENERATED ALWAYS AS "
        "(to_tsvector('english', coalesce(title, '') || ' ' || text)) STORED"
    )
    op.execute("CREATE INDEX ix_articles_tsv ON articles USING gin (tsv)")
    op.execute(
        "ALTER TABLE claims ADD COLUMN tsv tsvector GENERATED ALWAYS AS "
        "(to_tsvector('english', coalesce(source, '') || ' ' || content)) STORED"
    )
    op.execute("CREATE INDEX ix_claims_tsv ON claims USING gin (tsv)")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for trigger in (
            "articles_fts_insert",
            "articles_fts_delete",
            "claims_fts_insert",
            "claims_fts_delete",
        ):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS articles_fts")
        op.execute("DROP TABLE IF EXISTS claims_fts")
    for table in ("state", "failures", "incidents", "fatalities", "events", "claims", "articles"):
        op.drop_table(table)
