"""Push: applied, idempotent retries, merges, conflicts, tombstones, rejections."""

from __future__ import annotations

import threading
from typing import Any

from gateway_helpers import Device, change, client_fields, contact_fields, new_id


def test_create_is_applied_with_version_and_sequence(device_a: Device) -> None:
    record_id = new_id()
    answer = device_a.push_one(change("Client", record_id, **client_fields()))
    assert answer["status"] == "applied"
    assert answer["version"] == 1
    assert answer["seq"] >= 1
    items, cursor = device_a.pull_all()
    assert [(i["record_id"], i["version"]) for i in items] == [(record_id, 1)]
    assert items[0]["fields"]["LastName"] == "Quintero"
    assert cursor == answer["seq"]


def test_same_batch_ten_times_applies_once(device_a: Device) -> None:
    client_id = new_id()
    batch = [
        change("Client", client_id, **client_fields()),
        change("CurrentLivingSituation", new_id(), **contact_fields(client_id)),
    ]
    first = device_a.push(*batch)
    assert [a["status"] for a in first] == ["applied", "applied"]
    for _ in range(9):
        again = device_a.push(*batch)
        assert [a["status"] for a in again] == ["already_applied", "already_applied"]
        assert [(a["version"], a["seq"]) for a in again] == [
            (a["version"], a["seq"]) for a in first
        ]
        assert [a["reason"] for a in again] == ["applied", "applied"]
    history = device_a.get(f"/v1/records/Client/{client_id}/history").json()
    assert len(history["versions"]) == 1
    items, _ = device_a.pull_all()
    assert len(items) == 2


def test_same_batch_from_two_threads_applies_once(device_a: Device) -> None:
    clients = [new_id() for _ in range(30)]
    batch = [change("Client", c, **client_fields()) for c in clients]
    results: list[list[dict[str, Any]]] = []

    def send() -> None:
        results.append(device_a.push(*batch))

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 2
    for index in range(len(batch)):
        statuses = sorted(r[index]["status"] for r in results)
        assert statuses == ["already_applied", "applied"]
    items, _ = device_a.pull_all()
    assert sorted(i["record_id"] for i in items) == sorted(clients)


def test_reused_change_id_with_other_content_is_rejected(device_a: Device) -> None:
    first = change("Client", new_id(), **client_fields())
    assert device_a.push_one(first)["status"] == "applied"
    other = {**change("Client", new_id(), **client_fields()), "change_id": first["change_id"]}
    answer = device_a.push_one(other)
    assert answer["status"] == "rejected"
    assert answer["reason"] == "change_id_reused"
    assert answer["version"] is None


def test_disjoint_fields_merge(device_a: Device, world: Any) -> None:
    other = world.enroll("A.worker")
    client_id, _ = device_a.create_client()
    one = device_a.push_one(change("Client", client_id, "update", 1, VeteranStatus=1))
    assert (one["status"], one["version"]) == ("applied", 2)
    two = other.push_one(change("Client", client_id, "update", 1, FirstName="Marisa"))
    assert (two["status"], two["version"]) == ("merged", 3)
    items, _ = device_a.pull_all()
    fields = items[-1]["fields"]
    assert (fields["VeteranStatus"], fields["FirstName"]) == (1, "Marisa")
    assert items[-1]["conflict"] is False


