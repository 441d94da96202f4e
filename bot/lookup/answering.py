"""Deciding what to reply: one entry, a comparison, the odd one out, or a decline.

`propose` reads the message (`bot.lookup.reading`), ranks the notes that could answer what
it asks (`bot.lookup.candidates`), finds its shape (`bot.lookup.shapes`) and returns the best
reply it could give with its confidence, whatever the threshold;
`decide` then answers when the confidence reaches ANSWER_AT and declines with suggestions
otherwise. Keeping the two apart lets the benchmark draw the risk/coverage curve from the
same proposals the tutor acts on.

- A comparison is answered from one entry that covers both sides (a comparison entry such
  as "RUN vs CMD", or one entry explaining both), else composed from the two sides' own
  entries. It is never answered with one side only: its confidence is the weaker side's.
- "Which is NOT ..." names the option that does not belong to the category's entry (the
  option whose words the entry explains least), when one clearly stands out.
- When the runner-up is about as good as the best, the two are linked (one lists the other
  in `related`, or they share a topic and both cover the question's key terms) and the best
  is answered with a pointer to the other; otherwise the question is ambiguous.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Literal, NamedTuple

from bot.lookup import shapes
from bot.lookup.calibration import calibrated
from bot.lookup.candidates import (
    MIN_FOCUS_TERMS,
    UNTAUGHT_ROLES,
    asks_how_to,
    candidates_for,
    prepared,
    query_terms,
)
from bot.lookup.reading import ASKING_ROLES, Reading, read
from bot.lookup.retrieval import Corpus, Evidence, Match, QueryTerm

ANSWER_AT = 0.9  # the lowest with precision >= 97% on the cross-validated dev+training curve
SUGGEST_AT = 0.5
UNSURE_AT = 0.5  # a decline this confident says "not sure", not "not in my notes"
AMBIGUITY_MARGIN = 0.02
MAX_SUGGESTIONS = 3
# Words a comparison entry's title may have besides the two sides ("RUN vs CMD")
COMPARISON_WORDS = frozenset({"vs", "versus", "differ", "differenc", "compar", "docker"})
COMPARISON_CUES = frozenset({"vs", "versus", "differ", "differenc", "compar"})
ODD_GAP = 0.25
UNKNOWN_AGAINST = 0.6  # as retrieval's MISSED_UNKNOWN_WEIGHT
MARGIN_SCALE = 4.0  # rank-score lead over the runner-up that counts as a clear win
ABSOLUTE_CLAIM = 0.5  # how much less an "only / every / always" option belongs, in a "false"
ASKED_ROLES = frozenset({"focus", "requirement", "frame"})
AGREE_AMONG = 3  # candidates ranked for the asked clauses alone (only the first is compared)
AS_WRITTEN = ANSWER_AT  # confidence at least, for a question that is one of an entry's phrasings
TIE = 1e-9  # evidence this close is equal (float sums in another order)
NAMED_MISSED = 0.5  # confidence kept when the reply lacks a word typed as a name (EXPOSE)

Kind = Literal["answer", "comparison", "declined", "ambiguous", "language"]


class Proposal(NamedTuple):
    """The reply the lookup would give at any threshold, and its confidence."""

    kind: Literal["answer", "comparison", "language", "none"]
    matches: tuple[Match, ...] = ()  # the entries the reply draws on, main first
    confidence: float = 0.0
    odd_one_out: str | None = None  # for "which is NOT": the option that does not belong
    odd_gap: float = 0.0  # how much less it belongs than the next-least option (0 to 2)
    also: tuple[Match, ...] = ()  # a linked runner-up to point to
    ambiguous: bool = False  # the two best are about as good and not linked
    candidates: tuple[Match, ...] = ()  # ranked alternatives, for suggestions
    features: Mapping[str, float] = MappingProxyType({})  # what the confidence weighs
    named_sides: bool = False  # a comparison whose sides are each a title or alias it uses
    untaught: tuple[tuple[str, str], ...] = ()  # (subject, source) named, not taught


class LookupResult(NamedTuple):
    """What the tutor replies: an answer (`best`, maybe composed with more entries), or a
    decline with suggestions listed best first."""

    query: str
    kind: Kind
    matches: tuple[Match, ...] = ()
    confidence: float = 0.0
    suggestions: tuple[Match, ...] = ()
    odd_one_out: str | None = None
    also: tuple[Match, ...] = ()
    untaught: tuple[tuple[str, str], ...] = ()  # declined: what it names that no note teaches

    @property
    def best(self) -> Match | None:
        """The main entry of an answer or comparison; None when declining."""
        return self.matches[0] if self.matches and self.matched else None

    @property
    def matched(self) -> bool:
        """True when the tutor answers (one entry or a comparison)."""
        return self.kind in ("answer", "comparison")

    @property
    def ambiguous(self) -> bool:
        """True when declining because two different entries fit equally well."""
        return self.kind == "ambiguous"

    @property
    def ids(self) -> tuple[str, ...]:
        """Every entry the reply draws on, main first (empty when declining)."""
        return tuple(m.entry.id for m in self.matches) if self.matched else ()


def search(corpus: Corpus, text: str, *, answer_at: float = ANSWER_AT) -> LookupResult:
    """Answer `text` from the corpus, or decline with suggestions."""
    return decide(text, propose(corpus, text), answer_at=answer_at)


def decide(text: str, proposal: Proposal, *, answer_at: float = ANSWER_AT) -> LookupResult:
    """Turn a proposal into a reply at the threshold `answer_at`. A proposal with no entry
    (options listed, none of which stands out) is declined at any threshold, its candidates
    as suggestions."""
    if proposal.kind == "language":
        return LookupResult(query=text, kind="language")
    if proposal.kind == "none":
        return LookupResult(query=text, kind="declined", untaught=proposal.untaught)
    if proposal.confidence >= answer_at and proposal.ambiguous:
        pair = tuple(_best_first(proposal.candidates)[:2])
        return LookupResult(
            query=text, kind="ambiguous", confidence=proposal.confidence, suggestions=pair
        )
    if proposal.confidence >= answer_at and proposal.matches:
        return LookupResult(
            query=text,
            kind=proposal.kind,
            matches=proposal.matches,
            confidence=proposal.confidence,
            odd_one_out=proposal.odd_one_out,
            also=proposal.also,
        )
    hints = [m for m in _best_first(proposal.candidates) if m.confidence >= SUGGEST_AT]
    return LookupResult(
        query=text,
        kind="declined",
        confidence=proposal.confidence,
        suggestions=tuple(hints[:MAX_SUGGESTIONS]),
        untaught=proposal.untaught,
    )


def propose(corpus: Corpus, text: str, *, calibrate: bool = True) -> Proposal:
    """The best reply for `text` and its confidence (see the module docstring); with
    `calibrate` off, the confidence is the retrieval's raw score (for fitting)."""
    reading = read(text)
    if reading.foreign:
        return Proposal(kind="language")
    reading = prepared(corpus, reading)
    query, ranked, chosen = candidates_for(corpus, reading)
    # a flag of an untaught subject asked about (-e), not one of a command the learner ran
    flags = frozenset().union(
        *(corpus.untaught_flags(p.text) for p in reading.parts if p.role in ASKING_ROLES)
    )
    named = _untaught(corpus, reading) if flags or any(t.outside for t in query) else []
    untaught = _once(subject for _, subject in named)
    if not ranked:
        return Proposal(kind="none", untaught=untaught)
    proposal = _shaped(corpus, reading, query, ranked)._replace(untaught=untaught)
    found = features(proposal, ranked, reading, chosen=chosen)
    if found["long"] and proposal.matches:
        found.update(_asked_alone(corpus, reading, proposal.matches[0].entry.id))
    if not calibrate or not proposal.matches or proposal.confidence <= 0:
        return proposal._replace(features=found)
    confidence = calibrated(found)
    if _as_written(proposal):
        confidence = max(confidence, AS_WRITTEN)
    if any(m.evidence.named_missed for m in proposal.matches) or (
        flags and not flags & corpus.flags(proposal.matches[0].entry.id)
    ):
        confidence *= NAMED_MISSED  # the question names something the reply does not cover
    if confidence >= UNSURE_AT:
        # a likely reading: an untaught subject in an exam stem's requirement ("triggered by
        # CodePipeline") may be a distractor; one in the asking clause is what is asked
        untaught = _once(subject for role, subject in named if role != "requirement")
    return proposal._replace(confidence=round(confidence, 4), features=found, untaught=untaught)


