"""Fixtures of the sync tests: a real gateway (SQLite) on 127.0.0.1 and real device stores.

The gateway is the one ``outreach_gateway`` builds, served by uvicorn on a free
loopback port for the whole session, its tables emptied before each test (as
the gateway's own tests do, whose helpers are imported from ``tests/gateway``).
Each device is a real encrypted store in ``tmp_path`` with file key slots and
the cheapest KDF, enrolled with a real one-time code.
"""

from __future__ import annotations

import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from sqlalchemy import Engine, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "gateway"))

from gateway_postgres import free_port
from sync_helpers import Device, GatewayWorld

from outreach_gateway.api.app import create_app
from outreach_gateway.clock import utc_now
from outreach_gateway.database import make_engine, migrate, short_write
from outreach_gateway.settings import Settings
from outreach_gateway.tables import DATA_TABLES
from outreach_gateway.tenancy import create_agency, create_project, create_user


class _Server(uvicorn.Server):
    def install_signal_handlers(self) -> None:  # the test process keeps its own
        pass


@pytest.fixture(scope="session")
def gateway_server() -> Iterator[tuple[str, Engine]]:
    """One gateway on SQLite for the session: its URL and an engine on its database."""
    with tempfile.TemporaryDirectory(prefix="outreach-sync-gw-") as folder:
        database_url = f"sqlite:///{Path(folder) / 'gateway.db'}"
        migrate(database_url)
        engine = make_engine(database_url)
        port = free_port()
        config = uvicorn.Config(
            create_app(Settings(database_url=database_url), engine),
            host="127.0.0.1",
            port=port,
            log_level="warning",
        )
        server = _Server(config)
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 20
        while not server.started:
            assert time.monotonic() < deadline, "the gateway did not start"
            time.sleep(0.02)
        yield f"http://127.0.0.1:{port}", engine
        server.should_exit = True
        thread.join(timeout=10)
        engine.dispose()


@pytest.fixture
def world(gateway_server: tuple[str, Engine], tmp_path: Path) -> Iterator[GatewayWorld]:
    """Agencies A and B, a worker and a supervisor each; devices made on demand."""
    url, engine = gateway_server
    now = utc_now()
    with short_write(engine) as conn:
        for table in DATA_TABLES:
            conn.execute(text(f"DELETE FROM {table}"))
        conn.execute(text("UPDATE counter SET value = 0"))
        agencies = {name: create_agency(conn, f"Agency {name}", now) for name in ("A", "B")}
        users = {}
        for name, agency_id in agencies.items():
            create_project(conn, agency_id, f"Street Outreach {name}", now)
            users[f"{name}.worker"] = create_user(conn, agency_id, f"{name}.worker", "worker", now)
            users[f"{name}.sup"] = create_user(conn, agency_id, f"{name}.sup", "supervisor", now)
    world = GatewayWorld(url, engine, agencies, users, tmp_path)
    yield world
    world.close()


@pytest.fixture
def device_a(world: GatewayWorld) -> Device:
    """A laptop of agency A, enrolled."""
    return world.device("A.worker", "laptop-a")


@pytest.fixture
def device_b(world: GatewayWorld) -> Device:
    """A second laptop of agency A (same agency: it sees the same records), enrolled."""
    return world.device("A.worker", "laptop-b")
