"""Everyday English: how common a word is, so the lookup can tell "bit" from "lambda".

A word no entry uses is evidence that a question is about something else, but not all such
words are alike: "happens", "totally" or "jobs" are everyday English and say little, while
"lambda", "conda" or "failover" name another topic. Everyday words are also real words, so
the spelling repair leaves them alone ("online" is not "on line"), unless they are one edit
from a word only this pack uses ("demon" -> daemon).

The ranking comes from pyspellchecker's English word-frequency list (subtitles-based, so
close to how people talk). It is read once, when an index is compiled, and kept in the
compiled index as a ranked word list; nothing is loaded while answering.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

ENGLISH_WORDS = 40_000  # the most frequent words kept in a compiled index
EVERYDAY = 5_000  # the most frequent words: chat and everyday language
COMMON = 20_000  # real words, kept as typed


@lru_cache(maxsize=2)
def common_words(limit: int = ENGLISH_WORDS) -> tuple[str, ...]:
    """The `limit` most frequent English words (lowercase ASCII letters), most frequent first."""
    from spellchecker import SpellChecker  # only when an index is compiled (about 0.3 s)

    frequency = SpellChecker(language="en", distance=1).word_frequency.dictionary
    found = [w for w in frequency if w.isascii() and w.isalpha()]
    found.sort(key=lambda w: (-frequency[w], w))
    return tuple(found[:limit])


class English:
    """Ranks of common English words (0 = most frequent); built on first use."""

    def __init__(self, ranked: Sequence[str] | str) -> None:
        """`ranked`: the words most frequent first, as a list or one space-separated string
        (as a compiled index keeps them; split on first use)."""
        self._ranked = ranked
        self._rank: dict[str, int] | None = None

    @property
    def text(self) -> str:
        """The ranked words as one space-separated string."""
        return self._ranked if isinstance(self._ranked, str) else " ".join(self._ranked)

    def rank(self, word: str) -> int | None:
        """The word's frequency rank, or None when it is not a common English word."""
        if self._rank is None:
            ranked = self._ranked.split() if isinstance(self._ranked, str) else self._ranked
            self._rank = {w: i for i, w in enumerate(ranked)}
        return self._rank.get(word)

    def everyday(self, word: str) -> bool:
        """True for the few thousand words of everyday language."""
        found = self.rank(word)
        return found is not None and found < EVERYDAY

    def common(self, word: str) -> bool:
        """True for a real English word that is not rare."""
        found = self.rank(word)
        return found is not None and found < COMMON
