"""Benchmark the gateway: push and pull of 10,000 changes against a bare-insert baseline.

Run from the repository root::

    .venv/bin/python -m bench.gateway            # 10,000 changes; empty pulls at 1k and 100k
    .venv/bin/python -m bench.gateway --quick    # 2,000 changes; empty pulls at 1k and 10k

For SQLite (a temporary file) and PostgreSQL (a throwaway cluster started like
the tests' one), a real uvicorn server on 127.0.0.1 is driven over HTTP:

* **push**: N synthetic clients (:func:`outreach_app.domain.demo.generate_clients`)
  as create changes in batches of 500 to ``POST /v1/sync/push``;
* **pull**: all of them back through ``GET /v1/sync/pull`` in pages of 1,000;
* **baseline**: the same JSON bodies posted to a trivial endpoint that inserts
  each change as one row (change id, JSON text) into the same database with
  ``executemany`` in one transaction per batch, and read back in pages of 1,000.
  That is the limit of this stack (HTTP, JSON, the driver); the target is a
  push and pull rate of at least half of it;
* **empty pull**: median and p95 of 50 pulls with nothing new, at 1,000 and
  100,000 records in the database (target under 20 ms).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import statistics
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from fastapi import FastAPI, Request
from sqlalchemy import Engine, text

from outreach_app.domain.demo import generate_clients
from outreach_app.domain.records import new_id, to_json_value
from outreach_gateway.api.app import create_app
from outreach_gateway.clock import utc_now
from outreach_gateway.database import make_engine, migrate, short_write
from outreach_gateway.settings import Settings
from outreach_gateway.tenancy import create_agency, create_user, issue_code

BATCH = 500
PAGE = 1000


def _postgres_module() -> Any:
    path = Path(__file__).parents[1] / "tests" / "gateway" / "gateway_postgres.py"
    spec = importlib.util.spec_from_file_location("gateway_postgres", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class _Server(uvicorn.Server):
    def install_signal_handlers(self) -> None:
        pass


@contextmanager
def serving(app: FastAPI) -> Iterator[str]:
    port = _postgres_module().free_port()
    server = _Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join()


def baseline_app(engine: Engine) -> FastAPI:
    """The trivial endpoint: insert each posted change as a row, read rows back."""
    app = FastAPI()
    with engine.begin() as conn:
        key = "INTEGER PRIMARY KEY" if engine.dialect.name == "sqlite" else "BIGSERIAL PRIMARY KEY"
        conn.execute(
            text(
                f"CREATE TABLE IF NOT EXISTS bench_baseline (n {key}, change_id VARCHAR(64), "
                "body TEXT)"
            )
        )

    @app.post("/baseline")
    async def post(request: Request) -> dict[str, int]:
        body = await request.json()
        rows = [{"c": c["change_id"], "b": json.dumps(c)} for c in body["changes"]]
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO bench_baseline (change_id, body) VALUES (:c, :b)"), rows)
        return {"count": len(rows)}

    @app.get("/baseline")
    def get(cursor: int = 0) -> dict[str, Any]:
        with engine.connect() as conn:
            rows = conn.execute(
                text("SELECT n, body FROM bench_baseline WHERE n > :c ORDER BY n LIMIT :l"),
                {"c": cursor, "l": PAGE},
            ).all()
        return {"items": [json.loads(r.body) for r in rows], "next": rows[-1].n if rows else cursor}

    return app


def _fields(row: dict[str, object]) -> dict[str, object]:
    return {k: to_json_value(v) for k, v in row.items() if k != "PersonalID"}  # type: ignore[arg-type]


def make_batches(count: int, seed: int) -> list[dict[str, Any]]:
    changes = [
        {"change_id": new_id(), "kind": "Client", "record_id": str(row["PersonalID"]),
         "op": "create", "base_version": None, "fields": _fields(row)}
        for row in generate_clients(count, seed)
    ]  # fmt: skip
    return [{"changes": changes[i : i + BATCH]} for i in range(0, len(changes), BATCH)]


def measure_backend(name: str, url: str, count: int, big: int) -> dict[str, float]:
    migrate(url)
    engine = make_engine(url)
    results: dict[str, float] = {}
    with short_write(engine) as conn:
        agency_id = create_agency(conn, "Bench", utc_now())
        user_id = create_user(conn, agency_id, f"bench.{new_id()[:6]}", "worker", utc_now())
        code = issue_code(conn, user_id, utc_now(), __import__("datetime").timedelta(hours=1)).code
    with ExitStack() as stack:
        gateway = stack.enter_context(serving(create_app(Settings(database_url=url), engine)))
        base = stack.enter_context(serving(baseline_app(engine)))
        http = stack.enter_context(httpx.Client(timeout=300))
        token = http.post(f"{gateway}/v1/enroll", json={"code": code}).json()["token"]
        auth = {"Authorization": f"Bearer {token}"}
        batches = make_batches(count, seed=1)
        start = time.perf_counter()
        for batch in batches:
            answers = http.post(f"{gateway}/v1/sync/push", json=batch, headers=auth).json()[
                "answers"
            ]
            assert all(a["status"] == "applied" for a in answers), answers[0]
        results["push/s"] = count / (time.perf_counter() - start)
        start = time.perf_counter()
        for batch in make_batches(count, seed=2):
            http.post(f"{base}/baseline", json=batch).raise_for_status()
        results["baseline push/s"] = count / (time.perf_counter() - start)
        start, cursor, pulled = time.perf_counter(), 0, 0
        while True:
            page = http.get(
                f"{gateway}/v1/sync/pull", params={"cursor": cursor, "limit": PAGE}, headers=auth
            ).json()
            pulled += len(page["items"])
            cursor = page["next_cursor"]
            if not page["more"]:
                break
        assert pulled == count, pulled
        results["pull/s"] = count / (time.perf_counter() - start)
        start, cursor, pulled = time.perf_counter(), 0, 0
        while pulled < 2 * count:
            page = http.get(f"{base}/baseline", params={"cursor": cursor}).json()
            if not page["items"]:
                break
            pulled += len(page["items"])
            cursor = page["next"]
        results["baseline pull/s"] = pulled / (time.perf_counter() - start)

        def empty_pulls() -> tuple[float, float]:
            hw = http.get(
                f"{gateway}/v1/sync/pull", params={"cursor": 0, "limit": 1}, headers=auth
            ).json()
            cursor = hw["next_cursor"]
            while hw["more"]:
                hw = http.get(
                    f"{gateway}/v1/sync/pull",
                    params={"cursor": cursor, "limit": PAGE},
                    headers=auth,
                ).json()
                cursor = hw["next_cursor"]
            times = []
            for _ in range(50):
                t0 = time.perf_counter()
                page = http.get(
                    f"{gateway}/v1/sync/pull", params={"cursor": cursor}, headers=auth
                ).json()
                times.append((time.perf_counter() - t0) * 1000)
                assert page["items"] == []
            return statistics.median(times), sorted(times)[int(len(times) * 0.95) - 1]

        if count >= 1000:
            results["empty pull ms @count"] = empty_pulls()[0]
        loaded = count
        while loaded < big:
            for batch in make_batches(min(10_000, big - loaded), seed=1000 + loaded):
                http.post(f"{gateway}/v1/sync/push", json=batch, headers=auth).raise_for_status()
            loaded += min(10_000, big - loaded)
        median, p95 = empty_pulls()
        results["empty pull ms @big"], results["empty pull p95 ms @big"] = median, p95
    engine.dispose()
    results["records big"] = float(big)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--changes", type=int, default=None)
    args = parser.parse_args(argv)
    count = args.changes or (2_000 if args.quick else 10_000)
    big = 10_000 if args.quick else 100_000
    table: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as folder:
        table["sqlite"] = measure_backend("sqlite", f"sqlite:///{folder}/bench.db", count, big)
    with _postgres_module().postgres_cluster() as url:
        table["postgresql"] = measure_backend("postgresql", url, count, big)
    print(f"\ngateway benchmark: {count} changes, batches of {BATCH}, pages of {PAGE}\n")
    print(f"{'metric':28} {'sqlite':>12} {'postgresql':>12}")
    for key in table["sqlite"]:
        print(f"{key:28} {table['sqlite'][key]:12.1f} {table['postgresql'][key]:12.1f}")
    for kind in ("push", "pull"):
        ratios = [
            table[b][f"{kind}/s"] / table[b][f"baseline {kind}/s"] for b in ("sqlite", "postgresql")
        ]
        print(f"{kind + ' ratio (target >= 0.5)':28} {ratios[0]:12.2f} {ratios[1]:12.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
