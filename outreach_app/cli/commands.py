"""The ``outreach`` subcommands, each a function of the parsed arguments.

They print for people (tables, plain sentences) and return an exit code; the
errors they raise are mapped to messages by :mod:`outreach_app.cli.main`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import sys
import time
from pathlib import Path

from outreach_app import __version__, errors, paths
from outreach_app.cli.secrets import read_secret
from outreach_app.config import load_config
from outreach_app.domain.agency import outreach_project, street_outreach_project
from outreach_app.domain.demo import generate_clients
from outreach_app.domain.demo_outreach import outreach_history
from outreach_app.domain.records import Client, Project
from outreach_app.domain.validation import check, validate
from outreach_app.storage.manifest import DATABASE_FILE
from outreach_app.storage.recordsdb import WriteSummary
from outreach_app.storage.store import Store
from outreach_app.storage.vault import Vault


def _vault(data_dir: Path) -> Vault:
    config = load_config(paths.user_config_file(), paths.managed_config_file())
    return Vault(data_dir, prefer_keyring=bool(config["prefer_keyring"]))


def unlock_store(args: argparse.Namespace, data_dir: Path) -> Store:
    vault = _vault(data_dir)
    users = vault.users()
    name = args.user
    if name is None:
        if len(users) != 1:
            names = ", ".join(u.user_name for u in users)
            raise errors.InvalidInput(f"Say who unlocks with --user NAME (users: {names}).")
        name = users[0].user_name
    passphrase = read_secret(args.passphrase_file, f"Passphrase for {name}: ")
    return vault.unlock(name, passphrase)


def _both_stdin(first: str | None, second: str | None) -> bool:
    """Whether two secrets both come from stdin (then they are its lines 1 and 2)."""
    return first == second == "-"


def cmd_init(args: argparse.Namespace, data_dir: Path) -> int:
    """Create the store and the first admin; print the recovery key once."""
    passphrase = read_secret(
        args.passphrase_file, f"New passphrase for {args.admin}: ", confirm=True
    )
    store, recovery_key = _vault(data_dir).create(args.admin, passphrase, args.full_name)
    with store:
        print(f"Created an encrypted Outreach store in {data_dir}.")
        print(f"Admin user: {args.admin}")
        print()
        print("RECOVERY KEY (shown once: print it or write it down, and lock it away):")
        print(f"    {recovery_key}")
        print()
        print("It opens the store if every passphrase is forgotten. Anyone holding it and")
        print("this laptop can read the data, so keep it apart from the laptop.")
    return 0


def cmd_users_add(args: argparse.Namespace, data_dir: Path) -> int:
    """Add a local user."""
    with unlock_store(args, data_dir) as store:
        new = read_secret(
            args.new_passphrase_file,
            f"New passphrase for {args.name}: ",
            line=1 if _both_stdin(args.new_passphrase_file, args.passphrase_file) else 0,
            confirm=True,
        )
        user = store.add_user(args.name, new, args.role, args.full_name)
        print(f"Added {user.user_name} ({user.role}), user id {user.user_id}.")
    return 0


def cmd_users_list(args: argparse.Namespace, data_dir: Path) -> int:
    """List local users (needs an unlock: roles are kept encrypted)."""
    with unlock_store(args, data_dir) as store:
        print(f"{'USER':<20} {'ROLE':<11} USER ID")
        for user in store.users():
            print(f"{user.user_name:<20} {user.role:<11} {user.user_id}")
    return 0


def cmd_users_passwd(args: argparse.Namespace, data_dir: Path) -> int:
    """Set a passphrase, unlocking with a passphrase or the recovery key."""
    vault = _vault(data_dir)
    if args.recovery_key_file:
        store = vault.unlock_with_recovery(read_secret(args.recovery_key_file, "Recovery key: "))
    else:
        store = unlock_store(args, data_dir)
    with store:
        first = args.recovery_key_file or args.passphrase_file
        same_stdin = _both_stdin(args.new_passphrase_file, first)
        new = read_secret(
            args.new_passphrase_file,
            f"New passphrase for {args.name}: ",
            line=1 if same_stdin else 0,
            confirm=True,
        )
        store.set_passphrase(args.name, new)
        print(f"The passphrase of {args.name} was changed. The old one no longer works.")
    return 0


def cmd_rekey(args: argparse.Namespace, data_dir: Path) -> int:
    """Re-encrypt the database under a new data key."""
    with unlock_store(args, data_dir) as store:
        started = time.perf_counter()
        store.rekey()
        print(
            f"The store was re-encrypted with a new key in {time.perf_counter() - started:.1f} s."
        )
        if args.new_recovery_key:
            print("NEW RECOVERY KEY (the old one no longer works):")
            print(f"    {store.new_recovery_key()}")
    return 0


def parse_dob(text: str) -> dt.date:
    """Parse a date of birth typed as YYYY-MM-DD or MM/DD/YYYY, strictly."""
    for fmt in ("%Y-%m-%d", "%m/%d/%Y"):
        try:
            return dt.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    raise errors.InvalidInput("Date of birth must look like 1980-07-31 or 07/31/1980.")


def client_values(args: argparse.Namespace) -> dict[str, object]:
    """Build HMIS Client values, with data-quality codes, from the arguments."""
    first, last = args.first or None, args.last or None
    ssn = args.ssn.replace("-", "").strip() if args.ssn else None
    values: dict[str, object] = {
        "FirstName": first,
        "LastName": last,
        "NameDataQuality": 1 if first and last else 2 if first or last else 99,
        "SSN": ssn,
        "SSNDataQuality": (1 if ssn.isdigit() else 2) if ssn else 99,
        "DOB": parse_dob(args.dob) if args.dob else None,
        "DOBDataQuality": 1 if args.dob else 99,
        "Aliases": "; ".join(a.strip() for a in args.alias if a.strip()) or None,
        "Sex": 99 if args.sex is None else args.sex,
        "VeteranStatus": 99 if args.veteran is None else args.veteran,
        "RaceNone": 99,
    }
    return {k: v for k, v in values.items() if v is not None}


def cmd_client_add(args: argparse.Namespace, data_dir: Path) -> int:
    """Add a client after showing likely duplicates."""
    client = Client.new(**client_values(args))  # type: ignore[arg-type]
    check(client)
    with unlock_store(args, data_dir) as store:
        candidates = store.duplicates(client.values)
        likely = [c for c in candidates if c.match.likely]
        if likely and not args.force:
            print("This person may already be on this laptop:")
            for candidate in likely:
                hit = candidate.hit
                reasons = "; ".join(r.detail for r in candidate.match.reasons)
                print(f"  {hit.client_id}  {_name(hit.first_name, hit.last_name)}  ({reasons})")
            print("Open one of them with 'outreach client show ID', or add with --force.")
            return 1
        for message in validate(client):
            print(f"note: {message.field}: {message.message}")
        store.save(client)
        print(client.id)
    return 0


def _name(first: str | None, last: str | None) -> str:
    return " ".join(p for p in (first, last) if p) or "(no name)"


def cmd_client_find(args: argparse.Namespace, data_dir: Path) -> int:
    """Search clients and print a table."""
    with unlock_store(args, data_dir) as store:
        hits = store.search(" ".join(args.query), limit=args.limit)
    if not hits:
        print("No clients found.")
        return 0
    print(f"{'CLIENT ID':<33} {'NAME':<30} {'DOB':<11} SSN")
    for hit in hits:
        dob = hit.dob.isoformat() if hit.dob else "-"
        ssn = f"***-**-{hit.ssn_last4}" if hit.ssn_last4 else "-"
        print(
            f"{hit.client_id:<33} {_name(hit.first_name, hit.last_name)[:30]:<30} {dob:<11} {ssn}"
        )
    return 0


def cmd_client_show(args: argparse.Namespace, data_dir: Path) -> int:
    """Show one client's values and their records (logged as a view)."""
    with unlock_store(args, data_dir) as store:
        client = store.view("Client", args.client_id)
        records = store.client_records(args.client_id)
    print(f"Client {client.id}")
    for column, value in client.values.items():
        print(f"  {column}: {value}")
    for record in records:
        print(f"{record.KIND} {record.id}")
        for column, value in record.values.items():
            print(f"  {column}: {value}")
    return 0


