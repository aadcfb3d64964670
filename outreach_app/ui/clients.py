"""The clients page: everyone on this laptop, found by typing or browsed page by page.

The search box searches as one types (after a short pause) and shows the hits
in the table; with the box empty, the table is the whole list in name order,
narrowed by the filter toggles and fetched a page at a time by
:class:`~outreach_app.ui.client_model.ClientListModel`. Counts and searches run
on the database thread like the pages do, and carry a generation of their own,
so an answer that comes back after a newer request, or after the lock, is dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from outreach_app.storage.client_list import ClientFilter, ClientRow
from outreach_app.storage.store import Store
from outreach_app.ui.client_model import SYNC_STATE_ROLE, ClientListModel, display_name, sync_label
from outreach_app.ui.messages import describe
from outreach_app.ui.tasks import Worker

__all__ = [
    "SYNC_STATE_ROLE",
    "ClientListModel",
    "ClientsPage",
    "display_name",
    "sync_label",
]

#: The search runs at the next turn of the event loop after a key: keys that
#: arrive together (a paste, a burst) make one search, and an answer for text
#: that has since changed is dropped. A search takes 2-25 ms at 100,000 clients,
#: so waiting longer would only add to what the worker sees.
SEARCH_DELAY_MS = 0
SEARCH_LIMIT = 50
RECENT_DAYS = 30
W = TypeVar("W", bound=QWidget)


class ClientsPage(QWidget):
    """Find a client by typing, or browse the list; open one or start a new one.

    Attributes:
        search: the type-ahead search box.
        mine, recent, unsynced: the filter toggles.
        count: "1,234 clients" or "12 found".
        table: the list (Enter or double-click opens a client).
        new_button: "New client" (Ctrl+N).
        model: the table's :class:`ClientListModel`.

    Signals:
        open_client(str): the client id to open.
        new_client(str): start a new client, with the search text to prefill.
    """

    open_client = Signal(str)
    new_client = Signal(str)

    def __init__(self, worker: Worker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._worker = worker
        self._store: Store | None = None
        self._generation = 0  # of counts and searches, like the model's
        self._open_first = False
        self._shown_text: str | None = None  # the search whose hits the table shows
        self.model = ClientListModel(worker, self)
        self.search = self._named(QLineEdit(), self.tr("Search clients"))
        self.search.setPlaceholderText(self.tr("Name, alias, date of birth or last 4 of SSN"))
        self.search.setClearButtonEnabled(True)
        self.new_button = self._named(QPushButton(self.tr("New client")), self.tr("New client"))
        self.new_button.setShortcut(QKeySequence("Ctrl+N"))
        self.new_button.setToolTip(self.tr("Start a new client (Ctrl+N)"))
        self.mine = self._toggle(self.tr("&My caseload"), self.tr("My caseload (Alt+M)"))
        self.recent = self._toggle(
            self.tr("&Seen in the last 30 days"), self.tr("Seen in the last 30 days (Alt+S)")
        )
        self.unsynced = self._toggle(self.tr("&Not synced"), self.tr("Not synced (Alt+N)"))
        self.count = self._named(QLabel(), self.tr("How many clients"))
        self.table = self._named(QTableView(), self.tr("Clients"))
        self._setup_table()
        self._lay_out()
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self._run_search)
        self.search.textChanged.connect(lambda _text: self._debounce.start())
        self.search.returnPressed.connect(self._open_first_hit)
        self.search.installEventFilter(self)
        self.table.installEventFilter(self)
        self.table.doubleClicked.connect(self._activated)
        self.new_button.clicked.connect(lambda: self.new_client.emit(self.search.text().strip()))
        self.model.failed.connect(lambda exc: self.count.setText(describe(exc)))
        find = QShortcut(QKeySequence.StandardKey.Find, self)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.activated.connect(self.focus_search)

    def focus_search(self) -> None:
        """Put the cursor in the search box, its text selected (Ctrl+F)."""
        self.search.setFocus()
        self.search.selectAll()

    def _named(self, widget: W, name: str) -> W:
        widget.setAccessibleName(name)
        return widget

    def _toggle(self, text: str, tip: str) -> QPushButton:
        button = self._named(QPushButton(text), text.replace("&", ""))
        button.setCheckable(True)
        button.setToolTip(tip)
        button.toggled.connect(lambda _on: self.refresh())
        return button

    def _setup_table(self) -> None:
        table = self.table
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setTabKeyNavigation(False)  # Tab leaves the table, arrows move in it
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.verticalHeader().hide()
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        table.horizontalHeader().setStretchLastSection(True)
        table.setColumnWidth(ClientListModel.NAME, 220)

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.new_button)
        filters = QHBoxLayout()
        for button in (self.mine, self.recent, self.unsynced):
            filters.addWidget(button)
        filters.addStretch()
        filters.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        self.setTabOrder(self.search, self.table)

    # -- the store ------------------------------------------------------------------------

    def open_store(self, store: Store) -> None:
        """Show the unlocked store's list, first page first."""
        self._store = store
        self.model.set_store(store)
        self.refresh()
        self.search.setFocus()

    def close_store(self) -> None:
        """Forget the store and clear everything on screen (the app locked)."""
        self._store = None
        self._generation += 1
        self._shown_text = None
        self.model.set_store(None)
        self.search.clear()  # with no store, these start nothing
        for button in (self.mine, self.recent, self.unsynced):
            button.setChecked(False)
        self._debounce.stop()
        self.count.clear()

    def refresh(self) -> None:
        """Load again what is shown (after a save, or when a filter changes)."""
        if self._store is None:
            return
        if self.search.text().strip():
            self._run_search()
            return
        self._generation += 1
        self.model.reset(self.current_filter())
        self.count.setText(self.tr("Counting…"))
        store = self._store
        self._watch(store.submit(store.client_count, self.current_filter()), self._show_count)

    def current_filter(self) -> ClientFilter:
        """Return the filter the toggles describe."""
        return ClientFilter(
            mine=self.mine.isChecked(),
            recent_days=RECENT_DAYS if self.recent.isChecked() else None,
            unsynced=self.unsynced.isChecked(),
        )

    def _watch(self, future: Any, success: Callable[[Any], None]) -> None:
        generation = self._generation

        def done(result: Any) -> None:
            if generation == self._generation and self._store is not None:
                success(result)

        def failed(exc: BaseException) -> None:
            if generation == self._generation and self._store is not None:
                self.count.setText(describe(exc))

        self._worker.watch(future, done, failed)

    def _show_count(self, n: int) -> None:
        text = self.tr("1 client") if n == 1 else self.tr("{count} clients").format(count=f"{n:,}")
        self.count.setText(text)

    # -- searching ------------------------------------------------------------------------

    def _run_search(self) -> None:
        self._debounce.stop()
        store, text = self._store, self.search.text().strip()
        if store is None:
            return
        if not text:
            self._open_first = False
            self.refresh()
            return
        self._generation += 1
        self._shown_text = None
        future = store.submit(store.search_rows, text, SEARCH_LIMIT, self.current_filter())
        self._watch(future, self._show_hits)

    def _show_hits(self, rows: list[ClientRow]) -> None:
        self.model.show_rows(rows)
        self._shown_text = self.search.text().strip()
        self.count.setText(self.tr("{count} found").format(count=f"{len(rows):,}"))
        if self._open_first and rows:
            self.open_client.emit(rows[0].client_id)
        self._open_first = False

    def _open_first_hit(self) -> None:
        """Enter in the search box: open the best hit, once the search has run."""
        if not self.search.text().strip():
            return
        if self._shown_text != self.search.text().strip():
            self._open_first = True
            self._run_search()
        elif self.model.rowCount():
            self.open_client.emit(self.model.client_id(0))

    # -- keyboard ---------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Down from the search box enters the table, Up from its top goes back; Enter opens.

        Enter is handled here, not through ``activated``, whose mouse gesture
        depends on the platform (one click on some desktops).
        """
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        key = event.key()
        if watched is self.search and key == Qt.Key.Key_Down and self.model.rowCount():
            self.table.setFocus()
            row = max(self.table.currentIndex().row(), 0)
            self.table.selectRow(row)
            return True
        if watched is self.search and key == Qt.Key.Key_Escape and self.search.text():
            self.search.clear()
            return True
        if watched is self.table and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._activated(self.table.currentIndex())
            return True
        if watched is self.table and key == Qt.Key.Key_Up and self.table.currentIndex().row() <= 0:
            self.search.setFocus()
            return True
        return False

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_client.emit(self.model.client_id(index.row()))
