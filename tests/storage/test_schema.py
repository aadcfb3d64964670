"""Tests for the schema and its migrations, including an upgrade of a kept v1 store.

``fixtures/store_v1/`` is a data folder written by schema version 1 (see
``fixtures/make_fixtures.py``, which documents how it was made); it is never
rebuilt once released, so the upgrade from it stays tested.
"""

from __future__ import annotations

import json
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from store_fixtures import make_vault

from outreach_app import errors
from outreach_app.storage import schema
from outreach_app.storage import vault as vault_module
from outreach_app.storage.database import Connection, connect
from outreach_app.storage.schema import LATEST_VERSION, migrate, schema_version

FIXTURES = Path(__file__).resolve().parent / "fixtures"
V1_TABLES = {"meta", "local_user", "record", "journal", "audit", "client_index", "client_key"}
V3_TABLES = {"sync_state", "conflict"}


@pytest.fixture
def conn(tmp_path: Path) -> Iterator[Connection]:
    opened = connect(tmp_path / "schema.db", secrets.token_bytes(32))
    yield opened
    opened.close()


def _names(conn: Connection, kind: str) -> set[str]:
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = ? AND name NOT LIKE 'sqlite_%'", (kind,)
    )
    return {row[0] for row in rows}


def test_latest_version_is_three() -> None:
    # Adding a migration means adding a kept fixture of the old version too.
    assert LATEST_VERSION == 3 == len(schema.MIGRATIONS)
    assert (FIXTURES / "store_v1" / "outreach.db").is_file()
    assert (FIXTURES / "store_v2" / "outreach.db").is_file()


def test_migrate_an_empty_database_to_the_latest(conn: Connection) -> None:
    assert schema_version(conn) == 0
    assert migrate(conn) == [1, 2, 3]
    assert schema_version(conn) == LATEST_VERSION
    assert _names(conn, "table") == V1_TABLES | {"draft"} | V3_TABLES
    assert {"audit_no_update", "audit_no_delete"} <= _names(conn, "trigger")
    assert "draft_by_user" in _names(conn, "index")
    assert migrate(conn) == []  # already there: nothing to do
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_migrate_step_by_step(conn: Connection) -> None:
    assert migrate(conn, target=1) == [1]
    assert schema_version(conn) == 1
    assert _names(conn, "table") == V1_TABLES
    assert "draft" not in _names(conn, "table")
    conn.execute("INSERT INTO meta (key, value) VALUES ('store_id', 'kept')")

    assert migrate(conn, target=2) == [2]
    assert schema_version(conn) == 2
    assert "draft" in _names(conn, "table")
    assert conn.execute("SELECT value FROM meta").fetchall() == [("kept",)]


def test_a_database_from_a_newer_outreach_raises_store_corrupt(conn: Connection) -> None:
    migrate(conn)
    conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    with pytest.raises(errors.StoreCorrupt, match="newer version of Outreach"):
        migrate(conn)
    assert schema_version(conn) == LATEST_VERSION + 1  # nothing was changed


