"""Reading and writing records, their journal entries and audit entries.

These are plain functions of an open connection, run on the database thread
inside one transaction each: a record, its sync journal entry, its audit entry
and its search index row are saved together or not at all. Every write returns
a :class:`WriteSummary` so callers (views, sync) can decide what to refresh.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from outreach_app import errors
from outreach_app.domain.matching import PersonFacts
from outreach_app.domain.records import Client, Record, new_id, record_type
from outreach_app.storage.database import Connection
from outreach_app.storage.search import index_client, unindex_client

AUDIT_ACTIONS = frozenset(
    {
        "view",
        "create",
        "update",
        "delete",
        "export",
        "unlock",
        "failed_unlock",
        "lock",
        "user",
        "rekey",
    }
)


@dataclass(frozen=True, slots=True)
class RecordRef:
    """Which record: its kind and id."""

    kind: str
    id: str


@dataclass(frozen=True, slots=True)
class WriteSummary:
    """What a write changed.

    Attributes:
        created: records that did not exist before.
        updated: records whose values changed.
        deleted: records turned into tombstones.
        journal_entries: changes queued for sync.
    """

    created: tuple[RecordRef, ...] = ()
    updated: tuple[RecordRef, ...] = ()
    deleted: tuple[RecordRef, ...] = ()
    journal_entries: int = 0

    def __add__(self, other: WriteSummary) -> WriteSummary:
        return WriteSummary(
            self.created + other.created,
            self.updated + other.updated,
            self.deleted + other.deleted,
            self.journal_entries + other.journal_entries,
        )

    @property
    def changed(self) -> bool:
        """Whether anything was written."""
        return bool(self.created or self.updated or self.deleted)

    @property
    def kinds(self) -> frozenset[str]:
        """The record kinds touched, for views deciding whether to refresh."""
        return frozenset(r.kind for r in (*self.created, *self.updated, *self.deleted))


def append_audit(
    conn: Connection,
    at: str,
    user_id: str | None,
    action: str,
    kind: str | None = None,
    record_id: str | None = None,
    detail: str | None = None,
) -> None:
    """Append one entry to the access log. ``detail`` must never hold personal data."""
    if action not in AUDIT_ACTIONS:
        raise errors.BugError(f"unknown audit action {action!r}")
    conn.execute(
        "INSERT INTO audit (at, user_id, action, kind, record_id, detail)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (at, user_id, action, kind, record_id, detail),
    )


def _client_id(record: Record) -> str | None:
    return record.id if isinstance(record, Client) else record.personal_id


def _journal(
    conn: Connection,
    record: Record,
    op: str,
    base_version: int | None,
    fields: dict[str, object],
    user_id: str,
    at: str,
) -> None:
    conn.execute(
        "INSERT INTO journal (change_id, kind, record_id, op, base_version, fields, user_id,"
        " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (new_id(), record.KIND, record.id, op, base_version, json.dumps(fields), user_id, at),
    )


def save_record(conn: Connection, record: Record, user_id: str, at: str) -> WriteSummary:
    """Insert or update one record with its journal, audit and index rows."""
    ref = RecordRef(record.KIND, record.id)
    row = conn.execute(
        "SELECT data, version, server_version, deleted_at FROM record WHERE kind = ? AND id = ?",
        (record.KIND, record.id),
    ).fetchone()
    data = record.to_data()
    if row is None:
        conn.execute(
            "INSERT INTO record (kind, id, client_id, parent_id, data, created_at, created_by,"
            " updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                record.KIND,
                record.id,
                _client_id(record),
                record.parent_id,
                json.dumps(data),
                at,
                user_id,
                at,
                user_id,
            ),
        )
        _journal(conn, record, "create", None, data, user_id, at)
        append_audit(conn, at, user_id, "create", record.KIND, record.id)
        summary = WriteSummary(created=(ref,), journal_entries=1)
    else:
        old_data, version, server_version, deleted_at = row
        if deleted_at is not None:
            raise errors.NotFound("That record was deleted, so it cannot be changed.")
        old = json.loads(old_data)
        changed = {k: v for k, v in data.items() if old.get(k) != v}
        changed |= {k: None for k in old.keys() - data.keys() if old[k] is not None}
        if not changed:
            return WriteSummary()
        conn.execute(
            "UPDATE record SET data = ?, client_id = ?, parent_id = ?, version = ?,"
            " updated_at = ?, updated_by = ? WHERE kind = ? AND id = ?",
            (
                json.dumps(data),
                _client_id(record),
                record.parent_id,
                version + 1,
                at,
                user_id,
                record.KIND,
                record.id,
            ),
        )
        _journal(conn, record, "update", server_version, changed, user_id, at)
        detail = "columns: " + ", ".join(sorted(changed))
        append_audit(conn, at, user_id, "update", record.KIND, record.id, detail)
        summary = WriteSummary(updated=(ref,), journal_entries=1)
    if isinstance(record, Client):
        index_client(conn, record.id, PersonFacts.from_values(record.values), at)
    return summary


def delete_record(
    conn: Connection, kind: str, record_id: str, user_id: str, at: str
) -> WriteSummary:
    """Turn a record into a tombstone (kept, hidden, synced as a delete)."""
    row = conn.execute(
        "SELECT server_version FROM record WHERE kind = ? AND id = ? AND deleted_at IS NULL",
        (kind, record_id),
    ).fetchone()
    if row is None:
        raise errors.NotFound("That record does not exist on this laptop.")
    conn.execute(
        "UPDATE record SET deleted_at = ?, updated_at = ?, updated_by = ?, version = version + 1"
        " WHERE kind = ? AND id = ?",
        (at, at, user_id, kind, record_id),
    )
    record = record_type(kind)(record_id)
    _journal(conn, record, "delete", row[0], {}, user_id, at)
    append_audit(conn, at, user_id, "delete", kind, record_id)
    if kind == Client.KIND:
        unindex_client(conn, record_id)
    return WriteSummary(deleted=(RecordRef(kind, record_id),), journal_entries=1)


def load_record(conn: Connection, kind: str, record_id: str) -> Record:
    """Return a live record, or raise NotFound."""
    row = conn.execute(
        "SELECT data FROM record WHERE kind = ? AND id = ? AND deleted_at IS NULL",
        (kind, record_id),
    ).fetchone()
    if row is None:
        raise errors.NotFound("That record does not exist on this laptop.")
    return record_type(kind).from_data(record_id, json.loads(row[0]))


def client_records(conn: Connection, client_id: str) -> Iterator[Record]:
    """Yield every live record belonging to a client (not the client itself)."""
    rows = conn.execute(
        "SELECT kind, id, data FROM record WHERE client_id = ? AND kind != ?"
        " AND deleted_at IS NULL ORDER BY kind, created_at",
        (client_id, Client.KIND),
    ).fetchall()
    for kind, record_id, data in rows:
        yield record_type(kind).from_data(record_id, json.loads(data))


def records_of_kind(conn: Connection, kind: str) -> Iterator[Record]:
    """Yield every live record of one kind, oldest first."""
    rows = conn.execute(
        "SELECT id, data FROM record WHERE kind = ? AND deleted_at IS NULL ORDER BY created_at",
        (kind,),
    ).fetchall()
    for record_id, data in rows:
        yield record_type(kind).from_data(record_id, json.loads(data))


def save_all(conn: Connection, records: Iterable[Record], user_id: str, at: str) -> WriteSummary:
    """Save many records in the caller's transaction."""
    created: list[RecordRef] = []
    updated: list[RecordRef] = []
    journal = 0
    for record in records:
        one = save_record(conn, record, user_id, at)
        created += one.created
        updated += one.updated
        journal += one.journal_entries
    return WriteSummary(tuple(created), tuple(updated), (), journal)
