"""The unlocked store: what the app and the command line work with.

A :class:`Store` exists only while unlocked. It holds the database thread and
the data key; :meth:`Store.lock` logs the lock, closes the connection and drops
the key. Methods block the calling thread until the database thread answers;
the UI calls them through :meth:`Store.submit`, which returns a future instead.
Every write returns a :class:`~.recordsdb.WriteSummary`.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from outreach_app import errors
from outreach_app.domain.matching import PersonFacts, clear_caches
from outreach_app.domain.records import Record, new_id
from outreach_app.storage import keys, sync_db
from outreach_app.storage.client_list import (
    EVERYONE,
    PAGE_SIZE,
    ClientFilter,
    ClientPage,
    ClientRow,
    client_count,
    client_page,
    search_rows,
)
from outreach_app.storage.database import Connection, Database, transaction
from outreach_app.storage.drafts import Draft, discard_draft, save_draft, user_drafts
from outreach_app.storage.household import Member, household_members
from outreach_app.storage.lockfile import DataDirLock
from outreach_app.storage.manifest import Directory, Manifest, database_salt, write_manifest
from outreach_app.storage.recordsdb import (
    WriteSummary,
    append_audit,
    client_records,
    delete_record,
    load_record,
    records_of_kind,
    save_all,
    save_record,
)
from outreach_app.storage.schema import schema_version
from outreach_app.storage.sealing import seal
from outreach_app.storage.search import (
    ClientHit,
    DuplicateCandidate,
    duplicate_candidates,
    search_clients,
)

if TYPE_CHECKING:
    from outreach_app.storage.vault import Vault

log = logging.getLogger("outreach.db")

#: Prefix of a sealed key written by a rekey that has not finished yet.
NEXT = "next:"

ROLES = ("worker", "supervisor", "admin")


def user_slot_id(user_id: str) -> str:
    """Return the key slot id of a local user."""
    return f"user:{user_id}"


P = ParamSpec("P")
T = TypeVar("T")


def utc_now() -> dt.datetime:
    """Return the current time in UTC."""
    return dt.datetime.now(dt.UTC)


def iso(moment: dt.datetime) -> str:
    """Format a UTC moment the way the store keeps timestamps."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True, slots=True)
class LocalUser:
    """A person who can unlock this laptop's store.

    Attributes:
        user_id: unique id (32 hex characters), used in the audit log.
        user_name: what they log in with.
        full_name: for display.
        role: ``worker``, ``supervisor`` or ``admin``.
    """

    user_id: str
    user_name: str
    full_name: str
    role: str


