"""Review reminders: who wants one and when, and the claim rows that send each exactly once.

A reminder belongs to a person (`reminders`, keyed by user id): `remind off` in any server
stops it, and one message a day covers every workspace where they have reviews due. Its
zone is the user's `tz` setting in the workspace where they turned it on.

A send is one (platform, user, slot), the slot being the UTC moment the message is due, as
`bot.daily.scheduler.slot_key` writes it. Whoever inserts its row first owns the message;
a row left "sending" longer than the lease (a crashed owner) or marked "failed" whose
`retry_at` has come may be claimed again by a conditional UPDATE, which only one contender
wins on either database: the daily question's scheme (bot/store/daily.py), on its own table.

`reminder_schedules()` and `due_reviews()` are reads across workspaces, for the scheduler
only (one scheduler serves every workspace of its platform).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

import sqlalchemy as sa

from bot.store import tables
from bot.store.base import StoreBase
from bot.store.claims import claim_slot
from bot.store.records import Reminder, ReminderSchedule, ReminderSend

R = tables.reminders.c
S = tables.reminder_sends.c
U = tables.user_settings.c
X = tables.reminder_problems.c
CHUNK = 500  # users per IN (...) list


class RemindersMixin(StoreBase):
    """Reminder settings, their daily claims, and a workspace's lasting delivery problem."""

    def set_reminder(
        self, *, user: str, workspace: str, time: str, enabled: bool, now: datetime
    ) -> None:
        """Turn a person's reminder on at local `time` (their zone in `workspace`), or off.

        Turning it on, or moving its time, makes slots before `now` not owed: `remind on
        08:00` at 09:00 starts tomorrow. Turning it off keeps the time for `remind status`."""
        values: dict[str, object] = {
            "workspace": workspace,
            "remind_time": time,
            "enabled": enabled,
        }
        with self.db.write() as conn:
            before = conn.execute(
                sa.select(R.enabled, R.remind_time).where(R.user_id == user)
            ).one_or_none()
            if enabled and (before is None or not before.enabled or before.remind_time != time):
                values["owed_from"] = now
            self.db.upsert(
                conn, tables.reminders, {"user_id": user} | values, keys=["user_id"], update=values
            )

    def reminder(self, *, user: str) -> Reminder | None:
        """A person's reminder (on or off), None when they never set one."""
        query = _with_zone(sa.select(tables.reminders, U.tz)).where(R.user_id == user)
        with self.db.read() as conn:
            row = conn.execute(query).one_or_none()
        return None if row is None else _reminder(row)

    def reminder_schedules(
        self, *, platform: str | None = None, user: str | None = None
    ) -> list[ReminderSchedule]:
        """Every reminder that is on (or only `user`'s), with its `owed_from` and the moment
        of its last day done on `platform` (any platform when None): sent, skipped because
        nothing was due, or given up. All workspaces."""
        done = S.state.in_(("sent", "skipped", "dropped"))
        last = sa.type_coerce(sa.func.max(S.claimed_at), tables.UTCDateTime()).label("last_done")
        sends = sa.select(S.user_id, last).where(done).group_by(S.user_id)
        if platform is not None:
            sends = sends.where(S.platform == platform)
        finished = sends.subquery()
        query = (
            _with_zone(sa.select(tables.reminders, U.tz, finished.c.last_done))
            .outerjoin(finished, finished.c.user_id == R.user_id)
            .where(R.enabled)
            .order_by(R.user_id)
        )
        if user is not None:
            query = query.where(R.user_id == user)
        with self.db.read() as conn:
            return [
                ReminderSchedule(
                    reminder=_reminder(row), owed_from=row.owed_from, last_done=row.last_done
                )
                for row in conn.execute(query)
            ]

    def due_reviews(self, *, user: str, now: datetime) -> dict[str, list[str]]:
        """The ids of the user's review cards due at `now`, by workspace (every workspace)."""
        return self.due_reviews_of(users=[user], now=now).get(user, {})

    def due_reviews_of(
        self, *, users: Sequence[str], now: datetime
    ) -> dict[str, dict[str, list[str]]]:
        """`due_reviews` of many users in few queries: user -> workspace -> question ids."""
        c = tables.review_cards.c
        found: dict[str, dict[str, list[str]]] = {}
        with self.db.read() as conn:
            for start in range(0, len(users), CHUNK):
                query = (
                    sa.select(c.user_id, c.workspace, c.question_id)
                    .where(c.user_id.in_(users[start : start + CHUNK]), c.due <= now)
                    .order_by(c.user_id, c.workspace, c.due, c.question_id)
                )
                for row in conn.execute(query):
                    found.setdefault(row.user_id, {}).setdefault(row.workspace, []).append(
                        row.question_id
                    )
        return found

    def skip_reminders(
        self, *, platform: str, slots: Sequence[tuple[str, str]], now: datetime
    ) -> int:
        """Mark each (user, slot) with nothing due as done for the day ("skipped"), in one
        transaction; a slot someone already claimed is left alone. Returns how many."""
        skipped = 0
        with self.db.write() as conn:
            for user, slot in slots:
                skipped += self.db.insert_ignore(
                    conn,
                    tables.reminder_sends,
                    {
                        "platform": platform,
                        "user_id": user,
                        "slot": slot,
                        "state": "skipped",
                        "claimed_at": now,
                        "attempts": 0,
                    },
                )
        return skipped

    def claim_reminder(
        self, *, platform: str, user: str, slot: str, now: datetime, lease: timedelta
    ) -> ReminderSend | None:
        """Own this slot's message, or None if it is sent, skipped, dropped, waiting out its
        back-off, or someone else holds it."""
        key = {"platform": platform, "user_id": user, "slot": slot}
        with self.db.write() as conn:
            row = claim_slot(
                self.db, conn, tables.reminder_sends, key, busy="sending", now=now, lease=lease
            )
        if row is None:
            return None
        return ReminderSend(
            platform=row.platform,
            user=row.user_id,
            slot=row.slot,
            state=row.state,
            claimed_at=row.claimed_at,
            attempts=int(row.attempts),
        )

    def finish_reminder(
        self,
        *,
        send: ReminderSend,
        state: str,
        now: datetime,
        error: str | None = None,
        retry_at: datetime | None = None,
    ) -> bool:
        """End our claim: "sent", "skipped" (nothing was due), "failed" (retry from
        `retry_at`) or "dropped" (not retried). Fenced by the claim time: False when our
        lease ran out and someone else owns it now."""
        with self.db.write() as conn:
            won = conn.execute(
                sa.update(tables.reminder_sends)
                .where(
                    S.platform == send.platform,
                    S.user_id == send.user,
                    S.slot == send.slot,
                    S.state == "sending",
                    S.claimed_at == send.claimed_at,
                )
                .values(
                    state=state,
                    sent_at=now if state == "sent" else None,
                    last_error=None if error is None else error[:300],
                    retry_at=retry_at,
                )
            ).rowcount
        return bool(won == 1)

    def forget_reminder_sends(self, *, before: datetime) -> int:
        """Delete claim rows claimed before `before`; returns how many. Only today's slot
        can be claimed, so rows older than a couple of days decide nothing any more."""
        with self.db.write() as conn:
            return int(
                conn.execute(sa.delete(tables.reminder_sends).where(S.claimed_at < before)).rowcount
            )

    def note_reminder_problem(self, *, workspace: str, problem: str, now: datetime) -> bool:
        """Record that reminders cannot be sent in `workspace`; True for the one caller
        (across replicas) that recorded it first, who tells the operator."""
        with self.db.write() as conn:
            return self.db.insert_ignore(
                conn,
                tables.reminder_problems,
                {"workspace": workspace, "problem": problem[:32], "since": now},
            )

    def clear_reminder_problem(self, *, workspace: str) -> None:
        """A reminder went through: the workspace's problem is fixed."""
        with self.db.write() as conn:
            conn.execute(sa.delete(tables.reminder_problems).where(X.workspace == workspace))

    def reminder_problem(self, *, workspace: str) -> str | None:
        """Why reminders cannot be sent in `workspace` (a Problem value), or None."""
        with self.db.read() as conn:
            found = conn.execute(
                sa.select(X.problem).where(X.workspace == workspace)
            ).scalar_one_or_none()
        return None if found is None else str(found)


def _with_zone(query: sa.Select[tuple[object, ...]]) -> sa.Select[tuple[object, ...]]:
    """Join the user's `tz` setting in the reminder's workspace."""
    return query.select_from(tables.reminders).outerjoin(
        tables.user_settings, sa.and_(U.workspace == R.workspace, U.user_id == R.user_id)
    )


def _reminder(row: sa.Row[tuple[object, ...]]) -> Reminder:
    return Reminder(
        user=row.user_id,
        workspace=row.workspace,
        time=row.remind_time,
        tz=row.tz or "UTC",
        enabled=bool(row.enabled),
    )
