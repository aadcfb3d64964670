"""What an HMIS CSV export looks like, beyond the column list: shared by writer and checker.

HUD's specification gives each file's columns; it does not say in one place
which IDs point where, which header spellings real software writes, or how to
tell FY2024 from FY2026 by looking at a file. Those facts live here, once, so
the exporter writes exactly what the validator expects.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from types import MappingProxyType

from outreach_app.domain.hmis_spec import Column, FiscalYear, HmisSpec, load_spec

#: Files whose ID sets the checks need, in the order they must be read so that
#: every reference points at a file already read.
READ_FIRST = (
    "Export.csv",
    "User.csv",
    "Organization.csv",
    "Project.csv",
    "Client.csv",
    "Enrollment.csv",
    "Assessment.csv",
)

#: ``(file, id column)``: the IDs other files refer to, collected while reading.
KEY_COLUMNS: Mapping[str, str] = MappingProxyType(
    {
        "User.csv": "UserID",
        "Organization.csv": "OrganizationID",
        "Project.csv": "ProjectID",
        "Client.csv": "PersonalID",
        "Enrollment.csv": "EnrollmentID",
        "Assessment.csv": "AssessmentID",
    }
)

#: A column with one of these names, in any file but the one that owns the ID,
#: must name a row of that file.
REFERENCES: Mapping[str, str] = MappingProxyType(
    {
        "UserID": "User.csv",
        "OrganizationID": "Organization.csv",
        "ProjectID": "Project.csv",
        "PersonalID": "Client.csv",
        "EnrollmentID": "Enrollment.csv",
        "AssessmentID": "Assessment.csv",
    }
)

#: Header spellings other HMIS software writes, beside HUD's (the case of a
#: header is ignored anyway: ``Zip``/``ZIP``, ``WorkPlaceViolenceThreats``).
ALTERNATIVE_HEADERS: Mapping[tuple[str, str], tuple[str, ...]] = MappingProxyType(
    {
        ("Client.csv", "HispanicLatinao"): ("HispanicLatinaeo",),
        ("Client.csv", "HispanicLatinaeo"): ("HispanicLatinao",),
    }
)

#: Columns some implementations leave out (the FY2026 draft keeps them): missing
#: is a warning, not an error.
OPTIONAL_COLUMNS = frozenset(
    {
        ("Enrollment.csv", "TranslationNeeded"),
        ("Enrollment.csv", "PreferredLanguage"),
        ("Enrollment.csv", "PreferredLanguageDifferent"),
    }
)

#: Client columns (casefolded) that exist in only one fiscal year and mark it;
#: the gender columns decide, the ethnicity spelling only when they are absent.
FY2024_MARKERS = frozenset({"woman", "man", "gendernone"})
FY2026_MARKERS = frozenset({"sex", "hispaniclatinao"})

#: Personal identifiers HMIS carries in Client.csv, emptied without consent.
IDENTIFIER_COLUMNS = ("FirstName", "MiddleName", "LastName", "NameSuffix", "SSN", "DOB")
#: Their data-quality columns, set to 99 (data not collected) when emptied.
IDENTIFIER_QUALITY_COLUMNS = ("NameDataQuality", "SSNDataQuality", "DOBDataQuality")

#: Outreach's own columns and kinds that never leave the device in HMIS CSV.
NEVER_EXPORTED = frozenset(
    {
        ("Client.csv", "Aliases"),
        ("CurrentLivingSituation.csv", "Latitude"),
        ("CurrentLivingSituation.csv", "Longitude"),
        ("CurrentLivingSituation.csv", "ContactNote"),
    }
)


@cache
def file_columns(fiscal_year: FiscalYear, file: str) -> tuple[Column, ...]:
    """Return a file's columns in HUD's order."""
    return tuple(load_spec(fiscal_year).columns(file))


def header(fiscal_year: FiscalYear, file: str) -> tuple[str, ...]:
    """Return a file's exact header, as HUD spells it."""
    return tuple(c.name for c in file_columns(fiscal_year, file))


def file_names(spec: HmisSpec) -> tuple[str, ...]:
    """Return the 24 file names of a fiscal year, in HUD's order."""
    return tuple(spec.files)


def read_order(spec: HmisSpec) -> tuple[str, ...]:
    """Return every file name, those other files refer to first."""
    return (*READ_FIRST, *(f for f in spec.files if f not in READ_FIRST))


def detect_fiscal_year(client_header: Iterable[str]) -> FiscalYear | None:
    """Tell the fiscal year from Client.csv's header, or ``None`` if it does not say."""
    names = {h.strip().casefold() for h in client_header}
    if names & FY2024_MARKERS:
        return 2024
    if names & FY2026_MARKERS:
        return 2026
    return 2024 if "hispaniclatinaeo" in names else None


def header_aliases(file: str, column: str) -> tuple[str, ...]:
    """Return every accepted spelling of a column, casefolded (HUD's first)."""
    return (column.casefold(), *(a.casefold() for a in ALTERNATIVE_HEADERS.get((file, column), ())))
