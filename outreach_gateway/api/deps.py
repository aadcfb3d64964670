"""Per-request plumbing: the service's state, and who the caller is.

Every endpoint but enrollment needs ``Authorization: Bearer <token>``. A
revoked device gets 401 with ``"erase": true`` so it wipes its local data.
Each authenticated request records the device's last contact (rewritten at
most every few seconds, so reads do not all turn into writes).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Engine

from outreach_gateway.api.errors import ApiError
from outreach_gateway.clock import Clock, parse_stamp
from outreach_gateway.database import reading, short_write
from outreach_gateway.settings import Settings
from outreach_gateway.sync.model import Actor
from outreach_gateway.tenancy import authenticate, touch

bearer = HTTPBearer(auto_error=False, description="The device token from POST /v1/enroll.")


@dataclass(frozen=True, slots=True)
class Service:
    """What every request shares: settings, the database engine, the clock.

    Attributes:
        settings: the gateway's settings.
        engine: the database.
        clock: the time source (UTC).
    """

    settings: Settings
    engine: Engine
    clock: Clock


def service(request: Request) -> Service:
    """Return the service the app was created with."""
    found: Service = request.app.state.service
    return found


ServiceDep = Annotated[Service, Depends(service)]


def current_actor(
    svc: ServiceDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Actor:
    """Authenticate the device; record its contact."""
    if credentials is None or not credentials.credentials:
        raise ApiError(401, "unauthorized", "Send the device token as 'Authorization: Bearer …'.")
    with reading(svc.engine) as conn:
        found = authenticate(conn, credentials.credentials)
    if found is None:
        raise ApiError(401, "unauthorized", "This token is not known to the gateway.")
    if found.revoked:
        raise ApiError(401, "revoked", "This device was revoked: erase its local data.", erase=True)
    now = svc.clock()
    stale = dt.timedelta(seconds=svc.settings.contact_resolution_seconds)
    if found.last_contact_at is None or now - parse_stamp(found.last_contact_at) >= stale:
        with short_write(svc.engine) as conn:
            touch(conn, found.actor.device_id, now, synced=False)
    return found.actor


ActorDep = Annotated[Actor, Depends(current_actor)]
