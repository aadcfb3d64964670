"""HUD's 4.20 rules: which follow-up each coordinated entry event takes."""

from __future__ import annotations

import datetime as dt

import pytest

from outreach_app.domain import ce_event
from outreach_app.domain.hmis_spec import load_spec
from outreach_app.domain.records import Event

TODAY = dt.date(2026, 3, 15)
IDS = {"personal_id": "p" * 32, "enrollment_id": "e" * 32}


def test_every_event_type_of_the_spec_is_known() -> None:
    codes = set(load_spec(2026).codes("4.20.2"))
    assert codes == set(range(1, 19))
    with_follow_ups = {c for c in codes if ce_event.follow_ups(c, 1)}
    assert with_follow_ups == {2, 5, *range(10, 16), 17, 18}


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        (1, ()),
        (2, ("ProbSolDivRRResult",)),
        (5, ("ReferralCaseManageAfter",)),
        (9, ()),
        (13, ("LocationCrisisOrPHHousing", "ReferralResult")),
        (16, ()),
        (17, ("ReferralResult",)),
        (None, ()),
    ],
)
def test_follow_ups_before_a_result(event: int | None, expected: tuple[str, ...]) -> None:
    assert ce_event.follow_ups(event) == expected


def test_result_date_comes_with_a_result() -> None:
    assert ce_event.follow_ups(14, 2)[-1] == "ResultDate"
    assert "ResultDate" not in ce_event.follow_ups(14, None)


def test_clean_drops_what_the_event_no_longer_takes() -> None:
    values = {"EventDate": TODAY, "Event": 2, "ProbSolDivRRResult": 1, "ReferralResult": 1,
              "ResultDate": TODAY, "LocationCrisisOrPHHousing": "Hope Shelter"}  # fmt: skip
    assert ce_event.clean(values) == {"EventDate": TODAY, "Event": 2, "ProbSolDivRRResult": 1}


def test_new_event_is_clean_and_valid() -> None:
    event = ce_event.new_event(
        **IDS, values={"EventDate": TODAY, "Event": 14, "LocationCrisisOrPHHousing": "Elm PSH",
                       "ReferralResult": 1, "ResultDate": TODAY, "ProbSolDivRRResult": 0},
    )  # fmt: skip
    assert isinstance(event, Event) and len(event.id) == 32
    assert event.get("ProbSolDivRRResult") is None
    assert ce_event.validate_event(event, today=TODAY) == []


def test_not_applicable_follow_up_is_an_error() -> None:
    event = Event.new(EventDate=TODAY, Event=6, ReferralResult=1, ResultDate=TODAY)
    found = {(m.field, m.severity) for m in ce_event.check_follow_ups(event, TODAY)}
    assert ("ReferralResult", "error") in found
    assert ("ResultDate", "error") in found


def test_missing_follow_up_is_a_warning() -> None:
    event = Event.new(EventDate=TODAY, Event=17)
    (message,) = ce_event.check_follow_ups(event, TODAY)
    assert (message.field, message.severity) == ("ReferralResult", "warning")


def test_result_dates_in_order_and_not_in_future() -> None:
    early = Event.new(EventDate=TODAY, Event=17, ReferralResult=2,
                      ResultDate=TODAY - dt.timedelta(days=1))  # fmt: skip
    assert [m.rule for m in ce_event.check_follow_ups(early, TODAY)] == ["ce_event.date_order"]
    late = early.replace(ResultDate=TODAY + dt.timedelta(days=1))
    assert [m.rule for m in ce_event.check_follow_ups(late, TODAY)] == ["date.future"]


def test_validate_event_includes_the_spec_rules() -> None:
    event = Event.new(Event=99)
    rules = {m.rule for m in ce_event.validate_event(event, today=TODAY)}
    assert {"required", "list.code"} <= rules
