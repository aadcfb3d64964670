"""Encrypted autosave of forms in progress, so a lock, crash or dead battery loses nothing.

A draft is whatever a form had on screen, as JSON, kept in the encrypted
database (never a temp file) under the user who typed it. Forms save theirs
every few seconds while they change and when the app locks; saving the record
itself discards the draft. After the next unlock the window offers each draft
again, exactly as it was, readable or not.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from outreach_app.storage.database import Connection, transaction


@dataclass(frozen=True, slots=True)
class Draft:
    """One form in progress.

    Attributes:
        draft_id: stable per form instance (a new form gets a new one).
        kind: what the form makes: ``contact``, ``intake``, ``assessment``...
        record_id: the record being edited or made, if known.
        data: the form's own JSON-ready state.
        updated_at: when it was last saved (UTC, ISO).
    """

    draft_id: str
    kind: str
    record_id: str | None
    data: Mapping[str, Any]
    updated_at: str


def save_draft(
    conn: Connection,
    user_id: str,
    draft_id: str,
    kind: str,
    record_id: str | None,
    data: Mapping[str, Any],
    at: str,
) -> None:
    """Insert or replace a draft."""
    text = json.dumps(data, sort_keys=True)
    with transaction(conn):
        # A row keyed by the bare id, from before keys were per user.
        conn.execute("DELETE FROM draft WHERE draft_id = ? AND user_id = ?", (draft_id, user_id))
        conn.execute(
            "INSERT INTO draft (draft_id, user_id, kind, record_id, data, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (draft_id) DO UPDATE SET"
            " kind = excluded.kind, record_id = excluded.record_id,"
            " data = excluded.data, updated_at = excluded.updated_at",
            (_key(user_id, draft_id), user_id, kind, record_id, text, at),
        )


def user_drafts(conn: Connection, user_id: str) -> list[Draft]:
    """Return a user's drafts, oldest first."""
    rows = conn.execute(
        "SELECT draft_id, kind, record_id, data, updated_at FROM draft"
        " WHERE user_id = ? ORDER BY updated_at, draft_id",
        (user_id,),
    ).fetchall()
    prefix = _key(user_id, "")
    return [Draft(d.removeprefix(prefix), k, r, json.loads(data), at) for d, k, r, data, at in rows]


def discard_draft(conn: Connection, user_id: str, draft_id: str) -> None:
    """Delete a draft (its form was saved or deliberately discarded)."""
    with transaction(conn):
        conn.execute(
            "DELETE FROM draft WHERE draft_id IN (?, ?) AND user_id = ?",
            (_key(user_id, draft_id), draft_id, user_id),
        )


def _key(user_id: str, draft_id: str) -> str:
    """Return the row key of a user's draft.

    Forms name their drafts after what they edit (``profile-<client id>``), so
    two users of one laptop can have drafts with the same id; the table's key
    is one column, hence the user in it.
    """
    return f"{user_id}:{draft_id}"
