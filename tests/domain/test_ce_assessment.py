"""Running an instrument: skip logic, scoring, results, and the HMIS records it writes."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from outreach_app.domain import ce_assessment as engine
from outreach_app.domain.ce_conditions import Answer
from outreach_app.domain.instrument import (
    DOESNT_KNOW,
    PREFERS_NOT,
    Instrument,
    Question,
    load_instrument,
    parse_instrument,
    shipped_folder,
)
from outreach_app.domain.records import Assessment, AssessmentQuestion, AssessmentResult
from outreach_app.domain.validation import validate

STREET = load_instrument(shipped_folder() / "street-outreach-prioritization.json")
CRISIS = load_instrument(shipped_folder() / "crisis-needs-screen.json")
TODAY = dt.date(2026, 3, 15)
HEADER = engine.AssessmentHeader(
    personal_id="p" * 32,
    enrollment_id="e" * 32,
    date=TODAY,
    location="Under the 5th St bridge",
    assessment_type=3,
    assessment_level=2,
)


def ids(questions: list[Question]) -> list[str]:
    return [q.id for q in questions]


def test_follow_ups_appear_only_after_yes() -> None:
    assert "unsheltered_nights" not in ids(engine.visible_questions(STREET, {}))
    shown = engine.visible_questions(STREET, {"unsheltered": "yes"})
    assert "unsheltered_nights" in ids(shown)
    assert "unsheltered_nights" not in ids(engine.visible_questions(STREET, {"unsheltered": "no"}))


def test_hidden_answers_are_dropped_from_score_and_records() -> None:
    answers: dict[str, Answer] = {"chronic_condition": "no", "condition_care": "no"}
    assert "condition_care" not in engine.effective_answers(STREET, answers)
    assert engine.evaluate(STREET, answers).sections["health"] == 0
    records = engine.build_records(STREET, answers, HEADER)
    asked = [r.get("AssessmentQuestion") for r in records if isinstance(r, AssessmentQuestion)]
    assert asked == ["chronic_condition"]


def test_hiding_cascades_through_a_chain() -> None:
    chain = parse_instrument(
        {
            "id": "chain",
            "title": "Chain",
            "version": "1",
            "sections": [
                {
                    "id": "s",
                    "title": "S",
                    "questions": [
                        {"id": "a", "text": "A", "type": "yes_no"},
                        {"id": "b", "text": "B", "type": "yes_no",
                         "show_if": {"question": "a", "equals": "yes"}},
                        {"id": "c", "text": "C", "type": "yes_no",
                         "show_if": {"question": "b", "equals": "yes"}},
                        {"id": "d", "text": "D", "type": "yes_no",
                         "show_if": {"not": {"question": "b", "equals": "yes"}}},
                    ],
                }
            ],
        },
        "chain.json",
    )  # fmt: skip
    assert ids(engine.visible_questions(chain, {"a": "yes", "b": "yes"})) == ["a", "b", "c"]
    # b is hidden now, so its "yes" no longer counts: c hides, d (not b=yes) shows
    assert ids(engine.visible_questions(chain, {"a": "no", "b": "yes"})) == ["a", "d"]


def test_scoring_adds_points_and_caps_sections() -> None:
    answers: dict[str, Answer] = {
        "time_homeless": "over_3_years",  # 3
        "episodes_3_years": 5,  # 2
        "unsheltered": "yes",  # 2
        "unsheltered_nights": 25,  # 1 -> 8, at the cap of 8
        "harmed": "yes",  # 2
        "fleeing_violence": "yes",  # 3
        "safe_place_tonight": "no",  # 2
        "exploited": "yes",  # 3 -> 10, capped at 8
    }
    outcome = engine.evaluate(STREET, answers)
    assert outcome.sections["history"] == 8
    assert outcome.sections["risks"] == 8
    assert outcome.total == 16
    results = dict(outcome.results)
    assert results["Prioritization score"] == "16"
    assert results["Recommended intervention"].startswith("Victim service provider")
    assert results["Additional referral"] == "Anti-trafficking services"
    assert results[engine.INSTRUMENT_RESULT_TYPE] == "street-outreach-prioritization 2026.1"
    assert outcome.prioritization == 1
    assert outcome.flags["fleeing_violence"] is True


def test_score_thresholds_decide_intervention_and_status() -> None:
    low = engine.evaluate(STREET, {"time_homeless": "3_to_12_months"})
    assert dict(low.results)["Recommended intervention"] == "Problem solving / diversion"
    assert low.prioritization == 2
    assert "Additional referral" not in dict(low.results)  # no rule matched: no result
    mid = engine.evaluate(
        STREET,
        {"time_homeless": "over_3_years", "unsheltered": "yes", "disability": "yes",
         "age_group": "60_plus"},
    )  # fmt: skip
    assert mid.total == 9
    assert dict(mid.results)["Recommended intervention"] == "Rapid re-housing"
    assert mid.prioritization == 1


def test_special_answers_score_nothing_and_are_written_as_hud_words() -> None:
    answers: dict[str, Answer] = {"disability": DOESNT_KNOW, "pregnant": PREFERS_NOT}
    assert engine.evaluate(STREET, answers).total == 0
    records = engine.build_records(STREET, answers, HEADER)
    written = {r.get("AssessmentQuestion"): r.get("AssessmentAnswer") for r in records[1:3]}
    assert written == {
        "disability": "Client doesn't know",
        "pregnant": "Client prefers not to answer",
    }


def test_answer_checks() -> None:
    urgent = CRISIS.question("urgent_medical")
    nights = CRISIS.question("nights_outside")
    assert engine.check_answer(urgent, DOESNT_KNOW)[0].rule == "answer.not_known"
    assert engine.check_answer(urgent, "maybe")[0].rule == "answer.choice"
    assert engine.check_answer(nights, 9)[0].rule == "answer.max"
    assert engine.check_answer(nights, 2.5)[0].rule == "answer.type"
    assert engine.check_answer(nights, True)[0].rule == "answer.type"
    last = STREET.question("last_housed")
    assert engine.check_answer(last, dt.date(2026, 4, 1), TODAY)[0].rule == "answer.future"
    assert engine.check_answer(last, dt.date(2025, 4, 1), TODAY) == []


def test_required_questions_must_be_answered_only_when_shown() -> None:
    missing = {m.field for m in engine.validate_answers(CRISIS, {}) if m.rule.endswith("required")}
    assert missing == {"safe_tonight", "urgent_medical"}
    missing = {
        m.field
        for m in engine.validate_answers(CRISIS, {"safe_tonight": "no"})
        if m.rule.endswith("required")
    }
    assert "sleep_where" in missing


def test_records_carry_hud_columns_and_validate() -> None:
    answers: dict[str, Answer] = {
        "safe_tonight": "no",
        "sleep_where": "vehicle",
        "urgent_medical": "no",
        "notes": "  Prefers the east side  ",
    }
    records = engine.build_records(CRISIS, answers, replace(HEADER, assessment_level=1))
    assessment, *rest = records
    assert isinstance(assessment, Assessment)
    assert assessment.get("PrioritizationStatus") == 2
    assert assessment.get("AssessmentLevel") == 1
    questions = [r for r in rest if isinstance(r, AssessmentQuestion)]
    assert [q.get("AssessmentQuestionOrder") for q in questions] == [1, 2, 3, 4]
    assert questions[1].get("AssessmentAnswer") == "In a vehicle"
    assert questions[3].get("AssessmentAnswer") == "Prefers the east side"
    assert all(q.get("AssessmentID") == assessment.id for q in rest)
    assert all(q.get("AssessmentQuestionGroup") == "tonight" for q in questions)
    results = {r.get("AssessmentResultType"): r.get("AssessmentResult") for r in rest
               if isinstance(r, AssessmentResult)}  # fmt: skip
    assert results["Crisis score"] == "3"
    assert results["Immediate need"] == "Emergency shelter bed tonight"
    for record in records:
        assert validate(record, today=TODAY) == [], record.KIND


def test_worker_override_of_prioritization_wins() -> None:
    header = engine.AssessmentHeader("p" * 32, "e" * 32, TODAY, "Camp", 3, 1, 1)
    assert engine.build_records(CRISIS, {}, header)[0].get("PrioritizationStatus") == 1


def test_draft_round_trip_of_answers() -> None:
    answers: dict[str, Answer] = {"a": "yes", "n": 3, "d": dt.date(2025, 1, 2), "t": "x"}
    data = engine.answers_to_json(answers)
    assert engine.answers_from_json(data) == answers
    assert engine.answers_from_json({"d": {"date": "not a date"}, "b": True}) == {}


def answers_for(instrument: Instrument) -> st.SearchStrategy[dict[str, Answer]]:
    """Answer sets that pass validation: any valid value, or blank, for every question."""

    def one(question: Question) -> st.SearchStrategy[Answer | None]:
        specials = [DOESNT_KNOW, PREFERS_NOT] if question.allow_not_known else []
        base: st.SearchStrategy[Any]
        if question.answer_type == "yes_no":
            base = st.sampled_from(["yes", "no", *specials])
        elif question.answer_type == "choice":
            base = st.sampled_from([o.value for o in question.options] + specials)
        elif question.answer_type == "number":
            low = int(question.minimum) if question.minimum is not None else -1000
            high = int(question.maximum) if question.maximum is not None else 1000
            base = st.integers(low, high)
        elif question.answer_type == "date":
            base = st.dates(dt.date(1950, 1, 1), TODAY)
        else:
            base = st.text(max_size=question.max_length).filter(lambda t: "\x00" not in t)
        return st.none() | base

    return st.fixed_dictionaries({q.id: one(q) for q in instrument.questions}).map(
        lambda d: {k: v for k, v in d.items() if v is not None}
    )


@settings(max_examples=150, deadline=None)
@given(answers=answers_for(STREET))
def test_scoring_never_crashes_and_stays_within_caps(answers: dict[str, Answer]) -> None:
    problems = [m for m in engine.validate_answers(STREET, answers, TODAY)
                if m.rule != "answer.required"]  # fmt: skip
    assert problems == []
    outcome = engine.evaluate(STREET, answers)
    caps = sum(s.max_points or 0 for s in STREET.sections)
    assert 0 <= outcome.total <= caps
    assert outcome.prioritization in (1, 2)
    records = engine.build_records(STREET, answers, HEADER)
    for record in records:
        assert validate(record, today=TODAY) == [], record.KIND


@settings(max_examples=100, deadline=None)
@given(answers=answers_for(CRISIS))
def test_only_visible_answers_are_written(answers: dict[str, Answer]) -> None:
    shown = set(ids(engine.visible_questions(CRISIS, answers)))
    written = {
        r.get("AssessmentQuestion")
        for r in engine.build_records(CRISIS, answers, HEADER)
        if isinstance(r, AssessmentQuestion)
    }
    assert written <= shown
    assert written == {k for k, v in answers.items() if k in shown and not engine.is_blank(v)}
