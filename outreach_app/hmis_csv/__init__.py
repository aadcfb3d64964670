"""HMIS CSV interoperability: checking any vendor's export, and writing one from a device.

HUD's HMIS CSV format is how homeless services data moves between systems: 24
files in a zip, one ``Export.csv`` row naming the export. An agency without a
gateway exports from its laptop (:mod:`.export`); a CoC administrator checks
what any vendor sends before loading it (:mod:`.validator`). Both read HUD's
machine-readable specification through :mod:`outreach_app.domain.hmis_spec`, so
a new fiscal year is data, not code. Nothing here imports Qt or the gateway.
"""

from __future__ import annotations

from outreach_app.hmis_csv.export import ExportSummary, export_hmis_csv
from outreach_app.hmis_csv.report import Problem, Report
from outreach_app.hmis_csv.validator import validate_zip

__all__ = ["ExportSummary", "Problem", "Report", "export_hmis_csv", "validate_zip"]
