"""Tests for the unlocked store: writes, the journal, the audit log, a full disk, locking."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Iterator
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import pytest
import sqlcipher3.dbapi2 as sqlite
from store_fixtures import ADMIN, ADMIN_PASS, demo_clients, make_vault

from outreach_app import errors
from outreach_app.domain.records import Client, Enrollment
from outreach_app.storage.database import DISK_FULL_MESSAGE
from outreach_app.storage.recordsdb import RecordRef, WriteSummary
from outreach_app.storage.store import Store

# A person no demo data could produce, so every assertion about them is exact.
QUINN = {
    "FirstName": "Quinevere",
    "LastName": "Zabriskie-Oduya",
    "DOB": dt.date(1979, 11, 23),
    "SSN": "934125678",
    "Aliases": "Thimbleweed",
}
QUINN_TEXTS = ["Quinevere", "Zabriskie", "Oduya", "1979-11-23", "934125678", "5678", "Thimbleweed"]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A locked, empty store made once; each test unlocks its own copy."""
    path = tmp_path_factory.mktemp("store-template") / "data"
    store, _ = make_vault(path).create(ADMIN, ADMIN_PASS)
    store.lock()
    return path


@pytest.fixture
def store(template: Path, tmp_path: Path) -> Iterator[Store]:
    data_dir = tmp_path / "data"
    shutil.copytree(template, data_dir)
    opened = make_vault(data_dir).unlock(ADMIN, ADMIN_PASS)
    yield opened
    opened.lock()


