"""Suite-wide test setup.

- Tests that use ``qtbot`` (a QApplication) are marked ``gui`` automatically.
- The OS keyring is switched off for every test (``PYTHON_KEYRING_BACKEND`` set to
  keyring's *fail* backend) so no test touches a developer's own keyring; the
  keyring tests in ``tests/storage`` start a private GNOME Keyring of their own
  and pass its backend explicitly.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from outreach_app.storage.keys import KdfParams


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that needs a QApplication as ``gui``."""
    for item in items:
        if "qtbot" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.gui)


@pytest.fixture(autouse=True)
def _no_user_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    import keyring.core

    previous = keyring.core._keyring_backend
    keyring.core._keyring_backend = None
    yield
    keyring.core._keyring_backend = previous


@pytest.fixture
def quick_kdf() -> KdfParams:
    """Return the cheapest KDF parameters allowed (64 MiB, one pass)."""
    return KdfParams.new(time_cost=1, parallelism=1)
