"""Wire the tutor from settings in one place; tests call the same function."""

from __future__ import annotations

import random

from bot.clock import Clock, SystemClock
from bot.commands import REGISTRY
from bot.content.pack import KnowledgePack, load_pack
from bot.content.schema import Question
from bot.daily.commands import DailyCommands
from bot.exam.book import ExamBook
from bot.exam.flow import ExamFlow
from bot.guide import Guide
from bot.items.commands import ItemsCommands
from bot.lookup.asking import Asker
from bot.lookup.compiled import load_index
from bot.lookup.index import LookupIndex
from bot.progress.commands import ProgressCommands
from bot.progress.review import ReviewQueue
from bot.quiz.flow import QuizFlow
from bot.reminders.commands import ReminderCommands
from bot.replies import Request
from bot.reports.commands import ReportsCommands
from bot.settings import Settings
from bot.store import Store
from bot.tutor import Features, Tutor


def build_tutor(
    settings: Settings,
    *,
    pack: KnowledgePack | None = None,
    index: LookupIndex | None = None,
    clock: Clock | None = None,
    rng: random.Random | None = None,
    store: Store | None = None,
) -> Tutor:
    """Put the tutor together: the pack (loaded from settings unless given), its lookup
    index (unless given: the compiled one, see bot.lookup.compiled), the store (opened from
    DATABASE_URL unless given), a clock and a random source. Raises PackError or StoreError
    when either cannot be had."""
    given = pack
    pack = pack or load_pack(settings.knowledge_path)
    if index is None and given is not None:
        index = LookupIndex.for_pack(pack)  # a pack given as an object is indexed as it is
    elif index is None:
        # The settings' pack: its compiled index, kept by the pack's digest.
        index = load_index(settings.knowledge_path, pack=pack)
    clock = clock or SystemClock()
    rng = rng or random.Random()
    store = store or Store.from_url(settings.database_url)
    # Progress on questions merged into others moves to their successors (idempotent).
    store.adopt_successors(pack.successors())
    review = ReviewQueue(store, clock)

    def reviewed(request: Request, question: Question, correct: bool) -> None:
        review.record(
            workspace=request.workspace,
            user=request.user,
            question_id=question.id,
            correct=correct,
        )

    quiz = QuizFlow(pack=pack, store=store, clock=clock, rng=rng, on_first_answer=reviewed)
    features = Features(
        quiz=quiz,
        progress=ProgressCommands(
            pack=pack, store=store, clock=clock, rng=rng, review=review, quiz=quiz
        ),
        exams=ExamFlow(
            pack=pack, clock=clock, exams=ExamBook(store=store, clock=clock), quiz=quiz, rng=rng
        ),
        daily=DailyCommands(pack=pack, store=store, clock=clock, rng=rng),
        asker=Asker(index=index),
        guide=Guide(pack=pack, specs=REGISTRY),
        reports=ReportsCommands(pack=pack, store=store, clock=clock),
        items=ItemsCommands(pack=pack, store=store),
        reminders=ReminderCommands(pack=pack, store=store, clock=clock),
    )
    return Tutor(pack=pack, index=index, store=store, clock=clock, features=features)
