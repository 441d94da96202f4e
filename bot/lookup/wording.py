"""The wording of looked-up answers and of declines with "did you mean" suggestions."""

from __future__ import annotations

from collections.abc import Sequence

from bot import actions
from bot.content.pack import KnowledgePack
from bot.content.schema import Entry
from bot.lookup.index import LookupResult, Match
from bot.replies import PREFIX, Button, Reply
from bot.wording import LABEL_MAX, code_block, read_more, topic_title

DECLINE = "That's not in my notes."
MAX_RELATED = 3
OUT_OF_SCOPE = f"I answer questions about Docker fundamentals for AWS; try `{PREFIX} topics`."
ASK_SOMETHING = f"Ask me a question, e.g. `{PREFIX} ask which service scans images?`"


def lookup(result: LookupResult, pack: KnowledgePack) -> Reply:
    """An answer from the notes, or a decline with 'did you mean' buttons."""
    if result.best is not None:
        return entry(result.best.entry, pack, confidence=result.best.confidence)
    if result.ambiguous:
        text = "I'm not sure which of these you mean:"
    elif result.suggestions:
        text = f"{DECLINE} Did you mean one of these?"
    else:
        text = f"{DECLINE} {OUT_OF_SCOPE}"
    return Reply(kind="decline", text=text, buttons=_suggestion_buttons(result.suggestions))


def entry(found: Entry, pack: KnowledgePack, *, confidence: float | None = None) -> Reply:
    """One note: short answer, explanation, its diagram (a code block), "Read more" links to
    its sources, topic, and buttons for related notes."""
    related = [pack.entries[r] for r in found.related if r in pack.entries][:MAX_RELATED]
    footer = f"Topic: {topic_title(pack, found.topic)}" + (
        f" · confidence {confidence:.0%}" if confidence else ""
    )
    parts = [found.answer, found.explanation]
    if found.diagram:
        parts.append(code_block(found.diagram))
    more = read_more(found.sources)
    if more:
        parts.append(more)
    return Reply(
        kind="answer",
        title=found.title,
        text="\n\n".join(parts),
        footer=footer,
        buttons=tuple(
            Button(label=r.title[:LABEL_MAX], action=actions.explain(r.id)) for r in related
        ),
    )


def _suggestion_buttons(matches: Sequence[Match]) -> tuple[Button, ...]:
    return tuple(
        Button(label=m.entry.title[:LABEL_MAX], action=actions.explain(m.entry.id)) for m in matches
    )
