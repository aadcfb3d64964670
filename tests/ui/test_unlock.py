"""Unlocking and first-run setup on real encrypted stores in a temp folder."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fast_vault import make_vault
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QComboBox, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from outreach_app import errors
from outreach_app.storage.store import Store
from outreach_app.storage.vault import Vault
from outreach_app.ui.tasks import Worker
from outreach_app.ui.unlock import SetupPage, UnlockPage

USER, PASS = "maya", "under-bridge-6am"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("unlock") / "data"
    store, _ = make_vault(path).create(USER, PASS)
    store.lock()
    return path


@pytest.fixture
def vault(template: Path, tmp_path: Path) -> Vault:
    shutil.copytree(template, tmp_path / "data")
    return make_vault(tmp_path / "data")


@pytest.fixture
def opened() -> Iterator[list[Store]]:
    """Stores the pages hand out, locked at the end of the test."""
    stores: list[Store] = []
    yield stores
    for store in stores:
        store.lock()


def _show(qtbot: QtBot, page: QWidget) -> QWidget:
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    return page


def assert_named(page: QWidget) -> None:
    controls = [
        w
        for w in page.findChildren(QWidget)
        if isinstance(w, QLineEdit | QComboBox | QAbstractButton)
    ]
    assert controls
    for widget in controls:
        named = widget.accessibleName() or (isinstance(widget, QAbstractButton) and widget.text())
        assert named, widget


# -- UnlockPage ------------------------------------------------------------------------------


@pytest.fixture
def unlock(qtbot: QtBot, vault: Vault) -> UnlockPage:
    page = UnlockPage(vault, Worker(), hint="Locked after 10 minutes.")
    _show(qtbot, page)
    return page


def test_the_unlock_page_lists_users_and_names_its_controls(unlock: UnlockPage) -> None:
    assert [unlock.user.itemText(i) for i in range(unlock.user.count())] == [USER]
    assert unlock.message.text() == "Locked after 10 minutes."
    assert unlock.passphrase.echoMode() == QLineEdit.EchoMode.Password
    assert_named(unlock)


def test_an_empty_passphrase_is_not_tried(qtbot: QtBot, unlock: UnlockPage) -> None:
    with qtbot.assertNotEmitted(unlock.unlocked):
        qtbot.mouseClick(unlock.button, Qt.MouseButton.LeftButton)
    assert unlock.message.text() == "Type your passphrase."
    assert unlock.button.isEnabled()


def test_a_wrong_passphrase_says_so_and_keeps_the_field(qtbot: QtBot, unlock: UnlockPage) -> None:
    qtbot.keyClicks(unlock.passphrase, "under-bridge-7am")
    with qtbot.assertNotEmitted(unlock.unlocked, wait=0):
        qtbot.keyClick(unlock.passphrase, Qt.Key.Key_Return)
        assert not unlock.button.isEnabled()  # one attempt at a time
        assert unlock.message.text() == "Unlocking…"
        qtbot.waitUntil(unlock.button.isEnabled, timeout=5000)
    message = unlock.message.text()
    assert message and message != "Unlocking…"
    assert "passphrase" in message.lower()
    assert unlock.passphrase.text() == "under-bridge-7am"
    assert unlock.passphrase.selectedText() == "under-bridge-7am"  # retype over it


def test_the_right_passphrase_unlocks(
    qtbot: QtBot, unlock: UnlockPage, opened: list[Store]
) -> None:
    qtbot.keyClicks(unlock.passphrase, PASS)
    with qtbot.waitSignal(unlock.unlocked, timeout=5000) as done:
        qtbot.mouseClick(unlock.button, Qt.MouseButton.LeftButton)
        unlock.try_unlock()  # a second click while unlocking is ignored
    store = done.args[0]
    opened.append(store)
    assert isinstance(store, Store) and store.is_open
    assert store.user.user_name == USER
    assert unlock.passphrase.text() == ""  # never left on screen
    assert unlock.message.text() == ""
    assert unlock.button.isEnabled()


# -- SetupPage -------------------------------------------------------------------------------


@pytest.fixture
def setup(qtbot: QtBot, tmp_path: Path) -> SetupPage:
    page = SetupPage(make_vault(tmp_path / "new"), Worker(), agency="Harbor Outreach")
    _show(qtbot, page)
    return page


def fill(qtbot: QtBot, page: SetupPage, passphrase: str, repeat: str) -> None:
    qtbot.keyClicks(page.user_name, USER)
    qtbot.keyClicks(page.full_name, "Maya Ortiz")
    qtbot.keyClicks(page.passphrase, passphrase)
    qtbot.keyClicks(page.repeat, repeat)


def test_setup_names_its_controls(setup: SetupPage) -> None:
    assert setup.agency.text() == "Harbor Outreach"
    assert setup.steps.currentIndex() == 0
    assert_named(setup)


def test_setup_needs_a_user_name(qtbot: QtBot, setup: SetupPage, tmp_path: Path) -> None:
    qtbot.keyClicks(setup.passphrase, PASS)
    qtbot.keyClicks(setup.repeat, PASS)
    qtbot.mouseClick(setup.create_button, Qt.MouseButton.LeftButton)
    assert setup.problems.isVisible()
    assert "user name" in setup.problems.text()
    assert not (tmp_path / "new").exists()


def test_setup_refuses_passphrases_that_differ(
    qtbot: QtBot, setup: SetupPage, tmp_path: Path
) -> None:
    fill(qtbot, setup, PASS, "under-bridge-6pm")
    with qtbot.assertNotEmitted(setup.created):
        qtbot.keyClick(setup.repeat, Qt.Key.Key_Return)
    assert "The two passphrases are not the same." in setup.problems.text()
    assert setup.problems.isVisible()
    assert setup.repeat.text() == ""  # type it again
    assert setup.repeat.hasFocus()
    assert setup.passphrase.text() == PASS
    assert setup.create_button.isEnabled()
    assert not make_vault(tmp_path / "new").exists


def test_setup_refuses_a_weak_passphrase_plainly(
    qtbot: QtBot, setup: SetupPage, tmp_path: Path
) -> None:
    fill(qtbot, setup, "password", "password")
    qtbot.mouseClick(setup.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(setup.create_button.isEnabled, timeout=5000)
    text = setup.problems.text()
    assert "too easy to guess" in text
    assert "digit" in text  # says what to change
    assert setup.steps.currentIndex() == 0
    assert setup.passphrase.hasFocus()
    assert not make_vault(tmp_path / "new").exists


def test_setup_creates_a_store_that_then_unlocks(
    qtbot: QtBot, setup: SetupPage, tmp_path: Path, opened: list[Store]
) -> None:
    fill(qtbot, setup, PASS, PASS)
    qtbot.mouseClick(setup.create_button, Qt.MouseButton.LeftButton)
    assert not setup.create_button.isEnabled()  # no second store on a double click
    qtbot.waitUntil(lambda: setup.steps.currentIndex() == 1, timeout=5000)
    key = setup.recovery_key.text()
    assert len(key.replace("-", "").replace(" ", "")) >= 32
    assert setup.recovery_key.isVisible()
    assert setup.passphrase.text() == "" and setup.repeat.text() == ""

    # Continue needs the "written down" box.
    assert not setup.continue_button.isEnabled()
    with qtbot.assertNotEmitted(setup.created):
        qtbot.mouseClick(setup.continue_button, Qt.MouseButton.LeftButton)
    setup.written_down.click()
    assert setup.continue_button.isEnabled()
    setup.written_down.click()
    assert not setup.continue_button.isEnabled()
    setup.written_down.click()
    with qtbot.waitSignal(setup.created, timeout=1000) as created:
        qtbot.mouseClick(setup.continue_button, Qt.MouseButton.LeftButton)
    store, agency = created.args
    opened.append(store)
    assert agency == "Harbor Outreach"
    assert store.is_open and store.user.user_name == USER and store.user.role == "admin"
    assert store.users()[0].full_name == "Maya Ortiz"
    assert setup.recovery_key.text() == ""  # shown once
    store.lock()

    vault = make_vault(tmp_path / "new")
    with vault.unlock(USER, PASS) as again:
        assert again.user.user_name == USER
    with vault.unlock_with_recovery(key) as recovered:  # the key shown is the real one
        assert recovered.is_open
    with pytest.raises(errors.WrongPassphrase):
        vault.unlock(USER, "under-bridge-6pm")


def test_setup_over_an_existing_store_says_so(qtbot: QtBot, vault: Vault) -> None:
    page = SetupPage(vault, Worker())
    _show(qtbot, page)
    fill(qtbot, page, "another-pass-9", "another-pass-9")
    with qtbot.assertNotEmitted(page.created, wait=0):
        qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(page.create_button.isEnabled, timeout=5000)
    assert "already exists" in page.problems.text()
    assert page.steps.currentIndex() == 0
