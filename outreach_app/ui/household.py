"""Adding someone to a client's household: find them, say how they are related, enroll.

A couple sharing a tent, or a mother and her son in a car, are one HMIS
household: their street outreach enrollments share a HouseholdID, and each
says how the person is related to the head of household. The worker finds the
other person the usual way (name, street name, date of birth, SSN digits),
picks the relationship and adds them; the dialog makes their enrollment, or
moves their open one into this household. Like the other record dialogs it
never touches the database: it emits the records and waits for ``saved()``
or ``failed()``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from outreach_app.domain.hmis_spec import load_spec
from outreach_app.domain.records import Enrollment, Record, new_id
from outreach_app.storage.recordsdb import WriteSummary
from outreach_app.storage.search import ClientHit
from outreach_app.storage.store import Store
from outreach_app.ui.fields import CodeField, MessageLabel
from outreach_app.ui.tasks import Worker

#: Relationships a member other than the head of household can have (list 3.15.1).
MEMBER_RELATIONSHIPS = (3, 2, 4, 5, 99)


def join_household(store: Store, enrollment: Record) -> WriteSummary:
    """Save a member's enrollment; reuse their open one in the same project if any.

    Runs on the store's thread. An enrollment is open while no Exit points at it.
    """
    person, project = enrollment.personal_id, enrollment.get("ProjectID")
    records = store.client_records(person) if person else []
    exited = {r.get("EnrollmentID") for r in records if r.KIND == "Exit"}
    for current in records:
        is_open = current.KIND == Enrollment.KIND and current.id not in exited
        if is_open and current.get("ProjectID") == project:
            moved = current.replace(
                HouseholdID=enrollment.get("HouseholdID"),
                RelationshipToHoH=enrollment.get("RelationshipToHoH"),
            )
            return store.save(moved)
    return store.save(enrollment)


def hit_text(hit: ClientHit) -> str:
    """Return one line about a client found: name, street name, date of birth."""
    name = " ".join(p for p in (hit.first_name, hit.last_name) if p) or "—"
    alias = f" “{hit.aliases}”" if hit.aliases else ""
    dob = f", {hit.dob.isoformat()}" if hit.dob else ""
    return f"{name}{alias}{dob}"


class HouseholdDialog(QDialog):
    """Find a person and add them to a household.

    Attributes:
        search: what to look for.
        hits: the people found (the chosen one is added).
        relationship: their relationship to the head of household.
        problems: why nothing was added yet.

    Signals:
        submitted(list): the enrollment to save for the person added.
    """

    submitted = Signal(list)
    DRAFT_KIND = "household"

    def __init__(
        self,
        store: Store,
        worker: Worker,
        *,
        head: Record,
        exclude: frozenset[str],
        draft_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add a household member"))
        self.draft_id = draft_id or new_id()
        self._store = store
        self._worker = worker
        self._head = head
        self._exclude = exclude
        self._generation = 0
        self.search = QLineEdit()
        self.search.setAccessibleName(self.tr("Find the person"))
        self.search.setPlaceholderText(self.tr("Name, street name, date of birth or SSN digits"))
        self.hits = QListWidget()
        self.hits.setAccessibleName(self.tr("People found"))
        self.relationship = CodeField(
            load_spec(),
            "3.15.1",
            allowed=MEMBER_RELATIONSHIPS,
            accessible_name=self.tr("Relationship to head of household"),
            quick=False,
        )
        self.problems = MessageLabel()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.add_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.add_button.setText(self.tr("Add to household"))
        form = QFormLayout()
        form.addRow(self.tr("Find"), self.search)
        form.addRow(self.hits)
        form.addRow(self.tr("Relationship to head of household"), self.relationship)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problems)
        layout.addWidget(buttons)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.run_search)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        buttons.accepted.connect(self.try_submit)
        buttons.rejected.connect(self.reject)
        self.resize(520, 420)

    def run_search(self) -> None:
        """Look for people as the worker types (in the background)."""
        self._generation += 1
        generation, text = self._generation, self.search.text().strip()
        if not text:
            self.hits.clear()
            return

        def show(found: list[ClientHit]) -> None:
            if generation != self._generation:
                return
            self.hits.clear()
            for hit in found:
                if hit.client_id in self._exclude:
                    continue
                item = QListWidgetItem(hit_text(hit))
                item.setData(Qt.ItemDataRole.UserRole, hit.client_id)
                self.hits.addItem(item)
            if self.hits.count():
                self.hits.setCurrentRow(0)

        self._worker.watch(self._store.submit(self._store.search, text), show, self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.problems.show_text(self.tr("Could not search: the app may be locked."))

    def try_submit(self) -> None:
        """Emit the member's enrollment, or say what is missing."""
        item = self.hits.currentItem()
        relationship = self.relationship.value()
        if item is None:
            self.problems.show_text(self.tr("Find and choose the person first."))
            self.search.setFocus()
            return
        if relationship is None:
            self.problems.show_text(self.tr("Choose how they are related to the head."))
            self.relationship.setFocus()
            return
        self.add_button.setEnabled(False)
        self.submitted.emit([self.member_enrollment(str(item.data(Qt.ItemDataRole.UserRole)))])

    def member_enrollment(self, client_id: str) -> Record:
        """Return a new enrollment that puts ``client_id`` in the head's household.

        Saving goes through :func:`join_household`, which moves an enrollment
        the person already has in the project instead of making a second one.
        """
        head = self._head
        entry = head.get("EntryDate")
        return Enrollment.new(
            PersonalID=client_id,
            ProjectID=head.get("ProjectID"),
            EntryDate=entry if isinstance(entry, dt.date) else dt.date.today(),
            EnrollmentCoC=head.get("EnrollmentCoC"),
            HouseholdID=head.get("HouseholdID"),
            RelationshipToHoH=self.relationship.value(),
        )

    def saved(self) -> None:
        """Close: the caller saved the enrollment."""
        self.accept()

    def failed(self, message: str) -> None:
        """Say why the caller could not save, keeping the choice."""
        self.add_button.setEnabled(True)
        self.problems.show_text(message)

    def draft(self) -> dict[str, object]:
        """Return what is on screen, for the encrypted autosave."""
        return {"search": self.search.text(), "relationship": self.relationship.value()}

    def restore(self, draft: Mapping[str, object]) -> None:
        """Put a :meth:`draft` back on screen (the search runs again)."""
        self.search.setText(str(draft.get("search") or ""))
        code = draft.get("relationship")
        self.relationship.set_value(code if isinstance(code, int) else None)

    def is_empty(self) -> bool:
        """Whether nothing is typed or chosen."""
        return not self.search.text().strip() and self.relationship.value() is None
