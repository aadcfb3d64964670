"""One sync run: push the journal in batches, then pull from the cursor.

:class:`SyncEngine` is plain Python with no Qt and no thread of its own; the
command line calls :meth:`SyncEngine.sync_once` directly and the window runs
it on a :class:`~outreach_app.sync.worker.SyncWorker`. Its database work goes
through the store's ``-- sync --`` methods (one transaction per pushed batch,
one per pulled page with its cursor); its network work through a
:class:`~outreach_app.sync.transport.GatewayClient`.

Pushing comes first and a failed push ends the run before any pull: a change
whose answer was lost is therefore resent unchanged (and answered
``already_applied``) before a pull could rebase it. The clock only stamps
local rows; no decision ever compares times (the product's sync principles).
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import requests

from outreach_app import __version__
from outreach_app.storage.database import Connection
from outreach_app.storage.store import Store, iso, utc_now
from outreach_app.storage.sync_db import SyncSummary, set_state
from outreach_app.sync import apply
from outreach_app.sync.transport import GatewayClient, NotEnrolled

log = logging.getLogger("outreach.sync")

BATCH_SIZE = 200
PAGE_SIZE = 500


@dataclass(frozen=True, slots=True)
class SyncReport:
    """What one run did, in counts (never values), for the window, the CLI and logs.

    Attributes:
        pushed: changes sent; applied, merged, conflicts, rejected: their answers
            (``already_applied`` counts as applied).
        pulled: rows received; written: records created or changed from them;
            deleted: records deleted or withdrawn here because of them.
        local_conflicts: fields found changed both ways while rebasing.
        cursor: the pull cursor after the run.
        cancelled: the run stopped early between batches because it was asked to.
        duration: seconds.
    """

    pushed: int = 0
    applied: int = 0
    merged: int = 0
    conflicts: int = 0
    rejected: int = 0
    pulled: int = 0
    written: int = 0
    deleted: int = 0
    local_conflicts: int = 0
    cursor: int = 0
    cancelled: bool = False
    duration: float = 0.0


Progress = Callable[[str, int], None]


class SyncEngine:
    """Runs sync between one unlocked store and one gateway.

    Attributes:
        store: the unlocked store.
        client: the gateway client, holding this device's token.
    """

    def __init__(
        self,
        store: Store,
        client: GatewayClient,
        *,
        clock: Callable[[], dt.datetime] = utc_now,
        batch_size: int = BATCH_SIZE,
        page_size: int = PAGE_SIZE,
        on_progress: Progress | None = None,
        page_hook: Callable[[Connection, Mapping[str, Any]], None] | None = None,
    ) -> None:
        """Set up a run; ``page_hook`` is for tests.

        ``page_hook`` runs inside each pulled page's transaction, after its rows
        and cursor are written: a failure there rolls both back (used by tests to
        show that a crash between pages never moves the cursor past unsaved rows).
        """
        self.store = store
        self.client = client
        self._clock = clock
        self._batch_size = batch_size
        self._page_size = page_size
        self._on_progress = on_progress
        self._page_hook = page_hook

    def _progress(self, stage: str, count: int) -> None:
        if self._on_progress is not None:
            self._on_progress(stage, count)

    def sync_once(self, cancel: threading.Event | None = None) -> SyncReport:
        """Push every pending change, then pull every page; return what happened.

        Raises the transport's typed errors (GatewayUnreachable, GatewayError,
        DeviceRevoked, BadResponse); what was stored before the error stays
        stored, and nothing half-applied is kept.
        """
        started = time.monotonic()
        counts: Counter[str] = Counter()
        cancelled = self._push(counts, cancel)
        cursor = int(self.store.sync_state().get("cursor", "0"))
        if not cancelled:
            cursor, cancelled = self._pull(cursor, counts, cancel)
        if not cancelled:
            self.store.set_sync_state({"last_sync_at": iso(self._clock()), "last_error": None})
        report = SyncReport(
            pushed=counts["pushed"],
            applied=counts["applied"] + counts["already_applied"],
            merged=counts["merged"],
            conflicts=counts["conflict"],
            rejected=counts["rejected"],
            pulled=counts["pulled"],
            written=counts["created"] + counts["updated"] + counts["rebased"],
            deleted=counts["deleted"] + counts["withdrawn"],
            local_conflicts=counts["local_conflict"],
            cursor=cursor,
            cancelled=cancelled,
            duration=time.monotonic() - started,
        )
        log.info(
            "sync: pushed %d (conflicts %d, rejected %d), pulled %d, %.2fs",
            report.pushed, report.conflicts, report.rejected, report.pulled, report.duration,
        )  # fmt: skip
        return report

    def _push(self, counts: Counter[str], cancel: threading.Event | None) -> bool:
        while True:
            if cancel is not None and cancel.is_set():
                return True
            sent = self._push_batch(iso(self._clock()))
            if sent is None:
                return False
            counts.update(sent)
            self._progress("push", counts["pushed"])

    def _push_batch(self, at: str) -> Counter[str] | None:
        """Send one batch and store its answers; None when nothing is pending."""
        size = self._batch_size
        batch = self.store.sync_transaction(lambda c: apply.prepare_batch(c, size, at))
        if not batch:
            return None
        answers = self.client.push([entry.to_json() for entry in batch])
        answered = self.store.sync_transaction(lambda c: apply.apply_answers(c, batch, answers, at))
        answered["pushed"] = len(batch)
        return answered

    def _pull(
        self, cursor: int, counts: Counter[str], cancel: threading.Event | None
    ) -> tuple[int, bool]:
        while True:
            if cancel is not None and cancel.is_set():
                return cursor, True
            page = self.client.pull(cursor, self._page_size)
            done = self.store.sync_transaction(self._page_writer(page, iso(self._clock())))
            done["local_conflict"] = done.pop("conflict", 0)
            counts.update(done)
            counts["pulled"] += len(page["items"])
            cursor = int(page["next_cursor"])
            self._progress("pull", counts["pulled"])
            if not page["more"]:
                return cursor, False

    def _page_writer(
        self, page: Mapping[str, Any], at: str
    ) -> Callable[[Connection], Counter[str]]:
        """Return the transaction body storing a page's rows together with its cursor."""

        def store_page(conn: Connection) -> Counter[str]:
            done = apply.apply_page(conn, page["items"], at)
            set_state(conn, {"cursor": str(int(page["next_cursor"]))})
            if self._page_hook is not None:
                self._page_hook(conn, page)
            return done

        return store_page

    def report_status(self, error_codes: Sequence[str] = ()) -> None:
        """Tell the gateway this device's sync state (counts and codes only)."""
        summary = self.store.sync_summary()
        self.client.status(status_report(summary, error_codes))


