"""Ask: accuracy on the evaluation sets, the risk/coverage curve, latency, and cold start.

    python benchmarks/bench_lookup.py                 # everything, against the parent commit
    python benchmarks/bench_lookup.py --only accuracy  # just the accuracy tables
    python benchmarks/bench_lookup.py --compare main --rounds 5

Accuracy (per style, overall, decline rate, answered precision) is printed for both halves
of the blind set (tests/eval/blind/: dev, used for tuning; test, only reported) and for the
earlier set (tests/eval/). Precision counts every answer given, off-topic ones included; a
comparison is right only when it covers both sides. The risk/coverage table shows, per
threshold, what share of in-scope questions are answered right, what share of off-topic
ones declined, and the precision of the answers.

Latency is measured in the same run for this tree and for `--compare` (a git ref checked
out into a temporary worktree, by default `main`), alternating rounds so machine noise hits
both alike: the shipped pack on the evaluation questions, and a synthetic pack of 10k
entries (the shipped entries' shape, words from a Zipf vocabulary, queries with a typo).

Cold start is `docker-quiz ask "which service scans images?"` in a fresh process (compiled
index already kept), alternated with `python -c "import yaml, rapidfuzz"`.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.content.pack import load_pack  # noqa: E402
from bot.lookup import evaluation  # noqa: E402
from bot.lookup.answering import ANSWER_AT  # noqa: E402
from bot.lookup.index import LookupIndex  # noqa: E402
from bot.settings import default_knowledge_path  # noqa: E402

TARGETS = "targets (test half): >= 92% in-scope right, every style >= 80%, >= 95% off-topic declined, precision >= 97%"  # noqa: E501

# Runs in a subprocess with one source tree first on sys.path: prints latency samples.
LATENCY_PROBE = r"""
import json, random, string, sys, time
sys.path.insert(0, sys.argv[1])
from bot.content.pack import load_pack
from bot.content.schema import Entry
from bot.lookup.index import LookupIndex
from bot.settings import default_knowledge_path

queries = json.loads(sys.stdin.read())
size = int(sys.argv[2])
rng = random.Random(42)

def timed(index, texts):
    for text in texts[:50]:
        index.search(text)
    samples = []
    for text in texts:
        start = time.perf_counter()
        index.search(text)
        samples.append((time.perf_counter() - start) * 1000)
    return samples

def word():
    return "".join(rng.choices(string.ascii_lowercase, k=rng.randint(4, 10)))

def synthetic(size):
    vocabulary = list(dict.fromkeys(word() for _ in range(max(2000, size * 3))))
    weights = [1 / (rank + 1) for rank in range(len(vocabulary))]
    def sentence(n):
        return " ".join(rng.choices(vocabulary, weights=weights, k=n))
    entries, texts = [], []
    for i in range(size):
        phrasings = tuple(f"what is {sentence(rng.randint(3, 8))}" for _ in range(10))
        entries.append(Entry(id=f"e-{i}", topic="t", title=sentence(3), answer=sentence(15),
                             explanation=sentence(30), phrasings=phrasings,
                             aliases=tuple(sentence(2) for _ in range(4))))
        words = rng.choice(phrasings).split()
        spot = rng.randrange(len(words))
        if len(words[spot]) > 4:
            words[spot] = words[spot][:-2] + words[spot][-1] + words[spot][-2]
        texts.append(" ".join(words))
    return entries, texts

shipped = LookupIndex.for_pack(load_pack(default_knowledge_path()))
result = {"shipped": timed(shipped, queries)}
if size:
    entries, texts = synthetic(size)
    big = LookupIndex(entries)
    result["synthetic"] = timed(big, rng.choices(texts, k=2000) + rng.choices(queries, k=200))
