"""The JSON shapes of the API, as pydantic models: validated in, documented out.

They are the contract in ``openapi.json``. Every text a client sends is
bounded and refused if it holds a NUL or is not valid Unicode (databases
refuse those, so they must be a 422, not a 500). Field values are JSON
scalars: text, whole numbers, numbers (money), dates as ``YYYY-MM-DD`` text,
or null.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictInt, StrictStr


def _safe_text(text: str) -> str:
    if "\x00" in text:
        raise ValueError("text must not contain NUL characters")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("text must be valid Unicode") from None
    return text


def _utc(moment: dt.datetime) -> dt.datetime:
    try:
        return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)
    except OverflowError:
        raise ValueError("time out of range") from None


SafeText = Annotated[StrictStr, Field(max_length=5000), AfterValidator(_safe_text)]
Label = Annotated[StrictStr, Field(min_length=1, max_length=100), AfterValidator(_safe_text)]
ColumnName = Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9_]{0,63}$")]
RecordId = Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{1,32}$")]
ChangeId = Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{1,64}$")]
Kind = Annotated[str, Field(pattern=r"^[A-Za-z]{1,40}$")]
Code = Annotated[str, Field(pattern=r"^[a-z0-9_.]{1,64}$")]
BigInt = Annotated[StrictInt, Field(ge=-(2**63), le=2**63 - 1)]
Number = Annotated[float, Field(strict=True, allow_inf_nan=False)]
FieldValue = SafeText | BigInt | Number | None
Version = Annotated[StrictInt, Field(ge=1, le=2**31 - 1)]
Count = Annotated[StrictInt, Field(ge=0, le=2**31 - 1)]
UtcTime = Annotated[dt.datetime, AfterValidator(_utc)]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ErrorOut(BaseModel):
    """Every error: a stable code, a message for people, and details."""

    error: str
    message: str
    details: list[dict[str, Any]]
    erase: bool | None = Field(None, description="Set on 401 revoked: erase local data.")


class ChangeIn(_In):
    """One change from a device's journal."""

    change_id: ChangeId = Field(description="The device's id for this change (idempotency key).")
    kind: Kind = Field(description="Record kind, e.g. Client, Enrollment, Consent.")
    record_id: RecordId
    op: Literal["create", "update", "delete"]
    base_version: Version | None = Field(None, description="Server version the change was made on.")
    fields: dict[ColumnName, FieldValue] = Field(default_factory=dict, max_length=500)


class PushIn(_In):
    """A batch of changes, applied in order."""

    changes: list[ChangeIn] = Field(max_length=1000)


class FieldProblemOut(BaseModel):
    """A field refused, with why (never the value)."""

    field: str
    message: str
    rule: str


class ConflictFieldOut(BaseModel):
    """A field changed two ways."""

    field: str
    server_value: Any
    incoming_value: Any


class AnswerOut(BaseModel):
    """The gateway's answer to one change."""

    change_id: str
    status: Literal["applied", "merged", "conflict", "rejected", "already_applied"]
    version: int | None
    seq: int | None
    reason: str | None
    details: list[FieldProblemOut]
    conflict_id: str | None
    conflicts: list[ConflictFieldOut]
    stripped: list[str]


class PushOut(BaseModel):
    """One answer per change, in the order sent."""

    answers: list[AnswerOut]


class PullItem(BaseModel):
    """A record's current state, or its withdrawal from this device's sight."""

    seq: int
    kind: str
    record_id: str
    client_id: str
    version: int | None
    deleted: bool
    withdrawn: bool
    redirect_to: str | None
    conflict: bool
    fields: dict[str, Any]
    user_id: str | None
    device_id: str | None
    received_at: str | None


class PullOut(BaseModel):
    """A page of changes after the cursor."""

    items: list[PullItem]
    next_cursor: int
    more: bool


class VersionOut(BaseModel):
    """One version of a record."""

    version: int
    seq: int
    op: str
    deleted: bool
    fields: dict[str, Any]
    user_id: str | None
    device_id: str | None
    change_id: str | None
    received_at: str


class HistoryOut(BaseModel):
    """Every version of a record, oldest first."""

    kind: str
    record_id: str
    versions: list[VersionOut]


class WhoOut(BaseModel):
    """Who made one side of a conflict, and when the gateway received it."""

    user_id: str | None
    device_id: str | None
    received_at: str
    change_id: str | None = None


class ConflictOut(BaseModel):
    """A field-level conflict on a record."""

    conflict_id: str
    kind: str
    record_id: str
    status: Literal["open", "resolved"]
    base_version: int
    version: int
    fields: list[ConflictFieldOut]
    server: WhoOut
    incoming: WhoOut
    resolved_at: str | None
    resolved_version: int | None


class ConflictsOut(BaseModel):
    """Conflicts on records this device may see."""

    conflicts: list[ConflictOut]


class ResolveIn(_In):
    """The chosen value of every conflicting field."""

    values: dict[ColumnName, FieldValue] = Field(min_length=1, max_length=500)


class ResolveOut(BaseModel):
    """The record's new version after a resolution."""

    conflict_id: str
    kind: str
    record_id: str
    version: int
    seq: int


class EnrollIn(_In):
    """An enrollment code, and a label for the device."""

    code: Annotated[str, Field(pattern=r"^[A-Za-z0-9 -]{1,32}$")]
    label: Label = "device"


class EnrollOut(BaseModel):
    """The device's identity and bearer token (shown once)."""

    device_id: str
    token: str
    user_id: str
    agency_id: str


class AgencyOut(BaseModel):
    """The device's agency."""

    agency_id: str
    name: str
    victim_service_provider: bool


class ProjectOut(BaseModel):
    """A project of the agency (street outreach is project type 4)."""

    project_id: str
    name: str
    project_type: int


class ConfigOut(BaseModel):
    """What a device needs to work for its agency."""

    device_id: str
    user_id: str
    role: str
    agency: AgencyOut
    projects: list[ProjectOut]
    ce_instruments: list[str]
    fiscal_year: int
    coc_code: str
    settings: dict[str, Any]


class StatusIn(_In):
    """A device's report of its sync state."""

    app_version: Annotated[str, Field(pattern=r"^[A-Za-z0-9.+_-]{1,64}$")]
    pending_count: Count = 0
    oldest_pending_at: UtcTime | None = None
    errors: list[Code] = Field(default_factory=list, max_length=50)
    quarantined_count: Count = 0


class StatusOut(BaseModel):
    """Acknowledgement of a status report."""

    received_at: str


class DeviceOut(BaseModel):
    """A device of the agency and its last reported status."""

    device_id: str
    user_id: str
    user_name: str
    label: str
    enrolled_at: str
    revoked_at: str | None
    last_contact_at: str | None
    last_sync_at: str | None
    app_version: str | None
    pending_count: int | None
    oldest_pending_at: str | None
    errors: list[str]
    quarantined_count: int | None
    status_at: str | None


class DevicesOut(BaseModel):
    """The agency's devices."""

    devices: list[DeviceOut]
