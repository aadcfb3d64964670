"""HMIS records as the device keeps them: one class per HMIS CSV entity.

A record is an id plus the values of its columns, keyed by HUD's exact column
names (``FirstName``, ``NameDataQuality``...). The columns themselves come from
the HMIS specification of the chosen fiscal year (see :mod:`.hmis_spec`) plus
Outreach's own extensions (``resources/outreach/extensions.json``), so a new
fiscal year changes data, not classes. The classes exist to give each entity
its HMIS name, its id column, its parent, and a few readable accessors.

Records are immutable; an edit makes a new record with :meth:`Record.replace`.
Bookkeeping columns (DateCreated, DateUpdated, UserID, DateDeleted, ExportID)
are storage's business and never part of ``values``.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache
from types import MappingProxyType
from typing import Any, ClassVar, Self

from outreach_app.domain.hmis_spec import (
    DEFAULT_FISCAL_YEAR,
    Code,
    Column,
    FiscalYear,
    HmisSpec,
    _column,
    load_spec,
)
from outreach_app.resources import resource_path

#: What a column's value may be once parsed.
Value = None | int | str | Decimal | dt.date | dt.datetime

TIMESTAMP_FORMAT = "%Y-%m-%d %H:%M:%S"


def new_id() -> str:
    """Return a new record id: 32 lowercase hex characters, unique without a server.

    32 characters fit HMIS's ``S32`` id columns; 122 random bits make a
    collision between two offline devices practically impossible.
    """
    return uuid.uuid4().hex


@cache
def _extensions() -> Mapping[str, Any]:
    data: Mapping[str, Any] = json.loads(
        resource_path("outreach", "extensions.json").read_text(encoding="utf-8")
    )
    return data


@cache
def outreach_lists() -> Mapping[str, Mapping[Code, str]]:
    """Return Outreach's own value lists (consent status and scope)."""
    return MappingProxyType(
        {
            list_id: MappingProxyType({int(code): label for code, label in codes.items()})
            for list_id, codes in _extensions()["lists"].items()
        }
    )


def list_codes(spec: HmisSpec, list_id: str) -> Mapping[Code, str]:
    """Return a value list from HUD's lists or, failing that, Outreach's own."""
    if list_id in spec.lists:
        return spec.lists[list_id]
    return outreach_lists()[list_id]


@dataclass(frozen=True, slots=True)
class Record:
    """One HMIS record: an id and the values of its columns.

    Attributes:
        id: the 32-character record id (the entity's ``ID_COLUMN``).
        values: column name to value, without the id and bookkeeping columns.
    """

    KIND: ClassVar[str] = ""
    FILE: ClassVar[str] = ""
    ID_COLUMN: ClassVar[str] = ""
    PARENT_COLUMN: ClassVar[str | None] = None

    id: str
    values: Mapping[str, Value] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "values", MappingProxyType(dict(self.values)))

    @classmethod
    def new(cls, **values: Value) -> Self:
        """Create a record with a fresh id."""
        return cls(new_id(), values)

    def get(self, column: str, default: Value = None) -> Value:
        """Return a column's value, ``default`` when it is not set."""
        return self.values.get(column, default)

    def replace(self, **changes: Value) -> Self:
        """Return a copy with some columns changed."""
        return type(self)(self.id, {**self.values, **changes})

    def changed_columns(self, other: Record) -> frozenset[str]:
        """Return the columns whose values differ between two versions of a record."""
        keys = self.values.keys() | other.values.keys()
        return frozenset(k for k in keys if self.values.get(k) != other.values.get(k))

    @property
    def personal_id(self) -> str | None:
        """The client this record belongs to, if any."""
        value = self.values.get("PersonalID")
        return value if isinstance(value, str) else None

    @property
    def parent_id(self) -> str | None:
        """The id of the record this one hangs off (its enrollment, its assessment)."""
        if self.PARENT_COLUMN is None:
            return None
        value = self.values.get(self.PARENT_COLUMN)
        return value if isinstance(value, str) else None

    def to_data(self) -> dict[str, object]:
        """Return the values as JSON-ready data (dates as ISO text, money as text)."""
        return {name: to_json_value(value) for name, value in self.values.items()}

    @classmethod
    def from_values(
        cls, values: Mapping[str, object], fiscal_year: FiscalYear = DEFAULT_FISCAL_YEAR
    ) -> Self:
        """Build a record from HMIS columns that include its id column (a CSV row, a demo)."""
        data = {k: v for k, v in values.items() if k != cls.ID_COLUMN}
        return cls.from_data(str(values[cls.ID_COLUMN]), data, fiscal_year)

    @classmethod
    def from_data(
        cls,
        record_id: str,
        data: Mapping[str, object],
        fiscal_year: FiscalYear = DEFAULT_FISCAL_YEAR,
    ) -> Self:
        """Rebuild a record from :meth:`to_data` output, parsing by column type.

        Columns this fiscal year does not know are kept as they are, so a
        record written under another fiscal year loses nothing.
        """
        columns = record_columns(cls.KIND, fiscal_year)
        values: dict[str, Value] = {}
        for name, raw in data.items():
            column = columns.get(name)
            values[name] = parse_value(column, raw) if column else _plain(raw)
        return cls(record_id, values)


