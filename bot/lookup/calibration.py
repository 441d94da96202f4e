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
    "long",
    "long_raw",
    "long_margin",
    "long_unknown",
    "comparison",
    "odd",
)

# --- fitted table (benchmarks/fit_lookup.py --write) ---
# Fitted by benchmarks/fit_lookup.py on 273 dev replies (195 right).
BIAS = 1.9966
WEIGHTS: dict[str, float] = {
    "raw": 1.0211,
    "unknown": -0.4190,
    "coverage": 0.1987,
    "closeness": 0.9304,
    "margin": 0.5009,
    "context": 0.1780,
    "mass": 0.0913,
    "long": 0.3215,
    "long_raw": -0.6818,
    "long_margin": 0.4692,
    "long_unknown": -0.2985,
    "comparison": 0.1322,
    "odd": 0.4116,
}
MEAN: dict[str, float] = {
    "raw": 0.7006,
    "unknown": 0.1735,
    "coverage": 0.7827,
    "closeness": 0.7106,
    "margin": 0.5284,
    "context": 0.0444,
    "mass": 0.6734,
    "long": 0.2711,
    "long_raw": 0.1843,
    "long_margin": 0.1334,
    "long_unknown": 0.0419,
    "comparison": 0.0916,
    "odd": 0.0733,
}
SCALE: dict[str, float] = {
    "raw": 0.2819,
    "unknown": 0.2451,
    "coverage": 0.2548,
    "closeness": 0.2110,
    "margin": 0.3556,
    "context": 0.1607,
    "mass": 0.2002,
    "long": 0.4445,
    "long_raw": 0.3337,
    "long_margin": 0.2838,
    "long_unknown": 0.1180,
    "comparison": 0.2884,
    "odd": 0.2606,
}
# --- end of fitted table ---


# How candidates are ranked: a weighted sum of their evidence (see `rank_score`).
# --- fitted ranking (benchmarks/fit_lookup.py --write) ---
# Fitted by benchmarks/fit_lookup.py --rank on 191 dev questions.
RANK_WEIGHTS: dict[str, float] = {
    "relevance": 4.1248,
    "nearness": 1.3853,
    "confidence": 1.4144,
    "named": 0.5192,
    "context": 1.2818,
    "subject": 1.0075,
    "phrase": 1.0759,
    "closeness": 1.4996,
    "coverage": 1.1728,
    "anchored": -0.0521,
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
