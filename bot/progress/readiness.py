"""Exam readiness: how much of each topic a learner would recall now. Pure, no database.

For a learner and a topic T with questions Q(T):

    readiness(T) = (1 / |Q(T)|) * sum over q in Q(T) of recall(q)

    recall(q) = R_q(now), the FSRS retrievability of the learner's card for q: the
                predicted probability of recalling it now (`fsrs.Scheduler.
                get_card_retrievability`, which counts elapsed time in whole days);
              = 0 for a question never answered (so readiness rewards coverage too);
              = 0 for a question whose latest answer was wrong, until it is answered right
                again. FSRS assumes a failed card was just shown its answer, and with whole
                days a card answered wrong an hour ago would count as fully recalled.

A topic is ready at `READY_AT` (80%) or more. Topics without questions have no readiness.
What it predicts is recall of these questions, not an exam score: see README, "Exam
readiness".
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from fsrs import Card, Scheduler

from bot.content.pack import KnowledgePack
from bot.store import ReviewCard

READY_AT = 0.8


@dataclass(frozen=True, slots=True)
class TopicReadiness:
    """One topic's readiness: `score` in 0..1 over its `questions`, `seen` of them answered."""

    topic: str
    title: str
    score: float
    questions: int
    seen: int

    @property
    def ready(self) -> bool:
        """True at READY_AT or more."""
        return self.score >= READY_AT

    @property
    def percent(self) -> int:
        """The score in whole percent, rounded down, so 80 is shown only when ready."""
        return math.floor(self.score * 100 + 1e-9)


@dataclass(frozen=True, slots=True)
class Readiness:
    """Readiness per topic, weakest first (ties in pack order)."""

    topics: tuple[TopicReadiness, ...]

    @property
    def ready(self) -> tuple[TopicReadiness, ...]:
        """The topics at READY_AT or more."""
        return tuple(topic for topic in self.topics if topic.ready)

    @property
    def weakest(self) -> TopicReadiness | None:
        """The topic with the lowest readiness; None for a pack without questions."""
        return self.topics[0] if self.topics else None


def recall_now(
    cards: Iterable[ReviewCard],
    *,
    scheduler: Scheduler,
    now: datetime,
    missed: Collection[str] = (),
) -> dict[str, float]:
    """Predicted recall now (0..1) by question id, from the learner's FSRS cards; 0 for the
    questions in `missed` (latest answer wrong). Questions without a card are left out."""
    recall = {}
    for stored in cards:
        if stored.question_id in missed:
            recall[stored.question_id] = 0.0
            continue
        card = Card.from_json(stored.card_json)
        recall[stored.question_id] = float(scheduler.get_card_retrievability(card, now))
    return recall


def readiness(pack: KnowledgePack, recall: Mapping[str, float]) -> Readiness:
    """Readiness of every topic that has questions, from recall by question id (a question
    missing from `recall` counts 0)."""
    rows = []
    for order, topic in enumerate(pack.topics.values()):
        questions = pack.questions_in(topic.id)
        if not questions:
            continue
        total = sum(min(1.0, max(0.0, recall.get(qid, 0.0))) for qid in questions)
        seen = sum(1 for qid in questions if qid in recall)
        score = total / len(questions)
        rows.append(
            (score, order, TopicReadiness(topic.id, topic.title, score, len(questions), seen))
        )
    rows.sort(key=lambda row: (row[0], row[1]))
    return Readiness(topics=tuple(row[2] for row in rows))
