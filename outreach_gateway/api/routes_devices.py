"""Device endpoints: enrollment, configuration, status reports and the device list."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from fastapi import APIRouter, Request
from sqlalchemy import select, update

from outreach_app.domain.instrument import discover_instruments
from outreach_gateway.api.deps import ActorDep, ServiceDep
from outreach_gateway.api.errors import ApiError
from outreach_gateway.api.routes_sync import ERRORS
from outreach_gateway.api.schemas import (
    ConfigOut,
    DevicesOut,
    EnrollIn,
    EnrollOut,
    ErrorOut,
    StatusIn,
    StatusOut,
)
from outreach_gateway.clock import stamp
from outreach_gateway.database import reading, short_write
from outreach_gateway.tables import agency, device, project
from outreach_gateway.tenancy import DEFAULT_AGENCY_SETTINGS, enroll, list_devices

router = APIRouter(prefix="/v1", responses=ERRORS)


@router.post(
    "/enroll",
    response_model=EnrollOut,
    tags=["devices"],
    responses={
        403: {"model": ErrorOut, "description": "Unknown, expired, used or burned code"},
        429: {"model": ErrorOut, "description": "Too many failed attempts from this address"},
    },
)
def enroll_device(body: EnrollIn, request: Request, svc: ServiceDep) -> dict[str, Any]:
    """Trade a one-time enrollment code for this device's bearer token."""
    address = request.client.host if request.client else "unknown"
    with short_write(svc.engine) as conn:
        result = enroll(conn, body.code, address[:64], body.label, svc.clock())
    if result == "rate_limited":
        raise ApiError(429, "rate_limited", "Too many failed attempts; wait a few minutes.")
    if result == "invalid_code":
        raise ApiError(403, "invalid_code", "This code is unknown, expired or already used.")
    return {
        "device_id": result.device_id,
        "token": result.token,
        "user_id": result.user_id,
        "agency_id": result.agency_id,
    }


@cache
def shipped_instruments() -> list[str]:
    """Return the ids of the CE instruments the app ships, in order."""
    return sorted(discover_instruments()[0])


@router.get("/config", response_model=ConfigOut, tags=["devices"])
def config(svc: ServiceDep, actor: ActorDep) -> dict[str, Any]:
    """Return the agency, its projects, CE instruments, fiscal year and settings."""
    with reading(svc.engine) as conn:
        row = conn.execute(select(agency).where(agency.c.agency_id == actor.agency_id)).one()
        projects = conn.execute(
            select(project.c.project_id, project.c.name, project.c.project_type)
            .where(project.c.agency_id == actor.agency_id)
            .order_by(project.c.name)
        ).all()
    settings = {**DEFAULT_AGENCY_SETTINGS, **json.loads(row.settings)}
    chosen = settings.pop("ce_instruments", None)
    # An agency that chose none gets every instrument the app ships.
    instruments = [str(i) for i in chosen] if chosen is not None else shipped_instruments()
    return {
        "device_id": actor.device_id,
        "user_id": actor.user_id,
        "role": actor.role,
        "agency": {
            "agency_id": row.agency_id,
            "name": row.name,
            "victim_service_provider": bool(row.victim_service_provider),
        },
        "projects": [p._asdict() for p in projects],
        "ce_instruments": instruments,
        "fiscal_year": svc.settings.fiscal_year,
        "coc_code": svc.settings.coc_code,
        "settings": settings,
    }


@router.post("/status", response_model=StatusOut, tags=["devices"])
def report_status(body: StatusIn, svc: ServiceDep, actor: ActorDep) -> dict[str, Any]:
    """Record the device's app version, pending and quarantined counts and error codes."""
    now = stamp(svc.clock())
    with short_write(svc.engine) as conn:
        conn.execute(
            update(device)
            .where(device.c.device_id == actor.device_id)
            .values(
                app_version=body.app_version,
                pending_count=body.pending_count,
                oldest_pending_at=stamp(body.oldest_pending_at) if body.oldest_pending_at else None,
                error_codes=json.dumps(body.errors),
                quarantined_count=body.quarantined_count,
                status_at=now,
                last_contact_at=now,
            )
        )
    return {"received_at": now}


@router.get(
    "/devices",
    response_model=DevicesOut,
    tags=["devices"],
    responses={403: {"model": ErrorOut, "description": "Only supervisors' devices"}},
)
def devices(svc: ServiceDep, actor: ActorDep) -> dict[str, Any]:
    """Per-device sync status across the agency (supervisors' devices only)."""
    if actor.role != "supervisor":
        raise ApiError(
            403, "forbidden", "Only a supervisor's device may list the agency's devices."
        )
    with reading(svc.engine) as conn:
        found = list_devices(conn, actor.agency_id)
    return {"devices": found}
