"""Time, passed in rather than read from the wall, so tests can move it.

Wall-clock time never decides a conflict; it is only recorded (when a version
was received) and used for expiry (enrollment codes, rate-limit windows).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    """Return the current time in UTC."""
    return dt.datetime.now(dt.UTC)


def stamp(moment: dt.datetime) -> str:
    """Return a sortable UTC text form of ``moment`` as the tables store it."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_stamp(text: str) -> dt.datetime:
    """Parse :func:`stamp` output back into an aware datetime."""
    return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.UTC)
