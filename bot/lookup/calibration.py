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
# Fitted by benchmarks/fit_lookup.py (l2 1.0) on 758 dev and training replies (487 right).
BIAS = 1.1193
WEIGHTS: dict[str, float] = {
    "raw": 0.8180,
    "unknown": -0.3429,
    "coverage": 0.6453,
    "closeness": 0.5845,
    "margin": 0.3404,
    "context": 0.3227,
    "mass": 0.2087,
    "specific": -0.1041,
    "long_specific": 0.3508,
    "long": 0.6082,
    "long_raw": -0.1205,
    "long_margin": 0.2497,
    "long_unknown": 0.0835,
    "long_agree": -0.7914,
    "long_asked": -0.2328,
    "comparison": -0.1922,
    "odd": -1.3524,
    "odd_gap": 1.3775,
    "agree": 0.2046,
    "likely": 0.3606,
    "howto": -0.3968,
    "valued": 0.4011,
    "choice": 0.2625,
    "comparison_named": 0.6076,
}
MEAN: dict[str, float] = {
    "raw": 0.6654,
    "unknown": 0.1343,
    "coverage": 0.7723,
    "closeness": 0.6652,
    "margin": 0.6119,
    "context": 0.0910,
    "mass": 0.7200,
    "specific": 0.4427,
    "long_specific": 0.1933,
    "long": 0.3747,
    "long_raw": 0.2222,
    "long_margin": 0.2188,
    "long_unknown": 0.0576,
    "long_agree": 0.2296,
    "long_asked": 0.2004,
    "comparison": 0.0950,
    "odd": 0.0554,
    "odd_gap": 0.0389,
    "agree": 0.6667,
    "likely": 0.4782,
    "howto": 0.1755,
    "valued": 0.2889,
    "choice": 0.0106,
    "comparison_named": 0.0488,
}
SCALE: dict[str, float] = {
    "raw": 0.2651,
    "unknown": 0.2058,
    "coverage": 0.2512,
    "closeness": 0.1857,
    "margin": 0.3624,
    "context": 0.2069,
    "mass": 0.1984,
    "specific": 0.2957,
    "long_specific": 0.3075,
    "long": 0.4840,
    "long_raw": 0.3277,
    "long_margin": 0.3588,
    "long_unknown": 0.1320,
    "long_agree": 0.4205,
    "long_asked": 0.2989,
    "comparison": 0.2932,
    "odd": 0.2288,
    "odd_gap": 0.1825,
    "agree": 0.3394,
    "likely": 0.3150,
    "howto": 0.3804,
    "valued": 0.4533,
    "choice": 0.1022,
    "comparison_named": 0.2155,
}
# --- end of fitted table ---


# How candidates are ranked: a weighted sum of their evidence (see `rank_score`).
# --- fitted ranking (benchmarks/fit_lookup.py --write) ---
# Fitted by benchmarks/fit_lookup.py --rank on 505 dev and training questions.
RANK_WEIGHTS: dict[str, float] = {
    "relevance": 4.6705,
    "nearness": 2.3744,
    "confidence": 1.3222,
    "named": -0.4781,
    "context": 2.7636,
    "subject": 1.1815,
    "phrase": 1.2093,
    "closeness": 2.1584,
    "coverage": 0.1433,
    "anchored": -0.0358,
    "specific": 1.4093,
    "likely": 2.4880,
    "story_asked": -0.2649,
    "member": 0.0366,
    "action": 0.8491,
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
