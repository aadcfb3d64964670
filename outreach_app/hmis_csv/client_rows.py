"""A client's HMIS values as they leave the device: consent, fiscal year, check boxes.

Client.csv is where an export can harm someone: it holds names, SSN and date of
birth. Without consent to share, those are emptied and their data-quality
columns say "data not collected" (99), which HMIS accepts for any client. The
device keeps FY2026 values; an FY2024 export spells ``HispanicLatinaeo`` and has
gender columns where FY2026 has ``Sex``, which HUD lets an export answer as
"data not collected". Unchecked "check all that apply" boxes are stored as
nothing and written as 0, as HUD's files require.
"""

from __future__ import annotations

from collections.abc import Mapping

from outreach_app.domain.hmis_spec import FiscalYear
from outreach_app.domain.records import Value
from outreach_app.domain.validation import checkbox_groups
from outreach_app.hmis_csv.layout import (
    IDENTIFIER_COLUMNS,
    IDENTIFIER_QUALITY_COLUMNS,
    NEVER_EXPORTED,
)

#: HUD's "Data not collected".
DATA_NOT_COLLECTED = 99

#: FY2026 spellings to FY2024 ones.
_FY2024_RENAMES: Mapping[str, str] = {"HispanicLatinao": "HispanicLatinaeo"}


def client_values(
    values: Mapping[str, Value], fiscal_year: FiscalYear, *, consented: bool
) -> dict[str, Value]:
    """Return a client's values ready for Client.csv of ``fiscal_year``."""
    out: dict[str, Value] = {
        name: value for name, value in values.items() if ("Client.csv", name) not in NEVER_EXPORTED
    }
    if not consented:
        for name in IDENTIFIER_COLUMNS:
            out[name] = None
        for name in IDENTIFIER_QUALITY_COLUMNS:
            out[name] = DATA_NOT_COLLECTED
    if fiscal_year == 2024:
        for new, old in _FY2024_RENAMES.items():
            out[old] = out.pop(new, None)
        out.pop("Sex", None)
    for none_column, boxes in checkbox_groups(fiscal_year, "Client").values():
        for box in boxes:
            if out.get(box) is None:
                out[box] = 0
        if not any(out.get(box) == 1 for box in boxes) and out.get(none_column) is None:
            out[none_column] = DATA_NOT_COLLECTED
    return out
