"""The database schema and its migrations, versioned by ``PRAGMA user_version``.

Each migration is a function from version N-1 to N, run in the same
transaction as the ``user_version`` bump, so a crash mid-upgrade leaves the
old version intact. A fixture database of every released version is kept in
``tests/storage/fixtures/`` and each upgrade is tested from it.

Records are stored as JSON keyed by HMIS column names (one row per record,
whatever its kind), so a fiscal-year change adds columns without a migration.
The tables around them serve the app: the sync journal, the append-only audit
log, and the client search index.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlcipher3.dbapi2 as sqlite

from outreach_app import errors
from outreach_app.storage.database import Connection, transaction

SCHEMA_V1 = """
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE local_user (
    user_id TEXT PRIMARY KEY,
    user_name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    full_name TEXT NOT NULL DEFAULT '',
    role TEXT NOT NULL CHECK (role IN ('worker', 'supervisor', 'admin')),
    created_at TEXT NOT NULL,
    disabled_at TEXT
);

-- One row per HMIS record of any kind; values as JSON keyed by HMIS column.
CREATE TABLE record (
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    client_id TEXT,
    parent_id TEXT,
    data TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    server_version INTEGER,
    created_at TEXT NOT NULL,
    created_by TEXT,
    updated_at TEXT NOT NULL,
    updated_by TEXT,
    deleted_at TEXT,
    PRIMARY KEY (kind, id)
) WITHOUT ROWID;
CREATE INDEX record_by_client ON record (client_id, kind);
CREATE INDEX record_by_parent ON record (parent_id, kind);

-- Every local change, written in the same transaction as the change itself.
CREATE TABLE journal (
    seq INTEGER PRIMARY KEY,
    change_id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    record_id TEXT NOT NULL,
    op TEXT NOT NULL CHECK (op IN ('create', 'update', 'delete')),
    base_version INTEGER,
    fields TEXT NOT NULL,
    user_id TEXT,
    created_at TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending'
);
CREATE INDEX journal_by_state ON journal (state, seq);
CREATE INDEX journal_by_record ON journal (kind, record_id);

-- HUD's access log: who did what to which record, when (UTC). Append-only.
CREATE TABLE audit (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    user_id TEXT,
    action TEXT NOT NULL CHECK (action IN (
        'view', 'create', 'update', 'delete', 'export',
        'unlock', 'failed_unlock', 'lock', 'user', 'rekey')),
    kind TEXT,
    record_id TEXT,
    detail TEXT
);
CREATE INDEX audit_by_record ON audit (kind, record_id);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

-- The client search index: readable columns for the list, and match keys.
CREATE TABLE client_index (
    rowid INTEGER PRIMARY KEY,
    client_id TEXT NOT NULL UNIQUE,
    first_name TEXT,
    last_name TEXT,
    aliases TEXT,
    dob TEXT,
    ssn TEXT,
    sort_key TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX client_index_sort ON client_index (sort_key);
CREATE TABLE client_key (
    key TEXT NOT NULL,
    client_rowid INTEGER NOT NULL,
    weight REAL NOT NULL,
    PRIMARY KEY (key, client_rowid)
) WITHOUT ROWID;
"""

SCHEMA_V2 = """
-- Encrypted autosave of forms in progress, so a lock or crash loses nothing.
CREATE TABLE draft (
    draft_id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    record_id TEXT,
    data TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX draft_by_user ON draft (user_id, updated_at);
"""

SCHEMA_V3 = """
-- Sync (decision 0018): the device's gateway settings, token and pull cursor, in the
-- encrypted database rather than a plain file.
CREATE TABLE sync_state (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- A journal entry the gateway refused (state 'rejected') keeps why; never a value.
ALTER TABLE journal ADD COLUMN reason TEXT;
ALTER TABLE journal ADD COLUMN details TEXT;
ALTER TABLE journal ADD COLUMN answered_at TEXT;

-- The values of server_version as last seen (the base of a rebase), and the columns
-- the gateway does not keep (a victim service provider's identifiers) to keep locally.
ALTER TABLE record ADD COLUMN server_data TEXT;
ALTER TABLE record ADD COLUMN kept_fields TEXT;

-- A field changed two ways: both values, until a person resolves it.
CREATE TABLE conflict (
    conflict_seq INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    record_id TEXT NOT NULL,
    field TEXT NOT NULL,
    local_value TEXT,
    server_value TEXT,
    server_version INTEGER,
    gateway_conflict_id TEXT,
    source TEXT NOT NULL CHECK (source IN ('push', 'pull')),
    created_at TEXT NOT NULL,
    resolved_at TEXT
);
CREATE INDEX conflict_by_record ON conflict (kind, record_id, resolved_at);
"""


def _run_script(conn: Connection, script: str) -> None:
    # executescript() would COMMIT first; run statement by statement instead so
    # the migration and the version bump share one transaction.
    for statement in _split(script):
        conn.execute(statement)


def _split(script: str) -> list[str]:
    statements: list[str] = []
    buffer = ""
    for line in script.splitlines(keepends=True):
        if line.lstrip().startswith("--"):
            continue
        buffer += line
        if sqlite_complete(buffer):
            if buffer.strip():
                statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        raise ValueError("incomplete SQL statement at the end of a migration")
    return statements


def sqlite_complete(text: str) -> bool:
    """Whether ``text`` ends a complete SQL statement (triggers included)."""
    return bool(sqlite.complete_statement(text))


#: ``MIGRATIONS[n]`` upgrades a database from version ``n`` to ``n + 1``.
MIGRATIONS: list[Callable[[Connection], None]] = [
    lambda conn: _run_script(conn, SCHEMA_V1),
    lambda conn: _run_script(conn, SCHEMA_V2),
    lambda conn: _run_script(conn, SCHEMA_V3),
]
LATEST_VERSION = len(MIGRATIONS)


def schema_version(conn: Connection) -> int:
    """Return the database's ``user_version``."""
    row = conn.execute("PRAGMA user_version").fetchone()
    return int(row[0])


def migrate(conn: Connection, target: int = LATEST_VERSION) -> list[int]:
    """Upgrade the schema step by step to ``target``; return the versions applied.

    Raises:
        StoreCorrupt: the database is from a newer Outreach than this one.
    """
    current = schema_version(conn)
    if current > LATEST_VERSION:
        raise errors.StoreCorrupt(
            f"This database was written by a newer version of Outreach (schema {current}). "
            "Install the newer version to open it; nothing was changed."
        )
    applied = []
    for version in range(current, target):
        with transaction(conn):
            MIGRATIONS[version](conn)
            conn.execute(f"PRAGMA user_version = {version + 1}")
        applied.append(version + 1)
    return applied
