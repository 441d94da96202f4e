"""The current schema as SQLAlchemy Core metadata. Every table is scoped by `workspace`.

A fresh database is created from this metadata; an older one is brought here by the
numbered steps in `migrations.py` (a test checks both roads lead to the same schema).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect


class UTCDateTime(sa.TypeDecorator[datetime]):
    """An aware UTC datetime in, an aware UTC datetime out, on SQLite and PostgreSQL alike."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("the store only takes aware datetimes")
        utc = value.astimezone(UTC)
        # SQLite has no time zones: store naive UTC, which also sorts correctly as text.
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


metadata = sa.MetaData()
OPTIONS = 16  # "0,1,2,3,4": every option of a five-option question


def options_text(options: tuple[int, ...]) -> str:
    """Chosen option indexes as stored: "0,2"."""
    return ",".join(str(i) for i in options)


def options_of(text: str | None, first: int) -> tuple[int, ...]:
    """Chosen option indexes from a row: `chosen_options`, or `chosen` alone in rows
    written before several options could be chosen."""
    if not text:
        return (int(first),)
    return tuple(int(part) for part in text.split(","))


WS = 64  # workspace ids: Slack team, Discord guild, "local"
USER = 64
QID = 120
COMMENT = 500  # characters of a report's comment or an admin's closing note
REF = 24  # bot.actions.REF_MAX


def _ws() -> sa.Column[str]:
    return sa.Column("workspace", sa.String(WS), nullable=False)


schema_version = sa.Table(
    "schema_version",
    metadata,
    sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("description", sa.String(200), nullable=False),
)

