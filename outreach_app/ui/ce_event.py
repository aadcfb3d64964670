"""The coordinated entry event dialog (HMIS element 4.20): access and referral events.

A worker records a referral standing next to the person, often before its
result is known, and comes back weeks later to add the result. The dialog
asks only what the chosen event type takes (see
:mod:`outreach_app.domain.ce_event`): the diversion result for problem
solving, aftercare for a follow-up case management referral, the location and
result for referrals to a housing opening, the result for voucher referrals,
and a result date once there is a result. Fields appear and disappear as the
event type changes; what was typed in a field that is hidden again stays on
screen memory but never reaches the record.

Like the assessment dialog it never touches the database: it emits the
records to save and waits for :meth:`CeEventDialog.saved` or
:meth:`CeEventDialog.failed`.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QHBoxLayout, QMessageBox, QPushButton, QVBoxLayout, QWidget

from outreach_app.domain import ce_event
from outreach_app.domain.records import Event, Record
from outreach_app.domain.validation import as_int
from outreach_app.ui.fields import DateField, MessageLabel
from outreach_app.ui.forms import RecordForm, Row
from outreach_app.ui.i18n import QT_TRANSLATE_NOOP
from outreach_app.ui.messages import ask_discard

EVENT_ROWS = (
    Row("EventDate", QT_TRANSLATE_NOOP("forms", "Date of the event")),
    Row("Event", QT_TRANSLATE_NOOP("forms", "Event")),
    Row(
        "ProbSolDivRRResult",
        QT_TRANSLATE_NOOP("forms", "Client housed or re-housed in a safe alternative?"),
    ),
    Row(
        "ReferralCaseManageAfter",
        QT_TRANSLATE_NOOP("forms", "Client enrolled in an aftercare project?"),
    ),
    Row(
        "LocationCrisisOrPHHousing",
        QT_TRANSLATE_NOOP("forms", "Location of the crisis or permanent housing opening"),
    ),
    Row("ReferralResult", QT_TRANSLATE_NOOP("forms", "Referral result")),
    Row("ResultDate", QT_TRANSLATE_NOOP("forms", "Date of the result")),
)


def hidden_follow_ups(record: Record) -> frozenset[str]:
    """Return the follow-up columns the record's event type does not take."""
    shown = ce_event.follow_ups(as_int(record.get("Event")), record.get("ReferralResult"))
    return frozenset(ce_event.FOLLOW_UP_COLUMNS) - set(shown)


class CeEventDialog(QDialog):
    """Record one coordinated entry event for a client's enrollment.

    Attributes:
        form: the event's fields.
        message: what went wrong with the last submit or save.
        submit_button, cancel_button: the dialog's buttons.
        discard_box: the "discard?" question while it is open.

    Signals:
        submitted(list): the Records to save (one Event), free of errors.
    """

    submitted = Signal(list)
    #: The window keeps an unfinished one as a draft of this kind.
    DRAFT_KIND = "ce_event"

    def __init__(
        self,
        *,
        personal_id: str,
        enrollment_id: str,
        parent: QWidget | None = None,
        clock: type[dt.date] = dt.date,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Coordinated entry event"))
        self._ids = {"PersonalID": personal_id, "EnrollmentID": enrollment_id}
        self._busy = False
        self.discard_box: QMessageBox | None = None
        self.form = RecordForm(Event, EVENT_ROWS, hidden=hidden_follow_ups, clock=clock)
        self.form.set_fixed(**self._ids)
        date_field = self.form.fields["EventDate"]
        assert isinstance(date_field, DateField)
        date_field.blockSignals(True)
        date_field.set_value(clock.today())
        date_field.blockSignals(False)
        self.message = MessageLabel()
        self.submit_button = QPushButton(self.tr("Save event"))
        self.submit_button.setAccessibleName(self.tr("Save event"))
        self.submit_button.setToolTip("Ctrl+Enter")
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setAccessibleName(self.tr("Cancel"))
        for button in (self.submit_button, self.cancel_button):
            button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.submit_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.submit_button.clicked.connect(self.submit)
        self.cancel_button.clicked.connect(self.reject)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self).activated.connect(self.submit)
        self.form.revalidate()
        self.setFocusProxy(self.form.fields["Event"])

    def record(self) -> Event:
        """Return the Event as typed, follow-ups that do not apply left out."""
        typed = self.form.record()
        return ce_event.new_event(
            personal_id=self._ids["PersonalID"],
            enrollment_id=self._ids["EnrollmentID"],
            values=typed.values,
            record_id=typed.id,
        )

    def shown_fields(self) -> list[str]:
        """Return the columns on screen now, in order."""
        hidden = hidden_follow_ups(self.form.record())
        return [row.column for row in EVENT_ROWS if row.column not in hidden]

    def submit(self) -> None:
        """Emit :attr:`submitted` with the Event, or show what must be fixed first."""
        if self._busy:
            return
        if self.form.errors():
            self.message.show_text(self.tr("Fix the fields marked in red, then save."))
            target = self.form.first_problem_field()
            if target is not None:
                target.setFocus()
            return
        self._busy = True
        self.submit_button.setEnabled(False)
        self.message.show_text(self.tr("Saving…"), error=False)
        self.submitted.emit([self.record()])

    def saved(self) -> None:
        """Close without asking: the caller saved the event."""
        self._busy = False
        self.accept()

    def failed(self, message: str) -> None:
        """Say why the caller could not save, keeping everything typed."""
        self._busy = False
        self.submit_button.setEnabled(True)
        self.message.show_text(message)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        """Enter moves to the next field, and submits from the last one shown."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            last = self.form.fields[self.shown_fields()[-1]]
            focus = self.focusWidget()
            if focus is not None and (focus is last or last.isAncestorOf(focus)):
                self.submit()
            else:
                self.focusNextChild()
            return
        super().keyPressEvent(event)

    def reject(self) -> None:
        """Close, asking first if something was typed (Esc, Cancel, the window's ×)."""
        if self._busy:
            return
        if self.form.is_empty():
            super().reject()
            return
        self.discard_box = ask_discard(
            self,
            self.tr("Discard this event?"),
            self.tr("What was typed will be lost."),
            self._discard,
        )

    def _discard(self) -> None:
        self.discard_box = None
        super().reject()

    def is_empty(self) -> bool:
        """Whether the worker has typed or chosen anything yet."""
        return self.form.is_empty()

    def draft(self) -> dict[str, object]:
        """Return everything on screen as JSON-ready data, readable or not."""
        return {"kind": "Event", **self.form.draft()}

    def restore(self, draft: dict[str, object]) -> None:
        """Put a :meth:`draft` back on screen."""
        self.form.restore(draft)
        self.form.set_fixed(**self._ids)
