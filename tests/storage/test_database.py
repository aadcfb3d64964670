"""Tests for the SQLCipher connection, its owner thread, and error translation."""

from __future__ import annotations

import secrets
import threading
from collections.abc import Iterator
from concurrent.futures import Future
from pathlib import Path

import pytest
import sqlcipher3.dbapi2 as sqlite

from outreach_app import errors
from outreach_app.storage import database
from outreach_app.storage.database import Connection, Database, connect, transaction


@pytest.fixture
def key() -> bytes:
    return secrets.token_bytes(32)


@pytest.fixture
def db(tmp_path: Path, key: bytes) -> Iterator[Database]:
    opened = Database(tmp_path / "test.db", key)
    yield opened
    opened.close()


def _make_table(conn: Connection) -> None:
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, value TEXT NOT NULL)")


# -- the owner thread -----------------------------------------------------------------


def test_all_work_runs_on_the_one_database_thread(db: Database) -> None:
    def where(_conn: Connection) -> tuple[str, int | None]:
        current = threading.current_thread()
        return current.name, current.ident

    results: list[tuple[str, int | None]] = [db.call(where)]
    callers = [threading.Thread(target=lambda: results.append(db.call(where))) for _ in range(4)]
    for caller in callers:
        caller.start()
    for caller in callers:
        caller.join()

    assert len(results) == 5
    assert {name for name, _ in results} == {"outreach-db"}
    assert len({ident for _, ident in results}) == 1
    assert results[0][1] != threading.get_ident()


def test_submit_returns_a_future_with_the_result(db: Database) -> None:
    db.call(_make_table)
    future = db.submit(lambda conn: conn.execute("INSERT INTO t (value) VALUES ('a')").lastrowid)
    assert isinstance(future, Future)
    assert future.result(timeout=5) == 1
    assert db.call(lambda conn: conn.execute("SELECT value FROM t").fetchall()) == [("a",)]


def test_an_exception_in_the_work_reaches_the_future(db: Database) -> None:
    def fail(_conn: Connection) -> None:
        raise ValueError("boom")

    future = db.submit(fail)
    assert isinstance(future.exception(timeout=5), ValueError)
    with pytest.raises(ValueError, match="boom"):
        db.call(fail)
    # The thread survives a failed job.
    assert db.call(lambda conn: conn.execute("SELECT 41 + 1").fetchone()[0]) == 42


def test_sqlite_errors_from_the_work_are_translated(db: Database) -> None:
    def full(_conn: Connection) -> None:
        raise sqlite.OperationalError("database or disk is full")

    with pytest.raises(errors.DiskFull):
        db.call(full)


def test_submit_from_the_database_thread_is_a_bug(db: Database) -> None:
    with pytest.raises(errors.BugError, match="deadlock"):
        db.call(lambda _conn: db.submit(lambda _c: None))
    with pytest.raises(errors.BugError, match="nested"):
        db.call(lambda _conn: db.call(lambda _c: None))


def test_after_close_submit_raises_store_locked(tmp_path: Path, key: bytes) -> None:
    opened = Database(tmp_path / "test.db", key)
    assert opened.is_open
    opened.close()
    assert not opened.is_open
    opened.close()  # idempotent
    with pytest.raises(errors.StoreLocked):
        opened.submit(lambda _conn: None)


def test_close_finishes_queued_work_first(tmp_path: Path, key: bytes) -> None:
    opened = Database(tmp_path / "test.db", key)
    opened.call(_make_table)
    futures = [
        opened.submit(lambda conn, i=i: conn.execute("INSERT INTO t VALUES (?, 'x')", (i,)))
        for i in range(20)
    ]
    opened.close()
    assert all(f.done() and f.exception() is None for f in futures)
    conn = connect(tmp_path / "test.db", key)
    try:
        assert conn.execute("SELECT count(*) FROM t").fetchone()[0] == 20
    finally:
        conn.close()


# -- translate_error ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("database or disk is full", errors.DiskFull),
        ("Disk full", errors.DiskFull),
        ("file is not a database", errors.StoreCorrupt),
        ("database disk image is malformed", errors.StoreCorrupt),
        ("disk I/O error", errors.StoreCorrupt),
        ("attempt to write a readonly database", errors.KnownError),
    ],
)
def test_translate_error_maps_environment_errors(
    message: str, expected: type[errors.KnownError]
) -> None:
    translated = database.translate_error(sqlite.OperationalError(message))
    assert type(translated) is expected
    assert isinstance(translated, errors.KnownError)
    assert translated.message  # a sentence for people, not sqlite's text
    assert message not in translated.message


def test_translate_error_messages_say_what_to_do() -> None:
    full = database.translate_error(sqlite.OperationalError("database or disk is full"))
    assert isinstance(full, errors.DiskFull)
    assert "still here" in full.message
    readonly = database.translate_error(sqlite.OperationalError("attempt to write a readonly db"))
    assert isinstance(readonly, errors.KnownError)
    assert "read-only" in readonly.message


def test_translate_error_leaves_other_errors_alone() -> None:
    syntax = sqlite.OperationalError('near "SELEKT": syntax error')
    assert database.translate_error(syntax) is syntax
    integrity = sqlite.IntegrityError("UNIQUE constraint failed: t.id")
    assert database.translate_error(integrity) is integrity
    other = ValueError("database or disk is full")  # not a sqlite error
    assert database.translate_error(other) is other


# -- connect --------------------------------------------------------------------------


