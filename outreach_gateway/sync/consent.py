"""Who may see a client, from its latest consent record.

A client is shared CoC-wide when its latest Consent (by ConsentDate, then by
the order the gateway received them) says ConsentStatus 1 "Consented to
share" with ConsentScope 1 "CoC-wide", and its agency is not a victim service
provider. Expiry dates are not evaluated here: visibility changes only when a
record is written, so a pull always agrees with the cursor (a time-driven
change would need a sweep; see docs/gateway.md).

When sharing changes, every record of the client gets a new sequence number
so the next pull of every device sends it again: the values to devices that
gained sight of it, a withdrawal to those that lost it.
"""

from __future__ import annotations

import json
import logging

from sqlalchemy import Connection, select, update

from outreach_gateway.database import Sequence
from outreach_gateway.sync.state import restamp_client
from outreach_gateway.tables import agency, client_scope, record

log = logging.getLogger("outreach.gateway.sync")

CONSENTED = 1
COC_WIDE = 1


def latest_consent_shares(consents: list[tuple[dict[str, object], int]]) -> bool:
    """Whether the latest of ``(values, seq)`` consents shares the client CoC-wide."""
    if not consents:
        return False
    values, _ = max(consents, key=lambda item: (str(item[0].get("ConsentDate") or ""), item[1]))
    return values.get("ConsentStatus") == CONSENTED and values.get("ConsentScope") == COC_WIDE


def refresh_sharing(conn: Connection, sequence: Sequence, client_id: str) -> bool:
    """Recompute a client's sharing; restamp its records if it changed. Returns it."""
    scope = conn.execute(
        select(client_scope.c.shared, agency.c.victim_service_provider)
        .join(agency, agency.c.agency_id == client_scope.c.agency_id)
        .where(client_scope.c.client_id == client_id)
    ).one_or_none()
    if scope is None:
        return False
    rows = conn.execute(
        select(record.c.data, record.c.seq).where(
            record.c.client_id == client_id,
            record.c.kind == "Consent",
            record.c.deleted.is_(False),
        )
    ).all()
    consents = [(json.loads(row.data), int(row.seq)) for row in rows]
    shared = not scope.victim_service_provider and latest_consent_shares(consents)
    if shared != bool(scope.shared):
        values: dict[str, object] = {"shared": shared}
        if shared:
            values["ever_shared"] = True
        conn.execute(
            update(client_scope).where(client_scope.c.client_id == client_id).values(**values)
        )
        count = restamp_client(conn, client_id, sequence.next)
        log.info("client sharing changed client=%s shared=%s records=%d", client_id, shared, count)
    return shared
