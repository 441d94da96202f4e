"""Scoring the lookup on a labelled evaluation set: right, declined, answered precision.

The blind set in tests/eval/blind/ (questions written from the notes alone by someone who
never saw the pack) is split once into a dev and a test half: within each style, items are
ordered by the SHA-256 of their id and alternate dev, test, dev, ... So the split is
stratified by style, fixed, and independent of the questions' wording. The lookup is tuned
on dev only; test is reported.

Labels live beside the questions (labels.yaml), so the questions stay as written:

- `expect`: entries whose reply answers the question (any one, as the reply's main entry);
- `sides`: for a comparison, the entries of each side: a reply is right when it draws on an
  entry of every side, or when its main entry is in `expect` (a comparison entry);
- `odd`: for "which is NOT", the option the reply must name;
- `decline`: the answer is not in the pack (judged against the notes and the content issue),
  so the question counts as off-topic and must be declined;
- `accept` (off-topic items only): entries whose reply does answer the off-topic question (a
  plain in-scope question asked in Spanish, or a near miss the pack's content covers after
  all). Declining stays right; answering with an accepted entry as the main one counts as
  neither a wrong answer nor a failed decline: the item is right and the answer is left out
  of answered precision.

A reply is *answered* when it is an answer or a comparison; precision is right answers over
all answers given, off-topic ones included (except accepted ones, as above).
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar

import yaml
from rapidfuzz import fuzz, process

from bot.lookup.answering import ANSWER_AT, LookupResult, Proposal, decide

HALVES = ("dev", "test")
THRESHOLDS = (
    0.3,
    0.4,
    0.5,
    0.55,
    0.6,
    0.65,
    0.7,
    0.75,
    0.8,
    0.85,
    0.9,
    0.92,
    0.94,
    0.96,
)  # of the curve
T = TypeVar("T")


class NoteWithWordings(Protocol):
    """What `surfaces` reads of a pack entry."""

    @property
    def title(self) -> str: ...
    @property
    def aliases(self) -> Sequence[str]: ...
    @property
    def phrasings(self) -> Sequence[str]: ...


LEAK_RATIO = 85  # rapidfuzz ratio, lower-cased: a question this close to the pack's text leaked


@dataclass(frozen=True, slots=True)
class Item:
    """One evaluation question with its style, half, and what counts as right."""

    id: str
    style: str
    q: str
    half: str
    in_scope: bool
    expect: tuple[str, ...] = ()
    sides: tuple[tuple[str, ...], ...] = ()
    odd: str | None = None
    accept: tuple[str, ...] = ()

    def accepted(self, result: LookupResult) -> bool:
        """True when an off-topic question was answered with an entry its labels accept."""
        return not self.in_scope and result.matched and result.ids[0] in self.accept

    def right(self, result: LookupResult) -> bool:
        """True when the reply is right: an off-topic question declined (in any way) or
        answered with an accepted entry, an in-scope one answered as its labels say."""
        if not self.in_scope:
            return not result.matched or self.accepted(result)
        if not result.matched:
            return False
        ids = result.ids
        if self.odd is not None:
            return result.odd_one_out is not None and _same(result.odd_one_out, self.odd)
        if ids[0] in self.expect:
            return True
        if self.sides:
            return all(any(i in side for i in ids) for side in self.sides)
        return result.kind == "comparison" and any(i in self.expect for i in ids)


def split(items: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """id -> "dev" or "test": per style, alternating in order of the id's SHA-256."""
    return assign(items, HALVES)


def assign(items: Iterable[Mapping[str, Any]], parts: Sequence[T]) -> dict[str, T]:
    """id -> one of `parts`: per style, items in order of their id's SHA-256 take the parts
    in turn, so every part holds about as many of each style (the dev/test split, and the
    cross-validation folds of benchmarks/fit_lookup.py)."""
    by_style: dict[str, list[str]] = defaultdict(list)
    for item in items:
        by_style[str(item["style"])].append(str(item["id"]))
    chosen: dict[str, T] = {}
    for ids in by_style.values():
        ids.sort(key=lambda i: hashlib.sha256(i.encode()).hexdigest())
        for position, item_id in enumerate(ids):
            chosen[item_id] = parts[position % len(parts)]
    return chosen


def labelled(raw: Mapping[str, Any], label: Mapping[str, Any], half: str) -> Item:
    """An in-scope-or-declined question and its label (`expect`, `sides`, `odd` or
    `decline`) as an Item."""
    return Item(
        id=raw["id"],
        style=raw["style"],
        q=raw["q"],
        half=half,
        in_scope="decline" not in label,
        expect=tuple(label.get("expect", ())),
        sides=tuple(tuple(side) for side in label.get("sides", ())),
        odd=label.get("odd"),
    )


def load_blind(folder: Path) -> list[Item]:
    """Both halves of the blind set in `folder`, labelled. Raises ValueError when an
    in-scope question has no label, or an off-topic one has a label other than `accept`."""
    in_scope = yaml.safe_load((folder / "in_scope.yaml").read_text(encoding="utf-8"))
    off_topic = yaml.safe_load((folder / "off_topic.yaml").read_text(encoding="utf-8"))
    labels = yaml.safe_load((folder / "labels.yaml").read_text(encoding="utf-8"))
    halves = {**split(in_scope), **split(off_topic)}
    items: list[Item] = []
    for raw in in_scope:
        label = labels.get(raw["id"])
        if label is None:
            raise ValueError(f"{raw['id']}: no label in labels.yaml")
        items.append(labelled(raw, label, halves[raw["id"]]))
    for raw in off_topic:
        label = labels.get(raw["id"], {})
        if set(label) - {"accept"}:
            raise ValueError(f"{raw['id']}: an off-topic item takes only `accept` labels")
        items.append(
            Item(
                id=raw["id"],
                style=raw["style"],
                q=raw["q"],
                half=halves[raw["id"]],
                in_scope=False,
                accept=tuple(label.get("accept", ())),
            )
        )
    return items


