"""Progress arithmetic with no database: streaks, mastery, and the Stats the tutor renders."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo


@dataclass(frozen=True, slots=True)
class Stats:
    """One learner's progress: totals, streak in days, and (answered, correct) per topic."""

    answered: int
    correct: int
    streak: int
    per_topic: Mapping[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def accuracy(self) -> float:
        """Share of answers that were right; 0.0 before the first answer."""
        return self.correct / self.answered if self.answered else 0.0

    @classmethod
    def from_topics(cls, per_topic: Mapping[str, tuple[int, int]], *, streak: int) -> Stats:
        """Totals summed from the per-topic counts."""
        return cls(
            answered=sum(answered for answered, _ in per_topic.values()),
            correct=sum(correct for _, correct in per_topic.values()),
            streak=streak,
            per_topic=dict(per_topic),
        )


def streak(times: Iterable[datetime], *, zone: ZoneInfo, now: datetime) -> int:
    """Consecutive local days with an answer, ending today (or yesterday, still unbroken).

    `times` must be newest first; reading stops at the first gap, so a long history costs
    only as much as the streak itself.
    """
    today = now.astimezone(zone).date()
    expected = None  # the next day (going back) that keeps the streak alive
    days = 0
    for when in times:
        day = when.astimezone(zone).date()
        if expected is None:
            if day < today - timedelta(days=1):
                return 0
            expected = day
        if day == expected:
            days += 1
            expected = day - timedelta(days=1)
        elif day < expected:
            break
    return days


def mastery(per_topic: Mapping[str, tuple[int, int]]) -> list[tuple[str, float, int]]:
    """(topic, share right, answered) per topic, weakest first; ties: fewer answers first."""
    rows = [
        (topic, correct / answered if answered else 0.0, answered)
        for topic, (answered, correct) in per_topic.items()
    ]
    return sorted(rows, key=lambda row: (row[1], row[2], row[0]))
