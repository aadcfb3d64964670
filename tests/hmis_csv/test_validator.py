"""The validator on broken exports: each fault gives a precise finding, never a crash or a value."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

from hmis_helpers import Edit, read_members, write_zip

from outreach_app.hmis_csv import Report, validate_zip

Broken = Callable[[str, Edit], Path]


def _set(column: str, value: str, row: int = 2) -> Edit:
    """Return an edit putting ``value`` in ``column`` of (1-based) ``row``."""

    def edit(rows: list[list[str]]) -> None:
        rows[row - 1][rows[0].index(column)] = value

    return edit


def _only(report: Report, rule: str) -> list[tuple[str, int | None, str]]:
    return [(p.file, p.row, p.column) for p in report.problems if p.rule == rule]


def test_missing_file(export_2026: Path, tmp_path: Path) -> None:
    members = read_members(export_2026)
    del members["Exit.csv"]
    report = validate_zip(write_zip(tmp_path / "z.zip", members))
    assert not report.ok
    assert _only(report, "file.missing") == [("Exit.csv", None, "")]


def test_empty_file_without_header(export_2026: Path, tmp_path: Path) -> None:
    members = read_members(export_2026) | {"Event.csv": b""}
    report = validate_zip(write_zip(tmp_path / "z.zip", members))
    assert _only(report, "file.empty") == [("Event.csv", None, "")]


def test_wrong_header_names_the_columns(broken: Broken) -> None:
    report = validate_zip(broken("Enrollment.csv", _set("EntryDate", "StartDate", row=1)))
    assert _only(report, "header.missing") == [("Enrollment.csv", 1, "EntryDate")]
    assert _only(report, "header.extra") == [("Enrollment.csv", 1, "StartDate")]
    assert not report.ok


def test_other_order_and_case_are_warnings(broken: Broken) -> None:
    def shuffle(rows: list[list[str]]) -> None:
        for row in rows:
            row[1], row[2] = row[2], row[1]
        rows[0][rows[0].index("VeteranStatus")] = "veteranstatus"

    report = validate_zip(broken("Client.csv", shuffle))
    assert report.ok, report.to_text()
    assert {"header.order", "header.spelling"} <= report.rules()
    assert report.warning_count == 2


def test_bad_code(broken: Broken) -> None:
    report = validate_zip(broken("Client.csv", _set("VeteranStatus", "7", row=5)))
    assert _only(report, "list.code") == [("Client.csv", 5, "VeteranStatus")]
    assert "list 1.8" in report.problems[0].message


def test_hud_not_in_list_rule(broken: Broken) -> None:
    edit = _set("CurrentLivingSituation", "24", row=3)  # "Deceased" is no contact
    report = validate_zip(broken("CurrentLivingSituation.csv", edit))
    assert _only(report, "hud.not_in_list") == [
        ("CurrentLivingSituation.csv", 3, "CurrentLivingSituation")
    ]


def test_broken_reference(broken: Broken) -> None:
    report = validate_zip(broken("Enrollment.csv", _set("PersonalID", "f" * 32, row=4)))
    assert _only(report, "ref.client") == [("Enrollment.csv", 4, "PersonalID")]


def test_export_id_and_export_rows(broken: Broken) -> None:
    report = validate_zip(broken("Client.csv", _set("ExportID", "0" * 32, row=3)))
    assert _only(report, "export.id") == [("Client.csv", 3, "ExportID")]

    def twice(rows: list[list[str]]) -> None:
        rows.append(list(rows[1]))

    report = validate_zip(broken("Export.csv", twice))
    assert _only(report, "export.rows") == [("Export.csv", None, "")]


def test_latin1_bytes_are_reported_at_their_row(export_2026: Path, tmp_path: Path) -> None:
    members = read_members(export_2026)
    lines = members["Organization.csv"].split(b"\r\n")
    lines[1] = lines[1].replace(b"Demo", "Démo".encode("latin-1"))
    members["Organization.csv"] = b"\r\n".join(lines)
    report = validate_zip(write_zip(tmp_path / "z.zip", members))
    assert _only(report, "encoding") == [("Organization.csv", 2, "")]


def test_bom_is_allowed(export_2026: Path, tmp_path: Path) -> None:
    members = read_members(export_2026)
    members["Client.csv"] = b"\xef\xbb\xbf" + members["Client.csv"]
    report = validate_zip(write_zip(tmp_path / "z.zip", members))
    assert report.ok, report.to_text()


def test_timestamp_in_another_shape_is_named_not_guessed(broken: Broken) -> None:
    report = validate_zip(broken("Client.csv", _set("DateUpdated", "03-04-2025 10:11:12", row=6)))
    assert _only(report, "type.timestamp") == [("Client.csv", 6, "DateUpdated")]
    assert "MM-DD-YYYY" in report.problems[0].message


def test_date_that_does_not_exist(broken: Broken) -> None:
    report = validate_zip(broken("Enrollment.csv", _set("EntryDate", "2025-02-30", row=2)))
    assert _only(report, "type.date") == [("Enrollment.csv", 2, "EntryDate")]


def test_report_never_quotes_a_value(broken: Broken) -> None:
    def bad_row(rows: list[list[str]]) -> None:
        head = rows[0]
        rows[2][head.index("FirstName")] = "Bartholomew" * 6  # too long, and a name
        rows[2][head.index("DOB")] = "07/31/1980"
        rows[2][head.index("SSN")] = "900-11-2222"

    report = validate_zip(broken("Client.csv", bad_row))
    text = report.to_text()
    assert {"length", "type.date"} <= report.rules()
    assert "row 3, DOB" in text
    for value in ("Bartholomew", "07/31/1980", "1980", "900-11-2222", "2222"):
        assert value not in text


def test_findings_are_capped_with_a_count(broken: Broken) -> None:
    def every_row(rows: list[list[str]]) -> None:
        for row in rows[1:]:
            row[rows[0].index("DOBDataQuality")] = "x"

    report = validate_zip(broken("Client.csv", every_row))
    assert len(_only(report, "type.integer")) == report.cap == 20
    assert report.suppressed[("Client.csv", "DOBDataQuality", "type.integer")] == 302 - 20
    assert report.error_count == 302
    assert "... and 282 more [type.integer] in DOBDataQuality" in report.to_text()


def test_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "export.zip"
    path.write_bytes(b"PersonalID,FirstName\r\n")
    assert validate_zip(path).rules() == {"zip.invalid"}
    assert validate_zip(tmp_path / "nothing.zip").rules() == {"zip.missing"}


def test_member_over_the_size_limit_is_not_read(export_2026: Path) -> None:
    report = validate_zip(export_2026, max_member_bytes=10_000)
    too_large = {p.file for p in report.problems if p.rule == "zip.too_large"}
    assert "Client.csv" in too_large and "Export.csv" not in too_large
    assert "Client.csv" not in report.rows


def test_declared_size_is_what_counts(tmp_path: Path) -> None:
    # 50 MB of zeros compress to about 50 kB: the declared size is refused unread.
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("Client.csv", b"0" * 50_000_000)
    assert path.stat().st_size < 1_000_000
    report = validate_zip(path, max_member_bytes=1_000_000)
    assert ("Client.csv", None, "") in _only(report, "zip.too_large")


def test_fiscal_year_is_detected_or_forced(export_2026: Path) -> None:
    assert validate_zip(export_2026).fiscal_year == 2026
    forced = validate_zip(export_2026, fiscal_year=2024)
    assert forced.fiscal_year == 2024
    assert ("Client.csv", 1, "Woman") in _only(forced, "header.missing")
