"""Load a knowledge pack (a folder of YAML) and validate it, reporting every problem at once.

Every problem names its file and item. A problem that only follows from another (an entry's
`related`, or an item's `topic`, naming an item that itself failed to load) is not reported
on its own: it is folded under the real problem as a knock-on.

Besides `topics`, `entries`, `questions`, `synonyms` and `outside`, a file may hold `shipped`: every
question id the pack has ever released (see CONTRIBUTING.md). Once shipped, an id must stay
a question or be named in a successor's `replaces`; `docker-quiz validate --strict` checks it
and `docker-quiz validate --record-shipped` records new ids.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from bot.content.schema import ID_PATTERN, Entry, Outside, Question, Synonym, Topic
from bot.errors import PackError
from bot.text import capital_name, clean, single_flag, stem, words

_ID = re.compile(ID_PATTERN)
# libyaml's C loader when available (about ten times faster), else the pure-Python one; both safe.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

SECTIONS: dict[str, type[BaseModel]] = {
    "topics": Topic,
    "entries": Entry,
    "questions": Question,
    "synonyms": Synonym,
    "outside": Outside,
}
SHIPPED = "shipped"  # the key of the list of every question id ever released
KEYS = sorted([*SECTIONS, SHIPPED])
KINDS = {"topics": "topic", "entries": "entry", "questions": "question"}


@dataclass(frozen=True)
class KnowledgePack:
    """The validated content: topics, lookup entries, quiz questions, synonyms, and the
    subjects the notes do not teach (`outside`)."""

    path: Path
    topics: dict[str, Topic]
    entries: dict[str, Entry]
    questions: dict[str, Question]
    synonyms: tuple[Synonym, ...] = ()
    outside: tuple[Outside, ...] = ()
    by_topic: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Where each item was defined: ("question", id) -> file, relative to the pack folder.
    origins: dict[tuple[str, str], str] = field(default_factory=dict)
    # Every question id ever released (the `shipped` lists), and the file that lists them.
    shipped: frozenset[str] = frozenset()
    shipped_file: str | None = None

    def origin(self, kind: str, ident: str) -> str:
        """The file that defines item `ident` of `kind` ("topic", "entry", "question", or
        "outside" with the subject as `ident`)."""
        return self.origins.get((kind, ident), str(self.path))

    def questions_in(self, topic: str | None = None) -> tuple[str, ...]:
        """Question ids of one topic, or of the whole pack."""
        if topic is None:
            return tuple(self.questions)
        return self.by_topic.get(topic, ())

    def successors(self) -> dict[str, tuple[str, str]]:
        """Every merged-away question id -> (the id and topic of the question replacing it)."""
        return {
            old: (question.id, question.topic)
            for question in self.questions.values()
            for old in question.replaces
        }

    def summary(self) -> dict[str, Any]:
        """Counts, as `docker-quiz validate --json` prints them."""
        return {
            "topics": len(self.topics),
            "entries": len(self.entries),
            "questions": len(self.questions),
            "questions_per_topic": {t: len(self.questions_in(t)) for t in self.topics},
        }


@dataclass
class _Collector:
    problems: list[str] = field(default_factory=list)
    items: dict[str, list[tuple[str, BaseModel]]] = field(
        default_factory=lambda: {name: [] for name in SECTIONS}
    )
    origins: dict[tuple[str, str], str] = field(default_factory=dict)
    # Items that failed to load, by (kind, id): the index of their first problem.
    failed: dict[tuple[str, str], int] = field(default_factory=dict)
    knock_ons: dict[int, list[str]] = field(default_factory=dict)
    shipped: set[str] = field(default_factory=set)
    shipped_file: str | None = None

    def add(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    def missing(self, kind: str, ident: str, where: str, message: str) -> None:
        """A reference to an unknown item: a knock-on when that item failed to load."""
        cause = self.failed.get((kind, ident))
        if cause is None:
            self.add(where, message)
        else:
            self.knock_ons.setdefault(cause, []).append(where)

    def folded(self) -> list[str]:
        """The problems, each followed by the knock-ons it caused."""
        return [
            problem
            + (f" (knock-on: {'; '.join(self.knock_ons[i])})" if i in self.knock_ons else "")
            for i, problem in enumerate(self.problems)
        ]


def load_pack(path: Path) -> KnowledgePack:
    """Load and validate a pack; raise PackError listing every problem."""
    pack, problems = check_pack(path)
    if problems:
        raise PackError(problems)
    return pack


def check_pack(path: Path) -> tuple[KnowledgePack, list[str]]:
    """Load what is valid and list every problem (file, entry, field, what was expected)."""
    found = _Collector()
    files = _yaml_files(path, found)
    for file in files:
        _read_file(file, path, found)
    pack = _assemble(path, found)
    _cross_check(pack, found)
    return pack, found.folded()


def _yaml_files(path: Path, found: _Collector) -> list[Path]:
    if not path.exists():
        found.add(str(path), "no such folder")
        return []
    if path.is_file():
        return [path]
    files = sorted(p for p in path.rglob("*") if p.suffix in {".yaml", ".yml"} and p.is_file())
    if not files:
        found.add(str(path), "no YAML files (*.yaml, *.yml) in this folder")
    return files


def _read_file(file: Path, root: Path, found: _Collector) -> None:
    name = str(file.relative_to(root)) if root.is_dir() else file.name
    try:
        data = yaml.load(file.read_text(encoding="utf-8"), Loader=_LOADER)  # noqa: S506 - safe loader
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        found.add(name, f"not valid YAML ({_one_line(exc)})")
        return
    if data is None:
        return
    if not isinstance(data, dict):
        found.add(name, f"expected a mapping with keys {KEYS}")
        return
    for key, items in data.items():
        model = SECTIONS.get(str(key))
        if model is None and key != SHIPPED:
            found.add(name, f"unknown key {key!r}; expected one of {KEYS}")
            continue
        if not isinstance(items, list):
            found.add(f"{name}: {key}", "expected a list")
            continue
        if model is None:
            _read_shipped(name, items, found)
            continue
        for position, item in enumerate(items):
            label = _label(key, position, item)
            ident = item.get("id") if isinstance(item, dict) else None
            try:
                loaded = model.model_validate(item)
            except ValidationError as exc:
                if isinstance(ident, str) and key in KINDS:
                    found.failed.setdefault((KINDS[key], ident), len(found.problems))
                for error in exc.errors():
                    field_path = ".".join(str(part) for part in error["loc"]) or "(item)"
                    found.add(f"{name}: {label}", f"field '{field_path}': {error['msg']}")
                continue
            found.items[key].append((f"{name}: {label}", loaded))
            if key in KINDS and isinstance(ident, str):
                found.origins.setdefault((KINDS[key], ident), name)
            elif isinstance(loaded, Outside):
                found.origins.setdefault(("outside", loaded.subject), name)


def _read_shipped(name: str, items: list[object], found: _Collector) -> None:
    if found.shipped_file is not None and found.shipped_file != name:
        found.add(name, f"'{SHIPPED}' is already listed in {found.shipped_file}; keep one list")
        return
    found.shipped_file = name
    for position, item in enumerate(items):
        if isinstance(item, str) and _ID.match(item):
            found.shipped.add(item)
        else:
            found.add(f"{name}: {SHIPPED}[{position}]", f"expected a question id, got {item!r}")


def _label(key: str, position: int, item: object) -> str:
    ident = item.get("id") if isinstance(item, dict) else None
    if key == "synonyms" and isinstance(item, dict):
        ident = item.get("canonical")
    if key == "outside" and isinstance(item, dict):
        ident = item.get("subject")
    return f"{key}[{position}]" + (f" (id {ident})" if ident else "")


def _assemble(path: Path, found: _Collector) -> KnowledgePack:
    topics = _unique(found, "topic", found.items["topics"], Topic)
    entries = _unique(found, "entry", found.items["entries"], Entry)
    questions = _unique(found, "question", found.items["questions"], Question)
    synonyms = tuple(item for _, item in found.items["synonyms"] if isinstance(item, Synonym))
    outside = tuple(item for _, item in found.items["outside"] if isinstance(item, Outside))
    by_topic: dict[str, list[str]] = {topic: [] for topic in topics}
    for question in questions.values():
        by_topic.setdefault(question.topic, []).append(question.id)
    return KnowledgePack(
        path=path,
        topics=topics,
        entries=entries,
        questions=questions,
        synonyms=synonyms,
        outside=outside,
        by_topic={topic: tuple(ids) for topic, ids in by_topic.items()},
        origins=dict(found.origins),
        shipped=frozenset(found.shipped),
        shipped_file=found.shipped_file,
    )


M = TypeVar("M", Topic, Entry, Question)


def _unique(
    found: _Collector, kind: str, items: Iterable[tuple[str, BaseModel]], model: type[M]
) -> dict[str, M]:
    seen: dict[str, M] = {}
    where_seen: dict[str, str] = {}
    for where, item in items:
        if not isinstance(item, model):
            continue
        if item.id in seen:
            found.add(
                where, f"duplicate {kind} id {item.id!r} (first defined at {where_seen[item.id]})"
            )
            continue
        seen[item.id] = item
        where_seen[item.id] = where
    return seen


def _cross_check(pack: KnowledgePack, found: _Collector) -> None:
    if not pack.topics and not found.problems:
        found.add(str(pack.path), "the pack defines no topics")
    for entry in pack.entries.values():
        where = f"{pack.origin('entry', entry.id)}: entry {entry.id}"
        if entry.topic not in pack.topics:
            found.missing(
                "topic", entry.topic, where, f"field 'topic': unknown topic {entry.topic!r}"
            )
        for related in entry.related:
            if related == entry.id:
                found.add(where, "field 'related': an entry cannot relate to itself")
            elif related not in pack.entries:
                found.missing(
                    "entry", related, where, f"field 'related': unknown entry {related!r}"
                )
    replaced_by: dict[str, str] = {}
    for question in pack.questions.values():
        where = f"{pack.origin('question', question.id)}: question {question.id}"
        if question.topic not in pack.topics:
            found.missing(
                "topic", question.topic, where, f"field 'topic': unknown topic {question.topic!r}"
            )
        for old in question.replaces:
            if old in pack.questions:
                found.add(
                    where, f"field 'replaces': {old!r} is still a question; a replaced id is gone"
                )
            elif old in replaced_by:
                found.add(
                    where, f"field 'replaces': {old!r} is already replaced by {replaced_by[old]!r}"
                )
            replaced_by.setdefault(old, question.id)
    canon = Counter(synonym.canonical.casefold() for synonym in pack.synonyms)
    for word, count in canon.items():
        if count > 1:
            found.add(f"synonyms {word!r}", f"canonical term defined {count} times")
    _check_outside(pack, found)


def _check_outside(pack: KnowledgePack, found: _Collector) -> None:
    """A subject the notes do not teach must not be named like one they do (an entry's
    title or alias), nor share a name with another such subject."""
    taught = {
        _name_key(name): entry.id
        for entry in pack.entries.values()
        for name in (entry.title, *entry.aliases)
    }
    seen: dict[str, str] = {}
    subjects = Counter(item.subject.casefold() for item in pack.outside)
    for item in pack.outside:
        where = f"{pack.origin('outside', item.subject)}: outside {item.subject!r}"
        if subjects[item.subject.casefold()] > 1:
            found.add(where, "subject listed more than once; keep one with all its names")
        for name in item.names:
            key = _name_key(name)
            if not key:
                found.add(where, f"name {name!r} has no words")
            elif key in taught:
                found.add(where, f"name {name!r} is what entry {taught[key]!r} teaches")
            elif seen.setdefault(key, item.subject) != item.subject:
                found.add(where, f"name {name!r} is also a name of {seen[key]!r}")


def _name_key(name: str) -> str:
    """A name as the lookup compares names: its stemmed words ("bind mounts": bind mount),
    or a flag or a word in capitals as typed (--network is not the network it attaches to,
    VOLUME is not the volumes a daemon manages)."""
    return (
        single_flag(name)
        or capital_name(name)
        or " ".join(stem(word) for word in words(clean(name)))
    )


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())