def _plain(raw: object) -> Value:
    if raw is None or isinstance(raw, int | str):
        return raw
    return str(raw)


def to_json_value(value: Value) -> object:
    """Turn a column value into JSON-ready data."""
    if isinstance(value, dt.datetime):
        return value.strftime(TIMESTAMP_FORMAT)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def parse_value(column: Column, raw: object) -> Value:
    """Parse stored or typed data into the column's Python type.

    Raises:
        ValueError: with a short reason when ``raw`` does not fit the type.
    """
    if raw is None or raw == "":
        return None
    if column.kind == "integer":
        if isinstance(raw, bool):
            raise ValueError("expected a whole number")
        if isinstance(raw, int):
            return raw
        text = str(raw).strip()
        if text.lstrip("-").isdigit():
            return int(text)
        if column.list_id is not None:
            return text  # a station code such as 528A5, or a bad code for validation to name
        raise ValueError("expected a whole number")
    if column.kind == "date":
        if isinstance(raw, dt.datetime):
            return raw.date()
        if isinstance(raw, dt.date):
            return raw
        return dt.date.fromisoformat(str(raw).strip())
    if column.kind == "timestamp":
        if isinstance(raw, dt.datetime):
            return raw
        return dt.datetime.strptime(str(raw).strip(), TIMESTAMP_FORMAT)
    if column.kind == "money":
        try:
            return Decimal(str(raw).strip())
        except InvalidOperation as exc:
            raise ValueError("expected an amount of money") from exc
    return str(raw)


class Client(Record):
    """A person (HMIS ``Client.csv``): the universal data elements about who they are."""

    KIND = "Client"
    FILE = "Client.csv"
    ID_COLUMN = "PersonalID"

    @property
    def personal_id(self) -> str:
        """A client is its own client."""
        return self.id

    @property
    def first_name(self) -> str | None:
        """The first name, if collected."""
        return _text(self.values.get("FirstName"))

    @property
    def last_name(self) -> str | None:
        """The last name, if collected."""
        return _text(self.values.get("LastName"))

    @property
    def dob(self) -> dt.date | None:
        """The date of birth, if collected."""
        value = self.values.get("DOB")
        return value if isinstance(value, dt.date) else None

    @property
    def ssn(self) -> str | None:
        """The SSN as collected (nine characters, ``x`` for unknown digits)."""
        return _text(self.values.get("SSN"))

    @property
    def aliases(self) -> tuple[str, ...]:
        """Street names and nicknames the person goes by."""
        text = _text(self.values.get("Aliases")) or ""
        return tuple(a.strip() for a in text.split(";") if a.strip())


def _text(value: Value) -> str | None:
    return value if isinstance(value, str) and value else None


class Enrollment(Record):
    """A client's stay in a project: here, engagement with street outreach."""

    KIND = "Enrollment"
    FILE = "Enrollment.csv"
    ID_COLUMN = "EnrollmentID"
    PARENT_COLUMN = "PersonalID"


class CurrentLivingSituation(Record):
    """Element 4.12: one street outreach contact, where and how the person lives now."""

    KIND = "CurrentLivingSituation"
    FILE = "CurrentLivingSituation.csv"
    ID_COLUMN = "CurrentLivingSitID"
    PARENT_COLUMN = "EnrollmentID"


class Assessment(Record):
    """Element 4.19: a coordinated entry assessment."""

    KIND = "Assessment"
    FILE = "Assessment.csv"
    ID_COLUMN = "AssessmentID"
    PARENT_COLUMN = "EnrollmentID"


class AssessmentQuestion(Record):
    """One question and answer of a CE assessment."""

    KIND = "AssessmentQuestion"
    FILE = "AssessmentQuestions.csv"
    ID_COLUMN = "AssessmentQuestionID"
    PARENT_COLUMN = "AssessmentID"


