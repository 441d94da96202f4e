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
    "howto",
    "valued",
    "choice",
    "comparison_named",
)

# --- fitted table (benchmarks/fit_lookup.py --write) ---
# Fitted by benchmarks/fit_lookup.py (l2 1.0) on 763 dev and training replies (491 right).
BIAS = 1.1144
WEIGHTS: dict[str, float] = {
    "raw": 0.5917,
    "unknown": -0.3594,
    "coverage": 0.7982,
    "closeness": 0.7023,
    "margin": 0.3465,
    "context": 0.3001,
    "mass": 0.2689,
    "specific": -0.0976,
    "long_specific": 0.2810,
    "long": 0.4326,
    "long_raw": 0.2044,
    "long_margin": 0.3215,
    "long_unknown": 0.1796,
    "long_agree": -0.9687,
    "long_asked": -0.2226,
    "comparison": -0.1880,
    "odd": -1.4245,
    "odd_gap": 1.3981,
    "agree": 0.1880,
    "likely": 0.4280,
    "howto": -0.3881,
    "valued": 0.3624,
    "choice": 0.2418,
    "comparison_named": 0.4182,
}
MEAN: dict[str, float] = {
    "raw": 0.6675,
    "unknown": 0.1332,
    "coverage": 0.7745,
    "closeness": 0.6663,
    "margin": 0.6131,
    "context": 0.0853,
    "mass": 0.7190,
    "specific": 0.4429,
    "long_specific": 0.1759,
    "long": 0.3316,
    "long_raw": 0.1882,
    "long_margin": 0.1899,
    "long_unknown": 0.0551,
    "long_agree": 0.2031,
    "long_asked": 0.1696,
    "comparison": 0.1009,
    "odd": 0.0537,
    "odd_gap": 0.0379,
    "agree": 0.6667,
    "likely": 0.4783,
    "howto": 0.1756,
    "valued": 0.2910,
    "choice": 0.0105,
    "comparison_named": 0.0498,
}
SCALE: dict[str, float] = {
    "raw": 0.2637,
    "unknown": 0.2055,
    "coverage": 0.2491,
    "closeness": 0.1859,
    "margin": 0.3608,
    "context": 0.1986,
    "mass": 0.1982,
    "specific": 0.2945,
    "long_specific": 0.2987,
    "long": 0.4708,
    "long_raw": 0.3023,
    "long_margin": 0.3392,
    "long_unknown": 0.1284,
    "long_agree": 0.4023,
    "long_asked": 0.2751,
    "comparison": 0.3012,
    "odd": 0.2255,
    "odd_gap": 0.1810,
    "agree": 0.3405,
    "likely": 0.3145,
    "howto": 0.3805,
    "valued": 0.4542,
    "choice": 0.1019,
    "comparison_named": 0.2175,
}
# --- end of fitted table ---


# How candidates are ranked: a weighted sum of their evidence (see `rank_score`).
# --- fitted ranking (benchmarks/fit_lookup.py --write) ---
# Fitted by benchmarks/fit_lookup.py --rank on 506 dev and training questions.
RANK_WEIGHTS: dict[str, float] = {
    "relevance": 4.5245,
    "nearness": 2.2682,
    "confidence": 1.3547,
    "named": -0.6107,
    "context": 2.7823,
    "subject": 1.1770,
    "phrase": 1.2327,
    "closeness": 2.0970,
    "coverage": 0.2845,
    "anchored": 0.0057,
    "specific": 1.4479,
    "likely": 2.5437,
    "story_asked": -0.2234,
    "member": 0.0347,
    "action": 0.9458,
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
        "story_asked": evidence.story_asked,
        "member": evidence.member,
        "action": evidence.action,
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
