"""Regenerate the screenshots in docs/screenshots/ from the real window.

Run under a display (e.g. ``xvfb-run -a .venv/bin/python scripts/screenshots.py``).
It builds a demo store of synthetic people in a temporary folder, opens the
window, and saves what it shows at each step.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from outreach_app.cli.commands import DEMO_PASSPHRASE, DEMO_USER
from outreach_app.domain.demo import generate_clients
from outreach_app.domain.records import Client
from outreach_app.storage.vault import Vault
from outreach_app.ui.app import MainWindow

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


def main() -> int:
    """Build a demo store, drive the window, save PNGs."""
    app = QApplication(sys.argv[:1])
    data = Path(tempfile.mkdtemp()) / "data"
    vault = Vault(data, prefer_keyring=False)
    store, _ = vault.create(DEMO_USER, DEMO_PASSPHRASE, "Demo worker")
    store.save_many(Client.from_values(v) for v in generate_clients(2000, 1))
    store.lock()
    hint = f"Demo store: user “{DEMO_USER}”, passphrase “{DEMO_PASSPHRASE}”."
    window = MainWindow(vault, hint=hint)
    window.show()
    OUT.mkdir(parents=True, exist_ok=True)
    steps = [
        lambda: window.unlock_page.passphrase.setText(DEMO_PASSPHRASE),
        lambda: window.grab().save(str(OUT / "unlock.png")),
        window.unlock_page.try_unlock,
        lambda: None,
        lambda: window.clients_page.search.setText("maria gar"),
        lambda: None,
        lambda: window.grab().save(str(OUT / "search.png")),
        lambda: window.lock(),
        app.quit,
    ]

    def run_step() -> None:
        steps.pop(0)()
        if steps:
            QTimer.singleShot(700, run_step)

    QTimer.singleShot(500, run_step)
    return int(app.exec())


if __name__ == "__main__":
    sys.exit(main())
