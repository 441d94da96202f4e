"""Honest confidence: the chance that a proposed reply is right, from its evidence.

The retrieval's own score (`raw`, see `bot.lookup.retrieval`) ranks entries well but is not
a probability: a stem full of unknown background words scores low even when it is right,
and a short question matching one everyday word scores high even when it is wrong. So the
confidence shown and thresholded is a logistic regression over the evidence of the
proposed reply:

    confidence = 1 / (1 + exp(-(BIAS + sum(WEIGHTS[f] * (x[f] - MEAN[f]) / SCALE[f]))))

The weights were fitted on the dev half of the blind evaluation set only
(`python benchmarks/fit_lookup.py`, which prints this table); the test half never was.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

FEATURES = (
    "raw",
    "coverage",
    "matched",
    "unknown",
    "named_missed",
    "closeness",
    "nearness",
    "anchored",
    "context",
    "mass",
    "margin",
    "long",
    "comparison",
    "odd",
)

# --- fitted table (benchmarks/fit_lookup.py --write) ---
# Fitted by benchmarks/fit_lookup.py on 274 dev replies (188 right).
BIAS = 1.6576
WEIGHTS: dict[str, float] = {
    "raw": 0.4278,
    "coverage": 0.2829,
    "matched": 0.0995,
    "unknown": -0.5030,
    "named_missed": 0.1240,
    "closeness": 0.9138,
    "nearness": 0.3199,
    "anchored": 0.4889,
    "context": 0.4410,
    "mass": 0.1138,
    "margin": 0.3415,
    "long": 0.0445,
    "comparison": 0.5190,
    "odd": 0.3659,
}
MEAN: dict[str, float] = {
    "raw": 0.7076,
    "coverage": 0.7907,
    "matched": 0.6816,
    "unknown": 0.1621,
    "named_missed": 0.0511,
    "closeness": 0.7067,
    "nearness": 0.5531,
    "anchored": 0.9343,
    "context": 0.0826,
    "mass": 0.6705,
    "margin": 0.6709,
    "long": 0.3066,
    "comparison": 0.0912,
    "odd": 0.0693,
}
SCALE: dict[str, float] = {
    "raw": 0.2706,
    "coverage": 0.2452,
    "matched": 0.3041,
    "unknown": 0.2368,
    "named_missed": 0.2202,
    "closeness": 0.2086,
    "nearness": 0.3227,
    "anchored": 0.2477,
    "context": 0.2320,
    "mass": 0.1950,
    "margin": 0.3644,
    "long": 0.4611,
    "comparison": 0.2880,
    "odd": 0.2540,
}
# --- end of fitted table ---


def calibrated(features: Mapping[str, float]) -> float:
    """The probability that the reply with these features is right; the raw score itself
    when no weights are fitted."""
    if not WEIGHTS:
        return float(features.get("raw", 0.0))
    total = BIAS + sum(
        weight * (features.get(name, 0.0) - MEAN[name]) / SCALE[name]
        for name, weight in WEIGHTS.items()
    )
    return 1 / (1 + math.exp(-max(-30.0, min(30.0, total))))
