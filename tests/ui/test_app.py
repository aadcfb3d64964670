"""The window on a real encrypted store: unlock, search, lock (shortcut and timeout)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from outreach_app.domain.records import Client
from outreach_app.storage.keys import KdfParams
from outreach_app.storage.vault import Vault
from outreach_app.ui.app import MainWindow

PASS = "under-bridge-6am"


@pytest.fixture
def vault(tmp_path: Path, quick_kdf: KdfParams) -> Vault:
    kdf: Callable[[], KdfParams] = lambda: quick_kdf  # noqa: E731
    vault = Vault(tmp_path / "data", kdf=kdf)
    store, _ = vault.create("maya", PASS)
    store.save(Client.new(FirstName="Roberta", LastName="Quist", NameDataQuality=1))
    store.save(Client.new(FirstName="Ezra", LastName="Mendel", NameDataQuality=1))
    store.lock()
    return vault


@pytest.fixture
def window(qtbot, vault: Vault) -> MainWindow:  # type: ignore[no-untyped-def]
    win = MainWindow(vault, lock_seconds=600)
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()
    qtbot.waitActive(win)
    return win


def unlock(qtbot, win: MainWindow, passphrase: str = PASS) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(win.unlock_page.passphrase, passphrase)
    qtbot.keyClick(win.unlock_page.passphrase, Qt.Key.Key_Return)


def test_unlock_then_search(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.unlock_page.unlocked, timeout=10_000):
        unlock(qtbot, window)
    assert window.pages.currentWidget() is window.clients_page
    qtbot.waitUntil(lambda: "2 clients" in window.clients_page.summary.text(), timeout=5000)
    qtbot.keyClicks(window.clients_page.search, "quis")
    qtbot.waitUntil(lambda: window.clients_page.results.count() == 1, timeout=5000)
    assert "Roberta Quist" in window.clients_page.results.item(0).text()


def test_wrong_passphrase_says_so(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    unlock(qtbot, window, "not-it-at-all-9")
    qtbot.waitUntil(lambda: "did not open" in window.unlock_page.message.text(), timeout=10_000)
    assert window.store is None
    assert window.pages.currentWidget() is window.unlock_page


def test_ctrl_l_locks_and_clears(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.unlock_page.unlocked, timeout=10_000):
        unlock(qtbot, window)
    store = window.store
    assert store is not None
    qtbot.keyClicks(window.clients_page.search, "ezra")
    qtbot.keyClick(window.clients_page.search, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.store is None
    assert not store.is_open
    assert window.clients_page.search.text() == ""
    assert window.pages.currentWidget() is window.unlock_page


def test_inactivity_locks(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.unlock_page.unlocked, timeout=10_000):
        unlock(qtbot, window)
    window.autolock.timeout = 0
    window.autolock.poll()
    assert window.store is None
    assert window.statusBar().currentMessage() == "Locked"
