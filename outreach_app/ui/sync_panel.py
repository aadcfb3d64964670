"""Sync in the window: the background worker as Qt signals, the status bar, record states.

The sync engine is plain Python and its :class:`~outreach_app.sync.worker.SyncWorker`
reports through plain callbacks on its own thread. :class:`SyncController`
re-emits them as Qt signals, which Qt queues onto the GUI thread, so the window
never waits on the network and every widget is touched where it may be. Each
start bumps a *generation*: a report from a worker that was stopped (the app
locked) is dropped, as the client list drops stale pages.

Stopping never blocks the GUI either: :meth:`SyncController.stop` asks the
thread to end and returns a function that waits for it, which the window runs
on the store's own thread before the store closes, so a run in flight never
meets a closed database.

:class:`RecordSyncStates` is the part of the client record that shows each
record's state (a mixin of :class:`~outreach_app.ui.client_record.ClientView`,
kept here beside the rest of sync).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Mapping

import requests
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel

from outreach_app import errors
from outreach_app.storage.client_list import SyncState, record_states, roll_up
from outreach_app.storage.database import Connection
from outreach_app.storage.store import Store
from outreach_app.sync.engine import SyncEngine, SyncReport, client_for
from outreach_app.sync.transport import GatewayClient, GatewayUnreachable
from outreach_app.sync.worker import Backoff, SyncWorker
from outreach_app.ui.client_model import sync_label
from outreach_app.ui.messages import describe
from outreach_app.ui.record_forms import FormTab
from outreach_app.ui.record_lists import RecordList, RecordStates, local_only, state_text
from outreach_app.ui.tasks import Worker

log = logging.getLogger("outreach.ui")

# How long the store's thread waits for a run in flight to end before it locks.
STOP_TIMEOUT = 40.0


def client_states(store: Store, client_id: str) -> tuple[dict[tuple[str, str], str], bool]:
    """Return the sync state of each of a client's records, and whether the laptop is enrolled.

    Runs off the GUI thread (one query for the whole file).
    """

    def read(conn: Connection) -> tuple[dict[tuple[str, str], str], bool]:
        states = record_states(conn, [client_id])
        return {key: str(state) for key, (_c, state) in states.items()}, enrolled(conn)

    return store.run_read(read)


def enrolled(conn: Connection) -> bool:
    """Return whether the store holds a device token (without reading the token)."""
    found = conn.execute("SELECT 1 FROM sync_state WHERE key = 'device_token'").fetchone()
    return found is not None


def sync_status(store: Store) -> tuple[int, str | None]:
    """Return the pending changes and the last successful sync (UTC, ISO). Off the GUI thread."""
    return store.pending_changes(), store.sync_state().get("last_sync_at")


class SyncController(QObject):
    """Runs the sync worker of the unlocked store and reports on the GUI thread.

    Attributes:
        enrolled: whether the store is enrolled with a gateway (known after start).
        online: whether the last attempt reached the gateway (None before any).
        syncing: a run was asked for and has not reported yet.
        pending: changes waiting to be sent.
        last_sync: when the last run ended well.
        problem: the last failure's plain message ("" after a success).
        new_session: makes the HTTP session of each start (tests pass their own).

    Signals:
        state_changed(): any attribute above changed.
        finished(object): a run ended (its SyncReport).
        failed(str): a run failed; the message says what to do (said once per streak).
        revoked(): the gateway revoked this laptop; the window must lock and erase.
    """

    state_changed = Signal()
    finished = Signal(object)
    failed = Signal(str)
    revoked = Signal()
    _ran = Signal(int, object)
    _erred = Signal(int, object)
    _revoked = Signal(int)

    def __init__(
        self,
        worker: Worker,
        *,
        ca_bundle: str | None = None,
        interval: float = 300.0,
        backoff: Callable[[], Backoff] = Backoff,
    ) -> None:
        super().__init__()
        self._worker = worker
        self._ca_bundle = ca_bundle or None
        self._interval = interval
        self._backoff = backoff
        self.new_session: Callable[[], requests.Session] = requests.Session
        self._generation = 0
        self._store: Store | None = None
        self._sync: SyncWorker | None = None
        self._session: requests.Session | None = None
        self._announce = True
        self.enrolled = False
        self.online: bool | None = None
        self.syncing = False
        self.pending = 0
        self.last_sync: dt.datetime | None = None
        self.problem = ""
        self._ran.connect(self._on_ran)
        self._erred.connect(self._on_erred)
        self._revoked.connect(self._on_revoked)

    def start(self, store: Store) -> None:
        """Start syncing ``store`` in the background if it is enrolled (its first run is now)."""
        self.stop()
        self._store, generation = store, self._generation
        self.online, self.problem, self.syncing = None, "", False
        self._worker.watch(
            store.submit(self._connect, store),
            lambda found: self._begin(generation, store, found),
            lambda exc: self._not_enrolled(generation, exc),
        )
        self.refresh()

    def _connect(self, store: Store) -> tuple[GatewayClient, requests.Session]:
        session = self.new_session()
        try:
            return client_for(store, session=session, ca_bundle=self._ca_bundle), session
        except BaseException:
            session.close()
            raise

    def _begin(
        self, generation: int, store: Store, found: tuple[GatewayClient, requests.Session]
    ) -> None:
        client, session = found
        if generation != self._generation:
            session.close()
            return
        self._session = session
        self._sync = SyncWorker(
            SyncEngine(store, client),
            interval=self._interval,
            backoff=self._backoff(),
            on_result=lambda report: self._ran.emit(generation, report),
            on_error=lambda exc: self._erred.emit(generation, exc),
            on_revoked=lambda _exc: self._revoked.emit(generation),
        )
        self.enrolled = self.syncing = True
        self._sync.start()
        self.state_changed.emit()

    def _not_enrolled(self, generation: int, exc: BaseException) -> None:
        if generation == self._generation:
            self.enrolled = False
            log.info("sync not started: %s", type(exc).__name__)
            self.state_changed.emit()

    def stop(self) -> Callable[[], None]:
        """Stop syncing without waiting; return the function that waits for the thread.

        The window runs it on the store's thread before the store closes.
        """
        self._generation += 1
        sync, session = self._sync, self._session
        self._sync = self._session = self._store = None
        self.enrolled = self.syncing = False
        if sync is not None:
            sync.stop(timeout=0)

        def finish() -> None:
            if sync is not None:
                sync.join(STOP_TIMEOUT)
            if session is not None:
                session.close()

        return finish

    def sync_now(self) -> None:
        """Sync as soon as possible (the "Sync now" action); a failure is always said."""
        if self._sync is None:
            self.failed.emit(
                self.tr(
                    "This laptop is not connected to the CoC gateway yet. Use "
                    "“Connect to the CoC gateway…” with the code from your supervisor."
                )
            )
            return
        self._announce = self.syncing = True
        self._sync.request()
        self.state_changed.emit()

    def after_save(self) -> None:
        """Send a change just saved soon, and count it as waiting now."""
        if self._sync is not None:
            self._sync.request()
        self.refresh()

    def refresh(self) -> None:
        """Read the waiting count and the last sync again (in the background)."""
        store, generation = self._store, self._generation
        if store is None or not store.is_open:
            return

        def show(status: tuple[int, str | None]) -> None:
            if generation == self._generation:
                self.pending, last = status
                self.last_sync = dt.datetime.fromisoformat(last) if last else None
                self.state_changed.emit()

        self._worker.watch(
            store.submit(sync_status, store),
            show,
            lambda exc: log.info("sync status not read: %s", type(exc).__name__),
        )

    def _on_ran(self, generation: int, report: SyncReport) -> None:
        if generation != self._generation:
            return
        self.online, self.problem, self.syncing, self._announce = True, "", False, True
        self.finished.emit(report)
        self.refresh()

    def _on_erred(self, generation: int, exc: errors.KnownError) -> None:
        if generation != self._generation:
            return
        message = describe(exc)
        announce = self._announce or message != self.problem
        self.online = not isinstance(exc, GatewayUnreachable)
        self.problem, self.syncing, self._announce = message, False, False
        self.state_changed.emit()
        if announce:
            self.failed.emit(message)

    def _on_revoked(self, generation: int) -> None:
        if generation == self._generation:
            log.warning("this device was revoked by the gateway")
            self.revoked.emit()

    def status_text(self) -> str:
        """Return the status bar's text: Online/Offline, the last sync, what waits."""
        if not self.enrolled:
            return self.tr("Not connected to a gateway")
        if self.syncing:
            parts = [self.tr("Syncing…")]
        elif self.online is None:
            parts = []
        elif self.online and not self.problem:
            parts = [self.tr("Online")]
        else:
            parts = [self.tr("Offline") if not self.online else self.tr("Sync failed")]
        if self.last_sync is not None:
            at = self.last_sync.astimezone().strftime("%H:%M")
            parts.append(self.tr("Last sync {time}").format(time=at))
        parts.append(self.tr("{n} waiting").format(n=self.pending))
        return " · ".join(parts)


