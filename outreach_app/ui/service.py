"""Recording a service given or a referral made (HMIS Services.csv, PATH elements P1 and P2).

Street outreach teams funded by PATH record each service they provide (P1.2:
re-engagement, screening, case management...) and each referral they make
(P2.2: mental health, substance use treatment, housing...) with its outcome.
Which list the "type provided" comes from depends on the record type, so the
choice of type is rebuilt when the record type changes. Like the other record
dialogs this one never touches the database: it emits the record to save and
waits for ``saved()`` or ``failed()``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QVBoxLayout, QWidget

from outreach_app.domain.hmis_spec import load_spec
from outreach_app.domain.records import Record, Service, new_id
from outreach_app.domain.validation import errors_only, validate
from outreach_app.ui.fields import CodeField, DateField, MessageLabel

PATH_SERVICE, PATH_REFERRAL = 141, 161
#: The list that codes TypeProvided for each record type offered here.
TYPE_LISTS = {PATH_SERVICE: "P1.2", PATH_REFERRAL: "P2.2"}


class ServiceDialog(QDialog):
    """Record one service or referral for a client's enrollment.

    Attributes:
        date: when it was provided (today by default).
        record_type: PATH service or PATH referral.
        type_provided: what was provided, from the record type's list.
        outcome: a referral's outcome (referrals only).
        problems: what stops it from being saved.

    Signals:
        submitted(list): the Service record to save.
    """

    submitted = Signal(list)
    DRAFT_KIND = "service"

    def __init__(
        self,
        *,
        personal_id: str,
        enrollment_id: str,
        draft_id: str | None = None,
        clock: type[dt.date] = dt.date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Record a service or referral"))
        self.draft_id = draft_id or new_id()
        self._ids = {"PersonalID": personal_id, "EnrollmentID": enrollment_id}
        self._clock = clock
        self._touched = False
        spec = load_spec()
        self.date = DateField(accessible_name=self.tr("Date provided"), clock=clock)
        self.date.set_value(clock.today())
        self.record_type = CodeField(
            spec, "1.4", allowed=tuple(TYPE_LISTS), accessible_name=self.tr("Record type")
        )
        self.type_provided = CodeField(
            spec, "P1.2", accessible_name=self.tr("Type provided"), quick=False
        )
        self.outcome = CodeField(spec, "P2.A", accessible_name=self.tr("Referral outcome"))
        self.problems = MessageLabel()
        self._form = QFormLayout()
        self._form.addRow(self.tr("Date provided"), self.date)
        self._form.addRow(self.tr("Record type"), self.record_type)
        self._form.addRow(self.tr("Type provided"), self.type_provided)
        self._form.addRow(self.tr("Referral outcome"), self.outcome)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        buttons.accepted.connect(self.try_submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self._form)
        layout.addWidget(self.problems)
        layout.addWidget(buttons)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self).activated.connect(self.try_submit)
        self.record_type.changed.connect(self._type_changed)
        for field in (self.date, self.type_provided, self.outcome):
            field.changed.connect(self._touch)
        self.record_type.set_value(PATH_SERVICE)
        self._touched = False

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        """Start on what was provided: the date is today, the type a service."""
        super().showEvent(event)
        self.type_provided.setFocus()

    def _touch(self) -> None:
        self._touched = True

    def _type_changed(self) -> None:
        """Offer the types of the chosen record type; the outcome only for referrals."""
        self._touched = True
        kind = self.record_type.value()
        list_id = TYPE_LISTS.get(kind if isinstance(kind, int) else PATH_SERVICE, "P1.2")
        chosen = self.type_provided.value()
        replacement = CodeField(
            load_spec(), list_id, accessible_name=self.tr("Type provided"), quick=False
        )
        replacement.changed.connect(self._touch)
        if chosen in replacement.codes():
            replacement.set_value(chosen)
        self._form.replaceWidget(self.type_provided, replacement)
        self.type_provided.deleteLater()
        self.type_provided = replacement
        self._form.setRowVisible(self.outcome, kind == PATH_REFERRAL)

    def record(self) -> Record:
        """Return the service as chosen (the outcome only for a referral)."""
        kind = self.record_type.value()
        return Service.new(
            DateProvided=self.date.value(),
            RecordType=kind,
            TypeProvided=self.type_provided.value(),
            ReferralOutcome=self.outcome.value() if kind == PATH_REFERRAL else None,
            **self._ids,
        )

    def try_submit(self) -> None:
        """Emit the record, or show what is missing."""
        problems = [self.date.problem()] if self.date.problem() else []
        if self.type_provided.value() is None:
            problems.append(self.tr("Choose what was provided."))
        record = self.record()
        problems += [m.message for m in errors_only(validate(record, today=self._clock.today()))]
        if problems:
            self.problems.show_text(" ".join(p for p in problems if p))
            return
        self.save_button.setEnabled(False)
        self.submitted.emit([record])

    def saved(self) -> None:
        """Close: the caller saved the service."""
        self.accept()

    def failed(self, message: str) -> None:
        """Say why the caller could not save, keeping everything chosen."""
        self.save_button.setEnabled(True)
        self.problems.show_text(message)

    def draft(self) -> dict[str, object]:
        """Return what is on screen, for the encrypted autosave."""
        return {
            "date": self.date.text(),
            "record_type": self.record_type.value(),
            "type_provided": self.type_provided.value(),
            "outcome": self.outcome.value(),
        }

    def restore(self, draft: Mapping[str, object]) -> None:
        """Put a :meth:`draft` back on screen."""
        self.date.set_text(str(draft.get("date") or ""))
        # The record type first: it rebuilds the list the type provided comes from.
        for key in ("record_type", "type_provided", "outcome"):
            value = draft.get(key)
            getattr(self, key).set_value(value if isinstance(value, int) else None)

    def is_empty(self) -> bool:
        """Whether the worker has chosen anything yet."""
        return not self._touched
