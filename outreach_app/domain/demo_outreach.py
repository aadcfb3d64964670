"""Synthetic street outreach work for the demo store: enrollments and contacts.

A demo of an outreach app with people and no contacts shows nothing a worker
recognises. This adds, for a share of the demo clients, a street outreach
enrollment (a prior living situation answered with its 3.917 follow-ups) and
a few contacts in the weeks before the reference day, at places that read
like a city's outreach routes. Deterministic for a seed, like the clients.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, timedelta

from outreach_app.domain.demo import REFERENCE_DATE
from outreach_app.domain.records import CurrentLivingSituation, Enrollment, Record

PLACES = (
    "Under the 5th St bridge, north end",
    "Riverside camp, by the boat ramp",
    "Library steps, Main St",
    "Bus shelter at 12th & Pine",
    "Parked van behind the Safeway",
    "Doorway on Alder St",
    "Encampment off Hwy 99 exit 4",
    "Greyhound station benches",
)
#: Living situations on the street, in shelter or a Safe Haven, most common first.
CONTACT_SITUATIONS = (116, 116, 116, 101, 118, 116, 101)


def outreach_history(
    clients: Iterable[Mapping[str, object]],
    project_id: str,
    seed: int,
    *,
    share: float = 0.4,
    coc_code: str = "XX-500",
    as_of: date = REFERENCE_DATE,
) -> Iterator[Record]:
    """Yield enrollments and contacts for about ``share`` of ``clients``."""
    rng = random.Random(seed)
    for client in clients:
        if rng.random() >= share:
            continue
        personal_id = str(client["PersonalID"])
        entry = as_of - timedelta(days=rng.randrange(10, 200))
        enrollment = Enrollment(
            f"{rng.getrandbits(128):032x}",
            {
                "PersonalID": personal_id,
                "ProjectID": project_id,
                "EntryDate": entry,
                "HouseholdID": f"{rng.getrandbits(128):032x}",
                "RelationshipToHoH": 1,
                "EnrollmentCoC": coc_code,
                "LivingSituation": 116,
                "LengthOfStay": rng.choice((4, 5)),
                "DateToStreetESSH": entry - timedelta(days=rng.randrange(60, 900)),
                "TimesHomelessPastThreeYears": rng.choice((1, 2, 4)),
                "MonthsHomelessPastThreeYears": rng.choice((104, 108, 113)),
                "DisablingCondition": rng.choice((0, 1, 8)),
                "DateOfEngagement": entry + timedelta(days=rng.randrange(0, 8)),
            },
        )
        yield enrollment
        for _ in range(rng.randrange(1, 5)):
            yield CurrentLivingSituation(
                f"{rng.getrandbits(128):032x}",
                {
                    "PersonalID": personal_id,
                    "EnrollmentID": enrollment.id,
                    "InformationDate": entry + timedelta(days=rng.randrange((as_of - entry).days)),
                    "CurrentLivingSituation": rng.choice(CONTACT_SITUATIONS),
                    "LocationDetails": rng.choice(PLACES),
                },
            )
