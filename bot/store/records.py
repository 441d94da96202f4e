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


@dataclass(frozen=True, slots=True)
class DailyPost:
    """The claim row of one (workspace, channel, local day): the daily post's lifecycle."""

    workspace: str
    channel: str
    day: str  # local date, ISO "YYYY-MM-DD"
    state: str  # "posting", "posted" or "failed"
    claimed_at: datetime
    attempts: int
    instance_id: int | None
    message_ref: str | None
    posted_at: datetime | None
    reveal_at: datetime | None
    reveal_state: str | None  # None until claimed, then "revealing", "revealed" or "failed"
    reveal_claimed_at: datetime | None


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
