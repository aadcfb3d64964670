"""The input widgets: one-click missing-data codes, dates typed as on paper, nothing lost."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from outreach_app.domain.hmis_spec import load_spec
from outreach_app.domain.validation import FieldMessage
from outreach_app.ui.fields import (
    CodeField,
    DateField,
    MessageLabel,
    NumberField,
    TextField,
    parse_date,
)

TODAY = dt.date(2026, 3, 31)


class FixedDate(dt.date):
    """A ``date`` whose ``today()`` is always :data:`TODAY`."""

    @classmethod
    def today(cls) -> FixedDate:
        return cls(TODAY.year, TODAY.month, TODAY.day)


# -- parse_date ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["2026-11-25", "11/25/2026", "11-25-2026", "11252026", "11/25/26", "  2026-11-25 "],
)
def test_parse_date_reads_what_workers_type(text: str) -> None:
    assert parse_date(text) == dt.date(2026, 11, 25)


@pytest.mark.parametrize("text", ["", "   "])
def test_parse_date_empty_is_none(text: str) -> None:
    assert parse_date(text) is None


@pytest.mark.parametrize(
    "text", ["soon", "02/30/2026", "2026-13-01", "25/11/2026", "20261125", "1125202", "112026"]
)
def test_parse_date_refuses_what_is_not_a_date(text: str) -> None:
    with pytest.raises(ValueError, match=r"."):
        parse_date(text)


@given(st.text(alphabet="0123456789", min_size=1, max_size=10))
def test_digits_alone_are_only_ever_read_as_mmddyyyy(text: str) -> None:
    # Short runs of digits are ambiguous ("1122026": January 12 or November 2?).
    try:
        day = parse_date(text)
    except ValueError:
        return
    assert len(text) == 8
    assert day == dt.date(int(text[4:]), int(text[:2]), int(text[2:4]))


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_parse_date_round_trips_every_written_form(day: dt.date) -> None:
    for text in (day.isoformat(), day.strftime("%m/%d/%Y"), day.strftime("%m%d%Y")):
        assert parse_date(text) == day, text


# -- CodeField ------------------------------------------------------------------------------


def _code_field(qtbot: QtBot, list_id: str = "1.8", **kwargs: Any) -> CodeField:
    field = CodeField(load_spec(), list_id, accessible_name="Veteran status", **kwargs)
    qtbot.addWidget(field)
    field.show()
    return field


def test_code_field_starts_unanswered(qtbot: QtBot) -> None:
    field = _code_field(qtbot)
    assert field.value() is None
    assert field.combo.itemData(0) is None
    assert field.combo.accessibleName() == "Veteran status"


@pytest.mark.parametrize("code", [8, 9, 99])
def test_one_click_sets_a_missing_data_code(qtbot: QtBot, code: int) -> None:
    field = _code_field(qtbot)
    with qtbot.waitSignal(field.changed, timeout=1000):
        qtbot.mouseClick(field.quick_buttons[code], Qt.MouseButton.LeftButton)
    assert field.value() == code
    assert field.combo.currentText() == load_spec().lists["1.8"][code]


def test_quick_buttons_only_for_codes_the_list_has(qtbot: QtBot) -> None:
    assert set(_code_field(qtbot, "1.8").quick_buttons) == {8, 9, 99}
    assert set(_code_field(qtbot, "1.7").quick_buttons) == {99}  # No, Yes, Not collected
    assert _code_field(qtbot, "1.10").quick_buttons == {}  # No, Yes
    assert _code_field(qtbot, "1.8", quick=False).quick_buttons == {}


def test_quick_buttons_are_named_and_skipped_by_tab(qtbot: QtBot) -> None:
    field = _code_field(qtbot)
    names = {b.accessibleName() for b in field.quick_buttons.values()}
    assert names == {
        "Veteran status: Doesn't know",
        "Veteran status: Prefers not to answer",
        "Veteran status: Not collected",
    }
    for button in field.quick_buttons.values():
        assert button.focusPolicy() == Qt.FocusPolicy.ClickFocus


def test_choosing_by_keyboard(qtbot: QtBot) -> None:
    field = _code_field(qtbot)
    field.combo.setFocus()
    qtbot.keyClicks(field.combo, "Yes")
    assert field.value() == 1


def test_allowed_codes_in_the_order_given(qtbot: QtBot) -> None:
    field = _code_field(qtbot, allowed=(1, 0, 99, 12345))
    offered = [field.combo.itemData(i) for i in range(field.combo.count())]
    assert offered == [None, 1, 0, 99]  # a code not in the list is not offered
    assert list(field.codes()) == [1, 0, 99]
    assert set(field.quick_buttons) == {99}


def test_an_unknown_code_is_kept_not_dropped(qtbot: QtBot) -> None:
    field = _code_field(qtbot)
    field.set_value(42)
    assert field.value() == 42
    assert "42" in field.combo.currentText()
    count = field.combo.count()
    field.set_value(1)
    field.set_value(42)  # the same unknown code again: no second entry
    assert field.combo.count() == count
    field.set_value(None)
    assert field.value() is None
    assert field.is_valid()


# -- DateField ------------------------------------------------------------------------------


def _date_field(qtbot: QtBot, **kwargs: Any) -> DateField:
    field = DateField(accessible_name="Date of birth", clock=FixedDate, **kwargs)
    qtbot.addWidget(field)
    field.show()
    return field


@pytest.mark.parametrize("typed", ["1980-04-02", "04/02/1980", "04021980"])
def test_a_date_typed_as_on_paper(qtbot: QtBot, typed: str) -> None:
    field = _date_field(qtbot)
    qtbot.keyClicks(field.edit, typed)
    assert field.value() == dt.date(1980, 4, 2)
    assert field.is_valid()
    assert field.problem() is None
    assert field.text() == typed  # what was typed stays as typed


def test_an_unreadable_date_keeps_its_text_and_says_so(qtbot: QtBot) -> None:
    field = _date_field(qtbot)
    qtbot.keyClicks(field.edit, "13/45/1980")
    assert field.text() == "13/45/1980"
    assert field.edit.text() == "13/45/1980"
    assert field.value() is None
    assert not field.is_valid()
    assert field.problem() == "Type a date like 2026-03-31 or 03/31/2026."


def test_a_future_date_is_flagged(qtbot: QtBot) -> None:
    field = _date_field(qtbot)
    qtbot.keyClicks(field.edit, "04/01/2026")  # the day after TODAY
    assert field.value() == dt.date(2026, 4, 1)
    assert field.is_valid()  # readable, but wrong
    assert field.problem() == "This date is in the future."
    field.set_value(TODAY)
    assert field.problem() is None


def test_future_allowed_where_it_makes_sense(qtbot: QtBot) -> None:
    field = _date_field(qtbot, allow_future=True)
    qtbot.keyClicks(field.edit, "2027-01-01")
    assert field.problem() is None


def test_today_button(qtbot: QtBot) -> None:
    field = _date_field(qtbot)
    with qtbot.waitSignal(field.changed, timeout=1000):
        qtbot.mouseClick(field.today_button, Qt.MouseButton.LeftButton)
    assert field.value() == TODAY
    assert field.text() == "2026-03-31"
    assert field.today_button.accessibleName() == "Date of birth: Today"


def test_today_button_can_be_left_out(qtbot: QtBot) -> None:
    assert _date_field(qtbot, today=False).today_button.isHidden()
    assert not _date_field(qtbot).today_button.isHidden()


def test_set_text_puts_back_a_draft_as_typed(qtbot: QtBot) -> None:
    field = _date_field(qtbot)
    field.set_text("sometime in may")
    assert field.text() == "sometime in may"
    assert not field.is_valid()
    field.set_value(None)
    assert field.text() == ""
    assert field.is_valid()
    assert field.value() is None


# -- TextField and NumberField -----------------------------------------------------------


def test_text_field_trims_and_blank_is_none(qtbot: QtBot) -> None:
    field = TextField(accessible_name="First name", max_length=5)
    qtbot.addWidget(field)
    qtbot.keyClicks(field, "  ")
    assert field.value() is None
    qtbot.keyClicks(field, "Al")
    assert field.value() == "Al"
    qtbot.keyClicks(field, "exandra")
    assert field.text() == "  Ale"  # the column's maximum length
    assert field.accessibleName() == "First name"


def test_number_field_blocks_letters_as_typed(qtbot: QtBot) -> None:
    field = NumberField(accessible_name="Times homeless")
    qtbot.addWidget(field)
    qtbot.keyClicks(field, "1x2")
    assert field.text() == "12"
    assert field.value() == 12
    assert field.is_valid()


def test_number_field_keeps_unreadable_draft_text(qtbot: QtBot) -> None:
    field = NumberField(accessible_name="Times homeless")
    qtbot.addWidget(field)
    field.set_text("three")
    assert field.text() == "three"
    assert field.value() is None
    assert not field.is_valid()
    field.set_value(None)
    assert field.is_valid()
    assert field.value() is None


# -- MessageLabel ---------------------------------------------------------------------------


def test_message_label_shows_and_hides(qtbot: QtBot) -> None:
    holder = QWidget()
    label = MessageLabel()
    QVBoxLayout(holder).addWidget(label)
    qtbot.addWidget(holder)
    holder.show()
    assert label.isHidden()
    assert label.accessibleName() == "Problems"
    label.show_messages(
        [
            FieldMessage("DOB", "Bad <date> & such", "error", "x"),
            FieldMessage("DOB", "Check it", "warning", "y"),
        ]
    )
    assert label.isVisible()
    assert "#c62828" in label.text() and "#a15c00" in label.text()
    assert "&lt;date&gt; &amp; such" in label.text()  # typed text is never markup
    label.show_messages([])
    assert label.isHidden()
    label.show_text("Saved with a warning", error=False)
    assert label.isVisible() and "#a15c00" in label.text()
    label.show_text("")
    assert label.isHidden()
