"""``outreach validate`` and ``outreach export hmis-csv`` end to end, with their exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest
from hmis_helpers import read_members, write_zip

from outreach_app.cli.main import main

PASS = "river-bridge-42"


def test_validate_exit_codes(
    export_2026: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--data-dir", str(tmp_path / "d"), "validate", str(export_2026)]) == 0
    assert ": OK" in capsys.readouterr().out
    members = read_members(export_2026)
    del members["Client.csv"]
    bad = write_zip(tmp_path / "bad.zip", members)
    assert main(["--data-dir", str(tmp_path / "d"), "validate", str(bad)]) == 2
    out = capsys.readouterr().out
    assert "NOT OK" in out and "Client.csv:" in out and "[file.missing]" in out
    not_zip = tmp_path / "notes.zip"
    not_zip.write_text("hello", encoding="utf-8")
    assert main(["--data-dir", str(tmp_path / "d"), "validate", str(not_zip)]) == 2
    assert "[zip.invalid]" in capsys.readouterr().out


def test_export_from_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    secret = tmp_path / "pass.txt"
    secret.write_text(PASS + "\n", encoding="utf-8")
    base = ["--data-dir", str(tmp_path / "data"), "--passphrase-file", str(secret)]
    assert main([*base, "init", "--admin", "ana"]) == 0
    assert main([*base, "demo-data", "--clients", "40"]) == 0
    out = tmp_path / "out.zip"
    assert main([*base, "export", "hmis-csv", str(out), "--fiscal-year", "2024"]) == 0
    assert "Wrote HMIS CSV FY2024" in capsys.readouterr().out
    assert main(["validate", str(out)]) == 0
    assert "(FY2024): OK" in capsys.readouterr().out
    # An existing file is not replaced without --force; a bad date is bad input.
    assert main([*base, "export", "hmis-csv", str(out)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert main([*base, "export", "hmis-csv", str(out), "--force", "--from", "5/1/2025"]) == 2
    assert "--from must be a date" in capsys.readouterr().err
