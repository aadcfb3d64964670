"""Where key slots live: the OS keyring when there is one, otherwise a private file.

In the OS keyring, slots (see :mod:`outreach_app.storage.keys`) are also encrypted
under the login password and are not next to the database; shared and kiosk-like
outreach laptops often have no keyring, hence the file. A locked GNOME Keyring can
block on a prompt nobody sees, so every keyring call runs in a daemon thread with a
deadline, every failure becomes KeyringUnavailable with advice, and after a timeout
calls fail at once until the stuck one ends (a timed-out ``put`` may still land).

Backend choice (decision): the first :func:`open_slot_store` records the backend in
a non-secret marker, ``keystore.json`` in the data directory, and the marker wins.
A store created with the file fallback keeps its file even if a keyring appears
later (moving slots is an explicit migration, not a side effect of opening). A
store whose slots are in the keyring raises KeyringUnavailable when the keyring
fails, rather than silently opening an empty file that looks like a new store. So
a keyring briefly locked at the first open pins the store to the file;
:func:`fallback_reason` reports that so the app can tell the person and IT.

The caller holds the data directory lock, so the file store is single-writer. Slot
values are wrapped keys, never passphrases; none is logged or put in an exception.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol, TypeVar

import keyring
import keyring.backend
import keyring.errors
from keyring.backends import chainer, fail, null

from outreach_app import errors
from outreach_app.storage.atomic import write_private_file
from outreach_app.storage.keys import KeySlot, check_slot_id, check_store_id

DEFAULT_SERVICE = "Outreach"
DEFAULT_TIMEOUT = 5.0
SLOTS_FILE = "keyslots.json"
MARKER_FILE = "keystore.json"
BACKEND_KEYRING = "keyring"
BACKEND_FILE = "file"

_T = TypeVar("_T")
Writer = Callable[[Path, bytes], None]

_BACKEND_NAMES = {
    "keyring.backends.SecretService": "Secret Service (GNOME Keyring or compatible)",
    "keyring.backends.libsecret": "Secret Service via libsecret (GNOME Keyring or compatible)",
    "keyring.backends.kwallet": "KWallet",
    "keyring.backends.macOS": "macOS Keychain",
    "keyring.backends.Windows": "Windows Credential Manager",
}
_ASK_IT = "If this keeps happening, ask IT to check the keyring or to set Outreach up without one."
_NO_KEYRING = "No system keyring is available on this computer. " + _ASK_IT
_LOCKED = "The system keyring is locked. Unlock it (log out and in again) and try again. " + _ASK_IT
_DAMAGED_KEYRING = "Outreach's entries in the system keyring are damaged. Ask IT for help."
_DAMAGED_FILE = "The file {name} in the data folder is damaged. Ask IT for help."
_STILL_STUCK = "The system keyring is still not answering. Wait a minute and try again. " + _ASK_IT

try:  # What a D-Bus transport failure looks like to the Secret Service backend.
    import jeepney.wrappers  # type: ignore[import-untyped]
    import secretstorage.exceptions

    _DBUS_ERRORS: tuple[type[Exception], ...] = (
        secretstorage.exceptions.SecretStorageException,
        jeepney.wrappers.DBusErrorResponse,
    )
except ImportError:  # pragma: no cover - not on Linux
    _DBUS_ERRORS = ()
_FAILURES: tuple[type[Exception], ...] = (keyring.errors.KeyringError, OSError, *_DBUS_ERRORS)


class SlotStore(Protocol):
    """Somewhere key slots are kept, by slot id."""

    def get(self, slot_id: str) -> KeySlot | None:
        """Return the slot, or None if there is none with that id."""

    def put(self, slot: KeySlot) -> None:
        """Add the slot, or replace the one with the same id."""

    def delete(self, slot_id: str) -> None:
        """Remove the slot; removing a missing slot is not an error."""

    def list_ids(self) -> list[str]:
        """Return the ids of the stored slots, sorted."""

    def describe(self) -> str:
        """Return a human name for where slots are kept, for settings and support."""


def _unavailable(exc: BaseException) -> errors.KeyringUnavailable:
    if isinstance(exc, keyring.errors.NoKeyringError):
        return errors.KeyringUnavailable(_NO_KEYRING)
    if isinstance(exc, keyring.errors.KeyringLocked):
        return errors.KeyringUnavailable(_LOCKED)
    return errors.KeyringUnavailable(
        f"The system keyring is not working ({type(exc).__name__}). Try again, or restart "
        f"the computer. {_ASK_IT}"
    )


class _Deadline:
    """Runs blocking keyring calls in a daemon thread and gives up after ``timeout``."""

    def __init__(self, timeout: float) -> None:
        if timeout <= 0:
            raise errors.BugError("keyring timeout must be positive")
        self.timeout = timeout
        self._stuck: threading.Thread | None = None

    def call(self, fn: Callable[[], _T]) -> _T:
        """Return ``fn()``, mapping keyring failures and timeouts to KeyringUnavailable."""
        if self._stuck is not None and self._stuck.is_alive():
            raise errors.KeyringUnavailable(_STILL_STUCK)
        results: list[_T] = []
        failures: list[Exception] = []

        def run() -> None:
            try:
                results.append(fn())
            except Exception as exc:
                failures.append(exc)

        worker = threading.Thread(target=run, name="outreach-keyring", daemon=True)
        worker.start()
        worker.join(self.timeout)
        if worker.is_alive():
            self._stuck = worker
            raise errors.KeyringUnavailable(
                f"The system keyring did not answer within {self.timeout:g} seconds. It may "
                f"be locked and waiting for a password. Unlock it and try again. {_ASK_IT}"
            )
        if failures:
            exc = failures.pop()
            if not isinstance(exc, _FAILURES):
                raise exc  # a bug, with its traceback
            mapped = _unavailable(exc)
            del exc  # drop the backend's frames: they can hold slot values or open sockets
            raise mapped from None
        return results[0]


def is_usable_backend(backend: Any) -> bool:
    """Whether ``backend`` can store anything (the "fail" and "null" backends cannot)."""
    if isinstance(backend, fail.Keyring | null.Keyring):
        return False
    if isinstance(backend, chainer.ChainerBackend):
        return bool(backend.backends)
    return True


def describe_backend(backend: Any) -> str:
    """Return a human name for a keyring backend."""
    if isinstance(backend, chainer.ChainerBackend) and backend.backends:
        return describe_backend(backend.backends[0])
    module = type(backend).__module__
    return _BACKEND_NAMES.get(module) or str(getattr(backend, "name", type(backend).__name__))


class KeyringSlotStore:
    """Key slots kept in the OS keyring, one entry per slot plus an index entry.

    Entries are named ``service`` / ``"<store_id>:<slot_id>"``; the index (a JSON
    list of slot ids) is ``"<store_id>/index"``, which no slot can be named. ``put``
    writes the index before the slot and ``delete`` removes the slot before the
    index, so a crash in between leaves at worst an index entry whose slot is gone
    (``get`` returns None for it), never a slot that ``list_ids`` cannot see.
    """

    def __init__(
        self,
        service: str,
        store_id: str,
        timeout: float = DEFAULT_TIMEOUT,
        backend: keyring.backend.KeyringBackend | None = None,
    ) -> None:
        """Use ``backend`` (default: :func:`keyring.get_keyring`) or raise KeyringUnavailable."""
        check_store_id(store_id)
        self.service = service
        self.store_id = store_id
        self._index_user = f"{store_id}/index"
        self._deadline = _Deadline(timeout)
        self.backend = backend if backend is not None else self._deadline.call(keyring.get_keyring)
        if not is_usable_backend(self.backend):
            raise errors.KeyringUnavailable(_NO_KEYRING)

    def _user(self, slot_id: str) -> str:
        check_slot_id(slot_id)
        return f"{self.store_id}:{slot_id}"

    def _read(self, user: str) -> str | None:
        return self._deadline.call(lambda: self.backend.get_password(self.service, user))

    def _write(self, user: str, value: str) -> None:
        self._deadline.call(lambda: self.backend.set_password(self.service, user, value))

    def _remove(self, user: str) -> None:
        def remove() -> None:
            try:
                self.backend.delete_password(self.service, user)
            except keyring.errors.PasswordDeleteError:
                if self.backend.get_password(self.service, user) is not None:
                    raise  # it is there and could not be removed

        self._deadline.call(remove)

    def _read_index(self) -> list[str]:
        text = self._read(self._index_user)
        if text is None:
            return []
        try:
            ids = json.loads(text)
            if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
                raise TypeError("index must be a list of slot ids")
        except (TypeError, ValueError):
            raise errors.StoreCorrupt(_DAMAGED_KEYRING) from None
        return sorted(set(ids))

    def _write_index(self, ids: list[str]) -> None:
        self._write(self._index_user, json.dumps(sorted(set(ids))))

    def probe(self) -> None:
        """Do a harmless read, raising KeyringUnavailable if the keyring does not answer."""
        self._read_index()

    def get(self, slot_id: str) -> KeySlot | None:
        text = self._read(self._user(slot_id))
        if text is None:
            return None
        slot = KeySlot.from_json(text)
        if slot.slot_id != slot_id:
            raise errors.StoreCorrupt(_DAMAGED_KEYRING)
        return slot

    def put(self, slot: KeySlot) -> None:
        user = self._user(slot.slot_id)
        ids = self._read_index()
        if slot.slot_id not in ids:
            self._write_index([*ids, slot.slot_id])
        self._write(user, slot.to_json())

    def delete(self, slot_id: str) -> None:
        self._remove(self._user(slot_id))
        ids = self._read_index()
        if slot_id in ids:
            self._write_index([i for i in ids if i != slot_id])

    def list_ids(self) -> list[str]:
        """Return the ids in the index, sorted."""
        return self._read_index()

    def describe(self) -> str:
        """Return the keyring's human name, e.g. "Secret Service (GNOME Keyring or compatible)"."""
        return describe_backend(self.backend)


