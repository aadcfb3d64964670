"""Pushing: idempotent resends, quarantine, and clocks that never decide."""

from __future__ import annotations

import datetime as dt

from sync_helpers import Device, GatewayWorld, new_client, new_contact

from outreach_app.storage.store import iso
from outreach_app.sync import apply


def test_a_lost_answer_is_resent_and_answered_already_applied(
    device_a: Device, device_b: Device
) -> None:
    client = new_client()
    device_a.store.save_many([client, *new_contact(client.id)])
    at = iso(dt.datetime.now(dt.UTC))
    batch = device_a.store.sync_transaction(lambda c: apply.prepare_batch(c, 200, at))
    first = device_a.client().push([e.to_json() for e in batch])  # the answer is "lost"
    assert [a["status"] for a in first] == ["applied"] * 3
    assert device_a.store.pending_changes() == 3  # nothing was stored

    report = device_a.sync()
    assert (report.pushed, report.applied) == (3, 3)
    assert device_a.store.pending_changes() == 0
    history = device_a.session.get(
        f"{device_a.client().base_url}/v1/records/Client/{client.id}/history",
        headers={"Authorization": f"Bearer {device_a.store.sync_state()['device_token']}"},
    ).json()
    assert len(history["versions"]) == 1  # applied once
    assert device_b.sync().pulled == 3  # no duplicates


def test_a_rejected_change_is_quarantined_and_the_rest_go_through(
    device_a: Device, device_b: Device
) -> None:
    good, bad = new_client(), new_client(first="Ana", VeteranStatus=7)  # 7 is not a code
    device_a.store.save_many([good, bad, *new_contact(good.id)])
    report = device_a.sync()
    assert (report.pushed, report.applied, report.rejected) == (4, 3, 1)
    summary = device_a.store.sync_summary()
    assert summary.pending == 0
    [quarantined] = summary.quarantined
    assert (quarantined.record_id, quarantined.reason) == (bad.id, "invalid")
    assert quarantined.details[0]["field"] == "VeteranStatus"
    assert "Ana" not in repr(summary)  # reasons and field names, never values
    assert device_a.store.record_sync_state("Client", bad.id) == "attention"
    assert device_a.sync().pushed == 0  # not resent until fixed

    device_a.store.save(bad.replace(VeteranStatus=1))  # fixing it makes a new change
    fixed = device_a.sync()
    assert (fixed.pushed, fixed.applied) == (1, 1)  # sent as a create with every value
    device_b.sync()
    assert device_b.data("Client", bad.id) == device_a.data("Client", bad.id)


def test_a_device_clock_a_year_ahead_changes_no_outcome(world: GatewayWorld) -> None:
    ahead = world.device(
        "A.worker", "ahead", clock=lambda: dt.datetime.now(dt.UTC) + dt.timedelta(days=366)
    )
    normal = world.device("A.worker", "normal")
    client = new_client()
    normal.store.save(client)
    normal.sync()
    ahead.sync()
    # The laptop whose clock is a year ahead edits first; the other edits the same
    # field later in real time. The gateway's order decides, never the clocks.
    ahead.store.save(client.replace(FirstName="Future"))
    normal.store.save(client.replace(FirstName="Present", VeteranStatus=1))
    assert ahead.sync().applied == 1
    report = normal.sync()
    assert report.conflicts == 1
    ahead.sync()
    assert ahead.data("Client", client.id)["FirstName"] == "Future"
    assert normal.data("Client", client.id)["FirstName"] == "Future"
    assert normal.data("Client", client.id)["VeteranStatus"] == 1
    [conflict] = normal.store.open_conflicts()
    assert (conflict.local_value, conflict.server_value) == ("Present", "Future")


def test_a_refused_update_is_carried_by_the_next_change(device_a: Device, device_b: Device) -> None:
    client = new_client(first="Lou")
    device_a.store.save(client)
    device_a.sync()
    device_a.store.save(client.replace(VeteranStatus=7))  # not a code: refused
    assert device_a.sync().rejected == 1
    assert device_a.store.record_sync_state("Client", client.id) == "attention"

    # Another field changed, the bad value still there: refused again, still flagged.
    device_a.store.save(client.replace(VeteranStatus=7, MiddleName="Ray"))
    assert device_a.sync().rejected == 1
    assert device_a.store.record_sync_state("Client", client.id) == "attention"

    # Fixed: the next change carries every refused field, goes through, the flag clears.
    device_a.store.save(client.replace(VeteranStatus=1, MiddleName="Ray"))
    report = device_a.sync()
    assert (report.pushed, report.applied, report.rejected) == (1, 1, 0)
    assert device_a.store.record_sync_state("Client", client.id) == "synced"
    device_b.sync()
    assert device_b.data("Client", client.id)["VeteranStatus"] == 1
    assert device_b.data("Client", client.id)["MiddleName"] == "Ray"
