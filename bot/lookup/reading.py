"""Reading a learner's message before matching: what is asked, and what is only around it.

Learners paste exam stems, wrap questions in greetings and markup, and type concrete values.
This module turns the raw text into weighted `Part`s:

- markup (HTML tags, markdown emphasis and code fences) is dropped, keeping the words;
- concrete values are read as what they are: an ECR image URI as "ECR image", `golang:1.22`
  as an image tag, `5000:5000` as a port mapping, a hex id as a container id; the value's
  own words (billing, golang, 210987654321) are kept, but as *neutral* words that can match
  and never count against an entry;
- a message of several sentences or clauses is split: the clause that asks (the last one
  with a question mark or a question word) is the *focus*; sentences that state a
  requirement ("must", "needs", "wants", "already runs Kubernetes") count almost as much, as
  does a short heading before a colon ("AWS Batch: managed or unmanaged?"); the rest (an exam
  stem's background, "thanks for the last answer!") is *context*: it helps to rank, at low
  weight, and its words never count against an entry; so is what an asked clause rules out
  ("... *without starting a container*");
- text in a non-Latin script is flagged, since the notes are in English only.

The result is plain text; correcting, stemming and matching happen in the index.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Literal, NamedTuple

from bot.lookup import shapes
from bot.text import MAX_INPUT_CHARS, clean, command_flags, content_terms

# Raw text read at most: twice what matching keeps, since markup, chatter and values are
# taken out before the words are counted.
READ_MAX_CHARS = MAX_INPUT_CHARS * 2

Role = Literal["focus", "requirement", "frame", "context", "aside", "value", "path"]
# Words of an exam question's closing frame ("Which option directly addresses this
# requirement?", "What explains her concern?", "What are the correct labels?"): they say a
# question is being asked, not what about; the story before them holds the requirement.
FRAME_TERMS = frozenset(
    {"direct", "address", "concern", "label", "describ", "reason", "architectur", "satisfi"}
)
ASKING_ROLES = frozenset({"focus", "requirement"})  # the question and its requirements
HEADING_WORDS = 6  # content words of a clause before "<question>" after a colon: its subject
FOREIGN_SHARE = 0.2  # letters in a non-Latin script, CJK counted twice, above this: not English
FOREIGN_WORDS_SHARE = 0.25  # words of another Latin-script language, from two on: not English

# Function words of the most common Latin-script languages that are not English words
# (Spanish, French, German, Italian, Portuguese, Dutch, Polish, Turkish, Indonesian), and
# letters English does not use: a question in one of those languages is told "English only"
# rather than matched word by word ("demon dockera" would otherwise read as "docker daemon").
_FOREIGN_WORDS = frozenset(
    """
    que qué el los las una unos unas del por para cómo como cuál cuáles dónde está están son
    es un la de ce hay pero sin entre diferencia puedo hacer qu est une les des du et ou pour
    comment quelle quel quoi sont avec sans dans sur pas je nous vous elle cest quest ist der
    das und oder
    ein eine einen wie warum wann zwischen unterschied nicht mit ohne für ich wir kann können
    bitte che cos il gli di cosa sono senza tra fra differenza perché quale os um uma é são
    qual porque onde diferença não com sem het een en van hoe waarom verschil tussen niet
    zonder voor ik jij co jest jak czy się czym jaki jaka jakie między nedir nasıl ne bir ve
    ile arasındaki apa itu bagaimana dan yang dengan untuk perbedaan
    """.split()
)


class _Lazy:
    """A regular expression compiled on first use: most questions need only a few, and a
    fresh `ask` should not pay for compiling the rest."""

    __slots__ = ("_compiled", "_flags", "_source")

    def __init__(self, source: str, flags: int = 0) -> None:
        self._source, self._flags = source, flags
        self._compiled: re.Pattern[str] | None = None

    def __call__(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self._source, self._flags)
        return self._compiled


def _lazy(source: str, flags: int = 0) -> _Lazy:
    return _Lazy(source, flags)


_WORD = _lazy(r"[^\W\d_]+")


class Part(NamedTuple):
    """A piece of the message and its role: the `focus` clause that asks, a `requirement`
    sentence of a scenario, the `frame` a flag or word is asked about in ("what does -d do
    *in docker run -d -p 80:80*"), `context` around them, an `aside` (a scenario's
    distractor: "the company also uses CloudTrail"), the characters of a `value`, or a file
    `path` (/var/lib/docker names a fact, ~/projects/shop-api only a place)."""

    text: str
    role: Role = "focus"


class Reading(NamedTuple):
    """The message as parts, whether it is in a non-Latin script, and its focus clause."""

    text: str
    parts: tuple[Part, ...]
    foreign: bool = False
    sentence: str = ""  # the whole sentence the focus clause is in
    named: frozenset[str] = frozenset()  # words typed as names: EXPOSE, `docker logs`
    capitals: frozenset[str] = frozenset()  # the named words typed in capitals: WORKDIR
    proper: frozenset[str] = frozenset()  # capitalised mid-sentence: Docker *Scout*, AWS *Batch*
    options: tuple[str, ...] = ()  # a multiple-choice question's options ("A) Amazon ECS ...")
    flags: frozenset[str] = frozenset()  # command-line flags asked about: -d, --memory
    members: frozenset[str] = frozenset()  # entries of the kind asked for (set by matching)

    @property
    def focus(self) -> str:
        """The text of the focus clause: what is asked."""
        return " ".join(p.text for p in self.parts if p.role == "focus")


# Markup: HTML tags that wrap text, markdown emphasis, fences. `<container_id>` and other
# angle-bracket placeholders are not HTML and stay.
_HTML = _lazy(
    r"</?(?:p|b|i|u|s|em|strong|code|pre|br|hr|div|span|a|ul|ol|li|h[1-6]|blockquote|"
    r"table|tr|td|th|small|big|sup|sub|mark|del|ins|kbd|samp|tt|font|label|section)"
    r"(?:\s[^<>]*)?/?>",
    re.IGNORECASE,
)
_FENCE = _lazy(r"```[a-z]*")
_EMPHASIS = _lazy(r"(\*\*|__|~~)")

_FILE = _lazy(
    r"(?<![\w/.:-])[\w-]+\.(?:py|js|mjs|ts|go|java|jar|rb|php|sh|csv|json|ya?ml|txt|log|"
    r"html|toml|ini|conf|env|sql|xml|md)\b",
    re.IGNORECASE,
)
# Concrete values, most specific first. Each is replaced by the words it stands for; its
# own characters are kept as neutral words.
_VALUES: tuple[tuple[str, bool, _Lazy, str], ...] = (  # (gate, needs a digit, pattern, meaning)
    # 111122223333.dkr.ecr.eu-west-1.amazonaws.com/api:2.1
    (
        ".dkr.ecr",
        True,
        _lazy(
            r"\b\d{12}\.dkr\.ecr(?:-fips)?\.[a-z0-9-]+\.amazonaws\.com(?:/[\w./-]+)?(?::[\w.-]+)?",
            re.IGNORECASE,
        ),
        " ecr repository image ",
    ),
    (
        "public.ecr",
        True,
        _lazy(r"\bpublic\.ecr\.aws(?:/[\w./-]+)?(?::[\w.-]+)?", re.IGNORECASE),
        " ecr public ",
    ),
    ("://", False, _lazy(r"\b(?:https?|tcp|unix|ssh)://\S+", re.IGNORECASE), " "),
    ("sha256:", True, _lazy(r"\bsha256:[0-9a-f]{12,64}\b", re.IGNORECASE), " image digest "),
    (".", True, _lazy(r"\b\d{1,3}(?:\.\d{1,3}){3}(?::\d{2,5})?\b"), " "),
    # times (09:00 UTC, 2 am) and dates are not port mappings
    (
        "",
        True,
        _lazy(
            r"\b(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?(?:\s*(?:utc|gmt|am|pm))?\b"
            r"|\b(?:1[0-2]|0?\d)\s?(?:am|pm)\b"
            r"|\b\d{4}-\d{2}-\d{2}\b",
            re.IGNORECASE,
        ),
        " ",
    ),
    (
        ":",
        True,
        _lazy(r"(?<![\w:.])(?:\d{2,5}):(?:\d{2,5})(?:/(?:tcp|udp))?(?![\w:.])"),
        " port mapping ",
    ),
    # a 12- or 64-character hex id with a letter and a digit: a container (or image) id
    (
        "",
        True,
        _lazy(r"\b(?=[0-9a-f]{12}\b|[0-9a-f]{64}\b)(?=[0-9]*[a-f])(?=[a-f]*[0-9])[0-9a-f]+\b"),
        " container id ",
    ),
    ("", True, _lazy(r"\b\d{12}\b"), " aws account "),
    (
        "-",
        True,
        _lazy(
            r"\b[a-z]{2}(?:-gov)?-(?:north|south|east|west|central|northeast|southeast"
            r"|northwest|southwest)-\d\b",
            re.IGNORECASE,
        ),
        " ",
    ),
    # "the ." of `docker build -t app:v1 .` (a path: the current directory), which cleaning
    # would drop with the punctuation
    (
        ".",
        False,
        _lazy(r"(?:(?<=\bthe )|(?<=\bthis )|(?<=\bthat ))\.(?=$|\s|[?`\"')])", re.IGNORECASE),
        " dot ",
    ),
    # a file by its name (cleanup.py, report.csv): the learner's own, never a subject
    (".", False, _FILE, " file "),
    # name:tag image references (node:20-alpine, web:latest, inventory:0.3)
    (
        ":",
        False,  # a name:tag needs no digit: shop-api:dev
        _lazy(
            r"(?<![\w/.:-])(?:[a-z0-9][a-z0-9._-]*/)*[a-z0-9][a-z0-9._-]*:"
            r"(?=[\w.-]*[a-z0-9])[\w][\w.-]{0,127}(?![\w:/])",
            re.IGNORECASE,
        ),
        " image ",
    ),
)
# "what does X do in <command>", "In <command>, what is X": X is asked, the command frames it
_FRAME_AFTER = _lazy(
    r"^(?P<asked>.*?\b(?:what|which|why|how)\b.*?)\s+(?:in|on)\s+"
    r"(?P<frame>(?:(?:the|a|an|my)\s+)?(?:docker\b|(?-i:[A-Z]{2,})\b).*)$",
    re.IGNORECASE,
)
_FRAME_BEFORE = _lazy(r"^\s*(?:in|on)\s+(?P<frame>[^,?]+),\s*(?P<asked>.+)$", re.IGNORECASE)
_QUANTITY = _lazy(r"\b\d+(?:[.,]\d+)?\s?(?:[kmgt]i?b?|ms|s|%|vcpus?|cpus?|x)\b", re.IGNORECASE)

# a version with no image name before it (python 3.12-slim, nginx 1.27): a value
_VERSION = _lazy(r"(?<![\w.:-])v?\d+(?:\.\d+)+(?:-[a-z][a-z0-9]*)*(?![\w:-]|\.\w)", re.IGNORECASE)
# the learner's own name for a thing, after the kind of thing it is: "my repository
# checkout-svc", "a cluster called prod-eu", "the repository 'orders'": a value, not a subject
_NAMED_THING = _lazy(
    r"(?P<kind>\b(?:repository|repositories|repo|repos|image|images|service|services|cluster|"
    r"bucket|app|application|project|function|team|container|task|account|host|instance|"
    r"named|called)\b\s+)"
    r"(?P<name>'[\w.-]+'|[a-z][a-z0-9]*(?:[-_][a-z0-9]+)+\b(?![-:/.]\w))",
    re.IGNORECASE,
)
_PROPER = _lazy(r"(?<=[a-z0-9,] )[A-Z][a-z]{2,}\b")
_CAPITALS = _lazy(r"(?<![\w-])[A-Z][A-Z0-9]{1,}(?![\w-])")
_QUOTED = _lazy(r"`([^`\s]+(?: [^`\s]+)?)`|\"([^\"\s]+(?: [^\"\s]+)?)\"")
_COMMAND_NAME = _lazy(r"(?:docker|aws)[a-z-]*", re.IGNORECASE)  # docker, aws, "dockerrun"
COMMAND_VERBS = 2  # "docker compose up", "aws ecr get-login-password"
SUBJECT_WORDS = 3  # a command this early in the asking clause is what it asks about
_SENTENCE_END = _lazy(
    r"(?<=[?!])\s+|(?<!\be\.g\.)(?<!\bi\.e\.)(?<!\betc\.)(?<!\bvs\.)(?<=\.)\s+(?=[A-Z\"'(\[])|\n+"
)
_CLAUSE_BREAK = _lazy(r"\s+[—–]\s+|\s+-\s+|:\s+(?=[A-Za-z])|;\s+|\.\.\.\s*")
_QUESTION_WORD = _lazy(
    r"^\W*(?:(?:so|and|but|ok|okay|then|also|right|wait|now|hmm|well)\W+)*"
    r"(?:what|whats|which|how|why|where|when|who|whom|whose|is|are|does|do|did|can|could|"
    r"should|would|will|was|were|has|have|explain|describe|name|define|tell)\b",
    re.IGNORECASE,
)
_WITHOUT = _lazy(r"\bwithout\b[^,;?]*", re.IGNORECASE)
_PERSONAL = _lazy(r"\b(?:i|me|my|we|us|our|you|your)\b", re.IGNORECASE)
_ASIDE = _lazy(
    r"\b(?:also|additionally|in addition|as well|besides|separately|unrelated|otherwise)\b",
    re.IGNORECASE,
)
_REQUIREMENT = _lazy(
    r"\b(?:must|needs?|wants?|requires?|required|requirement|has to|have to|should|goal|"
    r"expects?|so that|in order to|prefers?|"
    # a constraint the answer must fit: "already runs Kubernetes", "familiar with Helm"
    r"already\s+(?:runs?|uses?|has|have|knows?|operates?|manages?)|familiar with|"
    r"experience (?:with|in)|standardi[sz]ed on|"
    # an indirect question: "a trainee asks what software ...", "wonders whether ..."
    r"(?:asks?|asked|wonders?|wondering|wants? to know|to find out)\s+(?:\w+\s+)?"
    r"(?:what|which|where|why|how|whether|if|who))\b",
    re.IGNORECASE,
)


def read(text: str) -> Reading:
    """The message as weighted parts (see the module docstring). Only its first
    `READ_MAX_CHARS` characters are read: splitting clauses costs time that grows faster
    than the text, and matching keeps only `MAX_INPUT_CHARS` of the words anyway."""
    text = text[:READ_MAX_CHARS]
    named = _named(text)
    plain = _strip_markup(text)
    if _foreign(plain):
        return Reading(text=text, parts=(), foreign=True)
    options: tuple[str, ...] = ()
    if "?" in plain or ":" in plain or ")" in plain:
        found = shapes.choices(plain, _asking_sentence(plain))
        if found is not None:
            plain, options = found  # the options are what a distractor looks like: context
    valued, values = _read_values(plain)
    valued, paths = _read_paths(valued)
    clauses, sentence = _clauses(valued)
    parts = [
        *(piece for clause in clauses for piece in _excluded(clause)),
        *(Part(o, "context") for o in options),
        *(Part(v, "value") for v in values),
        *(Part(p, "path") for p in paths),
    ]
    return Reading(
        text=text,
        parts=tuple(p for p in parts if p.text.strip()),
        sentence=sentence,
        named=named,
        capitals=frozenset(w.casefold() for w in _CAPITALS().findall(text)),
        proper=frozenset(w.casefold() for w in _PROPER().findall(plain)),
        options=options,
        flags=_asked_flags(parts),
    )


def _asked_flags(parts: Sequence[Part]) -> frozenset[str]:
    """The flags the asking clause asks about: written on their own ("what does *-a* change
    in docker ps -a", "with docker run what is *-e* for") or in the command it opens with
    ("what does docker ps *-a* show"), not those of a command the learner ran ("how do I
    check that docker run -d -p ... is up"). A command's flags follow its name and verbs
    ("docker ps", "dockercompose up"), another of its flags, or that flag's value."""
    found: set[str] = set()
    for part in parts:
        if part.role != "focus" or "-" not in part.text:
            continue
        verbs = 0  # words still allowed after a command's name before its flags
        in_command = after_flag = asked = False  # asked: the command is the clause's subject
        for position, token in enumerate(part.text.split()):
            word = token.strip("`'\"()[]{},;:?!.")
            flags = command_flags(word) if word.startswith("-") else frozenset()
            if _COMMAND_NAME().fullmatch(word):
                in_command, verbs, after_flag = True, COMMAND_VERBS, False
                asked = position <= SUBJECT_WORDS
            elif flags:
                if not in_command or asked:
                    found.update(flags)
                after_flag, verbs = in_command, 0
            elif in_command and verbs:
                verbs -= 1
            elif in_command and after_flag:
                after_flag = False  # the flag's value: the command goes on
            else:
                in_command = after_flag = False
    return frozenset(found)


def _asking_sentence(text: str) -> str:
    """The last sentence with a question mark, else the last sentence."""
    sentences = [s.strip() for s in _SENTENCE_END().split(text) if s and s.strip()]
    asking = [s for s in sentences if "?" in s]
    return (asking or sentences or [""])[-1]


def _named(text: str) -> frozenset[str]:
    """Words the learner wrote as names: in capitals (EXPOSE, S3), flags (-d, --memory),
    or one or two words in backticks or quotes (`docker logs`). An entry that lacks such a
    word does not answer the question."""
    found = {w.casefold() for w in _CAPITALS().findall(text)}
    for flag in command_flags(text):
        found.update(flag.lstrip("-").split("-"))
    if "`" not in text and '"' not in text:
        return frozenset(found)
    if "." in text:
        text = _FILE().sub(" ", text)  # a file's name is the learner's value, not a subject
    for groups in _QUOTED().findall(text):
        quoted = " ".join(groups)
        found.update(w.casefold() for w in re.findall(r"[A-Za-z][A-Za-z0-9]+", quoted))
    return frozenset(found)


def _strip_markup(text: str) -> str:
    if "<" in text:
        text = _HTML().sub(" ", text)
    if "```" in text:
        text = _FENCE().sub(" ", text)
    if "**" in text or "__" in text or "~~" in text:
        text = _EMPHASIS().sub(" ", text)
    return text.replace("`", " ")


def _foreign(text: str) -> bool:
    """True when enough of the letters are in a non-Latin script (CJK weighs double)."""
    latin = other = 0
    for ch in text:
        if not ch.isalpha():
            continue
        if ch.isascii():
            latin += 1
            continue
        name = unicodedata.name(ch, "")
        if name.startswith("LATIN"):
            latin += 1
        else:
            other += 2 if name.startswith(("CJK", "HIRAGANA", "KATAKANA", "HANGUL")) else 1
    if other >= 2 and other / (latin + other) >= FOREIGN_SHARE:
        return True
    found = [w.casefold() for w in _WORD().findall(text)]
    foreign = sum(w in _FOREIGN_WORDS or not w.isascii() for w in found)
    return foreign >= 2 and foreign / max(len(found), 1) >= FOREIGN_WORDS_SHARE


def _read_values(text: str) -> tuple[str, list[str]]:
    """Replace concrete values by what they are; return their own words separately."""
    values: list[str] = []

    def keep(found: str, meaning: str = " ") -> str:
        """Take the value out, keeping its characters; leave what it stands for."""
        values.append(found)
        return meaning

    lowered = text.casefold()
    has_digit = any(ch.isdigit() for ch in text)
    for gate, digit, pattern, meaning in _VALUES:
        if (gate and gate not in lowered) or (digit and not has_digit):
            continue  # a cheap test first: most questions hold no value at all

        def replace(match: re.Match[str], meaning: str = meaning) -> str:
            found = match.group(0)
            return keep(found, meaning + (" latest tag" if ":latest" in found.casefold() else ""))

        text = pattern().sub(replace, text)
    if has_digit:
        text = _QUANTITY().sub(lambda m: keep(m.group(0)), text)
        text = _VERSION().sub(lambda m: keep(m.group(0), " version "), text)
    if "-" in text or "_" in text or "'" in text:
        text = _NAMED_THING().sub(lambda m: m.group("kind") + keep(m.group("name")), text)
    return text, values


_PATH = _lazy(
    r"(?<![\w/:.-])(?:~|\.{1,2}|[A-Za-z]:)?[/\\](?:[\w.-]+[/\\]?)+"
    r"|(?<![\w/])[\w.-]+(?:/[\w.-]+)+"
)


def _read_paths(text: str) -> tuple[str, list[str]]:
    """Take file paths out of the text ("~/projects/shop-api", "/var/lib/docker"): their
    words are matched, but never count against an entry."""
    if "/" not in text and "\\" not in text:
        return text, []
    paths: list[str] = []

    def keep(match: re.Match[str]) -> str:
        paths.append(match.group(0))
        return " "

    return _PATH().sub(keep, text), paths


def _clauses(text: str) -> tuple[list[Part], str]:
    """The clauses with their roles, and the sentence that holds the focus clause."""
    sentences = [s.strip() for s in _SENTENCE_END().split(text) if s and s.strip()]
    pieces: list[str] = []
    home: list[str] = []
    for sentence in sentences:
        for clause in _CLAUSE_BREAK().split(sentence):
            if clause and re.search(r"[A-Za-z0-9]", clause):
                pieces.append(clause.strip())
                home.append(sentence)
    if len(pieces) <= 1:
        return [part for p in pieces for part in _framed(p)], text.strip()
    focus = _focus_index(pieces)
    # "What is the correct explanation?": a closing question that names nothing asks about
    # the sentence before it ("The engineer explains the difference between X and Y.")
    bare = not set(content_terms(clean(pieces[focus]))) - FRAME_TERMS
    referred = focus - 1 if focus > 0 and bare else None
    parts: list[Part] = []
    for position, piece in enumerate(pieces):
        if position == focus:
            parts.extend(_framed(piece))
        elif position == referred or _heading(piece, home[position], position, focus):
            parts.append(Part(piece, "requirement"))
        elif _ASIDE().search(piece) and not _REQUIREMENT().search(piece):
            parts.append(Part(piece, "aside"))
        elif _REQUIREMENT().search(piece) or _also_asked(piece):
            parts.append(Part(piece, "requirement"))
        else:
            parts.append(Part(piece, "context"))
    return parts, home[focus] if referred is None else home[referred]


def _heading(piece: str, sentence: str, position: int, focus: int) -> bool:
    """A short clause that heads the question after a colon ("AWS Batch with GPU jobs:
    managed or unmanaged?"): what is asked about, not a story around it."""
    return (
        position == focus - 1
        and f"{piece}:" in sentence
        and not _QUESTION_WORD().match(piece)
        and not _PERSONAL().search(piece)  # "quick q before my shift ends:" is chatter
        and 0 < len(content_terms(clean(piece))) <= HEADING_WORDS
    )


def _excluded(part: Part) -> list[Part]:
    """An asked clause with what it rules out ("... *without rebuilding the image*", "how
    do I share it without making it public") set apart as context: the answer must not need
    it, so its words are not what the reply should be about."""
    if part.role not in ASKING_ROLES or "without" not in part.text.casefold():
        return [part]
    found = _WITHOUT().search(part.text)
    kept = f"{part.text[: found.start()]} {part.text[found.end() :]}".strip() if found else ""
    if found is None or not re.search(r"[A-Za-z]", kept):
        return [part]
    return [part._replace(text=kept), Part(found.group(0), "context")]


def _also_asked(piece: str) -> bool:
    """A second question in the message ("What does WORKDIR /app do? Does /app have to
    exist?"): asked too, so it counts as a requirement, not as background."""
    return piece.rstrip().endswith("?") and bool(_QUESTION_WORD().match(piece))


def _framed(clause: str) -> list[Part]:
    """The asking clause, split from the command it asks about when it has one."""
    found = _FRAME_BEFORE().match(clause) or _FRAME_AFTER().match(clause)
    if not found or not re.search(r"[A-Za-z0-9]", found.group("asked")):
        return [Part(clause)]
    return [Part(found.group("asked")), Part(found.group("frame"), "frame")]


def _focus_index(pieces: list[str]) -> int:
    """The clause that asks: the last with a question mark, else the last that opens with a
    question word, else the last one."""
    for position in range(len(pieces) - 1, -1, -1):
        if pieces[position].rstrip().endswith("?"):
            return position
    for position in range(len(pieces) - 1, -1, -1):
        if _QUESTION_WORD().match(pieces[position]):
            return position
    return len(pieces) - 1
