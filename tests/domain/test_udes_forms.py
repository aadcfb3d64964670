"""What the forms take from the Data Standards: code lists, 3.917 skip logic, quality codes."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from outreach_app.domain.hmis_spec import SUPPORTED_FISCAL_YEARS, load_spec
from outreach_app.domain.records import Client, Enrollment
from outreach_app.domain.udes import (
    CONTACT_LIVING_CODES,
    DESTINATION_CODES,
    PRIOR_LIVING_CODES,
    PRIOR_LIVING_QUESTIONS,
    prior_living_asked,
    suggested_quality,
)
from outreach_app.domain.validation import validate

TODAY = dt.date(2026, 3, 31)
HISTORY = {"DateToStreetESSH", "TimesHomelessPastThreeYears", "MonthsHomelessPastThreeYears"}
HOMELESS = (116, 101, 118)
INSTITUTIONAL = (215, 206, 207, 225, 204, 205)
TEMPORARY_AND_PERMANENT = (302, 329, 314, 332, 335, 336, 410, 435, 421, 411)
CODE_LISTS = {
    "prior": PRIOR_LIVING_CODES,
    "contact": CONTACT_LIVING_CODES,
    "destination": DESTINATION_CODES,
}


# -- the code lists -------------------------------------------------------------------------


@pytest.mark.parametrize("fiscal_year", SUPPORTED_FISCAL_YEARS)
@pytest.mark.parametrize("name", CODE_LISTS)
def test_every_code_is_in_list_3_12_1(name: str, fiscal_year: int) -> None:
    codes = CODE_LISTS[name]
    allowed = load_spec(fiscal_year).lists["3.12.1"]  # type: ignore[arg-type]
    assert [c for c in codes if c not in allowed] == []
    assert len(set(codes)) == len(codes)
    assert codes[-3:] == (8, 9, 99)  # the missing-data codes come last


def test_the_lists_differ_where_the_data_standards_say() -> None:
    assert set(PRIOR_LIVING_CODES) == {
        *HOMELESS,
        *INSTITUTIONAL,
        *TEMPORARY_AND_PERMANENT,
        8,
        9,
        99,
    }
    # 4.12 adds "Other" and "Worker unable to determine".
    assert set(CONTACT_LIVING_CODES) - set(PRIOR_LIVING_CODES) == {17, 37}
    assert set(PRIOR_LIVING_CODES) <= set(CONTACT_LIVING_CODES)
    # Exit-only codes (deceased, no exit interview, permanent stays with family...)
    assert {24, 30, 312, 313, 327, 422, 423, 426} <= set(DESTINATION_CODES)
    assert not {24, 30, 312, 313, 327, 422, 423, 426} & set(PRIOR_LIVING_CODES)
    # ... and codes no exit can have.
    assert not {37, 335, 336} & set(DESTINATION_CODES)
    assert PRIOR_LIVING_CODES[:3] == HOMELESS  # what a street worker picks most, first


# -- 3.917 skip logic -------------------------------------------------------------------------


def _asked(**values: object) -> frozenset[str]:
    return prior_living_asked(Enrollment.new(**values), load_spec())  # type: ignore[arg-type]


@pytest.mark.parametrize("code", [None, 8, 9, 99, 17, 37, 999])
def test_nothing_is_asked_without_a_prior_living_group(code: int | None) -> None:
    assert _asked(LivingSituation=code, LOSUnderThreshold=1, PreviousStreetESSH=1) == set()


@pytest.mark.parametrize("code", HOMELESS)
def test_from_a_homeless_situation_the_history_is_asked(code: int) -> None:
    assert _asked(LivingSituation=code) == {"LengthOfStay", *HISTORY}
    # Stale answers to the skipped questions change nothing.
    assert _asked(LivingSituation=code, LOSUnderThreshold=1, PreviousStreetESSH=1) == {
        "LengthOfStay",
        *HISTORY,
    }


@pytest.mark.parametrize("code", INSTITUTIONAL + TEMPORARY_AND_PERMANENT)
def test_from_elsewhere_the_questions_unfold(code: int) -> None:
    base = {"LengthOfStay", "LOSUnderThreshold"}
    assert _asked(LivingSituation=code) == base
    assert _asked(LivingSituation=code, LOSUnderThreshold=0, PreviousStreetESSH=1) == base
    assert _asked(LivingSituation=code, LOSUnderThreshold=99) == base
    with_previous = base | {"PreviousStreetESSH"}
    assert _asked(LivingSituation=code, LOSUnderThreshold=1) == with_previous
    assert _asked(LivingSituation=code, LOSUnderThreshold=1, PreviousStreetESSH=0) == with_previous
    assert _asked(LivingSituation=code, LOSUnderThreshold=1, PreviousStreetESSH=1) == (
        with_previous | HISTORY
    )


def test_only_the_3917_questions_are_ever_hidden() -> None:
    every = set()
    for code in PRIOR_LIVING_CODES:
        every |= _asked(LivingSituation=code, LOSUnderThreshold=1, PreviousStreetESSH=1)
    assert every == set(PRIOR_LIVING_QUESTIONS)


answers = st.sampled_from([None, 0, 1, 99])


@given(
    living=st.sampled_from((None, *PRIOR_LIVING_CODES)),
    length=st.sampled_from([None, 10, 11, 2, 3, 4, 5, 8, 99]),
    under=answers,
    previous=answers,
    history=st.booleans(),
)
def test_the_form_asks_exactly_what_validation_expects(
    living: int | None, length: int | None, under: int | None, previous: int | None, history: bool
) -> None:
    """A form that hides what prior_living_asked skips never trips a 3.917 rule."""
    typed: dict[str, object] = {
        "LivingSituation": living,
        "LengthOfStay": length,
        "LOSUnderThreshold": under,
        "PreviousStreetESSH": previous,
    }
    if history:
        typed |= {
            "DateToStreetESSH": dt.date(2025, 1, 1),
            "TimesHomelessPastThreeYears": 1,
            "MonthsHomelessPastThreeYears": 101,
        }
    asked = _asked(**typed)
    messages = validate(Enrollment.new(**typed), today=TODAY)  # type: ignore[arg-type]
    skipped = {m.field for m in messages if m.rule == "3.917.skip"}
    answered = {k for k, v in typed.items() if v is not None}
    if living in (None, 8, 9, 99):  # no group, no 3.917 rule; the form hides the rest
        assert asked == set() and skipped == set()
    else:
        assert skipped == (answered & {"LOSUnderThreshold", "PreviousStreetESSH"}) - asked
    wanted = {m.field for m in messages if m.rule == "3.917.required"}
    assert wanted <= asked  # never asks for what the form hides
    # What the form saves (hidden answers cleared) breaks no skip rule.
    saved = {k: (v if k in asked or k == "LivingSituation" else None) for k, v in typed.items()}
    cleaned = validate(Enrollment.new(**saved), today=TODAY)  # type: ignore[arg-type]
    assert not [m for m in cleaned if m.rule == "3.917.skip"]


# -- data quality for a new client -------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"FirstName": "Roberta", "LastName": "Quist"}, (1, 99, 99)),
        ({"FirstName": "Roberta", "LastName": "  "}, (2, 99, 99)),
        ({"LastName": "Quist"}, (2, 99, 99)),
        ({}, (99, 99, 99)),
        ({"SSN": "934125678"}, (99, 1, 99)),
        ({"SSN": "xxxxx5678"}, (99, 2, 99)),
        ({"SSN": "5678"}, (99, 2, 99)),  # partial, even before the x's are typed
        ({"SSN": "  "}, (99, 99, 99)),
        ({"DOB": dt.date(1980, 4, 2)}, (99, 99, 1)),
        ({"DOB": None}, (99, 99, 99)),
    ],
)
def test_suggested_quality(values: dict[str, object], expected: tuple[int, int, int]) -> None:
    quality = suggested_quality(values)
    assert (
        quality["NameDataQuality"],
        quality["SSNDataQuality"],
        quality["DOBDataQuality"],
    ) == expected


_name = st.one_of(st.none(), st.just(""), st.text(alphabet="abcXYZ -'", max_size=8))
_ssn = st.one_of(
    st.none(),
    st.text(alphabet="0123456789", min_size=1, max_size=9),
    st.text(alphabet="0123456789x", min_size=9, max_size=9),
)


@given(
    first=_name,
    last=_name,
    ssn=_ssn,
    dob=st.one_of(st.none(), st.dates(dt.date(1930, 1, 1), dt.date(2020, 1, 1))),
)
def test_suggested_quality_never_contradicts_what_was_typed(
    first: str | None, last: str | None, ssn: str | None, dob: dt.date | None
) -> None:
    values = {"FirstName": first, "LastName": last, "SSN": ssn, "DOB": dob}
    client = Client.new(**values, **suggested_quality(values))  # type: ignore[arg-type]
    rules = {m.rule for m in validate(client, today=TODAY) if m.severity == "error"}
    assert not rules & {"name.quality", "ssn.quality", "dob.quality"}
