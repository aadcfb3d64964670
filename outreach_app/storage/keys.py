"""Key derivation and key wrapping for the encrypted store, with no I/O.

The SQLCipher database is encrypted with one random *data key*. Nobody types that
key: each way of opening the store (a local user's passphrase, the printed recovery
key) has a *key slot* holding the data key encrypted ("wrapped") under a key
derived from that secret. This is what lets a supervisor add or remove a worker,
or a worker change a passphrase, without re-encrypting the database, and lets the
recovery key open the store when every passphrase is forgotten.

* Passphrase to key-encryption key (KEK): Argon2id, memory-hard, so a stolen laptop's
  slots cost an attacker real memory and time per guess.
* Wrapping: AES-256-GCM. The associated data binds the slot id and the store id, so a
  slot copied into another slot or another store does not open.

Everything here is pure computation, so it can be tested without a disk or a keyring;
where slots are kept is :mod:`outreach_app.storage.keystore`'s business. Python cannot
reliably wipe ``bytes`` from memory, so no function here pretends to.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import re
import secrets
import unicodedata
from dataclasses import dataclass
from typing import Any

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from outreach_app import errors

DATA_KEY_BYTES = 32
SALT_BYTES = 16
NONCE_BYTES = 12
_TAG_BYTES = 16

MIN_MEMORY_KIB = 65536
"""64 MiB: the floor for Argon2id memory; weaker parameters are refused, even when read."""
MAX_MEMORY_KIB = 1024 * 1024
"""1 GiB: a ceiling, so a damaged slot cannot make unlocking exhaust the machine."""
DEFAULT_MEMORY_KIB = MIN_MEMORY_KIB
DEFAULT_PARALLELISM = 2
DEFAULT_TIME_COST = 12
"""Measured on a 2-core x86-64 machine with 64 MiB and 2 lanes: 0.26-0.32 s per derivation."""

RECOVERY_SLOT_ID = "recovery"
RECOVERY_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
"""Crockford base32: no I, L, O or U, so a handwritten key is hard to misread."""
RECOVERY_KEY_CHARS = 32
RECOVERY_GROUP = 4

MIN_PASSPHRASE_CHARS = 8
FREE_ATTEMPTS = 2
MAX_UNLOCK_DELAY = 300.0

_ID_PATTERN = re.compile(r"[A-Za-z0-9._:-]{1,128}")
_STORE_ID_PATTERN = re.compile(r"[A-Za-z0-9._-]{1,128}")
_KDF_NAME = "argon2id"
_SLOT_FORMAT = 1
_RECOVERY_MAP = str.maketrans({"O": "0", "I": "1", "L": "1"})

_NOT_OPENED = "That passphrase did not open this store. Check Caps Lock and try again."
_RECOVERY_NOT_OPENED = (
    "That recovery key did not open this store. Check each group of four against "
    "the printed sheet and try again."
)
_DAMAGED_SLOT = (
    "A key slot of this store is damaged, so it cannot be opened with it. "
    "Restore the data folder from a backup, or ask IT for help."
)


def new_data_key() -> bytes:
    """Return a fresh random data key for a new store."""
    return secrets.token_bytes(DATA_KEY_BYTES)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any) -> bytes:
    if not isinstance(text, str):
        raise TypeError("expected base64 text")
    return base64.b64decode(text.encode("ascii"), validate=True)


def _int_field(data: dict[str, Any], name: str) -> int:
    value = data[name]
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{name} must be an integer")
    return value


@dataclass(frozen=True)
class KdfParams:
    """The Argon2id parameters and salt of one key slot.

    They are stored next to the slot so defaults can be raised later without
    breaking older slots. Parameters below the 64 MiB floor are refused even when
    read back, so editing a slot file cannot silently weaken new guesses.
    """

    time_cost: int
    memory_kib: int
    parallelism: int
    salt: bytes

    def __post_init__(self) -> None:
        """Refuse parameters that are too weak, absurd, or malformed."""
        if not MIN_MEMORY_KIB <= self.memory_kib <= MAX_MEMORY_KIB:
            raise errors.BugError(f"Argon2id memory_kib out of range: {self.memory_kib}")
        if not 1 <= self.time_cost <= 100:
            raise errors.BugError(f"Argon2id time_cost out of range: {self.time_cost}")
        if not 1 <= self.parallelism <= 16:
            raise errors.BugError(f"Argon2id parallelism out of range: {self.parallelism}")
        if len(self.salt) != SALT_BYTES:
            raise errors.BugError(f"Argon2id salt must be {SALT_BYTES} bytes")

    @classmethod
    def new(
        cls,
        *,
        time_cost: int = DEFAULT_TIME_COST,
        memory_kib: int = DEFAULT_MEMORY_KIB,
        parallelism: int = DEFAULT_PARALLELISM,
    ) -> KdfParams:
        """Return parameters with a fresh random salt (defaults: about 0.3 s, 64 MiB)."""
        return cls(time_cost, memory_kib, parallelism, secrets.token_bytes(SALT_BYTES))

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-able dict; the salt is base64."""
        return {
            "kdf": _KDF_NAME,
            "time_cost": self.time_cost,
            "memory_kib": self.memory_kib,
            "parallelism": self.parallelism,
            "salt": _b64(self.salt),
        }

    @classmethod
    def from_dict(cls, data: Any) -> KdfParams:
        """Parse :meth:`to_dict` output; anything malformed raises StoreCorrupt."""
        try:
            if not isinstance(data, dict) or data.get("kdf") != _KDF_NAME:
                raise TypeError("not argon2id parameters")
            return cls(
                time_cost=_int_field(data, "time_cost"),
                memory_kib=_int_field(data, "memory_kib"),
                parallelism=_int_field(data, "parallelism"),
                salt=_unb64(data["salt"]),
            )
        except (KeyError, TypeError, ValueError, binascii.Error, errors.BugError):
            raise errors.StoreCorrupt(_DAMAGED_SLOT) from None


