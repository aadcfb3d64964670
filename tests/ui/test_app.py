"""The whole window on a real encrypted store: setup, unlock, find, record, lock, drafts."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from ui_helpers import PASS, make_vault

from outreach_app.storage.vault import Vault
from outreach_app.ui.app import MainWindow, excepthook
from outreach_app.ui.contact import QuickContactDialog


@pytest.fixture
def window(qtbot, vault: Vault) -> MainWindow:  # type: ignore[no-untyped-def]
    win = MainWindow(vault, lock_seconds=600)
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()
    qtbot.waitActive(win)
    return win


def unlock(qtbot, win: MainWindow, passphrase: str = PASS) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(win.unlock_page.unlocked, timeout=10_000):
        qtbot.keyClicks(win.unlock_page.passphrase, passphrase)
        qtbot.keyClick(win.unlock_page.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: win.client_view.project_id is not None, timeout=5000)


def open_quist(qtbot, win: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = win.clients_page
    qtbot.keyClicks(page.search, "quis")
    qtbot.waitUntil(lambda: "1 found" in page.count.text(), timeout=5000)
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Quist" in win.client_view.title.text(), timeout=5000)


def test_wrong_passphrase_says_so_and_stays_locked(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(window.unlock_page.passphrase, "not-the-one")
    qtbot.keyClick(window.unlock_page.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: "passphrase" in window.unlock_page.message.text().lower(), timeout=10_000
    )
    assert window.store is None
    assert window.pages.currentWidget() is window.unlock_page


def test_unlock_find_open_and_record_a_contact(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    unlock(qtbot, window)
    assert window.pages.currentWidget() is window.clients_page
    qtbot.waitUntil(lambda: "2 clients" in window.clients_page.count.text(), timeout=5000)
    open_quist(qtbot, window)
    assert window.pages.currentWidget() is window.client_view
    dialog = window.client_view.record_contact()
    dialog.form.fields["CurrentLivingSituation"].set_value(116)
    with qtbot.waitSignal(dialog.finished, timeout=5000):
        dialog.try_submit()
    qtbot.waitUntil(lambda: window.client_view.contacts.rowCount() == 1, timeout=5000)


def test_ctrl_l_locks_and_clears_the_screen(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    unlock(qtbot, window)
    open_quist(qtbot, window)
    store = window.store
    qtbot.keyClick(window.client_view.tabs, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.store is None
    assert window.pages.currentWidget() is window.unlock_page
    assert window.client_view.title.text() == ""
    assert window.clients_page.model.rowCount() == 0
    qtbot.waitUntil(lambda: not store.is_open, timeout=5000)  # type: ignore[union-attr]


def test_inactivity_locks(qtbot, vault: Vault) -> None:  # type: ignore[no-untyped-def]
    win = MainWindow(vault, lock_seconds=0.3)
    qtbot.addWidget(win)
    win.show()
    unlock(qtbot, win)
    qtbot.waitUntil(lambda: win.store is None, timeout=5000)
    assert win.pages.currentWidget() is win.unlock_page


def test_typing_survives_a_lock_as_an_encrypted_draft(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    unlock(qtbot, window)
    open_quist(qtbot, window)
    dialog = window.client_view.record_contact()
    dialog.form.fields["CurrentLivingSituation"].set_value(118)
    dialog.form.fields["LocationDetails"].setText("Pine St Safe Haven")
    dialog.note.setPlainText("Wants a call back at 9")
    window.client_view.profile.form.fields["MiddleName"].setText("Jo")
    window.lock()
    assert not dialog.isVisible()
    unlock(qtbot, window)
    qtbot.waitUntil(lambda: len(window.client_view.dialogs) == 1, timeout=5000)
    restored = next(iter(window.client_view.dialogs.values()))
    assert isinstance(restored, QuickContactDialog)
    assert restored.draft_id == dialog.draft_id
    assert restored.form.fields["CurrentLivingSituation"].value() == 118
    assert restored.form.fields["LocationDetails"].text() == "Pine St Safe Haven"
    assert restored.note.toPlainText() == "Wants a call back at 9"
    assert window.client_view.profile.form.fields["MiddleName"].text() == "Jo"
    assert "Restored" in window.statusBar().currentMessage()
    # Saving the contact discards its draft: the next unlock brings back only the profile.
    with qtbot.waitSignal(restored.finished, timeout=5000):
        restored.try_submit()
    store = window.store
    qtbot.waitUntil(lambda: len(store.drafts()) == 1, timeout=5000)  # type: ignore[union-attr]
    assert store.drafts()[0].kind == "profile"  # type: ignore[union-attr]


def test_autosave_keeps_drafts_while_unlocked(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    unlock(qtbot, window)
    open_quist(qtbot, window)
    dialog = window.client_view.record_contact()
    dialog.note.setPlainText("first words")
    window.autosave()
    store = window.store
    assert store is not None
    qtbot.waitUntil(lambda: len(store.drafts()) == 1, timeout=5000)
    assert store.drafts()[0].data["state"]["note"] == "first words"
    dialog.reject()
    qtbot.waitUntil(lambda: store.drafts() == [], timeout=5000)


def test_new_client_shows_duplicates_then_creates(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    unlock(qtbot, window)
    qtbot.keyClicks(window.clients_page.search, "Robert Quist")
    qtbot.keyClick(window.clients_page.search, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.new_client_dialog is not None, timeout=2000)  # animated click
    dialog = window.new_client_dialog
    assert dialog is not None
    assert dialog.first_name.text() == "Robert"
    qtbot.waitUntil(lambda: dialog.candidates.count() >= 1, timeout=5000)
    assert "Roberta Quist" in dialog.candidates.item(0).text()
    qtbot.waitUntil(dialog.create_button.isEnabled, timeout=5000)
    dialog.create_button.click()
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.client_view, timeout=5000)
    qtbot.waitUntil(lambda: "Robert Quist" in window.client_view.title.text(), timeout=5000)
    assert window.store is not None
    assert window.store.count("Client") == 3


def test_first_run_setup_creates_store_and_project(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    vault = make_vault(tmp_path / "fresh")
    win = MainWindow(vault, agency="Harbor Outreach")
    qtbot.addWidget(win)
    win.show()
    assert win.pages.currentWidget() is win.setup_page
    page = win.setup_page
    page.user_name.setText("maya")
    page.passphrase.setText(PASS)
    page.repeat.setText(PASS)
    page.create_button.click()
    qtbot.waitUntil(lambda: page.recovery_key.text() != "", timeout=10_000)
    page.written_down.setChecked(True)
    page.continue_button.click()
    qtbot.waitUntil(lambda: win.client_view.project_id is not None, timeout=5000)
    assert win.pages.currentWidget() is win.clients_page
    assert page.recovery_key.text() == ""  # shown once
    [project] = win.store.records("Project")  # type: ignore[union-attr]
    assert project.get("ProjectType") == 4
    assert project.get("ProjectName") == "Harbor Outreach Street Outreach"


def test_a_bug_gets_a_dialog_without_personal_data(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    hook = excepthook(window)
    try:
        raise ValueError("Roberta Quist 1971-04-05")
    except ValueError:
        kind, exc, tb = sys.exc_info()
        hook(kind, exc, tb)  # type: ignore[arg-type]
    [box] = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]
    assert "bug" in box.text().lower()
    details = box.detailedText()
    assert "ValueError" in details
    assert "test_app.py" in details
    assert "Roberta" not in details and "1971" not in details
    copy = next(b for b in box.buttons() if "Copy" in b.text())
    copy.click()
    assert QApplication.clipboard().text() == details
    box.close()
