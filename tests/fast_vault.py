"""A vault for tests: key slots in the private file, the cheapest KDF the key code accepts.

Importable from every test folder (pytest puts this folder on ``sys.path`` for its
``conftest.py``), so the window, sync and other tests make stores the same way.
"""

from __future__ import annotations

from pathlib import Path

from keyring.backends import fail

from outreach_app.storage.keys import KdfParams
from outreach_app.storage.vault import Vault

PASS = "under-bridge-6am"


def make_vault(data_dir: Path) -> Vault:
    """Return a Vault with file key slots and the cheapest KDF (a tenth of a second)."""
    return Vault(
        data_dir,
        keyring_backend=fail.Keyring(),
        kdf=lambda: KdfParams.new(time_cost=1, parallelism=1),
    )
