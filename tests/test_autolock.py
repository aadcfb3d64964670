"""The inactivity lock, driven by an injected clock."""

from __future__ import annotations

from outreach_app.autolock import AutoLock


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_locks_once_after_timeout() -> None:
    clock, locks = Clock(), []
    auto = AutoLock(600, lambda: locks.append(clock.now), clock)
    clock.now = 599
    assert not auto.poll()
    clock.now = 600
    assert auto.poll()
    clock.now = 900
    assert not auto.poll()
    assert locks == [600]


def test_activity_postpones_and_rearms() -> None:
    clock, locks = Clock(), []
    auto = AutoLock(10, lambda: locks.append(clock.now), clock)
    clock.now = 9
    auto.touch()
    clock.now = 18
    assert not auto.poll()
    assert auto.remaining() == 1
    auto.lock_now()
    auto.lock_now()
    assert locks == [18]
    auto.touch()
    clock.now = 40
    assert auto.poll()
    assert locks == [18, 40]
