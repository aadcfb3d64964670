"""The sync engine's SQL: journal batches, answers, pulled rows, conflicts, settings.

Plain functions of an open connection, like :mod:`.recordsdb`, run on the
database thread inside the caller's transaction. The engine
(:mod:`outreach_app.sync`) decides; these functions only read and write, so
every rule about what a pulled row or a push answer does lives in one place
and the SQL stays here, beside the schema it depends on.

Pulled rows are written without a journal entry (a pulled record must never
be pushed back) and are audited with the actions the schema already allows
(``create``/``update``/``delete``) and the detail ``sync``: widening the audit
table's CHECK would mean rebuilding an append-only table (decision 0018).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from outreach_app.domain.matching import PersonFacts
from outreach_app.domain.records import Client, new_id, record_type
from outreach_app.storage.database import Connection
from outreach_app.storage.recordsdb import append_audit
from outreach_app.storage.search import index_client, unindex_client

Fields = dict[str, Any]


@dataclass(frozen=True, slots=True)
class JournalEntry:
    """One local change as the journal keeps it.

    Attributes:
        seq: its place in the journal (oldest first).
        change_id: the idempotency key sent to the gateway.
        kind, record_id, op, base_version, fields: the change itself.
        created_at: when it was saved on this laptop (UTC).
    """

    seq: int
    change_id: str
    kind: str
    record_id: str
    op: str
    base_version: int | None
    fields: Fields
    created_at: str

    def to_json(self) -> Fields:
        """Return the change as the push endpoint takes it."""
        return {
            "change_id": self.change_id,
            "kind": self.kind,
            "record_id": self.record_id,
            "op": self.op,
            "base_version": self.base_version,
            "fields": self.fields,
        }


@dataclass(frozen=True, slots=True)
class LocalRecord:
    """A record's row as sync needs it (values, versions, what the gateway keeps)."""

    kind: str
    record_id: str
    data: Fields
    server_version: int | None
    server_data: Fields | None
    kept_fields: frozenset[str]
    deleted: bool


_ENTRY_COLUMNS = "seq, change_id, kind, record_id, op, base_version, fields, created_at"


def _entry(row: tuple[Any, ...]) -> JournalEntry:
    seq, change_id, kind, record_id, op, base, fields, created_at = row
    return JournalEntry(seq, change_id, kind, record_id, op, base, json.loads(fields), created_at)


# -- settings ------------------------------------------------------------------------


def get_state(conn: Connection) -> dict[str, str]:
    """Return every sync setting (gateway URL, token, cursor, last sync...)."""
    return dict(conn.execute("SELECT key, value FROM sync_state").fetchall())


