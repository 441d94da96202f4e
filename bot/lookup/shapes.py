"""The shape of a question: a comparison of two things, or "which of these is NOT ...".

Both are read from the sentence that asks, after spelling repair (so "diffrence" is a cue):

- a comparison names two sides: "X vs Y", "difference between X and Y", "how does X differ
  from Y", "compare X and Y", "is X the same as Y" (or "similar to", or a learner's "X, same
  like Y"), "X or Y, which ...", "X and Y, how are they different";
- an odd-one-out question has a negation ("not", "isn't", "except", "false") and lists its
  options, usually after a colon and a space (not the colon of python:3.9-slim): "which is
  not a kernel feature: namespaces, cgroups, hypervisor?". The category is what comes before
  the options.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import NamedTuple

_TOKEN = re.compile(r"[a-z0-9]+(?:[.'][a-z0-9]+)*|[,;:?!()]|\s[-–—]\s")
_SEPARATORS = frozenset(",;:?!()")
_VERSUS = frozenset({"vs", "versus", "v", "vs."})
_DIFFER = frozenset(
    {
        "difference",
        "differences",
        "differ",
        "differs",
        "different",
        "diff",
        "distinguish",
        "contrast",
        "compare",
        "compared",
        "comparison",
        "comparing",
        "distinction",
    }
)
_CHOICE = frozenset(
    {
        "which",
        "better",
        "pick",
        "choose",
        "prefer",
        "should",
        "difference",
        "different",
        "differ",
        "diff",
        "when",
    }
)
_NEGATIONS = frozenset(
    {
        "not",
        "isnt",
        "doesnt",
        "dont",
        "cannot",
        "cant",
        "wont",
        "arent",
        "never",
        "except",
        "false",
        "incorrect",
        "untrue",
        "wouldnt",
        "shouldnt",
        "neither",
        "unable",
        "wrong",
        "nor",
    }
)
NEGATION_TERMS = frozenset(
    {"not", "never", "except", "fals", "incorrect", "untru", "unabl", "wrong"}
)
_LEADING = frozenset(
    {
        "what",
        "whats",
        "which",
        "how",
        "is",
        "are",
        "does",
        "do",
        "the",
        "a",
        "an",
        "so",
        "and",
        "ok",
        "okay",
        "but",
        "then",
        "between",
        "in",
        "of",
        "about",
        "tell",
        "me",
        "explain",
        "wats",
        "wat",
        "docker's",
    }
)


class OddOneOut(NamedTuple):
    """A "which is NOT" question: what the options belong to, and the options as typed."""

    category: str
    options: tuple[str, ...]


def comparison(sentence: str, repair: Callable[[str], Sequence[str]]) -> tuple[str, str] | None:
    """The two sides a sentence compares, as text, or None when it compares nothing."""
    tokens: list[str] = []
    for token in _TOKEN.findall(sentence.casefold().replace("`", " ")):
        if token.strip() in {"-", "–", "—"}:
            tokens.append(",")
        else:
            tokens.extend([token] if token in _SEPARATORS or "." in token else repair(token))
    for finder in (_versus, _between, _differ_from, _compare, _same_as, _or_which, _and_differ):
        found = finder(tokens)
        if found:
            left, right = (" ".join(_trim(side)) for side in found)
            if left and right and left != right and not _absence(left, right):
                return left, right
    return None


# "docker run with -d versus without it", "cgroups vs no cgroups": one side is the other
# absent, not a second thing to compare
_ABSENT = frozenset({"without", "no", "not", "none"})
_ABSENCE = _ABSENT | frozenset("it that this them one those using use the a flag option".split())


def _absence(left: str, right: str) -> bool:
    for side, other in ((left, right), (right, left)):
        words = set(side.split())
        if words & _ABSENT and words - set(other.split()) <= _ABSENCE:
            return True
    return False


def odd_one_out(sentence: str, message: str = "") -> OddOneOut | None:
    """The category and options of a "which is NOT" question, or None. The options may
    follow the asking sentence ("Which is NOT a registry? Docker Hub, ECR or /var/lib/docker")
    or be lettered ("a) ... b) ..."): then they are read from the whole `message`."""
    for text in (sentence, message):
        if not text or not negated(text):
            continue
        head, options = _options(text)
        if len(options) >= 2 and negated(head):
            return OddOneOut(category=head, options=tuple(options))
        # a "not" inside an option ("... do not boot") is not a "which is NOT"
    return None


MAX_CHOICE_WORDS = 12  # an option longer than this is a sentence of the story, not a choice


def choices(message: str, sentence: str) -> tuple[str, tuple[str, ...]] | None:
    """A multiple-choice question ("Which feature limits CPU? A) namespaces B) cgroups ...",
    "Which registry ...: Docker Hub, ECR, GHCR or Quay?") as the message without its options,
    and the options; None when it lists no options or asks which is NOT (see `odd_one_out`).
    `sentence` is the message's asking sentence."""
    lettered = _lettered(message)
    if lettered is not None and lettered[0]:
        head, options = lettered
        asked = head
    elif sentence in message:
        head, options = _options(sentence)
        if len(options) < 3 or any(len(o.split()) > MAX_CHOICE_WORDS for o in options):
            return None
        asked = message.replace(sentence, head.rstrip(" :") + "?")
    else:
        return None
    return None if negated(head) else (asked, tuple(options))


