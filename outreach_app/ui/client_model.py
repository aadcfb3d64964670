"""The client table's model: pages of the list fetched off the GUI thread.

With 100,000 clients the table must appear at once and the window must never
freeze, so :class:`ClientListModel` holds only the pages a person has scrolled
to. Each page is asked of the store's database thread (``Store.client_page``)
and arrives through :class:`~outreach_app.ui.tasks.Worker` on the GUI thread.
Every reset, search or lock bumps a *generation*; a result from an older
generation is dropped, so a slow page can never land in a newer list or in a
locked window. Search hits use the same model, as one finished list.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from outreach_app.storage.client_list import PAGE_SIZE, ClientFilter, ClientRow, SyncState
from outreach_app.storage.store import Store
from outreach_app.ui.tasks import Worker

AnyIndex = QModelIndex | QPersistentModelIndex
SYNC_STATE_ROLE = Qt.ItemDataRole.UserRole + 1


def sync_label(state: str) -> str:
    """Return what the sync column says for a :class:`SyncState`."""
    labels = {
        SyncState.LOCAL: QCoreApplication.translate("ClientList", "Only on this laptop"),
        SyncState.WAITING: QCoreApplication.translate("ClientList", "Waiting to sync"),
        SyncState.SYNCED: QCoreApplication.translate("ClientList", "Synced"),
        SyncState.ATTENTION: QCoreApplication.translate("ClientList", "Needs attention"),
        SyncState.CONFLICT: QCoreApplication.translate("ClientList", "Changed in two places"),
    }
    return labels.get(SyncState(state), state)


def display_name(row: ClientRow) -> str:
    """Return "Last, First" (whichever is known), else the street name, else "(no name)"."""
    parts = [p for p in (row.last_name, row.first_name) if p]
    if parts:
        return ", ".join(parts)
    alias = (row.aliases or "").split(";")[0].strip()
    return f"“{alias}”" if alias else QCoreApplication.translate("ClientList", "(no name)")


class ClientListModel(QAbstractTableModel):
    """The client table, fetched a page at a time without blocking the GUI thread.

    Attributes:
        page_size: rows asked for per fetch.
        searching: whether the rows are search hits (nothing more to fetch).

    Signals:
        failed(object): a fetch of the current generation raised this exception.
        page_loaded(int): rows of the current generation arrived (how many).
    """

    failed = Signal(object)
    page_loaded = Signal(int)
    NAME, ALIASES, DOB, SSN, LAST_CONTACT, SYNC = range(6)

    def __init__(self, worker: Worker, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._worker = worker
        self._store: Store | None = None
        self._filter = ClientFilter()
        self._rows: list[ClientRow] = []
        self._cursor: str | None = None
        self._more = False
        self._pending = False
        self._generation = 0
        self.page_size = PAGE_SIZE
        self.searching = False
        self._headers = (
            QCoreApplication.translate("ClientList", "Name"),
            QCoreApplication.translate("ClientList", "Also known as"),
            QCoreApplication.translate("ClientList", "Date of birth"),
            QCoreApplication.translate("ClientList", "SSN"),
            QCoreApplication.translate("ClientList", "Last contact"),
            QCoreApplication.translate("ClientList", "Sync"),
        )

    # -- what the list holds ------------------------------------------------------------

    def set_store(self, store: Store | None) -> None:
        """Use ``store`` from now on (None when locked: the table empties)."""
        self._store = store
        self.clear()

    def clear(self) -> None:
        """Drop every row and forget any fetch still on its way."""
        self._replace([], more=False)

    def reset(self, flt: ClientFilter) -> None:
        """Show the list with filter ``flt`` from its first page."""
        self._filter = flt
        self._replace([], more=self._store is not None)
        self.fetchMore(QModelIndex())

    def show_rows(self, rows: Sequence[ClientRow]) -> None:
        """Show search hits (a finished list: nothing more to fetch)."""
        self._replace(list(rows), more=False, searching=True)

    def _replace(self, rows: list[ClientRow], *, more: bool, searching: bool = False) -> None:
        self.beginResetModel()
        self._generation += 1
        self._rows, self._cursor, self._more, self._pending = rows, None, more, False
        self.searching = searching
        self.endResetModel()

    def client_id(self, row: int) -> str:
        """Return the client id shown on ``row``."""
        return self._rows[row].client_id

    # -- lazy fetching ------------------------------------------------------------------

    def canFetchMore(self, parent: AnyIndex) -> bool:  # noqa: N802 - Qt's name
        """Whether another page exists and none is on its way."""
        store = self._store
        open_ = store is not None and store.is_open
        return not parent.isValid() and self._more and not self._pending and open_

    def fetchMore(self, parent: AnyIndex) -> None:  # noqa: N802 - Qt's name
        """Ask the database thread for the next page; rows arrive later."""
        if not self.canFetchMore(parent) or self._store is None:
            return
        self._pending = True
        generation, store = self._generation, self._store
        future = store.submit(store.client_page, self._cursor, self.page_size, self._filter)
        self._worker.watch(
            future,
            lambda page: self._arrived(generation, page.rows, page.next_cursor),
            lambda exc: self._fetch_failed(generation, exc),
        )

    def _current(self, generation: int) -> bool:
        store = self._store
        return generation == self._generation and store is not None and store.is_open

    def _arrived(self, generation: int, rows: Sequence[ClientRow], cursor: str | None) -> None:
        if not self._current(generation):
            return
        self._pending, self._cursor, self._more = False, cursor, cursor is not None
        if rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()
        self.page_loaded.emit(len(rows))

    def _fetch_failed(self, generation: int, exc: BaseException) -> None:
        if self._current(generation):
            self._pending = self._more = False
            self.failed.emit(exc)

    # -- the table ------------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        """Return the rows loaded so far."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        """Return the number of columns."""
        return 0 if parent.isValid() else len(self._headers)

    def headerData(  # noqa: N802 - Qt's name
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Return the column titles."""
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < 6:
            return self._headers[section]
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        """Rows can be selected, never edited here."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Return a cell's text, the row's summary, or the client id (``UserRole``)."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cell(row, index.column())
        if role == Qt.ItemDataRole.UserRole:
            return row.client_id
        if role == SYNC_STATE_ROLE:
            return str(row.sync_state)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.summary(row)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            if index.column() == self.NAME:
                return self.summary(row)
            text = self._spoken(row, index.column()) or QCoreApplication.translate(
                "ClientList", "not recorded"
            )
            return f"{self._headers[index.column()]}: {text}"
        return None

    def _cell(self, row: ClientRow, column: int) -> str:
        if column == self.NAME:
            return display_name(row)
        if column == self.SSN:
            return f"•••-••-{row.ssn_last4}" if row.ssn_last4 else ""
        return self._spoken(row, column)

    def _spoken(self, row: ClientRow, column: int) -> str:
        values = {
            self.NAME: display_name(row),
            self.ALIASES: row.aliases or "",
            self.DOB: row.dob.isoformat() if row.dob else "",
            self.SSN: QCoreApplication.translate("ClientList", "ending {digits}").format(
                digits=row.ssn_last4
            )
            if row.ssn_last4
            else "",
            self.LAST_CONTACT: row.last_contact.isoformat() if row.last_contact else "",
            self.SYNC: sync_label(row.sync_state),
        }
        return values.get(column, "")

    def summary(self, row: ClientRow) -> str:
        """Return the whole row as one sentence, for tooltips and screen readers."""
        parts = [display_name(row)]
        for column in range(1, len(self._headers)):
            if text := self._spoken(row, column):
                parts.append(f"{self._headers[column]}: {text}")
        return "; ".join(parts)
