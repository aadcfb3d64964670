"""One person's record: profile, consent, enrollment, contacts, CE, exit and history.

The view loads the client and everything hanging off them in one background
call, shows them on tabs, and saves each tab through the store's owner thread.
The dialogs it opens (contact, assessment, CE event) emit the records to save;
the view saves them and tells the dialog how it went. Whatever is open and
typed can be handed to the window as drafts when the app locks.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from outreach_app.domain.instrument import Instrument
from outreach_app.domain.records import Client, Consent, Enrollment, Exit, Record, new_id
from outreach_app.storage.drafts import Draft
from outreach_app.storage.household import Member
from outreach_app.storage.recordsdb import WriteSummary
from outreach_app.storage.store import AuditEntry, LocalUser, Store
from outreach_app.ui.assessment import AssessmentDialog
from outreach_app.ui.ce_event import CeEventDialog
from outreach_app.ui.client_dialogs import ClientDialogs, RecordDialog
from outreach_app.ui.contact import QuickContactDialog
from outreach_app.ui.household import HouseholdDialog, join_household
from outreach_app.ui.messages import describe, show_error
from outreach_app.ui.record_forms import (
    FormTab,
    consent_form,
    enrollment_form,
    exit_form,
    profile_form,
)
from outreach_app.ui.record_lists import (
    ASSESSMENT_COLUMNS,
    CONTACT_COLUMNS,
    EVENT_COLUMNS,
    SERVICE_COLUMNS,
    HistoryList,
    RecordList,
    code_text,
)
from outreach_app.ui.service import ServiceDialog
from outreach_app.ui.sync_panel import RecordSyncStates, client_states
from outreach_app.ui.tasks import Worker


@dataclass(frozen=True, slots=True)
class ClientFile:
    """Everything the view shows, loaded in one go on the database thread."""

    client: Record
    records: tuple[Record, ...]
    history: tuple[AuditEntry, ...]
    users: tuple[LocalUser, ...]
    household: tuple[Member, ...] = ()
    states: Mapping[tuple[str, str], str] = field(default_factory=dict)
    enrolled: bool = False

    def of(self, kind: str) -> list[Record]:
        """Return the records of one kind."""
        return [r for r in self.records if kind == r.KIND]

    def latest(self, kind: str, date_column: str) -> Record | None:
        """Return the record of a kind with the latest date (the last one saved on ties)."""
        found = self.of(kind)
        found.sort(key=lambda r: str(r.get(date_column) or ""))
        return found[-1] if found else None


def load_client_file(store: Store, client_id: str, project_id: str | None = None) -> ClientFile:
    """Read a client's whole file (logs the view). Runs off the GUI thread."""
    client = store.view(Client.KIND, client_id)
    records = store.client_records(client_id)
    enrollment = latest_enrollment(records, project_id)
    household_id = enrollment.get("HouseholdID") if enrollment else None
    household = store.household(household_id) if isinstance(household_id, str) else []
    return ClientFile(
        client,
        tuple(records),
        tuple(store.client_history(client_id)),
        tuple(store.users()),
        tuple(household),
        *client_states(store, client_id),
    )


def member_name(member: Member) -> str:
    """Return how a household member is named: their name, else their street name."""
    name = " ".join(p for p in (member.first_name, member.last_name) if p)
    alias = (member.aliases or "").split(";")[0].strip()
    return name or (f"“{alias}”" if alias else "—")


def latest_enrollment(records: Sequence[Record], project_id: str | None) -> Record | None:
    """Return the latest enrollment in ``project_id`` among a client's records."""
    found = [r for r in records if r.KIND == Enrollment.KIND and r.get("ProjectID") == project_id]
    found.sort(key=lambda e: str(e.get("EntryDate") or ""))
    return found[-1] if found else None


class ClientView(QWidget, ClientDialogs, RecordSyncStates):
    """A person's record on tabs, with the actions a worker takes with them.

    Attributes:
        title: the person's name, date of birth and sync state.
        tabs: the tabs, in the order of the paper intake.
        profile, consent, enrollment, exit: the forms.
        contacts, assessments, events, services: the lists.
        history: the access log of this person's records.
        dialogs: the record dialogs open now, by draft id.

    Signals:
        back(): the worker wants the client list again.
        changed(object): a save changed the store (the WriteSummary).
        discarded(str): a draft id whose form was saved or closed.
    """

    back = Signal()
    changed = Signal(object)
    discarded = Signal(str)

    def __init__(self, worker: Worker) -> None:
        super().__init__()
        self._worker = worker
        self._store: Store | None = None
        self._file: ClientFile | None = None
        self.project_id: str | None = None
        self.coc_code: str | None = None
        self.instruments: dict[str, Instrument] = {}
        self.dialogs: dict[str, RecordDialog] = {}
        self._pending_drafts: list[Draft] = []
        self.title = QLabel()
        self.title.setAccessibleName(self.tr("Client"))
        self.back_button = QPushButton(self.tr("← Clients"))
        self.back_button.setToolTip(self.tr("Back to the client list (Esc)"))
        self.contact_button = QPushButton(self.tr("Record &contact"))
        self.contact_button.setToolTip("Ctrl+K")
        self.assessment_button = QPushButton(self.tr("CE &assessment"))
        self.event_button = QPushButton(self.tr("CE &event"))
        self.service_button = QPushButton(self.tr("&Service or referral"))
        self.profile = FormTab(profile_form(), self.tr("Save profile"))
        self.consent = FormTab(consent_form(), self.tr("Save consent"))
        self.enrollment = FormTab(enrollment_form(), self.tr("Save enrollment"))
        self.household = QLabel()
        self.household.setWordWrap(True)
        self.household.setAccessibleName(self.tr("Household"))
        self.household_button = QPushButton(self.tr("Add a household member…"))
        household_row = QHBoxLayout()
        household_row.addWidget(self.household, 1)
        household_row.addWidget(self.household_button)
        self.enrollment.layout().insertLayout(1, household_row)  # type: ignore[union-attr]
        self.household_button.clicked.connect(lambda: self.add_household_member())
        self.exit = FormTab(exit_form(), self.tr("Save exit"))
        self.contacts = RecordList(CONTACT_COLUMNS, "InformationDate", self.tr("Contacts"))
        self.assessments = RecordList(ASSESSMENT_COLUMNS, "AssessmentDate", self.tr("Assessments"))
        self.events = RecordList(EVENT_COLUMNS, "EventDate", self.tr("CE events"))
        self.services = RecordList(SERVICE_COLUMNS, "DateProvided", self.tr("Services"))
        self.history = HistoryList()
        self.tabs = QTabWidget()
        for widget, name in (
            (self.profile, self.tr("&Profile")),
            (self.consent, self.tr("Co&nsent")),
            (self.enrollment, self.tr("Enro&llment")),
            (self.contacts, self.tr("Contac&ts")),
            (self.assessments, self.tr("Assess&ments")),
            (self.events, self.tr("E&vents")),
            (self.services, self.tr("Se&rvices")),
            (self.exit, self.tr("E&xit")),
            (self.history, self.tr("&History")),
        ):
            self.tabs.addTab(widget, name)
        actions = QHBoxLayout()
        for button in (self.back_button, self.contact_button):
            actions.addWidget(button)
        actions.addWidget(self.assessment_button)
        actions.addWidget(self.event_button)
        actions.addWidget(self.service_button)
        actions.addStretch()
        layout = QVBoxLayout(self)
        layout.addLayout(actions)
        layout.addWidget(self.title)
        layout.addWidget(self.tabs, 1)
        self.back_button.clicked.connect(self.back)
        self.contact_button.clicked.connect(lambda: self.record_contact())
        self.assessment_menu = QMenu(self.assessment_button)
        self.assessment_button.setMenu(self.assessment_menu)
        self.assessment_menu.aboutToShow.connect(self._fill_assessment_menu)
        self.event_button.clicked.connect(lambda: self.record_event())
        self.service_button.clicked.connect(lambda: self.record_service())
        QShortcut(QKeySequence("Ctrl+K"), self).activated.connect(lambda: self.record_contact())
        QShortcut(QKeySequence("Esc"), self).activated.connect(self.back)
        self.profile.save_requested.connect(lambda r: self._save_form(self.profile, [r]))
        self.consent.save_requested.connect(lambda r: self._save_form(self.consent, [r]))
        self.enrollment.save_requested.connect(lambda r: self._save_form(self.enrollment, [r]))
        self.exit.save_requested.connect(lambda r: self._save_form(self.exit, [r]))

    # Loading ----------------------------------------------------------------

    @property
    def client(self) -> Record | None:
        """The client shown, if any."""
        return self._file.client if self._file else None

    def client_id(self) -> str:
        """Return the id of the client shown."""
        assert self._file is not None, "no client open"
        return self._file.client.id

    @property
    def file(self) -> ClientFile | None:
        """Everything loaded about the client shown."""
        return self._file

    def open_client(self, store: Store, client_id: str) -> None:
        """Load and show a client (in the background)."""
        self._store = store
        self.title.setText(self.tr("Opening…"))
        future = store.submit(load_client_file, store, client_id, self.project_id)
        self._worker.watch(future, self._show, self._load_failed)

    def reload(self) -> None:
        """Load the shown client again (after a save)."""
        if self._store is not None and self._file is not None:
            self.open_client(self._store, self._file.client.id)

    def _load_failed(self, exc: BaseException) -> None:
        self.title.setText(describe(exc))

    def _show(self, file: ClientFile) -> None:
        self._file = file
        client = Client(file.client.id, file.client.values)
        name = " ".join(p for p in (client.first_name, client.last_name) if p)
        dob = client.dob.isoformat() if client.dob else self.tr("date of birth unknown")
        aliases = "; ".join(client.aliases)
        alias_text = f" “{aliases}”" if aliases else ""
        no_name = self.tr("(no name)")
        self.title_base = f"<h2>{name or no_name}{alias_text}</h2>{dob}"
        self.profile.form.load(client)
        self._load_form(self.consent, file.latest(Consent.KIND, "ConsentDate"), Consent)
        enrollment = self.current_enrollment()
        self._load_form(self.enrollment, enrollment, Enrollment)
        self.exit.form.set_fixed(EnrollmentID=enrollment.id if enrollment else None)
        self._load_form(self.exit, file.latest(Exit.KIND, "ExitDate"), Exit)
        self.contacts.show_records(file.of("CurrentLivingSituation"))
        self.assessments.show_records(file.of("Assessment"))
        self.events.show_records(file.of("Event"))
        self.services.show_records(file.of("Service"))
        names = {u.user_id: u.user_name for u in file.users}
        self.history.show_entries(file.history, names)
        self.show_sync_states(file.client.id, file.states, file.enrolled)
        self._show_household(file, enrollment)
        self.exit.form.setEnabled(enrollment is not None)
        self.exit.save_button.setEnabled(enrollment is not None)
        if enrollment is None:
            self.exit.status.setText(self.tr("Enroll the person (or record a contact) first."))
        self._apply_drafts()

    def _show_household(self, file: ClientFile, enrollment: Record | None) -> None:
        self.household_button.setEnabled(enrollment is not None)
        if enrollment is None:
            self.household.setText(self.tr("Household: save the enrollment first."))
            return
        others = [m for m in file.household if m.enrollment.personal_id != file.client.id]
        if not others:
            self.household.setText(self.tr("Household: this person alone."))
            return
        lines = [
            f"{member_name(m)}: {code_text('3.15.1', m.enrollment.get('RelationshipToHoH'))}"
            for m in others
        ]
        self.household.setText(self.tr("Household: {members}").format(members="; ".join(lines)))

    def add_household_member(
        self, draft_id: str | None = None, state: Mapping[str, object] | None = None
    ) -> HouseholdDialog | None:
        """Find someone and add them to this person's household (with its enrollment)."""
        store, file, head = self._store, self._file, self.current_enrollment()
        if store is None or file is None or head is None:
            return None
        members = frozenset(str(m.enrollment.personal_id) for m in file.household)
        dialog = HouseholdDialog(
            store,
            self._worker,
            head=head,
            exclude=members | {file.client.id},
            draft_id=draft_id,
            parent=self,
        )
        if state:
            dialog.restore(state)
        self.dialogs[dialog.draft_id] = dialog
        dialog.submitted.connect(lambda records: self._join(dialog, records[0]))
        dialog.finished.connect(lambda _code: self._dialog_closed(dialog.draft_id))
        dialog.show()
        return dialog

    def _join(self, dialog: HouseholdDialog, enrollment: Record) -> None:
        store = self._store
        if store is None or not store.is_open:
            dialog.failed(self.tr("The app is locked; unlock it and add them again."))
            return

        def ok(summary: WriteSummary) -> None:
            dialog.saved()
            self.changed.emit(summary)
            self.reload()

        self._worker.watch(
            store.submit(join_household, store, enrollment),
            ok,
            lambda exc: dialog.failed(describe(exc)),
        )

    def _load_form(self, tab: FormTab, record: Record | None, kind: type[Record]) -> None:
        assert self._file is not None
        tab.form.set_fixed(PersonalID=self._file.client.id)
        if kind is Enrollment:
            tab.form.set_fixed(ProjectID=self.project_id)
            if record is None:
                record = Enrollment.new(HouseholdID=new_id(), EnrollmentCoC=self.coc_code)
        tab.form.load(record if record is not None else kind.new())

    def current_enrollment(self) -> Record | None:
        """Return the client's latest street outreach enrollment, if any."""
        if self._file is None:
            return None
        return latest_enrollment(self._file.records, self.project_id)

    def close_store(self) -> None:
        """Forget the client and the store (the app locked)."""
        dialogs, self.dialogs = list(self.dialogs.values()), {}
        for dialog in dialogs:
            dialog.saved()  # the window kept what they held as drafts first
        self._store = None
        self._file = None
        self.sync_client_id = None
        self.title.clear()
        for tab in (self.profile, self.consent, self.enrollment, self.exit):
            tab.form.load(tab.form.record().new())
        for table in (self.contacts, self.assessments, self.events, self.services):
            table.show_records([])
        self.history.show_entries([], {})

    # Saving -----------------------------------------------------------------

    def _save_form(self, tab: FormTab, records: Sequence[Record]) -> None:
        def done() -> None:
            tab.saved(self.state_after_save())
            self.discarded.emit(self._form_draft_id(tab))

        self.save(records, done, tab.failed)

    def save(
        self,
        records: Sequence[Record],
        done: Callable[[], None],
        failed: Callable[[str], None],
        *,
        store: Store | None = None,
    ) -> None:
        """Save records in one transaction, then reload; report to ``done``/``failed``.

        ``store`` is the view's own store unless given (a client made before any is shown).
        """
        store = store or self._store
        if store is None or not store.is_open:
            failed(self.tr("The app is locked; unlock it and save again."))
            return

        def ok(summary: WriteSummary) -> None:
            done()
            self.changed.emit(summary)
            self.reload()

        def bad(exc: BaseException) -> None:
            failed(describe(exc))
            show_error(self, exc, self.tr("Could not save"))

        self._worker.watch(store.submit(store.save_many, list(records)), ok, bad)

    # Drafts -----------------------------------------------------------------

    def record_lists(self) -> tuple[RecordList, ...]:
        """Return the lists of records with a sync column."""
        return (self.contacts, self.assessments, self.events, self.services)

    def form_tabs(self) -> dict[str, FormTab]:
        """Return the form tabs by their draft kind."""
        return {
            "profile": self.profile,
            "consent": self.consent,
            "enrollment": self.enrollment,
            "exit": self.exit,
        }

    def _form_draft_id(self, tab: FormTab) -> str:
        kind = next(k for k, t in self.form_tabs().items() if t is tab)
        client_id = self._file.client.id if self._file else ""
        return f"{kind}-{client_id}"

    def drafts(self) -> list[tuple[str, str, dict[str, object]]]:
        """Return (draft id, kind, data) for every form and dialog with unsaved typing."""
        if self._file is None:
            return []
        client_id = self._file.client.id
        found: list[tuple[str, str, dict[str, object]]] = []
        for kind, tab in self.form_tabs().items():
            if not tab.form.is_empty():
                data: dict[str, object] = {"client_id": client_id, "state": tab.form.draft()}
                found.append((self._form_draft_id(tab), kind, data))
        for draft_id, dialog in self.dialogs.items():
            if not dialog.is_empty() and isinstance(dialog, QDialog) and dialog.isVisible():
                data = {"client_id": client_id, "state": dialog.draft()}
                found.append((draft_id, dialog.DRAFT_KIND, data))
        return found

    def restore_drafts(self, drafts: Sequence[Draft]) -> None:
        """Put drafts of the client shown back on screen, once it has loaded."""
        self._pending_drafts = list(drafts)
        if self._file is not None:
            self._apply_drafts()

    def _apply_drafts(self) -> None:
        pending, self._pending_drafts = self._pending_drafts, []
        for draft in pending:
            state = draft.data.get("state")
            state = state if isinstance(state, Mapping) else {}
            tab = self.form_tabs().get(draft.kind)
            if tab is not None:
                tab.form.restore(state)
                tab.status.setText(self.tr("Restored from before the lock; not saved yet."))
                self.tabs.setCurrentWidget(tab)
            elif draft.kind == QuickContactDialog.DRAFT_KIND:
                self.record_contact(draft.draft_id, state)
            elif draft.kind == ServiceDialog.DRAFT_KIND:
                self.record_service(draft.draft_id, state)
            elif draft.kind == HouseholdDialog.DRAFT_KIND:
                self.add_household_member(draft.draft_id, state)
            elif draft.kind == CeEventDialog.DRAFT_KIND:
                self.record_event(draft.draft_id, state)
            elif draft.kind == AssessmentDialog.DRAFT_KIND:
                instrument = self.instruments.get(str(state.get("instrument")))
                if instrument is not None:
                    self.run_assessment(instrument, draft.draft_id, state)
