"""A small demo data set: one CoC, two agencies (one a victim service provider).

For trying the gateway and for the README's run command: each agency gets a
street outreach project, a worker and a supervisor, and a few hundred
synthetic clients from :func:`outreach_app.domain.demo.generate_clients` are
pushed through the ordinary push path (so the VSP's are de-identified exactly
as a device's would be). Nobody real is in it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine, func, select

from outreach_app.domain.demo import generate_clients
from outreach_app.domain.records import new_id, to_json_value
from outreach_gateway.clock import stamp
from outreach_gateway.database import short_write, writing
from outreach_gateway.sync.model import Actor, Change
from outreach_gateway.sync.push import PushBatch
from outreach_gateway.tables import agency, device
from outreach_gateway.tenancy import (
    IssuedCode,
    create_agency,
    create_project,
    create_user,
    hash_secret,
    issue_code,
)


@dataclass(frozen=True, slots=True)
class Demo:
    """What the demo made: the two agencies, and a code for the first one's worker."""

    agency_id: str
    vsp_agency_id: str
    code: IssuedCode
    clients: int


def load_demo(engine: Engine, now: dt.datetime, clients: int = 300, seed: int = 2026) -> Demo:
    """Create the demo agencies, users and clients; refuse if agencies already exist."""
    with short_write(engine) as conn:
        if conn.execute(select(func.count()).select_from(agency)).scalar_one():
            raise ValueError("the database already has agencies; the demo needs an empty one")
        street = create_agency(conn, "Riverside Street Outreach", now)
        vsp = create_agency(conn, "Safe Harbor DV Services", now, victim_service_provider=True)
        users = {}
        for agency_id, prefix in ((street, "riverside"), (vsp, "safeharbor")):
            create_project(conn, agency_id, "Street Outreach", now)
            users[agency_id] = create_user(conn, agency_id, f"{prefix}.worker", "worker", now)
            create_user(conn, agency_id, f"{prefix}.supervisor", "supervisor", now)
        # a device per agency for loading the demo through the ordinary push path
        loaders = {}
        for agency_id, user_id in users.items():
            loaders[agency_id] = new_id()
            conn.execute(
                device.insert().values(
                    device_id=loaders[agency_id], user_id=user_id, agency_id=agency_id,
                    token_hash=hash_secret(new_id()), label="demo loader",
                    enrolled_at=stamp(now), revoked_at=stamp(now),
                )
            )  # fmt: skip
        code = issue_code(conn, users[street], now, dt.timedelta(hours=24))
    rows = list(generate_clients(clients, seed))
    for index, agency_id in enumerate((street, vsp)):
        share = rows[index::2]
        actor = Actor(loaders[agency_id], users[agency_id], agency_id, agency_id == vsp)
        changes = [
            Change(new_id(), "Client", str(row["PersonalID"]), "create", None,
                   {k: to_json_value(v) for k, v in row.items() if k != "PersonalID"})  # type: ignore[arg-type]
            for row in share
        ]  # fmt: skip
        with writing(engine) as (conn, sequence):
            PushBatch(conn, sequence, actor, stamp(now)).run(changes)
    return Demo(street, vsp, code, clients)
