"""What the lookup shows of an entry, without the pack's validation models.

`ask` in a fresh process loads a compiled index (see `bot.lookup.compiled`) instead of the
YAML pack, so it must not need pydantic: a `Note` carries what a reply shows, and the pack's
`Entry` satisfies the same `NoteLike` shape, so wording works with either.
"""

from __future__ import annotations

from typing import Any, NamedTuple, Protocol


class NoteLike(Protocol):
    """The fields of an entry that replies show (an `Entry` or a `Note`)."""

    @property
    def id(self) -> str: ...
    @property
    def topic(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def answer(self) -> str: ...
    @property
    def explanation(self) -> str: ...
    @property
    def related(self) -> tuple[str, ...]: ...
    @property
    def diagram(self) -> str | None: ...
    @property
    def sources(self) -> tuple[str, ...]: ...


class Note(NamedTuple):
    """One entry as the lookup keeps it: its id, topic, texts and related entries."""

    id: str
    topic: str
    title: str
    answer: str
    explanation: str
    related: tuple[str, ...] = ()
    diagram: str | None = None
    sources: tuple[str, ...] = ()

    @classmethod
    def of(cls, entry: NoteLike) -> Note:
        """The note of a pack entry."""
        return cls(
            id=entry.id,
            topic=entry.topic,
            title=entry.title,
            answer=entry.answer,
            explanation=entry.explanation,
            related=tuple(entry.related),
            diagram=entry.diagram,
            sources=tuple(entry.sources),
        )

    def to_data(self) -> dict[str, Any]:
        """A JSON-ready dict (see `from_data`)."""
        return {
            "id": self.id,
            "topic": self.topic,
            "title": self.title,
            "answer": self.answer,
            "explanation": self.explanation,
            "related": list(self.related),
            "diagram": self.diagram,
            "sources": list(self.sources),
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Note:
        """The note `to_data` wrote."""
        return cls(
            id=str(data["id"]),
            topic=str(data["topic"]),
            title=str(data["title"]),
            answer=str(data["answer"]),
            explanation=str(data["explanation"]),
            related=tuple(data.get("related", ())),
            diagram=data.get("diagram"),
            sources=tuple(data.get("sources", ())),
        )
