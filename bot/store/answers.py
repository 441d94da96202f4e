"""Answers and what is computed from them: tallies, stats, leaderboard, mistakes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from bot.progress import stats as progress
from bot.store import tables
from bot.store.base import LEARNER_IDS_KEPT, StoreBase
from bot.store.records import Recorded, Tally

A = tables.answers.c


class AnswersMixin(StoreBase):
    """Recording answers (first one counts) and reading progress back."""

    def record_answer(
        self,
        *,
        workspace: str,
        user: str,
        instance_id: int,
        question_id: str,
        topic: str,
        chosen: int | Sequence[int],
        correct: bool,
        now: datetime,
    ) -> Recorded:
        """Store a user's answer: one option index, or several (a multiple-answer question).
        Only their first per instance counts; it is returned as stored."""
        options = (chosen,) if isinstance(chosen, int) else tuple(sorted(set(chosen)))
        if not options:
            raise ValueError("an answer chooses at least one option")
        row = {
            "workspace": workspace,
            "user_id": user,
            "instance_id": instance_id,
            "question_id": question_id,
            "topic": topic,
            # `chosen` keeps the first option (rows from before several existed have only
            # that); `chosen_options` lists them all.
            "chosen": options[0],
            "chosen_options": tables.options_text(options),
            "correct": correct,
            "answered_at": now,
        }
        learner = None
        with self.db.write() as conn:
            if self.db.insert_ignore(conn, tables.answers, row):
                self._count(conn, workspace=workspace, user=user, correct=correct, now=now)
                # Only the learner's first answer to this question, whatever the instance.
                learner = self._first(conn, workspace, user, question_id, options, correct=correct)
                recorded = Recorded(first=True, correct=correct, chosen=options)
            else:
                first = conn.execute(
                    sa.select(A.correct, A.chosen, A.chosen_options).where(
                        A.workspace == workspace, A.instance_id == instance_id, A.user_id == user
                    )
                ).one()
                recorded = Recorded(
                    first=False,
                    correct=bool(first.correct),
                    chosen=tables.options_of(first.chosen_options, first.chosen),
                )
        if learner is not None:
            # Kept once committed: the id of a new learner rolled back would not exist.
            if len(self.learner_ids) >= LEARNER_IDS_KEPT:
                self.learner_ids.clear()
            self.learner_ids[(workspace, user)] = learner
        return recorded

    def _first(
        self,
        conn: sa.Connection,
        workspace: str,
        user: str,
        question_id: str,
        options: tuple[int, ...],
        *,
        correct: bool,
    ) -> int:
        """Keep the learner's first answer to this question (whatever the instance) and
        their totals of first answers, for item analysis; returns the learner's id."""
        learners = tables.learners
        learner = self.learner_ids.get((workspace, user))
        if learner is None:
            # Their id, the row made if new, in one round trip (the update changes nothing;
            # it is there so the row comes back either way).
            learner = self.db.upsert_returning(
                conn,
                learners,
                {"workspace": workspace, "user_id": user, "answered": 0, "correct": 0},
                keys=["workspace", "user_id"],
                update={"answered": learners.c.answered},
                column=learners.c.id,
            )
        first = {
            "workspace": workspace,
            "question_id": question_id,
            "learner": learner,
            "correct": correct,
            "chosen_mask": tables.option_mask(options),
        }
        counted = (
            sa.update(learners)
            .where(learners.c.id == learner)
            .values(
                answered=learners.c.answered + 1,
                correct=learners.c.correct + (1 if correct else 0),
            )
        )
        self.db.insert_then(conn, tables.first_answers, first, counted)
        return int(learner)

    def _count(
        self, conn: sa.Connection, *, workspace: str, user: str, correct: bool, now: datetime
    ) -> None:
        right = 1 if correct else 0
        keyed = {"workspace": workspace, "user_id": user, "answered": 1, "correct": right}
        for table, keys, values in (
            (tables.user_totals, ["workspace", "user_id"], keyed),
            (tables.user_days, ["workspace", "day", "user_id"], keyed | {"day": now.date()}),
        ):
            self.db.upsert(
                conn,
                table,
                values,
                keys=keys,
                update={
                    "answered": table.c.answered + 1,
                    "correct": table.c.correct + self.db.excluded(table, "correct"),
                },
            )

    def tally(self, *, workspace: str, instance_id: int) -> Tally:
        """How many answered this instance (first answers) and how many were right."""
        right = sa.func.coalesce(sa.func.sum(sa.case((A.correct, 1), else_=0)), 0)
        with self.db.read() as conn:
            row = conn.execute(
                sa.select(sa.func.count(), right).where(
                    A.workspace == workspace, A.instance_id == instance_id
                )
            ).one()
        return Tally(answered=int(row[0]), correct=int(row[1]))

    def first_correct(self, *, workspace: str, instance_id: int, limit: int = 3) -> list[str]:
        """The first users to answer this instance correctly, earliest first."""
        with self.db.read() as conn:
            rows = conn.execute(
                sa.select(A.user_id)
                .where(A.workspace == workspace, A.instance_id == instance_id, A.correct)
                .order_by(A.answered_at, A.id)
                .limit(limit)
            )
            return [row.user_id for row in rows]

    def stats(self, *, workspace: str, user: str, now: datetime) -> progress.Stats:
        """Score, accuracy, streak (in the user's time zone) and per-topic results."""
        zone = ZoneInfo(self.get_timezone(workspace=workspace, user=user))
        right = sa.func.sum(sa.case((A.correct, 1), else_=0))
        mine = (A.workspace == workspace, A.user_id == user)
        with self.db.read() as conn:
            per_topic = {
                row.topic: (int(row.answered), int(row.right))
                for row in conn.execute(
                    sa.select(A.topic, sa.func.count().label("answered"), right.label("right"))
                    .where(*mine)
                    .group_by(A.topic)
                )
            }
            # Newest first, streamed: the streak stops reading at its first gap, so the
            # result (a server-side cursor on PostgreSQL) is closed here, not left to the GC.
            with conn.execute(
                sa.select(A.answered_at).where(*mine).order_by(A.answered_at.desc()),
                execution_options={"yield_per": 500},
            ) as times:
                streak = progress.streak(times.scalars(), zone=zone, now=now)
        return progress.Stats.from_topics(per_topic, streak=streak)

    def get_timezone(self, *, workspace: str, user: str) -> str:
        """The user's IANA time zone; "UTC" until they set one."""
        s = tables.user_settings.c
        with self.db.read() as conn:
            found = conn.execute(
                sa.select(s.tz).where(s.workspace == workspace, s.user_id == user)
            ).scalar()
        return found or "UTC"

    def set_timezone(self, *, workspace: str, user: str, tz: str) -> None:
        """Remember the user's time zone (validated by the caller with zoneinfo)."""
        with self.db.write() as conn:
            self.db.upsert(
                conn,
                tables.user_settings,
                {"workspace": workspace, "user_id": user, "tz": tz},
                keys=["workspace", "user_id"],
                update={"tz": tz},
            )

    def leaderboard(
        self, *, workspace: str, since: datetime | None, limit: int = 10
    ) -> list[tuple[str, int, int]]:
        """Top users as (user, correct, answered): most right first, then fewer attempts.

        All time reads the running totals; since a UTC midnight (the tutor's weeks) sums the
        per-day counters; any other `since` falls back to counting the answers themselves.
        """
        who: sa.ColumnElement[Any]
        correct: sa.ColumnElement[Any]
        answered: sa.ColumnElement[Any]
        if since is None:
            t = tables.user_totals.c
            query = sa.select(t.user_id, t.correct, t.answered).where(t.workspace == workspace)
            who, correct, answered = t.user_id, t.correct, t.answered
        elif since.astimezone(UTC).time() == time(0):
            d = tables.user_days.c
            who = d.user_id
            correct, answered = sa.func.sum(d.correct), sa.func.sum(d.answered)
            query = (
                sa.select(d.user_id, correct, answered)
                .where(d.workspace == workspace, d.day >= since.astimezone(UTC).date())
                .group_by(d.user_id)
            )
        else:
            who = A.user_id
            correct = sa.func.sum(sa.case((A.correct, 1), else_=0))
            answered = sa.func.count()
            query = (
                sa.select(A.user_id, correct, answered)
                .where(A.workspace == workspace, A.answered_at >= since)
                .group_by(A.user_id)
            )
        query = query.order_by(correct.desc(), answered, who).limit(limit)
        with self.db.read() as conn:
            return [(str(u), int(c), int(n)) for u, c, n in conn.execute(query)]

    def mistakes(self, *, workspace: str, user: str) -> list[str]:
        """Questions answered wrong and not answered right since, most recent miss first."""
        last_wrong = sa.func.max(sa.case((sa.not_(A.correct), A.answered_at)))
        last_right = sa.func.max(sa.case((A.correct, A.answered_at)))
        query = (
            sa.select(A.question_id)
            .where(A.workspace == workspace, A.user_id == user)
            .group_by(A.question_id)
            .having(last_wrong.is_not(None), sa.or_(last_right.is_(None), last_right < last_wrong))
            .order_by(last_wrong.desc(), A.question_id)
        )
        with self.db.read() as conn:
            return list(conn.execute(query).scalars())
