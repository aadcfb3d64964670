"""Tests for creating, unlocking, locking and re-keying the store in a data folder.

Key slots live in the private file (keyring's "fail" backend) and the KDF is the
cheapest one allowed, so each unlock costs about a tenth of a second.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from store_fixtures import (
    ADMIN,
    ADMIN_PASS,
    WORKER,
    WORKER_PASS,
    FakeClock,
    demo_clients,
    file_digests,
    make_vault,
)

from outreach_app import errors
from outreach_app.domain.records import Client
from outreach_app.storage import database, keys, lockfile
from outreach_app.storage import store as store_module
from outreach_app.storage import vault as vault_module
from outreach_app.storage.manifest import DATABASE_FILE, MANIFEST_FILE, read_manifest
from outreach_app.storage.store import NEXT, Store
from outreach_app.storage.vault import RECOVERY, Vault

REPO_ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Template:
    """A locked store made once per module, copied for each test (creating costs KDF time)."""

    path: Path
    recovery_key: str
    worker_id: str
    witness: Client


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Template:
    """An admin, a worker, 40 demo clients and one known client."""
    path = tmp_path_factory.mktemp("template") / "data"
    store, recovery = make_vault(path).create(ADMIN, ADMIN_PASS, full_name="Ada Admin")
    try:
        worker = store.add_user(WORKER, WORKER_PASS, full_name="Wanda Worker")
        store.save_many(demo_clients(40))
        witness = Client.new(FirstName="Rekey", LastName="Witness")
        store.save(witness)
    finally:
        store.lock()
    return Template(path, recovery, worker.user_id, witness)


@pytest.fixture
def data_dir(tmp_path: Path, template: Template) -> Path:
    """A private copy of the template store."""
    copy = tmp_path / "data"
    shutil.copytree(template.path, copy)
    return copy


@pytest.fixture
def recovery_key(template: Template) -> str:
    return template.recovery_key


@pytest.fixture
def vault(data_dir: Path) -> Vault:
    return make_vault(data_dir)


@pytest.fixture
def fresh_dir(tmp_path: Path) -> Path:
    """An empty data folder for tests of ``create``."""
    return tmp_path / "fresh"


@pytest.fixture
def opened() -> Iterator[list[Store]]:
    """Collect stores a test opens and lock them all at the end, even after a failure."""
    stores: list[Store] = []
    yield stores
    for store in stores:
        store.lock()


def _unlock(vault: Vault, opened: list[Store], user: str, passphrase: str) -> Store:
    store = vault.unlock(user, passphrase)
    opened.append(store)
    return store


def _db_digest(data_dir: Path) -> dict[str, str]:
    return {k: v for k, v in file_digests(data_dir).items() if k.startswith(DATABASE_FILE)}


# -- create, unlock, lock --------------------------------------------------------------


def test_create_unlock_and_lock(fresh_dir: Path) -> None:
    vault = make_vault(fresh_dir)
    assert not vault.exists
    store, recovery = vault.create(ADMIN, ADMIN_PASS, full_name="Ada Admin")
    try:
        assert store.is_open
        assert (store.user.user_name, store.user.full_name, store.user.role) == (
            ADMIN,
            "Ada Admin",
            "admin",
        )
        assert keys.normalize_recovery_key(recovery) == recovery
        assert vault.exists
        assert [u.user_name for u in vault.users()] == [ADMIN]
        assert {"store.json", "keyslots.json", "keystore.json", "outreach.db"} <= {
            p.name for p in fresh_dir.iterdir()
        }
        client = Client.new(FirstName="Ada", LastName="Lovelace")
        store.save(client)
    finally:
        store.lock()
    assert not store.is_open
    store.lock()  # idempotent
    with pytest.raises(errors.StoreLocked):
        store.count("Client")

    again = vault.unlock(ADMIN, ADMIN_PASS)
    try:
        assert again.user == store.user
        assert again.get("Client", client.id) == client
        actions = [e.action for e in reversed(again.audit_log())]
        assert actions == ["user", "unlock", "create", "lock", "unlock"]
    finally:
        again.lock()


def test_unlock_before_create_raises_store_not_found(fresh_dir: Path) -> None:
    vault = make_vault(fresh_dir)
    with pytest.raises(errors.StoreNotFound, match="no Outreach store"):
        vault.unlock(ADMIN, ADMIN_PASS)
    with pytest.raises(errors.StoreNotFound):
        vault.unlock_with_recovery(keys.new_recovery_key())
    with pytest.raises(errors.StoreNotFound):
        vault.users()


def test_second_create_raises_store_exists(vault: Vault, data_dir: Path) -> None:
    before = file_digests(data_dir)
    with pytest.raises(errors.StoreExists, match="already exists"):
        vault.create(ADMIN, ADMIN_PASS)
    with pytest.raises(errors.StoreExists):
        make_vault(data_dir).create("someone", "another-pass-9")
    assert file_digests(data_dir) == before


def test_create_refuses_a_weak_passphrase_and_writes_nothing(fresh_dir: Path) -> None:
    vault = make_vault(fresh_dir)
    with pytest.raises(errors.WeakPassphrase):
        vault.create(ADMIN, "short")
    with pytest.raises(errors.WeakPassphrase):
        vault.create(ADMIN, "admin12345")  # contains the user name
    assert not vault.exists
    assert not (fresh_dir / DATABASE_FILE).exists()


def test_a_failed_create_leaves_a_folder_where_create_can_be_tried_again(
    fresh_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk at the last step must not leave a half store that is neither new nor openable."""
    vault = make_vault(fresh_dir)

    def disk_full(*_args: object) -> None:
        raise errors.DiskFull("The disk is full.")

    with monkeypatch.context() as patch:
        patch.setattr(vault_module, "write_manifest", disk_full)
        with pytest.raises(errors.DiskFull):
            vault.create(ADMIN, ADMIN_PASS)
    assert "outreach-db" not in [t.name for t in threading.enumerate()]  # no open connection
    assert [p.name for p in fresh_dir.iterdir()] == ["outreach.lock"]
    with pytest.raises(errors.StoreNotFound):
        vault.unlock(ADMIN, ADMIN_PASS)

    store, _ = vault.create(ADMIN, ADMIN_PASS)
    store.lock()
    make_vault(fresh_dir).unlock(ADMIN, ADMIN_PASS).lock()


