"""HUD's HMIS CSV specification, loaded from data rather than typed by hand.

The spec files under ``resources/hmis/fy20XX/`` are HUD's machine-readable
specification converted to JSON. They are not perfectly clean (non-breaking
spaces, list numbers that went through a float such as ``4.1399999999999997``),
so this module normalises them once, and the rest of Outreach reads columns,
types, value lists and validations from a :class:`HmisSpec`. A new fiscal year is
a new folder of data, not new code.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import Any, Literal

from outreach_app.resources import resource_path

FiscalYear = Literal[2024, 2026]
SUPPORTED_FISCAL_YEARS: tuple[FiscalYear, ...] = (2026, 2024)
DEFAULT_FISCAL_YEAR: FiscalYear = 2026

#: The columns every HMIS CSV record carries for bookkeeping, filled by storage
#: and export rather than by a worker.
METADATA_COLUMNS = frozenset({"DateCreated", "DateUpdated", "UserID", "DateDeleted", "ExportID"})

ColumnKind = Literal["string", "integer", "date", "timestamp", "money"]

#: A value-list code: almost always an integer; VA medical center stations
#: (list V6.1) are strings such as ``528A5``.
Code = int | str

_TYPE_RE = re.compile(r"^(?P<kind>[SIDTM])(?P<size>\d*)\+?$")
_KINDS: Mapping[str, ColumnKind] = {
    "S": "string",
    "I": "integer",
    "D": "date",
    "T": "timestamp",
    "M": "money",
}


@dataclass(frozen=True, slots=True)
class Column:
    """One column of one HMIS CSV file.

    Attributes:
        name: the exact header, e.g. ``NameDataQuality``.
        element: HUD's data element number (``3.01.5``), or ``None``.
        kind: what the column holds.
        max_length: the longest string allowed (``S32`` gives 32), or ``None``.
        list_id: the value list coding the column, or ``None`` when free or
            when the list depends on another column (see ``notes``).
        nullable: whether the column may be empty.
        notes: HUD's notes.
    """

    name: str
    element: str | None
    kind: ColumnKind
    max_length: int | None
    list_id: str | None
    nullable: bool
    notes: str

    @property
    def is_metadata(self) -> bool:
        """Whether storage fills this column rather than a person."""
        return self.name in METADATA_COLUMNS


@dataclass(frozen=True, slots=True)
class Validation:
    """One of HUD's extra rules for a column.

    Attributes:
        file: the CSV file name, e.g. ``CurrentLivingSituation.csv``.
        column: the column the rule constrains.
        list_id: the value list the rule refers to.
        kind: ``not_in_list`` (codes that the column must not hold) or
            ``check_other_element`` (a rule that depends on another column).
        rule: HUD's text of the rule.
        excluded_codes: for ``not_in_list``, the forbidden codes.
    """

    file: str
    column: str
    list_id: str | None
    kind: Literal["not_in_list", "check_other_element"]
    rule: str
    excluded_codes: frozenset[int]


class HmisSpec:
    """The HMIS CSV specification of one fiscal year.

    Attributes:
        fiscal_year: 2026 or 2024.
        files: CSV file name to its columns, in HUD's order.
        lists: list id to ``{code: label}``.
        validations: HUD's extra rules.
    """

    def __init__(
        self,
        fiscal_year: FiscalYear,
        files: Mapping[str, tuple[Column, ...]],
        lists: Mapping[str, Mapping[Code, str]],
        validations: tuple[Validation, ...],
    ) -> None:
        self.fiscal_year = fiscal_year
        self.files = MappingProxyType(dict(files))
        self.lists = MappingProxyType(dict(lists))
        self.validations = validations
        self._columns = {
            file: MappingProxyType({c.name: c for c in cols}) for file, cols in files.items()
        }

    def __repr__(self) -> str:
        return f"<HmisSpec FY{self.fiscal_year}: {len(self.files)} files>"

    def columns(self, file: str) -> tuple[Column, ...]:
        """Return the columns of ``file`` (e.g. ``Client.csv``) in order."""
        return self.files[file]

    def column(self, file: str, name: str) -> Column:
        """Return one column; ``KeyError`` if the file has no such column."""
        return self._columns[file][name]

    def has_column(self, file: str, name: str) -> bool:
        """Whether ``file`` has a column called ``name`` in this fiscal year."""
        return name in self._columns.get(file, {})

    def codes(self, list_id: str) -> Mapping[Code, str]:
        """Return the ``{code: label}`` of a value list."""
        return self.lists[list_id]

    def label(self, list_id: str, code: Code) -> str:
        """Return the label of ``code`` in a list, or the code itself if unknown."""
        return self.lists.get(list_id, {}).get(code, str(code))

    def column_validations(self, file: str, column: str) -> tuple[Validation, ...]:
        """Return HUD's extra rules for one column."""
        return tuple(v for v in self.validations if v.file == file and v.column == column)


