"""Daily-quiz settings and the claim rows that make each daily post happen exactly once.

A slot is one (workspace, channel, moment): the UTC moment the day's post is due, as
`bot.daily.scheduler.slot_key` writes it. Whoever inserts its row first owns the post;
a row left "posting" longer than the lease (a crashed owner) or marked "failed" may be
claimed again by a conditional UPDATE, which only one contender can win on either database.
The same scheme, on the reveal columns, makes each reveal happen once.

A failed post or reveal waits until its `retry_at` (the scheduler's back-off); one that
failed for a lasting reason is "dropped", and its channel is paused (`problem`) until an
admin sets the daily question again.

`daily_schedules()` (all workspaces) and `claim_daily_reveal` are the only reads across
workspaces: one scheduler serves every workspace. Each row they return carries its
workspace, and every write to it is keyed by that workspace.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import sqlalchemy as sa

from bot.store import tables
from bot.store.base import StoreBase
from bot.store.claims import claim_slot
from bot.store.records import DailyConfig, DailyPost, DailySchedule

C = tables.daily_configs.c
P = tables.daily_posts.c


class DailyMixin(StoreBase):
    """Per-channel daily settings and the post/reveal claims."""

    def set_daily(self, config: DailyConfig, /, *, now: datetime | None = None) -> None:
        """Save a channel's daily settings; saving clears a paused channel's problem.

        Pass `now` when turning it on or changing it: when it is turned on (or resumed) or
        its time or zone changes, slots before `now` are not owed, so `daily on` at 10:00
        for 09:00 starts tomorrow, not at once. `config.set_by` is kept when it is None."""
        values: dict[str, object] = {
            "post_time": config.time,
            "tz": config.tz,
            "reveal_hours": config.reveal_hours,
            "enabled": config.enabled,
            "problem": None,
            "problem_at": None,
        }
        if config.set_by is not None:
            values["set_by"] = config.set_by
        with self.db.write() as conn:
            before = conn.execute(
                sa.select(C.enabled, C.post_time, C.tz, C.problem).where(
                    C.workspace == config.workspace, C.channel == config.channel
                )
            ).one_or_none()
            rescheduled = (
                before is None
                or not before.enabled
                or before.problem is not None
                or (before.post_time, before.tz) != (config.time, config.tz)
            )
            if config.enabled and rescheduled:
                values["owed_from"] = now
            self.db.upsert(
                conn,
                tables.daily_configs,
                {"workspace": config.workspace, "channel": config.channel} | values,
                keys=["workspace", "channel"],
                update=values,
            )

    def daily_configs(self, *, workspace: str) -> list[DailyConfig]:
        """Every channel's daily settings in a workspace (on or off)."""
        with self.db.read() as conn:
            rows = conn.execute(
                sa.select(tables.daily_configs).where(C.workspace == workspace).order_by(C.channel)
            )
            return [_config(row) for row in rows]

    def daily_schedules(self, *, workspace: str | None = None) -> list[DailySchedule]:
        """Every enabled channel (paused ones too) with its `owed_from` and the moment of
        its last post, in one workspace or, for the scheduler, in all of them. (A post in
        progress is not counted: its claim row already keeps its slot from a second one.)"""
        last_post = sa.type_coerce(sa.func.max(P.posted_at), tables.UTCDateTime()).label(
            "last_post"
        )
        posts = (
            sa.select(P.workspace, P.channel, last_post)
            .where(P.state == "posted")
            .group_by(P.workspace, P.channel)
            .subquery()
        )
        query = (
            sa.select(tables.daily_configs, posts.c.last_post)
            .outerjoin(
                posts, sa.and_(posts.c.workspace == C.workspace, posts.c.channel == C.channel)
            )
            .where(C.enabled)
            .order_by(C.workspace, C.channel)
        )
        if workspace is not None:
            query = query.where(C.workspace == workspace)
        with self.db.read() as conn:
            return [
                DailySchedule(config=_config(row), owed_from=row.owed_from, last_post=row.last_post)
                for row in conn.execute(query)
            ]

    def pause_daily(
        self, *, workspace: str, channel: str, problem: str, now: datetime
    ) -> DailyConfig | None:
        """Stop a channel's posts for a lasting `problem`. Returns its settings to the one
        caller that paused it (who then tells `set_by`); None if it was paused already."""
        key = (C.workspace == workspace, C.channel == channel)
        with self.db.write() as conn:
            won = conn.execute(
                sa.update(tables.daily_configs)
                .where(*key, C.enabled, C.problem.is_(None))
                .values(problem=problem[:32], problem_at=now)
            ).rowcount
            if won != 1:
                return None
            row = conn.execute(sa.select(tables.daily_configs).where(*key)).one()
        return _config(row)

    def claim_daily_post(
        self, *, workspace: str, channel: str, slot: str, now: datetime, lease: timedelta
    ) -> DailyPost | None:
        """Own this slot's post, or None if it is posted, dropped, waiting out its back-off,
        or someone else holds it."""
        key = {"workspace": workspace, "channel": channel, "slot": slot}
        with self.db.write() as conn:
            row = claim_slot(
                self.db, conn, tables.daily_posts, key, busy="posting", now=now, lease=lease
            )
        return None if row is None else _post(row)

    def set_daily_instance(self, *, post: DailyPost, instance_id: int) -> None:
        """Tie the question instance to the slot, so a retry re-posts the same question."""
        self._update_post(post, expect="posting", instance_id=instance_id)

    def mark_daily_posted(
        self, *, post: DailyPost, message_ref: str, now: datetime, reveal_at: datetime
    ) -> bool:
        """Record a successful post; False if our claim was lost (lease expired) meanwhile."""
        return self._update_post(
            post,
            expect="posting",
            state="posted",
            message_ref=message_ref,
            posted_at=now,
            reveal_at=reveal_at,
            last_error=None,
            retry_at=None,
        )

    def mark_daily_failed(
        self, *, post: DailyPost, error: str, retry_at: datetime | None = None
    ) -> None:
        """Make the slot retryable, from `retry_at` on (at once when None), after a post
        that raised."""
        self._update_post(
            post, expect="posting", state="failed", last_error=error[:300], retry_at=retry_at
        )

    def drop_daily_post(self, *, post: DailyPost, error: str) -> None:
        """Give up on the slot after a lasting platform error: it is not retried."""
        self._update_post(
            post, expect="posting", state="dropped", last_error=error[:300], retry_at=None
        )

    def claim_daily_reveal(self, *, now: datetime, lease: timedelta) -> list[DailyPost]:
        """Own every reveal that is due (all workspaces); each goes to one claimant only."""
        due = sa.and_(
            P.state == "posted",
            P.reveal_at <= now,
            sa.or_(
                P.reveal_state.is_(None),
                sa.and_(P.reveal_state == "failed", _retry_due(now)),
                sa.and_(P.reveal_state == "revealing", P.reveal_claimed_at < now - lease),
            ),
        )
        claimed: list[DailyPost] = []
        with self.db.read() as conn:
            candidates = list(conn.execute(sa.select(tables.daily_posts).where(due)))
        for row in candidates:
            with self.db.write() as conn:
                won = conn.execute(
                    sa.update(tables.daily_posts)
                    .where(
                        P.workspace == row.workspace,
                        P.channel == row.channel,
                        P.slot == row.slot,
                        due,
                    )
                    .values(
                        reveal_state="revealing",
                        reveal_claimed_at=now,
                        reveal_attempts=P.reveal_attempts + 1,
                    )
                ).rowcount
            if won == 1:
                claimed.append(
                    replace(
                        _post(row),
                        reveal_state="revealing",
                        reveal_claimed_at=now,
                        reveal_attempts=int(row.reveal_attempts or 0) + 1,
                    )
                )
        return claimed

    def mark_daily_revealed(
        self,
        *,
        post: DailyPost,
        ok: bool,
        error: str = "",
        retry_at: datetime | None = None,
        drop: bool = False,
    ) -> None:
        """Finish a reveal: done; or failed and retryable from `retry_at`; or, with `drop`,
        given up after a lasting platform error."""
        state = "revealed" if ok else "dropped" if drop else "failed"
        with self.db.write() as conn:
            conn.execute(
                sa.update(tables.daily_posts)
                .where(
                    P.workspace == post.workspace,
                    P.channel == post.channel,
                    P.slot == post.slot,
                    P.reveal_state == "revealing",
                    P.reveal_claimed_at == post.reveal_claimed_at,
                )
                .values(
                    reveal_state=state,
                    last_error=None if ok else error[:300],
                    retry_at=None if ok or drop else retry_at,
                )
            )

    def daily_post(self, *, workspace: str, channel: str, slot: str) -> DailyPost | None:
        """The slot's claim row, if any."""
        with self.db.read() as conn:
            row = conn.execute(
                sa.select(tables.daily_posts).where(
                    P.workspace == workspace, P.channel == channel, P.slot == slot
                )
            ).one_or_none()
        return None if row is None else _post(row)

    def _update_post(self, post: DailyPost, *, expect: str, **values: object) -> bool:
        # Fenced by our claim time: a claimant whose lease ran out cannot overwrite the next.
        with self.db.write() as conn:
            return (
                conn.execute(
                    sa.update(tables.daily_posts)
                    .where(
                        P.workspace == post.workspace,
                        P.channel == post.channel,
                        P.slot == post.slot,
                        P.state == expect,
                        P.claimed_at == post.claimed_at,
                    )
                    .values(**values)
                ).rowcount
                == 1
            )


def _retry_due(now: datetime) -> sa.ColumnElement[bool]:
    return sa.or_(P.retry_at.is_(None), P.retry_at <= now)


def _config(row: sa.Row[tuple[object, ...]]) -> DailyConfig:
    return DailyConfig(
        workspace=row.workspace,
        channel=row.channel,
        time=row.post_time,
        tz=row.tz,
        reveal_hours=int(row.reveal_hours),
        enabled=bool(row.enabled),
        set_by=row.set_by,
        problem=row.problem,
        problem_at=row.problem_at,
    )


def _post(row: sa.Row[tuple[object, ...]]) -> DailyPost:
    return DailyPost(
        workspace=row.workspace,
        channel=row.channel,
        slot=row.slot,
        state=row.state,
        claimed_at=row.claimed_at,
        attempts=int(row.attempts),
        instance_id=row.instance_id,
        message_ref=row.message_ref,
        posted_at=row.posted_at,
        reveal_at=row.reveal_at,
        reveal_state=row.reveal_state,
        reveal_claimed_at=row.reveal_claimed_at,
        retry_at=row.retry_at,
        reveal_attempts=int(row.reveal_attempts or 0),
        last_error=row.last_error,
    )
