"""Erasing a revoked device: what the gateway's ``"erase": true`` asks for.

A laptop that was lost, stolen or handed back is revoked on the gateway; its
next request is answered 401 ``revoked`` with ``erase``. The laptop then
removes everything that could open or hold its records: the encrypted
database with its WAL and shared-memory files, every key slot (in the OS
keyring through the vault's slot store, and the slot file), the keyring
marker and the manifest with the sealed data keys. Records that had synced
are safe on the gateway; changes that had not are lost, which is the point of
revoking a device. The window and the command line both call
:func:`erase_device` after locking the store.
"""

from __future__ import annotations

import logging
from pathlib import Path

from outreach_app import errors
from outreach_app.storage.keystore import MARKER_FILE, SLOTS_FILE
from outreach_app.storage.manifest import DATABASE_FILE, MANIFEST_FILE
from outreach_app.storage.vault import Vault

log = logging.getLogger("outreach.sync")

#: The data folder's files that hold or open records, in the order they go.
ERASED_FILES = (
    DATABASE_FILE,
    DATABASE_FILE + "-wal",
    DATABASE_FILE + "-shm",
    DATABASE_FILE + "-journal",
    SLOTS_FILE,
    MARKER_FILE,
    MANIFEST_FILE,
)


def erase_device(vault: Vault) -> list[str]:
    """Remove the store's database, key slots and manifest; return what was removed.

    The store must be locked first (its database thread closed). Key slots go
    before the manifest, because the manifest names the store whose keyring
    entries they are. Returns plain descriptions (file names, slot counts) for
    the person and the log; never a key or a value.
    """
    removed: list[str] = []
    data_dir = vault.data_dir
    if vault.exists:
        store_id = vault.manifest().store_id
        try:
            slots = vault.slot_store(store_id)
            ids = slots.list_ids()
            for slot_id in ids:
                slots.delete(slot_id)
            removed.append(f"{len(ids)} key slots ({slots.describe()})")
        except errors.KnownError as exc:
            # The database and manifest still go: without them a slot opens nothing.
            log.warning("erase: key slots not removed: %s", type(exc).__name__)
    for name in ERASED_FILES:
        path: Path = data_dir / name
        if path.exists():
            path.unlink()
            removed.append(name)
    log.warning("device erased after revocation: %d items removed", len(removed))
    return removed
