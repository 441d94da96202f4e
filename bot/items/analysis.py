"""Item statistics from first-attempt counts: difficulty, discrimination, option use, flags.

Classical test theory, on each learner's first answer to each question only (a learner is a
user in a workspace):

- share right (the item's difficulty index p): right / attempts;
- discrimination: the point-biserial correlation, over the learners who also answered other
  questions, between x (1 when they got this one right) and y (their share right on the
  other questions they answered): r = (n·Σxy − Σx·Σy) / √((n·Σx − (Σx)²)(n·Σy² − (Σy)²)),
  which is Pearson's r with x dichotomous (Σx² = Σx). Leaving the item out of y avoids the
  part-whole inflation of correlating with a total that contains the item itself;
- option counts: how often each option (pack order) was chosen.

Flags need at least `MIN_ATTEMPTS` first attempts: too easy (p > 95%), too hard (p < 20%),
negative discrimination (r < 0), a distractor nobody picks, a distractor picked more often
than the least-picked correct option.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from bot.content.schema import Question
from bot.quiz.typed import LETTERS
from bot.store import ItemCounts

MIN_ATTEMPTS = 20
TOO_EASY = 0.95
TOO_HARD = 0.20

FlagCode = Literal[
    "too-easy", "too-hard", "negative-discrimination", "unused-distractor", "distractor-beats-key"
]
FLAG_CODES: tuple[FlagCode, ...] = (
    "too-easy",
    "too-hard",
    "negative-discrimination",
    "unused-distractor",
    "distractor-beats-key",
)


@dataclass(frozen=True, slots=True)
class Flag:
    """Why an item needs a look; `option` is the distractor's index for the option flags."""

    code: FlagCode
    option: int | None = None

    @property
    def label(self) -> str:
        """`too-easy`, `unused-distractor:C`: short and stable, for tables and CSV."""
        return self.code if self.option is None else f"{self.code}:{LETTERS[self.option]}"


@dataclass(frozen=True, slots=True)
class OptionUse:
    """One option of an item: its letter and text, whether it is correct, times chosen."""

    index: int
    text: str
    correct: bool
    chosen: int

    @property
    def key(self) -> str:
        """The option's letter as shown: A, B, ..."""
        return LETTERS[self.index]


@dataclass(frozen=True, slots=True)
class ItemStats:
    """The statistics of one question. `share_right` is None before any attempt;
    `discrimination` is None when it cannot be computed (fewer than two learners with other
    answers, or no spread in x or y)."""

    question_id: str
    topic: str
    attempts: int
    share_right: float | None
    discrimination: float | None
    options: tuple[OptionUse, ...]
    open_reports: int
    flags: tuple[Flag, ...]

    @property
    def flagged(self) -> bool:
        """True when any flag is raised."""
        return bool(self.flags)


def point_biserial(
    n: int, sum_x: float, sum_y: float, sum_yy: float, sum_xy: float
) -> float | None:
    """Pearson's r between a 0/1 variable x and y from n pairs and their sums (Σx² = Σx);
    None when n < 2 or either variable does not vary."""
    if n < 2:
        return None
    var_x = n * sum_x - sum_x * sum_x
    var_y = n * sum_yy - sum_y * sum_y
    # Sums of floats: a y that never varies can leave a tiny rounding residue, not a spread.
    if var_x <= 0 or var_y <= 1e-9 * max(1.0, n * sum_yy):
        return None
    r = (n * sum_xy - sum_x * sum_y) / math.sqrt(var_x * var_y)
    return max(-1.0, min(1.0, r))


def analyse(
    questions: Mapping[str, Question],
    counts: Iterable[ItemCounts],
    reports: Mapping[str, int] | None = None,
) -> list[ItemStats]:
    """Statistics for every question in `questions` (in its order), unanswered ones with 0
    attempts; counts of ids not in `questions` (retired questions) are left out."""
    by_id = {count.question_id: count for count in counts}
    return [
        item_stats(question, by_id.get(qid), (reports or {}).get(qid, 0))
        for qid, question in questions.items()
    ]


def item_stats(question: Question, counts: ItemCounts | None, open_reports: int = 0) -> ItemStats:
    """One question's statistics from its counts (None: never answered)."""
    attempts = counts.attempts if counts else 0
    correct_options = set(question.answer_indexes)
    options = tuple(
        OptionUse(
            index=i,
            text=option.text,
            correct=i in correct_options,
            chosen=counts.options[i] if counts and i < len(counts.options) else 0,
        )
        for i, option in enumerate(question.options)
    )
    share = counts.correct / attempts if counts and attempts else None
    discrimination = (
        point_biserial(counts.rest_n, counts.rest_x, counts.rest_y, counts.rest_yy, counts.rest_xy)
        if counts
        else None
    )
    return ItemStats(
        question_id=question.id,
        topic=question.topic,
        attempts=attempts,
        share_right=share,
        discrimination=discrimination,
        options=options,
        open_reports=open_reports,
        flags=_flags(attempts, share, discrimination, options),
    )


def _flags(
    attempts: int, share: float | None, discrimination: float | None, options: tuple[OptionUse, ...]
) -> tuple[Flag, ...]:
    if attempts < MIN_ATTEMPTS or share is None:
        return ()
    flags: list[Flag] = []
    if share > TOO_EASY:
        flags.append(Flag("too-easy"))
    if share < TOO_HARD:
        flags.append(Flag("too-hard"))
    if discrimination is not None and discrimination < 0:
        flags.append(Flag("negative-discrimination"))
    keys = [option.chosen for option in options if option.correct]
    least_key = min(keys) if keys else 0
    distractors = [option for option in options if not option.correct]
    flags += [Flag("unused-distractor", o.index) for o in distractors if o.chosen == 0]
    flags += [Flag("distractor-beats-key", o.index) for o in distractors if o.chosen > least_key]
    return tuple(flags)
