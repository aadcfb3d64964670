"""Fixtures of the gateway tests: real databases, a real server, enrolled devices.

Every test runs against SQLite and PostgreSQL (the ``backend`` parameter).
Each backend gets one migrated database and one uvicorn server on 127.0.0.1
for the whole session; tables are emptied between tests, which is much
cheaper than re-creating them.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import uvicorn
from gateway_helpers import Device
from gateway_postgres import free_port, postgres_cluster
from sqlalchemy import Engine, text

from outreach_gateway.api.app import create_app
from outreach_gateway.clock import utc_now
from outreach_gateway.database import is_sqlite, make_engine, migrate, short_write
from outreach_gateway.settings import Settings
from outreach_gateway.tables import DATA_TABLES
from outreach_gateway.tenancy import create_agency, create_project, create_user, issue_code

MAX_REQUEST_BYTES = 256 * 1024


@pytest.fixture(scope="session")
def postgresql_url() -> Iterator[str]:
    with postgres_cluster() as url:
        yield url


@pytest.fixture(scope="session")
def sqlite_url() -> Iterator[str]:
    with tempfile.TemporaryDirectory(prefix="outreach-gw-") as folder:
        yield f"sqlite:///{Path(folder) / 'gateway.db'}"


@dataclass
class Gateway:
    """A running gateway: its base URL, database URL and an engine on it."""

    backend: str
    url: str
    database_url: str
    engine: Engine

    def http(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=30)


class _Server(uvicorn.Server):
    def install_signal_handlers(self) -> None:  # the test process keeps its own
        pass


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def gateway_session(request: pytest.FixtureRequest) -> Iterator[Gateway]:
    database_url = request.getfixturevalue(f"{request.param}_url")
    migrate(database_url)
    engine = make_engine(database_url)
    settings = Settings(database_url=database_url, max_request_bytes=MAX_REQUEST_BYTES)
    port = free_port()
    server = _Server(
        uvicorn.Config(
            create_app(settings, engine), host="127.0.0.1", port=port, log_level="warning"
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "the gateway did not start"
        time.sleep(0.02)
    yield Gateway(request.param, f"http://127.0.0.1:{port}", database_url, engine)
    server.should_exit = True
    thread.join(timeout=10)
    engine.dispose()


def empty_tables(engine: Engine) -> None:
    with short_write(engine) as conn:
        if is_sqlite(str(engine.url)):
            for table in DATA_TABLES:
                conn.execute(text(f"DELETE FROM {table}"))
        else:
            conn.execute(text(f"TRUNCATE {', '.join(DATA_TABLES)} RESTART IDENTITY CASCADE"))
        conn.execute(text("UPDATE counter SET value = 0"))


@pytest.fixture
def gateway(gateway_session: Gateway) -> Gateway:
    empty_tables(gateway_session.engine)
    return gateway_session


@dataclass
class World:
    """Three agencies (A, B, and V a victim service provider) and their people."""

    gateway: Gateway
    agencies: dict[str, str]
    users: dict[str, str]
    http: httpx.Client

    def code(self, user: str, *, issued: dt.datetime | None = None, hours: float = 24) -> str:
        with short_write(self.gateway.engine) as conn:
            return issue_code(
                conn, self.users[user], issued or utc_now(), dt.timedelta(hours=hours)
            ).code

    def enroll(self, user: str) -> Device:
        response = self.http.post(
            "/v1/enroll", json={"code": self.code(user), "label": f"{user} laptop"}
        )
        assert response.status_code == 200, response.text
        body = response.json()
        return Device(
            self.http, body["token"], body["device_id"], body["user_id"], body["agency_id"]
        )


@pytest.fixture
def world(gateway: Gateway) -> Iterator[World]:
    now = utc_now()
    with short_write(gateway.engine) as conn:
        agencies = {
            "A": create_agency(conn, "Agency A", now),
            "B": create_agency(conn, "Agency B", now),
            "V": create_agency(conn, "Agency V", now, victim_service_provider=True),
        }
        users = {}
        for name, agency_id in agencies.items():
            create_project(conn, agency_id, f"Street Outreach {name}", now)
            users[f"{name}.worker"] = create_user(
                conn, agency_id, f"{name.lower()}.worker", "worker", now
            )
            users[f"{name}.supervisor"] = create_user(
                conn, agency_id, f"{name.lower()}.sup", "supervisor", now
            )
    with gateway.http() as http:
        yield World(gateway, agencies, users, http)


@pytest.fixture
def device_a(world: World) -> Device:
    return world.enroll("A.worker")


@pytest.fixture
def device_b(world: World) -> Device:
    return world.enroll("B.worker")
