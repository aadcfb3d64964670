"""Helpers for the HMIS CSV tests: reading an export's members and writing altered copies."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable
from pathlib import Path

CONSENTED_NAME = "Philomena"
UNCONSENTED_NAME = "Quillfeather"
ALIAS = "Sparrowhawk"

Edit = Callable[[list[list[str]]], None]


def read_members(path: Path) -> dict[str, bytes]:
    """Return every member of a zip by name."""
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def read_rows(path: Path, member: str) -> list[list[str]]:
    """Return one member's CSV rows (header first)."""
    return list(csv.reader(io.StringIO(read_members(path)[member].decode("utf-8"))))


def write_zip(path: Path, members: dict[str, bytes]) -> Path:
    """Write ``members`` as a zip at ``path``."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def to_csv(rows: list[list[str]]) -> bytes:
    """Return rows as HMIS CSV bytes."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("utf-8")
