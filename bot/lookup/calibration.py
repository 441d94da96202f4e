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
)

# --- fitted table (benchmarks/fit_lookup.py --write) ---
# Fitted by benchmarks/fit_lookup.py on 273 dev replies (200 right).
BIAS = 2.3820
WEIGHTS: dict[str, float] = {
    "raw": 1.4134,
    "unknown": -0.2871,
    "coverage": 0.0740,
    "closeness": 1.0023,
    "margin": 0.7410,
    "context": 0.0977,
    "mass": 0.8062,
    "specific": -0.3799,
    "long_specific": 0.4798,
    "long": 2.4382,
    "long_raw": 0.1959,
    "long_margin": -0.4287,
    "long_unknown": -1.3067,
    "long_agree": -0.1602,
    "long_asked": -1.1293,
    "comparison": 0.7507,
    "odd": 0.2096,
}
MEAN: dict[str, float] = {
    "raw": 0.7257,
    "unknown": 0.1433,
    "coverage": 0.8073,
    "closeness": 0.7290,
    "margin": 0.5188,
    "context": 0.0415,
    "mass": 0.6596,
    "specific": 0.3885,
    "long_specific": 0.1156,
    "long": 0.2674,
    "long_raw": 0.1847,
    "long_margin": 0.1255,
    "long_unknown": 0.0376,
    "long_agree": 0.1429,
    "long_asked": 0.1309,
    "comparison": 0.0916,
    "odd": 0.0696,
}
SCALE: dict[str, float] = {
    "raw": 0.2736,
    "unknown": 0.2343,
    "coverage": 0.2451,
    "closeness": 0.2033,
    "margin": 0.3583,
    "context": 0.1517,
    "mass": 0.2029,
    "specific": 0.2947,
    "long_specific": 0.2536,
    "long": 0.4426,
    "long_raw": 0.3357,
    "long_margin": 0.2715,
    "long_unknown": 0.1157,
    "long_agree": 0.3499,
    "long_asked": 0.2577,
    "comparison": 0.2884,
    "odd": 0.2545,
}
# --- end of fitted table ---


# How candidates are ranked: a weighted sum of their evidence (see `rank_score`).
# --- fitted ranking (benchmarks/fit_lookup.py --write) ---
# Fitted by benchmarks/fit_lookup.py --rank on 192 dev questions.
RANK_WEIGHTS: dict[str, float] = {
    "relevance": 3.7817,
    "nearness": 1.5124,
    "confidence": 1.2757,
    "named": 0.0096,
    "context": 0.9772,
    "subject": 1.1731,
    "phrase": 0.9515,
    "closeness": 1.5298,
    "coverage": 0.8619,
    "anchored": 0.6033,
    "specific": 1.2191,
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
