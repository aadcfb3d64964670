"""Merging a duplicate client into the one that survives.

Merging itself (choosing values, the supervisor's screen) comes later; what
sync needs now is its result on the wire. The merged client becomes a
tombstone with ``redirect_to`` the survivor, a ``merge`` row records the
pointer, and every record of the merged client moves to the survivor as a new
version (``PersonalID`` rewritten), so devices pull the moves like any change.
"""

from __future__ import annotations

import logging

from sqlalchemy import Connection, insert, select

from outreach_gateway.database import Sequence
from outreach_gateway.sync.state import RecordState, load_records, save_records, state_from_row
from outreach_gateway.tables import merge, record, record_version

log = logging.getLogger("outreach.gateway.sync")


class MergeError(Exception):
    """The merge cannot be done (a client is missing, deleted, or the same one)."""


def merge_clients(
    conn: Connection, sequence: Sequence, merged_id: str, survivor_id: str, now: str
) -> int:
    """Merge client ``merged_id`` into ``survivor_id``; return the records moved.

    Raises:
        MergeError: the clients are the same, missing, or already deleted.
    """
    if merged_id == survivor_id:
        raise MergeError("a client cannot be merged into itself")
    found = load_records(conn, [("Client", merged_id), ("Client", survivor_id)])
    merged, survivor = found.get(("Client", merged_id)), found.get(("Client", survivor_id))
    if merged is None or survivor is None:
        raise MergeError("both clients must exist")
    if merged.deleted or survivor.deleted:
        raise MergeError("both clients must be live (not deleted or merged)")
    children = [
        state_from_row(row)
        for row in conn.execute(
            select(record)
            .where(record.c.client_id == merged_id, record.c.kind != "Client")
            .order_by(record.c.seq)
        )
    ]
    changed: list[RecordState] = []
    for child in children:
        child.set_data({**child.data, "PersonalID": survivor_id})
        child.client_id = survivor_id
        changed.append(child)
    merged.deleted, merged.redirect_to = True, survivor_id
    changed.append(merged)
    for state in changed:
        state.version += 1
        state.seq = sequence.next()
        state.user_id, state.device_id, state.received_at = None, None, now
    save_records(conn, [], changed)
    conn.execute(
        insert(record_version),
        [s.version_row("merge", None) for s in changed],
    )
    conn.execute(
        insert(merge).values(
            merged_id=merged_id, survivor_id=survivor_id, merged_at=now, seq=merged.seq
        )
    )
    log.info("clients merged merged=%s survivor=%s moved=%d", merged_id, survivor_id, len(children))
    return len(children)
