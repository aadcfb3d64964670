"""Settings, declared once: name, type, default, description.

Values come from three layers, later winning: the defaults below, the user's
``config.toml`` in the user config folder, and the managed ``config.toml`` that
agency IT deploys system-wide (see :func:`outreach_app.paths.managed_config_dir`).
A managed value cannot be overridden by the user and is shown as locked.

A bad value never stops the app: it is reported with the file and the key, and
the default is used instead.
"""

from __future__ import annotations

import logging
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

log = logging.getLogger("outreach.config")

SettingValue = str | int | bool


@dataclass(frozen=True, slots=True)
class Setting:
    """One setting.

    Attributes:
        name: the key in ``config.toml``.
        type: ``str``, ``int`` or ``bool``.
        default: the value when nobody set one.
        description: what it does, for the settings screen and the docs.
        minimum: the smallest allowed integer, if any.
        choices: the allowed values, if restricted.
    """

    name: str
    type: type[SettingValue]
    default: SettingValue
    description: str
    minimum: int | None = None
    choices: tuple[SettingValue, ...] = ()


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "lock_timeout_minutes",
        int,
        10,
        "Lock the store after this many minutes without activity (HUD: automatic lock).",
        minimum=1,
    ),
    Setting("gateway_url", str, "", "The CoC gateway this laptop syncs with (https://...)."),
    Setting("ca_bundle", str, "", "A CA bundle file to trust for the gateway, if not public."),
    Setting("coc_code", str, "", "The Continuum of Care code, e.g. XX-500."),
    Setting("agency", str, "", "The agency (HMIS organization) this laptop belongs to."),
    Setting("fiscal_year", int, 2026, "The HMIS CSV fiscal year to use.", choices=(2026, 2024)),
    Setting(
        "log_level",
        str,
        "INFO",
        "How much to log (never personal data).",
        choices=("DEBUG", "INFO", "WARNING", "ERROR"),
    ),
    Setting(
        "instruments_dir",
        str,
        "",
        "A folder of the CoC's own CE assessment instruments (JSON), beside the shipped ones.",
    ),
    Setting("prefer_keyring", bool, True, "Keep key slots in the OS keyring when there is one."),
)
_BY_NAME = {s.name: s for s in SETTINGS}


@dataclass(frozen=True)
class Config:
    """The effective settings.

    Attributes:
        values: every setting's effective value.
        managed: names of settings fixed by IT.
        problems: plain-language reports of bad values that were ignored.
    """

    values: Mapping[str, SettingValue]
    managed: frozenset[str] = frozenset()
    problems: tuple[str, ...] = ()
    sources: Mapping[str, str] = field(default_factory=dict)

    def __getitem__(self, name: str) -> SettingValue:
        return self.values[name]

    @property
    def lock_timeout_seconds(self) -> int:
        """The inactivity lock timeout in seconds."""
        return int(self.values["lock_timeout_minutes"]) * 60


def _check(setting: Setting, value: object) -> SettingValue:
    if setting.type is int and (isinstance(value, bool) or not isinstance(value, int)):
        raise ValueError("must be a whole number")
    if setting.type is bool and not isinstance(value, bool):
        raise ValueError("must be true or false")
    if setting.type is str and not isinstance(value, str):
        raise ValueError("must be text in quotes")
    assert isinstance(value, str | int | bool)
    if setting.minimum is not None and isinstance(value, int) and value < setting.minimum:
        raise ValueError(f"must be at least {setting.minimum}")
    if setting.choices and value not in setting.choices:
        raise ValueError("must be one of " + ", ".join(map(str, setting.choices)))
    return value


def _read(path: Path, problems: list[str]) -> dict[str, SettingValue]:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        problems.append(f"{path}: could not be read ({exc}); its settings were ignored.")
        return {}
    values: dict[str, SettingValue] = {}
    for key, value in raw.items():
        setting = _BY_NAME.get(key)
        if setting is None:
            problems.append(f"{path}: unknown setting {key!r} was ignored.")
            continue
        try:
            values[key] = _check(setting, value)
        except ValueError as exc:
            problems.append(f"{path}: {key} {exc}; using {setting.default!r} instead.")
    return values


def load_config(user_file: Path | None, managed_file: Path | None) -> Config:
    """Combine defaults, the user's file and the managed file (which wins)."""
    problems: list[str] = []
    values: dict[str, SettingValue] = {s.name: s.default for s in SETTINGS}
    sources = {s.name: "default" for s in SETTINGS}
    user = _read(user_file, problems) if user_file else {}
    managed = _read(managed_file, problems) if managed_file else {}
    for layer, label in ((user, "user"), (managed, "managed")):
        values.update(layer)
        sources.update({k: label for k in layer})
    for problem in problems:
        log.warning("config: %s", problem)
    return Config(MappingProxyType(values), frozenset(managed), tuple(problems), sources)
