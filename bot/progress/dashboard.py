"""A learner's dashboard (Slack's Home tab): what they have done and what to do next. Pure.

Panels, in order: score and streak; reviews due ("Start review"); the review reminder, on
("Stop these reminders") or off (how to turn it on); the weakest topic by exam readiness
("Drill this topic"); mastery per topic as bars, weakest first; exam readiness
(bot.progress.readiness); recent mistakes. Every button carries an ordinary action
(bot.actions), so a click is handled like the same button anywhere else.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot import actions
from bot.content.pack import KnowledgePack
from bot.content.schema import Question
from bot.progress.readiness import Readiness
from bot.progress.stats import Stats, mastery
from bot.progress.wording import readiness_lines
from bot.reminders import wording as reminder_wording
from bot.reminders.status import ReminderStatus
from bot.replies import PREFIX, Button, Dashboard, Panel
from bot.wording import bar

TITLE = "Your Docker quiz"
MISTAKES_SHOWN = 5
PROMPT_SHOWN = 150  # characters of a mistaken question's prompt
ANSWER_SHOWN = 100  # characters of its right answer
START_REVIEW = "Start review"
DRILL = "Drill this topic"
START_QUIZ = "Start a quiz"


@dataclass(frozen=True, slots=True)
class Progress:
    """What a dashboard shows, read from the store: totals and streak, readiness, the number
    of reviews due now, the open mistakes (most recent miss first), the review reminder, and
    the moment it was read."""

    stats: Stats
    readiness: Readiness
    due: int
    mistakes: Sequence[Question]
    reminder: ReminderStatus
    now: datetime


def dashboard(progress: Progress, pack: KnowledgePack) -> Dashboard:
    """The learner's dashboard (see the module docstring for its panels)."""
    stats = progress.stats
    panels = [_score(stats), _reviews(progress.due), _reminder(progress.reminder, progress.now)]
    weakest = progress.readiness.weakest
    if weakest is not None:
        panels.append(
            Panel(
                heading="Weakest topic",
                text=f"**{weakest.title}**: {weakest.percent}% ready "
                f"({weakest.seen} of {weakest.questions} questions seen).",
                buttons=(Button(DRILL, actions.next_question(weakest.topic), "primary"),),
            )
        )
    if stats.answered:
        panels.append(_mastery(stats, pack))
    ready = "\n".join(readiness_lines(progress.readiness))
    panels.append(Panel(heading="Exam readiness", text=ready))
    panels.append(_mistakes(progress.mistakes))
    return Dashboard(
        title=TITLE,
        panels=tuple(panels),
        footer=f"Updated as you answer. Everything here is also in `{PREFIX} stats`.",
    )


def held_for_exam() -> Dashboard:
    """The dashboard while the learner's mock exam is open: scores and mistakes would show
    how it is going before the end, so it says only that it waits."""
    return Dashboard(
        title=TITLE,
        panels=(
            Panel(
                heading="Mock exam in progress",
                text="Your scores, mistakes and readiness come back when your mock exam ends: "
                "until then they would show how it is going. Answer in the conversation, or "
                f"end it with `{PREFIX} exam stop`.",
            ),
        ),
        footer="Updated as you answer.",
    )


def _score(stats: Stats) -> Panel:
    if not stats.answered:
        return Panel(
            heading="Score",
            text=f"No answers yet. Start with a question, or `{PREFIX} topics` to pick one.",
            buttons=(Button(START_QUIZ, actions.next_question(), "primary"),),
        )
    days = "day" if stats.streak == 1 else "days"
    return Panel(
        heading="Score",
        text=f"**{stats.correct}** right of {stats.answered} answered "
        f"(**{stats.accuracy:.0%}** accuracy) · streak: **{stats.streak} {days}**"
        + (" 🔥" if stats.streak >= 3 else ""),
    )


def _reviews(due: int) -> Panel:
    if not due:
        return Panel(heading="Reviews", text="No reviews due right now.")
    text = "**1** review is due." if due == 1 else f"**{due}** reviews are due."
    return Panel(
        heading="Reviews",
        text=text,
        buttons=(Button(START_REVIEW, actions.review(), "primary"),),
    )


def _reminder(status: ReminderStatus, now: datetime) -> Panel:
    """On or off as `remind status` says it; the stop button when on."""
    text = reminder_wording.status(status, now).text
    if not status.on:
        return Panel(heading="Reminders", text=text)
    stop = Button(reminder_wording.STOP_LABEL, actions.reminders_off())
    return Panel(heading="Reminders", text=text, buttons=(stop,))


def _mastery(stats: Stats, pack: KnowledgePack) -> Panel:
    """Share right per started topic as bars, weakest first; then the topics not started."""
    lines = []
    for topic, share, answered in mastery(stats.per_topic):
        title = pack.topics[topic].title if topic in pack.topics else topic
        right = stats.per_topic[topic][1]
        lines.append(f"`{bar(share)}` {share:>4.0%} {title} ({right}/{answered} right)")
    fresh = [t.title for t in pack.topics.values() if t.id not in stats.per_topic]
    if fresh:
        lines.append(f"_Not started: {', '.join(fresh)}_")
    return Panel(heading="Mastery by topic", text="\n".join(lines))


def _mistakes(questions: Sequence[Question]) -> Panel:
    if not questions:
        return Panel(heading="Recent mistakes", text="No open mistakes. 🎉")
    lines = [
        f"- {_short(q.prompt, PROMPT_SHOWN)}\n  → **{_short(q.answer_text, ANSWER_SHOWN)}**"
        for q in questions[:MISTAKES_SHOWN]
    ]
    if len(questions) > MISTAKES_SHOWN:
        lines.append(f"…and {len(questions) - MISTAKES_SHOWN} more: `{PREFIX} mistakes`.")
    return Panel(heading=f"Recent mistakes ({len(questions)})", text="\n".join(lines))


def _short(text: str, limit: int) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"
