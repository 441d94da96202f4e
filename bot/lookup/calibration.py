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
# Fitted by benchmarks/fit_lookup.py on 273 dev replies (194 right).
BIAS = 1.8937
WEIGHTS: dict[str, float] = {
    "raw": 0.9904,
    "unknown": -0.3902,
    "coverage": 0.1396,
    "closeness": 0.9496,
    "margin": 0.5124,
    "context": 0.1556,
    "mass": 0.1485,
    "long": 0.3305,
    "long_raw": -0.5936,
    "long_margin": 0.4056,
    "long_unknown": -0.2797,
    "comparison": 0.1671,
    "odd": 0.4134,
}
MEAN: dict[str, float] = {
    "raw": 0.7011,
    "unknown": 0.1732,
    "coverage": 0.7835,
    "closeness": 0.7101,
    "margin": 0.5291,
    "context": 0.0444,
    "mass": 0.6741,
    "long": 0.2711,
    "long_raw": 0.1841,
    "long_margin": 0.1336,
    "long_unknown": 0.0418,
    "comparison": 0.0916,
    "odd": 0.0733,
}
SCALE: dict[str, float] = {
    "raw": 0.2814,
    "unknown": 0.2447,
    "coverage": 0.2542,
    "closeness": 0.2115,
    "margin": 0.3543,
    "context": 0.1607,
    "mass": 0.2001,
    "long": 0.4445,
    "long_raw": 0.3335,
    "long_margin": 0.2830,
    "long_unknown": 0.1178,
    "comparison": 0.2884,
    "odd": 0.2606,
}
# --- end of fitted table ---


# How candidates are ranked: a weighted sum of their evidence (see `rank_score`).
# --- fitted ranking (benchmarks/fit_lookup.py --write) ---
# Fitted by benchmarks/fit_lookup.py --rank on 189 dev questions.
RANK_WEIGHTS: dict[str, float] = {
    "relevance": 4.1090,
    "nearness": 1.3785,
    "confidence": 1.3563,
    "named": 0.5637,
    "context": 1.2429,
    "subject": 1.0196,
    "phrase": 1.1115,
    "closeness": 1.4666,
    "coverage": 1.1167,
    "anchored": -0.0899,
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
