"""`docker-quiz validate --strict`: the item-quality checks an exam editor would make.

Each finding names its file and item. The checks (thresholds as the pack issue states them):

Single-answer multiple-choice questions (true/false ones have nothing to compare):
- the correct option is the single longest in more than 30% of them (pack level);
- the correct option is longer than 1.5x the mean length of its distractors;
- a why_wrong mostly restates its own option (over half its content words are the option's
  and it adds at most one content word of its own);
- a giveaway: the prompt shares a content word with the correct option and no distractor
  (a content word is not one of the 5,000 most frequent English words, per wordfreq);
- an option refers to positions ("All of the above", "Both A and B"): options are shown as
  letters and may be reordered, so such an option breaks.

All questions: near-duplicate prompts (rapidfuzz ratio >= 90); a multiple-answer prompt that
does not say how many to choose ("Choose two."). Everything: `sources` that are not https
URLs on docs.docker.com, docs.aws.amazon.com or aws.amazon.com; a shipped question id that
is gone with no successor naming it in `replaces`, and a question id not yet recorded as
shipped. Ids over the caps of the action contract already fail to load (bot/actions.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from statistics import mean
from urllib.parse import urlsplit

from rapidfuzz import fuzz

from bot.content.pack import KnowledgePack
from bot.content.schema import Question
from bot.errors import DockerQuizError
from bot.text import STOPWORDS, clean, stem, words

LONGEST_SHARE = 0.30
LENGTH_RATIO = 1.5
RESTATES = 0.5  # over half of a why_wrong's content words are its option's own words
TEACHES = 2  # ... and it adds at most one content word of its own
JUDGEMENTS = frozenset("not no wrong incorrect correct right true false option answer".split())
DUPLICATE_AT = 90
COMMON_WORDS = 5000
SOURCE_HOSTS = frozenset({"docs.docker.com", "docs.aws.amazon.com", "aws.amazon.com"})
COUNT_WORDS = {2: "two", 3: "three", 4: "four"}
RECORD = "docker-quiz validate --record-shipped"
_POSITIONAL = (
    re.compile(
        r"\b(?:all|none|both|neither|either|any)\s+of\s+(?:the\s+)?"
        r"(?:above|below|these|those|them|options|answers)\b",
        re.IGNORECASE,
    ),
    re.compile(r"\b[A-E]\s*(?:,|&|\band\b|\bor\b|\bnor\b)\s*[A-E]\b"),  # "Both A and B"
    re.compile(r"\b(?:[Oo]ptions?|[Aa]nswers?|[Cc]hoices?)\s+[A-E]\b"),  # "option C"
)


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem a strict check found: where (file and item) and what."""

    file: str
    item: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.item}: {self.message}"


def lint_pack(pack: KnowledgePack) -> list[Finding]:
    """Every strict finding in a pack that loaded, in a stable order."""
    common = _common_words()
    findings: list[Finding] = []
    choice = [q for q in pack.questions.values() if q.kind == "multiple_choice"]
    findings += _longest_share(pack, choice)
    for question in pack.questions.values():
        where = (pack.origin("question", question.id), f"question {question.id}")
        for message in _question_problems(question, common):
            findings.append(Finding(*where, message))
    findings += _near_duplicates(pack)
    findings += _sources(pack)
    findings += _shipped(pack)
    return findings


def _question_problems(q: Question, common: frozenset[str]) -> Iterator[str]:
    for option in q.options:
        if _refers_to_positions(option.text):
            yield f"option {option.text!r} refers to other options by position"
    if q.kind == "multiple_answer":
        wanted = COUNT_WORDS.get(len(q.answers), str(len(q.answers)))
        if f"choose {wanted}" not in q.prompt.casefold():
            yield f"a multiple-answer prompt says how many to pick: add 'Choose {wanted}.'"
    if q.kind != "multiple_choice":
        return
    correct = q.options[q.answer_index]
    distractors = [o for o in q.options if o.text != correct.text]
    average = mean(len(o.text) for o in distractors)
    if len(correct.text) > LENGTH_RATIO * average:
        yield (
            f"the correct option is {len(correct.text)} characters, over {LENGTH_RATIO}x the "
            f"distractors' mean of {average:.0f}: it stands out by length"
        )
    for option in distractors:
        share = _restated(option.why_wrong or "", option.text)
        if share is not None and share > RESTATES:
            yield (
                f"why_wrong of {option.text!r} mostly restates the option ({share:.0%} of its "
                "words): say why it is wrong"
            )
    giveaway = _giveaways(q, common)
    if giveaway:
        yield (
            f"the prompt shares {', '.join(repr(w) for w in giveaway)} with the correct option "
            "and with no distractor: a giveaway"
        )


def _longest_share(pack: KnowledgePack, choice: list[Question]) -> list[Finding]:
    longest = [q.id for q in choice if _correct_is_longest(q)]
    if not choice or len(longest) / len(choice) <= LONGEST_SHARE:
        return []
    return [
        Finding(
            str(pack.path),
            "(pack)",
            f"the correct option is the single longest in {len(longest)} of {len(choice)} "
            f"single-answer questions ({len(longest) / len(choice):.0%}; at most "
            f"{LONGEST_SHARE:.0%}): {', '.join(longest)}",
        )
    ]


