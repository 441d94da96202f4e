"""Question reports: one per learner and question, open until an admin closes them."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from bot.store import tables
from bot.store.base import StoreBase
from bot.store.records import QuestionReport

QR = tables.question_reports.c


class ReportsMixin(StoreBase):
    """Filing, listing and closing "Report a problem" reports (bot.reports owns the rules)."""

    def report_question(
        self,
        *,
        workspace: str,
        user: str,
        question_id: str,
        reason: str,
        comment: str,
        now: datetime,
    ) -> bool:
        """File this user's report on a question, replacing their earlier one (and reopening
        it if it was closed). True when no open report of theirs was there before."""
        key = (QR.workspace == workspace, QR.question_id == question_id, QR.user_id == user)
        values = {
            "reason": reason,
            "comment": comment,
            "reported_at": now,
            "closed_at": None,
            "closed_by": None,
            "close_note": None,
        }
        with self.db.write() as conn:
            before = conn.execute(sa.select(QR.closed_at).where(*key)).one_or_none()
            self.db.upsert(
                conn,
                tables.question_reports,
                {"workspace": workspace, "question_id": question_id, "user_id": user} | values,
                keys=["workspace", "question_id", "user_id"],
                update=values,
            )
        return before is None or before.closed_at is not None

    def open_reports(self, *, workspace: str) -> list[QuestionReport]:
        """The open reports of a workspace, newest first."""
        query = (
            sa.select(QR.question_id, QR.user_id, QR.reason, QR.comment, QR.reported_at)
            .where(QR.workspace == workspace, QR.closed_at.is_(None))
            .order_by(QR.reported_at.desc(), QR.question_id, QR.user_id)
        )
        with self.db.read() as conn:
            return [QuestionReport(*row) for row in conn.execute(query)]

    def open_report_counts(self, *, workspace: str | None = None) -> dict[str, int]:
        """Open reports per question id, in one workspace or (None) in all."""
        query = (
            sa.select(QR.question_id, sa.func.count())
            .where(QR.closed_at.is_(None))
            .group_by(QR.question_id)
        )
        if workspace is not None:
            query = query.where(QR.workspace == workspace)
        with self.db.read() as conn:
            return {str(qid): int(count) for qid, count in conn.execute(query)}

    def close_reports(
        self, *, workspace: str, question_id: str, by: str, note: str, now: datetime
    ) -> int:
        """Close every open report on a question in a workspace; returns how many."""
        with self.db.write() as conn:
            closed = conn.execute(
                sa.update(tables.question_reports)
                .where(
                    QR.workspace == workspace,
                    QR.question_id == question_id,
                    QR.closed_at.is_(None),
                )
                .values(closed_at=now, closed_by=by, close_note=note)
            ).rowcount
        return int(closed)
