"""Retrieval: which entries a query's words point to, and how well each one explains them.

BM25 over an inverted index of each entry's title, aliases, phrasings and answer, with
impact-ordered postings (each posting holds the entry's whole BM25 contribution, best first),
so a search only touches its own words' postings and stays fast at 10k entries. Query words
are repaired first (`bot.lookup.spelling`), then synonyms map variants to one token, and
Snowball stems, stopwords, chatter and exam boilerplate apply exactly as for the content.

Each query term carries a weight and may be *neutral* (from a concrete value or from the
context around the question, see `bot.lookup.reading`): a neutral term can match but never
counts against an entry.

The best candidates get a confidence in [0, 1]:

    coverage   = matched / (matched + a * missed_known + b * missed_unknown)   (IDF-weighted)
    confidence = anchored * coverage * (0.6 + 0.4 * closeness)

`missed_unknown` counts words no entry knows ("lambda", "s3"): they say the question is about
something else, the more so the longer they are. `anchored` is lower when no query word names
what the entry is about (its title or aliases). `closeness` is the token-sort similarity to
the entry's nearest phrasing.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from itertools import chain
from typing import Any, NamedTuple

from rapidfuzz import fuzz, process

from bot.lookup.calibration import rank_score
from bot.lookup.english import English
from bot.lookup.notes import Note
from bot.lookup.spelling import Speller
from bot.text import (
    CHATTER,
    EXAM_BOILERPLATE,
    STOPWORDS,
    SynonymMap,
    capital_name,
    clean,
    command_flags,
    content_terms,
    single_flag,
    stem,
    words,
)

UNANCHORED = 0.7  # no query word names what the entry is about (its title or an alias)
SURFACE_EXTRA = 0.3  # words a phrasing has beyond the query lower nearness a little
ASKED_WEIGHT = 0.8  # query terms at least this heavy are "asked" (focus, requirement)
MISSED_KNOWN_WEIGHT = 0.1  # query words the entry lacks but the pack knows: weak evidence,
# growing to MISSED_UNKNOWN_WEIGHT for a word only one entry uses ("expose": that one entry,
# or something the notes do not cover, is what is asked)
MISSED_UNKNOWN_WEIGHT = 0.6  # words no entry knows ("lambda"): strong evidence against
NOVELTY_FLOOR = 0.8  # an unknown word of one or two characters ("k9", "rx") counts this much
SHORT_WORD = 2
EVERYDAY_NOVELTY = 0.3  # an unknown everyday English word counts this much of a novel one
EVERYDAY_RANK = 3000  # words this frequent or more are everyday ("bit", "online", "jobs")
RARE_RANK = 15000  # words this rare or more count fully ("git", "helm", "tokyo")
NAMED_MISS = 1.0  # a word typed as a name that the entry lacks counts fully against it
SPECIFIC_COMMON = 8  # a word this many entries use says nothing specific about one of them
MASS_SCALE = 30.0  # asked words weighing this much (about eight telling words) or more: 1
QUESTION_TERMS = frozenset({"how", "why", "where", "when"})  # kept as terms, not subjects
CANDIDATES = 8
# The Dockerfile reference's instructions: typed in capitals, each names one instruction
DOCKERFILE_INSTRUCTIONS = (
    "from run cmd label maintainer expose env add copy entrypoint volume user workdir arg "
    "onbuild stopsignal healthcheck shell"
)
ASKED_EXTRA = 2  # entries an exam stem's question alone ranks best, matched as well
NAMED_EXTRA = 3  # entries the question names, matched even when BM25 ranks them lower
WORDING_SMOOTHING = 1.0  # Laplace (add-one) smoothing of the wording model's word counts
MAX_POSTINGS = 600  # per query word; the rest of a very common word's postings add little
K1, B = 1.2, 0.75
FIELD_WEIGHTS = {"title": 3.0, "alias": 2.0, "phrasing": 1.0, "answer": 0.5, "explanation": 0.0}
NEGATORS = frozenset(
    "no not never without nor neither cannot cant isnt doesnt dont arent wont none".split()
)
NEGATION_REACH = 3  # words after a negator that it denies ("contains no kernel")
QUOTED = r'"[^"]*"|`[^`]*`|“[^”]*”'  # compiled on first use, when an index is built
FORMAT = 6  # of `to_data`; a compiled index of another format is rebuilt


# The lookup's records are NamedTuples, not frozen dataclasses: every fresh `ask` makes their
# classes at import, and on Python 3.11 a frozen dataclass compiles six methods to be made
# (0.3 to 1.6 ms each, a NamedTuple about 0.05 ms; README, "Cold start").
class Evidence(NamedTuple):
    """How well one entry explains a query, the inputs of its confidence (each in [0, 1]).

    `coverage`: the IDF-weighted share of the query explained, with missed words counted
    against (see the module docstring); `matched`: the plain share of the asked words'
    weight the entry has; `unknown`: the share of words no entry knows; `named_missed`: a
    word typed as a name is missing; `closeness`: token-sort similarity to the nearest
    phrasing; `nearness`: IDF-weighted overlap with it; `anchored`: a query word is in the
    title or an alias; `context`: the share of the known context words the entry has;
    `mass`: how much the asked words weigh (log-scaled: more words, more evidence).
    """

    coverage: float = 0.0
    matched: float = 0.0
    unknown: float = 0.0
    named_missed: float = 0.0
    closeness: float = 0.0
    nearness: float = 0.0
    anchored: float = 0.0
    context: float = 0.0
    mass: float = 0.0
    relevance: float = 0.0  # BM25 over the best candidate's
    named: float = 0.0  # share of the asked words' weight in the title or an alias
    subject: float = 0.0  # 1 when the question opens with the entry's title or an alias
    phrase: float = 0.0  # share of the asked words' weight in a title or alias it contains
    specific: float = 0.0  # rare words of the pack (few entries use them) the entry shares
    likely: float = 0.0  # how likely its own wordings make the question, among the candidates
    story_asked: float = 0.0  # with a story around the question: BM25 for what is asked alone
    member: float = 0.0  # 1 when it is one of the kind asked for ("which kernel feature")
    action: float = 0.0  # 1 when its title or an alias has the verb of a how-to ("pull")
    flag: float = 0.0  # 1 when it states a flag the question asks about (-a of docker ps -a)
    flag_missed: float = 0.0  # 1 when the question asks about flags and it states none


class Match(NamedTuple):
    """One entry and the confidence that it answers the query."""

    entry: Note
    confidence: float
    score: float = 0.0  # rank: BM25 relative to the best candidate, plus closeness
    evidence: Evidence = Evidence()


class QueryTerm(NamedTuple):
    """A stemmed query word, how much it counts, whether it may count against, and, if no
    entry knows it, how strongly it says the question is about something else."""

    term: str
    weight: float = 1.0
    neutral: bool = False
    novelty: float = 1.0
    named: bool = False  # typed as a name (EXPOSE, `docker logs`): an entry must have it
    scenario: bool = False  # from the sentences around the question (an exam stem's story)
    outside: bool = False  # names a subject the notes do not teach (compose): never covered


class _Doc(NamedTuple):
    note: Note
    terms: dict[str, float]
    length: float
    surfaces: tuple[str, ...]
    anchors: frozenset[str]  # terms of the entry's title and aliases: what it is about
    mentions: frozenset[str]  # every term of the entry, explanation included
    denied: frozenset[str]  # terms its answer and explanation only ever deny ("no kernel")
    names: tuple[tuple[str, ...], ...]  # the terms of the title and of each alias, in order
    stated: frozenset[str]  # terms of what it says (title, aliases, answer, explanation)
    flags: frozenset[str]  # command-line flags it states there: -d, --memory


class Corpus:
    """The entries as the lookup matches them: BM25 postings, spelling, synonyms."""

    def __init__(
        self,
        notes: Iterable[Note],
        fields: Mapping[str, tuple[Sequence[str], Sequence[str]]],
        synonyms: Sequence[tuple[str, Sequence[str]]] = (),
        english: Sequence[str] | str = (),
        outside: Sequence[tuple[str, Sequence[str], str]] = (),
    ) -> None:
        """`fields` maps an entry id to its (aliases, phrasings); `synonyms` are
        (canonical, variants) pairs; `english` the common English words, most frequent
        first (see `bot.lookup.english`); `outside` the (subject, names, source) of what
        the notes do not teach (Docker Compose, ["docker compose", "compose file"], its
        documentation page)."""
        self.english = English(english)
        self.synonyms = tuple((canonical, tuple(variants)) for canonical, variants in synonyms)
        self._synonyms = SynonymMap(self.synonyms)
        self.outside_subjects = tuple((subject, source) for subject, _, source in outside)
        vocabulary: Counter[str] = Counter()
        docs = [self._document(note, *fields.get(note.id, ((), ())), vocabulary) for note in notes]
        vocabulary.update({word: 1 for word in self._synonyms.words})
        self._untaught_names([(subject, names) for subject, names, _ in outside])
        vocabulary.update(self._untaught_words_known(vocabulary, outside))
        self._setup(docs, dict(vocabulary))

    def _untaught_words_known(
        self, vocabulary: Mapping[str, int], outside: Sequence[tuple[str, Sequence[str], str]]
    ) -> dict[str, int]:
        """The words of untaught subjects' names, to be known as words, not repaired into
        the pack's ("kaniko", "compose": "dockercompose" then splits). A word made of the
        pack's own words ("dockerrun") is left out: it splits into them."""
        speller = Speller(vocabulary, STOPWORDS | EXAM_BOILERPLATE | CHATTER)
        found = {w for _, names, _ in outside for name in names for w in words(clean(name))}
        return {w: 1 for w in found - set(vocabulary) if len(speller.repair(w)) == 1}

    def _setup(self, docs: list[_Doc], vocabulary: dict[str, int]) -> None:
        self.docs = docs
        self.by_id = {doc.note.id: index for index, doc in enumerate(docs)}
        by_name: dict[tuple[str, ...], set[str]] = defaultdict(set)
        by_flag: dict[str, list[int]] = defaultdict(list)
        frequencies: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for index, doc in enumerate(docs):
            for name in doc.names:
                by_name[name].add(doc.note.id)
            for flag in doc.flags:
                by_flag[flag].append(index)
            for term, weight in doc.terms.items():
                frequencies[term].append((index, weight))
        self._by_name = {name: frozenset(ids) for name, ids in by_name.items()}
        self._longest_name = max((len(name) for name in by_name), default=0)
        self._members: dict[str, frozenset[str]] = {}
        self._by_flag = dict(by_flag)
        self.vocabulary = vocabulary
        count = max(len(docs), 1)
        average = sum(doc.length for doc in docs) / count if docs else 1.0
        self.idf = {
            term: math.log(1 + (count - len(posts) + 0.5) / (len(posts) + 0.5))
            for term, posts in frequencies.items()
        }
        self._postings: dict[str, list[tuple[int, float]]] = {}
        for term, posts in frequencies.items():
            idf = self.idf[term]
            impacts = [
                (i, idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * docs[i].length / average)))
                for i, tf in posts
            ]
            impacts.sort(key=lambda item: item[1], reverse=True)
            self._postings[term] = impacts
        # Each entry's phrasings, title and aliases as term sets with their IDF mass, and as
        # sorted-term strings: what nearness and closeness compare a query with; their word
        # counts are the wording model's (one pass: this runs on every fresh `ask`).
        self._surface_sets: list[tuple[frozenset[str], ...]] = []
        self._surface_mass: list[tuple[float, ...]] = []
        self._sorted_surfaces: list[tuple[str, ...]] = []
        counts: list[Counter[str]] = []
        idf_of = self.idf
        for doc in docs:
            split = [surface.split() for surface in doc.surfaces]
            sets = [frozenset(terms) for terms in split]
            masses = [sum([idf_of.get(t, 0.0) for t in terms]) for terms in sets]
            ordered = [" ".join(sorted(terms)) for terms in split]
            counts.append(Counter(chain.from_iterable(split)))
            self._surface_sets.append(tuple(sets))
            self._surface_mass.append(tuple(masses))
            self._sorted_surfaces.append(tuple(ordered))
        self._wording_model(counts)
        self.unknown_idf = math.log(1 + (count + 0.5) / 0.5)
        self.idf_max = math.log(1 + (count - 1 + 0.5) / 1.5)  # a word one entry uses
        self.idf_floor = math.log(1 + (count - 4 + 0.5) / 4.5)  # one that four entries use
        common = min(SPECIFIC_COMMON, max(count - 1, 1))
        self.idf_common = math.log(1 + (count - common + 0.5) / (common + 0.5))
        # A search reads the same clause several times (its terms, the names it uses).
        self._terms = lru_cache(maxsize=1024)(self._terms_uncached)
        self.speller = Speller(
            vocabulary,
            STOPWORDS | EXAM_BOILERPLATE | CHATTER,
            accept=lambda word: stem(word) in self.idf,
            english=self.english,
        )

    def _untaught_names(self, outside: Sequence[tuple[str, Sequence[str]]]) -> None:
        """The names of the untaught subjects as a query is matched with them: a flag as
        typed (--restart), a word written in capitals (EXPOSE) only when typed as a name,
        anything else as its sequence of stemmed words, stopwords kept ("session manager" is
        not "session"). One everyday English word ("link", "user") names nothing on its own."""
        # keyed by the stems joined with spaces, valued by the subject's position: the
        # compiled index holds them as they are, so a fresh `ask` builds no tuples
        self._outside_words: dict[str, int] = {}
        self._outside_flags: dict[str, int] = {}
        self._outside_capitals: dict[str, int] = {}
        for at, (_, names) in enumerate(outside):
            for name in names:
                flag = single_flag(name)
                if flag:
                    self._outside_flags.setdefault(flag, at)
                    continue
                capital = capital_name(name)
                if capital:
                    self._outside_capitals.setdefault(stem(capital.casefold()), at)
                    continue
                typed = words(self._synonyms.apply(clean(name)))
                if typed and not (len(typed) == 1 and self.english.everyday(typed[0])):
                    self._outside_words.setdefault(" ".join(map(stem, typed)), at)
        self._longest_outside = max((k.count(" ") + 1 for k in self._outside_words), default=0)

    def _document(
        self,
        note: Note,
        aliases: Sequence[str],
        phrasings: Sequence[str],
        vocabulary: Counter[str],
    ) -> _Doc:
        fields: list[tuple[str, str]] = [
            ("title", note.title),
            ("answer", note.answer),
            ("explanation", note.explanation),
        ]
        fields += [("alias", alias) for alias in aliases]
        fields += [("phrasing", phrasing) for phrasing in phrasings]
        terms: dict[str, float] = defaultdict(float)
        surfaces: list[str] = []
        anchors: set[str] = set()
        names: list[tuple[str, ...]] = []
        mentions: set[str] = set()
        stated: set[str] = set()
        flags: set[str] = set()
        for kind, text in fields:
            cleaned = clean(text)
            found = content_terms(self._synonyms.apply(cleaned))
            mentions.update(found)
            if kind != "phrasing":
                stated.update(found)
                flags.update(command_flags(text))
            if not FIELD_WEIGHTS[kind]:
                continue  # mentioned, not indexed
            vocabulary.update(words(cleaned))
            for term in found:
                terms[term] += FIELD_WEIGHTS[kind]
            if kind in ("title", "alias", "phrasing") and found:
                surfaces.append(" ".join(found))
            if kind in ("title", "alias") and found:
                anchors.update(found)
                names.append(tuple(found))
        # what the entry denies ("an image contains no kernel"), its title included ("an
        # OS userland but no kernel"), less what its title names it for
        denied, _ = self._negation(f"{note.title}. {note.answer} {note.explanation}")
        denied -= self._negation(note.title)[1]
        return _Doc(
            note,
            dict(terms),
            float(sum(terms.values())),
            tuple(surfaces),
            frozenset(anchors),
            frozenset(mentions) - denied,
            frozenset(denied),
            tuple(names),
            frozenset(stated),
            frozenset(flags),
        )

    def _negation(self, text: str) -> tuple[set[str], set[str]]:
        """(denied, affirmed): terms a text mentions right after a negator ("it contains no
        kernel"), even if elsewhere too ("... uses the host's kernel"), and the others."""
        positive: set[str] = set()
        negative: set[str] = set()
        text = re.sub(QUOTED, " . ", text)  # a quoted message or command is not the entry's claim
        for clause in re.split(r"[.;:,()!?]", text):
            reach = 0
            for word in words(self._synonyms.apply(clean(clause))):
                if word in NEGATORS:
                    reach = NEGATION_REACH
                    continue
                found = content_terms(word)
                (negative if reach > 0 else positive).update(found)
                if found:
                    reach -= 1
        return negative, positive

    # -- the compiled form -------------------------------------------------------------------

    def to_data(self) -> dict[str, Any]:
        """Everything needed to search, as JSON-ready data (see `from_data`)."""
        return {
            "format": FORMAT,
            "synonyms": [[canonical, list(variants)] for canonical, variants in self.synonyms],
            "vocabulary": self.vocabulary,
            "english": self.english.text,
            "outside_subjects": [list(pair) for pair in self.outside_subjects],
            "outside_words": self._outside_words,
            "outside_flags": self._outside_flags,
            "outside_capitals": self._outside_capitals,
            "longest_outside": self._longest_outside,
            "docs": [
                {
                    "note": doc.note.to_data(),
                    "terms": doc.terms,
                    "surfaces": list(doc.surfaces),
                    "anchors": sorted(doc.anchors),
                    "mentions": sorted(doc.mentions),
                    "denied": sorted(doc.denied),
                    "names": [list(name) for name in doc.names],
                    "stated": sorted(doc.stated),
                    "flags": sorted(doc.flags),
                }
                for doc in self.docs
            ],
        }

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Corpus:
        """The corpus `to_data` wrote; ValueError when the data is not of this format."""
        if data.get("format") != FORMAT:
            raise ValueError(f"compiled index format {data.get('format')!r}, expected {FORMAT}")
        corpus = cls.__new__(cls)
        corpus.english = English(str(data.get("english", "")))
        corpus.synonyms = tuple((str(c), tuple(v)) for c, v in data["synonyms"])
        corpus._synonyms = SynonymMap(corpus.synonyms)
        corpus.outside_subjects = tuple((str(s), str(u)) for s, u in data["outside_subjects"])
        corpus._outside_words = data["outside_words"]
        corpus._outside_flags = data["outside_flags"]
        corpus._outside_capitals = data["outside_capitals"]
        corpus._longest_outside = int(data["longest_outside"])
        docs = [
            _Doc(
                Note.from_data(item["note"]),
                {str(t): float(w) for t, w in item["terms"].items()},
                float(sum(item["terms"].values())),
                tuple(item["surfaces"]),
                frozenset(item["anchors"]),
                frozenset(item["mentions"]),
                frozenset(item["denied"]),
                tuple(tuple(name) for name in item["names"]),
                frozenset(item["stated"]),
                frozenset(item["flags"]),
            )
            for item in data["docs"]
        ]
        corpus._setup(docs, {str(w): int(n) for w, n in data["vocabulary"].items()})
        return corpus

    def _wording_model(self, counts: list[Counter[str]]) -> None:
        """A multinomial naive Bayes model of how each entry is asked about, from the word
        counts of its title, aliases and phrasings (Laplace smoothing): log P(term | entry)."""
        seen = {t for c in counts for t in c}
        size = max(len(seen), 1)
        self._wording: dict[str, dict[int, float]] = defaultdict(dict)
        self._wording_unseen: list[float] = []
        for index, found in enumerate(counts):
            total = sum(found.values()) + WORDING_SMOOTHING * size
            self._wording_unseen.append(math.log(WORDING_SMOOTHING / total))
            for term, n in found.items():
                self._wording[term][index] = math.log((n + WORDING_SMOOTHING) / total)

    def _likely(self, indexes: Sequence[int], view: _View) -> dict[int, float]:
        """P(entry | question's asked words) among these candidates, by the wording model."""
        asked = [
            (t.term, t.weight) for t in view.terms if not t.neutral and t.term in self._wording
        ]
        if not asked:
            return {}
        logs = {
            i: sum(w * self._wording[t].get(i, self._wording_unseen[i]) for t, w in asked)
            for i in indexes
        }
        top = max(logs.values())
        exps = {i: math.exp(v - top) for i, v in logs.items()}
        total = sum(exps.values())
        return {i: e / total for i, e in exps.items()}

    # -- queries -----------------------------------------------------------------------------

    def repaired(self, text: str, keep: frozenset[str] = frozenset()) -> list[str]:
        """The words of `text` with typos and run-together words repaired, except the
        words in `keep` (typed as names: HEALTHCHECK is not "health check")."""
        return [
            piece
            for word in words(clean(text))
            for piece in ((word,) if word in keep else self.speller.repair(word))
        ]

    def terms(self, text: str) -> list[str]:
        """Text as the index sees it: repaired, synonym-mapped, stemmed content words."""
        return list(self._terms(text))

    def _terms_uncached(self, text: str) -> tuple[str, ...]:
        return tuple(content_terms(self._synonyms.apply(" ".join(self.repaired(text)))))

    def query(
        self,
        text: str,
        weight: float = 1.0,
        *,
        neutral: bool = False,
        named: frozenset[str] = frozenset(),
        proper: frozenset[str] = frozenset(),
    ) -> list[QueryTerm]:
        """The terms of text, each with how novel it would be if no entry knows it;
        `named` are the words typed as names, `proper` those capitalised like a product's
        name (see `bot.lookup.reading`): an unknown proper name is fully novel."""
        found: list[QueryTerm] = []
        typed = words(self._synonyms.apply(" ".join(self.repaired(text, named))))
        untaught = self._untaught_words(text, typed, named)
        for at, word in enumerate(typed):
            for term in content_terms(word):
                novelty = 1.0 if term in self.idf or word in proper else self._novelty(word)
                binds = word in named and not self._general(term)
                # a subject the notes do not teach binds like a name, and no entry covers it
                outside = at in untaught and not self._general(term)
                found.append(
                    QueryTerm(term, weight, neutral, novelty, binds or outside, outside=outside)
                )
        return found

    def _untaught_words(
        self, text: str, typed: Sequence[str], named: frozenset[str] = frozenset()
    ) -> dict[int, int]:
        """The positions in `typed` (words of `text`) that name an untaught subject, each
        with the subject's position in `outside_subjects`: flags as typed in `text`, names
        as word sequences (longest first, left to right, not overlapping), and names written
        in capitals (EXPOSE) where the word is typed as a name (EXPOSE, `volume`)."""
        found: dict[int, int] = {}
        for flag in self.untaught_flags(text):
            which, bare = self._outside_flags[flag], flag.lstrip("-")
            found.update({at: which for at, word in enumerate(typed) if word == bare})
        if not self._outside_words and not self._outside_capitals:
            return found
        stems = [stem(word) for word in typed]
        start = 0
        while start < len(stems):
            for length in range(min(self._longest_outside, len(stems) - start), 0, -1):
                hit = self._outside_words.get(" ".join(stems[start : start + length]))
                if hit is not None:
                    found.update({at: hit for at in range(start, start + length)})
                    start += length
                    break
            else:
                start += 1
        for at, word in enumerate(typed):
            if at not in found and word in named and stems[at] in self._outside_capitals:
                found[at] = self._outside_capitals[stems[at]]
        return found

    def outside_named(
        self, text: str, named: frozenset[str] = frozenset()
    ) -> tuple[tuple[str, str], ...]:
        """The (subject, source) of each subject the notes do not teach that `text` names,
        in order, without repeats; `named` are the words typed as names (kept as typed:
        HEALTHCHECK is not "health check")."""
        typed = words(self._synonyms.apply(" ".join(self.repaired(text, named))))
        found = self._untaught_words(text, typed, named)
        return tuple(
            self.outside_subjects[i] for i in dict.fromkeys(found[at] for at in sorted(found))
        )

    def _general(self, term: str) -> bool:
        """True for a word SPECIFIC_COMMON or more entries use (ECS, ECR, EC2, AWS): typed
        in capitals it names the platform a question is set on, not the one thing the reply
        must cover, so an entry lacking it still may answer."""
        return term in self.idf and self._rarity(term) <= 0.0

    def _novelty(self, word: str) -> float:
        """How much an unknown word says the question is about something else: a long
        word ("lambda", "failover") says a lot, a short one ("git", "s3") less, and an
        everyday English word ("bit", "totally") little."""
        novelty = 1.0 if len(word) > SHORT_WORD else NOVELTY_FLOOR
        rank = self.english.rank(word)
        if rank is not None:
            # log-linear from EVERYDAY_NOVELTY for the most common words to 1 for rare ones
            span = math.log(RARE_RANK) - math.log(EVERYDAY_RANK)
            share = (math.log(max(rank, 1)) - math.log(EVERYDAY_RANK)) / span
            novelty *= EVERYDAY_NOVELTY + (1 - EVERYDAY_NOVELTY) * min(1.0, max(0.0, share))
        return novelty

    def known(self, term: str) -> bool:
        """True when some entry uses this (stemmed) term."""
        return term in self.idf

    def weight(self, term: str, novelty: float = 1.0) -> float:
        """How telling a term is: its IDF, or for an unknown word the IDF of a word no
        entry uses times its novelty."""
        return self.idf.get(term, self.unknown_idf * novelty)

    def rank(
        self,
        query: Sequence[QueryTerm],
        *,
        limit: int = CANDIDATES,
        names: Mapping[str, tuple[float, float]] | None = None,
        only: frozenset[str] | None = None,
        members: frozenset[str] = frozenset(),
        action: str = "",
        flags: frozenset[str] = frozenset(),
    ) -> list[Match]:
        """The best entries for these terms, best first, each with its confidence.
        `names` maps the entries the question names to (subject, phrase): 1 when it opens
        with the entry's name, and the weight share of a name it contains. `only`: rank
        just these entries (a multiple-choice question's options), whatever their score.
        `members`: the entries of the kind the question asks for, ranked as candidates;
        `action`: the term of a how-to's verb ("how do I *pull* ..."); `flags`: the
        command-line flags it asks about ("-a")."""
        names = names or {}
        terms = _merged(query)
        if not terms or not self.docs:
            return []
        scores: dict[int, float] = defaultdict(float)
        asked: dict[int, float] = defaultdict(float)
        story = any(term.scenario for term in terms.values())
        for term in terms.values():
            alone = story and not term.scenario and not term.neutral
            for index, impact in self._postings.get(term.term, ())[:MAX_POSTINGS]:
                scores[index] += impact * term.weight
                if alone:
                    asked[index] += impact * term.weight
        extend = only is None  # an open ranking also takes in what is named or asked alone
        if only is not None:
            top = sorted(self.by_id[i] for i in only if i in self.by_id)
            if not top or not any(scores[i] for i in top):
                return []
            scores = defaultdict(float, {i: scores[i] for i in top})
        elif not scores:
            return []
        else:
            top = heapq.nlargest(limit, scores, key=scores.__getitem__)
        best_score = max(scores[i] for i in top) or 1.0
        if asked:
            # an exam stem: what its question and requirements alone point to is a candidate
            # even when the story's words lift other entries above it
            best_asked = heapq.nlargest(ASKED_EXTRA + 1, asked, key=asked.__getitem__)
            if extend:
                top += [i for i in best_asked[:ASKED_EXTRA] if i not in top]
            asked_top = asked[best_asked[0]] or 1.0
            asked = defaultdict(float, {i: value / asked_top for i, value in asked.items()})
        named = sorted(
            (self.by_id[i] for i in names if i in self.by_id and self.by_id[i] in scores),
            key=lambda i: -sum(names[self.docs[i].note.id]),
        )
        if extend:
            top += [i for i in named if i not in top][:NAMED_EXTRA]
            # the entries that state a flag asked about ("what does -a change in docker ps -a")
            flagged = {i for flag in flags for i in self._by_flag.get(flag, ())}
            by_score = sorted(flagged - set(top), key=lambda i: (-scores.get(i, 0.0), i))
            top += by_score[:NAMED_EXTRA]
            top += [self.by_id[i] for i in sorted(members) if self.by_id.get(i, -1) not in top]
        view = _View.of(self, terms)
        likely = self._likely(top, view)
        ranked = [
            self._match(
                i,
                view,
                scores[i] / best_score,
                names.get(self.docs[i].note.id),
                likely.get(i, 0.0),
                asked[i],
                self.docs[i].note.id in members,
                bool(action) and action in self.docs[i].anchors,
                flags,
            )
            for i in top
        ]
        # a word typed as a name (WORKDIR, -d, `docker logs`) binds: an entry that has it
        # ranks above every entry that lacks it
        ranked.sort(key=lambda match: (-match.evidence.named_missed, match.score), reverse=True)
        return ranked

    def match(self, entry_id: str, query: Sequence[QueryTerm]) -> Match | None:
        """How well one entry explains these terms (None for an unknown id)."""
        index = self.by_id.get(entry_id)
        if index is None:
            return None
        return self._match(index, _View.of(self, _merged(query)), 0.0)

    def doc_terms(self, entry_id: str) -> frozenset[str]:
        """Every term an entry uses, explanation included (empty for an unknown id)."""
        index = self.by_id.get(entry_id)
        return self.docs[index].mentions if index is not None else frozenset()

    def denied(self, entry_id: str) -> frozenset[str]:
        """Terms an entry only ever denies ("an image contains no kernel")."""
        index = self.by_id.get(entry_id)
        return self.docs[index].denied if index is not None else frozenset()

    def flags(self, entry_id: str) -> frozenset[str]:
        """The command-line flags an entry states (-d, --memory)."""
        index = self.by_id.get(entry_id)
        return self.docs[index].flags if index is not None else frozenset()

    def untaught_flags(self, text: str) -> frozenset[str]:
        """The flags typed in `text` that belong to a subject the notes do not teach (-e)."""
        if not self._outside_flags:
            return frozenset()
        return frozenset(f for f in command_flags(text) if f in self._outside_flags)

    def anchors(self, entry_id: str) -> frozenset[str]:
        """The terms of an entry's title and aliases."""
        index = self.by_id.get(entry_id)
        return self.docs[index].anchors if index is not None else frozenset()

    def names(self, entry_id: str) -> tuple[frozenset[str], ...]:
        """The terms of an entry's title and of each of its aliases."""
        index = self.by_id.get(entry_id)
        return tuple(frozenset(n) for n in self.docs[index].names) if index is not None else ()

    def named_in(self, terms: Sequence[str]) -> dict[str, float]:
        """Entries whose title or an alias appears as a run of `terms` ("does it give me
        the *latest tag*"), each with the longest such name's share of the terms' weight."""
        total = sum(self.weight(t) for t in terms)
        found: dict[str, float] = {}
        if not total:
            return found
        for name in self.names_within(terms):
            share = sum(self.weight(t) for t in name) / total
            for entry_id in self._by_name[name]:
                found[entry_id] = max(found.get(entry_id, 0.0), share)
        return found

    def names_within(self, terms: Sequence[str]) -> list[tuple[str, ...]]:
        """The titles and aliases (as terms) that appear as runs of `terms`."""
        found = []
        for start in range(len(terms)):
            for size in range(min(self._longest_name, len(terms) - start), 0, -1):
                name = tuple(terms[start : start + size])
                if name in self._by_name:
                    found.append(name)
        return found

    def members(self, entry_id: str) -> frozenset[str]:
        """The related entries an entry's answer names: the members of what an overview
        is about ("three Linux kernel features: namespaces, cgroups, union file systems").
        Worked out once per entry, on first use (a fresh `ask` rarely needs any)."""
        found = self._members.get(entry_id)
        if found is None:
            index = self.by_id.get(entry_id)
            if index is None:
                return frozenset()
            note = self.docs[index].note
            terms = content_terms(self._synonyms.apply(clean(note.answer)))
            named = {i for name in self.names_within(terms) for i in self._by_name[name]}
            found = self._members[entry_id] = frozenset(named.intersection(note.related))
        return found

    def named_as(self, terms: Sequence[str]) -> frozenset[str]:
        """The entries whose title or an alias is exactly these terms ("Amazon ECR")."""
        return self._by_name.get(tuple(terms), frozenset())

    def named_by(self, terms: Sequence[str]) -> frozenset[str]:
        """The entries whose title or an alias is the longest run of `terms` from the
        start: what a question is about ("does *docker run* download ...", "is a
        *container* just ..."). Empty when no name starts the terms."""
        start = 0
        while start < len(terms) and terms[start] in QUESTION_TERMS:
            start += 1
        terms = terms[start:]
        for size in range(min(len(terms), self._longest_name), 0, -1):
            found = self._by_name.get(tuple(terms[:size]))
            if found:
                return found
        return frozenset()

    def _match(
        self,
        index: int,
        view: _View,
        relevance: float,
        names: tuple[float, float] | None = None,
        likely: float = 0.0,
        story_asked: float = 0.0,
        member: bool = False,
        action: bool = False,
        flags: frozenset[str] = frozenset(),
    ) -> Match:
        """Rank by the weighted evidence (`rank_score`); judge by coverage and closeness."""
        doc = self.docs[index]
        matched = missed_known = missed_unknown = total = 0.0
        unknown = named_missed = context = context_known = specific = 0.0
        for term, mass in zip(view.terms, view.masses, strict=True):
            if term.term in doc.terms:
                specific += term.weight * self._rarity(term.term)
            if term.neutral:
                if term.scenario and term.term in self.idf:
                    context_known += mass
                    context += mass if term.term in doc.terms else 0.0
                continue
            total += mass
            if term.term not in self.idf:
                unknown += mass
            if term.term in doc.terms:
                matched += mass
                if term.outside:
                    # an untaught subject's name: an entry that uses its words only mentions
                    # it in passing ("unless it was written to a volume or bind mount")
                    named_missed = 1.0
                if term.named and term.term not in doc.stated and term.term in _instructions():
                    # a Dockerfile instruction (EXPOSE) the entry only has in a learner's
                    # wording ("how do I expose a port"): it does not explain the instruction
                    named_missed = 1.0
            elif term.named:
                named_missed = 1.0
                missed_unknown += (
                    term.weight * self.unknown_idf * NAMED_MISS / (MISSED_UNKNOWN_WEIGHT)
                )
            elif term.term in self.idf:
                missed_known += mass * self._specificity(term.term)
            else:
                missed_unknown += mass
        explained = matched + missed_known
        coverage = (
            matched / (explained + MISSED_UNKNOWN_WEIGHT * missed_unknown) if matched else 0.0
        )
        nearness = self._nearness(index, view)
        best = process.extractOne(
            view.sorted_focus, self._sorted_surfaces[index], scorer=fuzz.ratio
        )
        closeness = best[1] / 100 if best else 0.0
        anchored = 1.0 if doc.anchors.intersection(view.focus) else UNANCHORED
        confidence = round(anchored * coverage * (0.6 + 0.4 * closeness), 4)
        asked = sum(w for t, w in view.asked if t in doc.anchors)
        subject, phrase = names or (0.0, 0.0)
        evidence = Evidence(
            coverage=coverage,
            matched=matched / total if total else 0.0,
            unknown=unknown / total if total else 0.0,
            named_missed=named_missed,
            closeness=closeness,
            nearness=nearness,
            anchored=1.0 if anchored == 1.0 else 0.0,
            context=context / context_known if context_known else 0.0,
            mass=min(1.0, math.log1p(total) / math.log1p(MASS_SCALE)),
            relevance=relevance,
            named=asked / view.asked_mass if view.asked_mass else 0.0,
            subject=subject,
            phrase=phrase,
            specific=1 - math.exp(-specific),
            likely=likely,
            story_asked=story_asked,
            member=1.0 if member else 0.0,
            action=1.0 if action else 0.0,
            flag=1.0 if flags and not flags.isdisjoint(doc.flags) else 0.0,
            flag_missed=1.0 if flags and flags.isdisjoint(doc.flags) else 0.0,
        )
        return Match(doc.note, confidence, rank_score(evidence, confidence), evidence)

    def _rarity(self, term: str) -> float:
        """0 for a word SPECIFIC_COMMON or more entries use, up to 1 for one only one uses."""
        span = self.idf_max - self.idf_common
        share = (self.idf.get(term, 0.0) - self.idf_common) / span if span > 0 else 0.0
        return min(1.0, max(0.0, share))

    def _specificity(self, term: str) -> float:
        """How much a known word the entry lacks counts against it: from MISSED_KNOWN_WEIGHT
        for a word many entries use up to MISSED_UNKNOWN_WEIGHT for one only one uses."""
        rare = self.idf_max - self.idf_floor
        share = (self.idf[term] - self.idf_floor) / rare if rare > 0 else 0.0
        share = min(1.0, max(0.0, share)) ** 2
        return MISSED_KNOWN_WEIGHT + (MISSED_UNKNOWN_WEIGHT - MISSED_KNOWN_WEIGHT) * share

    def _nearness(self, index: int, view: _View) -> float:
        """How near the query is to the entry's nearest phrasing, title or alias: the
        IDF-weighted Dice overlap of their words (rare shared words count most)."""
        if not view.focus_mass:
            return 0.0
        best = 0.0
        for words_here, mass in zip(
            self._surface_sets[index], self._surface_mass[index], strict=True
        ):
            shared_terms = view.focus & words_here
            if shared_terms:
                shared = sum(map(view.weights.__getitem__, shared_terms))
                extra = mass - sum(map(view.idf.__getitem__, shared_terms))
                best = max(best, shared / (view.focus_mass + SURFACE_EXTRA * extra))
        return best


