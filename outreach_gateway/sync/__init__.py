"""Sync on the gateway's side: push, pull, conflicts, history and client merges.

Plain functions of a SQLAlchemy connection, with no HTTP in them, so the API,
the admin command line and the tests share one implementation.
"""
