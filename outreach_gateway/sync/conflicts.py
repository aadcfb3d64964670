"""Open conflicts: listing them for a device and resolving them into a new version.

A conflict holds, per field, the value the server kept and the value that came
in, with who made each and when the gateway received them. Resolving chooses a
value for every conflicting field (one of the two or a new one); the choice is
validated like any change and becomes the record's next version, so devices
learn of it through an ordinary pull.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, and_, insert, or_, select, update

from outreach_app.domain.records import record_type
from outreach_app.domain.validation import errors_only, validate
from outreach_gateway.database import Sequence
from outreach_gateway.sync.model import Actor, FieldProblem
from outreach_gateway.sync.state import load_records, save_records
from outreach_gateway.tables import client_scope, conflict, record, record_version


class ResolveError(Exception):
    """A resolution that cannot be applied, with a stable code and field problems.

    Attributes:
        code: ``not_found``, ``already_resolved``, ``deleted``, ``fields`` or ``invalid``.
        details: field problems, for ``fields`` and ``invalid``.
    """

    def __init__(self, code: str, message: str, details: list[FieldProblem] | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.details = details or []


@dataclass(frozen=True, slots=True)
class Resolution:
    """The outcome of a resolution: the record's new version and its sequence."""

    conflict_id: str
    kind: str
    record_id: str
    version: int
    seq: int


def _scoped(actor: Actor) -> Any:
    me = actor.agency_id
    return (
        select(conflict)
        .join(
            record,
            and_(record.c.kind == conflict.c.kind, record.c.record_id == conflict.c.record_id),
        )
        .join(client_scope, client_scope.c.client_id == record.c.client_id)
        .where(
            or_(
                record.c.agency_id == me,
                client_scope.c.agency_id == me,
                client_scope.c.shared.is_(True),
            )
        )
    )


def _conflict_json(row: Any) -> dict[str, Any]:
    fields = json.loads(row.fields)
    return {
        "conflict_id": row.conflict_id,
        "kind": row.kind,
        "record_id": row.record_id,
        "status": row.status,
        "base_version": row.base_version,
        "version": row.version,
        "fields": [
            {"field": name, "server_value": pair["server"], "incoming_value": pair["incoming"]}
            for name, pair in sorted(fields.items())
        ],
        "server": {
            "user_id": row.server_user_id,
            "device_id": row.server_device_id,
            "received_at": row.server_received_at,
        },
        "incoming": {
            "user_id": row.incoming_user_id,
            "device_id": row.incoming_device_id,
            "received_at": row.received_at,
            "change_id": row.incoming_change_id,
        },
        "resolved_at": row.resolved_at,
        "resolved_version": row.resolved_version,
    }


def list_conflicts(
    conn: Connection, actor: Actor, status: str | None = "open", limit: int = 500
) -> list[dict[str, Any]]:
    """Return the conflicts on records ``actor`` may see, oldest first."""
    query = _scoped(actor)
    if status is not None:
        query = query.where(conflict.c.status == status)
    rows = conn.execute(query.order_by(conflict.c.received_at, conflict.c.conflict_id).limit(limit))
    return [_conflict_json(row) for row in rows]


def resolve(
    conn: Connection,
    sequence: Sequence,
    actor: Actor,
    conflict_id: str,
    values: dict[str, Any],
    now: str,
    fiscal_year: int = 2026,
) -> Resolution:
    """Apply chosen values to a conflict's fields as the record's next version.

    Raises:
        ResolveError: the conflict is unknown or not visible, already resolved,
            its record deleted, the fields do not match, or the values are invalid.
    """
    row = conn.execute(_scoped(actor).where(conflict.c.conflict_id == conflict_id)).one_or_none()
    if row is None:
        raise ResolveError("not_found", "No such conflict.")
    if row.status != "open":
        raise ResolveError("already_resolved", "This conflict was already resolved.")
    wanted = set(json.loads(row.fields))
    if set(values) != wanted:
        details = [
            FieldProblem(name, "Choose a value for this field.", "resolve.missing")
            for name in sorted(wanted - set(values))
        ] + [
            FieldProblem(name, "This field is not part of the conflict.", "resolve.extra")
            for name in sorted(set(values) - wanted)
        ]
        raise ResolveError("fields", "Choose one value for each conflicting field.", details)
    current = load_records(conn, [(row.kind, row.record_id)])[(row.kind, row.record_id)]
    if current.deleted:
        raise ResolveError("deleted", "The record was deleted.")
    data = dict(current.data)
    data.update(values)
    cls = record_type(row.kind)
    try:
        parsed = cls.from_data(row.record_id, data, fiscal_year)  # type: ignore[arg-type]
    except ValueError as exc:
        raise ResolveError("invalid", "A value does not fit its field.") from exc
    problems = [
        FieldProblem(m.field, m.message, m.rule)
        for m in errors_only(validate(parsed, fiscal_year=fiscal_year))  # type: ignore[arg-type]
    ]
    if problems:
        raise ResolveError("invalid", "The chosen values are not valid.", problems)
    still_open = conn.execute(
        select(conflict.c.conflict_id).where(
            conflict.c.kind == row.kind,
            conflict.c.record_id == row.record_id,
            conflict.c.status == "open",
            conflict.c.conflict_id != conflict_id,
        )
    ).first()
    current.version += 1
    current.seq = sequence.next()
    current.set_data(dict(parsed.to_data()))
    current.conflicted = still_open is not None
    current.user_id, current.device_id, current.received_at = actor.user_id, actor.device_id, now
    save_records(conn, [], [current])
    conn.execute(insert(record_version).values(**current.version_row("resolve", None)))
    conn.execute(
        update(conflict)
        .where(conflict.c.conflict_id == conflict_id)
        .values(
            status="resolved",
            resolved_at=now,
            resolved_by_user_id=actor.user_id,
            resolved_by_device_id=actor.device_id,
            resolved_version=current.version,
        )
    )
    return Resolution(conflict_id, row.kind, row.record_id, current.version, current.seq)
