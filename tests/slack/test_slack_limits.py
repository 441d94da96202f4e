"""Slack's limits: the fake refuses (and fails the test on) every payload over them, and no
reply of any shape renders into one."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from slack_fakes import FakeSlack
from slack_limits import violations
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack_app import render
from bot import actions
from bot.replies import Button, Choice, Reply


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def _button(text: str = "A", value: str = "a:1:0") -> dict[str, Any]:
    return {
        "type": "button",
        "action_id": "dq-0",
        "text": {"type": "plain_text", "text": text},
        "value": value,
    }


def _select(text: str, value: str = "v", count: int = 1) -> dict[str, Any]:
    option = {"text": {"type": "plain_text", "text": text}, "value": value}
    return {"type": "static_select", "action_id": "dq-s", "options": [option] * count}


# The limits the issue names, each as (payload at the limit, payload one over it).
LIMITS: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "section text 3000": (
        {"blocks": [_section("x" * 3000)]},
        {"blocks": [_section("x" * 3001)]},
    ),
    "header 150": (
        {"blocks": [{"type": "header", "text": {"type": "plain_text", "text": "h" * 150}}]},
        {"blocks": [{"type": "header", "text": {"type": "plain_text", "text": "h" * 151}}]},
    ),
    "button text 75": (
        {"blocks": [{"type": "actions", "elements": [_button("b" * 75)]}]},
        {"blocks": [{"type": "actions", "elements": [_button("b" * 76)]}]},
    ),
    "button value 2000": (
        {"blocks": [{"type": "actions", "elements": [_button(value="v" * 2000)]}]},
        {"blocks": [{"type": "actions", "elements": [_button(value="v" * 2001)]}]},
    ),
    "option text 75": (
        {"blocks": [{"type": "actions", "elements": [_select("o" * 75)]}]},
        {"blocks": [{"type": "actions", "elements": [_select("o" * 76)]}]},
    ),
    "50 blocks": (
        {"blocks": [_section("s")] * 50},
        {"blocks": [_section("s")] * 51},
    ),
    "25 elements per actions block": (
        {"blocks": [{"type": "actions", "elements": [_button()] * 25}]},
        {"blocks": [{"type": "actions", "elements": [_button()] * 26}]},
    ),
}


@pytest.mark.parametrize("limit", sorted(LIMITS))
@pytest.mark.parametrize("method", ["chat.postMessage", "chat.update", "response_url"])
def test_each_documented_limit_is_checked_at_the_limit_and_one_over(
    limit: str, method: str
) -> None:
    at_limit, over = LIMITS[limit]
    assert violations(method, {"text": "t", **at_limit}) == []
    assert violations(method, {"text": "t", **over}) != []


@pytest.mark.slow
async def test_the_fake_refuses_a_payload_over_a_limit_and_fails_the_test() -> None:
    fake = await FakeSlack().start()
    client = AsyncWebClient(token="xoxb-test-1234-abcd", base_url=fake.api_url)
    with pytest.raises(SlackApiError) as refused:
        await client.chat_postMessage(channel="C0QUIZ01", text="t", blocks=[_section("x" * 3001)])
    assert refused.value.response["error"] == "invalid_blocks"
    ok = await client.chat_postMessage(channel="C0QUIZ01", text="t", blocks=[_section("x" * 3000)])
    assert ok["ok"]
    with pytest.raises(AssertionError, match="section text: 3001 > 3000"):
        await fake.stop()


labels = st.text(min_size=0, max_size=400)


@st.composite
def replies(draw: st.DrawFn) -> Reply:
    """Replies of every shape: long titles, texts, footers, many choices and buttons."""
    count = draw(st.integers(0, actions.MAX_OPTIONS))
    choices = tuple(
        Choice(chr(65 + n), draw(labels), actions.answer("9" * actions.REF_MAX, (n,)))
        for n in range(count)
    )
    buttons = tuple(
        Button(draw(labels), actions.explain("x" * actions.ID_MAX["entry"]))
        for _ in range(draw(st.integers(0, 40)))
    )
    return Reply(
        text=draw(st.text(max_size=20_000)),
        title=draw(st.none() | labels),
        footer=draw(st.none() | st.text(max_size=5000)),
        choices=choices,
        buttons=buttons,
    )


@given(replies())
@settings(max_examples=150, deadline=None)
def test_no_reply_renders_into_a_message_slack_refuses(reply: Reply) -> None:
    assert violations("chat.postMessage", render.message(reply)) == []
