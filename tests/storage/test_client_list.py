"""Tests for the client list: keyset paging, rows, filters and counts on a real store.

A locked template store of demo clients (plus a few hand-made people) is made
once; each test unlocks its own copy, so tests that write do not disturb others.
The store's clock is fixed, so "seen in the last 30 days" has a known today.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from store_fixtures import ADMIN, ADMIN_PASS, WORKER, WORKER_PASS, FakeClock, demo_clients
from store_fixtures import make_vault as _make_vault

from outreach_app.domain.matching import normalize_name
from outreach_app.domain.records import Client, CurrentLivingSituation, Enrollment, Record
from outreach_app.storage import client_list
from outreach_app.storage.client_list import (
    EVERYONE,
    ClientFilter,
    ClientRow,
    SyncState,
    client_page,
    decode_cursor,
    encode_cursor,
)
from outreach_app.storage.store import Store
from outreach_app.storage.vault import Vault

CLOCK = FakeClock()
TODAY = CLOCK.utc().astimezone().date()
DEMO = 400
NO_NAME = Client.new(DOB=dt.date(1990, 1, 2))
TWIN_A = Client.new(FirstName="Ada", LastName="Zwick", SSN="912340001", Aliases="Red")
TWIN_B = Client.new(FirstName="Ada", LastName="Zwick", SSN="xxxxx0002")
SEEN = Client.new(FirstName="Sienna", LastName="Marlowe-Tate", DOB=dt.date(1975, 6, 1))
HAND_MADE = [NO_NAME, TWIN_A, TWIN_B, SEEN]


def make_vault(path: Path) -> Vault:
    return _make_vault(path, clock=CLOCK.utc)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A locked store with 400 demo clients and four hand-made ones."""
    path = tmp_path_factory.mktemp("client-list") / "data"
    store, _ = make_vault(path).create(ADMIN, ADMIN_PASS)
    store.save_many([*demo_clients(DEMO), *HAND_MADE])
    store.lock()
    return path


@pytest.fixture
def store(template: Path, tmp_path: Path) -> Iterator[Store]:
    data_dir = tmp_path / "data"
    shutil.copytree(template, data_dir)
    opened = make_vault(data_dir).unlock(ADMIN, ADMIN_PASS)
    yield opened
    opened.lock()


def all_rows(store: Store, flt: ClientFilter = EVERYONE, limit: int = 37) -> list[ClientRow]:
    rows: list[ClientRow] = []
    cursor: str | None = None
    while True:
        page = store.client_page(cursor, limit, flt)
        assert len(page.rows) <= limit
        rows += page.rows
        if page.next_cursor is None:
            return rows
        cursor = page.next_cursor


def ids(rows: Sequence[ClientRow]) -> list[str]:
    return [r.client_id for r in rows]


def sql(store: Store, text: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    return store._call(lambda conn: conn.execute(text, params).fetchall())


def contact(client: Client, days_ago: int) -> list[Record]:
    enrollment = Enrollment.new(PersonalID=client.id, EntryDate=TODAY - dt.timedelta(100))
    seen = CurrentLivingSituation.new(
        PersonalID=client.id,
        EnrollmentID=enrollment.id,
        InformationDate=TODAY - dt.timedelta(days=days_ago),
        CurrentLivingSituation=116,
    )
    return [enrollment, seen]


# -- paging -----------------------------------------------------------------------------


def test_paging_covers_every_client_once_in_name_order(store: Store) -> None:
    rows = all_rows(store)
    expected = sql(store, "SELECT client_id FROM client_index ORDER BY sort_key, rowid")
    assert ids(rows) == [r[0] for r in expected]
    assert len(set(ids(rows))) == DEMO + len(HAND_MADE) == store.client_count()

    def key(row: ClientRow) -> tuple[str, str]:
        last, first = normalize_name(row.last_name or ""), normalize_name(row.first_name or "")
        if not (last or first) and row.aliases:  # known only by a street name: sorted by it
            last = normalize_name(row.aliases.split(";")[0])
        return last, first

    names = [key(r) for r in rows]
    assert names == sorted(names)
    nameless = ids([r for r in rows if not (r.first_name or r.last_name or r.aliases)])
    assert NO_NAME.id in nameless  # listed, and first with the other people with no name
    assert ids(rows[: len(nameless)]) == nameless


def test_a_page_walks_the_name_index_without_sorting(store: Store) -> None:
    cursor = encode_cursor("m", 0)

    def plan(conn: Any) -> list[str]:
        conn.execute("EXPLAIN QUERY PLAN SELECT 1")  # warm
        captured: list[str] = []
        conn.set_trace_callback(captured.append)
        try:
            client_page(conn, after=cursor, limit=5)
        finally:
            conn.set_trace_callback(None)
        query = next(q for q in captured if "FROM client_index" in q and "LIMIT" in q)
        return [row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + query)]

    steps = store._call(plan)
    assert any("USING INDEX client_index_sort" in s for s in steps), steps
    assert not any("TEMP B-TREE" in s for s in steps), steps


