"""Option order: each serving of a question shows its options in a fresh random order.

An order is a tuple `order` with `order[shown] = canonical`: the option shown at position
`shown` (letter A, B, ... and button index) is the pack's option `canonical`. It is drawn
when a question is served and stored with the served instance (`instances.option_order`),
so buttons, letters, typed answers, the exam summary and a restarted process all read the
same order. Everything the learner sees or types is in shown positions; everything stored
(answers, item analysis, exam answers) is in canonical positions.

True/false questions are never shuffled: "True" stays first, as people expect. An instance
with no stored order (posted before orders existed), or whose stored order no longer fits
the question (its options changed since), shows the pack's order.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from bot.content.schema import Question

Order = tuple[int, ...]


def draw_order(question: Question, rng: random.Random) -> Order | None:
    """A random order for serving `question` once; None for a true/false question (kept
    in the pack's order, True first)."""
    if question.kind == "true_false":
        return None
    return tuple(rng.sample(range(len(question.options)), len(question.options)))


def fits(question: Question, order: Order | None) -> bool:
    """True when `order` is a permutation of the question's option positions."""
    return order is not None and sorted(order) == list(range(len(question.options)))


def shown(question: Question, order: Order | None) -> Question:
    """The question with its options in shown order (the same question when `order` is
    None or no longer fits). Its answers are option texts, so they stay right."""
    if not fits(question, order) or order == tuple(range(len(question.options))):
        return question
    assert order is not None
    return question.model_copy(update={"options": tuple(question.options[i] for i in order)})


def to_canonical(question: Question, order: Order | None, picks: Sequence[int]) -> Order:
    """Shown option positions -> the pack's positions, sorted."""
    if not fits(question, order):
        return tuple(sorted(picks))
    assert order is not None
    return tuple(sorted(order[i] for i in picks))


def to_shown(question: Question, order: Order | None, picks: Sequence[int]) -> Order:
    """The pack's option positions -> shown positions, sorted (positions that do not
    exist are kept as they are, to be refused by whoever judges them)."""
    if not fits(question, order):
        return tuple(sorted(picks))
    assert order is not None
    where = {canonical: position for position, canonical in enumerate(order)}
    return tuple(sorted(where.get(i, i) for i in picks))


class Shuffler:
    """Draws the option order of each serving from its own random source, so that drawing
    orders does not change which questions a seeded random source picks."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    @classmethod
    def beside(cls, rng: random.Random) -> Shuffler:
        """A shuffler seeded from `rng`'s state without drawing from it (tests that seed
        `rng` get the same questions and the same orders every run)."""
        return cls(random.Random(hash(rng.getstate()[1])))  # the Mersenne Twister words

    def draw(self, question: Question) -> Order | None:
        """The order to show `question`'s options in this time (see `draw_order`)."""
        return draw_order(question, self.rng)
