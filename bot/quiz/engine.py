"""The quiz engine: pick questions and check answers. Pure logic, no I/O."""

from __future__ import annotations

import random
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from bot.content.schema import Question
from bot.quiz.typed import LETTERS, Chosen, read_answer


@dataclass(frozen=True, slots=True)
class Feedback:
    """The verdict on one answer, with everything needed to teach from it."""

    question: Question
    chosen: int
    correct: bool

    @property
    def chosen_text(self) -> str:
        return self.question.options[self.chosen].text

    @property
    def correct_text(self) -> str:
        return self.question.answer_text

    @property
    def correct_letter(self) -> str:
        return LETTERS[self.question.answer_index]

    @property
    def why_wrong(self) -> str | None:
        """Why the chosen option is wrong (None when it is right)."""
        return None if self.correct else self.question.options[self.chosen].why_wrong


def pick(pool: Sequence[str], seen: Collection[str], rng: random.Random) -> tuple[str | None, bool]:
    """A random unseen question id from `pool`; the flag says the pool was used up and restarts."""
    if not pool:
        return None, False
    fresh = [qid for qid in pool if qid not in seen]
    if fresh:
        return rng.choice(fresh), False
    return rng.choice(list(pool)), True


def parse_answer(question: Question, text: str) -> int | None:
    """The option index a learner clearly chose by typing `text`, else None (see
    bot.quiz.typed for negations, missing options and ambiguous text)."""
    reading = read_answer(question, text)
    return reading.index if isinstance(reading, Chosen) else None


def check(question: Question, chosen: int) -> Feedback:
    """Judge the option at index `chosen` (which must exist)."""
    if not 0 <= chosen < len(question.options):
        raise ValueError(f"question {question.id} has no option {chosen}")
    return Feedback(question=question, chosen=chosen, correct=chosen == question.answer_index)
