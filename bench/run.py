#!/usr/bin/env python3
"""Benchmark the encrypted store: bulk insert, search, duplicates, open and unlock.

Run from the repository root, with the project's virtual environment active::

    python -m bench.run              # 100,000 clients (a few minutes)
    python -m bench.run --quick      # 10,000 clients
    ./bench/run.py --clients 50000 --seed 7 --save-baseline

What is measured, and how
-------------------------
*Data.* ``N`` synthetic clients from :func:`outreach_app.domain.demo.generate_clients`
(``--clients``, ``--seed``; about 3% near-duplicates), built once in memory as
:class:`~outreach_app.domain.records.Client` records. Generation is not timed.

*Two databases, one workload.* (a) The real store: created through
:class:`~outreach_app.storage.vault.Vault` in a temporary folder, with a keyring
backend that fails (so key slots fall back to the private file, as on a laptop
without a keyring) and the *default* Argon2id parameters. Its work runs on the
store's own database thread and connection (``Store._call``), so the connection
is the app's: SQLCipher with a raw key and the pragmas of
:func:`outreach_app.storage.database.connect`. (b) A plain SQLite file: the same
``sqlcipher3`` driver *without* ``PRAGMA key`` (which is plain SQLite, checked by
the file header) and the same pragmas (WAL, 64 MiB cache, ``synchronous=NORMAL``,
``temp_store=MEMORY``), migrated by :func:`~outreach_app.storage.schema.migrate`.
Both run the same connection-level functions, so the difference is encryption.

*Bulk insert.* :func:`~outreach_app.storage.recordsdb.save_all` in transactions
of 5,000 clients (what ``Store.save_many`` does): record, journal, audit and
search-index rows per client. Reported as clients per second, then both files
are checkpointed (``wal_checkpoint(TRUNCATE)``) and their sizes printed.

*Search.* A fixed query mix derived deterministically (``--seed``) from the
generated people, ``--per-kind`` queries (default 30) of each kind: full name,
last-name prefix of 3 or 4 letters, nickname + last name, a one-letter typo of a
last name, date of birth as ISO and as MM/DD/YYYY, SSN last four, and an alias.
Each query goes through :func:`~outreach_app.storage.search.search_clients`
(limit 50). One warm-up pass on each database (its results must be identical
on both), then ``--repeat`` timed passes (default 3) alternating encrypted and
plain; a query's time is its median over the passes. Printed: p50/p95/p99/max
per database, and encrypted/plain ratios of p50, p95 and the total. Per query
kind, also "found": how often the person a query was made from is in the
results (a sanity check of the mix, not a target). ``Store.search`` (with the
hop to the database thread that the UI pays) is timed once per query as well.

*Duplicates.* :func:`~outreach_app.storage.search.duplicate_candidates` for 100
would-be new people: 50 near-duplicates of existing clients (nickname, one-letter
typo, day/month swapped, SSN dropped) and 50 fresh people from another seed.
Same warm-up and repeats as search; "found" is how often a near-duplicate's
original is among the candidates.

*Open and unlock* (on the full database, store locked): (i) the Argon2id KDF with
the default :class:`~outreach_app.storage.keys.KdfParams`, median of 5; (ii) a
raw-key open, :func:`~outreach_app.storage.database.connect` (``PRAGMA key``,
the first read and the pragmas), median of 20, next to the same open of the
plain file; (iii) a full ``Vault(...).unlock`` (manifest, key slot file, KDF,
unsealing, database thread, schema check, audit entry), median of 5; (iv) a cold
process ``python -c "import outreach_app.storage.vault"``, median of 5 after one
warm-up, next to ``python -c pass``.

*Output.* A table of metric, value, target and pass/fail, with the baseline's
value and current/baseline when ``--baseline FILE`` is given or
``bench/results/baseline.json`` exists. Every run is written to
``bench/results/latest.json``; ``--save-baseline`` also writes it as the baseline.
``--profile`` adds a cProfile of one search pass on each database (the ``.prof``
files go to ``bench/results/``). Timings are wall-clock (``time.perf_counter``).
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import functools
import gc
import io
import json
import logging
import math
import os
import platform
import pstats
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar, cast

if __package__ in (None, ""):  # run as a script (python bench/run.py): find outreach_app
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlcipher3.dbapi2 as sqlite
from keyring.backend import KeyringBackend
from keyring.backends import fail
from nicknames import NickNamer

from outreach_app.domain.demo import generate_clients
from outreach_app.domain.matching import PersonFacts
from outreach_app.domain.records import Client, Value
from outreach_app.storage import keys
from outreach_app.storage.database import CACHE_KIB, Connection, configure, connect, transaction
from outreach_app.storage.recordsdb import WriteSummary, save_all
from outreach_app.storage.schema import migrate
from outreach_app.storage.sealing import HolderKeys, open_sealed
from outreach_app.storage.search import duplicate_candidates, search_clients
from outreach_app.storage.store import Store, user_slot_id
from outreach_app.storage.vault import Vault

T = TypeVar("T")

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
BASELINE = RESULTS / "baseline.json"
LATEST = RESULTS / "latest.json"

DEFAULT_CLIENTS = 100_000
QUICK_CLIENTS = 10_000
BATCH = 5000  # Store.save_many's default
SEARCH_LIMIT = 50
DUPLICATE_PEOPLE = 100
KDF_RUNS, RAW_OPEN_RUNS, UNLOCK_RUNS, PROCESS_RUNS = 5, 20, 5, 5
ADMIN = "bench-admin"
PASSPHRASE = "bench passphrase 2025"
SQLITE_HEADER = b"SQLite format 3\x00"

KINDS = (
    "full_name",
    "last_prefix",
    "nickname_last",
    "typo_last",
    "dob_iso",
    "dob_us",
    "ssn_last4",
    "alias",
)

#: metric key -> (comparison, limit); all apply to the encrypted store.
TARGETS: dict[str, tuple[str, float]] = {
    "search.enc.p95_ms": ("<", 30.0),
    "search.ratio.p50": ("<=", 1.15),
    "search.ratio.p95": ("<=", 1.15),
    "search.ratio.total": ("<=", 1.15),
    "dup.enc.p95_ms": ("<", 50.0),
    "open.raw_key_ms": ("<", 5.0),
    "open.unlock_s": ("<", 0.5),
}


def no_keyring() -> KeyringBackend:
    """Return a keyring backend that always fails, so key slots go to the private file."""
    backend: KeyringBackend = fail.Keyring()  # type: ignore[no-untyped-call]
    return backend


def progress(message: str) -> None:
    """Say what the benchmark is doing (stderr, so stdout is just the report)."""
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# -- statistics -----------------------------------------------------------------------


def percentile(values: Sequence[float], q: float) -> float:
    """Return the ``q`` quantile (0..1), interpolating linearly between ranks."""
    ordered = sorted(values)
    if not ordered:
        return math.nan
    position = (len(ordered) - 1) * q
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def summary(times_ms: Sequence[float]) -> dict[str, float]:
    """Return p50, p95, p99, max and total of a list of milliseconds."""
    return {
        "p50": percentile(times_ms, 0.50),
        "p95": percentile(times_ms, 0.95),
        "p99": percentile(times_ms, 0.99),
        "max": max(times_ms, default=math.nan),
        "total": sum(times_ms),
    }


def per_item_median(rounds: Sequence[Sequence[float]]) -> list[float]:
    """Return, for each item, its median time over the timed rounds."""
    return [statistics.median(times) for times in zip(*rounds, strict=True)]


# -- the two databases ----------------------------------------------------------------


class Runner(Protocol):
    """Runs a function of a connection where that connection lives, returning its result."""

    def __call__(self, fn: Callable[[Connection], T]) -> T:
        """Run ``fn(connection)``."""
        ...


class Direct:
    """A :class:`Runner` for a connection owned by the calling thread (the plain database)."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def __call__(self, fn: Callable[[Connection], T]) -> T:
        """Run ``fn(connection)`` here."""
        return fn(self.conn)


