"""The new-client dialog against a real encrypted store: duplicates as you type, then create."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fast_vault import make_vault
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QDialog, QLineEdit, QListWidget, QWidget
from pytestqt.qtbot import QtBot

from outreach_app.domain.records import Client
from outreach_app.storage.store import Store
from outreach_app.ui.new_client import NewClientDialog
from outreach_app.ui.tasks import Worker

DONE = ("No one like this", "This might be someone")
USER, PASS = "maya", "under-bridge-6am"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A locked store with two clients, made once; each test unlocks a copy."""
    path = tmp_path_factory.mktemp("new-client") / "data"
    store, _ = make_vault(path).create(USER, PASS)
    with store:
        store.save(Client.new(FirstName="Roberta", LastName="Quist", NameDataQuality=1))
        store.save(Client.new(FirstName="Ezra", LastName="Mendel", NameDataQuality=1))
    return path


@pytest.fixture
def store(template: Path, tmp_path: Path) -> Iterator[Store]:
    shutil.copytree(template, tmp_path / "data")
    opened = make_vault(tmp_path / "data").unlock(USER, PASS)
    yield opened
    opened.lock()


@pytest.fixture
def worker() -> Worker:
    return Worker()


@pytest.fixture
def dialog(qtbot: QtBot, store: Store, worker: Worker) -> NewClientDialog:
    return _open(qtbot, store, worker)


def _open(qtbot: QtBot, store: Store, worker: Worker, **kwargs: Any) -> NewClientDialog:
    dialog = NewClientDialog(store, worker, **kwargs)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def checked(qtbot: QtBot, dialog: NewClientDialog) -> None:
    """Wait until the duplicate check has answered for what is typed now."""
    qtbot.waitUntil(dialog.create_button.isEnabled, timeout=5000)
    assert dialog.status.text().startswith(DONE)


def type_name(qtbot: QtBot, dialog: NewClientDialog, first: str, last: str) -> None:
    qtbot.keyClicks(dialog.first_name, first)
    qtbot.keyClicks(dialog.last_name, last)


def listed(dialog: NewClientDialog) -> list[str]:
    return [dialog.candidates.item(i).text() for i in range(dialog.candidates.count())]


def test_every_input_control_has_an_accessible_name(dialog: NewClientDialog) -> None:
    controls = [
        w
        for w in dialog.findChildren(QWidget)
        if isinstance(w, QLineEdit | QAbstractButton | QListWidget)
    ]
    assert len(controls) >= 8
    for widget in controls:
        assert widget.accessibleName() or (isinstance(widget, QAbstractButton) and widget.text()), (
            widget
        )


def test_a_likely_duplicate_is_listed_with_its_reasons(
    qtbot: QtBot, dialog: NewClientDialog
) -> None:
    assert not dialog.create_button.isEnabled()
    type_name(qtbot, dialog, "Roberta", "Quist")
    checked(qtbot, dialog)
    assert dialog.status.text().startswith("This might be someone")
    lines = listed(dialog)
    assert lines and lines[0].startswith("Roberta Quist")
    assert "%)" in lines[0]  # the score, after the reasons
    assert not any("Mendel" in line for line in lines)


def test_open_the_existing_person_instead(
    qtbot: QtBot, dialog: NewClientDialog, store: Store
) -> None:
    quist = store.search("quist")[0].client_id
    type_name(qtbot, dialog, "Robert", "Quist")
    checked(qtbot, dialog)
    assert not dialog.open_button.isEnabled()
    dialog.candidates.setCurrentRow(0)
    assert dialog.open_button.isEnabled()
    with (
        qtbot.assertNotEmitted(dialog.submitted),
        qtbot.waitSignal(dialog.open_existing, timeout=1000) as opened,
    ):
        qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert opened.args == [quist]
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_create_a_new_person_with_quality_codes(qtbot: QtBot, dialog: NewClientDialog) -> None:
    type_name(qtbot, dialog, "Zebediah", "Flint")
    qtbot.keyClicks(dialog.dob.edit, "04/02/1980")
    qtbot.keyClicks(dialog.ssn, "xxx-xx-5678")
    checked(qtbot, dialog)
    assert listed(dialog) == []
    with qtbot.waitSignal(dialog.submitted, timeout=1000) as sent:
        qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    [client] = sent.args[0]
    assert client.KIND == "Client"
    assert (client.get("FirstName"), client.get("LastName")) == ("Zebediah", "Flint")
    assert client.get("DOB") == dt.date(1980, 4, 2)
    assert client.get("SSN") == "xxxxx5678"
    assert client.get("NameDataQuality") == 1
    assert client.get("SSNDataQuality") == 2
    assert client.get("DOBDataQuality") == 1
    assert not dialog.create_button.isEnabled()  # no second person on a double click


