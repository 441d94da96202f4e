"""The learner's own progress: stats, leaderboard, mistakes, spaced review, time zone."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from bot.clock import Clock
from bot.commands import Invocation
from bot.content.pack import KnowledgePack
from bot.progress import wording
from bot.progress.dashboard import Progress, dashboard
from bot.progress.readiness import Readiness, readiness, recall_now
from bot.progress.review import ReviewQueue
from bot.quiz.flow import QuizFlow
from bot.reminders.status import ReminderStatus
from bot.replies import Dashboard, Reply, Request
from bot.store import Store
from bot.wording import error

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
        rng: random.Random,
        review: ReviewQueue,
        quiz: QuizFlow,
    ) -> None:
        self.pack = pack
        self.store = store
        self.clock = clock
        self.rng = rng
        self.review_queue = review
        self.quiz = quiz

    def stats(self, request: Request, invocation: Invocation) -> Reply:
        """Score, accuracy, streak, mastery and exam readiness per topic, weakest first."""
        stats = self.store.stats(
            workspace=request.workspace, user=request.user, now=self.clock.now()
        )
        ready = self.readiness(workspace=request.workspace, user=request.user)
        return wording.stats(stats, self.pack, ready)

    def readiness(self, *, workspace: str, user: str) -> Readiness:
        """Exam readiness per topic now (bot.progress.readiness has the formula)."""
        cards = self.store.cards(workspace=workspace, user=user)
        missed = set(self.store.mistakes(workspace=workspace, user=user))
        recall = recall_now(
            cards, scheduler=self.review_queue.scheduler, now=self.clock.now(), missed=missed
        )
        return readiness(self.pack, recall)

    def dashboard(self, *, workspace: str, user: str, reminder: ReminderStatus) -> Dashboard:
        """The learner's dashboard (bot.progress.dashboard) with their review `reminder`:
        read-only, a few queries."""
        now = self.clock.now()
        cards = self.store.cards(workspace=workspace, user=user)
        due = sum(1 for c in cards if c.due <= now and c.question_id in self.pack.questions)
        missed = [
            self.pack.questions[qid]
            for qid in self.store.mistakes(workspace=workspace, user=user)
            if qid in self.pack.questions
        ]
        progress = Progress(
            stats=self.store.stats(workspace=workspace, user=user, now=now),
            readiness=self.readiness(workspace=workspace, user=user),
            due=due,
            mistakes=missed,
            reminder=reminder,
            now=now,
        )
        return dashboard(progress, self.pack)

    def leaderboard(self, request: Request, invocation: Invocation) -> Reply:
        """Top 10 in this workspace, this week (default) or all time."""
        weekly = invocation.text("period", "week") == "week"
        since = _start_of_week(self.clock.now()) if weekly else None
        rows = self.store.leaderboard(
            workspace=request.workspace, since=since, limit=LEADERBOARD_SIZE
        )
        return wording.leaderboard(rows, weekly=weekly)

    def mistakes(self, request: Request, invocation: Invocation) -> Reply:
        """Questions this user got wrong and has not yet got right since."""
        ids = [
            qid
            for qid in self.store.mistakes(workspace=request.workspace, user=request.user)
            if qid in self.pack.questions
        ]
        shown = [self.pack.questions[qid] for qid in ids[:MISTAKES_SHOWN]]
        return wording.mistakes(shown, total=len(ids))

    def review(self, request: Request, invocation: Invocation | None = None) -> Reply:
        """The next question due for this user (FSRS), else a new one."""
        pool = list(self.pack.questions)
        self.rng.shuffle(pool)  # new questions in a different order for everyone
        upcoming = self.review_queue.next_questions(
            workspace=request.workspace, user=request.user, pool=pool, limit=1
        )
        if not upcoming:
            return error(wording.NOTHING_TO_REVIEW)
        return self.quiz.ask(request, upcoming[0], kind="review")

    def timezone(self, request: Request, invocation: Invocation) -> Reply:
        """Show or set the time zone used for streaks."""
        zone = invocation.text("zone")
        if not zone:
            current = self.store.get_timezone(workspace=request.workspace, user=request.user)
            return wording.timezone_is(current)
        self.store.set_timezone(workspace=request.workspace, user=request.user, tz=zone)
        return wording.timezone_set(zone, self.clock.now())


def _start_of_week(now: datetime) -> datetime:
    monday = now - timedelta(days=now.weekday())
    return monday.replace(hour=0, minute=0, second=0, microsecond=0)
