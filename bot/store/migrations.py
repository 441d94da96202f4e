"""Create or upgrade the schema on start, never dropping data.

Why numbered steps and not Alembic: the schema is a dozen small tables owned by one package,
and it must upgrade itself on start with no operator step, on SQLite and PostgreSQL alike.
Alembic would add a second configuration (alembic.ini, env.py, a versions folder shipped
inside the wheel), autogenerate we would still review by hand, and batch mode for SQLite's
ALTER TABLE; a list of plain functions and a `schema_version` table do the job in one file
that is read top to bottom. If the schema ever needs branching or down-migrations, switch.

How it works: a fresh database is built from `tables.metadata` and stamped with the latest
version; an existing one runs every step above its stamp, in one transaction. Concurrent
starts (two replicas) serialise on a lock: a PostgreSQL advisory lock, SQLite's write lock.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from bot.actions import MAX_OPTIONS
from bot.errors import StoreError
from bot.store import tables

Step = Callable[[sa.Connection], None]
LOCK_ID = 0x646F636B  # "dock": the advisory lock key held while migrating PostgreSQL


def _add_counters(conn: sa.Connection) -> None:
    """v2: leaderboard counters, filled from the answers already recorded."""
    tables.metadata.create_all(conn, tables=[tables.user_totals, tables.user_days])
    backfill_counters(conn)


def _add_chosen_options(conn: sa.Connection) -> None:
    """v3: several chosen options per answer (multiple-answer questions), and the id a
    posted question had before it was merged into another. Old rows keep NULL: an answer
    without `chosen_options` chose `chosen` alone; an instance without `replaced_id` shows
    its own question."""
    _add_column(conn, tables.answers, "chosen_options")
    _add_column(conn, tables.instances, "replaced_id")


def _daily_delivery(conn: sa.Connection) -> None:
    """v4: who set each daily question up, why one stopped posting, retry back-off, and
    posts keyed by their UTC moment instead of the local date (which a zone change could
    make two days share). Rows already there keep their local date as their key."""
    conn.execute(sa.text("ALTER TABLE daily_configs RENAME COLUMN enabled_at TO owed_from"))
    conn.execute(sa.text("ALTER TABLE daily_posts RENAME COLUMN day TO slot"))
    if conn.dialect.name == "postgresql":  # SQLite does not enforce lengths
        conn.execute(sa.text("ALTER TABLE daily_posts ALTER COLUMN slot TYPE VARCHAR(32)"))
    for table, column in [
        (tables.daily_configs, "set_by"),
        (tables.daily_configs, "problem"),
        (tables.daily_configs, "problem_at"),
        (tables.daily_posts, "retry_at"),
        (tables.daily_posts, "reveal_attempts"),
    ]:
        _add_column(conn, table, column)


def _add_column(conn: sa.Connection, table: sa.Table, name: str) -> None:
    """ALTER TABLE ... ADD COLUMN as the column is declared in `tables` (type, NOT NULL,
    default); nothing when the column is there already."""
    if name in {c["name"] for c in sa.inspect(conn).get_columns(table.name)}:
        return
    ddl = sa.schema.CreateColumn(table.c[name]).compile(dialect=conn.dialect)
    conn.execute(sa.text(f"ALTER TABLE {table.name} ADD COLUMN {ddl}"))


def _add_instance_refs(conn: sa.Connection) -> None:
    """v5: an unguessable token per question instance, for its answer buttons. Instances
    posted before keep NULL: their buttons carry the numeric id."""
    _add_column(conn, tables.instances, "ref")
    index = next(i for i in tables.instances.indexes if i.name == "uq_instances_workspace_ref")
    if index.name not in {i["name"] for i in sa.inspect(conn).get_indexes("instances")}:
        index.create(conn)


def _add_first_answers_and_reports(conn: sa.Connection) -> None:
    """v6: each learner's first answer per question and their totals (item analysis), filled
    from the answers already recorded; and the table of question reports."""
    made = [tables.learners, tables.first_answers, tables.question_reports]
    tables.metadata.create_all(conn, tables=made)
    backfill_first_answers(conn)


def _add_reminders(conn: sa.Connection) -> None:
    """Review reminders: who asked for one and when, the claim row of each day's message,
    and a workspace's lasting delivery problem (a missing Slack scope)."""
    made = [tables.reminders, tables.reminder_sends, tables.reminder_problems]
    tables.metadata.create_all(conn, tables=made)


# version -> (description, step). Version 1 is the first release's schema.
STEPS: dict[int, tuple[str, Step]] = {
    2: ("leaderboard counters", _add_counters),
    3: ("several chosen options per answer; merged questions", _add_chosen_options),
    4: ("daily: who set it up, paused channels, retry back-off", _daily_delivery),
    5: ("unguessable question refs", _add_instance_refs),
    6: ("first answers per learner and question; question reports", _add_first_answers_and_reports),
    7: ("review reminders", _add_reminders),
}
LATEST = max([1, *STEPS])
DESCRIPTIONS = {1: "initial schema"} | {version: text for version, (text, _) in STEPS.items()}


def migrate(engine: sa.Engine) -> int:
    """Bring the database to the latest schema; returns the version it was at before."""
    with engine.connect() as conn:
        conn.execution_options(sqlite_immediate=True)
        with conn.begin():
            if conn.dialect.name == "postgresql":
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_ID})
            before = current_version(conn)
            if before == 0:
                tables.metadata.create_all(conn)
                _stamp(conn, range(1, LATEST + 1))
            elif before > LATEST:
                raise StoreError(
                    f"the database schema is version {before}, newer than this release "
                    f"({LATEST}); upgrade docker-quiz"
                )
            else:
                for version in range(before + 1, LATEST + 1):
                    STEPS[version][1](conn)
                    _stamp(conn, [version])
            return before


