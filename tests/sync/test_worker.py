"""The background worker and its backoff."""

from __future__ import annotations

import queue
import random

import pytest
from gateway_postgres import free_port
from sync_helpers import Device, new_client

from outreach_app import errors
from outreach_app.sync.engine import SyncEngine, SyncReport
from outreach_app.sync.transport import GatewayClient
from outreach_app.sync.worker import Backoff, SyncWorker


def test_backoff_grows_to_its_cap_with_jitter() -> None:
    backoff = Backoff(base=1, cap=60, rng=random.Random(7))
    delays = [backoff.next_delay() for _ in range(12)]
    ceilings = [min(60, 2**n) for n in range(12)]
    assert all(c / 2 <= d <= c for d, c in zip(delays, ceilings, strict=True))
    assert len(set(delays)) == len(delays)  # jittered
    backoff.reset()
    assert backoff.next_delay() <= 1
    with pytest.raises(errors.BugError):
        Backoff(base=0)


def test_the_worker_syncs_on_request_and_stops_cleanly(device_a: Device) -> None:
    results: queue.Queue[SyncReport] = queue.Queue()
    progress: list[tuple[str, int]] = []
    engine = device_a.engine(on_progress=lambda stage, n: progress.append((stage, n)))
    worker = SyncWorker(engine, interval=3600, on_result=results.put)
    worker.start()
    assert results.get(timeout=10).pushed == 0  # the first run starts at once
    device_a.store.save(new_client())
    worker.request()  # as the window does after a save
    assert results.get(timeout=10).pushed == 1
    assert ("push", 1) in progress
    worker.stop()
    assert not worker.is_alive()


def test_the_worker_backs_off_after_a_failure(device_a: Device) -> None:
    failures: queue.Queue[errors.KnownError] = queue.Queue()
    token = device_a.store.sync_state()["device_token"]
    client = GatewayClient(f"http://127.0.0.1:{free_port()}", token)
    backoff = Backoff(base=0.01, cap=0.02)
    worker = SyncWorker(SyncEngine(device_a.store, client), backoff=backoff, on_error=failures.put)
    worker.start()
    failures.get(timeout=10)
    failures.get(timeout=10)  # retried after the (short) backoff delay
    worker.stop()
    assert backoff.failures >= 2 and not worker.is_alive()
