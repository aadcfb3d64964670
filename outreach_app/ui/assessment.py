"""The coordinated entry assessment dialog (HMIS element 4.19), drawn from an instrument.

The questions, their skip logic and their scoring are the CoC's data (see
:mod:`outreach_app.domain.instrument`); this dialog only draws them and keeps
the worker moving: follow-ups appear and disappear as answers change, the
running score and recommendation stay in view, "doesn't know" and "prefers not
to answer" are one click (Ctrl+D, Ctrl+P), and problems show next to the
question without ever clearing what was typed. The dialog never touches the
database: it emits the records to save and waits for :meth:`saved` or
:meth:`failed`; :meth:`draft` and :meth:`restore` let the window keep an
unfinished assessment across a lock.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from outreach_app.domain import ce_assessment as engine
from outreach_app.domain.ce_conditions import Answer
from outreach_app.domain.hmis_spec import load_spec
from outreach_app.domain.instrument import Instrument
from outreach_app.domain.records import Assessment, Record
from outreach_app.domain.validation import FieldMessage, validate
from outreach_app.ui.ce_question import QuestionWidget
from outreach_app.ui.fields import CodeField, DateField, MessageLabel, TextField
from outreach_app.ui.messages import ask_discard

HEADER_COLUMNS = (
    "AssessmentDate",
    "AssessmentLocation",
    "AssessmentType",
    "AssessmentLevel",
    "PrioritizationStatus",
)


class AssessmentDialog(QDialog):
    """A whole CE assessment: the 4.19 header, the instrument's questions, the result.

    Attributes:
        instrument: the instrument being run.
        date, location, assessment_type, level, status: the header fields.
        status_note: how the prioritization status was decided.
        questions: question id to its widget.
        score_label: the running score and results.
        message: what went wrong with the last submit or save.
        submit_button, cancel_button: the dialog's buttons.
        discard_box: the "discard?" question while it is open.

    Signals:
        submitted(list): the Records to save, free of errors.
    """

    submitted = Signal(list)
    #: The window keeps an unfinished one as a draft of this kind.
    DRAFT_KIND = "assessment"

    def __init__(
        self,
        instrument: Instrument,
        *,
        personal_id: str,
        enrollment_id: str,
        parent: QWidget | None = None,
        language: str = "en",
        clock: type[dt.date] = dt.date,
    ) -> None:
        super().__init__(parent)
        self.instrument = instrument
        self._ids = (personal_id, enrollment_id)
        self._clock = clock
        self._show_all = False
        self._touched: set[str] = set()
        self._status_overridden = False
        self._computed_status: int | None = None
        self._busy = False
        self.discard_box: QMessageBox | None = None
        self.setWindowTitle(instrument.title_in(language))
        spec = load_spec()
        self.date = DateField(accessible_name=self.tr("Assessment date"), clock=clock)
        self.date.set_value(clock.today())
        self.location = TextField(accessible_name=self.tr("Assessment location"), max_length=250)
        self.assessment_type = CodeField(spec, "4.19.3", accessible_name=self.tr("Assessment type"))
        self.assessment_type.set_value(instrument.assessment_type)
        self.level = CodeField(spec, "4.19.4", accessible_name=self.tr("Assessment level"))
        self.level.set_value(instrument.assessment_level)
        self.status = CodeField(spec, "4.19.7", accessible_name=self.tr("Prioritization status"))
        self.status_note = QLabel()
        self.header_problems = {c: MessageLabel() for c in HEADER_COLUMNS}
        form = QFormLayout()
        for column, caption, widget in (
            ("AssessmentDate", self.tr("Date"), self.date),
            ("AssessmentLocation", self.tr("Location"), self.location),
            ("AssessmentType", self.tr("Type"), self.assessment_type),
            ("AssessmentLevel", self.tr("Level"), self.level),
            ("PrioritizationStatus", self.tr("Prioritization"), self.status),
        ):
            box = QVBoxLayout()
            box.addWidget(widget)
            if column == "PrioritizationStatus":
                box.addWidget(self.status_note)
            box.addWidget(self.header_problems[column])
            label = QLabel(caption)
            label.setBuddy(widget)
            form.addRow(label, box)
            if widget is not self.status:
                widget.changed.connect(lambda c=column: self._on_changed(c))
        self.status.changed.connect(self._on_status_changed)
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.addLayout(form)
        self.questions: dict[str, QuestionWidget] = {}
        for section in instrument.sections:
            group = QGroupBox(section.title_in(language))
            group_layout = QVBoxLayout(group)
            for question in section.questions:
                asked = QuestionWidget(question, language)
                asked.changed.connect(lambda q=question.id: self._on_changed(q))
                group_layout.addWidget(asked)
                self.questions[question.id] = asked
            body_layout.addWidget(group)
        scroll = QScrollArea()
        scroll.setAccessibleName(self.tr("Questions"))
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        self.score_label = QLabel()
        self.score_label.setWordWrap(True)
        self.score_label.setAccessibleName(self.tr("Score and result"))
        self.message = MessageLabel()
        self.submit_button = QPushButton(self.tr("Save assessment"))
        self.submit_button.setAccessibleName(self.tr("Save assessment"))
        self.submit_button.setToolTip("Ctrl+Enter")
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setAccessibleName(self.tr("Cancel"))
        for button in (self.submit_button, self.cancel_button):
            button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.score_label, 1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.submit_button)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.submit_button.clicked.connect(self.submit)
        self.cancel_button.clicked.connect(self.reject)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self).activated.connect(self.submit)
        self.resize(760, 720)
        self.refresh()

    # State ------------------------------------------------------------------

    def answers(self) -> dict[str, Answer]:
        """Return every readable answer on screen, shown or not."""
        found = {qid: w.answer() for qid, w in self.questions.items()}
        return {qid: a for qid, a in found.items() if a is not None}

    def header(self) -> engine.AssessmentHeader:
        """Return the 4.19 header as typed."""
        personal_id, enrollment_id = self._ids
        return engine.AssessmentHeader(
            personal_id=personal_id,
            enrollment_id=enrollment_id,
            date=self.date.value() or self._clock.today(),
            location=self.location.text(),
            assessment_type=_code(self.assessment_type.value()),
            assessment_level=_code(self.level.value()),
            prioritization_status=_code(self.status.value()) or None,
        )

    def records(self) -> list[Record]:
        """Return the records the answers make (hidden questions' answers dropped)."""
        return engine.build_records(self.instrument, self.answers(), self.header())

    def is_empty(self) -> bool:
        """Whether the worker has typed or chosen nothing yet."""
        return not self._touched

    # Live updates -----------------------------------------------------------

    def _on_changed(self, name: str) -> None:
        self._touched.add(name)
        self.refresh()

    def _on_status_changed(self) -> None:
        self._status_overridden = self.status.value() != self._computed_status
        self._on_changed("PrioritizationStatus")

    def refresh(self) -> None:
        """Apply skip logic, rescore, and show the messages of touched fields."""
        answers = self.answers()
        shown = {q.id for q in engine.visible_questions(self.instrument, answers)}
        for qid, widget in self.questions.items():
            widget.setVisible(qid in shown)
        outcome = engine.evaluate(self.instrument, answers)
        self._computed_status = outcome.prioritization
        if not self._status_overridden:
            self.status.blockSignals(True)
            self.status.set_value(outcome.prioritization)
            self.status.blockSignals(False)
        self._show_status_note()
        lines = [self.tr("Score: {total}").format(total=outcome.total)]
        lines += [f"{kind}: {value}" for kind, value in outcome.results[1:]]
        self.score_label.setText(" · ".join(lines))
        self._show_messages(self.messages(answers))

    def _show_status_note(self) -> None:
        computed = self._computed_status
        label = load_spec().label("4.19.7", computed) if computed else self.tr("none")
        text = self.tr("Computed from the answers: {status}").format(status=label)
        if self._status_overridden:
            text = self.tr("Changed by hand. {computed}").format(computed=text)
        self.status_note.setText(text)

    def messages(self, answers: dict[str, Answer] | None = None) -> list[FieldMessage]:
        """Return every problem: unreadable input, answers, and the 4.19 header."""
        answers = self.answers() if answers is None else answers
        found: list[FieldMessage] = []
        for qid, widget in self.questions.items():
            problem = widget.problem()
            if problem is not None and widget.isVisibleTo(self):
                found.append(FieldMessage(qid, problem, "error", "form.unreadable"))
        unreadable = {m.field for m in found}
        today = self._clock.today()
        for message in engine.validate_answers(self.instrument, answers, today):
            if message.field not in unreadable:
                found.append(message)
        date_problem = self.date.problem()
        if date_problem is not None:
            found.append(FieldMessage("AssessmentDate", date_problem, "error", "form.unreadable"))
        assessment = Assessment.new(
            AssessmentDate=self.date.value(),
            AssessmentLocation=self.location.value(),
            AssessmentType=self.assessment_type.value(),
            AssessmentLevel=self.level.value(),
            PrioritizationStatus=self.status.value(),
        )
        for message in validate(assessment, today=today):
            if message.field in HEADER_COLUMNS and not (
                date_problem and message.field == "AssessmentDate"
            ):
                found.append(message)
        return found

    def _show_messages(self, messages: list[FieldMessage]) -> None:
        by_field: dict[str, list[FieldMessage]] = {}
        for message in messages:
            if self._show_all or message.field in self._touched:
                by_field.setdefault(message.field, []).append(message)
        for column, label in self.header_problems.items():
            label.show_messages(by_field.get(column, []))
        for qid, widget in self.questions.items():
            widget.problems.show_messages(by_field.get(qid, []))

    # Submitting -------------------------------------------------------------

    def submit(self) -> None:
        """Emit :attr:`submitted` with the records, or show what must be fixed first."""
        if self._busy:
            return
        self._show_all = True
        self.refresh()
        errors = [m for m in self.messages() if m.severity == "error"]
        if errors:
            self.message.show_text(self.tr("Fix the questions marked in red, then save."))
            target = self.questions.get(errors[0].field) or self._header_widget(errors[0].field)
            if target is not None:
                target.setFocus()
            return
        self._busy = True
        self.submit_button.setEnabled(False)
        self.message.show_text(self.tr("Saving…"), error=False)
        self.submitted.emit(self.records())

    def _header_widget(self, column: str) -> QWidget | None:
        widgets = (self.date, self.location, self.assessment_type, self.level, self.status)
        return dict(zip(HEADER_COLUMNS, widgets, strict=True)).get(column)

    def saved(self) -> None:
        """Close without asking: the caller saved the records."""
        self._busy = False
        self._touched.clear()
        self.accept()

    def failed(self, message: str) -> None:
        """Say why the caller could not save, keeping everything typed."""
        self._busy = False
        self.submit_button.setEnabled(True)
        self.message.show_text(message)

    # Keyboard and closing ---------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        """Enter moves to the next field, and submits from the last one."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            shown = [w for w in self.questions.values() if w.isVisibleTo(self)]
            focus = self.focusWidget()
            if shown and focus is not None and shown[-1].isAncestorOf(focus):
                self.submit()
            else:
                self.focusNextChild()
            return
        super().keyPressEvent(event)

    def reject(self) -> None:
        """Close, asking first if something was typed (Esc, Cancel, the window's ×)."""
        if self.is_empty() or self._busy:
            if not self._busy:
                super().reject()
            return
        self.discard_box = ask_discard(
            self,
            self.tr("Discard this assessment?"),
            self.tr("The answers typed so far will be lost."),
            self._discard,
        )

    def _discard(self) -> None:
        self.discard_box = None
        self._touched.clear()
        super().reject()

    # Drafts -----------------------------------------------------------------

    def draft(self) -> dict[str, object]:
        """Return everything on screen as JSON-ready data, readable or not."""
        return {
            "instrument": self.instrument.id,
            "version": self.instrument.version,
            "header": {
                "date": self.date.text(),
                "location": self.location.text(),
                "type": self.assessment_type.value(),
                "level": self.level.value(),
                "status": self.status.value() if self._status_overridden else None,
            },
            "answers": {
                qid: {"raw": w.raw(), "special": w.special()}
                for qid, w in self.questions.items()
                if not w.is_empty()
            },
            "touched": sorted(self._touched),
        }

    def restore(self, draft: dict[str, object]) -> None:
        """Put a :meth:`draft` back on screen (answers to unknown questions are ignored)."""
        header = draft.get("header")
        if isinstance(header, dict):
            self.date.set_text(str(header.get("date") or ""))
            self.location.set_text(str(header.get("location") or ""))
            self.assessment_type.set_value(header.get("type"))
            self.level.set_value(header.get("level"))
            if header.get("status") is not None:
                self._status_overridden = True
                self.status.set_value(header["status"])
        answers = draft.get("answers")
        for qid, state in (answers if isinstance(answers, dict) else {}).items():
            if qid in self.questions and isinstance(state, dict):
                self.questions[qid].set_raw(state.get("raw"), state.get("special"))
        touched = draft.get("touched")
        self._touched = (
            {t for t in touched if isinstance(t, str)} if isinstance(touched, list) else set()
        )
        self.refresh()


def _code(value: object) -> int:
    return value if isinstance(value, int) else 0
