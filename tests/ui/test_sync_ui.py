"""Sync in the window, against a real gateway on 127.0.0.1: enroll, states, offline, revoked.

The gateway and its agencies come from the sync tests' fixtures (loaded from
``tests/sync/conftest.py`` under a name of their own, since every folder's
conftest is called ``conftest``); the laptop is the window tests' store.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

import pytest
import requests
from PySide6.QtCore import Qt

from outreach_app.storage.store import Store
from outreach_app.storage.vault import Vault
from outreach_app.sync.engine import enroll
from outreach_app.ui.app import MainWindow
from outreach_app.ui.client_model import ClientListModel
from outreach_app.ui.enroll_dialog import EnrollDialog

_TESTS = Path(__file__).resolve().parents[1]
for _folder in ("sync", "gateway"):
    if str(_TESTS / _folder) not in sys.path:
        sys.path.insert(0, str(_TESTS / _folder))
_spec = importlib.util.spec_from_file_location("sync_fixtures", _TESTS / "sync" / "conftest.py")
assert _spec is not None and _spec.loader is not None
_sync_fixtures = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_sync_fixtures)
gateway_server = _sync_fixtures.gateway_server
world = _sync_fixtures.world

from sync_helpers import PASS, GatewayWorld, new_client, new_contact  # noqa: E402

from outreach_gateway.clock import utc_now  # noqa: E402
from outreach_gateway.database import short_write  # noqa: E402
from outreach_gateway.tenancy import revoke_device  # noqa: E402

WAIT = 10_000


class SwitchableSession(requests.Session):
    """A real session whose network can be pulled out, as a laptop leaving wifi."""

    offline = False

    def request(self, *args: Any, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        """Fail like a dead network while offline; otherwise really send."""
        if SwitchableSession.offline:
            raise requests.ConnectionError("offline")
        return super().request(*args, **kwargs)


@pytest.fixture
def window(qtbot, vault: Vault, world: GatewayWorld) -> MainWindow:  # type: ignore[no-untyped-def]
    SwitchableSession.offline = False
    with vault.unlock("maya", PASS) as store:
        store.save(new_client())  # Marisol Quintero, with all HUD asks of a client
    win = MainWindow(vault, gateway_url=world.url)
    win.sync.new_session = SwitchableSession
    qtbot.addWidget(win)
    win.show()
    return win


def unlock(qtbot, win: MainWindow) -> Store:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(win.unlock_page.unlocked, timeout=WAIT):
        qtbot.keyClicks(win.unlock_page.passphrase, PASS)
        qtbot.keyClick(win.unlock_page.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: win.client_view.project_id is not None, timeout=WAIT)
    assert win.store is not None
    return win.store


def status(win: MainWindow) -> str:
    return win.sync.status_text()


def list_state(win: MainWindow, last_name: str) -> str:
    model: ClientListModel = win.clients_page.model
    for row in range(model.rowCount()):
        if last_name in model.data(model.index(row, model.NAME)):
            return str(model.data(model.index(row, model.SYNC)))
    return ""


def test_enroll_save_offline_then_sync_now(qtbot, window: MainWindow, world: GatewayWorld) -> None:  # type: ignore[no-untyped-def]
    store = unlock(qtbot, window)
    client_id = _client_ids(store, "Quintero")[0]
    enrollment, _contact = new_contact(client_id)  # HUD's asks, which a quick contact skips
    store.save(enrollment.replace(ProjectID=window.client_view.project_id))
    qtbot.waitUntil(lambda: status(window) == "Not connected to a gateway", timeout=WAIT)
    window.sync.sync_now()
    assert "not connected" in window.statusBar().currentMessage()

    dialog = window.connect_gateway()
    assert isinstance(dialog, EnrollDialog) and dialog.url.text() == world.url
    dialog.code.setText("WRONG-CODE")
    dialog.label.setText("van 2")
    dialog.try_enroll()
    qtbot.waitUntil(lambda: "did not accept" in dialog.status.text(), timeout=WAIT)
    dialog.url.setText("http://gateway.example.org")
    dialog.try_enroll()
    assert "https://" in dialog.status.text()
    dialog.url.setText(world.url)
    dialog.code.setText(world.code("A.worker"))
    with qtbot.waitSignal(dialog.enrolled, timeout=WAIT):
        dialog.try_enroll()
    qtbot.waitUntil(lambda: status(window).startswith("Online · Last sync"), timeout=WAIT)
    assert status(window).endswith("0 waiting")
    qtbot.waitUntil(lambda: list_state(window, "Quintero") == "Synced", timeout=WAIT)
    assert list_state(window, "Quist") == "Needs attention"  # too little recorded for HUD

    SwitchableSession.offline = True
    window.open_client(client_id)
    view = window.client_view
    qtbot.waitUntil(lambda: "Synced" in view.title.text(), timeout=WAIT)
    contact = view.record_contact()
    contact.form.fields["CurrentLivingSituation"].set_value(116)
    with qtbot.waitSignal(contact.finished, timeout=WAIT):
        contact.try_submit()
    qtbot.waitUntil(lambda: view.contacts.rowCount() == 1, timeout=WAIT)
    assert "Waiting to sync" in view.title.text()
    assert view.contacts.item(0, 3).text() == "Waiting to sync"
    qtbot.waitUntil(lambda: status(window).startswith("Offline"), timeout=WAIT)
    assert "cannot be reached" in window.statusBar().currentMessage()
    assert not status(window).endswith(" 0 waiting")
    qtbot.waitUntil(lambda: list_state(window, "Quintero") == "Waiting to sync", timeout=WAIT)

    SwitchableSession.offline = False
    window.sync.sync_now()
    qtbot.waitUntil(lambda: "Synced" in view.title.text(), timeout=WAIT)
    assert view.contacts.item(0, 3).text() == "Synced"
    qtbot.waitUntil(lambda: status(window).endswith(" 0 waiting"), timeout=WAIT)
    assert status(window).startswith("Online · Last sync")
    qtbot.waitUntil(lambda: list_state(window, "Quintero") == "Synced", timeout=WAIT)
    assert store.pending_changes() == 0 and view.contacts.rowCount() == 1  # nothing lost


def _client_ids(store: Store, last_name: str) -> list[str]:
    return [hit.client_id for hit in store.search(last_name)]


def test_a_revoked_laptop_is_erased_and_shows_setup(  # type: ignore[no-untyped-def]
    qtbot, vault: Vault, world: GatewayWorld
) -> None:
    with vault.unlock("maya", PASS) as store, requests.Session() as session:
        device = enroll(store, world.url, world.code("A.worker"), "van 3", session=session)
    window = MainWindow(vault)
    qtbot.addWidget(window)
    window.show()
    unlock(qtbot, window)
    qtbot.waitUntil(lambda: status(window).startswith("Online"), timeout=WAIT)
    with short_write(world.engine) as conn:
        assert revoke_device(conn, device["device_id"], utc_now())

    with qtbot.waitSignal(window.sync.revoked, timeout=WAIT):
        window.sync.sync_now()
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.setup_page, timeout=WAIT)
    assert not vault.exists
    assert "erased" in window.revoked_box.text()
    assert window.store is None
