"""The client list: everyone on this laptop, page by page, in name order.

The list must open instantly with 100,000 clients, so it never counts rows to
skip (``OFFSET`` reads everything it skips). It pages by *keyset*: a page ends
with a cursor, the position of its last row in list order, and the next page
starts strictly after it. That position is ``(sort_key, rowid)`` of
``client_index``: the index ``client_index_sort`` on ``sort_key`` carries the
rowid as its last column, so this order is the index's own order and a page is
a short walk of one B-tree with no sort. Rowids never change for a client, so a
cursor stays valid while clients are added or renamed elsewhere in the list.

Filters narrow the list to a set of clients, computed with the indexes the
schema has, and the page walks the same index keeping the members of that set:

* *mine* (my caseload): clients for whom this user created or last changed any
  record (``record.created_by`` / ``updated_by``), the client record included.
* *recent_days* (seen recently): clients with a live contact, a
  ``CurrentLivingSituation``, whose ``InformationDate`` is within the last N
  days. The contact date is what "seen" means in the field; an edit made at the
  office days later is not a sighting.
* *unsynced*: clients with a pending journal entry for themselves or any of
  their records.

Several filters together mean all of them (an intersection).

A filter's set can cost a scan (no index holds a record's author or a
contact's date), so it is kept in a per-connection temporary table until the
next write, and only the first page after a filter change or a save pays for it.
At 100,000 clients the caseload scan takes about half a second; indexes that
would make it instant are a schema change (see the notes in ``_filter_sets``).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from outreach_app.domain.records import Client, CurrentLivingSituation
from outreach_app.storage.database import Connection
from outreach_app.storage.search import PREFILTER_LIMIT, search_clients

#: How many rows a page holds unless the caller says otherwise.
PAGE_SIZE = 200


class SyncState(StrEnum):
    """Where a record's data is, as the sync columns show it (worst first: see :data:`WORST`).

    A client's state rolls up its own record's and all of their records': one
    unsent contact makes the person "waiting". Before the laptop is enrolled
    nothing is sent, so a pending change is ``LOCAL``, not ``WAITING``.
    """

    LOCAL = "local"  #: only on this laptop, never sent
    WAITING = "waiting"  #: sent before, with changes waiting to go
    SYNCED = "synced"  #: the same here and on the gateway
    ATTENTION = "attention"  #: the gateway refused a change; someone must look
    CONFLICT = "conflict"  #: changed here and elsewhere; someone must choose


#: The order in which states win a roll-up: one conflict outweighs any number synced.
WORST = (SyncState.CONFLICT, SyncState.ATTENTION, SyncState.WAITING, SyncState.LOCAL,
         SyncState.SYNCED)  # fmt: skip


@dataclass(frozen=True, slots=True)
class ClientFilter:
    """Which clients the list shows; the default shows everyone.

    Attributes:
        mine: only my caseload (clients I created or recorded anything for).
        recent_days: only clients with a contact within this many days.
        unsynced: only clients with changes not yet synced.
    """

    mine: bool = False
    recent_days: int | None = None
    unsynced: bool = False

    @property
    def is_everyone(self) -> bool:
        """Whether no filter is on."""
        return not (self.mine or self.recent_days is not None or self.unsynced)


#: The filter that shows everyone.
EVERYONE = ClientFilter()


@dataclass(frozen=True, slots=True)
class ClientRow:
    """One line of the client list (never the full SSN).

    Attributes:
        client_id: the client's PersonalID.
        first_name, last_name, aliases: as recorded.
        dob: the date of birth, if known.
        ssn_last4: the last four SSN digits, if known.
        last_contact: the latest contact's InformationDate, if any.
        sync_state: one of :class:`SyncState`.
    """

    client_id: str
    first_name: str | None
    last_name: str | None
    aliases: str | None
    dob: dt.date | None
    ssn_last4: str | None
    last_contact: dt.date | None
    sync_state: SyncState


@dataclass(frozen=True, slots=True)
class ClientPage:
    """One page of the list.

    Attributes:
        rows: the clients, in list order.
        next_cursor: where the next page starts, or None after the last page.
    """

    rows: tuple[ClientRow, ...]
    next_cursor: str | None


def encode_cursor(sort_key: str, rowid: int) -> str:
    """Return the opaque cursor of a list position."""
    return json.dumps([sort_key, rowid])


def decode_cursor(cursor: str) -> tuple[str, int]:
    """Return the list position of a cursor made by :func:`encode_cursor`.

    Raises:
        ValueError: the cursor was not made here.
    """
    try:
        value = json.loads(cursor)
    except json.JSONDecodeError as exc:
        raise ValueError("not a client list cursor") from exc
    if not (isinstance(value, list) and len(value) == 2):
        raise ValueError("not a client list cursor")
    sort_key, rowid = value
    if not isinstance(sort_key, str) or type(rowid) is not int:
        raise ValueError("not a client list cursor")
    return sort_key, rowid


def _filter_sets(
    flt: ClientFilter, user_id: str | None, today: dt.date
) -> tuple[list[str], list[object]]:
    """Return one query of client ids per active filter, with their parameters."""
    sets: list[str] = []
    params: list[object] = []
    if flt.mine:
        if user_id is None:
            raise ValueError("the caseload filter needs a user id")
        # No index has the author, so this scans the record table. An index on
        # record (created_by, client_id) and one on (updated_by, client_id) would not.
        sets.append("SELECT client_id FROM record WHERE created_by = ? OR updated_by = ?")
        params += [user_id, user_id]
    if flt.recent_days is not None:
        since = today - dt.timedelta(days=flt.recent_days)
        # The range of the primary key (kind, id) holds exactly the contacts.
        sets.append(
            "SELECT client_id FROM record WHERE kind = ? AND deleted_at IS NULL"
            " AND json_extract(data, '$.InformationDate') >= ?"
        )
        params += [CurrentLivingSituation.KIND, since.isoformat()]
    if flt.unsynced:
        # A client's own entries name it; other kinds need their record's client_id.
        sets.append(
            "SELECT record_id FROM journal WHERE state = 'pending' AND kind = ?"
            " UNION SELECT r.client_id FROM"
            " (SELECT DISTINCT kind, record_id FROM journal WHERE state = 'pending'"
            " AND kind != ?) AS j JOIN record AS r ON r.kind = j.kind AND r.id = j.record_id"
        )
        params += [Client.KIND, Client.KIND]
    return sets, params


_MATCH_TABLES = (
    "CREATE TEMP TABLE IF NOT EXISTS client_list_match (client_rowid INTEGER PRIMARY KEY)",
    "CREATE TEMP TABLE IF NOT EXISTS client_list_state (id INTEGER PRIMARY KEY,"
    " signature TEXT NOT NULL, stamp INTEGER NOT NULL, size INTEGER NOT NULL)",
    "INSERT OR IGNORE INTO client_list_state VALUES (1, '', -1, 0)",
)


def _match(conn: Connection, flt: ClientFilter, user_id: str | None, today: dt.date) -> int:
    """Put the rowids of the clients ``flt`` keeps in ``temp.client_list_match``; count them.

    Computing the set can scan a large table, so it is kept in a temporary
    (in-memory, per-connection) table while nothing is written: every write
    goes through this one connection and moves ``total_changes``, so a page or
    count after any write computes it afresh, and the next ones reuse it.
    """
    for statement in _MATCH_TABLES:
        conn.execute(statement)
    signature = json.dumps([flt.mine, flt.recent_days, flt.unsynced, user_id, today.isoformat()])
    held, stamp, size = conn.execute(
        "SELECT signature, stamp, size FROM temp.client_list_state"
    ).fetchone()
    if held == signature and stamp == conn.total_changes:
        return int(size)
    others = replace(flt, mine=False)
    narrow = flt.mine and not others.is_everyone  # check the caseload per candidate
    sets, params = _filter_sets(others if narrow else flt, user_id, today)
    conn.execute("DELETE FROM temp.client_list_match")
    conn.execute(
        "INSERT INTO temp.client_list_match SELECT rowid FROM client_index WHERE "
        + " AND ".join(f"client_id IN ({sql})" for sql in sets),
        params,
    )
    if narrow:
        _keep_my_caseload(conn, user_id)
    (size,) = conn.execute("SELECT count(*) FROM temp.client_list_match").fetchone()
    # This update is the last change, so the stamp it writes is total_changes afterwards.
    conn.execute(
        "UPDATE temp.client_list_state SET signature = ?, stamp = ?, size = ?",
        (signature, conn.total_changes + 1, size),
    )
    return int(size)


def _keep_my_caseload(conn: Connection, user_id: str | None) -> None:
    """Drop the candidates outside the user's caseload.

    Few candidates: look at each one's records through ``record_by_client``;
    many: the one scan of the record table is cheaper.
    """
    (candidates,) = conn.execute("SELECT count(*) FROM temp.client_list_match").fetchone()
    if candidates < _SORT_MATCHES_BELOW:
        conn.execute(
            "DELETE FROM temp.client_list_match WHERE NOT EXISTS (SELECT 1 FROM client_index"
            " AS c JOIN record AS r INDEXED BY record_by_client ON r.client_id = c.client_id"
            " WHERE c.rowid = client_rowid AND (r.created_by = ? OR r.updated_by = ?))",
            (user_id, user_id),
        )
    else:
        mine, params = _filter_sets(ClientFilter(mine=True), user_id, dt.date.min)
        conn.execute(
            "DELETE FROM temp.client_list_match WHERE client_rowid NOT IN"
            f" (SELECT rowid FROM client_index WHERE client_id IN ({mine[0]}))",
            params,
        )


#: Below this many matches a page sorts them; above, it walks the name index.
_SORT_MATCHES_BELOW = 5000


def _date(text: object) -> dt.date | None:
    if not isinstance(text, str):
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def _last_contacts(conn: Connection, client_ids: Sequence[str]) -> dict[str, dt.date | None]:
    """Return each client's latest contact date (one indexed lookup per client)."""
    if not client_ids:
        return {}
    rows = conn.execute(
        "SELECT client_id, max(json_extract(data, '$.InformationDate'))"
        " FROM record INDEXED BY record_by_client"
        f" WHERE client_id IN ({','.join('?' * len(client_ids))}) AND kind = ?"
        " AND deleted_at IS NULL GROUP BY client_id",
        [*client_ids, CurrentLivingSituation.KIND],
    ).fetchall()
    return {client_id: _date(latest) for client_id, latest in rows}


