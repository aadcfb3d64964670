"""Who sees what: agencies, consent, victim service providers, merges."""

from __future__ import annotations

from typing import Any

from gateway_helpers import Device, change, client_fields, consent_fields, contact_fields, new_id
from sqlalchemy import text

from outreach_gateway.clock import stamp, utc_now
from outreach_gateway.database import writing
from outreach_gateway.sync.merge import merge_clients


def test_other_agency_cannot_reach_a_private_client(device_a: Device, device_b: Device) -> None:
    client_id, _ = device_a.create_client()
    contact = device_a.push_one(
        change("CurrentLivingSituation", new_id(), **contact_fields(client_id))
    )
    assert contact["status"] == "applied"
    items, _ = device_b.pull_all()
    assert items == []
    assert device_b.get(f"/v1/records/Client/{client_id}/history").status_code == 404
    assert device_b.get(f"/v1/records/Client/{new_id()}/history").status_code == 404
    update = device_b.push_one(change("Client", client_id, "update", 1, FirstName="Guess"))
    assert (update["status"], update["reason"]) == ("rejected", "not_found")
    child = device_b.push_one(
        change("CurrentLivingSituation", new_id(), **contact_fields(client_id))
    )
    assert (child["status"], child["reason"]) == ("rejected", "client_not_found")
    delete = device_b.push_one(change("Client", client_id, "delete", 1))
    assert delete["reason"] == "not_found"
    assert device_b.get("/v1/conflicts", status="all").json()["conflicts"] == []


def test_consent_coc_wide_shares_and_revocation_withdraws(
    device_a: Device, device_b: Device
) -> None:
    client_id, _ = device_a.create_client()
    _, cursor_b = device_b.pull_all()
    consent_id = new_id()
    shared = device_a.push_one(change("Consent", consent_id, **consent_fields(client_id)))
    assert shared["status"] == "applied"
    items, cursor_b = device_b.pull_all(cursor_b)
    assert {i["kind"] for i in items} == {"Client", "Consent"}
    assert all(not i["withdrawn"] for i in items)
    assert device_b.get(f"/v1/records/Client/{client_id}/history").status_code == 200
    contact = device_b.push_one(
        change("CurrentLivingSituation", new_id(), **contact_fields(client_id))
    )
    assert contact["status"] == "applied"
    revoked = device_a.push_one(
        change(
            "Consent", new_id(), **consent_fields(client_id, status=3, scope=None, day="2025-11-01")
        )
    )
    assert revoked["status"] == "applied"
    items, _ = device_b.pull_all(cursor_b)
    by_kind = {i["kind"]: i for i in items}
    assert by_kind["Client"]["withdrawn"] is True
    assert by_kind["Client"]["fields"] == {}
    assert by_kind["CurrentLivingSituation"]["withdrawn"] is False  # B's own record
    assert device_b.get(f"/v1/records/Client/{client_id}/history").status_code == 404


def test_agency_only_consent_does_not_share(device_a: Device, device_b: Device) -> None:
    client_id, _ = device_a.create_client()
    device_a.push_one(change("Consent", new_id(), **consent_fields(client_id, scope=2)))
    items, _ = device_b.pull_all()
    assert items == []


def test_victim_service_provider_holds_no_identifiers(world: Any, device_a: Device) -> None:
    vsp = world.enroll("V.worker")
    client_id = new_id()
    fields = client_fields(
        first="Zenobia", last="Thistlewood", Aliases="Zee", SSN="934567890", DOB="1977-07-07"
    )
    answer = vsp.push_one(change("Client", client_id, **fields))
    assert answer["status"] == "applied"
    assert answer["stripped"] == ["Aliases", "DOB", "FirstName", "LastName", "SSN"]
    vsp.push_one(change("Consent", new_id(), **consent_fields(client_id)))
    update = vsp.push_one(
        change("Client", client_id, "update", 1, FirstName="Zenobia", VeteranStatus=1)
    )
    assert update["stripped"] == ["FirstName"]
    items, _ = vsp.pull_all()
    client = next(i for i in items if i["kind"] == "Client")
    assert "FirstName" not in client["fields"] and "SSN" not in client["fields"]
    assert [
        client["fields"][c] for c in ("NameDataQuality", "SSNDataQuality", "DOBDataQuality")
    ] == [99, 99, 99]
    assert device_a.pull_all()[0] == []  # consented CoC-wide, yet a VSP's client is never shared
    with world.gateway.engine.connect() as conn:
        dump = " ".join(
            str(row)
            for table in ("record", "record_version", "applied_change", "conflict")
            for row in conn.execute(text(f"SELECT * FROM {table}"))
        )
    for secret in ("Zenobia", "Thistlewood", "934567890", "1977-07-07", "Zee"):
        assert secret not in dump


def test_merged_client_redirects_and_moves_its_records(world: Any, device_a: Device) -> None:
    survivor, _ = device_a.create_client()
    duplicate, _ = device_a.create_client(first="Mari")
    contact_id = new_id()
    device_a.push_one(change("CurrentLivingSituation", contact_id, **contact_fields(duplicate)))
    _, cursor = device_a.pull_all()
    with writing(world.gateway.engine) as (conn, sequence):
        assert merge_clients(conn, sequence, duplicate, survivor, stamp(utc_now())) == 1
    items, _ = device_a.pull_all(cursor)
    by_id = {i["record_id"]: i for i in items}
    assert by_id[duplicate]["deleted"] is True
    assert by_id[duplicate]["redirect_to"] == survivor
    assert by_id[contact_id]["fields"]["PersonalID"] == survivor
    assert by_id[contact_id]["client_id"] == survivor
