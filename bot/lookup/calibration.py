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
import operator
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
    "flag",
    "flag_missed",
    "comparison_raw",
    "odd_raw",
)

# --- fitted table (benchmarks/fit_lookup.py --write) ---
# Fitted by benchmarks/fit_lookup.py (l2 1.0) on 764 dev and training replies (494 right).
BIAS = 1.2266
WEIGHTS: dict[str, float] = {
    "raw": 0.8229,
    "unknown": -0.2346,
    "coverage": 0.8668,
    "closeness": 0.7452,
    "margin": 0.3481,
    "context": 0.3130,
    "mass": 0.2804,
    "specific": -0.1369,
    "long_specific": 0.4097,
    "long": 0.4658,
    "long_raw": 0.1106,
    "long_margin": 0.2969,
    "long_unknown": 0.1476,
    "long_agree": -0.8985,
    "long_asked": -0.2796,
    "comparison": 0.2729,
    "odd": -0.4187,
    "odd_gap": 1.4128,
    "agree": 0.1903,
    "likely": 0.4705,
    "howto": -0.3643,
    "valued": 0.3842,
    "choice": 0.2252,
    "comparison_named": 0.2950,
    "flag": 0.3305,
    "flag_missed": -0.1726,
    "comparison_raw": -0.4015,
    "odd_raw": -1.1484,
}
MEAN: dict[str, float] = {
    "raw": 0.6557,
    "unknown": 0.1337,
    "coverage": 0.7600,
    "closeness": 0.6670,
    "margin": 0.6101,
    "context": 0.0851,
    "mass": 0.7193,
    "specific": 0.4418,
    "long_specific": 0.1772,
    "long": 0.3325,
    "long_raw": 0.1871,
    "long_margin": 0.1910,
    "long_unknown": 0.0553,
    "long_agree": 0.2081,
    "long_asked": 0.1682,
    "comparison": 0.1008,
    "odd": 0.0550,
    "odd_gap": 0.0390,
    "agree": 0.6972,
    "likely": 0.4824,
    "howto": 0.1754,
    "valued": 0.2906,
    "choice": 0.0105,
    "comparison_named": 0.0497,
    "flag": 0.0327,
    "flag_missed": 0.0275,
    "comparison_raw": 0.0790,
    "odd_raw": 0.0441,
}
SCALE: dict[str, float] = {
    "raw": 0.2764,
    "unknown": 0.2054,
    "coverage": 0.2664,
    "closeness": 0.1861,
    "margin": 0.3610,
    "context": 0.1987,
    "mass": 0.1979,
    "specific": 0.2950,
    "long_specific": 0.3000,
    "long": 0.4711,
    "long_raw": 0.3027,
    "long_margin": 0.3408,
    "long_unknown": 0.1287,
    "long_agree": 0.4060,
    "long_asked": 0.2750,
    "comparison": 0.3010,
    "odd": 0.2279,
    "odd_gap": 0.1834,
    "agree": 0.3130,
    "likely": 0.3136,
    "howto": 0.3803,
    "valued": 0.4540,
    "choice": 0.1018,
    "comparison_named": 0.2174,
    "flag": 0.1779,
    "flag_missed": 0.1635,
    "comparison_raw": 0.2527,
    "odd_raw": 0.1893,
}
# --- end of fitted table ---


# How candidates are ranked: a weighted sum of their evidence (see `rank_score`).
# --- fitted ranking (benchmarks/fit_lookup.py --write) ---
# Fitted by benchmarks/fit_lookup.py --rank on 506 dev and training questions.
RANK_WEIGHTS: dict[str, float] = {
    "relevance": 4.5196,
    "nearness": 2.2121,
    "confidence": 1.3368,
    "named": -0.5377,
    "context": 2.7472,
    "subject": 1.1846,
    "phrase": 1.2400,
    "closeness": 2.1050,
    "coverage": 0.2805,
    "anchored": -0.0363,
    "specific": 1.4478,
    "likely": 2.5428,
    "story_asked": -0.2109,
    "member": 0.0350,
    "action": 0.9510,
    "flag": 1.2041,
}
# --- end of fitted ranking ---


def rank_values(evidence: Evidence, confidence: float) -> list[float]:
    """A candidate's ranking features, in the order of RANK_WEIGHTS: the raw confidence
    for "confidence", the evidence field of that name for every other."""
    return [
        confidence if name == "confidence" else getattr(evidence, name) for name in RANK_WEIGHTS
    ]


def rank_score(evidence: Evidence, confidence: float) -> float:
    """How high a candidate ranks: RANK_WEIGHTS over its `rank_values`."""
    values = rank_values(evidence, confidence)
    return float(sum(map(operator.mul, RANK_WEIGHTS.values(), values)))


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
