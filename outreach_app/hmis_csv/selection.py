"""Which records an export holds, decided before a row is written.

HMIS CSV requires every reference to resolve inside the export, and a date-range
export holds the enrollments active in the range with their clients and their
records. Both need a first pass over the small kinds and the enrollments, so
that each file can then be written in one streamed pass with a set lookup per
row. The sets hold IDs only (32 characters each), never values.

Consent decides what is identifying: a client's latest Consent record (by
ConsentDate, then by when it was recorded) with ConsentStatus 1 allows names,
SSN and DOB to leave the device; any other client is exported de-identified.
This is the rule the gateway uses for sharing (decision 0013).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from outreach_app.domain.validation import as_date, as_int
from outreach_app.hmis_csv.source import iter_records
from outreach_app.storage.store import Store

#: ConsentStatus 1: the client agreed to share (Outreach's list OR.1).
CONSENTED = 1


@dataclass
class Selection:
    """The IDs of the records one export holds.

    Attributes:
        start: the first day of the export period.
        end: the last day of the export period.
        organizations, projects, clients, enrollments, assessments: IDs included.
        consented: clients whose identifiers may be exported.
        skipped: records left out because a reference would not resolve.
    """

    start: dt.date
    end: dt.date
    organizations: set[str] = field(default_factory=set)
    projects: set[str] = field(default_factory=set)
    clients: set[str] = field(default_factory=set)
    enrollments: set[str] = field(default_factory=set)
    assessments: set[str] = field(default_factory=set)
    consented: set[str] = field(default_factory=set)
    skipped: int = 0


def select(store: Store, start: dt.date | None, end: dt.date) -> Selection:
    """Decide what an export of ``store`` for ``start``..``end`` holds.

    With ``start`` ``None``, every client and every enrollment that began by
    ``end`` is included, and the period starts at the earliest entry date.
    """
    selection = Selection(start or end, end)
    selection.organizations = {s.record.id for s in iter_records(store, "Organization")}
    for stored in iter_records(store, "Project"):
        if stored.record.get("OrganizationID") in selection.organizations:
            selection.projects.add(stored.record.id)
        else:
            selection.skipped += 1
    all_clients = {s.record.id for s in iter_records(store, "Client")}
    exits = _exit_dates(store)
    earliest = end
    for stored in iter_records(store, "Enrollment"):
        record = stored.record
        entry = as_date(record.get("EntryDate"))
        person = record.get("PersonalID")
        if record.get("ProjectID") not in selection.projects or person not in all_clients:
            selection.skipped += 1
            continue
        if not _active(entry, exits.get(record.id), start or dt.date.min, end):
            continue
        selection.enrollments.add(record.id)
        if isinstance(person, str):
            selection.clients.add(person)
        if entry is not None:
            earliest = min(earliest, entry)
    if start is None:
        selection.clients = all_clients
        selection.start = earliest
    selection.assessments = {
        s.record.id
        for s in iter_records(store, "Assessment")
        if s.record.get("EnrollmentID") in selection.enrollments
    }
    selection.consented = _consented(store) & selection.clients
    return selection


def _active(entry: dt.date | None, exit_date: dt.date | None, start: dt.date, end: dt.date) -> bool:
    """Whether an enrollment overlaps the period (HUD's "active in the report period")."""
    if entry is None or entry > end:
        return False
    return exit_date is None or exit_date >= start


def _exit_dates(store: Store) -> dict[str, dt.date]:
    dates: dict[str, dt.date] = {}
    for stored in iter_records(store, "Exit"):
        enrollment, exit_date = (
            stored.record.get("EnrollmentID"),
            as_date(stored.record.get("ExitDate")),
        )
        if isinstance(enrollment, str) and exit_date is not None:
            dates[enrollment] = exit_date
    return dates


def _consented(store: Store) -> set[str]:
    """Return the clients whose latest consent is ConsentStatus 1."""
    latest: dict[str, tuple[dt.date, str, bool]] = {}
    for stored in iter_records(store, "Consent"):
        record = stored.record
        person = record.get("PersonalID")
        if not isinstance(person, str):
            continue
        when = as_date(record.get("ConsentDate")) or dt.date.min
        key = (when, stored.created_at, as_int(record.get("ConsentStatus")) == CONSENTED)
        if person not in latest or key[:2] >= latest[person][:2]:
            latest[person] = key
    return {person for person, (_, _, given) in latest.items() if given}
