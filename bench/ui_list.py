#!/usr/bin/env python3
"""Benchmark the client list on a large encrypted store: page queries and first paint.

Run from the repository root, with the project's virtual environment active::

    python -m bench.ui_list                      # 100,000 clients, built in a temp folder
    python -m bench.ui_list --store /tmp/big     # build there once, reuse on later runs
    python -m bench.ui_list --clients 20000

What is measured
----------------
*Data.* ``N`` demo clients (:func:`outreach_app.domain.demo.generate_clients`, saved
the way ``bench/run.py`` saves them, through the store's own connection), plus for
a third of them an Enrollment and one to three contacts
(``CurrentLivingSituation``) in the year before the run. Like a laptop that
pulled its CoC's clients from the gateway, 95% of the records were made by another
user and their journal entries are synced; the rest are this user's and pending.
The store is an encrypted one made by :class:`~outreach_app.storage.vault.Vault`
with the default Argon2id parameters and file key slots.

*Queries* (on the database thread, through ``Store``, median of ``--repeat``):
the first page (200 rows) with no filter and with each filter, a page from the
middle of the list (its cursor found by paging), and each count.

*First rows shown.* A ``ClientsPage`` (offscreen Qt) gets ``open_store``; the time
until the table model has its first rows, with the event loop running, as the
window would see it. Target: under 300 ms. Also how many rows it fetched (should
be one page) and the longest event-loop stall while it loaded.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

if __package__ in (None, ""):  # run as a script: find outreach_app and bench
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.run import ADMIN, PASSPHRASE, insert_all, make_client, no_keyring, progress
from outreach_app.domain.demo import generate_clients
from outreach_app.domain.records import Client, CurrentLivingSituation, Enrollment, Record
from outreach_app.storage.client_list import ClientFilter
from outreach_app.storage.database import Connection, transaction
from outreach_app.storage.recordsdb import save_all
from outreach_app.storage.store import Store
from outreach_app.storage.vault import Vault

TARGET_FIRST_ROWS_MS = 300.0
TODAY = dt.date.today()
OTHER_USER = "f" * 32


def contacts_for(rng: random.Random, client: Client) -> list[Record]:
    """Return an enrollment and one to three contacts within the last year."""
    enrollment = Enrollment.new(PersonalID=client.id, EntryDate=TODAY - dt.timedelta(400))
    records: list[Record] = [enrollment]
    for _ in range(rng.randint(1, 3)):
        day = TODAY - dt.timedelta(days=rng.randint(0, 365))
        records.append(
            CurrentLivingSituation.new(
                PersonalID=client.id,
                EnrollmentID=enrollment.id,
                InformationDate=day,
                CurrentLivingSituation=116,
            )
        )
    return records


def hand_over_most(conn: Connection, user_id: str) -> None:
    """Make 95% of the records another user's, and their journal entries synced."""
    with transaction(conn):
        conn.execute(
            "UPDATE record SET created_by = ?, updated_by = ? WHERE abs(random()) % 100 >= 5",
            (OTHER_USER, OTHER_USER),
        )
        conn.execute(
            "UPDATE journal SET state = 'synced' WHERE record_id IN"
            " (SELECT id FROM record WHERE created_by = ?)",
            (OTHER_USER,),
        )


def build(data_dir: Path, n: int, seed: int) -> None:
    """Create the encrypted store with ``n`` clients and their contacts."""
    progress(f"generating {n:,} demo clients")
    clients = [make_client(row) for row in generate_clients(n, seed)]
    rng = random.Random(seed)
    extra = [r for c in clients if rng.random() < 1 / 3 for r in contacts_for(rng, c)]
    store, _ = Vault(data_dir, keyring_backend=no_keyring()).create(ADMIN, PASSPHRASE)
    try:
        at, user_id = "2025-10-01T12:00:00Z", store.user.user_id
        progress(f"saving {n:,} clients")
        seconds = insert_all(store._call, clients, user_id, at)
        progress(f"saved in {seconds:.0f} s; saving {len(extra):,} enrollments and contacts")
        for offset in range(0, len(extra), 5000):
            chunk = extra[offset : offset + 5000]
            store._call(functools.partial(_save, chunk=chunk, user_id=user_id, at=at))
        store._call(lambda conn: hand_over_most(conn, user_id))
        store._call(lambda conn: conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone())
    finally:
        store.lock()


def _save(conn: Connection, chunk: Sequence[Record], user_id: str, at: str) -> None:
    with transaction(conn):
        save_all(conn, chunk, user_id, at)