print(json.dumps(result))
"""


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def print_report(name: str, found: evaluation.Report) -> None:
    print(f"\n{name}")
    print(f"  {'style':<16} {'right':>6} {'of':>4} {'share':>7}")
    for style, tally in sorted(found.styles.items()):
        print(f"  {style:<16} {tally.right:>6} {tally.total:>4} {tally.share:>7.1%}")
    for style, tally in sorted(found.off_styles.items()):
        print(f"  {'off: ' + style:<16} {tally.right:>6} {tally.total:>4} {tally.share:>7.1%}")
    print(
        f"  in-scope right {found.in_scope.share:.1%} ({found.in_scope.right}/"
        f"{found.in_scope.total}); off-topic declined {found.off_topic.share:.1%} "
        f"({found.off_topic.right}/{found.off_topic.total}); answered precision "
        f"{found.precision:.1%} ({found.answered_right}/{found.answered})"
    )


def print_curve(index: LookupIndex, items: list[evaluation.Item]) -> None:
    proposals = [index.propose(item.q) for item in items]
    print("\n".join(evaluation.curve_lines(items, proposals)))


def accuracy(knowledge: Path, halves: list[str]) -> None:
    pack = load_pack(knowledge)
    index = LookupIndex.for_pack(pack)
    surfaces = evaluation.surfaces(pack.entries.values())
    blind = evaluation.load_blind(ROOT / "tests/eval/blind")
    kept = evaluation.load_kept(ROOT / "tests/eval")
    sets = [(f"blind set, {half} half", [i for i in blind if i.half == half]) for half in halves]
    for name, items in [*sets, ("earlier set, tests/eval", kept)]:
        results = [index.search(item.q) for item in items]
        print_report(f"{name} ({len(items)} questions)", evaluation.report(items, results))
        print_curve(index, items)
        leaked = evaluation.memorised(items, surfaces)
        unseen = [(i, r) for i, r in zip(items, results, strict=True) if i.id not in leaked]
        found = evaluation.report([i for i, _ in unseen], [r for _, r in unseen])
        print(
            f"  without the {len(leaked)} questions {evaluation.LEAK_RATIO}%+ similar to the "
            f"pack's text (memorised, not understood): in-scope right {found.in_scope.share:.1%}"
            f" ({found.in_scope.right}/{found.in_scope.total}); off-topic declined "
            f"{found.off_topic.share:.1%} ({found.off_topic.right}/{found.off_topic.total}); "
            f"answered precision {found.precision:.1%} ({found.answered_right}/{found.answered})"
        )
    print(f"\n{TARGETS}; ANSWER_AT = {ANSWER_AT}")


def latency(compare: str, rounds: int, size: int) -> None:
    blind = evaluation.load_blind(ROOT / "tests/eval/blind")
    kept = evaluation.load_kept(ROOT / "tests/eval")
    queries = json.dumps([item.q for item in [*blind, *kept]])
    with _worktree(compare) as other:
        trees = {"this tree": ROOT, f"{compare}": other}
        samples: dict[str, dict[str, list[float]]] = {name: {} for name in trees}
        for _ in range(rounds):
            for name, tree in trees.items():
                out = subprocess.run(
                    [sys.executable, "-c", LATENCY_PROBE, str(tree), str(size)],
                    input=queries,
                    capture_output=True,
                    text=True,
                    check=True,
                    cwd=tree,
                ).stdout
                for key, values in json.loads(out).items():
                    samples[name].setdefault(key, []).extend(values)
    print(f"\nask latency, {rounds} alternating rounds (ms)")
    print(f"  {'tree':<12} {'pack':<22} {'queries':>8} {'p50':>7} {'p99':>7}")
    p99: dict[str, dict[str, float]] = {}
    for name, found in samples.items():
        for key, values in found.items():
            label = "shipped pack" if key == "shipped" else f"synthetic {size} entries"
            p99.setdefault(key, {})[name] = percentile(values, 0.99)
            print(
                f"  {name:<12} {label:<22} {len(values):>8} {percentile(values, 0.5):>7.3f} "
                f"{percentile(values, 0.99):>7.3f}"
            )
    for key, values in p99.items():
        ratio = values["this tree"] / values[compare]
        print(f"  p99 ratio this tree / {compare}, {key}: {ratio:.2f} (limit 1.5)")


def cold_start(runs: int, compare: str | None = None) -> None:
    """A fresh `ask` against `import yaml, rapidfuzz`, alternating; with `compare`, that
    git ref's `ask` (from a temporary worktree) in the same alternation: the ratio moves
    with the machine's load, so only a same-run comparison says what a change did."""
    # What the installed `docker-quiz` script runs (pip's console-script wrapper), from the
    # tree's own code; `python -m adapters.cli` would also time runpy (about 3 ms).
    script = (
        "import sys; from adapters.cli import main; sys.argv[0] = 'docker-quiz'; sys.exit(main())"
    )
    ask = [sys.executable, "-c", script, "ask", "which service scans images?"]
    with contextlib.ExitStack() as stack:
        trees = {"this tree": ROOT}
        if compare:
            trees[compare] = stack.enter_context(_worktree(compare))
        for tree in trees.values():
            # Bytecode as every install has it (pip compiles at install, the image ships it,
            # an editable install writes it on its first run unless PYTHONDONTWRITEBYTECODE
            # is set, as on some CI machines: then each run would time the compiler).
            compile_all = [sys.executable, "-m", "compileall", "-q", "bot", "adapters"]
            subprocess.run(compile_all, cwd=tree, check=True, capture_output=True)
            subprocess.run(ask, cwd=tree, check=True, capture_output=True)  # keeps its index
        baseline = [sys.executable, "-c", "import yaml, rapidfuzz"]
        commands = [
            ("import", baseline, ROOT),
            *((name, ask, tree) for name, tree in trees.items()),
        ]
        samples: dict[str, list[float]] = {name: [] for name, _, _ in commands}
        for run in range(runs):
            # each command takes each place in turn: the one run right after another is not
            # always the same (a fixed order read about 5 ms slower for the second command)
            turn = run % len(commands)
            for name, command, tree in commands[turn:] + commands[:turn]:
                start = time.perf_counter()
                subprocess.run(command, cwd=tree, check=True, capture_output=True)
                samples[name].append(time.perf_counter() - start)
        imports = samples.pop("import")
    base = statistics.median(imports) * 1000
    print(
        f"\ncold start over {runs} alternating runs: `import yaml, rapidfuzz` median {base:.0f} ms"
    )
    for name, times in samples.items():
        mine = statistics.median(times) * 1000
        print(
            f"  {name:<12} `docker-quiz ask` median {mine:.0f} ms: ratio {mine / base:.2f} "
            "(limit 2.5)"
        )


