"""The lookup index: a pack's entries made searchable, and how a question is answered from it.

`LookupIndex` ties the pieces together: `reading` (what the message asks, what is only
around it), `spelling` (typos and run-together words), `retrieval` (BM25 and confidence),
`shapes` and `answering` (comparisons, "which is NOT", ambiguity, the threshold). It can be
written as JSON-ready data and read back (`to_data` / `from_data`), which is how `ask` in a
fresh process skips parsing and validating the YAML pack (see `bot.lookup.compiled`).
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from bot.lookup.answering import ANSWER_AT, LookupResult, Proposal, decide, propose
from bot.lookup.english import common_words
from bot.lookup.notes import Note, NoteLike
from bot.lookup.retrieval import Corpus, Match
from bot.text import remember_stems, stems_of

if TYPE_CHECKING:
    from bot.content.pack import KnowledgePack

__all__ = ["ANSWER_AT", "LookupIndex", "LookupResult", "Match", "Proposal"]

SETTLE_FROM = 1000  # entries: smaller indexes are too small for collections to matter


class Searchable(NoteLike, Protocol):
    """An entry with the ways learners ask for it (the pack's `Entry`)."""

    @property
    def aliases(self) -> tuple[str, ...]: ...
    @property
    def phrasings(self) -> tuple[str, ...]: ...


class SynonymLike(Protocol):
    """A canonical term and its variants (the pack's `Synonym`)."""

    @property
    def canonical(self) -> str: ...
    @property
    def variants(self) -> tuple[str, ...]: ...


class OutsideLike(Protocol):
    """A subject the notes do not teach and the names it goes by (the pack's `Outside`)."""

    @property
    def subject(self) -> str: ...
    @property
    def names(self) -> tuple[str, ...]: ...
    @property
    def source(self) -> str: ...


class LookupIndex:
    """Answers free text from a pack's entries (see the module docstring)."""

    def __init__(
        self,
        entries: Iterable[Searchable],
        synonyms: Iterable[SynonymLike] = (),
        topics: Mapping[str, str] | None = None,
        english: Sequence[str] | None = None,
        outside: Iterable[OutsideLike] = (),
    ) -> None:
        """`topics` maps topic ids to titles (for replies); `english` the common English
        words, most frequent first (default: `bot.lookup.english.common_words()`);
        `outside` the subjects the notes do not teach."""
        entries = list(entries)
        self._corpus = Corpus(
            (Note.of(e) for e in entries),
            {e.id: (e.aliases, e.phrasings) for e in entries},
            [(s.canonical, s.variants) for s in synonyms],
            common_words() if english is None else english,
            [(o.subject, o.names, o.source) for o in outside],
        )
        self.topics: dict[str, str] = dict(topics or {})
        _settle(len(self))

    @classmethod
    def for_pack(cls, pack: KnowledgePack) -> LookupIndex:
        """The index of every entry in a pack, with its synonyms and untaught subjects."""
        return cls(
            pack.entries.values(),
            pack.synonyms,
            {topic.id: topic.title for topic in pack.topics.values()},
            outside=pack.outside,
        )

    def to_data(self) -> dict[str, Any]:
        """JSON-ready data that `from_data` turns back into this index."""
        corpus = self._corpus.to_data()
        corpus["topics"] = self.topics
        corpus["stems"] = stems_of(self._corpus.vocabulary)
        return corpus

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> LookupIndex:
        """The index `to_data` wrote; ValueError when the data is of another format."""
        index = cls.__new__(cls)
        remember_stems(data.get("stems", {}))
        index._corpus = Corpus.from_data(data)
        index.topics = {str(k): str(v) for k, v in data.get("topics", {}).items()}
        _settle(len(index))
        return index

    def __len__(self) -> int:
        return len(self._corpus.docs)

    @property
    def corpus(self) -> Corpus:
        """The searchable entries (for evaluation and tests)."""
        return self._corpus

    def note(self, entry_id: str) -> Note | None:
        """The note of an entry, or None for an unknown id."""
        index = self._corpus.by_id.get(entry_id)
        return self._corpus.docs[index].note if index is not None else None

    def terms(self, query: str) -> list[str]:
        """The query as the index sees it: repaired, synonym-mapped, stemmed content words."""
        return self._corpus.terms(query)

    def propose(self, query: str) -> Proposal:
        """The reply the index would give at any threshold, with its confidence."""
        return propose(self._corpus, query)

    def search(self, query: str, *, answer_at: float = ANSWER_AT) -> LookupResult:
        """Answer `query`, or decline with suggestions (listed best first)."""
        return decide(query, self.propose(query), answer_at=answer_at)

    def related_notes(self, note: NoteLike, limit: int) -> Sequence[Note]:
        """The related entries of a note that exist in this index."""
        found = (self.note(r) for r in note.related)
        return [n for n in found if n is not None][:limit]


def _settle(entries: int) -> None:
    """After building a large index, collect the garbage and freeze what is left (CPython's
    gc.freeze): the index's millions of objects never change, and a full collection that
    walked them all in the middle of a search would cost tens of milliseconds."""
    if entries >= SETTLE_FROM:
        gc.collect()
        gc.freeze()