# "Which one is no longer your job", "odd one out among ...", "doesn't belong"
_NEGATED_PHRASE = r"\bno longer\b|\bodd one out\b|\bodd man out\b"  # compiled on first use


def negated(text: str) -> bool:
    """True when the text has a negation word (not, isn't, doesn't, ...) or phrase."""
    lowered = text.casefold().replace("’", "'").replace("'", "")
    return not _NEGATIONS.isdisjoint(re.findall(r"[a-z]+", lowered)) or bool(
        re.search(_NEGATED_PHRASE, lowered)
    )


SHORT_OPTION = 4  # words: "a, b and c" lists short options; longer ones are claims
_FALSE = re.compile(r"\b(?:false|untrue|not true|isn'?t true|incorrect|wrong)\b", re.IGNORECASE)
_ABSOLUTE = re.compile(
    r"\b(?:only|every|always|never|all|none|guaranteed|cannot|can'?t|must)\b", re.IGNORECASE
)


def false_claim(sentence: str) -> bool:
    """True for "which statement is false / isn't true": the options are claims."""
    return bool(_FALSE.search(sentence))


def absolute(option: str) -> bool:
    """True for an option that claims something absolutely ("it only ...", "every ...")."""
    return bool(_ABSOLUTE.search(option))


# Lettered or numbered options: "a) ...", "(b) ...", "3) ...", in order from the first
_MARKER = r"(?i)(?:^|(?<=\s))(?:\(([a-f1-6])\)|([a-f1-6])\))\s+"  # compiled on first use


def _lettered(text: str) -> tuple[str, list[str]] | None:
    """Split "stem? a) x b) y c) z" at its markers, when they run a, b, c ... or 1, 2, 3."""
    found = list(re.finditer(_MARKER, text))
    labels = [(m.group(1) or m.group(2)).casefold() for m in found]
    if len(found) < 2 or labels[0] not in ("a", "1"):
        return None
    start = ord(labels[0])
    if labels != [chr(start + i) for i in range(len(labels))]:
        return None
    ends = [m.start() for m in found[1:]] + [len(text)]
    options = [
        re.sub(r"^(?:or|and)\s+|[\s,;]+(?:or|and)?$", "", text[m.end() : end].strip(" ,;.?"))
        for m, end in zip(found, ends, strict=True)
    ]
    return text[: found[0].start()].strip(), [o for o in options if o]


# a colon that introduces a list is followed by a space: not the one in python:3.9-slim
_LIST_COLON = r":(?=\s|$)"  # compiled on first use


def _options(sentence: str) -> tuple[str, list[str]]:
    """Split "stem: a, b, or c?" (or "among a, b and c: which is not ...?", "stem? a, b or
    c", "stem: a / b / c", "stem? a) x b) y") into the stem and its options."""
    lettered = _lettered(sentence)
    if lettered is not None:
        return lettered
    text = sentence.strip().rstrip("?.! ")
    if "?" in text:
        head, _, tail = text.partition("?")
        if "," in tail or ";" in tail or " / " in tail:
            return _split(head, tail)
    colons = [found.start() for found in re.finditer(_LIST_COLON, text)]
    if colons:
        head, tail = text[: colons[-1]], text[colons[-1] + 1 :]
        if "," not in tail and "," in head:  # the options come first
            head, tail = tail, re.sub(r"^.*?\b(?:among|between|of)\s+", "", head)
    else:
        match = re.search(r"\b(?:of these|of the following|following)\b[^,]*?\s+(?=\w)", text)
        if not match or "," not in text[match.end() :]:
            return text, []
        head, tail = text[: match.end()], text[match.end() :]
    return _split(head, tail)


def _split(head: str, tail: str) -> tuple[str, list[str]]:
    """The options listed in `tail`: "a, b, or c", "a; b; c", "a / b / c"."""
    pieces = [p.strip() for p in re.split(r",|;|\s/\s", tail) if p.strip()]
    options: list[str] = []
    for position, piece in enumerate(pieces):
        piece = re.sub(r"^(?:or|and)\s+", "", piece, flags=re.IGNORECASE)
        if position == len(pieces) - 1 or len(pieces) == 1:
            parts = [p.strip() for p in re.split(r"\s+or\s+", piece) if p.strip()]
            for part in parts:
                halves = [h.strip() for h in re.split(r"\s+and\s+", part) if h.strip()]
                # "a, b and c" splits; "it is private and paid" is one claim
                short = all(len(h.split()) <= SHORT_OPTION for h in halves)
                options.extend(halves if short else [part])
        else:
            options.append(piece)
    if len(options) < 2 and len(pieces) == 1:
        return head, []
    return head, [o for o in options if o]


