"""A form for one HMIS record, built from its columns and checked as the worker types.

Screens describe a form as rows (a column and its label, a group of
checkboxes, a section title); :class:`RecordForm` picks the widget from the
column's type in HUD's specification, reads a :class:`~outreach_app.domain.records.Record`
back from the widgets, and runs the domain layer's validation a moment after
each keystroke. A field's problems show under it once it has been touched, and
all of them when the worker tries to save. Questions that skip logic hides keep
their answer on screen memory but leave the record, so flipping an answer back
and forth loses nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QTimer, Signal
from PySide6.QtWidgets import QCheckBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from outreach_app.domain.hmis_spec import DEFAULT_FISCAL_YEAR, Code, FiscalYear, load_spec
from outreach_app.domain.records import Record, Value, record_columns
from outreach_app.domain.validation import FieldMessage, validate
from outreach_app.ui.fields import CodeField, DateField, MessageLabel, NumberField, TextField

Field = CodeField | DateField | TextField | NumberField


def tr(text: str) -> str:
    """Translate a string of this module, or a row's text marked with context "forms".

    Screens describe their rows as data, so the texts in ``Row``, ``Checks`` and
    ``Section`` must be marked ``QT_TRANSLATE_NOOP("forms", ...)`` for lupdate.
    """
    return QCoreApplication.translate("forms", text)


@dataclass(frozen=True, slots=True)
class Row:
    """One column on a form.

    Attributes:
        column: the HMIS column.
        label: what the worker reads.
        allowed: the codes to offer, when not the whole list.
        allow_future: whether a date may be after today.
    """

    column: str
    label: str
    allowed: tuple[Code, ...] | None = None
    allow_future: bool = False


@dataclass(frozen=True, slots=True)
class Checks:
    """Several yes/no columns answered as one question (race and ethnicity).

    Attributes:
        label: the question.
        columns: each column and its label; checked is 1, unchecked 0.
        none_column: the column for "doesn't know / prefers not / not collected".
    """

    label: str
    columns: tuple[tuple[str, str], ...]
    none_column: str


@dataclass(frozen=True, slots=True)
class Section:
    """A heading between groups of rows."""

    title: str


FormRow = Row | Checks | Section
#: Given the record as typed, the columns skip logic hides.
HiddenColumns = Callable[[Record], frozenset[str]]


class RecordForm(QWidget):
    """Widgets for the columns of one record kind, read back as a record.

    Attributes:
        fields: column to its input widget.
        checks: column to its checkbox, for :class:`Checks` rows.
        problems: per column, the label showing its messages.
        summary: problems with columns that are not on the form.

    Signals:
        changed(): anything typed or chosen changed.
        validated(): messages were recomputed.
    """

    changed = Signal()
    validated = Signal()

    def __init__(
        self,
        kind: type[Record],
        rows: Sequence[FormRow],
        *,
        fiscal_year: FiscalYear = DEFAULT_FISCAL_YEAR,
        project_type: int | None = None,
        hidden: HiddenColumns | None = None,
        clock: type[dt.date] = dt.date,
    ) -> None:
        super().__init__()
        self._kind = kind
        self._fiscal_year = fiscal_year
        self._project_type = project_type
        self._hidden_rule = hidden
        self._clock = clock
        self._base: Record = kind.new()
        self._fixed: dict[str, Value] = {}
        self._touched: set[str] = set()
        self._show_all = False
        self._messages: list[FieldMessage] = []
        self.fields: dict[str, Field] = {}
        self.checks: dict[str, QCheckBox] = {}
        self.problems: dict[str, MessageLabel] = {}
        self._row_widgets: dict[str, list[QWidget]] = {}
        self._layout = QFormLayout()
        self._layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for row in rows:
            self._add(row)
        self.summary = MessageLabel()
        outer = QVBoxLayout(self)
        outer.addLayout(self._layout)
        outer.addWidget(self.summary)
        outer.addStretch()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.revalidate)
        self._apply_hidden()

    # Building ---------------------------------------------------------------

    def _add(self, row: FormRow) -> None:
        if isinstance(row, Section):
            title = QLabel(f"<b>{tr(row.title)}</b>")
            title.setAccessibleName(tr(row.title))
            self._layout.addRow(title)
        elif isinstance(row, Checks):
            self._add_checks(row)
        else:
            self._add_field(row)

    def _add_field(self, row: Row) -> None:
        spec = load_spec(self._fiscal_year)
        column = record_columns(self._kind.KIND, self._fiscal_year)[row.column]
        field: Field
        if column.list_id:
            field = CodeField(
                spec, column.list_id, allowed=row.allowed, accessible_name=tr(row.label)
            )
        elif column.kind == "date":
            field = DateField(
                accessible_name=tr(row.label), allow_future=row.allow_future, clock=self._clock
            )
        elif column.kind == "integer":
            field = NumberField(accessible_name=tr(row.label))
        else:
            field = TextField(accessible_name=tr(row.label), max_length=column.max_length)
        field.changed.connect(lambda name=row.column: self._on_changed(name))
        problems = MessageLabel()
        holder = QWidget()
        box = QVBoxLayout(holder)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(field)
        box.addWidget(problems)
        label = QLabel(tr(row.label))
        label.setBuddy(field)
        self._layout.addRow(label, holder)
        self.fields[row.column] = field
        self.problems[row.column] = problems
        self._row_widgets[row.column] = [label, holder]

    def _add_checks(self, row: Checks) -> None:
        holder = QWidget()
        box = QVBoxLayout(holder)
        box.setContentsMargins(0, 0, 0, 0)
        none_of_these = QCoreApplication.translate("forms", "none of these")
        none = CodeField(
            load_spec(self._fiscal_year),
            record_columns(self._kind.KIND, self._fiscal_year)[row.none_column].list_id or "",
            accessible_name=f"{tr(row.label)}: {none_of_these}",
        )
        none.combo.hide()  # only the one-click buttons make sense here
        none.changed.connect(lambda name=row.none_column: self._on_changed(name))
        for column, text in row.columns:
            check = QCheckBox(tr(text))
            check.setAccessibleName(f"{tr(row.label)}: {tr(text)}")
            check.toggled.connect(lambda _on, name=column: self._on_changed(name))
            # With the drop-down hidden, a box is the only way to undo a "none" answer.
            check.clicked.connect(lambda on: none.set_value(None) if on else None)
            box.addWidget(check)
            self.checks[column] = check
        box.addWidget(none)
        self.fields[row.none_column] = none
        problems = MessageLabel()
        box.addWidget(problems)
        for column, _text in row.columns:
            self.problems[column] = problems
        self.problems[row.none_column] = problems
        self._layout.addRow(QLabel(tr(row.label)), holder)

    # Reading and writing ----------------------------------------------------

    def load(self, record: Record) -> None:
        """Show ``record``; what is typed next edits it."""
        self._base = record
        self._touched.clear()
        self._show_all = False
        for name, field in self.fields.items():
            field.blockSignals(True)
            field.set_value(record.get(name))  # type: ignore[arg-type]
            field.blockSignals(False)
        for name, check in self.checks.items():
            check.blockSignals(True)
            check.setChecked(record.get(name) == 1)
            check.blockSignals(False)
        self._apply_hidden()
        self.revalidate()

    def today(self) -> dt.date:
        """Return today, by the form's clock (tests pass a fixed one)."""
        return self._clock.today()

    def set_fixed(self, **values: Value) -> None:
        """Set columns the worker does not type (PersonalID, EnrollmentID...)."""
        self._fixed.update(values)

    def record(self) -> Record:
        """Return the record as typed: the loaded record with the form's columns replaced."""
        values: dict[str, Value] = {}
        for name, field in self.fields.items():
            values[name] = field.value()
        if self.checks:
            any_checked = any(c.isChecked() for c in self.checks.values())
            for name, check in self.checks.items():
                values[name] = 1 if check.isChecked() else (0 if any_checked else None)
        for name in self._hidden():
            values[name] = None
        return self._base.replace(**values, **self._fixed)

    def draft(self) -> dict[str, object]:
        """Return what is on screen as JSON-ready data, readable or not."""
        data: dict[str, object] = {}
        for name, field in self.fields.items():
            if isinstance(field, CodeField):
                data[name] = field.value()
            else:
                data[name] = field.text()
        for name, check in self.checks.items():
            data[name] = check.isChecked()
        return {"id": self._base.id, "base": self._base.to_data(), "fields": data}

    def restore(self, draft: Mapping[str, object]) -> None:
        """Put a :meth:`draft` back on screen."""
        base = draft.get("base")
        record_id = draft.get("id")
        if isinstance(base, Mapping) and isinstance(record_id, str):
            self._base = self._kind.from_data(record_id, base, self._fiscal_year)
        fields = draft.get("fields")
        if not isinstance(fields, Mapping):
            return
        for name, value in fields.items():
            if name in self.checks:
                self.checks[name].setChecked(bool(value))
            elif (field := self.fields.get(name)) is not None:
                if isinstance(field, CodeField):
                    field.set_value(value if isinstance(value, int | str) else None)
                else:
                    field.set_text(str(value or ""))
        self._touched |= {n for n, v in fields.items() if v not in (None, "", False)}
        self.revalidate()

    def is_empty(self) -> bool:
        """Whether nothing has been typed or chosen on a new record."""
        return not self._touched

    # Checking ---------------------------------------------------------------

    def _on_changed(self, name: str) -> None:
        self._touched.add(name)
        self._apply_hidden()
        self._timer.start()
        self.changed.emit()

    def _hidden(self) -> frozenset[str]:
        if self._hidden_rule is None:
            return frozenset()
        return self._hidden_rule(self._record_without_hiding())

    def _record_without_hiding(self) -> Record:
        rule, self._hidden_rule = self._hidden_rule, None
        try:
            return self.record()
        finally:
            self._hidden_rule = rule

    def _apply_hidden(self) -> None:
        hidden = self._hidden()
        for name, widgets in self._row_widgets.items():
            for widget in widgets:
                widget.setHidden(name in hidden)

    def messages(self) -> list[FieldMessage]:
        """Return every problem with the record as typed, unreadable fields first.

        Questions skip logic hides are not checked: their text leaves the record.
        """
        own: list[FieldMessage] = []
        hidden = self._hidden()
        for name, field in self.fields.items():
            if name in hidden:
                continue  # its text stays on screen but is not part of the record
            problem = field.problem() if isinstance(field, DateField) else None
            if problem is None and not field.is_valid():
                problem = QCoreApplication.translate(
                    "forms", "This can't be read; check what was typed."
                )
            if problem is not None:
                own.append(FieldMessage(name, problem, "error", "form.unreadable"))
        unreadable = {m.field for m in own}
        found = validate(
            self.record(),
            fiscal_year=self._fiscal_year,
            project_type=self._project_type,
            today=self._clock.today(),
        )
        return own + [m for m in found if m.field not in unreadable]

    def revalidate(self) -> None:
        """Recompute the messages and show those of touched fields (all after a save try)."""
        self._timer.stop()
        self._messages = self.messages()
        by_label: dict[MessageLabel, list[FieldMessage]] = {}
        elsewhere: list[FieldMessage] = []
        for label in self.problems.values():
            by_label.setdefault(label, [])
        for message in self._messages:
            shown_at = self.problems.get(message.field)
            if shown_at is None:
                elsewhere.append(message)
            elif self._show_all or message.field in self._touched:
                by_label[shown_at].append(message)
        for label, found in by_label.items():
            label.show_messages(found)
        self.summary.show_messages(elsewhere if self._show_all else [])
        self.validated.emit()

    def errors(self) -> list[FieldMessage]:
        """Show every problem and return the errors (an empty list means it can be saved)."""
        self._show_all = True
        self.revalidate()
        return [m for m in self._messages if m.severity == "error"]

    def first_problem_field(self) -> QWidget | None:
        """Return the widget of the first field with an error, to move the focus there."""
        for message in self._messages:
            if message.severity == "error" and message.field in self.fields:
                return self.fields[message.field]
        return None
