"""Sync endpoints: push, pull, conflicts and history (see docs/sync-protocol.md).

Handlers are plain functions: FastAPI runs them in its thread pool, and the
database work inside them is blocking SQLAlchemy.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

import orjson
from fastapi import APIRouter, Path, Query, Response

from outreach_gateway.api.deps import ActorDep, ServiceDep
from outreach_gateway.api.errors import ApiError
from outreach_gateway.api.schemas import (
    ConflictsOut,
    ErrorOut,
    HistoryOut,
    PullOut,
    PushIn,
    PushOut,
    ResolveIn,
    ResolveOut,
)
from outreach_gateway.clock import stamp
from outreach_gateway.database import reading, short_write, writing
from outreach_gateway.sync.conflicts import ResolveError, list_conflicts, resolve
from outreach_gateway.sync.model import Change, dumps
from outreach_gateway.sync.pull import MAX_PAGE, history, pull
from outreach_gateway.sync.push import PushBatch
from outreach_gateway.tenancy import touch

ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorOut, "description": text}
    for status, text in (
        (401, "No, unknown or revoked token"),
        (413, "Request body too large"),
        (422, "The request is not valid"),
    )
}
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": ErrorOut, "description": "Not found"}}

router = APIRouter(prefix="/v1", responses=ERRORS)
JSON = "application/json"


@router.post("/sync/push", response_model=PushOut, tags=["sync"])
def push(body: PushIn, svc: ServiceDep, actor: ActorDep) -> Response:
    """Apply a batch of changes; answer each one (applied, merged, conflict, rejected...)."""
    changes = [
        Change(c.change_id, c.kind, c.record_id, c.op, c.base_version, dict(c.fields))
        for c in body.changes
    ]
    now = svc.clock()
    with writing(svc.engine) as (conn, sequence):
        batch = PushBatch(conn, sequence, actor, stamp(now), svc.settings.fiscal_year)  # type: ignore[arg-type]
        answers = batch.run(changes)
        touch(conn, actor.device_id, now, synced=all(a.status != "rejected" for a in answers))
    # Built here rather than by FastAPI: the answers are already plain JSON values
    # (checked against PushOut in the tests), and re-validating a thousand of
    # them cost as much as applying them.
    return Response(dumps({"answers": [a.to_json() for a in answers]}), media_type=JSON)


@router.get("/sync/pull", response_model=PullOut, tags=["sync"])
def pull_changes(
    svc: ServiceDep,
    actor: ActorDep,
    cursor: Annotated[
        int, Query(ge=0, le=2**63 - 1, description="The last next_cursor (0 at first)")
    ] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE, description="Items per page")] = 500,
) -> Response:
    """Return records changed after the cursor that this device may see."""
    with reading(svc.engine) as conn:
        page = pull(conn, actor, cursor, limit)
    if not page.more:  # the device is up to date: that is a successful sync
        with short_write(svc.engine) as conn:
            touch(conn, actor.device_id, svc.clock(), synced=True)
    body = {"items": page.items, "next_cursor": page.next_cursor, "more": page.more}
    return Response(orjson.dumps(body), media_type=JSON)


@router.get("/conflicts", response_model=ConflictsOut, tags=["conflicts"])
def get_conflicts(
    svc: ServiceDep,
    actor: ActorDep,
    status: Annotated[Literal["open", "resolved", "all"], Query()] = "open",
) -> dict[str, Any]:
    """List conflicts on records this device may see, oldest first."""
    with reading(svc.engine) as conn:
        found = list_conflicts(conn, actor, None if status == "all" else status)
    return {"conflicts": found}


_RESOLVE_STATUS = {
    "not_found": 404,
    "already_resolved": 409,
    "deleted": 409,
    "fields": 422,
    "invalid": 422,
}


@router.post(
    "/conflicts/{conflict_id}/resolve",
    response_model=ResolveOut,
    tags=["conflicts"],
    responses={**NOT_FOUND, 409: {"model": ErrorOut, "description": "Already resolved"}},
)
def resolve_conflict(
    conflict_id: Annotated[str, Path(pattern=r"^[A-Za-z0-9_-]{1,32}$")],
    body: ResolveIn,
    svc: ServiceDep,
    actor: ActorDep,
) -> dict[str, Any]:
    """Resolve a conflict with a chosen value per field; the result is a new version."""
    now: dt.datetime = svc.clock()
    try:
        with writing(svc.engine) as (conn, sequence):
            done = resolve(
                conn,
                sequence,
                actor,
                conflict_id,
                dict(body.values),
                stamp(now),
                svc.settings.fiscal_year,
            )
    except ResolveError as exc:
        details = [{"field": p.field, "message": p.message, "rule": p.rule} for p in exc.details]
        raise ApiError(_RESOLVE_STATUS[exc.code], exc.code, exc.message, details) from None
    return {
        "conflict_id": done.conflict_id,
        "kind": done.kind,
        "record_id": done.record_id,
        "version": done.version,
        "seq": done.seq,
    }


@router.get(
    "/records/{kind}/{record_id}/history",
    response_model=HistoryOut,
    tags=["records"],
    responses=NOT_FOUND,
)
def record_history(
    kind: Annotated[str, Path(pattern=r"^[A-Za-z]{1,40}$")],
    record_id: Annotated[str, Path(pattern=r"^[A-Za-z0-9_-]{1,32}$")],
    svc: ServiceDep,
    actor: ActorDep,
) -> dict[str, Any]:
    """Every version of a record: values, who, which device, when received."""
    with reading(svc.engine) as conn:
        versions = history(conn, actor, kind, record_id)
    if versions is None:
        raise ApiError(404, "not_found", "No such record.")
    return {"kind": kind, "record_id": record_id, "versions": versions}
