"""One CSV cell against its column: strict parsing, then the domain's own checks.

HMIS CSV says dates are ``YYYY-MM-DD`` and timestamps ``YYYY-MM-DD hh:mm:ss``;
real exports hold ``MM-DD-YYYY``, two-digit years and fractional seconds. Guessing
what ``03-04-2024`` means would load wrong data silently, so anything else is
reported by its *shape* (``a date in MM-DD-YYYY form``), never by its value. Once a
cell parses, :func:`outreach_app.domain.validation.check_value` decides length and
value list, so the rules the app enforces on a form and the rules the validator
enforces on a file are the same code.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from types import MappingProxyType

from outreach_app.domain.hmis_spec import Column, HmisSpec
from outreach_app.domain.records import Value
from outreach_app.domain.validation import check_value

_INTEGER = re.compile(r"-?[0-9]+")
_MONEY = re.compile(r"-?[0-9]+(\.[0-9]+)?")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TIMESTAMP = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}")

#: Shapes seen in real exports (digits as ``9``), named for the report.
_SHAPES: Mapping[str, str] = MappingProxyType(
    {
        "99-99-9999": "MM-DD-YYYY",
        "99/99/9999": "MM/DD/YYYY",
        "9/99/9999": "M/DD/YYYY",
        "99/9/9999": "MM/D/YYYY",
        "9/9/9999": "M/D/YYYY",
        "99/99/99": "MM/DD/YY (two-digit year)",
        "99-99-99": "MM-DD-YY (two-digit year)",
        "9999/99/99": "YYYY/MM/DD",
        "99999999": "YYYYMMDD (no dashes)",
        "9999-99-99": "YYYY-MM-DD",
        "9999-99-99T99:99:99": "ISO form with a T",
        "9999-99-99 99:99": "YYYY-MM-DD hh:mm (no seconds)",
    }
)


@dataclass(frozen=True, slots=True)
class CellProblem:
    """Why a cell does not fit its column: a rule id and a message without the value."""

    rule: str
    message: str


def shape_of(text: str) -> str:
    """Describe a date or time's shape without its digits: ``a date in MM-DD-YYYY form``."""
    masked = re.sub(r"[0-9]", "9", text.strip())
    date_part, _, time_part = masked.partition(" ")
    named = _SHAPES.get(date_part)
    if named is None:
        return "a value in another format"
    if not time_part:
        return f"a value in {named} form"
    if "." in time_part:
        return f"a value in {named} form with fractional seconds"
    if time_part.count(":") == 1:
        return f"a value in {named} form with a time without seconds"
    return f"a value in {named} form with a time"


def parse_cell(column: Column, text: str) -> tuple[Value, CellProblem | None]:
    """Parse a non-empty cell strictly by its column's kind."""
    if column.kind == "integer":
        if _INTEGER.fullmatch(text):
            return int(text), None
        what = "a code" if column.list_id else "a number"
        return None, CellProblem("type.integer", f"{what} that is not a whole number")
    if column.kind == "date":
        if _DATE.fullmatch(text):
            try:
                return dt.date.fromisoformat(text), None
            except ValueError:
                return None, CellProblem("type.date", "a date that does not exist")
        return None, CellProblem("type.date", f"{shape_of(text)}; HMIS dates are YYYY-MM-DD")
    if column.kind == "timestamp":
        if _TIMESTAMP.fullmatch(text):
            try:
                return dt.datetime.strptime(text, "%Y-%m-%d %H:%M:%S"), None
            except ValueError:
                return None, CellProblem("type.timestamp", "a date or time that does not exist")
        shape = shape_of(text)
        return None, CellProblem(
            "type.timestamp", f"{shape}; HMIS timestamps are YYYY-MM-DD hh:mm:ss"
        )
    if column.kind == "money":
        if _MONEY.fullmatch(text):
            try:
                return Decimal(text), None
            except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
                pass
        return None, CellProblem("type.money", "an amount that is not a plain number")
    return text, None


def check_cell(spec: HmisSpec, column: Column, text: str) -> tuple[Value, CellProblem | None]:
    """Parse a non-empty cell and check it as a form would: length, value list, range."""
    value, problem = parse_cell(column, text)
    if problem is not None:
        return None, problem
    for message in check_value(spec, column, value):
        return value, _describe(column, message.rule)
    return value, None


def _describe(column: Column, rule: str) -> CellProblem:
    """Reword a domain finding for a file: where the domain speaks to a worker."""
    if rule == "length":
        return CellProblem("length", f"text longer than {column.max_length} characters")
    if rule == "list.code":
        return CellProblem("list.code", f"a code that is not in HUD list {column.list_id}")
    return CellProblem("type.range", "a number out of the range HMIS allows")
