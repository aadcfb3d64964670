"""Pull: the records a device may see that changed after its cursor, and history.

The cursor is a server sequence number. A pull first reads the high-water mark
(the counter, committed with the rows it numbered) and then only rows at or
below it: since writers commit in sequence order (decision 0010), everything
at or below the mark is committed, and anything committed later has a higher
number and comes in a later pull. So no row is ever skipped, whatever the
isolation level.

The ``record`` table keeps only each record's latest version, with the
sequence of that version, so a pull sends a record once however often it
changed. Records of a client that was shared CoC-wide and no longer is come
as ``withdrawn`` (ids only), so devices of other agencies drop their copies.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import Connection, or_, select

from outreach_gateway.database import high_water
from outreach_gateway.sync.model import Actor, visible
from outreach_gateway.tables import client_scope, record, record_version

MAX_PAGE = 1000


@dataclass(frozen=True, slots=True)
class PullPage:
    """One page of a pull.

    Attributes:
        items: the records, in sequence order, as dicts for :func:`orjson.dumps`
            (``fields`` is the stored JSON text, as an :class:`orjson.Fragment`).
        next_cursor: the cursor to send next time.
        more: whether another page is waiting now.
    """

    items: list[dict[str, Any]]
    next_cursor: int
    more: bool


_EMPTY = orjson.Fragment(b"{}")


def _visible_rows() -> Any:
    return select(
        record,
        client_scope.c.agency_id.label("client_agency"),
        client_scope.c.shared,
    ).join(client_scope, client_scope.c.client_id == record.c.client_id)


def pull(conn: Connection, actor: Actor, cursor: int, limit: int) -> PullPage:
    """Return the changes after ``cursor`` that ``actor`` may see, ``limit`` at most."""
    horizon = high_water(conn)
    if cursor >= horizon:
        return PullPage([], horizon, more=False)
    me = actor.agency_id
    rows = conn.execute(
        _visible_rows()
        .where(
            record.c.seq > cursor,
            record.c.seq <= horizon,
            or_(
                record.c.agency_id == me,
                client_scope.c.agency_id == me,
                client_scope.c.shared.is_(True),
                client_scope.c.ever_shared.is_(True),
            ),
        )
        .order_by(record.c.seq)
        .limit(limit + 1)
    ).all()
    more = len(rows) > limit
    rows = rows[:limit]
    items = [_item(row, me) for row in rows]
    next_cursor = int(rows[-1].seq) if more else horizon
    return PullPage(items, next_cursor, more)


def _item(row: Any, agency_id: str) -> dict[str, Any]:
    seen = visible(agency_id, row.agency_id, row.client_agency, bool(row.shared))
    if not seen:
        return {
            "seq": int(row.seq), "kind": row.kind, "record_id": row.record_id,
            "client_id": row.client_id, "version": None, "deleted": False, "withdrawn": True,
            "redirect_to": None, "conflict": False, "fields": {}, "user_id": None,
            "device_id": None, "received_at": None,
        }  # fmt: skip
    return {
        "seq": int(row.seq),
        "kind": row.kind,
        "record_id": row.record_id,
        "client_id": row.client_id,
        "version": row.version,
        "deleted": bool(row.deleted),
        "withdrawn": False,
        "redirect_to": row.redirect_to,
        "conflict": bool(row.conflicted),
        # Stored as JSON already: passed through as it is, never parsed and re-encoded.
        "fields": _EMPTY if row.deleted else orjson.Fragment(row.data),
        "user_id": row.user_id,
        "device_id": row.device_id,
        "received_at": row.received_at,
    }


def can_see(conn: Connection, actor: Actor, kind: str, record_id: str) -> bool:
    """Whether a record exists and ``actor`` may see it (a uniform no for both)."""
    row = conn.execute(
        _visible_rows().where(record.c.kind == kind, record.c.record_id == record_id)
    ).one_or_none()
    return row is not None and visible(
        actor.agency_id, row.agency_id, row.client_agency, bool(row.shared)
    )


def history(
    conn: Connection, actor: Actor, kind: str, record_id: str
) -> list[dict[str, Any]] | None:
    """Return every version of a record, oldest first, or None if it cannot be seen."""
    if not can_see(conn, actor, kind, record_id):
        return None
    rows = conn.execute(
        select(record_version)
        .where(record_version.c.kind == kind, record_version.c.record_id == record_id)
        .order_by(record_version.c.version)
    )
    return [
        {
            "version": row.version,
            "seq": int(row.seq),
            "op": row.op,
            "deleted": bool(row.deleted),
            "fields": json.loads(row.data),
            "user_id": row.user_id,
            "device_id": row.device_id,
            "change_id": row.change_id,
            "received_at": row.received_at,
        }
        for row in rows
    ]
