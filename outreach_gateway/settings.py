"""The gateway's settings, declared once with defaults, read from the environment.

Workers started by uvicorn are separate processes that only share the
environment, so every setting lives in an ``OUTREACH_GATEWAY_*`` variable; the
command line's flags simply set those variables before starting the server.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

ENV_PREFIX = "OUTREACH_GATEWAY_"
DEFAULT_DATABASE_URL = "sqlite:///outreach-gateway.db"
DEFAULT_MAX_REQUEST_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything the service needs to know at start.

    Attributes:
        database_url: SQLAlchemy URL: ``postgresql+psycopg://…`` in production,
            ``sqlite:///path.db`` for a trial.
        host: address to bind.
        port: TCP port to bind.
        workers: uvicorn worker processes.
        max_request_bytes: larger request bodies are refused with 413.
        fiscal_year: the HMIS CSV fiscal year devices validate against.
        coc_code: the Continuum of Care's HUD code, sent to devices in config.
        code_ttl_hours: default lifetime of an enrollment code.
        contact_resolution_seconds: a device's last contact is rewritten at
            most this often, so reads do not all become writes.
    """

    database_url: str = DEFAULT_DATABASE_URL
    host: str = "127.0.0.1"
    port: int = 8765
    workers: int = 1
    max_request_bytes: int = DEFAULT_MAX_REQUEST_BYTES
    fiscal_year: int = 2026
    coc_code: str = "XX-500"
    code_ttl_hours: int = 24
    contact_resolution_seconds: int = 5

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read settings from ``OUTREACH_GATEWAY_<NAME>`` variables, defaults elsewhere."""
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for spec in fields(cls):
            raw = env.get(ENV_PREFIX + spec.name.upper())
            if raw is None or raw == "":
                continue
            values[spec.name] = int(raw) if spec.type in {"int", int} else raw
        return cls(**values)

    def to_env(self) -> dict[str, str]:
        """Return the variables that make :meth:`from_env` rebuild these settings."""
        return {
            ENV_PREFIX + spec.name.upper(): str(getattr(self, spec.name)) for spec in fields(self)
        }
