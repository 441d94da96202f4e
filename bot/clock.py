"""Where the core gets the time: injected, so tests set it instead of sleeping."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """A source of the current time as an aware UTC datetime."""

    def now(self) -> datetime:
        """The current time, aware, in UTC."""
        ...


class SystemClock:
    """The real wall clock."""

    def now(self) -> datetime:
        """The current time, aware, in UTC."""
        return datetime.now(UTC)


class FixedClock:
    """A clock that only moves when told to; real code used by tests and replays."""

    def __init__(self, start: datetime) -> None:
        self._now = _utc(start)

    def now(self) -> datetime:
        """The time this clock was last set to."""
        return self._now

    def set(self, when: datetime) -> None:
        """Jump to `when` (aware)."""
        self._now = _utc(when)

    def advance(self, delta: timedelta) -> None:
        """Move forward (or back, with a negative delta) by `delta`."""
        self._now += delta


def _utc(when: datetime) -> datetime:
    if when.tzinfo is None:
        raise ValueError("the clock needs an aware datetime")
    return when.astimezone(UTC)
