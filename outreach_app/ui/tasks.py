"""Background work for the window: futures in, callbacks on the GUI thread out.

The store runs every call on its own database thread and hands back a
:class:`~concurrent.futures.Future`; :class:`Worker` waits for nothing. It
attaches a callback to the future that emits a Qt signal, and Qt queues the
signal onto the GUI thread, where the success or failure callback runs. So the
UI thread never blocks on the database, and every result arrives where widgets
may be touched.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal

T = TypeVar("T")


class Worker(QObject):
    """Runs callbacks for finished futures on the GUI thread.

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
        future: Future[T],
        success: Callable[[T], Any],
        failure: Callable[[BaseException], Any],
    ) -> None:
        """Call ``success`` or ``failure`` on the GUI thread when ``future`` is done."""

        def done(f: Future[T]) -> None:
            exc = f.exception()
            if exc is None:
                self.finished.emit(success, f.result())
            else:
                self.failed.emit(failure, exc)

        future.add_done_callback(done)