def record_states(
    conn: Connection, client_ids: Sequence[str]
) -> dict[tuple[str, str], tuple[str, SyncState]]:
    """Return ``(kind, id) -> (client id, state)`` for every record of these clients.

    The same rules as ``sync_db.record_sync_state`` in one query for a page of
    clients: each record costs three lookups of the ``journal_by_record`` and
    ``conflict_by_record`` indexes, found through ``record_by_client``.
    """
    if not client_ids:
        return {}
    enrolled = conn.execute("SELECT 1 FROM sync_state WHERE key = 'device_token'").fetchone()
    rows = conn.execute(
        "SELECT r.client_id, r.kind, r.id, r.server_version IS NOT NULL, EXISTS (SELECT 1 FROM"
        " conflict AS c WHERE c.kind = r.kind AND c.record_id = r.id AND c.resolved_at IS NULL),"
        " EXISTS (SELECT 1 FROM journal AS j WHERE j.kind = r.kind AND j.record_id = r.id"
        " AND j.state = 'rejected'), EXISTS (SELECT 1 FROM journal AS j WHERE j.kind = r.kind"
        " AND j.record_id = r.id AND j.state = 'pending') FROM record AS r INDEXED BY"
        f" record_by_client WHERE r.client_id IN ({','.join('?' * len(client_ids))})",
        list(client_ids),
    ).fetchall()
    states: dict[tuple[str, str], tuple[str, SyncState]] = {}
    for client_id, kind, record_id, on_gateway, conflict, rejected, pending in rows:
        state = SyncState.SYNCED if on_gateway else SyncState.LOCAL
        if conflict or rejected or (pending and enrolled):
            state = WORST[0 if conflict else 1 if rejected else 2]
        states[(kind, record_id)] = (client_id, state)
    return states


