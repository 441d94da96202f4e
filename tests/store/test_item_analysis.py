"""Item analysis on a generated answer history whose statistics are computed here, from the
first attempts themselves, independently of the store's SQL: difficulty, point-biserial
discrimination (statistics.correlation), option counts, open reports and flags."""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from bot.content.pack import KnowledgePack
from bot.content.schema import Question
from bot.items.analysis import ItemStats
from bot.items.commands import item_analysis
from bot.store import Store, tables
from bot.store.migrations import backfill_first_answers

T0 = datetime(2026, 4, 1, 8, 0, tzinfo=UTC)
LEARNERS = 40


@dataclass
class History:
    """What was answered first, by learner: {user: {question id: chosen options}}."""

    questions: dict[str, Question]
    first: dict[str, dict[str, tuple[int, ...]]]


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    opened = Store.from_url(database_url)
    yield opened
    opened.close()


def pick_questions(pack: KnowledgePack) -> dict[str, Question]:
    four = [q for q in pack.questions.values() if q.kind == "multiple_choice"]
    four = [q for q in four if len(q.options) == 4]
    true_false = next(q for q in pack.questions.values() if q.kind == "true_false")
    two = next(q for q in pack.questions.values() if q.kind == "multiple_answer")
    names = ["easy", "sorting", "negative", "hard", "few", "ability-1", "ability-2"]
    named = {name: q for name, q in zip(names, four, strict=False)}
    return named | {"tf": true_false, "two": two}


def wrong(question: Question, n: int) -> int:
    """The n-th wrong option (cycling) of a question."""
    options = [i for i in range(len(question.options)) if i not in question.answer_indexes]
    return options[n % len(options)]


def generate(store: Store, pack: KnowledgePack) -> History:
    """40 learners of rising ability u/39 answer; each rule below fixes who is right."""
    named = pick_questions(pack)
    key = {name: q.answer_index for name, q in named.items()}
    both = named["two"].answer_indexes
    rules: dict[str, Callable[[int], int | tuple[int, ...] | None]] = {
        # Everyone right: too easy, and no distractor is ever picked.
        "easy": lambda u: key["easy"],
        # The stronger half right, the weaker half spread over the distractors.
        "sorting": lambda u: key["sorting"] if u >= 20 else wrong(named["sorting"], u),
        # The weaker learners right, the stronger wrong: negative discrimination.
        "negative": lambda u: key["negative"] if u < 15 else wrong(named["negative"], 0),
        # The strongest five right; every miss on the same distractor, which beats the key.
        "hard": lambda u: key["hard"] if u >= 35 else wrong(named["hard"], 1),
        # Ten learners only: too few attempts for any flag, though all are right.
        "few": lambda u: key["few"] if u < 10 else None,
        # Two more that follow ability, so rest scores rise with it.
        "ability-1": lambda u: key["ability-1"] if u >= 12 else wrong(named["ability-1"], u),
        "ability-2": lambda u: key["ability-2"] if u >= 26 else wrong(named["ability-2"], u),
        # Choose two: the stronger 30 pick both right options, the others one and a distractor.
        "two": lambda u: both if u >= 10 else (both[0], wrong(named["two"], u)),
        "tf": lambda u: (key["tf"] if (u * 7) % 10 < 6 else 1 - key["tf"]) if u < 30 else None,
    }
    first: dict[str, dict[str, tuple[int, ...]]] = {}
    clock = T0
    for name, rule in rules.items():
        question = named[name]
        for u in range(LEARNERS):
            chosen = rule(u)
            if chosen is None:
                continue
            clock += timedelta(seconds=7)
            picks = (chosen,) if isinstance(chosen, int) else chosen
            answer(store, "T1", f"U{u}", question, picks, clock)
            first.setdefault(f"U{u}", {})[question.id] = picks
    # Two learners who answer one question only: counted in its attempts, not in its
    # discrimination (they have no other answers to compare with).
    for user, chosen in (
        ("U98", named["sorting"].answer_index),
        ("U99", wrong(named["sorting"], 0)),
    ):
        clock += timedelta(seconds=7)
        answer(store, "T1", user, named["sorting"], (chosen,), clock)
        first[user] = {named["sorting"].id: (chosen,)}
    # Second attempts (new instances, later) with the opposite result: never counted.
    for u in range(LEARNERS):
        question = named["sorting"]
        clock += timedelta(seconds=7)
        again = wrong(question, u) if u >= 20 else question.answer_index
        answer(store, "T1", f"U{u}", question, (again,), clock)
    # Another workspace: its learners are other people.
    for u in range(5):
        answer(store, "T2", f"U{u}", named["easy"], (wrong(named["easy"], u),), clock)
    return History(questions={q.id: q for q in named.values()}, first=first)


def answer(
    store: Store,
    workspace: str,
    user: str,
    question: Question,
    picks: tuple[int, ...],
    when: datetime,
) -> None:
    instance = store.create_instance(
        workspace=workspace, question_id=question.id, kind="quiz", now=when, user=user
    )
    store.record_answer(
        workspace=workspace,
        user=user,
        instance_id=instance.id,
        question_id=question.id,
        topic=question.topic,
        chosen=picks,
        correct=set(picks) == set(question.answer_indexes),
        now=when,
    )


def expected(history: History, question: Question) -> tuple[int, float, float | None, list[int]]:
    """(attempts, share right, point-biserial r, option counts), from the first attempts."""
    right = {
        user: {
            qid: set(picks) == set(history.questions[qid].answer_indexes)
            for qid, picks in mine.items()
        }
        for user, mine in history.first.items()
    }
    takers = [user for user, mine in history.first.items() if question.id in mine]
    xs, ys = [], []
    for user in takers:
        others = [ok for qid, ok in right[user].items() if qid != question.id]
        if others:
            xs.append(1.0 if right[user][question.id] else 0.0)
            ys.append(sum(others) / len(others))
    try:
        r: float | None = statistics.correlation(xs, ys)
    except statistics.StatisticsError:  # one of them does not vary
        r = None
    counts = Counter(i for user in takers for i in history.first[user][question.id])
    share = sum(right[user][question.id] for user in takers) / len(takers)
    return len(takers), share, r, [counts[i] for i in range(len(question.options))]


