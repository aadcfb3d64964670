"""What a push answer or a pulled row does to the local store.

Each function here runs on the database thread inside ONE transaction the
engine opens (a batch of answers, or a page of pulled rows with its cursor),
so a crash leaves either all of it or none. The rules, from
``docs/sync-protocol.md`` and the product's sync principles:

- a change the gateway applied (or had applied already) is done, and the
  record remembers the gateway's version as the base of its next change;
- a conflict keeps both values locally; a refusal quarantines that change
  only, with the reason and field names, never a value;
- a pulled row replaces a record with no pending change, without a journal
  entry; a record WITH pending changes is rebased field by field: local-only
  changes stay, server-only changes are taken, a field changed both ways
  becomes a local conflict (the gateway's value stands until a person
  chooses, decision 0018); wall clocks are never compared;
- a tombstone wins over a pending local edit (decision 0012).
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from outreach_app.domain.records import Client
from outreach_app.storage import sync_db
from outreach_app.storage.database import Connection
from outreach_app.storage.sync_db import JournalEntry

log = logging.getLogger("outreach.sync")

#: Kinds the gateway takes (Organization, Project and User come from its config).
SYNC_KINDS = frozenset(
    {
        "Client", "Enrollment", "CurrentLivingSituation", "Assessment", "AssessmentQuestion",
        "AssessmentResult", "Event", "Service", "HealthAndDV", "Disability", "IncomeBenefit",
        "Exit", "Consent",
    }
)  # fmt: skip

DONE = frozenset({"applied", "merged", "already_applied"})


def prepare_batch(conn: Connection, limit: int, at: str) -> list[JournalEntry]:
    """Return the next batch to push, fixing up each entry's base first.

    The base of a record's oldest pending change is the version the gateway
    last confirmed; an update of a record the gateway never accepted becomes
    a create with all its values (its create was refused), and a delete of
    such a record is done locally. A rewritten entry gets a new change id, and
    it is stored before sending, so a resend is byte for byte the same.
    """
    batch: list[JournalEntry] = []
    for entry in sync_db.pending_heads(conn, limit):
        if entry.kind not in SYNC_KINDS:
            sync_db.finish_entry(conn, entry.seq, "local", at, "not_synced_kind")
            continue
        local = sync_db.load_local(conn, entry.kind, entry.record_id)
        server_version = local.server_version if local else None
        if entry.op == "create" or local is None:
            batch.append(entry)
        elif server_version is None and entry.op == "delete":
            sync_db.finish_entry(conn, entry.seq, "done", at, "never_synced")
        elif server_version is None:
            batch.append(sync_db.rewrite_entry(conn, entry.seq, op="create",
                                               base_version=None, fields=local.data))  # fmt: skip
        elif refused := sync_db.refused_fields(conn, entry.kind, entry.record_id) - set(
            entry.fields
        ):
            # A refused change's fields ride along with the next one, with the values
            # the record holds now: fixed, they go through; still wrong, refused again.
            fields = {name: local.data.get(name) for name in sorted(refused)} | entry.fields
            batch.append(sync_db.rewrite_entry(conn, entry.seq, op=entry.op,
                                               base_version=server_version,
                                               fields=fields))  # fmt: skip
        elif entry.base_version != server_version:
            batch.append(sync_db.rewrite_entry(conn, entry.seq, op=entry.op,
                                               base_version=server_version,
                                               fields=entry.fields))  # fmt: skip
        else:
            batch.append(entry)
    return batch


def apply_answers(
    conn: Connection, batch: Sequence[JournalEntry], answers: Sequence[Mapping[str, Any]], at: str
) -> Counter[str]:
    """Store the gateway's answers to a batch; return counts by status."""
    counts: Counter[str] = Counter()
    for entry, answer in zip(batch, answers, strict=True):
        status = str(answer["status"])
        version = answer.get("version")
        if status == "already_applied" and answer.get("reason") == "rejected":
            status = "rejected"
        counts[status] += 1
        if status == "rejected":
            details = [d for d in answer.get("details") or [] if isinstance(d, dict)]
            sync_db.finish_entry(conn, entry.seq, "rejected", at,
                                 str(answer.get("reason") or "rejected"), details)  # fmt: skip
            log.info("change quarantined: %s %s", entry.kind, answer.get("reason"))
            continue
        sync_db.finish_entry(conn, entry.seq, "done", at, status)
        # A create carries every value, an update the refused fields too (see
        # prepare_batch): what was refused before has now gone through.
        sync_db.supersede_refused(conn, entry.kind, entry.record_id, entry.seq, at)
        if not isinstance(version, int) or entry.op == "delete":
            continue
        local = sync_db.load_local(conn, entry.kind, entry.record_id)
        if local is None:
            continue
        base = dict(local.server_data or {}) if entry.op == "update" else {}
        base.update(entry.fields)
        for conflict in answer.get("conflicts") or []:
            field = str(conflict["field"])
            base[field] = conflict.get("server_value")
            sync_db.add_conflict(conn, entry.kind, entry.record_id, field,
                                 conflict.get("incoming_value"), conflict.get("server_value"),
                                 version, "push", at, answer.get("conflict_id"))  # fmt: skip
        stripped = [str(s) for s in answer.get("stripped") or []]
        for field in stripped:
            base.pop(field, None)
        sync_db.set_server_version(conn, entry.kind, entry.record_id, version, base, stripped)
    return counts


