"""``outreach sync``: enroll this laptop with the gateway, sync now, show the sync state.

The enrollment code is a secret like a passphrase: it is read from a prompt or
``--code-file`` (``-`` for stdin), never from the command line. The device
token it buys is kept in the encrypted database only. ``status`` prints
counts, record ids, reasons and field names, never a value.
"""

from __future__ import annotations

import argparse
import platform
from pathlib import Path
from typing import Any

from outreach_app import errors, paths
from outreach_app.cli.commands import _vault, unlock_store
from outreach_app.cli.secrets import read_secret
from outreach_app.config import load_config
from outreach_app.storage.store import Store
from outreach_app.sync.engine import SyncEngine, client_for, enroll
from outreach_app.sync.erase import erase_device
from outreach_app.sync.transport import DeviceRevoked, check_url


def register(sub: Any) -> None:
    """Add the ``sync`` command and its actions to the main parser's subparsers."""
    sync = sub.add_parser("sync", help="sync with the CoC gateway: enroll, now, status")
    actions = sync.add_subparsers(dest="sync_command", required=True, metavar="ACTION")
    add = actions.add_parser("enroll", help="enroll this laptop with a one-time code")
    add.add_argument("--url", help="the gateway (https://...; default: the gateway_url setting)")
    add.add_argument("--code-file", metavar="FILE", help="read the code from FILE ('-': stdin)")
    add.add_argument("--label", default=platform.node()[:100] or "laptop", help="this laptop")
    add.set_defaults(func=cmd_sync_enroll)
    actions.add_parser("now", help="push and pull now").set_defaults(func=cmd_sync_now)
    actions.add_parser("status", help="pending, refused and conflicting changes").set_defaults(
        func=cmd_sync_status
    )


def _ca_bundle() -> str | None:
    config = load_config(paths.user_config_file(), paths.managed_config_file())
    return str(config["ca_bundle"]) or None


def cmd_sync_enroll(args: argparse.Namespace, data_dir: Path) -> int:
    """Trade a one-time code for this laptop's device token."""
    config = load_config(paths.user_config_file(), paths.managed_config_file())
    url = args.url or str(config["gateway_url"])
    if not url:
        raise errors.InvalidInput("Say which gateway with --url https://... (ask IT).")
    url = check_url(url)  # before unlocking: a wrong address costs no passphrase
    with unlock_store(args, data_dir) as store:
        both_stdin = args.code_file == args.passphrase_file == "-"
        code = read_secret(args.code_file, "Enrollment code: ", line=1 if both_stdin else 0)
        info = enroll(store, url, code, args.label, ca_bundle=_ca_bundle())
    print(f"Enrolled with {url} as device {info['device_id']}.")
    return 0


def cmd_sync_now(args: argparse.Namespace, data_dir: Path) -> int:
    """Push pending changes, pull new ones, and report the state to the gateway."""
    store = unlock_store(args, data_dir)
    try:
        engine = SyncEngine(store, client_for(store, ca_bundle=_ca_bundle()))
        report = engine.sync_once()
        engine.report_status()
    except DeviceRevoked:
        store.lock()
        removed = erase_device(_vault(data_dir))
        print("This laptop was revoked by the gateway. Erased: " + ", ".join(removed) + ".")
        raise
    finally:
        store.lock()
    print(
        f"Sent {report.pushed} changes ({report.merged} merged, {report.conflicts} changed "
        f"in two places, {report.rejected} refused); received {report.pulled}."
    )
    return 0


def cmd_sync_status(args: argparse.Namespace, data_dir: Path) -> int:
    """Print what waits, what was refused (with reasons) and what conflicts."""
    with unlock_store(args, data_dir) as store:
        _print_status(store)
    return 0


def _print_status(store: Store) -> None:
    summary = store.sync_summary()
    state = summary.state
    print(f"gateway: {state.get('gateway_url', 'not enrolled')}")
    print(f"last sync: {state.get('last_sync_at', 'never')}")
    print(f"waiting to be sent: {summary.pending}", end="")
    print(f" (oldest {summary.oldest_pending_at})" if summary.oldest_pending_at else "")
    print(f"changed in two places: {summary.conflicts}")
    print(f"needs attention (refused by the gateway): {len(summary.quarantined)}")
    for entry in summary.quarantined:
        fields = ", ".join(sorted({str(d.get("field")) for d in entry.details}))
        print(f"  {entry.kind} {entry.record_id} ({entry.op}): {entry.reason}", end="")
        print(f" [{fields}]" if fields else "")