def current_version(conn: sa.Connection) -> int:
    """The schema version stamped in the database; 0 when it is empty."""
    inspector = sa.inspect(conn)
    if not inspector.has_table("schema_version"):
        # A v1 database from before the version table existed still has `answers`.
        return 1 if inspector.has_table("answers") else 0
    found = conn.execute(sa.select(sa.func.max(tables.schema_version.c.version))).scalar()
    return int(found or 0)


def _stamp(conn: sa.Connection, versions: range | list[int]) -> None:
    tables.metadata.create_all(conn, tables=[tables.schema_version])
    conn.execute(
        sa.insert(tables.schema_version),
        [{"version": v, "description": DESCRIPTIONS[v]} for v in versions],
    )


def backfill_counters(conn: sa.Connection) -> None:
    """Recompute the leaderboard counters from `answers` (migration and bulk loads)."""
    answers = tables.answers
    correct = sa.func.sum(sa.case((answers.c.correct, 1), else_=0))
    conn.execute(sa.delete(tables.user_totals))
    conn.execute(sa.delete(tables.user_days))
    conn.execute(
        sa.insert(tables.user_totals).from_select(
            ["workspace", "user_id", "answered", "correct"],
            sa.select(answers.c.workspace, answers.c.user_id, sa.func.count(), correct).group_by(
                answers.c.workspace, answers.c.user_id
            ),
        )
    )
    day: sa.ColumnElement[Any] = sa.cast(answers.c.answered_at, sa.Date)
    if conn.dialect.name == "sqlite":
        day = sa.func.date(answers.c.answered_at)
    elif conn.dialect.name == "postgresql":
        day = sa.cast(sa.func.timezone("UTC", answers.c.answered_at), sa.Date)
    conn.execute(
        sa.insert(tables.user_days).from_select(
            ["workspace", "day", "user_id", "answered", "correct"],
            sa.select(
                answers.c.workspace, day, answers.c.user_id, sa.func.count(), correct
            ).group_by(answers.c.workspace, day, answers.c.user_id),
        )
    )


def backfill_first_answers(conn: sa.Connection) -> None:
    """Recompute `learners` and `first_answers` from `answers` (migration and bulk loads):
    per workspace, user and question, the earliest answer (ties: the lowest id). An answer
    to a question since merged into another counts for the question it answered (its
    instance's `replaced_id`): its options were that question's, not the new one's."""
    answers, instances = tables.answers, tables.instances
    answered = sa.func.coalesce(instances.c.replaced_id, answers.c.question_id)
    rank = sa.func.row_number().over(
        partition_by=(answers.c.workspace, answers.c.user_id, answered),
        order_by=(answers.c.answered_at, answers.c.id),
    )
    ranked = (
        sa.select(
            answers.c.workspace,
            answers.c.user_id,
            answered.label("question_id"),
            sa.case((answers.c.correct, 1), else_=0).label("right"),
            chosen_mask(answers).label("chosen_mask"),
            rank.label("rank"),
        )
        .join_from(
            answers,
            instances,
            sa.and_(
                instances.c.workspace == answers.c.workspace,
                instances.c.id == answers.c.instance_id,
            ),
        )
        .subquery()
    )
    first = sa.select(ranked).where(ranked.c.rank == 1).subquery()
    learners = tables.learners
    conn.execute(sa.delete(tables.first_answers))
    # Learners keep their ids (stores cache them): counts are reset, then set again.
    conn.execute(sa.update(learners).values(answered=0, correct=0))
    insert = (postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert)(learners)
    counted = insert.from_select(
        ["workspace", "user_id", "answered", "correct"],
        sa.select(first.c.workspace, first.c.user_id, sa.func.count(), sa.func.sum(first.c.right))
        .where(sa.true())  # SQLite: INSERT ... SELECT ... ON CONFLICT needs a WHERE
        .group_by(first.c.workspace, first.c.user_id),
    )
    conn.execute(
        counted.on_conflict_do_update(
            index_elements=["workspace", "user_id"],
            set_={"answered": counted.excluded.answered, "correct": counted.excluded.correct},
        )
    )
    conn.execute(
        sa.insert(tables.first_answers).from_select(
            ["workspace", "question_id", "learner", "correct", "chosen_mask"],
            sa.select(
                first.c.workspace,
                first.c.question_id,
                learners.c.id,
                first.c.right == 1,
                first.c.chosen_mask,
            ).join_from(
                first,
                learners,
                sa.and_(
                    learners.c.workspace == first.c.workspace,
                    learners.c.user_id == first.c.user_id,
                ),
            ),
        )
    )


def chosen_mask(answers: sa.Table) -> sa.ColumnElement[int]:
    """SQL for the option bitmask of an `answers` row (`tables.option_mask`): bit i for each
    option i in `chosen_options` ("0,2"), or bit `chosen` in rows from before it existed."""
    listed = answers.c.chosen_options
    bits: sa.ColumnElement[int] = sa.literal(0)
    for i in range(MAX_OPTIONS):
        bits = bits + sa.case((listed.like(f"%{i}%"), 1 << i), else_=0)
    return sa.case((listed.is_(None), sa.literal(1).op("<<")(answers.c.chosen)), else_=bits)
