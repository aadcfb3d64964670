"""Sync with the CoC's gateway: push the journal, pull from a cursor, keep conflicts.

- :mod:`.transport`: the HTTPS client and its typed errors;
- :mod:`.engine`: one sync run (:class:`~.engine.SyncEngine`), enrollment, status;
- :mod:`.apply`: what answers and pulled rows do to the store, one transaction each;
- :mod:`.worker`: the background thread and its backoff;
- :mod:`.erase`: what a revoked device removes.

The SQL lives in :mod:`outreach_app.storage.sync_db`; see ``docs/sync.md``. No Qt here.
"""
