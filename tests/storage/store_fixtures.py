"""Helpers shared by the store tests (plain functions, imported by the test modules).

Every vault here keeps its key slots in the private file (keyring's "fail"
backend) and uses the cheapest KDF the key code accepts, so a create or an
unlock costs about a tenth of a second.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from keyring.backends import fail

from outreach_app.domain.demo import generate_clients
from outreach_app.domain.records import Client
from outreach_app.storage.keys import KdfParams
from outreach_app.storage.vault import Vault

ADMIN = "admin"
ADMIN_PASS = "passphrase1"
WORKER = "wanda"
WORKER_PASS = "street-team-7"


def fast_kdf() -> KdfParams:
    """Return the cheapest KDF parameters KdfParams accepts (64 MiB, one pass, one lane)."""
    return KdfParams.new(time_cost=1, parallelism=1)


def make_vault(data_dir: Path, **kwargs: Any) -> Vault:
    """Return a Vault on ``data_dir`` with file key slots and the fast KDF."""
    kwargs.setdefault("keyring_backend", fail.Keyring())
    kwargs.setdefault("kdf", fast_kdf)
    return Vault(data_dir, **kwargs)


def client_from_demo(row: Mapping[str, object]) -> Client:
    """Turn one ``generate_clients`` row into a Client record."""
    return Client(str(row["PersonalID"]), {k: v for k, v in row.items() if k != "PersonalID"})


def demo_clients(n: int, seed: int = 20251001) -> list[Client]:
    """Return ``n`` synthetic demo clients (deterministic for a seed)."""
    return [client_from_demo(row) for row in generate_clients(n, seed)]


def file_digests(directory: Path, skip: Iterable[str] = ("outreach.lock",)) -> dict[str, str]:
    """Return the SHA-256 of every file in ``directory`` (not recursive), by name."""
    skipped = set(skip)
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(directory.iterdir())
        if p.is_file() and p.name not in skipped
    }


class FakeClock:
    """A settable clock for ``Vault(monotonic=...)`` (seconds) and ``clock=`` (UTC)."""

    def __init__(self, start: float = 1_760_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds

    def utc(self) -> dt.datetime:
        return dt.datetime.fromtimestamp(self.now, dt.UTC)