def _trim(side: Sequence[str]) -> list[str]:
    words = [w for w in side if w not in _SEPARATORS and w not in _DIFFER and w not in _VERSUS]
    while words and words[0] in _LEADING:
        words.pop(0)
    return words


def _span_before(tokens: Sequence[str], end: int) -> list[str]:
    start = end
    while start > 0 and tokens[start - 1] not in _SEPARATORS:
        start -= 1
    return list(tokens[start:end])


_ASKING_AGAIN = frozenset({"which", "what", "whats", "how", "why", "who"})


def _span_after(tokens: Sequence[str], start: int) -> list[str]:
    """The words from `start` to the next separator, or to a question word that starts the
    asking clause again ("VM vs container isolation *which is higher*")."""
    end = start
    while end < len(tokens) and tokens[end] not in _SEPARATORS:
        if end > start and tokens[end] in _ASKING_AGAIN:
            break
        end += 1
    return list(tokens[start:end])


def _versus(tokens: Sequence[str]) -> tuple[list[str], list[str]] | None:
    for i, word in enumerate(tokens):
        if word in _VERSUS and 0 < i < len(tokens) - 1:
            return _span_before(tokens, i), _span_after(tokens, i + 1)
    return None


def _between(tokens: Sequence[str]) -> tuple[list[str], list[str]] | None:
    for i, word in enumerate(tokens):
        if word == "between" and i > 0 and tokens[i - 1] in _DIFFER | {"choose", "pick"}:
            rest = _span_after(tokens, i + 1)
            if "and" in rest:
                cut = rest.index("and")
                return rest[:cut], rest[cut + 1 :]
    return None


def _differ_from(tokens: Sequence[str]) -> tuple[list[str], list[str]] | None:
    for i, word in enumerate(tokens[:-1]):
        if word in {"differ", "differs", "different", "compared", "compare", "distinct"} and (
            tokens[i + 1] in {"from", "to", "with", "than"}
        ):
            left = _span_before(tokens, i)
            while left and left[-1] in {"is", "are", "does", "do", "really", "so", "any"}:
                left.pop()
            return left, _span_after(tokens, i + 2)
    return None


def _compare(tokens: Sequence[str]) -> tuple[list[str], list[str]] | None:
    for i, word in enumerate(tokens):
        if word in {"compare", "comparing", "contrast"}:
            rest = _span_after(tokens, i + 1)
            for joint in ("and", "with", "to", "against"):
                if joint in rest:
                    cut = rest.index(joint)
                    return rest[:cut], rest[cut + 1 :]
    return None


_LEARNERS_AS = frozenset({"like", "with"})  # "same like Docker Hub", "same with ECR"


def _same_as(tokens: Sequence[str]) -> tuple[list[str], list[str]] | None:
    """ "is X the same as Y", "is X similar to Y", a learner's "what is X, same like Y"."""
    for i, word in enumerate(tokens):
        if word not in ("same", "similar"):
            continue
        after = tokens[i + 1 : i + 2]
        joint = "as" if "as" in tokens[i + 1 : i + 4] else None
        if word == "same" and joint is None and after and after[0] in _LEARNERS_AS:
            joint = after[0]
        if word == "similar" and after == ["to"]:
            joint = "to"
        if joint is not None:
            left = _span_before(tokens, i)
            if not left and i > 1 and tokens[i - 1] == ",":  # "what is X, same like Y?"
                left = _span_before(tokens, i - 1)
                while left and left[0] in _LEADING:
                    left.pop(0)
            if left and left[-1] == "the":
                left.pop()
            while left and left[-1] in {"is", "are", "really", "just", "exactly", "basically"}:
                left.pop()
            cut = tokens.index(joint, i + 1)
            right = _span_after(tokens, cut + 1)
            return left, right
    return None


def _or_which(tokens: Sequence[str]) -> tuple[list[str], list[str]] | None:
    if not set(tokens) & _CHOICE:
        return None
    for i, word in enumerate(tokens):
        if word == "or" and 0 < i < len(tokens) - 1:
            left, right = _span_before(tokens, i), _span_after(tokens, i + 1)
            if left and right and right[0] not in {"not", "no"}:
                return left, right
    return None


def _and_differ(tokens: Sequence[str]) -> tuple[list[str], list[str]] | None:
    if not set(tokens) & _DIFFER:
        return None
    for i, word in enumerate(tokens):
        if word == "and" and 0 < i < len(tokens) - 1:
            left, right = _span_before(tokens, i), _span_after(tokens, i + 1)
            if left and right:
                return left, right
    return None
