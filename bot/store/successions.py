"""Carrying progress over when questions are merged: old ids move to their successor.

A pack question may name the questions merged into it (`replaces`). Everything the store
keeps refers to questions by id, so on start the tutor hands the store the map old id ->
(successor id, successor topic) and every reference moves over, in one transaction:

- answers: their question and topic (stats, mistakes and streaks keep their history);
- instances: their question, remembering the id they were posted as in `replaced_id` (the
  posted message shows the old options, so a click on it is asked again, not judged);
- seen sets: the successor counts as seen wherever an old question was;
- review cards: renamed; when a user has cards for several of the merged questions, the most
  recently reviewed one is kept;
- unfinished exams: their question list; an answered position keeps its verdict but forgets
  its chosen options, which indexed the old question's options.

Daily posts and pending questions refer to instances, so they follow. Running it again
changes nothing (no row refers to an old id any more): it is safe on every start and on
every replica at once (PostgreSQL serialises them on an advisory lock).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime

import sqlalchemy as sa

from bot.store import tables
from bot.store.base import StoreBase

LOCK_ID = 0x73756363  # "succ": held while moving references to successors
Successors = Mapping[str, tuple[str, str]]  # old id -> (successor id, successor topic)


class SuccessionsMixin(StoreBase):
    """Moves progress on merged (replaced) questions to their successors."""

    def adopt_successors(self, successors: Successors) -> int:
        """Make every reference to an old question id refer to its successor; returns how
        many rows changed (0 when there was nothing left to move)."""
        if not successors:
            return 0
        with self.db.write() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_ID})
            changed = 0
            for old, (new, topic) in successors.items():
                changed += self._move_answers(conn, old, new, topic)
                changed += self._move_instances(conn, old, new)
                changed += self._move_seen(conn, old, new)
                changed += self._move_cards(conn, old, new)
            changed += self._move_exams(conn, successors)
            return changed

    def _move_answers(self, conn: sa.Connection, old: str, new: str, topic: str) -> int:
        a = tables.answers.c
        moved = sa.update(tables.answers).where(a.question_id == old)
        result = conn.execute(moved.values(question_id=new, topic=topic))
        return int(result.rowcount)

    def _move_instances(self, conn: sa.Connection, old: str, new: str) -> int:
        i = tables.instances.c
        result = conn.execute(
            sa.update(tables.instances)
            .where(i.question_id == old)
            .values(question_id=new, replaced_id=sa.func.coalesce(i.replaced_id, i.question_id))
        )
        return int(result.rowcount)

    def _move_seen(self, conn: sa.Connection, old: str, new: str) -> int:
        s = tables.seen.c
        copy = (
            self.db.insert_statement(tables.seen)
            .from_select(
                ["workspace", "scope", "question_id"],
                sa.select(s.workspace, s.scope, sa.literal(new)).where(s.question_id == old),
            )
            .on_conflict_do_nothing()
        )
        conn.execute(copy)
        return int(conn.execute(sa.delete(tables.seen).where(s.question_id == old)).rowcount)

    def _move_cards(self, conn: sa.Connection, old: str, new: str) -> int:
        r = tables.review_cards.c
        olds = list(conn.execute(sa.select(tables.review_cards).where(r.question_id == old)))
        for card in olds:
            mine = (r.workspace == card.workspace, r.user_id == card.user_id)
            kept = conn.execute(
                sa.select(r.last_review).where(*mine, r.question_id == new)
            ).one_or_none()
            if kept is None:
                conn.execute(
                    sa.update(tables.review_cards)
                    .where(*mine, r.question_id == old)
                    .values(question_id=new)
                )
                continue
            if _later(card.last_review, kept.last_review):
                conn.execute(
                    sa.update(tables.review_cards)
                    .where(*mine, r.question_id == new)
                    .values(card=card.card, due=card.due, last_review=card.last_review)
                )
            conn.execute(sa.delete(tables.review_cards).where(*mine, r.question_id == old))
        return len(olds)

    def _move_exams(self, conn: sa.Connection, successors: Successors) -> int:
        e = tables.exams.c
        changed = 0
        for row in conn.execute(
            sa.select(e.id, e.question_ids, e.answers).where(e.finished_at.is_(None))
        ).all():
            ids = json.loads(row.question_ids)
            if not any(qid in successors for qid in ids):
                continue
            answers = json.loads(row.answers)
            for position, qid in enumerate(ids):
                if qid in successors and position < len(answers):
                    answers[position][0] = []  # the chosen indexes meant the old options
            moved = [successors[qid][0] if qid in successors else qid for qid in ids]
            conn.execute(
                sa.update(tables.exams)
                .where(e.id == row.id)
                .values(question_ids=json.dumps(moved), answers=json.dumps(answers))
            )
            changed += 1
        return changed


def _later(candidate: datetime | None, current: datetime | None) -> bool:
    """True when `candidate` (a last-review time, or None) is more recent than `current`."""
    if candidate is None:
        return False
    return current is None or candidate > current
