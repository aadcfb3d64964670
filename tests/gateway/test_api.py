"""The API around sync: tokens, enrollment, errors, limits, config, status, the contract."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import httpx
from gateway_helpers import Device, assert_error_shape, change, client_fields, new_id
from sqlalchemy import text

from outreach_gateway.api.app import openapi_document
from outreach_gateway.clock import utc_now
from outreach_gateway.database import short_write
from outreach_gateway.tenancy import MAX_ADDRESS_FAILURES, MAX_CODE_FAILURES, revoke_device

OPENAPI = Path(__file__).parents[2] / "outreach_gateway" / "openapi.json"


def test_checked_in_openapi_matches_the_app(gateway: Any) -> None:
    served = httpx.get(f"{gateway.url}/v1/openapi.json").json()
    assert json.loads(OPENAPI.read_text(encoding="utf-8")) == openapi_document() == served


def test_missing_or_unknown_token_is_401(world: Any) -> None:
    assert_error_shape(world.http.get("/v1/config"), 401, "unauthorized")
    bad = world.http.get("/v1/config", headers={"Authorization": "Bearer not-a-token"})
    assert_error_shape(bad, 401, "unauthorized")


def test_revoked_device_is_told_to_erase(world: Any, device_a: Device) -> None:
    assert device_a.get("/v1/config").status_code == 200
    with short_write(world.gateway.engine) as conn:
        assert revoke_device(conn, device_a.device_id, utc_now())
    for response in (
        device_a.get("/v1/sync/pull"),
        device_a.post("/v1/sync/push", {"changes": []}),
    ):
        body = assert_error_shape(response, 401, "revoked")
        assert body["erase"] is True


def test_enrollment_code_is_single_use(world: Any) -> None:
    code = world.code("A.worker")
    first = world.http.post("/v1/enroll", json={"code": code.lower().replace("-", " ")})
    assert first.status_code == 200
    assert len(first.json()["token"]) >= 43
    assert_error_shape(world.http.post("/v1/enroll", json={"code": code}), 403, "invalid_code")


def test_expired_code_is_refused(world: Any) -> None:
    code = world.code("A.worker", issued=utc_now() - dt.timedelta(hours=25), hours=24)
    assert_error_shape(world.http.post("/v1/enroll", json={"code": code}), 403, "invalid_code")


def test_code_burns_after_failed_attempts(world: Any) -> None:
    code = world.code("A.worker")
    wrong = code[:4] + ("0000-0" if code[5:] != "0000-0" else "1111-1") + code[10:]
    for _ in range(MAX_CODE_FAILURES):
        assert world.http.post("/v1/enroll", json={"code": wrong}).status_code == 403
    assert_error_shape(world.http.post("/v1/enroll", json={"code": code}), 403, "invalid_code")


def test_address_is_rate_limited(world: Any) -> None:
    for _ in range(MAX_ADDRESS_FAILURES):
        assert world.http.post("/v1/enroll", json={"code": "ZZZZZ-ZZZZZ"}).status_code == 403
    good = world.code("A.worker")
    assert_error_shape(world.http.post("/v1/enroll", json={"code": good}), 429, "rate_limited")


def test_errors_share_one_json_shape(device_a: Device) -> None:
    http = device_a.http
    assert_error_shape(http.get("/v1/nowhere"), 404, "not_found")
    assert_error_shape(http.put("/v1/config"), 405, "method_not_allowed")
    assert_error_shape(
        device_a.post("/v1/sync/push", {"changes": [{"op": "explode"}]}), 422, "invalid_request"
    )
    raw = http.post(
        "/v1/sync/push",
        content=b"{not json",
        headers={**device_a.auth, "content-type": "application/json"},
    )
    assert_error_shape(raw, 422, "invalid_request")
    nul = device_a.post(
        "/v1/sync/push", {"changes": [change("Client", new_id(), FirstName="a\x00b")]}
    )
    body = assert_error_shape(nul, 422, "invalid_request")
    assert "a\x00b" not in json.dumps(body)
    assert_error_shape(device_a.get("/v1/sync/pull", cursor=-1), 422)
    assert_error_shape(device_a.get("/v1/records/Client/bad id!/history"), 422)


def test_request_size_limit(device_a: Device) -> None:
    big = {
        "changes": [
            change("Client", new_id(), **client_fields(ConsentNotes="x" * 4000)) for _ in range(100)
        ]
    }
    assert_error_shape(device_a.post("/v1/sync/push", big), 413, "content_too_large")

    def chunks() -> Any:
        yield b'{"changes": ['
        for _ in range(200):
            yield (
                b'{"change_id": "x", "kind": "Client", "record_id": "y", "op": "create", '
                b'"fields": {"A": "' + b"x" * 4000 + b'"}},'
            )
        yield b"]}"

    streamed = device_a.http.post(
        "/v1/sync/push",
        content=chunks(),
        headers={**device_a.auth, "content-type": "application/json"},
    )
    assert_error_shape(streamed, 413)


def test_config_describes_the_agency(world: Any, device_a: Device) -> None:
    config = device_a.get("/v1/config").json()
    assert config["agency"]["agency_id"] == world.agencies["A"]
    assert config["agency"]["victim_service_provider"] is False
    assert [p["project_type"] for p in config["projects"]] == [4]
    assert config["fiscal_year"] == 2026
    assert config["settings"]["lock_timeout_minutes"] == 5
    assert config["role"] == "worker"
    # No instruments chosen: the ones the app ships.
    assert config["ce_instruments"] == ["crisis-needs-screen", "street-outreach-prioritization"]


def test_status_and_devices_for_supervisors(world: Any, device_a: Device, device_b: Device) -> None:
    report = {"app_version": "0.4.0", "pending_count": 3, "errors": ["sync.timeout"],
              "oldest_pending_at": "2026-01-02T03:04:05Z", "quarantined_count": 1}  # fmt: skip
    assert device_a.post("/v1/status", report).status_code == 200
    device_a.pull_all()
    assert_error_shape(device_a.get("/v1/devices"), 403, "forbidden")
    supervisor = world.enroll("A.supervisor")
    listed = supervisor.get("/v1/devices").json()["devices"]
    assert {d["device_id"] for d in listed} == {device_a.device_id, supervisor.device_id}
    mine = next(d for d in listed if d["device_id"] == device_a.device_id)
    assert (mine["app_version"], mine["pending_count"], mine["quarantined_count"]) == (
        "0.4.0",
        3,
        1,
    )
    assert mine["errors"] == ["sync.timeout"]
    assert mine["oldest_pending_at"].startswith("2026-01-02T03:04:05")
    assert mine["last_contact_at"] is not None and mine["last_sync_at"] is not None


def test_history_records_who_made_each_version(world: Any, device_a: Device) -> None:
    client_id, _ = device_a.create_client()
    other = world.enroll("A.supervisor")
    other.push_one(change("Client", client_id, "update", 1, VeteranStatus=1))
    versions = device_a.get(f"/v1/records/Client/{client_id}/history").json()["versions"]
    assert [(v["user_id"], v["device_id"]) for v in versions] == [
        (device_a.user_id, device_a.device_id),
        (other.user_id, other.device_id),
    ]
    assert [v["op"] for v in versions] == ["create", "update"]


def test_logs_hold_no_personal_data(world: Any, device_a: Device, caplog: Any) -> None:
    caplog.set_level("DEBUG")
    device_a.create_client(first="Oriabel", last="Featherstonehaugh")
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert "push device=" in logged
    assert "Oriabel" not in logged and "Featherstonehaugh" not in logged


def test_migrations_match_the_tables(gateway: Any) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from outreach_gateway.tables import metadata

    with gateway.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
        assert diff == []
        assert conn.execute(text("SELECT value FROM counter WHERE name = 'seq'")).scalar_one() == 0
