"""Test helpers: a device speaking the sync protocol over real HTTP, and valid records."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import httpx


def new_id() -> str:
    return uuid.uuid4().hex


def client_fields(first: str = "Marisol", last: str = "Quintero", **more: Any) -> dict[str, Any]:
    """Valid FY2026 Client values (the id goes in record_id)."""
    fields: dict[str, Any] = {
        "FirstName": first, "LastName": last, "NameDataQuality": 1,
        "SSN": "912345678", "SSNDataQuality": 1, "DOB": "1980-04-02", "DOBDataQuality": 1,
        "AmIndAKNative": 0, "Asian": 0, "BlackAfAmerican": 0, "HispanicLatinao": 1,
        "MidEastNAfrican": 0, "NativeHIPacific": 0, "White": 0, "Sex": 0, "VeteranStatus": 0,
    }  # fmt: skip
    fields.update(more)
    return fields


def contact_fields(client_id: str, **more: Any) -> dict[str, Any]:
    """A valid street outreach contact (CurrentLivingSituation) of a client."""
    return {"PersonalID": client_id, "EnrollmentID": new_id(), "InformationDate": "2025-11-03",
            "CurrentLivingSituation": 116, **more}  # fmt: skip


def consent_fields(
    client_id: str, status: int = 1, scope: int | None = 1, day: str = "2025-10-20"
) -> dict[str, Any]:
    return {
        "PersonalID": client_id,
        "ConsentStatus": status,
        "ConsentDate": day,
        "ConsentScope": scope,
    }


def change(
    kind: str, record_id: str, op: str = "create", base: int | None = None, **fields: Any
) -> dict[str, Any]:
    return {"change_id": new_id(), "kind": kind, "record_id": record_id, "op": op,
            "base_version": base, "fields": fields}  # fmt: skip


@dataclass
class Device:
    """An enrolled device: its token and an HTTP client to the gateway."""

    http: httpx.Client
    token: str
    device_id: str
    user_id: str
    agency_id: str

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def push(self, *changes: dict[str, Any]) -> list[dict[str, Any]]:
        response = self.http.post(
            "/v1/sync/push", json={"changes": list(changes)}, headers=self.auth
        )
        assert response.status_code == 200, response.text
        answers: list[dict[str, Any]] = response.json()["answers"]
        return answers

    def push_one(self, one: dict[str, Any]) -> dict[str, Any]:
        return self.push(one)[0]

    def create_client(self, **fields: Any) -> tuple[str, dict[str, Any]]:
        record_id = new_id()
        answer = self.push_one(change("Client", record_id, **client_fields(**fields)))
        assert answer["status"] == "applied", answer
        return record_id, answer

    def pull_all(self, cursor: int = 0, limit: int = 500) -> tuple[list[dict[str, Any]], int]:
        items: list[dict[str, Any]] = []
        while True:
            response = self.http.get(
                "/v1/sync/pull", params={"cursor": cursor, "limit": limit}, headers=self.auth
            )
            assert response.status_code == 200, response.text
            page = response.json()
            items += page["items"]
            assert page["next_cursor"] >= cursor
            cursor = page["next_cursor"]
            if not page["more"]:
                return items, cursor

    def get(self, path: str, **params: Any) -> httpx.Response:
        return self.http.get(path, params=params, headers=self.auth)

    def post(self, path: str, body: Any) -> httpx.Response:
        return self.http.post(path, json=body, headers=self.auth)


def assert_error_shape(
    response: httpx.Response, status: int, code: str | None = None
) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body: dict[str, Any] = response.json()
    assert set(body) >= {"error", "message", "details"}
    assert isinstance(body["message"], str) and body["message"]
    assert isinstance(body["details"], list)
    if code is not None:
        assert body["error"] == code, body
    return body
