"""Entry point and argument parsing of the ``outreach`` command.

Every command maps a :class:`~outreach_app.errors.KnownError` to a plain
message on stderr and its own exit code; anything else is a bug, reported
without personal data and logged. Exit codes: 0 ok, 2 bad input (for
``validate``: the HMIS CSV export has errors), 3 no store / store exists, 4 store
in use, 5 damaged store, 7 wrong passphrase, 8 weak passphrase, 9 user problems,
10 not allowed, 11 keyring, 12 disk full, 13 not found, 20-24 sync (gateway
unreachable, gateway error, device revoked, not enrolled, bad answer), 70 internal
error, 130 interrupted.
"""

from __future__ import annotations

import argparse
import logging
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from outreach_app import __version__, errors, paths
from outreach_app.cli import commands, hmis
from outreach_app.cli import sync as sync_cli
from outreach_app.log import setup_logging

log = logging.getLogger("outreach.cli")

BUG_EXIT = 70


def build_parser() -> argparse.ArgumentParser:
    """Return the parser for every subcommand."""
    parser = argparse.ArgumentParser(
        prog="outreach",
        description="Outreach: street outreach contacts, intake and CE assessments, offline.",
    )
    parser.add_argument("--version", action="version", version=f"outreach {__version__}")
    parser.add_argument("--data-dir", type=Path, help="the store's folder (default: per user)")
    parser.add_argument(
        "--passphrase-file",
        metavar="FILE",
        help="read the passphrase from FILE ('-' for stdin) instead of prompting",
    )
    parser.add_argument("--user", help="who unlocks (default: the only user, or ask)")
    parser.add_argument("--verbose", action="store_true", help="also log to stderr")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    init = sub.add_parser("init", help="create the store and its first admin user")
    init.add_argument("--admin", required=True, help="the first admin's user name")
    init.add_argument("--full-name", default="")
    init.set_defaults(func=commands.cmd_init)

    users = sub.add_parser("users", help="local users: add, list, passwd")
    users_sub = users.add_subparsers(dest="users_command", required=True, metavar="ACTION")
    add = users_sub.add_parser("add", help="add a user (admins only)")
    add.add_argument("name")
    add.add_argument("--role", choices=("worker", "supervisor", "admin"), default="worker")
    add.add_argument("--full-name", default="")
    add.add_argument(
        "--new-passphrase-file", metavar="FILE", help="the new user's passphrase ('-': stdin)"
    )
    add.set_defaults(func=commands.cmd_users_add)
    users_sub.add_parser("list", help="list users").set_defaults(func=commands.cmd_users_list)
    passwd = users_sub.add_parser("passwd", help="set a passphrase (your own, or as admin)")
    passwd.add_argument("name")
    passwd.add_argument("--new-passphrase-file", metavar="FILE")
    passwd.add_argument(
        "--recovery-key-file",
        metavar="FILE",
        help="unlock with the recovery key instead of a passphrase ('-': stdin)",
    )
    passwd.set_defaults(func=commands.cmd_users_passwd)

    rekey = sub.add_parser("rekey", help="re-encrypt the store under a new data key")
    rekey.add_argument(
        "--new-recovery-key", action="store_true", help="also replace the recovery key"
    )
    rekey.set_defaults(func=commands.cmd_rekey)

    client = sub.add_parser("client", help="clients: add, find, show")
    client_sub = client.add_subparsers(dest="client_command", required=True, metavar="ACTION")
    cadd = client_sub.add_parser("add", help="add a client (checks duplicates first)")
    cadd.add_argument("--first")
    cadd.add_argument("--last")
    cadd.add_argument("--dob", help="YYYY-MM-DD or MM/DD/YYYY")
    cadd.add_argument("--ssn", help="9 digits; x for unknown digits")
    cadd.add_argument("--alias", action="append", default=[], help="a street name (repeatable)")
    cadd.add_argument("--sex", type=int, help="HUD 4.21 code (0, 1, 8, 9, 99)")
    cadd.add_argument("--veteran", type=int, help="HUD 1.8 code (0, 1, 8, 9, 99)")
    cadd.add_argument("--force", action="store_true", help="create even if duplicates exist")
    cadd.set_defaults(func=commands.cmd_client_add)
    find = client_sub.add_parser("find", help="search by name, alias, DOB or SSN digits")
    find.add_argument("query", nargs="+")
    find.add_argument("--limit", type=int, default=20)
    find.set_defaults(func=commands.cmd_client_find)
    show = client_sub.add_parser("show", help="show a client and their records")
    show.add_argument("client_id")
    show.set_defaults(func=commands.cmd_client_show)

    demo = sub.add_parser("demo-data", help="add synthetic demo clients")
    demo.add_argument("--clients", type=int, default=1000)
    demo.add_argument("--seed", type=int, default=1)
    demo.set_defaults(func=commands.cmd_demo_data)

    doctor = sub.add_parser("doctor", help="diagnostics for IT (no personal data)")
    doctor.add_argument(
        "--no-unlock", action="store_true", help="skip the checks that need the store unlocked"
    )
    doctor.set_defaults(func=commands.cmd_doctor)

    check = sub.add_parser("validate", help="check an HMIS CSV zip (no store needed)")
    check.add_argument("file", type=Path)
    check.add_argument("--fiscal-year", type=int, choices=(2024, 2026), help="default: detect")
    check.set_defaults(func=hmis.cmd_validate)

    export = sub.add_parser("export", help="export data: hmis-csv")
    export_sub = export.add_subparsers(dest="export_command", required=True, metavar="FORMAT")
    hmis_csv = export_sub.add_parser("hmis-csv", help="write an HMIS CSV zip")
    hmis_csv.add_argument("out", metavar="OUT.zip")
    hmis_csv.add_argument("--fiscal-year", type=int, choices=(2024, 2026), default=2026)
    hmis_csv.add_argument("--from", dest="start", metavar="DATE", help="YYYY-MM-DD")
    hmis_csv.add_argument("--to", dest="end", metavar="DATE", help="YYYY-MM-DD (default: today)")
    hmis_csv.add_argument("--force", action="store_true", help="replace OUT.zip if it exists")
    hmis_csv.set_defaults(func=hmis.cmd_export_hmis_csv)

    sync_cli.register(sub)

    gui = sub.add_parser("gui", help="open the window")
    gui.add_argument(
        "--demo",
        action="store_true",
        help="first create a demo store with synthetic people (a try-out; not for real data)",
    )
    gui.set_defaults(func=commands.cmd_gui)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    data_dir = paths.data_dir(args.data_dir)
    try:
        setup_logging(paths.log_dir(data_dir), console=args.verbose)
    except OSError as exc:
        print(f"outreach: warning: cannot write logs: {exc.strerror}", file=sys.stderr)
    try:
        result: int = args.func(args, data_dir)
    except errors.InvalidInput as exc:
        print(f"outreach: {exc.message}", file=sys.stderr)
        for field, message in exc.messages:
            print(f"  {field}: {message}", file=sys.stderr)
        return exc.exit_code
    except errors.KnownError as exc:
        print(f"outreach: {exc.message}", file=sys.stderr)
        log.info("command failed: %s", type(exc).__name__)
        return exc.exit_code
    except KeyboardInterrupt:
        print("outreach: interrupted; nothing half-written was kept.", file=sys.stderr)
        return 130
    except Exception as exc:
        # Log where it happened, never the exception's text: it could quote a value.
        frames = "".join(traceback.format_tb(exc.__traceback__))
        log.error("internal error: %s\n%s", type(exc).__name__, frames)
        print(
            f"outreach: internal error ({type(exc).__name__}). This is a bug in Outreach, "
            "not something you did. Details are in the log; nothing was lost.",
            file=sys.stderr,
        )
        return BUG_EXIT
    return result


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