def test_unknown_user_raises_no_such_user(vault: Vault) -> None:
    with pytest.raises(errors.NoSuchUser, match="nobody"):
        vault.unlock("nobody", ADMIN_PASS)


def test_user_names_are_case_insensitive(vault: Vault) -> None:
    store = vault.unlock(ADMIN.upper(), ADMIN_PASS)
    try:
        assert store.user.user_name == ADMIN
    finally:
        store.lock()


# -- wrong passphrases and the back-off -------------------------------------------------


def test_wrong_passphrase_changes_nothing_in_the_database(vault: Vault, data_dir: Path) -> None:
    before = _db_digest(data_dir)
    assert set(before) == {DATABASE_FILE}  # no WAL left behind by the lock
    with pytest.raises(errors.WrongPassphrase) as caught:
        vault.unlock(ADMIN, "wrong-passphrase-1")
    assert type(caught.value) is errors.WrongPassphrase
    assert "wrong-passphrase-1" not in caught.value.message
    assert "Caps Lock" in caught.value.message
    assert _db_digest(data_dir) == before
    # The failure released the data folder lock: the right passphrase works at once.
    store = vault.unlock(ADMIN, ADMIN_PASS)
    store.lock()


def test_back_off_after_three_failures(data_dir: Path, recovery_key: str) -> None:
    clock = FakeClock()
    vault = make_vault(data_dir, monotonic=clock)
    for attempt in range(1, 4):
        with pytest.raises(errors.WrongPassphrase) as caught:
            vault.unlock(ADMIN, f"wrong-pass-{attempt}")
        assert type(caught.value) is errors.WrongPassphrase
        assert caught.value.retry_after == keys.unlock_delay(attempt)
    assert caught.value.retry_after == 1.0

    # Even the right passphrase is refused until the delay has passed, without trying it.
    with pytest.raises(errors.TooManyAttempts) as too_soon:
        vault.unlock(ADMIN, ADMIN_PASS)
    assert 0 < too_soon.value.retry_after <= 1.0
    assert "Wait" in too_soon.value.message
    # The count is in store.json, so another Vault (a restarted app) sees it too.
    with pytest.raises(errors.TooManyAttempts):
        make_vault(data_dir, monotonic=clock).unlock(ADMIN, ADMIN_PASS)
    # Another user has their own count.
    make_vault(data_dir, monotonic=clock).unlock(WORKER, WORKER_PASS).lock()

    clock.advance(0.5)
    with pytest.raises(errors.TooManyAttempts):
        vault.unlock(ADMIN, ADMIN_PASS)
    clock.advance(0.6)
    store = vault.unlock(ADMIN, ADMIN_PASS)
    store.lock()
    manifest = read_manifest(data_dir)
    assert manifest.failures == {}
    assert manifest.pending_failures == ()

    # A success resets the count: the next typo is free again.
    with pytest.raises(errors.WrongPassphrase) as caught:
        vault.unlock(ADMIN, "wrong-pass-4")
    assert caught.value.retry_after == 0.0
    vault.unlock(ADMIN, ADMIN_PASS).lock()


