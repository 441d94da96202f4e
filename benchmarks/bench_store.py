"""Store figures: answers recorded per second, and stats/leaderboard/items latency at scale.

Bulk-loads `--users` users and `--answers` answers (executemany on SQLite, COPY on
PostgreSQL), rebuilds the leaderboard counters and first answers, then times the queries the
tutor runs; item analysis (`items`) is timed in turn with `leaderboard week` on the same
database and the ratio printed (target: at most 50x).
PostgreSQL runs in a throwaway schema of the database named by --pg-url (or
TEST_DATABASE_URL); leave both unset to bench SQLite only.

    python benchmarks/bench_store.py --users 10000 --answers 1000000
    python benchmarks/bench_store.py --users 1000 --answers 50000 --record 500   # quick
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.content.schema import Option, Question
from bot.items.commands import item_analysis
from bot.store import Store, tables
from bot.store.migrations import backfill_counters, backfill_first_answers

NOW = datetime(2026, 6, 7, 22, 0, tzinfo=UTC)  # a Sunday night: "this week" spans 7 days
DAYS = 90
INSTANCES = 1000
TOPICS = [f"topic-{n}" for n in range(12)]


def answer_rows(
    users: int, answers: int, first_id: int, seed: int = 7
) -> Iterator[tuple[object, ...]]:
    """(workspace, user, instance, question, topic, chosen, correct, answered_at) rows."""
    rng = random.Random(seed)
    start = NOW - timedelta(days=DAYS)
    for n in range(answers):
        user, instance = n % users, (n // users) % INSTANCES + first_id
        when = start + timedelta(seconds=rng.randrange(DAYS * 86400))
        correct = rng.random() < 0.6
        yield (
            "bench",
            f"U{user}",
            instance,
            f"q-{instance % 100}",
            TOPICS[instance % 12],
            0 if correct else 1,
            correct,
            when,
        )


def bench_questions() -> dict[str, Question]:
    """The 100 questions the generated answers are to: four options, the first correct."""
    wrong = [Option(text=f"wrong {n}", why_wrong="a distractor") for n in range(1, 4)]
    options = (Option(text="right"), *wrong)
    return {
        f"q-{n}": Question(
            id=f"q-{n}",
            topic=TOPICS[n % 12],
            difficulty="medium",
            prompt=f"Question {n}?",
            options=options,
            answer="right",
            explanation="Generated for the benchmark.",
        )
        for n in range(100)
    }


def load(store: Store, users: int, answers: int) -> float:
    """Bulk-load instances and answers; returns seconds taken."""
    began = time.perf_counter()
    engine = store.db.engine
    with engine.begin() as conn:
        conn.execute(
            sa.insert(tables.instances),
            [
                {
                    "workspace": "bench",
                    "question_id": f"q-{n % 100}",
                    "kind": "quiz",
                    "created_at": NOW - timedelta(days=DAYS),
                }
                for n in range(INSTANCES)
            ],
        )
        first_id = conn.execute(
            sa.select(sa.func.min(tables.instances.c.id)).where(
                tables.instances.c.workspace == "bench"
            )
        ).scalar_one()
    rows = answer_rows(users, answers, int(first_id))
    if engine.dialect.name == "postgresql":
        raw = engine.raw_connection()
        try:
            cursor = raw.cursor()
            columns = (
                "workspace, user_id, instance_id, question_id, topic, chosen, correct, answered_at"
            )
            with cursor.copy(f"COPY answers ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            raw.commit()
        finally:
            raw.close()
    else:
        names = [
            "workspace",
            "user_id",
            "instance_id",
            "question_id",
            "topic",
            "chosen",
            "correct",
            "answered_at",
        ]
        with engine.begin() as conn:
            batch: list[dict[str, object]] = []
            for row in rows:
                batch.append(dict(zip(names, row, strict=True)))
                if len(batch) == 50_000:
                    conn.execute(sa.insert(tables.answers), batch)
                    batch = []
            if batch:
                conn.execute(sa.insert(tables.answers), batch)
    with engine.begin() as conn:
        backfill_counters(conn)
        backfill_first_answers(conn)
        if engine.dialect.name == "postgresql":
            conn.execute(sa.text("ANALYZE"))
        else:
            conn.exec_driver_sql("ANALYZE")
    return time.perf_counter() - began


def record_rate(store: Store, count: int, threads: int) -> float:
    """Answers recorded per second through Store.record_answer (fresh instances)."""
    instance_ids = [
        store.create_instance(workspace="rate", question_id="q", kind="daily", now=NOW).id
        for _ in range(max(1, count // 50))
    ]

    def one(n: int) -> None:
        store.record_answer(
            workspace="rate",
            user=f"R{n}",
            instance_id=instance_ids[n % len(instance_ids)],
            question_id="q",
            topic="t",
            chosen=0,
            correct=n % 2 == 0,
            now=NOW,
        )

    began = time.perf_counter()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(one, range(count)))
    return count / (time.perf_counter() - began)


def latency(call: Callable[[int], object], runs: int) -> tuple[float, float]:
    """(median, p95) in milliseconds."""
    times = []
    for n in range(runs):
        began = time.perf_counter()
        call(n)
        times.append((time.perf_counter() - began) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def items_beside_leaderboard(
    name: str, store: Store, week: datetime, runs: int
) -> list[tuple[str, str, str]]:
    """`items` timed in turn with `leaderboard week` (the median of 10 runs before each), so
    both see the same load on a shared machine; the ratio is the median of the pairs'. On
    SQLite, which runs in this process, CPU time is printed too: the work itself, whatever
    else the machine is doing."""
    questions = bench_questions()
    item_analysis(store, questions, workspace="bench")  # warm the cache
    wall: dict[str, list[float]] = {"items": [], "board": [], "ratio": []}
    cpu: dict[str, list[float]] = {"items": [], "board": [], "ratio": []}
    for _ in range(runs):
        boards = []
        for _ in range(10):
            began, used = time.perf_counter(), time.process_time()
            store.leaderboard(workspace="bench", since=week)
            boards.append((time.perf_counter() - began, time.process_time() - used))
        began, used = time.perf_counter(), time.process_time()
        item_analysis(store, questions, workspace="bench")
        took = (time.perf_counter() - began, time.process_time() - used)
        for index, figures in ((0, wall), (1, cpu)):
            board = statistics.median(pair[index] for pair in boards)
            figures["items"].append(took[index] * 1000)
            figures["board"].append(board * 1000)
            figures["ratio"].append(took[index] / board)
    median = statistics.median
    rows = [
        (name, "items (every question, first attempts)", f"median {median(wall['items']):.0f} ms"),
        (
            name,
            "leaderboard this week, in turn with items",
            f"median {median(wall['board']):.1f} ms",
        ),
        (name, "items / leaderboard this week", f"{median(wall['ratio']):.0f}x (target <= 50x)"),
    ]
    if store.db.dialect == "sqlite":
        rows.append(
            (
                name,
                "the same in CPU time (in-process)",
                f"{median(cpu['items']):.0f} ms / {median(cpu['board']):.1f} ms = "
                f"{median(cpu['ratio']):.0f}x",
            )
        )
    return rows


@contextmanager
def pg_schema(base: str) -> Iterator[str]:
    schema = f"dq_bench_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(base)
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    try:
        sep = "&" if "?" in base else "?"
        yield f"{base}{sep}options={quote(f'-csearch_path={schema}')}"
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def bench(name: str, url: str, args: argparse.Namespace) -> list[tuple[str, str, str]]:
    store = Store.from_url(url)
    rng = random.Random(1)
    try:
        rows = [(name, "record_answer, 1 thread", f"{record_rate(store, args.record, 1):,.0f}/s")]
        rows.append(
            (name, "record_answer, 8 threads", f"{record_rate(store, args.record, 8):,.0f}/s")
        )
        seconds = load(store, args.users, args.answers)
        rows.append((name, f"bulk load {args.answers:,} answers", f"{seconds:.1f} s"))
        week = (NOW - timedelta(days=NOW.weekday())).replace(hour=0, minute=0)
        checks: dict[str, Callable[[int], object]] = {
            "stats (one user)": lambda n: store.stats(
                workspace="bench", user=f"U{rng.randrange(args.users)}", now=NOW
            ),
            "leaderboard all time": lambda n: store.leaderboard(workspace="bench", since=None),
            "leaderboard this week": lambda n: store.leaderboard(workspace="bench", since=week),
            "leaderboard, uncounted since (scans answers)": lambda n: store.leaderboard(
                workspace="bench", since=week + timedelta(seconds=1)
            ),
            "mistakes (one user)": lambda n: store.mistakes(
                workspace="bench", user=f"U{rng.randrange(args.users)}"
            ),
        }
        for label, call in checks.items():
            call(0)  # warm the cache
            median, p95 = latency(call, args.runs)
            rows.append((name, label, f"median {median:.1f} ms, p95 {p95:.1f} ms"))
        rows += items_beside_leaderboard(name, store, week, args.item_runs)
        return rows
    finally:
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--answers", type=int, default=1_000_000)
    parser.add_argument("--record", type=int, default=2000, help="answers for the rate test")
    parser.add_argument("--runs", type=int, default=100, help="timed runs per query")
    parser.add_argument("--item-runs", type=int, default=7, help="timed runs of items")
    parser.add_argument("--pg-url", default=os.environ.get("TEST_DATABASE_URL", ""))
    parser.add_argument("--skip-sqlite", action="store_true")
    args = parser.parse_args()

    rows: list[tuple[str, str, str]] = []
    if not args.skip_sqlite:
        with tempfile.TemporaryDirectory() as folder:
            rows += bench("SQLite", f"sqlite:///{folder}/bench.db", args)
    if args.pg_url:
        with pg_schema(args.pg_url) as url:
            rows += bench("PostgreSQL", url, args)
    print(f"\n{args.users:,} users, {args.answers:,} answers over {DAYS} days\n")
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    for row in [("backend", "measure", "result"), *rows]:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))


if __name__ == "__main__":
    main()
