""" "Report a problem" in Slack: the button under feedback opens a modal as the first response
to the click, and its submission is stored once per user and question; the real Bolt app
against the fake Slack."""

from __future__ import annotations

import re
from typing import Any

import pytest
from slack_fakes import TEAM, Call
from slack_harness import Slack

from adapters.slack_app import views
from bot.replies import Reply, Request
from bot.reports.wording import COMMENT_MAX, REASONS

Q_ACTION = re.compile(r"^a:([A-Za-z0-9_-]+):\d+$")
REPORT = re.compile(r"^f:([A-Za-z0-9_-]+)$")


async def answered(slack: Slack, user: str) -> tuple[str, Call]:
    """Ask a question, answer it as `user`; returns its ref and the feedback (with buttons)."""
    question = await slack.command("quiz", user=user)
    ref = Q_ACTION.match(question.button_values()[0]).group(1)  # type: ignore[union-attr]
    await slack.click(f"a:{ref}:0", user=user)
    feedback = (await slack.fake.wait_for("chat.postEphemeral", user=user))[0]
    await slack.settle(slack.bot.inflight.started)  # the question's new tally too
    return ref, feedback


def values(reason: str | None, comment: str | None) -> dict[str, Any]:
    """A modal's state.values as Slack sends them for this reason and comment."""
    picked = None if reason is None else {"text": {"type": "plain_text"}, "value": reason}
    return {
        "reason": {"reason": {"type": "static_select", "selected_option": picked}},
        "comment": {"comment": {"type": "plain_text_input", "value": comment}},
    }


@pytest.mark.slow
async def test_the_report_button_opens_the_modal_as_the_first_response(
    slack: Slack, monkeypatch: pytest.MonkeyPatch
) -> None:
    ref, feedback = await answered(slack, "UALICE01")
    assert f"f:{ref}" in feedback.button_values()
    assert "Report a problem" in feedback.blocks_text()
    handled: list[Request] = []
    handle = slack.tutor.handle

    def spy(request: Request) -> Reply:
        handled.append(request)
        return handle(request)

    monkeypatch.setattr(slack.tutor, "handle", spy)
    before = len(slack.fake.calls)
    name = await slack.click(f"f:{ref}", user="UALICE01")
    (opened,) = await slack.fake.wait_for("views.open")
    # The first and only thing the click did: the core (and its store) was never asked,
    # nothing was posted, and the modal went out with the click's trigger_id.
    assert handled == []
    assert slack.fake.calls[before:] == [opened]
    assert opened.args["trigger_id"] == "1.2.3"
    assert not slack.fake.find("response_url", _name=name)
    view = opened.view()
    assert view["type"] == "modal" and view["callback_id"] == views.FORM_CALLBACK
    assert view["private_metadata"] == f"fs:{ref}"
    assert view["submit"]["text"] == "Send report"
    inputs = {block["block_id"]: block for block in view["blocks"] if block["type"] == "input"}
    reason, comment = inputs["reason"], inputs["comment"]
    assert [o["value"] for o in reason["element"]["options"]] == [code for code, _ in REASONS]
    assert [o["text"]["text"] for o in reason["element"]["options"]] == [t for _, t in REASONS]
    assert reason["optional"] is False
    assert comment["optional"] is True and comment["element"]["max_length"] == COMMENT_MAX


@pytest.mark.slow
async def test_a_submission_is_stored_once_per_user_and_question(slack: Slack) -> None:
    ref, _ = await answered(slack, "UALICE01")
    await slack.click(f"f:{ref}", user="UALICE01")
    (opened,) = await slack.fake.wait_for("views.open")
    modal = opened.view()

    status, answer = await slack.submit_view(modal, values("typo", "A typo: 'contianer'"))
    assert status == 200 and answer["response_action"] == "update"
    assert "report was sent" in repr(answer["view"]["blocks"])
    status, again = await slack.submit_view(modal, values("unclear", None))
    assert status == 200 and "earlier report" in repr(again["view"]["blocks"])

    instance = slack.tutor.store.find_instance(workspace=TEAM, ref=ref)
    assert instance is not None
    (report,) = slack.tutor.store.open_reports(workspace=TEAM)
    assert (report.question_id, report.user, report.reason) == (
        instance.question_id,
        "UPLAIN01",
        "unclear",
    )
    assert report.comment == ""
    # Another learner's report on the same question is a second one.
    await slack.submit_view(modal, values("wrong-answer", None), user="UBOB0001")
    assert len(slack.tutor.store.open_reports(workspace=TEAM)) == 2


@pytest.mark.slow
async def test_a_long_comment_is_cut_and_shown_to_admins_as_plain_text(slack: Slack) -> None:
    ref, _ = await answered(slack, "UALICE01")
    await slack.click(f"f:{ref}", user="UALICE01")
    modal = (await slack.fake.wait_for("views.open"))[0].view()
    typed = "<@U0BOSS01> *not bold* <https://evil.example|click> " + "x" * 600
    status, answer = await slack.submit_view(modal, values("other", typed), user="UALICE01")
    assert status == 200 and f"first {COMMENT_MAX} characters" in repr(answer["view"])
    (report,) = slack.tutor.store.open_reports(workspace=TEAM)
    assert len(report.comment) == COMMENT_MAX and report.comment == typed[:COMMENT_MAX]

    listing = (await slack.command("reports", user="UALLOWED1")).blocks_text()
    assert "not bold" in listing
    # No mention, link or formatting made of what the learner typed.
    assert "<@U0BOSS01>" not in listing and "<https://evil" not in listing


@pytest.mark.slow
async def test_a_submission_without_a_reason_or_for_a_lost_question_gets_a_clear_answer(
    slack: Slack,
) -> None:
    ref, _ = await answered(slack, "UALICE01")
    await slack.click(f"f:{ref}", user="UALICE01")
    modal = (await slack.fake.wait_for("views.open"))[0].view()
    status, answer = await slack.submit_view(modal, values(None, "hm"))
    assert status == 200 and "Pick what is wrong" in repr(answer["view"])
    gone = {**modal, "private_metadata": "fs:nosuchref"}
    status, answer = await slack.submit_view(gone, values("typo", None))
    assert status == 200 and answer["response_action"] == "update"
    assert not slack.tutor.store.open_reports(workspace=TEAM)
    forged = {**modal, "private_metadata": 7}
    status, _ = await slack.submit_view(forged, values("typo", None))
    assert status == 400


@pytest.mark.slow
async def test_when_slack_refuses_the_modal_the_user_is_told(slack: Slack) -> None:
    ref, _ = await answered(slack, "UALICE01")
    slack.fake.fail["views.open"] = [{"ok": False, "error": "expired_trigger_id"}]
    name = await slack.click(f"f:{ref}", user="UALICE01")
    await slack.fake.wait_for("views.open")
    sorry = await slack.fake.wait_for("chat.postEphemeral", 2, user="UALICE01")
    assert "something went wrong" in sorry[-1].blocks_text()
    assert not slack.fake.find("response_url", _name=name)
