"""What a person's review reminder is set to, for `remind status` and other views (the
Slack Home tab's "reminder on/off")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.daily.scheduler import next_post_at
from bot.store import Store

DEFAULT_TIME = "09:00"


@dataclass(frozen=True, slots=True)
class ReminderStatus:
    """A person's reminder: `on`, its local `time` ("HH:MM", kept while off) in zone `tz`,
    the UTC moment of the next message when on (`next_at`; sent only if reviews are due
    then), and `problem`, a delivery problem of the workspace (a `Problem` value, e.g.
    "missing_scope") that stops every reminder there until fixed, else None."""

    on: bool
    time: str
    tz: str
    next_at: datetime | None = None
    problem: str | None = None


def reminder_status(store: Store, *, workspace: str, user: str, now: datetime) -> ReminderStatus:
    """The reminder of `user` as seen from `workspace` (a reminder is the person's, one for
    every workspace; `workspace` picks the zone shown when none is set, and the problem)."""
    problem = store.reminder_problem(workspace=workspace)
    found = store.reminder(user=user)
    if found is None:
        tz = store.get_timezone(workspace=workspace, user=user)
        return ReminderStatus(on=False, time=DEFAULT_TIME, tz=tz, problem=problem)
    if not found.enabled:
        return ReminderStatus(on=False, time=found.time, tz=found.tz, problem=problem)
    schedule = next(iter(store.reminder_schedules(user=user)), None)
    next_at = next_post_at(
        found,
        now,
        owed_from=schedule.owed_from if schedule else None,
        last_post=schedule.last_done if schedule else None,
    )
    return ReminderStatus(on=True, time=found.time, tz=found.tz, next_at=next_at, problem=problem)
