"""Text normalisation shared by lookup and answer checking: one pipeline for queries and content."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

MAX_INPUT_CHARS = 1500  # long input is cut before matching so latency stays bounded; a
# 120-word exam stem fits
MAX_REMEMBERED_STEMS = 100_000
_STEMS: dict[str, str] = {}
_STEMMER: list[Any] = []  # the Snowball stemmer, made on first use (its import costs ~15 ms)

_WORD = re.compile(r"[a-z0-9]+")
_STRETCHED = re.compile(r"([a-z])\1\1")  # "sooo", "hiii": chat noise, not a word
_NON_WORD = re.compile(r"[^a-z0-9]+")
_FLAG = re.compile(r"(?<![\w-])--?[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*")

# Function words and chat filler: they say nothing about which fact is wanted. Question words
# that carry intent stay: "why" asks for a purpose, "where" a place, "how" a procedure.
STOPWORDS = frozenset(
    """
 a about again all also am an and any anyone anything are as at be been being bot bro but by
 can could d'you dear did do does doing dude eh for get gets got guys had has have hello
 hey hi hmm i i'm if im in into is it it's its just kind know let lol me mean mine my need
 of ok okay on or our please pls plz quick quickly really remind s say so some someone sort
 tell thanks thank thx that the their them then there these they thing things this those to
 u um ur us use used uses using wanna want was wat we were what whats what's which
 who whom whose will with would wut y yo you your yours explain explained again actually
 one ones question questions exactly should must may might shall like okay also very much
 there's here simply basically gimme give show does doesn't dont don't isn't aren't help
 dumb silly stupid even thing matter matters exactly eli5 bruh refer refers called
 define definition meaning means answer real many wht hw ppl abt bc cuz coz smth sth tho thru
 ya yea yeah yep nope kk k whether well hope good lovely dear sir madam everyone
 he she her hers herself him himself his itself themselves ourselves yourself nobody somebody
 something everything nothing everybody although though purpose purposes
 """.replace("'", "").split()
)
# The boilerplate of exam scenario stems ("A developer needs to ... Which ... should they
# choose?"): it appears in every scenario, so it says nothing about which fact is asked.
EXAM_BOILERPLATE = frozenset(
    (
        "developer developers engineer engineers team teams company companies startup "
        "organization organisation manager architect solutions wants want needs need asks asked "
        "must choose chosen fits recommend describe confirm scenario approach correct best given "
        "explains solution solutions meets meet meeting least most operational overhead "
        "requirement requirements option options combination steps appropriate suitable "
        "statement statements true following likely behaviour behaviours behavior behaviors "
        "explanation both mechanism mechanisms"
    ).split()
)
# Words of conversation around a question ("quick sanity check before my shift"): like
# stopwords, they say nothing about which fact is wanted.
CHATTER = frozenset(
    """
    hiya heya heyy hei sup greetings morning evening afternoon tonight today tomorrow
    yesterday weekend cheers appreciate appreciated sorry kindly sanity curious confused
    confuse confusing stuck hope hoping fine great awesome cool nice lmao haha hehe omg btw
    fyi imo tbh idk dunno guess mate buddy friend folks teacher lecturer class classmate
    lecture lesson lab homework assignment course studying revision shift boss colleague
    coworker random wondering wondered wonder ask asking asked wanted remind reminder clarify
    rush hurry staring trying tried lost noob newbie beginner follow following followup
    mentioned said says told sanity tip tips pretty wait oops anyway
    """.split()
)
# Single letters that mean something here (-d, -p, -t flags); all other single letters are noise.
KEEP_SHORT = frozenset({"d", "p", "t"})


def clean(text: str) -> str:
    """Lowercase, fold unicode, cut to MAX_INPUT_CHARS, keep only [a-z0-9] words."""
    if text.isascii():  # the common case, and NFKC/NFKD change nothing in ASCII
        return _NON_WORD.sub(" ", text[:MAX_INPUT_CHARS].lower().replace("'", "")).strip()
    text = unicodedata.normalize("NFKC", text[: MAX_INPUT_CHARS * 2])[:MAX_INPUT_CHARS]
    text = text.casefold().replace("'", "")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", text).strip()


def command_flags(text: str) -> frozenset[str]:
    """The command-line flags written in raw `text`, casefolded: "-d", "-a", "--memory" (of
    "--memory=512m"). Cleaning keeps only their words, and loses a flag whose letter is a
    stopword (-a); this keeps what was typed."""
    if "-" not in text:
        return frozenset()
    return frozenset(flag.casefold() for flag in _FLAG.findall(text))


def single_flag(name: str) -> str | None:
    """The flag a name is, when it is one flag as typed ("--restart", "-e"), casefolded;
    None for anything else ("--mount type=bind", "restart policy")."""
    name = name.strip()
    if not name.startswith("-") or " " in name:
        return None
    flags = command_flags(name)
    return next(iter(flags)) if len(flags) == 1 else None


def capital_name(name: str) -> str | None:
    """The name, when it is one word written in capitals ("EXPOSE"): a name that only a word
    typed as a name matches (`expose` in "how do I expose a port" is not the instruction);
    None for anything else."""
    name = name.strip()
    return name if name.isalpha() and name.isupper() else None


def words(text: str) -> list[str]:
    """The words of already-cleaned text."""
    return _WORD.findall(text)


def stem(word: str) -> str:
    """The Snowball (Porter 2) stem: isolates, isolated, isolation -> isol. Applied to queries
    and content alike, so both sides meet on the same form."""
    if len(word) <= 3 or word.isdigit():
        return word
    found = _STEMS.get(word)
    if found is None:
        if not _STEMMER:
            import snowballstemmer  # only when a word is not known yet

            _STEMMER.append(snowballstemmer.stemmer("english"))
        found = str(_STEMMER[0].stemWord(word))
        if len(_STEMS) < MAX_REMEMBERED_STEMS:
            _STEMS[word] = found
    return found


def remember_stems(stems: Mapping[str, str]) -> None:
    """Known stems (from a compiled index), so known words need no stemmer."""
    _STEMS.update(stems)


def stems_of(found: Iterable[str]) -> dict[str, str]:
    """The stems of these words, as `remember_stems` takes them."""
    return {word: stem(word) for word in found if len(word) > 3 and not word.isdigit()}


def content_terms(text: str) -> list[str]:
    """Stemmed content words of cleaned text, without stopwords and stray letters."""
    return [
        stem(word)
        for word in words(text)
        if word not in STOPWORDS
        and word not in EXAM_BOILERPLATE
        and word not in CHATTER
        and (len(word) > 1 or word in KEEP_SHORT)
        and not _STRETCHED.search(word)
    ]


class SynonymMap:
    """Replaces whole-word variants with one canonical token, longest variant first.

    Matching walks the words and looks each run up in a dict (no regular expression to
    compile: building one takes microseconds, which matters for `ask` in a fresh process).
    """

    def __init__(self, pairs: Iterable[tuple[str, Iterable[str]]]) -> None:
        mapping: dict[str, str] = {}
        for canonical, variants in pairs:
            target = clean(canonical).replace(" ", "")
            for variant in variants:
                key = clean(variant)
                if key and key != target:
                    mapping[key] = target
        self._mapping = mapping
        self._longest = max((variant.count(" ") + 1 for variant in mapping), default=0)

    @property
    def words(self) -> set[str]:
        """Words of canonical forms and multi-word variants (for typo correction). A one-word
        variant is often itself a misspelling ("vulnerabilites"): leaving it out lets the
        corrector repair it first, so phrases around it still match ("common
        vulnerabilities and exposures")."""
        found: set[str] = set()
        for variant, canonical in self._mapping.items():
            if " " in variant:
                found.update(words(variant))
            found.add(canonical)
        return found

    def apply(self, cleaned: str) -> str:
        """Rewrite cleaned text so every variant reads as its canonical token."""
        if not self._mapping:
            return cleaned
        # A second pass catches phrases that exist only after a first replacement, e.g.
        # "elastic contaner service" -> "elastic container service" -> "ecs".
        for _ in range(2):
            rewritten = self._pass(cleaned.split())
            if rewritten == cleaned:
                break
            cleaned = rewritten
        return cleaned

    def _pass(self, found: list[str]) -> str:
        out: list[str] = []
        position = 0
        while position < len(found):
            for size in range(min(self._longest, len(found) - position), 0, -1):
                canonical = self._mapping.get(" ".join(found[position : position + size]))
                if canonical is not None:
                    out.append(canonical)
                    position += size
                    break
            else:
                out.append(found[position])
                position += 1
        return " ".join(out)
