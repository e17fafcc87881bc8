"""Verbatim copies: an article row per input, the analysis' document id kept apart.

The same text carried by several outlets (wire copy) or found at several paths used to be
stored once, the others dropped as "already stored". Each is now a copy of its report with
an article id of its own, so the document id (the content hash of the text) gets a column.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A server default only to fill the existing rows (ADD COLUMN NOT NULL needs one on
    # SQLite); every row written after this sets it.
    op.add_column(
        "articles",
        sa.Column("document_id", sa.String(16), nullable=False, server_default=""),
    )
    op.execute("UPDATE articles SET document_id = id")
    op.create_index("ix_articles_document_id", "articles", ["document_id"])


def downgrade() -> None:
    op.drop_index("ix_articles_document_id", "articles")
    # Plain DROP COLUMN (SQLite 3.35+, PostgreSQL): a batch copy of the table would lose
    # the full-text triggers.
    op.execute("ALTER TABLE articles DROP COLUMN document_id")
