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
# Fitted by benchmarks/fit_lookup.py (l2 1.0) on 456 dev and training replies (304 right).
BIAS = 1.6175
WEIGHTS: dict[str, float] = {
    "raw": 1.1338,
    "unknown": -0.0618,
    "coverage": 0.9145,
    "closeness": 0.8863,
    "margin": 0.1480,
    "context": 0.2228,
    "mass": 0.4100,
    "specific": -0.0856,
    "long_specific": 0.6309,
    "long": 0.6684,
    "long_raw": -0.1617,
    "long_margin": 0.0732,
    "long_unknown": -0.2794,
    "long_agree": -0.2606,
    "long_asked": -0.5075,
    "comparison": 0.5944,
    "odd": 0.3199,
    "agree": 0.0585,
    "likely": 0.3097,
}
MEAN: dict[str, float] = {
    "raw": 0.6537,
    "unknown": 0.1513,
    "coverage": 0.7502,
    "closeness": 0.6677,
    "margin": 0.6032,
    "context": 0.0971,
    "mass": 0.7359,
    "specific": 0.4369,
    "long_specific": 0.1942,
    "long": 0.3991,
    "long_raw": 0.2279,
    "long_margin": 0.2168,
    "long_unknown": 0.0672,
    "long_agree": 0.2325,
    "long_asked": 0.1939,
    "comparison": 0.0614,
    "odd": 0.0417,
    "agree": 0.6857,
    "likely": 0.4919,
}
SCALE: dict[str, float] = {
    "raw": 0.2737,
    "unknown": 0.2080,
    "coverage": 0.2526,
    "closeness": 0.1977,
    "margin": 0.3540,
    "context": 0.2136,
    "mass": 0.2087,
    "specific": 0.2926,
    "long_specific": 0.3037,
    "long": 0.4897,
    "long_raw": 0.3239,
    "long_margin": 0.3460,
    "long_unknown": 0.1355,
    "long_agree": 0.4224,
    "long_asked": 0.2872,
    "comparison": 0.2401,
    "odd": 0.1998,
    "agree": 0.3313,
    "likely": 0.3089,
}
# --- end of fitted table ---


# How candidates are ranked: a weighted sum of their evidence (see `rank_score`).
# --- fitted ranking (benchmarks/fit_lookup.py --write) ---
# Fitted by benchmarks/fit_lookup.py --rank on 310 dev and training questions.
RANK_WEIGHTS: dict[str, float] = {
    "relevance": 4.2955,
    "nearness": 1.5044,
    "confidence": 1.0134,
    "named": -0.7567,
    "context": 2.2491,
    "subject": 1.4313,
    "phrase": 0.8199,
    "closeness": 1.6325,
    "coverage": -0.0227,
    "anchored": 0.1918,
    "specific": 1.6861,
    "likely": 2.7422,
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
