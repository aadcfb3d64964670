"""The command line, end to end on a real encrypted store (file key slots)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from outreach_app import __version__
from outreach_app.cli.main import main

PASS = "river-bridge-42"


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "pass.txt"
    path.write_text(PASS + "\n", encoding="utf-8")
    return path


@pytest.fixture
def store_dir(tmp_path: Path, secret: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    data = tmp_path / "data"
    assert (
        main(["--data-dir", str(data), "--passphrase-file", str(secret), "init", "--admin", "ana"])
        == 0
    )
    capsys.readouterr()
    return data


def run(data: Path, secret: Path, *args: str) -> int:
    return main(["--data-dir", str(data), "--passphrase-file", str(secret), *args])


def test_init_prints_recovery_key_once(
    tmp_path: Path, secret: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    assert run(data, secret, "init", "--admin", "ana") == 0
    out = capsys.readouterr().out
    assert "RECOVERY KEY" in out
    key_line = out.split("RECOVERY KEY", 1)[1].splitlines()[1].strip()
    assert len(key_line.replace("-", "")) == 32
    # A second init is refused with its own exit code, and the store is untouched.
    before = (data / "outreach.db").read_bytes()
    assert run(data, secret, "init", "--admin", "bob") == 3
    assert "already exists" in capsys.readouterr().err
    assert (data / "outreach.db").read_bytes() == before


def test_client_add_find_show(
    store_dir: Path, secret: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        run(
            store_dir,
            secret,
            "client",
            "add",
            "--first",
            "Robert",
            "--last",
            "Okafor",
            "--dob",
            "1979-04-12",
            "--ssn",
            "900-12-3456",
            "--alias",
            "Slim",
        )
        == 0
    )
    client_id = capsys.readouterr().out.strip().splitlines()[-1]
    assert len(client_id) == 32
    assert run(store_dir, secret, "client", "find", "bob", "okaf") == 0
    out = capsys.readouterr().out
    assert client_id in out
    assert "***-**-3456" in out
    assert "900-12" not in out
    assert run(store_dir, secret, "client", "show", client_id) == 0
    assert "FirstName: Robert" in capsys.readouterr().out


def test_client_add_warns_about_duplicates(
    store_dir: Path, secret: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        run(
            store_dir,
            secret,
            "client",
            "add",
            "--first",
            "Robert",
            "--last",
            "Okafor",
            "--dob",
            "1979-04-12",
        )
        == 0
    )
    capsys.readouterr()
    assert (
        run(
            store_dir,
            secret,
            "client",
            "add",
            "--first",
            "Bob",
            "--last",
            "Okafor",
            "--dob",
            "1979-12-04",
        )
        == 1
    )
    out = capsys.readouterr().out
    assert "may already be on this laptop" in out
    assert (
        run(
            store_dir,
            secret,
            "client",
            "add",
            "--first",
            "Bob",
            "--last",
            "Okafor",
            "--dob",
            "1979-12-04",
            "--force",
        )
        == 0
    )


def test_client_add_rejects_future_dob(
    store_dir: Path, secret: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        run(
            store_dir,
            secret,
            "client",
            "add",
            "--first",
            "Ann",
            "--last",
            "Lee",
            "--dob",
            "2999-01-01",
        )
        == 2
    )
    err = capsys.readouterr().err
    assert "DOB" in err
    assert "future" in err


def test_bad_date_format_is_explained(
    store_dir: Path, secret: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(store_dir, secret, "client", "add", "--first", "Ann", "--dob", "31.12.1980") == 2
    assert "1980-07-31" in capsys.readouterr().err


def test_wrong_passphrase_exit_code(
    store_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not-the-pass-1\n", encoding="utf-8")
    assert run(store_dir, wrong, "client", "find", "x") == 7
    assert "did not open" in capsys.readouterr().err


def test_users_add_list_passwd(
    store_dir: Path, secret: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new = tmp_path / "new.txt"
    new.write_text("worker-pass-77\n", encoding="utf-8")
    assert run(store_dir, secret, "users", "add", "wes", "--new-passphrase-file", str(new)) == 0
    assert run(store_dir, secret, "users", "list") == 2  # two users now: say who
    assert "--user NAME" in capsys.readouterr().err
    assert run(store_dir, secret, "--user", "ana", "users", "list") == 0
    out = capsys.readouterr().out
    assert "wes" in out
    assert "worker" in out
    # The new user can unlock; a worker may not add users.
    assert (
        main(
            [
                "--data-dir",
                str(store_dir),
                "--passphrase-file",
                str(new),
                "--user",
                "wes",
                "users",
                "add",
                "zed",
                "--new-passphrase-file",
                str(new),
            ]
        )
        == 10
    )
    newer = tmp_path / "newer.txt"
    newer.write_text("worker-pass-88\n", encoding="utf-8")
    assert (
        run(
            store_dir,
            secret,
            "--user",
            "ana",
            "users",
            "passwd",
            "wes",
            "--new-passphrase-file",
            str(newer),
        )
        == 0
    )
    assert (
        main(
            [
                "--data-dir",
                str(store_dir),
                "--passphrase-file",
                str(newer),
                "--user",
                "wes",
                "users",
                "list",
            ]
        )
        == 0
    )


def test_weak_passphrase_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    weak = tmp_path / "weak.txt"
    weak.write_text("short\n", encoding="utf-8")
    assert run(tmp_path / "d", weak, "init", "--admin", "ana") == 8
    assert not (tmp_path / "d" / "outreach.db").exists()


def test_demo_data_and_doctor(
    store_dir: Path, secret: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(store_dir, secret, "demo-data", "--clients", "300", "--seed", "7") == 0
    assert "Added 300 demo clients" in capsys.readouterr().out
    assert run(store_dir, secret, "doctor") == 0
    out = capsys.readouterr().out
    assert "cipher_integrity_check: ok" in out
    assert "schema_version: 3" in out
    assert "'Client': 300" in out


def test_no_store_yet(tmp_path: Path, secret: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(tmp_path / "empty", secret, "client", "find", "x") == 3
    assert "outreach init" in capsys.readouterr().err


def test_missing_passphrase_file(
    store_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(store_dir, tmp_path / "nope.txt", "client", "find", "x") == 2
    assert "Could not read" in capsys.readouterr().err


def test_passphrase_from_stdin(store_dir: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "outreach_app.cli.main",
            "--data-dir",
            str(store_dir),
            "--passphrase-file",
            "-",
            "client",
            "find",
            "nobody",
        ],
        input=PASS + "\n",
        capture_output=True,
        text=True,
        timeout=60,
        env={"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    assert "No clients found." in result.stdout


def test_version() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "outreach_app.cli.main", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == f"outreach {__version__}"
