"""The learner's dashboard (Slack's Home tab) from the core: what it says after real answers,
and that its buttons are ordinary actions the tutor answers."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.bootstrap import build_tutor
from bot.clock import FixedClock
from bot.content.pack import KnowledgePack
from bot.lookup.index import LookupIndex
from bot.replies import Dashboard, Panel, Request
from bot.settings import Settings
from bot.tutor import Tutor

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
WS, USER = "W1", "U1"


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(T0)


@pytest.fixture
def tutor(
    tmp_path: Path, clock: FixedClock, pack: KnowledgePack, index: LookupIndex
) -> Iterator[Tutor]:
    settings = Settings(knowledge_path=pack.path, database_url=f"sqlite:///{tmp_path}/d.db")
    built = build_tutor(settings, pack=pack, index=index, clock=clock, rng=random.Random(3))
    yield built
    built.close()


def request(**given: object) -> Request:
    return Request(workspace=WS, user=USER, channel="C1", forms=True, **given)  # type: ignore[arg-type]


def panel(board: Dashboard, heading: str) -> Panel:
    return next(p for p in board.panels if p.heading.startswith(heading))


def answer(tutor: Tutor, qid: str, option: int) -> bool:
    """Answer question `qid` with option `option` as shown; True when it was right."""
    asked = tutor.quiz.ask(request(), qid, kind="quiz")
    reply = tutor.handle(request(action=asked.choices[option].action))
    assert reply.outcome is not None and reply.outcome.question_id == qid
    return reply.outcome.correct


def test_a_new_learner_is_shown_where_to_start(tutor: Tutor) -> None:
    board = tutor.dashboard(workspace=WS, user=USER)
    score = panel(board, "Score")
    assert "No answers yet" in score.text
    (start,) = score.buttons
    assert tutor.handle(request(action=start.action)).kind == "question"
    assert panel(board, "Reviews").text == "No reviews due right now."
    assert not panel(board, "Reviews").buttons
    topics = len([t for t in tutor.pack.topics if tutor.pack.questions_in(t)])
    assert f"Ready on 0 of {topics} topics" in panel(board, "Exam readiness").text
    assert "No open mistakes" in panel(board, "Recent mistakes").text
    assert all(not p.heading.startswith("Mastery") for p in board.panels)


def test_the_dashboard_reflects_answers_and_its_buttons_work(
    tutor: Tutor, clock: FixedClock, pack: KnowledgePack
) -> None:
    def single(topic: str) -> list[str]:
        found = pack.questions_in(topic)
        return [q for q in found if pack.questions[q].kind != "multiple_answer"][:3]

    first, second = [t for t in pack.topics if len(single(t)) == 3][:2]
    asked = [*single(first), *single(second)]
    results: dict[str, bool] = {}
    for n, qid in enumerate(asked):
        clock.advance(timedelta(minutes=1))
        results[qid] = answer(tutor, qid, n % 2)
    right = sum(results.values())
    board = tutor.dashboard(workspace=WS, user=USER)

    assert f"**{right}** right of {len(asked)} answered" in panel(board, "Score").text
    assert "streak: **1 day**" in panel(board, "Score").text
    # Mastery: one bar per started topic, weakest first, with its own counts.
    lines = panel(board, "Mastery by topic").text.splitlines()
    shares = [int(re.search(r"(\d+)%", line).group(1)) for line in lines[:2]]  # type: ignore[union-attr]
    assert shares == sorted(shares)
    for topic in (first, second):
        mine = [q for q in asked if pack.questions[q].topic == topic]
        count = f"({sum(results[q] for q in mine)}/{len(mine)} right)"
        assert any(pack.topics[topic].title in line and count in line for line in lines)
    assert "Not started:" in lines[-1]
    # Recent mistakes: the ones answered wrong, most recent first.
    wrong = [q for q in reversed(asked) if not results[q]]
    assert wrong and not all(not r for r in results.values())  # both kinds were given
    mistakes = panel(board, "Recent mistakes")
    assert mistakes.heading == f"Recent mistakes ({len(wrong)})"
    shown = [line for line in mistakes.text.splitlines() if line.startswith("- ")]
    assert len(shown) == min(len(wrong), 5)
    assert shown[0].startswith(f"- {' '.join(pack.questions[wrong[0]].prompt.split())[:40]}")
    # The weakest topic's button asks a question of that topic.
    weakest = tutor.features.progress.readiness(workspace=WS, user=USER).weakest
    assert weakest is not None
    drill = panel(board, "Weakest topic")
    assert weakest.title in drill.text
    (button,) = drill.buttons
    assert button.label == "Drill this topic"
    question = tutor.handle(request(action=button.action))
    ref = question.choices[0].action.split(":")[1]
    instance = tutor.store.find_instance(workspace=WS, ref=ref)
    assert instance is not None and pack.questions[instance.question_id].topic == weakest.topic

    # A month on, every card is due: "Start review" asks one of them.
    clock.advance(timedelta(days=30))
    board = tutor.dashboard(workspace=WS, user=USER)
    reviews = panel(board, "Reviews")
    assert reviews.text == f"**{len(asked)}** reviews are due."
    (start,) = reviews.buttons
    assert start.label == "Start review"
    question = tutor.handle(request(action=start.action))
    ref = question.choices[0].action.split(":")[1]
    instance = tutor.store.find_instance(workspace=WS, ref=ref)
    assert instance is not None and instance.question_id in asked


def test_the_reminder_shows_on_or_off_and_its_stop_button_works(tutor: Tutor) -> None:
    off = panel(tutor.dashboard(workspace=WS, user=USER), "Reminders")
    assert "Reminders are **off**" in off.text and "remind on" in off.text
    assert not off.buttons
    tutor.handle(request(text="/docker-quiz remind on 08:30"))
    on = panel(tutor.dashboard(workspace=WS, user=USER), "Reminders")
    assert "Reminders are **on** at **08:30" in on.text
    (stop,) = on.buttons
    assert stop.label == "Stop these reminders"
    assert "off" in tutor.handle(request(action=stop.action)).text
    again = panel(tutor.dashboard(workspace=WS, user=USER), "Reminders")
    assert "Reminders are **off**" in again.text


def test_the_dashboard_waits_while_a_mock_exam_is_open(tutor: Tutor) -> None:
    """The Home tab refreshes after every answer; during an exam its score and mistakes
    (with their right answers) would give the exam away, so it says only that it waits."""
    answer(tutor, next(iter(tutor.pack.questions)), 0)
    exam = tutor.handle(request(text="/docker-quiz exam 2"))
    tutor.handle(request(action=exam.choices[0].action))
    board = tutor.dashboard(workspace=WS, user=USER)
    assert [p.heading for p in board.panels] == ["Mock exam in progress"]
    assert "exam stop" in board.panels[0].text and "right" not in board.plain()
    tutor.handle(request(text="/docker-quiz exam stop"))
    after = tutor.dashboard(workspace=WS, user=USER)
    assert "2 answered" in panel(after, "Score").text