def load_training(folder: Path) -> list[Item]:
    """The questions of benchmarks/training/ (questions.yaml) with their labels
    (labels.yaml, as in the blind set), half "train": fitted on, never judged."""
    questions = yaml.safe_load((folder / "questions.yaml").read_text(encoding="utf-8"))
    labels = yaml.safe_load((folder / "labels.yaml").read_text(encoding="utf-8"))
    return [labelled(raw, labels[raw["id"]], "train") for raw in questions]


def surfaces(entries: Iterable[NoteWithWordings]) -> list[str]:
    """The pack's own wordings: every entry's title, aliases and phrasings."""
    return [text for entry in entries for text in (entry.title, *entry.aliases, *entry.phrasings)]


def load_kept(folder: Path) -> list[Item]:
    """The earlier evaluation set (in_scope.yaml with expected ids, off_topic.yaml)."""
    in_scope = yaml.safe_load((folder / "in_scope.yaml").read_text(encoding="utf-8"))
    off_topic = yaml.safe_load((folder / "off_topic.yaml").read_text(encoding="utf-8"))
    items = [
        Item(
            id=f"kept-in-{n}",
            style="kept",
            q=raw["q"],
            half="kept",
            in_scope=True,
            expect=tuple(raw["expect"]),
        )
        for n, raw in enumerate(in_scope["questions"])
    ]
    items += [
        Item(id=f"kept-off-{n}", style="kept", q=q, half="kept", in_scope=False)
        for n, q in enumerate(off_topic["questions"])
    ]
    return items


@dataclass(slots=True)
class Tally:
    """Counts for one group of items."""

    total: int = 0
    right: int = 0

    @property
    def share(self) -> float:
        """right / total (0 for an empty group)."""
        return self.right / self.total if self.total else 0.0


@dataclass(slots=True)
class Report:
    """The figures of one half: per style, overall, and answered precision."""

    in_scope: Tally = field(default_factory=Tally)
    off_topic: Tally = field(default_factory=Tally)
    styles: dict[str, Tally] = field(default_factory=dict)
    off_styles: dict[str, Tally] = field(default_factory=dict)
    answered: int = 0
    answered_right: int = 0

    @property
    def precision(self) -> float:
        """Right answers over all answers given (1 when nothing was answered)."""
        return self.answered_right / self.answered if self.answered else 1.0


def report(items: Sequence[Item], results: Sequence[LookupResult]) -> Report:
    """Tally results (one per item, in order) by style, scope and answer."""
    found = Report()
    for item, result in zip(items, results, strict=True):
        right = item.right(result)
        group = found.styles if item.in_scope else found.off_styles
        tally = group.setdefault(item.style, Tally())
        overall = found.in_scope if item.in_scope else found.off_topic
        for counter in (tally, overall):
            counter.total += 1
            counter.right += right
        if result.matched and not item.accepted(result):
            found.answered += 1
            found.answered_right += right and item.in_scope
    return found


def risk_coverage(
    items: Sequence[Item],
    results_at: Callable[[float], Sequence[LookupResult]],
    thresholds: Sequence[float],
) -> list[tuple[float, Report]]:
    """The report at each threshold (`results_at(t)` answers every item at threshold t)."""
    return [(t, report(items, results_at(t))) for t in thresholds]


def curve_lines(items: Sequence[Item], proposals: Sequence[Proposal]) -> list[str]:
    """The risk/coverage table as printed lines: for each of THRESHOLDS, the share of
    in-scope questions answered right, of off-topic ones declined, and answered precision;
    ANSWER_AT is marked. `proposals` are the items' (`propose`), in order."""

    def at(threshold: float) -> list[LookupResult]:
        return [
            decide(item.q, proposal, answer_at=threshold)
            for item, proposal in zip(items, proposals, strict=True)
        ]

    lines = [f"  {'threshold':>9} {'in-scope right':>15} {'off declined':>13} {'precision':>10}"]
    for threshold, found in risk_coverage(items, at, THRESHOLDS):
        mark = "  <- ANSWER_AT" if abs(threshold - ANSWER_AT) < 1e-9 else ""
        lines.append(
            f"  {threshold:>9.2f} {found.in_scope.share:>15.1%} {found.off_topic.share:>13.1%} "
            f"{found.precision:>10.1%}{mark}"
        )
    return lines


def memorised(items: Iterable[Item], surfaces: Iterable[str]) -> dict[str, str]:
    """item id -> the pack's text (a title, alias or phrasing) its question is at least
    LEAK_RATIO similar to (rapidfuzz ratio, lower-cased): an answer to such a question shows
    the pack has memorised it, not that the lookup understood it."""
    known = [text.casefold() for text in surfaces]
    found: dict[str, str] = {}
    for item in items:
        best = process.extractOne(item.q.casefold(), known, scorer=fuzz.ratio)
        if best is not None and best[1] >= LEAK_RATIO:
            found[item.id] = best[0]
    return found


def _same(said: str, wanted: str) -> bool:
    return _words(said) == _words(wanted)


def _words(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z0-9]+", text.casefold()) if w not in {"a", "an", "the"}]
