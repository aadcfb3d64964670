"""Reading a store page by page for an export: records with their bookkeeping.

An HMIS CSV row carries DateCreated, DateUpdated, UserID and DateDeleted, which
the store keeps beside each record (``created_at``, ``updated_by``...) rather
than in its values; :meth:`Store.records` returns neither the bookkeeping nor a
bounded amount of data. So the exporter reads the ``record`` table here, in
pages of :data:`PAGE_SIZE` by id (keyset paging on the primary key, never
OFFSET), with read-only queries that run on the store's database thread.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import TypeVar

from outreach_app.domain.records import TIMESTAMP_FORMAT, Record, record_type
from outreach_app.storage.database import Connection
from outreach_app.storage.store import Store

T = TypeVar("T")

#: Records read per trip to the database thread: small enough to bound memory,
#: large enough that the trips cost little.
PAGE_SIZE = 1000


@dataclass(frozen=True, slots=True)
class StoredRecord:
    """A live record and the store's bookkeeping about it.

    Attributes:
        record: the record (values keyed by HMIS column).
        created_at: when it was created, UTC, as the store keeps it.
        updated_at: when it last changed, UTC.
        user_id: who last changed it (or created it), if known.
    """

    record: Record
    created_at: str
    updated_at: str
    user_id: str | None


@dataclass(frozen=True, slots=True)
class UserRow:
    """A local user as HMIS ``User.csv`` needs it: an id and dates, no names."""

    user_id: str
    created_at: str
    disabled_at: str | None


def _page(conn: Connection, kind: str, after: str, limit: int) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = conn.execute(
        "SELECT id, data, created_at, updated_at, coalesce(updated_by, created_by) FROM record"
        " WHERE kind = ? AND deleted_at IS NULL AND id > ? ORDER BY id LIMIT ?",
        (kind, after, limit),
    ).fetchall()
    return rows


def iter_records(store: Store, kind: str, page_size: int = PAGE_SIZE) -> Iterator[StoredRecord]:
    """Yield every live record of a kind with its bookkeeping, a page at a time."""
    cls = record_type(kind)
    after = ""
    while True:
        rows = store.run_read(partial(_page, kind=kind, after=after, limit=page_size))
        for record_id, data, created_at, updated_at, user_id in rows:
            record = cls.from_data(record_id, json.loads(data))
            yield StoredRecord(record, created_at, updated_at, user_id)
        if len(rows) < page_size:
            return
        after = rows[-1][0]


def _users(conn: Connection) -> list[UserRow]:
    rows = conn.execute(
        "SELECT user_id, created_at, disabled_at FROM local_user ORDER BY user_id"
    ).fetchall()
    return [UserRow(*row) for row in rows]


def local_users(store: Store) -> list[UserRow]:
    """Return every local user (disabled ones too: their records keep their UserID)."""
    return store.run_read(_users)


@lru_cache(maxsize=4096)  # records saved together share a timestamp
def hmis_timestamp(stored: str | None) -> str:
    """Turn the store's UTC ``2025-01-31T17:04:05Z`` into HMIS local ``2025-01-31 09:04:05``.

    HMIS CSV timestamps carry no zone; receiving systems read them as the CoC's
    local time, which is the device's.
    """
    if not stored:
        return ""
    moment = dt.datetime.strptime(stored, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
    return moment.astimezone().strftime(TIMESTAMP_FORMAT)
