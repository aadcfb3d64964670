"""``outreach-gateway``: serve the API, migrate the database, administer tenants.

``serve`` runs uvicorn with N workers; each worker process builds the app from
``OUTREACH_GATEWAY_*`` variables, which the flags set. ``migrate`` upgrades
the schema (``serve`` does it too for SQLite; for PostgreSQL with several
gateways, run it once before starting them). ``admin …`` works directly on
the database: agencies, projects, users, enrollment codes, devices,
conflicts, client merges and the demo data.
"""

from __future__ import annotations

import argparse
import dataclasses
import logging
import os
import sys
from collections.abc import Sequence

from outreach_gateway.settings import Settings


def _parser() -> argparse.ArgumentParser:
    defaults = Settings.from_env()
    parser = argparse.ArgumentParser(prog="outreach-gateway", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url",
        default=defaults.database_url,
        help="SQLAlchemy URL: sqlite:///gateway.db or postgresql://user@host/db "
        "(env OUTREACH_GATEWAY_DATABASE_URL)",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run the HTTP API")
    serve.add_argument("--host", default=defaults.host)
    serve.add_argument("--port", type=int, default=defaults.port)
    serve.add_argument("--workers", type=int, default=defaults.workers)
    serve.add_argument("--max-request-bytes", type=int, default=defaults.max_request_bytes)
    serve.add_argument(
        "--forwarded-allow-ips",
        default=None,
        help="trust X-Forwarded-For from these proxy addresses (for per-address rate limits)",
    )
    serve.add_argument("--log-level", default="info")
    commands.add_parser("migrate", help="upgrade the database schema")
    commands.add_parser("openapi", help="print the OpenAPI document")
    from outreach_gateway.admin import add_admin_commands

    add_admin_commands(commands.add_parser("admin", help="administer agencies, users and devices"))
    return parser


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from outreach_gateway.database import is_sqlite, migrate

    settings = dataclasses.replace(
        Settings.from_env(),
        database_url=args.database_url,
        host=args.host,
        port=args.port,
        workers=args.workers,
        max_request_bytes=args.max_request_bytes,
    )
    os.environ.update(settings.to_env())
    if is_sqlite(settings.database_url):
        migrate(settings.database_url)
    uvicorn.run(
        "outreach_gateway.api.app:app_from_env",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=settings.workers,
        log_level=args.log_level,
        forwarded_allow_ips=args.forwarded_allow_ips,
        proxy_headers=args.forwarded_allow_ips is not None,
    )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    if args.command == "serve":
        return _serve(args)
    if args.command == "migrate":
        from outreach_gateway.database import migrate

        migrate(args.database_url)
        print("database schema is up to date")
        return 0
    if args.command == "openapi":
        import json

        from outreach_gateway.api.app import openapi_document

        print(json.dumps(openapi_document(), indent=2, sort_keys=True))
        return 0
    from outreach_gateway.admin import run_admin

    return run_admin(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
