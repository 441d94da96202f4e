"""Honest confidence: the chance that a proposed reply is right, from its evidence.

The retrieval's own score (`raw`, see `bot.lookup.retrieval`) ranks entries well but is not
a probability: a stem full of unknown background words scores low even when it is right,
and a short question matching one everyday word scores high even when it is wrong. So the
confidence shown and thresholded is a logistic regression over the evidence of the
proposed reply:

    confidence = 1 / (1 + exp(-(BIAS + sum(WEIGHTS[f] * (x[f] - MEAN[f]) / SCALE[f]))))

The weights were fitted on the dev half of the blind evaluation set and on the training
questions of benchmarks/training/ (`python benchmarks/fit_lookup.py --rank --write`, which
prints this table); the test half never was.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.lookup.retrieval import Evidence

FEATURES = (
    "raw",
    "unknown",
    "coverage",
    "closeness",
    "margin",
    "context",
    "mass",
    "specific",
    "long_specific",
    "long",
    "long_raw",
    "long_margin",
    "long_unknown",
    "long_agree",
    "long_asked",
    "comparison",
    "odd",
    "odd_gap",
    "agree",
    "likely",
    "howto",
    "valued",
    "choice",
    "comparison_named",
    "flag",
    "flag_missed",
    "comparison_raw",
    "odd_raw",
)

# --- fitted table (benchmarks/fit_lookup.py --write) ---
# Fitted by benchmarks/fit_lookup.py (l2 1.0) on 763 dev and training replies (492 right).
BIAS = 1.2487
WEIGHTS: dict[str, float] = {
    "raw": 0.9320,
    "unknown": -0.2237,
    "coverage": 0.8800,
    "closeness": 0.6583,
    "margin": 0.4350,
    "context": 0.3644,
    "mass": 0.3534,
    "specific": -0.0621,
    "long_specific": 0.3481,
    "long": 0.3370,
    "long_raw": 0.1175,
    "long_margin": 0.2222,
    "long_unknown": 0.2621,
    "long_agree": -0.8917,
    "long_asked": -0.2650,
    "comparison": 0.2850,
    "odd": -0.3348,
    "odd_gap": 1.3324,
    "agree": 0.1769,
    "likely": 0.4882,
    "howto": -0.3716,
    "valued": 0.3337,
    "choice": 0.1980,
    "comparison_named": 0.2487,
    "flag": 0.3236,
    "flag_missed": -0.1779,
    "comparison_raw": -0.3174,
    "odd_raw": -1.0789,
}
MEAN: dict[str, float] = {
    "raw": 0.6539,
    "unknown": 0.1366,
    "coverage": 0.7569,
    "closeness": 0.6683,
    "margin": 0.6086,
    "context": 0.0844,
    "mass": 0.7182,
    "specific": 0.4389,
    "long_specific": 0.1707,
    "long": 0.3237,
    "long_raw": 0.1821,
    "long_margin": 0.1818,
    "long_unknown": 0.0545,
    "long_agree": 0.2110,
    "long_asked": 0.1647,
    "comparison": 0.0996,
    "odd": 0.0537,
    "odd_gap": 0.0385,
    "agree": 0.6938,
    "likely": 0.4837,
    "howto": 0.1756,
    "valued": 0.2910,
    "choice": 0.0105,
    "comparison_named": 0.0498,
    "flag": 0.0328,
    "flag_missed": 0.0275,
    "comparison_raw": 0.0779,
    "odd_raw": 0.0426,
}
SCALE: dict[str, float] = {
    "raw": 0.2776,
    "unknown": 0.2072,
    "coverage": 0.2678,
    "closeness": 0.1840,
    "margin": 0.3621,
    "context": 0.1956,
    "mass": 0.1976,
    "specific": 0.2941,
    "long_specific": 0.2955,
    "long": 0.4679,
    "long_raw": 0.3001,
    "long_margin": 0.3305,
    "long_unknown": 0.1272,
    "long_agree": 0.4080,
    "long_asked": 0.2756,
    "comparison": 0.2995,
    "odd": 0.2255,
    "odd_gap": 0.1831,
    "agree": 0.3163,
    "likely": 0.3118,
    "howto": 0.3805,
    "valued": 0.4542,
    "choice": 0.1019,
    "comparison_named": 0.2175,
    "flag": 0.1780,
    "flag_missed": 0.1636,
    "comparison_raw": 0.2513,
    "odd_raw": 0.1850,
}
# --- end of fitted table ---


# How candidates are ranked: a weighted sum of their evidence (see `rank_score`).
# --- fitted ranking (benchmarks/fit_lookup.py --write) ---
# Fitted by benchmarks/fit_lookup.py --rank on 507 dev and training questions.
RANK_WEIGHTS: dict[str, float] = {
    "relevance": 4.3531,
    "nearness": 2.1167,
    "confidence": 1.6091,
    "named": -0.6062,
    "context": 2.4981,
    "subject": 0.9803,
    "phrase": 1.5888,
    "closeness": 2.3122,
    "coverage": 0.5494,
    "anchored": 0.0362,
    "specific": 1.6194,
    "likely": 2.5627,
    "story_asked": -0.2066,
    "member": 0.0365,
    "action": 0.7185,
    "flag": 1.1629,
}
# --- end of fitted ranking ---


def rank_values(evidence: Evidence, confidence: float) -> list[float]:
    """A candidate's ranking features, in the order of RANK_WEIGHTS: the raw confidence
    for "confidence", the evidence field of that name for every other."""
    return [
        confidence if name == "confidence" else getattr(evidence, name) for name in RANK_WEIGHTS
    ]


def rank_score(evidence: Evidence, confidence: float) -> float:
    """How high a candidate ranks: RANK_WEIGHTS over its `rank_values`."""
    values = rank_values(evidence, confidence)
    return float(sum(map(operator.mul, RANK_WEIGHTS.values(), values)))


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
