"""Create, unlock and re-key the store in a data folder.

The key hierarchy (see ``docs/security.md``)::

    passphrase --Argon2id--> KEK --AES-GCM--> holder's X25519 private key  (key slot, OS keyring)
    holder's private key --X25519+HKDF+AES-GCM--> data key                   (sealed, store.json)
    data key --SQLCipher (raw key)--> outreach.db

A :class:`Vault` knows the data folder, the slot store and the manifest; it
never holds the data key itself. Unlocking gives a
:class:`~outreach_app.storage.store.Store`, which does.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import keyring.backend

from outreach_app import errors
from outreach_app.domain.records import new_id
from outreach_app.storage import keys
from outreach_app.storage.database import CORRUPT_MESSAGE, Connection, Database, transaction
from outreach_app.storage.keystore import (
    MARKER_FILE,
    SLOTS_FILE,
    SlotStore,
    fallback_reason,
    open_slot_store,
)
from outreach_app.storage.lockfile import DataDirLock
from outreach_app.storage.manifest import (
    DATABASE_FILE,
    MANIFEST_FILE,
    Directory,
    FailedUnlock,
    Manifest,
    database_salt,
    read_manifest,
    write_manifest,
)
from outreach_app.storage.recordsdb import append_audit
from outreach_app.storage.schema import migrate
from outreach_app.storage.sealing import HolderKeys, SealedKey, open_sealed, seal
from outreach_app.storage.store import (
    NEXT,
    LocalUser,
    Store,
    insert_user,
    iso,
    user_slot_id,
    utc_now,
)

log = logging.getLogger("outreach.db")

RECOVERY = keys.RECOVERY_SLOT_ID


class Vault:
    """The store in one data folder, before and around unlocking.

    Attributes:
        data_dir: the folder holding ``outreach.db``, ``store.json`` and the lock.
    """

    def __init__(
        self,
        data_dir: Path,
        *,
        keyring_backend: keyring.backend.KeyringBackend | None = None,
        prefer_keyring: bool = True,
        kdf: Callable[[], keys.KdfParams] = keys.KdfParams.new,
        clock: Callable[[], dt.datetime] = utc_now,
        monotonic: Callable[[], float] = time.time,
        keyring_timeout: float = 5.0,
    ) -> None:
        self.data_dir = data_dir
        self._backend = keyring_backend
        self._prefer_keyring = prefer_keyring
        self._kdf = kdf
        self._clock = clock
        self._now = monotonic
        self._keyring_timeout = keyring_timeout
        self._slots: SlotStore | None = None

    @property
    def database_path(self) -> Path:
        """The encrypted database file."""
        return self.data_dir / DATABASE_FILE

    @property
    def exists(self) -> bool:
        """Whether a store has been created in the data folder."""
        return (self.data_dir / MANIFEST_FILE).exists()

    def manifest(self) -> Manifest:
        """Read the store's manifest (raises StoreNotFound before ``init``)."""
        return read_manifest(self.data_dir)

    def users(self) -> tuple[Directory, ...]:
        """Return the local users, for the unlock screen."""
        return self.manifest().users

    def slot_store(self, store_id: str) -> SlotStore:
        """Return where this store's key slots live (keyring or file)."""
        if self._slots is None:
            self._slots = open_slot_store(
                self.data_dir,
                store_id,
                self._prefer_keyring,
                self._backend,
                timeout=self._keyring_timeout,
            )
            if reason := fallback_reason(self._slots):
                log.warning("key slots kept in a private file: %s", reason)
        return self._slots

    def keyring_fallback_reason(self) -> str | None:
        """Why key slots are in a file instead of the keyring, if they are."""
        return fallback_reason(self._slots) if self._slots is not None else None

    # -- creating -----------------------------------------------------------------

    def create(self, admin_name: str, passphrase: str, full_name: str = "") -> tuple[Store, str]:
        """Create the store with its first (admin) user; return it unlocked and the recovery key.

        The recovery key is shown once, to print and lock away.
        """
        keys.check_passphrase(passphrase, admin_name)
        self.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        lock = DataDirLock(self.data_dir)
        lock.acquire()
        db: Database | None = None
        made: list[Path] = []
        try:
            if self.exists or self.database_path.exists():
                raise errors.StoreExists(
                    f"An Outreach store already exists in {self.data_dir}. Unlock it instead, "
                    "or choose another data folder."
                )
            # What a failed create must remove, or the folder can be neither created
            # ("a store exists") nor unlocked ("no store yet").
            made = [p for p in self._setup_files() if not p.exists()]
            store_id = new_id()
            data_key = keys.new_data_key()
            recovery_key = keys.new_recovery_key()
            admin_id = new_id()
            sealed = (
                self.new_holder(user_slot_id(admin_id), passphrase, data_key, store_id),
                self.new_holder(RECOVERY, recovery_key, data_key, store_id),
            )
            db = Database(self.database_path, data_key)
            admin = LocalUser(admin_id, admin_name, full_name, "admin")
            at = iso(self._clock())

            def initialise(conn: Connection) -> None:
                migrate(conn)
                with transaction(conn):
                    conn.execute(
                        "INSERT INTO meta (key, value) VALUES ('store_id', ?)", (store_id,)
                    )
                    insert_user(conn, admin, at)
                    append_audit(conn, at, admin_id, "user", detail="store created, admin added")
                    append_audit(conn, at, admin_id, "unlock")

            db.call(initialise)
            manifest = Manifest(
                store_id=store_id,
                created_at=at,
                db_salt=database_salt(self.database_path),
                users=(Directory(admin_id, admin_name),),
                sealed=sealed,
            )
            write_manifest(self.data_dir, manifest)
        except BaseException:
            if db is not None:
                db.close()
            self._slots = None
            for path in made:
                path.unlink(missing_ok=True)
            lock.release()
            raise
        log.info("store created")
        return Store(self, db, admin, data_key, lock, self._clock), recovery_key

    def _setup_files(self) -> list[Path]:
        db = self.database_path
        wal, shm = db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")
        return [db, wal, shm, self.data_dir / SLOTS_FILE, self.data_dir / MARKER_FILE]

    def new_holder(self, slot_id: str, secret: str, data_key: bytes, store_id: str) -> SealedKey:
        """Give a holder a new key pair: private key in its slot, data key sealed to it."""
        holder = HolderKeys.generate()
        self.slot_store(store_id).put(
            keys.wrap_key(holder.private, secret, slot_id, store_id, self._kdf())
        )
        return seal(data_key, slot_id, holder.public, store_id)

    # -- unlocking ----------------------------------------------------------------

    def unlock(self, user_name: str, passphrase: str) -> Store:
        """Open the store as a local user.

        Raises:
            NoSuchUser: nobody of that name on this laptop.
            TooManyAttempts: tried again before the back-off delay passed.
            WrongPassphrase: the passphrase did not open the user's slot.
            StoreInUse, StoreCorrupt, ForeignStore, KeyringUnavailable.
        """
        manifest = self.manifest()
        entry = manifest.user(user_name)
        if entry is None:
            raise errors.NoSuchUser(
                f"There is no user called {user_name!r} on this laptop. Check the spelling, "
                "or ask a supervisor to add you."
            )
        return self._open(manifest, user_slot_id(entry.user_id), passphrase, entry.user_id)

    def unlock_with_recovery(self, recovery_key: str) -> Store:
        """Open the store with the printed recovery key, acting as its first admin."""
        manifest = self.manifest()
        return self._open(manifest, RECOVERY, recovery_key, RECOVERY)

    def _open(self, manifest: Manifest, slot_id: str, secret: str, who: str) -> Store:
        lock = DataDirLock(self.data_dir)
        lock.acquire()
        try:
            self._check_backoff(manifest, who)
            slot = self.slot_store(manifest.store_id).get(slot_id)
            if slot is None:
                raise errors.StoreCorrupt(
                    "This user's key slot is missing from the keyring, so the store cannot be "
                    "unlocked with it. Use the recovery key, or ask IT."
                )
            try:
                private = keys.unwrap_key(slot, secret, manifest.store_id)
            except errors.WrongPassphrase as exc:
                raise self._record_failure(manifest, who, exc) from None
            sealed = manifest.sealed_for(slot_id)
            if sealed is None:
                raise errors.StoreCorrupt("This user has no key to the store. Ask IT.")
            holder = HolderKeys.from_private(private)
            data_key = open_sealed(sealed, holder, manifest.store_id)
            try:
                db = self._open_database(manifest, data_key)
            except errors.StoreCorrupt:
                # A rekey interrupted after SQLCipher re-encrypted: the next key opens it.
                upcoming = manifest.sealed_for(NEXT + slot_id)
                if upcoming is None:
                    raise
                data_key = open_sealed(replace(upcoming, holder=slot_id), holder, manifest.store_id)
                db = self._open_database(manifest, data_key)
                manifest = self._finish_rekey(manifest)
            store = self._start_session(manifest, db, data_key, lock, who)
        except BaseException:
            lock.release()
            raise
        log.info("store unlocked")
        return store

    def _finish_rekey(self, manifest: Manifest) -> Manifest:
        finished = tuple(
            replace(s, holder=s.holder.removeprefix(NEXT))
            for s in manifest.sealed
            if s.holder.startswith(NEXT)
        )
        manifest = replace(manifest, sealed=finished)
        write_manifest(self.data_dir, manifest)
        log.warning("finished an interrupted rekey")
        return manifest

    def _check_backoff(self, manifest: Manifest, who: str) -> None:
        failures = manifest.failures.get(who, 0)
        elapsed = self._now() - manifest.last_failure.get(who, 0.0)
        wait = keys.unlock_delay(failures) - elapsed
        # A clock set back (a flat CMOS battery) would otherwise lock the person out
        # until it catches up, possibly years; whoever can set the clock can skip the
        # delay by setting it forward anyway.
        if failures and elapsed >= 0 and wait > 0:
            raise errors.TooManyAttempts(
                f"Too many wrong passphrases. Wait {wait:.0f} seconds, then try again.",
                retry_after=wait,
            )

    def _record_failure(
        self, manifest: Manifest, who: str, exc: errors.WrongPassphrase
    ) -> errors.WrongPassphrase:
        failures = manifest.failures.get(who, 0) + 1
        updated = replace(
            manifest,
            failures={**manifest.failures, who: failures},
            last_failure={**manifest.last_failure, who: self._now()},
            pending_failures=(*manifest.pending_failures, FailedUnlock(who, iso(self._clock()))),
        )
        write_manifest(self.data_dir, updated)
        log.warning("failed unlock (attempt %d)", failures)
        return type(exc)(exc.message, retry_after=keys.unlock_delay(failures))

    def _open_database(self, manifest: Manifest, data_key: bytes) -> Database:
        if not self.database_path.exists():
            raise errors.StoreCorrupt(
                "The store's database file is missing from the data folder. Nothing was "
                "changed. Restore it from a backup, or ask IT."
            )
        if self.database_path.stat().st_size == 0:
            # SQLite would take an empty file for a new database and write to it.
            raise errors.StoreCorrupt(CORRUPT_MESSAGE)
        db: Database | None = None
        try:
            db = Database(self.database_path, data_key)
            db.call(_check_store_id(manifest.store_id))
        except errors.StoreCorrupt as exc:
            if db is not None:
                db.close()
            if database_salt(self.database_path) != manifest.db_salt:
                raise errors.ForeignStore(
                    "The database in this data folder belongs to another Outreach install, so "
                    "this laptop's keys cannot open it. Nothing was changed. Put back this "
                    "laptop's own database, or ask IT."
                ) from exc
            raise
        except BaseException:
            if db is not None:
                db.close()
            raise
        return db

    def _start_session(
        self, manifest: Manifest, db: Database, data_key: bytes, lock: DataDirLock, who: str
    ) -> Store:
        at = iso(self._clock())

        def start(conn: Connection) -> LocalUser:
            migrate(conn)
            user = _load_user(conn, who)
            with transaction(conn):
                for failure in manifest.pending_failures:
                    append_audit(conn, failure.at, _actor(failure.user_id), "failed_unlock")
                detail = "with the recovery key" if who == RECOVERY else None
                append_audit(conn, at, user.user_id, "unlock", detail=detail)
            return user

        try:
            user = db.call(start)
        except BaseException:
            db.close()
            raise
        if manifest.failures.get(who) or manifest.pending_failures:
            write_manifest(
                self.data_dir,
                replace(
                    manifest,
                    failures={k: v for k, v in manifest.failures.items() if k != who},
                    last_failure={k: v for k, v in manifest.last_failure.items() if k != who},
                    pending_failures=(),
                ),
            )
        return Store(self, db, user, data_key, lock, self._clock)


