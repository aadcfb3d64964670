"""Tests for where key slots live: the file store, the keyring store, and the choice.

Tests marked ``keyring`` use a real GNOME Keyring on a private D-Bus bus. The others
use real ``keyring`` backends written for the tests (in-memory, hanging like a
keyring stuck on a prompt, raising; see conftest.py) and keyring's "fail" and "null".
"""

from __future__ import annotations

import base64
import gc
import json
import os
import stat
import threading
import time
import warnings
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import keyring.errors
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail, null

from outreach_app import errors
from outreach_app.storage import keys, keystore
from outreach_app.storage.atomic import write_private_file
from outreach_app.storage.keys import KdfParams, KeySlot
from outreach_app.storage.keystore import FileSlotStore, KeyringSlotStore, open_slot_store

STORE = "store-7f3a"
PASSPHRASE = "river stone 42"
RECOVERY_KEY = keys.new_recovery_key()


@pytest.fixture
def make_slot(data_key: bytes, fast_kdf: Callable[[], KdfParams]) -> Callable[[str], KeySlot]:
    def make(slot_id: str) -> KeySlot:
        secret = RECOVERY_KEY if slot_id == keys.RECOVERY_SLOT_ID else PASSPHRASE
        return keys.wrap_key(data_key, secret, slot_id, STORE, fast_kdf())

    return make


def secret_forms(value: bytes) -> list[bytes]:
    return [value, value.hex().encode(), base64.b64encode(value), base64.b64encode(value)[:20]]


# --- FileSlotStore ----------------------------------------------------------------


def test_file_store_round_trip(tmp_path: Path, make_slot: Callable[[str], KeySlot]) -> None:
    store = FileSlotStore(tmp_path / "keyslots.json")
    assert store.list_ids() == []
    assert store.get("user:1") is None
    one, recovery = make_slot("user:1"), make_slot("recovery")
    store.put(one)
    store.put(recovery)
    assert store.list_ids() == ["recovery", "user:1"]
    assert FileSlotStore(store.path).get("user:1") == one
    store.delete("user:1")
    store.delete("user:1")  # deleting a missing slot is not an error
    assert store.list_ids() == ["recovery"]
    assert store.describe() == "file (no keyring)"


def test_file_store_is_private_atomic_and_holds_no_secrets(
    tmp_path: Path, make_slot: Callable[[str], KeySlot], data_key: bytes
) -> None:
    store = FileSlotStore(tmp_path / "keyslots.json")
    slot = make_slot("user:1")
    store.put(slot)
    store.put(make_slot("user:2"))
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    assert os.listdir(tmp_path) == ["keyslots.json"]  # no temporary file left behind
    content = store.path.read_bytes()
    kek = keys.derive_kek(PASSPHRASE, slot.kdf)
    for secret in (data_key, PASSPHRASE.encode(), kek):
        for form in secret_forms(secret):
            assert form not in content
    reread = FileSlotStore(store.path).get("user:1")
    assert reread is not None and keys.unwrap_key(reread, PASSPHRASE, STORE) == data_key


def test_file_store_maps_a_full_disk_and_keeps_old_slots(
    tmp_path: Path, make_slot: Callable[[str], KeySlot]
) -> None:
    path = tmp_path / "keyslots.json"
    FileSlotStore(path).put(make_slot("user:1"))
    before = path.read_bytes()

    def disk_full(fd: int, data: bytes) -> int:
        raise OSError(28, "No space left on device")

    store = FileSlotStore(path, writer=partial(write_private_file, write=disk_full))
    with pytest.raises(errors.DiskFull):
        store.put(make_slot("user:2"))
    assert path.read_bytes() == before
    assert store.list_ids() == ["user:1"]
    assert os.listdir(tmp_path) == ["keyslots.json"]