def status_report(summary: SyncSummary, error_codes: Sequence[str] = ()) -> dict[str, Any]:
    """Return the body of ``POST /v1/status`` for a store's summary."""
    return {
        "app_version": __version__,
        "pending_count": summary.pending,
        "oldest_pending_at": summary.oldest_pending_at,
        "errors": list(error_codes)[:50],
        "quarantined_count": len(summary.quarantined),
    }


def enroll(
    store: Store,
    url: str,
    code: str,
    label: str,
    *,
    session: requests.Session | None = None,
    ca_bundle: str | None = None,
) -> dict[str, str]:
    """Enroll this laptop with the gateway; keep the token in the encrypted database.

    The token never touches a plain file or a log. A new enrollment starts the
    pull again from the beginning (another gateway, or another user's view).
    Returns the device, user and agency ids (not the token).
    """
    client = GatewayClient(url, session=session, ca_bundle=ca_bundle)
    info = client.enroll(code, label)
    store.set_sync_state(
        {
            "gateway_url": client.base_url,
            "device_token": info["token"],
            "device_id": info["device_id"],
            "user_id": info["user_id"],
            "agency_id": info["agency_id"],
            "cursor": "0",
            "enrolled_at": iso(utc_now()),
        }
    )
    log.info("device enrolled: %s", info["device_id"])
    return {k: v for k, v in info.items() if k != "token"}


def client_for(
    store: Store, *, session: requests.Session | None = None, ca_bundle: str | None = None
) -> GatewayClient:
    """Return a gateway client with the token and address this store was enrolled with."""
    state = store.sync_state()
    if "device_token" not in state or "gateway_url" not in state:
        raise NotEnrolled("This laptop is not enrolled yet: run 'outreach sync enroll'.")
    return GatewayClient(
        state["gateway_url"], state["device_token"], session=session, ca_bundle=ca_bundle
    )