def connect_plain(path: Path) -> Connection:
    """Open plain SQLite (``sqlcipher3`` without ``PRAGMA key``) with the app's pragmas."""
    conn: Connection = sqlite.connect(str(path), isolation_level=None, check_same_thread=True)
    configure(conn)
    return conn


def file_mb(path: Path) -> float:
    """Return the size of a database with its ``-wal`` and ``-shm`` files, in MB."""
    total = 0
    for suffix in ("", "-wal", "-shm"):
        part = path.with_name(path.name + suffix)
        if part.exists():
            total += part.stat().st_size
    return total / 1e6


def is_plain_sqlite(path: Path) -> bool:
    """Whether a file starts with SQLite's plain-text header (SQLCipher's does not)."""
    with path.open("rb") as handle:
        return handle.read(16) == SQLITE_HEADER


# -- data and workload ------------------------------------------------------------------


def make_client(row: dict[str, object]) -> Client:
    """Turn a demo row into a Client record (the id column is the record id)."""
    values = {name: value for name, value in row.items() if name != "PersonalID"}
    return Client(str(row["PersonalID"]), cast("dict[str, Value]", values))


@dataclass(frozen=True, slots=True)
class Query:
    """One search box text and the person it was made from."""

    kind: str
    text: str
    target: str


@dataclass(frozen=True, slots=True)
class NewPerson:
    """A would-be new client for the duplicate check; ``original`` if a near-duplicate."""

    kind: str
    facts: PersonFacts
    original: str | None


