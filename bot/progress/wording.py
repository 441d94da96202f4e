"""The wording of stats, the leaderboard, mistakes and time-zone replies."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from bot import actions
from bot.content.pack import KnowledgePack
from bot.content.schema import Question
from bot.progress.readiness import READY_AT, Readiness
from bot.progress.stats import Stats
from bot.replies import PREFIX, Button, Reply
from bot.timezones import describe
from bot.wording import LABEL_MAX, bar

MEDALS = {1: "🥇", 2: "🥈", 3: "🥉"}
REVIEW_NOW = Button(label="Review now", action=actions.review(), style="primary")
NOTHING_TO_REVIEW = "There is nothing to review yet."


def stats(stats: Stats, pack: KnowledgePack, ready: Readiness) -> Reply:
    """Score, accuracy, streak, then exam readiness per topic as a bar chart, least ready
    first, each with the learner's answers in it; a suggestion of what to drill."""
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
        *readiness_lines(ready, answers=stats.per_topic),
    ]
    topic_id, title = _suggested(stats, pack)
    lines.append("")
    lines.append(f"Suggestion: drill **{title}** with `{PREFIX} topic {topic_id}`.")
    return Reply(
        kind="info",
        title="Your progress",
        text="\n".join(lines),
        private=True,
        buttons=(
            Button(label=f"Drill {title}"[:LABEL_MAX], action=actions.next_question(topic_id)),
        ),
    )


def _suggested(stats: Stats, pack: KnowledgePack) -> tuple[str, str]:
    """The topic to drill: the started one with the lowest share right (fewest answers on a
    tie) while it is below 100%, else the first not started, else the weakest started."""
    started, fresh = [], []
    for topic in pack.topics.values():
        answered, correct = stats.per_topic.get(topic.id, (0, 0))
        if answered:
            started.append((correct / answered, -answered, topic.id, topic.title))
        else:
            fresh.append((0.0, 0, topic.id, topic.title))
    started.sort(key=lambda row: (row[0], row[1]))
    weakest = started[0] if started and started[0][0] < 1 else (fresh or started)[0]
    return weakest[2], weakest[3]


def readiness_summary(ready: Readiness) -> str:
    """The one-line verdict: "Ready on 6 of 10 topics; weakest: registries (42%)"."""
    weakest = ready.weakest
    if weakest is None:
        return "There are no questions to be ready for yet."
    return (
        f"Ready on {len(ready.ready)} of {len(ready.topics)} topics; "
        f"weakest: {weakest.topic} ({weakest.percent}%)"
    )


def readiness_lines(
    ready: Readiness, *, answers: Mapping[str, tuple[int, int]] | None = None
) -> list[str]:
    """The verdict, one bar per topic (least ready first, ✅ when ready) with the learner's
    (answered, correct) counts in it when given, and what the figure means."""
    lines = [f"Exam readiness: **{readiness_summary(ready)}**"]
    for topic in ready.topics:
        mark = " ✅" if topic.ready else ""
        seen = f"{topic.seen}/{topic.questions} questions seen"
        answered, correct = (answers or {}).get(topic.topic, (0, 0))
        detail = f"{correct}/{answered} right, {seen}" if answered else seen
        lines.append(f"`{bar(topic.score)}` {topic.percent:>3}% {topic.title}{mark} ({detail})")
    lines.append(
        "_Readiness is your predicted recall of each topic's questions today: questions you "
        f"haven't seen or last got wrong count 0. Ready at {READY_AT:.0%}._"
    )
    return lines


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