def test_a_clock_set_back_does_not_lock_anyone_out(data_dir: Path) -> None:
    clock = FakeClock()
    vault = make_vault(data_dir, monotonic=clock)
    for attempt in range(4):
        with pytest.raises(errors.WrongPassphrase):
            vault.unlock(ADMIN, f"wrong-pass-{attempt}")
    with pytest.raises(errors.TooManyAttempts) as caught:
        vault.unlock(ADMIN, ADMIN_PASS)
    assert caught.value.retry_after <= keys.MAX_UNLOCK_DELAY
    clock.advance(-20 * 365 * 86400)  # the laptop woke up in 2005
    vault.unlock(ADMIN, ADMIN_PASS).lock()


def test_failed_unlocks_are_audited_at_the_next_unlock(
    vault: Vault, data_dir: Path, template: Template, opened: list[Store]
) -> None:
    with pytest.raises(errors.WrongPassphrase):
        vault.unlock(WORKER, "wrong-pass-0")
    with pytest.raises(errors.WrongPassphrase):
        vault.unlock(WORKER, "wrong-pass-1")
    with pytest.raises(errors.WrongPassphrase):
        vault.unlock_with_recovery(keys.new_recovery_key())
    assert len(read_manifest(data_dir).pending_failures) == 3

    store = _unlock(vault, opened, ADMIN, ADMIN_PASS)  # anyone's next unlock logs them
    newest = store.audit_log(limit=4)
    assert [e.action for e in newest] == ["unlock"] + ["failed_unlock"] * 3
    # A user's failure names the user; a wrong recovery key has no user id.
    assert sorted(e.user_id or "" for e in newest[1:]) == [
        "",
        template.worker_id,
        template.worker_id,
    ]
    assert all(e.detail is None for e in newest[1:])
    assert read_manifest(data_dir).pending_failures == ()
    # Logged once, not again at the following unlock.
    store.lock()
    store = _unlock(vault, opened, WORKER, WORKER_PASS)
    assert sum(e.action == "failed_unlock" for e in store.audit_log(limit=1000)) == 3


# -- the recovery key -----------------------------------------------------------------


def test_recovery_key_opens_the_store(vault: Vault, recovery_key: str, opened: list[Store]) -> None:
    # As printed, and as typed in a hurry: lower case, no dashes (normalisation
    # itself is unit-tested in test_keys.py; this is the whole unlock path).
    typed_forms = [recovery_key, recovery_key.replace("-", "").lower()]
    for typed in typed_forms:
        store = _unlock_recovery(vault, opened, typed)
        assert store.user.user_name == ADMIN  # acts as the first admin
        assert store.count("Client") == 41
        assert store.audit_log(limit=1)[0].detail == "with the recovery key"
        store.lock()


def _unlock_recovery(vault: Vault, opened: list[Store], typed: str) -> Store:
    store = vault.unlock_with_recovery(typed)
    opened.append(store)
    return store