def set_state(conn: Connection, values: Mapping[str, str | None]) -> None:
    """Set sync settings; a None value removes the key."""
    for key, value in values.items():
        if value is None:
            conn.execute("DELETE FROM sync_state WHERE key = ?", (key,))
        else:
            conn.execute(
                "INSERT INTO sync_state (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )


# -- the journal ---------------------------------------------------------------------


def pending_heads(conn: Connection, limit: int) -> list[JournalEntry]:
    """Return the oldest pending entry of each record, oldest first, at most ``limit``.

    Only one entry per record goes in a batch: the next one's base is the
    version the gateway gives this one, known only from its answer.
    """
    rows = conn.execute(
        f"SELECT {_ENTRY_COLUMNS} FROM journal WHERE seq IN ("
        " SELECT min(seq) FROM journal WHERE state = 'pending' GROUP BY kind, record_id)"
        " ORDER BY seq LIMIT ?",
        (limit,),
    ).fetchall()
    return [_entry(row) for row in rows]


def pending_entries(conn: Connection, kind: str, record_id: str) -> list[JournalEntry]:
    """Return a record's pending entries, oldest first."""
    rows = conn.execute(
        f"SELECT {_ENTRY_COLUMNS} FROM journal WHERE kind = ? AND record_id = ?"
        " AND state = 'pending' ORDER BY seq",
        (kind, record_id),
    ).fetchall()
    return [_entry(row) for row in rows]


def rewrite_entry(
    conn: Connection, seq: int, *, op: str, base_version: int | None, fields: Fields
) -> JournalEntry:
    """Give an unsent entry new content, and so a new change id (never reuse one)."""
    conn.execute(
        "UPDATE journal SET change_id = ?, op = ?, base_version = ?, fields = ? WHERE seq = ?",
        (new_id(), op, base_version, json.dumps(fields), seq),
    )
    row = conn.execute(f"SELECT {_ENTRY_COLUMNS} FROM journal WHERE seq = ?", (seq,)).fetchone()
    return _entry(row)


def refused_fields(conn: Connection, kind: str, record_id: str) -> frozenset[str]:
    """Return the fields of a record's refused (quarantined) changes."""
    rows = conn.execute(
        "SELECT fields FROM journal WHERE kind = ? AND record_id = ? AND state = 'rejected'",
        (kind, record_id),
    ).fetchall()
    return frozenset(name for (fields,) in rows for name in json.loads(fields))


def supersede_refused(conn: Connection, kind: str, record_id: str, before: int, at: str) -> int:
    """Mark a record's refused changes before entry ``before`` done: a later one carried them."""
    return int(
        conn.execute(
            "UPDATE journal SET state = 'done', reason = 'superseded', answered_at = ?"
            " WHERE kind = ? AND record_id = ? AND state = 'rejected' AND seq < ?",
            (at, kind, record_id, before),
        ).rowcount
    )


def finish_entry(
    conn: Connection,
    seq: int,
    state: str,
    at: str,
    reason: str | None = None,
    details: Iterable[Mapping[str, Any]] = (),
) -> None:
    """Mark an entry done, rejected (quarantined) or local, with why (never values)."""
    detail_list = [dict(d) for d in details]
    conn.execute(
        "UPDATE journal SET state = ?, reason = ?, details = ?, answered_at = ? WHERE seq = ?",
        (state, reason, json.dumps(detail_list) if detail_list else None, at, seq),
    )


def quarantine_record_entries(
    conn: Connection, kind: str, record_id: str, reason: str, at: str
) -> int:
    """Quarantine every pending entry of a record; return how many."""
    cursor = conn.execute(
        "UPDATE journal SET state = 'rejected', reason = ?, answered_at = ?"
        " WHERE kind = ? AND record_id = ? AND state = 'pending'",
        (reason, at, kind, record_id),
    )
    return int(cursor.rowcount)


# -- records -------------------------------------------------------------------------


def load_local(conn: Connection, kind: str, record_id: str) -> LocalRecord | None:
    """Return a record's row (live or tombstone), or None if this laptop never had it."""
    row = conn.execute(
        "SELECT data, server_version, server_data, kept_fields, deleted_at FROM record"
        " WHERE kind = ? AND id = ?",
        (kind, record_id),
    ).fetchone()
    if row is None:
        return None
    data, server_version, server_data, kept, deleted_at = row
    return LocalRecord(
        kind,
        record_id,
        json.loads(data),
        server_version,
        json.loads(server_data) if server_data else None,
        frozenset(json.loads(kept)) if kept else frozenset(),
        deleted_at is not None,
    )


def set_server_version(
    conn: Connection,
    kind: str,
    record_id: str,
    version: int,
    server_data: Fields,
    kept_fields: Iterable[str] = (),
) -> None:
    """Record what the gateway now holds of a record (after an answer)."""
    row = conn.execute(
        "SELECT kept_fields FROM record WHERE kind = ? AND id = ?", (kind, record_id)
    ).fetchone()
    if row is None:
        return
    kept = set(json.loads(row[0]) if row[0] else []) | set(kept_fields)
    conn.execute(
        "UPDATE record SET server_version = max(coalesce(server_version, 0), ?),"
        " server_data = ?, kept_fields = ? WHERE kind = ? AND id = ?",
        (version, json.dumps(server_data), json.dumps(sorted(kept)) if kept else None, kind,
         record_id),
    )  # fmt: skip


def write_pulled(
    conn: Connection,
    kind: str,
    record_id: str,
    data: Fields,
    version: int,
    server_data: Fields,
    at: str,
) -> str:
    """Write a record's values from the gateway: no journal entry, an audit entry 'sync'.

    Returns ``created``, ``updated`` or ``unchanged``.
    """
    record = record_type(kind).from_data(record_id, data)
    client_id = record.id if kind == Client.KIND else record.personal_id
    row = conn.execute(
        "SELECT data, deleted_at FROM record WHERE kind = ? AND id = ?", (kind, record_id)
    ).fetchone()
    if row is None:
        conn.execute(
            "INSERT INTO record (kind, id, client_id, parent_id, data, server_version,"
            " server_data, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (kind, record_id, client_id, record.parent_id, json.dumps(data), version,
             json.dumps(server_data), at, at),
        )  # fmt: skip
        outcome = "created"
    else:
        conn.execute(
            "UPDATE record SET data = ?, client_id = ?, parent_id = ?, server_version = ?,"
            " server_data = ?, deleted_at = NULL, updated_at = ? WHERE kind = ? AND id = ?",
            (json.dumps(data), client_id, record.parent_id, version, json.dumps(server_data),
             at, kind, record_id),
        )  # fmt: skip
        if json.loads(row[0]) == data and row[1] is None:
            return "unchanged"
        outcome = "updated"
    append_audit(conn, at, None, "create" if outcome == "created" else "update", kind,
                 record_id, f"sync: version {version}")  # fmt: skip
    if kind == Client.KIND:
        index_client(conn, record_id, PersonFacts.from_values(record.values), at)
    return outcome


