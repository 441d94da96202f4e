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
# Fitted by benchmarks/fit_lookup.py on 274 dev replies (199 right).
BIAS = 2.4144
WEIGHTS: dict[str, float] = {
    "raw": 1.8854,
    "unknown": -0.4418,
    "coverage": -0.0524,
    "closeness": 0.9006,
    "margin": 0.7937,
    "context": 0.2072,
    "mass": 0.3275,
    "specific": -0.6409,
    "long_specific": 0.5999,
    "long": 1.7764,
    "long_raw": -1.0379,
    "long_margin": 0.1569,
    "long_unknown": -1.1186,
    "long_agree": 0.3770,
    "long_asked": -0.9082,
    "comparison": -0.3517,
    "odd": 0.2195,
}
MEAN: dict[str, float] = {
    "raw": 0.7027,
    "unknown": 0.1685,
    "coverage": 0.7873,
    "closeness": 0.7092,
    "margin": 0.5348,
    "context": 0.0428,
    "mass": 0.6750,
    "specific": 0.4276,
    "long_specific": 0.1327,
    "long": 0.2701,
    "long_raw": 0.1821,
    "long_margin": 0.1350,
    "long_unknown": 0.0403,
    "long_agree": 0.1496,
    "long_asked": 0.1274,
    "comparison": 0.0912,
    "odd": 0.0730,
}
SCALE: dict[str, float] = {
    "raw": 0.2784,
    "unknown": 0.2451,
    "coverage": 0.2534,
    "closeness": 0.2113,
    "margin": 0.3583,
    "context": 0.1606,
    "mass": 0.2005,
    "specific": 0.2844,
    "long_specific": 0.2674,
    "long": 0.4440,
    "long_raw": 0.3320,
    "long_margin": 0.2885,
    "long_unknown": 0.1219,
    "long_agree": 0.3567,
    "long_asked": 0.2532,
    "comparison": 0.2880,
    "odd": 0.2601,
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
