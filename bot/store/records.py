"""The plain values the store hands back; no database types leak past the store."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Instance:
    """One posting of a question (to a user, or to a channel for the daily quiz)."""

    id: int
    workspace: str
    channel: str | None
    question_id: str
    kind: str  # "quiz", "topic", "review", "exam" or "daily"
    user: str | None
    created_at: datetime
    message_ref: str | None
    # What its answer buttons carry: an unguessable token, or for an instance posted before
    # tokens existed, its numeric id (see `Store.find_instance`).
    ref: str
    # The question id it was posted as, when that question was merged into `question_id`
    # since: the posted options are the old question's, so it cannot be judged as is.
    replaced_id: str | None = None


@dataclass(frozen=True, slots=True)
class Tally:
    """How many answered a question instance, and how many of them were right."""

    answered: int
    correct: int


@dataclass(frozen=True, slots=True)
class Recorded:
    """The answer that counts for a user and instance: the first one they gave."""

    first: bool  # False when an earlier answer already counted
    correct: bool
    chosen: tuple[int, ...]  # option indexes; one unless the question has several answers


@dataclass(frozen=True, slots=True)
class DailyConfig:
    """The daily question of one channel: local post time, its zone, and the reveal delay."""

    workspace: str
    channel: str
    time: str  # "HH:MM", local to `tz`
    tz: str  # IANA name, e.g. "Europe/Berlin"
    reveal_hours: int = 8
    enabled: bool = True
    set_by: str | None = None  # the user who turned it on: told if posting stops
    problem: str | None = None  # why posting stopped (a bot.daily.scheduler.Problem value)
    problem_at: datetime | None = None

    @property
    def paused(self) -> bool:
        """True when posting stopped on a lasting platform error, until set again."""
        return self.enabled and self.problem is not None


@dataclass(frozen=True, slots=True)
class DailySchedule:
    """A channel's settings with what decides its next post: slots before `owed_from` are
    not owed, and none is owed on a local day that already had `last_post`."""

    config: DailyConfig
    owed_from: datetime | None
    last_post: datetime | None


@dataclass(frozen=True, slots=True)
class DailyPost:
    """The claim row of one (workspace, channel, slot): the daily post's lifecycle."""

    workspace: str
    channel: str
    slot: str  # the UTC moment it is due, "2026-03-02T09:00Z" (before v3: the local date)
    state: str  # "posting", "posted", "failed", or "dropped" (a lasting platform error)
    claimed_at: datetime
    attempts: int
    instance_id: int | None
    message_ref: str | None
    posted_at: datetime | None
    reveal_at: datetime | None
    reveal_state: str | None  # None until claimed, then "revealing", "revealed" or "failed"
    reveal_claimed_at: datetime | None
    retry_at: datetime | None = None  # a failed post or reveal waits until then
    reveal_attempts: int = 0
    last_error: str | None = None


@dataclass(frozen=True, slots=True)
class ExamState:
    """A mock exam: its questions, the answers so far (chosen options, correct), and its
    times. Chosen options are empty when unknown (the question was merged into another)."""

    id: int
    workspace: str
    user: str
    question_ids: tuple[str, ...]
    answers: tuple[tuple[tuple[int, ...], bool], ...]
    started_at: datetime
    finished_at: datetime | None

    @property
    def done(self) -> bool:
        """True once every question is answered or the exam was stopped."""
        return self.finished_at is not None


@dataclass(frozen=True, slots=True)
class ReviewCard:
    """One user's FSRS card for one question, as stored (the card itself is JSON)."""

    question_id: str
    card_json: str
    due: datetime
    last_review: datetime | None


@dataclass(frozen=True, slots=True)
class QuestionReport:
    """One learner's report on a question: a reason code, their comment (maybe empty), when."""

    question_id: str
    user: str
    reason: str
    comment: str
    reported_at: datetime


@dataclass(frozen=True, slots=True)
class ItemCounts:
    """First-attempt counts of one question, the inputs of its item statistics.

    `attempts` learners answered it (first answer each), `correct` of them right; `options[i]`
    of them chose option i (pack order; several per answer on multiple-answer questions).
    The `rest_*` sums run over the `rest_n` of those learners who also answered other
    questions, with x = 1 when right here (else 0) and y = the learner's share right on their
    other questions: rest_x = sum x, rest_y = sum y, rest_yy = sum y*y, rest_xy = sum x*y.
    """

    question_id: str
    attempts: int
    correct: int
    options: tuple[int, ...]
    rest_n: int
    rest_x: int
    rest_y: float
    rest_yy: float
    rest_xy: float


@dataclass(frozen=True, slots=True)
class Reminder:
    """A person's review reminder: local `time` in `tz` (their `tz` setting in `workspace`,
    where they turned it on), on or off."""

    user: str
    workspace: str
    time: str  # "HH:MM", local to `tz`
    tz: str  # IANA name; "UTC" until the user sets one with `tz`
    enabled: bool = True


@dataclass(frozen=True, slots=True)
class ReminderSchedule:
    """A reminder with what decides its next message on one platform: slots before
    `owed_from` are not owed, and none is owed on a local day that already had `last_done`
    (a message sent, or the day's slot skipped because nothing was due, or given up)."""

    reminder: Reminder
    owed_from: datetime | None
    last_done: datetime | None


@dataclass(frozen=True, slots=True)
class ReminderSend:
    """The claim row of one (platform, user, slot): the day's reminder message."""

    platform: str
    user: str
    slot: str
    state: str  # sending | sent | failed | dropped | skipped
    claimed_at: datetime
    attempts: int
