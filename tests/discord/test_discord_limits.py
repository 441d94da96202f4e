"""Discord's limits: the fake refuses (and fails the test on) every payload over them, and no
reply of any shape renders into one, embeds' 6,000-character total included."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest
from discord_fakes import FakeDiscord
from discord_harness import Discord
from discord_limits import violations
from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.discord_bot import render
from adapters.discord_bot.outbox import DiscordOutbox
from bot import actions
from bot.replies import Button, Choice, Reply

MESSAGES = "/channels/333333333333333333/messages"


def _embed(**fields: Any) -> dict[str, Any]:
    return {"embeds": [fields]}


def _row(*items: dict[str, Any]) -> dict[str, Any]:
    return {"components": [{"type": 1, "components": list(items)}]}


def _button(label: str = "A", custom_id: str = "dq:a:1:0") -> dict[str, Any]:
    return {"type": 2, "style": 1, "label": label, "custom_id": custom_id}


def _select(label: str = "o", count: int = 1) -> dict[str, Any]:
    option = {"label": label, "value": "v"}
    return {"type": 3, "custom_id": "dq:s:1", "options": [option] * count}


# The limits the issue names, each as (payload at the limit, payload one over it).
LIMITS: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "embed description 4096": (
        _embed(description="d" * 4096),
        _embed(description="d" * 4097),
    ),
    "embed total 6000": (
        _embed(title="t" * 256, description="d" * 3696, footer={"text": "f" * 2048}),
        _embed(title="t" * 256, description="d" * 3697, footer={"text": "f" * 2048}),
    ),
    "button label 80": (_row(_button("b" * 80)), _row(_button("b" * 81))),
    "custom_id 100": (_row(_button(custom_id="c" * 100)), _row(_button(custom_id="c" * 101))),
    "select option label 100": (_row(_select("o" * 100)), _row(_select("o" * 101))),
    "25 select options": (_row(_select(count=25)), _row(_select(count=26))),
    "5 buttons a row": (_row(*[_button()] * 5), _row(*[_button()] * 6)),
}
CHOICE_LIMITS = {
    "25 choices": (
        {"type": 8, "data": {"choices": [{"name": "n", "value": "v"}] * 25}},
        {"type": 8, "data": {"choices": [{"name": "n", "value": "v"}] * 26}},
    ),
    "choice of 100 characters": (
        {"type": 8, "data": {"choices": [{"name": "n" * 100, "value": "v" * 100}]}},
        {"type": 8, "data": {"choices": [{"name": "n" * 101, "value": "v"}]}},
    ),
}


@pytest.mark.parametrize("limit", sorted(LIMITS))
def test_each_documented_message_limit_is_checked_at_the_limit_and_one_over(limit: str) -> None:
    at_limit, over = LIMITS[limit]
    for method, path in [("POST", MESSAGES), ("PATCH", f"{MESSAGES}/1"), ("POST", "/webhooks/1/t")]:
        assert violations(method, path, at_limit) == []
        assert violations(method, path, over) != []
    callback = "/interactions/1/token/callback"
    assert violations("POST", callback, {"type": 4, "data": at_limit}) == []
    assert violations("POST", callback, {"type": 4, "data": over}) != []


@pytest.mark.parametrize("limit", sorted(CHOICE_LIMITS))
def test_autocomplete_choices_are_checked(limit: str) -> None:
    at_limit, over = CHOICE_LIMITS[limit]
    assert violations("POST", "/interactions/1/t/callback", at_limit) == []
    assert violations("POST", "/interactions/1/t/callback", over) != []


@pytest.mark.slow
async def test_the_fake_refuses_an_embed_over_6000_characters_and_fails_the_test() -> None:
    fake = await FakeDiscord().start()
    over = _embed(title="t" * 256, description="d" * 4000, footer={"text": "f" * 2048})
    async with (
        aiohttp.ClientSession() as session,
        session.post(fake.api_base + MESSAGES, json=over) as response,
    ):
        assert response.status == 400
        assert (await response.json())["code"] == 50035
    with pytest.raises(AssertionError, match="embed total: 6304 > 6000"):
        await fake.stop()


@pytest.mark.slow
async def test_a_reply_at_every_embed_limit_at_once_is_accepted(dc: Discord) -> None:
    reply = Reply(text="d" * 5000, title="t" * 300, footer="f" * 3000)
    outbox = DiscordOutbox(client=dc.bot)
    await outbox.post(workspace="222222222222222222", channel="555555555555555555", reply=reply)
    (sent,) = dc.fake.rest("POST", r"/channels/555555555555555555/messages")
    embed = sent.body["embeds"][0]
    assert len(embed["title"]) + len(embed["description"]) + len(embed["footer"]["text"]) == 6000


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
        Button(draw(labels), actions.explain(f"entry-{n}")) for n in range(draw(st.integers(0, 40)))
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
def test_no_reply_renders_into_a_message_discord_refuses(reply: Reply) -> None:
    rendered = render.message(reply)
    payload: dict[str, Any] = {"embeds": [rendered.embed.to_dict()]}
    if rendered.view is not None:
        payload["components"] = rendered.view.to_components()
    assert violations("POST", MESSAGES, payload) == []
