"""The mock exam as a small state machine whose state lives in the store.

start -> answer ... answer -> finished (when every question is answered), or stop at any
point. A new process on the same database picks up the active exam where it was.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from bot.clock import Clock
from bot.errors import DockerQuizError
from bot.store import ExamState, Store

__all__ = ["ExamBook", "ExamState", "NoActiveExam"]


class NoActiveExam(DockerQuizError):
    """The user has no exam in progress."""


class ExamBook:
    """Starts, advances and ends each user's mock exam."""

    def __init__(self, *, store: Store, clock: Clock) -> None:
        self.store = store
        self.clock = clock

    def start(self, *, workspace: str, user: str, question_ids: Sequence[str]) -> ExamState:
        """Begin a new exam (an unfinished one is closed first)."""
        if not question_ids:
            raise ValueError("an exam needs at least one question")
        return self.store.start_exam(
            workspace=workspace, user=user, question_ids=question_ids, now=self.clock.now()
        )

    def active(self, *, workspace: str, user: str) -> ExamState | None:
        """The exam the user is in the middle of, if any."""
        return self.store.active_exam(workspace=workspace, user=user)

    def answer(
        self,
        *,
        workspace: str,
        user: str,
        chosen: int | Sequence[int],
        correct: bool,
        order: tuple[int, ...] | None = None,
    ) -> ExamState:
        """Record the answer (one option index, or several, in the pack's positions) to the
        current question, shown in `order` (bot.quiz.shuffle); the last answer finishes the
        exam."""
        state = self._require(workspace, user)
        options = (chosen,) if isinstance(chosen, int) else tuple(sorted(set(chosen)))
        answers = (*state.answers, (options, correct))
        orders = (*state.orders, *([None] * (len(state.answers) - len(state.orders))), order)
        finished = self.clock.now() if len(answers) == len(state.question_ids) else None
        after = replace(state, answers=answers, orders=orders, finished_at=finished)
        return self.store.save_exam(before=state, after=after)

    def stop(self, *, workspace: str, user: str) -> ExamState:
        """End the exam now, with the answers given so far."""
        state = self._require(workspace, user)
        return self.store.save_exam(
            before=state, after=replace(state, finished_at=self.clock.now())
        )

    def _require(self, workspace: str, user: str) -> ExamState:
        state = self.active(workspace=workspace, user=user)
        if state is None:
            raise NoActiveExam("you have no exam in progress")
        return state
