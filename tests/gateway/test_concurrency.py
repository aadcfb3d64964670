"""Many devices at once against a real multi-worker gateway: nothing lost, nothing twice.

Also the invariant behind it: a pull never passes a row that commits later
with a lower sequence number (decision 0010).
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from gateway_helpers import Device, change, client_fields, new_id
from gateway_postgres import free_port
from sqlalchemy import text

from outreach_gateway.clock import stamp, utc_now
from outreach_gateway.database import writing
from outreach_gateway.sync.model import Actor, Change
from outreach_gateway.sync.push import PushBatch

DEVICES = 20
BATCHES = 4
PER_BATCH = 15


@pytest.fixture
def multiworker(world: Any) -> Iterator[str]:
    port = free_port()
    env = {**os.environ, "OUTREACH_GATEWAY_CONTACT_RESOLUTION_SECONDS": "60"}
    process = subprocess.Popen(
        [sys.executable, "-m", "outreach_gateway.cli", "--database-url", world.gateway.database_url,
         "serve", "--port", str(port), "--workers", "4", "--log-level", "warning"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        assert process.poll() is None, process.stderr.read().decode() if process.stderr else ""
        try:
            if httpx.get(f"{url}/v1/openapi.json", timeout=1).status_code == 200:
                break
        except httpx.TransportError:
            pass
        assert time.monotonic() < deadline, "the multi-worker gateway did not start"
        time.sleep(0.2)
    try:
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)
        if process.stderr:
            process.stderr.close()


@pytest.mark.slow
def test_twenty_devices_four_workers_and_a_puller(world: Any, multiworker: str) -> None:
    http = httpx.Client(base_url=multiworker, timeout=60, limits=httpx.Limits(max_connections=40))
    devices = []
    for index in range(DEVICES):
        code = world.code("A.worker" if index % 2 else "A.supervisor")
        body = http.post("/v1/enroll", json={"code": code}).json()
        devices.append(
            Device(http, body["token"], body["device_id"], body["user_id"], body["agency_id"])
        )
    puller = devices[0]
    pushed: set[str] = set()
    lock = threading.Lock()
    failures: list[str] = []

    def device_work(device: Device) -> None:
        try:
            for _ in range(BATCHES):
                batch = [change("Client", new_id(), **client_fields()) for _ in range(PER_BATCH)]
                answers = device.push(*batch)
                assert [a["status"] for a in answers] == ["applied"] * PER_BATCH
                retry = device.push(*batch[:3])  # a retry of part of the batch changes nothing
                assert {a["status"] for a in retry} == {"already_applied"}
                with lock:
                    pushed.update(c["record_id"] for c in batch)
        except Exception as exc:  # reported below, with the thread's failure
            failures.append(repr(exc))

    pulled: list[str] = []
    done = threading.Event()

    def pull_work() -> None:
        cursor = 0
        while not done.is_set():
            items, cursor = puller.pull_all(cursor, limit=37)
            pulled.extend(i["record_id"] for i in items)
        items, cursor = puller.pull_all(cursor, limit=37)
        pulled.extend(i["record_id"] for i in items)

    workers = [threading.Thread(target=device_work, args=(d,)) for d in devices]
    reader = threading.Thread(target=pull_work)
    reader.start()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    done.set()
    reader.join()
    http.close()
    assert failures == []
    assert len(pushed) == DEVICES * BATCHES * PER_BATCH
    assert set(pulled) == pushed  # the puller missed nothing
    assert len(pulled) == len(set(pulled))  # and each record came once (each changed once)
    with world.gateway.engine.connect() as conn:
        versions = conn.execute(text("SELECT COUNT(*) FROM record_version")).scalar_one()
        seqs = conn.execute(text("SELECT COUNT(DISTINCT seq), MAX(seq) FROM record")).one()
    assert versions == len(pushed)
    assert tuple(seqs) == (len(pushed), len(pushed))


def test_pull_never_passes_an_uncommitted_lower_sequence(world: Any, device_a: Device) -> None:
    device_a.create_client()
    _, cursor = device_a.pull_all()
    actor = Actor(device_a.device_id, device_a.user_id, device_a.agency_id, False)
    started, release = threading.Event(), threading.Event()

    def slow_writer() -> None:
        with writing(world.gateway.engine) as (conn, sequence):
            PushBatch(conn, sequence, actor, stamp(utc_now())).run(
                [Change(new_id(), "Client", new_id(), "create", None, client_fields())]
            )
            started.set()
            release.wait(10)

    writer = threading.Thread(target=slow_writer)
    writer.start()
    assert started.wait(10)
    # SQLite's pull waits for the write lock to record the sync; let the writer go soon
    threading.Timer(0.5, release.set).start()
    items, during = device_a.pull_all(cursor)  # the writer holds seq cursor+1, uncommitted
    assert (items, during) == ([], cursor)
    release.set()
    writer.join()
    items, after = device_a.pull_all(during)
    assert len(items) == 1 and after == cursor + 1
