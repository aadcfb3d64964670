"""Tests for the crash-safe, owner-only file writer."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from outreach_app import errors
from outreach_app.storage.atomic import write_private_file


@pytest.fixture
def open_umask() -> Iterator[None]:
    """Run with umask 000, so only the writer's own mode can keep a file private."""
    previous = os.umask(0)
    try:
        yield
    finally:
        os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_writes_the_data_owner_only(tmp_path: Path, open_umask: None) -> None:
    target = tmp_path / "slots.json"
    write_private_file(target, b"hello")
    assert target.read_bytes() == b"hello"
    assert mode(target) == 0o600
    assert os.listdir(tmp_path) == ["slots.json"]


def test_replaces_an_existing_file_and_its_mode(tmp_path: Path, open_umask: None) -> None:
    target = tmp_path / "slots.json"
    target.write_bytes(b"old contents that are longer")
    target.chmod(0o644)
    inode_before = target.stat().st_ino
    write_private_file(target, b"new")
    assert target.read_bytes() == b"new"
    assert mode(target) == 0o600
    assert target.stat().st_ino != inode_before  # replaced by rename, not rewritten in place
    assert os.listdir(tmp_path) == ["slots.json"]


def test_permissions_are_private_before_any_data_is_written(tmp_path: Path) -> None:
    target = tmp_path / "slots.json"
    target.write_bytes(b"old")
    seen: list[tuple[int, bytes, list[str]]] = []

    def spying_write(fd: int, data: bytes) -> int:
        seen.append((stat.S_IMODE(os.fstat(fd).st_mode), target.read_bytes(), os.listdir(tmp_path)))
        return os.write(fd, data)

    write_private_file(target, b"new", write=spying_write)
    assert len(seen) == 1
    temp_mode, target_during_write, names = seen[0]
    assert temp_mode == 0o600
    assert target_during_write == b"old"  # the target is untouched until the rename
    temp_names = [n for n in names if n != "slots.json"]
    assert len(temp_names) == 1
    assert temp_names[0].startswith(".slots.json.")
    assert target.read_bytes() == b"new"


def test_short_writes_are_completed(tmp_path: Path) -> None:
    target = tmp_path / "data.bin"
    payload = bytes(range(256)) * 4

    def one_byte_at_a_time(fd: int, data: bytes) -> int:
        return os.write(fd, data[:1])

    write_private_file(target, payload, write=one_byte_at_a_time)
    assert target.read_bytes() == payload


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EDQUOT])
def test_full_disk_is_disk_full_and_changes_nothing(tmp_path: Path, code: int) -> None:
    target = tmp_path / "slots.json"
    target.write_bytes(b"precious old contents")

    def fills_up(fd: int, data: bytes) -> int:
        os.write(fd, data[: len(data) // 2])
        raise OSError(code, os.strerror(code))

    with pytest.raises(errors.DiskFull) as caught:
        write_private_file(target, b"x" * 10_000, write=fills_up)
    assert "disk is full" in caught.value.message
    assert caught.value.exit_code == 12
    assert target.read_bytes() == b"precious old contents"
    assert os.listdir(tmp_path) == ["slots.json"]


def test_other_errors_stay_os_errors_and_clean_up(tmp_path: Path) -> None:
    target = tmp_path / "slots.json"

    def broken(fd: int, data: bytes) -> int:
        raise OSError(errno.EIO, "I/O error")

    with pytest.raises(OSError, match="I/O error") as caught:
        write_private_file(target, b"data", write=broken)
    assert not isinstance(caught.value, errors.KnownError)
    assert os.listdir(tmp_path) == []


def test_missing_directory_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        write_private_file(tmp_path / "missing" / "slots.json", b"data")


def test_does_not_follow_a_planted_symlink_target(tmp_path: Path) -> None:
    # The final name is replaced by rename, so a symlink at the target is replaced,
    # not written through.
    elsewhere = tmp_path / "elsewhere"
    elsewhere.write_bytes(b"not yours")
    target = tmp_path / "slots.json"
    target.symlink_to(elsewhere)
    write_private_file(target, b"mine")
    assert not target.is_symlink()
    assert target.read_bytes() == b"mine"
    assert elsewhere.read_bytes() == b"not yours"
