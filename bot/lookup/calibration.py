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
    "agree",
    "likely",
)

# --- fitted table (benchmarks/fit_lookup.py --write) ---
# Fitted by benchmarks/fit_lookup.py on 275 dev replies (204 right).
BIAS = 2.5711
WEIGHTS: dict[str, float] = {
    "raw": 1.5728,
    "unknown": -0.4595,
    "coverage": 0.7070,
    "closeness": 0.1295,
    "margin": 0.3265,
    "context": -0.0682,
    "mass": 0.3130,
    "specific": -0.5408,
    "long_specific": 0.3608,
    "long": 1.2808,
    "long_raw": -0.8407,
    "long_margin": 0.7025,
    "long_unknown": -0.5177,
    "long_agree": -0.6435,
    "long_asked": -0.5664,
    "comparison": 0.6479,
    "odd": 0.3915,
    "agree": 0.2343,
    "likely": 0.5157,
}
MEAN: dict[str, float] = {
    "raw": 0.7244,
    "unknown": 0.1401,
    "coverage": 0.8068,
    "closeness": 0.7308,
    "margin": 0.6718,
    "context": 0.0463,
    "mass": 0.6597,
    "specific": 0.3687,
    "long_specific": 0.1051,
    "long": 0.2691,
    "long_raw": 0.1862,
    "long_margin": 0.1696,
    "long_unknown": 0.0367,
    "long_agree": 0.1382,
    "long_asked": 0.1351,
    "comparison": 0.0909,
    "odd": 0.0691,
    "agree": 0.7079,
    "likely": 0.5116,
}
SCALE: dict[str, float] = {
    "raw": 0.2733,
    "unknown": 0.2337,
    "coverage": 0.2459,
    "closeness": 0.1999,
    "margin": 0.3606,
    "context": 0.1647,
    "mass": 0.2033,
    "specific": 0.2948,
    "long_specific": 0.2396,
    "long": 0.4435,
    "long_raw": 0.3363,
    "long_margin": 0.3360,
    "long_unknown": 0.1147,
    "long_agree": 0.3451,
    "long_asked": 0.2633,
    "comparison": 0.2875,
    "odd": 0.2536,
    "agree": 0.3374,
    "likely": 0.3033,
}
# --- end of fitted table ---


# How candidates are ranked: a weighted sum of their evidence (see `rank_score`).
# --- fitted ranking (benchmarks/fit_lookup.py --write) ---
# Fitted by benchmarks/fit_lookup.py --rank on 193 dev questions.
RANK_WEIGHTS: dict[str, float] = {
    "relevance": 4.2653,
    "nearness": 2.4674,
    "confidence": 1.0430,
    "named": -1.0804,
    "context": 2.3895,
    "subject": 1.5533,
    "phrase": 1.1203,
    "closeness": 2.3553,
    "coverage": -0.1890,
    "anchored": 0.6692,
    "specific": 1.4111,
    "likely": 3.5236,
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