def _actor(who: str) -> str | None:
    return None if who == RECOVERY else who


def _check_store_id(store_id: str) -> Callable[[Connection], None]:
    def check(conn: Connection) -> None:
        has_meta = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'"
        ).fetchone()
        if has_meta is None:  # it opened with our key, but no store was ever set up in it
            raise errors.StoreCorrupt(CORRUPT_MESSAGE)
        row = conn.execute("SELECT value FROM meta WHERE key = 'store_id'").fetchone()
        if row is None or row[0] != store_id:
            raise errors.ForeignStore(
                "The database in this data folder belongs to another Outreach install. "
                "Nothing was changed. Put back this laptop's own database, or ask IT."
            )

    return check


def _load_user(conn: Connection, who: str) -> LocalUser:
    if who == RECOVERY:
        row = conn.execute(
            "SELECT user_id, user_name, full_name, role FROM local_user"
            " WHERE role = 'admin' AND disabled_at IS NULL ORDER BY created_at LIMIT 1"
        ).fetchone()
    else:
        row = conn.execute(
            "SELECT user_id, user_name, full_name, role FROM local_user"
            " WHERE user_id = ? AND disabled_at IS NULL",
            (who,),
        ).fetchone()
    if row is None:
        raise errors.NoSuchUser("This user has been removed from this laptop.")
    return LocalUser(*row)
