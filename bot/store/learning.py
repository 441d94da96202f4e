"""Per-user learning state: FSRS review cards and mock exams."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa

from bot.errors import StoreError
from bot.store import tables
from bot.store.base import StoreBase
from bot.store.records import ExamState, ReviewCard

R = tables.review_cards.c
E = tables.exams.c


class LearningMixin(StoreBase):
    """Review cards (the scheduling lives in bot.progress.review) and exam rows (bot.exam.book)."""

    def get_card(self, *, workspace: str, user: str, question_id: str) -> ReviewCard | None:
        """This user's review card for a question, if they have one."""
        with self.db.read() as conn:
            row = conn.execute(
                sa.select(R.question_id, R.card, R.due, R.last_review).where(
                    R.workspace == workspace, R.user_id == user, R.question_id == question_id
                )
            ).one_or_none()
        return None if row is None else ReviewCard(*row)

    def put_card(self, *, workspace: str, user: str, card: ReviewCard) -> None:
        """Create or replace this user's card for `card.question_id`."""
        values = {"card": card.card_json, "due": card.due, "last_review": card.last_review}
        with self.db.write() as conn:
            self.db.upsert(
                conn,
                tables.review_cards,
                {"workspace": workspace, "user_id": user, "question_id": card.question_id} | values,
                keys=["workspace", "user_id", "question_id"],
                update=values,
            )

    def cards(self, *, workspace: str, user: str) -> list[ReviewCard]:
        """All of a user's cards, soonest due first."""
        with self.db.read() as conn:
            rows = conn.execute(
                sa.select(R.question_id, R.card, R.due, R.last_review)
                .where(R.workspace == workspace, R.user_id == user)
                .order_by(R.due, R.question_id)
            )
            return [ReviewCard(*row) for row in rows]

    def start_exam(
        self, *, workspace: str, user: str, question_ids: Sequence[str], now: datetime
    ) -> ExamState:
        """Open a new exam; any unfinished one of this user is closed first."""
        with self.db.write() as conn:
            conn.execute(
                sa.update(tables.exams)
                .where(E.workspace == workspace, E.user_id == user, E.finished_at.is_(None))
                .values(finished_at=now)
            )
            exam_id = conn.execute(
                sa.insert(tables.exams)
                .values(
                    workspace=workspace,
                    user_id=user,
                    question_ids=json.dumps(list(question_ids)),
                    answers="[]",
                    started_at=now,
                )
                .returning(E.id)
            ).scalar_one()
        return ExamState(
            id=int(exam_id),
            workspace=workspace,
            user=user,
            question_ids=tuple(question_ids),
            answers=(),
            started_at=now,
            finished_at=None,
        )

    def active_exam(self, *, workspace: str, user: str) -> ExamState | None:
        """The user's unfinished exam, if any."""
        with self.db.read() as conn:
            row = conn.execute(
                sa.select(tables.exams)
                .where(E.workspace == workspace, E.user_id == user, E.finished_at.is_(None))
                .order_by(E.id.desc())
                .limit(1)
            ).one_or_none()
        return None if row is None else _exam(row)

    def save_exam(self, *, before: ExamState, after: ExamState) -> ExamState:
        """Replace `before` by `after`, unless someone else changed the exam meanwhile."""
        with self.db.write() as conn:
            changed = conn.execute(
                sa.update(tables.exams)
                .where(
                    E.workspace == before.workspace,
                    E.id == before.id,
                    E.finished_at.is_(None),
                    E.answers == _answers_json(before.answers, before.orders),
                )
                .values(
                    answers=_answers_json(after.answers, after.orders),
                    finished_at=after.finished_at,
                )
            ).rowcount
        if changed != 1:
            raise StoreError("that exam changed in the meantime; show it again and retry")
        return after


def _answers_json(
    answers: Sequence[tuple[tuple[int, ...], bool]],
    orders: Sequence[tuple[int, ...] | None] = (),
) -> str:
    # One option is stored as a bare index, as rows from before several options existed;
    # a third element is the order the options were shown in, when they were shuffled.
    entries: list[list[object]] = []
    for position, (chosen, correct) in enumerate(answers):
        entry: list[object] = [_chosen_json(chosen), correct]
        order = orders[position] if position < len(orders) else None
        if order is not None:
            entry.append(list(order))
        entries.append(entry)
    return json.dumps(entries)


def _chosen_json(chosen: tuple[int, ...]) -> int | list[int]:
    # Several options (or none: unknown since the question was merged) as a list.
    return chosen[0] if len(chosen) == 1 else list(chosen)


def _chosen(value: object) -> tuple[int, ...]:
    if isinstance(value, list):
        return tuple(int(i) for i in value)
    if isinstance(value, int):
        return (value,)
    raise StoreError(f"an exam answer is stored in an unknown shape: {value!r}")


def _order(entry: list[object]) -> tuple[int, ...] | None:
    shown = entry[2] if len(entry) > 2 else None  # [chosen, correct, order]
    return tuple(int(i) for i in shown) if isinstance(shown, list) else None


def _exam(row: sa.Row[tuple[object, ...]]) -> ExamState:
    entries = json.loads(row.answers)
    return ExamState(
        id=int(row.id),
        workspace=row.workspace,
        user=row.user_id,
        question_ids=tuple(json.loads(row.question_ids)),
        answers=tuple((_chosen(entry[0]), bool(entry[1])) for entry in entries),
        orders=tuple(_order(entry) for entry in entries),
        started_at=row.started_at,
        finished_at=row.finished_at,
    )