def derive_kek(secret: str, params: KdfParams) -> bytes:
    """Derive a 32-byte key-encryption key from a passphrase with Argon2id.

    The secret is NFC-normalised first, so the same visible passphrase typed with
    different keyboards or input methods gives the same key.
    """
    data = unicodedata.normalize("NFC", secret).encode("utf-8")
    return hash_secret_raw(
        secret=data,
        salt=params.salt,
        time_cost=params.time_cost,
        memory_cost=params.memory_kib,
        parallelism=params.parallelism,
        hash_len=DATA_KEY_BYTES,
        type=Type.ID,
    )


def check_slot_id(slot_id: str) -> None:
    """Raise BugError unless ``slot_id`` is 1-128 of ``A-Z a-z 0-9 . _ : -``."""
    if not _ID_PATTERN.fullmatch(slot_id):
        raise errors.BugError("invalid key slot id")


def check_store_id(store_id: str) -> None:
    """Raise BugError unless ``store_id`` is 1-128 of ``A-Z a-z 0-9 . _ -`` (no colon)."""
    if not _STORE_ID_PATTERN.fullmatch(store_id):
        raise errors.BugError("invalid store id")


def _check_ids(slot_id: str, store_id: str) -> None:
    check_slot_id(slot_id)
    check_store_id(store_id)


def _associated_data(slot_id: str, store_id: str) -> bytes:
    """Bind a wrapped key to its slot and store; JSON keeps the fields unambiguous."""
    return json.dumps(["outreach-keyslot", _SLOT_FORMAT, store_id, slot_id]).encode("utf-8")


