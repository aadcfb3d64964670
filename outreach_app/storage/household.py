"""Households: the enrollments that share a HouseholdID, and who their clients are.

HMIS groups the people served together (a couple in one tent, a parent and
child in a car) by giving their enrollments one HouseholdID, each with a
relationship to the head of household. Households are small; finding one
scans the enrollments' JSON once, on the database thread.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from outreach_app.domain.records import Enrollment, Record
from outreach_app.storage.database import Connection


@dataclass(frozen=True, slots=True)
class Member:
    """One person of a household.

    Attributes:
        enrollment: their enrollment (with RelationshipToHoH).
        first_name, last_name, aliases: as the client list shows them.
    """

    enrollment: Record
    first_name: str | None
    last_name: str | None
    aliases: str | None


def household_members(conn: Connection, household_id: str) -> list[Member]:
    """Return the live enrollments with ``household_id`` and their clients' names."""
    rows = conn.execute(
        "SELECT r.id, r.data, i.first_name, i.last_name, i.aliases FROM record r"
        " LEFT JOIN client_index i ON i.client_id = r.client_id"
        " WHERE r.kind = ? AND r.deleted_at IS NULL"
        " AND json_extract(r.data, '$.HouseholdID') = ?"
        " ORDER BY json_extract(r.data, '$.RelationshipToHoH'), r.created_at",
        (Enrollment.KIND, household_id),
    ).fetchall()
    return [
        Member(Enrollment.from_data(record_id, json.loads(data)), first, last, aliases)
        for record_id, data, first, last, aliases in rows
    ]
