"""The small condition language of assessment instruments: skip logic and result rules.

A CoC writes its instrument by hand, in JSON, and the app runs it on a laptop
that holds people's most sensitive answers. So conditions are *data*, parsed
into a few classes and evaluated by walking them: nothing is ever ``eval``-ed,
no name is looked up dynamically, and a condition can only read answers (and,
in result rules, named flags). The forms are::

    {"question": "q3", "equals": "yes"}          one answer equals a value
    {"question": "q3", "in": ["a", "b"]}         one answer is any of these
    {"question": "q7", "at_least": 3}            a number answer is >= 3
    {"question": "q7", "at_most": 3}             a number answer is <= 3
    {"question": "q3", "answered": true}         any answer at all (incl. "doesn't know")
    {"flag": "fleeing_dv"}                       a named flag holds (result rules only)
    {"all": [...]}, {"any": [...]}, {"not": {...}}

A question that is hidden or unanswered makes every comparison false, so a
``not`` around it is true: "show unless they said yes" behaves as people expect.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

#: What an answer may be: "yes"/"no", an option value, a number, a date, text.
Answer = str | int | float | dt.date

_COMPARISONS = ("equals", "in", "at_least", "at_most", "answered")


class ConditionError(ValueError):
    """A condition in an instrument file that cannot be read.

    Attributes:
        path: where in the file, e.g. ``sections[1].questions[2].show_if.any[0]``.
        reason: what is wrong, in plain words.
    """

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Compare:
    """A test on one question's answer.

    Attributes:
        question: the id of the question whose answer is tested.
        op: one of ``equals``, ``in``, ``at_least``, ``at_most``, ``answered``.
        value: the value compared with (a tuple for ``in``, a bool for ``answered``).
    """

    question: str
    op: str
    value: object

    def holds(self, answers: Mapping[str, Answer], flags: Mapping[str, bool]) -> bool:
        """Whether the answer passes the test."""
        answer = answers.get(self.question)
        if self.op == "answered":
            return (answer is not None and answer != "") == self.value
        if answer is None:
            return False
        if self.op == "equals":
            return _same(answer, self.value)
        if self.op == "in":
            assert isinstance(self.value, tuple)
            return any(_same(answer, v) for v in self.value)
        limit = self.value
        if not isinstance(answer, int | float) or not isinstance(limit, int | float):
            return False
        return answer >= limit if self.op == "at_least" else answer <= limit


@dataclass(frozen=True, slots=True)
class Flag:
    """A named flag of the instrument (itself a condition on answers)."""

    name: str

    def holds(self, answers: Mapping[str, Answer], flags: Mapping[str, bool]) -> bool:
        """Whether the flag was raised."""
        return flags.get(self.name, False)


@dataclass(frozen=True, slots=True)
class AllOf:
    """Every condition holds (true when there are none)."""

    items: tuple[Condition, ...]

    def holds(self, answers: Mapping[str, Answer], flags: Mapping[str, bool]) -> bool:
        """Whether all the conditions hold."""
        return all(item.holds(answers, flags) for item in self.items)


@dataclass(frozen=True, slots=True)
class AnyOf:
    """At least one condition holds."""

    items: tuple[Condition, ...]

    def holds(self, answers: Mapping[str, Answer], flags: Mapping[str, bool]) -> bool:
        """Whether any of the conditions holds."""
        return any(item.holds(answers, flags) for item in self.items)


@dataclass(frozen=True, slots=True)
class Not:
    """The condition does not hold."""

    item: Condition

    def holds(self, answers: Mapping[str, Answer], flags: Mapping[str, bool]) -> bool:
        """Whether the inner condition fails."""
        return not self.item.holds(answers, flags)


Condition = Compare | Flag | AllOf | AnyOf | Not


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _same(answer: Answer, value: object) -> bool:
    if _is_number(answer) and _is_number(value):
        return answer == value
    if isinstance(answer, dt.date):
        return answer.isoformat() == value
    return type(answer) is type(value) and answer == value


def questions_in(condition: Condition) -> frozenset[str]:
    """Return the ids of every question a condition reads."""
    if isinstance(condition, Compare):
        return frozenset({condition.question})
    if isinstance(condition, Flag):
        return frozenset()
    if isinstance(condition, Not):
        return questions_in(condition.item)
    return frozenset().union(*(questions_in(item) for item in condition.items))


def flags_in(condition: Condition) -> frozenset[str]:
    """Return the names of every flag a condition reads."""
    if isinstance(condition, Flag):
        return frozenset({condition.name})
    if isinstance(condition, Compare):
        return frozenset()
    if isinstance(condition, Not):
        return flags_in(condition.item)
    return frozenset().union(*(flags_in(item) for item in condition.items))


def parse_condition(
    raw: Any,
    path: str,
    *,
    known_question: Callable[[str], str | None],
    allow_flags: bool,
) -> Condition:
    """Parse one condition written in an instrument file.

    Args:
        raw: the JSON value.
        path: where it is in the file, for messages.
        known_question: returns ``None`` if a question id may be referred to
            here, or the reason it may not (unknown, not earlier...).
        allow_flags: whether ``{"flag": ...}`` is allowed (result rules only).

    Raises:
        ConditionError: naming the path and what is wrong.
    """

    def sub(item: Any, where: str) -> Condition:
        return parse_condition(item, where, known_question=known_question, allow_flags=allow_flags)

    if not isinstance(raw, dict) or not raw:
        raise ConditionError(
            path, 'a condition must be a JSON object such as {"question": "q1", "equals": "yes"}'
        )
    keys = set(raw)
    if keys == {"all"} or keys == {"any"}:
        key = next(iter(keys))
        items = raw[key]
        if not isinstance(items, list) or not items:
            raise ConditionError(f"{path}.{key}", "must be a non-empty list of conditions")
        parsed = tuple(sub(item, f"{path}.{key}[{i}]") for i, item in enumerate(items))
        return AllOf(parsed) if key == "all" else AnyOf(parsed)
    if keys == {"not"}:
        return Not(sub(raw["not"], f"{path}.not"))
    if "flag" in keys:
        if not allow_flags:
            raise ConditionError(path, "flags can only be used in result rules")
        if keys != {"flag"} or not isinstance(raw["flag"], str):
            raise ConditionError(path, 'write a flag test as {"flag": "name"}')
        return Flag(raw["flag"])
    if "question" in keys:
        return _parse_compare(raw, path, known_question)
    raise ConditionError(
        path, f"unknown condition keys {sorted(keys)}; use question, flag, all, any or not"
    )


def _parse_compare(
    raw: dict[str, Any], path: str, known_question: Callable[[str], str | None]
) -> Compare:
    question = raw["question"]
    if not isinstance(question, str):
        raise ConditionError(f"{path}.question", "must be a question id (text)")
    problem = known_question(question)
    if problem is not None:
        raise ConditionError(f"{path}.question", problem)
    ops = [k for k in raw if k != "question"]
    if len(ops) != 1 or ops[0] not in _COMPARISONS:
        raise ConditionError(path, f"give exactly one of {', '.join(_COMPARISONS)} beside question")
    op = ops[0]
    value = raw[op]
    where = f"{path}.{op}"
    if op == "in":
        if not isinstance(value, list) or not value:
            raise ConditionError(where, "must be a non-empty list of values")
        value = tuple(value)
    elif op in ("at_least", "at_most") and not _is_number(value):
        raise ConditionError(where, "must be a number")
    elif op == "answered" and not isinstance(value, bool):
        raise ConditionError(where, "must be true or false")
    elif op == "equals" and not isinstance(value, str | int | float):
        raise ConditionError(where, "must be text or a number")
    return Compare(question, op, value)
