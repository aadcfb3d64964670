"""Connecting this laptop to the CoC gateway, from the window, with a one-time code.

A supervisor gives a worker a one-time code; the worker types it here (once,
on a new laptop, or again after the gateway forgot the device). The exchange
is a network call, so :func:`~outreach_app.sync.engine.enroll` runs on a
thread of its own and the answer comes back through
:class:`~outreach_app.ui.tasks.Worker`; the token it returns goes straight
into the encrypted database, never into a widget, a file or a log. The
gateway's address comes from the configuration; when IT manages it, it is
shown but cannot be changed.
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor

import requests
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from outreach_app import errors
from outreach_app.storage.store import Store
from outreach_app.sync.engine import enroll
from outreach_app.sync.transport import check_url
from outreach_app.ui.messages import describe
from outreach_app.ui.tasks import Worker

log = logging.getLogger("outreach.ui")


def enroll_with_session(
    store: Store, url: str, code: str, label: str, ca_bundle: str | None
) -> dict[str, str]:
    """Enroll over a session of its own, closed afterwards (runs off the GUI thread)."""
    with requests.Session() as session:
        return enroll(store, url, code, label, session=session, ca_bundle=ca_bundle)


class EnrollDialog(QDialog):
    """Gateway address, one-time code and a name for this laptop; Connect.

    Attributes:
        url, code, label: the fields.
        status: what happened (a plain message when it failed).

    Signals:
        enrolled(): the laptop is enrolled; the window starts syncing.
    """

    enrolled = Signal()

    def __init__(
        self,
        store: Store,
        worker: Worker,
        *,
        gateway_url: str = "",
        url_locked: bool = False,
        ca_bundle: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Connect to the CoC gateway"))
        self._store = store
        self._worker = worker
        self._ca_bundle = ca_bundle or None
        self.url = QLineEdit(gateway_url)
        self.url.setPlaceholderText("https://gateway.example.org")
        self.url.setReadOnly(url_locked)
        if url_locked:
            self.url.setToolTip(self.tr("Set by your agency's IT."))
        self.code = QLineEdit()
        self.code.setAccessibleName(self.tr("One-time code"))
        self.label = QLineEdit()
        self.label.setPlaceholderText(self.tr("e.g. Van 2 laptop"))
        self.status = QLabel(
            self.tr("Ask your supervisor for a one-time code. It works once, for one laptop.")
        )
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.connect_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.connect_button.setText(self.tr("&Connect"))
        form = QFormLayout()
        form.addRow(self.tr("Gateway address"), self.url)
        form.addRow(self.tr("One-time code"), self.code)
        form.addRow(self.tr("Name of this laptop"), self.label)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.try_enroll)
        self.buttons.rejected.connect(self.reject)
        (self.code if gateway_url else self.url).setFocus()

    def try_enroll(self) -> None:
        """Check the fields, then enroll in the background."""
        code, label = self.code.text().strip(), self.label.text().strip()
        try:
            url = check_url(self.url.text())
            if not code or not label:
                raise errors.InvalidInput(
                    self.tr("Type the one-time code and a name for this laptop.")
                )
        except errors.KnownError as exc:
            self.status.setText(describe(exc))
            return
        if not self._store.is_open:
            self.status.setText(self.tr("The app is locked; unlock it and connect again."))
            return
        self.connect_button.setEnabled(False)
        self.status.setText(self.tr("Connecting…"))
        network = ThreadPoolExecutor(1, thread_name_prefix="outreach-enroll")
        future = network.submit(enroll_with_session, self._store, url, code, label, self._ca_bundle)
        network.shutdown(wait=False)
        self._worker.watch(future, self._done, self._failed)

    def _done(self, _info: dict[str, str]) -> None:
        self.status.setText(self.tr("Connected. This laptop now syncs with the gateway."))
        self.enrolled.emit()
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        log.info("enrollment failed: %s", type(exc).__name__)
        self.connect_button.setEnabled(True)
        self.status.setText(describe(exc))
