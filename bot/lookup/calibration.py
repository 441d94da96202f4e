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
# Fitted by benchmarks/fit_lookup.py (l2 1.0) on 764 dev and training replies (494 right).
BIAS = 1.2013
WEIGHTS: dict[str, float] = {
    "raw": 0.8457,
    "unknown": -0.2247,
    "coverage": 0.8495,
    "closeness": 0.7344,
    "margin": 0.2735,
    "context": 0.3098,
    "mass": 0.2888,
    "specific": -0.1589,
    "long_specific": 0.4093,
    "long": 0.4321,
    "long_raw": 0.1654,
    "long_margin": 0.3896,
    "long_unknown": 0.1342,
    "long_agree": -0.9075,
    "long_asked": -0.3264,
    "comparison": 0.2134,
    "odd": -0.4251,
    "odd_gap": 1.4254,
    "agree": 0.1841,
    "likely": 0.4962,
    "howto": -0.3552,
    "valued": 0.3663,
    "choice": 0.2321,
    "comparison_named": 0.4073,
    "flag": 0.3376,
    "flag_missed": -0.1674,
    "comparison_raw": -0.5159,
    "odd_raw": -1.1678,
}
MEAN: dict[str, float] = {
    "raw": 0.6587,
    "unknown": 0.1337,
    "coverage": 0.7633,
    "closeness": 0.6671,
    "margin": 0.6135,
    "context": 0.0852,
    "mass": 0.7193,
    "specific": 0.4427,
    "long_specific": 0.1771,
    "long": 0.3325,
    "long_raw": 0.1873,
    "long_margin": 0.1908,
    "long_unknown": 0.0553,
    "long_agree": 0.2068,
    "long_asked": 0.1684,
    "comparison": 0.1008,
    "odd": 0.0550,
    "odd_gap": 0.0390,
    "agree": 0.6955,
    "likely": 0.4821,
    "howto": 0.1754,
    "valued": 0.2906,
    "choice": 0.0105,
    "comparison_named": 0.0497,
    "flag": 0.0327,
    "flag_missed": 0.0275,
    "comparison_raw": 0.0813,
    "odd_raw": 0.0441,
}
SCALE: dict[str, float] = {
    "raw": 0.2752,
    "unknown": 0.2054,
    "coverage": 0.2644,
    "closeness": 0.1857,
    "margin": 0.3617,
    "context": 0.1987,
    "mass": 0.1978,
    "specific": 0.2945,
    "long_specific": 0.2998,
    "long": 0.4711,
    "long_raw": 0.3027,
    "long_margin": 0.3407,
    "long_unknown": 0.1287,
    "long_agree": 0.4050,
    "long_asked": 0.2751,
    "comparison": 0.3010,
    "odd": 0.2279,
    "odd_gap": 0.1834,
    "agree": 0.3164,
    "likely": 0.3146,
    "howto": 0.3803,
    "valued": 0.4540,
    "choice": 0.1018,
    "comparison_named": 0.2174,
    "flag": 0.1779,
    "flag_missed": 0.1635,
    "comparison_raw": 0.2575,
    "odd_raw": 0.1893,
}
# --- end of fitted table ---


# How candidates are ranked: a weighted sum of their evidence (see `rank_score`).
# --- fitted ranking (benchmarks/fit_lookup.py --write) ---
# Fitted by benchmarks/fit_lookup.py --rank on 506 dev and training questions.
RANK_WEIGHTS: dict[str, float] = {
    "relevance": 4.5202,
    "nearness": 2.2226,
    "confidence": 1.3347,
    "named": -0.5424,
    "context": 2.7485,
    "subject": 1.1829,
    "phrase": 1.2532,
    "closeness": 2.0939,
    "coverage": 0.2811,
    "anchored": -0.0334,
    "specific": 1.4479,
    "likely": 2.5394,
    "story_asked": -0.2106,
    "member": 0.0361,
    "action": 0.9505,
    "flag": 1.2031,
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