def _correct_is_longest(q: Question) -> bool:
    right = len(q.options[q.answer_index].text)
    return all(right > len(o.text) for i, o in enumerate(q.options) if i != q.answer_index)


def _refers_to_positions(text: str) -> bool:
    return any(pattern.search(text) for pattern in _POSITIONAL)


def _content(text: str) -> dict[str, set[str]]:
    """Stem -> the words of `text` with that stem, without stopwords."""
    out: dict[str, set[str]] = {}
    for word in words(clean(text)):
        if word not in STOPWORDS and len(word) > 1:
            out.setdefault(stem(word), set()).add(word)
    return out


def _restated(why: str, option: str) -> float | None:
    """The share of `why`'s content words that are the option's own, when `why` adds too
    few words of its own to teach anything; None when it does add enough."""
    said = {s for s, forms in _content(why).items() if not forms <= JUDGEMENTS}
    own = _content(option).keys()
    if not said or len(said - own) >= TEACHES:
        return None
    return len(said & own) / len(said)


def _giveaways(q: Question, common: frozenset[str]) -> list[str]:
    prompt = _content(q.prompt)
    correct = _content(q.options[q.answer_index].text)
    elsewhere: set[str] = set()
    for i, option in enumerate(q.options):
        if i != q.answer_index:
            elsewhere |= _content(option.text).keys()
    shared = (prompt.keys() & correct.keys()) - elsewhere
    return sorted(
        min(correct[s]) for s in shared if not (prompt[s] | correct[s]) & common and not s.isdigit()
    )


def _near_duplicates(pack: KnowledgePack) -> list[Finding]:
    ids = list(pack.questions)
    prompts = [clean(pack.questions[qid].prompt) for qid in ids]
    found = []
    for i, first in enumerate(ids):
        for j in range(i + 1, len(ids)):
            score = fuzz.ratio(prompts[i], prompts[j], score_cutoff=DUPLICATE_AT)
            if score:
                second = ids[j]
                found.append(
                    Finding(
                        pack.origin("question", second),
                        f"question {second}",
                        f"prompt is a near-duplicate (ratio {score:.0f}) of question {first} in "
                        f"{pack.origin('question', first)}: merge them (replaces)",
                    )
                )
    return found


def _sources(pack: KnowledgePack) -> Iterator[Finding]:
    items = [("entry", e.id, e.sources) for e in pack.entries.values()]
    items += [("question", q.id, q.sources) for q in pack.questions.values()]
    for kind, ident, sources in items:
        for url in sources:
            problem = _source_problem(url)
            if problem:
                yield Finding(
                    pack.origin(kind, ident), f"{kind} {ident}", f"source {url!r}: {problem}"
                )
    for item in pack.outside:  # another project's own documentation (Kubernetes, Helm)
        problem = _source_problem(item.source, hosts=None)
        if problem:
            yield Finding(
                pack.origin("outside", item.subject), f"outside {item.subject!r}", problem
            )


def _source_problem(url: str, hosts: frozenset[str] | None = SOURCE_HOSTS) -> str | None:
    parts = urlsplit(url)
    if parts.scheme != "https" or any(ch.isspace() for ch in url) or not parts.hostname:
        return "not an https URL"
    if parts.username or parts.password or parts.port:
        return "has a login or a port"
    if hosts is not None and parts.hostname not in hosts:
        return f"not on {', '.join(sorted(hosts))}"
    if parts.path in ("", "/"):
        return "names a site, not the page behind the statement"
    return None


def _shipped(pack: KnowledgePack) -> list[Finding]:
    where = pack.shipped_file or str(pack.path)
    if not pack.shipped:
        return [
            Finding(where, "shipped", f"the pack records no shipped question ids: run `{RECORD}`")
        ]
    successors = pack.successors()
    findings = [
        Finding(
            where,
            f"shipped {qid}",
            "a released question id is gone with no successor: keep it, or name it in the "
            "`replaces` of the question that took its place",
        )
        for qid in sorted(pack.shipped)
        if qid not in pack.questions and qid not in successors
    ]
    unrecorded = sorted(set(pack.questions) - pack.shipped)
    if unrecorded:
        findings.append(
            Finding(
                where,
                "shipped",
                f"{len(unrecorded)} question id(s) not recorded as shipped "
                f"({', '.join(unrecorded)}): run `{RECORD}`",
            )
        )
    return findings


@cache
def _common_words() -> frozenset[str]:
    try:
        from wordfreq import top_n_list
    except ImportError as exc:  # the `lint` extra
        raise DockerQuizError(
            "validate --strict needs the wordfreq word list: pip install 'docker-quiz[lint]'"
        ) from exc
    return frozenset(top_n_list("en", COMMON_WORDS))
