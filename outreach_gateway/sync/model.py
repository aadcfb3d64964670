"""The values sync passes around: who is asking, changes in, answers out.

Also the two rules every sync module applies the same way: which records a
device may see (:func:`visible`), and what a change's content is for
idempotency (:func:`fingerprint`).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Literal

import orjson

Op = Literal["create", "update", "delete"]
Status = Literal["applied", "merged", "conflict", "rejected", "already_applied"]

#: Record kinds devices may push: the HMIS entities a worker records, and Consent.
SYNC_KINDS = frozenset(
    {
        "Client", "Enrollment", "CurrentLivingSituation", "Assessment", "AssessmentQuestion",
        "AssessmentResult", "Event", "Service", "HealthAndDV", "Disability", "IncomeBenefit",
        "Exit", "Consent",
    }
)  # fmt: skip

#: Client columns that identify a person; never stored for a victim service provider.
PERSONAL_IDENTIFIERS = (
    "FirstName",
    "MiddleName",
    "LastName",
    "NameSuffix",
    "SSN",
    "DOB",
    "Aliases",
)
#: Their data-quality columns, set to 99 "Data not collected" when they are stripped.
DATA_QUALITY_COLUMNS = ("NameDataQuality", "SSNDataQuality", "DOBDataQuality")
DATA_NOT_COLLECTED = 99

JsonValue = str | int | float | None
Fields = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Actor:
    """The enrolled device making a request, and whom it acts for.

    Attributes:
        device_id: the device.
        user_id: the user the device was enrolled for.
        agency_id: that user's agency.
        victim_service_provider: whether the agency is one (VAWA rules apply).
        role: ``worker`` or ``supervisor``.
    """

    device_id: str
    user_id: str
    agency_id: str
    victim_service_provider: bool
    role: str = "worker"


@dataclass(frozen=True, slots=True)
class Change:
    """One change pushed by a device, as its journal recorded it.

    Attributes:
        change_id: the device's id for this change (idempotency key).
        kind: record kind, e.g. ``Client``.
        record_id: the record's 32-character id.
        op: create, update or delete.
        base_version: the server version the change was made on (None for create).
        fields: HMIS column to JSON value: all columns for a create, the changed
            ones for an update, none for a delete.
    """

    change_id: str
    kind: str
    record_id: str
    op: Op
    base_version: int | None
    fields: Fields


@dataclass(frozen=True, slots=True)
class FieldProblem:
    """Why a field was refused: the column, a message and a rule id, never the value."""

    field: str
    message: str
    rule: str


@dataclass(frozen=True, slots=True)
class ConflictField:
    """One field changed two ways: the server's value and the incoming one."""

    field: str
    server_value: Any
    incoming_value: Any


@dataclass(slots=True)
class Answer:
    """The gateway's answer to one change.

    Attributes:
        change_id: the change answered.
        status: applied, merged, conflict, rejected or already_applied.
        version: the record's server version after the change (None if rejected).
        seq: the server sequence of that version (None if rejected).
        reason: for rejected: a stable code (``invalid``, ``deleted``,
            ``change_id_reused``…); for already_applied: the first answer's status.
        details: field problems for ``invalid``.
        conflict_id: the open conflict, for status ``conflict``.
        conflicts: the fields changed two ways, with both values.
        stripped: personal identifiers removed (victim service providers).
    """

    change_id: str
    status: Status
    version: int | None = None
    seq: int | None = None
    reason: str | None = None
    details: list[FieldProblem] = field(default_factory=list)
    conflict_id: str | None = None
    conflicts: list[ConflictField] = field(default_factory=list)
    stripped: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """Return the answer as JSON-ready data."""
        return {
            "change_id": self.change_id,
            "status": self.status,
            "version": self.version,
            "seq": self.seq,
            "reason": self.reason,
            "details": [
                {"field": p.field, "message": p.message, "rule": p.rule} for p in self.details
            ],
            "conflict_id": self.conflict_id,
            "conflicts": [
                {
                    "field": c.field,
                    "server_value": c.server_value,
                    "incoming_value": c.incoming_value,
                }
                for c in self.conflicts
            ],
            "stripped": list(self.stripped),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Answer:
        """Rebuild an answer stored by :meth:`to_json`."""
        return cls(
            change_id=data["change_id"],
            status=data["status"],
            version=data["version"],
            seq=data["seq"],
            reason=data["reason"],
            details=[FieldProblem(**p) for p in data["details"]],
            conflict_id=data["conflict_id"],
            conflicts=[ConflictField(**c) for c in data["conflicts"]],
            stripped=list(data["stripped"]),
        )


def rejected(change_id: str, reason: str, details: list[FieldProblem] | None = None) -> Answer:
    """Return a rejection with a reason code."""
    return Answer(change_id, "rejected", reason=reason, details=details or [])


def fingerprint(change: Change) -> str:
    """Return a SHA-256 of a change's content, to tell a retry from a reused change id.

    The change id is part of the hashed text, so the fingerprint of a victim
    service provider's change reveals nothing about the values it held.
    """
    content = [
        change.change_id,
        change.kind,
        change.record_id,
        change.op,
        change.base_version,
        change.fields,
    ]
    return hashlib.sha256(dumps(content).encode("utf-8")).hexdigest()


def visible(agency_id: str, record_agency: str, client_agency: str, shared: bool) -> bool:
    """Whether an agency may see a record.

    It may see what it wrote, everything about the clients it owns, and every
    record of a client whose latest consent shares it CoC-wide (never a victim
    service provider's client: their sharing flag is never set).
    """
    return record_agency == agency_id or client_agency == agency_id or shared


def dumps(data: Any) -> str:
    """Serialize values for a ``data`` column: compact, stable key order, UTF-8.

    orjson does it several times faster than the standard library (a push
    serializes every record twice); the standard library takes what orjson
    refuses (integers beyond 64 bits), so the same value always gives the
    same text.
    """
    try:
        return orjson.dumps(data, option=orjson.OPT_SORT_KEYS).decode("utf-8")
    except TypeError:
        return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
