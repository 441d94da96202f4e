"""The actions of a reminder: `w:WORKSPACE:r` (review there, the one routed action of
bot.actions), `x` (stop reminders) and the routed actions of the reply it gets;
and a review run from a direct message outside its server: answers, the report form and a
multi-select keep working there, on the server's data, and never for a stranger."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from bot import actions
from bot.bootstrap import build_tutor
from bot.clock import FixedClock
from bot.content.pack import KnowledgePack
from bot.lookup.index import LookupIndex
from bot.replies import Button, Reply, Request, acting_in
from bot.settings import Settings
from bot.tutor import Tutor

SERVER = "222222222222222222"
USER = "700000000000000001"
DM = f"dm:{USER}"
REVIEW_THERE = f"w:{SERVER}:r"  # a reminder's "Review in <server>"


def test_reminder_actions_round_trip_and_refuse_what_is_malformed() -> None:
    assert actions.parse(actions.review()) == actions.Action("review")
    assert actions.routed(SERVER, actions.review()) == REVIEW_THERE
    assert actions.parse(REVIEW_THERE) == actions.Action("routed", target=SERVER, inner="r")
    assert actions.routed("dm:42", actions.review()) == "w:dm-42:r"
    assert actions.parse("w:dm-42:r") == actions.Action("routed", target="dm:42", inner="r")
    assert actions.parse(actions.reminders_off()) == actions.Action("reminders_off")
    wrapped = actions.routed(SERVER, actions.answer("abcDEF123", (1,)))
    assert wrapped == f"w:{SERVER}:a:abcDEF123:1"
    parsed = actions.parse(wrapped)
    assert parsed is not None and (parsed.target, parsed.inner) == (SERVER, "a:abcDEF123:1")
    for bad in (
        "x:1",
        "r:a b",
        "r:T1:T2",
        "w:T1",
        "w:T1:nope",
        "w:T1:w:T2:r",
        "w:" + "9" * 41 + ":r",
    ):
        assert actions.parse(bad) is None, bad
    assert actions.routed(SERVER, "e:" + "a" * 64) == "e:" + "a" * 64  # a note: not routed


def test_routing_a_reply_keeps_every_button() -> None:
    reply = Reply(
        text="t",
        buttons=(Button("Next", actions.review()), Button("Note", "e:" + "a" * 64)),
        updates=Reply(text="u", buttons=(Button("Next", actions.next_question()),)),
    )
    routed = acting_in(reply, SERVER)
    assert [b.action for b in routed.buttons] == [f"w:{SERVER}:r", "e:" + "a" * 64]
    assert routed.updates is not None and routed.updates.buttons[0].action == f"w:{SERVER}:q"


@pytest.fixture
def tutor(pack: KnowledgePack, index: LookupIndex) -> Iterator[Tutor]:
    settings = Settings(knowledge_path=pack.path, database_url="sqlite://")
    clock = FixedClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    made = build_tutor(settings, pack=pack, index=index, clock=clock, rng=random.Random(4))
    yield made
    made.close()


def click(tutor: Tutor, action: str, *, user: str = USER, **extra: object) -> Reply:
    request = Request(workspace=DM, user=user, action=action, forms=True, **extra)  # type: ignore[arg-type]
    return tutor.handle(request)


def due_on_server(tutor: Tutor, question_ids: list[str]) -> None:
    for qid in question_ids:
        tutor.features.progress.review_queue.record(
            workspace=SERVER, user=USER, question_id=qid, correct=False
        )
    clock = tutor.clock
    assert isinstance(clock, FixedClock)
    clock.advance(timedelta(hours=1))


def test_a_review_from_the_dm_reports_a_problem_on_the_servers_question(
    tutor: Tutor, pack: KnowledgePack
) -> None:
    single = [q for q in sorted(pack.questions) if len(pack.questions[q].answer_indexes) == 1]
    due_on_server(tutor, single[:1])
    question = click(tutor, REVIEW_THERE)
    assert question.kind == "question"
    feedback = click(tutor, question.choices[0].action)
    assert feedback.kind == "feedback"
    report = next(b.action for b in feedback.buttons if b.label == "Report a problem")
    form = tutor.form(report)  # what an adapter asks first, to open the modal at once
    assert form is not None and form.form is not None
    assert form.form.submit.startswith(f"w:{SERVER}:fs:")
    sent = click(tutor, form.form.submit, fields={"reason": "typo"})
    assert sent.kind == "info" and "sent" in sent.text
    assert [r.question_id for r in tutor.store.open_reports(workspace=SERVER)] == single[:1]


def test_a_choose_two_question_from_the_dm_is_submitted_on_the_server(
    tutor: Tutor, pack: KnowledgePack
) -> None:
    two = [q for q in sorted(pack.questions) if pack.questions[q].kind == "multiple_answer"]
    due_on_server(tutor, two[:1])
    question = click(tutor, REVIEW_THERE)
    assert question.select is not None
    picked = tuple(choice.action for choice in question.choices[:2])
    judged = click(tutor, question.select.submit, selection=picked)
    assert judged.kind == "feedback"
    stats = tutor.store.stats(workspace=SERVER, user=USER, now=tutor.clock.now())
    assert stats.answered == 1


def test_a_stranger_cannot_open_a_server_through_a_routed_click(tutor: Tutor) -> None:
    due_on_server(tutor, sorted(tutor.pack.questions)[:1])
    assert click(tutor, REVIEW_THERE, user="700000000000000002").kind == "error"
    assert click(tutor, f"w:{SERVER}:q", user="700000000000000002").kind == "error"
