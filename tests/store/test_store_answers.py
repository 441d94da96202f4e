"""Answers, tallies, progress and isolation, on SQLite and PostgreSQL."""

from __future__ import annotations

import functools
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from bot.clock import FixedClock
from bot.errors import StoreError
from bot.store import Store, tables

ONE = {"question_id": "q-ecr", "topic": "registries"}


def answer(
    store: Store, *, ws: str, user: str, instance: int, correct: bool, now: datetime, **extra: str
) -> bool:
    fields = ONE | extra
    return store.record_answer(
        workspace=ws,
        user=user,
        instance_id=instance,
        question_id=fields["question_id"],
        topic=fields["topic"],
        chosen=0 if correct else 1,
        correct=correct,
        now=now,
    ).first


def post(store: Store, clock: FixedClock, ws: str = "T1", qid: str = "q-ecr") -> int:
    return store.create_instance(
        workspace=ws, question_id=qid, kind="quiz", now=clock.now(), channel="C1"
    ).id


def test_several_chosen_options_are_stored_and_read_back(store: Store, clock: FixedClock) -> None:
    instance = post(store, clock)
    answer = functools.partial(
        store.record_answer,
        workspace="T1",
        user="U1",
        instance_id=instance,
        question_id="q-two",
        topic="registries",
        now=clock.now(),
    )
    first = answer(chosen=(3, 1), correct=True)
    again = answer(chosen=(0, 2), correct=False)
    assert first.chosen == (1, 3) and again.chosen == (1, 3) and again.correct


def test_an_answer_stored_before_several_options_existed_reads_as_one_option(
    store: Store, clock: FixedClock
) -> None:
    instance = post(store, clock)
    with store.db.write() as conn:  # a row as releases before multiple answers wrote it
        conn.execute(
            sa.insert(tables.answers).values(
                workspace="T1",
                user_id="U1",
                instance_id=instance,
                question_id="q-ecr",
                topic="registries",
                chosen=2,
                correct=False,
                answered_at=clock.now(),
            )
        )
    again = store.record_answer(
        workspace="T1",
        user="U1",
        instance_id=instance,
        question_id="q-ecr",
        topic="registries",
        chosen=0,
        correct=True,
        now=clock.now(),
    )
    assert (again.first, again.correct, again.chosen) == (False, False, (2,))


def test_only_the_first_answer_counts(store: Store, clock: FixedClock) -> None:
    instance = post(store, clock)
    first = store.record_answer(
        workspace="T1",
        user="U1",
        instance_id=instance,
        question_id="q-ecr",
        topic="registries",
        chosen=2,
        correct=False,
        now=clock.now(),
    )
    again = store.record_answer(
        workspace="T1",
        user="U1",
        instance_id=instance,
        question_id="q-ecr",
        topic="registries",
        chosen=0,
        correct=True,
        now=clock.now() + timedelta(seconds=1),
    )
    assert (first.first, first.correct, first.chosen) == (True, False, (2,))
    assert (again.first, again.correct, again.chosen) == (False, False, (2,))  # the stored one
    assert store.tally(workspace="T1", instance_id=instance).answered == 1
    stats = store.stats(workspace="T1", user="U1", now=clock.now())
    assert (stats.answered, stats.correct) == (1, 0)
    assert store.leaderboard(workspace="T1", since=None) == [("U1", 0, 1)]


def test_tally_and_first_correct_in_answer_order(store: Store, clock: FixedClock) -> None:
    instance = post(store, clock)
    for user, correct in [("U1", False), ("U2", True), ("U3", True), ("U4", True), ("U5", True)]:
        clock.advance(timedelta(seconds=5))
        answer(store, ws="T1", user=user, instance=instance, correct=correct, now=clock.now())
    tally = store.tally(workspace="T1", instance_id=instance)
    assert (tally.answered, tally.correct) == (5, 4)
    assert store.first_correct(workspace="T1", instance_id=instance) == ["U2", "U3", "U4"]
    assert store.first_correct(workspace="T1", instance_id=instance, limit=1) == ["U2"]