class AssessmentResult(Record):
    """One result (a score, a priority) of a CE assessment."""

    KIND = "AssessmentResult"
    FILE = "AssessmentResults.csv"
    ID_COLUMN = "AssessmentResultID"
    PARENT_COLUMN = "AssessmentID"


class Event(Record):
    """Element 4.20: a coordinated entry event (access, referral, diversion)."""

    KIND = "Event"
    FILE = "Event.csv"
    ID_COLUMN = "EventID"
    PARENT_COLUMN = "EnrollmentID"


class Service(Record):
    """A service provided (HMIS ``Services.csv``)."""

    KIND = "Service"
    FILE = "Services.csv"
    ID_COLUMN = "ServicesID"
    PARENT_COLUMN = "EnrollmentID"


class HealthAndDV(Record):
    """General health and domestic violence elements (4.10 through 4.11)."""

    KIND = "HealthAndDV"
    FILE = "HealthAndDV.csv"
    ID_COLUMN = "HealthAndDVID"
    PARENT_COLUMN = "EnrollmentID"


class Disability(Record):
    """One disability type and its answer (HMIS ``Disabilities.csv``)."""

    KIND = "Disability"
    FILE = "Disabilities.csv"
    ID_COLUMN = "DisabilitiesID"
    PARENT_COLUMN = "EnrollmentID"


class IncomeBenefit(Record):
    """Income, non-cash benefits and health insurance at a point in time."""

    KIND = "IncomeBenefit"
    FILE = "IncomeBenefits.csv"
    ID_COLUMN = "IncomeBenefitsID"
    PARENT_COLUMN = "EnrollmentID"


class Exit(Record):
    """The end of an enrollment, with the destination (3.12)."""

    KIND = "Exit"
    FILE = "Exit.csv"
    ID_COLUMN = "ExitID"
    PARENT_COLUMN = "EnrollmentID"


class Organization(Record):
    """An HMIS organization: the agency the workers belong to."""

    KIND = "Organization"
    FILE = "Organization.csv"
    ID_COLUMN = "OrganizationID"


class Project(Record):
    """An HMIS project of an organization; street outreach is project type 4."""

    KIND = "Project"
    FILE = "Project.csv"
    ID_COLUMN = "ProjectID"
    PARENT_COLUMN = "OrganizationID"


class User(Record):
    """An HMIS user as exported in ``User.csv`` (not a local login; see storage)."""

    KIND = "User"
    FILE = "User.csv"
    ID_COLUMN = "UserID"


class Consent(Record):
    """A release of information: whether and how widely a client's data may be shared.

    Not an HMIS CSV file: it is declared in ``resources/outreach/extensions.json``
    and decides what leaves the device.
    """

    KIND = "Consent"
    FILE = "Consent"
    ID_COLUMN = "ConsentID"
    PARENT_COLUMN = "PersonalID"


RECORD_TYPES: Mapping[str, type[Record]] = MappingProxyType(
    {
        cls.KIND: cls
        for cls in (
            Client,
            Enrollment,
            CurrentLivingSituation,
            Assessment,
            AssessmentQuestion,
            AssessmentResult,
            Event,
            Service,
            HealthAndDV,
            Disability,
            IncomeBenefit,
            Exit,
            Organization,
            Project,
            User,
            Consent,
        )
    }
)


def record_type(kind: str) -> type[Record]:
    """Return the record class for a kind name such as ``"Client"``."""
    try:
        return RECORD_TYPES[kind]
    except KeyError:
        raise ValueError(f"unknown record kind {kind!r}") from None


@cache
def record_columns(
    kind: str, fiscal_year: FiscalYear = DEFAULT_FISCAL_YEAR
) -> Mapping[str, Column]:
    """Return the columns a worker can fill for a kind: HUD's plus Outreach's extensions.

    The id column and the bookkeeping columns are left out.
    """
    cls = record_type(kind)
    spec = load_spec(fiscal_year)
    extensions = _extensions()
    empty: Mapping[str, object] = {}
    if cls.FILE in spec.files:
        columns: tuple[Column, ...] = spec.columns(cls.FILE)
    else:
        columns = tuple(_column(raw, empty) for raw in extensions["files"][cls.FILE])
    extra = tuple(_column(raw, empty) for raw in extensions["extensions"].get(cls.FILE, ()))
    return MappingProxyType(
        {c.name: c for c in (*columns, *extra) if c.name != cls.ID_COLUMN and not c.is_metadata}
    )


def iter_kinds() -> Iterator[str]:
    """Yield every record kind the device stores."""
    return iter(RECORD_TYPES)
