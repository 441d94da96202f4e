"""Ask latency and accuracy: the shipped pack on the evaluation set, and synthetic packs.

    python benchmarks/bench_lookup.py            # prints a table
    python benchmarks/bench_lookup.py --sizes 1000 10000 --queries 2000

Synthetic packs repeat the shipped entries' shape (title, answer, ~10 phrasings, aliases) with
words drawn from a Zipf-distributed vocabulary, so postings lists grow the way real ones do.
Queries are phrasings of random entries with a typo in one word, plus unseen text.
"""

from __future__ import annotations

import argparse
import random
import string
import subprocess
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.content.pack import load_pack  # noqa: E402
from bot.content.schema import Entry  # noqa: E402
from bot.lookup.index import LookupIndex  # noqa: E402
from bot.settings import default_knowledge_path  # noqa: E402


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def timed(index: LookupIndex, queries: list[str]) -> list[float]:
    for query in queries[:50]:  # warm caches the way a running bot would be warm
        index.search(query)
    samples = []
    for query in queries:
        start = time.perf_counter()
        index.search(query)
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def _word(rng: random.Random) -> str:
    return "".join(rng.choices(string.ascii_lowercase, k=rng.randint(4, 10)))


def synthetic(size: int, rng: random.Random) -> tuple[list[Entry], list[str]]:
    vocabulary = list(dict.fromkeys(_word(rng) for _ in range(max(2000, size * 3))))
    weights = [1 / (rank + 1) for rank in range(len(vocabulary))]

    def sentence(n: int) -> str:
        return " ".join(rng.choices(vocabulary, weights=weights, k=n))

    entries, queries = [], []
    for i in range(size):
        phrasings = tuple(f"what is {sentence(rng.randint(3, 8))}" for _ in range(10))
        entries.append(
            Entry(
                id=f"e-{i}",
                topic="t",
                title=sentence(3),
                answer=sentence(15),
                explanation=sentence(30),
                phrasings=phrasings,
                aliases=tuple(sentence(2) for _ in range(4)),
            )
        )
        words = rng.choice(phrasings).split()
        spot = rng.randrange(len(words))
        if len(words[spot]) > 4:
            words[spot] = words[spot][:-2] + words[spot][-1] + words[spot][-2]
        queries.append(" ".join(words))
    return entries, queries


def fresh_process_ask(runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "adapters.cli", "ask", "which service scans images?"],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--fresh-runs", type=int, default=5)
    args = parser.parse_args()
    rng = random.Random(42)

    pack = load_pack(default_knowledge_path())
    index = LookupIndex.for_pack(pack)
    evaluation = yaml.safe_load((ROOT / "tests/eval/in_scope.yaml").read_text())["questions"]
    off_topic = yaml.safe_load((ROOT / "tests/eval/off_topic.yaml").read_text())["questions"]
    queries = [item["q"] for item in evaluation] + off_topic
    right = sum(
        (r := index.search(item["q"])).best is not None and r.best.entry.id in item["expect"]
        for item in evaluation
    )
    declined = sum(index.search(text).best is None for text in off_topic)
    holdout_file = ROOT / "benchmarks" / "holdout.yaml"
    holdout = yaml.safe_load(holdout_file.read_text()) if holdout_file.exists() else None

    rows = []
    samples = timed(index, queries * 5)
    rows.append((f"shipped pack ({len(index)} entries), eval set", samples))
    for size in args.sizes:
        entries, synthetic_queries = synthetic(size, rng)
        start = time.perf_counter()
        big = LookupIndex(entries)
        built = time.perf_counter() - start
        queries_here = rng.choices(synthetic_queries, k=args.queries) + rng.choices(
            off_topic, k=200
        )
        rows.append(
            (f"synthetic {size} entries (index built in {built:.1f} s)", timed(big, queries_here))
        )

    print(f"{'ask latency':<58} {'queries':>8} {'p50 ms':>8} {'p99 ms':>8}")
    for name, found in rows:
        p50, p99 = percentile(found, 0.5), percentile(found, 0.99)
        print(f"{name:<58} {len(found):>8} {p50:>8.3f} {p99:>8.3f}")
    print()
    print(f"accuracy on {len(evaluation)} in-scope questions: {right / len(evaluation):.1%}")
    print(f"declined of {len(off_topic)} off-topic questions: {declined / len(off_topic):.1%}")
    if holdout:
        # A second set, written later and never used to choose the lookup's constants.
        held_in, held_off = holdout["in_scope"], holdout["off_topic"]
        held_right = sum(
            (r := index.search(item["q"])).best is not None and r.best.entry.id in item["expect"]
            for item in held_in
        )
        held_declined = sum(index.search(text).best is None for text in held_off)
        print(
            f"held-out set: {held_right / len(held_in):.1%} of {len(held_in)} in-scope right, "
            f"{held_declined / len(held_off):.1%} of {len(held_off)} off-topic declined"
        )
    if args.fresh_runs:
        fresh = fresh_process_ask(args.fresh_runs)
        print(
            f"fresh-process `docker-quiz ask` wall time over {len(fresh)} runs: "
            f"median {percentile(fresh, 0.5):.0f} ms, max {max(fresh):.0f} ms"
        )


if __name__ == "__main__":
    main()