def median_ms(fn: Callable[[], object], repeat: int) -> float:
    """Return the median wall time of ``fn`` in milliseconds (after one warm-up call)."""
    fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def middle_cursor(store: Store) -> str | None:
    """Return a cursor about halfway down the list (by paging 2,000 rows at a time)."""
    total, cursor, seen = store.client_count(), None, 0
    while seen < total // 2:
        page = store.client_page(cursor, 2000)
        cursor, seen = page.next_cursor, seen + len(page.rows)
    return cursor


FILTERS = {
    "everyone": ClientFilter(),
    "mine": ClientFilter(mine=True),
    "seen 30 days": ClientFilter(recent_days=30),
    "not synced": ClientFilter(unsynced=True),
    "all three": ClientFilter(mine=True, recent_days=30, unsynced=True),
}


def after_a_write(store: Store, fn: Callable[[], object]) -> Callable[[], object]:
    """Return ``fn`` preceded by a write, so a filter's cached client set is stale."""

    def bump(conn: Connection) -> None:
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS bench_bump (n INTEGER)")
        conn.execute("INSERT INTO bench_bump VALUES (1)")

    def run() -> object:
        store._call(bump)
        return fn()

    return run


def query_times(store: Store, repeat: int) -> None:
    """Print page and count times for every filter, after a write and when cached."""
    print(f"{'filter':<14} {'matches':>8} {'page after write':>17} {'next page':>10} {'count':>8}")
    for name, flt in FILTERS.items():
        count = store.client_count(flt)
        first_page = functools.partial(store.client_page, None, 200, flt)
        cold_ms = median_ms(after_a_write(store, first_page), repeat)
        cursor = store.client_page(None, 200, flt).next_cursor
        next_ms = median_ms(functools.partial(store.client_page, cursor, 200, flt), repeat)
        count_ms = median_ms(functools.partial(store.client_count, flt), repeat)
        print(f"{name:<14} {count:>8,} {cold_ms:>14.1f} ms {next_ms:>7.1f} ms {count_ms:>5.1f} ms")
    cursor = middle_cursor(store)
    middle_ms = median_ms(lambda: store.client_page(cursor, 200), repeat)
    print(f"a page from the middle of everyone: {middle_ms:.1f} ms")


def first_rows(store: Store) -> tuple[float, int, float]:
    """Return (ms to first rows, rows fetched, longest event-loop stall in ms).

    The event loop runs in one ``QEventLoop.exec`` rather than a loop of
    ``processEvents`` calls: PySide6 6.12.0 drops a reference to None on every
    call of a method returning void, and enough of them crash Python 3.11.
    """
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from outreach_app.ui.clients import ClientsPage
    from outreach_app.ui.tasks import Worker

    app = QApplication.instance() or QApplication([])
    page = ClientsPage(Worker())
    page.resize(900, 600)
    page.show()
    loop = QEventLoop()
    page.model.page_loaded.connect(lambda _n: loop.quit())
    QTimer.singleShot(10_000, loop.quit)
    ticks = [time.perf_counter()]
    stalls = [0.0]

    def tick() -> None:
        now = time.perf_counter()
        stalls.append((now - ticks[-1]) * 1000)
        ticks.append(now)

    heartbeat = QTimer()
    heartbeat.setInterval(1)
    heartbeat.timeout.connect(tick)
    heartbeat.start()
    start = time.perf_counter()
    page.open_store(store)
    loop.exec()
    shown_ms = (time.perf_counter() - start) * 1000
    heartbeat.stop()
    rows = page.model.rowCount()
    page.close_store()
    page.close()
    app.processEvents()
    return shown_ms, rows, max(stalls)


def main(argv: Sequence[str] | None = None) -> int:
    """Build or reuse the store, then print the measurements."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--store", help="data folder to build once and reuse")
    parser.add_argument("--build-only", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="outreach-ui-list-") as tmp:
        data_dir = Path(args.store) if args.store else Path(tmp) / "store"
        if not (data_dir / "outreach.db").exists() and not data_dir.exists():
            build(data_dir, args.clients, args.seed)
        if args.build_only:
            return 0
        store = Vault(data_dir, keyring_backend=no_keyring()).unlock(ADMIN, PASSPHRASE)
        try:
            contacts = store.count("CurrentLivingSituation")
            print(f"{store.client_count():,} clients, {contacts:,} contacts")
            query_times(store, args.repeat)
            shown_ms, rows, stall = first_rows(store)
            verdict = "ok" if shown_ms < TARGET_FIRST_ROWS_MS else "MISSED"
            target = f"target < {TARGET_FIRST_ROWS_MS:.0f} ms"
            print(f"open_store -> first rows shown: {shown_ms:.0f} ms ({verdict}, {target})")
            print(f"rows fetched: {rows}; longest event-loop stall: {stall:.0f} ms")
        finally:
            store.lock()
    return 0


if __name__ == "__main__":
    sys.exit(main())