class _View(NamedTuple):
    """What matching needs of a query, computed once per search rather than per entry."""

    terms: tuple[QueryTerm, ...]
    masses: tuple[float, ...]  # each term's weight times its IDF (or novelty)
    focus: frozenset[str]  # the terms that may count against an entry
    weights: dict[str, float]  # their IDF (or novelty) weights
    idf: dict[str, float]  # their IDF (0 when no entry knows them)
    focus_mass: float
    sorted_focus: str  # the focus terms sorted, for token-sort closeness
    asked: tuple[tuple[str, float], ...]  # full-weight asked terms and their weight
    asked_mass: float

    @classmethod
    def of(cls, corpus: Corpus, terms: Mapping[str, QueryTerm]) -> _View:
        values = tuple(terms.values())
        focus = [t for t in values if not t.neutral]
        weights = {t.term: corpus.weight(t.term, t.novelty) for t in focus}
        asked = [t for t in focus if t.weight >= ASKED_WEIGHT]
        return cls(
            terms=values,
            masses=tuple(t.weight * corpus.weight(t.term, t.novelty) for t in values),
            focus=frozenset(weights),
            weights=weights,
            idf={t: corpus.idf.get(t, 0.0) for t in weights},
            focus_mass=sum(weights.values()),
            sorted_focus=" ".join(sorted(t.term for t in focus)),
            asked=tuple((t.term, corpus.weight(t.term) * t.weight) for t in asked),
            asked_mass=sum(corpus.weight(t.term, t.novelty) * t.weight for t in asked),
        )


@lru_cache(maxsize=1)
def _instructions() -> frozenset[str]:
    """DOCKERFILE_INSTRUCTIONS as terms, stemmed on first use."""
    return frozenset(stem(word) for word in DOCKERFILE_INSTRUCTIONS.split())


def _merged(query: Sequence[QueryTerm]) -> dict[str, QueryTerm]:
    """One QueryTerm per term: the largest weight, neutral only if every use is."""
    merged: dict[str, QueryTerm] = {}
    for term in query:
        seen = merged.get(term.term)
        if seen is None:
            merged[term.term] = term
        else:
            merged[term.term] = QueryTerm(
                term.term,
                max(seen.weight, term.weight),
                seen.neutral and term.neutral,
                max(seen.novelty, term.novelty),
                seen.named or term.named,
                seen.scenario or term.scenario,
                seen.outside or term.outside,
            )
    return merged