def test_wrong_or_malformed_recovery_key(vault: Vault) -> None:
    with pytest.raises(errors.WrongPassphrase, match="recovery key"):
        vault.unlock_with_recovery(keys.new_recovery_key())
    with pytest.raises(errors.InvalidInput):
        vault.unlock_with_recovery("not a key")


# -- users and passphrases ------------------------------------------------------------


def test_add_user_and_unlock_as_them(vault: Vault, opened: list[Store]) -> None:
    admin = _unlock(vault, opened, ADMIN, ADMIN_PASS)
    carlos = admin.add_user("carlos", "night-shift-8", role="supervisor", full_name="Carlos")
    assert carlos.role == "supervisor"
    assert [u.user_name for u in admin.users()] == [ADMIN, "carlos", WORKER]
    assert [u.user_name for u in vault.users()] == [ADMIN, WORKER, "carlos"]
    with pytest.raises(errors.UserExists):
        admin.add_user("CARLOS", "other-pass-12")
    with pytest.raises(errors.InvalidInput):
        admin.add_user("newbie", "other-pass-12", role="overlord")
    with pytest.raises(errors.WeakPassphrase):
        admin.add_user("newbie", "newbie123")
    assert "newbie" not in [u.user_name for u in vault.users()]
    admin.lock()

    store = _unlock(vault, opened, "carlos", "night-shift-8")
    assert store.user == carlos
    assert store.count("Client") == 41
    assert store.audit_log(limit=1)[0].user_id == carlos.user_id


def test_a_worker_cannot_manage_users_or_keys(
    vault: Vault, data_dir: Path, opened: list[Store]
) -> None:
    recovery_before = read_manifest(data_dir).sealed_for(RECOVERY)
    worker = _unlock(vault, opened, WORKER, WORKER_PASS)
    assert worker.user.role == "worker"
    with pytest.raises(errors.PermissionDenied):
        worker.add_user("mallory", "mallory-pass-1")
    with pytest.raises(errors.PermissionDenied):
        worker.set_passphrase(ADMIN, "taken-over-1")
    with pytest.raises(errors.PermissionDenied):
        worker.rekey()
    with pytest.raises(errors.PermissionDenied):
        worker.new_recovery_key()
    assert [u.user_name for u in vault.users()] == [ADMIN, WORKER]
    assert read_manifest(data_dir).sealed_for(RECOVERY) == recovery_before


def test_set_passphrase(vault: Vault, opened: list[Store]) -> None:
    admin = _unlock(vault, opened, ADMIN, ADMIN_PASS)
    admin.set_passphrase(ADMIN, "brand-new-pass-2")
    admin.set_passphrase(WORKER, "reset-by-admin-3")  # an admin may reset anyone's
    with pytest.raises(errors.NoSuchUser):
        admin.set_passphrase("nobody", "whatever-pass-4")
    with pytest.raises(errors.WeakPassphrase):
        admin.set_passphrase(ADMIN, "password")
    admin.lock()

    with pytest.raises(errors.WrongPassphrase):
        vault.unlock(ADMIN, ADMIN_PASS)
    with pytest.raises(errors.WrongPassphrase):
        vault.unlock(WORKER, WORKER_PASS)
    worker = _unlock(vault, opened, WORKER, "reset-by-admin-3")
    worker.set_passphrase(WORKER, "my-own-again-5")  # a worker may change their own
    details = [e.detail or "" for e in worker.audit_log(limit=100) if e.action == "user"]
    assert sum("passphrase changed" in d for d in details) == 3
    worker.lock()
    with pytest.raises(errors.WrongPassphrase):
        vault.unlock(WORKER, "reset-by-admin-3")
    _unlock(vault, opened, WORKER, "my-own-again-5").lock()
    _unlock(vault, opened, ADMIN, "brand-new-pass-2")


def test_new_recovery_key_replaces_the_old_one(
    vault: Vault, recovery_key: str, opened: list[Store]
) -> None:
    admin = _unlock(vault, opened, ADMIN, ADMIN_PASS)
    fresh = admin.new_recovery_key()
    assert fresh != recovery_key
    admin.lock()
    with pytest.raises(errors.WrongPassphrase):
        vault.unlock_with_recovery(recovery_key)
    _unlock_recovery(vault, opened, fresh)


# -- rekey ----------------------------------------------------------------------------


