"""Wire the tutor from settings in one place; tests call the same functions."""

from __future__ import annotations

import random

from bot.clock import Clock, SystemClock
from bot.lookup import LookupIndex
from bot.pack import load_pack
from bot.quizzing import QuizFlow
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
    store = store or Store.from_url(settings.database_url)
    quiz = QuizFlow(pack=pack, store=store, clock=clock, rng=rng or random.Random())
    return Tutor(pack=pack, index=LookupIndex.for_pack(pack), store=store, quiz=quiz)