class SyncStatus(QLabel):
    """The status bar's sync line; its tooltip holds the last problem in full."""

    def __init__(self, controller: SyncController) -> None:
        super().__init__()
        self._controller = controller
        self.setAccessibleName(self.tr("Sync"))
        controller.state_changed.connect(self.update_text)
        self.update_text()

    def update_text(self) -> None:
        """Show the controller's state."""
        self.setText(self._controller.status_text())
        self.setToolTip(self._controller.problem)


class RecordSyncStates:
    """The sync states on a person's record: header, form tabs and lists (a mixin).

    Attributes (provided by the view):
        title: the header; ``title_base`` is its name and date of birth part.
        sync_client_id: whose states are shown (None when no one is).
        sync_enrolled: whether the laptop is enrolled (so a save means "waiting").
    """

    title: QLabel
    title_base: str = ""
    sync_client_id: str | None = None
    sync_enrolled: bool = False
    _worker: Worker

    def form_tabs(self) -> dict[str, FormTab]:
        """Return the form tabs by their draft kind."""
        raise NotImplementedError

    def record_lists(self) -> tuple[RecordList, ...]:
        """Return the lists of records with a sync column."""
        raise NotImplementedError

    def show_sync_states(self, client_id: str, states: RecordStates, enrolled: bool) -> None:
        """Show each record's state; the header rolls up the person's whole file."""
        self.sync_client_id, self.sync_enrolled = client_id, enrolled
        header = roll_up(SyncState(s) for s in states.values())
        text = sync_label(header) if states else local_only()
        self.title.setText(f"{self.title_base} · <i>{text}</i>")
        for tab in self.form_tabs().values():
            tab.status.setText(state_text(states, tab.form.record()))
        for table in self.record_lists():
            table.show_states(states)

    def state_after_save(self) -> str:
        """Return what a record just saved is: waiting to sync, or only here."""
        return sync_label(SyncState.WAITING if self.sync_enrolled else SyncState.LOCAL)

    def refresh_sync_states(self, store: Store) -> None:
        """Read the states again (after a sync) without touching what is typed."""
        client_id = self.sync_client_id
        if client_id is None or not store.is_open:
            return

        def show(found: tuple[Mapping[tuple[str, str], str], bool]) -> None:
            if self.sync_client_id == client_id:
                self.show_sync_states(client_id, *found)

        self._worker.watch(
            store.submit(client_states, store, client_id),
            show,
            lambda exc: log.info("sync states not read: %s", type(exc).__name__),
        )
