"""The schema is created or upgraded on start and never loses data."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from bot.errors import StoreError
from bot.store import Store, tables
from bot.store.engine import create_engine
from bot.store.migrations import LATEST, current_version

LATER = {  # tables added since v1, or (the daily ones) changed since
    "user_totals",
    "user_days",
    "daily_configs",
    "daily_posts",
    "first_answers",
    "learners",
    "question_reports",
}
V1_TABLES = [t for t in tables.metadata.sorted_tables if t.name not in LATER]
# Columns later steps add: v3 chosen_options and replaced_id, v5 instances.ref (and its index).
LATER_COLUMNS = {"answers": ["chosen_options"], "instances": ["replaced_id", "ref"]}

# The daily tables as the first release made them (v4 renamed and added columns).
V1 = sa.MetaData()
sa.Table(
    "daily_configs",
    V1,
    sa.Column("workspace", sa.String(64), nullable=False),
    sa.Column("channel", sa.String(64), nullable=False),
    sa.Column("post_time", sa.String(5), nullable=False),
    sa.Column("tz", sa.String(64), nullable=False),
    sa.Column("reveal_hours", sa.Integer, nullable=False),
    sa.Column("enabled", sa.Boolean, nullable=False),
    sa.Column("enabled_at", tables.UTCDateTime),
    sa.PrimaryKeyConstraint("workspace", "channel"),
)
sa.Table(
    "daily_posts",
    V1,
    sa.Column("workspace", sa.String(64), nullable=False),
    sa.Column("channel", sa.String(64), nullable=False),
    sa.Column("day", sa.String(10), nullable=False),
    sa.Column("state", sa.String(16), nullable=False),
    sa.Column("claimed_at", tables.UTCDateTime, nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False),
    sa.Column("instance_id", sa.Integer),
    sa.Column("message_ref", sa.String(64)),
    sa.Column("posted_at", tables.UTCDateTime),
    sa.Column("reveal_at", tables.UTCDateTime),
    sa.Column("reveal_state", sa.String(16)),
    sa.Column("reveal_claimed_at", tables.UTCDateTime),
    sa.Column("last_error", sa.String(300)),
    sa.PrimaryKeyConstraint("workspace", "channel", "day"),
    sa.Index("ix_daily_posts_reveal", "state", "reveal_state", "reveal_at"),
)


def build_v1(url: str) -> None:
    """A database as the first release left it: no counters, with answers in it."""
    engine = create_engine(url)
    with engine.begin() as conn:
        tables.metadata.create_all(conn, tables=V1_TABLES)
        conn.execute(sa.text("DROP INDEX uq_instances_workspace_ref"))  # v5
        for table, columns in LATER_COLUMNS.items():
            for column in columns:
                conn.execute(sa.text(f"ALTER TABLE {table} DROP COLUMN {column}"))
        V1.create_all(conn)
        conn.execute(
            sa.text(
                "INSERT INTO daily_configs VALUES ('T1', 'C1', '09:00', 'Europe/Berlin', 8, "
                ":on, :at)"
            ),
            {"on": True, "at": datetime(2026, 3, 1, 12, 0, tzinfo=UTC).replace(tzinfo=None)},
        )
        conn.execute(sa.text("INSERT INTO schema_version VALUES (1, 'initial schema')"))
        for day, (ws, user, correct) in enumerate(
            [("T1", "U1", True), ("T1", "U1", False), ("T1", "U2", True), ("T2", "U1", True)], 1
        ):
            when = datetime(2026, 3, day, 12, 0, tzinfo=UTC).replace(tzinfo=None)
            instance = conn.execute(
                sa.text(
                    "INSERT INTO instances (workspace, question_id, kind, created_at) "
                    "VALUES (:ws, 'q1', 'quiz', :at) RETURNING id"
                ),
                {"ws": ws, "at": when},
            ).scalar_one()
            conn.execute(
                sa.text(
                    "INSERT INTO answers (workspace, user_id, instance_id, question_id, topic, "
                    "chosen, correct, answered_at) VALUES (:ws, :user, :id, 'q1', 'ecr', 0, "
                    ":correct, :at)"
                ),
                {"ws": ws, "user": user, "id": instance, "correct": correct, "at": when},
            )
        conn.execute(sa.text("INSERT INTO user_settings VALUES ('T1', 'U1', 'Europe/Berlin')"))
    engine.dispose()


def test_a_v1_database_is_upgraded_and_keeps_its_data(database_url: str) -> None:
    build_v1(database_url)
    store = Store.from_url(database_url)
    try:
        now = datetime(2026, 3, 5, 12, 0, tzinfo=UTC)
        stats = store.stats(workspace="T1", user="U1", now=now)
        assert (stats.answered, stats.correct) == (2, 1)
        assert store.get_timezone(workspace="T1", user="U1") == "Europe/Berlin"
        # The daily question stays on; when it was turned on still decides what is owed.
        (daily,) = store.daily_schedules(workspace="T1")
        assert (daily.config.channel, daily.config.tz, daily.config.enabled) == (
            "C1",
            "Europe/Berlin",
            True,
        )
        assert daily.owed_from == datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
        assert (daily.config.set_by, daily.config.problem, daily.last_post) == (None, None, None)
        # The new counters were filled from the old answers, all time and per day.
        assert store.leaderboard(workspace="T1", since=None) == [("U2", 1, 1), ("U1", 1, 2)]
        march_3 = datetime(2026, 3, 3, tzinfo=UTC)
        assert store.leaderboard(workspace="T1", since=march_3) == [("U2", 1, 1)]
        assert store.leaderboard(workspace="T2", since=None) == [("U1", 1, 1)]
        # Item analysis reads each learner's first answer: U1's first (right) one on day 1.
        counts = store.item_counts(workspace="T1")
        assert [(c.question_id, c.attempts, c.correct) for c in counts] == [("q1", 2, 2)]
        assert counts[0].options[0] == 2
        with store.db.read() as conn:
            assert current_version(conn) == LATEST
        made = store.create_instance(workspace="T1", question_id="q", kind="quiz", now=now)
        assert made.id > 4
        # Old answers read as the one option they chose; new ones may choose several.
        again = store.record_answer(
            workspace="T1",
            user="U1",
            instance_id=1,
            question_id="q1",
            topic="ecr",
            chosen=(1, 2),
            correct=True,
            now=now,
        )
        assert (again.first, again.chosen) == (False, (0,))
        several = store.record_answer(
            workspace="T1",
            user="U1",
            instance_id=made.id,
            question_id="q",
            topic="ecr",
            chosen=(1, 2),
            correct=True,
            now=now,
        )
        assert several.first and several.chosen == (1, 2)
        # v5: old questions keep their numeric ref; new ones get a token.
        old = store.find_instance(workspace="T1", ref="1")
        assert old is not None and old.ref == "1"
        assert not made.ref.isdecimal() and store.find_instance(workspace="T1", ref=made.ref)
    finally:
        store.close()


def test_upgraded_and_fresh_databases_have_the_same_schema(database_url: str) -> None:
    build_v1(database_url)
    Store.from_url(database_url).close()
    engine = create_engine(database_url)
    inspector = sa.inspect(engine)
    for table in tables.metadata.sorted_tables:
        columns = {c["name"] for c in inspector.get_columns(table.name)}
        assert columns == {c.name for c in table.columns}, table.name
        indexes = {i["name"] for i in inspector.get_indexes(table.name)}
        assert {i.name for i in table.indexes} <= indexes, table.name
    engine.dispose()


def test_reopening_is_idempotent_and_concurrent_starts_are_safe(database_url: str) -> None:
    with ThreadPoolExecutor(max_workers=4) as pool:
        stores = list(pool.map(lambda _: Store.from_url(database_url), range(4)))
    for store in stores:
        store.close()
    store = Store.from_url(database_url)
    with store.db.read() as conn:
        versions = conn.execute(sa.select(tables.schema_version.c.version)).scalars().all()
    store.close()
    assert sorted(versions) == list(range(1, LATEST + 1))


def test_a_newer_schema_is_refused_not_touched(database_url: str) -> None:
    Store.from_url(database_url).close()
    engine = create_engine(database_url)
    with engine.begin() as conn:
        conn.execute(sa.insert(tables.schema_version).values(version=99, description="future"))
    engine.dispose()
    with pytest.raises(StoreError, match="newer than this release"):
        Store.from_url(database_url)


def test_v6_fills_first_answers_with_every_chosen_option_and_the_question_answered(
    database_url: str,
) -> None:
    """A v5 database: a choose-two answer, a repeat, and an answer to a question merged into
    another since (its instance remembers the id it was posted as)."""
    Store.from_url(database_url).close()
    engine = create_engine(database_url)
    at = [datetime(2026, 3, day, 12, 0, tzinfo=UTC) for day in (1, 2, 3)]
    with engine.begin() as conn:
        conn.execute(sa.text("DROP TABLE first_answers"))
        conn.execute(sa.text("DROP TABLE learners"))
        conn.execute(sa.text("DROP TABLE question_reports"))
        conn.execute(sa.delete(tables.schema_version).where(tables.schema_version.c.version >= 6))
        rows = [
            # (instance question, replaced_id, user, chosen, chosen_options, correct, when)
            ("q-two", None, "U1", 0, "0,2", True, at[0]),
            ("q-two", None, "U1", 1, "1,3", False, at[1]),  # a later attempt: not first
            ("q-new", "q-old", "U1", 3, None, False, at[2]),  # answered as q-old
            ("q-new", None, "U2", 1, "1", True, at[2]),
        ]
        for question, replaced, user, chosen, options, correct, when in rows:
            instance = conn.execute(
                sa.insert(tables.instances)
                .values(
                    workspace="T1",
                    question_id=question,
                    replaced_id=replaced,
                    kind="quiz",
                    created_at=when,
                )
                .returning(tables.instances.c.id)
            ).scalar_one()
            conn.execute(
                sa.insert(tables.answers).values(
                    workspace="T1",
                    user_id=user,
                    instance_id=instance,
                    question_id=question,
                    topic="registries",
                    chosen=chosen,
                    chosen_options=options,
                    correct=correct,
                    answered_at=when,
                )
            )
    engine.dispose()
    store = Store.from_url(database_url)
    try:
        with store.db.read() as conn:
            f, learners = tables.first_answers.c, tables.learners.c
            first = conn.execute(
                sa.select(learners.user_id, f.question_id, f.correct, f.chosen_mask)
                .join_from(tables.first_answers, tables.learners, learners.id == f.learner)
                .order_by(learners.user_id, f.question_id)
            ).all()
            totals = conn.execute(
                sa.select(
                    learners.workspace, learners.user_id, learners.answered, learners.correct
                ).order_by(learners.user_id)
            ).all()
            assert current_version(conn) == LATEST
    finally:
        store.close()
    assert [tuple(row) for row in totals] == [("T1", "U1", 2, 1), ("T1", "U2", 1, 1)]
    assert [tuple(row) for row in first] == [
        ("U1", "q-old", False, 0b1000),
        ("U1", "q-two", True, 0b101),
        ("U2", "q-new", True, 0b10),
    ]
