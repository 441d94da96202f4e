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
)

# --- fitted table (benchmarks/fit_lookup.py --write) ---
# Fitted by benchmarks/fit_lookup.py (l2 1.0) on 764 dev and training replies (492 right).
BIAS = 1.1191
WEIGHTS: dict[str, float] = {
    "raw": 0.5901,
    "unknown": -0.3758,
    "coverage": 0.7681,
    "closeness": 0.7010,
    "margin": 0.3237,
    "context": 0.3072,
    "mass": 0.2315,
    "specific": -0.0801,
    "long_specific": 0.2747,
    "long": 0.4400,
    "long_raw": 0.1296,
    "long_margin": 0.2865,
    "long_unknown": 0.1807,
    "long_agree": -0.9049,
    "long_asked": -0.1782,
    "comparison": -0.1817,
    "odd": -1.4361,
    "odd_gap": 1.4190,
    "agree": 0.1943,
    "likely": 0.4678,
    "howto": -0.3832,
    "valued": 0.3582,
    "choice": 0.2398,
    "comparison_named": 0.4186,
}
MEAN: dict[str, float] = {
    "raw": 0.6680,
    "unknown": 0.1332,
    "coverage": 0.7749,
    "closeness": 0.6668,
    "margin": 0.6134,
    "context": 0.0852,
    "mass": 0.7188,
    "specific": 0.4426,
    "long_specific": 0.1769,
    "long": 0.3325,
    "long_raw": 0.1893,
    "long_margin": 0.1909,
    "long_unknown": 0.0551,
    "long_agree": 0.2068,
    "long_asked": 0.1714,
    "comparison": 0.1008,
    "odd": 0.0550,
    "odd_gap": 0.0390,
    "agree": 0.6680,
    "likely": 0.4805,
    "howto": 0.1754,
    "valued": 0.2906,
    "choice": 0.0105,
    "comparison_named": 0.0497,
}
SCALE: dict[str, float] = {
    "raw": 0.2637,
    "unknown": 0.2054,
    "coverage": 0.2491,
    "closeness": 0.1858,
    "margin": 0.3606,
    "context": 0.1987,
    "mass": 0.1980,
    "specific": 0.2949,
    "long_specific": 0.2995,
    "long": 0.4711,
    "long_raw": 0.3035,
    "long_margin": 0.3400,
    "long_unknown": 0.1284,
    "long_agree": 0.4050,
    "long_asked": 0.2773,
    "comparison": 0.3010,
    "odd": 0.2279,
    "odd_gap": 0.1834,
    "agree": 0.3392,
    "likely": 0.3139,
    "howto": 0.3803,
    "valued": 0.4540,
    "choice": 0.1018,
    "comparison_named": 0.2174,
}
# --- end of fitted table ---


# How candidates are ranked: a weighted sum of their evidence (see `rank_score`).
# --- fitted ranking (benchmarks/fit_lookup.py --write) ---
# Fitted by benchmarks/fit_lookup.py --rank on 506 dev and training questions.
RANK_WEIGHTS: dict[str, float] = {
    "relevance": 4.5120,
    "nearness": 2.2852,
    "confidence": 1.3499,
    "named": -0.6034,
    "context": 2.7633,
    "subject": 1.1749,
    "phrase": 1.2375,
    "closeness": 2.1175,
    "coverage": 0.2782,
    "anchored": 0.0012,
    "specific": 1.4615,
    "likely": 2.5367,
    "story_asked": -0.2277,
    "member": 0.0359,
    "action": 0.9470,
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
