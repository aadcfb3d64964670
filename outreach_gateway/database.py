"""Engines, transactions and migrations for PostgreSQL and SQLite.

Two kinds of transaction exist and every caller says which it wants:

* :func:`reading` for reads. On SQLite (WAL) readers never wait for the writer.
* :func:`writing` for writes. It takes the **writer lock** first: the row of
  the ``counter`` table, ``SELECT … FOR UPDATE`` on PostgreSQL, ``BEGIN
  IMMEDIATE`` on SQLite. Every writer holds it until commit, so server
  sequence numbers are handed out and committed in order and a pull by
  ``seq > cursor`` can never miss a row (decision 0010).

Migrations are Alembic's, shipped in :mod:`outreach_gateway.migrations`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, Table, create_engine, event, insert, select, update
from sqlalchemy.engine import make_url

from outreach_gateway.tables import counter

log = logging.getLogger("outreach.gateway.db")

SEQ = "seq"
SQLITE_BUSY_TIMEOUT_MS = 30_000
_MIGRATIONS = Path(__file__).with_name("migrations")


def is_sqlite(url: str) -> bool:
    """Whether a database URL names SQLite."""
    return make_url(url).get_backend_name() == "sqlite"


def normalize_url(url: str) -> str:
    """Use psycopg 3 for ``postgresql://`` URLs, as the gateway ships with it."""
    parsed = make_url(url)
    if parsed.drivername in {"postgresql", "postgres"}:
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def make_engine(url: str, *, pool_size: int = 5) -> Engine:
    """Create an engine; for SQLite, with WAL, a busy timeout and explicit BEGINs."""
    url = normalize_url(url)
    if not is_sqlite(url):
        return create_engine(url, pool_size=pool_size, max_overflow=10, pool_pre_ping=True)
    # Pooled connections stay open: closing the last connection to a WAL database
    # checkpoints it, which made every push pay for a checkpoint.
    pooling: dict[str, Any] = {} if ":memory:" in url else {"pool_size": pool_size}
    engine = create_engine(
        url,
        connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
        **pooling,
    )
    event.listen(engine, "connect", _sqlite_connect)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite's own
    # transaction handling would defer it and never take the write lock early).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    immediate = conn.get_execution_options().get("writer", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


@contextmanager
def reading(engine: Engine) -> Iterator[Connection]:
    """Yield a connection in a read transaction (rolled back at the end)."""
    with engine.connect() as conn, conn.begin():
        yield conn


@dataclass(slots=True)
class Sequence:
    """The server sequence inside one writing transaction.

    Holds the last number handed out; :func:`writing` stores it back before
    commit. A rolled-back savepoint may :meth:`reset` to an earlier number.

    Attributes:
        value: the last sequence number handed out.
    """

    value: int

    def next(self) -> int:
        """Hand out the next sequence number."""
        self.value += 1
        return self.value

    def reset(self, value: int) -> None:
        """Forget numbers handed out after ``value`` (their work was rolled back)."""
        self.value = value


@contextmanager
def writing(engine: Engine) -> Iterator[tuple[Connection, Sequence]]:
    """Yield a connection holding the writer lock, and the sequence to number changes.

    Commits on success (with the sequence stored), rolls back on error.
    """
    with engine.connect() as plain:
        conn = plain.execution_options(writer=True)
        with conn.begin():
            current = conn.execute(
                select(counter.c.value).where(counter.c.name == SEQ).with_for_update()
            ).scalar_one()
            sequence = Sequence(int(current))
            yield conn, sequence
            if sequence.value != current:
                conn.execute(
                    update(counter).where(counter.c.name == SEQ).values(value=sequence.value)
                )


def bulk_insert(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert many rows of one table in the caller's transaction, as fast as the backend can.

    PostgreSQL gets them through ``COPY``: an ``executemany`` sends one
    statement per row, which made a push batch several times slower than the
    same rows copied. SQLite gets one prepared INSERT and tuples, for its
    executemany in C. Every row must have the same keys; values must be what
    the driver takes as they are (text, numbers, booleans, None).
    """
    if not rows:
        return
    columns = list(rows[0])
    if conn.dialect.name == "sqlite":
        # Straight to the driver with tuples: SQLAlchemy's per-row parameter
        # processing cost more than SQLite's own executemany.
        names = ", ".join(f'"{name}"' for name in columns)
        marks = ", ".join("?" * len(columns))
        sql = f'INSERT INTO "{table.name}" ({names}) VALUES ({marks})'
        conn.exec_driver_sql(sql, [tuple(row[name] for name in columns) for row in rows])
        return
    if conn.dialect.name != "postgresql":
        conn.execute(insert(table), rows)
        return
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    names = ", ".join(f'"{name}"' for name in columns)
    with cursor, cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row([row[name] for name in columns])


def high_water(conn: Connection) -> int:
    """Return the highest committed server sequence number (a safe pull horizon)."""
    return int(conn.execute(select(counter.c.value).where(counter.c.name == SEQ)).scalar_one())


def alembic_config(conn: Connection | None = None) -> Config:
    """Return an Alembic configuration pointing at the shipped migrations."""
    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    if conn is not None:
        config.attributes["connection"] = conn
    return config


def migrate(url: str) -> None:
    """Upgrade the database at ``url`` to the latest schema."""
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            command.upgrade(alembic_config(conn), "head")
    finally:
        engine.dispose()
    log.info("database schema is up to date")


@contextmanager
def short_write(engine: Engine) -> Iterator[Connection]:
    """Yield a connection in a write transaction that allocates no sequence numbers.

    For bookkeeping (a device's last contact, enrollment attempts): it does not
    take the writer lock, so it never waits behind a long push on PostgreSQL.
    """
    with engine.connect() as plain:
        conn = plain.execution_options(writer=True)
        with conn.begin():
            yield conn
