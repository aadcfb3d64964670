"""The two doors into the app: unlocking the store, and setting it up the first time.

Unlocking spends a third of a second in Argon2id, and creating a store a
little more; both run on a worker thread of their own, never on the GUI
thread. Setup ends on the recovery key, shown once, with a button to print
it, and the app does not go on until the worker says it is written down.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from outreach_app import errors
from outreach_app.storage.store import Store
from outreach_app.storage.vault import Vault
from outreach_app.ui.fields import MessageLabel
from outreach_app.ui.messages import describe
from outreach_app.ui.tasks import Worker


def _panel(*widgets: QWidget, title: str) -> QWidget:
    """Return a page with a centred, fixed-width column holding ``widgets``."""
    panel = QWidget()
    panel.setFixedWidth(480)
    inner = QVBoxLayout(panel)
    heading = QLabel(f"<h2>{title}</h2>")
    heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
    inner.addWidget(heading)
    for widget in widgets:
        inner.addWidget(widget)
    page = QWidget()
    layout = QVBoxLayout(page)
    layout.addStretch()
    layout.addWidget(panel, alignment=Qt.AlignmentFlag.AlignHCenter)
    layout.addStretch()
    return page


def _password_field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleName(name)
    return field


class UnlockPage(QWidget):
    """Pick a user and type the passphrase.

    Attributes:
        user: the local users, most recent first.
        passphrase: the passphrase field (cleared after every attempt that works).
        message: what went wrong, in plain words.

    ``after`` is called on the unlock thread before unlocking: the window
    passes a wait for its last lock to finish.

    Signals:
        unlocked(object): the unlocked Store.
    """

    unlocked = Signal(object)

    def __init__(
        self,
        vault: Vault,
        worker: Worker,
        hint: str = "",
        *,
        after: Callable[[], object] = lambda: None,
    ) -> None:
        super().__init__()
        self._vault = vault
        self._worker = worker
        self._after = after
        self._executor = ThreadPoolExecutor(1, thread_name_prefix="outreach-unlock")
        self.user = QComboBox()
        self.user.setAccessibleName(self.tr("User"))
        self.passphrase = _password_field(self.tr("Passphrase"))
        self.passphrase.setPlaceholderText(self.tr("Passphrase"))
        self.button = QPushButton(self.tr("Unlock"))
        self.button.setDefault(True)
        self.message = QLabel(hint)
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("Message"))
        form = QWidget()
        rows = QFormLayout(form)
        rows.addRow(self.tr("User"), self.user)
        rows.addRow(self.tr("Passphrase"), self.passphrase)
        layout = QVBoxLayout(self)
        layout.addWidget(_panel(form, self.button, self.message, title="Outreach"))
        self.button.clicked.connect(self.try_unlock)
        self.passphrase.returnPressed.connect(self.try_unlock)
        self.setFocusProxy(self.passphrase)
        self.reload_users()

    def reload_users(self) -> None:
        """Fill the user list from the store's manifest (empty before setup)."""
        self.user.clear()
        if self._vault.exists:
            self.user.addItems([u.user_name for u in self._vault.users()])

    def try_unlock(self) -> None:
        """Unlock in the background; say plainly what went wrong."""
        if not self.button.isEnabled():
            return
        name, secret = self.user.currentText(), self.passphrase.text()
        if not secret:
            self.message.setText(self.tr("Type your passphrase."))
            return
        self.button.setEnabled(False)
        self.message.setText(self.tr("Unlocking…"))
        future = self._executor.submit(self._unlock, name, secret)
        self._worker.watch(future, self._done, self._failed)

    def _unlock(self, name: str, secret: str) -> Store:
        self._after()  # the last lock may still be writing its drafts
        return self._vault.unlock(name, secret)

    def _done(self, store: Store) -> None:
        self.passphrase.clear()
        self.button.setEnabled(True)
        self.message.setText("")
        self.unlocked.emit(store)

    def _failed(self, exc: BaseException) -> None:
        self.button.setEnabled(True)
        self.passphrase.selectAll()
        self.passphrase.setFocus()
        self.message.setText(describe(exc))


