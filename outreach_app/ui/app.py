"""The window: set up or unlock, find people, work on one person's record, lock.

The window owns the pages and the moments between them. After an unlock it
finds the agency's street outreach project (making one on a new store),
restores the drafts the last lock left, and starts the inactivity lock. While
unlocked it autosaves what is typed in open forms as encrypted drafts every
few seconds, so a dead battery loses at most that much. Locking (Ctrl+L, the
timer, or closing the window) first keeps every form in progress as a draft,
then closes the store and clears the screen. Sync (``sync_panel``) starts at
the unlock and stops before the store closes; a laptop the gateway revoked
locks and erases itself.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox, QStackedWidget

from outreach_app import __version__
from outreach_app.autolock import AutoLock
from outreach_app.domain.agency import outreach_project, street_outreach_project
from outreach_app.domain.instrument import discover_instruments
from outreach_app.domain.records import Project, Record
from outreach_app.storage.drafts import Draft
from outreach_app.storage.store import Store
from outreach_app.storage.vault import Vault
from outreach_app.sync.erase import erase_device
from outreach_app.ui.client_record import ClientView
from outreach_app.ui.clients import ClientsPage
from outreach_app.ui.enroll_dialog import EnrollDialog
from outreach_app.ui.i18n import install_translation
from outreach_app.ui.messages import show_error
from outreach_app.ui.new_client import NewClientDialog
from outreach_app.ui.sync_panel import SyncController, SyncStatus
from outreach_app.ui.tasks import Worker
from outreach_app.ui.unlock import SetupPage, UnlockPage

__all__ = ["DEFAULT_LOCK_SECONDS", "MainWindow", "Worker", "run"]

log = logging.getLogger("outreach.ui")

DEFAULT_LOCK_SECONDS = 600
AUTOSAVE_MS = 5000


def prepare_workspace(store: Store, agency: str) -> tuple[Record, list[Draft]]:
    """Find (or make, on a new store) the street outreach project; read the drafts.

    Runs on the store's thread, right after an unlock.
    """
    project = outreach_project(store.records(Project.KIND))
    if project is None:
        organization, project = street_outreach_project(agency)
        store.save_many([organization, project])
    return project, store.drafts()


class MainWindow(QMainWindow):
    """The window: setup or unlock while locked; the client list and record while unlocked.

    Attributes:
        store: the unlocked store, or None while locked.
        pages: setup, unlock, clients, client record.
        autolock: locks after inactivity.
        drafts: the drafts restored at the last unlock and not yet reopened.
    """

    def __init__(
        self,
        vault: Vault,
        lock_seconds: float = DEFAULT_LOCK_SECONDS,
        hint: str = "",
        *,
        agency: str = "",
        coc_code: str | None = None,
        instruments_dir: Path | None = None,
        gateway_url: str = "",
        gateway_locked: bool = False,
        ca_bundle: str | None = None,
    ) -> None:
        super().__init__()
        self.setWindowTitle("Outreach")
        self.resize(1100, 760)
        self.vault = vault
        self.worker = Worker()
        self.store: Store | None = None
        self.drafts: list[Draft] = []
        self._agency = agency
        self._saved_drafts: dict[str, str] = {}
        self._locking: Future[None] | None = None
        self.setup_page = SetupPage(vault, self.worker, agency)
        self.unlock_page = UnlockPage(vault, self.worker, hint, after=self.wait_for_lock)
        self.clients_page = ClientsPage(self.worker)
        self.client_view = ClientView(self.worker)
        self.client_view.coc_code = coc_code
        folders = [instruments_dir] if instruments_dir else []
        self.client_view.instruments, self.instrument_problems = discover_instruments(*folders)
        for problem in self.instrument_problems:
            log.warning("assessment instrument not loaded: %s", problem)
        self.new_client_dialog: NewClientDialog | None = None
        self.enroll_dialog: EnrollDialog | None = None
        self.revoked_box: QMessageBox | None = None
        self.sync = SyncController(self.worker, ca_bundle=ca_bundle)
        self._gateway = (gateway_url, gateway_locked, ca_bundle)
        self.statusBar().addPermanentWidget(SyncStatus(self.sync))
        self.sync.failed.connect(self.statusBar().showMessage)
        self.sync.finished.connect(self._synced)
        self.sync.revoked.connect(self._revoked)
        self.pages = QStackedWidget()
        for page in (self.setup_page, self.unlock_page, self.clients_page, self.client_view):
            self.pages.addWidget(page)
        self.setCentralWidget(self.pages)
        self.unlock_page.unlocked.connect(self._on_unlocked)
        self.setup_page.created.connect(self._on_created)
        self.clients_page.open_client.connect(self.open_client)
        self.clients_page.new_client.connect(lambda text: self.new_client(text))
        self.client_view.back.connect(self.show_clients)
        self.client_view.changed.connect(lambda _summary: self.clients_page.refresh())
        self.client_view.changed.connect(lambda _summary: self.sync.after_save())
        self.client_view.discarded.connect(self._discard_draft)
        self.autolock = AutoLock(lock_seconds, self.lock)
        self._poll = QTimer(self)
        self._poll.setInterval(1000)
        self._poll.timeout.connect(self.autolock.poll)
        self._autosave = QTimer(self)
        self._autosave.setInterval(AUTOSAVE_MS)
        self._autosave.timeout.connect(self.autosave)
        self._menus()
        QApplication.instance().installEventFilter(self)  # type: ignore[union-attr]
        self._show_locked()

    def _menus(self) -> None:
        app = self.menuBar().addMenu(self.tr("&Outreach"))
        lock = app.addAction(self.tr("&Lock now"))
        lock.setShortcut(QKeySequence("Ctrl+L"))
        lock.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        lock.triggered.connect(lambda: self.lock())
        self.lock_action = lock
        sync_now = app.addAction(self.tr("&Sync now"), QKeySequence("F5"), self.sync.sync_now)
        enroll = app.addAction(self.tr("&Connect to the CoC gateway…"), self.connect_gateway)
        app.addAction(self.tr("&About Outreach"), self.about)
        app.addAction(self.tr("&Quit"), QKeySequence.StandardKey.Quit, self.close)
        # The pages own their shortcuts (Ctrl+F, Ctrl+N on the list, Ctrl+K on a
        # record); the menu names them without binding them twice.
        clients = self.menuBar().addMenu(self.tr("Cl&ients"))
        find = clients.addAction(self.tr("&Find a client\tCtrl+F"))
        find.triggered.connect(self.show_clients)
        new = clients.addAction(self.tr("&New client\tCtrl+N"))
        new.triggered.connect(lambda: self.new_client(""))
        to_list = QShortcut(QKeySequence.StandardKey.Find, self.client_view)
        to_list.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        to_list.activated.connect(self.show_clients)
        self.unlocked_actions = [find, new, sync_now, enroll]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Count key presses and clicks anywhere as activity."""
        if event.type() in (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress):
            self.autolock.touch()
        return False

    def about(self) -> None:
        """Show the version and where the data lives (no personal data)."""
        QMessageBox.about(
            self,
            self.tr("About Outreach"),
            f"<h3>Outreach {__version__}</h3>"
            + self.tr("Street outreach records, encrypted on this laptop.")
            + f"<br><small>{self.vault.data_dir}</small>",
        )

    # Locked ------------------------------------------------------------------

    def _show_locked(self) -> None:
        for action in self.unlocked_actions:
            action.setEnabled(False)
        if self.vault.exists:
            self.unlock_page.reload_users()
            self.pages.setCurrentWidget(self.unlock_page)
            self.unlock_page.setFocus()
            self.statusBar().showMessage(self.tr("Locked"))
        else:
            self.pages.setCurrentWidget(self.setup_page)
            self.setup_page.setFocus()
            self.statusBar().showMessage(self.tr("New laptop: set up Outreach"))

    def _on_created(self, store: Store, agency: str) -> None:
        self._agency = agency or self._agency
        self._on_unlocked(store)

    def _on_unlocked(self, store: Store) -> None:
        self.store = store
        user = store.user.user_name
        self.statusBar().showMessage(self.tr("Unlocked as {user}").format(user=user))
        self.worker.watch(
            store.submit(prepare_workspace, store, self._agency),
            self._workspace_ready,
            lambda exc: show_error(self, exc, self.tr("Could not open the workspace")),
        )
        self.clients_page.open_store(store)
        self.show_clients()
        for action in self.unlocked_actions:
            action.setEnabled(True)
        self.autolock.touch()
        self._poll.start()
        self._autosave.start()
        self.sync.start(store)

    def _workspace_ready(self, result: tuple[Record, list[Draft]]) -> None:
        project, drafts = result
        self.client_view.project_id = project.id
        self.drafts = drafts
        self._saved_drafts = {d.draft_id: json.dumps(d.data, sort_keys=True) for d in drafts}
        if drafts:
            self.restore_drafts()

    def restore_drafts(self) -> None:
        """Reopen the forms that were in progress at the last lock."""
        new = [d for d in self.drafts if d.kind == NewClientDialog.DRAFT_KIND]
        if new:
            self.new_client("", new[0])
        clients = [d.data.get("client_id") for d in self.drafts if d.data.get("client_id")]
        if clients:
            self.open_client(str(clients[-1]))
        count = len(self.drafts)
        self.statusBar().showMessage(
            self.tr("Restored {n} unsaved form(s) from before the lock.").format(n=count)
        )

    # Unlocked ----------------------------------------------------------------

    def show_clients(self) -> None:
        """Show the client list, with the focus in the search box."""
        if self.store is None:
            return
        self.pages.setCurrentWidget(self.clients_page)
        self.clients_page.search.setFocus()
        self.clients_page.search.selectAll()

    def open_client(self, client_id: str) -> None:
        """Show one person's record, with any drafts for them."""
        if self.store is None:
            return
        self.client_view.open_client(self.store, client_id)
        mine = [d for d in self.drafts if d.data.get("client_id") == client_id]
        self.drafts = [d for d in self.drafts if d not in mine]
        self.client_view.restore_drafts(mine)
        self.pages.setCurrentWidget(self.client_view)
        self.client_view.tabs.setFocus()

    def new_client(self, text: str, draft: Draft | None = None) -> NewClientDialog | None:
        """Open the new-client dialog (duplicates first), prefilled with ``text``."""
        store = self.store
        if store is None:
            return None
        dialog = NewClientDialog(
            store, self.worker, text=text, draft_id=draft.draft_id if draft else None, parent=self
        )
        if draft is not None:
            dialog.restore(draft.data)
            self.drafts.remove(draft)
        dialog.open_existing.connect(self.open_client)
        dialog.submitted.connect(lambda records: self._create_client(dialog, records))
        dialog.finished.connect(lambda _code: self._discard_draft(dialog.draft_id))
        self.new_client_dialog = dialog
        dialog.show()
        return dialog

    def _create_client(self, dialog: NewClientDialog, records: Sequence[Record]) -> None:
        def done() -> None:
            dialog.saved()
            self.clients_page.refresh()
            self.open_client(records[0].id)

        if self.store is not None:
            self.client_view.save(records, done, dialog.failed, store=self.store)

    # Sync -------------------------------------------------------------------

    def connect_gateway(self) -> EnrollDialog | None:
        """Open the enrollment dialog; once enrolled, start syncing."""
        store = self.store
        if store is None:
            return None
        url, locked, ca_bundle = self._gateway
        dialog = EnrollDialog(
            store, self.worker, gateway_url=url, url_locked=locked, ca_bundle=ca_bundle, parent=self
        )
        dialog.enrolled.connect(lambda: self.sync.start(store) if self.store is store else None)
        self.enroll_dialog = dialog
        dialog.show()
        return dialog

    def _synced(self, report: Any) -> None:
        """Show the new states; the list and the record's lists only, never the forms."""
        if self.store is None:
            return
        if report.pushed or report.written or report.deleted:
            self.clients_page.refresh()
        self.client_view.refresh_sync_states(self.store)

    def _revoked(self) -> None:
        """Lock, erase this laptop's store and keys, and say so plainly."""
        vault = self.vault
        self.lock(then=lambda: erase_device(vault))
        if self._locking is None:
            return

        def erased(_result: object) -> None:
            self._show_locked()
            self.revoked_box = QMessageBox(
                QMessageBox.Icon.Warning,
                "Outreach",
                self.tr(
                    "The CoC gateway revoked this laptop, so its records were erased from it. "
                    "Records that had synced are safe on the gateway. Ask IT before using "
                    "this laptop again."
                ),
                QMessageBox.StandardButton.Ok,
                self,
            )
            self.revoked_box.open()

        self.worker.watch(
            self._locking, erased, lambda exc: show_error(self, exc, self.tr("Could not erase"))
        )

    # Drafts -------------------------------------------------------------------

    def current_drafts(self) -> list[tuple[str, str, str | None, dict[str, object]]]:
        """Return (draft id, kind, record id, data) for everything typed and not saved."""
        found: list[tuple[str, str, str | None, dict[str, object]]] = [
            (draft_id, kind, str(data.get("client_id")), data)
            for draft_id, kind, data in self.client_view.drafts()
        ]
        dialog = self.new_client_dialog
        if dialog is not None and dialog.isVisible() and not dialog.is_empty():
            found.append((dialog.draft_id, dialog.DRAFT_KIND, None, dialog.draft()))
        return found

    def autosave(self) -> None:
        """Save the drafts that changed since the last autosave (in the background)."""
        store = self.store
        if store is None or not store.is_open:
            return
        for draft_id, kind, record_id, data in self.current_drafts():
            text = json.dumps(data, sort_keys=True)
            if self._saved_drafts.get(draft_id) == text:
                continue
            self._saved_drafts[draft_id] = text
            future = store.submit(store.save_draft, draft_id, kind, record_id, data)
            self.worker.watch(
                future,
                lambda _none: None,
                lambda exc: self.statusBar().showMessage(self.tr("Autosave failed.")),
            )

    def _discard_draft(self, draft_id: str) -> None:
        store = self.store
        if store is None or not store.is_open or draft_id not in self._saved_drafts:
            return
        del self._saved_drafts[draft_id]
        self.worker.watch(
            store.submit(store.discard_draft, draft_id),
            lambda _none: None,
            lambda exc: log.warning("could not discard a draft: %s", type(exc).__name__),
        )

    # Locking ------------------------------------------------------------------

    def lock(self, *, then: Callable[[], object] | None = None) -> None:
        """Lock now: keep what is typed as drafts, close the store, clear the screen.

        ``then`` runs on the store's thread once the store is closed (the erase
        of a revoked laptop).
        """
        self._poll.stop()
        self._autosave.stop()
        store, self.store = self.store, None
        pending = self.current_drafts() if store is not None else []
        if self.new_client_dialog is not None:
            self.new_client_dialog.reject()
            self.new_client_dialog = None
        sync_stopped = self.sync.stop()
        if self.enroll_dialog is not None:
            self.enroll_dialog.reject()
            self.enroll_dialog = None
        self.clients_page.close_store()
        self.client_view.close_store()
        self.drafts = []
        self._saved_drafts = {}
        if store is not None and store.is_open:

            def keep_then_lock() -> None:
                try:
                    for draft_id, kind, record_id, data in pending:
                        store.save_draft(draft_id, kind, record_id, data)
                finally:
                    sync_stopped()  # a run in flight ends before the database closes
                    store.lock()
                if then is not None:
                    then()

            # Queued behind any save in flight, on the store's own thread.
            self._locking = store.submit(keep_then_lock)
        self._show_locked()

    def wait_for_lock(self) -> None:
        """Wait until the last lock has written its drafts and closed the store."""
        if self._locking is not None:
            self._locking.result(timeout=30)

    def closeEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        """Lock before closing, and wait for it, so the drafts and the lock are written."""
        self.lock()
        self.wait_for_lock()
        super().closeEvent(event)


