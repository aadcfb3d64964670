"""Regenerate the screenshots in docs/screenshots/ from the real window.

Run under a display: ``xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python
scripts/screenshots.py [OUT_DIR]``. It sets up a store the way a new laptop does, then a
demo store of synthetic people with outreach work, drives the window through
each screen and dialog, and saves what it shows.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QComboBox, QWidget

from outreach_app.cli.commands import DEMO_COC, DEMO_PASSPHRASE, DEMO_USER, add_demo_data
from outreach_app.storage.vault import Vault
from outreach_app.ui.app import MainWindow

OUT = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parents[1] / "docs" / "screenshots"
SIZE = (1100, 720)


def save(widget: QWidget, name: str) -> None:
    """Save a widget (a window or a dialog) as docs/screenshots/<name>.png."""
    widget.grab().save(str(OUT / f"{name}.png"))
    print(f"saved {name}.png")


def setup_steps(window: MainWindow) -> list[Callable[[], object]]:
    """Return the first-run setup steps: the form, then the recovery key."""
    page = window.setup_page
    return [
        lambda: page.agency.setText("Harbor Outreach"),
        lambda: page.user_name.setText("maya"),
        lambda: page.full_name.setText("Maya Torres"),
        lambda: page.passphrase.setText("river-lantern-42"),
        lambda: page.repeat.setText("river-lantern-42"),
        lambda: save(window, "setup"),
        page.try_create,
        lambda: None,
        lambda: save(window, "recovery-key"),
        window.close,
    ]


def demo_steps(window: MainWindow) -> list[Callable[[], object]]:
    """Return the demo steps: unlock, list, search, new client, a record, each dialog."""
    view = window.client_view
    state: dict[str, QWidget] = {}

    def first_client() -> None:
        # Someone with outreach work already: an enrollment, contacts, history.
        model = window.clients_page.model
        column = model.LAST_CONTACT
        seen = [r for r in range(model.rowCount()) if model.index(r, column).data()]
        window.open_client(model.client_id(seen[0] if seen else 0))

    def contact() -> None:
        dialog = view.record_contact()
        dialog.form.fields["CurrentLivingSituation"].set_value(116)
        dialog.form.fields["LocationDetails"].setText("Under the 5th St bridge, north end")
        dialog.note.setPlainText("Asked for socks and a phone charger. Back Thursday.")
        state["dialog"] = dialog

    def assessment() -> None:
        instrument = view.instruments["street-outreach-prioritization"]
        dialog = view.run_assessment(instrument)
        dialog.location.setText("Riverside camp")
        for widget in list(dialog.questions.values())[:4]:
            combo = widget.input
            if isinstance(combo, QComboBox) and combo.count() > 1:
                combo.setCurrentIndex(1)
        dialog.resize(760, 700)
        state["dialog"] = dialog

    def event() -> None:
        dialog = view.record_event()
        dialog.form.fields["Event"].set_value(14)
        state["dialog"] = dialog

    def close_dialog() -> None:
        state.pop("dialog").close()

    return [
        lambda: window.unlock_page.passphrase.setText(DEMO_PASSPHRASE),
        lambda: save(window, "unlock"),
        window.unlock_page.try_unlock,
        lambda: None,
        lambda: save(window, "clients"),
        lambda: window.clients_page.search.setText("maria gar"),
        lambda: None,
        lambda: save(window, "search"),
        lambda: window.new_client("Maria Garcia"),
        lambda: None,
        lambda: save(window.new_client_dialog, "new-client"),  # type: ignore[arg-type]
        lambda: window.new_client_dialog.reject(),  # type: ignore[union-attr]
        window.clients_page.search.clear,
        first_client,
        lambda: None,
        lambda: save(window, "client-profile"),
        lambda: view.tabs.setCurrentWidget(view.enrollment),
        lambda: save(window, "client-enrollment"),
        lambda: view.tabs.setCurrentWidget(view.contacts),
        lambda: save(window, "client-contacts"),
        lambda: view.tabs.setCurrentWidget(view.history),
        lambda: save(window, "client-history"),
        contact,
        lambda: save(state["dialog"], "contact"),
        close_dialog,
        assessment,
        lambda: save(state["dialog"], "assessment"),
        close_dialog,
        event,
        lambda: save(state["dialog"], "ce-event"),
        close_dialog,
        window.close,
    ]


def play(app: QApplication, steps: list[Callable[[], object]]) -> None:
    """Run the steps 600 ms apart (time for background work and repaints)."""

    def run_step() -> None:
        steps.pop(0)()
        QTimer.singleShot(600, run_step if steps else app.quit)

    QTimer.singleShot(500, run_step)
    app.exec()


def main() -> int:
    """Set up a fresh store, then a demo store; save PNGs of every screen."""
    app = QApplication(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)  # two windows, one after the other
    OUT.mkdir(parents=True, exist_ok=True)
    root = Path(tempfile.mkdtemp())
    fresh = MainWindow(Vault(root / "fresh", prefer_keyring=False))
    fresh.resize(*SIZE)
    fresh.show()
    play(app, setup_steps(fresh))

    vault = Vault(root / "demo", prefer_keyring=False)
    store, _ = vault.create(DEMO_USER, DEMO_PASSPHRASE, "Demo worker")
    with store:
        add_demo_data(store, 2000, 1)
    hint = f"Demo store: user “{DEMO_USER}”, passphrase “{DEMO_PASSPHRASE}”."
    window = MainWindow(vault, hint=hint, coc_code=DEMO_COC)
    window.resize(*SIZE)
    window.show()
    play(app, demo_steps(window))
    return 0


if __name__ == "__main__":
    sys.exit(main())
