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
)

# --- fitted table (benchmarks/fit_lookup.py --write) ---
# Fitted by benchmarks/fit_lookup.py (l2 1.0) on 758 dev and training replies (483 right).
BIAS = 1.0087
WEIGHTS: dict[str, float] = {
    "raw": 1.0226,
    "unknown": -0.3207,
    "coverage": 0.5388,
    "closeness": 0.6062,
    "margin": 0.3008,
    "context": 0.2814,
    "mass": 0.2285,
    "specific": -0.1005,
    "long_specific": 0.4299,
    "long": 0.8674,
    "long_raw": -0.1192,
    "long_margin": 0.1840,
    "long_unknown": -0.0211,
    "long_agree": -0.4736,
    "long_asked": -0.7013,
    "comparison": 0.0557,
    "odd": -1.3341,
    "odd_gap": 1.3952,
    "agree": 0.2261,
    "likely": 0.2560,
}
MEAN: dict[str, float] = {
    "raw": 0.6672,
    "unknown": 0.1326,
    "coverage": 0.7742,
    "closeness": 0.6625,
    "margin": 0.6005,
    "context": 0.0985,
    "mass": 0.7222,
    "specific": 0.4448,
    "long_specific": 0.1976,
    "long": 0.3839,
    "long_raw": 0.2314,
    "long_margin": 0.2218,
    "long_unknown": 0.0559,
    "long_agree": 0.2322,
    "long_asked": 0.2055,
    "comparison": 0.0923,
    "odd": 0.0554,
    "odd_gap": 0.0390,
    "agree": 0.6675,
    "likely": 0.4783,
}
SCALE: dict[str, float] = {
    "raw": 0.2631,
    "unknown": 0.2039,
    "coverage": 0.2486,
    "closeness": 0.1849,
    "margin": 0.3616,
    "context": 0.2196,
    "mass": 0.1995,
    "specific": 0.2978,
    "long_specific": 0.3117,
    "long": 0.4863,
    "long_raw": 0.3330,
    "long_margin": 0.3573,
    "long_unknown": 0.1280,
    "long_agree": 0.4222,
    "long_asked": 0.3040,
    "comparison": 0.2895,
    "odd": 0.2288,
    "odd_gap": 0.1829,
    "agree": 0.3342,
    "likely": 0.3168,
}
# --- end of fitted table ---


# How candidates are ranked: a weighted sum of their evidence (see `rank_score`).
# --- fitted ranking (benchmarks/fit_lookup.py --write) ---
# Fitted by benchmarks/fit_lookup.py --rank on 506 dev and training questions.
RANK_WEIGHTS: dict[str, float] = {
    "relevance": 4.9553,
    "nearness": 2.2939,
    "confidence": 1.0835,
    "named": -0.7668,
    "context": 2.3968,
    "subject": 1.0954,
    "phrase": 1.0677,
    "closeness": 2.0724,
    "coverage": -0.3041,
    "anchored": 0.2477,
    "specific": 1.5884,
    "likely": 2.2411,
}
# --- end of fitted ranking ---


def rank_score(evidence: Evidence, confidence: float) -> float:
    """How high a candidate ranks: RANK_WEIGHTS over its evidence and raw confidence."""
    values = {
        "relevance": evidence.relevance,
        "nearness": evidence.nearness,
        "confidence": confidence,
        "named": evidence.named,
        "context": evidence.context,
        "subject": evidence.subject,
        "phrase": evidence.phrase,
        "closeness": evidence.closeness,
        "coverage": evidence.coverage,
        "anchored": evidence.anchored,
        "specific": evidence.specific,
        "likely": evidence.likely,
    }
    return sum(weight * values[name] for name, weight in RANK_WEIGHTS.items())


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
