"""The window: unlock, then find people. A first, small version of the field app.

Store work never runs on the GUI thread: :class:`Worker` submits it to the
store's own executor and delivers the result through a Qt signal, which Qt
queues onto the GUI thread. An :class:`~outreach_app.autolock.AutoLock` locks
the store after the configured inactivity, and Ctrl+L locks at once.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from outreach_app import errors
from outreach_app.autolock import AutoLock
from outreach_app.storage.search import ClientHit
from outreach_app.storage.store import Store
from outreach_app.storage.vault import Vault

DEFAULT_LOCK_SECONDS = 600


class Worker(QObject):
    """Runs a function off the GUI thread and emits its result on the GUI thread.

    Signals:
        finished(object, object): the request's callback and its result.
        failed(object, object): the request's error callback and the exception.
    """

    finished = Signal(object, object)
    failed = Signal(object, object)

    def __init__(self) -> None:
        super().__init__()
        self.finished.connect(lambda callback, result: callback(result))
        self.failed.connect(lambda callback, exc: callback(exc))

    def watch(
        self,
        future: Future[Any],
        success: Callable[[Any], None],
        failure: Callable[[BaseException], None],
    ) -> None:
        """Call ``success`` or ``failure`` on the GUI thread when ``future`` is done."""

        def done(f: Future[Any]) -> None:
            exc = f.exception()
            if exc is None:
                self.finished.emit(success, f.result())
            else:
                self.failed.emit(failure, exc)

        future.add_done_callback(done)


class UnlockPage(QWidget):
    """Pick a user and type the passphrase.

    Signals:
        unlocked(object): the unlocked Store.
    """

    unlocked = Signal(object)

    def __init__(self, vault: Vault, worker: Worker, hint: str = "") -> None:
        super().__init__()
        self._vault = vault
        self._worker = worker
        # Unlocking spends ~0.3 s in Argon2id: never on the GUI thread.
        self._executor = ThreadPoolExecutor(1, thread_name_prefix="outreach-unlock")
        self.user = QComboBox()
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setPlaceholderText("Passphrase")
        self.button = QPushButton("Unlock")
        self.message = QLabel(hint)
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow("User", self.user)
        form.addRow("Passphrase", self.passphrase)
        panel = QWidget()
        panel.setFixedWidth(440)
        inner = QVBoxLayout(panel)
        title = QLabel("<h2>Outreach</h2>")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        inner.addWidget(title)
        inner.addLayout(form)
        inner.addWidget(self.button)
        inner.addWidget(self.message)
        layout = QVBoxLayout(self)
        layout.addStretch()
        layout.addWidget(panel, alignment=Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch()
        self.button.clicked.connect(self.try_unlock)
        self.passphrase.returnPressed.connect(self.try_unlock)
        self.reload_users()

    def reload_users(self) -> None:
        """Fill the user list from the store's manifest."""
        self.user.clear()
        self.user.addItems([u.user_name for u in self._vault.users()])

    def try_unlock(self) -> None:
        """Unlock in the background; say plainly what went wrong."""
        name, secret = self.user.currentText(), self.passphrase.text()
        self.button.setEnabled(False)
        self.message.setText("Unlocking…")
        future = self._executor.submit(self._vault.unlock, name, secret)
        self._worker.watch(future, self._done, self._failed)

    def _done(self, store: Store) -> None:
        self.passphrase.clear()
        self.button.setEnabled(True)
        self.message.setText("")
        self.unlocked.emit(store)

    def _failed(self, exc: BaseException) -> None:
        self.button.setEnabled(True)
        self.passphrase.selectAll()
        text = exc.message if isinstance(exc, errors.KnownError) else "Something went wrong."
        self.message.setText(text)


