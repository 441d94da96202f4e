"""The wording of stats, the leaderboard, mistakes and time-zone replies."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot import actions
from bot.content.pack import KnowledgePack
from bot.content.schema import Question
from bot.progress.stats import Stats
from bot.replies import PREFIX, Button, Reply
from bot.timezones import describe
from bot.wording import LABEL_MAX, bar

MEDALS = {1: "🥇", 2: "🥈", 3: "🥉"}
REVIEW_NOW = Button(label="Review now", action=actions.review(), style="primary")
NOTHING_TO_REVIEW = "There is nothing to review yet."


def stats(stats: Stats, pack: KnowledgePack) -> Reply:
    """Score, accuracy, streak, then mastery per topic as a bar chart, weakest first."""
    if stats.answered == 0:
        return Reply(
            kind="info",
            title="Your progress",
            private=True,
            text=f"No answers yet. Start with `{PREFIX}` or `{PREFIX} topics`.",
        )
    days = "day" if stats.streak == 1 else "days"
    lines = [
        f"Score: **{stats.correct}** right of {stats.answered} answered "
        f"(**{stats.correct / stats.answered:.0%}** accuracy)",
        f"Streak: **{stats.streak} {days}**" + (" 🔥" if stats.streak >= 3 else ""),
        "",
        "Mastery by topic (weakest first):",
    ]
    started, fresh = [], []
    for topic in pack.topics.values():
        answered, correct = stats.per_topic.get(topic.id, (0, 0))
        if answered:
            started.append((correct / answered, answered, correct, topic.id, topic.title))
        else:
            fresh.append((0.0, 0, 0, topic.id, topic.title))
    started.sort(key=lambda row: (row[0], -row[1]))
    for share, answered, correct, _, title in started:
        lines.append(f"`{bar(share)}` {share:>4.0%} {title} ({correct}/{answered})")
    lines += [f"`{bar(0)}`    – {title} (not started)" for *_, title in fresh]
    weakest = started[0] if started and started[0][0] < 1 else (fresh or started)[0]
    lines.append("")
    lines.append(f"Suggestion: drill **{weakest[4]}** with `{PREFIX} topic {weakest[3]}`.")
    return Reply(
        kind="info",
        title="Your progress",
        text="\n".join(lines),
        private=True,
        buttons=(
            Button(
                label=f"Drill {weakest[4]}"[:LABEL_MAX],
                action=actions.next_question(weakest[3]),
            ),
        ),
    )


def leaderboard(rows: Sequence[tuple[str, int, int]], *, weekly: bool) -> Reply:
    """The top users as (user, correct, answered), best first."""
    title = "Leaderboard: this week" if weekly else "Leaderboard: all time"
    if not rows:
        return Reply(kind="info", title=title, text="No answers yet. Be the first!")
    lines = [
        f"{MEDALS.get(rank, f'{rank}.')} <@{user}>: **{correct}** right of {answered}"
        for rank, (user, correct, answered) in enumerate(rows, 1)
    ]
    return Reply(kind="info", title=title, text="\n".join(lines))


def mistakes(questions: Sequence[Question], *, total: int) -> Reply:
    """The questions this user got wrong and has not got right since."""
    if not questions:
        return Reply(
            kind="info",
            title="Your mistakes",
            private=True,
            text="Nothing to fix: you have no open mistakes. 🎉",
        )
    lines = [f"- {q.prompt}\n  → **{q.answer_text}**" for q in questions]
    if total > len(questions):
        lines.append(f"…and {total - len(questions)} more.")
    lines.append(f"Practise them with `{PREFIX} review`.")
    return Reply(
        kind="info",
        title=f"Your mistakes ({total})",
        text="\n".join(lines),
        private=True,
        buttons=(REVIEW_NOW,),
    )


def timezone_is(zone: str) -> Reply:
    """The user's current time zone."""
    return Reply(
        kind="info",
        private=True,
        text=f"Your time zone is **{zone}**. Change it with `{PREFIX} tz Europe/Berlin`.",
    )


def timezone_set(zone: str, now: datetime) -> Reply:
    """Confirmation of a new time zone, with its current offset from UTC."""
    return Reply(
        kind="info",
        private=True,
        text=f"Done: streaks now count days in **{describe(zone, now)}**.",
    )