def add_demo_data(store: Store, clients: int, seed: int) -> WriteSummary:
    """Add synthetic clients, and outreach work for some of them, to ``store``.

    The work (enrollments and contacts) goes under the store's street outreach
    project, which is made first on a store that has none.
    """
    project = outreach_project(store.records(Project.KIND))
    if project is None:
        organization, project = street_outreach_project("Demo Outreach")
        store.save_many([organization, project])
    rows = list(generate_clients(clients, seed))
    summary = store.save_many(Client.from_values(v) for v in rows)
    store.save_many(outreach_history(rows, project.id, seed))
    return summary


def cmd_demo_data(args: argparse.Namespace, data_dir: Path) -> int:
    """Add synthetic, deterministic demo clients."""
    if args.clients < 1:
        raise errors.InvalidInput("--clients must be at least 1.")
    with unlock_store(args, data_dir) as store:
        started = time.perf_counter()
        summary = add_demo_data(store, args.clients, args.seed)
        elapsed = time.perf_counter() - started
    rate = len(summary.created) / elapsed if elapsed else 0
    print(
        f"Added {len(summary.created)} demo clients "
        f"({len(summary.updated)} updated) in {elapsed:.1f} s ({rate:,.0f}/s)."
    )
    return 0


def _size(path: Path) -> str:
    return f"{path.stat().st_size / 1_048_576:.1f} MiB" if path.exists() else "-"


