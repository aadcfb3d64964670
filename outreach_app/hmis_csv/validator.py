"""Check any HMIS CSV zip against HUD's specification, streaming, before anyone loads it.

A CoC administrator receives exports from several vendors' HMIS software and from
agencies' laptops. Loading a broken one corrupts reports that go to HUD, so each
is checked first: every file present, headers, UTF-8, each value's type, length
and code, required values, HUD's extra rules, references inside the export and the
Export row. The zip is read member by member and each member line by line
through :mod:`csv`, so memory does not grow with the size of a file; untrusted
input is guarded (not a zip, a member that would unpack to gigabytes, a line of a
megabyte). The result is a :class:`~.report.Report` that never quotes a value.
"""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import IO

from outreach_app.domain.hmis_spec import DEFAULT_FISCAL_YEAR, FiscalYear, load_spec
from outreach_app.hmis_csv.layout import detect_fiscal_year, read_order
from outreach_app.hmis_csv.report import DEFAULT_CAP, Report
from outreach_app.hmis_csv.rows import ExportState, FileChecker

#: The largest a member may unpack to: HUD files of a big CoC run to hundreds of
#: megabytes; a member declaring more is refused rather than unpacked (zip bombs).
MAX_MEMBER_BYTES = 2 * 1024**3
#: The longest physical line read at once (a line with no newline is not CSV).
MAX_LINE_BYTES = 1024**2


class _LineTooLong(Exception):
    """A physical line exceeded :data:`MAX_LINE_BYTES`."""


class _Lines:
    """Decoded lines of one member, decoded one line at a time.

    UTF-8 never uses the newline byte inside a character, so decoding each line
    on its own is exact, and a decoding error is known to the line; the checker
    asks after each CSV row whether one happened.

    Attributes:
        bad_encoding: whether a line since the last :meth:`take_bad` failed to decode.
    """

    def __init__(self, raw: IO[bytes]) -> None:
        self._raw = raw
        self._first = True
        self.bad_encoding = False

    def __iter__(self) -> Iterator[str]:
        while True:
            line = self._raw.readline(MAX_LINE_BYTES + 1)
            if not line:
                return
            if len(line) > MAX_LINE_BYTES:
                raise _LineTooLong
            if self._first:
                line = line.removeprefix(b"\xef\xbb\xbf")  # a BOM is allowed
                self._first = False
            try:
                yield line.decode("utf-8")
            except UnicodeDecodeError:
                self.bad_encoding = True
                yield line.decode("utf-8", errors="replace")

    def take_bad(self) -> bool:
        """Return whether a decoding error happened since the last call, and reset."""
        bad, self.bad_encoding = self.bad_encoding, False
        return bad


def validate_zip(
    path: str | Path,
    fiscal_year: FiscalYear | None = None,
    *,
    max_member_bytes: int = MAX_MEMBER_BYTES,
    cap: int = DEFAULT_CAP,
) -> Report:
    """Check an HMIS CSV zip; return every finding (never raises for a bad file).

    Args:
        path: the zip.
        fiscal_year: check against FY2024 or FY2026; ``None`` to tell from
            Client.csv's header (FY2026 has ``Sex``, FY2024 ``Woman``...).
        max_member_bytes: refuse members that unpack to more than this.
        cap: findings kept per (file, column, rule); the rest are counted.
    """
    report = Report(str(path), cap=cap)
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        report.add("", None, "", "zip.missing", "there is no such file")
        return report
    except (zipfile.BadZipFile, OSError):
        report.add("", None, "", "zip.invalid", "this is not a zip file (or it is damaged)")
        return report
    with archive:
        _validate_archive(archive, fiscal_year, max_member_bytes, report)
    return report


