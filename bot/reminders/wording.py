"""What reminders say: the replies to `remind`, and the direct message itself."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot import actions
from bot.daily.wording import when
from bot.reminders.status import ReminderStatus
from bot.replies import PREFIX, Button, Reply
from bot.timezones import describe

STOP_LABEL = "Stop these reminders"
LABEL_MAX = 75  # bot.wording.LABEL_MAX: every platform takes it
PROBLEMS: dict[str, str] = {
    "missing_scope": (
        "Reminders can't be delivered here yet: this install of the app lacks the permission "
        "to send direct messages (`im:write`). A workspace admin needs to reinstall the app "
        "(the README's upgrade notes say how)."
    ),
}


@dataclass(frozen=True, slots=True)
class DueLine:
    """One workspace's due reviews in a reminder: its `name` as the person knows it, how
    many are due, and the action of the button that starts them."""

    name: str
    due: int
    action: str


def _next(status: ReminderStatus) -> str:
    return f" Next check: {when(status.next_at, status.tz)}." if status.next_at else ""


def _problem(status: ReminderStatus) -> str:
    if status.problem is None:
        return ""
    return "\n" + PROBLEMS.get(status.problem, f"Reminders can't be delivered: {status.problem}.")


def turned_on(status: ReminderStatus, now: datetime, *, zone_set: bool) -> Reply:
    """Confirmation of `remind on`: the time in the person's zone, and what to expect."""
    zone = "" if zone_set else f" (set your own zone with `{PREFIX} tz Europe/Berlin`)"
    return Reply(
        kind="info",
        private=True,
        text=(
            f"Reminders are **on**: at **{status.time} {describe(status.tz, now)}**{zone}, I'll "
            "send you a direct message when you have reviews due, at most once a day."
            f"{_next(status)} `{PREFIX} remind off` stops them.{_problem(status)}"
        ),
    )


def turned_off() -> Reply:
    """Confirmation of `remind off` (or the message's stop button)."""
    return Reply(
        kind="info",
        private=True,
        text=f"Reminders are **off**. `{PREFIX} remind on` turns them on again.",
    )


def status(status: ReminderStatus, now: datetime) -> Reply:
    """`remind status`."""
    if not status.on:
        text = (
            "Reminders are **off**. `"
            f"{PREFIX} remind on {status.time}` sends you a direct message when reviews are "
            "due, at most once a day."
        )
    else:
        text = (
            f"Reminders are **on** at **{status.time} {describe(status.tz, now)}**, when "
            f"reviews are due.{_next(status)}"
        )
    return Reply(kind="info", private=True, text=text + _problem(status))


def minutes(due: int, seconds_per_review: float) -> int:
    """The whole minutes `due` reviews take, at least 1."""
    return max(1, round(due * seconds_per_review / 60))


def _count(due: int, seconds_per_review: float, *, where: str = "") -> str:
    """'5 reviews are due (about 3 minutes)', with ' in WHERE' after 'due' when given."""
    reviews = "1 review is" if due == 1 else f"{due} reviews are"
    taken = minutes(due, seconds_per_review)
    place = f" in {where}" if where else ""
    return f"{reviews} due{place} (about {taken} minute{'' if taken == 1 else 's'})"


def reminder(lines: Sequence[DueLine], *, seconds_per_review: float) -> Reply:
    """The reminder message: how many reviews are due and how long they take, with a button
    that starts them (one line and one button per workspace when several), and a stop button.

    The time is `seconds_per_review` each: the pack's median question read at an average
    silent reading speed (bot.reminders.estimate)."""
    stop = Button(STOP_LABEL, actions.reminders_off())
    source = (
        f"_About {seconds_per_review:.0f} s a review: the time to read one of these "
        "questions, its options and its explanation at an average reading speed._"
    )
    if len(lines) == 1:
        line = lines[0]
        return Reply(
            kind="info",
            title="Time for a review",
            text=f"{_count(line.due, seconds_per_review, where=line.name)}.\n{source}",
            buttons=(Button("Start review", line.action, style="primary"), stop),
        )
    total = sum(line.due for line in lines)
    body = "\n".join(
        f"- {line.name or 'here'}: {_count(line.due, seconds_per_review)}" for line in lines
    )
    return Reply(
        kind="info",
        title="Time for a review",
        text=f"{_count(total, seconds_per_review)}:\n{body}\n{source}",
        buttons=(
            *(Button(_review_label(line), line.action) for line in lines),
            stop,
        ),
    )


def _review_label(line: DueLine) -> str:
    return f"Review in {line.name or 'here'}"[:LABEL_MAX]


def due_at_start(due: int, *, seconds_per_review: float) -> str:
    """The terminal's greeting line when reviews are due."""
    return f"{_count(due, seconds_per_review)}: type `review` to start."
