"""The CE assessment dialog: live skip logic and score, validation, submit, drafts, Esc."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QMessageBox, QWidget

from outreach_app.domain.instrument import Instrument, load_instrument, shipped_folder
from outreach_app.domain.records import Assessment, AssessmentQuestion, AssessmentResult
from outreach_app.ui.assessment import AssessmentDialog

TODAY = dt.date(2026, 3, 15)


class Clock(dt.date):
    @classmethod
    def today(cls) -> Clock:
        return cls(TODAY.year, TODAY.month, TODAY.day)


def instrument(name: str) -> Instrument:
    return load_instrument(shipped_folder() / f"{name}.json")


@pytest.fixture
def crisis(qtbot) -> AssessmentDialog:  # type: ignore[no-untyped-def]
    dialog = AssessmentDialog(
        instrument("crisis-needs-screen"), personal_id="p" * 32, enrollment_id="e" * 32,
        clock=Clock,
    )  # fmt: skip
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


@pytest.fixture
def street(qtbot) -> AssessmentDialog:  # type: ignore[no-untyped-def]
    dialog = AssessmentDialog(
        instrument("street-outreach-prioritization"), personal_id="p" * 32,
        enrollment_id="e" * 32, clock=Clock,
    )  # fmt: skip
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def choose(dialog: AssessmentDialog, question: str, value: object) -> None:
    combo = dialog.questions[question].input
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findData(value))


def fill_crisis(qtbot, dialog: AssessmentDialog) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(dialog.location, "Riverside camp")
    choose(dialog, "safe_tonight", "no")
    choose(dialog, "sleep_where", "outside")
    choose(dialog, "urgent_medical", "no")


def test_header_defaults_come_from_the_instrument_and_today(crisis: AssessmentDialog) -> None:
    assert crisis.date.value() == TODAY
    assert crisis.level.value() == 1  # crisis needs
    assert crisis.assessment_type.value() == 3  # in person
    assert crisis.status.value() == 2  # the instrument never places on the list
    assert crisis.is_empty()


def test_every_control_has_an_accessible_name(street: AssessmentDialog) -> None:
    for widget in street.findChildren(QWidget):
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isVisibleTo(street):
            assert widget.accessibleName(), widget


def test_follow_up_appears_and_disappears_live(qtbot, crisis: AssessmentDialog) -> None:  # type: ignore[no-untyped-def]
    follow_up = crisis.questions["sleep_where"]
    assert not follow_up.isVisible()
    choose(crisis, "safe_tonight", "no")
    assert follow_up.isVisible()
    choose(crisis, "sleep_where", "vehicle")
    choose(crisis, "safe_tonight", "yes")
    assert not follow_up.isVisible()
    assert follow_up.raw() == "vehicle"  # kept on screen memory, never discarded
    assert "sleep_where" not in {
        r.get("AssessmentQuestion") for r in crisis.records() if isinstance(r, AssessmentQuestion)
    }


def test_running_score_and_result(crisis: AssessmentDialog) -> None:
    assert "Score: 0" in crisis.score_label.text()
    choose(crisis, "safe_tonight", "no")
    choose(crisis, "sleep_where", "outside")
    assert "Score: 4" in crisis.score_label.text()
    assert "Emergency shelter bed tonight" in crisis.score_label.text()
    choose(crisis, "urgent_medical", "yes")
    assert "Medical care now" in crisis.score_label.text()


def test_special_answer_is_one_click_and_keeps_typed_text(qtbot, crisis: AssessmentDialog) -> None:  # type: ignore[no-untyped-def]
    nights = crisis.questions["nights_outside"]
    qtbot.keyClicks(nights.input, "5")
    qtbot.mouseClick(nights.special_buttons["client_doesnt_know"], Qt.MouseButton.LeftButton)
    assert nights.answer() == "client_doesnt_know"
    assert not nights.input.isEnabled()
    qtbot.mouseClick(nights.special_buttons["client_prefers_not_to_answer"],
                     Qt.MouseButton.LeftButton)  # fmt: skip
    assert nights.answer() == "client_prefers_not_to_answer"
    assert not nights.special_buttons["client_doesnt_know"].isChecked()
    nights.special_buttons["client_prefers_not_to_answer"].click()
    assert nights.answer() == 5
    assert "urgent_medical" in crisis.questions
    assert crisis.questions["urgent_medical"].special_buttons == {}  # not allowed there


def test_keyboard_shortcut_for_doesnt_know(qtbot, crisis: AssessmentDialog) -> None:  # type: ignore[no-untyped-def]
    crisis.activateWindow()
    qtbot.waitActive(crisis)
    question = crisis.questions["safe_tonight"]
    question.input.setFocus()
    qtbot.keyClick(question.input, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert question.answer() == "client_doesnt_know"


def test_unreadable_number_is_flagged_not_cleared(qtbot, crisis: AssessmentDialog) -> None:  # type: ignore[no-untyped-def]
    nights = crisis.questions["nights_outside"]
    qtbot.keyClicks(nights.input, "lots")
    assert isinstance(nights.input, QLineEdit) and nights.input.text() == "lots"
    assert "Type a number" in nights.problems.text()
    nights.input.setText("12")
    assert "more than 7" in nights.problems.text()


def test_submit_shows_every_problem_and_emits_nothing(qtbot, crisis: AssessmentDialog) -> None:  # type: ignore[no-untyped-def]
    with qtbot.assertNotEmitted(crisis.submitted):
        crisis.submit()
    assert "needs an answer" in crisis.questions["safe_tonight"].problems.text()
    assert "required" in crisis.header_problems["AssessmentLocation"].text()
    assert "Fix the questions" in crisis.message.text()


def test_submit_emits_the_records_then_saved_closes(qtbot, crisis: AssessmentDialog) -> None:  # type: ignore[no-untyped-def]
    fill_crisis(qtbot, crisis)
    with qtbot.waitSignal(crisis.submitted) as signal:
        qtbot.keyClick(crisis, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    records = signal.args[0]
    assessment = records[0]
    assert isinstance(assessment, Assessment)
    assert assessment.get("AssessmentLocation") == "Riverside camp"
    assert assessment.get("AssessmentDate") == TODAY
    assert assessment.get("PersonalID") == "p" * 32
    assert sum(isinstance(r, AssessmentQuestion) for r in records) == 3
    assert any(isinstance(r, AssessmentResult) for r in records)
    assert not crisis.submit_button.isEnabled()
    crisis.saved()
    assert not crisis.isVisible()


def test_failed_keeps_everything_and_allows_retry(qtbot, crisis: AssessmentDialog) -> None:  # type: ignore[no-untyped-def]
    fill_crisis(qtbot, crisis)
    crisis.submit()
    crisis.failed("The disk is full. Free some space and save again.")
    assert "disk is full" in crisis.message.text()
    assert crisis.isVisible() and crisis.submit_button.isEnabled()
    assert crisis.questions["sleep_where"].answer() == "outside"
    with qtbot.waitSignal(crisis.submitted):
        crisis.submit()


def test_prioritization_is_computed_but_can_be_overridden(street: AssessmentDialog) -> None:
    assert street.status.value() == 2
    choose(street, "fleeing_violence", "yes")
    assert street.status.value() == 1
    street.status.set_value(2)
    assert "Changed by hand" in street.status_note.text()
    choose(street, "exploited", "yes")
    assert street.status.value() == 2  # the worker's choice stays
    assert street.records()[0].get("PrioritizationStatus") == 2


def test_enter_moves_on_and_submits_from_the_last_question(qtbot, crisis: AssessmentDialog) -> None:  # type: ignore[no-untyped-def]
    fill_crisis(qtbot, crisis)
    crisis.activateWindow()
    qtbot.waitActive(crisis)
    notes = crisis.questions["notes"].input
    notes.setFocus()
    with qtbot.waitSignal(crisis.submitted):
        qtbot.keyClick(notes, Qt.Key.Key_Return)


def test_esc_on_an_empty_form_just_closes(qtbot, crisis: AssessmentDialog) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(crisis, Qt.Key.Key_Escape)
    assert not crisis.isVisible()
    assert crisis.discard_box is None


def test_esc_asks_before_discarding(qtbot, crisis: AssessmentDialog) -> None:  # type: ignore[no-untyped-def]
    choose(crisis, "safe_tonight", "yes")
    qtbot.keyClick(crisis, Qt.Key.Key_Escape)
    box = crisis.discard_box
    assert box is not None and crisis.isVisible()
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert crisis.isVisible()
    qtbot.keyClick(crisis, Qt.Key.Key_Escape)
    assert crisis.discard_box is not None
    crisis.discard_box.button(QMessageBox.StandardButton.Discard).click()
    assert not crisis.isVisible()


def test_draft_is_json_and_restores_everything(qtbot, street: AssessmentDialog) -> None:  # type: ignore[no-untyped-def]
    street.location.setText("Library steps")
    street.date.set_text("03/1x/2026")  # unreadable, kept as typed
    choose(street, "unsheltered", "yes")
    street.questions["unsheltered_nights"].input.setText("22")
    street.questions["disability"].special_buttons["client_prefers_not_to_answer"].click()
    street.questions["last_housed"].input.set_text("2024-06-01")
    street.status.set_value(1)
    draft = json.loads(json.dumps(street.draft()))
    again = AssessmentDialog(street.instrument, personal_id="p" * 32, enrollment_id="e" * 32,
                             clock=Clock)  # fmt: skip
    qtbot.addWidget(again)
    again.restore(draft)
    assert again.location.text() == "Library steps"
    assert again.date.text() == "03/1x/2026"
    assert again.questions["unsheltered_nights"].answer() == 22
    assert again.questions["disability"].answer() == "client_prefers_not_to_answer"
    assert again.questions["last_housed"].answer() == dt.date(2024, 6, 1)
    assert again.status.value() == 1
    assert again.answers() == street.answers()
    assert not again.is_empty()


def test_spanish_text_from_the_instrument(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = AssessmentDialog(instrument("crisis-needs-screen"), personal_id="p" * 32,
                              enrollment_id="e" * 32, language="es")  # fmt: skip
    qtbot.addWidget(dialog)
    assert dialog.windowTitle().startswith("Evaluación")
    assert dialog.questions["safe_tonight"].input.accessibleName().startswith("¿Tiene")