def insert_user(conn: Connection, user: LocalUser, at: str) -> None:
    """Add a local user row (inside the caller's transaction)."""
    conn.execute(
        "INSERT INTO local_user (user_id, user_name, full_name, role, created_at)"
        " VALUES (?, ?, ?, ?, ?)",
        (user.user_id, user.user_name, user.full_name, user.role, at),
    )


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One line of the access log (no personal data by construction)."""

    seq: int
    at: str
    user_id: str | None
    action: str
    kind: str | None
    record_id: str | None
    detail: str | None


class Store:
    """The unlocked encrypted store.

    Attributes:
        user: who unlocked it.
    """

    def __init__(
        self,
        vault: Vault,
        db: Database,
        user: LocalUser,
        data_key: bytes,
        lock: DataDirLock,
        clock: Callable[[], dt.datetime] = utc_now,
    ) -> None:
        self._vault = vault
        self._db: Database | None = db
        self._data_key: bytes | None = data_key
        self._lock = lock
        self._clock = clock
        self.user = user
        self._executor = ThreadPoolExecutor(1, thread_name_prefix="outreach-store")

    # -- lifecycle ------------------------------------------------------------------

    @property
    def is_open(self) -> bool:
        """Whether the store is still unlocked."""
        return self._db is not None

    def _database(self) -> Database:
        if self._db is None:
            raise errors.StoreLocked("The store is locked. Unlock it to continue.")
        return self._db

    def _now(self) -> str:
        return iso(self._clock())

    def _call(self, fn: Callable[[Connection], T]) -> T:
        return self._database().call(fn)

    def submit(self, method: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> Future[T]:
        """Run a store method off the calling thread (for the UI); return its future."""
        self._database()
        return self._executor.submit(method, *args, **kwargs)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.lock()

    def lock(self) -> None:
        """Log the lock, close the database and drop the data key (idempotent)."""
        if self._db is None:
            return
        db, self._db = self._db, None
        at, user_id = self._now(), self.user.user_id
        try:
            db.call(lambda conn: append_audit(conn, at, user_id, "lock"))
        finally:
            db.close()
            self._data_key = None
            clear_caches()  # the matching caches hold names typed or read while unlocked
            self._executor.shutdown(wait=False)
            self._lock.release()
        log.info("store locked")

    # -- records --------------------------------------------------------------------

    def save(self, record: Record) -> WriteSummary:
        """Save one record with its journal and audit entries."""
        at, user_id = self._now(), self.user.user_id

        def write(conn: Connection) -> WriteSummary:
            with transaction(conn):
                return save_record(conn, record, user_id, at)

        return self._call(write)

    def save_many(self, records: Iterable[Record], batch: int = 5000) -> WriteSummary:
        """Save many records, ``batch`` per transaction (for imports and demo data)."""
        at, user_id = self._now(), self.user.user_id
        summary = WriteSummary()
        chunk: list[Record] = []

        def write(conn: Connection) -> WriteSummary:
            with transaction(conn):
                return save_all(conn, chunk, user_id, at)

        for record in records:
            chunk.append(record)
            if len(chunk) >= batch:
                summary += self._call(write)
                chunk = []
        if chunk:
            summary += self._call(write)
        return summary

    def delete(self, kind: str, record_id: str) -> WriteSummary:
        """Delete a record (a tombstone that syncs)."""
        at, user_id = self._now(), self.user.user_id

        def write(conn: Connection) -> WriteSummary:
            with transaction(conn):
                return delete_record(conn, kind, record_id, user_id, at)

        return self._call(write)

    def get(self, kind: str, record_id: str) -> Record:
        """Return a record without logging a view (for internal use and sync)."""
        return self._call(lambda conn: load_record(conn, kind, record_id))

    def view(self, kind: str, record_id: str) -> Record:
        """Return a record for a person to look at, and log the view."""
        at, user_id = self._now(), self.user.user_id

        def read(conn: Connection) -> Record:
            record = load_record(conn, kind, record_id)
            append_audit(conn, at, user_id, "view", kind, record_id)
            return record

        return self._call(read)

    def client_records(self, client_id: str) -> list[Record]:
        """Return every live record of a client (enrollments, contacts, ...)."""
        return self._call(lambda conn: list(client_records(conn, client_id)))

    def count(self, kind: str) -> int:
        """Return how many live records of a kind the store holds."""
        return int(
            self._call(
                lambda conn: conn.execute(
                    "SELECT count(*) FROM record WHERE kind = ? AND deleted_at IS NULL", (kind,)
                ).fetchone()[0]
            )
        )

    def pending_changes(self) -> int:
        """Return how many journal entries wait to be synced."""
        return int(
            self._call(
                lambda conn: conn.execute(
                    "SELECT count(*) FROM journal WHERE state = 'pending'"
                ).fetchone()[0]
            )
        )

    def run_read(self, fn: Callable[[Connection], T]) -> T:
        """Run a read-only function of the connection on the database thread.

        For readers that page through the store in their own way (the HMIS CSV
        export); writes must go through the methods that journal and audit them.
        """
        return self._call(fn)

    def records(self, kind: str) -> list[Record]:
        """Return every live record of a kind (for small kinds: projects, organizations)."""
        return self._call(lambda conn: list(records_of_kind(conn, kind)))

    def household(self, household_id: str) -> list[Member]:
        """Return the people whose enrollments share ``household_id``."""
        return self._call(lambda conn: household_members(conn, household_id))

    # -- drafts -----------------------------------------------------------------------

    def save_draft(
        self, draft_id: str, kind: str, record_id: str | None, data: Mapping[str, Any]
    ) -> None:
        """Keep a form in progress, encrypted, for this user."""
        at, user_id = self._now(), self.user.user_id
        self._call(lambda conn: save_draft(conn, user_id, draft_id, kind, record_id, data, at))

    def drafts(self) -> list[Draft]:
        """Return this user's forms in progress, oldest first."""
        user_id = self.user.user_id
        return self._call(lambda conn: user_drafts(conn, user_id))

    def discard_draft(self, draft_id: str) -> None:
        """Forget a form in progress (saved, or thrown away on purpose)."""
        user_id = self.user.user_id
        self._call(lambda conn: discard_draft(conn, user_id, draft_id))

    def search(self, text: str, limit: int = 50) -> list[ClientHit]:
        """Find clients by partial name, alias, nickname, DOB or SSN digits."""
        return self._call(lambda conn: search_clients(conn, text, limit))

    def duplicates(
        self, values: Mapping[str, object], limit: int = 10, *, exclude: str | None = None
    ) -> list[DuplicateCandidate]:
        """Return likely existing records of a person about to be created, with reasons."""
        person = PersonFacts.from_values(values)
        return self._call(lambda conn: duplicate_candidates(conn, person, limit, exclude=exclude))

    def audit_log(
        self, kind: str | None = None, record_id: str | None = None, limit: int = 100
    ) -> list[AuditEntry]:
        """Return the newest audit entries, optionally for one record."""
        sql = "SELECT seq, at, user_id, action, kind, record_id, detail FROM audit"
        params: list[Any] = []
        if record_id is not None:
            sql += " WHERE kind = ? AND record_id = ?"
            params += [kind, record_id]
        sql += " ORDER BY seq DESC LIMIT ?"
        rows = self._call(lambda conn: conn.execute(sql, [*params, limit]).fetchall())
        return [AuditEntry(*row) for row in rows]

    def client_history(self, client_id: str, limit: int = 200) -> list[AuditEntry]:
        """Return the newest audit entries about a client and every record of theirs."""
        sql = (
            "SELECT a.seq, a.at, a.user_id, a.action, a.kind, a.record_id, a.detail"
            " FROM audit a WHERE (a.kind = 'Client' AND a.record_id = ?)"
            " OR (a.kind, a.record_id) IN (SELECT kind, id FROM record WHERE client_id = ?)"
            " ORDER BY a.seq DESC LIMIT ?"
        )
        rows = self._call(lambda conn: conn.execute(sql, (client_id, client_id, limit)).fetchall())
        return [AuditEntry(*row) for row in rows]

    def record_export(self, detail: str) -> None:
        """Log that data left the device (an export), without personal data."""
        at, user_id = self._now(), self.user.user_id
        self._call(lambda conn: append_audit(conn, at, user_id, "export", detail=detail))

    # -- users and keys ---------------------------------------------------------------

    def users(self) -> list[LocalUser]:
        """Return the local users."""
        rows = self._call(
            lambda conn: conn.execute(
                "SELECT user_id, user_name, full_name, role FROM local_user"
                " WHERE disabled_at IS NULL ORDER BY user_name"
            ).fetchall()
        )
        return [LocalUser(*row) for row in rows]

    def _require_admin(self) -> None:
        if self.user.role != "admin":
            raise errors.PermissionDenied("Only an admin can manage users on this laptop.")

    def add_user(
        self, user_name: str, passphrase: str, role: str = "worker", full_name: str = ""
    ) -> LocalUser:
        """Add a local user who can unlock with their own passphrase (admins only)."""
        self._require_admin()
        if role not in ROLES:
            raise errors.InvalidInput(f"Role must be one of: {', '.join(ROLES)}.")
        keys.check_passphrase(passphrase, user_name)
        manifest = self._vault.manifest()
        if manifest.user(user_name) is not None:
            raise errors.UserExists(f"There is already a user called {user_name!r}.")
        user = LocalUser(new_id(), user_name, full_name, role)
        at, actor = self._now(), self.user.user_id

        def write(conn: Connection) -> None:
            with transaction(conn):
                insert_user(conn, user, at)
                append_audit(conn, at, actor, "user", detail=f"added user {user.user_id}")

        self._call(write)
        users = (*manifest.users, Directory(user.user_id, user_name))
        self._new_holder(replace(manifest, users=users), user_slot_id(user.user_id), passphrase)
        return user

    def set_passphrase(self, user_name: str, passphrase: str) -> None:
        """Give a user a new passphrase: their own, or anyone's for an admin.

        The user gets a new key pair, so the old passphrase stops working at once.
        """
        manifest = self._vault.manifest()
        entry = manifest.user(user_name)
        if entry is None:
            raise errors.NoSuchUser(f"There is no user called {user_name!r} on this laptop.")
        if entry.user_id != self.user.user_id:
            self._require_admin()
        keys.check_passphrase(passphrase, entry.user_name)
        self._new_holder(manifest, user_slot_id(entry.user_id), passphrase)
        at, actor = self._now(), self.user.user_id
        detail = f"passphrase changed for {entry.user_id}"
        self._call(lambda conn: append_audit(conn, at, actor, "user", detail=detail))

    def new_recovery_key(self) -> str:
        """Replace the recovery key (admins only); return the new one, to print."""
        self._require_admin()
        recovery_key = keys.new_recovery_key()
        self._new_holder(self._vault.manifest(), keys.RECOVERY_SLOT_ID, recovery_key)
        at, actor = self._now(), self.user.user_id
        self._call(lambda conn: append_audit(conn, at, actor, "user", detail="new recovery key"))
        return recovery_key

    def _new_holder(self, manifest: Manifest, slot_id: str, secret: str) -> None:
        """Give a holder a new key pair and save ``manifest`` with the data key sealed to it."""
        sealed = self._vault.new_holder(slot_id, secret, self._key(), manifest.store_id)
        write_manifest(self._vault.data_dir, manifest.with_sealed(sealed))

    def rekey(self) -> None:
        """Re-encrypt the database under a new data key (admins only).

        The new key is sealed to every holder's public key first (as a pending
        entry), then SQLCipher re-encrypts, then the pending entries replace
        the old ones; an interrupted rekey can always be finished at unlock.
        """
        self._require_admin()
        manifest = self._vault.manifest()
        new_key = keys.new_data_key()
        # Pending entries left by an earlier rekey that died before re-encrypting
        # hold a key that never took effect; keeping them would shadow this one's.
        current = tuple(s for s in manifest.sealed if not s.holder.startswith(NEXT))
        resealed = tuple(seal(new_key, s.holder, s.public, manifest.store_id) for s in current)
        upcoming = tuple(replace(s, holder=f"{NEXT}{s.holder}") for s in resealed)
        pending = replace(manifest, sealed=current + upcoming)
        write_manifest(self._vault.data_dir, pending)
        at, actor = self._now(), self.user.user_id

        def rekey(conn: Connection) -> None:
            conn.execute(f"PRAGMA rekey = \"x'{new_key.hex()}'\"")
            append_audit(conn, at, actor, "rekey")

        self._call(rekey)
        self._data_key = new_key
        salt = database_salt(self._vault.database_path)
        write_manifest(self._vault.data_dir, replace(manifest, sealed=resealed, db_salt=salt))

    def _key(self) -> bytes:
        if self._data_key is None:
            raise errors.StoreLocked("The store is locked. Unlock it to continue.")
        return self._data_key

    # -- diagnostics ------------------------------------------------------------------

    def diagnostics(self) -> dict[str, object]:
        """Return facts for ``outreach doctor``: versions, sizes, integrity; no personal data."""

        def read(conn: Connection) -> dict[str, object]:
            counts = dict(
                conn.execute(
                    "SELECT kind, count(*) FROM record WHERE deleted_at IS NULL GROUP BY kind"
                ).fetchall()
            )
            integrity = [row[0] for row in conn.execute("PRAGMA cipher_integrity_check")]
            quick = conn.execute("PRAGMA quick_check").fetchone()[0]
            return {
                "sqlcipher_version": conn.execute("PRAGMA cipher_version").fetchone()[0],
                "schema_version": schema_version(conn),
                "records": counts,
                "pending_changes": conn.execute(
                    "SELECT count(*) FROM journal WHERE state = 'pending'"
                ).fetchone()[0],
                "audit_entries": conn.execute("SELECT count(*) FROM audit").fetchone()[0],
                "cipher_integrity_check": "ok" if not integrity else f"{len(integrity)} problems",
                "quick_check": quick,
            }

        return self._call(read)

    # -- the client list ----------------------------------------------------------------

    def _today(self) -> dt.date:
        return self._clock().astimezone().date()

    def client_page(
        self, after: str | None, limit: int = PAGE_SIZE, filter: ClientFilter = EVERYONE
    ) -> ClientPage:
        """Return a page of the client list after the cursor ``after`` (None: the first)."""
        user_id, today = self.user.user_id, self._today()
        return self._call(
            lambda conn: client_page(
                conn, after=after, limit=limit, filter=filter, user_id=user_id, today=today
            )
        )

    def client_count(self, filter: ClientFilter = EVERYONE) -> int:
        """Return how many clients the list shows with ``filter`` (mine: this user's)."""
        user_id, today = self.user.user_id, self._today()
        return self._call(lambda conn: client_count(conn, filter, user_id=user_id, today=today))

    def search_rows(
        self, text: str, limit: int = 50, filter: ClientFilter = EVERYONE
    ) -> list[ClientRow]:
        """Find clients as :meth:`search` does, as client list rows, best first."""
        user_id, today = self.user.user_id, self._today()
        return self._call(
            lambda conn: search_rows(conn, text, limit, filter, user_id=user_id, today=today)
        )

    # -- sync -------------------------------------------------------------------------

    def sync_transaction(self, fn: Callable[[Connection], T]) -> T:
        """Run one step of the sync engine (functions of :mod:`.sync_db`) in one transaction.

        A pushed batch's answers, or a pulled page with its cursor, are stored
        together or not at all.
        """

        def run(conn: Connection) -> T:
            with transaction(conn):
                return fn(conn)

        return self._call(run)

    def sync_state(self) -> dict[str, str]:
        """Return the sync settings (gateway, device token, cursor, last sync)."""
        return self._call(sync_db.get_state)

    def set_sync_state(self, values: Mapping[str, str | None]) -> None:
        """Set sync settings (None removes one), kept in the encrypted database."""
        self.sync_transaction(lambda conn: sync_db.set_state(conn, values))

    def sync_summary(self) -> sync_db.SyncSummary:
        """Return pending and quarantined changes and open conflicts (no values, no token)."""
        return self._call(sync_db.sync_summary)

    def open_conflicts(self) -> list[sync_db.Conflict]:
        """Return the fields changed in two places, with both values, oldest first."""
        return self._call(sync_db.open_conflicts)

    def record_sync_state(self, kind: str, record_id: str) -> str:
        """Return a record's sync state: conflict, attention, waiting, local or synced."""
        return self._call(lambda conn: sync_db.record_sync_state(conn, kind, record_id))
