"""Helpers shared by the window tests (a module with its own name, so that it never
clashes with another folder's ``conftest`` when several test folders run together)."""

from __future__ import annotations

from pathlib import Path

from keyring.backends import fail

from outreach_app.storage.keys import KdfParams
from outreach_app.storage.vault import Vault

PASS = "under-bridge-6am"


def make_vault(data_dir: Path) -> Vault:
    """Return a Vault with file key slots and the cheapest KDF."""
    return Vault(
        data_dir,
        keyring_backend=fail.Keyring(),
        kdf=lambda: KdfParams.new(time_cost=1, parallelism=1),
    )
