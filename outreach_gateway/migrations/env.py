"""Alembic's environment: migrate on the connection the gateway hands in.

The gateway runs migrations itself (``outreach-gateway migrate``, and at
``serve`` start on SQLite), passing an open connection through
``config.attributes["connection"]``; there is no ``alembic.ini``.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from outreach_gateway.tables import metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only when run by the alembic command
    raise RuntimeError("run migrations through `outreach-gateway migrate`")
_run(connection)
