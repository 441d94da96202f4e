"""The learner's own progress: stats, leaderboard, mistakes, spaced review, time zone."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot import render
from bot.clock import Clock
from bot.commands import SLASH, Command
from bot.content.pack import KnowledgePack
from bot.progress.review import ReviewQueue
from bot.progress.stats import Stats
from bot.quiz.flow import QuizFlow
from bot.replies import Button, Reply, Request
from bot.store import Store

LEADERBOARD_SIZE = 10
MISTAKES_SHOWN = 10


class ProgressCommands:
    """Handlers for `stats`, `leaderboard`, `mistakes`, `review` and `tz`."""

    def __init__(
        self,
        *,
        pack: KnowledgePack,
        store: Store,
        clock: Clock,
        review: ReviewQueue,
        quiz: QuizFlow,
    ) -> None:
        self.pack = pack
        self.store = store
        self.clock = clock
        self.review_queue = review
        self.quiz = quiz

    def stats(self, request: Request, command: Command) -> Reply:
        """Score, accuracy, streak and mastery per topic, weakest first."""
        stats = self.store.stats(
            workspace=request.workspace, user=request.user, now=self.clock.now()
        )
        return render_stats(stats, self.pack)

    def leaderboard(self, request: Request, command: Command) -> Reply:
        """Top 10 in this workspace, this week (default) or all time."""
        period = command.args[0].casefold() if command.args else "week"
        if period not in {"week", "all"}:
            return render.error(f"Use `{SLASH} leaderboard week` or `{SLASH} leaderboard all`.")
        now = self.clock.now()
        since = _start_of_week(now) if period == "week" else None
        rows = self.store.leaderboard(
            workspace=request.workspace, since=since, limit=LEADERBOARD_SIZE
        )
        title = "Leaderboard: this week" if since else "Leaderboard: all time"
        if not rows:
            return Reply(kind="info", title=title, text="No answers yet. Be the first!")
        medals = {1: "🥇", 2: "🥈", 3: "🥉"}
        lines = [
            f"{medals.get(rank, f'{rank}.')} <@{user}>: **{correct}** right of {answered}"
            for rank, (user, correct, answered) in enumerate(rows, 1)
        ]
        return Reply(kind="info", title=title, text="\n".join(lines))

    def mistakes(self, request: Request, command: Command) -> Reply:
        """Questions this user got wrong and has not yet got right since."""
        ids = [
            qid
            for qid in self.store.mistakes(workspace=request.workspace, user=request.user)
            if qid in self.pack.questions
        ]
        if not ids:
            return Reply(
                kind="info",
                title="Your mistakes",
                private=True,
                text="Nothing to fix: you have no open mistakes. 🎉",
            )
        lines = []
        for qid in ids[:MISTAKES_SHOWN]:
            question = self.pack.questions[qid]
            lines.append(f"- {question.prompt}\n  → **{question.answer}**")
        more = len(ids) - MISTAKES_SHOWN
        if more > 0:
            lines.append(f"…and {more} more.")
        lines.append(f"Practise them with `{SLASH} review`.")
        return Reply(
            kind="info",
            title=f"Your mistakes ({len(ids)})",
            text="\n".join(lines),
            private=True,
            buttons=(Button(label="Review now", action="r", style="primary"),),
        )

    def review(self, request: Request, command: Command | None = None) -> Reply:
        """The next question due for this user (FSRS), else a new one."""
        pool = list(self.pack.questions)
        self.quiz.rng.shuffle(pool)  # new questions in a different order for everyone
        upcoming = self.review_queue.next_questions(
            workspace=request.workspace, user=request.user, pool=pool, limit=1
        )
        if not upcoming:
            return render.error("There is nothing to review yet.")
        return self.quiz.ask(request, upcoming[0], kind="review")

    def timezone(self, request: Request, command: Command) -> Reply:
        """Show or set the time zone used for streaks."""
        if not command.rest:
            zone = self.store.get_timezone(workspace=request.workspace, user=request.user)
            return Reply(
                kind="info",
                private=True,
                text=f"Your time zone is **{zone}**. Change it with `{SLASH} tz Europe/Berlin`.",
            )
        name = command.args[0]
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            return render.error(
                f"I don't know the time zone `{name[:40]}`. Use an IANA name such as "
                "`Europe/Berlin`, `America/New_York` or `UTC`."
            )
        self.store.set_timezone(workspace=request.workspace, user=request.user, tz=name)
        return Reply(kind="info", private=True, text=f"Done: streaks now count days in **{name}**.")


def _start_of_week(now: datetime) -> datetime:
    monday = now - timedelta(days=now.weekday())
    return monday.replace(hour=0, minute=0, second=0, microsecond=0)


def render_stats(stats: Stats, pack: KnowledgePack) -> Reply:
    """Score, accuracy, streak, then mastery per topic as a bar chart, weakest first."""
    if stats.answered == 0:
        return Reply(
            kind="info",
            title="Your progress",
            private=True,
            text=f"No answers yet. Start with `{SLASH}` or `{SLASH} topics`.",
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
        lines.append(f"`{render.bar(share)}` {share:>4.0%} {title} ({correct}/{answered})")
    lines += [f"`{render.bar(0)}`    – {title} (not started)" for *_, title in fresh]
    weakest = started[0] if started and started[0][0] < 1 else (fresh or started)[0]
    lines.append("")
    lines.append(f"Suggestion: drill **{weakest[4]}** with `{SLASH} topic {weakest[3]}`.")
    return Reply(
        kind="info",
        title="Your progress",
        text="\n".join(lines),
        private=True,
        buttons=(Button(label=f"Drill {weakest[4]}"[:75], action=f"q:{weakest[3]}"),),
    )