class FileSlotStore:
    """Key slots kept in one owner-only JSON file, replaced atomically on each change.

    Used when there is no usable keyring; the slots are then only as safe as the
    passphrases and the KDF. ``fallback_reason`` is set by :func:`open_slot_store`
    when it chose this file because the keyring failed (the keyring's message).
    """

    def __init__(self, path: Path, writer: Writer = write_private_file) -> None:
        """Keep slots in ``path``, written with ``writer`` (injectable for tests)."""
        self.path = path
        self._writer = writer
        self.fallback_reason: str | None = None

    def _load(self) -> dict[str, KeySlot]:
        if not self.path.exists():
            return {}
        try:
            data = json.loads(self.path.read_bytes())
            if not isinstance(data, dict) or data.get("format") != "outreach-keyslots":
                raise TypeError("not a key slot file")
            entries = data["slots"]
            if not isinstance(entries, dict):
                raise TypeError("slots must be an object")
        except (KeyError, TypeError, ValueError):
            raise errors.StoreCorrupt(_DAMAGED_FILE.format(name=self.path.name)) from None
        slots = {slot_id: KeySlot.from_dict(entry) for slot_id, entry in entries.items()}
        if any(slot.slot_id != slot_id for slot_id, slot in slots.items()):
            raise errors.StoreCorrupt(_DAMAGED_FILE.format(name=self.path.name))
        return slots

    def _save(self, slots: dict[str, KeySlot]) -> None:
        entries = {slot_id: slots[slot_id].to_dict() for slot_id in sorted(slots)}
        data = {"format": "outreach-keyslots", "version": 1, "slots": entries}
        self._writer(self.path, json.dumps(data, indent=1).encode("utf-8"))

    def get(self, slot_id: str) -> KeySlot | None:
        check_slot_id(slot_id)
        return self._load().get(slot_id)

    def put(self, slot: KeySlot) -> None:
        check_slot_id(slot.slot_id)
        slots = self._load()
        slots[slot.slot_id] = slot
        self._save(slots)

    def delete(self, slot_id: str) -> None:
        check_slot_id(slot_id)
        slots = self._load()
        if slots.pop(slot_id, None) is not None:
            self._save(slots)

    def list_ids(self) -> list[str]:
        return sorted(self._load())

    def describe(self) -> str:
        return "file (no keyring)"


