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
    "long_margin",
    "long_context",
    "comparison",
    "odd",
)

# --- fitted table (benchmarks/fit_lookup.py --write) ---
# Fitted by benchmarks/fit_lookup.py on 274 dev replies (194 right).
BIAS = 1.7819
WEIGHTS: dict[str, float] = {
    "raw": 0.9828,
    "unknown": -0.3779,
    "coverage": 0.1530,
    "closeness": 1.0735,
    "margin": 0.3825,
    "context": 0.0573,
    "mass": 0.2284,
    "long": -0.1292,
    "long_margin": 0.1769,
    "long_context": 0.0573,
    "comparison": 0.1899,
    "odd": 0.4026,
}
MEAN: dict[str, float] = {
    "raw": 0.7026,
    "unknown": 0.1727,
    "coverage": 0.7842,
    "closeness": 0.7110,
    "margin": 0.8321,
    "context": 0.0445,
    "mass": 0.6739,
    "long": 0.2701,
    "long_margin": 0.2193,
    "long_context": 0.0445,
    "comparison": 0.0912,
    "odd": 0.0730,
}
SCALE: dict[str, float] = {
    "raw": 0.2808,
    "unknown": 0.2443,
    "coverage": 0.2540,
    "closeness": 0.2114,
    "margin": 0.3027,
    "context": 0.1610,
    "mass": 0.1997,
    "long": 0.4440,
    "long_margin": 0.3978,
    "long_context": 0.1610,
    "comparison": 0.2880,
    "odd": 0.2601,
}
# --- end of fitted table ---


# How candidates are ranked: a weighted sum of their evidence (see `rank_score`).
# --- fitted ranking (benchmarks/fit_lookup.py --write) ---
# Fitted by benchmarks/fit_lookup.py --rank on 189 dev questions.
RANK_WEIGHTS: dict[str, float] = {
    "relevance": 4.0506,
    "nearness": 1.3841,
    "confidence": 1.3728,
    "named": 0.5782,
    "context": 1.2588,
    "subject": 1.0249,
    "phrase": 1.1220,
    "closeness": 1.5029,
    "coverage": 1.1285,
    "anchored": -0.1015,
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
