"""Background sync: a thread that runs the engine on a timer, on demand and after saves.

The window must never wait on the network, and a failed sync must never
bother a worker in the middle of a contact; so :class:`SyncWorker` runs
:meth:`~outreach_app.sync.engine.SyncEngine.sync_once` on its own thread,
retries with :class:`Backoff` (exponential, with jitter so a hundred laptops
coming back online do not knock on the gateway at the same second), and
reports through plain Python callbacks. The window re-emits those as Qt
signals on its own thread; nothing here imports Qt.
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Callable

from outreach_app import errors
from outreach_app.sync.engine import SyncEngine, SyncReport
from outreach_app.sync.transport import DeviceRevoked

log = logging.getLogger("outreach.sync")


class Backoff:
    """Delays between failed attempts: ``base * 2**n`` capped at ``cap``, with full jitter.

    Attributes:
        failures: failed attempts in a row since the last success.
    """

    def __init__(self, base: float = 5.0, cap: float = 900.0, rng: random.Random | None = None):
        if base <= 0 or cap < base:
            raise errors.BugError("backoff needs 0 < base <= cap")
        self._base = base
        self._cap = cap
        self._rng = rng or random.Random()
        self.failures = 0

    def next_delay(self) -> float:
        """Count a failure and return how long to wait before the next attempt."""
        ceiling = min(self._cap, self._base * 2 ** min(self.failures, 32))
        self.failures += 1
        return self._rng.uniform(ceiling / 2, ceiling)

    def reset(self) -> None:
        """Forget the failures after a success."""
        self.failures = 0


class SyncWorker(threading.Thread):
    """Runs sync in the background until stopped.

    Attributes:
        interval: seconds between runs when all is well.
        on_result: called with each run's :class:`SyncReport`.
        on_error: called with each run's :class:`~outreach_app.errors.KnownError`.
        on_revoked: called once when the gateway revoked this device; the
            worker stops, and the caller locks the store and erases it.
        on_progress: forwarded to the engine (stage, count).
    """

    def __init__(
        self,
        engine: SyncEngine,
        *,
        interval: float = 300.0,
        backoff: Backoff | None = None,
        on_result: Callable[[SyncReport], None] | None = None,
        on_error: Callable[[errors.KnownError], None] | None = None,
        on_revoked: Callable[[DeviceRevoked], None] | None = None,
    ) -> None:
        super().__init__(name="outreach-sync", daemon=True)
        self.engine = engine
        self.interval = interval
        self.backoff = backoff or Backoff()
        self.on_result = on_result
        self.on_error = on_error
        self.on_revoked = on_revoked
        self._wake = threading.Event()
        self._stop_requested = threading.Event()
        self._cancel = threading.Event()

    def request(self) -> None:
        """Sync as soon as possible (the "Sync now" button, or right after a save)."""
        self._wake.set()

    def stop(self, timeout: float | None = 10.0) -> None:
        """Cancel a run between batches, end the thread and wait for it."""
        self._stop_requested.set()
        self._cancel.set()
        self._wake.set()
        if self.is_alive() and threading.current_thread() is not self:
            self.join(timeout)

    def run(self) -> None:
        """Loop: run, then sleep until the interval, the backoff delay or a request."""
        delay = 0.0
        while not self._stop_requested.is_set():
            self._wake.wait(delay)
            self._wake.clear()
            if self._stop_requested.is_set():
                return
            delay = self._run_once()

    def _run_once(self) -> float:
        try:
            report = self.engine.sync_once(self._cancel)
        except DeviceRevoked as exc:
            self._stop_requested.set()
            if self.on_revoked is not None:
                self.on_revoked(exc)
            return 0.0
        except errors.KnownError as exc:
            log.info("sync failed: %s", type(exc).__name__)
            if self.on_error is not None:
                self.on_error(exc)
            return self.backoff.next_delay()
        self.backoff.reset()
        if self.on_result is not None:
            self.on_result(report)
        return self.interval