def excepthook(window: MainWindow) -> Any:
    """Return a ``sys.excepthook`` that shows bugs in a dialog and logs them."""

    def hook(kind: type[BaseException], exc: BaseException, tb: Any) -> None:
        exc.__traceback__ = tb
        show_error(window, exc, QCoreApplication.translate("MainWindow", "Outreach hit a bug"))

    return hook


def run(
    data_dir: Path,
    *,
    hint: str = "",
    lock_seconds: float = DEFAULT_LOCK_SECONDS,
    agency: str = "",
    coc_code: str | None = None,
    instruments_dir: Path | None = None,
    gateway_url: str = "",
    gateway_locked: bool = False,
    ca_bundle: str | None = None,
) -> int:
    """Open the window on the store in ``data_dir`` (or its setup) and run until it closes."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    app.setApplicationName("Outreach")
    app.setApplicationVersion(__version__)
    install_translation(app)  # before any widget exists: widgets translate as they are made
    font = app.font()
    if font.pointSizeF() < 11:  # readable at arm's length
        font.setPointSizeF(11)
        app.setFont(font)
    window = MainWindow(
        Vault(data_dir),
        lock_seconds,
        hint,
        agency=agency,
        coc_code=coc_code,
        instruments_dir=instruments_dir,
        gateway_url=gateway_url,
        gateway_locked=gateway_locked,
        ca_bundle=ca_bundle,
    )
    sys.excepthook = excepthook(window)
    window.show()
    return int(app.exec())
