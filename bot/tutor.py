"""The one entry point: a user's request in, a platform-neutral reply out."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import timedelta

from bot import actions, intake, wording
from bot.arguments import ParseContext
from bot.clock import Clock
from bot.commands import (
    REGISTRY,
    CommandSpec,
    Handler,
    Parsed,
    closest,
    meant_as_command,
    parse,
)
from bot.content.pack import KnowledgePack
from bot.content.schema import Question
from bot.daily.commands import DailyCommands
from bot.daily.scheduler import DailyScheduler, Outbox
from bot.errors import DockerQuizError
from bot.exam.flow import ExamFlow
from bot.guide import Guide
from bot.items.commands import ItemsCommands
from bot.lookup.asking import Asker
from bot.lookup.index import LookupIndex
from bot.lookup.wording import entry
from bot.progress.commands import ProgressCommands
from bot.progress.dashboard import held_for_exam
from bot.quiz import wording as quiz_wording
from bot.quiz.engine import Picks, problem
from bot.quiz.flow import QuizFlow
from bot.quiz.typed import (
    Ambiguous,
    Chosen,
    Negated,
    NoSuchOption,
    Several,
    letter_of,
    read_answer,
)
from bot.reminders.commands import ReminderCommands
from bot.reminders.scheduler import ReminderPlatform, ReminderScheduler
from bot.replies import Dashboard, Reply, Request, acting_in
from bot.reports.commands import ReportsCommands
from bot.store import Instance, Store

log = logging.getLogger(__name__)

MAX_TEXT = 4000
ActionHandler = Callable[[Request, actions.Action], Reply]
AnswerHandler = Callable[[Request, Instance, Question, Picks], Reply]
Observer = Callable[[Request, Reply, float], None]


@dataclass(frozen=True, slots=True)
class Features:
    """The capabilities the registry's handlers are bound to."""

    quiz: QuizFlow
    progress: ProgressCommands
    exams: ExamFlow
    daily: DailyCommands
    asker: Asker
    guide: Guide
    reports: ReportsCommands
    items: ItemsCommands
    reminders: ReminderCommands


