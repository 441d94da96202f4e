"""Reading a typed answer to an open question: which option the learner means, if any.

What was typed is read in this order, so the most literal reading wins:

1. the raw text equals an option's text (case and spacing aside): "8080", "C#", "Ω";
2. a true/false word on a true/false question: T/F, true/false, yes/no, y/n, right/wrong;
3. on a multiple-answer question (or split by commas), letters or numbers of options ("A,C",
   "a c", "A and C", "1 3", and run together, "AC") are `Several`, its picks, before any
   option's text that begins "a c" (options are shuffled, so any letters can be right);
4. the cleaned text is one option's text, or begins exactly one option's text;
5. a negation ("not client-server", "definitely not B", "no, the daemon"): never a choice;
6. a letter ("B", "option b", "(c)", "D is my answer") or an option number ("2"); one past
   the options is `NoSuchOption`, not a question for the notes (so is a list naming one,
   "A,F"); other lists of letters are `Several` (on a single-answer question, one too many);
7. unless it opens as a question ("what does <an option> mean?"): its words found, in order,
   in exactly one option ("the daemon", "rest api"); in several, `Ambiguous`; typos matched
   fuzzily with a margin over the runner-up.

Anything else is `None`: not an answer, so the text is a question for the notes.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz

from bot.content.schema import Question
from bot.text import STOPWORDS, clean

LETTERS = "ABCDE"
SHORT_ANSWER = 5  # answers this short must match exactly ("air" never matches "chair")
FUZZY_AT = 85
FUZZY_MARGIN = 8
MIN_PREFIX = 3

TRUE_WORDS = frozenset({"t", "true", "yes", "y", "right", "correct"})
FALSE_WORDS = frozenset({"f", "false", "no", "n", "wrong", "incorrect"})
_LETTER = re.compile(
    r"^(?:(?:option|answer|choice|it s|its|it is|i pick|i choose|pick|i say|my answer is)\s+)?"
    r"([a-z])"
    r"(?:\s+(?:is my (?:final )?(?:answer|choice|pick)|is it|final answer|final|please|pls|"
    r"i think|i guess|for sure))?$"
)
_NEGATION = re.compile(
    r"^(?:(?:it s|its|it is|definitely|surely|certainly|probably|obviously|so|well|hmm)\s+)*"
    r"(?:not|no|never|isnt|is not|nope|neither)\b"
)
# a question, not a pick: it may quote an option, which words and fuzzy matching would find
_ASKS = re.compile(
    r"^(?:what|whats|why|how|which|who|where|when|explain|does|do|is|are|can|could|should|"
    r"would)\b"
)
_NUMBER = re.compile(r"^(?:option\s+|answer\s+|number\s+)?(\d{1,2})$")
_LIST_LEAD = re.compile(r"^(?:(?:options?|answers?|choices?|i pick|i choose|pick|choose)\s+)")
_JOINED = re.compile(r"^(?:([a-e])(?!.*\1)){2,5}$")  # "ac": distinct option letters run together
_LIST_SEPARATOR = re.compile(r"\s+(?:and\s+)?|\s*\band\b\s*")


@dataclass(frozen=True, slots=True)
class Chosen:
    """The learner chose the option at `index` (0-based)."""

    index: int


@dataclass(frozen=True, slots=True)
class Negated:
    """The learner ruled something out ("not B"); nothing is chosen."""


@dataclass(frozen=True, slots=True)
class NoSuchOption:
    """A letter or number past the options ("E" on a four-option question)."""

    label: str


@dataclass(frozen=True, slots=True)
class Ambiguous:
    """The text fits several options equally; the learner should pick one."""

    indexes: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Several:
    """The learner listed several options ("A,C"), in option order: the picks of a
    multiple-answer question (on other questions, one too many)."""

    indexes: tuple[int, ...]


Reading = Chosen | Negated | NoSuchOption | Ambiguous | Several


def read_answer(question: Question, text: str) -> Reading | None:
    """What `text` means as an answer to `question`; None when it is not an answer."""
    raw = _raw(text)
    if not raw:
        return None
    options = [_raw(option.text) for option in question.options]
    if raw in options:
        return Chosen(options.index(raw))
    said = clean(text)
    if question.kind == "true_false" and (said in TRUE_WORDS or said in FALSE_WORDS):
        wanted = "true" if said in TRUE_WORDS else "false"
        return Chosen(options.index(wanted))
    if not said:
        return None
    forms = [
        [clean(form) for form in (option.text, *option.aliases)] for option in question.options
    ]
    # Letters of options in a list ("A,C", "a c") are picks, not the start of an option's
    # text ("A container ..."): options come in any order, so any letters can be right.
    listed = _letter_list(said, len(options), joined=question.kind == "multiple_answer")
    if isinstance(listed, Several) and (question.kind == "multiple_answer" or "," in raw):
        return listed
    begun = [i for i, texts in enumerate(forms) if any(_begins(t, said) for t in texts)]
    if len(begun) == 1:
        return Chosen(begun[0])
    if _NEGATION.match(said):
        return Negated()
    letter = _LETTER.match(said)
    if letter:
        index = ord(letter.group(1)) - ord("a")
        label = letter.group(1).upper()
        return Chosen(index) if index < len(options) else NoSuchOption(label)
    number = _NUMBER.match(said)
    if number:
        value = int(number.group(1))
        return Chosen(value - 1) if 1 <= value <= len(options) else NoSuchOption(str(value))
    if listed is not None:
        return listed
    if _ASKS.match(said):
        return None  # "what does <an option> mean?" is a question for the notes
    return _by_words(forms, said)


def _letter_list(said: str, count: int, *, joined: bool = False) -> Reading | None:
    """Two or more letters (or option numbers) and separators only: "a c", "a and c"; with
    `joined` (a multiple-answer question), also run together: "ac"."""
    parts = [part for part in _LIST_SEPARATOR.split(_LIST_LEAD.sub("", said)) if part]
    if joined and len(parts) == 1 and _JOINED.match(parts[0]):
        parts = list(parts[0])
    if len(parts) < 2 or not all(len(part) == 1 and part.isalnum() for part in parts):
        return None
    indexes = []
    for part in parts:
        index = int(part) - 1 if part.isdigit() else ord(part) - ord("a")
        if not 0 <= index < count:
            return NoSuchOption(part.upper())
        indexes.append(index)
    return Several(tuple(sorted(set(indexes))))


def letter_of(text: str) -> str | None:
    """The letter a learner typed on its own ("B", "option c"), else None."""
    found = _LETTER.match(clean(text))
    return found.group(1).upper() if found else None


def _raw(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _begins(option: str, said: str) -> bool:
    return option == said or (len(said) >= MIN_PREFIX and option.startswith(said))


def _by_words(forms: list[list[str]], said: str) -> Reading | None:
    contained = [i for i, texts in enumerate(forms) if any(_contains(t, said) for t in texts)]
    if len(contained) == 1:
        return Chosen(contained[0])
    if len(contained) > 1:
        return Ambiguous(tuple(contained))
    return _fuzzy(forms, said)


def _contains(option: str, said: str) -> bool:
    """The typed words all stand in the option, in order (and say something)."""
    if _begins(option, said):
        return True
    typed = said.split()
    meaningful = [word for word in typed if word not in STOPWORDS]
    if not meaningful or sum(map(len, meaningful)) < MIN_PREFIX:
        return False
    words = option.split()
    position = 0
    for word in typed:
        try:
            position = words.index(word, position) + 1
        except ValueError:
            return False
    return True


def _fuzzy(forms: list[list[str]], said: str) -> Reading | None:
    scores: list[tuple[float, int]] = []
    for index, texts in enumerate(forms):
        best = max(
            (
                fuzz.ratio(said, target)
                for target in texts
                if min(len(said), len(target)) > SHORT_ANSWER
            ),
            default=0.0,
        )
        scores.append((best, index))
    scores.sort(reverse=True)
    top_score, top_index = scores[0]
    runner_up = scores[1][0] if len(scores) > 1 else 0.0
    if top_score >= FUZZY_AT and top_score - runner_up >= FUZZY_MARGIN:
        return Chosen(top_index)
    return None
