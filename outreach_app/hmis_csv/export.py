"""Write an HMIS CSV export from a device, for an agency that has no gateway.

Small agencies run Outreach on a few laptops and send their data to the CoC's
HMIS as HUD's CSV export. This writes all 24 files (with their headers even when
empty) for FY2026, or FY2024 for an HMIS not yet upgraded, as a full refresh of
a date range. Each file is streamed row by row into the zip from pages of the
store, so an export of a large caseload needs little memory. What is written:

- Client identifiers (names, SSN, DOB) only for clients whose latest consent
  allows sharing; the others de-identified, their data quality "not collected".
- Never Outreach's own columns (aliases, contact coordinates and notes) or its
  Consent records: they exist for the worker, not for HMIS.
- ``User.csv`` with user IDs and dates only: a worker's name is not needed for
  HMIS reporting and stays on the device.

The zip is written to a temporary owner-only file and renamed into place, and the
export is logged in the store's audit log with counts only.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import errno
import io
import os
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from outreach_app import __version__, errors
from outreach_app.domain.hmis_spec import DEFAULT_FISCAL_YEAR, FiscalYear, load_spec
from outreach_app.domain.records import RECORD_TYPES, TIMESTAMP_FORMAT, Value, new_id
from outreach_app.hmis_csv.client_rows import client_values
from outreach_app.hmis_csv.layout import header
from outreach_app.hmis_csv.selection import Selection, select
from outreach_app.hmis_csv.source import StoredRecord, hmis_timestamp, iter_records, local_users
from outreach_app.storage.atomic import temp_name_for
from outreach_app.storage.store import Store, utc_now

SOFTWARE_NAME = "Outreach"
#: Export.csv codes: an agency-specific database (SourceType 2), a reporting
#: period (list 1.1: 3), a full refresh (list 1.2: 2), unhashed (list 1.5: 1).
SOURCE_TYPE_AGENCY = 2
PERIOD_REPORTING = 3
DIRECTIVE_FULL_REFRESH = 2
HASH_UNHASHED = 1

#: Files whose rows hang off an assessment rather than an enrollment.
_ASSESSMENT_PARTS = frozenset({"AssessmentQuestions.csv", "AssessmentResults.csv"})
_FILE_KINDS: Mapping[str, str] = {cls.FILE: kind for kind, cls in RECORD_TYPES.items()}


@dataclass(frozen=True, slots=True)
class ExportSummary:
    """What an export wrote: for the person exporting and for the audit log.

    Attributes:
        path: the zip written.
        export_id: Export.csv's ExportID (new for every export).
        fiscal_year: the HMIS CSV version written.
        start: the export period's first day.
        end: the export period's last day.
        rows: data rows written per file.
        deidentified: clients written without identifiers (no consent to share).
        skipped: records left out because a reference would not resolve.
    """

    path: Path
    export_id: str
    fiscal_year: FiscalYear
    start: dt.date
    end: dt.date
    rows: Mapping[str, int]
    deidentified: int
    skipped: int

    def audit_detail(self) -> str:
        """Return the audit log's line: counts and dates, never personal data."""
        counts = ", ".join(f"{f.removesuffix('.csv')} {n}" for f, n in self.rows.items() if n)
        return (
            f"HMIS CSV FY{self.fiscal_year} export {self.export_id} "
            f"({self.start}..{self.end}): {counts}; {self.deidentified} de-identified"
        )


def export_hmis_csv(
    store: Store,
    path: Path,
    *,
    fiscal_year: FiscalYear = DEFAULT_FISCAL_YEAR,
    start: dt.date | None = None,
    end: dt.date | None = None,
    clock: Callable[[], dt.datetime] = utc_now,
) -> ExportSummary:
    """Write ``store``'s HMIS data to the zip ``path``; return what was written.

    Args:
        store: the unlocked store; its user must be a supervisor or an admin.
        path: the zip to write (replaced if it exists).
        fiscal_year: 2026 or 2024.
        start: the period's first day; ``None`` for everything.
        end: the period's last day; ``None`` for today.
        clock: the time of the export (tests pass one).

    Raises:
        PermissionDenied: a worker asked (an export holds everyone's data).
        InvalidInput: the period ends before it starts.
        DiskFull: no space was left; nothing was written.
    """
    if store.user.role not in {"supervisor", "admin"}:
        raise errors.PermissionDenied("Only a supervisor or an admin can export HMIS data.")
    now = clock().astimezone()
    end = end or now.date()
    if start is not None and start > end:
        raise errors.InvalidInput("The export period ends before it starts.")
    selection = select(store, start, end)
    writer = _Writer(store, fiscal_year, new_id(), selection, now)
    _write_atomically(path, writer.write)
    summary = ExportSummary(
        path,
        writer.export_id,
        fiscal_year,
        selection.start,
        selection.end,
        dict(writer.rows),
        writer.deidentified,
        selection.skipped,
    )
    store.record_export(summary.audit_detail())
    return summary