class Tutor:
    """Routes a request to the feature that owns it. Holds no per-user state itself."""

    def __init__(
        self,
        *,
        pack: KnowledgePack,
        index: LookupIndex,
        store: Store,
        clock: Clock,
        features: Features,
        registry: tuple[CommandSpec, ...] = REGISTRY,
    ) -> None:
        self.pack = pack
        self.index = index
        self.store = store
        self.clock = clock
        self.features = features
        self.quiz = features.quiz
        self.commands: dict[str, Handler] = {spec.name: spec.handler(features) for spec in registry}
        self.actions: dict[str, ActionHandler] = {
            "answer": self._clicked_answer,
            "submit": self._submitted,
            "next": lambda request, action: self._serve_topic(request, action.target),
            "explain": self._explain,
            "review": self._review,
            "reminders_off": lambda request, action: features.reminders.stop(request),
            "routed": self._routed,
            "report": lambda request, action: features.reports.form(action.ref),
            "report_submit": features.reports.submit,
        }
        # How an answer is judged depends on what the question was posted for (exam: no
        # feedback until the end); anything not listed is judged by the quiz flow.
        self.answer_handlers: dict[str, AnswerHandler] = {"exam": features.exams.answer}
        # Called after every request with (request, reply, seconds): metrics, audit logs.
        self.observers: list[Observer] = []
        self._context = ParseContext(pack=pack)

    def handle(self, request: Request) -> Reply:
        """Answer one request; never raises. Bad input gets a friendly reply; a request
        whose ids are not valid text is refused; any other failure is logged once with its
        traceback and answered with an apology."""
        started = time.perf_counter()
        try:
            reply = self._handle(request)
        except DockerQuizError as exc:
            log.warning("request failed: %s", exc)
            reply = wording.failed(str(exc))
        except Exception:
            log.exception("request failed unexpectedly (%s)", actions.label(request.action))
            reply = wording.error(wording.INTERNAL_ERROR)
        elapsed = time.perf_counter() - started
        for observer in self.observers:
            try:
                observer(request, reply, elapsed)
            except Exception:
                log.exception("a request observer failed")
        return reply

    def _handle(self, request: Request) -> Reply:
        admitted = intake.admit(request)
        if admitted is None:
            return wording.error(wording.UNREADABLE_REQUEST)
        if admitted.action is not None:
            return self._action(admitted)
        return self._text(admitted)

    def needs_admin(self, text: str) -> bool:
        """True when typed `text` is a command that needs workspace-admin rights (so the
        adapter must ask the platform about the user); False for everything else."""
        parsed = parse(text[:MAX_TEXT], self._context)
        if parsed is None or parsed.invocation is None:
            return False
        return parsed.invocation.spec.needs_admin(parsed.invocation.values)

    def form(self, action: str) -> Reply | None:
        """The form a click on `action` opens ("Report a problem"), or None when it opens
        none. Touches no store: a front end that must show a modal as its immediate answer
        to the click (Slack, Discord) calls this first, then sends the form's submission
        to `handle` as `Request(action=form.submit, fields=...)`."""
        parsed = actions.parse(action)
        if parsed is not None and parsed.kind == "routed" and parsed.target is not None:
            inner = self.form(parsed.inner)
            return None if inner is None else acting_in(inner, parsed.target)
        if parsed is None or parsed.kind != "report":
            return None
        return self.features.reports.form(parsed.ref)

    def dashboard(self, *, workspace: str, user: str) -> Dashboard:
        """The learner's own dashboard (Slack's Home tab): score, streak, reviews due,
        reminder on/off, weakest topic, mastery, readiness, recent mistakes. Reads the store;
        may raise a StoreError (the caller logs it and keeps what was shown). While a mock
        exam is open it shows only that, since scores and mistakes would give it away."""
        if self.features.exams.taking(workspace=workspace, user=user) is not None:
            return held_for_exam()
        reminder = self.features.reminders.reminder_status(workspace, user)
        return self.features.progress.dashboard(workspace=workspace, user=user, reminder=reminder)

    def claim_once(self, workspace: str, key: str) -> bool:
        """True the first time `key` is seen in a workspace (drops re-sent platform events)."""
        return self.store.claim_key(workspace=workspace, key=key, now=self.clock.now())

    def claim_each_once(self, workspace: str, keys: Sequence[str]) -> list[bool]:
        """`claim_once` for many keys in one transaction; one answer per key, in order."""
        return self.store.claim_keys(workspace=workspace, keys=keys, now=self.clock.now())

    def forget_claims(self, workspace: str, *, older_than: timedelta) -> int:
        """Forget keys of `workspace` claimed more than `older_than` ago; returns how many."""
        return self.store.forget_keys(before=self.clock.now() - older_than, workspace=workspace)

    def daily_scheduler(self, outbox: Outbox) -> DailyScheduler:
        """The daily-question loop, posting through an adapter's outbox."""
        return self.features.daily.scheduler(outbox)

    def posted(self, workspace: str, ref: str, message: str) -> None:
        """Remember the platform's id of the message that shows question instance `ref`
        (from `Reply.ref`), so an answer typed elsewhere can update its tally. An unknown
        ref is ignored."""
        instance = self.store.find_instance(workspace=workspace, ref=ref)
        if instance is not None:
            self.store.set_instance_message(
                workspace=workspace, instance_id=instance.id, message_ref=message
            )

    def reminder_scheduler(self, outbox: Outbox, platform: ReminderPlatform) -> ReminderScheduler:
        """The review-reminder loop of one platform, sending through an adapter's outbox."""
        return self.features.reminders.scheduler(outbox, platform)

    def close(self) -> None:
        """Release the store."""
        self.store.close()

    def lookup(self, text: str) -> Reply:
        """Answer free text from the notes, or decline with suggestions."""
        return self.features.asker.lookup(text)

    def answer(
        self, request: Request, instance: Instance, question: Question, chosen: Picks
    ) -> Reply:
        """Judge an answer (option indexes as shown) to a posted question, with its options
        as `instance` showed them (bot.quiz.shuffle), by whoever owns that kind of question.
        An answer of the wrong size is refused and can be retried; a question merged into
        another since it was posted is asked again as it is now."""
        if instance.replaced_id is not None:
            return self._ask_again(request, instance)
        trouble = problem(question, chosen)
        if trouble is not None:
            return wording.error(quiz_wording.cannot_judge(question, trouble))
        handler = self.answer_handlers.get(instance.kind, self.quiz.answer)
        return handler(request, instance, question, chosen)

    # -- typed text -------------------------------------------------------------------------

    def _text(self, request: Request) -> Reply:
        text = request.text[:MAX_TEXT]
        parsed = parse(text, self._context)
        if parsed is not None:
            spec = parsed.invocation.spec if parsed.invocation is not None else None
            if spec is not None and not spec.during_exam and self._in_exam(request):
                return wording.in_exam(self._letters(request), spec.name)
            return self._command(request, parsed)
        if not text.strip():
            return wording.nudge()
        pending = self._pending(request)
        if pending is not None:
            typed = self._typed_answer(request, text, *pending)
            if typed is not None:
                return typed
        elif letter_of(text) is not None:
            return wording.error(quiz_wording.no_question_open())
        if self._in_exam(request):
            return wording.in_exam(self._letters(request))
        reply = self.lookup(text)
        if reply.kind != "decline":
            return reply
        near = closest(text.strip()) if len(text.split()) == 1 else None
        if near is not None:
            return wording.did_you_mean(near, text.strip())
        meant = meant_as_command(text, self._context)
        return reply if meant is None else self._command(request, meant)

    def _command(self, request: Request, parsed: Parsed) -> Reply:
        if parsed.invocation is not None:
            spec = parsed.invocation.spec
            # Whole-command admin rule; `admin_when` values are refused by their handler,
            # which says what else the user can do.
            if spec.admin_only and not request.is_admin:
                return wording.admins_only(spec, check_failed=request.admin_check_failed)
            return self.commands[spec.name](request, parsed.invocation)
        if parsed.error is not None and parsed.spec is not None:
            if any(arg.kind == "topic" for arg in parsed.spec.args):
                return wording.unknown_topic(self.pack, str(parsed.error))
            return wording.usage_error(parsed.spec, str(parsed.error))
        if parsed.suggestion is not None and parsed.unknown is not None:
            return wording.did_you_mean(parsed.suggestion, parsed.unknown)
        return wording.help_text(REGISTRY, unknown=parsed.unknown)

    def open_question(self, request: Request) -> Reply | None:
        """The question `request`'s user was asked last and has not answered, shown again as
        it was (same options in the same order, same buttons), or None when there is none
        or it belongs to a mock exam (the exam shows its own). For a front end that lost its
        screen: a restarted terminal, where a typed letter would otherwise answer a question
        the learner can no longer see."""
        pending = self.quiz.pending(request)
        if pending is None or pending[0].kind == "exam":
            return None
        instance, question = pending
        footer = f"{wording.STILL_OPEN} {quiz_wording.how_to_answer(question)}"
        return self.quiz.shown_again(instance, question, footer=footer)

    def _pending(self, request: Request) -> tuple[Instance, Question] | None:
        """The question this user was asked last and has not answered yet."""
        return self.quiz.pending(request)

    def _typed_answer(
        self, request: Request, text: str, instance: Instance, question: Question
    ) -> Reply | None:
        reading = read_answer(question, text)
        count = len(question.options)
        if isinstance(reading, Chosen):
            return self.answer(request, instance, question, (reading.index,))
        if isinstance(reading, Several):
            return self.answer(request, instance, question, reading.indexes)
        if isinstance(reading, Negated):
            return wording.error(quiz_wording.ruled_out(count))
        if isinstance(reading, NoSuchOption):
            return wording.error(quiz_wording.no_such_option(reading.label, count))
        if isinstance(reading, Ambiguous):
            return wording.error(quiz_wording.which_of(reading.indexes))
        return None

    def _in_exam(self, request: Request) -> bool:
        return self.features.exams.active(request) is not None

    def _letters(self, request: Request) -> str:
        pending = self._pending(request)
        return quiz_wording.letters(len(pending[1].options) if pending else 5)

    # -- clicks -----------------------------------------------------------------------------

    def _action(self, request: Request) -> Reply:
        action = actions.parse(request.action or "")
        handler = self.actions.get(action.kind) if action else None
        if action is None or handler is None:
            return wording.error(wording.UNKNOWN_BUTTON)
        return handler(request, action)

    def clicked_instance(self, request: Request, ref: str) -> tuple[Instance, Question] | Reply:
        """The posted question a click names, or the reply refusing the click: unknown or
        gone, or posted in another channel (a click only counts where its question is, or
        from the user it was asked of: their verdict may reach them by direct message)."""
        instance = self.store.find_instance(workspace=request.workspace, ref=ref)
        question = self.quiz.as_shown(instance)
        if instance is None or question is None:
            return wording.error(wording.QUESTION_GONE)
        if instance.channel != request.channel and instance.user != request.user:
            log.info("refused a click on a question of another channel")
            return wording.error(wording.OTHER_CHANNEL)
        return instance, question

    def _clicked_answer(self, request: Request, action: actions.Action) -> Reply:
        return self._answer_ref(request, action.ref, action.options)

    def _submitted(self, request: Request, action: actions.Action) -> Reply:
        """A multi-select's submit: the picked choices come in `request.selection`, each the
        `a:REF:I` action of one option of the same instance."""
        picked: list[int] = []
        for value in request.selection:
            choice = actions.parse(value)
            if choice is None or choice.kind != "answer" or choice.ref != action.ref:
                return wording.error(wording.UNKNOWN_ANSWER_BUTTON)
            picked.extend(choice.options)
        if not picked:
            return wording.error(wording.NOTHING_PICKED)
        return self._answer_ref(request, action.ref, tuple(sorted(set(picked))))

    def _answer_ref(self, request: Request, ref: str, chosen: Picks) -> Reply:
        if not chosen:
            return wording.error(wording.UNKNOWN_ANSWER_BUTTON)
        found = self.clicked_instance(request, ref)
        if isinstance(found, Reply):
            return found
        instance, question = found
        return self.answer(request, instance, question, chosen)

    def _ask_again(self, request: Request, instance: Instance) -> Reply:
        """A posted question was merged into another since: ask the successor instead (an
        exam asks its current question, which the store already moved to the successor)."""
        if instance.kind == "exam":
            return self.features.exams.resume(request, note=wording.QUESTION_UPDATED)
        kind = "quiz" if instance.kind == "daily" else instance.kind
        reply = self.quiz.ask(request, instance.question_id, kind=kind)
        return replace(reply, text=f"{wording.QUESTION_UPDATED}\n\n{reply.text}", private=True)

    def _serve_topic(self, request: Request, topic: str | None) -> Reply:
        if topic is not None and topic not in self.pack.topics:
            return wording.error(wording.TOPIC_GONE)
        return self.quiz.serve(request, topic=topic)

    def _routed(self, request: Request, action: actions.Action) -> Reply:
        """A click on a reply shown outside its workspace (bot.actions `w:`): the inner
        action (and a multi-select's picks, routed the same way) done in `action.target`
        for the same user, never with admin rights, its reply's actions routed back there.
        Only for a user who learns there (review cards, or a question asked of them there):
        a button cannot open someone's workspace to a stranger."""
        workspace = action.target
        if workspace is None or workspace == request.workspace:
            there = request
        elif self.store.learns_in(workspace=workspace, user=request.user):
            there = replace(request, workspace=workspace, is_admin=False, admin_check_failed=False)
        else:
            return wording.error(wording.NOT_THERE)
        picked = tuple(
            found.inner if (found := actions.parse(value)) and found.kind == "routed" else value
            for value in request.selection
        )
        reply = self._action(replace(there, action=action.inner, selection=picked))
        return reply if there is request else acting_in(reply, there.workspace)

    def _review(self, request: Request, action: actions.Action) -> Reply:
        if self._in_exam(request):
            return wording.in_exam(self._letters(request), "review")
        return self.features.progress.review(request)

    def _explain(self, request: Request, action: actions.Action) -> Reply:
        if self._in_exam(request):
            return wording.in_exam(self._letters(request))
        found = self.pack.entries.get(action.target or "")
        if found is None:
            return wording.error(wording.NOTE_GONE)
        return entry(found, self.index)