def test_the_cursor_survives_inserts_before_and_after_it(store: Store) -> None:
    first = store.client_page(None, 50)
    before = set(ids(all_rows(store)))
    assert first.next_cursor is not None
    last = first.rows[-1]
    early = Client.new(FirstName="Aaron", LastName="Aaberg")
    late = Client.new(FirstName="Zed", LastName="Zzyzx")
    tie = Client.new(FirstName=last.first_name, LastName=last.last_name)
    store.save_many([early, late, tie])
    rest = all_rows_from(store, first.next_cursor)
    assert early.id not in ids(rest)
    assert late.id in ids(rest)
    assert set(ids(first.rows)).isdisjoint(ids(rest))
    assert set(ids(first.rows)) | set(ids(rest)) - {late.id, tie.id} == before
    # The twin with the same name lands after the cursor: it was added later (higher rowid).
    assert tie.id in ids(rest)


def all_rows_from(store: Store, cursor: str | None) -> list[ClientRow]:
    rows: list[ClientRow] = []
    while cursor is not None:
        page = store.client_page(cursor, 64)
        rows += page.rows
        cursor = page.next_cursor
    return rows


def test_bad_cursors_and_limits_are_refused(store: Store) -> None:
    assert decode_cursor(encode_cursor("smith\x00ann", 7)) == ("smith\x00ann", 7)
    for bad in ("", "nope", "[1, 2]", '["a"]', "null", '["a", true]', '["a", 1, 2]'):
        with pytest.raises(ValueError, match="cursor"):
            decode_cursor(bad)
    with pytest.raises(ValueError, match="at least one"):
        store.client_page(None, 0)
    with pytest.raises(ValueError, match="user id"):
        store._call(lambda conn: client_page(conn, after=None, filter=ClientFilter(mine=True)))


# -- rows -------------------------------------------------------------------------------


def test_rows_show_the_last_four_and_the_latest_contact(store: Store) -> None:
    records = contact(SEEN, 40) + contact(SEEN, 3)
    store.save_many(records)
    newest = records[-1]
    store.delete(CurrentLivingSituation.KIND, newest.id)  # a deleted contact does not count
    rows = {r.client_id: r for r in all_rows(store)}
    twin_a, twin_b, seen = rows[TWIN_A.id], rows[TWIN_B.id], rows[SEEN.id]
    assert (twin_a.first_name, twin_a.last_name, twin_a.aliases) == ("Ada", "Zwick", "Red")
    assert twin_a.ssn_last4 == "0001"
    assert twin_b.ssn_last4 == "0002"
    assert "912340001" not in repr(twin_a)
    assert seen.dob == dt.date(1975, 6, 1)
    assert seen.last_contact == TODAY - dt.timedelta(days=40)
    assert rows[TWIN_A.id].last_contact is None
    assert {r.sync_state for r in rows.values()} == {SyncState.LOCAL}
    assert rows[NO_NAME.id].first_name is None
    assert rows[NO_NAME.id].last_name is None


# -- filters ----------------------------------------------------------------------------


def matching(store: Store, flt: ClientFilter) -> set[str]:
    rows = all_rows(store, flt, limit=13)
    assert len(rows) == store.client_count(flt)
    assert ids(rows) == sorted(ids(rows), key=ids(all_rows(store)).index)  # list order kept
    return set(ids(rows))


