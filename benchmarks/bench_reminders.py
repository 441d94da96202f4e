"""Reminder scheduler figures: the cost of a quiet pass (nothing due: what every replica pays
every 30 seconds) and of the pass that sends, with `--users` people opted in at one time and
`--due` of them with reviews due, each holding `--cards` review cards.

    python benchmarks/bench_reminders.py --users 10000 --due 1000
    TEST_DATABASE_URL=postgresql+psycopg://... python benchmarks/bench_reminders.py

Messages go to an in-memory outbox: the figures are the core's and the database's, not a
platform's (Slack allows about one chat.postMessage per second per channel, so the platform
bounds a real send, not this).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.clock import FixedClock
from bot.content.pack import load_pack
from bot.reminders.commands import ReminderCommands
from bot.reminders.scheduler import ReminderPlatform
from bot.replies import Reply
from bot.settings import default_knowledge_path
from bot.store import Store, tables

NINE = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
PLATFORM = ReminderPlatform(
    name="bench",
    serves=lambda workspace: workspace.startswith("T"),
    direct_workspace=lambda user, workspace: workspace,
)


class Outbox:
    """Counts direct messages; posts nothing."""

    def __init__(self) -> None:
        self.sent = 0

    async def post(self, *, workspace: str, channel: str, reply: Reply) -> str:
        raise AssertionError("not used")

    async def post_reply(self, *, workspace: str, channel: str, thread: str, reply: Reply) -> str:
        raise AssertionError("not used")

    async def notify(self, *, workspace: str, user: str, reply: Reply) -> None:
        self.sent += 1


def load(store: Store, *, users: int, due: int, cards: int, question_ids: list[str]) -> None:
    """`users` reminders at 09:00 UTC; `cards` review cards each, due before 09:00 for the
    first `due` users and next month for the rest."""
    reminders = [
        {
            "user_id": f"U{n}",
            "workspace": "T1",
            "remind_time": "09:00",
            "enabled": True,
            "owed_from": NINE - timedelta(days=1),
        }
        for n in range(users)
    ]
    rows = []
    for n in range(users):
        when = NINE - timedelta(hours=1) if n < due else NINE + timedelta(days=30)
        for qid in question_ids[:cards]:
            rows.append(
                {
                    "workspace": "T1",
                    "user_id": f"U{n}",
                    "question_id": qid,
                    "card": json.dumps({}),
                    "due": when,
                    "last_review": None,
                }
            )
    with store.db.write() as conn:
        conn.execute(sa.insert(tables.reminders), reminders)
        conn.execute(sa.insert(tables.review_cards), rows)


async def bench(url: str, *, users: int, due: int, cards: int) -> list[tuple[str, float, int]]:
    pack = load_pack(default_knowledge_path())
    store = Store.from_url(url)
    load(store, users=users, due=due, cards=cards, question_ids=sorted(pack.questions))
    clock = FixedClock(NINE - timedelta(minutes=1))
    outbox = Outbox()
    scheduler = ReminderCommands(pack=pack, store=store, clock=clock).scheduler(outbox, PLATFORM)
    figures = []
    for label, at in [
        ("quiet pass (08:59, nothing owed)", NINE - timedelta(minutes=1)),
        ("sending pass (09:00)", NINE),
        ("quiet pass (09:01, all done)", NINE + timedelta(minutes=1)),
    ]:
        clock.set(at)
        before = outbox.sent
        started = time.perf_counter()
        await scheduler.run_once()
        figures.append((label, time.perf_counter() - started, outbox.sent - before))
    store.close()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--due", type=int, default=1_000)
    parser.add_argument("--cards", type=int, default=20)
    parser.add_argument("--pg-url", default=os.environ.get("TEST_DATABASE_URL", ""))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        targets = [("SQLite", f"sqlite:///{folder}/bench.db")]
        schema = f"bench_{uuid.uuid4().hex[:10]}"
        admin = sa.create_engine(args.pg_url) if args.pg_url else None
        if admin is not None:
            with admin.begin() as conn:
                conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
            separator = "&" if "?" in args.pg_url else "?"
            options = quote(f"-csearch_path={schema}")
            targets.append(("PostgreSQL", f"{args.pg_url}{separator}options={options}"))
        try:
            print(
                f"{args.users} reminders at 09:00, {args.due} with reviews due, "
                f"{args.cards} cards each"
            )
            print(f"{'database':<11} {'pass':<34} {'seconds':>8} {'sent':>6}")
            for name, url in targets:
                for label, seconds, sent in asyncio.run(
                    bench(url, users=args.users, due=args.due, cards=args.cards)
                ):
                    print(f"{name:<11} {label:<34} {seconds:8.2f} {sent:6d}")
        finally:
            if admin is not None:
                with admin.begin() as conn:
                    conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
                admin.dispose()


if __name__ == "__main__":
    main()
