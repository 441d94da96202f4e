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

FEATURES = ("raw", "margin", "context", "mass", "long", "comparison", "odd")

# --- fitted table (benchmarks/fit_lookup.py --write) ---
# Fitted by benchmarks/fit_lookup.py on 273 dev replies (191 right).
BIAS = 1.4357
WEIGHTS: dict[str, float] = {
    "raw": 1.8901,
    "margin": 0.3730,
    "context": 0.0450,
    "mass": 0.0398,
    "long": 0.1215,
    "comparison": 0.1418,
    "odd": 0.1553,
}
MEAN: dict[str, float] = {
    "raw": 0.6994,
    "margin": 0.8313,
    "context": 0.0447,
    "mass": 0.6758,
    "long": 0.3040,
    "comparison": 0.0916,
    "odd": 0.0696,
}
SCALE: dict[str, float] = {
    "raw": 0.2806,
    "margin": 0.3037,
    "context": 0.1614,
    "mass": 0.1983,
    "long": 0.4600,
    "comparison": 0.2884,
    "odd": 0.2545,
}
# --- end of fitted table ---


# How candidates are ranked: a weighted sum of their evidence (see `rank_score`).
# --- fitted ranking (benchmarks/fit_lookup.py --write) ---
# Fitted by benchmarks/fit_lookup.py --rank on 190 dev questions.
RANK_WEIGHTS: dict[str, float] = {
    "relevance": 4.0509,
    "nearness": 1.3147,
    "confidence": 1.3645,
    "named": 0.7405,
    "context": 1.2468,
    "subject": 1.0333,
    "phrase": 1.0767,
    "closeness": 1.4882,
    "coverage": 1.1447,
    "anchored": -0.2522,
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