def test_connect_with_the_wrong_key_raises_store_corrupt(tmp_path: Path, key: bytes) -> None:
    path = tmp_path / "test.db"
    conn = connect(path, key)
    _make_table(conn)
    conn.close()
    before = path.read_bytes()

    with pytest.raises(errors.StoreCorrupt) as caught:
        connect(path, secrets.token_bytes(32))
    assert type(caught.value) is errors.StoreCorrupt
    assert path.read_bytes() == before
    with pytest.raises(errors.StoreCorrupt):
        Database(path, secrets.token_bytes(32))
    # The right key still opens it.
    conn = connect(path, key)
    try:
        assert conn.execute("SELECT count(*) FROM t").fetchone()[0] == 0
    finally:
        conn.close()


def test_connect_to_a_file_that_is_not_a_database(tmp_path: Path, key: bytes) -> None:
    path = tmp_path / "test.db"
    path.write_bytes(b"This is a shopping list, not a database.\n" * 200)
    with pytest.raises(errors.StoreCorrupt):
        connect(path, key)


def test_connection_settings(tmp_path: Path, key: bytes) -> None:
    conn = connect(tmp_path / "test.db", key)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA cache_size").fetchone()[0] == -database.CACHE_KIB
        assert database.CACHE_KIB >= 8 * 1024
        # cipher_compatibility = 4 cannot be read back; check the settings it implies.
        assert conn.execute("PRAGMA cipher_page_size").fetchone()[0] == "4096"
        assert conn.execute("PRAGMA cipher_hmac_algorithm").fetchone()[0] == "HMAC_SHA512"
        assert conn.execute("PRAGMA cipher_kdf_algorithm").fetchone()[0] == "PBKDF2_HMAC_SHA512"
        assert conn.execute("PRAGMA cipher_use_hmac").fetchone()[0] == "1"
        assert conn.execute("PRAGMA cipher_plaintext_header_size").fetchone()[0] == "0"
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA temp_store").fetchone()[0] == 2  # MEMORY
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == 2000
        assert conn.execute("PRAGMA cipher_version").fetchone()[0]  # really SQLCipher
    finally:
        conn.close()


def test_the_file_uses_sqlcipher_4_format(tmp_path: Path, key: bytes) -> None:
    """A file written by connect() opens with SQLCipher 4 settings and not with version 3's."""
    path = tmp_path / "test.db"
    conn = connect(path, key)
    _make_table(conn)
    conn.close()

    def open_as(version: int) -> int:
        raw = sqlite.connect(str(path))
        try:
            raw.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
            raw.execute(f"PRAGMA cipher_compatibility = {version}")
            return int(raw.execute("SELECT count(*) FROM sqlite_master").fetchone()[0])
        finally:
            raw.close()

    assert open_as(4) == 1
    with pytest.raises(sqlite.DatabaseError, match="not a database"):
        open_as(3)


def test_the_file_is_encrypted(tmp_path: Path, key: bytes) -> None:
    path = tmp_path / "test.db"
    conn = connect(path, key)
    _make_table(conn)
    conn.execute("INSERT INTO t (value) VALUES ('plain text marker')")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    raw = path.read_bytes()
    assert not raw.startswith(b"SQLite format 3")
    assert b"plain text marker" not in raw


# -- transaction ----------------------------------------------------------------------


def test_transaction_commits_on_success(tmp_path: Path, key: bytes) -> None:
    conn = connect(tmp_path / "test.db", key)
    try:
        _make_table(conn)
        with transaction(conn):
            conn.execute("INSERT INTO t (value) VALUES ('kept')")
            assert conn.in_transaction
        assert not conn.in_transaction
        assert conn.execute("SELECT value FROM t").fetchall() == [("kept",)]
    finally:
        conn.close()


def test_transaction_rolls_back_on_exception(tmp_path: Path, key: bytes) -> None:
    conn = connect(tmp_path / "test.db", key)
    try:
        _make_table(conn)
        with pytest.raises(RuntimeError, match="half way"), transaction(conn):
            conn.execute("INSERT INTO t (value) VALUES ('first')")
            conn.execute("INSERT INTO t (value) VALUES ('second')")
            raise RuntimeError("half way")
        assert not conn.in_transaction
        assert conn.execute("SELECT count(*) FROM t").fetchone()[0] == 0
    finally:
        conn.close()


def test_transaction_keeps_the_original_error_when_sqlite_already_rolled_back(
    tmp_path: Path, key: bytes
) -> None:
    """SQLite rolls back by itself on some errors (a full disk); ROLLBACK must not mask them."""
    conn = connect(tmp_path / "test.db", key)
    try:
        _make_table(conn)
        conn.execute("PRAGMA max_page_count = 8")
        with pytest.raises(sqlite.OperationalError, match="full") as caught, transaction(conn):
            for _ in range(200):
                conn.execute("INSERT INTO t (value) VALUES (?)", ("x" * 2000,))
        assert isinstance(database.translate_error(caught.value), errors.DiskFull)
        assert not conn.in_transaction
        assert conn.execute("SELECT count(*) FROM t").fetchone()[0] == 0
    finally:
        conn.close()


def test_database_call_turns_a_full_disk_into_disk_full(db: Database) -> None:
    db.call(_make_table)
    db.call(lambda conn: conn.execute("PRAGMA max_page_count = 8").fetchone())

    def fill(conn: Connection) -> None:
        with transaction(conn):
            for _ in range(200):
                conn.execute("INSERT INTO t (value) VALUES (?)", ("x" * 2000,))

    with pytest.raises(errors.DiskFull):
        db.call(fill)
    assert db.call(lambda conn: conn.execute("SELECT count(*) FROM t").fetchone()[0]) == 0
