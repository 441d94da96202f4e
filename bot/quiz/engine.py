"""The quiz engine: pick questions and check answers. Pure logic, no I/O."""

from __future__ import annotations

import random
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from bot.content.schema import Question
from bot.text import clean

LETTERS = "ABCDE"
SHORT_ANSWER = 5  # answers this short must match exactly ("air" never matches "chair")
FUZZY_AT = 85
FUZZY_MARGIN = 8
_LETTER = re.compile(r"^(?:(?:option|answer|choice|it s|its|i pick|i choose|pick)\s+)?([a-e])$")


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
    """The option a learner meant: a letter (A-E), a number (1-5) or the option's text."""
    said = clean(text)
    if not said:
        return None
    count = len(question.options)
    letter = _LETTER.match(said)
    if letter:
        index = LETTERS.index(letter.group(1).upper())
        return index if index < count else None
    if said.isdigit():
        number = int(said)
        return number - 1 if 1 <= number <= count else None
    return _match_text(question, said)


def _match_text(question: Question, said: str) -> int | None:
    scores: list[tuple[float, int]] = []
    for index, option in enumerate(question.options):
        best = 0.0
        for form in (option.text, *option.aliases):
            target = clean(form)
            if said == target:
                return index
            if min(len(said), len(target)) <= SHORT_ANSWER:
                continue
            best = max(best, fuzz.ratio(said, target))
        scores.append((best, index))
    scores.sort(reverse=True)
    top_score, top_index = scores[0]
    runner_up = scores[1][0] if len(scores) > 1 else 0.0
    if top_score >= FUZZY_AT and top_score - runner_up >= FUZZY_MARGIN:
        return top_index
    return None


def check(question: Question, chosen: int) -> Feedback:
    """Judge the option at index `chosen` (which must exist)."""
    if not 0 <= chosen < len(question.options):
        raise ValueError(f"question {question.id} has no option {chosen}")
    return Feedback(question=question, chosen=chosen, correct=chosen == question.answer_index)