class ClientsPage(QWidget):
    """Search everyone the laptop knows (a placeholder for the full client list)."""

    def __init__(self, worker: Worker) -> None:
        super().__init__()
        self._worker = worker
        self._store: Store | None = None
        self.search = QLineEdit()
        self.search.setPlaceholderText("Name, alias, date of birth or last 4 of SSN")
        self.results = QListWidget()
        self.summary = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.results)
        layout.addWidget(self.summary)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(120)
        self._debounce.timeout.connect(self._run_search)
        self.search.textChanged.connect(lambda _text: self._debounce.start())

    def open(self, store: Store) -> None:
        """Show the unlocked store."""
        self._store = store
        self.search.clear()
        self.results.clear()
        self._worker.watch(
            store.submit(store.count, "Client"),
            lambda n: self.summary.setText(f"{n:,} clients on this laptop (encrypted)"),
            lambda exc: self.summary.setText("Could not count clients."),
        )
        self.search.setFocus()

    def close_store(self) -> None:
        """Forget the store and clear everything on screen."""
        self._store = None
        self.search.clear()
        self.results.clear()
        self.summary.clear()

    def _run_search(self) -> None:
        store, text = self._store, self.search.text()
        if store is None or not store.is_open:
            return
        if not text.strip():
            self.results.clear()
            return
        self._worker.watch(store.submit(store.search, text), self._show, lambda exc: None)

    def _show(self, hits: list[ClientHit]) -> None:
        self.results.clear()
        for hit in hits:
            name = " ".join(p for p in (hit.first_name, hit.last_name) if p) or "(no name)"
            dob = hit.dob.isoformat() if hit.dob else "DOB unknown"
            alias = f"  “{hit.aliases}”" if hit.aliases else ""
            self.results.addItem(f"{name}{alias}   {dob}")


class MainWindow(QMainWindow):
    """The window: the unlock page while locked, the clients page while unlocked."""

    def __init__(self, vault: Vault, lock_seconds: float = DEFAULT_LOCK_SECONDS, hint: str = ""):
        super().__init__()
        self.setWindowTitle("Outreach")
        self.resize(900, 600)
        self.worker = Worker()
        self.store: Store | None = None
        self.unlock_page = UnlockPage(vault, self.worker, hint)
        self.clients_page = ClientsPage(self.worker)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.unlock_page)
        self.pages.addWidget(self.clients_page)
        self.setCentralWidget(self.pages)
        self.statusBar().showMessage("Locked")
        self.unlock_page.unlocked.connect(self._on_unlocked)
        self.autolock = AutoLock(lock_seconds, self.lock)
        self._poll = QTimer(self)
        self._poll.setInterval(1000)
        self._poll.timeout.connect(self.autolock.poll)
        self.lock_shortcut = QShortcut(QKeySequence("Ctrl+L"), self)
        self.lock_shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
        self.lock_shortcut.activated.connect(self.lock)
        QApplication.instance().installEventFilter(self)  # type: ignore[union-attr]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Count key presses and clicks anywhere as activity."""
        if event.type() in (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress):
            self.autolock.touch()
        return False

    def _on_unlocked(self, store: Store) -> None:
        self.store = store
        self.clients_page.open(store)
        self.pages.setCurrentWidget(self.clients_page)
        self.statusBar().showMessage(f"Unlocked as {store.user.user_name}")
        self.autolock.touch()
        self._poll.start()

    def lock(self) -> None:
        """Lock now: close the store, clear the screen, show the unlock page."""
        self._poll.stop()
        store, self.store = self.store, None
        self.clients_page.close_store()
        if store is not None:
            store.lock()
        self.pages.setCurrentWidget(self.unlock_page)
        self.unlock_page.passphrase.setFocus()
        self.statusBar().showMessage("Locked")

    def closeEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        """Lock before closing, so the key leaves memory and the lock is logged."""
        self.lock()
        super().closeEvent(event)


def run(data_dir: Path, *, hint: str = "", lock_seconds: float = DEFAULT_LOCK_SECONDS) -> int:
    """Open the window on the store in ``data_dir`` and run until it closes."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    vault = Vault(data_dir)
    if not vault.exists:
        raise errors.StoreNotFound(
            "There is no Outreach store on this laptop yet. Set one up with 'outreach init'."
        )
    window = MainWindow(vault, lock_seconds, hint)
    window.show()
    return int(app.exec())
