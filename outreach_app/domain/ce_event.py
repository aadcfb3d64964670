"""HUD's rules for a coordinated entry event (element 4.20) that the CSV spec leaves out.

The CSV specification declares Event.csv's columns and lists but not which
follow-up columns go with which event type; the HMIS Data Standards do:

* 4.20.A ``ProbSolDivRRResult`` ("client housed/re-housed in a safe
  alternative") only for event 2, problem solving / diversion / rapid resolution;
* 4.20.B ``ReferralCaseManageAfter`` ("enrolled in aftercare project") only for
  event 5, referral to post-placement / follow-up case management;
* 4.20.C ``LocationCrisisOrPHHousing`` only for referrals to a crisis or
  permanent housing opening, events 10 to 15;
* 4.20.D ``ReferralResult`` for those and the voucher referrals, events 10 to
  15, 17 and 18;
* 4.20.E ``ResultDate`` only with a ReferralResult (the CSV notes say so too).

A follow-up answered for another event type is an error (HMIS would carry a
value its reports cannot place); a follow-up left empty is a warning, since
a referral's result is usually known only weeks later. The form uses
:func:`follow_ups` to show and hide fields; :func:`clean` drops what no longer
applies, so switching the event type never saves a stale answer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from types import MappingProxyType

from outreach_app.domain.hmis_spec import DEFAULT_FISCAL_YEAR, FiscalYear
from outreach_app.domain.records import Event, Record, Value
from outreach_app.domain.validation import (
    FieldMessage,
    as_date,
    as_int,
    error,
    is_answered,
    validate,
    warning,
)

#: Problem solving / diversion / rapid resolution (list 4.20.2).
DIVERSION = 2
#: Referral to post-placement / follow-up case management.
AFTERCARE_REFERRAL = 5
#: Referrals to a crisis or permanent housing opening (ES, TH, TH-RRH, RRH, PSH, other PH).
HOUSING_OPENINGS = frozenset(range(10, 16))
#: Emergency Housing Voucher and Housing Stability Voucher referrals.
VOUCHERS = frozenset({17, 18})

#: The follow-up columns, in the order a form shows them.
FOLLOW_UP_COLUMNS = (
    "ProbSolDivRRResult",
    "ReferralCaseManageAfter",
    "LocationCrisisOrPHHousing",
    "ReferralResult",
    "ResultDate",
)

#: Event type to the follow-up columns it takes (ResultDate only with a result).
_FOLLOW_UPS: Mapping[int, tuple[str, ...]] = MappingProxyType(
    {
        DIVERSION: ("ProbSolDivRRResult",),
        AFTERCARE_REFERRAL: ("ReferralCaseManageAfter",),
        **{
            code: ("LocationCrisisOrPHHousing", "ReferralResult", "ResultDate")
            for code in HOUSING_OPENINGS
        },
        **{code: ("ReferralResult", "ResultDate") for code in VOUCHERS},
    }
)

_MISSING: Mapping[str, str] = MappingProxyType(
    {
        "ProbSolDivRRResult": "Say whether the client was housed in a safe alternative.",
        "ReferralCaseManageAfter": "Say whether the client enrolled in aftercare.",
        "LocationCrisisOrPHHousing": "Say where the housing opening is.",
        "ReferralResult": "Record the referral's result once it is known.",
        "ResultDate": "Give the date of the referral's result.",
    }
)


def follow_ups(event: int | None, referral_result: Value = None) -> tuple[str, ...]:
    """Return the follow-up columns an event type takes, in form order.

    ``ResultDate`` is included only once there is a ``referral_result``.
    """
    columns = _FOLLOW_UPS.get(event, ()) if event is not None else ()
    if referral_result is None or referral_result == "":
        columns = tuple(c for c in columns if c != "ResultDate")
    return columns


def clean(values: Mapping[str, Value]) -> dict[str, Value]:
    """Return the values with every follow-up that does not apply removed."""
    keep = set(follow_ups(as_int(values.get("Event")), values.get("ReferralResult")))
    return {k: v for k, v in values.items() if k not in FOLLOW_UP_COLUMNS or k in keep or v is None}


def check_follow_ups(record: Record, today: dt.date | None = None) -> list[FieldMessage]:
    """Return the 4.20 dependency problems of an Event record."""
    event = as_int(record.get("Event"))
    applies = set(follow_ups(event, record.get("ReferralResult")))
    messages: list[FieldMessage] = []
    for column in FOLLOW_UP_COLUMNS:
        answered = is_answered(record, column)
        if answered and column not in applies:
            reason = (
                "A result date needs a referral result."
                if column == "ResultDate"
                else "This doesn't apply to this kind of event; clear it."
            )
            messages.append(error(column, reason, "ce_event.not_applicable"))
        elif not answered and column in applies:
            messages.append(warning(column, _MISSING[column], "ce_event.missing"))
    result_date = as_date(record.get("ResultDate"))
    event_date = as_date(record.get("EventDate"))
    if result_date is not None and event_date is not None and result_date < event_date:
        messages.append(
            error("ResultDate", "The result can't come before the event.", "ce_event.date_order")
        )
    if result_date is not None and result_date > (today or dt.date.today()):
        messages.append(error("ResultDate", "This date can't be in the future.", "date.future"))
    return messages


def validate_event(
    record: Record,
    *,
    fiscal_year: FiscalYear = DEFAULT_FISCAL_YEAR,
    today: dt.date | None = None,
) -> list[FieldMessage]:
    """Return every problem with an Event: the spec's column rules plus 4.20's."""
    messages = validate(record, fiscal_year=fiscal_year, today=today)
    return list(dict.fromkeys(messages + check_follow_ups(record, today)))


def new_event(
    *, personal_id: str, enrollment_id: str, values: Mapping[str, Value], record_id: str = ""
) -> Event:
    """Build the Event record to save, with follow-ups that no longer apply dropped."""
    data = {"EnrollmentID": enrollment_id, "PersonalID": personal_id, **clean(values)}
    return Event(record_id, data) if record_id else Event.new(**data)
