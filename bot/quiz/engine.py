"""The quiz engine: pick questions and judge answers. Pure logic, no I/O.

An answer is a tuple of option indexes (as shown): one for a single-answer question, as many
as the question has correct options for a "multiple_answer" ("choose two") question, which
is judged all-or-nothing. Reading typed answers lives in `bot.quiz.typed`.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from bot.content.schema import Question
from bot.quiz.typed import LETTERS, Chosen, read_answer

__all__ = [
    "LETTERS",
    "NO_REPEAT",
    "Feedback",
    "Picks",
    "Problem",
    "check",
    "parse_answer",
    "pick",
    "problem",
]

Picks = tuple[int, ...]
NO_REPEAT = timedelta(hours=24)  # a question is not served to the same user again within this
Problem = Literal["too_few", "too_many", "no_such_option"]


@dataclass(frozen=True, slots=True)
class Feedback:
    """The verdict on one answer, with everything needed to teach from it."""

    question: Question
    chosen: Picks  # option indexes, in option order
    correct: bool

    @property
    def chosen_text(self) -> str:
        """The chosen options' texts, joined with " and "."""
        return " and ".join(self.question.options[i].text for i in self.chosen)

    @property
    def correct_text(self) -> str:
        return self.question.answer_text

    @property
    def correct_letter(self) -> str:
        """The letter of the (first) correct option."""
        return LETTERS[self.question.answer_index]

    @property
    def right_picks(self) -> Picks:
        """Chosen options that are correct."""
        return tuple(i for i in self.chosen if i in self.question.answer_indexes)

    @property
    def wrong_picks(self) -> Picks:
        """Chosen options that are not correct."""
        return tuple(i for i in self.chosen if i not in self.question.answer_indexes)

    @property
    def missed(self) -> Picks:
        """Correct options that were not chosen."""
        return tuple(i for i in self.question.answer_indexes if i not in self.chosen)

    @property
    def why_wrong(self) -> str | None:
        """Why the (first) wrong pick is wrong; None when the answer is right."""
        wrong = self.wrong_picks
        return self.question.options[wrong[0]].why_wrong if wrong else None


def pick(
    pool: Sequence[str],
    seen: Collection[str],
    rng: random.Random,
    *,
    served: Mapping[str, datetime] | None = None,
    now: datetime | None = None,
) -> tuple[str | None, bool]:
    """A question id from `pool`, and whether the pool was used up (the caller starts the
    pool over: `seen` is emptied, this question kept).

    A random question not in `seen` and not served to the user in the last `NO_REPEAT`
    (`served`: question id -> when it was last served to them, `now` the current time).
    When there is none, the longest-unseen question comes first: never served before any
    served, then the earliest last serving; ties broken at random. Review questions that
    are due are served by the review queue, not here, so they are never held back.
    """
    if not pool:
        return None, False
    served = served or {}
    restart = all(qid in seen for qid in pool)
    recent = (
        set() if now is None else {qid for qid, when in served.items() if now - when < NO_REPEAT}
    )
    fresh = [qid for qid in pool if qid not in seen and qid not in recent]
    if fresh:
        return rng.choice(fresh), restart
    oldest = [qid for qid in pool if qid not in served]
    if not oldest:
        earliest = min(served[qid] for qid in pool)
        oldest = [qid for qid in pool if served[qid] == earliest]
    return rng.choice(oldest), restart


def parse_answer(question: Question, text: str) -> int | None:
    """The option index a learner clearly chose by typing `text`, else None (see
    bot.quiz.typed for negations, missing options, ambiguous text and letter lists)."""
    reading = read_answer(question, text)
    return reading.index if isinstance(reading, Chosen) else None


def problem(question: Question, chosen: Sequence[int]) -> Problem | None:
    """Why `chosen` cannot be judged as an answer to `question`, or None when it can."""
    if any(not 0 <= i < len(question.options) for i in chosen):
        return "no_such_option"
    wanted = len(question.correct_texts)
    if len(set(chosen)) < wanted:
        return "too_few"
    if len(set(chosen)) > wanted:
        return "too_many"
    return None


def check(question: Question, chosen: int | Sequence[int]) -> Feedback:
    """Judge the chosen option(s), which must exist: right only when exactly the correct
    options were chosen (all-or-nothing for multiple-answer questions)."""
    picked = (chosen,) if isinstance(chosen, int) else tuple(chosen)
    if not picked or any(not 0 <= i < len(question.options) for i in picked):
        raise ValueError(f"question {question.id} has no option {picked}")
    ordered = tuple(sorted(set(picked)))
    return Feedback(question=question, chosen=ordered, correct=ordered == question.answer_indexes)
