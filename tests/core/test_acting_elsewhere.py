"""One wrapper, `bot.replies.acting_in`, for a reply shown outside its workspace (a Discord
DM about a server), and one rule in the core for its clicks: they run in that workspace for
a user who has review cards there (a reminder's "Review in <server>") or was asked a
question there (an exam started by mention, its question sent by DM); never for a stranger,
never with admin rights."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from bot import actions, wording
from bot.bootstrap import build_tutor
from bot.clock import FixedClock
from bot.content.pack import KnowledgePack
from bot.lookup.index import LookupIndex
from bot.replies import Button, Reply, Request, acting_in
from bot.settings import Settings
from bot.tutor import Tutor

SERVER = "222222222222222222"
CHANNEL = "333333333333333333"
LEARNER = "700000000000000001"  # has review cards on the server, nothing else
EXAMINEE = "700000000000000002"  # started an exam there by mention: no cards yet
STRANGER = "700000000000000003"  # neither


@pytest.fixture
def tutor(pack: KnowledgePack, index: LookupIndex) -> Iterator[Tutor]:
    settings = Settings(knowledge_path=pack.path, database_url="sqlite://")
    clock = FixedClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    made = build_tutor(settings, pack=pack, index=index, clock=clock, rng=random.Random(7))
    yield made
    made.close()


def from_dm(tutor: Tutor, user: str, action: str, **extra: object) -> Reply:
    """A click in the user's DM, a workspace of its own on Discord."""
    request = Request(workspace=f"dm:{user}", user=user, action=action, **extra)  # type: ignore[arg-type]
    return tutor.handle(request)


def answers(question: Reply) -> tuple[str, tuple[str, ...]]:
    """The action and selection that answer a question reply (its first option or two)."""
    if question.select is not None:
        return question.select.submit, tuple(c.action for c in question.choices[:2])
    return question.choices[0].action, ()


def test_one_wrapper_serves_reminders_and_exams_by_mention_and_refuses_a_stranger(
    tutor: Tutor, pack: KnowledgePack
) -> None:
    # A reminder's button: the learner has cards on the server and nothing else there.
    tutor.features.progress.review_queue.record(
        workspace=SERVER, user=LEARNER, question_id=sorted(pack.questions)[0], correct=False
    )
    assert isinstance(tutor.clock, FixedClock)
    tutor.clock.advance(timedelta(hours=1))
    reminder = acting_in(Reply(text="due", buttons=(Button("Review", actions.review()),)), SERVER)
    (review,) = (b.action for b in reminder.buttons)
    assert review == f"w:{SERVER}:r"
    question = from_dm(tutor, LEARNER, review)
    assert question.kind == "question"
    assert all(c.action.startswith(f"w:{SERVER}:a:") for c in question.choices)

    # An exam started by mention in a server channel; its question is sent by DM, wrapped.
    started = tutor.handle(Request(workspace=SERVER, user=EXAMINEE, text="exam 1", channel=CHANNEL))
    assert started.kind == "question"
    assert not tutor.store.cards(workspace=SERVER, user=EXAMINEE)
    in_dm = acting_in(started, SERVER)
    action, picked = answers(in_dm)
    judged = from_dm(tutor, EXAMINEE, action, selection=picked)
    assert judged.kind not in ("error", "question"), judged.text
    now = tutor.clock.now()
    assert tutor.store.stats(workspace=SERVER, user=EXAMINEE, now=now).answered == 1
    assert tutor.store.stats(workspace=f"dm:{EXAMINEE}", user=EXAMINEE, now=now).answered == 0

    # A stranger gets the same buttons (a forwarded screenshot, a guessed id): refused.
    for clicked in (review, actions.routed(SERVER, actions.next_question()), action):
        refused = from_dm(tutor, STRANGER, clicked, selection=picked)
        assert (refused.kind, refused.text) == ("error", wording.NOT_THERE)
    assert not tutor.store.learns_in(workspace=SERVER, user=STRANGER)


def test_a_routed_click_never_carries_admin_rights(tutor: Tutor) -> None:
    tutor.handle(Request(workspace=SERVER, user=LEARNER, text="quiz", channel=CHANNEL))
    seen: list[Request] = []

    def spy(request: Request, action: actions.Action) -> Reply:
        seen.append(request)
        return Reply(text="ok")

    tutor.actions["next"] = spy
    routed = actions.routed(SERVER, actions.next_question())
    assert from_dm(tutor, LEARNER, routed, is_admin=True).text == "ok"
    assert [(r.workspace, r.user, r.is_admin) for r in seen] == [(SERVER, LEARNER, False)]
