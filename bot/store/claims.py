"""Claiming a scheduled slot (a daily post, a day's reminder) so that one process acts on it.

One row per slot, keyed by the caller's columns. A process owns the slot when it inserts the row
in state `busy`, or when it takes over a row that is `failed` with its back-off over (`retry_at`
passed or unset) or `busy` with a lease older than `lease` (its owner died). Any other state
(done, dropped, skipped) or a live lease means someone else has it. The same rule serves every
replica on one database: the insert and the conditional update are single statements, so two
claimants never both win.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

import sqlalchemy as sa

from bot.store.db import Database


def claim_slot(
    db: Database,
    conn: sa.Connection,
    table: sa.Table,
    key: Mapping[str, str],
    *,
    busy: str,
    now: datetime,
    lease: timedelta,
) -> sa.Row[tuple[object, ...]] | None:
    """Own the slot `key` (column -> value) of `table` inside `conn`'s transaction; its row
    once owned (state `busy`, `claimed_at` now, `attempts` counted), else None."""
    c = table.c
    where = [c[name] == value for name, value in key.items()]
    fresh = {**key, "state": busy, "claimed_at": now, "attempts": 1}
    if not db.insert_ignore(conn, table, fresh):
        retryable = sa.or_(
            sa.and_(c.state == "failed", sa.or_(c.retry_at.is_(None), c.retry_at <= now)),
            sa.and_(c.state == busy, c.claimed_at < now - lease),
        )
        won = conn.execute(
            sa.update(table)
            .where(*where, retryable)
            .values(state=busy, claimed_at=now, attempts=c.attempts + 1)
        ).rowcount
        if won != 1:
            return None
    return conn.execute(sa.select(table).where(*where)).one()
