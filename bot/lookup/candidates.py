"""What a question asks and which notes could answer it: the step between reading a
message (`bot.lookup.reading`) and deciding the reply (`bot.lookup.answering`).

- Chatter around the question ("Hi there, hope you're well.") is dropped.
- The kind of thing asked for is the question's frame, not its subject: "Which Linux kernel
  *feature* explains this?" asks for one kernel feature, so the overview of kernel features is
  not what it names, and the features that overview lists are candidates.
- Each part's words are weighted by its role (the asking clause, a requirement, the story
  around an exam question, a value), and the notes are ranked by them; a how-to's verb ("how
  do I *pull* ...") and the notes the question names are part of the ranking.
- The options of a multiple-choice question that are names of notes ("A) Amazon ECS B) Amazon
  ECR ...") are the answers to choose among, as for a learner taking the exam.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.lookup.reading import ASKING_ROLES, FRAME_TERMS, Part, Reading
from bot.lookup.retrieval import CANDIDATES, QUESTION_TERMS, Corpus, Match, QueryTerm

ROLE_WEIGHTS = {
    "focus": 1.0,
    "requirement": 0.8,
    "frame": 0.35,
    "context": 0.45,
    "aside": 0.1,
    "value": 0.3,
    "path": 0.6,
}
NEUTRAL_ROLES = frozenset({"context", "aside", "value", "path"})
UNTAUGHT_ROLES = frozenset({"focus", "requirement", "frame", "value", "path"})
PROMOTED_CONTEXT = 0.7  # context counts this much when the asking clause says almost nothing
MIN_FOCUS_TERMS = 2
CHATTER_TERMS = 2  # a clause around a question with this many words or fewer is chatter
MIN_OFFERED = 2  # options of a multiple-choice question that name entries: answer among them

# "which <kind> <verb> ...": a singular noun phrase of one to four words after which/what
# (not "what does X do", "which type of X": the types of X are what it asks about)
_NOT_KIND = r"(?!(?:is|are|was|were|do|does|did|can|could|should|would|will|has|have|had|" + (
    r"type|types|kind|kinds|sort|of|the|a|an|this|these|that|it|they|i|we|you|my|our)\b)"
)
_KIND_ASKED = (  # compiled on first use
    r"(?i)\b(?:which|what)\s+"
    rf"(?P<kind>(?:{_NOT_KIND}[a-z0-9/-]+\s+){{0,3}}{_NOT_KIND}[a-z0-9/-]*[a-rt-z0-9])\s+"
    r"(?:is|was|would|will|should|could|can|does|did|do|has|had|must|might|gives?|lets?|"
    r"makes?|caps?|limits?|keeps?|provides?|explains?|isolates?|used|best|most|actually|"
    r"really|that|to|in|on|for|from|of)\b"
)

_HOW_TO_VERB = (  # compiled on first use
    r"(?i)\W*how\s+(?:(?:do|can|could|should|would|does)\s+(?:i|we|you|one|they)|to)\s+"
    r"(?:(?:actually|properly|quickly|just|then)\s+)?(?P<verb>[a-z]+)"
)
_HOW_TO = r"(?i)\W*how\s+(?:do|can|could|should|would|to|does)\b"  # compiled on first use
LIGHT_VERBS = frozenset(
    "make get see check use set find know tell do have keep let put give go be ensure stop".split()
)


def candidates_for(
    corpus: Corpus, reading: Reading, limit: int | None = None
) -> tuple[list[QueryTerm], list[Match], bool]:
    """The question's weighted terms and its candidate entries, best first; and whether
    they are a multiple-choice question's options. When two or more of its options are
    names of entries ("A) Amazon ECS B) Amazon ECR ..."), the answer is one of them, as for
    a learner taking the exam: those entries are the candidates, ranked by the question
    without its options."""
    query = query_terms(corpus, reading.parts, reading.named, reading.proper, reading.capitals)
    names = _names(corpus, reading)
    ranked = corpus.rank(
        query,
        names=names,
        limit=limit or CANDIDATES,
        members=reading.members,
        action=_action(corpus, reading),
        flags=reading.flags,
    )
    offered = [corpus.named_as(corpus.terms(option)) for option in reading.options]
    offered_ids = {entry_id for ids in offered if len(ids) == 1 for entry_id in ids}
    if len(offered_ids) < MIN_OFFERED:
        return query, ranked, False
    options = set(reading.options)
    stem = [p for p in reading.parts if p.role != "context" or p.text not in options]
    asked = query_terms(corpus, stem, reading.named, reading.proper, reading.capitals)
    chosen = corpus.rank(asked, names=names, only=frozenset(offered_ids), flags=reading.flags)
    return query, chosen or ranked, bool(chosen)


def asks_how_to(reading: Reading) -> bool:
    """True when the question opens with "how do / can / should ... / how to"."""
    return re.match(_HOW_TO, reading.focus) is not None


def _action(corpus: Corpus, reading: Reading) -> str:
    """The term of a how-to's verb ("how do I *pull* an image from ECR"), unless it is a
    light verb that says little (make, get, see); empty for other questions."""
    found = re.match(_HOW_TO_VERB, reading.focus)
    if found is None or found.group("verb").casefold() in LIGHT_VERBS:
        return ""
    terms = corpus.terms(found.group("verb"))
    return terms[0] if terms else ""


def prepared(corpus: Corpus, reading: Reading) -> Reading:
    """The reading as matching uses it: without chatter, with the kind asked for as frame."""
    return _kind_framed(corpus, _without_chatter(corpus, reading))


def _without_chatter(corpus: Corpus, reading: Reading) -> Reading:
    """The reading without clauses around the question that hold no word the pack knows
    ("Hi there, hope you're well.", "thanks!"), nor, when the question says enough by
    itself, short asides of a word or two ("small question", "no rush"): a wrapped question
    reads as the bare one."""
    asked = sum(len(corpus.terms(p.text)) for p in reading.parts if p.role == "focus")

    def chatter(part: Part) -> bool:
        terms = corpus.terms(part.text)
        if not any(corpus.known(term) for term in terms):
            return True
        return asked >= MIN_FOCUS_TERMS and len(terms) <= CHATTER_TERMS

    kept = tuple(
        part for part in reading.parts if part.role not in ("context", "aside") or not chatter(part)
    )
    return reading._replace(parts=kept) if len(kept) != len(reading.parts) else reading


def _names(corpus: Corpus, reading: Reading) -> dict[str, tuple[float, float]]:
    """The entries the question names, as (subject, phrase): 1 when its opening words are
    the entry's title or an alias, and the weight share of a title or alias it contains."""
    phrase: dict[str, float] = {}
    for part in reading.parts:
        if part.role in ASKING_ROLES:
            for entry_id, share in corpus.named_in(corpus.terms(part.text)).items():
                phrase[entry_id] = max(phrase.get(entry_id, 0.0), share)
    subject = corpus.named_by(corpus.terms(reading.focus))
    return {i: (1.0 if i in subject else 0.0, phrase.get(i, 0.0)) for i in {*phrase, *subject}}


