"""Running an instrument: which questions to ask, checking, scoring, HMIS records.

The assessment form and any future command line or import share this module,
so a score computed on the laptop is the score the CoC would compute from the
same answers. Everything here is a pure function of an :class:`Instrument` and
the answers so far (question id to :data:`Answer`); nothing holds state.

Skip logic only looks *back*: a question's ``show_if`` reads earlier answers,
and only answers of questions that are themselves shown. Changing an early
answer therefore hides a whole chain of follow-ups at once, and the hidden
answers are dropped from the score and from the records, as if never given.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass

from outreach_app.domain.ce_conditions import Answer
from outreach_app.domain.instrument import (
    SPECIAL_ANSWERS,
    Instrument,
    Question,
    ResultSpec,
)
from outreach_app.domain.records import Assessment, AssessmentQuestion, AssessmentResult, Record
from outreach_app.domain.validation import FieldMessage, error

#: ``AssessmentResultType`` of the result every assessment carries: which
#: instrument and version produced the answers (so reports never mix versions).
INSTRUMENT_RESULT_TYPE = "Assessment instrument"


def is_blank(answer: Answer | None) -> bool:
    """Whether an answer is missing (``None`` or blank text)."""
    return answer is None or (isinstance(answer, str) and not answer.strip())


def visible_questions(instrument: Instrument, answers: Mapping[str, Answer]) -> list[Question]:
    """Return the questions to ask, in order, given the answers so far."""
    shown = effective_answers_and_shown(instrument, answers)[1]
    return [q for q in instrument.questions if q.id in shown]


def effective_answers_and_shown(
    instrument: Instrument, answers: Mapping[str, Answer]
) -> tuple[dict[str, Answer], set[str]]:
    """Return the answers that count (visible, not blank) and the ids shown."""
    counted: dict[str, Answer] = {}
    shown: set[str] = set()
    for question in instrument.questions:
        if question.show_if is not None and not question.show_if.holds(counted, {}):
            continue
        shown.add(question.id)
        answer = answers.get(question.id)
        if not is_blank(answer):
            assert answer is not None
            counted[question.id] = answer
    return counted, shown


def effective_answers(instrument: Instrument, answers: Mapping[str, Answer]) -> dict[str, Answer]:
    """Return only the answers of questions that are shown (hidden ones are dropped)."""
    return effective_answers_and_shown(instrument, answers)[0]


def check_answer(
    question: Question, answer: Answer | None, today: dt.date | None = None
) -> list[FieldMessage]:
    """Check one answer against its question; blank is fine here (see :func:`validate_answers`).

    Messages are keyed by the question id and never quote the answer.
    """
    if is_blank(answer):
        return []
    field = question.id
    if isinstance(answer, str) and answer in SPECIAL_ANSWERS:
        if question.allow_not_known:
            return []
        return [error(field, "This question needs a real answer.", "answer.not_known")]
    kind = question.answer_type
    if kind == "yes_no" and answer not in ("yes", "no"):
        return [error(field, "Answer yes or no.", "answer.choice")]
    if kind == "choice" and (not isinstance(answer, str) or question.option(answer) is None):
        return [error(field, "That is not one of the choices.", "answer.choice")]
    if kind == "number":
        return _check_number(question, answer)
    if kind == "date" and not isinstance(answer, dt.date):
        return [error(field, "This should be a date.", "answer.type")]
    if kind == "date" and isinstance(answer, dt.date) and answer > (today or dt.date.today()):
        return [error(field, "This date can't be in the future.", "answer.future")]
    if kind == "text":
        if not isinstance(answer, str):
            return [error(field, "This should be text.", "answer.type")]
        if len(answer) > question.max_length:
            return [error(field, f"At most {question.max_length} characters.", "answer.length")]
    return []


def _check_number(question: Question, answer: Answer | None) -> list[FieldMessage]:
    field = question.id
    if isinstance(answer, bool) or not isinstance(answer, int | float) or not math.isfinite(answer):
        return [error(field, "This should be a number.", "answer.type")]
    if question.whole_number and answer != int(answer):
        return [error(field, "This should be a whole number.", "answer.type")]
    if question.minimum is not None and answer < question.minimum:
        return [error(field, f"This can't be less than {_num(question.minimum)}.", "answer.min")]
    if question.maximum is not None and answer > question.maximum:
        return [error(field, f"This can't be more than {_num(question.maximum)}.", "answer.max")]
    return []


def _num(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)


def validate_answers(
    instrument: Instrument, answers: Mapping[str, Answer], today: dt.date | None = None
) -> list[FieldMessage]:
    """Return every problem with the answers of the shown questions, incl. missing ones."""
    counted, shown = effective_answers_and_shown(instrument, answers)
    messages: list[FieldMessage] = []
    for question in instrument.questions:
        if question.id not in shown:
            continue
        answer = counted.get(question.id)
        if answer is None and question.required:
            messages.append(error(question.id, "This question needs an answer.", "answer.required"))
        messages += check_answer(question, answer, today)
    return messages


def question_points(question: Question, answer: Answer) -> int:
    """Return the points one valid answer gives (special answers give none)."""
    if isinstance(answer, str) and answer in SPECIAL_ANSWERS:
        return 0
    if question.answer_type == "yes_no" and isinstance(answer, str):
        return question.yes_no_points.get(answer, 0)
    if question.answer_type == "choice" and isinstance(answer, str):
        option = question.option(answer)
        return option.points if option else 0
    if question.answer_type == "number" and isinstance(answer, int | float):
        return next((b.points for b in question.bands if b.contains(answer)), 0)
    return 0


@dataclass(frozen=True, slots=True)
class Outcome:
    """What an instrument makes of a set of answers.

    Attributes:
        total: the total score (sum of the sections' capped points).
        sections: section id to its capped points.
        flags: flag name to whether it holds.
        results: ``(AssessmentResultType, AssessmentResult)`` pairs, in order.
        prioritization: the ``PrioritizationStatus`` code, or ``None`` when no rule matched.
    """

    total: int
    sections: Mapping[str, int]
    flags: Mapping[str, bool]
    results: tuple[tuple[str, str], ...]
    prioritization: int | None


def evaluate(instrument: Instrument, answers: Mapping[str, Answer]) -> Outcome:
    """Score the answers of the shown questions and apply the result rules.

    Answers that do not pass :func:`check_answer` score nothing, so a half-typed
    form still shows a sensible running score.
    """
    counted = effective_answers(instrument, answers)
    sections: dict[str, int] = {}
    for section in instrument.sections:
        points = sum(
            question_points(q, counted[q.id])
            for q in section.questions
            if q.id in counted and not check_answer(q, counted[q.id])
        )
        if section.max_points is not None:
            points = min(points, section.max_points)
        sections[section.id] = points
    total = sum(sections.values())
    flags = {name: cond.holds(counted, {}) for name, cond in instrument.flags.items()}
    results = [(INSTRUMENT_RESULT_TYPE, f"{instrument.id} {instrument.version}")]
    for spec in instrument.results:
        value = _result_value(spec, total, sections, counted, flags)
        if value is not None:
            results.append((spec.type, value))
    status = next(
        (int(r.value) for r in instrument.prioritization if r.applies(total, counted, flags)), None
    )
    return Outcome(total, sections, flags, tuple(results), status)


def _result_value(
    spec: ResultSpec,
    total: int,
    sections: Mapping[str, int],
    counted: Mapping[str, Answer],
    flags: Mapping[str, bool],
) -> str | None:
    if spec.source == "score":
        return str(total)
    if spec.source is not None:
        return str(sections.get(spec.source.removeprefix("section:"), 0))
    rule = next((r for r in spec.rules if r.applies(total, counted, flags)), None)
    return str(rule.value) if rule is not None else None


def answer_text(question: Question, answer: Answer) -> str:
    """Return the text written to ``AssessmentAnswer`` for one answer."""
    if isinstance(answer, str) and answer in SPECIAL_ANSWERS:
        return SPECIAL_ANSWERS[answer][1]
    if question.answer_type == "yes_no":
        return "Yes" if answer == "yes" else "No"
    if question.answer_type == "choice" and isinstance(answer, str):
        option = question.option(answer)
        return option.export if option else answer
    if isinstance(answer, dt.date):
        return answer.isoformat()
    if isinstance(answer, float) and answer == int(answer):
        return str(int(answer))
    return str(answer).strip()


@dataclass(frozen=True, slots=True)
class AssessmentHeader:
    """The 4.19 fields of one assessment, as the worker confirmed them.

    Attributes:
        personal_id, enrollment_id: the client and the enrollment assessed in.
        date: ``AssessmentDate``; location: ``AssessmentLocation``.
        assessment_type, assessment_level: codes of lists 4.19.3 and 4.19.4.
        prioritization_status: list 4.19.7; ``None`` takes the instrument's.
    """

    personal_id: str
    enrollment_id: str
    date: dt.date
    location: str
    assessment_type: int
    assessment_level: int
    prioritization_status: int | None = None


def build_records(
    instrument: Instrument, answers: Mapping[str, Answer], header: AssessmentHeader
) -> list[Record]:
    """Return the HMIS records of one assessment: the Assessment, its questions, its results.

    Only answers of shown questions are written; blank ones are left out.
    """
    outcome = evaluate(instrument, answers)
    counted = effective_answers(instrument, answers)
    ids = {"EnrollmentID": header.enrollment_id, "PersonalID": header.personal_id}
    status = header.prioritization_status or outcome.prioritization
    assessment = Assessment.new(
        **ids,
        AssessmentDate=header.date,
        AssessmentLocation=header.location.strip(),
        AssessmentType=header.assessment_type,
        AssessmentLevel=header.assessment_level,
        PrioritizationStatus=status,
    )
    records: list[Record] = [assessment]
    order = 0
    for question in instrument.questions:
        if question.id not in counted:
            continue
        order += 1
        records.append(
            AssessmentQuestion.new(
                AssessmentID=assessment.id,
                **ids,
                AssessmentQuestionGroup=question.section,
                AssessmentQuestionOrder=order,
                AssessmentQuestion=question.id,
                AssessmentAnswer=answer_text(question, counted[question.id])[:500],
            )
        )
    for result_type, value in outcome.results:
        records.append(
            AssessmentResult.new(
                AssessmentID=assessment.id,
                **ids,
                AssessmentResultType=result_type[:250],
                AssessmentResult=value[:250],
            )
        )
    return records


def answers_to_json(answers: Mapping[str, Answer]) -> dict[str, object]:
    """Return answers as JSON-ready data (dates as ``{"date": "YYYY-MM-DD"}``)."""
    return {k: {"date": v.isoformat()} if isinstance(v, dt.date) else v for k, v in answers.items()}


def answers_from_json(data: Mapping[str, object]) -> dict[str, Answer]:
    """Rebuild answers from :func:`answers_to_json` output, dropping what does not fit."""
    answers: dict[str, Answer] = {}
    for key, value in data.items():
        if isinstance(value, dict) and isinstance(value.get("date"), str):
            try:
                answers[key] = dt.date.fromisoformat(value["date"])
            except ValueError:
                continue
        elif isinstance(value, str | int | float) and not isinstance(value, bool):
            answers[key] = value
    return answers