def _members(archive: zipfile.ZipFile, report: Report) -> dict[str, zipfile.ZipInfo]:
    """Return the zip's CSV members by casefolded file name (folders inside are allowed)."""
    members: dict[str, zipfile.ZipInfo] = {}
    for info in archive.infolist():
        name = PurePosixPath(info.filename).name
        if info.is_dir() or name.startswith(".") or "__MACOSX" in info.filename:
            continue
        key = name.casefold()
        if key in members:
            report.add(name, None, "", "file.duplicate", "the zip holds this file twice")
            continue
        members[key] = info
    return members


def _validate_archive(
    archive: zipfile.ZipFile, fiscal_year: FiscalYear | None, max_bytes: int, report: Report
) -> None:
    members = _members(archive, report)
    year = fiscal_year or _detect(archive, members.get("client.csv"), max_bytes, report)
    report.fiscal_year = year
    spec = load_spec(year)
    state = ExportState(spec, report)
    for file in read_order(spec):
        info = members.pop(file.casefold(), None)
        if info is None:
            report.add(file, None, "", "file.missing", "the file is missing from the zip")
        elif info.file_size > max_bytes:
            report.add(
                file,
                None,
                "",
                "zip.too_large",
                f"the file would unpack to {info.file_size:,} bytes, over the limit of "
                f"{max_bytes:,}; it was not read",
            )
        else:
            _check_member(archive, info, file, state)
    for info in members.values():
        name = PurePosixPath(info.filename).name
        report.add(name, None, "", "file.extra", "a file HMIS CSV does not have", "warning")
    if "Export.csv" in report.rows and state.export_rows != 1:
        report.add(
            "Export.csv",
            None,
            "",
            "export.rows",
            f"Export.csv must have exactly one row; it has {state.export_rows}",
        )


def _detect(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo | None, max_bytes: int, report: Report
) -> FiscalYear:
    """Tell the fiscal year from Client.csv's header line, FY2026 when it does not say."""
    year: FiscalYear | None = None
    if info is not None and info.file_size <= max_bytes:
        with archive.open(info) as raw:
            first = raw.readline(MAX_LINE_BYTES).removeprefix(b"\xef\xbb\xbf")
        header = next(csv.reader([first.decode("utf-8", errors="replace")]), [])
        year = detect_fiscal_year(header)
    if year is None:
        report.add(
            "Client.csv",
            1,
            "",
            "fy.undetected",
            f"the fiscal year could not be told from the header; checked as FY"
            f"{DEFAULT_FISCAL_YEAR}",
            "warning",
        )
        return DEFAULT_FISCAL_YEAR
    return year


def _check_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, file: str, state: ExportState
) -> None:
    report = state.report
    rows = 0
    row_number = 1
    with archive.open(info) as raw:
        lines = _Lines(raw)
        reader = csv.reader(lines, strict=True)
        try:
            header = next(reader, None)
            if header is None:
                report.add(file, None, "", "file.empty", "the file is empty: no header line")
                report.rows[file] = 0
                return
            if lines.take_bad():
                report.add(file, 1, "", "encoding", "the header is not valid UTF-8")
            checker = FileChecker(state, file, header)
            for row in reader:
                row_number += 1
                if lines.take_bad():
                    report.add(file, row_number, "", "encoding", "the row is not valid UTF-8")
                if not row:
                    report.add(file, row_number, "", "csv.blank", "an empty line", "warning")
                    continue
                rows += 1
                checker.check_row(row_number, row)
        except csv.Error:
            report.add(
                file,
                row_number + 1,
                "",
                "csv.malformed",
                "the CSV cannot be read from here on (a stray quote or a NUL byte); "
                "the rest of the file was not checked",
            )
        except _LineTooLong:
            report.add(
                file,
                row_number + 1,
                "",
                "csv.line_too_long",
                f"a line longer than {MAX_LINE_BYTES:,} bytes; the rest of the file was not "
                "checked",
            )
        except (zipfile.BadZipFile, OSError, EOFError):
            report.add(file, None, "", "zip.damaged", "the file is damaged inside the zip")
    report.rows[file] = rows