def _kind_framed(corpus: Corpus, reading: Reading) -> Reading:
    """The reading with the kind of thing asked for read as the question's frame, not its
    subject: "Which Linux kernel feature explains this?" asks for one kernel feature, so
    the overview of kernel features (whose name those words are) is not what it is about.
    Only a singular kind ("feature", not "features") says so: "Which kernel features does
    Docker use?" asks for the overview itself."""
    focus = next((p for p in reading.parts if p.role == "focus"), None)
    found = re.search(_KIND_ASKED, focus.text) if focus is not None else None
    if focus is None or found is None:
        return reading
    terms = corpus.terms(found.group("kind"))
    kinds = corpus.named_by(terms) if terms else frozenset()
    if not kinds:
        return reading
    members = frozenset(m for entry_id in kinds for m in corpus.members(entry_id))
    rest = focus.text[: found.start("kind")] + focus.text[found.end("kind") :]
    parts: list[Part] = []
    for part in reading.parts:
        if part is focus:
            parts += [Part(rest), Part(found.group("kind"), "frame")]
        else:
            parts.append(part)
    return reading._replace(parts=tuple(parts), members=members)


def query_terms(
    corpus: Corpus,
    parts: Sequence[Part],
    named: frozenset[str] = frozenset(),
    proper: frozenset[str] = frozenset(),
    capitals: frozenset[str] = frozenset(),
) -> list[QueryTerm]:
    """The weighted terms of a message's parts. When the asking clause and requirements
    hold fewer than two content words ("what are they for?"), the context counts too.
    Named words bind the asked parts; in the frame only those typed in capitals do ("what
    is /app in WORKDIR /app": the reply must be about WORKDIR, not about -p in "-d in
    docker run -d -p")."""
    found = [
        (_role(corpus, part), term)
        for part in parts
        for term in corpus.query(part.text, named=named, proper=proper)
    ]
    capital_terms = {t for word in capitals for t in corpus.terms(word)}
    asked = {t.term for role, t in found if role in ASKING_ROLES}
    asked = {t for t in asked if not t.isdigit() and t not in QUESTION_TERMS}
    story = any(role in ("context", "aside", "requirement") for role, _ in found)
    if story:
        asked -= FRAME_TERMS
    promote = len(asked) < MIN_FOCUS_TERMS
    query: list[QueryTerm] = []
    for role, term in found:
        weight, neutral = ROLE_WEIGHTS[role], role in NEUTRAL_ROLES
        if (role == "context" and promote) or (role in ("frame", "path") and not asked):
            weight, neutral = PROMOTED_CONTEXT, False
        if term.term.isdigit() and not corpus.known(term.term):
            neutral = True
        if story and term.term in FRAME_TERMS:
            neutral = True
        # an untaught subject named in the question, its frame or its values (a
        # docker-compose.yml) is what is asked, and no note covers it; in the story it is
        # background
        untaught = term.outside and role in UNTAUGHT_ROLES
        if untaught:
            neutral = False
        binding = role in ASKING_ROLES or (role == "frame" and term.term in capital_terms)
        is_named = untaught or (term.named and binding)
        scenario = role in ("context", "aside")
        query.append(
            QueryTerm(term.term, weight, neutral, term.novelty, is_named, scenario, untaught)
        )
    return query


def _role(corpus: Corpus, part: Part) -> str:
    """A path that is itself the name of something in the pack (/var/run/docker.sock) is
    what the question asks about, not the learner's own value."""
    if part.role == "path" and any(
        len(name) > 1 for name in corpus.names_within(corpus.terms(part.text))
    ):
        return "focus"
    return part.role