def test_create_waits_for_the_check_of_what_is_typed_now(
    qtbot: QtBot, dialog: NewClientDialog
) -> None:
    type_name(qtbot, dialog, "Zebediah", "Mende")
    checked(qtbot, dialog)
    dialog.first_name.clear()
    qtbot.keyClicks(dialog.first_name, "Ezra")
    qtbot.keyClicks(dialog.last_name, "l")  # typed after the check
    assert not dialog.create_button.isEnabled()
    with qtbot.assertNotEmitted(dialog.submitted):
        dialog.try_create()  # as Ctrl+Enter would: starts a check instead
    checked(qtbot, dialog)
    assert any(line.startswith("Ezra Mendel") for line in listed(dialog))
    with qtbot.waitSignal(dialog.submitted, timeout=1000) as sent:
        qtbot.keyClick(dialog.last_name, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert sent.args[0][0].get("LastName") == "Mendel"


def test_a_stale_check_never_replaces_a_newer_one(qtbot: QtBot, dialog: NewClientDialog) -> None:
    dialog.first_name.setText("Roberta")
    dialog.last_name.setText("Quist")
    dialog.check_duplicates()
    dialog.last_name.setText("Zzyzx")
    dialog.first_name.setText("Quill")
    dialog.check_duplicates()
    checked(qtbot, dialog)
    qtbot.wait(100)  # time for the older answer to arrive, and be dropped
    assert not any("Quist" in line for line in listed(dialog))
    with qtbot.waitSignal(dialog.submitted, timeout=1000) as sent:
        dialog.try_create()
    assert sent.args[0][0].get("LastName") == "Zzyzx"


def test_an_unreadable_date_of_birth_stops_create_and_stays(
    qtbot: QtBot, dialog: NewClientDialog
) -> None:
    type_name(qtbot, dialog, "Zebediah", "Flint")
    qtbot.keyClicks(dialog.dob.edit, "spring 1980")
    checked(qtbot, dialog)
    with qtbot.assertNotEmitted(dialog.submitted):
        qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert dialog.problems.isVisible()
    assert "Type a date" in dialog.problems.text()
    assert dialog.dob.text() == "spring 1980"
    assert dialog.create_button.isEnabled()


def test_a_future_date_of_birth_is_flagged(qtbot: QtBot, dialog: NewClientDialog) -> None:
    type_name(qtbot, dialog, "Zebediah", "Flint")
    future = dt.date.today() + dt.timedelta(days=3)
    qtbot.keyClicks(dialog.dob.edit, future.isoformat())
    checked(qtbot, dialog)
    with qtbot.assertNotEmitted(dialog.submitted):
        qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert "future" in dialog.problems.text()
    assert dialog.problems.isVisible()


def test_a_failed_save_keeps_everything_typed(qtbot: QtBot, dialog: NewClientDialog) -> None:
    type_name(qtbot, dialog, "Zebediah", "Flint")
    checked(qtbot, dialog)
    with qtbot.waitSignal(dialog.submitted, timeout=1000):
        dialog.try_create()
    dialog.failed("The disk is full.")
    assert dialog.problems.text().count("The disk is full.") == 1
    assert dialog.create_button.isEnabled()
    assert (dialog.first_name.text(), dialog.last_name.text()) == ("Zebediah", "Flint")
    dialog.saved()
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_search_text_fills_the_name_and_checks_at_once(
    qtbot: QtBot, store: Store, worker: Worker
) -> None:
    dialog = _open(qtbot, store, worker, text="Roberta Quist")
    assert (dialog.first_name.text(), dialog.last_name.text()) == ("Roberta", "Quist")
    checked(qtbot, dialog)
    assert listed(dialog)
    digits = _open(qtbot, store, worker, text="5678")
    assert digits.first_name.text() == "" and digits.last_name.text() == ""


def test_nothing_typed_means_nothing_to_check(qtbot: QtBot, dialog: NewClientDialog) -> None:
    assert dialog.is_empty()
    dialog.check_duplicates()
    assert listed(dialog) == []
    assert not dialog.create_button.isEnabled()


def test_a_draft_round_trips_with_unreadable_text(
    qtbot: QtBot, dialog: NewClientDialog, store: Store, worker: Worker
) -> None:
    type_name(qtbot, dialog, "Zeb", "Flint")
    qtbot.keyClicks(dialog.aliases, "Zebby")
    qtbot.keyClicks(dialog.dob.edit, "04/31/80")  # no April 31
    qtbot.keyClicks(dialog.ssn, "56")
    assert not dialog.is_empty()
    draft = json.loads(json.dumps(dialog.draft()))
    again = _open(qtbot, store, worker, draft_id=dialog.draft_id)
    again.restore(draft)
    assert again.draft_id == dialog.draft_id
    assert again.draft() == draft
    assert again.dob.text() == "04/31/80"
    checked(qtbot, again)  # restoring counts as typing: the check runs


def test_a_check_due_after_the_store_locked_does_nothing(
    qtbot: QtBot, dialog: NewClientDialog, store: Store
) -> None:
    # Autolock can lock the store between a keystroke and the check 250 ms later;
    # that must not raise in the event loop (pytest-qt fails the test if it does).
    qtbot.keyClicks(dialog.first_name, "Roberta")
    store.lock()
    qtbot.wait(400)
    assert listed(dialog) == []
    assert not dialog.create_button.isEnabled()
    assert dialog.first_name.text() == "Roberta"
