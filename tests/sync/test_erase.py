"""A revoked device erases its database, WAL, key slots and manifest."""

from __future__ import annotations

import pytest
from sync_helpers import Device, GatewayWorld, new_client

from outreach_app import errors
from outreach_app.storage.keystore import FileSlotStore
from outreach_app.sync.erase import erase_device
from outreach_app.sync.transport import DeviceRevoked
from outreach_gateway.clock import utc_now
from outreach_gateway.database import short_write
from outreach_gateway.tenancy import revoke_device


def test_a_revoked_device_erases_every_file_and_key_slot(
    world: GatewayWorld, device_a: Device
) -> None:
    device_a.store.save(new_client())
    device_a.sync()
    data_dir = device_a.vault.data_dir
    store_id = device_a.vault.manifest().store_id
    slots = device_a.vault.slot_store(store_id)
    assert isinstance(slots, FileSlotStore) and len(slots.list_ids()) == 2
    assert (data_dir / "outreach.db-wal").exists()
    with short_write(world.engine) as conn:
        assert revoke_device(conn, device_a.store.sync_state()["device_id"], utc_now())

    device_a.store.save(new_client())
    with pytest.raises(DeviceRevoked, match="erased") as raised:
        device_a.sync()
    assert raised.value.status == 401

    device_a.store.lock()
    removed = erase_device(device_a.vault)
    assert removed[0].startswith("2 key slots")
    assert slots.list_ids() == []
    for name in ("outreach.db", "outreach.db-wal", "outreach.db-shm", "keyslots.json",
                 "keystore.json", "store.json"):  # fmt: skip
        assert not (data_dir / name).exists(), name
    assert not any(p.name.startswith("outreach.db") for p in data_dir.iterdir())
    assert not device_a.vault.exists
    with pytest.raises(errors.StoreNotFound):
        device_a.vault.unlock("maya", "under-bridge-6am")
