"""Applying a batch of pushed changes: idempotent, per-field three-way merge.

A batch runs in one writing transaction (holding the writer lock, see
:mod:`outreach_gateway.database`). Every change is *planned* in memory first:
its change id is checked, its values parsed and validated with
:mod:`outreach_app.domain.validation`, and a new version computed, so a bad
change is answered ``rejected`` without touching the database and never
undoes the others (decision 0011). The batch's rows are then written together.

Per-field merge, against the version the change was based on (the base):
a field the server has not changed since the base takes the incoming value;
a field changed on the server and incoming to the same value is fine; a
field changed both ways to different values is a conflict: the server value
stays, both are kept in a ``conflict`` row and the record is flagged. Wall
clocks never decide. A delete is final: an edit of a deleted record is
rejected ``deleted`` (decision 0012).
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, select

from outreach_app.domain.hmis_spec import METADATA_COLUMNS, FiscalYear
from outreach_app.domain.records import (
    Client,
    Record,
    Value,
    parse_value,
    record_columns,
    record_type,
    to_json_value,
)
from outreach_app.domain.validation import errors_only, validate
from outreach_gateway.database import Sequence, bulk_insert
from outreach_gateway.sync.consent import refresh_sharing
from outreach_gateway.sync.model import (
    DATA_NOT_COLLECTED,
    DATA_QUALITY_COLUMNS,
    PERSONAL_IDENTIFIERS,
    SYNC_KINDS,
    Actor,
    Answer,
    Change,
    ConflictField,
    FieldProblem,
    Fields,
    dumps,
    fingerprint,
    rejected,
    visible,
)
from outreach_gateway.sync.state import (
    ClientScope,
    Key,
    RecordState,
    load_records,
    load_scopes,
    save_records,
    version_data,
)
from outreach_gateway.tables import applied_change, client_scope, conflict, record_version

log = logging.getLogger("outreach.gateway.sync")

_PLAIN = (str, int, type(None))
_TYPE_MESSAGES = {
    "integer": "This should be a whole number.",
    "date": "This should be a date (YYYY-MM-DD).",
    "timestamp": "This should be a date and time (YYYY-MM-DD HH:MM:SS).",
    "money": "This should be an amount of money.",
    "string": "This should be text.",
}


@dataclass(slots=True)
class _Applied:
    fingerprint: str
    answer: dict[str, Any]


@dataclass
class PushBatch:
    """One push: the changes of a device, planned in memory then written at once.

    Attributes:
        conn: a connection holding the writer lock.
        sequence: hands out server sequence numbers.
        actor: the device pushing.
        now: when the batch was received (stamp text).
        fiscal_year: the HMIS spec to validate against.
    """

    conn: Connection
    sequence: Sequence
    actor: Actor
    now: str
    fiscal_year: FiscalYear = 2026
    _records: dict[Key, RecordState] = field(default_factory=dict)
    _scopes: dict[str, ClientScope] = field(default_factory=dict)
    _applied: dict[str, _Applied] = field(default_factory=dict)
    _existing: set[Key] = field(default_factory=set)
    _dirty: dict[Key, RecordState] = field(default_factory=dict)
    _versions: list[dict[str, Any]] = field(default_factory=list)
    _batch_versions: dict[tuple[str, str, int], Fields] = field(default_factory=dict)
    _changes: list[dict[str, Any]] = field(default_factory=list)
    _conflicts: list[dict[str, Any]] = field(default_factory=list)
    _new_scopes: list[ClientScope] = field(default_factory=list)
    _consent_clients: set[str] = field(default_factory=set)

    def run(self, changes: list[Change]) -> list[Answer]:
        """Plan every change, write the batch, and return one answer per change."""
        self._prefetch(changes)
        answers = [self._answer(change) for change in changes]
        self._write()
        counts = Counter(a.status for a in answers)
        log.info("push device=%s changes=%d %s", self.actor.device_id, len(answers), dict(counts))
        return answers

    # --- loading ---------------------------------------------------------------------

    def _prefetch(self, changes: list[Change]) -> None:
        ids = sorted({c.change_id for c in changes})
        for start in range(0, len(ids), 500):
            rows = self.conn.execute(
                select(
                    applied_change.c.change_id,
                    applied_change.c.fingerprint,
                    applied_change.c.answer,
                ).where(applied_change.c.change_id.in_(ids[start : start + 500]))
            )
            for row in rows:
                self._applied[row.change_id] = _Applied(row.fingerprint, json.loads(row.answer))
        keys: set[Key] = {(c.kind, c.record_id) for c in changes}
        keys |= {("Client", c.fields["PersonalID"]) for c in changes if _names_client(c)}
        self._records = load_records(self.conn, keys)
        self._existing = set(self._records)
        client_ids = {s.client_id for s in self._records.values()}
        client_ids |= {k[1] for k in keys if k[0] == "Client"}
        self._scopes = load_scopes(self.conn, client_ids)

    # --- planning --------------------------------------------------------------------

    def _answer(self, change: Change) -> Answer:
        digest = fingerprint(change)
        prior = self._applied.get(change.change_id)
        if prior is not None:
            if prior.fingerprint != digest:
                return rejected(change.change_id, "change_id_reused")
            first = Answer.from_json(prior.answer)
            first.reason, first.status = first.status, "already_applied"
            return first
        if change.kind not in SYNC_KINDS:
            return rejected(change.change_id, "unknown_kind")
        if change.op == "create":
            answer = self._create(change)
        elif change.op == "update":
            answer = self._update(change)
        else:
            answer = self._delete(change)
        if answer.status != "rejected":
            first_answer = answer.to_json()
            self._applied[change.change_id] = _Applied(digest, first_answer)
            self._changes.append(
                {
                    "change_id": change.change_id,
                    "device_id": self.actor.device_id,
                    "fingerprint": digest,
                    "answer": dumps(first_answer),
                    "received_at": self.now,
                }
            )
        return answer

    def _parse(self, change: Change) -> tuple[Fields, list[FieldProblem], list[str], Record]:
        """Parse and normalize values; strip identifiers for a victim service provider.

        Returns the values as stored (JSON), the problems, the columns stripped,
        and the parsed record (so a create is validated without parsing twice).
        """
        columns = record_columns(change.kind, self.fiscal_year)
        cls = record_type(change.kind)
        data: Fields = {}
        values: dict[str, Value] = {}
        problems: list[FieldProblem] = []
        for name, raw in change.fields.items():
            if name == cls.ID_COLUMN or name in METADATA_COLUMNS:
                continue
            column = columns.get(name)
            if column is None:
                data[name] = raw  # validation names it as not part of HMIS
                values[name] = raw
                continue
            try:
                value = parse_value(column, raw)
            except (ValueError, TypeError):
                problems.append(FieldProblem(name, _TYPE_MESSAGES[column.kind], "type"))
                continue
            values[name] = value
            # Text and whole numbers are stored as they came; dates and money as text.
            data[name] = value if type(value) in _PLAIN else to_json_value(value)
        stripped: list[str] = []
        if change.kind == Client.KIND and self.actor.victim_service_provider:
            stripped = sorted(n for n in PERSONAL_IDENTIFIERS if data.pop(n, None) is not None)
            for name in stripped:
                values.pop(name, None)
            if stripped or change.op == "create":
                data.update(dict.fromkeys(DATA_QUALITY_COLUMNS, DATA_NOT_COLLECTED))
                values.update(dict.fromkeys(DATA_QUALITY_COLUMNS, DATA_NOT_COLLECTED))
        return data, problems, stripped, cls(change.record_id, values)

    def _validate(self, kind: str, record_id: str, data: Fields) -> list[FieldProblem]:
        record: Record = record_type(kind).from_data(record_id, data, self.fiscal_year)
        return self._problems(record)

    def _problems(self, record: Record) -> list[FieldProblem]:
        return [
            FieldProblem(m.field, m.message, m.rule)
            for m in errors_only(validate(record, fiscal_year=self.fiscal_year))
        ]

    def _can_see(self, state: RecordState) -> bool:
        scope = self._scopes.get(state.client_id)
        if scope is None:
            return state.agency_id == self.actor.agency_id
        return visible(self.actor.agency_id, state.agency_id, scope.agency_id, scope.shared)

    def _create(self, change: Change) -> Answer:
        cid = change.change_id
        key = (change.kind, change.record_id)
        if key in self._records:
            return rejected(cid, "record_exists")
        data, problems, stripped, parsed = self._parse(change)
        if problems:
            return rejected(cid, "invalid", problems)
        if change.kind == Client.KIND:
            client_id = change.record_id
        else:
            client = data.get("PersonalID")
            if not isinstance(client, str) or not client:
                problem = FieldProblem("PersonalID", "This record must name its client.", "client")
                return rejected(cid, "invalid", [problem])
            client_id = client
            owner = self._records.get((Client.KIND, client_id))
            if owner is None or not self._can_see(owner):
                return rejected(cid, "client_not_found")
            if owner.deleted:
                return rejected(cid, "client_deleted")
        problems = self._problems(parsed)
        if problems:
            return rejected(cid, "invalid", problems)
        if change.kind == Client.KIND:
            scope = ClientScope(client_id, self.actor.agency_id, shared=False, ever_shared=False)
            self._scopes[client_id] = scope
            self._new_scopes.append(scope)
        state = RecordState(
            kind=change.kind,
            record_id=change.record_id,
            client_id=client_id,
            agency_id=self.actor.agency_id,
            version=1,
            seq=self.sequence.next(),
            data=data,
            deleted=False,
            redirect_to=None,
            conflicted=False,
            user_id=self.actor.user_id,
            device_id=self.actor.device_id,
            received_at=self.now,
        )
        self._records[key] = state
        self._record_version(state, "create", cid)
        return Answer(cid, "applied", state.version, state.seq, stripped=stripped)

    def _current(self, change: Change) -> RecordState | Answer:
        current = self._records.get((change.kind, change.record_id))
        if current is None or not self._can_see(current):
            return rejected(change.change_id, "not_found")
        if current.deleted:
            return rejected(change.change_id, "deleted")
        base = change.base_version
        if base is None:
            return rejected(change.change_id, "base_version_required")
        if not 1 <= base <= current.version:
            return rejected(change.change_id, "bad_base_version")
        return current

    def _base_data(self, current: RecordState, base: int) -> Fields:
        if base == current.version:
            return current.data
        in_batch = self._batch_versions.get((current.kind, current.record_id, base))
        if in_batch is not None:
            return in_batch
        return version_data(self.conn, current.key, base) or {}

    def _update(self, change: Change) -> Answer:
        cid = change.change_id
        current = self._current(change)
        if isinstance(current, Answer):
            return current
        incoming, problems, stripped, _parsed = self._parse(change)
        if problems:
            return rejected(cid, "invalid", problems)
        moved = incoming.get("PersonalID", current.client_id) != current.client_id
        if change.kind != Client.KIND and moved:
            problem = FieldProblem(
                "PersonalID", "A record cannot move to another client.", "client"
            )
            return rejected(cid, "invalid", [problem])
        assert change.base_version is not None  # checked by _current
        base = self._base_data(current, change.base_version)
        merged = dict(current.data)
        conflicts: list[ConflictField] = []
        for name, value in incoming.items():
            server = current.data.get(name)
            if value == server:
                continue
            if server == base.get(name):
                merged[name] = value
            else:
                conflicts.append(ConflictField(name, server, value))
        problems = self._validate(change.kind, change.record_id, merged)
        if problems:
            return rejected(cid, "invalid", problems)
        if conflicts:
            status: Any = "conflict"
        else:
            status = "merged" if change.base_version != current.version else "applied"
        if merged == current.data and not conflicts:
            return Answer(cid, status, current.version, current.seq, stripped=stripped)
        state = self._new_version(
            current, data=merged, conflicted=current.conflicted or bool(conflicts)
        )
        self._record_version(state, "update", cid)
        answer = Answer(cid, status, state.version, state.seq, stripped=stripped)
        if conflicts:
            answer.conflict_id = self._open_conflict(current, state, change, conflicts)
            answer.conflicts = conflicts
        return answer

    def _delete(self, change: Change) -> Answer:
        current = self._records.get((change.kind, change.record_id))
        if current is not None and current.deleted and self._can_see(current):
            return Answer(change.change_id, "applied", current.version, current.seq)
        found = self._current(change)
        if isinstance(found, Answer):
            return found
        state = self._new_version(found, data=found.data, conflicted=found.conflicted, deleted=True)
        self._record_version(state, "delete", change.change_id)
        return Answer(change.change_id, "applied", state.version, state.seq)

    def _new_version(
        self, current: RecordState, *, data: Fields, conflicted: bool, deleted: bool = False
    ) -> RecordState:
        state = RecordState(
            kind=current.kind,
            record_id=current.record_id,
            client_id=current.client_id,
            agency_id=current.agency_id,
            version=current.version + 1,
            seq=self.sequence.next(),
            data=data,
            deleted=deleted,
            redirect_to=current.redirect_to,
            conflicted=conflicted,
            user_id=self.actor.user_id,
            device_id=self.actor.device_id,
            received_at=self.now,
        )
        self._records[state.key] = state
        return state

    def _record_version(self, state: RecordState, op: str, change_id: str) -> None:
        self._dirty[state.key] = state
        self._versions.append(state.version_row(op, change_id))
        self._batch_versions[(state.kind, state.record_id, state.version)] = state.data
        if state.kind == "Consent":
            self._consent_clients.add(state.client_id)

    def _open_conflict(
        self,
        server: RecordState,
        state: RecordState,
        change: Change,
        conflicts: list[ConflictField],
    ) -> str:
        from outreach_app.domain.records import new_id

        conflict_id = new_id()
        assert change.base_version is not None
        self._conflicts.append(
            {
                "conflict_id": conflict_id,
                "kind": state.kind,
                "record_id": state.record_id,
                "status": "open",
                "base_version": change.base_version,
                "version": state.version,
                "fields": dumps(
                    {
                        c.field: {"server": c.server_value, "incoming": c.incoming_value}
                        for c in conflicts
                    }
                ),
                "server_user_id": server.user_id,
                "server_device_id": server.device_id,
                "server_received_at": server.received_at,
                "incoming_user_id": self.actor.user_id,
                "incoming_device_id": self.actor.device_id,
                "incoming_change_id": change.change_id,
                "received_at": self.now,
            }
        )
        return conflict_id

    # --- writing ---------------------------------------------------------------------

    def _write(self) -> None:
        conn = self.conn
        if self._new_scopes:
            bulk_insert(
                conn,
                client_scope,
                [
                    {
                        "client_id": s.client_id,
                        "agency_id": s.agency_id,
                        "shared": False,
                        "ever_shared": False,
                    }
                    for s in self._new_scopes
                ],
            )
        inserted = [s for k, s in self._dirty.items() if k not in self._existing]
        updated = [s for k, s in self._dirty.items() if k in self._existing]
        save_records(conn, inserted, updated)
        bulk_insert(conn, record_version, self._versions)
        bulk_insert(conn, conflict, self._conflicts)
        bulk_insert(conn, applied_change, self._changes)
        for client_id in sorted(self._consent_clients):
            refresh_sharing(conn, self.sequence, client_id)


def _names_client(change: Change) -> bool:
    value = change.fields.get("PersonalID")
    return change.kind != Client.KIND and isinstance(value, str) and bool(value)
