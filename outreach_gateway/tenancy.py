"""Agencies, projects, users and devices: who may sync, and for whom.

An agency is an HMIS organization, possibly a victim service provider; its
users are workers or supervisors; a device is enrolled for one user by a
one-time code an admin issues, and from then on presents a bearer token.

Enrollment codes are 10 characters of Crockford's base 32 in two groups
(``7KQ2M-X9D4H``): easy to read out and type, with the look-alikes O/0 and
I/L/1 accepted. The first four characters select the code, the rest verify
it, so failed attempts can be counted *per code* (five and it is burned) as
well as per client address (ten in fifteen minutes and the address waits).
Only SHA-256 hashes of codes and tokens are stored.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import Connection, delete, func, insert, select, update

from outreach_app.domain.records import new_id
from outreach_gateway.clock import stamp
from outreach_gateway.sync.model import Actor
from outreach_gateway.tables import (
    agency,
    app_user,
    device,
    enroll_failure,
    enrollment_code,
    project,
)

ROLES = ("worker", "supervisor")
STREET_OUTREACH = 4
DEFAULT_AGENCY_SETTINGS: dict[str, Any] = {
    "lock_timeout_minutes": 5,
    "stale_device_hours": 72,
}

CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 10
SELECTOR_LENGTH = 4
MAX_CODE_FAILURES = 5
MAX_ADDRESS_FAILURES = 10
ADDRESS_WINDOW = dt.timedelta(minutes=15)
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})


class AdminError(Exception):
    """An admin request that cannot be done (unknown agency, duplicate user name…)."""


def hash_secret(secret: str) -> str:
    """Return the SHA-256 hex digest under which a code or token is stored."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def create_agency(
    conn: Connection, name: str, now: dt.datetime, *, victim_service_provider: bool = False
) -> str:
    """Create an agency; return its id."""
    agency_id = new_id()
    conn.execute(
        insert(agency).values(
            agency_id=agency_id,
            name=name,
            victim_service_provider=victim_service_provider,
            settings=json.dumps(DEFAULT_AGENCY_SETTINGS),
            created_at=stamp(now),
        )
    )
    return agency_id


def _require_agency(conn: Connection, agency_id: str) -> None:
    if (
        conn.execute(select(agency.c.agency_id).where(agency.c.agency_id == agency_id)).first()
        is None
    ):
        raise AdminError(f"no agency {agency_id}")


def create_project(
    conn: Connection,
    agency_id: str,
    name: str,
    now: dt.datetime,
    project_type: int = STREET_OUTREACH,
) -> str:
    """Create a project of an agency; return its id."""
    _require_agency(conn, agency_id)
    project_id = new_id()
    conn.execute(
        insert(project).values(
            project_id=project_id,
            agency_id=agency_id,
            name=name,
            project_type=project_type,
            created_at=stamp(now),
        )
    )
    return project_id


def create_user(
    conn: Connection, agency_id: str, user_name: str, role: str, now: dt.datetime
) -> str:
    """Create a user of an agency; return its id."""
    if role not in ROLES:
        raise AdminError(f"role must be one of {', '.join(ROLES)}")
    _require_agency(conn, agency_id)
    taken = conn.execute(
        select(app_user.c.user_id).where(app_user.c.user_name == user_name)
    ).first()
    if taken is not None:
        raise AdminError(f"user name {user_name!r} is taken")
    user_id = new_id()
    conn.execute(
        insert(app_user).values(
            user_id=user_id,
            agency_id=agency_id,
            user_name=user_name,
            role=role,
            created_at=stamp(now),
        )
    )
    return user_id


@dataclass(frozen=True, slots=True)
class IssuedCode:
    """A new enrollment code, shown once to the admin."""

    code: str
    expires_at: dt.datetime


def normalize_code(text: str) -> str:
    """Uppercase, drop separators and map look-alike letters to digits."""
    return "".join(ch for ch in text.upper() if ch not in "- ").translate(_LOOKALIKES)


def issue_code(conn: Connection, user_id: str, now: dt.datetime, ttl: dt.timedelta) -> IssuedCode:
    """Issue a one-time enrollment code for a user's next device."""
    if (
        conn.execute(select(app_user.c.user_id).where(app_user.c.user_id == user_id)).first()
        is None
    ):
        raise AdminError(f"no user {user_id}")
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    expires = now + ttl
    conn.execute(
        insert(enrollment_code).values(
            selector=raw[:SELECTOR_LENGTH],
            verifier_hash=hash_secret(raw),
            user_id=user_id,
            created_at=stamp(now),
            expires_at=stamp(expires),
            failed_attempts=0,
        )
    )
    half = CODE_LENGTH // 2
    return IssuedCode(f"{raw[:half]}-{raw[half:]}", expires)


@dataclass(frozen=True, slots=True)
class Enrolled:
    """A newly enrolled device and its token (shown only in the enroll answer)."""

    device_id: str
    token: str
    user_id: str
    agency_id: str


EnrollFailure = Literal["invalid_code", "rate_limited"]


