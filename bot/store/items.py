"""Item analysis inputs: per question, counts and sums over each learner's first answer.

One query, the same on SQLite and PostgreSQL: every first answer (read in key order, which
is question order) is joined to its learner's totals by integer id, which gives the learner's
rest score, and the rows are summed per workspace and question as they are read (SQLite
needs no sort; PostgreSQL hashes). bot.items.analysis does the arithmetic. Measured on
1,000,000 first answers in CPU time on SQLite, this shape took about half of the
alternatives tried first: a window over each learner's answers and then a sort by question,
or a join on (workspace, user) text keys. benchmarks/bench_store.py times it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import fields
from typing import Any

import sqlalchemy as sa

from bot.actions import MAX_OPTIONS
from bot.store import tables
from bot.store.base import StoreBase
from bot.store.records import ItemCounts

F = tables.first_answers.c
L = tables.learners.c


class ItemsMixin(StoreBase):
    """Reads for `docker-quiz items`; the rows are written with each first answer."""

    def item_counts(self, *, workspace: str | None = None) -> list[ItemCounts]:
        """First-attempt counts per question answered in one workspace, or (None) in all,
        where a learner is a (workspace, user). Ordered by question id."""
        with self.db.read() as conn:
            rows = conn.execute(_item_query(workspace, self.db.dialect)).all()
        per_workspace = (
            ItemCounts(
                question_id=str(row.question_id),
                attempts=int(row.attempts),
                correct=int(row.correct),
                options=tuple(int(row._mapping[f"option_{i}"]) >> i for i in range(MAX_OPTIONS)),
                rest_n=int(row.attempts) - int(row.alone),
                rest_x=int(row.correct) - int(row.alone_right),
                rest_y=float(row.rest_y),
                rest_yy=float(row.rest_yy),
                rest_xy=float(row.rest_xy),
            )
            for row in rows
        )
        return _summed(per_workspace)


def _summed(counts: Iterable[ItemCounts]) -> list[ItemCounts]:
    """One ItemCounts per question: every count and sum adds up across workspaces."""
    totals: dict[str, ItemCounts] = {}
    for count in counts:
        before = totals.get(count.question_id)
        if before is None:
            totals[count.question_id] = count
            continue
        added: dict[str, Any] = {
            f.name: getattr(before, f.name) + getattr(count, f.name)
            for f in fields(ItemCounts)
            if f.name not in ("question_id", "options")
        }
        options = tuple(a + b for a, b in zip(before.options, count.options, strict=True))
        totals[count.question_id] = ItemCounts(
            question_id=count.question_id, options=options, **added
        )
    return [totals[qid] for qid in sorted(totals)]


def _item_query(workspace: str | None, dialect: str) -> sa.Select[Any]:
    t, r = L.answered, L.correct  # the learner's first answers, and how many were right
    # 1 // t is 1 for a learner whose only answer is this one, else 0 (integer division on
    # both databases). Their rest score y is then 0 / 1 = 0, which adds nothing to the sums
    # of y; the rows themselves are taken out of n and the sum of x below.
    alone = sa.literal(1) // t
    if dialect == "sqlite":
        # Booleans are 0/1 already, and `* 1.0` makes REAL arithmetic: casts cost 15% here.
        x: sa.ColumnElement[Any] = sa.type_coerce(F.correct, sa.Integer)
        y = (r - x) * sa.literal(1.0) / (t - 1 + alone)
    else:
        # PostgreSQL: a boolean needs a cast, and `* 1.0` would be slow NUMERIC arithmetic.
        x = sa.cast(F.correct, sa.Integer)
        y = sa.cast(r - x, sa.Float) / sa.cast(t - 1 + alone, sa.Float)
    rows = sa.select(
        F.workspace,
        F.question_id,
        x.label("x"),
        F.chosen_mask.label("mask"),
        alone.label("alone"),
        y.label("y"),
    ).join_from(tables.first_answers, tables.learners, L.id == F.learner)
    if workspace is not None:
        rows = rows.where(F.workspace == workspace)
    per = rows.subquery()
    # y is computed once per row in the subquery, so each aggregate is a plain sum; the
    # option sums are sum(mask & 2**i), divided by 2**i when read.
    options = [
        sa.func.sum(per.c.mask.op("&")(1 << i)).label(f"option_{i}") for i in range(MAX_OPTIONS)
    ]
    zero = sa.literal(0)
    return sa.select(
        per.c.workspace,
        per.c.question_id,
        sa.func.count().label("attempts"),
        sa.func.sum(per.c.x).label("correct"),
        *options,
        sa.func.sum(per.c.alone).label("alone"),
        sa.func.sum(per.c.x * per.c.alone).label("alone_right"),
        sa.func.coalesce(sa.func.sum(per.c.y), zero).label("rest_y"),
        sa.func.coalesce(sa.func.sum(per.c.y * per.c.y), zero).label("rest_yy"),
        sa.func.coalesce(sa.func.sum(per.c.x * per.c.y), zero).label("rest_xy"),
    ).group_by(per.c.workspace, per.c.question_id)
