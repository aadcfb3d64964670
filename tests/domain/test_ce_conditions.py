"""The instrument condition language: what each form means, and that nothing is evaluated."""

from __future__ import annotations

import datetime as dt

import pytest

from outreach_app.domain.ce_conditions import (
    ConditionError,
    flags_in,
    parse_condition,
    questions_in,
)


def known(question: str) -> str | None:
    return None if question in {"q1", "q2", "n"} else f'"{question}" is unknown'


def parse(raw: object, flags: bool = True):  # type: ignore[no-untyped-def]
    return parse_condition(raw, "show_if", known_question=known, allow_flags=flags)


@pytest.mark.parametrize(
    ("raw", "answers", "expected"),
    [
        ({"question": "q1", "equals": "yes"}, {"q1": "yes"}, True),
        ({"question": "q1", "equals": "yes"}, {"q1": "no"}, False),
        ({"question": "q1", "equals": "yes"}, {}, False),
        ({"question": "q1", "in": ["a", "b"]}, {"q1": "b"}, True),
        ({"question": "n", "at_least": 3}, {"n": 3}, True),
        ({"question": "n", "at_least": 3}, {"n": 2.5}, False),
        ({"question": "n", "at_most": 3}, {"n": "3"}, False),  # text is not a number
        ({"question": "n", "equals": 1}, {"n": 1.0}, True),
        ({"question": "q1", "answered": True}, {"q1": "client_doesnt_know"}, True),
        ({"question": "q1", "answered": False}, {"q1": ""}, True),
        ({"question": "q1", "equals": "2026-01-02"}, {"q1": dt.date(2026, 1, 2)}, True),
        ({"not": {"question": "q1", "equals": "yes"}}, {}, True),
        ({"all": [{"question": "q1", "equals": "yes"}, {"question": "q2", "equals": "no"}]},
         {"q1": "yes", "q2": "no"}, True),
        ({"any": [{"question": "q1", "equals": "yes"}, {"question": "q2", "equals": "no"}]},
         {"q2": "yes"}, False),
    ],
)  # fmt: skip
def test_condition_meaning(raw: object, answers: dict, expected: bool) -> None:  # type: ignore[type-arg]
    assert parse(raw).holds(answers, {}) is expected


def test_flags_are_read_from_the_flag_map() -> None:
    condition = parse({"any": [{"flag": "dv"}, {"question": "q1", "equals": "yes"}]})
    assert condition.holds({}, {"dv": True})
    assert not condition.holds({}, {"dv": False})
    assert flags_in(condition) == {"dv"}
    assert questions_in(condition) == {"q1"}


def test_code_in_a_condition_is_only_ever_a_value() -> None:
    sneaky = "__import__('os').system('echo owned')"
    condition = parse({"question": "q1", "equals": sneaky})
    assert condition.holds({"q1": sneaky}, {})
    assert not condition.holds({"q1": "yes"}, {})
    with pytest.raises(ConditionError):
        parse({"question": "q1", "eval": sneaky})


@pytest.mark.parametrize(
    ("raw", "path", "reason"),
    [
        ("q1 == yes", "show_if", "must be a JSON object"),
        ({"question": "zz", "equals": "yes"}, "show_if.question", '"zz" is unknown'),
        ({"question": "q1"}, "show_if", "give exactly one of"),
        ({"question": "q1", "equals": "y", "in": ["y"]}, "show_if", "give exactly one of"),
        ({"question": "n", "at_least": "3"}, "show_if.at_least", "must be a number"),
        ({"question": "q1", "in": []}, "show_if.in", "non-empty list"),
        ({"question": "q1", "answered": "yes"}, "show_if.answered", "true or false"),
        ({"all": []}, "show_if.all", "non-empty list"),
        ({"any": [{"question": "q1", "equals": "y"}, {"bogus": 1}]}, "show_if.any[1]", "unknown"),
        ({"not": {"flag": 3}}, "show_if.not", "write a flag test"),
    ],
)
def test_mistakes_name_their_place(raw: object, path: str, reason: str) -> None:
    with pytest.raises(ConditionError) as info:
        parse(raw)
    assert info.value.path == path
    assert reason in info.value.reason


def test_flags_refused_where_not_allowed() -> None:
    with pytest.raises(ConditionError, match="only be used in result rules"):
        parse({"flag": "dv"}, flags=False)
