"""Sync with the CoC's gateway: change journal, push/pull, conflicts, retries.

Nothing lives here yet but this description of what will. Every local change
is already written to the ``journal`` table in the same transaction as the
change itself (see :mod:`outreach_app.storage.recordsdb`), with its change id,
the record, the server version it was based on and the changed fields; the
sync engine will push those entries in batches, pull from a server cursor, and
resolve conflicts field by field. No Qt is imported here.
"""
