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
# Fitted by benchmarks/fit_lookup.py (l2 1.0) on 758 dev and training replies (486 right).
BIAS = 1.1132
WEIGHTS: dict[str, float] = {
    "raw": 0.7493,
    "unknown": -0.3205,
    "coverage": 0.7808,
    "closeness": 0.6324,
    "margin": 0.3489,
    "context": 0.3108,
    "mass": 0.3211,
    "specific": -0.1283,
    "long_specific": 0.3164,
    "long": 0.4857,
    "long_raw": 0.0293,
    "long_margin": 0.2846,
    "long_unknown": 0.1705,
    "long_agree": -0.8787,
    "long_asked": -0.2356,
    "comparison": -0.1725,
    "odd": -1.3488,
    "odd_gap": 1.3761,
    "agree": 0.1967,
    "likely": 0.3912,
    "howto": -0.4206,
    "valued": 0.4182,
    "choice": 0.2434,
    "comparison_named": 0.6191,
}
MEAN: dict[str, float] = {
    "raw": 0.6657,
    "unknown": 0.1343,
    "coverage": 0.7733,
    "closeness": 0.6650,
    "margin": 0.6136,
    "context": 0.0853,
    "mass": 0.7198,
    "specific": 0.4437,
    "long_specific": 0.1779,
    "long": 0.3325,
    "long_raw": 0.1881,
    "long_margin": 0.1908,
    "long_unknown": 0.0556,
    "long_agree": 0.2032,
    "long_asked": 0.1701,
    "comparison": 0.0950,
    "odd": 0.0554,
    "odd_gap": 0.0389,
    "agree": 0.6653,
    "likely": 0.4784,
    "howto": 0.1755,
    "valued": 0.2889,
    "choice": 0.0106,
    "comparison_named": 0.0488,
}
SCALE: dict[str, float] = {
    "raw": 0.2644,
    "unknown": 0.2058,
    "coverage": 0.2501,
    "closeness": 0.1856,
    "margin": 0.3611,
    "context": 0.1985,
    "mass": 0.1984,
    "specific": 0.2954,
    "long_specific": 0.3002,
    "long": 0.4711,
    "long_raw": 0.3023,
    "long_margin": 0.3400,
    "long_unknown": 0.1287,
    "long_agree": 0.4024,
    "long_asked": 0.2761,
    "comparison": 0.2932,
    "odd": 0.2288,
    "odd_gap": 0.1825,
    "agree": 0.3409,
    "likely": 0.3152,
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
    "relevance": 4.6612,
    "nearness": 2.3683,
    "confidence": 1.3312,
    "named": -0.4844,
    "context": 2.8693,
    "subject": 1.1728,
    "phrase": 1.1959,
    "closeness": 2.1542,
    "coverage": 0.0934,
    "anchored": -0.0325,
    "specific": 1.3927,
    "likely": 2.5092,
    "story_asked": -0.3144,
    "member": 0.0362,
    "action": 0.8543,
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
