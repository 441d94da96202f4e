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
    "agree",
)

# --- fitted table (benchmarks/fit_lookup.py --write) ---
# Fitted by benchmarks/fit_lookup.py on 275 dev replies (203 right).
BIAS = 2.5876
WEIGHTS: dict[str, float] = {
    "raw": 1.7212,
    "unknown": -0.2932,
    "coverage": 0.3209,
    "closeness": 0.5304,
    "margin": 0.4652,
    "context": -0.0310,
    "mass": 0.3608,
    "specific": -0.4102,
    "long_specific": 0.3431,
    "long": 1.3208,
    "long_raw": 0.3717,
    "long_margin": -0.1631,
    "long_unknown": -0.6413,
    "long_agree": 0.1669,
    "long_asked": -1.1607,
    "comparison": 0.6478,
    "odd": 0.3127,
    "agree": 0.4038,
}
MEAN: dict[str, float] = {
    "raw": 0.7251,
    "unknown": 0.1401,
    "coverage": 0.8094,
    "closeness": 0.7295,
    "margin": 0.6126,
    "context": 0.0481,
    "mass": 0.6597,
    "specific": 0.3790,
    "long_specific": 0.1093,
    "long": 0.2691,
    "long_raw": 0.1852,
    "long_margin": 0.1528,
    "long_unknown": 0.0367,
    "long_agree": 0.1382,
    "long_asked": 0.1342,
    "comparison": 0.0909,
    "odd": 0.0691,
    "agree": 0.7079,
}
SCALE: dict[str, float] = {
    "raw": 0.2722,
    "unknown": 0.2337,
    "coverage": 0.2425,
    "closeness": 0.2003,
    "margin": 0.3727,
    "context": 0.1669,
    "mass": 0.2033,
    "specific": 0.2960,
    "long_specific": 0.2466,
    "long": 0.4435,
    "long_raw": 0.3353,
    "long_margin": 0.3128,
    "long_unknown": 0.1147,
    "long_agree": 0.3451,
    "long_asked": 0.2618,
    "comparison": 0.2875,
    "odd": 0.2536,
    "agree": 0.3338,
}
# --- end of fitted table ---


# How candidates are ranked: a weighted sum of their evidence (see `rank_score`).
# --- fitted ranking (benchmarks/fit_lookup.py --write) ---
# Fitted by benchmarks/fit_lookup.py --rank on 193 dev questions.
RANK_WEIGHTS: dict[str, float] = {
    "relevance": 5.6472,
    "nearness": 3.2973,
    "confidence": 1.5804,
    "named": -0.5122,
    "context": 2.1143,
    "subject": 2.0457,
    "phrase": 0.7349,
    "closeness": 3.4243,
    "coverage": -0.0180,
    "anchored": 0.6883,
    "specific": 0.7063,
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
