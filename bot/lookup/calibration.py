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
# Fitted by benchmarks/fit_lookup.py on 275 dev replies (197 right).
BIAS = 2.0035
WEIGHTS: dict[str, float] = {
    "raw": 1.0112,
    "unknown": -0.4465,
    "coverage": 0.2357,
    "closeness": 0.8422,
    "margin": 0.4874,
    "context": 0.1674,
    "mass": 0.0036,
    "long": 0.4239,
    "long_raw": -0.5971,
    "long_margin": 0.4393,
    "long_unknown": -0.4071,
    "comparison": 0.0127,
    "odd": 0.3361,
}
MEAN: dict[str, float] = {
    "raw": 0.6990,
    "unknown": 0.1754,
    "coverage": 0.7807,
    "closeness": 0.7101,
    "margin": 0.5289,
    "context": 0.0428,
    "mass": 0.6751,
    "long": 0.2727,
    "long_raw": 0.1832,
    "long_margin": 0.1361,
    "long_unknown": 0.0447,
    "comparison": 0.0909,
    "odd": 0.0727,
}
SCALE: dict[str, float] = {
    "raw": 0.2833,
    "unknown": 0.2479,
    "coverage": 0.2565,
    "closeness": 0.2104,
    "margin": 0.3553,
    "context": 0.1592,
    "mass": 0.1996,
    "long": 0.4454,
    "long_raw": 0.3323,
    "long_margin": 0.2859,
    "long_unknown": 0.1274,
    "comparison": 0.2875,
    "odd": 0.2597,
}
# --- end of fitted table ---


# How candidates are ranked: a weighted sum of their evidence (see `rank_score`).
# --- fitted ranking (benchmarks/fit_lookup.py --write) ---
# Fitted by benchmarks/fit_lookup.py --rank on 191 dev questions.
RANK_WEIGHTS: dict[str, float] = {
    "relevance": 3.9523,
    "nearness": 1.6151,
    "confidence": 1.5231,
    "named": 0.5170,
    "context": 1.0741,
    "subject": 0.9930,
    "phrase": 1.0358,
    "closeness": 1.5304,
    "coverage": 1.3467,
    "anchored": 0.0368,
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
