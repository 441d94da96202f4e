"""A property run of the core's one entry point, `Tutor.handle`, over generated requests.

Every field of every request is generated (tests/core/request_strategies.py): Unicode digits,
lone surrogates, control characters and overlong values, planted in commands, button actions,
ids, selections and form fields. It prints how many exceptions escaped `handle` (must be 0)
and how many the core's safety net had to catch (an internal error turned into an apology
and one logged traceback; also 0 when every kind of bad input is handled on purpose).

    python benchmarks/bench_entry_point.py --inputs 100000
"""

from __future__ import annotations

import argparse
import collections
import logging
import random
import sys
import tempfile
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import HealthCheck, given, seed, settings

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "core"))

from request_strategies import requests  # noqa: E402

from bot.bootstrap import build_tutor  # noqa: E402
from bot.clock import FixedClock  # noqa: E402
from bot.replies import Request  # noqa: E402
from bot.settings import Settings, default_knowledge_path  # noqa: E402


class Caught(logging.Handler):
    """Counts the tracebacks the core logs when its safety net catches something."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.kinds: collections.Counter[str] = collections.Counter()

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info and record.exc_info[1] is not None:
            self.kinds[type(record.exc_info[1]).__name__] += 1


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--inputs", type=int, default=100_000, help="requests to generate")
    parser.add_argument("--seed", type=int, default=12, help="generator seed (repeatable runs)")
    parser.add_argument(
        "--database-url", default="", help="default: a SQLite file in a temporary folder"
    )
    args = parser.parse_args()
    caught = Caught()
    logging.getLogger("bot").addHandler(caught)
    logging.getLogger("bot").propagate = False
    escaped: collections.Counter[str] = collections.Counter()
    first: dict[str, str] = {}
    ran = 0
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{tmp}/entry.db"
        tutor = build_tutor(
            Settings(knowledge_path=default_knowledge_path(), database_url=url),
            clock=FixedClock(datetime(2026, 5, 1, 9, 0, tzinfo=UTC)),
            rng=random.Random(args.seed),
        )

        @seed(args.seed)
        @settings(
            max_examples=args.inputs,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(request=requests())
        def run(request: Request) -> None:
            nonlocal ran
            ran += 1
            try:
                tutor.handle(request)
            except Exception as exc:
                name = type(exc).__name__
                escaped[name] += 1
                first.setdefault(name, "".join(traceback.format_exception(exc))[-1500:])

        started = time.perf_counter()
        run()
        seconds = time.perf_counter() - started
        tutor.close()
    print(f"Tutor.handle over {ran:,} generated requests in {seconds:.0f} s (seed {args.seed})")
    print(f"escaped exceptions: {sum(escaped.values())} {dict(escaped) or ''}".rstrip())
    print(f"caught by the safety net: {sum(caught.kinds.values())} {dict(caught.kinds) or ''}")
    for name, trace in first.items():
        print(f"\nfirst {name}:\n{trace}")
    return 1 if escaped else 0


if __name__ == "__main__":
    sys.exit(main())
