"""Helpers of the sync tests: devices (real stores + engines) and valid HMIS records."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests
from fast_vault import PASS, make_vault
from gateway_helpers import client_fields
from sqlalchemy import Engine

from outreach_app.domain.records import Client, CurrentLivingSituation, Enrollment, new_id
from outreach_app.storage.store import Store, utc_now
from outreach_app.storage.vault import Vault
from outreach_app.sync.engine import SyncEngine, SyncReport, client_for, enroll
from outreach_app.sync.transport import GatewayClient
from outreach_gateway.clock import utc_now as gateway_now
from outreach_gateway.database import short_write
from outreach_gateway.tenancy import issue_code


def new_client(**more: Any) -> Client:
    """A Client the gateway accepts (FY2026 values)."""
    return Client.from_data(new_id(), client_fields(**more))


def new_contact(client_id: str) -> tuple[Enrollment, CurrentLivingSituation]:
    """An outreach enrollment and one contact of a client, both valid."""
    enrollment = Enrollment.from_data(
        new_id(),
        {"PersonalID": client_id, "ProjectID": new_id(), "EntryDate": "2025-11-01",
         "HouseholdID": new_id(), "RelationshipToHoH": 1, "EnrollmentCoC": "XX-500",
         "DisablingCondition": 0, "DateOfEngagement": None},
    )  # fmt: skip
    contact = CurrentLivingSituation.from_data(
        new_id(),
        {"PersonalID": client_id, "EnrollmentID": enrollment.id,
         "InformationDate": "2025-11-03", "CurrentLivingSituation": 116},
    )  # fmt: skip
    return enrollment, contact


@dataclass
class Device:
    """A laptop: its vault, unlocked store, a session to the gateway and an engine."""

    vault: Vault
    store: Store
    session: requests.Session
    clock: Callable[[], dt.datetime] = utc_now

    def engine(self, **kwargs: Any) -> SyncEngine:
        return SyncEngine(self.store, self.client(), clock=self.clock, **kwargs)

    def client(self) -> GatewayClient:
        return client_for(self.store, session=self.session)

    def sync(self, **kwargs: Any) -> SyncReport:
        return self.engine(**kwargs).sync_once()

    def data(self, kind: str, record_id: str) -> dict[str, object]:
        return self.store.get(kind, record_id).to_data()

    def journal(self) -> list[tuple[Any, ...]]:
        return self.store.run_read(
            lambda c: c.execute(
                "SELECT kind, record_id, op, base_version, state, reason FROM journal ORDER BY seq"
            ).fetchall()
        )


@dataclass
class GatewayWorld:
    """The gateway and its agencies; makes enrolled devices."""

    url: str
    engine: Engine
    agencies: dict[str, str]
    users: dict[str, str]
    tmp_path: Path
    devices: list[Device] = field(default_factory=list)

    def code(self, user: str) -> str:
        with short_write(self.engine) as conn:
            return issue_code(conn, self.users[user], gateway_now(), dt.timedelta(hours=1)).code

    def device(self, user: str, name: str, clock: Callable[[], dt.datetime] = utc_now) -> Device:
        data_dir = self.tmp_path / name
        vault = make_vault(data_dir)
        store, _ = vault.create("maya", PASS)
        session = requests.Session()
        enroll(store, self.url, self.code(user), name, session=session)
        device = Device(vault, store, session, clock)
        self.devices.append(device)
        return device

    def close(self) -> None:
        for device in self.devices:
            device.store.lock()
            device.session.close()
        for device in self.devices:
            shutil.rmtree(device.vault.data_dir, ignore_errors=True)
