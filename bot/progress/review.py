"""Spaced review with FSRS: each first answer reschedules the user's card for that question."""

from __future__ import annotations

import zlib
from collections.abc import Sequence

from fsrs import Card, Rating, Scheduler

from bot.clock import Clock
from bot.store import ReviewCard, Store


class ReviewQueue:
    """A personal review queue per (workspace, user); cards live in the store as JSON."""

    def __init__(self, store: Store, clock: Clock, *, scheduler: Scheduler | None = None) -> None:
        self.store = store
        self.clock = clock
        # No fuzzing: the same answers give the same schedule, in tests and for users.
        self.scheduler = scheduler or Scheduler(enable_fuzzing=False)

    def record(self, *, workspace: str, user: str, question_id: str, correct: bool) -> None:
        """Review the card: Good for a right answer, Again for a wrong one."""
        now = self.clock.now()
        stored = self.store.get_card(workspace=workspace, user=user, question_id=question_id)
        if stored is None:
            # An explicit id: fsrs would otherwise derive one from the wall clock (and sleep).
            card = Card(card_id=zlib.crc32(question_id.encode()), due=now)
        else:
            card = Card.from_json(stored.card_json)
        rating = Rating.Good if correct else Rating.Again
        card, _ = self.scheduler.review_card(card, rating, review_datetime=now)
        self.store.put_card(
            workspace=workspace,
            user=user,
            card=ReviewCard(
                question_id=question_id,
                card_json=card.to_json(),
                due=card.due,
                last_review=card.last_review,
            ),
        )

    def next_questions(
        self, *, workspace: str, user: str, pool: Sequence[str], limit: int
    ) -> list[str]:
        """Due questions (most overdue first), then never-reviewed ones (in pool order),
        then the rest, least recently reviewed first. Only ids in `pool` are returned."""
        now = self.clock.now()
        allowed = set(pool)
        cards = [
            c for c in self.store.cards(workspace=workspace, user=user) if c.question_id in allowed
        ]
        due = [c.question_id for c in cards if c.due <= now]  # cards come soonest-due first
        known = {c.question_id for c in cards}
        new = [qid for qid in dict.fromkeys(pool) if qid not in known]
        later = sorted(
            (c for c in cards if c.due > now),
            key=lambda c: (c.last_review is not None, c.last_review or now, c.question_id),
        )
        return (due + new + [c.question_id for c in later])[:limit]
