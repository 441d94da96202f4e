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
# Fitted by benchmarks/fit_lookup.py on 271 dev replies (191 right).
BIAS = 1.5097
WEIGHTS: dict[str, float] = {
    "raw": 1.8970,
    "margin": 0.3201,
    "context": 0.1122,
    "mass": -0.0226,
    "long": -0.0760,
    "comparison": 0.1417,
    "odd": 0.1959,
}
MEAN: dict[str, float] = {
    "raw": 0.6973,
    "margin": 0.8285,
    "context": 0.0452,
    "mass": 0.6772,
    "long": 0.2657,
    "comparison": 0.0923,
    "odd": 0.0664,
}
SCALE: dict[str, float] = {
    "raw": 0.2827,
    "margin": 0.3024,
    "context": 0.1624,
    "mass": 0.2002,
    "long": 0.4417,
    "comparison": 0.2894,
    "odd": 0.2490,
}
# --- end of fitted table ---


# How candidates are ranked: a weighted sum of their evidence (see `rank_score`).
# --- fitted ranking (benchmarks/fit_lookup.py --write) ---
# Fitted by benchmarks/fit_lookup.py --rank on 190 dev questions.
RANK_WEIGHTS: dict[str, float] = {
    "relevance": 4.0570,
    "nearness": 1.3282,
    "confidence": 1.3621,
    "named": 0.6738,
    "context": 1.2566,
    "subject": 1.0515,
    "phrase": 1.0842,
    "closeness": 1.4557,
    "coverage": 1.1414,
    "anchored": -0.1360,
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
