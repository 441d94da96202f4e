"""The one entry point: a user's request in, a platform-neutral reply out."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from bot import render
from bot.commands import Command, parse, parse_action
from bot.content.pack import KnowledgePack
from bot.content.schema import Question
from bot.content.topics import match_topic
from bot.daily.commands import DailyCommands
from bot.daily.scheduler import DailyScheduler, Outbox
from bot.errors import DockerQuizError
from bot.exam.flow import ExamFlow
from bot.lookup.index import LookupIndex
from bot.progress.commands import ProgressCommands
from bot.quiz.engine import parse_answer
from bot.quiz.flow import QuizFlow
from bot.replies import Reply, Request
from bot.store import DailyConfig, Instance, Store, Tally

log = logging.getLogger(__name__)

MAX_TEXT = 4000
CommandHandler = Callable[[Request, Command], Reply]
ActionHandler = Callable[[Request, tuple[str, ...]], Reply]
AnswerHandler = Callable[[Request, Instance, Question, int], Reply]
Observer = Callable[[Request, Reply, float], None]


class Tutor:
    """Routes a request to the feature that owns it. Holds no per-user state itself."""

    def __init__(
        self,
        *,
        pack: KnowledgePack,
        index: LookupIndex,
        store: Store,
        quiz: QuizFlow,
        progress: ProgressCommands,
        exams: ExamFlow,
        daily: DailyCommands,
    ) -> None:
        self.pack = pack
        self.index = index
        self.store = store
        self.quiz = quiz
        self.commands: dict[str, CommandHandler] = {
            "quiz": self._quiz,
            "topic": self._topic,
            "ask": lambda request, command: self.lookup(command.rest),
            "topics": lambda request, command: render.topics(self.pack),
            "help": lambda request, command: render.help_text(command.unknown),
            "stats": progress.stats,
            "leaderboard": progress.leaderboard,
            "mistakes": progress.mistakes,
            "review": progress.review,
            "tz": progress.timezone,
            "exam": exams.command,
            "daily": daily.command,
        }
        self.actions: dict[str, ActionHandler] = {
            "a": self._clicked_answer,
            "q": lambda request, f: self._serve_topic(request, f[0] if f else None),
            "e": self._explain,
            "r": lambda request, f: progress.review(request),
        }
        # How an answer is judged depends on what the question was posted for (exam: no
        # feedback until the end); anything not listed is judged by the quiz flow.
        self.answer_handlers: dict[str, AnswerHandler] = {"exam": exams.answer}
        # Called after every request with (request, reply, seconds): metrics, audit logs.
        self.observers: list[Observer] = []

    def handle(self, request: Request) -> Reply:
        """Answer one request. Bad input gets a friendly reply, never an exception."""
        started = time.perf_counter()
        try:
            reply = self._action(request) if request.action is not None else self._text(request)
        except DockerQuizError as exc:
            log.warning("request failed: %s", exc)
            reply = render.error(f"Sorry, that didn't work: {exc}")
        elapsed = time.perf_counter() - started
        for observer in self.observers:
            observer(request, reply, elapsed)
        return reply

    def claim_once(self, workspace: str, key: str) -> bool:
        """True the first time `key` is seen in a workspace (drops re-sent platform events)."""
        return self.store.claim_key(workspace=workspace, key=key, now=self.quiz.clock.now())

    def daily_scheduler(self, outbox: Outbox) -> DailyScheduler:
        """The daily-question loop, posting through an adapter's outbox."""
        quiz = self.quiz

        def pick(seen: set[str]) -> str | None:
            fresh = [qid for qid in self.pack.questions if qid not in seen]
            return quiz.rng.choice(fresh) if fresh else None

        def post(instance: Instance) -> Reply:
            config = self._daily_config(instance)
            return render.daily_question(
                self.pack.questions[instance.question_id],
                self.pack,
                instance_id=instance.id,
                reveal_hours=config.reveal_hours if config else 8,
            )

        def reveal(instance: Instance, tally: Tally, first: list[str]) -> Reply:
            return render.daily_reveal(
                self.pack.questions[instance.question_id],
                answered=tally.answered,
                correct=tally.correct,
                first_correct=first,
            )

        return DailyScheduler(
            store=self.store,
            outbox=outbox,
            clock=quiz.clock,
            pick_question=pick,
            render_question=post,
            render_reveal=reveal,
        )

    def _daily_config(self, instance: Instance) -> DailyConfig | None:
        configs = self.store.daily_configs(workspace=instance.workspace)
        return next((c for c in configs if c.channel == instance.channel), None)

    def close(self) -> None:
        """Release the store."""
        self.store.close()

    def lookup(self, text: str) -> Reply:
        """Answer free text from the notes, or decline with suggestions."""
        if not text.strip():
            return render.error(
                "Ask me a question, e.g. `/docker-quiz ask which service scans images?`"
            )
        return render.lookup(self.index.search(text), self.pack)

    def answer(
        self, request: Request, instance: Instance, question: Question, chosen: int
    ) -> Reply:
        """Judge an answer to a posted question by whoever owns that kind of question."""
        handler = self.answer_handlers.get(instance.kind, self.quiz.answer)
        return handler(request, instance, question, chosen)

    # -- typed text -------------------------------------------------------------------------

    def _text(self, request: Request) -> Reply:
        text = request.text[:MAX_TEXT].replace("\x00", "")
        command = parse(text)
        if command is not None:
            handler = self.commands.get(command.name)
            if handler is None:
                return render.help_text(command.name)
            return handler(request, command)
        if not text.strip():
            return render.help_text()
        typed = self._typed_answer(request, text)
        return typed if typed is not None else self.lookup(text)

    def _typed_answer(self, request: Request, text: str) -> Reply | None:
        pending = self.store.get_pending(workspace=request.workspace, user=request.user)
        if pending is None:
            return None
        instance = self.store.get_instance(workspace=request.workspace, instance_id=pending)
        question = self._question_of(instance)
        if instance is None or question is None:
            return None
        chosen = parse_answer(question, text)
        if chosen is None:
            return None
        return self.answer(request, instance, question, chosen)

    def _quiz(self, request: Request, command: Command) -> Reply:
        return (
            self._topic(request, command) if command.rest else self.quiz.serve(request, topic=None)
        )

    def _topic(self, request: Request, command: Command) -> Reply:
        if not command.rest:
            return render.topics(self.pack)
        topic = match_topic(self.pack, command.rest)
        if topic is None:
            listing = render.topics(self.pack)
            return Reply(
                kind="error",
                text=f"I don't have a topic called `{command.rest[:40]}`.\n{listing.text}",
                buttons=listing.buttons,
            )
        return self.quiz.serve(request, topic=topic)

    # -- clicks -----------------------------------------------------------------------------

    def _action(self, request: Request) -> Reply:
        action = parse_action(request.action or "")
        handler = self.actions.get(action.kind) if action else None
        if action is None or handler is None:
            return render.error("I didn't recognise that button. Try the command again.")
        return handler(request, action.fields)

    def _clicked_answer(self, request: Request, fields: tuple[str, ...]) -> Reply:
        if len(fields) != 2 or not all(f.isdigit() and len(f) < 12 for f in fields):
            return render.error("I didn't recognise that answer button.")
        instance = self.store.get_instance(workspace=request.workspace, instance_id=int(fields[0]))
        question = self._question_of(instance)
        if instance is None or question is None:
            return render.error("That question is no longer available. Try a new one.")
        chosen = int(fields[1])
        if chosen >= len(question.options):
            return render.error("That option doesn't exist.")
        return self.answer(request, instance, question, chosen)

    def _serve_topic(self, request: Request, topic: str | None) -> Reply:
        if topic is not None and topic not in self.pack.topics:
            return render.error("That topic no longer exists. Try `/docker-quiz topics`.")
        return self.quiz.serve(request, topic=topic)

    def _explain(self, request: Request, fields: tuple[str, ...]) -> Reply:
        entry = self.pack.entries.get(fields[0]) if fields else None
        if entry is None:
            return render.error("That note is no longer available.")
        return render.entry(entry, self.pack)

    def _question_of(self, instance: Instance | None) -> Question | None:
        return None if instance is None else self.pack.questions.get(instance.question_id)
