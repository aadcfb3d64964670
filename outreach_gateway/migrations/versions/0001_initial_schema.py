"""The initial schema: tenancy, devices, records with versions, conflicts, merges.

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-25 09:54:36.378527
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "agency",
        sa.Column("agency_id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("victim_service_provider", sa.Boolean(), nullable=False),
        sa.Column("settings", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("agency_id", name=op.f("pk_agency")),
    )
    op.create_table(
        "applied_change",
        sa.Column("change_id", sa.String(length=64), nullable=False),
        sa.Column("device_id", sa.String(length=32), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("received_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("change_id", name=op.f("pk_applied_change")),
    )
    op.create_table(
        "conflict",
        sa.Column("conflict_id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("record_id", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("fields", sa.Text(), nullable=False),
        sa.Column("server_user_id", sa.String(length=32), nullable=True),
        sa.Column("server_device_id", sa.String(length=32), nullable=True),
        sa.Column("server_received_at", sa.String(length=32), nullable=False),
        sa.Column("incoming_user_id", sa.String(length=32), nullable=False),
        sa.Column("incoming_device_id", sa.String(length=32), nullable=False),
        sa.Column("incoming_change_id", sa.String(length=64), nullable=False),
        sa.Column("received_at", sa.String(length=32), nullable=False),
        sa.Column("resolved_at", sa.String(length=32), nullable=True),
        sa.Column("resolved_by_user_id", sa.String(length=32), nullable=True),
        sa.Column("resolved_by_device_id", sa.String(length=32), nullable=True),
        sa.Column("resolved_version", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("conflict_id", name=op.f("pk_conflict")),
    )
    with op.batch_alter_table("conflict", schema=None) as batch_op:
        batch_op.create_index("ix_conflict_record", ["kind", "record_id"], unique=False)
        batch_op.create_index("ix_conflict_status", ["status"], unique=False)

    op.create_table(
        "counter",
        sa.Column("name", sa.String(length=20), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_counter")),
    )
    op.create_table(
        "enroll_failure",
        sa.Column("failure_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("failure_id", name=op.f("pk_enroll_failure")),
    )
    with op.batch_alter_table("enroll_failure", schema=None) as batch_op:
        batch_op.create_index("ix_enroll_failure_address_at", ["address", "at"], unique=False)

    op.create_table(
        "merge",
        sa.Column("merged_id", sa.String(length=32), nullable=False),
        sa.Column("survivor_id", sa.String(length=32), nullable=False),
        sa.Column("merged_at", sa.String(length=32), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("merged_id", name=op.f("pk_merge")),
    )
    with op.batch_alter_table("merge", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_merge_survivor_id"), ["survivor_id"], unique=False)

    op.create_table(
        "record_version",
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("record_id", sa.String(length=32), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("op", sa.String(length=10), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=True),
        sa.Column("device_id", sa.String(length=32), nullable=True),
        sa.Column("change_id", sa.String(length=64), nullable=True),
        sa.Column("received_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("kind", "record_id", "version", name=op.f("pk_record_version")),
    )
    op.create_table(
        "app_user",
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("agency_id", sa.String(length=32), nullable=False),
        sa.Column("user_name", sa.String(length=100), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("disabled_at", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agency.agency_id"], name=op.f("fk_app_user_agency_id_agency")
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_app_user")),
        sa.UniqueConstraint("user_name", name=op.f("uq_app_user_user_name")),
    )
    with op.batch_alter_table("app_user", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_app_user_agency_id"), ["agency_id"], unique=False)

    op.create_table(
        "client_scope",
        sa.Column("client_id", sa.String(length=32), nullable=False),
        sa.Column("agency_id", sa.String(length=32), nullable=False),
        sa.Column("shared", sa.Boolean(), nullable=False),
        sa.Column("ever_shared", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agency.agency_id"], name=op.f("fk_client_scope_agency_id_agency")
        ),
        sa.PrimaryKeyConstraint("client_id", name=op.f("pk_client_scope")),
    )
    op.create_table(
        "project",
        sa.Column("project_id", sa.String(length=32), nullable=False),
        sa.Column("agency_id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("project_type", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agency.agency_id"], name=op.f("fk_project_agency_id_agency")
        ),
        sa.PrimaryKeyConstraint("project_id", name=op.f("pk_project")),
    )
    with op.batch_alter_table("project", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_project_agency_id"), ["agency_id"], unique=False)

    op.create_table(
        "record",
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("record_id", sa.String(length=32), nullable=False),
        sa.Column("client_id", sa.String(length=32), nullable=False),
        sa.Column("agency_id", sa.String(length=32), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("redirect_to", sa.String(length=32), nullable=True),
        sa.Column("conflicted", sa.Boolean(), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=True),
        sa.Column("device_id", sa.String(length=32), nullable=True),
        sa.Column("received_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agency.agency_id"], name=op.f("fk_record_agency_id_agency")
        ),
        sa.PrimaryKeyConstraint("kind", "record_id", name=op.f("pk_record")),
        sa.UniqueConstraint("seq", name=op.f("uq_record_seq")),
    )
    with op.batch_alter_table("record", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_record_client_id"), ["client_id"], unique=False)

    op.create_table(
        "device",
        sa.Column("device_id", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("agency_id", sa.String(length=32), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.Column("enrolled_at", sa.String(length=32), nullable=False),
        sa.Column("revoked_at", sa.String(length=32), nullable=True),
        sa.Column("last_contact_at", sa.String(length=32), nullable=True),
        sa.Column("last_sync_at", sa.String(length=32), nullable=True),
        sa.Column("app_version", sa.String(length=64), nullable=True),
        sa.Column("pending_count", sa.Integer(), nullable=True),
        sa.Column("oldest_pending_at", sa.String(length=32), nullable=True),
        sa.Column("error_codes", sa.Text(), nullable=True),
        sa.Column("quarantined_count", sa.Integer(), nullable=True),
        sa.Column("status_at", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agency.agency_id"], name=op.f("fk_device_agency_id_agency")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["app_user.user_id"], name=op.f("fk_device_user_id_app_user")
        ),
        sa.PrimaryKeyConstraint("device_id", name=op.f("pk_device")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_device_token_hash")),
    )
    with op.batch_alter_table("device", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_device_agency_id"), ["agency_id"], unique=False)

    op.create_table(
        "enrollment_code",
        sa.Column("code_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("selector", sa.String(length=4), nullable=False),
        sa.Column("verifier_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("expires_at", sa.String(length=32), nullable=False),
        sa.Column("used_at", sa.String(length=32), nullable=True),
        sa.Column("failed_attempts", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["app_user.user_id"], name=op.f("fk_enrollment_code_user_id_app_user")
        ),
        sa.PrimaryKeyConstraint("code_id", name=op.f("pk_enrollment_code")),
    )
    with op.batch_alter_table("enrollment_code", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_enrollment_code_selector"), ["selector"], unique=False)

    op.execute(sa.text("INSERT INTO counter (name, value) VALUES ('seq', 0)"))


def downgrade() -> None:
    """Undo this revision."""
    with op.batch_alter_table("enrollment_code", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_enrollment_code_selector"))

    op.drop_table("enrollment_code")
    with op.batch_alter_table("device", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_device_agency_id"))

    op.drop_table("device")
    with op.batch_alter_table("record", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_record_client_id"))

    op.drop_table("record")
    with op.batch_alter_table("project", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_project_agency_id"))

    op.drop_table("project")
    op.drop_table("client_scope")
    with op.batch_alter_table("app_user", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_app_user_agency_id"))

    op.drop_table("app_user")
    op.drop_table("record_version")
    with op.batch_alter_table("merge", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_merge_survivor_id"))

    op.drop_table("merge")
    with op.batch_alter_table("enroll_failure", schema=None) as batch_op:
        batch_op.drop_index("ix_enroll_failure_address_at")

    op.drop_table("enroll_failure")
    op.drop_table("counter")
    with op.batch_alter_table("conflict", schema=None) as batch_op:
        batch_op.drop_index("ix_conflict_status")
        batch_op.drop_index("ix_conflict_record")

    op.drop_table("conflict")
    op.drop_table("applied_change")
    op.drop_table("agency")
