"""Logging: UTC, area names, rotation, and the redaction safety net."""

from __future__ import annotations

import logging
from pathlib import Path

from outreach_app.log import setup_logging


def test_log_file_masks_ssn_and_dates(tmp_path: Path) -> None:
    setup_logging(tmp_path)
    log = logging.getLogger("outreach.db")
    log.warning("bad value %s near %s", "123-45-6789", "1980-02-03")
    log.info("id %s", "0123456789abcdef0123456789abcdef")
    for handler in logging.getLogger("outreach").handlers:
        handler.flush()
    text = (tmp_path / "outreach.log").read_text(encoding="utf-8")
    assert "123-45-6789" not in text
    assert "1980-02-03" not in text
    assert "[number]" in text
    assert "[date]" in text
    assert "0123456789abcdef0123456789abcdef" in text
    assert "Z WARNING outreach.db:" in text
    setup_logging(None)
