"""A new person, with the people they might already be shown first.

Two workers who each met the same man under the same bridge must not make
two clients of him. As the worker types a name, an alias, a date of birth or
SSN digits, the dialog asks the store for likely duplicates and lists them
with their reasons (name alike, same date of birth, SSN digits). The worker
opens one of them, or says this is a new person; only then is a client made,
with the data-quality codes that what was typed calls for.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from outreach_app import errors
from outreach_app.domain.records import Client, Record, new_id
from outreach_app.domain.udes import suggested_quality
from outreach_app.storage.search import DuplicateCandidate
from outreach_app.storage.store import Store
from outreach_app.ui.fields import DateField, MessageLabel, TextField
from outreach_app.ui.tasks import Worker


def describe_candidate(candidate: DuplicateCandidate) -> str:
    """Return one line about a possible duplicate: who, born when, and why."""
    hit = candidate.hit
    name = " ".join(p for p in (hit.first_name, hit.last_name) if p)
    name = name or QCoreApplication.translate("NewClientDialog", "(no name)")
    alias = f" “{hit.aliases}”" if hit.aliases else ""
    dob = (
        hit.dob.isoformat()
        if hit.dob
        else QCoreApplication.translate("NewClientDialog", "DOB unknown")
    )
    reasons = ", ".join(r.detail for r in candidate.match.reasons)
    return f"{name}{alias}, {dob}: {reasons} ({candidate.match.score:.0%})"


class NewClientDialog(QDialog):
    """Type who the person is; see who they might already be; then open or create.

    Attributes:
        first_name, last_name, aliases, ssn: text fields.
        dob: the date of birth.
        candidates: likely duplicates, best first.
        create_button: makes the new person (after the check has run).
        open_button: opens the chosen existing person instead.

    Signals:
        open_existing(str): the worker chose an existing client (its id).
        submitted(list): the new client's records to save.
    """

    open_existing = Signal(str)
    submitted = Signal(list)
    DRAFT_KIND = "new_client"

    def __init__(
        self,
        store: Store,
        worker: Worker,
        *,
        text: str = "",
        draft_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New client"))
        self.draft_id = draft_id or new_id()
        self._store = store
        self._worker = worker
        self._generation = 0
        self._checked: Mapping[str, object] | None = None
        self.first_name = TextField(accessible_name=self.tr("First name"), max_length=50)
        self.last_name = TextField(accessible_name=self.tr("Last name"), max_length=50)
        self.aliases = TextField(accessible_name=self.tr("Also known as"), max_length=250)
        self.dob = DateField(accessible_name=self.tr("Date of birth"), today=False)
        self.ssn = TextField(accessible_name=self.tr("SSN"), max_length=11)
        self.ssn.setPlaceholderText(self.tr("9 digits; x for unknown ones, e.g. xxxxx1234"))
        words = text.split()
        if words and not any(ch.isdigit() for ch in text):
            self.first_name.setText(words[0])
            self.last_name.setText(" ".join(words[1:]))
        form = QFormLayout()
        form.addRow(self.tr("First name"), self.first_name)
        form.addRow(self.tr("Last name"), self.last_name)
        form.addRow(self.tr("Also known as"), self.aliases)
        form.addRow(self.tr("Date of birth"), self.dob)
        form.addRow(self.tr("SSN"), self.ssn)
        self.status = QLabel(self.tr("Type what you know; possible matches appear below."))
        self.status.setWordWrap(True)
        self.status.setAccessibleName(self.tr("Duplicate check"))
        self.candidates = QListWidget()
        self.candidates.setAccessibleName(self.tr("People this might be"))
        self.problems = MessageLabel()
        self.open_button = QPushButton(self.tr("&Open this person"))
        self.open_button.setEnabled(False)
        self.create_button = QPushButton(self.tr("&Create new person"))
        self.create_button.setEnabled(False)
        cancel = QPushButton(self.tr("Cancel"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addStretch()
        buttons.addWidget(cancel)
        buttons.addWidget(self.create_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.candidates, 1)
        layout.addWidget(self.problems)
        layout.addLayout(buttons)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.check_duplicates)
        for field in (self.first_name, self.last_name, self.aliases, self.ssn, self.dob):
            field.changed.connect(self._typed)
        self.candidates.currentRowChanged.connect(lambda row: self.open_button.setEnabled(row >= 0))
        self.candidates.itemActivated.connect(lambda _item: self._open_chosen())
        self.open_button.clicked.connect(self._open_chosen)
        self.create_button.clicked.connect(self.try_create)
        cancel.clicked.connect(self.reject)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self).activated.connect(self.try_create)
        self.resize(640, 520)
        (self.last_name if self.first_name.text() else self.first_name).setFocus()
        if text.strip():
            self._timer.start()

    def values(self) -> dict[str, object]:
        """Return the HMIS Client columns as typed."""
        return {
            "FirstName": self.first_name.value(),
            "LastName": self.last_name.value(),
            "Aliases": self.aliases.value(),
            "DOB": self.dob.value(),
            "SSN": (self.ssn.value() or "").replace("-", "") or None,
        }

    def _typed(self) -> None:
        self.create_button.setEnabled(False)  # until the check has seen what is typed now
        self._timer.start()

    def check_duplicates(self) -> None:
        """Ask the store who this might be (in the background)."""
        self._generation += 1
        generation, values = self._generation, self.values()
        if not any(values.values()):
            self.candidates.clear()
            return
        try:
            future = self._store.submit(self._store.duplicates, values)
        except errors.StoreLocked:
            return  # locked while the worker typed (the timer outlives a closed dialog)
        self.status.setText(self.tr("Checking for people already on this laptop…"))
        self._worker.watch(
            future,
            lambda found: self._show(generation, values, found),
            lambda exc: self._check_failed(generation, values),
        )

    def _show(
        self, generation: int, values: Mapping[str, object], found: list[DuplicateCandidate]
    ) -> None:
        if generation != self._generation:
            return  # the worker kept typing; a newer check is on its way
        self.candidates.clear()
        for candidate in found:
            item = QListWidgetItem(describe_candidate(candidate))
            item.setData(Qt.ItemDataRole.UserRole, candidate.hit.client_id)
            self.candidates.addItem(item)
        if found:
            self.status.setText(
                self.tr("This might be someone already here. Open them, or create a new person.")
            )
        else:
            self.status.setText(self.tr("No one like this on this laptop."))
        self._checked = values
        self.create_button.setEnabled(True)

    def _check_failed(self, generation: int, values: Mapping[str, object]) -> None:
        if generation == self._generation:
            self.status.setText(self.tr("Could not check for duplicates; you may still create."))
            self._checked = values
            self.create_button.setEnabled(True)

    def _open_chosen(self) -> None:
        item = self.candidates.currentItem()
        if item is not None:
            self.open_existing.emit(str(item.data(Qt.ItemDataRole.UserRole)))
            self.accept()

    def client(self) -> Record:
        """Return the new client as typed, with its data-quality codes."""
        values = self.values()
        return Client.new(**values, **suggested_quality(values))  # type: ignore[arg-type]

    def try_create(self) -> None:
        """Create the person, once the duplicate check has seen what is typed."""
        if self._checked != self.values() or not self.create_button.isEnabled():
            self.check_duplicates()
            return
        if (problem := self.dob.problem()) is not None:  # unreadable, or in the future
            self.problems.show_text(problem)
            self.dob.setFocus()
            return
        self.create_button.setEnabled(False)
        self.submitted.emit([self.client()])

    def saved(self) -> None:
        """Close: the caller saved the new client."""
        self.accept()

    def failed(self, message: str) -> None:
        """Say why the caller could not save, keeping everything typed."""
        self.create_button.setEnabled(True)
        self.problems.show_text(message)

    def draft(self) -> dict[str, object]:
        """Return what is typed, for the encrypted autosave."""
        return {
            "first": self.first_name.text(),
            "last": self.last_name.text(),
            "aliases": self.aliases.text(),
            "dob": self.dob.text(),
            "ssn": self.ssn.text(),
        }

    def restore(self, draft: Mapping[str, object]) -> None:
        """Put a :meth:`draft` back on screen."""
        self.first_name.set_text(str(draft.get("first") or ""))
        self.last_name.set_text(str(draft.get("last") or ""))
        self.aliases.set_text(str(draft.get("aliases") or ""))
        self.dob.set_text(str(draft.get("dob") or ""))
        self.ssn.set_text(str(draft.get("ssn") or ""))

    def is_empty(self) -> bool:
        """Whether nothing is typed."""
        return not any(str(v).strip() for v in self.draft().values())
