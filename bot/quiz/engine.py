"""The quiz engine: pick questions, read typed answers and judge them. Pure logic, no I/O.

An answer is a tuple of option indexes (as shown): one for a single-answer question, as many
as the question has correct options for a "multiple_answer" ("choose two") question, which
is judged all-or-nothing.
"""

from __future__ import annotations

import random
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz

from bot.content.schema import Question
from bot.text import clean

LETTERS = "ABCDE"
SHORT_ANSWER = 5  # answers this short must match exactly ("air" never matches "chair")
FUZZY_AT = 85
FUZZY_MARGIN = 8
_LETTER = re.compile(r"^(?:(?:option|answer|choice|it s|its|i pick|i choose|pick)\s+)?([a-e])$")
# "A,C", "a c", "A and C", "answers C & A", "1, 3": letters (or numbers) and separators only.
_LEAD = re.compile(r"^(?:(?:options?|answers?|choices?|i pick|i choose|pick|choose)\s+)")
_SEPARATOR = re.compile(r"\s+(?:and\s+)?|\s*\band\b\s*")

Chosen = tuple[int, ...]
Problem = Literal["too_few", "too_many", "no_such_option"]


@dataclass(frozen=True, slots=True)
class Feedback:
    """The verdict on one answer, with everything needed to teach from it."""

    question: Question
    chosen: Chosen  # option indexes, in option order
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
    def right_picks(self) -> Chosen:
        """Chosen options that are correct."""
        return tuple(i for i in self.chosen if i in self.question.answer_indexes)

    @property
    def wrong_picks(self) -> Chosen:
        """Chosen options that are not correct."""
        return tuple(i for i in self.chosen if i not in self.question.answer_indexes)

    @property
    def missed(self) -> Chosen:
        """Correct options that were not chosen."""
        return tuple(i for i in self.question.answer_indexes if i not in self.chosen)

    @property
    def why_wrong(self) -> str | None:
        """Why the (first) wrong pick is wrong; None when the answer is right."""
        wrong = self.wrong_picks
        return self.question.options[wrong[0]].why_wrong if wrong else None


def pick(pool: Sequence[str], seen: Collection[str], rng: random.Random) -> tuple[str | None, bool]:
    """A random unseen question id from `pool`; the flag says the pool was used up and restarts."""
    if not pool:
        return None, False
    fresh = [qid for qid in pool if qid not in seen]
    if fresh:
        return rng.choice(fresh), False
    return rng.choice(list(pool)), True


def parse_answer(question: Question, text: str) -> int | None:
    """The one option a learner meant: a letter (A-E), a number (1-5) or the option's text."""
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


def parse_choice(question: Question, text: str) -> Chosen | None:
    """The options a typed answer names, in option order: one option as `parse_answer`
    reads it, or several letters or numbers ("A,C", "a c", "A and C", "C A", "1 3").

    None when the text is not an answer at all (so it may be a question for the notes). An
    index past the last option is kept (as -1), for `problem` to report."""
    single = parse_answer(question, text)
    if single is not None:
        return (single,)
    said = _LEAD.sub("", clean(text))
    parts = [part for part in _SEPARATOR.split(said) if part]
    if len(parts) < 2 or not all(_is_key(part) for part in parts):
        return None
    indexes = {_index(part, len(question.options)) for part in parts}
    return tuple(sorted(indexes))


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


def _is_key(part: str) -> bool:
    return (len(part) == 1 and part.isalpha()) or (part.isdigit() and len(part) == 1)


def _index(part: str, count: int) -> int:
    index = int(part) - 1 if part.isdigit() else ord(part) - ord("a")
    return index if 0 <= index < count else -1


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
