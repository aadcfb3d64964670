"""The device's HMIS CSV export: valid for both fiscal years, consent kept, extensions never out."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from fast_vault import make_vault
from hmis_helpers import ALIAS, CONSENTED_NAME, UNCONSENTED_NAME, read_members, read_rows

from outreach_app import errors
from outreach_app.domain.hmis_spec import load_spec
from outreach_app.hmis_csv import export_hmis_csv, validate_zip
from outreach_app.storage.store import Store


def test_demo_export_fy2026_passes_validation(export_2026: Path) -> None:
    report = validate_zip(export_2026)
    assert report.fiscal_year == 2026
    assert report.ok, report.to_text()
    assert report.warning_count == 0, report.to_text()
    assert report.rows["Client.csv"] == 302
    assert report.rows["CurrentLivingSituation.csv"] > 0


def test_every_file_has_its_exact_header_even_when_empty(export_2026: Path) -> None:
    spec = load_spec(2026)
    members = read_members(export_2026)
    assert set(members) == set(spec.files)
    for file, columns in spec.files.items():
        assert read_rows(export_2026, file)[0] == [c.name for c in columns], file
    assert read_rows(export_2026, "Funder.csv") == [[c.name for c in spec.files["Funder.csv"]]]


def test_one_export_row_and_its_id_on_every_row(export_2026: Path) -> None:
    export = read_rows(export_2026, "Export.csv")
    assert len(export) == 2
    row = dict(zip(export[0], export[1], strict=True))
    assert re.fullmatch(r"[0-9a-f]{32}", row["ExportID"])
    assert (row["ExportDirective"], row["ExportPeriodType"], row["HashStatus"]) == ("2", "3", "1")
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", row["ExportDate"])
    for file in ("Client.csv", "Enrollment.csv", "CurrentLivingSituation.csv", "User.csv"):
        rows = read_rows(export_2026, file)
        column = rows[0].index("ExportID")
        assert {r[column] for r in rows[1:]} == {row["ExportID"]}, file


def test_fy2024_export_maps_client_columns_and_passes(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "fy2024.zip"
    summary = export_hmis_csv(store, path, fiscal_year=2024)
    assert summary.fiscal_year == 2024
    report = validate_zip(path)
    assert report.fiscal_year == 2024  # detected from the header
    assert report.ok, report.to_text()
    rows = read_rows(path, "Client.csv")
    head = rows[0]
    assert "Sex" not in head and "HispanicLatinaeo" in head and "HispanicLatinao" not in head
    gender_none, woman = head.index("GenderNone"), head.index("Woman")
    assert {r[gender_none] for r in rows[1:]} == {"99"}
    assert {r[woman] for r in rows[1:]} == {"0"}
    # A demo client with HispanicLatinao = 1 keeps it under FY2024's spelling.
    assert "1" in {r[head.index("HispanicLatinaeo")] for r in rows[1:]}


def test_client_without_consent_has_no_identifiers(export_2026: Path) -> None:
    data = b"".join(read_members(export_2026).values())
    assert CONSENTED_NAME.encode() in data
    assert UNCONSENTED_NAME.encode() not in data
    assert b"Zebediah" not in data
    rows = read_rows(export_2026, "Client.csv")
    head = rows[0]
    refused = [r for r in rows[1:] if r[head.index("FirstName")] == ""]
    # The demo clients have no consent record at all: they are de-identified too.
    assert len(refused) == 301
    for row in refused:
        for column in ("MiddleName", "LastName", "NameSuffix", "SSN", "DOB"):
            assert row[head.index(column)] == ""
        for column in ("NameDataQuality", "SSNDataQuality", "DOBDataQuality"):
            assert row[head.index(column)] == "99"


def test_outreach_only_columns_never_exported(export_2026: Path) -> None:
    members = read_members(export_2026)
    data = b"".join(members.values())
    assert ALIAS.encode() not in data
    assert not any(name.lower().startswith("consent") for name in members)
    assert "Aliases" not in read_rows(export_2026, "Client.csv")[0]
    cls_head = read_rows(export_2026, "CurrentLivingSituation.csv")[0]
    assert not {"Latitude", "Longitude", "ContactNote"} & set(cls_head)


def test_export_is_logged_without_personal_data(store: Store, tmp_path: Path) -> None:
    summary = export_hmis_csv(store, tmp_path / "logged.zip")
    entry = store.audit_log(limit=1)[0]
    assert entry.action == "export"
    assert entry.detail is not None
    assert summary.export_id in entry.detail and "Client 302" in entry.detail
    assert CONSENTED_NAME not in entry.detail


def test_date_range_keeps_references_whole(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "range.zip"
    # Demo enrollments begin 10 to 200 days before 2025-10-01 and never exit.
    everything = export_hmis_csv(store, tmp_path / "all.zip")
    summary = export_hmis_csv(store, path, start=dt.date(2025, 5, 1), end=dt.date(2025, 5, 31))
    assert 0 < summary.rows["Enrollment.csv"] < everything.rows["Enrollment.csv"]
    assert summary.rows["Client.csv"] == summary.rows["Enrollment.csv"]
    export = dict(zip(*read_rows(path, "Export.csv"), strict=True))
    assert (export["ExportStartDate"], export["ExportEndDate"]) == ("2025-05-01", "2025-05-31")
    report = validate_zip(path)
    assert report.ok, report.to_text()


def test_period_that_ends_before_it_starts_is_refused(store: Store, tmp_path: Path) -> None:
    with pytest.raises(errors.InvalidInput):
        export_hmis_csv(
            store, tmp_path / "x.zip", start=dt.date(2025, 2, 1), end=dt.date(2025, 1, 1)
        )
    assert not (tmp_path / "x.zip").exists()


def test_zip_is_owner_only(export_2026: Path) -> None:
    assert export_2026.stat().st_mode & 0o077 == 0


def test_a_worker_cannot_export(tmp_path: Path) -> None:
    vault = make_vault(tmp_path / "data")
    admin, _recovery = vault.create("admin", "passphrase1")
    with admin:
        admin.add_user("wanda", "street-team-7", role="worker")
    out = tmp_path / "export.zip"
    with vault.unlock("wanda", "street-team-7") as worker, pytest.raises(errors.PermissionDenied):
        export_hmis_csv(worker, out)
    assert not out.exists()  # nothing half-written