def test_two_workspaces_never_see_each_others_data(store: Store, clock: FixedClock) -> None:
    mine, theirs = post(store, clock, "T1"), post(store, clock, "T2")
    answer(store, ws="T1", user="U1", instance=mine, correct=False, now=clock.now())
    for user in ("U1", "U9"):  # the same user id exists in both workspaces
        answer(store, ws="T2", user=user, instance=theirs, correct=True, now=clock.now())
    store.set_timezone(workspace="T2", user="U1", tz="Asia/Tokyo")
    store.mark_seen(workspace="T2", scope="user:U1", question_id="q-ecr")
    store.set_pending(workspace="T2", user="U1", instance_id=theirs)

    assert store.get_instance(workspace="T1", instance_id=theirs) is None
    assert store.tally(workspace="T1", instance_id=theirs).answered == 0
    assert store.first_correct(workspace="T1", instance_id=theirs) == []
    stats = store.stats(workspace="T1", user="U1", now=clock.now())
    assert (stats.answered, stats.correct) == (1, 0)
    assert store.leaderboard(workspace="T1", since=None) == [("U1", 0, 1)]
    week = clock.now().replace(hour=0)
    assert store.leaderboard(workspace="T1", since=week) == [("U1", 0, 1)]
    assert store.leaderboard(workspace="T1", since=clock.now() + timedelta(minutes=1)) == []
    assert store.mistakes(workspace="T1", user="U1") == ["q-ecr"]
    assert store.mistakes(workspace="T2", user="U1") == []
    assert store.get_timezone(workspace="T1", user="U1") == "UTC"
    assert store.seen(workspace="T1", scope="user:U1") == set()
    assert store.get_pending(workspace="T1", user="U1") is None


def test_an_answer_cannot_point_at_another_workspaces_instance(
    store: Store, clock: FixedClock
) -> None:
    theirs = post(store, clock, "T2")
    with pytest.raises(StoreError):
        answer(store, ws="T1", user="U1", instance=theirs, correct=True, now=clock.now())


def test_leaderboard_orders_by_right_then_fewer_attempts(store: Store, clock: FixedClock) -> None:
    results = {"UA": [True, True, False], "UB": [True, True], "UC": [True], "UD": [False]}
    for user, marks in results.items():
        for correct in marks:
            answer(
                store,
                ws="T1",
                user=user,
                instance=post(store, clock),
                correct=correct,
                now=clock.now(),
            )
    expected = [("UB", 2, 2), ("UA", 2, 3), ("UC", 1, 1), ("UD", 0, 1)]
    assert store.leaderboard(workspace="T1", since=None) == expected
    assert store.leaderboard(workspace="T1", since=None, limit=2) == expected[:2]


def test_weekly_leaderboard_counts_only_since_then(store: Store, clock: FixedClock) -> None:
    answer(store, ws="T1", user="UOLD", instance=post(store, clock), correct=True, now=clock.now())
    clock.advance(timedelta(days=7))
    answer(store, ws="T1", user="UNEW", instance=post(store, clock), correct=True, now=clock.now())
    monday = clock.now().replace(hour=0, minute=0)
    # Midnight uses the day counters, any other moment counts answers: both must agree.
    for since in (monday, monday + timedelta(hours=1)):
        assert store.leaderboard(workspace="T1", since=since) == [("UNEW", 1, 1)]
    assert len(store.leaderboard(workspace="T1", since=None)) == 2


def test_mistakes_until_put_right_most_recent_first(store: Store, clock: FixedClock) -> None:
    for qid in ("q-a", "q-b", "q-c"):
        clock.advance(timedelta(minutes=1))
        answer(
            store,
            ws="T1",
            user="U1",
            instance=post(store, clock, qid=qid),
            correct=False,
            now=clock.now(),
            question_id=qid,
        )
    assert store.mistakes(workspace="T1", user="U1") == ["q-c", "q-b", "q-a"]
    clock.advance(timedelta(minutes=1))
    answer(
        store,
        ws="T1",
        user="U1",
        instance=post(store, clock, qid="q-b"),
        correct=True,
        now=clock.now(),
        question_id="q-b",
    )
    assert store.mistakes(workspace="T1", user="U1") == ["q-c", "q-a"]
    clock.advance(timedelta(minutes=1))
    answer(
        store,
        ws="T1",
        user="U1",
        instance=post(store, clock, qid="q-b"),
        correct=False,
        now=clock.now(),
        question_id="q-b",
    )
    assert store.mistakes(workspace="T1", user="U1") == ["q-b", "q-c", "q-a"]


