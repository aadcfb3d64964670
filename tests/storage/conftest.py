"""Fixtures for storage tests: fast KDF parameters, keyring backends, a real Secret Service.

The test keyring backends are real ``KeyringBackend`` subclasses with no
``priority``, so keyring's own backend discovery never picks them.

The keyring tests talk to a real GNOME Keyring, never the developer's own: the
``secret_service`` fixture starts a private D-Bus session bus (with no service
directories, so nothing is auto-activated with the real HOME) and a
``gnome-keyring-daemon`` whose HOME and XDG directories are temporary, unlocks
its login keyring with a known password, and points this test process at that bus.
Both daemons run unforked as children of pytest, so teardown stops exactly them by
pid, and they get SIGTERM (PR_SET_PDEATHSIG) if pytest dies without a teardown.

If dbus-daemon or gnome-keyring-daemon is missing, the keyring tests FAIL with a
message, unless ``OUTREACH_ALLOW_SKIP_KEYRING=1`` is set, when they are skipped
with the same message (shown by ``-ra``).
"""

from __future__ import annotations

import ctypes
import os
import shutil
import signal
import subprocess
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import keyring.errors
import pytest
from keyring.backend import KeyringBackend

from outreach_app.storage.keys import KdfParams, new_data_key

KEYRING_PASSWORD = b"test-login-keyring-password"
_READY_TIMEOUT = 15.0

_BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC
 "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir={socket_dir}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""


@pytest.fixture
def data_key() -> bytes:
    """A fresh random data key."""
    return new_data_key()


@pytest.fixture
def service() -> str:
    """A keyring service name of its own for each test, so tests never share entries."""
    return f"Outreach-test-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def fast_kdf() -> Callable[[], KdfParams]:
    """Return a factory of the cheapest allowed KDF parameters (64 MiB, one pass)."""
    return lambda: KdfParams.new(time_cost=1, parallelism=1)


class MemoryBackend(KeyringBackend):
    """A working keyring kept in a dict (no ``priority``, so keyring never picks it)."""

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.entries.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError("No such password!")


class HangingBackend(MemoryBackend):
    """A keyring whose reads block until released, like one waiting on an unseen prompt."""

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()

    def get_password(self, service: str, username: str) -> str | None:
        self.release.wait(timeout=30)
        return super().get_password(service, username)


class RaisingBackend(MemoryBackend):
    """A keyring whose reads raise the given exception."""

    def __init__(self, exc: Exception) -> None:
        super().__init__()
        self.exc = exc

    def get_password(self, service: str, username: str) -> str | None:
        raise self.exc


@pytest.fixture
def memory_backend() -> MemoryBackend:
    """A working in-memory keyring backend."""
    return MemoryBackend()


@pytest.fixture
def hanging_backend() -> Iterator[HangingBackend]:
    """A keyring backend whose reads hang; released at teardown so its thread ends."""
    backend = HangingBackend()
    yield backend
    backend.release.set()


@pytest.fixture
def raising_backend() -> Callable[[Exception], RaisingBackend]:
    """A factory of keyring backends whose reads raise the given exception."""
    return RaisingBackend


def _unavailable(message: str) -> None:
    message += " Install them (for example: apt install dbus gnome-keyring)"
    if os.environ.get("OUTREACH_ALLOW_SKIP_KEYRING") == "1":
        pytest.skip(message + "; skipped because OUTREACH_ALLOW_SKIP_KEYRING=1.")
    message += ", or set OUTREACH_ALLOW_SKIP_KEYRING=1 to skip these tests."
    pytest.fail(message, pytrace=False)


