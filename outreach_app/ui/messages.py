"""Every message the window shows about something that went wrong, in one place.

Two kinds, kept apart as in the error hierarchy: a
:class:`~outreach_app.errors.KnownError` is the environment's fault (disk full,
a locked keyring, a wrong passphrase) and gets its own plain message, which
already says what to do; anything else is a bug, and gets a dialog that says
so, keeps what the worker typed, and offers "Copy details" for a ticket. The
details hold the exception's type and where it happened, never its message or
any value, because a bug's message may quote a client's data.
"""

from __future__ import annotations

import logging
import platform
import traceback
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from outreach_app import __version__, errors

log = logging.getLogger("outreach.ui")


def describe(exc: BaseException) -> str:
    """Return the one-line message a worker should read for ``exc``."""
    if isinstance(exc, errors.KnownError):
        return exc.message
    return QCoreApplication.translate(
        "messages", "Something went wrong inside Outreach. Nothing you typed was lost."
    )


def bug_details(exc: BaseException) -> str:
    """Return a report of a bug without personal data: versions, type, and the frames."""
    frames = traceback.extract_tb(exc.__traceback__)
    lines = [
        f"Outreach {__version__}, Python {platform.python_version()}, {platform.system()}",
        f"{type(exc).__module__}.{type(exc).__qualname__}",
    ]
    lines += [f"  {f.filename.rsplit('/', 1)[-1]}:{f.lineno} in {f.name}" for f in frames]
    return "\n".join(lines)


def show_error(parent: QWidget | None, exc: BaseException, doing: str) -> QMessageBox:
    """Tell the worker that ``doing`` failed, plainly for known errors, as a bug otherwise.

    Returns the (non-modal, already shown) message box, so tests can read it.
    """
    box = QMessageBox(parent)
    box.setWindowTitle("Outreach")
    box.setText(f"<b>{doing}</b>")
    if isinstance(exc, errors.KnownError):
        log.warning("%s failed: %s", doing, type(exc).__name__)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setInformativeText(exc.message)
    else:
        details = bug_details(exc)
        log.error("bug while %s:\n%s", doing, details)
        box.setIcon(QMessageBox.Icon.Critical)
        box.setInformativeText(describe(exc))
        box.setDetailedText(details)
        copy = box.addButton(
            QCoreApplication.translate("messages", "Copy details"),
            QMessageBox.ButtonRole.ActionRole,
        )
        copy.clicked.disconnect()  # keep the box open after copying
        copy.clicked.connect(lambda: QApplication.clipboard().setText(details))
    box.addButton(QMessageBox.StandardButton.Ok)
    box.setModal(False)
    box.show()
    return box


def ask_discard(
    parent: QWidget, title: str, text: str, discard: Callable[[], object]
) -> QMessageBox:
    """Ask before throwing typing away; call ``discard`` only if the worker says so.

    Cancel is the default button, so an Enter pressed by habit keeps the work.
    Returns the (window-modal, already open) box, so tests can answer it.
    """
    box = QMessageBox(
        QMessageBox.Icon.Question,
        title,
        text,
        QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
        parent,
    )
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.finished.connect(
        lambda result: discard() if result == QMessageBox.StandardButton.Discard else None
    )
    box.open()
    return box
