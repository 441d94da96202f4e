"""Find a topic from what a learner typed: its id, title or an alias, fuzzily."""

from __future__ import annotations

from rapidfuzz import fuzz, process

from bot.content.pack import KnowledgePack
from bot.text import clean

MATCH_AT = 80


def match_topic(pack: KnowledgePack, name: str) -> str | None:
    """The id of the topic `name` refers to, or None when nothing is close enough."""
    wanted = clean(name)
    if not wanted:
        return None
    forms: dict[str, str] = {}
    for topic in pack.topics.values():
        for form in (topic.id, topic.title, *topic.aliases):
            forms.setdefault(clean(form), topic.id)
    if wanted in forms:
        return forms[wanted]
    found = process.extractOne(wanted, list(forms), scorer=fuzz.WRatio, score_cutoff=MATCH_AT)
    return forms[found[0]] if found else None