def by_id(items: list[ItemStats]) -> dict[str, ItemStats]:
    return {item.question_id: item for item in items}


def test_item_statistics_match_those_computed_from_the_first_attempts(
    store: Store, pack: KnowledgePack
) -> None:
    history = generate(store, pack)
    items = by_id(item_analysis(store, history.questions, workspace="T1"))
    assert list(items) == list(history.questions)
    for question in history.questions.values():
        attempts, share, r, options = expected(history, question)
        item = items[question.id]
        assert item.attempts == attempts, question.id
        assert item.share_right == pytest.approx(share)
        if r is None:
            assert item.discrimination is None, question.id
        else:
            assert item.discrimination == pytest.approx(r, abs=1e-9), question.id
        assert [option.chosen for option in item.options] == options, question.id
    # A choose-two answer counts for both options it picked.
    two = items[pick_questions(pack)["two"].id]
    assert sum(option.chosen for option in two.options) == 2 * two.attempts == 2 * LEARNERS


def test_the_flags_are_the_ones_the_history_was_built_to_raise(
    store: Store, pack: KnowledgePack
) -> None:
    history = generate(store, pack)
    named = pick_questions(pack)
    items = by_id(item_analysis(store, history.questions, workspace="T1"))
    labels = {name: {flag.label for flag in items[q.id].flags} for name, q in named.items()}
    letters = "ABCDE"
    easy_wrong = {i for i in range(4) if i != named["easy"].answer_index}
    assert labels["easy"] == {"too-easy"} | {f"unused-distractor:{letters[i]}" for i in easy_wrong}
    assert "negative-discrimination" in labels["negative"]
    negative = items[named["negative"].id].discrimination
    assert negative is not None and negative < 0
    hard = named["hard"]
    loser = wrong(hard, 1)
    unused = {i for i in range(4) if i not in (hard.answer_index, loser)}
    assert labels["hard"] == (
        {"too-hard", f"distractor-beats-key:{letters[loser]}"}
        | {f"unused-distractor:{letters[i]}" for i in unused}
    )
    assert labels["sorting"] == set()  # the stronger half right, misses spread out
    sorting = items[named["sorting"].id].discrimination
    assert sorting is not None and sorting > 0.3
    assert items[named["few"].id].attempts == 10 and labels["few"] == set()


def test_workspaces_are_analysed_apart_or_together(store: Store, pack: KnowledgePack) -> None:
    history = generate(store, pack)
    easy = pick_questions(pack)["easy"]
    one = by_id(item_analysis(store, history.questions, workspace="T1"))[easy.id]
    other = by_id(item_analysis(store, history.questions, workspace="T2"))[easy.id]
    both = by_id(item_analysis(store, history.questions))[easy.id]
    assert (one.attempts, other.attempts, both.attempts) == (LEARNERS, 5, LEARNERS + 5)
    assert other.share_right == 0.0 and other.flags == ()  # five attempts: no flags yet
    assert both.share_right == pytest.approx(LEARNERS / (LEARNERS + 5))


def test_open_reports_are_counted_per_question(store: Store, pack: KnowledgePack) -> None:
    history = generate(store, pack)
    hard = pick_questions(pack)["hard"]
    for user in ("U1", "U2"):
        store.report_question(
            workspace="T1", user=user, question_id=hard.id, reason="typo", comment="", now=T0
        )
    store.report_question(
        workspace="T2", user="U1", question_id=hard.id, reason="typo", comment="", now=T0
    )
    store.close_reports(workspace="T1", question_id=hard.id, by="UA", note="", now=T0)
    store.report_question(
        workspace="T1", user="U3", question_id=hard.id, reason="unclear", comment="", now=T0
    )
    assert by_id(item_analysis(store, history.questions, workspace="T1"))[hard.id].open_reports == 1
    assert by_id(item_analysis(store, history.questions))[hard.id].open_reports == 2


def test_questions_nobody_answered_are_listed_with_nothing_to_say(
    store: Store, pack: KnowledgePack
) -> None:
    items = item_analysis(store, pack.questions)
    assert len(items) == len(pack.questions)
    assert all(i.attempts == 0 and i.share_right is None and not i.flags for i in items)


def test_rebuilding_first_answers_from_answers_changes_nothing(
    store: Store, pack: KnowledgePack
) -> None:
    """The bulk rebuild (migration, benchmark loads) gives what recording kept, and keeps
    learners' ids, which stores cache: answers recorded after it still count."""
    history = generate(store, pack)
    before = item_analysis(store, history.questions, workspace="T1")
    learners = tables.learners.c
    ids_of = sa.select(learners.workspace, learners.user_id, learners.id)
    with store.db.read() as conn:
        ids = {(w, u): i for w, u, i in conn.execute(ids_of)}
    with store.db.write() as conn:
        backfill_first_answers(conn)
    assert item_analysis(store, history.questions, workspace="T1") == before
    with store.db.read() as conn:
        assert {(w, u): i for w, u, i in conn.execute(ids_of)} == ids
    easy = pick_questions(pack)["easy"]
    answer(store, "T1", "U98", easy, (easy.answer_index,), T0 + timedelta(days=1))
    after = by_id(item_analysis(store, history.questions, workspace="T1"))[easy.id]
    assert after.attempts == LEARNERS + 1