def test_file_store_delete_of_a_missing_slot_writes_nothing(tmp_path: Path) -> None:
    writes: list[Path] = []
    store = FileSlotStore(tmp_path / "keyslots.json", writer=lambda p, d: writes.append(p))
    store.delete("user:9")
    assert writes == []


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b"[]",
        b'{"format": "something-else", "slots": {}}',
        b'{"format": "outreach-keyslots", "slots": []}',
        b'{"format": "outreach-keyslots", "slots": {"user:1": {"format": 1}}}',
    ],
)
def test_damaged_slot_file_is_store_corrupt(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "keyslots.json"
    path.write_bytes(content)
    with pytest.raises(errors.StoreCorrupt):
        FileSlotStore(path).list_ids()


def test_slot_filed_under_another_id_is_store_corrupt(
    tmp_path: Path, make_slot: Callable[[str], KeySlot]
) -> None:
    path = tmp_path / "keyslots.json"
    FileSlotStore(path).put(make_slot("user:1"))
    data = json.loads(path.read_bytes())
    data["slots"]["user:2"] = data["slots"].pop("user:1")
    path.write_text(json.dumps(data))
    with pytest.raises(errors.StoreCorrupt):
        FileSlotStore(path).get("user:2")


# --- KeyringSlotStore with test backends ------------------------------------------


@pytest.mark.parametrize("backend", [fail.Keyring(), null.Keyring()], ids=["fail", "null"])
def test_null_and_fail_backends_are_unavailable(backend: KeyringBackend) -> None:
    with pytest.raises(errors.KeyringUnavailable, match="No system keyring"):
        KeyringSlotStore("Outreach", STORE, backend=backend)


def test_keyring_store_logic_with_a_memory_backend(
    make_slot: Callable[[str], KeySlot], memory_backend: Any
) -> None:
    backend = memory_backend
    store = KeyringSlotStore("Outreach", STORE, backend=backend)
    slot = make_slot("user:1")
    store.put(slot)
    store.put(slot)  # replacing is idempotent
    assert store.list_ids() == ["user:1"]
    assert set(backend.entries) == {("Outreach", f"{STORE}:user:1"), ("Outreach", f"{STORE}/index")}
    assert store.get("user:1") == slot
    store.delete("user:1")
    store.delete("user:1")
    assert store.list_ids() == [] and store.get("user:1") is None


def test_keyring_slot_under_the_wrong_name_is_store_corrupt(
    make_slot: Callable[[str], KeySlot], memory_backend: Any
) -> None:
    backend = memory_backend
    backend.entries[("Outreach", f"{STORE}:user:2")] = make_slot("user:1").to_json()
    with pytest.raises(errors.StoreCorrupt):
        KeyringSlotStore("Outreach", STORE, backend=backend).get("user:2")


def test_hanging_keyring_times_out_and_then_fails_fast(hanging_backend: Any) -> None:
    store = KeyringSlotStore("Outreach", STORE, timeout=0.5, backend=hanging_backend)
    started = time.monotonic()
    with pytest.raises(errors.KeyringUnavailable, match=r"did not answer within 0\.5 seconds"):
        store.list_ids()
    assert 0.4 < time.monotonic() - started < 2.0
    started = time.monotonic()
    with pytest.raises(errors.KeyringUnavailable, match="still not answering"):
        store.get("user:1")
    assert time.monotonic() - started < 0.2  # no second stuck thread
    hanging_backend.release.set()
    deadline = time.monotonic() + 5
    while any(t.name == "outreach-keyring" and t.is_alive() for t in threading.enumerate()):
        assert time.monotonic() < deadline, "the keyring worker never finished"
        time.sleep(0.01)
    assert store.list_ids() == []  # works again once the keyring answers


@pytest.mark.parametrize(
    ("exc", "expected"),
    [
        (keyring.errors.KeyringLocked("Failed to unlock"), "locked"),
        (keyring.errors.InitError("no collection"), "not working"),
        (keyring.errors.NoKeyringError("none"), "No system keyring"),
        (ConnectionRefusedError(111, "Connection refused"), "not working"),
    ],
)
def test_keyring_failures_become_keyring_unavailable(
    exc: Exception, expected: str, raising_backend: Callable[[Exception], KeyringBackend]
) -> None:
    store = KeyringSlotStore("Outreach", STORE, backend=raising_backend(exc))
    with pytest.raises(errors.KeyringUnavailable, match=expected) as caught:
        store.get("user:1")
    assert caught.value.exit_code == 11


def test_bugs_in_the_backend_are_not_disguised(
    raising_backend: Callable[[Exception], KeyringBackend],
) -> None:
    store = KeyringSlotStore("Outreach", STORE, backend=raising_backend(ValueError("bug")))
    with pytest.raises(ValueError, match="bug"):
        store.get("user:1")


# --- open_slot_store and the backend marker ---------------------------------------


def marker(data_dir: Path) -> dict[str, Any]:
    result: dict[str, Any] = json.loads((data_dir / keystore.MARKER_FILE).read_bytes())
    return result


def test_fail_backend_falls_back_to_a_file_and_says_so(tmp_path: Path) -> None:
    store = open_slot_store(tmp_path, STORE, backend=fail.Keyring())
    assert isinstance(store, FileSlotStore)
    assert store.describe() == "file (no keyring)"
    assert store.path == tmp_path / "keyslots.json"
    reason = keystore.fallback_reason(store)
    assert reason is not None and "No system keyring" in reason
    assert marker(tmp_path)["backend"] == "file"


def test_hanging_keyring_falls_back_within_the_timeout(
    tmp_path: Path, hanging_backend: Any
) -> None:
    started = time.monotonic()
    store = open_slot_store(tmp_path, STORE, backend=hanging_backend, timeout=0.5)
    assert time.monotonic() - started < 2.0
    assert "did not answer" in (keystore.fallback_reason(store) or "")


def test_a_file_store_keeps_its_file_when_a_keyring_appears(
    tmp_path: Path, make_slot: Callable[[str], KeySlot], memory_backend: Any
) -> None:
    open_slot_store(tmp_path, STORE, backend=fail.Keyring()).put(make_slot("user:1"))
    backend = memory_backend
    again = open_slot_store(tmp_path, STORE, backend=backend)
    assert isinstance(again, FileSlotStore)
    assert again.list_ids() == ["user:1"]
    assert keystore.fallback_reason(again) is None  # chosen earlier, not a new fallback
    assert backend.entries == {}


def test_a_keyring_store_never_silently_becomes_an_empty_file(
    tmp_path: Path, make_slot: Callable[[str], KeySlot], memory_backend: KeyringBackend
) -> None:
    backend = memory_backend
    first = open_slot_store(tmp_path, STORE, backend=backend, service="Outreach-x")
    assert isinstance(first, KeyringSlotStore)
    assert keystore.fallback_reason(first) is None
    first.put(make_slot("user:1"))
    assert marker(tmp_path) | {"version": 1} == {
        "format": "outreach-keystore",
        "version": 1,
        "backend": "keyring",
        "store_id": STORE,
        "service": "Outreach-x",
    }
    with pytest.raises(errors.KeyringUnavailable, match="keeps its keys in the system keyring"):
        open_slot_store(tmp_path, STORE, backend=fail.Keyring())
    assert not (tmp_path / "keyslots.json").exists()
    again = open_slot_store(tmp_path, STORE, backend=backend)  # the marker's service wins
    assert again.list_ids() == ["user:1"]


def test_prefer_keyring_false_uses_a_file_without_a_fallback_notice(
    tmp_path: Path, memory_backend: Any
) -> None:
    backend = memory_backend
    store = open_slot_store(tmp_path, STORE, prefer_keyring=False, backend=backend)
    assert isinstance(store, FileSlotStore)
    assert keystore.fallback_reason(store) is None
    assert marker(tmp_path)["backend"] == "file"
    assert backend.entries == {}


def test_existing_slot_file_without_marker_is_a_file_store(
    tmp_path: Path, make_slot: Callable[[str], KeySlot], memory_backend: KeyringBackend
) -> None:
    FileSlotStore(tmp_path / "keyslots.json").put(make_slot("user:1"))
    store = open_slot_store(tmp_path, STORE, backend=memory_backend)
    assert isinstance(store, FileSlotStore)
    assert store.list_ids() == ["user:1"]


def test_marker_of_another_store_is_foreign(tmp_path: Path) -> None:
    open_slot_store(tmp_path, STORE, backend=fail.Keyring())
    with pytest.raises(errors.ForeignStore):
        open_slot_store(tmp_path, "store-other", backend=fail.Keyring())


@pytest.mark.parametrize("content", [b"", b"{}", b'{"format": "outreach-keystore"}'])
def test_damaged_marker_is_store_corrupt(
    tmp_path: Path, content: bytes, memory_backend: KeyringBackend
) -> None:
    (tmp_path / keystore.MARKER_FILE).write_bytes(content)
    with pytest.raises(errors.StoreCorrupt):
        open_slot_store(tmp_path, STORE, backend=memory_backend)


# --- the real Secret Service (GNOME Keyring) --------------------------------------


@pytest.mark.keyring
def test_real_keyring_round_trip(
    secret_service: Any, service: str, make_slot: Callable[[str], KeySlot], data_key: bytes
) -> None:
    store = KeyringSlotStore(service, STORE, backend=secret_service.backend())
    assert store.describe() == "Secret Service (GNOME Keyring or compatible)"
    store.probe()
    assert store.list_ids() == []
    one, two = make_slot("user:1"), make_slot("user:2")
    store.put(one)
    store.put(two)
    assert store.list_ids() == ["user:1", "user:2"]
    assert store.get("user:1") == one
    store.delete("user:1")
    store.delete("user:1")
    assert store.list_ids() == ["user:2"]
    assert store.get("user:1") is None
    slot = store.get("user:2")
    assert slot is not None and keys.unwrap_key(slot, PASSPHRASE, STORE) == data_key


@pytest.mark.keyring
def test_real_keyring_really_holds_the_slot(
    secret_service: Any, service: str, make_slot: Callable[[str], KeySlot], data_key: bytes
) -> None:
    slot = make_slot("user:1")
    KeyringSlotStore(service, STORE, backend=secret_service.backend()).put(slot)
    fresh = KeyringSlotStore(service, STORE, backend=secret_service.backend())
    assert fresh.get("user:1") == slot
    raw = secret_service.find_secret({"service": service, "username": f"{STORE}:user:1"})
    assert raw == slot.to_json().encode()
    for form in [*secret_forms(data_key), PASSPHRASE.encode()]:
        assert form not in raw


@pytest.mark.keyring
def test_real_locked_keyring_is_unavailable(
    secret_service: Any, service: str, make_slot: Callable[[str], KeySlot]
) -> None:
    store = KeyringSlotStore(service, STORE, timeout=0.5, backend=secret_service.backend())
    store.put(make_slot("user:1"))
    secret_service.lock()
    try:
        with warnings.catch_warnings():
            # keyring's SecretService backend leaks its D-Bus connection when the
            # collection is locked (it raises before closing it). Collect it here, so
            # the ResourceWarning is neither an error nor blamed on a later test. The
            # private bus has no prompter, so the unlock prompt is dismissed at once.
            warnings.simplefilter("ignore", ResourceWarning)
            started = time.monotonic()
            with pytest.raises(errors.KeyringUnavailable, match="is locked"):
                store.get("user:1")
            assert time.monotonic() - started < 2.0
            gc.collect()
    finally:
        secret_service.unlock()
    assert not secret_service.is_locked()
    assert store.get("user:1") is not None


@pytest.mark.keyring
def test_real_keyring_is_chosen_and_kept(
    secret_service: Any, service: str, tmp_path: Path, make_slot: Callable[[str], KeySlot]
) -> None:
    store = open_slot_store(tmp_path, STORE, backend=secret_service.backend(), service=service)
    assert isinstance(store, KeyringSlotStore)
    assert keystore.fallback_reason(store) is None
    store.put(make_slot("recovery"))
    with pytest.raises(errors.KeyringUnavailable):
        open_slot_store(tmp_path, STORE, backend=fail.Keyring())
    again = open_slot_store(tmp_path, STORE, backend=secret_service.backend())
    assert again.list_ids() == ["recovery"]
