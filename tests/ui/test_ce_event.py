"""The CE event dialog: follow-ups per event type, HUD's rules as typed, submit, drafts."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from outreach_app.domain.hmis_spec import load_spec
from outreach_app.domain.records import Event
from outreach_app.ui.ce_event import CeEventDialog
from outreach_app.ui.fields import CodeField, DateField

TODAY = dt.date(2026, 3, 15)


class Clock(dt.date):
    @classmethod
    def today(cls) -> Clock:
        return cls(TODAY.year, TODAY.month, TODAY.day)


@pytest.fixture
def dialog(qtbot) -> CeEventDialog:  # type: ignore[no-untyped-def]
    dialog = CeEventDialog(personal_id="p" * 32, enrollment_id="e" * 32, clock=Clock)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def code(dialog: CeEventDialog, column: str) -> CodeField:
    field = dialog.form.fields[column]
    assert isinstance(field, CodeField)
    return field


def date(dialog: CeEventDialog, column: str) -> DateField:
    field = dialog.form.fields[column]
    assert isinstance(field, DateField)
    return field


def visible(dialog: CeEventDialog) -> list[str]:
    return [c for c, f in dialog.form.fields.items() if f.isVisibleTo(dialog)]


def test_event_date_defaults_to_today_and_all_18_types_are_offered(
    dialog: CeEventDialog,
) -> None:
    assert date(dialog, "EventDate").value() == TODAY
    offered = code(dialog, "Event").codes()
    assert set(offered) == set(range(1, 19))
    assert offered[14] == load_spec().label("4.20.2", 14)
    assert dialog.form.is_empty()


def test_every_control_has_an_accessible_name(dialog: CeEventDialog) -> None:
    for widget in dialog.findChildren(QWidget):
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isVisibleTo(dialog):
            assert widget.accessibleName(), widget


@pytest.mark.parametrize(
    ("event", "shown"),
    [
        (1, []),
        (2, ["ProbSolDivRRResult"]),
        (5, ["ReferralCaseManageAfter"]),
        (12, ["LocationCrisisOrPHHousing", "ReferralResult"]),
        (18, ["ReferralResult"]),
    ],
)
def test_follow_ups_follow_the_event_type(
    dialog: CeEventDialog, event: int, shown: list[str]
) -> None:
    code(dialog, "Event").set_value(event)
    assert visible(dialog) == ["EventDate", "Event", *shown]


def test_result_date_appears_with_a_result_and_switching_type_drops_stale_answers(
    dialog: CeEventDialog,
) -> None:
    code(dialog, "Event").set_value(14)
    code(dialog, "ReferralResult").set_value(1)
    assert "ResultDate" in visible(dialog)
    date(dialog, "ResultDate").set_value(TODAY)
    dialog.form.fields["LocationCrisisOrPHHousing"].set_value("Elm Street PSH")
    code(dialog, "Event").set_value(2)
    record = dialog.record()
    assert record.get("ReferralResult") is None and record.get("ResultDate") is None
    assert record.get("LocationCrisisOrPHHousing") is None
    code(dialog, "Event").set_value(14)  # back again: nothing typed was lost
    assert dialog.record().get("LocationCrisisOrPHHousing") == "Elm Street PSH"


def test_hud_rules_show_as_the_worker_types(qtbot, dialog: CeEventDialog) -> None:  # type: ignore[no-untyped-def]
    code(dialog, "Event").set_value(17)
    code(dialog, "ReferralResult").set_value(3)
    date(dialog, "ResultDate").set_value(TODAY - dt.timedelta(days=3))
    date(dialog, "EventDate").set_value(TODAY - dt.timedelta(days=1))
    qtbot.waitUntil(lambda: "before the event" in dialog.form.problems["ResultDate"].text())
    date(dialog, "EventDate").edit.setText("tomorrow-ish")
    qtbot.waitUntil(lambda: "Type a date" in dialog.form.problems["EventDate"].text())
    assert date(dialog, "EventDate").text() == "tomorrow-ish"


def test_submit_refuses_errors(qtbot, dialog: CeEventDialog) -> None:  # type: ignore[no-untyped-def]
    with qtbot.assertNotEmitted(dialog.submitted):
        dialog.submit()
    assert "required" in dialog.form.problems["Event"].text()
    assert "Fix the fields" in dialog.message.text()


def test_submit_emits_one_event_then_saved_closes(qtbot, dialog: CeEventDialog) -> None:  # type: ignore[no-untyped-def]
    code(dialog, "Event").set_value(2)
    code(dialog, "ProbSolDivRRResult").set_value(1)
    with qtbot.waitSignal(dialog.submitted) as signal:
        qtbot.keyClick(dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    (event,) = signal.args[0]
    assert isinstance(event, Event)
    assert event.values == {
        "EventDate": TODAY, "Event": 2, "ProbSolDivRRResult": 1, "PersonalID": "p" * 32,
        "EnrollmentID": "e" * 32, "ReferralCaseManageAfter": None,
        "LocationCrisisOrPHHousing": None, "ReferralResult": None, "ResultDate": None,
    }  # fmt: skip
    dialog.saved()
    assert not dialog.isVisible()


def test_failed_keeps_the_form(qtbot, dialog: CeEventDialog) -> None:  # type: ignore[no-untyped-def]
    code(dialog, "Event").set_value(6)
    dialog.submit()
    assert not dialog.submit_button.isEnabled()
    dialog.failed("The store is locked. Unlock it and save again.")
    assert "locked" in dialog.message.text()
    assert dialog.submit_button.isEnabled()
    assert code(dialog, "Event").value() == 6


def test_enter_on_the_last_field_submits(qtbot, dialog: CeEventDialog) -> None:  # type: ignore[no-untyped-def]
    dialog.activateWindow()
    qtbot.waitActive(dialog)
    code(dialog, "Event").set_value(5)
    code(dialog, "ReferralCaseManageAfter").set_value(0)
    last = code(dialog, "ReferralCaseManageAfter").combo
    last.setFocus()
    with qtbot.waitSignal(dialog.submitted):
        qtbot.keyClick(last, Qt.Key.Key_Return)


def test_esc_asks_before_discarding(qtbot, dialog: CeEventDialog) -> None:  # type: ignore[no-untyped-def]
    code(dialog, "Event").set_value(3)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.discard_box is not None and dialog.isVisible()
    dialog.discard_box.button(QMessageBox.StandardButton.Discard).click()
    assert not dialog.isVisible()


def test_draft_round_trip(qtbot, dialog: CeEventDialog) -> None:  # type: ignore[no-untyped-def]
    code(dialog, "Event").set_value(11)
    dialog.form.fields["LocationCrisisOrPHHousing"].set_value("Harbor TH")
    code(dialog, "ReferralResult").set_value(2)
    date(dialog, "ResultDate").edit.setText("3/1")  # unreadable, kept
    draft = json.loads(json.dumps(dialog.draft()))
    again = CeEventDialog(personal_id="p" * 32, enrollment_id="e" * 32, clock=Clock)
    qtbot.addWidget(again)
    again.restore(draft)
    assert code(again, "Event").value() == 11
    assert date(again, "ResultDate").text() == "3/1"
    assert again.record().id == dialog.record().id
    assert again.record().get("PersonalID") == "p" * 32
    assert not again.form.is_empty()
