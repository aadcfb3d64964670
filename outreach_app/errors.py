"""The error hierarchy: what the environment did wrong versus what we did wrong.

A :class:`KnownError` is the environment's fault (a wrong passphrase, a full disk,
no keyring, a store already open elsewhere). It carries a plain-language message
that says what to do, and is shown to the person as it is. Anything else that
escapes is a bug: the UI and the command line show a generic "this is our fault"
message with details that hold no personal data, and log it.

Messages must never include a client's name, date of birth, SSN or any key.
"""

from __future__ import annotations


class OutreachError(Exception):
    """Base of every error Outreach raises on purpose."""


class BugError(OutreachError):
    """An internal inconsistency: a programming error, never the user's fault."""


class KnownError(OutreachError):
    """An error caused by the environment or by input, with a message for people.

    Attributes:
        message: what happened and what to do, in plain language.
        exit_code: the command line's exit status for this error.
    """

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class StoreNotFound(KnownError):
    """No store has been created in the data directory yet."""

    exit_code = 3


class StoreExists(KnownError):
    """``init`` was asked to create a store where one already exists."""

    exit_code = 3


class StoreInUse(KnownError):
    """Another Outreach process holds the data directory's lock."""

    exit_code = 4


class StoreCorrupt(KnownError):
    """The database file is damaged, truncated, or not an Outreach store."""

    exit_code = 5


class ForeignStore(StoreCorrupt):
    """The database belongs to another install (its key slots do not open it)."""


class StoreLocked(KnownError):
    """An operation needed the unlocked store, but it is locked."""

    exit_code = 6


class WrongPassphrase(KnownError):
    """The passphrase (or recovery key) did not open the user's key slot.

    Attributes:
        retry_after: seconds the caller must wait before the next attempt.
    """

    exit_code = 7

    def __init__(self, message: str, retry_after: float = 0.0) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class TooManyAttempts(WrongPassphrase):
    """An unlock was tried again before the back-off delay had passed."""


class WeakPassphrase(KnownError):
    """A new passphrase does not meet the HMIS security standard's floor."""

    exit_code = 8


class NoSuchUser(KnownError):
    """The named local user does not exist on this device."""

    exit_code = 9


class UserExists(KnownError):
    """A local user with that user name already exists."""

    exit_code = 9


class PermissionDenied(KnownError):
    """The unlocked user's role does not allow the operation."""

    exit_code = 10


class KeyringUnavailable(KnownError):
    """The OS keyring is missing, locked or not answering."""

    exit_code = 11


class DiskFull(KnownError):
    """A write failed for lack of space; nothing was written, the input is kept."""

    exit_code = 12


class NotFound(KnownError):
    """A record that was asked for by id does not exist."""

    exit_code = 13


class InvalidInput(KnownError):
    """Input failed validation; ``messages`` holds the field-level reasons.

    Attributes:
        messages: ``(field, message)`` pairs a worker can act on.
    """

    exit_code = 2

    def __init__(self, message: str, messages: list[tuple[str, str]] | None = None) -> None:
        super().__init__(message)
        self.messages = list(messages or [])