@contextlib.contextmanager
def _worktree(ref: str) -> Iterator[Path]:
    """`ref` checked out into a temporary git worktree, removed afterwards."""
    with tempfile.TemporaryDirectory() as folder:
        other = Path(folder) / "tree"
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(other), ref],
            check=True,
        )
        try:
            yield other
        finally:
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(other)], check=False
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", choices=["accuracy", "latency", "cold"], help="one part only")
    parser.add_argument("--compare", default="main", help="git ref to compare latency with")
    parser.add_argument("--rounds", type=int, default=3, help="alternating latency rounds")
    parser.add_argument("--size", type=int, default=10000, help="synthetic pack size (0: none)")
    parser.add_argument("--cold-runs", type=int, default=21)
    parser.add_argument(
        "--cold-compare", help="git ref whose cold start is measured in the same alternation"
    )
    parser.add_argument(
        "--halves",
        nargs="+",
        default=list(evaluation.HALVES),
        choices=evaluation.HALVES,
        help="blind-set halves to report (tune on dev only)",
    )
    parser.add_argument("--knowledge", type=Path, default=default_knowledge_path())
    args = parser.parse_args()
    if args.only in (None, "accuracy"):
        accuracy(args.knowledge, args.halves)
    if args.only in (None, "latency"):
        latency(args.compare, args.rounds, args.size)
    if args.only in (None, "cold"):
        cold_start(args.cold_runs, args.cold_compare)


if __name__ == "__main__":
    main()
