"""An ephemeral PostgreSQL cluster for the gateway tests, started from the binaries.

``initdb`` into a temporary folder, ``pg_ctl start`` on a free port bound to
127.0.0.1 with durability off (fsync, full-page writes, synchronous commit:
the data is thrown away anyway), one database created, the cluster stopped at
the end. As root, the folder belongs to the ``postgres`` user and the
binaries run as that user, since PostgreSQL refuses to run as root.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    """Return a TCP port that is free on 127.0.0.1 right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def find_binary(name: str) -> str:
    """Find a PostgreSQL server binary, or fail saying how to get it."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    if candidates:
        return candidates[0]
    raise RuntimeError(
        f"PostgreSQL's {name} was not found on PATH or in /usr/lib/postgresql/*/bin: "
        "install the server (apt-get install postgresql) to run the gateway tests"
    )


@contextmanager
def postgres_cluster() -> Iterator[str]:
    """Start a throwaway cluster; yield a SQLAlchemy URL of a fresh database in it."""
    initdb, pg_ctl = find_binary("initdb"), find_binary("pg_ctl")
    as_root = os.geteuid() == 0
    prefix = ["runuser", "-u", "postgres", "--"] if as_root else []
    base = Path(tempfile.mkdtemp(prefix="outreach-pg-"))
    data, sockets = base / "data", base / "sock"
    sockets.mkdir()
    if as_root:
        shutil.chown(base, "postgres")
        shutil.chown(sockets, "postgres")
    port = free_port()
    env = {**os.environ, "LC_ALL": "C.UTF-8"}
    subprocess.run(
        [*prefix, initdb, "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8"],
        check=True, capture_output=True, env=env,
    )  # fmt: skip
    options = (
        f"-F -p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off "
        "-c full_page_writes=off -c synchronous_commit=off -c max_connections=200"
    )
    log = base / "postgres.log"
    if as_root:
        log.touch()
        shutil.chown(log, "postgres")
    subprocess.run(
        [*prefix, pg_ctl, "-D", str(data), "-o", options, "-l", str(log), "-w", "start"],
        check=True, capture_output=True, env=env,
    )  # fmt: skip
    try:
        import psycopg

        with psycopg.connect(
            host="127.0.0.1", port=port, user="postgres", dbname="postgres", autocommit=True
        ) as conn:
            conn.execute("CREATE DATABASE outreach_test")
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/outreach_test"
    finally:
        subprocess.run(
            [*prefix, pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop"],
            check=False, capture_output=True, env=env,
        )  # fmt: skip
        shutil.rmtree(base, ignore_errors=True)
