"""Lock the store after a period of inactivity (HUD's 2004 security standard).

This is the clock-driven core with no Qt: the window calls :meth:`AutoLock.touch`
on every key press or click and :meth:`AutoLock.poll` from a timer; the command
line's long-running commands can use it too. The clock is injected so tests
need no sleeping.
"""

from __future__ import annotations

import time
from collections.abc import Callable


class AutoLock:
    """Call ``on_lock`` once when no activity happened for ``timeout`` seconds.

    Attributes:
        timeout: seconds of inactivity before locking.
    """

    def __init__(
        self,
        timeout: float,
        on_lock: Callable[[], None],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.timeout = timeout
        self._on_lock = on_lock
        self._clock = clock
        self._last = clock()
        self._locked = False

    def touch(self) -> None:
        """Record activity (and re-arm after an unlock)."""
        self._last = self._clock()
        self._locked = False

    def remaining(self) -> float:
        """Seconds left before the lock."""
        return max(0.0, self.timeout - (self._clock() - self._last))

    def poll(self) -> bool:
        """Lock if the time is up; return whether the lock happened now."""
        if self._locked or self.remaining() > 0:
            return False
        self._locked = True
        self._on_lock()
        return True

    def lock_now(self) -> None:
        """Lock at once (the lock shortcut)."""
        if not self._locked:
            self._locked = True
            self._on_lock()
