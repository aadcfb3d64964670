"""Round trips between two laptops through a real gateway: create, edit, delete, merge."""

from __future__ import annotations

from sync_helpers import Device, new_client, new_contact


def test_create_edit_delete_round_trip(device_a: Device, device_b: Device) -> None:
    client = new_client()
    enrollment, contact = new_contact(client.id)
    device_a.store.save_many([client, enrollment, contact])

    report = device_a.sync()
    assert (report.pushed, report.applied, report.rejected) == (3, 3, 0)
    assert device_a.store.pending_changes() == 0
    assert device_a.store.record_sync_state("Client", client.id) == "synced"

    pulled = device_b.sync()
    assert pulled.pulled == 3 and pulled.written == 3
    assert device_b.data("Client", client.id) == client.to_data()
    assert device_b.store.pending_changes() == 0  # pulled rows are never pushed back
    assert [h.client_id for h in device_b.store.search("Marisol")] == [client.id]

    device_b.store.save(client.replace(VeteranStatus=1))
    assert device_b.sync().applied == 1
    device_a.sync()
    assert device_a.data("Client", client.id)["VeteranStatus"] == 1

    device_a.store.delete("CurrentLivingSituation", contact.id)
    assert device_a.sync().applied == 1
    assert device_b.sync().deleted == 1
    assert device_b.store.client_records(client.id) == [device_b.store.get(
        "Enrollment", enrollment.id)]  # fmt: skip


def test_an_idle_sync_sends_and_writes_nothing(device_a: Device) -> None:
    device_a.store.save(new_client())
    device_a.sync()
    again = device_a.sync()
    assert (again.pushed, again.written, again.deleted) == (0, 0, 0)


def test_edits_before_the_first_sync_chain_their_versions(
    device_a: Device, device_b: Device
) -> None:
    client = new_client()
    device_a.store.save(client)
    device_a.store.save(client.replace(FirstName="Marisa"))
    device_a.store.save(client.replace(FirstName="Marisa", VeteranStatus=1))
    report = device_a.sync()
    assert (report.pushed, report.rejected) == (3, 0)
    device_b.sync()
    assert device_b.data("Client", client.id) == device_a.data("Client", client.id)
    assert device_b.data("Client", client.id)["FirstName"] == "Marisa"
