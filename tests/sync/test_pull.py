"""Pulling: merges, conflicts kept with both values, rebases, the cursor, tombstones."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sync_helpers import Device, new_client

from outreach_app.storage.database import Connection
from outreach_app.storage.store import iso
from outreach_app.sync import apply


def _shared_client(a: Device, b: Device, **more: Any) -> Any:
    client = new_client(**more)
    a.store.save(client)
    a.sync()
    b.sync()
    return client


def _pull_without_pushing(device: Device) -> None:
    """Apply the gateway's pages as a run does after its push, with changes still pending."""
    cursor = int(device.store.sync_state()["cursor"])
    page = device.client().pull(cursor)
    at = iso(dt.datetime.now(dt.UTC))
    device.store.sync_transaction(lambda c: apply.apply_page(c, page["items"], at))


def test_disjoint_field_edits_merge_everywhere(device_a: Device, device_b: Device) -> None:
    client = _shared_client(device_a, device_b)
    device_a.store.save(client.replace(VeteranStatus=1))
    device_b.store.save(client.replace(FirstName="Marisa"))
    device_a.sync()
    assert device_b.sync().merged == 1
    device_a.sync()
    for device in (device_a, device_b):
        data = device.data("Client", client.id)
        assert (data["FirstName"], data["VeteranStatus"]) == ("Marisa", 1)
        assert device.store.open_conflicts() == []


def test_the_same_field_changed_twice_keeps_both_values(device_a: Device, device_b: Device) -> None:
    client = _shared_client(device_a, device_b)
    device_a.store.save(client.replace(FirstName="Marisa"))
    device_b.store.save(client.replace(FirstName="Mari"))
    device_a.sync()
    assert device_b.sync().conflicts == 1
    [conflict] = device_b.store.open_conflicts()
    assert (conflict.field, conflict.local_value, conflict.server_value) == (
        "FirstName", "Mari", "Marisa",
    )  # fmt: skip
    assert conflict.source == "push" and conflict.gateway_conflict_id
    assert device_b.store.record_sync_state("Client", client.id) == "conflict"
    assert device_b.store.sync_summary().conflicts == 1


def test_a_pull_rebases_a_pending_local_change(device_a: Device, device_b: Device) -> None:
    client = _shared_client(device_a, device_b)
    device_a.store.save(client.replace(VeteranStatus=1, FirstName="Marisa"))
    device_a.sync()
    device_b.store.save(client.replace(LastName="Quinn", FirstName="Mari"))
    _pull_without_pushing(device_b)

    data = device_b.data("Client", client.id)
    assert data["LastName"] == "Quinn"  # changed here only: stays
    assert data["VeteranStatus"] == 1  # changed on the gateway only: taken
    assert data["FirstName"] == "Marisa"  # both: the gateway's stands, both kept
    [conflict] = device_b.store.open_conflicts()
    assert (conflict.source, conflict.local_value, conflict.server_value) == (
        "pull", "Mari", "Marisa",
    )  # fmt: skip
    [entry] = [e for e in device_b.journal() if e[4] == "pending"]
    assert entry[2:4] == ("update", 2)  # its base moved to the pulled version

    report = device_b.sync()
    assert (report.applied, report.conflicts) == (1, 0)
    device_a.sync()
    assert device_a.data("Client", client.id)["LastName"] == "Quinn"
    assert device_a.data("Client", client.id)["FirstName"] == "Marisa"


def test_the_cursor_is_committed_with_its_rows(device_a: Device, device_b: Device) -> None:
    clients = [new_client() for _ in range(3)]
    device_a.store.save_many(clients)
    device_a.sync()
    pages: list[int] = []

    def crash_on_the_second_page(conn: Connection, page: Any) -> None:
        pages.append(page["next_cursor"])
        if len(pages) == 2:
            raise RuntimeError("power cut while storing page 2")

    with pytest.raises(RuntimeError, match="power cut"):
        device_b.sync(page_size=1, page_hook=crash_on_the_second_page)
    assert device_b.store.sync_state()["cursor"] == str(pages[0])
    assert device_b.store.count("Client") == 1  # page 2's row went with its cursor
    report = device_b.sync(page_size=1)
    assert report.pulled == 2
    assert device_b.store.count("Client") == 3


def test_a_tombstone_wins_over_a_pending_local_edit(device_a: Device, device_b: Device) -> None:
    client = _shared_client(device_a, device_b)
    device_a.store.delete("Client", client.id)
    device_a.sync()
    device_b.store.save(client.replace(VeteranStatus=1))
    _pull_without_pushing(device_b)
    assert device_b.store.count("Client") == 0
    [quarantined] = device_b.store.sync_summary().quarantined
    assert (quarantined.record_id, quarantined.reason) == (client.id, "deleted")
    assert device_b.sync().pushed == 0


def test_an_edit_pushed_after_a_delete_is_refused_and_deleted_here(
    device_a: Device, device_b: Device
) -> None:
    client = _shared_client(device_a, device_b)
    device_a.store.delete("Client", client.id)
    device_a.sync()
    device_b.store.save(client.replace(VeteranStatus=1))
    report = device_b.sync()
    assert report.rejected == 1
    assert device_b.store.count("Client") == 0
    assert device_b.store.sync_summary().quarantined[0].reason == "deleted"