def _name(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _simple_word(value: object, min_length: int) -> str | None:
    """Return a one-word, letters-only name of at least ``min_length`` letters."""
    name = _name(value)
    return name if name and name.isalpha() and len(name) >= min_length else None


def one_letter_typo(rng: random.Random, word: str) -> str:
    """Change one letter after the first: substitute, drop, or swap two neighbours."""
    at = rng.randrange(1, len(word) - 1)
    how = rng.randrange(3)
    if how == 1:
        return word[:at] + word[at + 1 :]
    if how == 2 and word[at] != word[at + 1]:
        return word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    letter = rng.choice([c for c in "aeioulnrst" if c != word[at].lower()])
    return word[:at] + letter + word[at + 1 :]


@functools.cache
def _nicknamer() -> NickNamer:
    return NickNamer()


def nicknames(first: str) -> list[str]:
    """Return the nicknames of a first name, title-cased, in a stable order."""
    found: set[str] = _nicknamer().nicknames_of(first.lower())
    return sorted(name.title() for name in found if name != first.lower() and name.isalpha())


def build_queries(rows: Sequence[dict[str, object]], per_kind: int, seed: int) -> list[Query]:
    """Return the search mix: ``per_kind`` queries of each kind in :data:`KINDS`."""
    rng = random.Random(f"outreach-bench-queries-{seed}")
    makers: dict[str, Callable[[dict[str, object]], str | None]] = {}

    def full_name(row: dict[str, object]) -> str | None:
        first, last = _name(row["FirstName"]), _name(row["LastName"])
        return f"{first} {last}" if first and last else None

    def last_prefix(row: dict[str, object]) -> str | None:
        last = _simple_word(row["LastName"], 5)
        return last[: rng.choice((3, 4))] if last else None

    def nickname_last(row: dict[str, object]) -> str | None:
        first, last = _name(row["FirstName"]), _name(row["LastName"])
        options = nicknames(first) if first and last else []
        return f"{rng.choice(options)} {last}" if options else None

    def typo_last(row: dict[str, object]) -> str | None:
        last = _simple_word(row["LastName"], 5)
        return one_letter_typo(rng, last) if last else None

    def dob(row: dict[str, object], us: bool) -> str | None:
        value = row["DOB"]
        if not isinstance(value, dt.date) or row["DOBDataQuality"] != 1:
            return None
        return f"{value:%m/%d/%Y}" if us else value.isoformat()

    def ssn_last4(row: dict[str, object]) -> str | None:
        ssn = _name(row["SSN"])
        return ssn[5:] if ssn and ssn[5:].isdigit() else None

    def alias(row: dict[str, object]) -> str | None:
        aliases = _name(row["Aliases"])
        return aliases.split(";")[0].strip() if aliases else None

    makers = {
        "full_name": full_name,
        "last_prefix": last_prefix,
        "nickname_last": nickname_last,
        "typo_last": typo_last,
        "dob_iso": functools.partial(dob, us=False),
        "dob_us": functools.partial(dob, us=True),
        "ssn_last4": ssn_last4,
        "alias": alias,
    }
    queries: list[Query] = []
    for kind in KINDS:
        made: list[Query] = []
        for row in rng.sample(list(rows), len(rows)):
            if (text := makers[kind](row)) is not None:
                made.append(Query(kind, text, str(row["PersonalID"])))
                if len(made) == per_kind:
                    break
        queries += made
    rng.shuffle(queries)
    return queries


def near_duplicate(rng: random.Random, row: dict[str, object]) -> dict[str, object]:
    """Return the person as another worker might enter them again (one or two changes)."""
    record = dict(row)
    first, last = str(row["FirstName"]), str(row["LastName"])
    changes = ["nickname", "typo", "swap_dob", "no_ssn"]
    rng.shuffle(changes)
    wanted, done = rng.choice((1, 1, 2)), 0
    for change in changes:
        if done == wanted:
            break
        dob = record["DOB"]
        if change == "nickname" and (options := nicknames(first)):
            record["FirstName"] = rng.choice(options)
        elif change == "typo" and len(last) >= 4 and last.isalpha():
            record["LastName"] = one_letter_typo(rng, last)
        elif change == "swap_dob" and isinstance(dob, dt.date) and dob.day <= 12:
            if dob.day == dob.month:
                continue
            record["DOB"] = dt.date(dob.year, dob.day, dob.month)
        elif change == "no_ssn" and record["SSN"] is not None:
            record["SSN"] = None
        else:
            continue
        done += 1
    return record


def build_new_people(rows: Sequence[dict[str, object]], seed: int) -> list[NewPerson]:
    """Return 100 would-be new clients: 50 near-duplicates of stored ones, 50 fresh."""
    rng = random.Random(f"outreach-bench-duplicates-{seed}")
    half = DUPLICATE_PEOPLE // 2
    named = [r for r in rows if _name(r["FirstName"]) and _name(r["LastName"])]
    people = [
        NewPerson(
            "near_duplicate",
            PersonFacts.from_values(near_duplicate(rng, row)),
            str(row["PersonalID"]),
        )
        for row in rng.sample(named, half)
    ]
    fresh = (
        row
        for row in generate_clients(DUPLICATE_PEOPLE * 4, seed + 1)
        if _name(row["FirstName"]) and _name(row["LastName"])
    )
    for _, row in zip(range(DUPLICATE_PEOPLE - half), fresh, strict=False):
        people.append(NewPerson("fresh", PersonFacts.from_values(row), None))
    return people


# -- timed work (functions of a connection) -------------------------------------------


def _write_batch(conn: Connection, chunk: Sequence[Client], user_id: str, at: str) -> WriteSummary:
    with transaction(conn):
        return save_all(conn, chunk, user_id, at)


def insert_all(run: Runner, clients: Sequence[Client], user_id: str, at: str) -> float:
    """Save every client in batches of :data:`BATCH`; return the seconds it took."""
    start = time.perf_counter()
    for offset in range(0, len(clients), BATCH):
        chunk = clients[offset : offset + BATCH]
        run(functools.partial(_write_batch, chunk=chunk, user_id=user_id, at=at))
    return time.perf_counter() - start


def checkpoint(conn: Connection) -> None:
    """Move the WAL into the database file so file sizes compare."""
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()


def search_pass(conn: Connection, queries: Sequence[Query]) -> tuple[list[float], list[list[str]]]:
    """Run every query once; return milliseconds and the client ids found, per query."""
    times: list[float] = []
    found: list[list[str]] = []
    for query in queries:
        start = time.perf_counter()
        hits = search_clients(conn, query.text, SEARCH_LIMIT)
        times.append((time.perf_counter() - start) * 1000)
        found.append([hit.client_id for hit in hits])
    return times, found


def duplicate_pass(
    conn: Connection, people: Sequence[NewPerson]
) -> tuple[list[float], list[list[str]]]:
    """Run the duplicate check for every person; return milliseconds and candidate ids."""
    times: list[float] = []
    found: list[list[str]] = []
    for person in people:
        start = time.perf_counter()
        candidates = duplicate_candidates(conn, person.facts)
        times.append((time.perf_counter() - start) * 1000)
        found.append([c.hit.client_id for c in candidates])
    return times, found


def profile_pass(conn: Connection, queries: Sequence[Query]) -> cProfile.Profile:
    """Run one search pass under cProfile."""
    profiler = cProfile.Profile()
    profiler.enable()
    for query in queries:
        search_clients(conn, query.text, SEARCH_LIMIT)
    profiler.disable()
    return profiler


PassFn = Callable[[Connection, Sequence[Any]], tuple[list[float], list[list[str]]]]


@dataclass
class Timed:
    """Per-item median times and warm-up results of a workload on both databases."""

    enc: list[float]
    plain: list[float]
    enc_found: list[list[str]]
    identical: bool


def _apply(
    conn: Connection, pass_fn: PassFn, items: Sequence[Any]
) -> tuple[list[float], list[list[str]]]:
    return pass_fn(conn, items)


def timed_both(
    enc: Runner, plain: Runner, pass_fn: PassFn, items: Sequence[Any], repeat: int
) -> Timed:
    """Warm up both databases, then time ``repeat`` alternating passes."""
    run_pass = functools.partial(_apply, pass_fn=pass_fn, items=items)
    _, enc_found = enc(run_pass)
    _, plain_found = plain(run_pass)
    enc_rounds: list[list[float]] = []
    plain_rounds: list[list[float]] = []
    for _ in range(repeat):
        enc_rounds.append(enc(run_pass)[0])
        plain_rounds.append(plain(run_pass)[0])
    return Timed(
        per_item_median(enc_rounds),
        per_item_median(plain_rounds),
        enc_found,
        enc_found == plain_found,
    )


def _median_seconds(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def process_ms(code: str, runs: int = PROCESS_RUNS) -> float:
    """Return the median wall time of ``python -c code`` in a fresh process (after a warm-up)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-c", code]

    def once() -> None:
        subprocess.run(command, cwd=ROOT, env=env, check=True)

    once()
    return _median_seconds(once, runs) * 1000


# -- the report -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Metric:
    """One reported number."""

    key: str
    label: str
    value: float
    unit: str


def format_value(value: float, unit: str) -> str:
    """Render a value with its unit."""
    if math.isnan(value):
        return "n/a"
    if unit == "clients/s":
        return f"{value:,.0f}/s"
    if unit == "x":
        return f"{value:.3f}x"
    if unit == "%":
        return f"{value:.0f}%"
    if unit == "s":
        return f"{value:.3f} s"
    if unit == "MB":
        return f"{value:,.1f} MB"
    return f"{value:.2f} {unit}"


def check(metric: Metric) -> tuple[str, str]:
    """Return the target text and PASS/FAIL (or blanks when there is no target)."""
    target = TARGETS.get(metric.key)
    if target is None:
        return "", ""
    op, limit = target
    ok = metric.value < limit if op == "<" else metric.value <= limit
    return f"{op} {format_value(limit, metric.unit)}", "PASS" if ok else "FAIL"


def print_table(metrics: Sequence[Metric], baseline: dict[str, Any] | None) -> list[str]:
    """Print the metrics table; return the keys of failed targets."""
    base_metrics: dict[str, Any] = (baseline or {}).get("metrics", {})
    header = f"{'metric':<44} {'value':>14} {'target':>12} {'ok':>5}"
    if baseline is not None:
        header += f" {'baseline':>14} {'cur/base':>9}"
    print(header)
    print("-" * len(header))
    failed = []
    section = ""
    for metric in metrics:
        group = metric.key.split(".")[0]
        if group != section and section:
            print()
        section = group
        target, status = check(metric)
        if status == "FAIL":
            failed.append(metric.key)
        line = f"{metric.label:<44} {format_value(metric.value, metric.unit):>14} {target:>12}"
        line += f" {status:>5}"
        if baseline is not None:
            old = base_metrics.get(metric.key, {}).get("value")
            if isinstance(old, int | float) and not math.isnan(old):
                ratio = f"{metric.value / old:.2f}" if old else "n/a"
                line += f" {format_value(float(old), metric.unit):>14} {ratio:>9}"
            else:
                line += f" {'-':>14} {'-':>9}"
        print(line)
    return failed


def print_kinds(rows: Sequence[dict[str, Any]], title: str) -> None:
    """Print the per-kind breakdown."""
    print(f"\n{title}")
    header = (
        f"{'kind':<15} {'n':>3} {'enc p50':>9} {'enc p95':>9} {'plain p50':>10}"
        f" {'plain p95':>10} {'ratio p50':>10} {'found':>6}  example"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        found = "-" if math.isnan(row["found"]) else f"{row['found']:.0f}%"
        print(
            f"{row['kind']:<15} {row['n']:>3} {row['enc_p50']:>9.2f} {row['enc_p95']:>9.2f}"
            f" {row['plain_p50']:>10.2f} {row['plain_p95']:>10.2f} {row['ratio_p50']:>9.3f}x"
            f" {found:>6}  {row['example']}"
        )


def found_rate(hits: Sequence[bool | None]) -> float:
    """Return the percentage of True among the items that have a source person."""
    known = [hit for hit in hits if hit is not None]
    return 100 * sum(known) / len(known) if known else math.nan


def kind_rows(
    kinds: Sequence[str],
    labels: Sequence[str],
    timed: Timed,
    hits: Sequence[bool | None],
    examples: Sequence[str],
) -> list[dict[str, Any]]:
    """Summarise times and hit rate by the kind of each item."""
    rows = []
    for kind in kinds:
        idx = [i for i, label in enumerate(labels) if label == kind]
        if not idx:
            continue
        enc = [timed.enc[i] for i in idx]
        plain = [timed.plain[i] for i in idx]
        rows.append(
            {
                "kind": kind,
                "n": len(idx),
                "enc_p50": percentile(enc, 0.5),
                "enc_p95": percentile(enc, 0.95),
                "plain_p50": percentile(plain, 0.5),
                "plain_p95": percentile(plain, 0.95),
                "ratio_p50": percentile(enc, 0.5) / percentile(plain, 0.5),
                "found": found_rate([hits[i] for i in idx]),
                "example": examples[idx[0]],
            }
        )
    return rows


def profile_report(name: str, profiler: cProfile.Profile, top: int) -> tuple[dict[str, float], str]:
    """Save a search profile; return milliseconds of the main steps and a printable summary."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"profile-search-{name}.prof"
    profiler.dump_stats(path)
    text = io.StringIO()
    stats = pstats.Stats(profiler, stream=text)
    # pstats keeps {(file, line, function): (calls, primitive calls, tottime, cumtime, callers)}.
    raw: dict[tuple[str, int, str], tuple[int, int, float, float, Any]]
    raw = stats.stats  # type: ignore[attr-defined]

    def cumulative_of(file: str, *functions: str) -> float:
        return sum(
            value[3]
            for (path_, _line, function), value in raw.items()
            if path_.endswith(file) and function in functions
        )

    cumulative = {
        "search_clients (all)": cumulative_of("search.py", "search_clients"),
        "query_terms + _query_parts": cumulative_of("matching.py", "query_terms")
        + cumulative_of("search.py", "_query_parts"),
        "_prefilter (SQL)": cumulative_of("search.py", "_prefilter"),
        "_rows (SQL + PersonFacts)": cumulative_of("search.py", "_rows"),
        "score_search (Python)": cumulative_of("matching.py", "score_search"),
        "sqlite execute/fetch* (own time)": sum(
            value[2]
            for (_path, _line, function), value in raw.items()
            if any(f"method '{m}'" in function for m in ("execute", "fetchall", "fetchone"))
        ),
    }
    text.write(f"\ncProfile of one search pass, {name} (saved to {path.relative_to(ROOT)})\n")
    for label, seconds in cumulative.items():
        text.write(f"  {label:<34} {seconds * 1000:9.1f} ms\n")
    stats.sort_stats("tottime").print_stats(top)
    return {label: seconds * 1000 for label, seconds in cumulative.items()}, text.getvalue()


# -- the benchmark --------------------------------------------------------------------


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Run every measurement; return the results (meta, metrics, breakdowns)."""
    clients_n: int = args.clients or (QUICK_CLIENTS if args.quick else DEFAULT_CLIENTS)
    seed: int = args.seed
    metrics: list[Metric] = []

    def add(key: str, label: str, value: float, unit: str) -> None:
        metrics.append(Metric(key, label, value, unit))

    load_start = _load_average()
    progress(f"generating {clients_n:,} demo clients (seed {seed})")
    started = time.perf_counter()
    rows = list(generate_clients(clients_n, seed))
    clients = [make_client(row) for row in rows]
    queries = build_queries(rows, args.per_kind, seed)
    people = build_new_people(rows, seed)
    progress(
        f"generated in {time.perf_counter() - started:.1f} s; {len(queries)} queries,"
        f" {len(people)} would-be new people"
    )
    del rows

    base_dir = Path(args.dir) if args.dir else None
    folder: AbstractContextManager[str]
    if args.keep:
        Path(args.keep).mkdir(parents=True)  # refuses an existing folder
        folder, base_dir = nullcontext(str(args.keep)), Path(args.keep)
    else:
        folder = tempfile.TemporaryDirectory(prefix="outreach-bench-", dir=base_dir)
    with folder as tmp:
        data_dir = Path(tmp) / "store"
        plain_path = Path(tmp) / "plain.db"
        vault = Vault(data_dir, keyring_backend=no_keyring())
        progress("creating the encrypted store through Vault (default Argon2id)")
        store, _recovery = vault.create(ADMIN, PASSPHRASE)
        plain_conn = connect_plain(plain_path)
        try:
            enc: Runner = store._call
            plain: Runner = Direct(plain_conn)
            migrate(plain_conn)
            slots = vault.keyring_fallback_reason()
            at, user_id = "2025-10-01T12:00:00Z", store.user.user_id

            progress(f"inserting {clients_n:,} clients, encrypted")
            enc_s = insert_all(enc, clients, user_id, at)
            progress(f"inserting {clients_n:,} clients, plain")
            plain_s = insert_all(plain, clients, user_id, at)
            del clients
            gc.collect()
            enc(checkpoint)
            plain(checkpoint)
            if not is_plain_sqlite(plain_path) or is_plain_sqlite(vault.database_path):
                raise SystemExit("the plain database is encrypted or the store is not")
            add("insert.enc_rate", "bulk insert, encrypted", clients_n / enc_s, "clients/s")
            add("insert.plain_rate", "bulk insert, plain", clients_n / plain_s, "clients/s")
            add("insert.ratio", "insert time encrypted/plain", enc_s / plain_s, "x")
            add("size.enc_mb", "file size, encrypted", file_mb(vault.database_path), "MB")
            add("size.plain_mb", "file size, plain", file_mb(plain_path), "MB")

            progress(f"search: warm-up + {args.repeat} timed passes of {len(queries)} queries")
            search = timed_both(enc, plain, search_pass, queries, args.repeat)
            enc_sum, plain_sum = summary(search.enc), summary(search.plain)
            for name, stats in (("enc", enc_sum), ("plain", plain_sum)):
                label = "encrypted" if name == "enc" else "plain"
                for q in ("p50", "p95", "p99", "max"):
                    add(f"search.{name}.{q}_ms", f"search {q}, {label}", stats[q], "ms")
            for q in ("p50", "p95", "total"):
                ratio = enc_sum[q] / plain_sum[q]
                add(f"search.ratio.{q}", f"search {q} encrypted/plain", ratio, "x")
            store_times = []
            for query in queries:
                start = time.perf_counter()
                store.search(query.text, SEARCH_LIMIT)
                store_times.append((time.perf_counter() - start) * 1000)
            add(
                "search.store_p50_ms",
                "Store.search p50 (with thread hop)",
                percentile(store_times, 0.5),
                "ms",
            )
            search_kinds = kind_rows(
                KINDS,
                [q.kind for q in queries],
                search,
                [q.target in found for q, found in zip(queries, search.enc_found, strict=True)],
                [q.text for q in queries],
            )

            progress(f"duplicates: warm-up + {args.repeat} timed passes of {len(people)} people")
            dups = timed_both(enc, plain, duplicate_pass, people, args.repeat)
            enc_dup, plain_dup = summary(dups.enc), summary(dups.plain)
            add("dup.enc.p50_ms", "duplicates p50, encrypted", enc_dup["p50"], "ms")
            add("dup.enc.p95_ms", "duplicates p95, encrypted", enc_dup["p95"], "ms")
            add("dup.plain.p50_ms", "duplicates p50, plain", plain_dup["p50"], "ms")
            add("dup.plain.p95_ms", "duplicates p95, plain", plain_dup["p95"], "ms")
            add(
                "dup.ratio.p95",
                "duplicates p95 encrypted/plain",
                enc_dup["p95"] / plain_dup["p95"],
                "x",
            )
            dup_kinds = kind_rows(
                ("near_duplicate", "fresh"),
                [p.kind for p in people],
                dups,
                [
                    None if p.original is None else p.original in found
                    for p, found in zip(people, dups.enc_found, strict=True)
                ],
                [f"{p.facts.first_name} {p.facts.last_name}" for p in people],
            )
            found_dups = [
                p.original in f for p, f in zip(people, dups.enc_found, strict=True) if p.original
            ]
            add("dup.recall", "near-duplicates found", 100 * sum(found_dups) / len(found_dups), "%")

            profiles: dict[str, dict[str, float]] = {}
            profile_texts: list[str] = []
            if args.profile:
                progress("profiling one search pass on each database")
                profile_fn = functools.partial(profile_pass, queries=queries)
                for name, runner in (("encrypted", enc), ("plain", plain)):
                    steps, text = profile_report(name, runner(profile_fn), args.profile_top)
                    profiles[name] = steps
                    profile_texts.append(text)
        finally:
            plain_conn.close()
            store.lock()

        progress("open and unlock")
        add("open.kdf_s", "Argon2id KDF, default params (median 5)", kdf_seconds(), "s")
        data_key = unwrap_data_key(vault)
        path = vault.database_path
        add(
            "open.raw_key_ms",
            "raw-key open, connect() (median 20)",
            _median_seconds(lambda: connect(path, data_key).close(), RAW_OPEN_RUNS) * 1000,
            "ms",
        )
        add(
            "open.plain_ms",
            "same open of the plain file (median 20)",
            _median_seconds(lambda: connect_plain(plain_path).close(), RAW_OPEN_RUNS) * 1000,
            "ms",
        )
        unlock_s = _median_seconds(functools.partial(unlock_once, data_dir), UNLOCK_RUNS)
        add("open.unlock_s", "Vault.unlock, KDF incl. (median 5)", unlock_s, "s")
        progress("cold process start")
        add(
            "start.import_vault_ms",
            "cold start: import storage.vault (median 5)",
            process_ms("import outreach_app.storage.vault"),
            "ms",
        )
        add(
            "start.python_ms",
            "cold start: bare python -c pass (median 5)",
            process_ms("pass"),
            "ms",
        )
        version_conn = connect_plain(plain_path)
        try:
            cipher_version = version_conn.execute("PRAGMA cipher_version").fetchone()[0]
        finally:
            version_conn.close()

    defaults = keys.KdfParams.new()
    meta = {
        "clients": clients_n,
        "seed": seed,
        "queries": len(queries),
        "per_kind": args.per_kind,
        "repeat": args.repeat,
        "duplicate_people": len(people),
        "search_results_identical": search.identical,
        "duplicate_results_identical": dups.identical,
        "slot_store": f"file ({slots.split('.')[0]})" if slots else "keyring",
        "load_average": {"start": load_start, "end": _load_average()},
        "kdf": {k: v for k, v in defaults.to_dict().items() if k != "salt"},
        "cache_kib": CACHE_KIB,
        "sqlcipher": cipher_version,
        "sqlite": sqlite.sqlite_version,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "temp_dir": str(base_dir or tempfile.gettempdir()),
        "finished_at": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    return {
        "meta": meta,
        "metrics": {m.key: {"label": m.label, "value": m.value, "unit": m.unit} for m in metrics},
        "search_kinds": search_kinds,
        "duplicate_kinds": dup_kinds,
        "profile_steps_ms": profiles,
        "_order": [m.key for m in metrics],
        "_profile_text": profile_texts,
    }


def _load_average() -> list[float] | None:
    """Return the 1, 5 and 15 minute load averages (other work skews timings)."""
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:  # not available on this platform
        return None


def kdf_seconds() -> float:
    """Return the median time of one Argon2id derivation with the default parameters."""
    params = keys.KdfParams.new()
    return _median_seconds(lambda: keys.derive_kek(PASSPHRASE, params), KDF_RUNS)


def unwrap_data_key(vault: Vault) -> bytes:
    """Return the data key the way unlocking finds it (slot, KDF, unseal)."""
    manifest = vault.manifest()
    entry = manifest.user(ADMIN)
    assert entry is not None
    slot_id = user_slot_id(entry.user_id)
    slot = vault.slot_store(manifest.store_id).get(slot_id)
    sealed = manifest.sealed_for(slot_id)
    assert slot is not None
    assert sealed is not None
    private = keys.unwrap_key(slot, PASSPHRASE, manifest.store_id)
    return open_sealed(sealed, HolderKeys.from_private(private), manifest.store_id)


def unlock_once(data_dir: Path) -> None:
    """Unlock the store as the app does (a new Vault, file slots) and lock it again."""
    store: Store = Vault(data_dir, keyring_backend=no_keyring()).unlock(ADMIN, PASSPHRASE)
    store.lock()


@contextmanager
def quiet_outreach_logs() -> Iterator[None]:
    """Hide the app's expected warnings (the keyring fallback) from the report."""
    logger = logging.getLogger("outreach")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def load_baseline(path: Path | None) -> tuple[dict[str, Any] | None, Path | None]:
    """Return the baseline results, from ``path`` or the default file if it exists."""
    chosen = path or (BASELINE if BASELINE.exists() else None)
    if chosen is None:
        return None, None
    data: dict[str, Any] = json.loads(chosen.read_text(encoding="utf-8"))
    return data, chosen


def report(
    results: dict[str, Any], baseline: dict[str, Any] | None, source: Path | None
) -> list[str]:
    """Print the whole report; return failed target keys."""
    meta = results["meta"]
    print(
        f"\nOutreach storage benchmark: {meta['clients']:,} clients, seed {meta['seed']},"
        f" {meta['queries']} queries x {meta['repeat']} passes, {meta['duplicate_people']}"
        " duplicate checks"
    )
    print(
        f"SQLCipher {meta['sqlcipher']} (SQLite {meta['sqlite']}), Python {meta['python']},"
        f" {meta['cpus']} CPUs, {meta['platform']}"
    )
    print(f"key slots: {meta['slot_store']}; KDF: {meta['kdf']}; temp dir: {meta['temp_dir']}")
    load = meta["load_average"]
    if load:
        print(f"load average (1/5/15 min) at start {load['start']}, at end {load['end']}")
    if baseline is not None and source is not None:
        base_meta = baseline.get("meta", {})
        print(
            f"baseline: {source} ({base_meta.get('clients', '?'):,} clients,"
            f" {base_meta.get('finished_at', '?')})"
        )
        if base_meta.get("clients") != meta["clients"]:
            print("WARNING: the baseline used a different number of clients; ratios mislead.")
    print()
    metrics = [
        Metric(
            key,
            results["metrics"][key]["label"],
            results["metrics"][key]["value"],
            results["metrics"][key]["unit"],
        )
        for key in results["_order"]
    ]
    failed = print_table(metrics, baseline)
    print_kinds(
        results["search_kinds"],
        "Search by query kind (ms; found = the source person is in the results)",
    )
    print_kinds(
        results["duplicate_kinds"], "Duplicates by kind (ms; found = the original is a candidate)"
    )
    for name in ("search", "duplicate"):
        if not meta[f"{name}_results_identical"]:
            print(f"\nWARNING: {name} results differ between the encrypted and the plain database")
    for text in results["_profile_text"]:
        print(text, end="")
    print(f"\ntargets: {'all met' if not failed else 'FAILED: ' + ', '.join(failed)}")
    return failed


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(
        prog="python -m bench.run", description=__doc__.split("\n\n")[0] if __doc__ else None
    )
    parser.add_argument(
        "--clients", type=int, help=f"clients to generate (default {DEFAULT_CLIENTS:,})"
    )
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_CLIENTS:,} clients")
    parser.add_argument(
        "--seed", type=int, default=1, help="demo data and query mix seed (default 1)"
    )
    parser.add_argument(
        "--per-kind", type=int, default=30, help="search queries per kind (default 30)"
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="timed passes after warm-up (default 3)"
    )
    parser.add_argument("--baseline", type=Path, help="compare with this results JSON")
    parser.add_argument(
        "--save-baseline", action="store_true", help=f"write {BASELINE.relative_to(ROOT)}"
    )
    parser.add_argument(
        "--profile", action="store_true", help="cProfile one search pass per database"
    )
    parser.add_argument("--profile-top", type=int, default=20, help="rows of each profile to print")
    parser.add_argument("--dir", help="where to put the temporary databases (default: system temp)")
    parser.add_argument(
        "--keep",
        metavar="NEW_DIR",
        help="build the databases in this new folder and keep them (store.json, outreach.db,"
        f" plain.db; user {ADMIN!r}, passphrase {PASSPHRASE!r})",
    )
    parser.add_argument(
        "--strict", action="store_true", help="exit with status 1 if a target fails"
    )
    args = parser.parse_args(argv)
    if args.per_kind * len(KINDS) < 200:
        parser.error(f"--per-kind must be at least {math.ceil(200 / len(KINDS))} (200 queries)")
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print the report; return the exit status."""
    args = parse_args(argv)
    baseline, source = load_baseline(args.baseline)
    with quiet_outreach_logs():
        results = run(args)
    failed = report(results, baseline, source)
    RESULTS.mkdir(parents=True, exist_ok=True)
    saved_results = {k: v for k, v in results.items() if k != "_profile_text"}
    text = json.dumps(saved_results, indent=2, default=str) + "\n"
    LATEST.write_text(text, encoding="utf-8")
    saved = [LATEST]
    if args.save_baseline:
        BASELINE.write_text(text, encoding="utf-8")
        saved.append(BASELINE)
    print("results: " + ", ".join(str(p.relative_to(ROOT)) for p in saved))
    return 1 if failed and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
