"""Where Outreach keeps its files on each operating system.

Data (the encrypted store) goes in the per-user data folder, logs in the
per-user log folder, and the managed (IT) configuration in a system-wide
folder. ``--data-dir`` or ``OUTREACH_DATA_DIR`` points elsewhere, for tests,
scripts and portable installs.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "Outreach"
APP_AUTHOR = "Outreach"


def data_dir(override: Path | None = None) -> Path:
    """Return the folder of the encrypted store."""
    if override is not None:
        return override
    if env := os.environ.get("OUTREACH_DATA_DIR"):
        return Path(env)
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))


def log_dir(data: Path | None = None) -> Path:
    """Return the folder of the rotating logs (inside an overridden data folder, if any)."""
    if data is not None and (data != data_dir() or os.environ.get("OUTREACH_DATA_DIR")):
        return data / "logs"
    return Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR))


def managed_config_dir() -> Path:
    """Return the system-wide folder where IT puts the managed configuration."""
    if sys.platform == "win32":
        return Path(os.environ.get("PROGRAMDATA", r"C:\ProgramData")) / APP_NAME
    if sys.platform == "darwin":
        return Path("/Library/Application Support") / APP_NAME
    return Path("/etc/outreach")


def user_config_file() -> Path:
    """Return the user's own settings file."""
    return Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR)) / "config.toml"


def managed_config_file() -> Path:
    """Return the settings file IT deploys (its values win over the user's)."""
    return managed_config_dir() / "config.toml"
