"""Field-level validation of HMIS records, so bad data is caught where it is typed.

An outreach worker fills forms on a street corner, tired, often offline; the
HMIS that receives the data later rejects or flags what does not fit. This
module says *at the field* what is wrong, in plain language, before anything
leaves the device. It checks, in order:

1. What the HMIS CSV specification of the fiscal year says about each column
   (type, length, value list, not-null), read from :mod:`.hmis_spec` rather than
   typed here, so a new fiscal year needs no new code.
2. HUD's extra rules from the same specification: codes a column must not hold
   (``not_in_list``) and value lists that depend on another column
   (``check_other_element``), the latter parsed from HUD's rule text.
3. The HMIS Data Standards' consistency rules for the universal data elements,
   the per-project-type required elements, the prior living situation (3.917)
   and Outreach's consent record: see :mod:`.udes`.

Messages never contain a client's name, date of birth or SSN (see
:mod:`outreach_app.errors`): they describe the problem, not the value.

``check_other_element`` rules are parsed generically ("If RecordType = 141 then
use list P1.2", "If Disability Type is NOT 10 then use list 1.8", "if W5.1 = 1
then INLIST (1,2,3,4)"). A condition names a column (spaces ignored) or a data
element number (``W5.1`` is the column whose element is W5.1). A rule the parser
cannot read must be listed in :data:`UNPARSED_RULES`; the tests enforce that for
every fiscal year Outreach supports.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Literal

from outreach_app import errors
from outreach_app.domain.hmis_spec import (
    DEFAULT_FISCAL_YEAR,
    METADATA_COLUMNS,
    Code,
    Column,
    FiscalYear,
    HmisSpec,
    Validation,
    load_spec,
)
from outreach_app.domain.records import Record, Value, list_codes, record_columns

Severity = Literal["error", "warning"]

#: HUD's "Client doesn't know", "Client prefers not to answer", "Data not collected".
DATA_NOT_COLLECTED_CODES = frozenset({8, 9, 99})

#: HUD list 1.10 (0 No, 1 Yes): the list of "check all that apply" boxes.
CHECKBOX_LIST = "1.10"
#: HUD list 1.6 (8, 9, 99): the "none of the boxes, because..." answer of a group.
CHECKBOX_NONE_LIST = "1.6"

#: ``check_other_element`` rules the parser cannot read, as ``(file, column, rule)``,
#: each with the reason it is skipped. Empty today: every rule of FY2024 and FY2026
#: parses. (The W5.1 rules on Exit.SubsidyInformation parse too, through the
#: element number; if HUD's wording ever defeats the parser they may go here, since
#: W5 is HOPWA-only and never collected by street outreach.)
UNPARSED_RULES: Mapping[tuple[str, str, str], str] = {}

#: How HUD's forbidden codes read, per column: "can't be recorded <context>".
_NOT_IN_LIST_CONTEXT: Mapping[tuple[str, str], str] = {
    ("CurrentLivingSituation.csv", "CurrentLivingSituation"): "for a contact",
    ("Enrollment.csv", "LivingSituation"): "as the prior living situation",
    ("Exit.csv", "Destination"): "as an exit destination",
}

_KIND_MESSAGES: Mapping[str, str] = {
    "integer": "This should be a whole number.",
    "date": "This should be a date.",
    "timestamp": "This should be a date and time.",
    "money": "This should be an amount of money.",
    "string": "This should be text.",
}


@dataclass(frozen=True, slots=True)
class FieldMessage:
    """One problem with one field, worded for the person who typed it.

    A list of these, not an exception, is what a form needs: it shows every
    problem at once next to its field, and lets warnings through.

    Attributes:
        field: the HMIS column name, e.g. ``DOB``.
        message: what is wrong and what to do, in plain language, never
            quoting the client's name, date of birth or SSN.
        severity: ``error`` (cannot be saved as HMIS data) or ``warning``
            (probably wrong, or missing for reporting, but may be saved).
        rule: a short stable id of the rule, e.g. ``dob.future``.
    """

    field: str
    message: str
    severity: Severity
    rule: str


def error(field: str, message: str, rule: str) -> FieldMessage:
    """Return an error-severity message."""
    return FieldMessage(field, message, "error", rule)


def warning(field: str, message: str, rule: str) -> FieldMessage:
    """Return a warning-severity message."""
    return FieldMessage(field, message, "warning", rule)


def is_answered(record: Record, column: str) -> bool:
    """Whether a column holds any value, including 8, 9 or 99.

    HUD counts "Client doesn't know", "Client prefers not to answer" and "Data
    not collected" as answers: a required element so coded is present.
    Blank text is not an answer.
    """
    value = record.get(column)
    if isinstance(value, str):
        return bool(value.strip())
    return value is not None


def errors_only(messages: Iterable[FieldMessage]) -> list[FieldMessage]:
    """Return the error-severity messages, dropping warnings."""
    return [m for m in messages if m.severity == "error"]


def as_int(value: Value | object) -> int | None:
    """Return an integer value, or ``None`` for anything else (bool, or too big for HMIS)."""
    if isinstance(value, int) and not isinstance(value, bool) and _fits_hmis_int(value):
        return value
    return None


def _fits_hmis_int(value: int) -> bool:
    # HMIS integer columns are 32-bit in every HMIS database and CSV importer.
    return -(2**31) <= value < 2**31


def as_date(value: Value | object) -> dt.date | None:
    """Return a date value, or ``None`` (a datetime is not a date column's value)."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    return None


def code_label(spec: HmisSpec, list_id: str | None, code: int) -> str:
    """Return the label of a code (e.g. ``"Client doesn’t know"``), or the code."""
    if list_id is None:
        return str(code)
    try:
        return str(list_codes(spec, list_id).get(code, code))
    except KeyError:
        return str(code)


def validate(
    record: Record,
    *,
    fiscal_year: FiscalYear = DEFAULT_FISCAL_YEAR,
    project_type: int | None = None,
    today: dt.date | None = None,
) -> list[FieldMessage]:
    """Return every problem with ``record``, errors and warnings, field by field.

    Args:
        record: the record to check, as a form or an import would save it.
        fiscal_year: the HMIS CSV specification to check against.
        project_type: the HUD project type (list 2.02.6) of the enrollment's
            project, which adds that type's required elements; ``None`` to
            check only what holds for every project.
        today: the date "in the future" is measured from (tests pass one).

    Never raises for odd values: a value of the wrong type is reported, not
    trusted.
    """
    from outreach_app.domain import udes  # udes builds on this module's types

    spec = load_spec(fiscal_year)
    columns = record_columns(record.KIND, fiscal_year)
    messages: list[FieldMessage] = []
    messages += _check_columns(record, spec, columns)
    messages += _check_required(record, columns, fiscal_year)
    messages += _check_hud_rules(record, spec)
    messages += udes.check_record(
        record,
        spec=spec,
        columns=columns,
        project_type=project_type,
        today=today or dt.date.today(),
    )
    return _unique(messages)


def check(
    record: Record,
    *,
    fiscal_year: FiscalYear = DEFAULT_FISCAL_YEAR,
    project_type: int | None = None,
    today: dt.date | None = None,
) -> None:
    """Raise :class:`~outreach_app.errors.InvalidInput` if ``record`` has errors.

    Warnings do not raise; use :func:`validate` to show them.
    """
    problems = errors_only(
        validate(record, fiscal_year=fiscal_year, project_type=project_type, today=today)
    )
    if problems:
        count = len({m.field for m in problems})
        summary = "1 field needs fixing." if count == 1 else f"{count} fields need fixing."
        raise errors.InvalidInput(summary, [(m.field, m.message) for m in problems])


def _unique(messages: list[FieldMessage]) -> list[FieldMessage]:
    return list(dict.fromkeys(messages))


# --- 1. the specification's column rules -------------------------------------------------


def is_storage_id(column: Column) -> bool:
    """Whether storage, not a worker, fills the column (PersonalID, ProjectID...)."""
    return column.kind == "string" and column.max_length == 32 and column.name.endswith("ID")


@cache
def checkbox_groups(
    fiscal_year: FiscalYear, kind: str
) -> Mapping[str, tuple[str, tuple[str, ...]]]:
    """Return a kind's "check all that apply" groups: element to (none column, boxes).

    HUD codes race (3.04.1) and, before FY2026, gender (3.06.1) as one yes/no
    column (list 1.10) per option plus one column (list 1.6) saying why none is
    checked. Found from the specification, so FY2024's ``HispanicLatinaeo`` and
    FY2026's ``HispanicLatinao`` need no code.
    """
    by_element: dict[str, list[Column]] = {}
    for column in record_columns(kind, fiscal_year).values():
        if column.element and column.list_id in {CHECKBOX_LIST, CHECKBOX_NONE_LIST}:
            by_element.setdefault(column.element, []).append(column)
    groups: dict[str, tuple[str, tuple[str, ...]]] = {}
    for element, members in by_element.items():
        nones = [c.name for c in members if c.list_id == CHECKBOX_NONE_LIST]
        boxes = tuple(c.name for c in members if c.list_id == CHECKBOX_LIST)
        if len(nones) == 1 and boxes:
            groups[element] = (nones[0], boxes)
    return groups


def _checkbox_columns(record: Record, fiscal_year: FiscalYear) -> frozenset[str]:
    return frozenset(
        box for _, boxes in checkbox_groups(fiscal_year, record.KIND).values() for box in boxes
    )


def _check_columns(
    record: Record, spec: HmisSpec, columns: Mapping[str, Column]
) -> list[FieldMessage]:
    messages: list[FieldMessage] = []
    for name, value in record.values.items():
        column = columns.get(name)
        if column is None:
            if name != record.ID_COLUMN and name not in METADATA_COLUMNS:
                messages.append(
                    error(name, f"This field is not part of HMIS FY{spec.fiscal_year}.", "unknown")
                )
            continue
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        messages += check_value(spec, column, value)
    return messages


def check_value(spec: HmisSpec, column: Column, value: object) -> list[FieldMessage]:
    """Check one non-empty value against its column: type, length and value list.

    A form can call this as the worker leaves a field; :func:`validate` calls
    it for every filled column.
    """
    coded = column.list_id is not None
    # The common cases first, answered without building anything (a gateway
    # validates every pushed record): a listed code, a short text, a date.
    list_id = column.list_id
    if type(value) is int and list_id is not None and value in _codes(spec, list_id):
        return []
    if (
        isinstance(value, str)
        and column.kind == "string"
        and list_id is None
        and (column.max_length is None or len(value) <= column.max_length)
    ):
        return []
    if type(value) is dt.date and column.kind == "date":
        return []
    if column.kind == "integer" and coded and isinstance(value, str):
        # parse_value keeps a code that is not a number so validation can name it
        return [_not_a_choice(spec, column, value)]
    if isinstance(value, int) and not isinstance(value, bool) and not _fits_hmis_int(value):
        return [error(column.name, "This number is out of range.", "type")]
    if not _fits_kind(column, value):
        return [error(column.name, _KIND_MESSAGES[column.kind], "type")]
    if column.max_length is not None and isinstance(value, str) and len(value) > column.max_length:
        return [
            error(
                column.name,
                f"This is too long: at most {column.max_length} characters.",
                "length",
            )
        ]
    if coded and isinstance(value, int | str):
        return [_not_a_choice(spec, column, value)] if not _in_list(spec, column, value) else []
    return []


@cache
def _codes(spec: HmisSpec, list_id: str) -> frozenset[Code]:
    """Return a list's codes that fit an HMIS integer (empty for a list not shipped)."""
    try:
        codes = list_codes(spec, list_id)
    except KeyError:
        return frozenset()
    return frozenset(c for c in codes if not isinstance(c, int) or _fits_hmis_int(c))


def _fits_kind(column: Column, value: object) -> bool:
    if column.kind == "integer":
        return as_int(value) is not None
    if column.kind == "date":
        return as_date(value) is not None
    if column.kind == "timestamp":
        return isinstance(value, dt.datetime)
    if column.kind == "money":
        return isinstance(value, Decimal) and value.is_finite()
    return isinstance(value, str)


def _in_list(spec: HmisSpec, column: Column, value: int | str) -> bool:
    if column.list_id is None:
        return True
    try:
        codes = list_codes(spec, column.list_id)
    except KeyError:
        return True  # a list the specification names but does not ship: nothing to check
    # V6.1 mixes 402 (read as a number) and 528A5; a string column holds "402".
    return value in codes or (isinstance(value, str) and value in {str(c) for c in codes})


def _not_a_choice(spec: HmisSpec, column: Column, value: Code) -> FieldMessage:
    shown = f"Code {value}" if isinstance(value, int) else "That"
    return error(column.name, f"{shown} is not one of the choices for this question.", "list.code")


def _check_required(
    record: Record, columns: Mapping[str, Column], fiscal_year: FiscalYear
) -> list[FieldMessage]:
    return [
        error(name, "This is required.", "required")
        for name in _required_columns(record.KIND, fiscal_year)
        if not is_answered(record, name)
    ]


@cache
def _required_columns(kind: str, fiscal_year: FiscalYear) -> tuple[str, ...]:
    """Return the columns a record of ``kind`` must answer (computed once per kind)."""
    boxes = {box for _, group in checkbox_groups(fiscal_year, kind).values() for box in group}
    return tuple(
        name
        for name, column in record_columns(kind, fiscal_year).items()
        if not column.nullable
        and not column.is_metadata
        and not is_storage_id(column)
        and name not in boxes  # an unchecked box is 0, filled on export
    )


# --- 2. HUD's extra rules ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Condition:
    """One condition of a ``check_other_element`` rule: ``column = value`` or ``!=``."""

    column: str
    value: int
    negated: bool = False

    def holds(self, record: Record) -> bool:
        """Whether the record meets the condition (never when the column is empty)."""
        actual = as_int(record.get(self.column))
        if actual is None:
            return False
        return (actual != self.value) if self.negated else (actual == self.value)


@dataclass(frozen=True, slots=True)
class ConditionalList:
    """A parsed ``check_other_element`` rule: when the conditions hold, only these codes.

    Attributes:
        file: the CSV file, e.g. ``Services.csv``.
        column: the constrained column, e.g. ``TypeProvided``.
        conditions: all must hold for the rule to apply.
        list_id: the value list the column must then use, or ``None``.
        codes: the allowed codes when HUD lists them inline (``INLIST (1,2)``).
    """

    file: str
    column: str
    conditions: tuple[Condition, ...]
    list_id: str | None
    codes: frozenset[int] | None

    def allowed(self, spec: HmisSpec) -> frozenset[Code] | None:
        """Return the allowed codes, or ``None`` if the list is unknown."""
        if self.codes is not None:
            return frozenset(self.codes)
        if self.list_id is None:
            return None
        try:
            return frozenset(list_codes(spec, self.list_id))
        except KeyError:
            return None


_RULE_RE = re.compile(
    r"^if\s+(?P<conditions>.+?)\s+then\s+"
    r"(?:use\s+list\s+(?P<list>[A-Za-z0-9.\-]+)|inlist\s*\((?P<codes>[\d,\s]+)\))\s*$",
    re.IGNORECASE,
)
_WORD = r"[A-Za-z][A-Za-z0-9.]*"
_CONDITION_RE = re.compile(
    # a subject of one or more words ("RecordType", "Disability Type", "W5.1"),
    # never starting with or running into "and"/"is", then "=" or "is NOT", then a code
    rf"(?P<subject>\b(?!(?:and|is)\b){_WORD}(?:\s+(?!(?:and|is)\b){_WORD})*)"
    r"\s*(?P<op>=|\bis\s+not\b)\s*(?P<value>\d+)",
    re.IGNORECASE,
)


def parse_rule(validation: Validation, spec: HmisSpec) -> ConditionalList | None:
    """Parse one ``check_other_element`` rule, or return ``None`` if it cannot be read.

    A rule is read only if every word of it is understood and every column it
    names exists in the file, so a half-read rule is never enforced.
    """
    match = _RULE_RE.match(validation.rule)
    if match is None or not spec.has_column(validation.file, validation.column):
        return None
    text = match["conditions"]
    conditions: list[Condition] = []
    for found in _CONDITION_RE.finditer(text):
        column = _resolve(spec, validation.file, found["subject"])
        if column is None:
            return None
        negated = found["op"].casefold() != "="
        conditions.append(Condition(column, int(found["value"]), negated))
    leftover = _CONDITION_RE.sub(" ", text)
    if not conditions or re.fullmatch(r"(?:\s|\band\b)*", leftover, re.IGNORECASE) is None:
        return None
    codes = match["codes"]
    list_id = match["list"]
    if list_id is not None and list_id not in spec.lists:
        list_id = validation.list_id if validation.list_id in spec.lists else None
        if list_id is None:
            return None
    return ConditionalList(
        file=validation.file,
        column=validation.column,
        conditions=tuple(conditions),
        list_id=list_id,
        codes=frozenset(int(c) for c in codes.split(",") if c.strip()) if codes else None,
    )


def _resolve(spec: HmisSpec, file: str, subject: str) -> str | None:
    """Return the column a condition names: by name (spaces ignored) or element number."""
    if file not in spec.files:
        return None
    wanted = re.sub(r"\s+", "", subject).casefold()
    for column in spec.columns(file):
        if column.name.casefold() == wanted:
            return column.name
    for column in spec.columns(file):
        if column.element and column.element.casefold() == wanted:
            return column.name
    return None


@cache
def conditional_lists(fiscal_year: FiscalYear) -> tuple[ConditionalList, ...]:
    """Return the ``check_other_element`` rules of a fiscal year that Outreach enforces."""
    spec = load_spec(fiscal_year)
    parsed = (parse_rule(v, spec) for v in spec.validations if v.kind == "check_other_element")
    return tuple(rule for rule in parsed if rule is not None)


def _check_hud_rules(record: Record, spec: HmisSpec) -> list[FieldMessage]:
    messages: list[FieldMessage] = []
    for validation in spec.validations:
        if validation.file != record.FILE or validation.kind != "not_in_list":
            continue
        code = as_int(record.get(validation.column))
        if code is not None and code in validation.excluded_codes:
            label = code_label(spec, validation.list_id, code)
            context = _NOT_IN_LIST_CONTEXT.get(
                (validation.file, validation.column), "in this field"
            )
            messages.append(
                error(
                    validation.column, f"“{label}” can't be recorded {context}.", "hud.not_in_list"
                )
            )
    for rule in conditional_lists(spec.fiscal_year):
        if rule.file != record.FILE:
            continue
        value = record.get(rule.column)
        if as_int(value) is None or not all(c.holds(record) for c in rule.conditions):
            continue
        allowed = rule.allowed(spec)
        if allowed is not None and value not in allowed:
            messages.append(
                error(rule.column, _other_element_message(record, rule, spec), "hud.other_element")
            )
    return messages


def _other_element_message(record: Record, rule: ConditionalList, spec: HmisSpec) -> str:
    for condition in rule.conditions:
        if not spec.has_column(rule.file, condition.column):
            continue
        list_id = spec.column(rule.file, condition.column).list_id
        code = as_int(record.get(condition.column))
        if list_id is not None and code is not None:
            return f"That answer doesn't go with “{code_label(spec, list_id, code)}”."
    return "That answer doesn't go with the other answers on this record."
