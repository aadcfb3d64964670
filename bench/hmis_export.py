#!/usr/bin/env python3
"""Benchmark the HMIS CSV export and validator against bare ``csv`` writing.

Run from the repository root::

    python -m bench.hmis_export                 # 20,000 clients
    python -m bench.hmis_export --clients 2000

*Data.* ``N`` demo clients (``add_demo_data``: about 40% get a street outreach
enrollment and 1 to 4 contacts) in a real encrypted store (fast KDF, file key
slots) in a temporary folder. Loading is not timed.

*Export.* :func:`~outreach_app.hmis_csv.export_hmis_csv` (FY2026), which reads
the store in pages, applies consent and writes the 24 files into a deflated zip.
*Baseline.* The same rows (all records of the three kinds, read with one
``Store.records`` call each, untimed) written with bare ``csv`` into a deflated
zip: the cost of formatting and compression alone. The ratio says what the
store paging, consent and bookkeeping cost on top.

*Validate.* :func:`~outreach_app.hmis_csv.validate_zip` on the export.

*Memory.* Peak of ``tracemalloc`` (Python allocations) for the export and the
validation, each in a second, untimed run (tracemalloc slows Python down).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import tempfile
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from keyring.backends import fail

from outreach_app.cli.commands import add_demo_data
from outreach_app.domain.records import record_columns
from outreach_app.hmis_csv import export_hmis_csv, validate_zip
from outreach_app.hmis_csv.export import format_value
from outreach_app.storage.keys import KdfParams
from outreach_app.storage.store import Store
from outreach_app.storage.vault import Vault

T = TypeVar("T")
KINDS = ("Client", "Enrollment", "CurrentLivingSituation")


def measured(fn: Callable[[], T]) -> tuple[T, float, int]:
    """Run ``fn`` twice: timed, then traced; return its result, seconds and peak bytes.

    tracemalloc slows Python several times over, so time and memory are two runs.
    """
    started = time.perf_counter()
    result = fn()
    elapsed = time.perf_counter() - started
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return result, elapsed, peak


def bare_csv(store: Store, path: Path) -> float:
    """Write the same kinds with bare csv into a zip; return the seconds spent writing."""
    records = {kind: store.records(kind) for kind in KINDS}
    started = time.perf_counter()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for kind, rows in records.items():
            columns = list(record_columns(kind))
            with (
                archive.open(f"{kind}.csv", "w") as raw,
                io.TextIOWrapper(raw, encoding="utf-8", newline="") as text,
            ):
                out = csv.writer(text)
                out.writerow(["id", *columns])
                for record in rows:
                    out.writerow([record.id, *(format_value(record.get(c)) for c in columns)])
    return time.perf_counter() - started


def main() -> None:
    """Run the benchmark and print its numbers."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        vault = Vault(
            folder / "data",
            keyring_backend=fail.Keyring(),  # type: ignore[no-untyped-call]
            kdf=lambda: KdfParams.new(time_cost=1, parallelism=1),
        )
        store, _recovery = vault.create("admin", "bench-passphrase-1")
        with store:
            add_demo_data(store, args.clients, 1)
            out = folder / "export.zip"
            now = dt.datetime.now(dt.UTC)
            summary, export_s, export_peak = measured(
                lambda: export_hmis_csv(store, out, clock=lambda: now)
            )
            baseline_s = bare_csv(store, folder / "bare.zip")
        report, validate_s, validate_peak = measured(lambda: validate_zip(out))
        rows = sum(summary.rows.values())
        print(f"clients: {args.clients:,}; rows exported: {rows:,}; zip {out.stat().st_size:,} B")
        print(
            f"export:   {export_s:.2f} s ({rows / export_s:,.0f} rows/s), "
            f"peak {export_peak / 1e6:.1f} MB"
        )
        print(f"bare csv: {baseline_s:.2f} s; export / bare = {export_s / baseline_s:.1f}x")
        print(
            f"validate: {validate_s:.2f} s ({rows / validate_s:,.0f} rows/s), "
            f"peak {validate_peak / 1e6:.1f} MB, ok={report.ok}"
        )


if __name__ == "__main__":
    main()