def roll_up(states: Iterable[SyncState]) -> SyncState:
    """Return the state a parent shows for its own and its children's states."""
    return min(states, key=WORST.index, default=SyncState.LOCAL)


def _client_states(conn: Connection, client_ids: Sequence[str]) -> dict[str, SyncState]:
    by_client: dict[str, list[SyncState]] = {}
    for client_id, state in record_states(conn, client_ids).values():
        by_client.setdefault(client_id, []).append(state)
    return {client_id: roll_up(states) for client_id, states in by_client.items()}


def _client_rows(conn: Connection, raw: Sequence[Sequence[object]]) -> list[ClientRow]:
    """Build rows from ``client_id, first, last, aliases, dob, ssn`` tuples."""
    contacts = _last_contacts(conn, [str(r[0]) for r in raw])
    states = _client_states(conn, [str(r[0]) for r in raw])
    rows = []
    for client_id, first, last, aliases, dob, ssn in raw:
        last4 = ssn[5:] if isinstance(ssn, str) and ssn[5:].isdigit() else None
        rows.append(
            ClientRow(
                str(client_id),
                first if isinstance(first, str) else None,
                last if isinstance(last, str) else None,
                aliases if isinstance(aliases, str) else None,
                _date(dob),
                last4,
                contacts.get(str(client_id)),
                states.get(str(client_id), SyncState.LOCAL),
            )
        )
    return rows


