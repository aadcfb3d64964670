"""Seal the data key to each key holder's public key.

Every key holder (a local user, the recovery key) has an X25519 key pair. The
private key is what their passphrase protects (a :class:`~.keys.KeySlot`); the
data key is *sealed* to the public key (ephemeral X25519, HKDF-SHA256,
AES-256-GCM). Two things follow, and they are why this layer exists:

- changing the data key (``rekey``, e.g. after a worker leaves) re-seals it to
  every remaining holder without knowing their passphrases;
- changing a passphrase re-wraps only that holder's private key.

A sealed key is worthless without the holder's private key, so sealed keys
live in the store's plain metadata file beside the database.
"""

from __future__ import annotations

import base64
import os
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from outreach_app import errors

_RAW = serialization.Encoding.Raw
_RAW_PUBLIC = serialization.PublicFormat.Raw
_RAW_PRIVATE = serialization.PrivateFormat.Raw
_INFO = b"outreach sealed data key v1"


@dataclass(frozen=True, slots=True)
class HolderKeys:
    """A key holder's X25519 key pair as raw bytes.

    Attributes:
        private: the 32-byte private key (kept only in memory or in a key slot).
        public: the 32-byte public key.
    """

    private: bytes
    public: bytes

    @classmethod
    def generate(cls) -> HolderKeys:
        """Make a new key pair."""
        private = X25519PrivateKey.generate()
        return cls(
            private.private_bytes(_RAW, _RAW_PRIVATE, serialization.NoEncryption()),
            private.public_key().public_bytes(_RAW, _RAW_PUBLIC),
        )

    @classmethod
    def from_private(cls, private: bytes) -> HolderKeys:
        """Rebuild the pair from the private key a slot gave back."""
        key = X25519PrivateKey.from_private_bytes(private)
        return cls(private, key.public_key().public_bytes(_RAW, _RAW_PUBLIC))


@dataclass(frozen=True, slots=True)
class SealedKey:
    """The data key sealed to one holder's public key.

    Attributes:
        holder: the slot id of the holder (``user:<id>`` or ``recovery``).
        public: the holder's public key, so the key can be re-sealed on rekey.
        ephemeral: the sender's one-time public key.
        nonce: the AES-GCM nonce.
        ciphertext: the sealed data key with its tag.
    """

    holder: str
    public: bytes
    ephemeral: bytes
    nonce: bytes
    ciphertext: bytes

    def to_dict(self) -> dict[str, str]:
        """Return JSON-ready data."""
        return {
            "holder": self.holder,
            "public": _b64(self.public),
            "ephemeral": _b64(self.ephemeral),
            "nonce": _b64(self.nonce),
            "ciphertext": _b64(self.ciphertext),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SealedKey:
        """Parse :meth:`to_dict` output."""
        return cls(
            holder=str(data["holder"]),
            public=base64.b64decode(data["public"]),
            ephemeral=base64.b64decode(data["ephemeral"]),
            nonce=base64.b64decode(data["nonce"]),
            ciphertext=base64.b64decode(data["ciphertext"]),
        )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _aead_key(shared: bytes, ephemeral: bytes, public: bytes) -> bytes:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=ephemeral + public, info=_INFO)
    return hkdf.derive(shared)


def _associated(holder: str, store_id: str) -> bytes:
    return f"{store_id}\x00{holder}".encode()


def seal(data_key: bytes, holder: str, public: bytes, store_id: str) -> SealedKey:
    """Seal ``data_key`` so that only ``holder``'s private key opens it."""
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = ephemeral.public_key().public_bytes(_RAW, _RAW_PUBLIC)
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(public))
    nonce = os.urandom(12)
    ciphertext = AESGCM(_aead_key(shared, ephemeral_public, public)).encrypt(
        nonce, data_key, _associated(holder, store_id)
    )
    return SealedKey(holder, public, ephemeral_public, nonce, ciphertext)


def open_sealed(sealed: SealedKey, keys: HolderKeys, store_id: str) -> bytes:
    """Open a sealed data key with the holder's key pair.

    Raises:
        ForeignStore: the sealed key was not made for this holder and store.
    """
    private = X25519PrivateKey.from_private_bytes(keys.private)
    shared = private.exchange(X25519PublicKey.from_public_bytes(sealed.ephemeral))
    try:
        return AESGCM(_aead_key(shared, sealed.ephemeral, keys.public)).decrypt(
            sealed.nonce, sealed.ciphertext, _associated(sealed.holder, store_id)
        )
    except InvalidTag:
        raise errors.ForeignStore(
            "This store's key files do not match its database: they come from "
            "another install. Nothing was changed; ask IT to run 'outreach doctor'."
        ) from None