instances = sa.Table(
    "instances",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    _ws(),
    sa.Column("channel", sa.String(64)),
    sa.Column("question_id", sa.String(QID), nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("user_id", sa.String(USER)),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("message_ref", sa.String(64)),
    # Set when the question was merged into `question_id` after this was posted: the id it
    # was posted as, whose options the posted message shows.
    sa.Column("replaced_id", sa.String(QID)),
    # The unguessable token answer buttons carry (NULL on questions posted before it existed,
    # whose buttons carry the numeric id and keep working from their own channel).
    sa.Column("ref", sa.String(REF)),
    sa.UniqueConstraint("workspace", "id", name="uq_instances_workspace_id"),
    sa.Index("uq_instances_workspace_ref", "workspace", "ref", unique=True),
)

answers = sa.Table(
    "answers",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    _ws(),
    sa.Column("user_id", sa.String(USER), nullable=False),
    sa.Column("instance_id", sa.Integer, nullable=False),
    sa.Column("question_id", sa.String(QID), nullable=False),
    sa.Column("topic", sa.String(QID), nullable=False),
    sa.Column("chosen", sa.Integer, nullable=False),  # the first chosen option
    sa.Column("chosen_options", sa.String(OPTIONS)),  # all of them, "0,2"; NULL in old rows
    sa.Column("correct", sa.Boolean, nullable=False),
    sa.Column("answered_at", UTCDateTime, nullable=False),
    # The instance must be in the same workspace: no answer can cross workspaces.
    sa.ForeignKeyConstraint(
        ["workspace", "instance_id"],
        ["instances.workspace", "instances.id"],
        name="fk_answers_instance",
    ),
    # First answer per user and instance counts: double clicks and re-sent events bounce.
    sa.UniqueConstraint("workspace", "instance_id", "user_id", name="uq_answers_first"),
    sa.Index("ix_answers_user_time", "workspace", "user_id", "answered_at"),
    sa.Index("ix_answers_time", "workspace", "answered_at"),
)

# Counters kept in step with `answers` (same transaction) so leaderboards never scan answers.
user_totals = sa.Table(
    "user_totals",
    metadata,
    _ws(),
    sa.Column("user_id", sa.String(USER), nullable=False),
    sa.Column("answered", sa.Integer, nullable=False),
    sa.Column("correct", sa.Integer, nullable=False),
    sa.PrimaryKeyConstraint("workspace", "user_id"),
    sa.Index("ix_user_totals_rank", "workspace", "correct", "answered"),
)

user_days = sa.Table(
    "user_days",
    metadata,
    _ws(),
    sa.Column("day", sa.Date, nullable=False),  # UTC day of the answers
    sa.Column("user_id", sa.String(USER), nullable=False),
    sa.Column("answered", sa.Integer, nullable=False),
    sa.Column("correct", sa.Integer, nullable=False),
    sa.PrimaryKeyConstraint("workspace", "day", "user_id"),
)


def option_mask(options: Iterable[int]) -> int:
    """The `first_answers.chosen_mask` of chosen option indexes: bit i for option i."""
    return sum(1 << i for i in set(options))


# Item analysis (bot.items). A learner is a user in a workspace, with a small integer id and
# the totals of their first answers: how many questions they answered, and how many right.
learners = sa.Table(
    "learners",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    _ws(),
    sa.Column("user_id", sa.String(USER), nullable=False),
    sa.Column("answered", sa.Integer, nullable=False),
    sa.Column("correct", sa.Integer, nullable=False),
    sa.UniqueConstraint("workspace", "user_id", name="uq_learners_user"),
)

# Each learner's first answer to each question: what item analysis counts. Kept in step with
# `answers` (same transaction), so the analysis reads one narrow row per learner and question
# instead of ranking every answer. Keyed by question first (SQLite stores the rows in key
# order, WITHOUT ROWID), so the analysis groups by question as it reads, with no sort, and
# finds each learner's totals by integer key.
first_answers = sa.Table(
    "first_answers",
    metadata,
    _ws(),
    sa.Column("question_id", sa.String(QID), nullable=False),
    sa.Column("learner", sa.Integer, sa.ForeignKey("learners.id"), nullable=False),
    sa.Column("correct", sa.Boolean, nullable=False),
    # Bit i set: option i (in pack order) was chosen; several bits for multiple-answer.
    sa.Column("chosen_mask", sa.Integer, nullable=False),
    sa.PrimaryKeyConstraint("workspace", "question_id", "learner"),
    sqlite_with_rowid=False,
)

# "Report a problem": one row per learner and question (reporting again updates it); open
# while `closed_at` is NULL. Comments are stored as typed (capped) and shown as plain text.
question_reports = sa.Table(
    "question_reports",
    metadata,
    _ws(),
    sa.Column("question_id", sa.String(QID), nullable=False),
    sa.Column("user_id", sa.String(USER), nullable=False),
    sa.Column("reason", sa.String(16), nullable=False),
    sa.Column("comment", sa.String(COMMENT), nullable=False),
    sa.Column("reported_at", UTCDateTime, nullable=False),
    sa.Column("closed_at", UTCDateTime),
    sa.Column("closed_by", sa.String(USER)),
    sa.Column("close_note", sa.String(COMMENT)),
    sa.PrimaryKeyConstraint("workspace", "question_id", "user_id"),
    sa.Index("ix_question_reports_open", "workspace", "closed_at"),
)

pending = sa.Table(
    "pending",
    metadata,
    _ws(),
    sa.Column("user_id", sa.String(USER), nullable=False),
    sa.Column("instance_id", sa.Integer, nullable=False),
    sa.PrimaryKeyConstraint("workspace", "user_id"),
)

seen = sa.Table(
    "seen",
    metadata,
    _ws(),
    sa.Column("scope", sa.String(200), nullable=False),
    sa.Column("question_id", sa.String(QID), nullable=False),
    sa.PrimaryKeyConstraint("workspace", "scope", "question_id"),
)

user_settings = sa.Table(
    "user_settings",
    metadata,
    _ws(),
    sa.Column("user_id", sa.String(USER), nullable=False),
    sa.Column("tz", sa.String(64), nullable=False),
    sa.PrimaryKeyConstraint("workspace", "user_id"),
)

event_keys = sa.Table(
    "event_keys",
    metadata,
    _ws(),
    sa.Column("key", sa.String(200), nullable=False),
    sa.Column("seen_at", UTCDateTime, nullable=False),
    sa.PrimaryKeyConstraint("workspace", "key"),
    sa.Index("ix_event_keys_time", "seen_at"),
)

review_cards = sa.Table(
    "review_cards",
    metadata,
    _ws(),
    sa.Column("user_id", sa.String(USER), nullable=False),
    sa.Column("question_id", sa.String(QID), nullable=False),
    sa.Column("card", sa.Text, nullable=False),  # fsrs.Card.to_json()
    sa.Column("due", UTCDateTime, nullable=False),
    sa.Column("last_review", UTCDateTime),
    sa.PrimaryKeyConstraint("workspace", "user_id", "question_id"),
    sa.Index("ix_review_cards_due", "workspace", "user_id", "due"),
)

exams = sa.Table(
    "exams",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    _ws(),
    sa.Column("user_id", sa.String(USER), nullable=False),
    sa.Column("question_ids", sa.Text, nullable=False),  # JSON list of ids
    # JSON list of [chosen, correct]: chosen is an option index, or a list of them.
    sa.Column("answers", sa.Text, nullable=False),
    sa.Column("started_at", UTCDateTime, nullable=False),
    sa.Column("finished_at", UTCDateTime),
    sa.Index("ix_exams_user", "workspace", "user_id", "finished_at"),
)

daily_configs = sa.Table(
    "daily_configs",
    metadata,
    _ws(),
    sa.Column("channel", sa.String(64), nullable=False),
    sa.Column("post_time", sa.String(5), nullable=False),
    sa.Column("tz", sa.String(64), nullable=False),
    sa.Column("reveal_hours", sa.Integer, nullable=False),
    sa.Column("enabled", sa.Boolean, nullable=False),
    # Slots before this moment are not owed: set when it is turned on (or resumed) and when
    # its time or zone changes, so `daily on` at 10:00 for 09:00 waits a day, as announced.
    sa.Column("owed_from", UTCDateTime),
    sa.Column("set_by", sa.String(USER)),  # who turned it on: told when it stops working
    sa.Column("problem", sa.String(32)),  # why posting stopped (a Problem); NULL = fine
    sa.Column("problem_at", UTCDateTime),
    sa.PrimaryKeyConstraint("workspace", "channel"),
)

daily_posts = sa.Table(
    "daily_posts",
    metadata,
    _ws(),
    sa.Column("channel", sa.String(64), nullable=False),
    # The UTC moment the post is due, "2026-03-02T09:00Z" (rows from before v3: the local
    # date). Not the local date: after a zone change two days could share one.
    sa.Column("slot", sa.String(32), nullable=False),
    sa.Column("state", sa.String(16), nullable=False),  # posting | posted | failed | dropped
    sa.Column("claimed_at", UTCDateTime, nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False),
    sa.Column("instance_id", sa.Integer),
    sa.Column("message_ref", sa.String(64)),
    sa.Column("posted_at", UTCDateTime),
    sa.Column("reveal_at", UTCDateTime),
    sa.Column("reveal_state", sa.String(16)),  # NULL | revealing | revealed | failed | dropped
    sa.Column("reveal_claimed_at", UTCDateTime),
    sa.Column("last_error", sa.String(300)),
    # A failed post (or reveal) is not retried before this moment: the back-off.
    sa.Column("retry_at", UTCDateTime),
    sa.Column("reveal_attempts", sa.Integer, nullable=False, server_default="0"),
    # The unique key that makes the post exactly-once: claimed before posting.
    sa.PrimaryKeyConstraint("workspace", "channel", "slot"),
    sa.Index("ix_daily_posts_reveal", "state", "reveal_state", "reveal_at"),
)

# Review reminders (bot/reminders). A reminder belongs to the person, not to one workspace:
# Discord user ids are global, and one direct message a day covers every server they use.
reminders = sa.Table(
    "reminders",
    metadata,
    sa.Column("user_id", sa.String(USER), nullable=False),
    # Where it was turned on: the user's `tz` there is the reminder's zone.
    _ws(),
    sa.Column("remind_time", sa.String(5), nullable=False),  # "HH:MM", local
    sa.Column("enabled", sa.Boolean, nullable=False),
    # Slots before this moment are not owed (set when turned on or its time changes).
    sa.Column("owed_from", UTCDateTime),
    sa.PrimaryKeyConstraint("user_id"),
)

reminder_sends = sa.Table(
    "reminder_sends",
    metadata,
    sa.Column("platform", sa.String(16), nullable=False),  # "slack", "discord"
    sa.Column("user_id", sa.String(USER), nullable=False),
    sa.Column("slot", sa.String(32), nullable=False),  # the UTC moment, as daily_posts.slot
    # sending | sent | failed | dropped | skipped (nothing was due)
    sa.Column("state", sa.String(16), nullable=False),
    sa.Column("claimed_at", UTCDateTime, nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False),
    sa.Column("retry_at", UTCDateTime),
    sa.Column("sent_at", UTCDateTime),
    sa.Column("last_error", sa.String(300)),
    # The unique key that makes the reminder exactly-once: claimed before sending.
    sa.PrimaryKeyConstraint("platform", "user_id", "slot"),
)

# A platform problem that stops every reminder of a workspace (Slack's missing_scope):
# the first replica to record it tells the operator; cleared by the next good send.
reminder_problems = sa.Table(
    "reminder_problems",
    metadata,
    _ws(),
    sa.Column("problem", sa.String(32), nullable=False),
    sa.Column("since", UTCDateTime, nullable=False),
    sa.PrimaryKeyConstraint("workspace"),
)
