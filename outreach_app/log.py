"""Logging: named areas, UTC timestamps, rotating files, no personal data.

Loggers are named by area (``outreach.db``, ``outreach.sync``, ``outreach.ui``,
``outreach.cli``). Messages never carry a client's name, date of birth, SSN or
any key: code logs ids, counts and error classes only, and a test searches the
log files for demo people's data. As a second line of defence a filter masks
anything shaped like an SSN or a date of birth before it is written.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
import time
from pathlib import Path

_SSN = re.compile(r"\b\d{3}-?\d{2}-?\d{4}\b")
_DATE = re.compile(r"\b(?:\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4})\b")
_FORMAT = "%(asctime)s.%(msecs)03dZ %(levelname)-7s %(name)s: %(message)s"


class RedactingFilter(logging.Filter):
    """Mask SSN-shaped and date-shaped text in log records, as a safety net."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record's message with sensitive shapes masked."""
        message = record.getMessage()
        masked = _DATE.sub("[date]", _SSN.sub("[number]", message))
        if masked != message:
            record.msg, record.args = masked, None
        return True


def _formatter() -> logging.Formatter:
    formatter = logging.Formatter(_FORMAT, datefmt="%Y-%m-%dT%H:%M:%S")
    formatter.converter = time.gmtime
    return formatter


def setup_logging(log_dir: Path | None, level: str = "INFO", *, console: bool = False) -> None:
    """Send ``outreach.*`` logs to a rotating file in ``log_dir`` (and stderr if asked)."""
    root = logging.getLogger("outreach")
    root.setLevel(level.upper())
    for handler in list(root.handlers):
        root.removeHandler(handler)
        handler.close()
    handlers: list[logging.Handler] = []
    if log_dir is not None:
        log_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        handlers.append(
            logging.handlers.RotatingFileHandler(
                log_dir / "outreach.log", maxBytes=1_000_000, backupCount=5, encoding="utf-8"
            )
        )
    if console:
        handlers.append(logging.StreamHandler())
    for handler in handlers:
        handler.setFormatter(_formatter())
        handler.addFilter(RedactingFilter())
        root.addHandler(handler)
    root.propagate = False
