"""Read-only lists on the client record: contacts, assessments, events, services, history.

A person has tens of these, not thousands, so a plain table filled at once is
right here. Each row ends with the record's own sync state, as the store's
journal has it (loaded with the client's file, refreshed after each sync).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from outreach_app.domain.hmis_spec import load_spec
from outreach_app.domain.records import Record
from outreach_app.storage.store import AuditEntry
from outreach_app.ui.client_model import sync_label
from outreach_app.ui.i18n import QT_TRANSLATE_NOOP

#: What a record shows when nothing else is known about it (see :func:`local_only`).
LOCAL_ONLY = QT_TRANSLATE_NOOP("record_lists", "Only on this laptop")


def tr(text: str) -> str:
    """Translate a text of this module marked ``QT_TRANSLATE_NOOP("record_lists", ...)``."""
    return QCoreApplication.translate("record_lists", text)


def local_only() -> str:
    """Return :data:`LOCAL_ONLY` in the worker's language."""
    return tr(LOCAL_ONLY)


def code_text(list_id: str, value: object) -> str:
    """Return a code's label from HUD's list, or the raw value when unknown."""
    if value is None:
        return ""
    labels = load_spec().lists.get(list_id, {})
    return str(labels.get(value, value))  # type: ignore[call-overload]


def date_text(value: object) -> str:
    """Return a date as ``YYYY-MM-DD``."""
    return value.isoformat() if isinstance(value, dt.date) else ""


@dataclass(frozen=True, slots=True)
class ListColumn:
    """One column of a record list: its heading and how to read it from a record."""

    heading: str
    read: Callable[[Record], str]


def _column(heading: str, column: str, list_id: str | None = None) -> ListColumn:
    if list_id is None:
        return ListColumn(heading, lambda r: date_text(r.get(column)) or str(r.get(column) or ""))
    return ListColumn(heading, lambda r: code_text(list_id, r.get(column)))


CONTACT_COLUMNS = (
    _column(QT_TRANSLATE_NOOP("record_lists", "Date"), "InformationDate"),
    _column(
        QT_TRANSLATE_NOOP("record_lists", "Living situation"), "CurrentLivingSituation", "3.12.1"
    ),
    _column(QT_TRANSLATE_NOOP("record_lists", "Place"), "LocationDetails"),
)
ASSESSMENT_COLUMNS = (
    _column(QT_TRANSLATE_NOOP("record_lists", "Date"), "AssessmentDate"),
    _column(QT_TRANSLATE_NOOP("record_lists", "Location"), "AssessmentLocation"),
    _column(QT_TRANSLATE_NOOP("record_lists", "Type"), "AssessmentType", "4.19.3"),
    _column(QT_TRANSLATE_NOOP("record_lists", "Level"), "AssessmentLevel", "4.19.4"),
    _column(QT_TRANSLATE_NOOP("record_lists", "Prioritization"), "PrioritizationStatus", "4.19.7"),
)
EVENT_COLUMNS = (
    _column(QT_TRANSLATE_NOOP("record_lists", "Date"), "EventDate"),
    _column(QT_TRANSLATE_NOOP("record_lists", "Event"), "Event", "4.20.2"),
    _column(QT_TRANSLATE_NOOP("record_lists", "Referral result"), "ReferralResult", "4.20.D"),
    _column(QT_TRANSLATE_NOOP("record_lists", "Result date"), "ResultDate"),
)
#: The list coding a service's TypeProvided, by its RecordType (HMIS 4.14 and PATH).
SERVICE_TYPE_LISTS = {141: "P1.2", 161: "P2.2", 144: "V2.2", 200: "4.14"}


def service_type(record: Record) -> str:
    """Return what a service provided, by the list its record type uses."""
    kind = record.get("RecordType")
    list_id = SERVICE_TYPE_LISTS.get(kind) if isinstance(kind, int) else None
    value = record.get("TypeProvided")
    return code_text(list_id, value) if list_id else str(value or "")


SERVICE_COLUMNS = (
    _column(QT_TRANSLATE_NOOP("record_lists", "Date"), "DateProvided"),
    _column(QT_TRANSLATE_NOOP("record_lists", "Record type"), "RecordType", "1.4"),
    ListColumn(QT_TRANSLATE_NOOP("record_lists", "Type provided"), service_type),
)


# Sync states by (kind, record id), as storage.client_list.record_states gives them.
RecordStates = Mapping[tuple[str, str], str]


def state_text(states: RecordStates, record: Record) -> str:
    """Return what a record's sync column says (only on this laptop when unknown)."""
    state = states.get((record.KIND, record.id))
    return sync_label(state) if state else local_only()


class RecordList(QTableWidget):
    """One kind of a client's records, newest first, with their sync state.

    Attributes:
        records: the records shown, in row order.
    """

    def __init__(self, columns: Sequence[ListColumn], date_column: str, name: str) -> None:
        super().__init__(0, len(columns) + 1)
        self._columns = columns
        self._date_column = date_column
        self.records: list[Record] = []
        self.setHorizontalHeaderLabels(
            [tr(c.heading) for c in columns] + [QCoreApplication.translate("record_lists", "Sync")]
        )
        self.setAccessibleName(name)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)

    def show_records(self, records: Sequence[Record], states: RecordStates | None = None) -> None:
        """Show ``records``, newest first, with their sync ``states``."""
        self.records = sorted(records, key=self._date_key, reverse=True)
        self.setRowCount(len(self.records))
        for row, record in enumerate(self.records):
            for col, column in enumerate(self._columns):
                self.setItem(row, col, QTableWidgetItem(column.read(record)))
        self.show_states(states or {})

    def show_states(self, states: RecordStates) -> None:
        """Show the sync state of each record (after a sync, without reloading the rows)."""
        for row, record in enumerate(self.records):
            text = state_text(states, record)
            state = QTableWidgetItem(text)
            state.setData(Qt.ItemDataRole.AccessibleTextRole, text)
            self.setItem(row, len(self._columns), state)

    def _date_key(self, record: Record) -> str:
        return date_text(record.get(self._date_column))


class HistoryList(QTableWidget):
    """The access log of a client and their records: who did what, when (UTC)."""

    ACTIONS: ClassVar[Mapping[str, str]] = {
        "create": QT_TRANSLATE_NOOP("record_lists", "Created"),
        "update": QT_TRANSLATE_NOOP("record_lists", "Changed"),
        "delete": QT_TRANSLATE_NOOP("record_lists", "Deleted"),
        "view": QT_TRANSLATE_NOOP("record_lists", "Viewed"),
    }

    def __init__(self) -> None:
        super().__init__(0, 4)
        self.setHorizontalHeaderLabels(
            [
                QCoreApplication.translate("record_lists", "When (UTC)"),
                QCoreApplication.translate("record_lists", "Who"),
                QCoreApplication.translate("record_lists", "What"),
                QCoreApplication.translate("record_lists", "Record"),
            ]
        )
        self.setAccessibleName(QCoreApplication.translate("record_lists", "History of changes"))
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().hide()
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.horizontalHeader().setStretchLastSection(True)

    def show_entries(self, entries: Sequence[AuditEntry], names: dict[str, str]) -> None:
        """Show audit entries; ``names`` maps user ids to user names."""
        self.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            who = names.get(
                entry.user_id or "", QCoreApplication.translate("record_lists", "someone else")
            )
            what = tr(self.ACTIONS.get(entry.action, entry.action))
            values = (entry.at.replace("T", " ")[:19], who, what, entry.kind or "")
            for col, text in enumerate(values):
                self.setItem(row, col, QTableWidgetItem(text))
