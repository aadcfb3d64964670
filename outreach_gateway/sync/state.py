"""Loading and saving the rows a batch of changes works on.

A push is planned in memory (see :mod:`.push`) over :class:`RecordState` and
:class:`ClientScope` objects loaded here in a few bulk queries, then saved
here with ``executemany``: a handful of statements per batch rather than per
change, which is what lets a push run near the speed of a bare insert.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, bindparam, select, update

from outreach_gateway.database import bulk_insert
from outreach_gateway.sync.model import Fields, dumps
from outreach_gateway.tables import client_scope, record, record_version

Key = tuple[str, str]
_CHUNK = 500


@dataclass(slots=True)
class RecordState:
    """The current version of one record, as a batch sees and changes it.

    Attributes:
        kind: record kind.
        record_id: record id.
        client_id: the client it belongs to (itself for a Client).
        agency_id: the agency that created it.
        version: server version, 1 for the first.
        seq: server sequence of the version.
        data: HMIS column to JSON value.
        deleted: a tombstone.
        redirect_to: for a merged client, the survivor.
        conflicted: an open conflict exists.
        user_id: who made the version.
        device_id: from which device.
        received_at: when the gateway received it.
    """

    kind: str
    record_id: str
    client_id: str
    agency_id: str
    version: int
    seq: int
    data: Fields
    deleted: bool
    redirect_to: str | None
    conflicted: bool
    user_id: str | None
    device_id: str | None
    received_at: str
    _text: str | None = None

    @property
    def key(self) -> Key:
        """The record's primary key."""
        return (self.kind, self.record_id)

    def set_data(self, data: Fields) -> None:
        """Replace the values (and forget their serialized text)."""
        self.data, self._text = data, None

    def data_text(self) -> str:
        """Return ``data`` serialized (once: the record and its version row share it)."""
        if self._text is None:
            self._text = dumps(self.data)
        return self._text

    def row(self) -> dict[str, Any]:
        """Return the ``record`` row for this state."""
        return {
            "kind": self.kind,
            "record_id": self.record_id,
            "client_id": self.client_id,
            "agency_id": self.agency_id,
            "version": self.version,
            "seq": self.seq,
            "data": self.data_text(),
            "deleted": self.deleted,
            "redirect_to": self.redirect_to,
            "conflicted": self.conflicted,
            "user_id": self.user_id,
            "device_id": self.device_id,
            "received_at": self.received_at,
        }

    def version_row(self, op: str, change_id: str | None) -> dict[str, Any]:
        """Return the ``record_version`` row of this state."""
        return {
            "kind": self.kind,
            "record_id": self.record_id,
            "version": self.version,
            "seq": self.seq,
            "op": op,
            "data": self.data_text(),
            "deleted": self.deleted,
            "user_id": self.user_id,
            "device_id": self.device_id,
            "change_id": change_id,
            "received_at": self.received_at,
        }


@dataclass(slots=True)
class ClientScope:
    """Who owns a client and whether its latest consent shares it CoC-wide.

    Attributes:
        client_id: the client.
        agency_id: the owning agency (the one that created the client).
        shared: the latest consent is "consented", scope "CoC-wide", and the
            owner is not a victim service provider.
        ever_shared: it was shared once, so other agencies' devices may hold
            copies and must be told when it is withdrawn.
    """

    client_id: str
    agency_id: str
    shared: bool
    ever_shared: bool


def _chunks(items: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def state_from_row(row: Any) -> RecordState:
    """Build a :class:`RecordState` from a ``record`` row."""
    return RecordState(
        kind=row.kind,
        record_id=row.record_id,
        client_id=row.client_id,
        agency_id=row.agency_id,
        version=row.version,
        seq=row.seq,
        data=json.loads(row.data),
        deleted=bool(row.deleted),
        redirect_to=row.redirect_to,
        conflicted=bool(row.conflicted),
        user_id=row.user_id,
        device_id=row.device_id,
        received_at=row.received_at,
    )


def load_records(conn: Connection, keys: Iterable[Key]) -> dict[Key, RecordState]:
    """Load the records with these keys (missing ones are simply absent)."""
    by_kind: dict[str, set[str]] = {}
    for kind, record_id in keys:
        by_kind.setdefault(kind, set()).add(record_id)
    found: dict[Key, RecordState] = {}
    # Kind first: the primary key is (kind, record_id), so this walks the index
    # instead of scanning the table once per batch.
    for kind, wanted in sorted(by_kind.items()):
        for ids in _chunks(sorted(wanted)):
            query = select(record).where(record.c.kind == kind, record.c.record_id.in_(ids))
            for row in conn.execute(query):
                state = state_from_row(row)
                found[state.key] = state
    return found


def load_scopes(conn: Connection, client_ids: Iterable[str]) -> dict[str, ClientScope]:
    """Load the scopes of these clients."""
    found: dict[str, ClientScope] = {}
    for ids in _chunks(sorted(set(client_ids))):
        for row in conn.execute(select(client_scope).where(client_scope.c.client_id.in_(ids))):
            found[row.client_id] = ClientScope(
                row.client_id, row.agency_id, bool(row.shared), bool(row.ever_shared)
            )
    return found


def version_data(conn: Connection, key: Key, version: int) -> Fields | None:
    """Return a past version's values, or None if there is no such version."""
    data = conn.execute(
        select(record_version.c.data).where(
            record_version.c.kind == key[0],
            record_version.c.record_id == key[1],
            record_version.c.version == version,
        )
    ).scalar_one_or_none()
    return None if data is None else dict(json.loads(data))


_UPDATE_RECORD = (
    update(record)
    .where(record.c.kind == bindparam("b_kind"), record.c.record_id == bindparam("b_record_id"))
    .values(
        client_id=bindparam("client_id"),
        version=bindparam("version"),
        seq=bindparam("seq"),
        data=bindparam("data"),
        deleted=bindparam("deleted"),
        redirect_to=bindparam("redirect_to"),
        conflicted=bindparam("conflicted"),
        user_id=bindparam("user_id"),
        device_id=bindparam("device_id"),
        received_at=bindparam("received_at"),
    )
)


def save_records(conn: Connection, inserted: list[RecordState], updated: list[RecordState]) -> None:
    """Insert new records (in bulk) and update changed ones (one ``executemany``)."""
    if inserted:
        bulk_insert(conn, record, [state.row() for state in inserted])
    if updated:
        rows = []
        for state in updated:
            row = state.row()
            row["b_kind"], row["b_record_id"] = row.pop("kind"), row.pop("record_id")
            del row["agency_id"]
            rows.append(row)
        conn.execute(_UPDATE_RECORD, rows)


def restamp_client(conn: Connection, client_id: str, next_seq: Any) -> int:
    """Give every record of a client a new sequence number, so pulls send it again.

    Used when who may see the client changes: devices that gained sight of it
    get its records, devices that lost it get a withdrawal. Returns the count.
    """
    keys = conn.execute(
        select(record.c.kind, record.c.record_id)
        .where(record.c.client_id == client_id)
        .order_by(record.c.seq)
    ).all()
    if keys:
        conn.execute(
            update(record)
            .where(record.c.kind == bindparam("b_kind"), record.c.record_id == bindparam("b_id"))
            .values(seq=bindparam("new_seq")),
            [{"b_kind": k, "b_id": i, "new_seq": next_seq()} for k, i in keys],
        )
    return len(keys)
