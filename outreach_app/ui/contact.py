"""Quick contact: the action a worker takes most, in one keyboard-first dialog.

A contact is HUD's Current Living Situation record (element 4.12): the date
(today unless changed), where the person is staying, a description of the
place, and Outreach's optional coordinates and note. Tab moves field to
field, the first letters pick a living situation, Ctrl+Enter saves from
anywhere. When the person has no street outreach enrollment yet, the contact
brings one with it (entry date = contact date, self as head of household),
saved in the same transaction, because HMIS files every contact under an
enrollment.

The dialog never touches the database: it emits the records to save, and the
caller answers with :meth:`QuickContactDialog.saved` or
:meth:`QuickContactDialog.failed`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from outreach_app.domain.agency import first_enrollment
from outreach_app.domain.records import CurrentLivingSituation, Record, new_id
from outreach_app.domain.udes import CONTACT_LIVING_CODES
from outreach_app.domain.validation import FieldMessage
from outreach_app.ui.forms import RecordForm, Row
from outreach_app.ui.i18n import QT_TRANSLATE_NOOP

CONTACT_ROWS = (
    Row("InformationDate", QT_TRANSLATE_NOOP("forms", "Date")),
    Row(
        "CurrentLivingSituation",
        QT_TRANSLATE_NOOP("forms", "Where is the person staying?"),
        allowed=CONTACT_LIVING_CODES,
    ),
    Row(
        "LocationDetails",
        QT_TRANSLATE_NOOP("forms", "Place (e.g. under the 5th St bridge, north side)"),
    ),
    Row("Latitude", QT_TRANSLATE_NOOP("forms", "Latitude (optional)")),
    Row("Longitude", QT_TRANSLATE_NOOP("forms", "Longitude (optional)")),
)
_COORDINATE = re.compile(r"^-?\d{1,3}(\.\d{1,8})?$")


def coordinate_messages(record: Record) -> list[FieldMessage]:
    """Return problems with the optional coordinates (both or neither, in range)."""
    found: list[FieldMessage] = []
    limits = {"Latitude": 90.0, "Longitude": 180.0}
    given = {name: record.get(name) for name in limits}
    for name, limit in limits.items():
        value = given[name]
        if isinstance(value, str) and (
            not _COORDINATE.fullmatch(value) or abs(float(value)) > limit
        ):
            found.append(
                FieldMessage(
                    name,
                    QCoreApplication.translate(
                        "QuickContactDialog",
                        "Type decimal degrees between -{limit} and {limit}, like 47.6062.",
                    ).format(limit=f"{limit:g}"),
                    "error",
                    "contact.coordinates",
                )
            )
    if (given["Latitude"] is None) != (given["Longitude"] is None):
        missing = "Longitude" if given["Longitude"] is None else "Latitude"
        found.append(
            FieldMessage(
                missing,
                QCoreApplication.translate(
                    "QuickContactDialog", "Give both coordinates, or neither."
                ),
                "error",
                "contact.pair",
            )
        )
    return found


class QuickContactDialog(QDialog):
    """Record one contact with a client.

    Attributes:
        form: the contact's fields.
        note: the worker's note.
        problems: why it could not be saved.

    Signals:
        submitted(list): the records to save (the contact, and an enrollment when new).
    """

    submitted = Signal(list)
    DRAFT_KIND = "contact"

    def __init__(
        self,
        *,
        personal_id: str,
        enrollment: Record | None,
        project_id: str | None,
        coc_code: str | None = None,
        draft_id: str | None = None,
        clock: type[dt.date] = dt.date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Record a contact"))
        self.draft_id = draft_id or new_id()
        self.personal_id = personal_id
        self._enrollment = enrollment
        self._project_id = project_id
        self._coc_code = coc_code
        self._clock = clock
        self.form = RecordForm(CurrentLivingSituation, CONTACT_ROWS, clock=clock)
        self.form.load(CurrentLivingSituation.new(InformationDate=clock.today()))
        self.form.set_fixed(PersonalID=personal_id)
        self.note = QPlainTextEdit()
        self.note.setAccessibleName(self.tr("Note"))
        self.note.setPlaceholderText(self.tr("Note (optional)"))
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(90)
        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.problems.setAccessibleName(self.tr("Problems"))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setToolTip(self.tr("Save (Ctrl+Enter)"))
        buttons.accepted.connect(self.try_submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if enrollment is None:
            notice = QLabel(
                self.tr("This is the first contact: it also enrolls the person in street outreach.")
            )
            notice.setWordWrap(True)
            layout.addWidget(notice)
        layout.addWidget(self.form)
        layout.addWidget(self.note)
        layout.addWidget(self.problems)
        layout.addWidget(buttons)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self).activated.connect(self.try_submit)
        self.resize(560, self.sizeHint().height())

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        """Start where the worker starts: the living situation (the date is today)."""
        super().showEvent(event)
        self.form.fields["CurrentLivingSituation"].setFocus()

    def contact(self) -> Record:
        """Return the contact as typed."""
        note = self.note.toPlainText().strip() or None
        return self.form.record().replace(ContactNote=note)

    def try_submit(self) -> None:
        """Emit the records to save, or show what stops them."""
        found = self.form.errors() + coordinate_messages(self.contact())
        problems = [m for m in found if m.severity == "error"]
        if problems:
            self.problems.setText("\n".join(m.message for m in problems))
            target = self.form.first_problem_field()
            (target or self.form.fields[problems[0].field]).setFocus()
            return
        self.problems.setText(self.tr("Saving…"))
        self.save_button.setEnabled(False)
        self.submitted.emit(self.records())

    def records(self) -> list[Record]:
        """Return the contact, with a new enrollment first when the person has none."""
        contact = self.contact()
        if self._enrollment is not None:
            return [contact.replace(EnrollmentID=self._enrollment.id)]
        day = contact.get("InformationDate")
        enrollment = first_enrollment(
            self.personal_id,
            self._project_id,
            day if isinstance(day, dt.date) else self._clock.today(),
            self._coc_code,
        )
        return [enrollment, contact.replace(EnrollmentID=enrollment.id)]

    def saved(self) -> None:
        """Close: the caller saved the records."""
        self.accept()

    def failed(self, message: str) -> None:
        """Say why the caller could not save, keeping everything typed."""
        self.save_button.setEnabled(True)
        self.problems.setText(message)

    def draft(self) -> dict[str, object]:
        """Return what is on screen, for the encrypted autosave."""
        return {"form": self.form.draft(), "note": self.note.toPlainText()}

    def restore(self, draft: Mapping[str, object]) -> None:
        """Put a :meth:`draft` back on screen."""
        form = draft.get("form")
        if isinstance(form, Mapping):
            self.form.restore(form)
        note = draft.get("note")
        self.note.setPlainText(note if isinstance(note, str) else "")

    def is_empty(self) -> bool:
        """Whether the worker has typed anything yet."""
        return self.form.is_empty() and not self.note.toPlainText().strip()
