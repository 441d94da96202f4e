"""Spelling repair for queries: typos against the pack's vocabulary, and run-together words.

A word the index does not know is repaired in this order, and the first that works wins:

1. one edit (insert, delete, substitute, swap two neighbours) away from a known word, found
   with a symmetric-delete index (as in SymSpell) and checked with rapidfuzz's optimal string
   alignment; short words only trust a dropped or swapped letter;
2. split into known words ("whatisdockerhub" -> what is docker hub), fewest pieces first;
3. split into pieces that are each known or one edit from a known word
   ("ecrvulnerabiltyscaning" -> ecr vulnerability scanning);
4. for long words (10+ letters), two edits from a known word of similar length and the same
   first letter.

Otherwise the word is left as it is: an unknown word is evidence the question is about
something else. The symmetric-delete table is built on the first word that needs it, so a
question of known words (the common case) costs nothing here.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.lookup.english import English

MIN_PIECE = 2  # shortest piece of a split word ("ps", "my")
MIN_FUZZY_PIECE = 5  # shortest piece that may itself carry a typo
SPLIT_FROM = 6  # shortest word worth splitting
FUZZY_SPLIT_FROM = 9
SWAP_RATIO = 10  # "dose" -> "does": the swapped word must be this many times more common
TWO_EDITS_FROM = 10  # shorter words two edits from a known one are usually other words
MAX_WORD = 40  # longer "words" are pasted noise: not worth repairing


class Speller:
    """Repairs query words against `frequency` (known words and how often content uses them).

    `fillers` (stopwords) are valid pieces of a split word and targets of a one-edit repair
    ("waht" -> what), but never targets of a two-edit one.
    """

    def __init__(
        self,
        frequency: Mapping[str, int],
        fillers: Iterable[str],
        accept: Callable[[str], bool] = lambda word: False,
        english: English | None = None,
    ) -> None:
        """`accept` says whether an unlisted word is fine as it is (an inflection of a known
        word: "starting" when content says "start"); `english` ranks common English words,
        which are left as typed unless one edit from a word only this pack uses."""
        self._accept = accept
        self._english = english or English(())
        self._frequency = dict(frequency)
        self._fillers = frozenset(fillers)
        self._lexicon = frozenset(self._frequency) | self._fillers
        self._deletions: dict[str, list[str]] | None = None
        self._by_start: dict[tuple[str, int], list[str]] = {}
        self.repair = lru_cache(maxsize=8192)(self._repair)

    def known(self, word: str) -> bool:
        """True when the word is in the lexicon (content words and fillers)."""
        return word in self._lexicon

    def _tables(self) -> dict[str, list[str]]:
        if self._deletions is None:
            deletions: dict[str, list[str]] = defaultdict(list)
            by_start: dict[tuple[str, int], list[str]] = defaultdict(list)
            ordered = sorted(self._lexicon, key=lambda w: (-self._frequency.get(w, 0), w))
            for word in ordered:
                if len(word) < 3:
                    continue
                for variant in _deletions(word):
                    deletions[variant].append(word)
                if word not in self._fillers:
                    by_start[(word[0], len(word))].append(word)
            self._deletions, self._by_start = dict(deletions), dict(by_start)
        return self._deletions

    def _repair(self, word: str) -> tuple[str, ...]:
        """The word as known words: itself, a correction, or the pieces of a split."""
        if word in self._lexicon or len(word) < 3 or len(word) > MAX_WORD or word.isdigit():
            return (word,)
        if self._accept(word):
            return (word,)
        if len(word) == 3:
            # Three letters: only a dropped letter of a known four-letter word ("pul").
            if self._english.common(word):
                return (word,)
            dropped = [c for c in self._one_edit_candidates(word) if len(c) == 4]
            return (max(dropped, key=self._preference),) if dropped else (word,)
        glued = _GLUED_NUMBER.fullmatch(word)
        if glued:  # "tyep1" -> "type 1", "arm64" stays when known
            return (*self.repair(glued.group(1)), glued.group(2))
        near = self._one_edit(word)
        if self._english.common(word):
            # A real word: only a pack-specific neighbour ("demon": daemon) or a far more
            # common word with the same letters ("dose": does) is a likely slip.
            if near and len(word) >= 5 and not self._english.common(near):
                return (near,)
            swapped = self._swapped(word)
            return (swapped,) if swapped else (word,)
        if near:
            return (near,)
        if len(word) >= SPLIT_FROM:
            pieces = self._split(word, fuzzy=False) or (
                self._split(word, fuzzy=True) if len(word) >= FUZZY_SPLIT_FROM else None
            )
            if pieces:
                return pieces
        if len(word) >= TWO_EDITS_FROM:
            far = self._two_edits(word)
            if far:
                return (far,)
        return (word,)

    def _one_edit_candidates(self, word: str) -> list[str]:
        deletions = self._tables()
        candidates = set(deletions.get(word, ()))
        for variant in _deletions(word):
            candidates.update(deletions.get(variant, ()))
            if variant in self._lexicon:
                candidates.add(variant)
        return [c for c in candidates if OSA.distance(word, c, score_cutoff=1) <= 1]

    def _preference(self, word: str) -> tuple[int, bool, str]:
        return (self._frequency.get(word, 0), word in self._fillers, word)

    def _swapped(self, word: str) -> str | None:
        """A word with the same letters, two of them swapped, that is far more common."""
        rank = self._english.rank(word)
        for candidate in self._one_edit_candidates(word):
            if len(candidate) != len(word) or sorted(candidate) != sorted(word):
                continue
            other = self._english.rank(candidate)
            if rank is not None and other is not None and other * SWAP_RATIO < rank:
                return candidate
        return None

    def _one_edit(self, word: str) -> str | None:
        close = self._one_edit_candidates(word)
        if len(word) <= 4:
            # Short words have many neighbours ("cool": tool, "life": live): only trust a
            # dropped letter ("buid" -> "build") or two swapped ones ("fiel" -> "file").
            close = [c for c in close if len(c) == len(word) + 1 or sorted(c) == sorted(word)]
        if not close:
            return None
        return max(close, key=self._preference)

    def _two_edits(self, word: str) -> str | None:
        self._tables()
        pool = [
            c
            for n in range(len(word) - 2, len(word) + 3)
            for c in self._by_start.get((word[0], n), ())
        ]
        found = process.extractOne(word, pool, scorer=OSA.distance, score_cutoff=2)
        return str(found[0]) if found else None

    def _split(self, word: str, *, fuzzy: bool) -> tuple[str, ...] | None:
        """The cheapest split into known pieces: each piece costs 1 (a repaired one 1.5),
        ties go to the split whose pieces content uses most."""
        size = len(word)
        best: list[tuple[float, float, tuple[str, ...]] | None] = [None] * (size + 1)
        best[0] = (0.0, 0.0, ())
        for end in range(MIN_PIECE, size + 1):
            for start in range(0, end - MIN_PIECE + 1):
                before = best[start]
                if before is None:
                    continue
                piece = word[start:end]
                cost = 1.0
                if piece not in self._lexicon:
                    if not fuzzy or len(piece) < MIN_FUZZY_PIECE or self._english.common(piece):
                        continue
                    repaired = self._one_edit(piece)
                    if repaired is None:
                        continue
                    piece, cost = repaired, 1.5
                candidate = (
                    before[0] + cost,
                    before[1] - self._frequency.get(piece, 0),
                    (*before[2], piece),
                )
                current = best[end]
                if current is None or candidate[:2] < current[:2]:
                    best[end] = candidate
        found = best[size]
        if found is None or len(found[2]) < 2:
            return None
        return found[2]


_GLUED_NUMBER = re.compile(r"([a-z]{3,})(\d+)")


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}
