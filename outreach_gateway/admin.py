"""``outreach-gateway admin …``: the CoC admin's commands, straight on the database.

They need no running server and no token: whoever can reach the database is
already trusted with it. Output is ids, counts and statuses; a client's name
never appears (merges and conflicts print record ids only).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json

from sqlalchemy import Connection, Engine, select

from outreach_gateway.clock import stamp, utc_now
from outreach_gateway.database import make_engine, reading, short_write, writing
from outreach_gateway.demo import load_demo
from outreach_gateway.sync.conflicts import list_conflicts
from outreach_gateway.sync.merge import MergeError, merge_clients
from outreach_gateway.sync.model import Actor
from outreach_gateway.tables import agency
from outreach_gateway.tenancy import (
    ROLES,
    AdminError,
    create_agency,
    create_project,
    create_user,
    issue_code,
    list_devices,
    revoke_device,
)


def add_admin_commands(parser: argparse.ArgumentParser) -> None:
    """Declare the admin subcommands."""
    commands = parser.add_subparsers(dest="admin_command", required=True)
    agency = commands.add_parser("create-agency", help="create an agency (HMIS organization)")
    agency.add_argument("name")
    agency.add_argument("--victim-service-provider", action="store_true")
    project = commands.add_parser("create-project", help="create a project of an agency")
    project.add_argument("agency_id")
    project.add_argument("name")
    project.add_argument(
        "--project-type", type=int, default=4, help="HUD 2.02.6 (4: street outreach)"
    )
    user = commands.add_parser("create-user", help="create a user of an agency")
    user.add_argument("agency_id")
    user.add_argument("user_name")
    user.add_argument("--role", choices=ROLES, default="worker")
    code = commands.add_parser("issue-code", help="issue a one-time device enrollment code")
    code.add_argument("user_id")
    code.add_argument("--hours", type=float, default=24.0, help="hours until it expires")
    devices = commands.add_parser("devices", help="list devices and their sync status")
    devices.add_argument("--agency", default=None)
    revoke = commands.add_parser("revoke", help="revoke a device (it erases its data)")
    revoke.add_argument("device_id")
    conflicts = commands.add_parser("conflicts", help="list conflicts")
    conflicts.add_argument("--status", choices=("open", "resolved", "all"), default="open")
    merge = commands.add_parser("merge-clients", help="merge a duplicate client into another")
    merge.add_argument("merged_id")
    merge.add_argument("survivor_id")
    demo = commands.add_parser("demo", help="load demo agencies, users and clients")
    demo.add_argument("--clients", type=int, default=300)


_ADMIN = Actor("admin", "admin", "", False, "supervisor")


def run_admin(args: argparse.Namespace) -> int:
    """Run one admin command; print its result; return the exit status."""
    engine = make_engine(args.database_url)
    now = utc_now()
    try:
        return _dispatch(args, engine, now)
    except (AdminError, MergeError, ValueError) as exc:
        print(f"error: {exc}")
        return 2
    finally:
        engine.dispose()


def _dispatch(args: argparse.Namespace, engine: Engine, now: dt.datetime) -> int:
    command = args.admin_command
    if command in {"create-agency", "create-project", "create-user", "issue-code", "revoke"}:
        with short_write(engine) as conn:
            if command == "create-agency":
                print(
                    create_agency(
                        conn, args.name, now, victim_service_provider=args.victim_service_provider
                    )
                )
            elif command == "create-project":
                print(create_project(conn, args.agency_id, args.name, now, args.project_type))
            elif command == "create-user":
                print(create_user(conn, args.agency_id, args.user_name, args.role, now))
            elif command == "issue-code":
                issued = issue_code(conn, args.user_id, now, dt.timedelta(hours=args.hours))
                print(f"code: {issued.code}\nexpires: {stamp(issued.expires_at)}")
            elif not revoke_device(conn, args.device_id, now):
                print("no live device with that id")
                return 1
            else:
                print(f"revoked {args.device_id}")
        return 0
    if command == "devices":
        with reading(engine) as conn:
            for row in list_devices(conn, args.agency):
                print(json.dumps(row, sort_keys=True))
        return 0
    if command == "conflicts":
        with reading(engine) as conn:
            status = None if args.status == "all" else args.status
            for row in _all_conflicts(conn, status):
                print(json.dumps(row, sort_keys=True))
        return 0
    if command == "merge-clients":
        with writing(engine) as (conn, sequence):
            moved = merge_clients(conn, sequence, args.merged_id, args.survivor_id, stamp(now))
        print(f"merged {args.merged_id} into {args.survivor_id}; {moved} records moved")
        return 0
    demo = load_demo(engine, now, clients=args.clients)
    print(f"agency: {demo.agency_id}\nvictim service provider agency: {demo.vsp_agency_id}")
    print(f"clients: {demo.clients}\nenrollment code: {demo.code.code}")
    print(f"expires: {stamp(demo.code.expires_at)}")
    return 0


def _all_conflicts(conn: Connection, status: str | None) -> list[dict[str, object]]:
    """Return every conflict, whatever the agency (the admin sees all)."""
    found: dict[str, dict[str, object]] = {}
    for agency_id in conn.execute(select(agency.c.agency_id)).scalars():
        actor = Actor(_ADMIN.device_id, _ADMIN.user_id, agency_id, False, "supervisor")
        for row in list_conflicts(conn, actor, status):
            found[str(row["conflict_id"])] = row
    return list(found.values())