class SetupPage(QWidget):
    """First run: create the encrypted store and its first user, then show the recovery key.

    Attributes:
        agency: the agency's name (becomes its street outreach project).
        user_name, full_name: the first user, who administers the laptop.
        passphrase, repeat: the passphrase, typed twice.
        problems: what stops the store from being created.
        recovery_key: the recovery key, shown once after creation.
        written_down: the worker's confirmation that the key is kept safe.

    Signals:
        created(object, str): the new, unlocked Store and the agency name.
    """

    created = Signal(object, str)

    def __init__(self, vault: Vault, worker: Worker, agency: str = "") -> None:
        super().__init__()
        self._vault = vault
        self._worker = worker
        self._executor = ThreadPoolExecutor(1, thread_name_prefix="outreach-setup")
        self._store: Store | None = None
        self.agency = QLineEdit(agency)
        self.agency.setAccessibleName(self.tr("Agency"))
        self.user_name = QLineEdit()
        self.user_name.setAccessibleName(self.tr("User name"))
        self.full_name = QLineEdit()
        self.full_name.setAccessibleName(self.tr("Full name"))
        self.passphrase = _password_field(self.tr("Passphrase"))
        self.repeat = _password_field(self.tr("Passphrase again"))
        self.problems = MessageLabel()
        self.create_button = QPushButton(self.tr("Create encrypted store"))
        self.create_button.setDefault(True)
        form = QWidget()
        rows = QFormLayout(form)
        rows.addRow(self.tr("Agency"), self.agency)
        rows.addRow(self.tr("Your user name"), self.user_name)
        rows.addRow(self.tr("Your full name"), self.full_name)
        rows.addRow(self.tr("Passphrase"), self.passphrase)
        rows.addRow(self.tr("Passphrase again"), self.repeat)
        intro = QLabel(
            self.tr(
                "Everything Outreach keeps on this laptop is encrypted with your passphrase. "
                "Use at least 8 characters; a few words you will remember are best."
            )
        )
        intro.setWordWrap(True)
        ask = _panel(
            intro, form, self.problems, self.create_button, title=self.tr("Set up Outreach")
        )
        self.recovery_key = QLabel()
        self.recovery_key.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSize(font.pointSize() + 4)
        self.recovery_key.setFont(font)
        self.recovery_key.setAccessibleName(self.tr("Recovery key"))
        self.print_button = QPushButton(self.tr("Print…"))
        self.written_down = QCheckBox(self.tr("I have printed or written down the recovery key"))
        self.continue_button = QPushButton(self.tr("Continue"))
        self.continue_button.setEnabled(False)
        explain = QLabel(
            self.tr(
                "This recovery key opens the store if every passphrase is forgotten. It is "
                "shown only now. Print it or write it down, and keep it locked away from "
                "the laptop."
            )
        )
        explain.setWordWrap(True)
        show = _panel(
            explain,
            self.recovery_key,
            self.print_button,
            self.written_down,
            self.continue_button,
            title=self.tr("Your recovery key"),
        )
        self.steps = QStackedWidget()
        self.steps.addWidget(ask)
        self.steps.addWidget(show)
        layout = QVBoxLayout(self)
        layout.addWidget(self.steps)
        self.create_button.clicked.connect(self.try_create)
        self.repeat.returnPressed.connect(self.try_create)
        self.print_button.clicked.connect(self._print)
        self.written_down.toggled.connect(self.continue_button.setEnabled)
        self.continue_button.clicked.connect(self._finish)
        self.setFocusProxy(self.agency if not agency else self.user_name)

    def try_create(self) -> None:
        """Check the answers, then create the store in the background."""
        name, secret = self.user_name.text().strip(), self.passphrase.text()
        if not name:
            self.problems.show_text(self.tr("Choose a user name."))
            self.user_name.setFocus()
            return
        if secret != self.repeat.text():
            self.problems.show_text(self.tr("The two passphrases are not the same."))
            self.repeat.clear()
            self.repeat.setFocus()
            return
        self.create_button.setEnabled(False)
        self.problems.show_text(self.tr("Creating the encrypted store…"), error=False)
        future = self._executor.submit(
            self._vault.create, name, secret, self.full_name.text().strip()
        )
        self._worker.watch(future, self._created, self._failed)

    def _created(self, result: tuple[Store, str]) -> None:
        self._store, key = result
        self.passphrase.clear()
        self.repeat.clear()
        self.recovery_key.setText(key)
        self.steps.setCurrentIndex(1)
        self.print_button.setFocus()

    def _failed(self, exc: BaseException) -> None:
        self.create_button.setEnabled(True)
        self.problems.show_text(describe(exc))
        if isinstance(exc, errors.WeakPassphrase):
            self.passphrase.selectAll()
            self.passphrase.setFocus()

    def _print(self) -> None:
        printer = QPrinter()
        dialog = QPrintDialog(printer, self)
        dialog.accepted.connect(lambda: self._document().print_(printer))
        dialog.show()

    def _document(self) -> QTextDocument:
        doc = QTextDocument()
        heading = self.tr("Outreach recovery key")
        agency = self.tr("Agency: {agency}").format(agency=self.agency.text())
        first_user = self.tr("First user: {user}").format(user=self.user_name.text())
        keep = self.tr("Keep this paper locked away from the laptop.")
        doc.setHtml(
            f"<h2>{heading}</h2>"
            f"<p>{agency}<br>{first_user}</p>"
            f"<p style='font-family:monospace;font-size:18pt'>{self.recovery_key.text()}</p>"
            f"<p>{keep}</p>"
        )
        return doc

    def _finish(self) -> None:
        store, self._store = self._store, None
        self.recovery_key.clear()
        if store is not None:
            self.created.emit(store, self.agency.text().strip())