def test_a_failed_migration_leaves_the_old_version(
    conn: Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    migrate(conn, target=1)

    def half_done(c: Connection) -> None:
        schema._run_script(c, schema.SCHEMA_V2)
        raise RuntimeError("power cut half way through the upgrade")

    monkeypatch.setattr(schema, "MIGRATIONS", [schema.MIGRATIONS[0], half_done])
    with pytest.raises(RuntimeError, match="power cut"):
        migrate(conn)
    assert schema_version(conn) == 1
    assert "draft" not in _names(conn, "table")
    assert not conn.in_transaction
    monkeypatch.undo()
    assert migrate(conn, target=2) == [2]


def test_audit_triggers_survive_statement_splitting() -> None:
    statements = schema._split(schema.SCHEMA_V1)
    triggers = [s for s in statements if s.startswith("CREATE TRIGGER")]
    assert len(triggers) == 2
    assert all(s.endswith("END;") for s in triggers)
    assert not any(s.lstrip().startswith("--") for s in statements)
    with pytest.raises(ValueError, match="incomplete"):
        schema._split("CREATE TABLE x (a INTEGER")


# -- the kept v1 store ------------------------------------------------------------------


@pytest.fixture
def v1_info() -> dict[str, Any]:
    info: dict[str, Any] = json.loads((FIXTURES / "store_v1.json").read_text())
    assert info["schema_version"] == 1
    return info


@pytest.fixture
def v1_dir(tmp_path: Path) -> Path:
    copy = tmp_path / "store_v1"
    shutil.copytree(FIXTURES / "store_v1", copy)
    return copy


def test_the_v1_fixture_upgrades_at_unlock(
    v1_dir: Path, v1_info: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    before: list[tuple[int, set[str]]] = []
    applied: list[list[int]] = []

    def watching_migrate(conn: Connection, target: int = LATEST_VERSION) -> list[int]:
        before.append((schema_version(conn), _names(conn, "table")))
        applied.append(migrate(conn, target))
        return applied[-1]

    monkeypatch.setattr(vault_module, "migrate", watching_migrate)
    pristine = (FIXTURES / "store_v1" / "outreach.db").read_bytes()

    (worker, passphrase), *_ = ((u, p) for u, p in v1_info["users"].items() if u != "admin")
    store = make_vault(v1_dir).unlock(worker, passphrase)
    try:
        assert before == [(1, V1_TABLES)]  # it really was a version 1 database
        assert applied == [[2, 3]]
        tables = store._db.call(lambda c: _names(c, "table"))  # type: ignore[union-attr]
        assert tables == V1_TABLES | {"draft"} | V3_TABLES
        assert store.diagnostics()["schema_version"] == 3
        assert store.diagnostics()["quick_check"] == "ok"

        # Every live client is there, with its values, and searchable.
        clients: dict[str, dict[str, Any]] = v1_info["clients"]
        assert store.count("Client") == len(clients) == 19
        for client_id, data in clients.items():
            assert store.get("Client", client_id).to_data() == data
            if data.get("LastName") and data.get("FirstName"):
                text = f"{data['FirstName']} {data['LastName']}"
                assert client_id in [h.client_id for h in store.search(text, limit=300)]
        updated = next(c for c, d in clients.items() if d.get("FirstName") == "Updated")
        assert [h.client_id for h in store.search("fixture alias")][:1] == [updated]
        for deleted in v1_info["deleted"]:
            with pytest.raises(errors.NotFound):
                store.get("Client", deleted)
        assert store.pending_changes() == v1_info["journal_entries"]

        # The old audit log is intact, in order, then the fixture's lock, then this unlock.
        log = [
            [e.seq, e.at, e.user_id, e.action, e.kind, e.record_id, e.detail]
            for e in reversed(store.audit_log(limit=10_000))
        ]
        old = v1_info["audit"]
        assert log[: len(old)] == old
        assert [e[3] for e in log[len(old) :]] == ["lock", "unlock"]
        assert {"create", "update", "view", "delete", "failed_unlock", "user"} <= {
            e[3] for e in old
        }
    finally:
        store.lock()
    assert (FIXTURES / "store_v1" / "outreach.db").read_bytes() == pristine

    # Once upgraded, later unlocks have nothing to migrate.
    store = make_vault(v1_dir).unlock_with_recovery(v1_info["recovery_key"])
    store.lock()
    assert applied[-1] == []


def test_the_v1_fixture_opens_for_every_user(v1_dir: Path, v1_info: dict[str, Any]) -> None:
    vault = make_vault(v1_dir)
    assert sorted(u.user_name for u in vault.users()) == sorted(v1_info["users"])
    store = vault.unlock("admin", v1_info["users"]["admin"])
    try:
        assert store.user.role == "admin"
        assert sorted(u.user_name for u in store.users()) == sorted(v1_info["users"])
    finally:
        store.lock()


# -- the kept v2 store ------------------------------------------------------------------


def _columns(conn: Connection, table: str) -> set[str]:
    return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}


def test_the_v2_fixture_upgrades_to_v3_for_sync(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    info: dict[str, Any] = json.loads((FIXTURES / "store_v2.json").read_text())
    assert info["schema_version"] == 2
    v2_dir = tmp_path / "store_v2"
    shutil.copytree(FIXTURES / "store_v2", v2_dir)
    before: list[tuple[int, set[str]]] = []

    def watching_migrate(conn: Connection, target: int = LATEST_VERSION) -> list[int]:
        before.append((schema_version(conn), _names(conn, "table")))
        return migrate(conn, target)

    monkeypatch.setattr(vault_module, "migrate", watching_migrate)
    store = make_vault(v2_dir).unlock("admin", info["users"]["admin"])
    try:
        assert before == [(2, V1_TABLES | {"draft"})]  # it really was a version 2 database
        assert store.diagnostics()["schema_version"] == 3
        columns = store.run_read(lambda c: (_columns(c, "journal"), _columns(c, "record")))
        assert {"reason", "details", "answered_at"} <= columns[0]
        assert {"server_data", "kept_fields"} <= columns[1]
        # Every change made before the upgrade still waits to be sent, unchanged.
        summary = store.sync_summary()
        assert summary.pending == info["journal_entries"] == 22
        assert summary.quarantined == () and summary.conflicts == 0
        assert store.sync_state() == {}
        for client_id, data in info["clients"].items():
            assert store.get("Client", client_id).to_data() == data
            assert store.record_sync_state("Client", client_id) == "waiting"
        store.set_sync_state({"cursor": "0"})
        assert store.sync_state() == {"cursor": "0"}
    finally:
        store.lock()
