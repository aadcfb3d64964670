"""Crash-safe, owner-only file writes.

Small files that matter (key slots, the keystore marker, settings) must never be
left half-written by a crash or a power cut, and must never be readable by other
accounts on a shared laptop, not even for the instant between ``open`` and
``chmod``. :func:`write_private_file` therefore:

1. creates a temporary file in the target's directory with ``O_CREAT | O_EXCL``
   and mode 0600, so the permissions exist before any byte is written;
2. writes everything, then calls ``fsync`` on it;
3. renames it over the target with :func:`os.replace` (atomic on POSIX and on
   Windows for files on the same volume);
4. calls ``fsync`` on the directory, so the rename itself survives a power cut.

On any failure the temporary file is removed and the old target is untouched. A
full disk (or quota) becomes :class:`outreach_app.errors.DiskFull`.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
from collections.abc import Callable
from pathlib import Path

from outreach_app import errors

WriteFn = Callable[[int, bytes], int]
"""The shape of :func:`os.write`: write some bytes to a descriptor, return how many."""

_NO_SPACE = {errno.ENOSPC, errno.EDQUOT}
_DISK_FULL_MESSAGE = (
    "Outreach could not save because the disk is full. Nothing was changed. "
    "Free some space (empty the trash, remove large downloads) and try again."
)
_CANNOT_SYNC_DIRECTORY = {errno.EINVAL, errno.ENOTSUP, errno.EBADF}
TEMP_SUFFIX = ".tmp"


def temp_name_for(path: Path) -> Path:
    """Return a fresh, unpredictable temporary name next to ``path``.

    The leading dot hides it, and the random part keeps two writers (or a stale
    file from a crash) from colliding.
    """
    return path.with_name(f".{path.name}.{secrets.token_hex(8)}{TEMP_SUFFIX}")


def _write_all(fd: int, data: bytes, write: WriteFn) -> None:
    view = memoryview(data)
    while view:
        written = write(fd, view.tobytes())
        if written <= 0:
            raise OSError(errno.EIO, "write made no progress")
        view = view[written:]


def _fsync_directory(directory: Path) -> None:
    """Make a rename in ``directory`` durable; a no-op where directories cannot be opened."""
    if not hasattr(os, "O_DIRECTORY"):
        return  # Windows: NTFS journals the rename; there is no directory handle to sync.
    fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_private_file(path: Path, data: bytes, *, write: WriteFn = os.write) -> None:
    """Atomically replace ``path`` with ``data``, readable and writable by the owner only.

    Args:
        path: the file to create or replace; its directory must exist.
        data: the complete new contents.
        write: the low-level write, :func:`os.write` unless a test injects one
            (for example to simulate a full disk without a small filesystem).

    Raises:
        DiskFull: there was no space (or quota) left; ``path`` is unchanged.
        OSError: any other failure; ``path`` is unchanged.
    """
    temp = temp_name_for(path)
    flags = os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_CLOEXEC", 0)
    flags |= getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(temp, flags, 0o600)
        try:
            _write_all(fd, data, write)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, path)
    except OSError as exc:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
        if exc.errno in _NO_SPACE:
            raise errors.DiskFull(_DISK_FULL_MESSAGE) from exc
        raise
    try:
        _fsync_directory(path.parent)
    except OSError as exc:
        # The new contents are in place. Some filesystems (network, FUSE) cannot
        # sync a directory; that only weakens durability, so it is not an error.
        if exc.errno not in _CANNOT_SYNC_DIRECTORY:
            raise