def enroll(
    conn: Connection, code: str, address: str, label: str, now: dt.datetime
) -> Enrolled | EnrollFailure:
    """Trade an enrollment code for a device token, or say why not.

    Failures are written (counted) in ``conn``'s transaction, so the caller
    commits before answering either way.
    """
    since = stamp(now - ADDRESS_WINDOW)
    recent = conn.execute(
        select(func.count())
        .select_from(enroll_failure)
        .where(enroll_failure.c.address == address, enroll_failure.c.at > since)
    ).scalar_one()
    if recent >= MAX_ADDRESS_FAILURES:
        return "rate_limited"
    normalized = normalize_code(code)
    candidates: Sequence[Any] = ()
    if len(normalized) == CODE_LENGTH and all(ch in CODE_ALPHABET for ch in normalized):
        candidates = conn.execute(
            select(enrollment_code, app_user.c.agency_id)
            .join(app_user, app_user.c.user_id == enrollment_code.c.user_id)
            .where(
                enrollment_code.c.selector == normalized[:SELECTOR_LENGTH],
                enrollment_code.c.used_at.is_(None),
                enrollment_code.c.expires_at > stamp(now),
                enrollment_code.c.failed_attempts < MAX_CODE_FAILURES,
            )
        ).all()
    digest = hash_secret(normalized)
    for row in candidates:
        if hmac.compare_digest(row.verifier_hash, digest):
            return _create_device(conn, row, label, now)
    conn.execute(insert(enroll_failure).values(address=address, at=stamp(now)))
    conn.execute(delete(enroll_failure).where(enroll_failure.c.at < since))
    for row in candidates:
        conn.execute(
            update(enrollment_code)
            .where(enrollment_code.c.code_id == row.code_id)
            .values(failed_attempts=enrollment_code.c.failed_attempts + 1)
        )
    return "invalid_code"


def _create_device(conn: Connection, code_row: Any, label: str, now: dt.datetime) -> Enrolled:
    conn.execute(
        update(enrollment_code)
        .where(enrollment_code.c.code_id == code_row.code_id)
        .values(used_at=stamp(now))
    )
    token = secrets.token_urlsafe(32)
    device_id = new_id()
    conn.execute(
        insert(device).values(
            device_id=device_id,
            user_id=code_row.user_id,
            agency_id=code_row.agency_id,
            token_hash=hash_secret(token),
            label=label,
            enrolled_at=stamp(now),
        )
    )
    return Enrolled(device_id, token, code_row.user_id, code_row.agency_id)


@dataclass(frozen=True, slots=True)
class DeviceAuth:
    """A device found by its token: whom it acts for, and whether it is revoked."""

    actor: Actor
    revoked: bool
    last_contact_at: str | None


def authenticate(conn: Connection, token: str) -> DeviceAuth | None:
    """Find the device holding ``token``; None if no device does."""
    row = conn.execute(
        select(
            device.c.device_id,
            device.c.user_id,
            device.c.agency_id,
            device.c.revoked_at,
            device.c.last_contact_at,
            app_user.c.role,
            app_user.c.disabled_at,
            agency.c.victim_service_provider,
        )
        .join(app_user, app_user.c.user_id == device.c.user_id)
        .join(agency, agency.c.agency_id == device.c.agency_id)
        .where(device.c.token_hash == hash_secret(token))
    ).one_or_none()
    if row is None:
        return None
    actor = Actor(
        row.device_id, row.user_id, row.agency_id, bool(row.victim_service_provider), row.role
    )
    revoked = row.revoked_at is not None or row.disabled_at is not None
    return DeviceAuth(actor, revoked, row.last_contact_at)


def revoke_device(conn: Connection, device_id: str, now: dt.datetime) -> bool:
    """Revoke a device's token; return whether a live device was revoked."""
    result = conn.execute(
        update(device)
        .where(device.c.device_id == device_id, device.c.revoked_at.is_(None))
        .values(revoked_at=stamp(now))
    )
    return result.rowcount == 1


def list_devices(conn: Connection, agency_id: str | None = None) -> list[dict[str, Any]]:
    """Return devices with their last reported status, of one agency or all."""
    query = select(device, app_user.c.user_name).join(
        app_user, app_user.c.user_id == device.c.user_id
    )
    if agency_id is not None:
        query = query.where(device.c.agency_id == agency_id)
    return [
        {
            "device_id": row.device_id,
            "agency_id": row.agency_id,
            "user_id": row.user_id,
            "user_name": row.user_name,
            "label": row.label,
            "enrolled_at": row.enrolled_at,
            "revoked_at": row.revoked_at,
            "last_contact_at": row.last_contact_at,
            "last_sync_at": row.last_sync_at,
            "app_version": row.app_version,
            "pending_count": row.pending_count,
            "oldest_pending_at": row.oldest_pending_at,
            "errors": json.loads(row.error_codes) if row.error_codes else [],
            "quarantined_count": row.quarantined_count,
            "status_at": row.status_at,
        }
        for row in conn.execute(query.order_by(device.c.enrolled_at, device.c.device_id))
    ]


def touch(conn: Connection, device_id: str, now: dt.datetime, *, synced: bool) -> None:
    """Record a device's last contact, and its last successful sync if ``synced``."""
    values = {"last_contact_at": stamp(now)}
    if synced:
        values["last_sync_at"] = stamp(now)
    conn.execute(update(device).where(device.c.device_id == device_id).values(**values))