def update_local_data(conn: Connection, kind: str, record_id: str, data: Fields, at: str) -> None:
    """Replace a record's values (a rebase or a re-pointing) and keep the index current."""
    record = record_type(kind).from_data(record_id, data)
    client_id = record.id if kind == Client.KIND else record.personal_id
    conn.execute(
        "UPDATE record SET data = ?, client_id = ?, parent_id = ?, updated_at = ?"
        " WHERE kind = ? AND id = ?",
        (json.dumps(data), client_id, record.parent_id, at, kind, record_id),
    )
    if kind == Client.KIND:
        index_client(conn, record_id, PersonFacts.from_values(record.values), at)


def tombstone(conn: Connection, kind: str, record_id: str, at: str, detail: str) -> bool:
    """Mark a record deleted because the gateway says so; return whether it was live."""
    cursor = conn.execute(
        "UPDATE record SET deleted_at = ?, updated_at = ? WHERE kind = ? AND id = ?"
        " AND deleted_at IS NULL",
        (at, at, kind, record_id),
    )
    if cursor.rowcount == 0:
        return False
    append_audit(conn, at, None, "delete", kind, record_id, detail)
    if kind == Client.KIND:
        unindex_client(conn, record_id)
    return True


def client_record_keys(conn: Connection, client_id: str) -> list[tuple[str, str]]:
    """Return (kind, id) of every record of a client, the client itself last."""
    rows = conn.execute(
        "SELECT kind, id FROM record WHERE client_id = ? ORDER BY kind = 'Client', kind, id",
        (client_id,),
    ).fetchall()
    return [(kind, record_id) for kind, record_id in rows]


def remove_records(conn: Connection, keys: Iterable[tuple[str, str]], at: str) -> int:
    """Remove records from this laptop entirely (no longer shared with it)."""
    count = 0
    for kind, record_id in keys:
        conn.execute("DELETE FROM record WHERE kind = ? AND id = ?", (kind, record_id))
        conn.execute(
            "DELETE FROM journal WHERE kind = ? AND record_id = ? AND state != 'pending'",
            (kind, record_id),
        )
        conn.execute("DELETE FROM conflict WHERE kind = ? AND record_id = ?", (kind, record_id))
        append_audit(conn, at, None, "delete", kind, record_id, "sync: withdrawn")
        if kind == Client.KIND:
            unindex_client(conn, record_id)
        count += 1
    return count


# -- conflicts -----------------------------------------------------------------------


def add_conflict(
    conn: Connection,
    kind: str,
    record_id: str,
    field: str,
    local_value: object,
    server_value: object,
    server_version: int | None,
    source: str,
    at: str,
    gateway_conflict_id: str | None = None,
) -> None:
    """Keep both values of a field changed two ways, until a person resolves it."""
    conn.execute(
        "INSERT INTO conflict (kind, record_id, field, local_value, server_value,"
        " server_version, gateway_conflict_id, source, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (kind, record_id, field, json.dumps(local_value), json.dumps(server_value),
         server_version, gateway_conflict_id, source, at),
    )  # fmt: skip