def _all_holders_unlock(vault: Vault, recovery_key: str) -> bytes:
    """Unlock as admin, worker and recovery in turn; return the data key they all got."""
    found = set()
    for opener in (
        lambda: vault.unlock(ADMIN, ADMIN_PASS),
        lambda: vault.unlock(WORKER, WORKER_PASS),
        lambda: vault.unlock_with_recovery(recovery_key),
    ):
        store = opener()
        try:
            assert store.count("Client") == 41
            found.add(store._data_key)
        finally:
            store.lock()
    assert len(found) == 1
    (key,) = found
    assert key is not None
    return key


def _pending(data_dir: Path) -> list[str]:
    return [s.holder for s in read_manifest(data_dir).sealed if s.holder.startswith(NEXT)]


def test_rekey(vault: Vault, data_dir: Path, template: Template) -> None:
    db_path = data_dir / DATABASE_FILE
    before = db_path.read_bytes()

    store = vault.unlock(ADMIN, ADMIN_PASS)
    old_key = store._data_key
    assert old_key is not None
    try:
        store.rekey()
        assert store._data_key not in (None, old_key)
        # The open store keeps working under the new key.
        store.save(Client.new(FirstName="After", LastName="Rekey"))
        assert store.get("Client", template.witness.id) == template.witness
        store.delete("Client", store.search("after rekey")[0].client_id)
        assert "rekey" in [e.action for e in store.audit_log(limit=4)]
    finally:
        store.lock()

    after = db_path.read_bytes()
    assert after != before
    assert after[:16] == before[:16]  # same salt: the file is the same store
    with pytest.raises(errors.StoreCorrupt):
        database.connect(db_path, old_key)

    manifest = read_manifest(data_dir)
    assert _pending(data_dir) == []
    assert manifest.db_salt == after[:16].hex()
    new_key = _all_holders_unlock(vault, template.recovery_key)
    assert new_key != old_key
    conn = database.connect(db_path, new_key)
    try:
        assert conn.execute("SELECT count(*) FROM record").fetchone()[0] == 42
    finally:
        conn.close()


def _fail_on_call(real: Any, failing_call: int) -> Any:
    calls = {"n": 0}

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == failing_call:
            raise OSError("simulated power cut")
        return real(*args, **kwargs)

    return wrapper


def _rekey_dying_at_final_write(store: Store, monkeypatch: pytest.MonkeyPatch) -> bytes:
    """Rekey, but 'lose power' at the final store.json write; return the new key."""
    with monkeypatch.context() as patch:
        patch.setattr(store_module, "write_manifest", _fail_on_call(store_module.write_manifest, 2))
        with pytest.raises(OSError, match="power cut"):
            store.rekey()
    key = store._data_key
    assert key is not None
    return key


