"""The wording of the daily question: the post, the reveal, and the `daily` replies."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.content.pack import KnowledgePack
from bot.content.schema import Question
from bot.quiz.wording import count_word, explanation, question, the_answer
from bot.replies import PREFIX, Reply
from bot.store import DailyConfig
from bot.timezones import describe

USAGE = (
    f"`{PREFIX} daily on [#channel] [9am|21:30] [Europe/Berlin|EST] [reveal delay, e.g. 8h]`, "
    f"`{PREFIX} daily off [#channel]`, `{PREFIX} daily status`"
)
ADMINS_ONLY = (
    "Sorry, only workspace admins can change the daily question. "
    f"Anyone can see it with `{PREFIX} daily status`."
)
ADMIN_CHECK_FAILED = (
    "Sorry, I couldn't check your admin rights just now, so nothing was changed. "
    "Please try again in a minute."
)
NAME_THE_CHANNEL = "Name the channel for the daily question, e.g. `daily on #quiz`."
NOT_ON_THERE = "There is no daily question on in that channel."
SAY_ON = (
    f"To set the daily question, start with `on`, e.g. `{PREFIX} daily on #quiz 9am Europe/Berlin`."
)
# What each Problem (bot.daily.scheduler) means, and what fixes it.
PROBLEMS: dict[str, tuple[str, str]] = {
    "not_in_channel": (
        "I'm not a member of that channel",
        "Invite me to it (type `/invite @docker-quiz` there, or add me in its settings)",
    ),
    "channel_not_found": (
        "that channel doesn't exist any more, or I can't see it",
        "Pick a channel I can see",
    ),
    "archived": ("that channel is archived", "Unarchive it, or pick another channel"),
    "no_permission": (
        "I'm not allowed to see or post in that channel",
        "Let me view the channel, send messages and embed links there",
    ),
    "missing_scope": (
        "this install of the app lacks a permission it needs",
        "Reinstall the app to grant it (the README's upgrade notes say how)",
    ),
    "dms_closed": ("that person doesn't take direct messages from me", "Ask them to allow them"),
    "rate_limited": ("the platform asked me to slow down", "Wait a few minutes"),
    "unavailable": ("the platform didn't answer", "Wait a few minutes"),
}


def post(q: Question, pack: KnowledgePack, *, ref: str, reveal_hours: int) -> Reply:
    """The daily post: answers are private; the reveal comes later in the thread."""
    how = (
        f"Pick {count_word(len(q.answers))} and submit"
        if q.kind == "multiple_answer"
        else "Answer with a button"
    )
    return question(
        q,
        pack,
        ref=ref,
        header="Daily question",
        footer=f"{how}: only you see your result. The answer is revealed in "
        f"{reveal_hours} h. Only your first answer counts.",
    )


UPDATED = "This question was updated after it was posted; here is its current answer."


def reveal(
    q: Question,
    *,
    answered: int,
    correct: int,
    first_correct: Sequence[str],
    updated: bool = False,
) -> Reply:
    """The answer, the explanation, how many answered and were right, and the first right.
    `updated`: the question was merged into `q` after it was posted."""
    lines = [UPDATED] if updated else []
    lines += [
        the_answer(q),
        explanation(q),
        "",
        f"{answered} answered, {correct} right." if answered else "Nobody answered this one.",
    ]
    if first_correct:
        lines.append("First right: " + ", ".join(f"<@{user}>" for user in first_correct))
    return Reply(kind="summary", title="Daily question: the answer", text="\n".join(lines))


def turned_on(config: DailyConfig, next_post: datetime, now: datetime) -> Reply:
    """Confirmation of `daily on`: the zone chosen with its offset now, and the next post."""
    return Reply(
        kind="info",
        text=(
            f"Daily question is **on** in <#{config.channel}> at **{config.time} "
            f"{describe(config.tz, now)}**; the answer is revealed {config.reveal_hours} h "
            f"later. Next one: {when(next_post, config.tz)}."
        ),
    )


def paused(config: DailyConfig) -> Reply:
    """The direct message to whoever set the daily question up, when its posts stopped."""
    problem, fix = PROBLEMS.get(config.problem or "", PROBLEMS["unavailable"])
    return Reply(
        kind="error",
        title="Daily question stopped",
        text=(
            f"The daily question in <#{config.channel}> stopped: {problem}. {fix}, then "
            f"turn it on again with `{PREFIX} daily on <#{config.channel}>`."
        ),
    )


def turned_off(channel: str) -> Reply:
    """Confirmation of `daily off`."""
    return Reply(kind="info", text=f"Daily question is **off** in <#{channel}>.")


def status(configs: Sequence[tuple[DailyConfig, datetime]]) -> Reply:
    """Each channel's schedule and its next post, or that it is off."""
    if not configs:
        return Reply(
            kind="info",
            title="Daily question",
            text=f"The daily question is off. An admin can turn it on with `{PREFIX} daily on`.",
        )
    lines = [_status_line(c, next_post) for c, next_post in configs]
    return Reply(kind="info", title="Daily question", text="\n".join(lines))


def _status_line(c: DailyConfig, next_post: datetime) -> str:
    schedule = f"- <#{c.channel}>: every day at **{c.time} {c.tz}**"
    if c.problem is None:
        return (
            f"{schedule}, answer revealed after {c.reveal_hours} h; next: {when(next_post, c.tz)}"
        )
    problem, fix = PROBLEMS.get(c.problem, PROBLEMS["unavailable"])
    since = f" since {when(c.problem_at, c.tz)}" if c.problem_at else ""
    return (
        f"{schedule}: **stopped**{since}: {problem}. {fix}, then "
        f"`{PREFIX} daily on <#{c.channel}>`."
    )


def when(moment: datetime, zone: str) -> str:
    """A moment in the schedule's own zone, e.g. 'Tue 03 Mar 09:00 Europe/Berlin'."""
    return moment.astimezone(ZoneInfo(zone)).strftime("%a %d %b %H:%M ") + zone