def fallback_reason(store: SlotStore) -> str | None:
    """Return why ``open_slot_store`` fell back to a file, or None if it did not."""
    return store.fallback_reason if isinstance(store, FileSlotStore) else None


def _read_marker(data_dir: Path) -> dict[str, str] | None:
    try:
        marker = json.loads((data_dir / MARKER_FILE).read_bytes())
    except FileNotFoundError:
        return None
    except ValueError:
        marker = None
    fields = ("backend", "store_id", "service")
    if (
        not isinstance(marker, dict)
        or marker.get("format") != "outreach-keystore"
        or not all(isinstance(marker.get(f), str) for f in fields)
        or marker["backend"] not in (BACKEND_KEYRING, BACKEND_FILE)
    ):
        raise errors.StoreCorrupt(_DAMAGED_FILE.format(name=MARKER_FILE))
    return {f: marker[f] for f in fields}


def _write_marker(data_dir: Path, backend: str, store_id: str, service: str) -> None:
    marker = {"format": "outreach-keystore", "version": 1, "backend": backend}
    marker |= {"store_id": store_id, "service": service}
    write_private_file(data_dir / MARKER_FILE, json.dumps(marker, indent=1).encode("utf-8"))


def open_slot_store(
    data_dir: Path,
    store_id: str,
    prefer_keyring: bool = True,
    backend: keyring.backend.KeyringBackend | None = None,
    *,
    service: str = DEFAULT_SERVICE,
    timeout: float = DEFAULT_TIMEOUT,
) -> SlotStore:
    """Return the slot store for the store in ``data_dir``, following its marker.

    With no marker yet, try the keyring (if ``prefer_keyring``) with a harmless read
    under ``timeout``, and fall back to ``data_dir / "keyslots.json"`` if it fails;
    :func:`fallback_reason` then says why. An existing ``keyslots.json`` without a
    marker is taken to be a file store. The choice is recorded in the marker.

    Raises:
        KeyringUnavailable: the marker says keyring and the keyring fails now.
        ForeignStore: the marker belongs to another store id.
        StoreCorrupt: the marker is damaged.
    """
    check_store_id(store_id)
    data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    marker = _read_marker(data_dir)
    if marker is not None and marker["store_id"] != store_id:
        raise errors.ForeignStore(
            "The key slots in this data folder belong to a different store. "
            "Check that the right data folder is selected."
        )
    if marker is not None and marker["backend"] == BACKEND_KEYRING:
        try:
            keyring_store = KeyringSlotStore(marker["service"], store_id, timeout, backend)
            keyring_store.probe()
            return keyring_store
        except errors.KeyringUnavailable as exc:
            prefix = "This store keeps its keys in the system keyring, which cannot be used now. "
            raise errors.KeyringUnavailable(prefix + exc.message) from exc
    file_store = FileSlotStore(data_dir / SLOTS_FILE)
    if marker is not None:
        return file_store
    if prefer_keyring and not file_store.path.exists():
        try:
            keyring_store = KeyringSlotStore(service, store_id, timeout, backend)
            keyring_store.probe()
        except errors.KeyringUnavailable as exc:
            file_store.fallback_reason = exc.message
        else:
            _write_marker(data_dir, BACKEND_KEYRING, store_id, service)
            return keyring_store
    _write_marker(data_dir, BACKEND_FILE, store_id, service)
    return file_store
