"""Item analysis inputs: per question, counts and sums over each learner's first answer.

One query, the same on SQLite and PostgreSQL: a window over `first_answers` (already in
learner order, so no sort) gives every row its learner's rest score, then one pass grouped
by question sums what the point-biserial correlation needs (bot.items.analysis does the
arithmetic). Measured against the alternatives (a join with per-learner totals; grouping by
question, totals and answer; integer keys) this shape was the fastest on both databases:
benchmarks/bench_store.py times it.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from bot.actions import MAX_OPTIONS
from bot.store import tables
from bot.store.base import StoreBase
from bot.store.records import ItemCounts

F = tables.first_answers.c


class ItemsMixin(StoreBase):
    """Reads for `docker-quiz items`; the rows are written with each first answer."""

    def item_counts(self, *, workspace: str | None = None) -> list[ItemCounts]:
        """First-attempt counts per question answered in one workspace, or (None) in all,
        where a learner is a (workspace, user). Ordered by question id."""
        with self.db.read() as conn:
            rows = conn.execute(_item_query(workspace)).all()
        return [
            ItemCounts(
                question_id=str(row.question_id),
                attempts=int(row.attempts),
                correct=int(row.correct),
                options=tuple(int(row._mapping[f"option_{i}"]) >> i for i in range(MAX_OPTIONS)),
                rest_n=int(row.rest_n),
                rest_x=int(row.rest_x),
                rest_y=float(row.rest_y),
                rest_yy=float(row.rest_yy),
                rest_xy=float(row.rest_xy),
            )
            for row in rows
        ]


def _item_query(workspace: str | None) -> sa.Select[Any]:
    x = sa.cast(F.correct, sa.Integer)
    learner = (F.workspace, F.user_id)
    # y: the learner's share right on their other questions (their rest score); NULL for a
    # learner with no other question, which the aggregates below skip.
    right_elsewhere = sa.func.sum(x).over(partition_by=learner) - x
    others = sa.func.nullif(sa.func.count().over(partition_by=learner) - 1, 0)
    rows = sa.select(
        F.question_id,
        x.label("x"),
        F.chosen_mask.label("mask"),
        (sa.cast(right_elsewhere, sa.Float) / others).label("y"),
    )
    if workspace is not None:
        rows = rows.where(F.workspace == workspace)
    per = rows.subquery()
    # Computed once per row in the subquery, so each aggregate is a cheap sum; the option
    # sums are sum(mask & 2**i), divided by 2**i when read.
    options = [
        sa.func.sum(per.c.mask.op("&")(1 << i)).label(f"option_{i}") for i in range(MAX_OPTIONS)
    ]
    zero = sa.literal(0)
    return (
        sa.select(
            per.c.question_id,
            sa.func.count().label("attempts"),
            sa.func.sum(per.c.x).label("correct"),
            *options,
            sa.func.count(per.c.y).label("rest_n"),
            sa.func.count(sa.func.nullif(per.c.x, 0) * per.c.y).label("rest_x"),
            sa.func.coalesce(sa.func.sum(per.c.y), zero).label("rest_y"),
            sa.func.coalesce(sa.func.sum(per.c.y * per.c.y), zero).label("rest_yy"),
            sa.func.coalesce(sa.func.sum(per.c.x * per.c.y), zero).label("rest_xy"),
        )
        .group_by(per.c.question_id)
        .order_by(per.c.question_id)
    )
