"""How long one review takes, for "5 reviews are due (about 3 minutes)".

The figure is derived, not measured on learners (the bot keeps no answer timings): the
median question of the pack, its prompt, options and the explanation shown after the
answer, read at 238 words a minute, the average silent reading rate of English non-fiction
found by Brysbaert (2019), "How many words do we read per minute? A review and meta-analysis
of reading rate", Journal of Memory and Language 109, 104047. Choosing takes longer than
reading for some people and less for others; the message says "about".
"""

from __future__ import annotations

import statistics

from bot.content.pack import KnowledgePack

WORDS_PER_MINUTE = 238
FALLBACK_SECONDS = 30.0  # an empty pack has no median


def seconds_per_review(pack: KnowledgePack) -> float:
    """Seconds to read the pack's median question, its options and its explanation."""
    counts = [
        len(" ".join([q.prompt, *(o.text for o in q.options), q.explanation]).split())
        for q in pack.questions.values()
    ]
    if not counts:
        return FALLBACK_SECONDS
    return statistics.median(counts) * 60 / WORDS_PER_MINUTE
