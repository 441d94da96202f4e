"""Fit the lookup's confidence (bot/lookup/calibration.py) on the DEV half of the blind set.

    python benchmarks/fit_lookup.py            # prints the fitted table
    python benchmarks/fit_lookup.py --write    # and writes it into calibration.py

Every dev question gets the reply the lookup would give at any threshold (uncalibrated);
a reply counts as right when the evaluation labels say so (off-topic answers are wrong).
A logistic regression with L2 regularisation is fitted to those outcomes over the features
in `bot.lookup.calibration.FEATURES`, on standardised features, by gradient descent. The
test half is never read here.
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.content.pack import load_pack  # noqa: E402
from bot.lookup import evaluation  # noqa: E402
from bot.lookup.answering import decide, propose  # noqa: E402
from bot.lookup.calibration import FEATURES  # noqa: E402
from bot.lookup.index import LookupIndex  # noqa: E402
from bot.settings import default_knowledge_path  # noqa: E402

START = "# --- fitted table (benchmarks/fit_lookup.py --write) ---"
END = "# --- end of fitted table ---"


def rows(knowledge: Path) -> tuple[list[dict[str, float]], list[int]]:
    index = LookupIndex.for_pack(load_pack(knowledge))
    items = [i for i in evaluation.load_blind(ROOT / "tests/eval/blind") if i.half == "dev"]
    xs: list[dict[str, float]] = []
    ys: list[int] = []
    for item in items:
        proposal = propose(index.corpus, item.q, calibrate=False)
        if not proposal.matches or proposal.confidence <= 0 or proposal.ambiguous:
            continue  # never answered, whatever the threshold
        result = decide(item.q, proposal, answer_at=0.0)
        xs.append(dict(proposal.features))
        ys.append(1 if item.right(result) and item.in_scope else 0)
    return xs, ys


def fit(
    xs: list[dict[str, float]], ys: list[int], *, l2: float, steps: int
) -> tuple[float, dict[str, float], dict[str, float], dict[str, float]]:
    mean = {f: statistics.fmean(x[f] for x in xs) for f in FEATURES}
    scale = {f: statistics.pstdev([x[f] for x in xs]) or 1.0 for f in FEATURES}
    z = [[(x[f] - mean[f]) / scale[f] for f in FEATURES] for x in xs]
    weights = [0.0] * len(FEATURES)
    bias = 0.0
    rate = 0.5
    n = len(z)
    for _ in range(steps):
        grad = [0.0] * len(FEATURES)
        grad_bias = 0.0
        for row, y in zip(z, ys, strict=True):
            p = 1 / (1 + math.exp(-(bias + sum(w * v for w, v in zip(weights, row, strict=True)))))
            error = p - y
            grad_bias += error
            for k, v in enumerate(row):
                grad[k] += error * v
        bias -= rate * grad_bias / n
        weights = [w - rate * (g / n + l2 * w / n) for w, g in zip(weights, grad, strict=True)]
    return bias, dict(zip(FEATURES, weights, strict=True)), mean, scale


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--knowledge", type=Path, default=default_knowledge_path())
    parser.add_argument("--l2", type=float, default=2.0)
    parser.add_argument("--steps", type=int, default=3000)
    parser.add_argument("--write", action="store_true", help="write the table into the module")
    args = parser.parse_args()
    xs, ys = rows(args.knowledge)
    bias, weights, mean, scale = fit(xs, ys, l2=args.l2, steps=args.steps)
    lines = [f"# Fitted by benchmarks/fit_lookup.py on {len(ys)} dev replies ({sum(ys)} right)."]
    lines.append(f"BIAS = {bias:.4f}")
    for title, table in (("WEIGHTS", weights), ("MEAN", mean), ("SCALE", scale)):
        lines.append(f"{title}: dict[str, float] = {{")
        lines += [f'    "{name}": {table[name]:.4f},' for name in FEATURES]
        lines.append("}")
    table_text = "\n".join(lines)
    print(table_text)
    if args.write:
        module = ROOT / "bot/lookup/calibration.py"
        text = module.read_text(encoding="utf-8")
        start = text.index(START)
        end = text.index(END)
        module.write_text(text[:start] + START + "\n" + table_text + "\n" + text[end:])


if __name__ == "__main__":
    main()