def _die_with_parent() -> None:
    """In the child: get SIGTERM if pytest dies without tearing down (Linux prctl)."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
    if process.stdout is not None:
        process.stdout.close()


@dataclass
class SecretService:
    """A running private Secret Service: its bus address and helpers to inspect it."""

    address: str
    log_dir: Path

    def backend(self) -> Any:
        """Return a new keyring backend instance talking to this Secret Service."""
        from keyring.backends.SecretService import Keyring

        return Keyring()

    def _with_default_collection(self, action: Callable[[Any, Any], Any]) -> Any:
        import secretstorage

        connection = secretstorage.dbus_init()
        try:
            return action(connection, secretstorage.Collection(connection))
        finally:
            connection.close()

    def find_secret(self, attributes: dict[str, str]) -> bytes | None:
        """Return the secret of the first item matching ``attributes``, read over D-Bus."""

        def find(_connection: Any, collection: Any) -> bytes | None:
            for item in collection.search_items(attributes):
                return bytes(item.get_secret())
            return None

        result: bytes | None = self._with_default_collection(find)
        return result

    def is_locked(self) -> bool:
        """Whether the login (default) collection is locked."""
        return bool(self._with_default_collection(lambda _c, coll: coll.is_locked()))

    def lock(self) -> None:
        """Lock the login collection, as the desktop does after a timeout or suspend."""
        self._with_default_collection(lambda _c, coll: coll.lock())

    def unlock(self) -> None:
        """Unlock with the known password through gnome-keyring's internal interface.

        The public Unlock method needs a prompt window, which a test has not got.
        """
        from secretstorage.util import DBusAddressWrapper, format_secret, open_session

        def unlock(connection: Any, collection: Any) -> None:
            session = open_session(connection)
            internal = DBusAddressWrapper(
                "/org/freedesktop/secrets",
                "org.gnome.keyring.InternalUnsupportedGuiltRiddenInterface",
                connection,
            )
            secret = format_secret(session, KEYRING_PASSWORD, "text/plain")
            internal.call(
                "UnlockWithMasterPassword", "o(oayays)", collection.collection_path, secret
            )

        self._with_default_collection(unlock)


def _wait_until_ready(gnome_keyring: subprocess.Popen[bytes], log: Path) -> None:
    import secretstorage
    import secretstorage.exceptions

    deadline = time.monotonic() + _READY_TIMEOUT
    while time.monotonic() < deadline:
        if gnome_keyring.poll() is not None:
            break
        connection = secretstorage.dbus_init()
        try:
            if not secretstorage.Collection(connection).is_locked():
                return
        except secretstorage.exceptions.SecretStorageException:
            pass  # not registered on the bus yet, or the login keyring is being created
        finally:
            connection.close()
        time.sleep(0.05)
    pytest.fail(
        "gnome-keyring-daemon did not provide an unlocked login keyring within "
        f"{_READY_TIMEOUT:g} s. Its log:\n{log.read_text(errors='replace')}",
        pytrace=False,
    )


@pytest.fixture(scope="session")
def secret_service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SecretService]:
    """Start a private D-Bus session bus and GNOME Keyring; stop both afterwards."""
    missing = [b for b in ("dbus-daemon", "gnome-keyring-daemon") if shutil.which(b) is None]
    try:
        import secretstorage  # noqa: F401
    except ImportError:
        missing.append("the SecretStorage Python package")
    if missing:
        _unavailable(f"The keyring tests need {' and '.join(missing)}, which are missing.")

    root = tmp_path_factory.mktemp("secret-service")
    home, runtime, sockets = root / "home", root / "runtime", root / "bus"
    for directory in (home, runtime, sockets):
        directory.mkdir(mode=0o700)
    config = root / "bus.conf"
    config.write_text(_BUS_CONFIG.format(socket_dir=sockets))
    bus_log, keyring_log = root / "dbus.log", root / "gnome-keyring.log"

    with bus_log.open("wb") as log:
        bus = subprocess.Popen(
            ["dbus-daemon", "--config-file", str(config), "--nofork", "--print-address=1"],
            stdout=subprocess.PIPE,
            stderr=log,
            preexec_fn=_die_with_parent,
        )
    assert bus.stdout is not None
    address = bus.stdout.readline().decode().strip()
    if not address:
        _stop(bus)
        pytest.fail(f"dbus-daemon did not start:\n{bus_log.read_text()}", pytrace=False)

    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_RUNTIME_DIR": str(runtime),
        "DBUS_SESSION_BUS_ADDRESS": address,
    }
    with keyring_log.open("wb") as log:
        gnome_keyring = subprocess.Popen(
            ["gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets"],
            stdin=subprocess.PIPE,
            stdout=log,
            stderr=log,
            env=env,
            preexec_fn=_die_with_parent,
        )
    assert gnome_keyring.stdin is not None
    gnome_keyring.stdin.write(KEYRING_PASSWORD)
    gnome_keyring.stdin.close()

    saved = os.environ.get("DBUS_SESSION_BUS_ADDRESS")
    os.environ["DBUS_SESSION_BUS_ADDRESS"] = address
    try:
        _wait_until_ready(gnome_keyring, keyring_log)
        yield SecretService(address=address, log_dir=root)
    finally:
        if saved is None:
            os.environ.pop("DBUS_SESSION_BUS_ADDRESS", None)
        else:
            os.environ["DBUS_SESSION_BUS_ADDRESS"] = saved
        _stop(gnome_keyring)
        _stop(bus)
