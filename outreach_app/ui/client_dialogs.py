"""The dialogs a client record opens: quick contact, CE assessment, CE event.

A mixin of :class:`~outreach_app.ui.client_record.ClientView`, kept apart so the
record view stays about the tabs. Each dialog makes records and never touches
the database: the view saves what it emits (with a new street outreach
enrollment first when the person has none, since HMIS files contacts,
assessments and events under one) and answers ``saved()`` or ``failed()``.
Open dialogs are tracked by draft id, so the window can keep what they hold
when the app locks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol, cast

from PySide6.QtWidgets import QMenu, QWidget

from outreach_app.domain.agency import first_enrollment
from outreach_app.domain.instrument import Instrument
from outreach_app.domain.records import Record, new_id
from outreach_app.ui.assessment import AssessmentDialog
from outreach_app.ui.ce_event import CeEventDialog
from outreach_app.ui.contact import QuickContactDialog
from outreach_app.ui.service import ServiceDialog


class RecordDialog(Protocol):
    """What the view needs of a dialog that makes records (contact, assessment, event)."""

    draft_id: str
    DRAFT_KIND: str
    submitted: Any

    def saved(self) -> None: ...
    def failed(self, message: str) -> None: ...
    def draft(self) -> dict[str, object]: ...
    def restore(self, draft: Mapping[str, object]) -> None: ...
    def is_empty(self) -> bool: ...


class ClientDialogs:
    """Opening, tracking and saving the record dialogs of one client (a mixin).

    Attributes (provided by the view):
        instruments: the CE instruments by id.
        dialogs: the record dialogs open now, by draft id.
        assessment_menu: the menu of instruments on the assessment button.
    """

    instruments: dict[str, Instrument]
    dialogs: dict[str, RecordDialog]
    assessment_menu: QMenu
    project_id: str | None
    coc_code: str | None
    discarded: Any

    def client_id(self) -> str:
        """Return the id of the client shown (a dialog needs one)."""
        raise NotImplementedError

    def current_enrollment(self) -> Record | None:
        """Return the client's street outreach enrollment, if any."""
        raise NotImplementedError

    def save(
        self,
        records: Sequence[Record],
        done: Callable[[], None],
        failed: Callable[[str], None],
    ) -> None:
        """Save records in one transaction."""
        raise NotImplementedError

    def record_contact(
        self, draft_id: str | None = None, state: Mapping[str, object] | None = None
    ) -> QuickContactDialog:
        """Open the quick contact dialog (restoring a draft's ``state`` when given)."""
        dialog = QuickContactDialog(
            personal_id=self.client_id(),
            enrollment=self.current_enrollment(),
            project_id=self.project_id,
            coc_code=self.coc_code,
            draft_id=draft_id,
            parent=cast(QWidget, self),
        )
        if state:
            dialog.restore(state)
        self.track(dialog)
        dialog.show()
        return dialog

    def track(self, dialog: Any, prepend: Sequence[Record] = ()) -> None:
        """Save what ``dialog`` submits (after ``prepend``), and know it is open (for drafts)."""
        self.dialogs[dialog.draft_id] = dialog
        dialog.submitted.connect(
            lambda records: self.save([*prepend, *records], dialog.saved, dialog.failed)
        )
        dialog.finished.connect(lambda _code: self._dialog_closed(dialog.draft_id))

    def _dialog_closed(self, draft_id: str) -> None:
        self.dialogs.pop(draft_id, None)
        self.discarded.emit(draft_id)

    def _fill_assessment_menu(self) -> None:
        self.assessment_menu.clear()
        for instrument in sorted(self.instruments.values(), key=lambda i: i.title):
            action = self.assessment_menu.addAction(instrument.title)
            action.triggered.connect(lambda _on=False, i=instrument: self.run_assessment(i))

    def _enrollment_for(self) -> tuple[str, Record | None]:
        """Return the enrollment id to file under, and a new enrollment when there is none."""
        current = self.current_enrollment()
        if current is not None:
            return current.id, None
        new = first_enrollment(self.client_id(), self.project_id, dt.date.today(), self.coc_code)
        return new.id, new

    def run_assessment(
        self,
        instrument: Instrument,
        draft_id: str | None = None,
        state: Mapping[str, object] | None = None,
    ) -> AssessmentDialog:
        """Open a CE assessment with ``instrument`` (restoring a draft's ``state``)."""
        enrollment_id, enrollment = self._enrollment_for()
        dialog = AssessmentDialog(
            instrument,
            personal_id=self.client_id(),
            enrollment_id=enrollment_id,
            parent=cast(QWidget, self),
        )
        self._open_ce(dialog, enrollment, draft_id, state)
        return dialog

    def record_event(
        self, draft_id: str | None = None, state: Mapping[str, object] | None = None
    ) -> CeEventDialog:
        """Open the CE event dialog (restoring a draft's ``state``)."""
        enrollment_id, enrollment = self._enrollment_for()
        dialog = CeEventDialog(
            personal_id=self.client_id(), enrollment_id=enrollment_id, parent=cast(QWidget, self)
        )
        self._open_ce(dialog, enrollment, draft_id, state)
        return dialog

    def record_service(
        self, draft_id: str | None = None, state: Mapping[str, object] | None = None
    ) -> ServiceDialog:
        """Open the service / referral dialog (restoring a draft's ``state``)."""
        enrollment_id, enrollment = self._enrollment_for()
        dialog = ServiceDialog(
            personal_id=self.client_id(),
            enrollment_id=enrollment_id,
            draft_id=draft_id,
            parent=cast(QWidget, self),
        )
        self._open_ce(dialog, enrollment, draft_id, state)
        return dialog

    def _open_ce(
        self,
        dialog: Any,
        enrollment: Record | None,
        draft_id: str | None,
        state: Mapping[str, object] | None,
    ) -> None:
        dialog.draft_id = draft_id or new_id()
        if state:
            dialog.restore(state)
        # HMIS files every assessment and event under an enrollment: the first one brings it.
        self.track(dialog, prepend=[enrollment] if enrollment is not None else [])
        dialog.show()