def test_stats_per_topic_and_streak_in_the_users_zone(store: Store, clock: FixedClock) -> None:
    # 23:30 UTC on three evenings: in Tokyo (UTC+9) that is the next morning, still 3 days.
    evening = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)
    for day in range(3):
        when = evening + timedelta(days=day)
        answer(store, ws="T1", user="U1", instance=post(store, clock), correct=True, now=when)
        answer(
            store,
            ws="T1",
            user="U1",
            instance=post(store, clock),
            correct=False,
            now=when,
            topic="networking",
        )
    store.set_timezone(workspace="T1", user="U1", tz="Asia/Tokyo")
    # Tokyo, 2026-03-04 10:00: the last answer was this morning local time.
    stats = store.stats(workspace="T1", user="U1", now=datetime(2026, 3, 4, 1, 0, tzinfo=UTC))
    assert stats.per_topic == {"registries": (3, 3), "networking": (3, 0)}
    assert (stats.answered, stats.correct, stats.streak) == (6, 3, 3)
    assert stats.accuracy == 0.5
    # Los Angeles (UTC-8): the same answers fall on Mar 1, 2, 3; on Mar 5 local it is broken.
    store.set_timezone(workspace="T1", user="U1", tz="America/Los_Angeles")
    late = datetime(2026, 3, 5, 20, 0, tzinfo=UTC)
    assert store.stats(workspace="T1", user="U1", now=late).streak == 0


def test_pending_seen_and_timezone_round_trip(store: Store, clock: FixedClock) -> None:
    instance = post(store, clock)
    store.set_pending(workspace="T1", user="U1", instance_id=instance)
    assert store.get_pending(workspace="T1", user="U1") == instance
    store.set_pending(workspace="T1", user="U1", instance_id=None)
    assert store.get_pending(workspace="T1", user="U1") is None
    for qid in ("q1", "q2", "q1"):
        store.mark_seen(workspace="T1", scope="channel:C1", question_id=qid)
    assert store.seen(workspace="T1", scope="channel:C1") == {"q1", "q2"}
    store.reset_seen(workspace="T1", scope="channel:C1")
    assert store.seen(workspace="T1", scope="channel:C1") == set()
    store.set_timezone(workspace="T1", user="U1", tz="Europe/Berlin")
    store.set_timezone(workspace="T1", user="U1", tz="Europe/Paris")
    assert store.get_timezone(workspace="T1", user="U1") == "Europe/Paris"


def test_instances_keep_aware_utc_times_and_message_refs(store: Store) -> None:
    berlin = datetime(2026, 7, 1, 12, 0, tzinfo=UTC).astimezone(
        __import__("zoneinfo").ZoneInfo("Europe/Berlin")
    )
    made = store.create_instance(
        workspace="T1", question_id="q", kind="daily", now=berlin, channel="C1"
    )
    store.set_instance_message(workspace="T1", instance_id=made.id, message_ref="171.01")
    found = store.get_instance(workspace="T1", instance_id=made.id)
    assert found is not None
    assert found.created_at == datetime(2026, 7, 1, 12, 0, tzinfo=UTC)
    assert found.created_at.tzinfo == UTC
    assert (found.message_ref, found.kind, found.user) == ("171.01", "daily", None)


def test_event_keys_are_claimed_once_per_workspace(store: Store, clock: FixedClock) -> None:
    assert store.claim_key(workspace="T1", key="evt-1", now=clock.now())
    assert not store.claim_key(workspace="T1", key="evt-1", now=clock.now())
    assert store.claim_key(workspace="T2", key="evt-1", now=clock.now())
    assert store.forget_keys(before=clock.now() + timedelta(seconds=1)) == 2
    assert store.claim_key(workspace="T1", key="evt-1", now=clock.now())


def test_naive_times_are_refused(store: Store) -> None:
    with pytest.raises((ValueError, StoreError)):
        store.create_instance(
            workspace="T1", question_id="q", kind="quiz", now=datetime(2026, 1, 1)
        )


def test_ping_and_unreachable_or_bad_urls_raise_store_error(store: Store) -> None:
    store.ping()
    with pytest.raises(StoreError):
        Store.from_url("mysql://nobody@127.0.0.1/x")
    with pytest.raises(StoreError):
        Store.from_url("postgresql+psycopg://postgres@127.0.0.1:1/none?connect_timeout=1")


def test_a_progress_file_in_a_folder_that_cannot_exist_is_a_store_error(tmp_path: Path) -> None:
    """A file where the data folder should be: a clear error naming the folder, which the
    command line prints as one line, not a traceback."""
    blocker = tmp_path / "afile"
    blocker.write_text("")
    with pytest.raises(StoreError, match="cannot make the folder"):
        Store.from_url(f"sqlite:///{blocker}/docker-quiz/docker-quiz.db")