def apply_page(conn: Connection, items: Sequence[Mapping[str, Any]], at: str) -> Counter[str]:
    """Apply a page of pulled rows (the caller stores the cursor in the same transaction)."""
    counts: Counter[str] = Counter()
    for item in items:
        kind, record_id = str(item["kind"]), str(item["record_id"])
        if item.get("withdrawn"):
            counts[_withdraw(conn, str(item.get("client_id") or record_id), at)] += 1
        elif kind not in SYNC_KINDS:
            counts["skipped"] += 1
        elif item.get("deleted"):
            counts[_delete(conn, kind, record_id, item.get("redirect_to"), at)] += 1
        else:
            counts[_write(conn, kind, record_id, item, at)] += 1
    return counts


def _write(conn: Connection, kind: str, record_id: str, item: Mapping[str, Any], at: str) -> str:
    version = int(item["version"])
    server: dict[str, Any] = dict(item["fields"])
    local = sync_db.load_local(conn, kind, record_id)
    if not item.get("conflict"):
        sync_db.resolve_gateway_conflicts(conn, kind, record_id, at)
    if local is not None and local.server_version is not None and local.server_version > version:
        return "stale"
    kept = {f: local.data.get(f) for f in local.kept_fields} if local else {}
    pending = sync_db.pending_entries(conn, kind, record_id)
    if not pending:
        return sync_db.write_pulled(conn, kind, record_id, server | kept, version, server, at)
    assert local is not None  # a pending entry means the record is on this laptop
    if any(e.op == "create" for e in pending):
        # Our create reached the gateway but its answer was lost: the next push
        # gets "already_applied" for it; its pulled copy is our own values.
        log.warning("pulled a record whose create is still pending: %s", kind)
        return "pending_create"
    return _rebase(conn, local, pending, server, version, at)


def _rebase(
    conn: Connection,
    local: sync_db.LocalRecord,
    pending: Sequence[JournalEntry],
    server: dict[str, Any],
    version: int,
    at: str,
) -> str:
    base = local.server_data or {}
    mine = {f for entry in pending for f in entry.fields}
    merged: dict[str, Any] = {}
    conflicted: set[str] = set()
    for field in local.data.keys() | server.keys():
        ours, theirs = local.data.get(field), server.get(field)
        if field in local.kept_fields:
            merged[field] = ours
        elif field not in mine or ours == theirs:
            merged[field] = theirs
        elif theirs == base.get(field):
            merged[field] = ours  # changed here only
        else:
            merged[field] = theirs
            conflicted.add(field)
            sync_db.add_conflict(conn, local.kind, local.record_id, field, ours, theirs,
                                 version, "pull", at)  # fmt: skip
    sync_db.update_local_data(conn, local.kind, local.record_id, merged, at)
    sync_db.set_server_version(conn, local.kind, local.record_id, version, server)
    for entry in pending:
        fields = {k: merged[k] for k in entry.fields if k not in conflicted}
        if entry.op == "update" and not fields:
            sync_db.finish_entry(conn, entry.seq, "done", at, "superseded")
        else:
            sync_db.rewrite_entry(conn, entry.seq, op=entry.op, base_version=version,
                                  fields=fields if entry.op == "update" else {})  # fmt: skip
    return "conflict" if conflicted else "rebased"


def _delete(conn: Connection, kind: str, record_id: str, redirect_to: Any, at: str) -> str:
    """Apply a tombstone: it wins over a pending local edit, which is quarantined."""
    if kind == Client.KIND and isinstance(redirect_to, str):
        _redirect(conn, record_id, redirect_to, at)
        reason = "merged"
    else:
        reason = "deleted"
    sync_db.quarantine_record_entries(conn, kind, record_id, reason, at)
    detail = f"sync: merged into {redirect_to}" if reason == "merged" else "sync: deleted"
    return "deleted" if sync_db.tombstone(conn, kind, record_id, at, detail) else "unchanged"


def _redirect(conn: Connection, loser: str, survivor: str, at: str) -> None:
    """Point the merged client's records at the survivor.

    Records the gateway has are moved by the gateway itself (they arrive
    moved); only records it has not seen yet are re-pointed here, their pending
    create rewritten (with a new change id) so it is sent under the survivor.
    """
    for kind, record_id in sync_db.client_record_keys(conn, loser):
        local = sync_db.load_local(conn, kind, record_id)
        if kind == Client.KIND or local is None or local.deleted:
            continue
        data = {**local.data, "PersonalID": survivor}
        sync_db.update_local_data(conn, kind, record_id, data, at)
        for entry in sync_db.pending_entries(conn, kind, record_id):
            if "PersonalID" in entry.fields:
                fields = {**entry.fields, "PersonalID": survivor}
                sync_db.rewrite_entry(conn, entry.seq, op=entry.op,
                                      base_version=entry.base_version, fields=fields)  # fmt: skip


def _withdraw(conn: Connection, client_id: str, at: str) -> str:
    """Drop a client no longer shared with this laptop, unless work on it is pending."""
    keys = sync_db.client_record_keys(conn, client_id)
    if any(sync_db.pending_entries(conn, kind, rid) for kind, rid in keys):
        for kind, rid in keys:
            sync_db.quarantine_record_entries(conn, kind, rid, "withdrawn", at)
        return "withdrawn_kept"
    sync_db.remove_records(conn, keys, at)
    return "withdrawn"
