"""Merging questions keeps what learners have: answers, review cards, seen sets, exams in
progress, pending questions and daily posts move to the successor when the new pack starts."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml

from bot.bootstrap import build_tutor
from bot.clock import FixedClock
from bot.content.pack import KnowledgePack, check_pack, load_pack
from bot.daily.wording import UPDATED
from bot.replies import Reply, Request
from bot.settings import Settings
from bot.store import Tally
from bot.tutor import Tutor
from bot.wording import QUESTION_UPDATED

START = datetime(2026, 4, 6, 9, 0, tzinfo=UTC)
TOPIC = {"id": "basics", "title": "Basics", "section": 1, "summary": "Basics."}


def _question(qid: str, prompt: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": qid,
        "topic": "basics",
        "difficulty": "easy",
        "prompt": prompt,
        "options": [
            {"text": "docker build"},
            {"text": "docker ps", "why_wrong": "It lists running containers."},
            {"text": "docker stop", "why_wrong": "It stops a container."},
        ],
        "answer": "docker build",
        "explanation": "docker build turns a Dockerfile into an image.",
        **extra,
    }


def _pack(folder: Path, questions: list[dict[str, Any]]) -> KnowledgePack:
    folder.mkdir(parents=True)
    data = {"topics": [TOPIC], "questions": questions}
    (folder / "pack.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    return load_pack(folder)


class NoOutbox:
    async def post(self, *, workspace: str, channel: str, reply: Reply) -> str:
        raise AssertionError("nothing is posted here")

    async def post_reply(self, *, workspace: str, channel: str, thread: str, reply: Reply) -> str:
        raise AssertionError("nothing is posted here")

    async def notify(self, *, workspace: str, user: str, reply: Reply) -> None:
        raise AssertionError("nobody is notified here")


def _tutor(pack: KnowledgePack, url: str, clock: FixedClock) -> Tutor:
    settings = Settings(knowledge_path=pack.path, database_url=url)
    return build_tutor(settings, pack=pack, clock=clock, rng=random.Random(2))


def test_a_learners_progress_on_merged_questions_survives_the_upgrade(
    database_url: str, tmp_path: Path
) -> None:
    before = _pack(
        tmp_path / "v1",
        [
            _question("q-build-a", "Which command builds an image?"),
            _question("q-build-b", "Which command turns a Dockerfile into an image?"),
            _question("q-keep", "Which command builds an image from the current folder?"),
        ],
    )
    after = _pack(
        tmp_path / "v2",
        [
            _question(
                "q-build",
                "What builds an image from a Dockerfile?",
                replaces=["q-build-a", "q-build-b"],
            ),
            _question("q-keep", "Which command builds an image from the current folder?"),
        ],
    )
    clock = FixedClock(START)
    me = Request(workspace="W", user="U1", channel="C1")

    old = _tutor(before, database_url, clock)
    old.quiz.ask(me, "q-build-b", kind="quiz", seen_scope="user:U1")
    old.handle(Request(workspace="W", user="U1", text="A"))  # right
    clock.advance(timedelta(minutes=5))
    old.quiz.ask(me, "q-build-a", kind="quiz", seen_scope="user:U1")
    old.handle(Request(workspace="W", user="U1", text="B"))  # wrong, and reviewed later
    exam = old.features.exams.exams.start(
        workspace="W", user="U1", question_ids=["q-build-a", "q-keep"]
    )
    old.features.exams.exams.answer(workspace="W", user="U1", chosen=2, correct=False)
    daily = old.store.create_instance(
        workspace="W", question_id="q-build-b", kind="daily", now=clock.now(), channel="C9"
    )
    pending = old.quiz.ask(me, "q-build-a", kind="quiz")  # asked, not answered yet
    old.close()

    new = _tutor(after, database_url, clock)  # the upgrade: the new pack starts
    try:
        stats = new.store.stats(workspace="W", user="U1", now=clock.now())
        assert (stats.answered, stats.correct) == (2, 1)
        cards = new.store.cards(workspace="W", user="U1")
        assert [c.question_id for c in cards] == ["q-build"]
        assert cards[0].last_review == START + timedelta(minutes=5)  # the latest review kept
        assert new.store.seen(workspace="W", scope="user:U1") == {"q-build"}

        # The pending question shows the old options: it is asked again, not judged.
        again = new.handle(Request(workspace="W", user="U1", text="A"))
        assert again.kind == "question" and again.text.startswith(QUESTION_UPDATED)
        assert "What builds an image from a Dockerfile?" in again.text
        clicked = new.handle(  # clicked where it was posted
            Request(workspace="W", user="U1", channel="C1", action=pending.choices[0].action)
        )
        assert clicked.kind == "question" and QUESTION_UPDATED in clicked.text
        assert new.store.stats(workspace="W", user="U1", now=clock.now()).answered == 2

        state = new.features.exams.exams.active(workspace="W", user="U1")
        assert state is not None and state.id == exam.id
        assert state.question_ids == ("q-build", "q-keep") and state.answers == (((), False),)
        stopped = new.handle(Request(workspace="W", user="U1", text="/docker-quiz exam stop"))
        assert "What builds an image from a Dockerfile?" in stopped.text
        assert "Your choice" not in stopped.text  # old option indexes are not misread
        # (mistakes wait while an exam is open)
        mistakes = new.handle(Request(workspace="W", user="U1", text="/docker-quiz mistakes"))
        assert "What builds an image from a Dockerfile?" in mistakes.text

        moved = new.store.get_instance(workspace="W", instance_id=daily.id)
        assert moved is not None and moved.question_id == "q-build"
        scheduler = new.features.daily.scheduler(NoOutbox())
        reveal = scheduler.render_reveal(moved, Tally(answered=0, correct=0), [])
        assert reveal.text.startswith(UPDATED)

        assert new.store.adopt_successors(after.successors()) == 0  # idempotent
    finally:
        new.close()
    again_started = _tutor(after, database_url, clock)
    try:
        stats = again_started.store.stats(workspace="W", user="U1", now=clock.now())
        assert (stats.answered, stats.correct) == (2, 1)
    finally:
        again_started.close()


def test_a_replaced_id_must_be_gone_and_replaced_once(tmp_path: Path) -> None:
    folder = tmp_path / "pack"
    folder.mkdir()
    questions = [
        _question("q-one", "Which command builds?", replaces=["q-two", "q-gone"]),
        _question("q-two", "Which command builds images?"),
        _question("q-three", "Which builds an image?", replaces=["q-gone"]),
    ]
    data = {"topics": [TOPIC], "questions": questions}
    (folder / "pack.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    _, problems = check_pack(folder)
    text = "\n".join(problems)
    assert "'q-two' is still a question" in text
    assert "'q-gone' is already replaced by 'q-one'" in text