def resolve_gateway_conflicts(conn: Connection, kind: str, record_id: str, at: str) -> None:
    """Close the push conflicts of a record the gateway no longer marks as conflicting."""
    conn.execute(
        "UPDATE conflict SET resolved_at = ? WHERE kind = ? AND record_id = ?"
        " AND source = 'push' AND resolved_at IS NULL",
        (at, kind, record_id),
    )


def open_conflicts(conn: Connection) -> list[Conflict]:
    """Return the conflicts waiting for a person, oldest first."""
    rows = conn.execute(
        "SELECT conflict_seq, kind, record_id, field, local_value, server_value, source,"
        " gateway_conflict_id, created_at FROM conflict WHERE resolved_at IS NULL"
        " ORDER BY conflict_seq"
    ).fetchall()
    return [
        Conflict(seq, kind, rid, field, json.loads(local), json.loads(server), source, gid, at)
        for seq, kind, rid, field, local, server, source, gid, at in rows
    ]


# -- what the worker and IT see ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Conflict:
    """A field changed two ways; both values are kept until a person chooses.

    Attributes:
        seq: its local number.
        kind, record_id, field: where.
        local_value: this laptop's value; server_value: the gateway's.
        source: ``push`` (the gateway found it; it has an open conflict too) or
            ``pull`` (found here while rebasing a local change).
        gateway_conflict_id: the gateway's conflict, for a ``push`` conflict.
        created_at: when it was found (UTC).
    """

    seq: int
    kind: str
    record_id: str
    field: str
    local_value: object
    server_value: object
    source: str
    gateway_conflict_id: str | None
    created_at: str


@dataclass(frozen=True, slots=True)
class Quarantined:
    """A change the gateway refused: which record, why, and which fields (never values)."""

    seq: int
    kind: str
    record_id: str
    op: str
    reason: str
    details: tuple[Fields, ...]


@dataclass(frozen=True, slots=True)
class SyncSummary:
    """The sync state of the whole store, for ``outreach sync status`` and the window."""

    pending: int
    oldest_pending_at: str | None
    quarantined: tuple[Quarantined, ...]
    conflicts: int
    state: Mapping[str, str]


def sync_summary(conn: Connection) -> SyncSummary:
    """Return counts and quarantined entries; the device token is left out."""
    pending, oldest = conn.execute(
        "SELECT count(*), min(created_at) FROM journal WHERE state = 'pending'"
    ).fetchone()
    rows = conn.execute(
        "SELECT seq, kind, record_id, op, coalesce(reason, ''), details FROM journal"
        " WHERE state = 'rejected' ORDER BY seq"
    ).fetchall()
    quarantined = tuple(
        Quarantined(seq, kind, rid, op, reason, tuple(json.loads(details) if details else ()))
        for seq, kind, rid, op, reason, details in rows
    )
    conflicts = conn.execute("SELECT count(*) FROM conflict WHERE resolved_at IS NULL").fetchone()
    state = {k: v for k, v in get_state(conn).items() if k != "device_token"}
    return SyncSummary(int(pending), oldest, quarantined, int(conflicts[0]), state)


def record_sync_state(conn: Connection, kind: str, record_id: str) -> str:
    """Return what the worker sees for one record.

    ``conflict`` (changed in two places), ``attention`` (a change was refused),
    ``waiting`` (changes not yet sent), ``local`` (never reached the gateway)
    or ``synced``.
    """
    if conn.execute(
        "SELECT 1 FROM conflict WHERE kind = ? AND record_id = ? AND resolved_at IS NULL",
        (kind, record_id),
    ).fetchone():
        return "conflict"
    states = {
        row[0]
        for row in conn.execute(
            "SELECT DISTINCT state FROM journal WHERE kind = ? AND record_id = ?",
            (kind, record_id),
        )
    }
    if "rejected" in states:
        return "attention"
    row = conn.execute(
        "SELECT server_version FROM record WHERE kind = ? AND id = ?", (kind, record_id)
    ).fetchone()
    if row is None or row[0] is None:
        return "waiting" if "pending" in states else "local"
    return "waiting" if "pending" in states else "synced"
