"""Checking hand-written JSON: every problem recorded with its path, none fatal.

A CoC's HMIS admin writes instrument files by hand. Python's own errors
(``KeyError: 'text'``) would tell them nothing, and stopping at the first
problem makes fixing a file a long loop. :class:`CheckedReader` reads each
value with the type it must have; when one does not fit, it records
``"<path in the file>: <what is wrong>"``, substitutes a default, and reading
goes on, so one pass lists everything. :mod:`.ce_instrument_reader` builds the
instrument-specific checks on it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

ID_RE = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,63}$")
_LANG_RE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")


class CheckedReader:
    """Reads values out of parsed JSON, recording a problem for each that does not fit.

    Attributes:
        source: the file name, for messages.
        problems: ``"<path>: <reason>"`` for every problem found so far.
    """

    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[str] = []

    def problem(self, path: str, reason: str) -> None:
        self.problems.append(f"{path}: {reason}" if path else reason)

    def obj(self, raw: Any, path: str, allowed: set[str], required: set[str]) -> dict[str, Any]:
        if not isinstance(raw, dict):
            self.problem(path, "must be a JSON object { ... }")
            return {}
        for key in sorted(set(raw) - allowed):
            self.problem(
                f"{path}.{key}" if path else key, f"unknown key; allowed: {names_list(allowed)}"
            )
        for key in sorted(required - set(raw)):
            self.problem(path or "(top level)", f'"{key}" is missing')
        return raw

    def text(self, raw: dict[str, Any], key: str, path: str, default: str = "") -> str:
        value = raw.get(key, default)
        if not isinstance(value, str) or (key in raw and not value.strip()):
            self.problem(at(path, key), "must be non-empty text")
            return default
        return value.strip()

    def number(self, raw: dict[str, Any], key: str, path: str) -> float | None:
        value = raw.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.problem(at(path, key), "must be a number")
            return None
        return value

    def integer(self, raw: dict[str, Any], key: str, path: str, default: int | None) -> int | None:
        value = raw.get(key, default)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(at(path, key), "must be a whole number")
            return default
        return value

    def flag(self, raw: dict[str, Any], key: str, path: str, default: bool) -> bool:
        value = raw.get(key, default)
        if not isinstance(value, bool):
            self.problem(at(path, key), "must be true or false")
            return default
        return value

    def ident(self, raw: dict[str, Any], path: str) -> str:
        value = raw.get("id")
        if not isinstance(value, str) or not ID_RE.match(value):
            self.problem(
                at(path, "id"),
                "must be 1-64 lowercase letters, digits, '_', '-' or '.', starting with a "
                "letter or digit",
            )
            return ""
        return value

    def named(self, raw: Any, path: str, what: str) -> Mapping[str, Any]:
        if raw is None:
            return {}
        if not isinstance(raw, dict):
            self.problem(path, f"must be a JSON object of {what}")
            return {}
        return raw

    def translations(self, raw: Any, path: str, keys: set[str] | None) -> dict[str, Any]:
        """Read ``{"es": "text"}`` (keys None) or ``{"es": {"text": ..., ...}}``."""
        found: dict[str, Any] = {}
        for language, value in self.named(raw, path, "languages").items():
            where = f"{path}.{language}"
            if not _LANG_RE.match(language):
                self.problem(where, "must be a language code such as es or pt-BR")
            elif keys is None and isinstance(value, str) and value.strip():
                found[language] = value.strip()
            elif keys is not None and isinstance(value, dict):
                entry = self.obj(value, where, keys, set())
                found[language] = {k: self.text(entry, k, where) for k in entry if k in keys}
            else:
                self.problem(where, "must be text" if keys is None else "must be an object")
        return found


def at(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def names_list(names: set[str]) -> str:
    return ", ".join(sorted(names))
