"""Quick contact on a real store: keyboard only, counted keystrokes, checks, drafts."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication

from outreach_app.domain.records import Client
from outreach_app.storage.store import Store
from outreach_app.ui.client_record import ClientView
from outreach_app.ui.contact import QuickContactDialog, coordinate_messages
from outreach_app.ui.tasks import Worker

#: A worker who knows the keys presses about three keys a second, reading included.
SECONDS_PER_KEY = 0.33


class KeyCounter(QObject):
    """Counts key presses delivered anywhere in the application."""

    def __init__(self) -> None:
        super().__init__()
        self.presses = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        # A key event the focus widget ignores travels on to its parents (and the
        # window sees it first); count it once, where it was typed.
        if event.type() == QEvent.Type.KeyPress and watched is QApplication.focusWidget():
            self.presses += 1
        return False


@pytest.fixture
def view(qtbot, store: Store) -> ClientView:  # type: ignore[no-untyped-def]
    project = next(r for r in store.records("Project"))
    view = ClientView(Worker())
    view.project_id = project.id
    qtbot.addWidget(view)
    view.show()
    client = next(h for h in store.search("quist"))
    view.open_client(store, client.client_id)
    qtbot.waitUntil(lambda: "Quist" in view.title.text(), timeout=5000)
    return view


def _contacts(store: Store, client_id: str) -> list:  # type: ignore[type-arg]
    return [r for r in store.client_records(client_id) if r.KIND == "CurrentLivingSituation"]


def _open_dialog(qtbot, view: ClientView) -> QuickContactDialog:  # type: ignore[no-untyped-def]
    view.activateWindow()
    qtbot.keyClick(view, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(view.dialogs) == 1, timeout=2000)
    dialog = next(iter(view.dialogs.values()))
    assert isinstance(dialog, QuickContactDialog)
    qtbot.waitExposed(dialog)
    dialog.activateWindow()  # a window manager does this; offscreen Qt needs telling
    qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)
    return dialog


def test_a_contact_by_keyboard_in_under_30_seconds(qtbot, view: ClientView, store: Store) -> None:  # type: ignore[no-untyped-def]
    client_id = view.client.id  # type: ignore[union-attr]
    counter = KeyCounter()
    QApplication.instance().installEventFilter(counter)  # type: ignore[union-attr]
    try:
        dialog = _open_dialog(qtbot, view)
        # The date is today already; the focus is on "where is the person staying".
        focused = QApplication.focusWidget()
        assert focused is dialog.form.fields["CurrentLivingSituation"].combo
        qtbot.keyClicks(focused, "p")  # "Place not meant for habitation"
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
        qtbot.keyClicks(QApplication.focusWidget(), "5th St bridge, north end")
        for _ in range(3):  # past the optional coordinates, to the note
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is dialog.note
        qtbot.keyClicks(dialog.note, "Asked for socks")
        with qtbot.waitSignal(dialog.finished, timeout=5000):
            qtbot.keyClick(dialog.note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    finally:
        QApplication.instance().removeEventFilter(counter)  # type: ignore[union-attr]
    seconds = counter.presses * SECONDS_PER_KEY
    print(f"quick contact: {counter.presses} keystrokes, about {seconds:.0f} s")
    assert counter.presses <= 50
    assert seconds < 30
    [contact] = _contacts(store, client_id)
    assert contact.get("InformationDate") == dt.date.today()
    assert contact.get("CurrentLivingSituation") == 116
    assert contact.get("LocationDetails") == "5th St bridge, north end"
    assert contact.get("ContactNote") == "Asked for socks"
    qtbot.waitUntil(lambda: view.contacts.rowCount() == 1, timeout=5000)


def test_first_contact_enrolls_the_person(qtbot, view: ClientView, store: Store) -> None:  # type: ignore[no-untyped-def]
    client_id = view.client.id  # type: ignore[union-attr]
    dialog = view.record_contact()
    dialog.form.fields["CurrentLivingSituation"].set_value(101)
    with qtbot.waitSignal(dialog.finished, timeout=5000):
        dialog.try_submit()
    records = store.client_records(client_id)
    [enrollment] = [r for r in records if r.KIND == "Enrollment"]
    [contact] = [r for r in records if r.KIND == "CurrentLivingSituation"]
    assert contact.get("EnrollmentID") == enrollment.id
    assert enrollment.get("ProjectID") == view.project_id
    assert enrollment.get("RelationshipToHoH") == 1
    assert enrollment.get("EntryDate") == dt.date.today()
    # The second contact reuses the enrollment.
    qtbot.waitUntil(lambda: view.current_enrollment() is not None, timeout=5000)
    second = view.record_contact()
    second.form.fields["CurrentLivingSituation"].set_value(116)
    with qtbot.waitSignal(second.finished, timeout=5000):
        second.try_submit()
    kinds = [r.KIND for r in store.client_records(client_id)]
    assert kinds.count("Enrollment") == 1
    assert kinds.count("CurrentLivingSituation") == 2


def test_future_date_is_refused_and_kept(qtbot, view: ClientView, store: Store) -> None:  # type: ignore[no-untyped-def]
    dialog = view.record_contact()
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    dialog.form.fields["InformationDate"].set_value(dt.date.fromisoformat(tomorrow))
    dialog.form.fields["CurrentLivingSituation"].set_value(116)
    dialog.try_submit()
    assert dialog.isVisible()
    assert "future" in dialog.problems.text()
    assert dialog.form.fields["InformationDate"].text() == tomorrow
    assert _contacts(store, view.client.id) == []  # type: ignore[union-attr]


def test_unreadable_date_is_kept_with_a_message(qtbot, view: ClientView) -> None:  # type: ignore[no-untyped-def]
    dialog = view.record_contact()
    field = dialog.form.fields["InformationDate"]
    field.set_text("11/3l/2026")
    dialog.try_submit()
    assert dialog.isVisible()
    assert field.text() == "11/3l/2026"
    assert "Type a date" in dialog.problems.text()


@pytest.mark.parametrize(
    ("latitude", "longitude", "problem"),
    [
        ("47.6062", None, "both coordinates"),
        ("91", "-122.3", "between -90 and 90"),
        ("47.6", "east", "between -180 and 180"),
    ],
)
def test_bad_coordinates(latitude: str, longitude: str | None, problem: str) -> None:
    record = Client.new(Latitude=latitude, Longitude=longitude)
    assert any(problem in m.message for m in coordinate_messages(record))


def test_good_coordinates_pass() -> None:
    assert coordinate_messages(Client.new(Latitude="47.6062", Longitude="-122.3321")) == []
    assert coordinate_messages(Client.new()) == []


def test_draft_round_trip(qtbot, view: ClientView) -> None:  # type: ignore[no-untyped-def]
    dialog = view.record_contact()
    assert dialog.is_empty()
    dialog.form.fields["CurrentLivingSituation"].set_value(118)
    dialog.form.fields["LocationDetails"].setText("Safe Haven on Pine")
    dialog.note.setPlainText("Back tomorrow")
    data = dialog.draft()
    again = view.record_contact(dialog.draft_id, data)
    assert again.draft_id == dialog.draft_id
    assert again.form.fields["CurrentLivingSituation"].value() == 118
    assert again.form.fields["LocationDetails"].text() == "Safe Haven on Pine"
    assert again.note.toPlainText() == "Back tomorrow"
    assert not again.is_empty()


def test_save_failure_keeps_everything(qtbot, view: ClientView, store: Store) -> None:  # type: ignore[no-untyped-def]
    dialog = view.record_contact()
    dialog.form.fields["CurrentLivingSituation"].set_value(116)
    dialog.form.fields["LocationDetails"].setText("Overpass")
    store.lock()
    dialog.try_submit()
    assert dialog.isVisible()
    assert "locked" in dialog.problems.text()
    assert dialog.save_button.isEnabled()
    assert dialog.form.fields["LocationDetails"].text() == "Overpass"
