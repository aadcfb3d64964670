"""RecordForm: widgets from HMIS columns, read-back, validation as you type, skip logic, drafts."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QCheckBox
from pytestqt.qtbot import QtBot

from outreach_app.domain.records import Client, Record
from outreach_app.ui.fields import CodeField, DateField, NumberField, TextField
from outreach_app.ui.forms import Checks, RecordForm, Row, Section

TODAY = dt.date(2026, 3, 31)


class FixedDate(dt.date):
    """A ``date`` whose ``today()`` is always :data:`TODAY`."""

    @classmethod
    def today(cls) -> FixedDate:
        return cls(TODAY.year, TODAY.month, TODAY.day)


ROWS = (
    Section("Name"),
    Row("FirstName", "First name"),
    Row("LastName", "Last name"),
    Row("NameDataQuality", "Name quality"),
    Row("Aliases", "Also known as"),
    Row("DOB", "Date of birth"),
    Row("YearEnteredService", "Year entered service"),
    Checks(
        "Race and ethnicity",
        (("Asian", "Asian or Asian American"), ("White", "White")),
        none_column="RaceNone",
    ),
)


def hide_aliases_without_a_name(record: Record) -> frozenset[str]:
    """Skip logic for the tests: no aliases asked when the name was not collected."""
    return frozenset({"Aliases"}) if record.get("NameDataQuality") == 99 else frozenset()


@pytest.fixture
def form(qtbot: QtBot) -> RecordForm:
    form = RecordForm(Client, ROWS, clock=FixedDate, hidden=hide_aliases_without_a_name)
    qtbot.addWidget(form)
    form.show()
    return form


def type_into(qtbot: QtBot, form: RecordForm, column: str, text: str) -> None:
    field = form.fields[column]
    widget = field.edit if isinstance(field, DateField) else field
    with qtbot.waitSignal(form.validated, timeout=2000):
        qtbot.keyClicks(widget, text)


def click_code(qtbot: QtBot, form: RecordForm, column: str, code: int) -> None:
    field = form.fields[column]
    assert isinstance(field, CodeField)
    qtbot.mouseClick(field.quick_buttons[code], Qt.MouseButton.LeftButton)


def tick(qtbot: QtBot, check: QCheckBox) -> None:
    """Click a checkbox on its box (its middle may be empty space past the text)."""
    qtbot.mouseClick(check, Qt.MouseButton.LeftButton, pos=QPoint(8, check.height() // 2))


def choose(form: RecordForm, column: str, code: int) -> None:
    field = form.fields[column]
    assert isinstance(field, CodeField)
    field.combo.setCurrentIndex(field.combo.findData(code))


def shown(form: RecordForm, column: str) -> str:
    label = form.problems[column]
    return label.text() if label.isVisible() else ""


# -- building and reading back ------------------------------------------------------------


def test_widgets_follow_the_column_types(form: RecordForm) -> None:
    assert isinstance(form.fields["FirstName"], TextField)
    assert isinstance(form.fields["NameDataQuality"], CodeField)
    assert isinstance(form.fields["DOB"], DateField)
    assert isinstance(form.fields["YearEnteredService"], NumberField)
    assert isinstance(form.fields["RaceNone"], CodeField)
    assert set(form.checks) == {"Asian", "White"}
    assert form.fields["FirstName"].maxLength() == 50  # type: ignore[union-attr]


def test_a_new_form_is_empty(form: RecordForm) -> None:
    assert form.is_empty()
    record = form.record()
    assert record.KIND == "Client"
    assert all(record.get(c) is None for c in ("FirstName", "DOB", "Asian", "RaceNone"))


def test_what_is_typed_reads_back_as_a_record(qtbot: QtBot, form: RecordForm) -> None:
    type_into(qtbot, form, "FirstName", " Roberta ")
    type_into(qtbot, form, "LastName", "Quist")
    choose(form, "NameDataQuality", 1)
    type_into(qtbot, form, "DOB", "04/02/1980")
    type_into(qtbot, form, "YearEnteredService", "1999")
    tick(qtbot, form.checks["White"])
    record = form.record()
    assert record.get("FirstName") == "Roberta"
    assert record.get("LastName") == "Quist"
    assert record.get("NameDataQuality") == 1
    assert record.get("DOB") == dt.date(1980, 4, 2)
    assert record.get("YearEnteredService") == 1999
    assert (record.get("White"), record.get("Asian"), record.get("RaceNone")) == (1, 0, None)
    assert not form.is_empty()


def test_load_shows_a_record_and_reads_it_back_unchanged(qtbot: QtBot, form: RecordForm) -> None:
    client = Client.new(
        FirstName="Ezra", LastName="Mendel", NameDataQuality=1, Aliases="Ez",
        DOB=dt.date(1961, 7, 9), YearEnteredService=1980, Asian=1, White=0, Sex=1,
    )  # fmt: skip
    with qtbot.assertNotEmitted(form.changed):
        form.load(client)
    assert form.fields["DOB"].text() == "1961-07-09"  # type: ignore[union-attr]
    assert form.checks["Asian"].isChecked() and not form.checks["White"].isChecked()
    assert form.record().changed_columns(client) == frozenset()
    assert form.record().get("Sex") == 1  # not on the form, and kept
    assert form.is_empty()  # nothing typed yet


def test_set_fixed_columns_are_in_the_record(form: RecordForm) -> None:
    form.set_fixed(VeteranStatus=0)
    assert form.record().get("VeteranStatus") == 0


# -- checkboxes -----------------------------------------------------------------------------


def test_checks_unchecked_are_no_only_when_one_is_checked(qtbot: QtBot, form: RecordForm) -> None:
    asian = form.checks["Asian"]
    tick(qtbot, asian)
    assert (form.record().get("Asian"), form.record().get("White")) == (1, 0)
    tick(qtbot, asian)
    assert (form.record().get("Asian"), form.record().get("White")) == (None, None)


def test_none_of_these_in_one_click(qtbot: QtBot, form: RecordForm) -> None:
    none = form.fields["RaceNone"]
    assert isinstance(none, CodeField)
    assert none.combo.isHidden()
    click_code(qtbot, form, "RaceNone", 9)
    assert form.record().get("RaceNone") == 9


def test_checking_a_box_after_none_of_these_clears_it(qtbot: QtBot, form: RecordForm) -> None:
    # The drop-down is hidden, so a "Doesn't know" clicked by mistake could not be
    # undone, and the form would refuse to save ("a race is checked").
    click_code(qtbot, form, "RaceNone", 8)
    tick(qtbot, form.checks["Asian"])
    assert form.record().get("RaceNone") is None
    assert not [m for m in form.errors() if m.field == "RaceNone"]


# -- validation as you type -----------------------------------------------------------------


def test_messages_show_for_touched_fields_only(qtbot: QtBot, form: RecordForm) -> None:
    type_into(qtbot, form, "DOB", "2030-01-01")
    assert "future" in shown(form, "DOB")
    assert shown(form, "NameDataQuality") == ""  # required, but not touched yet
    assert form.summary.isHidden()


def test_errors_shows_everything_and_lists_the_errors(qtbot: QtBot, form: RecordForm) -> None:
    type_into(qtbot, form, "FirstName", "Roberta")
    errors = form.errors()
    assert "NameDataQuality" in {m.field for m in errors}
    assert all(m.severity == "error" for m in errors)
    assert "required" in shown(form, "NameDataQuality")
    assert form.first_problem_field() is form.fields["NameDataQuality"]
    choose(form, "NameDataQuality", 2)
    assert "NameDataQuality" not in {m.field for m in form.errors()}


def test_columns_not_on_the_form_are_summarised_after_a_save_try(
    qtbot: QtBot, form: RecordForm
) -> None:
    form.revalidate()
    assert form.summary.isHidden()
    form.errors()
    assert form.summary.isVisible()
    assert "required" in form.summary.text()  # VeteranStatus is required, and not here


def test_validation_waits_for_a_pause_in_typing(qtbot: QtBot, form: RecordForm) -> None:
    runs: list[None] = []
    form.validated.connect(lambda: runs.append(None))
    with qtbot.waitSignal(form.validated, timeout=2000):
        qtbot.keyClicks(form.fields["DOB"].edit, "2030-01-01")  # type: ignore[union-attr]
        assert runs == []  # ten keystrokes, no run yet
    qtbot.wait(300)
    assert len(runs) == 1


def test_an_unreadable_date_is_kept_and_reported_once(qtbot: QtBot, form: RecordForm) -> None:
    type_into(qtbot, form, "DOB", "4/31/80x")
    assert form.fields["DOB"].text() == "4/31/80x"  # type: ignore[union-attr]
    assert form.record().get("DOB") is None
    dob = [m for m in form.errors() if m.field == "DOB"]
    assert len(dob) == 1
    assert dob[0].rule == "form.unreadable"
    assert "Type a date" in shown(form, "DOB")
    assert form.first_problem_field() is form.fields["DOB"]
    assert form.fields["DOB"].text() == "4/31/80x"  # type: ignore[union-attr]


def test_an_unreadable_number_is_an_error(form: RecordForm) -> None:
    form.fields["YearEnteredService"].set_text("nineteen")  # type: ignore[union-attr]
    errors = [m for m in form.errors() if m.field == "YearEnteredService"]
    assert [m.rule for m in errors] == ["form.unreadable"]


# -- skip logic -------------------------------------------------------------------------------


def test_hidden_values_leave_the_record_but_stay_on_screen(qtbot: QtBot, form: RecordForm) -> None:
    type_into(qtbot, form, "Aliases", "Bobbie")
    aliases = form.fields["Aliases"]
    click_code(qtbot, form, "NameDataQuality", 99)
    assert aliases.isHidden() or not aliases.isVisible()
    assert form.record().get("Aliases") is None
    assert aliases.text() == "Bobbie"  # type: ignore[union-attr]
    choose(form, "NameDataQuality", 2)
    assert aliases.isVisible()
    assert form.record().get("Aliases") == "Bobbie"


def test_a_hidden_unreadable_field_does_not_block_saving(qtbot: QtBot) -> None:
    rows = (Row("NameDataQuality", "Name quality"), Row("DOB", "Date of birth"))

    def hide_dob(record: Record) -> frozenset[str]:
        return frozenset({"DOB"}) if record.get("NameDataQuality") == 99 else frozenset()

    form = RecordForm(Client, rows, clock=FixedDate, hidden=hide_dob)
    qtbot.addWidget(form)
    form.show()
    type_into(qtbot, form, "DOB", "someday")
    assert "DOB" in {m.field for m in form.errors()}
    click_code(qtbot, form, "NameDataQuality", 99)
    assert not form.fields["DOB"].isVisible()
    # An error the worker cannot see, on a field that is not saved, must not block the save.
    assert "DOB" not in {m.field for m in form.errors()}
    assert form.first_problem_field() is not form.fields["DOB"]
    assert form.fields["DOB"].text() == "someday"  # type: ignore[union-attr]


# -- drafts ---------------------------------------------------------------------------------


def test_a_draft_round_trips_through_json_and_restore(qtbot: QtBot, form: RecordForm) -> None:
    client = Client.new(FirstName="Ezra", NameDataQuality=2, Sex=0)
    form.load(client)
    type_into(qtbot, form, "LastName", "Mendel")
    type_into(qtbot, form, "DOB", "7/9/61?")  # unreadable: must survive as typed
    type_into(qtbot, form, "YearEnteredService", "1980")
    tick(qtbot, form.checks["White"])
    before = form.record()
    draft = json.loads(json.dumps(form.draft()))

    again = RecordForm(Client, ROWS, clock=FixedDate, hidden=hide_aliases_without_a_name)
    qtbot.addWidget(again)
    again.show()
    again.restore(draft)
    assert again.fields["DOB"].text() == "7/9/61?"  # type: ignore[union-attr]
    assert again.fields["LastName"].text() == "Mendel"  # type: ignore[union-attr]
    assert again.checks["White"].isChecked()
    assert again.record() == before  # same id, Sex kept from the loaded record
    assert again.record().id == client.id
    assert not again.is_empty()
    assert "Type a date" in shown(again, "DOB")  # restored text counts as touched
    assert again.draft() == draft


def test_restore_ignores_junk(qtbot: QtBot, form: RecordForm) -> None:
    form.restore({"fields": "not a mapping"})
    assert form.is_empty()
    form.restore({"fields": {"NoSuchColumn": "x", "NameDataQuality": [1]}})
    assert form.record().get("NameDataQuality") is None
