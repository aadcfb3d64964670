"""The ``outreach validate`` and ``outreach export hmis-csv`` commands.

``validate`` needs no store: a CoC administrator runs it on any vendor's HMIS
CSV zip. It prints the report and exits 0 when the export has no errors
(warnings allowed) and 2 (bad input, as everywhere in the command line) when it
has errors or cannot be read. ``export hmis-csv`` unlocks the store like the
other commands and writes the zip.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from outreach_app import errors
from outreach_app.cli.commands import unlock_store
from outreach_app.hmis_csv import export_hmis_csv, validate_zip

#: Exit status of ``validate`` when the export has errors (``InvalidInput``'s).
ERRORS_FOUND = errors.InvalidInput.exit_code


def cmd_validate(args: argparse.Namespace, data_dir: Path) -> int:
    """Check an HMIS CSV zip and print the report."""
    report = validate_zip(args.file, args.fiscal_year)
    print(report.to_text())
    return 0 if report.ok else ERRORS_FOUND


def _date(text: str | None, option: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise errors.InvalidInput(f"{option} must be a date like 2025-07-31.") from None


def cmd_export_hmis_csv(args: argparse.Namespace, data_dir: Path) -> int:
    """Write the store's HMIS data as an HMIS CSV zip."""
    start, end = _date(args.start, "--from"), _date(args.end, "--to")
    out = Path(args.out)
    if out.exists() and not args.force:
        raise errors.InvalidInput(f"{out} already exists; choose another name or add --force.")
    with unlock_store(args, data_dir) as store:
        summary = export_hmis_csv(store, out, fiscal_year=args.fiscal_year, start=start, end=end)
    clients = summary.rows.get("Client.csv", 0)
    print(
        f"Wrote HMIS CSV FY{summary.fiscal_year} to {summary.path} "
        f"({summary.start} to {summary.end}), export {summary.export_id}."
    )
    print(
        f"{clients} clients ({summary.deidentified} without identifiers: no consent to share), "
        f"{summary.rows.get('Enrollment.csv', 0)} enrollments, "
        f"{summary.rows.get('CurrentLivingSituation.csv', 0)} contacts."
    )
    if summary.skipped:
        print(f"{summary.skipped} records were left out: their project or client is missing.")
    return 0
