"""Find a topic from what a learner typed: its id, title or an alias, fuzzily.

First an exact form, then a close whole-string match (rapidfuzz WRatio), then word by word
with one typo allowed per word (two in long words): "kernal" finds kernel features,
"regstry" the registries. A name that fits several topics equally finds none.
"""

from __future__ import annotations

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from bot.content.pack import KnowledgePack
from bot.text import STOPWORDS, clean

MATCH_AT = 80
MIN_TYPO_WORD = 4  # shorter words must be typed exactly
LONG_WORD = 8  # from this length two typos are allowed


def match_topic(pack: KnowledgePack, name: str, *, strict: bool = False) -> str | None:
    """The id of the topic `name` refers to, or None when nothing is close enough. `strict`
    skips the whole-string match, whose partial scoring finds a topic in any sentence that
    mentions one (used for bare text, which may well be a question)."""
    wanted = clean(name)
    if not wanted:
        return None
    forms: dict[str, str] = {}
    for topic in pack.topics.values():
        for form in (topic.id, topic.title, *topic.aliases):
            forms.setdefault(clean(form), topic.id)
    if wanted in forms:
        return forms[wanted]
    if not strict:
        found = process.extractOne(wanted, list(forms), scorer=fuzz.WRatio, score_cutoff=MATCH_AT)
        if found:
            return forms[found[0]]
    return _by_words(forms, [w for w in wanted.split() if w not in STOPWORDS])


def _by_words(forms: dict[str, str], typed: list[str]) -> str | None:
    if not typed:
        return None
    words: dict[str, set[str]] = {}
    for form, topic in forms.items():
        words.setdefault(topic, set()).update(form.split())
    fits = [topic for topic, known in words.items() if all(_near(w, known) for w in typed)]
    return fits[0] if len(fits) == 1 else None


def _near(word: str, known: set[str]) -> bool:
    if word in known:
        return True
    if len(word) < MIN_TYPO_WORD:
        return False
    allowed = 2 if len(word) >= LONG_WORD else 1
    return any(OSA.distance(word, k, score_cutoff=allowed) <= allowed for k in known)
