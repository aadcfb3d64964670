"""The client record's forms: every column present and named, 3.917 skip logic, Save and Ctrl+S."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QComboBox, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from outreach_app.domain.hmis_spec import load_spec
from outreach_app.domain.records import record_columns
from outreach_app.domain.udes import DESTINATION_CODES, PRIOR_LIVING_CODES
from outreach_app.ui.fields import CodeField, DateField
from outreach_app.ui.forms import Checks, RecordForm, Row
from outreach_app.ui.record_forms import (
    CONSENT_ROWS,
    ENROLLMENT_ROWS,
    EXIT_ROWS,
    PROFILE_ROWS,
    FormTab,
    consent_form,
    enrollment_form,
    exit_form,
    profile_form,
)

FORMS = {
    "profile": (profile_form, PROFILE_ROWS, "Client"),
    "consent": (consent_form, CONSENT_ROWS, "Consent"),
    "enrollment": (enrollment_form, ENROLLMENT_ROWS, "Enrollment"),
    "exit": (exit_form, EXIT_ROWS, "Exit"),
}
HISTORY = ("DateToStreetESSH", "TimesHomelessPastThreeYears", "MonthsHomelessPastThreeYears")
QUESTIONS = ("LengthOfStay", "LOSUnderThreshold", "PreviousStreetESSH", *HISTORY)


def _show(qtbot: QtBot, widget: QWidget) -> QWidget:
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def choose(qtbot: QtBot, form: RecordForm, column: str, code: int) -> None:
    """Choose ``code`` the way a worker does without a mouse: Home, then Down."""
    field = form.fields[column]
    assert isinstance(field, CodeField)
    combo = field.combo
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(combo.count()):
        if combo.currentData() == code:
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    raise AssertionError(f"{code} is not offered for {column}")


def asked(form: RecordForm) -> set[str]:
    return {q for q in QUESTIONS if form.fields[q].isVisible()}


# -- what each form asks ------------------------------------------------------------------


@pytest.mark.parametrize("name", FORMS)
def test_every_row_is_a_column_of_its_record(qtbot: QtBot, name: str) -> None:
    make, rows, kind = FORMS[name]
    columns = record_columns(kind)
    form = make()
    qtbot.addWidget(form)
    for row in rows:
        if isinstance(row, Row):
            assert row.column in columns
            assert row.column in form.fields
        elif isinstance(row, Checks):
            assert {c for c, _ in row.columns} <= set(form.checks)
            assert row.none_column in form.fields


@pytest.mark.parametrize("name", FORMS)
def test_every_input_control_has_an_accessible_name(qtbot: QtBot, name: str) -> None:
    tab = _show(qtbot, FormTab(FORMS[name][0](), "Save"))
    controls = [
        w
        for w in tab.findChildren(QWidget)
        if isinstance(w, QLineEdit | QComboBox | QAbstractButton)
    ]
    assert len(controls) >= 5
    for widget in controls:
        assert widget.accessibleName().strip(), f"{type(widget).__name__} {widget.objectName()}"


def test_prior_living_and_destination_offer_their_lists(qtbot: QtBot) -> None:
    enrollment, exit_ = enrollment_form(), exit_form()
    qtbot.addWidget(enrollment)
    qtbot.addWidget(exit_)
    living = enrollment.fields["LivingSituation"]
    destination = exit_.fields["Destination"]
    assert isinstance(living, CodeField) and isinstance(destination, CodeField)
    assert tuple(living.codes()) == PRIOR_LIVING_CODES
    assert tuple(destination.codes()) == DESTINATION_CODES
    assert set(living.quick_buttons) == {8, 9, 99}


# -- 3.917 skip logic, driven by the keyboard -------------------------------------------------


@pytest.fixture
def enrollment(qtbot: QtBot) -> RecordForm:
    form = enrollment_form()
    _show(qtbot, form)
    return form


def test_nothing_is_asked_before_the_living_situation(enrollment: RecordForm) -> None:
    assert asked(enrollment) == set()
    assert enrollment.fields["LivingSituation"].isVisible()


def test_from_the_street_the_history_is_asked_not_the_threshold(
    qtbot: QtBot, enrollment: RecordForm
) -> None:
    choose(qtbot, enrollment, "LivingSituation", 116)
    assert asked(enrollment) == {"LengthOfStay", *HISTORY}


def test_from_a_rental_the_threshold_then_the_night_before_then_history(
    qtbot: QtBot, enrollment: RecordForm
) -> None:
    choose(qtbot, enrollment, "LivingSituation", 410)
    assert asked(enrollment) == {"LengthOfStay", "LOSUnderThreshold"}
    choose(qtbot, enrollment, "LOSUnderThreshold", 1)
    assert asked(enrollment) == {"LengthOfStay", "LOSUnderThreshold", "PreviousStreetESSH"}
    choose(qtbot, enrollment, "PreviousStreetESSH", 1)
    assert asked(enrollment) == set(QUESTIONS)
    choose(qtbot, enrollment, "PreviousStreetESSH", 0)
    assert asked(enrollment) == {"LengthOfStay", "LOSUnderThreshold", "PreviousStreetESSH"}
    choose(qtbot, enrollment, "LOSUnderThreshold", 0)
    assert asked(enrollment) == {"LengthOfStay", "LOSUnderThreshold"}


@pytest.mark.parametrize("code", [8, 9, 99])
def test_a_missing_living_situation_asks_nothing(
    qtbot: QtBot, enrollment: RecordForm, code: int
) -> None:
    choose(qtbot, enrollment, "LivingSituation", 410)
    field = enrollment.fields["LivingSituation"]
    assert isinstance(field, CodeField)
    qtbot.mouseClick(field.quick_buttons[code], Qt.MouseButton.LeftButton)
    assert field.value() == code
    assert asked(enrollment) == set()


def test_skipped_answers_leave_the_record_and_come_back(
    qtbot: QtBot, enrollment: RecordForm
) -> None:
    choose(qtbot, enrollment, "LivingSituation", 207)  # jail: institutional
    choose(qtbot, enrollment, "LengthOfStay", 2)
    choose(qtbot, enrollment, "LOSUnderThreshold", 1)
    choose(qtbot, enrollment, "PreviousStreetESSH", 1)
    qtbot.keyClicks(enrollment.fields["TimesHomelessPastThreeYears"].combo, "O")  # type: ignore[union-attr]
    assert enrollment.record().get("PreviousStreetESSH") == 1
    choose(qtbot, enrollment, "LivingSituation", 116)
    record = enrollment.record()
    assert record.get("LOSUnderThreshold") is None
    assert record.get("PreviousStreetESSH") is None
    assert record.get("LengthOfStay") == 2
    rules = {m.rule for m in enrollment.errors()}
    assert "3.917.skip" not in rules  # hidden answers are not held against the record
    assert enrollment.fields["PreviousStreetESSH"].value() == 1  # still on screen
    choose(qtbot, enrollment, "LivingSituation", 207)
    assert enrollment.record().get("PreviousStreetESSH") == 1


def test_a_hidden_unreadable_date_does_not_block_the_enrollment(
    qtbot: QtBot, enrollment: RecordForm
) -> None:
    choose(qtbot, enrollment, "LivingSituation", 116)
    date = enrollment.fields["DateToStreetESSH"]
    assert isinstance(date, DateField)
    qtbot.keyClicks(date.edit, "last winter")
    assert "DateToStreetESSH" in {m.field for m in enrollment.errors()}
    choose(qtbot, enrollment, "LivingSituation", 410)  # the history is no longer asked
    assert "DateToStreetESSH" not in {m.field for m in enrollment.errors()}
    assert date.text() == "last winter"


def test_exit_details_only_for_their_destinations(qtbot: QtBot) -> None:
    form = exit_form()
    _show(qtbot, form)
    subsidy, other = form.fields["DestinationSubsidyType"], form.fields["OtherDestination"]
    assert not subsidy.isVisible() and not other.isVisible()
    choose(qtbot, form, "Destination", 435)
    assert subsidy.isVisible() and not other.isVisible()
    choose(qtbot, form, "Destination", 17)
    assert other.isVisible() and not subsidy.isVisible()


def test_a_future_date_of_birth_is_flagged(qtbot: QtBot) -> None:
    form = profile_form()
    _show(qtbot, form)
    dob = form.fields["DOB"]
    assert isinstance(dob, DateField)
    future = dt.date.today() + dt.timedelta(days=2)
    with qtbot.waitSignal(form.validated, timeout=2000):
        qtbot.keyClicks(dob.edit, future.strftime("%m/%d/%Y"))
    assert form.problems["DOB"].isVisible()
    assert "future" in form.problems["DOB"].text()
    assert [m.severity for m in form.errors() if m.field == "DOB"] == ["error"]


# -- FormTab -------------------------------------------------------------------------------


@pytest.fixture
def consent_tab(qtbot: QtBot) -> FormTab:
    tab = FormTab(consent_form(), "Save consent")
    _show(qtbot, tab)
    tab.activateWindow()
    qtbot.waitActive(tab)
    return tab


def fill_declined_consent(qtbot: QtBot, tab: FormTab) -> None:
    choose(qtbot, tab.form, "ConsentStatus", 2)  # declined to share
    qtbot.keyClicks(tab.form.fields["ConsentDate"].edit, "01/02/2026")  # type: ignore[union-attr]
    qtbot.keyClicks(tab.form.fields["ConsentNotes"], "Paper form in the blue binder")


def test_save_with_errors_shows_them_and_goes_to_the_first(
    qtbot: QtBot, consent_tab: FormTab
) -> None:
    with qtbot.assertNotEmitted(consent_tab.save_requested):
        qtbot.mouseClick(consent_tab.save_button, Qt.MouseButton.LeftButton)
    assert "Fix the fields" in consent_tab.status.text()
    status = consent_tab.form.fields["ConsentStatus"]
    assert consent_tab.form.problems["ConsentStatus"].isVisible()
    assert status.combo.hasFocus()  # type: ignore[union-attr]
    assert consent_tab.save_button.isEnabled()


def test_save_sends_the_record_and_shows_the_outcome(qtbot: QtBot, consent_tab: FormTab) -> None:
    consent_tab.form.set_fixed(PersonalID="p" * 32)
    fill_declined_consent(qtbot, consent_tab)
    with qtbot.waitSignal(consent_tab.save_requested, timeout=1000) as blocker:
        qtbot.mouseClick(consent_tab.save_button, Qt.MouseButton.LeftButton)
    record = blocker.args[0]
    assert record.KIND == "Consent"
    assert record.get("ConsentStatus") == 2
    assert record.get("ConsentDate") == dt.date(2026, 1, 2)
    assert record.get("PersonalID") == "p" * 32
    assert not consent_tab.save_button.isEnabled()
    assert consent_tab.status.text() == "Saving…"
    consent_tab.failed("The disk is full. Free some space, then save again.")
    assert consent_tab.save_button.isEnabled()
    assert "disk is full" in consent_tab.status.text()
    assert consent_tab.form.fields["ConsentNotes"].text() == "Paper form in the blue binder"  # type: ignore[union-attr]
    consent_tab.saved("Waiting to sync")
    assert consent_tab.status.text() == "Saved. Waiting to sync"


def test_ctrl_s_saves_once_while_a_save_is_on_its_way(qtbot: QtBot, consent_tab: FormTab) -> None:
    fill_declined_consent(qtbot, consent_tab)
    sent: list[object] = []
    consent_tab.save_requested.connect(sent.append)
    notes = consent_tab.form.fields["ConsentNotes"]
    notes.setFocus()
    qtbot.keyClick(notes, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert len(sent) == 1
    qtbot.keyClick(notes, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert len(sent) == 1  # the first save has not answered yet
    consent_tab.saved("Waiting to sync")
    qtbot.keyClick(notes, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert len(sent) == 2


def test_ctrl_s_respects_a_disabled_save_button(qtbot: QtBot, consent_tab: FormTab) -> None:
    # The client record disables "Save exit" when there is no enrollment to exit.
    fill_declined_consent(qtbot, consent_tab)
    consent_tab.save_button.setEnabled(False)
    with qtbot.assertNotEmitted(consent_tab.save_requested):
        qtbot.keyClick(
            consent_tab.form.fields["ConsentNotes"],
            Qt.Key.Key_S,
            Qt.KeyboardModifier.ControlModifier,
        )


def test_forms_build_for_fiscal_year_2024_specs_too() -> None:
    # The profile's Sex is FY2026 only; the other forms' columns exist in both years.
    for _make, rows, kind in (FORMS["consent"], FORMS["enrollment"], FORMS["exit"]):
        columns = record_columns(kind, 2024)
        for row in rows:
            if isinstance(row, Row):
                assert row.column in columns, row.column
    assert "3.12.1" in load_spec(2024).lists