def _untaught(corpus: Corpus, reading: Reading) -> list[tuple[str, tuple[str, str]]]:
    """(role, (subject, source)) of each untaught subject that the parts of a question
    which ask (not its story) name, in order."""
    return [
        (part.role, subject)
        for part in reading.parts
        if part.role in UNTAUGHT_ROLES
        for subject in corpus.outside_named(part.text, reading.named)
    ]


def _once(subjects: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    return tuple(dict.fromkeys(subjects))


def _shaped(
    corpus: Corpus, reading: Reading, query: Sequence[QueryTerm], ranked: list[Match]
) -> Proposal:
    odd = shapes.odd_one_out(reading.sentence, reading.text)
    if odd is not None:
        found = _odd_one_out(corpus, reading, odd, ranked)
        if found is not None:
            return found
        # Options listed but none stands out: listing what is true would not answer it.
        return Proposal(kind="answer", candidates=tuple(ranked))
    sides = shapes.comparison(reading.sentence, corpus.speller.repair)
    if sides is not None:
        found = _comparison(corpus, reading, sides, ranked)
        if found is not None:
            return found
    return _single(corpus, query, ranked)


def _as_written(proposal: Proposal) -> bool:
    """True when the question, read as terms, is one of the entry's own phrasings, title
    or aliases, and holds no word it lacks: the pack says this entry answers it."""
    if proposal.kind != "answer" or len(proposal.matches) != 1 or proposal.odd_one_out:
        return False
    evidence = proposal.matches[0].evidence
    return min(evidence.closeness, evidence.nearness, evidence.coverage) >= 1.0


def _asked_alone(corpus: Corpus, reading: Reading, entry_id: str) -> dict[str, float]:
    """For a message with a story around its question (an exam stem): whether the question
    and its requirements alone, without the story, point to the same entry, and how well
    that entry explains them. A stem whose story alone carries the match is weak evidence;
    one whose requirement names the entry is strong."""
    asked = tuple(p for p in reading.parts if p.role in ASKED_ROLES)
    terms = query_terms(corpus, asked, reading.named, reading.proper, reading.capitals)
    if not terms:
        return {"long_agree": 0.0, "long_asked": 0.0}
    top = corpus.rank(terms, limit=AGREE_AMONG)
    match = corpus.match(entry_id, terms)
    return {
        "long_agree": 1.0 if top and top[0].entry.id == entry_id else 0.0,
        "long_asked": match.confidence if match is not None else 0.0,
    }


def features(
    proposal: Proposal, ranked: Sequence[Match], reading: Reading, *, chosen: bool = False
) -> dict[str, float]:
    """The evidence of a proposal, as `bot.lookup.calibration` weighs it; `chosen` when the
    candidates were a multiple-choice question's options."""
    main = min(proposal.matches, key=lambda m: m.confidence) if proposal.matches else None
    evidence = main.evidence if main is not None else Evidence()
    margin = ranked[0].score - ranked[1].score if len(ranked) > 1 else 1.0
    margin = min(1.0, max(0.0, margin / MARGIN_SCALE))
    long = 1.0 if any(p.role in ("context", "aside") for p in reading.parts) else 0.0
    return {
        "raw": proposal.confidence,
        "coverage": evidence.coverage,
        "matched": evidence.matched,
        "unknown": evidence.unknown,
        "named_missed": evidence.named_missed,
        "closeness": evidence.closeness,
        "nearness": evidence.nearness,
        "anchored": evidence.anchored,
        "context": evidence.context,
        "mass": evidence.mass,
        "specific": evidence.specific,
        "long_specific": long * evidence.specific,
        "margin": margin,
        "long": long,
        # a scenario weighs its evidence differently: its own intercept and slopes
        "long_raw": long * proposal.confidence,
        "long_margin": long * margin,
        "long_unknown": long * evidence.unknown,
        "agree": _agreement(proposal, ranked),
        "likely": evidence.likely,
        "comparison": 1.0 if proposal.kind == "comparison" else 0.0,
        "comparison_named": 1.0 if proposal.named_sides else 0.0,
        # a comparison and a "which is NOT" weigh their raw score with slopes of their own
        "comparison_raw": proposal.confidence if proposal.kind == "comparison" else 0.0,
        "odd_raw": proposal.confidence if proposal.odd_one_out else 0.0,
        "odd": 1.0 if proposal.odd_one_out else 0.0,
        "odd_gap": proposal.odd_gap,
        "long_agree": 0.0,  # set by `_asked_alone` for a long message
        "long_asked": 0.0,
        # a how-to with the learner's own values ("how do I run nginx:1.27 on 8080")
        # misses words no entry has, and is right more often than that makes it look
        "howto": 1.0 if asks_how_to(reading) else 0.0,
        "valued": 1.0 if any(p.role in ("value", "path") for p in reading.parts) else 0.0,
        "choice": 1.0 if chosen else 0.0,
        "flag": evidence.flag,
        "flag_missed": evidence.flag_missed,
    }


def _agreement(proposal: Proposal, ranked: Sequence[Match]) -> float:
    """The share of three separate readings that pick the reply's main entry among the
    candidates: BM25 relevance, the nearest phrasing by words (nearness) and by letters
    (closeness). Readings that disagree are a ranking that could be wrong."""
    if not proposal.matches or not ranked:
        return 0.0
    main = _readings(proposal.matches[0])
    tops: list[float] = [max(column) for column in zip(*map(_readings, ranked), strict=True)]
    # a reading picks every entry tied at its best: sums over sets of terms differ in their
    # last bits from one process to the next (hash order), and a tie must not flip the pick
    agree = [mine >= top - TIE for mine, top in zip(main, tops, strict=True)]
    return agree.count(True) / len(main)


def _readings(match: Match) -> tuple[float, float, float]:
    evidence = match.evidence
    return (evidence.relevance, evidence.nearness, evidence.closeness)


def _single(corpus: Corpus, query: Sequence[QueryTerm], ranked: list[Match]) -> Proposal:
    best = ranked[0]
    runner = ranked[1] if len(ranked) > 1 else None
    proposal = Proposal(
        kind="answer", matches=(best,), confidence=best.confidence, candidates=tuple(ranked)
    )
    if (
        runner is None
        or runner.confidence < SUGGEST_AT
        or best.score - runner.score >= (AMBIGUITY_MARGIN)
    ):
        return proposal
    if _linked(corpus, best, runner, query):
        return Proposal(
            kind="answer",
            matches=(best,),
            confidence=best.confidence,
            also=(runner,),
            candidates=tuple(ranked),
        )
    return Proposal(
        kind="answer",
        matches=(best,),
        confidence=best.confidence,
        ambiguous=runner.confidence >= ANSWER_AT,
        candidates=tuple(ranked),
    )


def _linked(corpus: Corpus, best: Match, runner: Match, query: Sequence[QueryTerm]) -> bool:
    """One lists the other as related, or both share a topic and cover the key terms."""
    a, b = best.entry, runner.entry
    if b.id in a.related or a.id in b.related:
        return True
    if a.topic != b.topic:
        return False
    key = {t.term for t in query if not t.neutral and corpus.known(t.term)}
    return bool(key) and key <= corpus.doc_terms(a.id) and key <= corpus.doc_terms(b.id)


def _comparison(
    corpus: Corpus, reading: Reading, sides: tuple[str, str], ranked: list[Match]
) -> Proposal | None:
    """Both sides of "X vs Y", from one entry about both or composed from two entries."""
    # a side typed as a name ("COPY vs ADD") binds as it does in the whole question
    side_terms = [corpus.query(side, named=reading.named, proper=reading.proper) for side in sides]
    if not all(side_terms):
        return None
    keys = _distinct([{t.term for t in terms} for terms in side_terms])
    linked = [_link(corpus, terms) for terms in side_terms]
    whole = query_terms(corpus, reading.parts, reading.named, reading.proper, reading.capitals)
    rest = _unexplained(corpus, whole, keys)
    pool = [m.entry.id for m in ranked[:6]]
    for found in linked:
        if found is not None:
            pool += [r for r in found.entry.related if r not in pool]
    for entry_id in pool:
        if _names_both(corpus.names(entry_id), keys):
            match = corpus.match(entry_id, [*side_terms[0], *side_terms[1]])
            if match is not None:
                return Proposal(
                    kind="comparison",
                    matches=(match,),
                    confidence=round(match.confidence * rest, 4),
                    candidates=tuple(ranked),
                    named_sides=True,
                )
    first, second = linked
    if first is None or second is None:
        hints = tuple(m for m in linked if m is not None)
        return Proposal(kind="comparison", candidates=hints + tuple(ranked))
    if first.entry.id == second.entry.id:
        # One entry for both sides: it must explain both ("type 1 vs type 2 hypervisor"),
        # or its names touch both ("ECS agent vs Docker daemon")
        covered, about = corpus.doc_terms(first.entry.id), corpus.anchors(first.entry.id)
        if not all(key <= covered for key in keys) and not all(key & about for key in keys):
            return Proposal(kind="comparison", candidates=(first, *ranked))
        both = corpus.match(first.entry.id, [*side_terms[0], *side_terms[1]])
        if both is not None and both.evidence.named_missed:
            # a side typed as a name that the entry only mentions in passing ("COPY vs ADD":
            # the COPY note's wordings say "add") is not covered
            first = first._replace(evidence=first.evidence._replace(named_missed=1.0))
        return Proposal(
            kind="comparison",
            matches=(first,),
            confidence=round(first.confidence * rest, 4),
            candidates=tuple(ranked),
            named_sides=all(_named_as(corpus, terms, first) for terms in side_terms),
        )
    return Proposal(
        kind="comparison",
        matches=(first, second),
        confidence=round(min(first.confidence, second.confidence) * rest, 4),
        candidates=(first, second, *ranked),
        named_sides=_named_as(corpus, side_terms[0], first)
        and _named_as(corpus, side_terms[1], second),
    )


def _named_as(corpus: Corpus, terms: Sequence[QueryTerm], match: Match) -> bool:
    """True when these terms are exactly the entry's title or one of its aliases."""
    return match.entry.id in corpus.named_as([t.term for t in terms])


def _distinct(keys: list[set[str]]) -> list[set[str]]:
    """Each side's own words: "docker push" vs "docker pull" differ by push and pull."""
    first, second = keys
    return [(first - second) or first, (second - first) or second]


def _unexplained(corpus: Corpus, whole: Sequence[QueryTerm], keys: Sequence[set[str]]) -> float:
    """How much of a comparison question beyond its two sides is about something else:
    1 when every other word is known to the pack, lower with each unknown word."""
    named = set().union(*keys)
    sides = sum(corpus.weight(t) for t in named)
    unknown = sum(
        t.weight * corpus.weight(t.term, t.novelty)
        for t in whole
        if not t.neutral and t.term not in named and not corpus.known(t.term)
    )
    return sides / (sides + UNKNOWN_AGAINST * unknown) if sides else 0.0


def _link(corpus: Corpus, terms: Sequence[QueryTerm]) -> Match | None:
    """The entry one side of a comparison names: the best-ranked entry whose title or an
    alias shares a word with the side, judged on the side's words alone."""
    found = corpus.rank(terms, limit=6)
    words = {t.term for t in terms}
    named = [m for m in found if corpus.anchors(m.entry.id) & words] or found
    return named[0] if named else None


def _names_both(names: Sequence[frozenset[str]], keys: Sequence[set[str]]) -> bool:
    """True when the entry's title or an alias reads "X vs Y" for these two sides: a
    comparison entry ("RUN vs CMD"), not one that merely mentions both."""
    allowed = set().union(*keys) | COMPARISON_WORDS
    return any(
        name & COMPARISON_CUES and all(name & key for key in keys) and name <= allowed
        for name in names
    )


def _odd_one_out(
    corpus: Corpus, reading: Reading, odd: shapes.OddOneOut, ranked: list[Match]
) -> Proposal | None:
    """The option that does not belong to the category's entry, when one stands out."""
    option_terms = [corpus.query(o) for o in odd.options]
    if not all(option_terms):
        return None
    category_terms = [t for t in corpus.query(odd.category) if t.term not in shapes.NEGATION_TERMS]
    if len(category_terms) < MIN_FOCUS_TERMS:
        around = [p.text for p in reading.parts if p.role != "value" and odd.category not in p.text]
        around = [p for p in around if not any(o in p for o in odd.options)]
        category_terms += [t for text in around for t in corpus.query(text, 0.8)]
    if not category_terms:
        return None
    context = [QueryTerm(t.term, 0.3, True, t.novelty) for terms in option_terms for t in terms]
    candidates = corpus.rank([*category_terms, *context], limit=4)
    best: tuple[float, Match, int] | None = None
    claims = shapes.false_claim(reading.sentence)
    # when every option is the name of an entry, an entry an option is named for reads
    # that option, not the category the options share ("not a docker command: docker run,
    # docker ps": docker ps is not docker run, it is another command)
    named = [corpus.named_as([t.term for t in terms]) for terms in option_terms]
    offered = set().union(*named) if all(named) else set()
    # a product no note and no untaught subject names ("Xen"): its absence from a note is
    # ignorance, not evidence that it does not belong (an everyday word, "compiling", is)
    unknown = [
        not any(corpus.known(t.term) for t in terms)
        and not corpus.outside_named(option)
        and any(word[:1].isupper() for word in option.split())
        for terms, option in zip(option_terms, odd.options, strict=True)
    ]
    for match in candidates[:3]:
        if match.entry.id in offered:
            continue
        covered = corpus.doc_terms(match.entry.id)
        denied = corpus.denied(match.entry.id)
        belonging = [
            # an option that itself denies ("you don't manage servers") agrees with what the
            # entry denies ("no servers to manage")
            _belonging(corpus, terms, covered | denied, frozenset())
            if shapes.negated(option)
            else _belonging(corpus, terms, covered, denied)
            for terms, option in zip(option_terms, odd.options, strict=True)
        ]
        if claims:
            # "which statement is false": an absolute claim ("only", "every", "always")
            # the notes do not make is the usual false one.
            belonging = [
                b - ABSOLUTE_CLAIM if shapes.absolute(option) else b
                for b, option in zip(belonging, odd.options, strict=True)
            ]
        order = sorted(range(len(belonging)), key=belonging.__getitem__)
        gap = belonging[order[1]] - belonging[order[0]]
        if unknown[order[0]]:
            continue  # the notes say nothing of it, so nothing of what it is not either
        if gap >= ODD_GAP and (best is None or gap > best[0]):
            best = (gap, match, order[0])
    if best is None:
        return None
    gap, category, odd_index = best
    judged = corpus.match(category.entry.id, category_terms)
    own = corpus.rank(option_terms[odd_index], limit=1)
    matches = [category]
    if own and own[0].entry.id != category.entry.id and own[0].confidence >= ANSWER_AT:
        matches.append(own[0])
    return Proposal(
        kind="answer",
        matches=tuple(matches),
        confidence=judged.confidence if judged else 0.0,
        odd_one_out=odd.options[odd_index],
        odd_gap=gap,
        candidates=tuple(ranked),
    )


def _belonging(
    corpus: Corpus,
    terms: Sequence[QueryTerm],
    covered: frozenset[str],
    denied: frozenset[str] = frozenset(),
) -> float:
    """The IDF-weighted share of an option's words that the entry uses, less the share it
    denies ("an image contains no kernel": a kernel does not belong)."""
    total = sum(corpus.weight(t.term) for t in terms)
    inside = sum(corpus.weight(t.term) for t in terms if t.term in covered)
    against = sum(corpus.weight(t.term) for t in terms if t.term in denied)
    return (inside - against) / total if total else 0.0


def _best_first(matches: Sequence[Match]) -> list[Match]:
    """The matches best first, each entry once (at its best): a comparison's candidates
    hold the entry each side links to as well as the ranking that may list it again."""
    seen: set[str] = set()
    ordered: list[Match] = []
    for match in sorted(matches, key=lambda m: m.confidence, reverse=True):
        if match.entry.id not in seen:
            seen.add(match.entry.id)
            ordered.append(match)
    return ordered