def cmd_doctor(args: argparse.Namespace, data_dir: Path) -> int:
    """Print diagnostics for IT: versions, keyring, sizes, schema, integrity."""
    import keyring
    import sqlcipher3

    from outreach_app.storage.keystore import describe_backend

    print(f"outreach {__version__} on Python {platform.python_version()} ({sys.platform})")
    print(f"SQLite (in SQLCipher) {sqlcipher3.sqlite_version}")
    print(f"keyring backend: {describe_backend(keyring.get_keyring())}")
    print(f"data folder: {data_dir}")
    vault = _vault(data_dir)
    if not vault.exists:
        print("store: none yet (run 'outreach init')")
        return 0
    manifest = vault.manifest()
    print(f"store id: {manifest.store_id}, created {manifest.created_at}")
    print(f"local users: {len(manifest.users)}")
    for name in (DATABASE_FILE, DATABASE_FILE + "-wal", "store.json", "keyslots.json"):
        print(f"  {name}: {_size(data_dir / name)}")
    if args.no_unlock:
        return 0
    with unlock_store(args, data_dir) as store:
        print(f"key slots: {vault.slot_store(manifest.store_id).describe()}")
        for key, value in store.diagnostics().items():
            print(f"{key}: {value}")
    return 0


DEMO_USER = "demo"
DEMO_COC = "XX-500"  # HUD's placeholder pattern; no real CoC has it
DEMO_PASSPHRASE = "bridge-morning-7"  # noqa: S105 - the published passphrase of demo stores
DEMO_CLIENTS = 2000


def cmd_gui(args: argparse.Namespace, data_dir: Path) -> int:
    """Open the window (with ``--demo``, on a demo store created first if needed)."""
    from outreach_app.ui.app import run

    hint = ""
    if args.demo:
        vault = _vault(data_dir)
        if not vault.exists:
            print(f"Creating a demo store with {DEMO_CLIENTS} synthetic people in {data_dir} …")
            store, _recovery = vault.create(DEMO_USER, DEMO_PASSPHRASE, "Demo worker")
            with store:
                add_demo_data(store, DEMO_CLIENTS, 1)
        hint = f"Demo store: user “{DEMO_USER}”, passphrase “{DEMO_PASSPHRASE}”."
    config = load_config(paths.user_config_file(), paths.managed_config_file())
    for problem in config.problems:
        print(problem, file=sys.stderr)
    coc_code = str(config["coc_code"]) or (DEMO_COC if args.demo else "")
    return run(
        data_dir,
        hint=hint,
        lock_seconds=60 * float(config["lock_timeout_minutes"]),
        agency=str(config["agency"] or ""),
        coc_code=coc_code or None,
        instruments_dir=Path(str(config["instruments_dir"])) if config["instruments_dir"] else None,
        gateway_url=str(config["gateway_url"] or ""),
        gateway_locked="gateway_url" in config.managed,
        ca_bundle=str(config["ca_bundle"] or "") or None,
    )
