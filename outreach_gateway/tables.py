"""The gateway's tables, in SQLAlchemy Core, for PostgreSQL and SQLite alike.

Records are stored as they are on devices: one ``record`` row per HMIS record
of any kind, its values as JSON keyed by HMIS column (see decision 0001), so a
new fiscal year needs no migration. Around it:

* ``record_version`` keeps every version (who, which device, when received);
* ``client_scope`` says which agency owns a client and whether its latest
  consent shares it CoC-wide, which is what visibility is computed from;
* ``counter`` holds the server sequence; writers lock its row first, so
  commits happen in sequence order (decision 0010);
* ``applied_change`` remembers each applied change id with a fingerprint of
  its content, for idempotent retries;
* ``conflict`` holds both values of a field changed two ways;
* ``merge`` leaves a pointer from a merged duplicate client to the survivor.

Times are ISO 8601 UTC text (``2026-01-31T12:00:00.000000Z``): sortable, and the
same on both databases.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

ID = String(32)
TIME = String(32)

agency = Table(
    "agency",
    metadata,
    Column("agency_id", ID, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("victim_service_provider", Boolean, nullable=False),
    Column("settings", Text, nullable=False),
    Column("created_at", TIME, nullable=False),
)

project = Table(
    "project",
    metadata,
    Column("project_id", ID, primary_key=True),
    Column("agency_id", ID, ForeignKey("agency.agency_id"), nullable=False, index=True),
    Column("name", String(200), nullable=False),
    Column("project_type", Integer, nullable=False),
    Column("created_at", TIME, nullable=False),
)

app_user = Table(
    "app_user",
    metadata,
    Column("user_id", ID, primary_key=True),
    Column("agency_id", ID, ForeignKey("agency.agency_id"), nullable=False, index=True),
    Column("user_name", String(100), nullable=False, unique=True),
    Column("role", String(20), nullable=False),
    Column("created_at", TIME, nullable=False),
    Column("disabled_at", TIME),
)

device = Table(
    "device",
    metadata,
    Column("device_id", ID, primary_key=True),
    Column("user_id", ID, ForeignKey("app_user.user_id"), nullable=False),
    Column("agency_id", ID, ForeignKey("agency.agency_id"), nullable=False, index=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("label", String(100), nullable=False),
    Column("enrolled_at", TIME, nullable=False),
    Column("revoked_at", TIME),
    Column("last_contact_at", TIME),
    Column("last_sync_at", TIME),
    Column("app_version", String(64)),
    Column("pending_count", Integer),
    Column("oldest_pending_at", TIME),
    Column("error_codes", Text),
    Column("quarantined_count", Integer),
    Column("status_at", TIME),
)

enrollment_code = Table(
    "enrollment_code",
    metadata,
    Column("code_id", Integer, primary_key=True, autoincrement=True),
    Column("selector", String(4), nullable=False, index=True),
    Column("verifier_hash", String(64), nullable=False),
    Column("user_id", ID, ForeignKey("app_user.user_id"), nullable=False),
    Column("created_at", TIME, nullable=False),
    Column("expires_at", TIME, nullable=False),
    Column("used_at", TIME),
    Column("failed_attempts", Integer, nullable=False),
)

enroll_failure = Table(
    "enroll_failure",
    metadata,
    Column("failure_id", Integer, primary_key=True, autoincrement=True),
    Column("address", String(64), nullable=False),
    Column("at", TIME, nullable=False),
    Index("ix_enroll_failure_address_at", "address", "at"),
)

counter = Table(
    "counter",
    metadata,
    Column("name", String(20), primary_key=True),
    Column("value", BigInteger, nullable=False),
)

client_scope = Table(
    "client_scope",
    metadata,
    Column("client_id", ID, primary_key=True),
    Column("agency_id", ID, ForeignKey("agency.agency_id"), nullable=False),
    Column("shared", Boolean, nullable=False),
    Column("ever_shared", Boolean, nullable=False),
)

record = Table(
    "record",
    metadata,
    Column("kind", String(40), primary_key=True),
    Column("record_id", ID, primary_key=True),
    Column("client_id", ID, nullable=False, index=True),
    Column("agency_id", ID, ForeignKey("agency.agency_id"), nullable=False),
    Column("version", Integer, nullable=False),
    Column("seq", BigInteger, nullable=False, unique=True),
    Column("data", Text, nullable=False),
    Column("deleted", Boolean, nullable=False),
    Column("redirect_to", ID),
    Column("conflicted", Boolean, nullable=False),
    Column("user_id", ID),
    Column("device_id", ID),
    Column("received_at", TIME, nullable=False),
)

record_version = Table(
    "record_version",
    metadata,
    Column("kind", String(40), primary_key=True),
    Column("record_id", ID, primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("seq", BigInteger, nullable=False),
    Column("op", String(10), nullable=False),
    Column("data", Text, nullable=False),
    Column("deleted", Boolean, nullable=False),
    Column("user_id", ID),
    Column("device_id", ID),
    Column("change_id", String(64)),
    Column("received_at", TIME, nullable=False),
)

applied_change = Table(
    "applied_change",
    metadata,
    Column("change_id", String(64), primary_key=True),
    Column("device_id", ID, nullable=False),
    Column("fingerprint", String(64), nullable=False),
    Column("answer", Text, nullable=False),
    Column("received_at", TIME, nullable=False),
)

conflict = Table(
    "conflict",
    metadata,
    Column("conflict_id", ID, primary_key=True),
    Column("kind", String(40), nullable=False),
    Column("record_id", ID, nullable=False),
    Column("status", String(10), nullable=False),
    Column("base_version", Integer, nullable=False),
    Column("version", Integer, nullable=False),
    Column("fields", Text, nullable=False),
    Column("server_user_id", ID),
    Column("server_device_id", ID),
    Column("server_received_at", TIME, nullable=False),
    Column("incoming_user_id", ID, nullable=False),
    Column("incoming_device_id", ID, nullable=False),
    Column("incoming_change_id", String(64), nullable=False),
    Column("received_at", TIME, nullable=False),
    Column("resolved_at", TIME),
    Column("resolved_by_user_id", ID),
    Column("resolved_by_device_id", ID),
    Column("resolved_version", Integer),
    Index("ix_conflict_record", "kind", "record_id"),
    Index("ix_conflict_status", "status"),
)

merge = Table(
    "merge",
    metadata,
    Column("merged_id", ID, primary_key=True),
    Column("survivor_id", ID, nullable=False, index=True),
    Column("merged_at", TIME, nullable=False),
    Column("seq", BigInteger, nullable=False),
)

#: Tables in an order that deletes can follow without breaking foreign keys.
DATA_TABLES = (
    "merge", "conflict", "applied_change", "record_version", "record", "client_scope",
    "enroll_failure", "enrollment_code", "device", "app_user", "project", "agency",
)  # fmt: skip
