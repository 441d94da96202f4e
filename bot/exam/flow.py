"""The mock exam in conversation: N questions, no feedback until the end, then a summary."""

from __future__ import annotations

import random
from dataclasses import replace

from bot.clock import Clock
from bot.commands import Invocation
from bot.content.pack import KnowledgePack
from bot.content.schema import Question
from bot.exam import wording
from bot.exam.book import ExamBook, ExamState
from bot.quiz.engine import Picks, check
from bot.quiz.flow import QuizFlow
from bot.quiz.shuffle import fits, to_canonical
from bot.replies import Outcome, Reply, Request
from bot.store import Instance
from bot.wording import error

DEFAULT_SIZE = 10


class ExamFlow:
    """Starts, continues, judges and ends mock exams; their state lives in the store."""

    def __init__(
        self,
        *,
        pack: KnowledgePack,
        clock: Clock,
        exams: ExamBook,
        quiz: QuizFlow,
        rng: random.Random,
    ) -> None:
        self.pack = pack
        self.clock = clock
        self.exams = exams
        self.quiz = quiz
        self.rng = rng

    def command(self, request: Request, invocation: Invocation) -> Reply:
        """`exam [N]` starts or resumes; `exam stop` ends with a summary."""
        active = self.exams.active(workspace=request.workspace, user=request.user)
        if invocation.values.get("stop"):
            if active is None:
                return error(wording.NO_EXAM)
            return self._summary(self.exams.stop(workspace=request.workspace, user=request.user))
        if active is not None:
            return self._resumed(request, active, note=wording.RESUMED)
        size = int(invocation.values.get("questions", DEFAULT_SIZE))
        chosen = self._draw(size)
        state = self.exams.start(
            workspace=request.workspace, user=request.user, question_ids=chosen
        )
        return self._current(request, state, note=wording.started(len(chosen)))

    def active(self, request: Request) -> ExamState | None:
        """The exam this user is taking, if any."""
        return self.taking(workspace=request.workspace, user=request.user)

    def taking(self, *, workspace: str, user: str) -> ExamState | None:
        """The exam `user` is taking in `workspace`, if any (for replies with no request)."""
        return self.exams.active(workspace=workspace, user=user)

    def resume(self, request: Request, *, note: str = "") -> Reply:
        """The current question of the user's exam (asked anew), or that there is none."""
        active = self.active(request)
        if active is None:
            return error(wording.NO_EXAM)
        return self._current(request, active, note=note)

    def _resumed(self, request: Request, state: ExamState, *, note: str) -> Reply:
        """The current question as it was last shown (same option order), when it is still
        open; else asked anew."""
        position = len(state.answers)
        pending = self.quiz.pending(request)
        if pending is None or not _current_of(state, pending[0]):
            return self._current(request, state, note=note)
        footer = wording.progress_line(position, len(state.question_ids))
        question = self.quiz.shown_again(*pending, footer=footer)
        return replace(question, text=f"{note}\n\n{question.text}", private=True)

    def _draw(self, size: int) -> list[str]:
        """Questions spread across topics: round-robin over shuffled topic pools."""
        pools = [list(self.pack.questions_in(t)) for t in self.pack.topics]
        for pool in pools:
            self.rng.shuffle(pool)
        self.rng.shuffle(pools)
        chosen: list[str] = []
        while len(chosen) < size and any(pools):
            for pool in pools:
                if pool and len(chosen) < size:
                    chosen.append(pool.pop())
        return chosen

    def _current(self, request: Request, state: ExamState, *, note: str = "") -> Reply:
        position = len(state.answers)
        question = self.quiz.ask(
            request,
            state.question_ids[position],
            kind="exam",
            footer=wording.progress_line(position, len(state.question_ids)),
        )
        text = f"{note}\n\n{question.text}" if note else question.text
        return replace(question, text=text, private=True)

    def answer(
        self, request: Request, instance: Instance, question: Question, chosen: Picks
    ) -> Reply:
        """Record an exam answer silently and move on; the last one ends the exam."""
        state = self.exams.active(workspace=request.workspace, user=request.user)
        if state is None or instance.user != request.user:
            return error(wording.NOT_YOURS)
        position = len(state.answers)
        if state.question_ids[position] != question.id or instance.created_at < state.started_at:
            return error(wording.ALREADY_ANSWERED)
        verdict = check(question, chosen)
        self.quiz.record(request, instance, question, chosen, verdict.correct)
        canonical = self.pack.questions[question.id]
        state = self.exams.answer(
            workspace=request.workspace,
            user=request.user,
            chosen=to_canonical(canonical, instance.order, chosen),
            correct=verdict.correct,
            order=instance.order if fits(canonical, instance.order) else None,
        )
        outcome = Outcome(question_id=question.id, topic=question.topic, correct=verdict.correct)
        done = wording.recorded(position)
        if state.finished_at is not None:
            return replace(self._summary(state), outcome=outcome, updates=done)
        return replace(self._current(request, state), outcome=outcome, updates=done)

    def _summary(self, state: ExamState) -> Reply:
        return wording.summary(state, self.pack, now=self.clock.now())


def _current_of(state: ExamState, instance: Instance) -> bool:
    """True when `instance` posted the exam's current question, in this exam."""
    return (
        instance.kind == "exam"
        and instance.question_id == state.question_ids[len(state.answers)]
        and instance.created_at >= state.started_at
    )