@dataclass(frozen=True)
class KeySlot:
    """The data key wrapped under one secret, plus what is needed to unwrap it.

    A slot holds nothing that opens the store without its secret, but it is still
    an offline guessing target, which is why the KDF is slow.
    """

    slot_id: str
    kdf: KdfParams
    nonce: bytes
    ciphertext: bytes

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-able dict (bytes as base64)."""
        return {
            "format": _SLOT_FORMAT,
            "slot_id": self.slot_id,
            "kdf": self.kdf.to_dict(),
            "nonce": _b64(self.nonce),
            "ciphertext": _b64(self.ciphertext),
        }

    @classmethod
    def from_dict(cls, data: Any) -> KeySlot:
        """Parse :meth:`to_dict` output; anything malformed raises StoreCorrupt."""
        try:
            if not isinstance(data, dict) or data.get("format") != _SLOT_FORMAT:
                raise TypeError("unknown key slot format")
            slot_id = data["slot_id"]
            kdf_data = data["kdf"]
            nonce = _unb64(data["nonce"])
            ciphertext = _unb64(data["ciphertext"])
            if not isinstance(slot_id, str) or not _ID_PATTERN.fullmatch(slot_id):
                raise TypeError("bad slot id")
            if len(nonce) != NONCE_BYTES or len(ciphertext) != DATA_KEY_BYTES + _TAG_BYTES:
                raise ValueError("bad nonce or ciphertext length")
        except (KeyError, TypeError, ValueError, binascii.Error):
            raise errors.StoreCorrupt(_DAMAGED_SLOT) from None
        return cls(slot_id, KdfParams.from_dict(kdf_data), nonce, ciphertext)

    def to_json(self) -> str:
        """Return the slot as compact JSON text."""
        return json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> KeySlot:
        """Parse :meth:`to_json` output; anything malformed raises StoreCorrupt."""
        try:
            data = json.loads(text)
        except ValueError:
            raise errors.StoreCorrupt(_DAMAGED_SLOT) from None
        return cls.from_dict(data)


def _slot_secret(secret: str, slot_id: str) -> str:
    """Recovery keys are normalised, so however they were typed they give one key."""
    return normalize_recovery_key(secret) if slot_id == RECOVERY_SLOT_ID else secret


def wrap_key(
    data_key: bytes,
    secret: str,
    slot_id: str,
    store_id: str,
    params: KdfParams | None = None,
) -> KeySlot:
    """Wrap ``data_key`` under ``secret`` into a slot bound to ``slot_id`` and ``store_id``.

    For the ``"recovery"`` slot the secret is a recovery key and is normalised first.
    """
    if len(data_key) != DATA_KEY_BYTES:
        raise errors.BugError(f"data key must be {DATA_KEY_BYTES} bytes")
    _check_ids(slot_id, store_id)
    kdf = params if params is not None else KdfParams.new()
    kek = derive_kek(_slot_secret(secret, slot_id), kdf)
    nonce = secrets.token_bytes(NONCE_BYTES)
    ciphertext = AESGCM(kek).encrypt(nonce, data_key, _associated_data(slot_id, store_id))
    return KeySlot(slot_id=slot_id, kdf=kdf, nonce=nonce, ciphertext=ciphertext)


def unwrap_key(slot: KeySlot, secret: str, store_id: str) -> bytes:
    """Return the data key in ``slot``, or raise WrongPassphrase.

    A wrong secret, a tampered slot, and a slot moved from another slot id or
    store all look the same to AES-GCM, and all raise WrongPassphrase.
    """
    _check_ids(slot.slot_id, store_id)
    kek = derive_kek(_slot_secret(secret, slot.slot_id), slot.kdf)
    aad = _associated_data(slot.slot_id, store_id)
    try:
        data_key = AESGCM(kek).decrypt(slot.nonce, slot.ciphertext, aad)
    except InvalidTag:
        wrong = _RECOVERY_NOT_OPENED if slot.slot_id == RECOVERY_SLOT_ID else _NOT_OPENED
        raise errors.WrongPassphrase(wrong) from None
    if len(data_key) != DATA_KEY_BYTES:
        raise errors.StoreCorrupt(_DAMAGED_SLOT)
    return data_key


def new_recovery_key() -> str:
    """Return a fresh recovery key: 32 Crockford base32 characters (160 bits).

    It is printed in 8 groups of 4 separated by dashes, e.g. ``7K2M-...``.
    """
    chars = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_KEY_CHARS))
    return _group(chars)


def _group(chars: str) -> str:
    return "-".join(chars[i : i + RECOVERY_GROUP] for i in range(0, len(chars), RECOVERY_GROUP))


def normalize_recovery_key(text: str) -> str:
    """Return the canonical (grouped, upper-case) form of a typed recovery key.

    Case, spaces and dashes are ignored; O reads as 0, and I or L as 1. Text that
    cannot be a recovery key raises InvalidInput (the message never repeats it).
    """
    compact = "".join(text.split()).replace("-", "").upper().translate(_RECOVERY_MAP)
    if len(compact) != RECOVERY_KEY_CHARS or any(c not in RECOVERY_ALPHABET for c in compact):
        message = (
            "That is not a recovery key. A recovery key has 32 letters and digits, "
            "printed in 8 groups of 4."
        )
        raise errors.InvalidInput(message, [("recovery_key", message)])
    return _group(compact)


def check_passphrase(passphrase: str, user_name: str) -> None:
    """Raise WeakPassphrase unless ``passphrase`` meets the HUD HMIS standard's floor.

    The rules: at least 8 characters, at least one letter and one digit, not the
    same character repeated, and not containing the user name or the user name
    backwards (case-insensitive). A user name shorter than 3 characters only has
    to not be the whole passphrase, or almost every passphrase would be refused.
    Every rule that fails is named in the message.
    """
    text = unicodedata.normalize("NFC", passphrase)
    folded = text.casefold()
    name = unicodedata.normalize("NFC", user_name).strip().casefold()
    problems: list[str] = []
    if len(text) < MIN_PASSPHRASE_CHARS:
        problems.append(f"use at least {MIN_PASSPHRASE_CHARS} characters")
    if not any(c.isalpha() for c in text):
        problems.append("include at least one letter")
    if not any(c.isdecimal() for c in text):
        problems.append("include at least one digit (0-9)")
    if text and len(set(text)) == 1:
        problems.append("do not repeat one character over and over")
    if _uses_name(folded, name):
        problems.append("do not include your user name")
    if problems:
        raise errors.WeakPassphrase(
            "This passphrase is too easy to guess. Please " + "; ".join(problems) + "."
        )


def _uses_name(folded: str, name: str) -> bool:
    """Whether a case-folded passphrase is, or contains, a case-folded user name."""
    if not name:
        return False
    forms = (name, name[::-1])
    if len(name) < 3:
        return folded in forms
    return any(form in folded for form in forms)


def unlock_delay(failures: int) -> float:
    """Return the seconds to wait before the next unlock attempt after ``failures`` misses.

    The first two misses are free (typos happen); then 1, 2, 4, ... seconds,
    capped at 300 s, which makes online guessing slow without locking anyone out.
    """
    if failures < 0:
        raise errors.BugError("failure count cannot be negative")
    if failures <= FREE_ATTEMPTS:
        return 0.0
    exponent = min(failures - FREE_ATTEMPTS - 1, math.ceil(math.log2(MAX_UNLOCK_DELAY)))
    return min(float(2**exponent), MAX_UNLOCK_DELAY)
