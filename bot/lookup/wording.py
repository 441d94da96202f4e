"""The wording of looked-up answers, comparisons, and declines with "did you mean" suggestions."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol

from bot import actions
from bot.lookup.answering import UNSURE_AT, LookupResult
from bot.lookup.notes import NoteLike
from bot.lookup.retrieval import Match
from bot.replies import PREFIX, Button, Reply
from bot.wording import LABEL_MAX, code_block, read_more

DECLINE = "That's not in my notes."
MAX_RELATED = 3
OUT_OF_SCOPE = f"I answer questions about Docker fundamentals for AWS; try `{PREFIX} topics`."
ASK_SOMETHING = f"Ask me a question, e.g. `{PREFIX} ask which service scans images?`"
AMBIGUOUS = "I'm not sure which of these you mean:"
# A decline whose best reading was likely but not sure enough to answer (see
# bot.lookup.answering.UNSURE_AT): the notes probably have it, so saying they don't would
# be as wrong as a guess.
UNSURE = "I'm not sure enough to answer that from my notes. Is it one of these?"
ENGLISH_ONLY = (
    "Sorry, I can only answer in English. Try asking in English, e.g. "
    f"`{PREFIX} ask which service scans images?`"
)


class IndexShelf(Protocol):
    """Where replies find notes and topic titles: a `LookupIndex` (compiled or built)."""

    @property
    def topics(self) -> Mapping[str, str]: ...
    def note(self, entry_id: str) -> NoteLike | None: ...


class _Titled(Protocol):
    @property
    def title(self) -> str: ...


class PackShelf(Protocol):
    """Or the pack itself (`KnowledgePack`): its entries and topics."""

    @property
    def topics(self) -> Mapping[str, _Titled]: ...
    @property
    def entries(self) -> Mapping[str, NoteLike]: ...


Shelf = IndexShelf | PackShelf


def lookup(result: LookupResult, shelf: Shelf) -> Reply:
    """An answer from the notes, a comparison, or a decline with 'did you mean' buttons."""
    if result.kind == "language":
        return Reply(kind="decline", text=ENGLISH_ONLY)
    if result.kind == "comparison" and len(result.matches) > 1:
        return comparison(result.matches, shelf, confidence=result.confidence)
    if result.best is not None:
        return entry(
            result.best.entry,
            shelf,
            confidence=result.confidence,
            odd_one_out=result.odd_one_out,
            odd_note=result.matches[1].entry if len(result.matches) > 1 else None,
            also=[m.entry for m in result.also],
        )
    if result.ambiguous:
        text = AMBIGUOUS
    elif result.untaught:
        text = untaught(result.untaught, bool(result.suggestions))
    elif result.suggestions and result.confidence >= UNSURE_AT:
        text = UNSURE
    elif result.suggestions:
        text = f"{DECLINE} Did you mean one of these?"
    else:
        text = f"{DECLINE} {OUT_OF_SCOPE}"
    return Reply(kind="decline", text=text, buttons=_buttons(m.entry for m in result.suggestions))


def untaught(subjects: Sequence[tuple[str, str]], suggestions: bool) -> str:
    """The decline of a question about subjects the notes do not teach: their names, their
    official pages, and where the closest notes are."""
    names = [f"**{_short(subject)}**" for subject, _ in subjects]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    lines = [f"Not in my notes: {listed}.", read_more([url for _, url in subjects]) or ""]
    lines.append("The closest notes:" if suggestions else OUT_OF_SCOPE)
    return "\n\n".join(lines)


def entry(
    found: NoteLike,
    shelf: Shelf,
    *,
    confidence: float | None = None,
    odd_one_out: str | None = None,
    odd_note: NoteLike | None = None,
    also: Sequence[NoteLike] = (),
) -> Reply:
    """One note: short answer, explanation, its diagram (a code block), "Read more" links
    to its sources, topic, and buttons for related notes. For a "which is NOT" question the
    odd option comes first; a closely linked note the learner may have meant is pointed to
    ("See also")."""
    lines: list[str] = []
    if odd_one_out:
        lines.append(f"The odd one out is **{odd_one_out}**.")
        if odd_note is not None:
            lines.append(f"**{odd_note.title}**: {odd_note.answer}")
        lines.append(f"**{found.title}**: {found.answer}")
    else:
        lines.append(found.answer)
    lines.append(found.explanation)
    if found.diagram:
        lines.append(code_block(found.diagram))
    more = read_more(found.sources)
    if more:
        lines.append(more)
    if also:
        lines.append("See also: " + ", ".join(f"**{note.title}**" for note in also))
    shown = [*also, *(n for n in _related(found, shelf) if n.id not in {a.id for a in also})]
    return Reply(
        kind="answer",
        title=found.title,
        text="\n\n".join(lines),
        footer=_footer(found, shelf, confidence),
        buttons=_buttons(shown[:MAX_RELATED]),
    )


def comparison(matches: Sequence[Match], shelf: Shelf, *, confidence: float) -> Reply:
    """Two notes side by side: what each one is, then each one's explanation."""
    first, second = matches[0].entry, matches[1].entry
    matched = {first.id, second.id}
    lines = [
        f"**{first.title}**: {first.answer}",
        f"**{second.title}**: {second.answer}",
        first.explanation,
        second.explanation,
    ]
    related = [n for n in _related(first, shelf) + _related(second, shelf) if n.id not in matched]
    return Reply(
        kind="answer",
        title=f"{_short(first.title)} vs {_short(second.title)}",
        text="\n\n".join(lines),
        footer=_footer(first, shelf, confidence),
        buttons=_buttons(list({n.id: n for n in related}.values())[:MAX_RELATED]),
    )


def _short(title: str) -> str:
    """A title without its parenthesised gloss: "docker push (upload ...)" -> "docker push"."""
    head, _, _ = title.partition(" (")
    return head.strip() or title


def _footer(found: NoteLike, shelf: Shelf, confidence: float | None) -> str:
    topic = shelf.topics.get(found.topic)
    title = topic if isinstance(topic, str) else topic.title if topic else found.topic
    return f"Topic: {title}" + (f" · confidence {confidence:.0%}" if confidence else "")


def _note(shelf: Shelf, entry_id: str) -> NoteLike | None:
    if hasattr(shelf, "note"):
        return shelf.note(entry_id)
    return shelf.entries.get(entry_id)


def _related(found: NoteLike, shelf: Shelf) -> list[NoteLike]:
    notes = (_note(shelf, r) for r in found.related)
    return [n for n in notes if n is not None]


def _buttons(notes: Iterable[NoteLike]) -> tuple[Button, ...]:
    return tuple(Button(label=n.title[:LABEL_MAX], action=actions.explain(n.id)) for n in notes)
