"""Performance benchmarks for Outreach's encrypted store (not shipped, not run by pytest).

``python -m bench.run`` (or ``./bench/run.py``) measures bulk insert, client search,
duplicate candidates, and open/unlock time on synthetic demo clients, on the
SQLCipher store and on a plain SQLite copy of the same workload; see
:mod:`bench.run` and ``bench/README.md``.
"""