def test_same_field_two_ways_is_a_conflict_until_resolved(device_a: Device, world: Any) -> None:
    other = world.enroll("A.supervisor")
    client_id, _ = device_a.create_client()
    assert (
        device_a.push_one(change("Client", client_id, "update", 1, FirstName="Mari"))["version"]
        == 2
    )
    answer = other.push_one(
        change("Client", client_id, "update", 1, FirstName="Sol", VeteranStatus=1)
    )
    assert answer["status"] == "conflict"
    assert answer["conflicts"] == [
        {"field": "FirstName", "server_value": "Mari", "incoming_value": "Sol"}
    ]
    items, _ = device_a.pull_all()
    assert items[-1]["conflict"] is True
    assert items[-1]["fields"]["FirstName"] == "Mari"  # the server's value stays
    assert items[-1]["fields"]["VeteranStatus"] == 1  # the disjoint field merged
    listed = device_a.get("/v1/conflicts").json()["conflicts"]
    assert [c["conflict_id"] for c in listed] == [answer["conflict_id"]]
    assert listed[0]["incoming"]["device_id"] == other.device_id
    assert listed[0]["server"]["device_id"] == device_a.device_id
    incomplete = device_a.post(
        f"/v1/conflicts/{answer['conflict_id']}/resolve", {"values": {"LastName": "X"}}
    )
    assert incomplete.status_code == 422
    resolved = device_a.post(
        f"/v1/conflicts/{answer['conflict_id']}/resolve", {"values": {"FirstName": "Sol"}}
    )
    assert resolved.status_code == 200, resolved.text
    assert resolved.json()["version"] == answer["version"] + 1
    items, _ = device_a.pull_all()
    assert (items[-1]["fields"]["FirstName"], items[-1]["conflict"]) == ("Sol", False)
    again = device_a.post(
        f"/v1/conflicts/{answer['conflict_id']}/resolve", {"values": {"FirstName": "Sol"}}
    )
    assert again.status_code == 409
    assert device_a.get("/v1/conflicts").json()["conflicts"] == []
    assert len(device_a.get("/v1/conflicts", status="resolved").json()["conflicts"]) == 1


def test_delete_is_a_tombstone_that_offline_edits_do_not_revive(device_a: Device) -> None:
    client_id, _ = device_a.create_client()
    deleted = device_a.push_one(change("Client", client_id, "delete", 1))
    assert (deleted["status"], deleted["version"]) == ("applied", 2)
    edit = device_a.push_one(change("Client", client_id, "update", 1, FirstName="Late"))
    assert (edit["status"], edit["reason"]) == ("rejected", "deleted")
    twice = device_a.push_one(change("Client", client_id, "delete", 1))
    assert (twice["status"], twice["version"]) == ("applied", 2)
    items, _ = device_a.pull_all()
    assert items == [items[-1]]
    assert (items[0]["deleted"], items[0]["fields"], items[0]["version"]) == (True, {}, 2)


def test_invalid_change_is_rejected_without_its_value_and_others_apply(device_a: Device) -> None:
    bad = change("Client", new_id(), **client_fields(DOB="1980-13-45"))
    good = change("Client", new_id(), **client_fields())
    bad_code = change("Client", new_id(), **client_fields(VeteranStatus=7))
    answers = device_a.push(bad, good, bad_code)
    assert [a["status"] for a in answers] == ["rejected", "applied", "rejected"]
    assert answers[0]["reason"] == "invalid"
    assert answers[0]["details"][0]["field"] == "DOB"
    assert "1980-13-45" not in str(answers[0])
    assert {d["field"] for d in answers[2]["details"]} == {"VeteranStatus"}
    items, _ = device_a.pull_all()
    assert [i["record_id"] for i in items] == [good["record_id"]]


def test_rejections_name_their_reason(device_a: Device) -> None:
    client_id, _ = device_a.create_client()
    answers = device_a.push(
        change("Organization", new_id(), OrganizationName="x"),
        change("Client", new_id(), "update", 1, FirstName="Nobody"),
        change("Client", client_id, "update", None, FirstName="No base"),
        change("Client", client_id, "update", 5, FirstName="Future base"),
        change("CurrentLivingSituation", new_id(), **contact_fields(new_id())),
        change("Client", client_id, **client_fields()),
    )
    assert [a["reason"] for a in answers] == [
        "unknown_kind", "not_found", "base_version_required", "bad_base_version",
        "client_not_found", "record_exists",
    ]  # fmt: skip
    assert all(a["status"] == "rejected" for a in answers)


def test_stale_base_merges_against_the_right_version(device_a: Device) -> None:
    client_id, _ = device_a.create_client()
    device_a.push_one(change("Client", client_id, "update", 1, VeteranStatus=1))
    device_a.push_one(change("Client", client_id, "update", 2, LastName="Quintana"))
    answer = device_a.push_one(
        change("Client", client_id, "update", 1, VeteranStatus=1, FirstName="Mar")
    )
    assert (answer["status"], answer["version"]) == ("merged", 4)
    history = device_a.get(f"/v1/records/Client/{client_id}/history").json()["versions"]
    assert [v["version"] for v in history] == [1, 2, 3, 4]
    assert history[-1]["fields"]["LastName"] == "Quintana"
    assert all(v["device_id"] == device_a.device_id for v in history)