def _code(text: str) -> Code:
    text = _clean(text)
    return int(text) if text.lstrip("-").isdigit() else text


def _clean(text: object) -> str:
    return str(text).replace("\xa0", " ").strip() if text is not None else ""


def _list_id(raw: object, lists: Mapping[str, object]) -> str | None:
    text = _clean(raw)
    if not text or text in {"*", "(see note)"}:
        return None
    if text in lists:
        return text
    # Spreadsheet cells turned some list numbers into floats (1.10 -> 1.1000000000000001).
    try:
        number = float(text)
    except ValueError:
        return text
    for digits in (2, 1):
        candidate = f"{number:.{digits}f}"
        if candidate in lists:
            return candidate
    return text


#: Columns whose list number went through a float and reads both ways
#: (1.1000000000000001 is 1.1 and 1.10): which list HUD meant.
_AMBIGUOUS_LISTS: Mapping[str, str] = MappingProxyType({"ExportPeriodType": "1.1"})


def _column(raw: Mapping[str, Any], lists: Mapping[str, object]) -> Column:
    type_text = _clean(raw["type"])
    match = _TYPE_RE.match(type_text)
    if match is None:
        raise ValueError(f"unknown HMIS column type {type_text!r} for {raw['column']}")
    size = match["size"]
    kind = _KINDS[match["kind"]]
    return Column(
        name=_clean(raw["column"]),
        element=_clean(raw.get("DE")) or None,
        kind=kind,
        max_length=int(size) if size and kind == "string" else None,
        list_id=_AMBIGUOUS_LISTS.get(_clean(raw["column"])) or _list_id(raw.get("list"), lists),
        nullable=_clean(raw.get("nullable")).upper() == "Y",
        notes=_clean(raw.get("notes")),
    )


def _validation(raw: Mapping[str, Any], lists: Mapping[str, object]) -> Validation:
    kind_text = _clean(raw["ValidationType"]).casefold()
    rule = _clean(raw["Validation"])
    excluded: frozenset[int] = frozenset()
    if kind_text == "notinlist":
        excluded = frozenset(int(code) for code in rule.split(",") if code.strip())
        kind: Literal["not_in_list", "check_other_element"] = "not_in_list"
    elif kind_text == "checkotherelement":
        kind = "check_other_element"
    else:
        raise ValueError(f"unknown HMIS validation type {raw['ValidationType']!r}")
    return Validation(
        file=f"{_clean(raw['CSV'])}.csv",
        column=_clean(raw["Name"]),
        list_id=_list_id(raw.get("List"), lists),
        kind=kind,
        rule=rule,
        excluded_codes=excluded,
    )


@cache
def load_spec(fiscal_year: FiscalYear = DEFAULT_FISCAL_YEAR) -> HmisSpec:
    """Load (once) the HMIS CSV specification of ``fiscal_year``."""
    if fiscal_year not in SUPPORTED_FISCAL_YEARS:
        raise ValueError(f"HMIS CSV FY{fiscal_year} is not supported")
    folder = resource_path("hmis", f"fy{fiscal_year}")
    spec_raw = json.loads((folder / "csv_spec.json").read_text(encoding="utf-8"))
    lists_raw = json.loads((folder / "lists.json").read_text(encoding="utf-8"))["lists"]
    lists = {
        _clean(list_id): MappingProxyType(
            {_code(code): _clean(label) for code, label in codes.items()}
        )
        for list_id, codes in lists_raw.items()
    }
    files = {
        _clean(name): tuple(_column(raw, lists) for raw in columns)
        for name, columns in spec_raw["files"].items()
    }
    validations = tuple(_validation(raw, lists) for raw in spec_raw["validations"])
    return HmisSpec(fiscal_year, files, lists, validations)
