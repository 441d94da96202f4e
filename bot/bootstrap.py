"""Wire the tutor from settings in one place; tests call the same functions."""

from __future__ import annotations

import random

from bot.clock import Clock, SystemClock
from bot.content.pack import load_pack
from bot.content.schema import Question
from bot.daily.commands import DailyCommands
from bot.exam.book import ExamBook
from bot.exam.flow import ExamFlow
from bot.lookup.index import LookupIndex
from bot.progress.commands import ProgressCommands
from bot.progress.review import ReviewQueue
from bot.quiz.flow import QuizFlow
from bot.replies import Request
from bot.settings import Settings
from bot.store import Store
from bot.tutor import Tutor


def build_tutor(
    settings: Settings,
    *,
    clock: Clock | None = None,
    rng: random.Random | None = None,
    store: Store | None = None,
) -> Tutor:
    """Load the pack, open the store, and put the tutor together."""
    pack = load_pack(settings.knowledge_path)
    clock = clock or SystemClock()
    rng = rng or random.Random()
    store = store or Store.from_url(settings.database_url)
    review = ReviewQueue(store, clock)

    def reviewed(request: Request, question: Question, correct: bool) -> None:
        review.record(
            workspace=request.workspace,
            user=request.user,
            question_id=question.id,
            correct=correct,
        )

    quiz = QuizFlow(pack=pack, store=store, clock=clock, rng=rng, on_first_answer=reviewed)
    return Tutor(
        pack=pack,
        index=LookupIndex.for_pack(pack),
        store=store,
        quiz=quiz,
        progress=ProgressCommands(pack=pack, store=store, clock=clock, review=review, quiz=quiz),
        exams=ExamFlow(
            pack=pack,
            store=store,
            clock=clock,
            exams=ExamBook(store=store, clock=clock),
            quiz=quiz,
            rng=rng,
        ),
        daily=DailyCommands(store=store, clock=clock),
    )