def client_page(
    conn: Connection,
    *,
    after: str | None,
    limit: int = PAGE_SIZE,
    filter: ClientFilter = EVERYONE,
    user_id: str | None = None,
    today: dt.date | None = None,
) -> ClientPage:
    """Return up to ``limit`` clients after the cursor ``after``, in name order.

    ``user_id`` is whose caseload ``filter.mine`` means; ``today`` is the day
    ``filter.recent_days`` counts back from (the local date by default).
    """
    if limit < 1:
        raise ValueError("a page holds at least one row")
    source = "client_index INDEXED BY client_index_sort"
    conditions: list[str] = []
    params: list[object] = []
    if not filter.is_everyone:
        size = _match(conn, filter, user_id, today or dt.date.today())
        if size < _SORT_MATCHES_BELOW:
            source = "temp.client_list_match JOIN client_index ON client_index.rowid = client_rowid"
        else:
            conditions.append("client_index.rowid IN temp.client_list_match")
    if after is not None:
        conditions.insert(0, "(sort_key, client_index.rowid) > (?, ?)")
        params[:0] = decode_cursor(after)
    where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
    raw = conn.execute(
        "SELECT client_id, first_name, last_name, aliases, dob, ssn, sort_key, client_index.rowid"
        f" FROM {source} {where} ORDER BY sort_key, client_index.rowid LIMIT ?",
        [*params, limit + 1],
    ).fetchall()
    more = len(raw) > limit
    raw = raw[:limit]
    cursor = encode_cursor(raw[-1][6], raw[-1][7]) if more else None
    return ClientPage(tuple(_client_rows(conn, [r[:6] for r in raw])), cursor)


def client_count(
    conn: Connection,
    filter: ClientFilter = EVERYONE,
    *,
    user_id: str | None = None,
    today: dt.date | None = None,
) -> int:
    """Return how many clients the list shows with ``filter``."""
    if filter.is_everyone:
        return int(conn.execute("SELECT count(*) FROM client_index").fetchone()[0])
    return _match(conn, filter, user_id, today or dt.date.today())


def search_rows(
    conn: Connection,
    text: str,
    limit: int = 50,
    filter: ClientFilter = EVERYONE,
    *,
    user_id: str | None = None,
    today: dt.date | None = None,
) -> list[ClientRow]:
    """Return the list rows of the clients search finds for ``text``, best first.

    With a filter, only the hits the filtered list holds (from a wider search).
    """
    wide = limit if filter.is_everyone else PREFILTER_LIMIT
    ids = [hit.client_id for hit in search_clients(conn, text, wide)]
    if not ids:
        return []
    kept_only = ""
    if not filter.is_everyone:
        _match(conn, filter, user_id, today or dt.date.today())
        kept_only = " AND rowid IN temp.client_list_match"
    raw = conn.execute(
        "SELECT client_id, first_name, last_name, aliases, dob, ssn FROM client_index"
        f" WHERE client_id IN ({','.join('?' * len(ids))}){kept_only}",
        ids,
    ).fetchall()
    by_id = {str(r[0]): r for r in raw}
    kept = [by_id[i] for i in ids if i in by_id][:limit]
    return _client_rows(conn, kept)
