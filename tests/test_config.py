"""Settings: defaults, the user's file, the managed file that wins, bad values."""

from __future__ import annotations

from pathlib import Path

from outreach_app.config import SETTINGS, load_config


def test_defaults_without_files(tmp_path: Path) -> None:
    config = load_config(tmp_path / "none.toml", tmp_path / "none2.toml")
    assert config["lock_timeout_minutes"] == 10
    assert config.lock_timeout_seconds == 600
    assert not config.problems
    assert not config.managed
    assert all(s.description for s in SETTINGS)


def test_managed_wins_over_user(tmp_path: Path) -> None:
    user = tmp_path / "user.toml"
    user.write_text("lock_timeout_minutes = 30\ncoc_code = 'XX-500'\n", encoding="utf-8")
    managed = tmp_path / "managed.toml"
    managed.write_text("lock_timeout_minutes = 5\n", encoding="utf-8")
    config = load_config(user, managed)
    assert config["lock_timeout_minutes"] == 5
    assert config["coc_code"] == "XX-500"
    assert config.managed == {"lock_timeout_minutes"}
    assert config.sources["coc_code"] == "user"


def test_bad_values_are_named_and_defaults_used(tmp_path: Path) -> None:
    managed = tmp_path / "managed.toml"
    managed.write_text("lock_timeout_minutes = 0\nfiscal_year = 2019\nnope = 1\n", encoding="utf-8")
    config = load_config(None, managed)
    assert config["lock_timeout_minutes"] == 10
    assert config["fiscal_year"] == 2026
    text = "\n".join(config.problems)
    assert str(managed) in text
    assert "lock_timeout_minutes must be at least 1" in text
    assert "fiscal_year must be one of 2026, 2024" in text
    assert "unknown setting 'nope'" in text


def test_unreadable_toml_is_reported(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text("lock_timeout_minutes = = 3", encoding="utf-8")
    config = load_config(broken, None)
    assert config["lock_timeout_minutes"] == 10
    assert "could not be read" in config.problems[0]
