"""The store's plain (unencrypted) manifest: what must be readable before unlock.

``store.json`` beside the database holds only what the unlock screen and the
key hierarchy need without the data key: the store id, the database file's
salt (to tell "another install's database" from "a damaged one"), the list of
local users to pick from (user names, not client data), the data key *sealed*
to each key holder's public key (useless without a passphrase), and the count
of failed unlocks per user for the back-off. Roles live in the encrypted
database, so editing this file grants nothing.

It is rewritten atomically with owner-only permissions.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from outreach_app import errors
from outreach_app.storage.atomic import write_private_file
from outreach_app.storage.sealing import SealedKey

MANIFEST_FILE = "store.json"
DATABASE_FILE = "outreach.db"
FORMAT = "outreach-store"

_DAMAGED = (
    "The file store.json in the data folder is damaged, so the store cannot be "
    "unlocked. Nothing was changed. Ask IT to restore it from a backup."
)


@dataclass(frozen=True, slots=True)
class Directory:
    """A local user as the unlock screen lists them.

    Attributes:
        user_id: the unique user id (32 hex characters).
        user_name: what the person types or picks.
    """

    user_id: str
    user_name: str


@dataclass(frozen=True, slots=True)
class FailedUnlock:
    """One failed unlock, kept until it can be written to the encrypted audit log.

    Attributes:
        user_id: whose passphrase was tried.
        at: when (UTC, ISO 8601).
    """

    user_id: str
    at: str


@dataclass(frozen=True, slots=True)
class Manifest:
    """The content of ``store.json``.

    Attributes:
        store_id: this store's unique id.
        created_at: when ``init`` ran (UTC).
        db_salt: the first 16 bytes of the database file, hex.
        users: the local users, for the unlock screen.
        sealed: the data key sealed to each holder (``user:<id>``, ``recovery``).
        failures: failed unlock counts per user id, for the back-off.
        pending_failures: failed unlocks not yet in the audit log.
    """

    store_id: str
    created_at: str
    db_salt: str
    users: tuple[Directory, ...] = ()
    sealed: tuple[SealedKey, ...] = ()
    failures: dict[str, int] = field(default_factory=dict)
    last_failure: dict[str, float] = field(default_factory=dict)
    pending_failures: tuple[FailedUnlock, ...] = ()

    def user(self, user_name: str) -> Directory | None:
        """Return the user with that name (case-insensitive), if any."""
        folded = user_name.casefold()
        return next((u for u in self.users if u.user_name.casefold() == folded), None)

    def sealed_for(self, holder: str) -> SealedKey | None:
        """Return the sealed data key of one holder."""
        return next((s for s in self.sealed if s.holder == holder), None)

    def with_sealed(self, sealed: SealedKey) -> Manifest:
        """Return a copy where ``sealed`` replaces its holder's entry."""
        others = tuple(s for s in self.sealed if s.holder != sealed.holder)
        return replace(self, sealed=(*others, sealed))

    def to_json(self) -> bytes:
        """Serialise for ``store.json``."""
        data: dict[str, Any] = {
            "format": FORMAT,
            "version": 1,
            "store_id": self.store_id,
            "created_at": self.created_at,
            "db_salt": self.db_salt,
            "users": [{"user_id": u.user_id, "user_name": u.user_name} for u in self.users],
            "sealed": [s.to_dict() for s in self.sealed],
            "failures": self.failures,
            "last_failure": self.last_failure,
            "pending_failures": [{"user_id": f.user_id, "at": f.at} for f in self.pending_failures],
        }
        return json.dumps(data, indent=1, sort_keys=True).encode("utf-8")

    @classmethod
    def from_json(cls, raw: bytes) -> Manifest:
        """Parse ``store.json``; anything malformed raises StoreCorrupt."""
        try:
            data = json.loads(raw)
            if data.get("format") != FORMAT:
                raise ValueError("not an Outreach store manifest")
            return cls(
                store_id=str(data["store_id"]),
                created_at=str(data["created_at"]),
                db_salt=str(data["db_salt"]),
                users=tuple(Directory(u["user_id"], u["user_name"]) for u in data["users"]),
                sealed=tuple(SealedKey.from_dict(s) for s in data["sealed"]),
                failures={str(k): int(v) for k, v in data.get("failures", {}).items()},
                last_failure={str(k): float(v) for k, v in data.get("last_failure", {}).items()},
                pending_failures=tuple(
                    FailedUnlock(f["user_id"], f["at"]) for f in data.get("pending_failures", [])
                ),
            )
        except (ValueError, KeyError, TypeError, AttributeError):
            raise errors.StoreCorrupt(_DAMAGED) from None


def read_manifest(data_dir: Path) -> Manifest:
    """Read the manifest of the store in ``data_dir``.

    Raises:
        StoreNotFound: no store was created there.
        StoreCorrupt: the manifest is damaged.
    """
    try:
        raw = (data_dir / MANIFEST_FILE).read_bytes()
    except FileNotFoundError:
        raise errors.StoreNotFound(
            "There is no Outreach store on this laptop yet. Set one up first "
            "(in the app, or with 'outreach init')."
        ) from None
    return Manifest.from_json(raw)


def write_manifest(data_dir: Path, manifest: Manifest) -> None:
    """Replace ``store.json`` atomically."""
    write_private_file(data_dir / MANIFEST_FILE, manifest.to_json())


def database_salt(path: Path) -> str:
    """Return the hex salt SQLCipher keeps in the first 16 bytes of the file."""
    with path.open("rb") as handle:
        return handle.read(16).hex()
