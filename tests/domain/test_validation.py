"""Tests of outreach_app.domain.validation and .udes: every rule fails and passes."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from outreach_app import errors
from outreach_app.domain import udes
from outreach_app.domain.hmis_spec import Column, FiscalYear, Validation, load_spec
from outreach_app.domain.records import (
    Client,
    Consent,
    CurrentLivingSituation,
    Disability,
    Enrollment,
    Exit,
    Record,
    Service,
    Value,
    record_columns,
)
from outreach_app.domain.validation import (
    DATA_NOT_COLLECTED_CODES,
    UNPARSED_RULES,
    FieldMessage,
    check,
    check_value,
    checkbox_groups,
    conditional_lists,
    errors_only,
    is_answered,
    parse_rule,
    validate,
)

TODAY = dt.date(2025, 6, 15)
YEARS: tuple[FiscalYear, ...] = (2026, 2024)
SO = udes.STREET_OUTREACH


def client_values(fiscal_year: FiscalYear = 2026, **changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "FirstName": "Ana",
        "LastName": "Lopez",
        "NameDataQuality": 1,
        "SSN": "234567890",
        "SSNDataQuality": 1,
        "DOB": dt.date(1980, 5, 1),
        "DOBDataQuality": 1,
        "White": 1,
        "VeteranStatus": 0,
    }
    values.update({"Sex": 0} if fiscal_year == 2026 else {"Woman": 1})
    values.update(changes)
    return {k: v for k, v in values.items() if v is not None}


def client(fiscal_year: FiscalYear = 2026, **changes: Any) -> Client:
    return Client("c" * 32, client_values(fiscal_year, **changes))


def enrollment(**changes: Any) -> Enrollment:
    values: dict[str, Any] = {
        "PersonalID": "p" * 32,
        "ProjectID": "q" * 32,
        "HouseholdID": "h" * 32,
        "EntryDate": dt.date(2025, 6, 1),
        "RelationshipToHoH": 1,
        "EnrollmentCoC": "CA-600",
        "LivingSituation": 116,
        "LengthOfStay": 5,
        "DateToStreetESSH": dt.date(2024, 1, 1),
        "TimesHomelessPastThreeYears": 1,
        "MonthsHomelessPastThreeYears": 113,
        "DisablingCondition": 99,
    }
    values.update(changes)
    return Enrollment("e" * 32, {k: v for k, v in values.items() if v is not None})


def contact(**changes: Any) -> CurrentLivingSituation:
    values: dict[str, Any] = {
        "EnrollmentID": "e" * 32,
        "PersonalID": "p" * 32,
        "InformationDate": TODAY,
        "CurrentLivingSituation": 116,
    }
    values.update(changes)
    return CurrentLivingSituation("s" * 32, {k: v for k, v in values.items() if v is not None})


def consent(**changes: Any) -> Consent:
    values: dict[str, Any] = {
        "PersonalID": "p" * 32,
        "ConsentStatus": 1,
        "ConsentDate": dt.date(2025, 1, 1),
        "ConsentScope": 1,
    }
    values.update(changes)
    return Consent("k" * 32, {k: v for k, v in values.items() if v is not None})


def run(record: Record, fiscal_year: FiscalYear = 2026, **kw: Any) -> list[FieldMessage]:
    return validate(record, fiscal_year=fiscal_year, today=TODAY, **kw)


def hits(messages: list[FieldMessage], rule: str, field: str | None = None) -> list[FieldMessage]:
    return [m for m in messages if m.rule == rule and (field is None or m.field == field)]


# --- clean records -----------------------------------------------------------------------


@pytest.mark.parametrize("fiscal_year", YEARS)
def test_complete_client_has_no_messages(fiscal_year: FiscalYear) -> None:
    assert run(client(fiscal_year), fiscal_year, project_type=SO) == []


@pytest.mark.parametrize("fiscal_year", YEARS)
def test_complete_enrollment_contact_exit_consent_have_no_messages(fiscal_year: FiscalYear) -> None:
    exit_record = Exit(
        "x" * 32,
        {
            "EnrollmentID": "e" * 32,
            "PersonalID": "p" * 32,
            "ExitDate": TODAY,
            "Destination": 116,
        },
    )
    for record in (enrollment(), contact(), exit_record, consent()):
        assert run(record, fiscal_year, project_type=SO) == [], record.KIND


# --- helpers -----------------------------------------------------------------------------


def test_data_not_collected_codes() -> None:
    assert frozenset({8, 9, 99}) == DATA_NOT_COLLECTED_CODES


def test_is_answered_counts_dont_know_codes_but_not_blanks() -> None:
    record = Client("c" * 32, {"VeteranStatus": 99, "FirstName": "  ", "Sex": 0})
    assert is_answered(record, "VeteranStatus")
    assert is_answered(record, "Sex")  # 0 is an answer
    assert not is_answered(record, "FirstName")
    assert not is_answered(record, "LastName")


def test_errors_only_drops_warnings() -> None:
    messages = [
        FieldMessage("SSN", "a", "warning", "ssn.invalid"),
        FieldMessage("DOB", "b", "error", "dob.future"),
    ]
    assert errors_only(messages) == [messages[1]]


def test_check_raises_invalid_input_with_field_messages() -> None:
    record = client(DOB=dt.date(2030, 1, 1))
    with pytest.raises(errors.InvalidInput) as caught:
        check(record, today=TODAY)
    assert ("DOB", "Date of birth can't be in the future.") in caught.value.messages
    assert caught.value.message == "1 field needs fixing."


def test_check_lets_warnings_through() -> None:
    record = client(SSN="111111111")  # only a warning
    assert hits(run(record), "ssn.invalid")
    check(record, today=TODAY)


def test_validate_defaults_today_to_the_real_date() -> None:
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    assert hits(validate(client(DOB=tomorrow)), "dob.future")
    assert not hits(validate(client(DOB=dt.date.today())), "dob.future")


# --- 1. spec-driven column rules ---------------------------------------------------------


def test_integer_column_type() -> None:
    assert hits(run(client(VeteranStatus=dt.date(2020, 1, 1))), "type", "VeteranStatus")
    assert hits(run(client(VeteranStatus=True)), "type", "VeteranStatus")
    assert hits(run(client(VeteranStatus=2**40)), "type", "VeteranStatus")
    assert not hits(run(client(VeteranStatus=1)), "type")


def test_date_column_type() -> None:
    assert hits(run(client(DOB="1980-05-01")), "type", "DOB")
    assert hits(run(client(DOB=dt.datetime(1980, 5, 1, 12, 0))), "type", "DOB")
    assert not hits(run(client(DOB=dt.date(1980, 5, 1))), "type")


def test_money_column_type() -> None:
    spec = load_spec(2026)
    column = record_columns("Service", 2026)["FAAmount"]
    assert check_value(spec, column, Decimal("12.50")) == []
    assert check_value(spec, column, "12.50")[0].rule == "type"
    assert check_value(spec, column, Decimal("NaN"))[0].rule == "type"


def test_timestamp_and_string_column_types() -> None:
    # no worker-filled column is a timestamp in FY2024/FY2026, so use one made up
    spec = load_spec(2026)
    stamp = Column("Stamp", None, "timestamp", None, None, True, "")
    assert check_value(spec, stamp, dt.datetime(2025, 1, 1, 8, 0)) == []
    assert check_value(spec, stamp, dt.date(2025, 1, 1))[0].rule == "type"
    first_name = record_columns("Client", 2026)["FirstName"]
    assert check_value(spec, first_name, 12)[0].rule == "type"


def test_string_max_length() -> None:
    assert hits(run(client(FirstName="A" * 51)), "length", "FirstName")
    assert not hits(run(client(FirstName="A" * 50)), "length")


def test_coded_column_must_hold_a_code_of_its_list() -> None:
    bad = run(client(NameDataQuality=7))
    assert hits(bad, "list.code", "NameDataQuality")
    assert "7" in hits(bad, "list.code")[0].message
    assert hits(run(client(NameDataQuality="abc")), "list.code", "NameDataQuality")
    assert not hits(run(client(NameDataQuality=2)), "list.code")


def test_string_coded_column_with_mixed_codes() -> None:
    # V6.1 VA medical centers: "402" is read as a number in the list, "528A5" is not
    assert not hits(run(enrollment(VAMCStation="402")), "list.code")
    assert not hits(run(enrollment(VAMCStation="528A5")), "list.code")
    assert hits(run(enrollment(VAMCStation="ZZZ")), "list.code", "VAMCStation")


def test_outreach_list_codes() -> None:
    assert hits(run(consent(ConsentStatus=5)), "list.code", "ConsentStatus")
    assert not hits(run(consent(ConsentStatus=2)), "list.code")


def test_sex_codes_come_from_the_fy2026_spec() -> None:
    assert hits(run(client(Sex=2)), "list.code", "Sex")
    assert not hits(run(client(Sex=1)), "list.code")


def test_fy2024_gender_column_is_unknown_in_fy2026() -> None:
    messages = run(client(2026, Woman=1))
    unknown = hits(messages, "unknown", "Woman")
    assert unknown
    assert unknown[0].severity == "error"
    assert "not part of HMIS FY2026" in unknown[0].message
    assert not hits(run(client(2024), 2024), "unknown")


def test_fy2026_sex_is_unknown_in_fy2024() -> None:
    assert hits(run(client(2024, Sex=1), 2024), "unknown", "Sex")


def test_non_nullable_columns_are_required() -> None:
    messages = run(client(NameDataQuality=None))
    assert hits(messages, "required", "NameDataQuality")
    assert not hits(run(client()), "required")


def test_storage_ids_and_checkbox_columns_are_not_required() -> None:
    messages = run(enrollment(PersonalID=None, ProjectID=None, HouseholdID=None))
    assert not hits(messages, "required")
    # race boxes are non-null in the spec, but an unchecked box is 0 on export
    assert not hits(run(client(White=None, RaceNone=99)), "required")
    assert hits(run(enrollment(EntryDate=None)), "required", "EntryDate")


# --- 2. HUD's validations ----------------------------------------------------------------


@pytest.mark.parametrize("fiscal_year", YEARS)
def test_not_in_list_for_a_contact(fiscal_year: FiscalYear) -> None:
    messages = run(contact(CurrentLivingSituation=312), fiscal_year)
    found = hits(messages, "hud.not_in_list", "CurrentLivingSituation")
    assert found
    assert "Staying or living with family, temporary tenure" in found[0].message
    assert "for a contact" in found[0].message
    assert not hits(run(contact(CurrentLivingSituation=335), fiscal_year), "hud.not_in_list")


def test_not_in_list_for_prior_living_situation_and_destination() -> None:
    assert hits(run(enrollment(LivingSituation=24)), "hud.not_in_list", "LivingSituation")
    exit_record = Exit("x" * 32, {"ExitDate": TODAY, "Destination": 336})
    assert hits(run(exit_record), "hud.not_in_list", "Destination")
    assert not hits(run(Exit("x" * 32, {"Destination": 24})), "hud.not_in_list")


@pytest.mark.parametrize("fiscal_year", YEARS)
def test_every_check_other_element_rule_is_parsed_or_skipped(fiscal_year: FiscalYear) -> None:
    spec = load_spec(fiscal_year)
    rules = [v for v in spec.validations if v.kind == "check_other_element"]
    assert rules
    for rule in rules:
        parsed = parse_rule(rule, spec)
        key = (rule.file, rule.column, rule.rule)
        assert parsed is not None or key in UNPARSED_RULES, key
        if parsed is not None:
            assert parsed.allowed(spec), key  # the list it names exists
            for condition in parsed.conditions:
                assert spec.has_column(rule.file, condition.column)
    assert len(conditional_lists(fiscal_year)) == len(rules) - sum(
        1 for r in rules if (r.file, r.column, r.rule) in UNPARSED_RULES
    )


def test_parser_refuses_what_it_cannot_read() -> None:
    spec = load_spec(2026)

    def rule(text: str) -> Validation:
        return Validation(
            "Services.csv", "TypeProvided", None, "check_other_element", text, frozenset()
        )

    assert parse_rule(rule("If RecordType = 141 then use list P1.2"), spec) is not None
    assert parse_rule(rule("If NoSuchColumn = 141 then use list P1.2"), spec) is None
    assert parse_rule(rule("If RecordType = 141 or whatever then use list P1.2"), spec) is None
    assert parse_rule(rule("If RecordType = 141 then use list NOPE"), spec) is None
    assert parse_rule(rule("RecordType must be sensible"), spec) is None


def test_parser_reads_negation_element_numbers_and_inline_codes() -> None:
    spec = load_spec(2026)
    negated = parse_rule(
        Validation(
            "Disabilities.csv",
            "DisabilityResponse",
            "1.8",
            "check_other_element",
            "If Disability Type is NOT 10 then use list 1.8",
            frozenset(),
        ),
        spec,
    )
    assert negated is not None
    assert negated.conditions[0].column == "DisabilityType"
    assert negated.conditions[0].negated
    inline = parse_rule(
        Validation(
            "Exit.csv",
            "SubsidyInformation",
            None,
            "check_other_element",
            "If W5.1 = 2 then INLIST (11,12)",
            frozenset(),
        ),
        spec,
    )
    assert inline is not None
    assert inline.conditions[0].column == "HousingAssessment"
    assert inline.codes == frozenset({11, 12})


def disability(kind: int, response: int) -> Disability:
    return Disability(
        "d" * 32,
        {
            "InformationDate": TODAY,
            "DisabilityType": kind,
            "DisabilityResponse": response,
            "DataCollectionStage": 1,
        },
    )


@pytest.mark.parametrize("fiscal_year", YEARS)
def test_disability_response_list_depends_on_type(fiscal_year: FiscalYear) -> None:
    # 2 = drug use disorder (4.10.2), not an answer of list 1.8
    assert not hits(run(disability(10, 2), fiscal_year), "hud.other_element")
    wrong = hits(run(disability(5, 2), fiscal_year), "hud.other_element", "DisabilityResponse")
    assert wrong
    assert "Physical disability" in wrong[0].message
    assert not hits(run(disability(5, 1), fiscal_year), "hud.other_element")
    assert hits(run(disability(10, 4), fiscal_year), "hud.other_element")


def service(**values: Any) -> Service:
    return Service("v" * 32, {"DateProvided": TODAY, **values})


def test_service_type_list_depends_on_record_type() -> None:
    assert not hits(run(service(RecordType=141, TypeProvided=14)), "hud.other_element")
    assert hits(run(service(RecordType=200, TypeProvided=14)), "hud.other_element")
    assert not hits(run(service(RecordType=200, TypeProvided=200)), "hud.other_element")


def test_service_subtype_depends_on_two_columns() -> None:
    # SSVF (144) "direct provision of other public benefits" (5) uses list V2.C (1-11)
    ok = service(RecordType=144, TypeProvided=5, SubTypeProvided=11)
    bad = service(RecordType=144, TypeProvided=5, SubTypeProvided=12)
    assert not hits(run(ok), "hud.other_element")
    assert hits(run(bad), "hud.other_element", "SubTypeProvided")


def test_exit_subsidy_information_depends_on_w5_1() -> None:
    base: dict[str, Value] = {"ExitDate": TODAY, "Destination": 116}
    bad = Exit("x" * 32, {**base, "HousingAssessment": 1, "SubsidyInformation": 11})
    good = Exit("x" * 32, {**base, "HousingAssessment": 1, "SubsidyInformation": 2})
    assert hits(run(bad), "hud.other_element", "SubsidyInformation")
    assert not hits(run(good), "hud.other_element")


# --- 3. client data quality --------------------------------------------------------------


@pytest.mark.parametrize("fiscal_year", YEARS)
def test_full_name_needs_first_and_last(fiscal_year: FiscalYear) -> None:
    assert hits(run(client(fiscal_year, LastName=None), fiscal_year), "name.quality")
    assert not hits(
        run(client(fiscal_year, LastName=None, NameDataQuality=2), fiscal_year), "name.quality"
    )


@pytest.mark.parametrize("quality", [8, 9, 99])
def test_names_entered_cannot_be_dont_know(quality: int) -> None:
    assert hits(run(client(NameDataQuality=quality)), "name.quality", "NameDataQuality")
    assert not hits(
        run(client(NameDataQuality=quality, FirstName=None, LastName=None)), "name.quality"
    )


@pytest.mark.parametrize("quality", [1, 2])
def test_no_names_cannot_be_full_or_partial(quality: int) -> None:
    assert hits(run(client(NameDataQuality=quality, FirstName=None, LastName=None)), "name.quality")


@pytest.mark.parametrize("ssn", ["12345678", "1234567890", "123-45-6789", "12345678a"])
def test_ssn_format(ssn: str) -> None:
    found = hits(run(client(SSN=ssn, SSNDataQuality=2)), "ssn.format", "SSN")
    assert found
    assert found[0].message == "SSN must be 9 digits; use x for digits the person doesn't know."


@pytest.mark.parametrize("ssn", ["234567890", "234x6xxxx", "xxxxx7890", "234X6XXXX"])
def test_ssn_format_accepts_digits_and_x(ssn: str) -> None:
    assert not hits(run(client(SSN=ssn, SSNDataQuality=2)), "ssn.format")


def test_full_ssn_quality_needs_nine_digits() -> None:
    assert hits(run(client(SSN="234x6xxxx", SSNDataQuality=1)), "ssn.quality", "SSNDataQuality")
    assert not hits(run(client(SSN="234567890", SSNDataQuality=1)), "ssn.quality")


def test_partial_quality_with_a_full_ssn_is_a_warning() -> None:
    found = hits(run(client(SSN="234567890", SSNDataQuality=2)), "ssn.quality")
    assert [m.severity for m in found] == ["warning"]
    assert not hits(run(client(SSN="234x6xxxx", SSNDataQuality=2)), "ssn.quality")


@pytest.mark.parametrize("quality", [8, 9, 99])
def test_ssn_entered_cannot_be_dont_know(quality: int) -> None:
    assert errors_only(hits(run(client(SSNDataQuality=quality)), "ssn.quality"))
    assert not hits(run(client(SSN=None, SSNDataQuality=quality)), "ssn.quality")


@pytest.mark.parametrize("quality", [1, 2])
def test_missing_ssn_cannot_be_full_or_partial(quality: int) -> None:
    assert errors_only(hits(run(client(SSN=None, SSNDataQuality=quality)), "ssn.quality"))


@pytest.mark.parametrize(
    "ssn",
    [
        "000123456",
        "666123456",
        "900123456",
        "123001234",
        "123450000",
        "111111111",
        "123456789",
        "000xxxxxx",
    ],
)
def test_obviously_invalid_ssn_is_a_warning(ssn: str) -> None:
    quality = 1 if ssn.isdigit() else 2
    found = hits(run(client(SSN=ssn, SSNDataQuality=quality)), "ssn.invalid", "SSN")
    assert [m.severity for m in found] == ["warning"]
    assert "doesn't look like a real SSN" in found[0].message


@pytest.mark.parametrize("ssn", ["234567890", "xxxxx1234", "xxxxxxxxx"])
def test_plausible_ssn_has_no_warning(ssn: str) -> None:
    assert not hits(run(client(SSN=ssn, SSNDataQuality=2)), "ssn.invalid")


def test_dob_not_in_the_future() -> None:
    found = hits(run(client(DOB=TODAY + dt.timedelta(days=1))), "dob.future", "DOB")
    assert found
    assert found[0].message == "Date of birth can't be in the future."
    assert not hits(run(client(DOB=TODAY)), "dob.future")


def test_dob_not_before_1900() -> None:
    assert hits(run(client(DOB=dt.date(1899, 12, 31))), "dob.range", "DOB")
    assert not hits(run(client(DOB=dt.date(1915, 1, 1))), "dob.range")


def test_age_over_110_is_a_warning() -> None:
    found = hits(run(client(DOB=dt.date(1914, 6, 15))), "dob.age", "DOB")  # 111 today
    assert [m.severity for m in found] == ["warning"]
    assert not hits(run(client(DOB=dt.date(1914, 6, 16))), "dob.age")  # 110 today


def test_dob_quality_needs_a_dob() -> None:
    assert hits(run(client(DOB=None, DOBDataQuality=1)), "dob.quality", "DOBDataQuality")
    assert hits(run(client(DOB=None, DOBDataQuality=2)), "dob.quality")
    assert not hits(run(client(DOB=None, DOBDataQuality=99)), "dob.quality")


@pytest.mark.parametrize("quality", [8, 9, 99])
def test_dob_entered_cannot_be_dont_know(quality: int) -> None:
    assert hits(run(client(DOBDataQuality=quality)), "dob.quality")
    assert not hits(run(client(DOBDataQuality=2)), "dob.quality")


@pytest.mark.parametrize("fiscal_year", YEARS)
def test_race_none_cannot_go_with_a_race(fiscal_year: FiscalYear) -> None:
    found = hits(run(client(fiscal_year, RaceNone=8), fiscal_year), "race.none", "RaceNone")
    assert found
    assert found[0].severity == "error"
    assert not hits(run(client(fiscal_year, White=0, RaceNone=8), fiscal_year), "race.none")
    assert not hits(run(client(fiscal_year, White=None, RaceNone=8), fiscal_year), "race.none")


def test_fy2024_gender_none_cannot_go_with_a_gender() -> None:
    assert hits(run(client(2024, GenderNone=9), 2024), "gender.none", "GenderNone")
    assert not hits(run(client(2024, Woman=0, GenderNone=9), 2024), "gender.none")


def test_checkbox_groups_come_from_the_spec() -> None:
    race_2026 = checkbox_groups(2026, "Client")["3.04.1"]
    race_2024 = checkbox_groups(2024, "Client")["3.04.1"]
    assert race_2026[0] == race_2024[0] == "RaceNone"
    assert "HispanicLatinao" in race_2026[1]
    assert "HispanicLatinaeo" in race_2024[1]
    assert "3.06.1" not in checkbox_groups(2026, "Client")
    assert checkbox_groups(2024, "Client")["3.06.1"][0] == "GenderNone"


def test_minor_cannot_be_a_veteran() -> None:
    child = dt.date(2010, 1, 1)
    assert hits(run(client(DOB=child, VeteranStatus=1)), "veteran.minor", "VeteranStatus")
    assert not hits(run(client(DOB=child, VeteranStatus=0)), "veteran.minor")
    assert not hits(run(client(DOB=dt.date(2007, 6, 15), VeteranStatus=1)), "veteran.minor")
    assert hits(run(client(DOB=dt.date(2007, 6, 16), VeteranStatus=1)), "veteran.minor")
    assert not hits(run(client(DOB=None, DOBDataQuality=99, VeteranStatus=1)), "veteran.minor")


def test_age_on() -> None:
    assert udes.age_on(dt.date(2000, 6, 15), dt.date(2025, 6, 15)) == 25
    assert udes.age_on(dt.date(2000, 6, 16), dt.date(2025, 6, 15)) == 24


# --- 4. required elements by project type ------------------------------------------------


def test_sex_required_for_street_outreach_in_fy2026_only() -> None:
    messages = run(client(Sex=None), project_type=SO)
    found = hits(messages, "required", "Sex")
    assert found
    assert "Street Outreach" in found[0].message
    assert not hits(run(client(Sex=99), project_type=SO), "required")
    assert not hits(run(client(Sex=None)), "required")  # no project type given
    assert not hits(run(client(Sex=None), project_type=2), "required")  # transitional housing
    assert not hits(run(client(2024), 2024, project_type=SO), "required")


@pytest.mark.parametrize("fiscal_year", YEARS)
def test_race_required_for_street_outreach(fiscal_year: FiscalYear) -> None:
    no_race = client(fiscal_year, White=None)
    assert hits(run(no_race, fiscal_year, project_type=SO), "required", "RaceNone")
    assert not hits(run(no_race, fiscal_year), "required")
    with_none = client(fiscal_year, White=0, RaceNone=99)
    assert not hits(run(with_none, fiscal_year, project_type=SO), "required")


def test_fy2024_gender_required_for_street_outreach() -> None:
    no_gender = client(2024, Woman=None)
    assert hits(run(no_gender, 2024, project_type=SO), "required", "GenderNone")
    assert not hits(run(client(2024, Woman=None, GenderNone=8), 2024, project_type=SO), "required")


def test_client_quality_columns_required_for_street_outreach() -> None:
    record = client(
        NameDataQuality=None, SSNDataQuality=None, DOBDataQuality=None, VeteranStatus=None
    )
    fields = {m.field for m in hits(run(record, project_type=SO), "required")}
    assert {"NameDataQuality", "SSNDataQuality", "DOBDataQuality", "VeteranStatus"} <= fields


def test_enrollment_requirements_for_street_outreach() -> None:
    messages = run(enrollment(LivingSituation=None, EnrollmentCoC=None), project_type=SO)
    assert hits(messages, "required", "LivingSituation")
    assert hits(messages, "required", "EnrollmentCoC")
    assert not hits(run(enrollment(LivingSituation=99), project_type=SO), "required")
    assert not hits(run(enrollment(LivingSituation=None)), "required")
    # date of engagement only once engagement happens
    assert not hits(run(enrollment(), project_type=SO), "required", "DateOfEngagement")


def test_contact_and_exit_requirements_for_street_outreach() -> None:
    assert hits(run(contact(InformationDate=None), project_type=SO), "required", "InformationDate")
    assert hits(run(contact(CurrentLivingSituation=None), project_type=SO), "required")
    exit_record = Exit("x" * 32, {"ExitDate": TODAY})
    assert hits(run(exit_record, project_type=SO), "required", "Destination")


def test_requirements_are_data() -> None:
    street = udes.REQUIRED_BY_PROJECT_TYPE[SO]
    assert set(street) == {"Client", "Enrollment", "CurrentLivingSituation", "Exit"}
    assert "Sex" in street["Client"].columns
    assert "DateOfEngagement" not in street["Enrollment"].columns


def test_dates_not_in_the_future() -> None:
    tomorrow = TODAY + dt.timedelta(days=1)
    assert hits(run(enrollment(EntryDate=tomorrow)), "date.future", "EntryDate")
    assert not hits(run(enrollment(EntryDate=TODAY)), "date.future")
    assert hits(run(contact(InformationDate=tomorrow)), "date.future", "InformationDate")
    assert not hits(run(contact(InformationDate=TODAY)), "date.future")


def test_enrollment_date_order() -> None:
    late_start = enrollment(DateToStreetESSH=dt.date(2025, 6, 2))
    assert hits(run(late_start), "date.order", "DateToStreetESSH")
    early = enrollment(DateOfEngagement=dt.date(2025, 5, 31))
    assert hits(run(early), "date.order", "DateOfEngagement")
    assert not hits(run(enrollment(DateOfEngagement=dt.date(2025, 6, 1))), "date.order")


def test_enrollment_coc_format() -> None:
    assert hits(run(enrollment(EnrollmentCoC="CA-60")), "coc.format", "EnrollmentCoC")
    assert hits(run(enrollment(EnrollmentCoC="CA600")), "coc.format")
    assert not hits(run(enrollment(EnrollmentCoC="ca-600")), "coc.format")


def test_homeless_codes_match_list_3_12_1() -> None:
    spec = load_spec(2026)
    labels = spec.lists["3.12.1"]
    homeless = {c for c in labels if udes.living_situation_group(spec, int(c)) == "homeless"}
    assert homeless == {116, 101, 118}
    assert "Place not meant for habitation" in labels[116]
    assert "Emergency shelter" in labels[101]
    assert labels[118] == "Safe Haven"
    assert udes.living_situation_group(spec, 207) == "institutional"
    assert udes.living_situation_group(spec, 314) == "temporary"
    assert udes.living_situation_group(spec, 410) == "permanent"
    assert udes.living_situation_group(spec, 99) is None
    assert udes.living_situation_group(spec, 150) is None  # not in the list


@pytest.mark.parametrize("code", [116, 101, 118])
def test_homeless_prior_situation_skips_threshold_questions(code: int) -> None:
    messages = run(enrollment(LivingSituation=code, LOSUnderThreshold=1, PreviousStreetESSH=1))
    assert hits(messages, "3.917.skip", "LOSUnderThreshold")
    assert hits(messages, "3.917.skip", "PreviousStreetESSH")
    assert not hits(run(enrollment(LivingSituation=code)), "3.917.skip")


def test_homeless_prior_situation_needs_history_as_warnings() -> None:
    record = enrollment(
        DateToStreetESSH=None, TimesHomelessPastThreeYears=None, MonthsHomelessPastThreeYears=None
    )
    found = hits(run(record), "3.917.required")
    assert {m.field for m in found} == {
        "DateToStreetESSH",
        "TimesHomelessPastThreeYears",
        "MonthsHomelessPastThreeYears",
    }
    assert {m.severity for m in found} == {"warning"}
    assert not hits(run(enrollment(TimesHomelessPastThreeYears=8)), "3.917.required")


def housed(code: int, **changes: Any) -> Enrollment:
    return enrollment(
        LivingSituation=code,
        DateToStreetESSH=None,
        TimesHomelessPastThreeYears=None,
        MonthsHomelessPastThreeYears=None,
        **changes,
    )


def test_other_prior_situations_ask_the_threshold() -> None:
    assert hits(run(housed(207)), "3.917.required", "LOSUnderThreshold")
    assert not hits(run(housed(207, LengthOfStay=5, LOSUnderThreshold=0)), "3.917.required")


@pytest.mark.parametrize(
    ("code", "length", "under", "flagged"),
    [
        (207, 3, 0, True),  # institutional, one to three months: under 90 days
        (207, 3, 1, False),
        (207, 4, 1, True),  # 90 days or more
        (312, 2, 1, True),  # temporary, a week or more: not under 7 nights
        (312, 11, 1, False),
        (410, 10, 0, True),
        (410, 99, 0, False),  # length unknown: cannot judge
    ],
)
def test_threshold_matches_length_of_stay(
    code: int, length: int, under: int, flagged: bool
) -> None:
    record = housed(code, LengthOfStay=length, LOSUnderThreshold=under)
    assert bool(hits(run(record), "3.917.threshold", "LOSUnderThreshold")) is flagged


def test_previous_street_only_after_a_short_stay() -> None:
    long_stay = housed(207, LengthOfStay=5, LOSUnderThreshold=0, PreviousStreetESSH=1)
    assert hits(run(long_stay), "3.917.skip", "PreviousStreetESSH")
    unasked = housed(207, LengthOfStay=5, PreviousStreetESSH=1)  # threshold not answered
    assert hits(run(unasked), "3.917.skip", "PreviousStreetESSH")
    short = housed(207, LengthOfStay=10, LOSUnderThreshold=1)
    assert hits(run(short), "3.917.required", "PreviousStreetESSH")
    assert not hits(
        run(housed(207, LengthOfStay=10, LOSUnderThreshold=1, PreviousStreetESSH=0)), "3.917.skip"
    )


def test_short_stay_after_the_street_needs_history() -> None:
    record = housed(207, LengthOfStay=10, LOSUnderThreshold=1, PreviousStreetESSH=1)
    fields = {m.field for m in hits(run(record), "3.917.required")}
    assert "DateToStreetESSH" in fields
    not_street = housed(207, LengthOfStay=10, LOSUnderThreshold=1, PreviousStreetESSH=0)
    assert not hits(run(not_street), "3.917.required")


def test_unknown_prior_situation_has_no_3917_rules() -> None:
    messages = run(housed(99, LOSUnderThreshold=1, PreviousStreetESSH=1))
    assert not [m for m in messages if m.rule.startswith("3.917")]


# --- 5. consent --------------------------------------------------------------------------


def test_consent_needs_scope() -> None:
    assert hits(run(consent(ConsentScope=None)), "consent.scope", "ConsentScope")
    assert not hits(run(consent(ConsentStatus=2, ConsentScope=None)), "consent.scope")


def test_consent_expiry_not_before_consent_date() -> None:
    assert hits(run(consent(ExpiryDate=dt.date(2024, 12, 31))), "consent.expiry", "ExpiryDate")
    assert not hits(run(consent(ExpiryDate=dt.date(2025, 1, 1))), "consent.expiry")


def test_consent_date_not_in_the_future() -> None:
    assert hits(run(consent(ConsentDate=dt.date(2025, 6, 16))), "date.future", "ConsentDate")
    assert not hits(run(consent(ConsentDate=TODAY)), "date.future")


# --- privacy and robustness --------------------------------------------------------------


@pytest.mark.parametrize("fiscal_year", YEARS)
def test_no_personal_data_in_messages(fiscal_year: FiscalYear) -> None:
    dob = dt.date(1899, 3, 17)
    record = client(
        fiscal_year,
        FirstName="Zebediah",
        LastName="Quillfeather" * 5,  # too long: a length error about it
        MiddleName="Orrinmont",
        SSN="987-65-4321",
        SSNDataQuality=99,
        DOB=dob,
        DOBDataQuality=8,
        NameDataQuality=99,
        Aliases="Sparrowhawk",
        Nickname="Sparrowhawk",  # unknown column
        VeteranStatus="Zebediah",
    )
    messages = run(record, fiscal_year, project_type=SO)
    assert len(messages) >= 5
    secrets = [
        "Zebediah",
        "Quillfeather",
        "Orrinmont",
        "Sparrowhawk",
        "987",
        "4321",
        "65-4321",
        dob.isoformat(),
        dob.strftime("%m/%d/%Y"),
        "1899",
    ]
    for message in messages:
        for secret in secrets:
            assert secret.casefold() not in message.message.casefold(), (secret, message)


VALUES = st.one_of(
    st.none(),
    st.integers(),
    st.booleans(),
    st.text(max_size=60),
    st.dates(),
    st.datetimes(),
    st.decimals(),
    st.floats(),
    st.sampled_from([1, 2, 8, 9, 99, 0, 116, 207, "x" * 9, "123456789"]),
)
CLIENT_KEYS = st.one_of(
    st.sampled_from(
        sorted(set(record_columns("Client", 2026)) | set(record_columns("Client", 2024)))
    ),
    st.text(min_size=1, max_size=12),
)


@settings(deadline=None, max_examples=300)
@given(
    values=st.dictionaries(CLIENT_KEYS, VALUES, max_size=20),
    fiscal_year=st.sampled_from(YEARS),
    project_type=st.sampled_from([None, SO, 2]),
)
def test_validate_never_raises_and_names_real_fields(
    values: dict[str, Any], fiscal_year: FiscalYear, project_type: int | None
) -> None:
    record = Client("c" * 32, values)
    messages = run(record, fiscal_year, project_type=project_type)
    columns = record_columns("Client", fiscal_year)
    for message in messages:
        assert message.field in columns or message.field in values
        assert message.severity in {"error", "warning"}
        assert message.message
        assert re.fullmatch(r"[a-z0-9_.]+", message.rule)
    assert len(messages) == len(set(messages))


@settings(deadline=None, max_examples=200)
@given(
    ssn=st.text(alphabet="0123456789xX-", min_size=5, max_size=12),
    first=st.text(alphabet="QWZJKVqwzjkv", min_size=5, max_size=60),
)
def test_messages_never_quote_names_or_ssns(ssn: str, first: str) -> None:
    record = client(SSN=ssn, FirstName=first, SSNDataQuality=99, NameDataQuality=8)
    for message in run(record, project_type=SO):
        assert ssn not in message.message
        assert first not in message.message