def test_my_caseload_is_whom_i_created_or_recorded_for(store: Store, tmp_path: Path) -> None:
    everyone = set(ids(all_rows(store)))
    store.add_user(WORKER, WORKER_PASS)
    store.lock()
    vault = make_vault(tmp_path / "data")
    wanda = vault.unlock(WORKER, WORKER_PASS)
    try:
        assert matching(wanda, ClientFilter(mine=True)) == set()
        own = Client.new(FirstName="Petra", LastName="Vollmer")
        wanda.save(own)
        wanda.save_many(contact(SEEN, 2))
        assert matching(wanda, ClientFilter(mine=True)) == {own.id, SEEN.id}
    finally:
        wanda.lock()
    admin = vault.unlock(ADMIN, ADMIN_PASS)
    try:
        assert matching(admin, ClientFilter(mine=True)) == everyone
    finally:
        admin.lock()


def test_seen_recently_counts_contact_dates(store: Store) -> None:
    recent = ClientFilter(recent_days=30)
    assert matching(store, recent) == set()
    store.save_many([*contact(SEEN, 29), *contact(TWIN_A, 31), *contact(TWIN_B, 1)])
    gone = sql(
        store,
        "SELECT id FROM record WHERE kind = ? AND client_id = ?",
        (CurrentLivingSituation.KIND, TWIN_B.id),
    )[0][0]
    store.delete(CurrentLivingSituation.KIND, gone)
    assert matching(store, recent) == {SEEN.id}
    assert matching(store, ClientFilter(recent_days=31)) == {SEEN.id, TWIN_A.id}


def mark_all_synced(store: Store) -> None:
    sql(store, "UPDATE journal SET state = 'synced'")


def test_not_synced_follows_the_journal(store: Store) -> None:
    unsynced = ClientFilter(unsynced=True)
    assert store.client_count(unsynced) == DEMO + len(HAND_MADE)
    mark_all_synced(store)
    assert matching(store, unsynced) == set()
    store.save(TWIN_A.replace(Aliases="Red; Ace"))  # the client changed
    store.save_many(contact(SEEN, 5))  # a record of the client changed
    assert matching(store, unsynced) == {TWIN_A.id, SEEN.id}


@pytest.mark.parametrize("few", [5000, 0], ids=["few-matches", "many-matches"])
def test_filters_together_mean_all_of_them(
    store: Store, few: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Both ways of narrowing (and of paging) a filtered list must give the same answer.
    monkeypatch.setattr(client_list, "_SORT_MATCHES_BELOW", few)
    mark_all_synced(store)
    store.save_many([*contact(SEEN, 3), *contact(TWIN_B, 90)])
    both = ClientFilter(mine=True, recent_days=30, unsynced=True)
    assert matching(store, both) == {SEEN.id}
    assert matching(store, ClientFilter(mine=True, unsynced=True)) == {SEEN.id, TWIN_B.id}
    assert EVERYONE.is_everyone
    assert both.is_everyone is False


def test_counts_follow_writes_at_once(store: Store) -> None:
    unsynced = ClientFilter(unsynced=True)
    mark_all_synced(store)
    assert store.client_count(unsynced) == 0
    assert store.client_count(unsynced) == 0  # reused while nothing is written
    new = Client.new(FirstName="Odile", LastName="Brancusi")
    store.save(new)
    assert store.client_count(unsynced) == 1
    assert store.client_count() == DEMO + len(HAND_MADE) + 1
    store.delete(Client.KIND, new.id)
    assert store.client_count(unsynced) == 0
    assert new.id not in ids(all_rows(store))


def test_search_rows_keep_rank_and_filter(store: Store) -> None:
    rows = store.search_rows("zwick")
    assert set(ids(rows[:2])) == {TWIN_A.id, TWIN_B.id}
    assert rows[0].ssn_last4 in {"0001", "0002"}
    mark_all_synced(store)
    store.save(TWIN_B.replace(Aliases="Bee"))
    assert ids(store.search_rows("zwick", filter=ClientFilter(unsynced=True))) == [TWIN_B.id]
    assert store.search_rows("qqqqxz") == []


@pytest.mark.parametrize("limit", [1, 200])
def test_page_sizes(store: Store, limit: int) -> None:
    page: Callable[[str | None], Any] = lambda c: store.client_page(c, limit)  # noqa: E731
    first = page(None)
    assert len(first.rows) == limit
    assert first.next_cursor is not None
    assert page(first.next_cursor).rows[0] != first.rows[-1]
