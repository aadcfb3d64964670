"""The HMIS Data Standards' consistency rules, beyond what the CSV specification says.

The CSV specification tells which codes a column may hold; the Data Standards
tell which combinations make sense: a "full name" needs a first and a last name,
an SSN entered cannot be "Client doesn't know", a child cannot be a veteran.
HMIS data quality reports flag these, usually months later when nobody remembers
the person; here they are flagged while the worker is still with them.

Kept as data where it can be (required elements per project type, dates that
cannot be in the future, dates that must be in order, the 3.917 groups), so a
change in the Data Standards is a change to a table.

Simplifications, on purpose:

* 3.917 Prior Living Situation. Living situations are grouped by HUD's numbering
  of list 3.12.1: 1xx homeless (116 place not meant for habitation, 101 emergency
  shelter, 118 Safe Haven), 2xx institutional, 3xx temporary, 4xx permanent;
  8, 9, 99 and the exit-only codes belong to no group and get no 3.917 rule.
  Coming from a homeless situation, "length of stay under the threshold"
  (LOSUnderThreshold) and "on the streets, ES or SH the night before"
  (PreviousStreetESSH) are skipped and must be empty, and the homeless history
  (DateToStreetESSH, TimesHomelessPastThreeYears, MonthsHomelessPastThreeYears)
  is needed. From the other groups, LOSUnderThreshold is asked (under 90 days for
  institutional, under 7 nights for temporary and permanent), PreviousStreetESSH
  only when it is Yes, and the homeless history only when both are Yes. HUD asks
  3.917 of heads of household and adults only; a record alone does not say who
  that is, so the rules run whenever LivingSituation is filled. Missing answers
  are warnings (the HMIS takes the record, its reports flag it); answers that
  should have been skipped are errors.
* Whether an exit date follows the entry date needs two records; storage checks
  it, not this module.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from outreach_app.domain.hmis_spec import Column, HmisSpec
from outreach_app.domain.records import Record, list_codes
from outreach_app.domain.validation import (
    DATA_NOT_COLLECTED_CODES,
    FieldMessage,
    as_date,
    as_int,
    checkbox_groups,
    code_label,
    error,
    is_answered,
    warning,
)

#: HUD project type (list 2.02.6) of street outreach.
STREET_OUTREACH = 4


@dataclass(frozen=True, slots=True)
class Requirements:
    """What a project type must record on one kind of record.

    Attributes:
        columns: columns that need an answer (8, 9 or 99 count as answers).
            Columns the fiscal year does not have are ignored, so ``Sex`` is
            required only from FY2026.
        checkbox_groups: elements (``3.04.1`` race) where at least one box
            must be checked or the group's "none" column answered.
    """

    columns: tuple[str, ...] = ()
    checkbox_groups: tuple[str, ...] = ()


#: The universal data elements each project type must collect, per record kind.
#: DateOfEngagement (4.13) is left out: it is recorded when engagement happens.
REQUIRED_BY_PROJECT_TYPE: Mapping[int, Mapping[str, Requirements]] = MappingProxyType(
    {
        STREET_OUTREACH: MappingProxyType(
            {
                "Client": Requirements(
                    columns=(
                        "NameDataQuality",
                        "SSNDataQuality",
                        "DOBDataQuality",
                        "VeteranStatus",
                        "Sex",  # 4.21, FY2026 on
                    ),
                    checkbox_groups=("3.04.1", "3.06.1"),  # race; gender up to FY2024
                ),
                "Enrollment": Requirements(
                    columns=(
                        "EntryDate",
                        "RelationshipToHoH",
                        "EnrollmentCoC",
                        "LivingSituation",
                        "DisablingCondition",
                    )
                ),
                "CurrentLivingSituation": Requirements(
                    columns=("InformationDate", "CurrentLivingSituation")
                ),
                "Exit": Requirements(columns=("ExitDate", "Destination")),
            }
        )
    }
)

#: Dates of things that have already happened, per record kind.
NOT_IN_FUTURE: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "Enrollment": ("EntryDate", "DateToStreetESSH", "DateOfEngagement"),
        "CurrentLivingSituation": ("InformationDate",),
        "Exit": ("ExitDate",),
        "Service": ("DateProvided",),
        "Event": ("EventDate",),
        "Assessment": ("AssessmentDate",),
        "Disability": ("InformationDate",),
        "HealthAndDV": ("InformationDate",),
        "IncomeBenefit": ("InformationDate",),
        "Consent": ("ConsentDate",),
    }
)


@dataclass(frozen=True, slots=True)
class DateOrder:
    """Two dates of one record where ``earlier`` may not come after ``later``."""

    kind: str
    earlier: str
    later: str
    field: str
    message: str
    rule: str


DATE_ORDERS: tuple[DateOrder, ...] = (
    DateOrder(
        "Enrollment",
        "DateToStreetESSH",
        "EntryDate",
        "DateToStreetESSH",
        "The date this time homeless began can't be after the project start date.",
        "date.order",
    ),
    DateOrder(
        "Enrollment",
        "EntryDate",
        "DateOfEngagement",
        "DateOfEngagement",
        "The date of engagement can't be before the project start date.",
        "date.order",
    ),
    DateOrder(
        "Consent",
        "ConsentDate",
        "ExpiryDate",
        "ExpiryDate",
        "The release can't end before the date it was signed.",
        "consent.expiry",
    ),
)

#: Plain words for checkbox groups: (rule prefix, what one box is, plural).
_GROUP_WORDS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {"3.04.1": ("race", "race or ethnicity"), "3.06.1": ("gender", "gender")}
)

NAME_COLUMNS = ("FirstName", "MiddleName", "LastName")
FULL, PARTIAL = 1, 2  # data quality codes of lists 3.01.5, 3.02.2, 3.03.2

SSN_RE = re.compile(r"^[0-9xX]{9}$")
#: Numbers that circulate as examples and were never anyone's SSN.
_SAMPLE_SSNS = frozenset({"123456789", "078051120"})
EARLIEST_DOB = dt.date(1900, 1, 1)
OLDEST_AGE = 110
ADULT_AGE = 18

LIVING_SITUATION_LIST = "3.12.1"
# Which codes of list 3.12.1 each element offers (FY2024+ Data Standards), in the
# order a worker scans them: homeless situations first.
_HOMELESS_AND_INSTITUTIONAL = (116, 101, 118, 215, 206, 207, 225, 204, 205)
_TEMPORARY_AND_PERMANENT = (302, 329, 314, 332, 335, 336, 410, 435, 421, 411)
_MISSING = (8, 9, 99)
#: 3.917 Prior Living Situation.
PRIOR_LIVING_CODES = _HOMELESS_AND_INSTITUTIONAL + _TEMPORARY_AND_PERMANENT + _MISSING
#: 4.12 Current Living Situation (a contact): the prior list plus "Other" and
#: "Worker unable to determine".
CONTACT_LIVING_CODES = _HOMELESS_AND_INSTITUTIONAL + _TEMPORARY_AND_PERMANENT + (17, 37, *_MISSING)
#: 3.12 Destination, at exit.
DESTINATION_CODES = (
    *_HOMELESS_AND_INSTITUTIONAL,
    302, 329, 314, 332, 312, 313, 327, 410, 435, 421, 411, 422, 423, 426, 24, 17, 30, *_MISSING,
)  # fmt: skip
_GROUPS_BY_HUNDREDS: Mapping[int, str] = MappingProxyType(
    {1: "homeless", 2: "institutional", 3: "temporary", 4: "permanent"}
)
#: Per group: the LOSUnderThreshold question, and the LengthOfStay codes under it.
_THRESHOLDS: Mapping[str, tuple[str, frozenset[int]]] = MappingProxyType(
    {
        "institutional": ("90 days", frozenset({10, 11, 2, 3})),
        "temporary": ("7 nights", frozenset({10, 11})),
        "permanent": ("7 nights", frozenset({10, 11})),
    }
)
_HISTORY_QUESTIONS: Mapping[str, str] = MappingProxyType(
    {
        "DateToStreetESSH": "Ask roughly when this time on the street or in shelter began.",
        "TimesHomelessPastThreeYears": "Ask how many times the person was homeless "
        "in the past three years.",
        "MonthsHomelessPastThreeYears": "Ask how many months the person was homeless "
        "in the past three years.",
    }
)
COC_RE = re.compile(r"^[A-Za-z]{2}-[0-9]{3}$")
CONSENTED = 1  # list OR.1


def check_record(
    record: Record,
    *,
    spec: HmisSpec,
    columns: Mapping[str, Column],
    project_type: int | None,
    today: dt.date,
) -> list[FieldMessage]:
    """Return the Data Standards problems of one record (see the module docstring)."""
    messages = _dates(record, today)
    if record.KIND == "Client":
        messages += _names(record, spec)
        messages += _ssn(record, spec)
        messages += _dob(record, spec, today)
        messages += _checkboxes(record, spec)
    elif record.KIND == "Enrollment":
        messages += _enrollment(record, spec)
    elif record.KIND == "Consent":
        messages += _consent(record)
    elif record.KIND == "Event":
        from outreach_app.domain.ce_event import check_follow_ups  # it builds on validation

        messages += check_follow_ups(record, today)
    if project_type is not None:
        messages += _required(record, spec, columns, project_type)
    return messages


def age_on(dob: dt.date, day: dt.date) -> int:
    """Return the age in whole years on ``day`` of someone born on ``dob``."""
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


def living_situation_group(spec: HmisSpec, code: int | None) -> str | None:
    """Return ``homeless``, ``institutional``, ``temporary``, ``permanent`` or ``None``."""
    if code is None or code not in spec.lists.get(LIVING_SITUATION_LIST, {}):
        return None
    return _GROUPS_BY_HUNDREDS.get(code // 100) if code >= 100 else None


#: The 3.917 questions after LivingSituation, in the order a form asks them.
PRIOR_LIVING_QUESTIONS = (
    "LengthOfStay",
    "LOSUnderThreshold",
    "PreviousStreetESSH",
    "DateToStreetESSH",
    "TimesHomelessPastThreeYears",
    "MonthsHomelessPastThreeYears",
)


def prior_living_asked(record: Record, spec: HmisSpec) -> frozenset[str]:
    """Return which 3.917 questions are asked, given the answers so far (skip logic).

    The same rules as the checks below, for forms to show and hide questions:
    nothing until the living situation is known (or it is 8, 9, 99); from a
    homeless situation, the length of stay and the homeless history; from the
    others, the length of stay and whether it was under the threshold, then
    "the night before" when it was, then the history when that was Yes too.
    """
    group = living_situation_group(spec, as_int(record.get("LivingSituation")))
    history = {"DateToStreetESSH", "TimesHomelessPastThreeYears", "MonthsHomelessPastThreeYears"}
    if group is None:
        return frozenset()
    if group == "homeless":
        return frozenset({"LengthOfStay", *history})
    asked = {"LengthOfStay", "LOSUnderThreshold"}
    if as_int(record.get("LOSUnderThreshold")) == 1:
        asked.add("PreviousStreetESSH")
        if as_int(record.get("PreviousStreetESSH")) == 1:
            asked |= history
    return frozenset(asked)


def _dates(record: Record, today: dt.date) -> list[FieldMessage]:
    messages = []
    for name in NOT_IN_FUTURE.get(record.KIND, ()):
        day = as_date(record.get(name))
        if day is not None and day > today:
            messages.append(error(name, "This date can't be in the future.", "date.future"))
    for order in DATE_ORDERS:
        if order.kind != record.KIND:
            continue
        earlier, later = as_date(record.get(order.earlier)), as_date(record.get(order.later))
        if earlier is not None and later is not None and earlier > later:
            messages.append(error(order.field, order.message, order.rule))
    return messages


def _quality(record: Record, spec: HmisSpec, column: str) -> tuple[int | None, str]:
    code = as_int(record.get(column))
    list_id = spec.column(record.FILE, column).list_id
    return code, code_label(spec, list_id, code) if code is not None else ""


def _names(record: Record, spec: HmisSpec) -> list[FieldMessage]:
    quality, label = _quality(record, spec, "NameDataQuality")
    entered = [c for c in NAME_COLUMNS if is_answered(record, c)]
    field, rule = "NameDataQuality", "name.quality"
    if quality in {FULL, PARTIAL} and not entered:
        return [error(field, f"No name is entered, so this can't be “{label}”.", rule)]
    if quality == FULL and not (
        is_answered(record, "FirstName") and is_answered(record, "LastName")
    ):
        return [error(field, f"“{label}” needs both a first and a last name.", rule)]
    if quality in DATA_NOT_COLLECTED_CODES and entered:
        return [
            error(
                field,
                f"A name is entered, so this can't be “{label}”. "
                "Choose full or partial name instead.",
                rule,
            )
        ]
    return []


def _ssn(record: Record, spec: HmisSpec) -> list[FieldMessage]:
    quality, label = _quality(record, spec, "SSNDataQuality")
    value = record.get("SSN")
    ssn = value.strip() if isinstance(value, str) and value.strip() else None
    field, rule = "SSNDataQuality", "ssn.quality"
    messages: list[FieldMessage] = []
    if ssn is None:
        if quality in {FULL, PARTIAL}:
            messages.append(error(field, f"No SSN is entered, so this can't be “{label}”.", rule))
        return messages
    if quality in DATA_NOT_COLLECTED_CODES:
        messages.append(error(field, f"An SSN is entered, so this can't be “{label}”.", rule))
    if not SSN_RE.fullmatch(ssn):
        messages.append(
            error(
                "SSN",
                "SSN must be 9 digits; use x for digits the person doesn't know.",
                "ssn.format",
            )
        )
        return messages
    complete = ssn.isdigit()
    if quality == FULL and not complete:
        messages.append(error(field, f"“{label}” needs all 9 digits, with no x.", rule))
    if quality == PARTIAL and complete:
        full_label = code_label(spec, "3.02.2", FULL)
        messages.append(
            warning(
                field,
                f"All 9 digits are entered: if the SSN is complete, choose “{full_label}”.",
                rule,
            )
        )
    if _implausible_ssn(ssn.lower()):
        messages.append(
            warning(
                "SSN",
                "This doesn't look like a real SSN. Check it, or use x for digits "
                "the person doesn't know.",
                "ssn.invalid",
            )
        )
    return messages


def _implausible_ssn(ssn: str) -> bool:
    """Whether the SSA would never have issued this number (only known digits judged)."""
    area, group, serial = ssn[:3], ssn[3:5], ssn[5:]
    if ssn.isdigit() and (len(set(ssn)) == 1 or ssn in _SAMPLE_SSNS):
        return True
    if area.isdigit() and (area in {"000", "666"} or area.startswith("9")):
        return True
    return group == "00" or serial == "0000"


def _dob(record: Record, spec: HmisSpec, today: dt.date) -> list[FieldMessage]:
    quality, label = _quality(record, spec, "DOBDataQuality")
    dob = as_date(record.get("DOB"))
    messages: list[FieldMessage] = []
    if dob is not None:
        if dob > today:
            messages.append(error("DOB", "Date of birth can't be in the future.", "dob.future"))
        elif dob < EARLIEST_DOB:
            messages.append(error("DOB", "Date of birth can't be before 1900.", "dob.range"))
        elif age_on(dob, today) > OLDEST_AGE:
            messages.append(
                warning(
                    "DOB",
                    f"This date of birth makes the person over {OLDEST_AGE}. Check it.",
                    "dob.age",
                )
            )
        if as_int(record.get("VeteranStatus")) == 1 and 0 <= age_on(dob, today) < ADULT_AGE:
            messages.append(
                error(
                    "VeteranStatus",
                    "Someone under 18 can't be a veteran. "
                    "Check the veteran status or the date of birth.",
                    "veteran.minor",
                )
            )
    field, rule = "DOBDataQuality", "dob.quality"
    if not is_answered(record, "DOB") and quality in {FULL, PARTIAL}:
        messages.append(
            error(field, f"No date of birth is entered, so this can't be “{label}”.", rule)
        )
    if is_answered(record, "DOB") and quality in DATA_NOT_COLLECTED_CODES:
        messages.append(
            error(field, f"A date of birth is entered, so this can't be “{label}”.", rule)
        )
    return messages


def _checkboxes(record: Record, spec: HmisSpec) -> list[FieldMessage]:
    messages = []
    for element, (none_column, boxes) in checkbox_groups(spec.fiscal_year, record.KIND).items():
        prefix, noun = _GROUP_WORDS.get(element, ("checkbox", "option"))
        none_code = as_int(record.get(none_column))
        if any(as_int(record.get(b)) == 1 for b in boxes) and is_answered(record, none_column):
            list_id = spec.column(record.FILE, none_column).list_id
            label = code_label(spec, list_id, none_code) if none_code is not None else "none"
            messages.append(
                error(
                    none_column,
                    f"A {noun} is checked, so this can't be “{label}”.",
                    f"{prefix}.none",
                )
            )
    return messages


def _enrollment(record: Record, spec: HmisSpec) -> list[FieldMessage]:
    messages: list[FieldMessage] = []
    coc = record.get("EnrollmentCoC")
    if isinstance(coc, str) and coc.strip() and not COC_RE.fullmatch(coc):
        # HUD's own pattern reads ^[A-Za-z]{2}-(0-9){3}$, a typo for [0-9].
        messages.append(
            error(
                "EnrollmentCoC",
                "A CoC code is two letters, a dash and three digits, like XX-500.",
                "coc.format",
            )
        )
    return messages + _prior_living_situation(record, spec)


def _prior_living_situation(record: Record, spec: HmisSpec) -> list[FieldMessage]:
    group = living_situation_group(spec, as_int(record.get("LivingSituation")))
    if group is None:
        return []
    messages: list[FieldMessage] = []
    if group == "homeless":
        for name in ("LOSUnderThreshold", "PreviousStreetESSH"):
            if is_answered(record, name):
                messages.append(
                    error(
                        name,
                        "Not asked when the person came from the street, a shelter or a "
                        "Safe Haven; leave it empty.",
                        "3.917.skip",
                    )
                )
        return messages + _history(record)
    threshold, under_codes = _THRESHOLDS[group]
    under = as_int(record.get("LOSUnderThreshold"))
    if under is None:
        messages.append(
            warning(
                "LOSUnderThreshold",
                f"Ask whether the stay was under {threshold}.",
                "3.917.required",
            )
        )
    length = as_int(record.get("LengthOfStay"))
    if under in {0, 1} and length is not None and length not in DATA_NOT_COLLECTED_CODES:
        expected = length in under_codes
        if (under == 1) != expected:
            said = f"under {threshold}, so this should be “Yes”"
            if not expected:
                said = f"{threshold} or more, so this should be “No”"
            messages.append(
                warning("LOSUnderThreshold", f"The length of stay is {said}.", "3.917.threshold")
            )
    if under != 1:
        if is_answered(record, "PreviousStreetESSH"):
            messages.append(
                error(
                    "PreviousStreetESSH",
                    f"Only asked when the stay was under {threshold}; leave it empty.",
                    "3.917.skip",
                )
            )
        return messages
    previous = as_int(record.get("PreviousStreetESSH"))
    if previous is None:
        messages.append(
            warning(
                "PreviousStreetESSH",
                "Ask whether the person was on the street, in shelter or in a Safe Haven "
                "the night before.",
                "3.917.required",
            )
        )
    return messages + (_history(record) if previous == 1 else [])


def _history(record: Record) -> list[FieldMessage]:
    return [
        warning(name, question, "3.917.required")
        for name, question in _HISTORY_QUESTIONS.items()
        if not is_answered(record, name)
    ]


def _consent(record: Record) -> list[FieldMessage]:
    if as_int(record.get("ConsentStatus")) == CONSENTED and not is_answered(record, "ConsentScope"):
        return [
            error(
                "ConsentScope",
                "Consent was given: choose who may see the person's information.",
                "consent.scope",
            )
        ]
    return []


def _required(
    record: Record, spec: HmisSpec, columns: Mapping[str, Column], project_type: int
) -> list[FieldMessage]:
    requirements = REQUIRED_BY_PROJECT_TYPE.get(project_type, {}).get(record.KIND)
    if requirements is None:
        return []
    project = code_label(spec, "2.02.6", project_type)
    messages = []
    for name in requirements.columns:
        column = columns.get(name)
        # a column the spec makes non-null is already reported as required
        if column is None or not column.nullable or is_answered(record, name):
            continue
        hint = ""
        if column.list_id and _codes(spec, column.list_id) >= DATA_NOT_COLLECTED_CODES:
            hint = " If the person doesn't know or won't say, choose that answer."
        messages.append(error(name, f"{project} projects must record this.{hint}", "required"))
    groups = checkbox_groups(spec.fiscal_year, record.KIND)
    for element in requirements.checkbox_groups:
        if element not in groups:
            continue
        none_column, boxes = groups[element]
        if any(as_int(record.get(b)) == 1 for b in boxes) or is_answered(record, none_column):
            continue
        _, noun = _GROUP_WORDS.get(element, ("checkbox", "option"))
        messages.append(
            error(
                none_column,
                f"{project} projects must record this: check at least one {noun}, "
                "or say why none is checked.",
                "required",
            )
        )
    return messages


def _codes(spec: HmisSpec, list_id: str) -> frozenset[object]:
    try:
        return frozenset(list_codes(spec, list_id))
    except KeyError:
        return frozenset()


def suggested_quality(values: Mapping[str, object]) -> dict[str, int]:
    """Return the data-quality codes a new client's name, SSN and DOB call for.

    A worker creating someone in a hurry types what they have; the quality
    columns follow from it (full name or partial, full SSN or partial, DOB
    reported or not collected), and the profile lets them change it after.
    """
    names = [bool(str(values.get(c) or "").strip()) for c in ("FirstName", "LastName")]
    ssn = str(values.get("SSN") or "").strip()
    return {
        "NameDataQuality": 1 if all(names) else 2 if any(names) else 99,
        # Anything typed short of nine digits is a partial SSN, never "not collected".
        "SSNDataQuality": 1 if ssn.isdigit() and len(ssn) == 9 else 2 if ssn else 99,
        "DOBDataQuality": 1 if values.get("DOB") else 99,
    }
