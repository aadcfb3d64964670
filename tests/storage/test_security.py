"""No personal data, key or secret is readable at rest: not in the data folder, not in logs.

A store with 500 demo clients (plus one hand-made person) is used as the app
would: saved, searched, viewed, updated, locked, unlocked with a typo first.
Then every byte of every file in the data folder and of a DEBUG log of the
``outreach`` loggers is searched for each client's names (5 letters or more),
full SSN and date of birth (ISO and MM/DD/YYYY), and for the data key, the
recovery key and the passphrase.

On false alarms: the encrypted files are random-looking bytes, so a five-letter
name turns up in them by pure chance with a probability of about 1e-12 per byte
offset; with a few hundred such names and about 2 MB scanned, a false alarm
happens in roughly one run in several thousand. A real leak shows a name in
plain text (``pytest -vv`` prints which needle was found in which file).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from store_fixtures import ADMIN, ADMIN_PASS, demo_clients, make_vault

from outreach_app import errors
from outreach_app.domain.records import Client
from outreach_app.storage.vault import Vault

SEED = 73_190_527  # unlike any other test's, so their files cannot hold these people
QUINN = Client.new(
    FirstName="Quinevere",
    LastName="Zabriskie-Oduya",
    DOB=dt.date(1979, 11, 23),
    SSN="934125678",
    Aliases="Thimbleweed",
)
EXPECTED_FILES = {
    "outreach.db",
    "outreach.db-wal",
    "outreach.db-shm",
    "store.json",
    "keyslots.json",
    "keystore.json",
    "outreach.lock",
}
TEMP_DIRS = [Path(tempfile.gettempdir()), Path("/var/tmp")]  # SQLite tries /var/tmp first


def _needles(clients: Iterable[Client]) -> dict[bytes, str]:
    """Return each searched byte string with a label that names no person."""
    found: dict[bytes, str] = {}
    for n, client in enumerate(clients):
        names = [client.first_name, client.last_name, *client.aliases]
        for name in names:
            if name and len(name) >= 5:
                found[name.encode()] = f"client {n}: a name"
        if client.ssn and client.ssn.isdigit():
            found[client.ssn.encode()] = f"client {n}: the SSN"
        if client.dob is not None:
            found[client.dob.isoformat().encode()] = f"client {n}: the DOB (ISO)"
            found[client.dob.strftime("%m/%d/%Y").encode()] = f"client {n}: the DOB (US)"
    return found


def _secrets(data_key: bytes, recovery_key: str, passphrase: str) -> dict[bytes, str]:
    return {
        data_key: "the data key (raw)",
        data_key.hex().encode(): "the data key (hex)",
        data_key.hex().upper().encode(): "the data key (HEX)",
        recovery_key.encode(): "the recovery key",
        recovery_key.replace("-", "").encode(): "the recovery key (no dashes)",
        passphrase.encode(): "the passphrase",
    }


def _files(root: Path) -> Iterator[Path]:
    if root.is_file():
        yield root
        return
    for dirpath, _dirs, filenames in os.walk(root):
        for name in filenames:
            yield Path(dirpath) / name


def _leaks(paths: Iterable[Path], needles: dict[bytes, str]) -> list[str]:
    problems = []
    for path in paths:
        try:
            raw = path.read_bytes()
        except OSError:  # vanished, or another user's
            continue
        problems += [f"{label} in {path}" for needle, label in needles.items() if needle in raw]
    return problems


def _temp_snapshot() -> set[Path]:
    entries: set[Path] = set()
    for directory in TEMP_DIRS:
        if directory.is_dir():
            entries |= set(directory.iterdir())
    return entries


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    """Log every ``outreach`` logger at DEBUG to a file for the test."""
    path = tmp_path / "logs" / "outreach.log"
    path.parent.mkdir()
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setLevel(logging.DEBUG)
    logger = logging.getLogger("outreach")
    old_level = logger.level
    logger.setLevel(logging.DEBUG)
    logger.addHandler(handler)
    try:
        yield path
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
        handler.close()


def _use_the_store(vault: Vault, clients: list[Client]) -> tuple[bytes, str, list[Path]]:
    """Create, fill and use a store; return its data key, recovery key and scanned files."""
    scanned: list[Path] = []
    store, recovery_key = vault.create(ADMIN, ADMIN_PASS)
    try:
        store.save_many(clients)
        store.view("Client", clients[0].id)
        store.save(clients[1].replace(FirstName="Quinevera"))
        store.search(f"{QUINN.first_name} {QUINN.last_name}")
        store.duplicates(QUINN.values)
        data_key = store._data_key
        assert data_key is not None
        # The write-ahead log holds recent pages before a checkpoint: scan it while open.
        assert (vault.data_dir / "outreach.db-wal").stat().st_size > 0
        snapshot = vault.data_dir.parent / "while-open"
        snapshot.mkdir()
        for path in vault.data_dir.iterdir():
            (snapshot / path.name).write_bytes(path.read_bytes())
            scanned.append(snapshot / path.name)
        temp_store = store._db.call(  # type: ignore[union-attr]
            lambda conn: conn.execute("PRAGMA temp_store").fetchone()[0]
        )
        assert temp_store == 2  # MEMORY: sorts and temp tables never touch the disk
    finally:
        store.lock()
    with pytest.raises(errors.WrongPassphrase):
        vault.unlock(ADMIN, "not-my-passphrase-7")
    store = vault.unlock(ADMIN, ADMIN_PASS)
    try:
        assert store.count("Client") == len(clients)
    finally:
        store.lock()
    return data_key, recovery_key, scanned


def test_nothing_personal_or_secret_is_readable_at_rest(tmp_path: Path, log_file: Path) -> None:
    temp_before = _temp_snapshot()
    clients = [*demo_clients(500, SEED), QUINN]
    needles = _needles(clients)
    assert len(needles) > 800  # the demo data really has names, SSNs and birthdays
    vault = make_vault(tmp_path / "data")

    data_key, recovery_key, scanned = _use_the_store(vault, clients)

    present = {p.name for p in vault.data_dir.iterdir()}
    assert present <= EXPECTED_FILES, present - EXPECTED_FILES
    assert {"outreach.db", "store.json", "keyslots.json", "keystore.json"} <= present
    assert {p.name for p in scanned} >= {"outreach.db", "outreach.db-wal", "outreach.db-shm"}
    files = [*_files(vault.data_dir), *scanned, log_file]
    assert log_file.read_text(encoding="utf-8").strip()  # the log did capture something
    everything = {**needles, **_secrets(data_key, recovery_key, ADMIN_PASS)}
    assert _leaks(files, everything) == []

    # Nothing new in the temporary directories holds any of it either.
    new = _temp_snapshot() - temp_before
    strong = {k: v for k, v in everything.items() if "name" not in v or b"Quinevere" in k}
    strong[b"Zabriskie"] = "the hand-made client's last name"
    assert _leaks((f for entry in new for f in _files(entry)), strong) == []


def test_the_scan_would_see_a_leak(tmp_path: Path) -> None:
    """The needles and the scan work: plain text of a client is found, in UTF-8."""
    leaky = tmp_path / "export.csv"
    client = demo_clients(3, SEED)[2]
    leaky.write_text(f"{client.first_name},{client.last_name},{client.ssn},{client.dob}\n")
    problems = _leaks([leaky], _needles([client, QUINN]))
    assert problems
    assert all("client 0" in p for p in problems)  # QUINN (client 1) is not in the file


def test_private_files_and_folder_permissions(tmp_path: Path) -> None:
    vault = make_vault(tmp_path / "data")
    store, _ = vault.create(ADMIN, ADMIN_PASS)
    try:
        store.add_user("wanda", "street-team-7")  # rewrites store.json and keyslots.json
    finally:
        store.lock()
    assert stat.S_IMODE(vault.data_dir.stat().st_mode) == 0o700
    for name in ("store.json", "keyslots.json", "keystore.json", "outreach.lock"):
        mode = stat.S_IMODE((vault.data_dir / name).stat().st_mode)
        assert mode == 0o600, f"{name} is {oct(mode)}"
    leftovers = [p.name for p in vault.data_dir.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []
