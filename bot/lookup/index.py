"""Free-text lookup: which entry answers a learner's question, and how sure we are.

Retrieval is BM25 over an inverted index of each entry's title, aliases, phrasings and answer
(impact-ordered postings, so a search only touches its own words' postings and stays fast at
10k entries). Before matching, the query is cut to a sane length, words the index does not
know are corrected against its vocabulary (symmetric-delete candidates checked with
rapidfuzz's optimal string alignment), synonyms map acronyms and variants to one token, and
Snowball stems, chat filler and exam-stem boilerplate are applied exactly as for the content.

The best BM25 candidates are ranked by relevance nudged by how much of the query one of the
entry's phrasings explains, and each gets a confidence in [0, 1]:

    coverage   = matched / (matched + a * missed_known + b * missed_unknown)   (IDF-weighted)
    confidence = anchored * coverage * (0.6 + 0.4 * closeness)

`missed_unknown` counts words no entry knows ("lambda", "s3"): they say the question is about
something else, the more so the longer they are. `anchored` is lower when no query word names
what the entry is about (its title or aliases). `closeness` is the token-sort similarity to the
entry's nearest phrasing. Below ANSWER_AT we decline with up to three suggestions; when the
runner-up ranks within AMBIGUITY_MARGIN and is itself confident, we offer both instead of
guessing. The constants were set once against tests/eval/, a set written without sight of the
pack's phrasings.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from bot.content.pack import KnowledgePack
from bot.content.schema import Entry, Synonym
from bot.text import STOPWORDS, SynonymMap, clean, content_terms, words

ANSWER_AT = 0.55
SUGGEST_AT = 0.4
AMBIGUITY_MARGIN = 0.02
UNANCHORED = 0.7  # no query word names what the entry is about (its title or an alias)
SURFACE_EXTRA = 0.3  # words a phrasing has beyond the query lower closeness a little
RANK_CONFIDENCE = 4.0  # and how much the confidence itself does
RANK_CLOSENESS = 0.3  # how much closeness to a phrasing moves the BM25 ranking
MISSED_KNOWN_WEIGHT = 0.1  # query words the entry lacks but the pack knows: weak evidence
MISSED_UNKNOWN_WEIGHT = 0.6  # words no entry knows ("lambda"): strong evidence against
MAX_SUGGESTIONS = 3
CANDIDATES = 8
MAX_POSTINGS = 1000  # per query word; the rest of a very common word's postings add little
K1, B = 1.2, 0.75
FIELD_WEIGHTS = {"title": 3.0, "alias": 2.0, "phrasing": 1.0, "answer": 0.5}


@dataclass(frozen=True, slots=True)
class Match:
    """One entry and the confidence that it answers the query."""

    entry: Entry
    confidence: float
    score: float = 0.0  # rank: BM25 relative to the best candidate, plus closeness


@dataclass(frozen=True, slots=True)
class LookupResult:
    """The best match when we are sure enough, otherwise suggestions."""

    query: str
    best: Match | None
    suggestions: tuple[Match, ...] = ()
    ambiguous: bool = False

    @property
    def matched(self) -> bool:
        """True when the tutor should answer with `best`."""
        return self.best is not None

    @property
    def confidence(self) -> float:
        """Confidence of the answer, or of the best suggestion when declining."""
        if self.best is not None:
            return self.best.confidence
        return self.suggestions[0].confidence if self.suggestions else 0.0


@dataclass(frozen=True, slots=True)
class _Doc:
    entry: Entry
    terms: dict[str, float]
    length: float
    surfaces: tuple[str, ...]
    anchors: frozenset[str]  # words of the entry's title and aliases: what it is about


class LookupIndex:
    """An inverted index over a pack's entries."""

    def __init__(self, entries: Iterable[Entry], synonyms: Iterable[Synonym] = ()) -> None:
        self._synonyms = SynonymMap((s.canonical, s.variants) for s in synonyms)
        self._docs: list[_Doc] = []
        vocabulary: Counter[str] = Counter()
        for entry in entries:
            self._docs.append(self._document(entry, vocabulary))
        vocabulary.update({word: 1 for word in self._synonyms.words})
        frequencies: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for index, doc in enumerate(self._docs):
            for term, weight in doc.terms.items():
                frequencies[term].append((index, weight))
        count = max(len(self._docs), 1)
        average = sum(doc.length for doc in self._docs) / count
        self._idf = {
            term: math.log(1 + (count - len(posts) + 0.5) / (len(posts) + 0.5))
            for term, posts in frequencies.items()
        }
        # Postings hold each entry's whole BM25 contribution, best first, so a search only
        # adds numbers and can stop early on very common words (impact-ordered postings).
        self._postings: dict[str, list[tuple[int, float]]] = {}
        for term, posts in frequencies.items():
            idf = self._idf[term]
            impacts = [
                (i, idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * self._docs[i].length / average)))
                for i, tf in posts
            ]
            impacts.sort(key=lambda item: item[1], reverse=True)
            self._postings[term] = impacts
        self._unknown_idf = math.log(1 + (count + 0.5) / 0.5)
        self._known = frozenset(vocabulary)
        self._frequency = vocabulary
        # Symmetric-delete index (as in SymSpell): every word under each of its one-letter
        # deletions, so a one-edit typo is found by a few dict look-ups instead of a scan.
        self._deletions: dict[str, list[str]] = defaultdict(list)
        self._by_start: dict[tuple[str, int], list[str]] = defaultdict(list)
        for word in sorted(vocabulary | Counter(STOPWORDS), key=lambda w: -vocabulary[w]):
            if len(word) < 3:
                continue
            for variant in _deletions(word):
                self._deletions[variant].append(word)
            self._by_start[(word[0], len(word))].append(word)
        self._correct = lru_cache(maxsize=8192)(self._correct_uncached)

    @classmethod
    def for_pack(cls, pack: KnowledgePack) -> LookupIndex:
        """The index of every entry in a pack, with its synonyms."""
        return cls(pack.entries.values(), pack.synonyms)

    def __len__(self) -> int:
        return len(self._docs)

    def _document(self, entry: Entry, vocabulary: Counter[str]) -> _Doc:
        fields: list[tuple[str, str]] = [("title", entry.title), ("answer", entry.answer)]
        fields += [("alias", alias) for alias in entry.aliases]
        fields += [("phrasing", phrasing) for phrasing in entry.phrasings]
        terms: dict[str, float] = defaultdict(float)
        surfaces: list[str] = []
        anchors: set[str] = set()
        for kind, text in fields:
            cleaned = clean(text)
            vocabulary.update(words(cleaned))
            found = content_terms(self._synonyms.apply(cleaned))
            for term in found:
                terms[term] += FIELD_WEIGHTS[kind]
            if kind != "answer" and found:
                surfaces.append(" ".join(found))
            if kind in ("title", "alias"):
                anchors.update(found)
        return _Doc(
            entry, dict(terms), float(sum(terms.values())), tuple(surfaces), frozenset(anchors)
        )

    def _correct_uncached(self, word: str) -> str:
        if word in self._known or word in STOPWORDS or len(word) < 4 or word.isdigit():
            return word
        candidates = set(self._deletions.get(word, ()))
        for variant in _deletions(word):
            candidates.update(self._deletions.get(variant, ()))
            if variant in self._known:
                candidates.add(variant)
        close = [c for c in candidates if OSA.distance(word, c, score_cutoff=1) <= 1]
        if close and all(c in STOPWORDS for c in close):
            return close[0]  # "waht", "dose": a misspelt filler word, dropped like one
        if len(word) <= 4:
            # Short words have many neighbours ("cool": tool, "life": live): only trust a
            # dropped letter ("buid" -> "build") or two swapped ones ("fiel" -> "file").
            close = [c for c in close if len(c) == len(word) + 1 or sorted(c) == sorted(word)]
        if close:
            return max(close, key=lambda c: (self._frequency[c], c))
        if len(word) < 8:
            return word
        # Long words may carry two slips; look among words of a similar length and first letter.
        pool = [
            c
            for n in range(len(word) - 2, len(word) + 3)
            for c in self._by_start.get((word[0], n), ())
        ]
        found = process.extractOne(word, pool, scorer=OSA.distance, score_cutoff=2)
        return str(found[0]) if found else word

    def terms(self, query: str) -> list[str]:
        """The query as the index sees it: corrected, synonym-mapped, stemmed content words."""
        corrected = " ".join(self._correct(word) for word in words(clean(query)))
        return content_terms(self._synonyms.apply(corrected))

    def search(self, query: str) -> LookupResult:
        """Find the entry that answers `query`, or decline with suggestions."""
        terms = list(dict.fromkeys(self.terms(query)))
        if not terms or not self._docs:
            return LookupResult(query=query, best=None)
        weights = {term: self._idf.get(term, self._unknown_idf * _novelty(term)) for term in terms}
        scores: dict[int, float] = defaultdict(float)
        for term in terms:
            for index, impact in self._postings.get(term, ())[:MAX_POSTINGS]:
                scores[index] += impact
        if not scores:
            return LookupResult(query=query, best=None)
        top = heapq.nlargest(CANDIDATES, scores, key=scores.__getitem__)
        best_score = scores[top[0]]
        ranked = sorted(
            (self._match(self._docs[i], terms, weights, scores[i] / best_score) for i in top),
            key=lambda match: match.score,
            reverse=True,
        )
        return _decide(query, ranked)

    def _closeness(self, doc: _Doc, terms: Sequence[str], weights: dict[str, float]) -> float:
        """How near the query is to the entry's nearest phrasing, title or alias: the
        IDF-weighted Dice overlap of their words (rare shared words count most)."""
        query = set(terms)
        query_mass = sum(weights.values())
        best = 0.0
        for surface in doc.surfaces:
            words_here = set(surface.split())
            shared = sum(weights[t] for t in query & words_here)
            if shared:
                extra = sum(self._idf.get(t, 0.0) for t in words_here - query)
                best = max(best, shared / (query_mass + SURFACE_EXTRA * extra))
        return best

    def _match(
        self, doc: _Doc, terms: Sequence[str], weights: dict[str, float], relevance: float
    ) -> Match:
        """Rank by BM25 relevance nudged by closeness; judge by coverage and closeness."""
        matched = sum(weights[t] for t in terms if t in doc.terms)
        missed_known = sum(weights[t] for t in terms if t not in doc.terms and t in self._idf)
        missed_unknown = sum(weights[t] for t in terms if t not in self._idf)
        evidence = matched + MISSED_KNOWN_WEIGHT * missed_known
        coverage = matched / (evidence + MISSED_UNKNOWN_WEIGHT * missed_unknown) if matched else 0.0
        nearness = self._closeness(doc, terms, weights)
        query_text = " ".join(terms)
        closeness = max(
            (fuzz.token_sort_ratio(query_text, surface) / 100 for surface in doc.surfaces),
            default=0.0,
        )
        anchored = 1.0 if doc.anchors.intersection(terms) else UNANCHORED
        confidence = round(anchored * coverage * (0.6 + 0.4 * closeness), 4)
        rank = relevance + RANK_CLOSENESS * nearness + RANK_CONFIDENCE * confidence
        return Match(doc.entry, confidence, rank)


def _novelty(word: str) -> float:
    """How much an unknown word says the question is about something else: a long word
    ("lambda", "marathon") says a lot, chat noise ("lol", "hiii", "eli5") little."""
    return min(1.0, max(0.25, (len(word) - 2) / 4))


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _decide(query: str, ranked: list[Match]) -> LookupResult:
    best = ranked[0]
    runner_up = ranked[1] if len(ranked) > 1 else None
    if best.confidence < ANSWER_AT:
        hints = sorted(ranked, key=lambda m: m.confidence, reverse=True)
        hints = [m for m in hints if m.confidence >= SUGGEST_AT][:MAX_SUGGESTIONS]
        return LookupResult(query=query, best=None, suggestions=tuple(hints))
    if (
        runner_up is not None
        and runner_up.confidence >= ANSWER_AT
        and best.score - runner_up.score < AMBIGUITY_MARGIN
    ):
        return LookupResult(query=query, best=None, suggestions=(best, runner_up), ambiguous=True)
    others = tuple(m for m in ranked[1:] if m.confidence >= ANSWER_AT)[:MAX_SUGGESTIONS]
    return LookupResult(query=query, best=best, suggestions=others)
