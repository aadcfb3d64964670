"""The SQLCipher connection and the one thread that owns it.

SQLite connections must not be shared between threads without care, and a
long query must never freeze the window. So one :class:`Database` thread opens
the encrypted connection, and everybody else (UI, sync, command line) hands it
work as a function of the connection and gets a :class:`~concurrent.futures.Future`
back. Work on the owner thread composes plain functions of the connection;
queueing from the owner thread itself is a bug (it would wait on itself).

Errors are translated here: ``database or disk is full`` becomes
:class:`~outreach_app.errors.DiskFull`, ``file is not a database`` becomes
:class:`~outreach_app.errors.StoreCorrupt`, so no caller sees a raw sqlite error
for an environment problem.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import sqlcipher3.dbapi2 as sqlite

from outreach_app import errors

if TYPE_CHECKING:
    # sqlcipher3 ships no type hints; its connection has the standard library's API.
    from sqlite3 import Connection as Connection
else:
    Connection = sqlite.Connection

log = logging.getLogger("outreach.db")

T = TypeVar("T")
_SQLITE_ERROR: type[Exception] = sqlite.Error

#: Page cache per connection, in KiB (negative ``cache_size`` means KiB).
#: Decrypted pages stay in it, so repeated reads do not decrypt again.
CACHE_KIB = 64 * 1024

DISK_FULL_MESSAGE = (
    "The disk is full, so this was not saved. What you typed is still here. "
    "Free some space on this laptop (or ask IT), then save again."
)
CORRUPT_MESSAGE = (
    "The local database is damaged and cannot be opened. Nothing was changed. "
    "Do not delete it: ask IT to run 'outreach doctor'. Records that already "
    "synced are safe on the gateway."
)


def translate_error(exc: BaseException) -> BaseException:
    """Map a sqlite error caused by the environment to a :class:`KnownError`."""
    if not isinstance(exc, _SQLITE_ERROR):
        return exc
    text = str(exc).lower()
    if "disk is full" in text or "disk full" in text:
        return errors.DiskFull(DISK_FULL_MESSAGE)
    if "not a database" in text or "malformed" in text or "disk i/o error" in text:
        return errors.StoreCorrupt(CORRUPT_MESSAGE)
    if "readonly" in text or "read-only" in text:
        return errors.KnownError(
            "This laptop would not let Outreach write its data folder (it is read-only). "
            "Ask IT to check the folder's permissions."
        )
    return exc


def configure(conn: Connection) -> None:
    """Apply the app's settings to an open (keyed) connection: WAL, page cache, ...

    Reading the schema comes first: it is the first access that needs the key.
    """
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    conn.execute("PRAGMA journal_mode = WAL").fetchone()
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 2000")


def connect(path: Path, key: bytes, *, salt: bytes | None = None) -> Connection:
    """Open and key an SQLCipher database; create it if the file is new.

    The data key is given as a raw 256-bit key (no passphrase derivation inside
    SQLCipher: Argon2id already happened when the key slot was opened). Raises
    :class:`~outreach_app.errors.StoreCorrupt` if the key does not open it.
    """
    conn: Connection = sqlite.connect(str(path), isolation_level=None, check_same_thread=True)
    try:
        raw = key.hex() + (salt.hex() if salt else "")
        conn.execute(f"PRAGMA key = \"x'{raw}'\"")
        conn.execute("PRAGMA cipher_compatibility = 4")
        conn.execute("PRAGMA cipher_memory_security = OFF")
        configure(conn)
    except sqlite.Error as exc:
        conn.close()
        raise translate_error(exc) from None
    return conn


class Database:
    """The thread that owns the encrypted connection.

    Attributes:
        path: the database file.
    """

    def __init__(self, path: Path, key: bytes, *, salt: bytes | None = None) -> None:
        self.path = path
        self._queue: queue.SimpleQueue[tuple[Callable[[Connection], Any], Future[Any]] | None]
        self._queue = queue.SimpleQueue()
        self._ready: Future[None] = Future()
        self._thread = threading.Thread(
            target=self._run, args=(key, salt), name="outreach-db", daemon=True
        )
        self._thread.start()
        self._ready.result()  # re-raises an open failure in the caller

    def _run(self, key: bytes, salt: bytes | None) -> None:
        try:
            conn = connect(self.path, key, salt=salt)
        except BaseException as exc:
            self._ready.set_exception(exc)
            return
        self._ready.set_result(None)
        try:
            while (item := self._queue.get()) is not None:
                fn, future = item
                if not future.set_running_or_notify_cancel():
                    continue
                try:
                    result = fn(conn)
                except BaseException as exc:
                    future.set_exception(translate_error(exc))
                else:
                    future.set_result(result)
        finally:
            conn.close()

    @property
    def is_open(self) -> bool:
        """Whether the owner thread is still running."""
        return self._thread.is_alive()

    def submit(self, fn: Callable[[Connection], T]) -> Future[T]:
        """Queue ``fn(connection)`` on the owner thread and return its future."""
        future: Future[T] = Future()
        if threading.current_thread() is self._thread:
            raise errors.BugError("submit() from the database thread would deadlock; use call()")
        if not self._thread.is_alive():
            raise errors.StoreLocked("The store is locked. Unlock it to continue.")
        self._queue.put((fn, future))
        return future

    def call(self, fn: Callable[[Connection], T]) -> T:
        """Run ``fn(connection)`` on the owner thread and wait for its result."""
        if threading.current_thread() is self._thread:
            raise errors.BugError("nested call() must receive the connection directly")
        return self.submit(fn).result()

    def close(self) -> None:
        """Finish queued work, close the connection and end the thread."""
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join()


@contextmanager
def transaction(conn: Connection) -> Iterator[Connection]:
    """Run a block in one write transaction: all of it is saved, or none."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        # SQLite may already have rolled back by itself (a full disk, an I/O
        # error); a second ROLLBACK would fail and hide the real error.
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    else:
        try:
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