def _write_atomically(path: Path, write: Callable[[IO[bytes]], None]) -> None:
    """Write to an owner-only temporary file, then rename it into place."""
    temp = temp_name_for(path)
    flags = os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_BINARY", 0)
    try:
        with os.fdopen(os.open(temp, flags, 0o600), "wb") as out:
            write(out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
        if isinstance(exc, OSError) and exc.errno in {errno.ENOSPC, errno.EDQUOT}:
            raise errors.DiskFull("The disk is full: the export was not written.") from exc
        raise


def format_value(value: Value) -> str:
    """Format a value as HMIS CSV writes it: dates ``YYYY-MM-DD``, empty for null."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime(TIMESTAMP_FORMAT)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


class _Writer:
    """Writes the 24 files of one export into a zip, one streamed file at a time.

    Attributes:
        export_id: the ExportID on every row.
        rows: data rows written per file.
        deidentified: clients written without identifiers.
    """

    def __init__(
        self,
        store: Store,
        fiscal_year: FiscalYear,
        export_id: str,
        selection: Selection,
        now: dt.datetime,
    ) -> None:
        self._store = store
        self._fiscal_year = fiscal_year
        self._selection = selection
        self._now = now
        self._users: set[str] = set()
        self.export_id = export_id
        self.rows: dict[str, int] = {}
        self.deidentified = 0

    def write(self, out: IO[bytes]) -> None:
        """Write the whole zip to ``out``; User.csv last, once every UserID is known."""
        files = load_spec(self._fiscal_year).files
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for file in files:
                if file != "User.csv":
                    self._write_file(archive, file, self._rows(file))
            self._write_file(archive, "User.csv", self._user_rows())

    def _write_file(
        self, archive: zipfile.ZipFile, file: str, rows: Iterable[Mapping[str, Value]]
    ) -> None:
        columns = header(self._fiscal_year, file)
        count = 0
        with (
            archive.open(file, "w", force_zip64=True) as raw,
            io.TextIOWrapper(raw, encoding="utf-8", newline="") as text,
        ):
            out = csv.writer(text, lineterminator="\r\n")
            out.writerow(columns)
            for values in rows:
                out.writerow([format_value(values.get(name)) for name in columns])
                count += 1
        self.rows[file] = count

    def _rows(self, file: str) -> Iterator[Mapping[str, Value]]:
        if file == "Export.csv":
            yield self._export_row()
            return
        kind = _FILE_KINDS.get(file)
        if kind is None:
            return  # a file Outreach keeps nothing for: header only
        for stored in iter_records(self._store, kind):
            if self._included(file, stored):
                yield self._values(file, stored)

    def _included(self, file: str, stored: StoredRecord) -> bool:
        selection, record = self._selection, stored.record
        if file == "Client.csv":
            return record.id in selection.clients
        if file == "Organization.csv":
            return record.id in selection.organizations
        if file == "Project.csv":
            return record.id in selection.projects
        if file == "Enrollment.csv":
            return record.id in selection.enrollments
        if file in _ASSESSMENT_PARTS:
            return record.get("AssessmentID") in selection.assessments
        return record.get("EnrollmentID") in selection.enrollments

    def _values(self, file: str, stored: StoredRecord) -> Mapping[str, Value]:
        record = stored.record
        user_id = stored.user_id or self._store.user.user_id
        self._users.add(user_id)
        values: dict[str, Value] = dict(record.values)
        if file == "Client.csv":
            consented = record.id in self._selection.consented
            self.deidentified += not consented
            values = client_values(values, self._fiscal_year, consented=consented)
        values[record.ID_COLUMN] = record.id
        values["DateCreated"] = hmis_timestamp(stored.created_at)
        values["DateUpdated"] = hmis_timestamp(stored.updated_at)
        values["UserID"] = user_id
        values["ExportID"] = self.export_id
        return values

    def _export_row(self) -> Mapping[str, Value]:
        included = self._selection.organizations
        organizations = (s.record for s in iter_records(self._store, "Organization"))
        first = next((r for r in organizations if r.id in included), None)
        name = str(first.get("OrganizationName") or "") if first else ""
        return {
            "ExportID": self.export_id,
            "SourceType": SOURCE_TYPE_AGENCY,
            "SourceName": name[:50] or SOFTWARE_NAME,
            "ExportDate": self._now.strftime(TIMESTAMP_FORMAT),
            "ExportStartDate": self._selection.start,
            "ExportEndDate": self._selection.end,
            "SoftwareName": SOFTWARE_NAME,
            "SoftwareVersion": __version__,
            "CSVVersion": f"FY{self._fiscal_year}",
            "ExportPeriodType": PERIOD_REPORTING,
            "ExportDirective": DIRECTIVE_FULL_REFRESH,
            "HashStatus": HASH_UNHASHED,
            "ImplementationID": first.id if first else self.export_id,
        }

    def _user_rows(self) -> Iterator[Mapping[str, Value]]:
        now = self._now.strftime(TIMESTAMP_FORMAT)
        local = {user.user_id: user for user in local_users(self._store)}
        for user_id in sorted(self._users):
            user = local.get(user_id)
            yield {
                "UserID": user_id,
                "DateCreated": hmis_timestamp(user.created_at) if user else now,
                "DateUpdated": hmis_timestamp(user.created_at) if user else now,
                "DateDeleted": hmis_timestamp(user.disabled_at) if user else "",
                "ExportID": self.export_id,
            }
