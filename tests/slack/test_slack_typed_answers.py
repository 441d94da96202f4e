"""Issue 13 §3 (Slack): an answer typed in a DM or a mention updates the question's tally
through the ts stored when the question was posted (chat.update), skips the update when no
ts was stored, and never ends with an error line to the learner."""

from __future__ import annotations

import logging

import pytest
from shown import shown_question
from slack_fakes import TEAM, Call
from slack_harness import Slack, direct_message, mention, wait_until

from adapters.slack_app.app import SORRY
from bot import actions

SORRY_START = SORRY.split(":")[0][:20]


def _right_letter(slack: Slack, posted: Call) -> str:
    """The letter(s) a learner who knows the answer types, as the question shows them."""
    ref = next(a.ref for v in posted.button_values() if (a := actions.parse(v)) and a.ref)
    question = shown_question(slack.tutor.store, slack.tutor.pack, workspace=TEAM, ref=ref)
    return ",".join("ABCDE"[i] for i in question.answer_indexes)


async def _stored(slack: Slack, posted: Call) -> None:
    """Wait until the bot stored the ts of a question it posted (right after posting it; a
    learner cannot type an answer faster)."""
    ref = next(a.ref for v in posted.button_values() if (a := actions.parse(v)) and a.ref)

    def stored() -> bool:
        instance = slack.tutor.store.find_instance(workspace=TEAM, ref=ref)
        return instance is not None and instance.message_ref is not None

    await wait_until(stored)


def _no_apology(slack: Slack) -> None:
    for call in slack.fake.calls:
        assert SORRY_START not in call.blocks_text(), call


@pytest.mark.slow
async def test_an_answer_typed_in_a_dm_updates_the_question_posted_there(
    slack: Slack, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR)
    await slack.event(direct_message("quiz", ts="1700000600.000100"), event_id="Ev0TY00001")
    question = (await slack.fake.wait_for("chat.postMessage", channel="D0DIRECT1"))[0]
    await _stored(slack, question)
    ts = "1700000000.000001"  # what the fake answered for that post
    letter = _right_letter(slack, question)
    await slack.event(direct_message(letter, ts="1700000700.000100"), event_id="Ev0TY00002")
    update = (await slack.fake.wait_for("chat.update", ts=ts))[0]
    assert update.args["channel"] == "D0DIRECT1"
    assert "1 answered · 100% right" in update.blocks_text()
    verdict = (await slack.fake.wait_for("chat.postMessage", 2, channel="D0DIRECT1"))[-1]
    assert "Right!" in verdict.blocks_text()
    _no_apology(slack)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


@pytest.mark.slow
async def test_an_answer_typed_in_a_dm_to_a_question_from_a_mention_updates_the_channel(
    slack: Slack,
) -> None:
    await slack.event(mention("quiz", ts="1700000500.000100"), event_id="Ev0TY00003")
    question = (await slack.fake.wait_for("chat.postMessage", channel="C0GENERAL"))[0]
    await _stored(slack, question)
    assert question.args["thread_ts"] == "1700000500.000100"
    ts = "1700000000.000001"
    await slack.event(direct_message(_right_letter(slack, question)), event_id="Ev0TY00004")
    update = (await slack.fake.wait_for("chat.update", ts=ts))[0]
    assert update.args["channel"] == "C0GENERAL" and "1 answered" in update.blocks_text()
    verdict = (await slack.fake.wait_for("chat.postMessage", channel="D0DIRECT1"))[0]
    assert "Right!" in verdict.blocks_text()
    # The verdict went to the DM only; the channel got nothing but the question's tally.
    assert len(slack.fake.find("chat.postMessage", channel="C0GENERAL")) == 1
    _no_apology(slack)


@pytest.mark.slow
async def test_a_question_with_no_stored_message_is_answered_without_an_update_or_error(
    slack: Slack, caplog: pytest.LogCaptureFixture
) -> None:
    """A slash command's question goes out through its response_url: Slack gives no ts, so
    an answer typed in a DM or a mention skips the tally update, silently."""
    caplog.set_level(logging.ERROR)
    question = await slack.command("quiz")
    await slack.event(mention(_right_letter(slack, question)), event_id="Ev0TY00005")
    verdict = (await slack.fake.wait_for("chat.postEphemeral", user="UPLAIN01"))[0]
    assert "Right!" in verdict.blocks_text()
    await slack.settle(1)
    assert slack.fake.find("chat.update") == []
    _no_apology(slack)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


@pytest.mark.slow
async def test_a_refused_chat_update_is_logged_not_shown(slack: Slack) -> None:
    await slack.event(direct_message("quiz"), event_id="Ev0TY00006")
    question = (await slack.fake.wait_for("chat.postMessage", channel="D0DIRECT1"))[0]
    await _stored(slack, question)
    slack.fake.fail["chat.update"] = [{"ok": False, "error": "message_not_found"}]
    await slack.event(
        direct_message(_right_letter(slack, question), ts="1700000700.000100"),
        event_id="Ev0TY00007",
    )
    await slack.fake.wait_for("chat.update")
    verdict = (await slack.fake.wait_for("chat.postMessage", 2, channel="D0DIRECT1"))[-1]
    assert "Right!" in verdict.blocks_text()
    await slack.settle(2)
    _no_apology(slack)
