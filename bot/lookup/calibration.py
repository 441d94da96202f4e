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
)

# --- fitted table (benchmarks/fit_lookup.py --write) ---
# Fitted by benchmarks/fit_lookup.py (l2 1.0) on 764 dev and training replies (493 right).
BIAS = 1.1611
WEIGHTS: dict[str, float] = {
    "raw": 0.5572,
    "unknown": -0.3769,
    "coverage": 0.7960,
    "closeness": 0.6867,
    "margin": 0.3025,
    "context": 0.3011,
    "mass": 0.1977,
    "specific": -0.0977,
    "long_specific": 0.2914,
    "long": 0.4233,
    "long_raw": 0.1255,
    "long_margin": 0.3060,
    "long_unknown": 0.1814,
    "long_agree": -0.9098,
    "long_asked": -0.1881,
    "comparison": -0.1986,
    "odd": -1.4314,
    "odd_gap": 1.4040,
    "agree": 0.2162,
    "likely": 0.4736,
    "howto": -0.3732,
    "valued": 0.3599,
    "choice": 0.2404,
    "comparison_named": 0.4197,
    "flag": 0.2649,
    "flag_missed": -0.1697,
}
MEAN: dict[str, float] = {
    "raw": 0.6682,
    "unknown": 0.1332,
    "coverage": 0.7751,
    "closeness": 0.6669,
    "margin": 0.6126,
    "context": 0.0852,
    "mass": 0.7188,
    "specific": 0.4428,
    "long_specific": 0.1769,
    "long": 0.3325,
    "long_raw": 0.1893,
    "long_margin": 0.1907,
    "long_unknown": 0.0551,
    "long_agree": 0.2068,
    "long_asked": 0.1714,
    "comparison": 0.1008,
    "odd": 0.0550,
    "odd_gap": 0.0390,
    "agree": 0.6684,
    "likely": 0.4799,
    "howto": 0.1754,
    "valued": 0.2906,
    "choice": 0.0105,
    "comparison_named": 0.0497,
    "flag": 0.0340,
    "flag_missed": 0.0262,
}
SCALE: dict[str, float] = {
    "raw": 0.2639,
    "unknown": 0.2054,
    "coverage": 0.2494,
    "closeness": 0.1857,
    "margin": 0.3613,
    "context": 0.1987,
    "mass": 0.1980,
    "specific": 0.2946,
    "long_specific": 0.2995,
    "long": 0.4711,
    "long_raw": 0.3035,
    "long_margin": 0.3399,
    "long_unknown": 0.1284,
    "long_agree": 0.4050,
    "long_asked": 0.2773,
    "comparison": 0.3010,
    "odd": 0.2279,
    "odd_gap": 0.1834,
    "agree": 0.3390,
    "likely": 0.3144,
    "howto": 0.3803,
    "valued": 0.4540,
    "choice": 0.1018,
    "comparison_named": 0.2174,
    "flag": 0.1813,
    "flag_missed": 0.1597,
}
# --- end of fitted table ---


# How candidates are ranked: a weighted sum of their evidence (see `rank_score`).
# --- fitted ranking (benchmarks/fit_lookup.py --write) ---
# Fitted by benchmarks/fit_lookup.py --rank on 506 dev and training questions.
RANK_WEIGHTS: dict[str, float] = {
    "relevance": 4.5264,
    "nearness": 2.2272,
    "confidence": 1.2970,
    "named": -0.5413,
    "context": 2.7492,
    "subject": 1.1825,
    "phrase": 1.2545,
    "closeness": 2.0975,
    "coverage": 0.2625,
    "anchored": -0.0306,
    "specific": 1.4562,
    "likely": 2.5402,
    "story_asked": -0.2070,
    "member": 0.0351,
    "action": 0.9521,
    "flag": 1.2055,
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
