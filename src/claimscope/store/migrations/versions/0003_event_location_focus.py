"""Events the text does not place stand at the report's focus area, and say how it was found.

Adds `events.location_focus` and re-places every stored event without coordinates of its
own from its article's stored analysis, so old rows read as a fresh ingest writes them.
This migration imports application code (`claimscope.store.location_columns`, which applies
`claimscope.placement.event_location`) instead of freezing a copy of the rule here: upgrading
an old store with a later claimscope places its rows by that later rule. Downgrade puts the
event's own location back in those rows (as 0002 stored it) and drops the column.

`incidents.location_focus` is added (and dropped) too; incidents are derived rows, so a
store holding any is marked stale and the next relink (ingest, export) places them.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-05
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# The columns this migration reads and writes, as they are at this revision.
_articles = sa.table("articles", sa.column("id", sa.String), sa.column("analysis", sa.Text))
_events = sa.table(
    "events",
    *(
        sa.column(name)
        for name in (
            "article_id", "event_id", "location", "country_code", "admin1", "latitude",
            "longitude", "geo_precision", "location_focus",
        )
    ),
)
# Articles whose analyses are read at a time: bounded memory on a large store.
_BATCH = 200


def upgrade() -> None:
    from claimscope.store import location_columns

    op.add_column("events", sa.Column("location_focus", sa.Text))
    op.add_column("incidents", sa.Column("location_focus", sa.Text))
    conn = op.get_bind()
    _mark_incidents_stale(conn)
    unplaced = (
        sa.select(_events.c.article_id)
        .where(sa.or_(_events.c.latitude.is_(None), _events.c.longitude.is_(None)))
        .distinct()
        .order_by(_events.c.article_id)
    )
    for rows in _analyses(conn, list(conn.execute(unplaced).scalars())):
        updates = []
        for article_id, analysis in rows:
            for event in analysis.get("events", []):
                columns = location_columns(event, analysis)
                if columns["location_focus"] is None:
                    continue  # its own place, or nothing to place it by: the row stands
                updates.append(
                    {"row_article_id": article_id, "row_event_id": event["id"], **columns}
                )
        if updates:
            conn.execute(_change(), updates)


def downgrade() -> None:
    conn = op.get_bind()
    placed = (
        sa.select(_events.c.article_id, _events.c.event_id)
        .where(_events.c.location_focus.is_not(None))
        .order_by(_events.c.article_id)
    )
    focused: dict[str, set[str]] = {}
    for article_id, event_id in conn.execute(placed):
        focused.setdefault(article_id, set()).add(event_id)
    for rows in _analyses(conn, sorted(focused)):
        updates = []
        for article_id, analysis in rows:
            for event in analysis.get("events", []):
                if event["id"] not in focused[article_id]:
                    continue
                own = event.get("location") or {}
                updates.append({
                    "row_article_id": article_id,
                    "row_event_id": event["id"],
                    "location": own.get("name") or own.get("text"),
                    "country_code": own.get("country_code"),
                    "admin1": own.get("admin1"),
                    "latitude": own.get("lat"),
                    "longitude": own.get("lon"),
                    "geo_precision": own.get("geo_precision"),
                })
        if updates:
            conn.execute(_change(), updates)
    _mark_incidents_stale(conn)
    # Plain DROP COLUMN (SQLite 3.35+, PostgreSQL), as in 0002.
    op.execute("ALTER TABLE incidents DROP COLUMN location_focus")
    op.execute("ALTER TABLE events DROP COLUMN location_focus")


def _analyses(
    conn: sa.Connection, article_ids: list[str]
) -> Iterator[list[tuple[str, dict[str, Any]]]]:
    """The stored analyses of `article_ids`, `_BATCH` articles at a time."""
    for i in range(0, len(article_ids), _BATCH):
        batch = article_ids[i : i + _BATCH]
        rows = conn.execute(
            sa.select(_articles.c.id, _articles.c.analysis).where(_articles.c.id.in_(batch))
        )
        yield [(article_id, json.loads(raw)) for article_id, raw in rows]


def _mark_incidents_stale(conn: sa.Connection) -> None:
    """Have the next relink rebuild the incidents (`Store.incidents_stale`), if there are any."""
    if conn.execute(sa.select(sa.func.count()).select_from(sa.table("incidents"))).scalar():
        state = sa.table("state", sa.column("key", sa.String), sa.column("value", sa.Text))
        conn.execute(sa.delete(state).where(state.c.key == "incidents_stale"))
        conn.execute(sa.insert(state).values(key="incidents_stale", value="1"))


def _change() -> sa.Update:
    """An executemany update of one event row, keyed by `row_article_id`, `row_event_id`."""
    return sa.update(_events).where(
        _events.c.article_id == sa.bindparam("row_article_id"),
        _events.c.event_id == sa.bindparam("row_event_id"),
    )
