"""The Outreach gateway: the Continuum of Care's side of sync.

Laptops keep their own encrypted store and sync to this HTTP service, which a CoC
runs in front of its HMIS. It authenticates enrolled devices, scopes what each
sees by agency and consent, strips personal identifiers from victim service
providers' records, detects field-level conflicts and keeps every version.

Layers: :mod:`.tables` and :mod:`.database` (SQLAlchemy Core, Alembic
migrations in :mod:`.migrations`), :mod:`.sync` (push, pull, conflicts,
history, merge: no HTTP), :mod:`.api` (FastAPI routes and JSON shapes) and
:mod:`.cli` (``outreach-gateway serve | migrate | admin``). It reuses
:mod:`outreach_app.domain` for records and validation and never imports Qt or
the app's storage.
"""
