"""``outreach sync enroll | now | status`` against the real gateway."""

from __future__ import annotations

from pathlib import Path

import pytest
from sync_helpers import PASS, GatewayWorld, make_vault, new_client

from outreach_app.cli.main import main


def test_enroll_sync_and_status_from_the_command_line(
    world: GatewayWorld, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = tmp_path / "cli-laptop"
    store, _ = make_vault(data_dir).create("maya", PASS)
    good, bad = new_client(), new_client(first="Ana", VeteranStatus=7)
    with store:
        store.save_many([good, bad])
    (tmp_path / "pass").write_text(PASS + "\n")
    (tmp_path / "code").write_text(world.code("A.worker") + "\n")
    common = ["--data-dir", str(data_dir), "--passphrase-file", str(tmp_path / "pass"), "sync"]

    assert main([*common, "enroll", "--url", world.url, "--code-file", str(tmp_path / "code")]) == 0
    assert "Enrolled with" in capsys.readouterr().out
    assert main([*common, "now"]) == 0
    assert "Sent 2 changes" in capsys.readouterr().out
    assert main([*common, "status"]) == 0
    out = capsys.readouterr().out
    assert "waiting to be sent: 0" in out
    assert f"Client {bad.id} (create): invalid [VeteranStatus]" in out
    assert "Ana" not in out and "token" not in out

    (tmp_path / "code").write_text("AAAAA-BBBBB\n")
    enroll = [*common, "enroll", "--url", world.url, "--code-file", str(tmp_path / "code")]
    assert main(enroll) == 21
    assert "Ask your supervisor for a new code" in capsys.readouterr().err
    assert main([*common, "enroll", "--url", "http://gateway.example.org"]) == 2
    assert "must start with https://" in capsys.readouterr().err