def _sql(store: Store, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    assert store._db is not None
    return store._db.call(lambda conn: conn.execute(sql, params).fetchall())


def _count(store: Store, table: str) -> int:
    return int(_sql(store, f"SELECT count(*) FROM {table}")[0][0])


def _journal(store: Store, record_id: str) -> list[dict[str, Any]]:
    rows = _sql(
        store,
        "SELECT op, base_version, fields, user_id, state FROM journal WHERE record_id = ?"
        " ORDER BY seq",
        (record_id,),
    )
    return [
        {"op": op, "base_version": base, "fields": json.loads(fields), "user_id": user, "state": st}
        for op, base, fields, user, st in rows
    ]


# -- create, update, delete -------------------------------------------------------------


def test_save_a_new_record(store: Store) -> None:
    client = Client.new(**QUINN)
    summary = store.save(client)
    assert summary == WriteSummary(created=(RecordRef("Client", client.id),), journal_entries=1)
    assert summary.changed
    assert summary.kinds == {"Client"}
    assert store.get("Client", client.id) == client
    assert store.count("Client") == 1
    assert store.pending_changes() == 1
    (entry,) = _journal(store, client.id)
    assert entry["op"] == "create"
    assert entry["base_version"] is None
    assert entry["fields"] == client.to_data()
    assert entry["user_id"] == store.user.user_id
    assert entry["state"] == "pending"


def test_saving_an_unchanged_record_is_a_no_op(store: Store) -> None:
    client = Client.new(**QUINN)
    store.save(client)
    journal, audit = _count(store, "journal"), _count(store, "audit")
    summary = store.save(Client(client.id, dict(client.values)))
    assert summary == WriteSummary()
    assert not summary.changed
    assert (_count(store, "journal"), _count(store, "audit")) == (journal, audit)
    assert _sql(store, "SELECT version FROM record WHERE id = ?", (client.id,)) == [(1,)]


def test_update_journals_only_the_changed_fields(store: Store) -> None:
    client = Client.new(**QUINN)
    store.save(client)
    # As if a sync had confirmed version 7 on the server.
    _sql(store, "UPDATE record SET server_version = 7 WHERE id = ?", (client.id,))

    values = dict(client.values)
    del values["Aliases"]
    changed = Client(client.id, {**values, "FirstName": "Quinn"})
    summary = store.save(changed)
    assert summary == WriteSummary(updated=(RecordRef("Client", client.id),), journal_entries=1)
    assert store.get("Client", client.id) == changed

    create, update = _journal(store, client.id)
    assert create["op"] == "create"
    assert update["op"] == "update"
    assert update["fields"] == {"FirstName": "Quinn", "Aliases": None}
    assert update["base_version"] == 7
    assert _sql(store, "SELECT version FROM record WHERE id = ?", (client.id,)) == [(2,)]
    (entry,) = [e for e in store.audit_log("Client", client.id) if e.action == "update"]
    assert entry.detail == "columns: Aliases, FirstName"


def test_delete_leaves_a_tombstone(store: Store) -> None:
    client = Client.new(**QUINN)
    other = Client.new(FirstName="Quinevere", LastName="Other")
    store.save_many([client, other])
    assert {h.client_id for h in store.search("quinevere")} == {client.id, other.id}

    summary = store.delete("Client", client.id)
    assert summary == WriteSummary(deleted=(RecordRef("Client", client.id),), journal_entries=1)
    with pytest.raises(errors.NotFound):
        store.get("Client", client.id)
    with pytest.raises(errors.NotFound):
        store.view("Client", client.id)
    assert [h.client_id for h in store.search("quinevere")] == [other.id]
    assert store.search("zabriskie") == []
    assert store.count("Client") == 1
    assert _journal(store, client.id)[-1] == {
        "op": "delete",
        "base_version": None,
        "fields": {},
        "user_id": store.user.user_id,
        "state": "pending",
    }
    # The row is kept (it must sync as a delete), hidden, and no longer indexed.
    ((deleted_at, version),) = _sql(
        store, "SELECT deleted_at, version FROM record WHERE id = ?", (client.id,)
    )
    assert deleted_at is not None
    assert version == 2
    assert _sql(store, "SELECT * FROM client_index WHERE client_id = ?", (client.id,)) == []
    # A tombstone cannot be edited or deleted again.
    with pytest.raises(errors.NotFound):
        store.save(client.replace(FirstName="Back"))
    with pytest.raises(errors.NotFound):
        store.delete("Client", client.id)


def test_records_of_a_client(store: Store) -> None:
    client = Client.new(**QUINN)
    enrollment = Enrollment.new(PersonalID=client.id, EntryDate=dt.date(2025, 10, 2))
    summary = store.save_many([client, enrollment])
    assert summary.kinds == {"Client", "Enrollment"}
    assert summary.journal_entries == 2
    assert store.client_records(client.id) == [enrollment]
    store.delete("Enrollment", enrollment.id)
    assert store.client_records(client.id) == []


def test_every_write_adds_exactly_one_journal_and_one_audit_entry(store: Store) -> None:
    client = Client.new(**QUINN)

    def counts() -> tuple[int, int]:
        return _count(store, "journal"), _count(store, "audit")

    start = counts()
    for n, write in enumerate(
        [
            lambda: store.save(client),
            lambda: store.save(client.replace(LastName="Zabriskie")),
            lambda: store.delete("Client", client.id),
        ],
        start=1,
    ):
        write()
        assert counts() == (start[0] + n, start[1] + n)
    ops = [e["op"] for e in _journal(store, client.id)]
    assert ops == ["create", "update", "delete"]
    actions = [e.action for e in reversed(store.audit_log("Client", client.id))]
    assert actions == ["create", "update", "delete"]


# -- all or nothing ---------------------------------------------------------------------


def _fail_audit_inserts(store: Store, when: str = "1") -> None:
    _sql(
        store,
        "CREATE TEMP TRIGGER injected_failure BEFORE INSERT ON main.audit"
        f" WHEN {when} BEGIN SELECT RAISE(ABORT, 'injected failure'); END",
    )


def test_a_failure_mid_write_leaves_no_trace(store: Store) -> None:
    """The audit insert comes after the record and the journal rows: all must roll back."""
    client = Client.new(**QUINN)
    before = {t: _count(store, t) for t in ("record", "journal", "audit", "client_index")}
    _fail_audit_inserts(store)
    with pytest.raises(sqlite.IntegrityError, match="injected failure"):
        store.save(client)
    _sql(store, "DROP TRIGGER injected_failure")
    assert {t: _count(store, t) for t in before} == before
    with pytest.raises(errors.NotFound):
        store.get("Client", client.id)
    assert store.search("quinevere") == []
    # Nothing half-open either: the same record saves normally now.
    assert store.save(client).created == (RecordRef("Client", client.id),)


def test_a_failure_mid_update_keeps_the_old_version(store: Store) -> None:
    client = Client.new(**QUINN)
    store.save(client)
    before = {t: _count(store, t) for t in ("journal", "audit", "client_key")}
    # Fail at the very end, while re-indexing the new name.
    _sql(
        store,
        "CREATE TEMP TRIGGER injected_failure BEFORE INSERT ON main.client_key"
        " BEGIN SELECT RAISE(ABORT, 'injected failure'); END",
    )
    with pytest.raises(sqlite.IntegrityError, match="injected failure"):
        store.save(client.replace(FirstName="Renamed"))
    _sql(store, "DROP TRIGGER injected_failure")
    assert store.get("Client", client.id) == client
    assert {t: _count(store, t) for t in before} == before
    assert [h.client_id for h in store.search("quinevere zabriskie")] == [client.id]
    assert store.search("renamed") == []


def test_a_failure_in_a_batch_saves_none_of_it(store: Store) -> None:
    clients = demo_clients(50)
    bad = clients[37].id
    _fail_audit_inserts(store, when=f"NEW.record_id = '{bad}'")
    with pytest.raises(sqlite.IntegrityError, match="injected failure"):
        store.save_many(clients)
    _sql(store, "DROP TRIGGER injected_failure")
    assert store.count("Client") == 0
    assert store.pending_changes() == 0
    assert _count(store, "client_key") == 0


# -- the audit log ----------------------------------------------------------------------


def test_the_audit_log_is_append_only(store: Store) -> None:
    store.save(Client.new(**QUINN))
    before = _sql(store, "SELECT * FROM audit ORDER BY seq")
    assert len(before) >= 3
    with pytest.raises(sqlite.IntegrityError, match="append-only"):
        _sql(store, "UPDATE audit SET user_id = 'someone else'")
    with pytest.raises(sqlite.IntegrityError, match="append-only"):
        _sql(store, "DELETE FROM audit WHERE seq = 1")
    with pytest.raises(sqlite.IntegrityError, match="append-only"):
        _sql(store, "DELETE FROM audit")
    assert _sql(store, "SELECT * FROM audit ORDER BY seq") == before


def test_view_logs_a_view_and_get_does_not(store: Store) -> None:
    client = Client.new(**QUINN)
    store.save(client)
    assert store.get("Client", client.id) == client
    assert [e.action for e in store.audit_log("Client", client.id)] == ["create"]
    assert store.view("Client", client.id) == client
    newest = store.audit_log("Client", client.id)[0]
    assert (newest.action, newest.kind, newest.record_id) == ("view", "Client", client.id)
    assert newest.user_id == store.user.user_id


def test_the_audit_log_holds_no_personal_data(store: Store) -> None:
    client = Client.new(**QUINN)
    store.save(client)
    store.view("Client", client.id)
    store.save(client.replace(FirstName="Quinnevere", SSN="934125679"))
    store.record_export("exported 1 client for the weekly report")
    store.delete("Client", client.id)
    rows = _sql(store, "SELECT * FROM audit")
    assert len(rows) >= 6
    text = json.dumps(rows, default=str)
    for secret in [*QUINN_TEXTS, "Quinnevere", "934125679", "11/23/1979"]:
        assert secret not in text
    assert "FirstName" in text  # which columns changed is logged; their values are not
    actions = {row[3] for row in rows}
    assert {"create", "view", "update", "export", "delete", "unlock"} <= actions


# -- a full disk ------------------------------------------------------------------------


def test_a_full_disk_keeps_the_input_and_saves_nothing(store: Store) -> None:
    store.save(Client.new(**QUINN))
    ((pages,),) = _sql(store, "PRAGMA page_count")
    _sql(store, f"PRAGMA max_page_count = {pages + 2}")
    batch = demo_clients(400)
    copy = list(batch)
    before = {t: _count(store, t) for t in ("record", "journal", "audit", "client_key")}

    with pytest.raises(errors.DiskFull) as caught:
        store.save_many(batch)
    assert caught.value.message == DISK_FULL_MESSAGE
    assert batch == copy  # the caller still has every record
    assert all(a is b for a, b in zip(batch, copy, strict=True))
    assert {t: _count(store, t) for t in before} == before
    assert store.count("Client") == 1

    _sql(store, "PRAGMA max_page_count = 1073741823")
    summary = store.save_many(batch)
    assert len(summary.created) == 400
    assert store.count("Client") == 401


def test_a_full_disk_on_a_single_save(store: Store) -> None:
    ((pages,),) = _sql(store, "PRAGMA page_count")
    _sql(store, f"PRAGMA max_page_count = {pages}")
    big = Client.new(**{**QUINN, "Aliases": "; ".join(f"Street Name {i}" for i in range(3000))})
    with pytest.raises(errors.DiskFull):
        store.save(big)
    with pytest.raises(errors.NotFound):
        store.get("Client", big.id)
    _sql(store, "PRAGMA max_page_count = 1073741823")
    assert store.save(big).created == (RecordRef("Client", big.id),)


# -- locking and the UI's futures --------------------------------------------------------


def test_after_lock_every_call_raises_store_locked(store: Store) -> None:
    client = Client.new(**QUINN)
    store.save(client)
    store.lock()
    assert not store.is_open
    assert store._data_key is None
    calls = [
        lambda: store.save(client),
        lambda: store.save_many([client]),
        lambda: store.get("Client", client.id),
        lambda: store.view("Client", client.id),
        lambda: store.delete("Client", client.id),
        lambda: store.search("quinevere"),
        lambda: store.duplicates(QUINN),
        lambda: store.audit_log(),
        lambda: store.count("Client"),
        lambda: store.pending_changes(),
        lambda: store.users(),
        lambda: store.diagnostics(),
        lambda: store.rekey(),
        lambda: store.submit(store.search, "quinevere"),
    ]
    for call in calls:
        with pytest.raises(errors.StoreLocked):
            call()


def test_submit_returns_a_future(store: Store) -> None:
    client = Client.new(**QUINN)
    saving = store.submit(store.save, client)
    assert isinstance(saving, Future)
    assert saving.result(timeout=10).created == (RecordRef("Client", client.id),)
    found = store.submit(store.search, "quinevere", limit=5)
    assert [h.client_id for h in found.result(timeout=10)] == [client.id]
    missing = store.submit(store.get, "Client", "0" * 32)
    assert isinstance(missing.exception(timeout=10), errors.NotFound)


def test_diagnostics_hold_no_personal_data(store: Store) -> None:
    store.save(Client.new(**QUINN))
    facts = store.diagnostics()
    assert facts["schema_version"] == 3
    assert facts["records"] == {"Client": 1}
    assert facts["pending_changes"] == 1
    assert facts["cipher_integrity_check"] == "ok"
    assert facts["quick_check"] == "ok"
    text = json.dumps(facts, default=str)
    assert not any(secret in text for secret in QUINN_TEXTS)
