"""One Outreach process per data folder.

Two instances writing one store would each believe they own the database
thread, and their sync cursors would race. The first process takes an
exclusive OS lock on ``outreach.lock`` in the data folder; a second one is
refused with a clear message. The OS drops the lock when the process dies, so
a crash never leaves a stale lock behind.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from types import TracebackType

from outreach_app import errors

IN_USE_MESSAGE = (
    "Outreach is already open on this laptop with the same data folder. "
    "Switch to that window (or close it) and try again."
)


class DataDirLock:
    """An exclusive lock on a data folder, held until :meth:`release`.

    Attributes:
        path: the lock file.
    """

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / "outreach.lock"
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock or raise :class:`~outreach_app.errors.StoreInUse`."""
        if self._fd is not None:
            return
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            _lock(fd)
        except OSError:
            os.close(fd)
            raise errors.StoreInUse(IN_USE_MESSAGE) from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self._fd = fd

    def release(self) -> None:
        """Drop the lock (idempotent)."""
        if self._fd is not None:
            fd, self._fd = self._fd, None
            _unlock(fd)
            os.close(fd)

    @property
    def held(self) -> bool:
        """Whether this object holds the lock."""
        return self._fd is not None

    def __enter__(self) -> DataDirLock:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()


if sys.platform == "win32":  # pragma: no cover - exercised by the Windows CI workflow
    import msvcrt

    def _lock(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
