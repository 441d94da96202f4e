"""Spaced review order (FSRS), progress arithmetic, and exams that survive a restart."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.clock import FixedClock
from bot.exam.book import ExamBook, NoActiveExam
from bot.progress.review import ReviewQueue
from bot.progress.stats import mastery, streak
from bot.store import Store

POOL = ["q1", "q2", "q3", "q4", "q5"]


def test_review_serves_due_first_then_new_then_least_recent(
    store: Store, clock: FixedClock
) -> None:
    queue = ReviewQueue(store, clock)
    queue.record(workspace="T1", user="U1", question_id="q3", correct=True)  # Good: 10 min
    clock.advance(timedelta(minutes=1))
    queue.record(workspace="T1", user="U1", question_id="q1", correct=True)
    clock.advance(timedelta(minutes=1))
    queue.record(workspace="T1", user="U1", question_id="q4", correct=False)  # Again: 1 min
    # Nothing due yet: new questions in pool order, then the least recently reviewed.
    upcoming = queue.next_questions(workspace="T1", user="U1", pool=POOL, limit=5)
    assert upcoming == ["q2", "q5", "q3", "q1", "q4"]
    clock.advance(timedelta(minutes=5))  # only the missed one is due
    upcoming = queue.next_questions(workspace="T1", user="U1", pool=POOL, limit=3)
    assert upcoming == ["q4", "q2", "q5"]
    clock.advance(timedelta(days=30))  # all due: most overdue first, then the new ones
    upcoming = queue.next_questions(workspace="T1", user="U1", pool=POOL, limit=5)
    assert upcoming == ["q4", "q3", "q1", "q2", "q5"]
    # Only pool members come back; another workspace starts from scratch.
    assert queue.next_questions(workspace="T1", user="U1", pool=["q1", "q9"], limit=5) == [
        "q1",
        "q9",
    ]
    assert queue.next_questions(workspace="T2", user="U1", pool=POOL, limit=2) == ["q1", "q2"]


def test_a_wrong_answer_is_due_sooner_than_a_right_one(store: Store, clock: FixedClock) -> None:
    queue = ReviewQueue(store, clock)
    queue.record(workspace="T1", user="U1", question_id="right", correct=True)
    queue.record(workspace="T1", user="U1", question_id="wrong", correct=False)
    cards = {c.question_id: c for c in store.cards(workspace="T1", user="U1")}
    assert cards["wrong"].due < cards["right"].due
    assert cards["wrong"].last_review == clock.now()
    # Reviewing again updates the stored card rather than adding one.
    clock.advance(timedelta(hours=1))
    queue.record(workspace="T1", user="U1", question_id="wrong", correct=True)
    assert len(store.cards(workspace="T1", user="U1")) == 2


def test_an_exam_resumes_in_a_new_store_on_the_same_database(
    database_url: str, clock: FixedClock
) -> None:
    first = Store.from_url(database_url)
    book = ExamBook(store=first, clock=clock)
    book.start(workspace="T1", user="U1", question_ids=["q1", "q2", "q3"])
    clock.advance(timedelta(seconds=30))
    book.answer(workspace="T1", user="U1", chosen=2, correct=False)
    first.close()

    second = Store.from_url(database_url)
    book = ExamBook(store=second, clock=clock)
    state = book.active(workspace="T1", user="U1")
    assert state is not None
    assert state.question_ids == ("q1", "q2", "q3") and state.answers == (((2,), False),)
    assert book.active(workspace="T2", user="U1") is None
    clock.advance(timedelta(seconds=30))
    book.answer(workspace="T1", user="U1", chosen=(3, 0), correct=True)  # a choose-two answer
    clock.advance(timedelta(seconds=30))
    done = book.answer(workspace="T1", user="U1", chosen=1, correct=True)
    assert done.answers == (((2,), False), ((0, 3), True), ((1,), True))
    assert done.finished_at is not None and done.finished_at - done.started_at == timedelta(
        seconds=90
    )
    assert book.active(workspace="T1", user="U1") is None
    with pytest.raises(NoActiveExam):
        book.answer(workspace="T1", user="U1", chosen=0, correct=True)
    second.close()


def test_stopping_or_restarting_an_exam(store: Store, clock: FixedClock) -> None:
    book = ExamBook(store=store, clock=clock)
    old = book.start(workspace="T1", user="U1", question_ids=["q1", "q2"])
    new = book.start(workspace="T1", user="U1", question_ids=["q3"])
    assert new.id != old.id
    active = book.active(workspace="T1", user="U1")
    assert active is not None and active.id == new.id
    stopped = book.stop(workspace="T1", user="U1")
    assert stopped.finished_at == clock.now() and stopped.answers == ()
    assert book.active(workspace="T1", user="U1") is None
    with pytest.raises(NoActiveExam):
        book.stop(workspace="T1", user="U1")


def test_streak_counts_local_days_and_forgives_today_not_yesterday() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    # 23:30 UTC is already tomorrow in Berlin.
    times = [datetime(2026, 3, d, 23, 30, tzinfo=UTC) for d in (4, 3, 2)]
    times += [datetime(2026, 2, 27, 12, 0, tzinfo=UTC)]  # after a gap: not counted
    morning = datetime(2026, 3, 5, 8, 0, tzinfo=UTC)
    assert streak(times, zone=ZoneInfo("UTC"), now=morning) == 3  # Mar 2-4, today not yet
    assert streak(times, zone=berlin, now=morning) == 3  # Mar 3-5 in Berlin
    assert streak(times, zone=berlin, now=morning + timedelta(days=1)) == 3  # Mar 6: alive
    assert streak(times, zone=ZoneInfo("UTC"), now=morning + timedelta(days=1)) == 0  # broken
    assert streak([], zone=berlin, now=morning) == 0
    several = [morning, morning - timedelta(hours=1), morning - timedelta(days=1)]
    assert streak(several, zone=ZoneInfo("UTC"), now=morning) == 2


def test_mastery_is_weakest_first() -> None:
    rows = mastery({"a": (4, 4), "b": (4, 1), "c": (0, 0), "d": (2, 1)})
    assert [topic for topic, _, _ in rows] == ["c", "b", "d", "a"]
