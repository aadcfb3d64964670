"""Checking one HMIS CSV file's header and rows, as they stream past.

The validator reads each file once, row by row; this module holds what must
outlive a row: the header's mapping onto HUD's columns, the IDs other files will
refer to (the only thing kept in memory, so memory grows with the number of
records, never with the size of their text), the Export's ID, and HUD's extra
rules for the file, looked up once.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from outreach_app.domain.hmis_spec import Column, HmisSpec
from outreach_app.domain.records import Record, Value
from outreach_app.domain.validation import ConditionalList, as_int, conditional_lists
from outreach_app.hmis_csv.layout import (
    KEY_COLUMNS,
    OPTIONAL_COLUMNS,
    REFERENCES,
    file_columns,
    header_aliases,
)
from outreach_app.hmis_csv.report import Report, Severity
from outreach_app.hmis_csv.values import check_cell

#: A header cell shown in the report only if it looks like a column name: a
#: file whose first line is data must not have that data quoted as "headers".
_HEADER_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,49}")


@dataclass
class ExportState:
    """What the files of one export share while they are checked.

    Attributes:
        spec: the fiscal year's specification.
        report: where findings go.
        export_id: Export.csv's ExportID, once read.
        export_rows: how many rows Export.csv has.
        keys: per file of :data:`KEY_COLUMNS`, the IDs seen (for references).
    """

    spec: HmisSpec
    report: Report
    export_id: str | None = None
    export_rows: int = 0
    keys: dict[str, set[str]] = field(default_factory=dict)


class FileChecker:
    """Checks the rows of one file against its header mapping and the export's state.

    Attributes:
        file: the CSV file name, e.g. ``Enrollment.csv``.
        mapping: ``(position in the row, column)`` for every HUD column found.
        width: how many cells the header has (every row must have as many).
    """

    def __init__(self, state: ExportState, file: str, header: Sequence[str]) -> None:
        self.file = file
        self._state = state
        self._report = state.report
        self.width = len(header)
        self.mapping = self._match_header(header)
        names = {column.name for _, column in self.mapping}
        self._references = [
            (name, target)
            for name, target in REFERENCES.items()
            if name in names and target != file and target in state.keys
        ]
        self._key = KEY_COLUMNS.get(file)
        if self._key is not None:
            state.keys[file] = set()
        spec = state.spec
        self._not_in_list = [
            v for v in spec.validations if v.file == file and v.kind == "not_in_list"
        ]
        self._conditional: list[ConditionalList] = [
            r for r in conditional_lists(spec.fiscal_year) if r.file == file
        ]

    # -- the header -------------------------------------------------------------------

    def _match_header(self, header: Sequence[str]) -> list[tuple[int, Column]]:
        file, report = self.file, self._report
        positions: dict[str, int] = {}
        for index, cell in enumerate(header):
            key = cell.strip().casefold()
            if key in positions:
                report.add(
                    file, 1, self._shown(cell, index), "header.duplicate", "a repeated header"
                )
            positions.setdefault(key, index)
        mapping: list[tuple[int, Column]] = []
        used: set[int] = set()
        for column in file_columns(self._state.spec.fiscal_year, file):
            found = next(
                (positions[a] for a in header_aliases(file, column.name) if a in positions), None
            )
            if found is None:
                optional = (file, column.name) in OPTIONAL_COLUMNS
                report.add(
                    file,
                    1,
                    column.name,
                    "header.missing",
                    "this column is missing",
                    "warning" if optional else "error",
                )
                continue
            index = found
            if header[index].strip() != column.name:
                report.add(
                    file,
                    1,
                    column.name,
                    "header.spelling",
                    "the header is spelled differently from HUD's (accepted)",
                    "warning",
                )
            mapping.append((index, column))
            used.add(index)
        for index, cell in enumerate(header):
            if index not in used and cell.strip().casefold() in positions:
                report.add(
                    file,
                    1,
                    self._shown(cell, index),
                    "header.extra",
                    f"a column HMIS FY{self._state.spec.fiscal_year} does not have",
                    "warning",
                )
        order = [index for index, _ in mapping]
        if order != sorted(order):
            report.add(
                file,
                1,
                "",
                "header.order",
                "the columns are in a different order than HUD's (matched by name)",
                "warning",
            )
        return mapping

    @staticmethod
    def _shown(cell: str, index: int) -> str:
        text = cell.strip()
        return text if _HEADER_NAME.fullmatch(text) else f"(column {index + 1})"

    # -- rows -------------------------------------------------------------------------

    def check_row(self, row_number: int, row: Sequence[str]) -> None:
        """Check one data row (``row_number`` counts the header as row 1)."""
        file, report, spec = self.file, self._report, self._state.spec
        if len(row) != self.width:
            report.add(
                file,
                row_number,
                "",
                "csv.width",
                f"the row has {len(row)} cells where the header has {self.width}",
            )
            return
        values: dict[str, Value] = {}
        for index, column in self.mapping:
            text = row[index]
            if text == "":
                if not column.nullable:
                    self._missing(row_number, column, row)
                continue
            value, problem = check_cell(spec, column, text)
            if problem is not None:
                report.add(file, row_number, column.name, problem.rule, problem.message)
            else:
                values[column.name] = value
        self._check_export(row_number, values)
        self._check_keys(row_number, values)
        self._check_hud_rules(row_number, values)

    def _missing(self, row_number: int, column: Column, row: Sequence[str]) -> None:
        severity: Severity = "error"
        if self.file == "Enrollment.csv" and column.name == "EnrollmentCoC":
            # Real exports leave it empty on household members who are not the head.
            relationship = next(
                (row[i] for i, c in self.mapping if c.name == "RelationshipToHoH"), ""
            )
            severity = "warning" if relationship not in {"", "1"} else "error"
        self._report.add(
            self.file, row_number, column.name, "required", "a required value is empty", severity
        )

    def _check_export(self, row_number: int, values: dict[str, Value]) -> None:
        state = self._state
        export_id = values.get("ExportID")
        if self.file == "Export.csv":
            state.export_rows += 1
            if state.export_id is None and isinstance(export_id, str):
                state.export_id = export_id
            return
        if export_id is not None and state.export_id is not None and export_id != state.export_id:
            self._report.add(
                self.file,
                row_number,
                "ExportID",
                "export.id",
                "an ExportID that is not the one in Export.csv",
            )

    def _check_keys(self, row_number: int, values: dict[str, Value]) -> None:
        keys = self._state.keys
        if self._key is not None:
            key = values.get(self._key)
            if isinstance(key, str):
                seen = keys[self.file]
                if key in seen:
                    self._report.add(
                        self.file,
                        row_number,
                        self._key,
                        "id.duplicate",
                        "an ID that an earlier row of this file already has",
                    )
                seen.add(key)
        for column, target in self._references:
            value = values.get(column)
            if isinstance(value, str) and value not in keys[target]:
                self._report.add(
                    self.file,
                    row_number,
                    column,
                    f"ref.{target.removesuffix('.csv').lower()}",
                    f"a {column} that is not in {target}",
                )

    def _check_hud_rules(self, row_number: int, values: dict[str, Value]) -> None:
        for validation in self._not_in_list:
            code = as_int(values.get(validation.column))
            if code is not None and code in validation.excluded_codes:
                self._report.add(
                    self.file,
                    row_number,
                    validation.column,
                    "hud.not_in_list",
                    f"a code HUD does not allow in this column (list {validation.list_id})",
                )
        if not self._conditional:
            return
        record = Record("", values)
        for rule in self._conditional:
            value = values.get(rule.column)
            if as_int(value) is None or not all(c.holds(record) for c in rule.conditions):
                continue
            allowed = rule.allowed(self._state.spec)
            if allowed is not None and value not in allowed:
                when = " and ".join(
                    f"{c.column} {'is not' if c.negated else '='} {c.value}"
                    for c in rule.conditions
                )
                self._report.add(
                    self.file,
                    row_number,
                    rule.column,
                    "hud.other_element",
                    f"a code outside the one HUD allows when {when}",
                )