def _rekey_dying_before_reencrypting(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """Rekey, but 'lose power' after the pending keys were written, before SQLCipher ran."""
    db = store._db
    assert db is not None
    with monkeypatch.context() as patch:
        patch.setattr(db, "call", _fail_on_call(db.call, 1))
        with pytest.raises(OSError, match="power cut"):
            store.rekey()


def test_rekey_interrupted_after_reencrypting_is_finished_at_unlock(
    vault: Vault, data_dir: Path, recovery_key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The database is re-encrypted, but the final store.json write never happened."""
    store = vault.unlock(ADMIN, ADMIN_PASS)
    old_key = store._data_key
    assert old_key is not None
    try:
        new_key = _rekey_dying_at_final_write(store, monkeypatch)
    finally:
        store.lock()
    assert new_key != old_key
    assert len(_pending(data_dir)) == 3  # admin, worker, recovery
    with pytest.raises(errors.StoreCorrupt):
        database.connect(data_dir / DATABASE_FILE, old_key)

    # The worker unlocks first: their current key fails, the pending one opens it,
    # and the rekey is finished for everybody.
    store = vault.unlock(WORKER, WORKER_PASS)
    try:
        assert store._data_key == new_key
        assert store.count("Client") == 41
    finally:
        store.lock()
    assert _pending(data_dir) == []
    assert len(read_manifest(data_dir).sealed) == 3
    assert _all_holders_unlock(vault, recovery_key) == new_key


def test_rekey_interrupted_twice_is_still_recoverable(
    vault: Vault, data_dir: Path, recovery_key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Stale pending keys of a rekey that never re-encrypted must not shadow a later one's."""
    store = vault.unlock(ADMIN, ADMIN_PASS)
    old_key = store._data_key
    try:
        _rekey_dying_before_reencrypting(store, monkeypatch)
    finally:
        store.lock()
    assert len(_pending(data_dir)) == 3
    store = vault.unlock(ADMIN, ADMIN_PASS)  # the current key still opens it
    try:
        assert store._data_key == old_key
        new_key = _rekey_dying_at_final_write(store, monkeypatch)
    finally:
        store.lock()
    assert new_key != old_key
    assert len(_pending(data_dir)) == 3  # only this attempt's

    assert _all_holders_unlock(vault, recovery_key) == new_key
    assert _pending(data_dir) == []


def test_a_rekey_retried_after_an_interruption_leaves_no_pending_keys(
    vault: Vault, data_dir: Path, recovery_key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = vault.unlock(ADMIN, ADMIN_PASS)
    try:
        _rekey_dying_before_reencrypting(store, monkeypatch)
        store.rekey()  # tried again, and it works
        new_key = store._data_key
    finally:
        store.lock()
    manifest = read_manifest(data_dir)
    assert sorted(s.holder for s in manifest.sealed) == sorted(
        [RECOVERY, *(f"user:{u.user_id}" for u in manifest.users)]
    )
    assert _all_holders_unlock(vault, recovery_key) == new_key


# -- damaged and foreign files ----------------------------------------------------------


def test_a_database_from_another_install_raises_foreign_store(
    vault: Vault, data_dir: Path, recovery_key: str, fresh_dir: Path
) -> None:
    other = make_vault(fresh_dir)
    store_b, _ = other.create(ADMIN, ADMIN_PASS)
    store_b.lock()
    assert not (fresh_dir / f"{DATABASE_FILE}-wal").exists()

    (data_dir / DATABASE_FILE).write_bytes((fresh_dir / DATABASE_FILE).read_bytes())
    before = file_digests(data_dir)
    with pytest.raises(errors.ForeignStore) as caught:
        vault.unlock(ADMIN, ADMIN_PASS)
    assert "another Outreach install" in caught.value.message
    assert "Nothing was changed" in caught.value.message
    with pytest.raises(errors.ForeignStore):
        vault.unlock_with_recovery(recovery_key)
    assert file_digests(data_dir) == before
    assert read_manifest(data_dir).failures == {}  # not counted as a wrong passphrase


def test_a_database_never_set_up_raises_store_corrupt(vault: Vault, data_dir: Path) -> None:
    """A file that opens with the store's key but has no tables (create died half way)."""
    store = vault.unlock(ADMIN, ADMIN_PASS)
    key = store._data_key
    store.lock()
    assert key is not None
    path = data_dir / DATABASE_FILE
    path.unlink()
    database.connect(path, key).close()
    with pytest.raises(errors.StoreCorrupt):
        vault.unlock(ADMIN, ADMIN_PASS)


def test_a_truncated_database_raises_store_corrupt(vault: Vault, data_dir: Path) -> None:
    path = data_dir / DATABASE_FILE
    raw = path.read_bytes()
    path.write_bytes(raw[: len(raw) // 2])
    with pytest.raises(errors.StoreCorrupt) as caught:
        vault.unlock(ADMIN, ADMIN_PASS)
    # The salt is intact, so this is damage, not another install's file.
    assert not isinstance(caught.value, errors.ForeignStore)
    assert "damaged" in caught.value.message


def test_a_garbage_database_raises_store_corrupt(vault: Vault, data_dir: Path) -> None:
    path = data_dir / DATABASE_FILE
    path.write_bytes(os.urandom(64 * 1024))
    before = file_digests(data_dir)
    with pytest.raises(errors.StoreCorrupt):
        vault.unlock(ADMIN, ADMIN_PASS)
    assert file_digests(data_dir) == before


def test_an_empty_database_file_raises_store_corrupt(vault: Vault, data_dir: Path) -> None:
    """A zero-byte outreach.db (a crash while copying) is damage, and is left as it is."""
    path = data_dir / DATABASE_FILE
    path.write_bytes(b"")
    with pytest.raises(errors.StoreCorrupt):
        vault.unlock(ADMIN, ADMIN_PASS)
    assert path.read_bytes() == b""


def test_a_missing_database_raises_store_corrupt(vault: Vault, data_dir: Path) -> None:
    (data_dir / DATABASE_FILE).unlink()
    with pytest.raises(errors.StoreCorrupt, match="missing"):
        vault.unlock(ADMIN, ADMIN_PASS)
    assert not (data_dir / DATABASE_FILE).exists()


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: raw[: len(raw) // 2],
        lambda raw: b"{not json at all",
        lambda raw: b"",
        lambda raw: json.dumps({"format": "something-else"}).encode(),
        lambda raw: raw.replace(b'"sealed": [', b'"sealed": [{"holder": 1}, ', 1),
    ],
    ids=["truncated", "not-json", "empty", "wrong-format", "bad-sealed-entry"],
)
def test_a_damaged_store_json_raises_store_corrupt(
    vault: Vault, data_dir: Path, recovery_key: str, damage: Any
) -> None:
    manifest = data_dir / MANIFEST_FILE
    manifest.write_bytes(damage(manifest.read_bytes()))
    before = _db_digest(data_dir)
    with pytest.raises(errors.StoreCorrupt, match=r"store\.json"):
        vault.unlock(ADMIN, ADMIN_PASS)
    with pytest.raises(errors.StoreCorrupt):
        vault.unlock_with_recovery(recovery_key)
    with pytest.raises(errors.StoreCorrupt):
        vault.users()
    assert _db_digest(data_dir) == before


# -- one process per data folder --------------------------------------------------------


def test_a_second_instance_in_the_same_process_gets_store_in_use(
    vault: Vault, data_dir: Path, recovery_key: str
) -> None:
    store = vault.unlock(ADMIN, ADMIN_PASS)
    try:
        other = make_vault(data_dir)
        with pytest.raises(errors.StoreInUse) as caught:
            other.unlock(ADMIN, ADMIN_PASS)
        assert caught.value.message == lockfile.IN_USE_MESSAGE
        with pytest.raises(errors.StoreInUse):
            other.unlock_with_recovery(recovery_key)
        with pytest.raises(errors.StoreInUse):
            vault.unlock(ADMIN, ADMIN_PASS)  # the same Vault cannot open it twice either
        assert store.count("Client") == 41  # the first one is unaffected
    finally:
        store.lock()
    other.unlock(ADMIN, ADMIN_PASS).lock()  # free again once locked


_SECOND_PROCESS = """
import sys
from pathlib import Path
from keyring.backends import fail
from outreach_app import errors
from outreach_app.storage.keys import KdfParams
from outreach_app.storage.vault import Vault
vault = Vault(Path(sys.argv[1]), keyring_backend=fail.Keyring(),
              kdf=lambda: KdfParams.new(time_cost=1, parallelism=1))
try:
    vault.unlock(sys.argv[2], sys.argv[3]).lock()
except errors.KnownError as exc:
    print(type(exc).__name__ + ": " + exc.message)
    sys.exit(exc.exit_code)
print("unlocked")
"""


def _second_process(data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    return subprocess.run(
        [sys.executable, "-c", _SECOND_PROCESS, str(data_dir), ADMIN, ADMIN_PASS],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO_ROOT,
        timeout=60,
        check=False,
    )


def test_a_second_process_gets_a_clear_store_in_use_message(
    vault: Vault, data_dir: Path, recovery_key: str
) -> None:
    store = vault.unlock(ADMIN, ADMIN_PASS)
    try:
        result = _second_process(data_dir)
    finally:
        store.lock()
    assert result.returncode == errors.StoreInUse.exit_code, result.stderr
    assert result.stdout.strip() == f"StoreInUse: {lockfile.IN_USE_MESSAGE}"
    assert "Traceback" not in result.stderr

    result = _second_process(data_dir)  # and once this process has locked, it can open it
    assert (result.returncode, result.stdout.strip()) == (0, "unlocked"), result.stderr
