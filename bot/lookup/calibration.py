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
BIAS = 1.7805
WEIGHTS: dict[str, float] = {
    "raw": 0.9830,
    "unknown": -0.4165,
    "coverage": 0.1239,
    "closeness": 0.9858,
    "margin": 0.4264,
    "context": 0.0530,
    "mass": 0.1547,
    "long": -0.0911,
    "long_margin": 0.1096,
    "long_context": 0.0530,
    "comparison": 0.1551,
    "odd": 0.3858,
}
MEAN: dict[str, float] = {
    "raw": 0.6988,
    "unknown": 0.1745,
    "coverage": 0.7804,
    "closeness": 0.7090,
    "margin": 0.8296,
    "context": 0.0445,
    "mass": 0.6771,
    "long": 0.2701,
    "long_margin": 0.2192,
    "long_context": 0.0445,
    "comparison": 0.0912,
    "odd": 0.0730,
}
SCALE: dict[str, float] = {
    "raw": 0.2819,
    "unknown": 0.2447,
    "coverage": 0.2554,
    "closeness": 0.2108,
    "margin": 0.3034,
    "context": 0.1609,
    "mass": 0.1990,
    "long": 0.4440,
    "long_margin": 0.3976,
    "long_context": 0.1609,
    "comparison": 0.2880,
    "odd": 0.2601,
}
# --- end of fitted table ---


# How candidates are ranked: a weighted sum of their evidence (see `rank_score`).
# --- fitted ranking (benchmarks/fit_lookup.py --write) ---
# Fitted by benchmarks/fit_lookup.py --rank on 190 dev questions.
RANK_WEIGHTS: dict[str, float] = {
    "relevance": 4.0766,
    "nearness": 1.2992,
    "confidence": 1.3521,
    "named": 0.6956,
    "context": 1.2394,
    "subject": 1.0496,
    "phrase": 1.0884,
    "closeness": 1.4485,
    "coverage": 1.1407,
    "anchored": -0.1357,
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
