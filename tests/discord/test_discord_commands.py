"""Every `/docker-quiz` subcommand, answered through the real client within 3 seconds."""

from __future__ import annotations

from typing import Any

import pytest
from discord_fakes import EPHEMERAL, GUILD_ID, buttons, visible_text
from discord_harness import ALICE, Discord

from bot.replies import Request

# Every test here talks to a local fake server through the real library.
pytestmark = pytest.mark.slow

# subcommand, options, something a new learner must see in the answer
CASES: list[tuple[str, dict[str, Any], str]] = [
    ("quiz", {}, "Quiz question"),
    ("quiz", {"topic": "commands"}, "Quiz question"),
    ("topic", {"topic": "aws-container-services"}, "Quiz question"),
    ("ask", {"question": "which AWS service stores Docker images?"}, "Amazon ECR"),
    ("topics", {}, "commands"),
    ("stats", {}, "No answers yet. Start with"),
    ("leaderboard", {}, "Leaderboard: this week\nNo answers yet. Be the first!"),
    ("leaderboard", {"period": "all"}, "Leaderboard: all time\nNo answers yet. Be the first!"),
    ("review", {}, "Review\n"),
    ("mistakes", {}, "you have no open mistakes"),
    ("exam", {"questions": 3}, "Mock exam: 3 questions across the topics."),
    ("exam", {"stop": True}, "You have no exam in progress."),
    ("daily", {}, "Daily question"),
    ("tz", {"zone": "Europe/Berlin"}, "Europe/Berlin"),
    ("help", {}, "/docker-quiz"),
]


@pytest.mark.parametrize(
    ("sub", "options", "expected"),
    CASES,
    ids=[f"{c[0]}-{'-'.join(map(str, c[1].values())) or 'plain'}" for c in CASES],
)
async def test_every_subcommand_answers_in_time(
    dc: Discord, sub: str, options: dict[str, Any], expected: str
) -> None:
    exchange = await dc.command(sub, **options)
    assert exchange.refused == []
    assert exchange.types == [4]  # answered directly: no defer needed
    assert exchange.callbacks[0]["at"] - exchange.sent_at < 3
    message = exchange.callbacks[0]["data"]
    text = visible_text(message)
    assert text.strip()
    assert expected in text
    assert "Sorry, something went wrong" not in text


@pytest.mark.parametrize(
    ("sub", "words"),
    [
        ("ask", {"question": "which AWS service stores Docker images?"}),
        ("topics", {}),
        ("help", {}),
    ],
)
async def test_shows_exactly_what_the_core_says(
    dc: Discord, sub: str, words: dict[str, Any]
) -> None:
    text = " ".join(["/docker-quiz", sub, *words.values()])
    expected = dc.bot.tutor.handle(Request(workspace=GUILD_ID, user=ALICE["id"], text=text))
    exchange = await dc.command(sub, **words)
    (embed,) = exchange.callbacks[0]["data"]["embeds"]
    assert embed.get("title") == expected.title
    assert embed["description"].startswith(expected.text[:4000])
    shown = [b["custom_id"] for b in buttons(exchange.callbacks[0]["data"])]
    assert (
        shown
        == [
            "dq:" + a
            for a in [*(c.action for c in expected.choices), *(b.action for b in expected.buttons)]
        ][:25]
    )


async def test_quiz_question_has_one_persistent_button_per_option(dc: Discord) -> None:
    exchange = await dc.command("quiz")
    message = exchange.callbacks[0]["data"]
    answers = [b for b in buttons(message) if b["custom_id"].startswith("dq:a:")]
    assert len(answers) >= 2
    assert [b["label"][0] for b in answers] == list("ABCDEFGH"[: len(answers)])
    assert not message.get("flags", 0) & EPHEMERAL  # a question is public: others answer too


async def test_topic_options_autocomplete_from_the_pack(dc: Discord) -> None:
    choices = await dc.autocomplete("quiz", "topic", "aws")
    assert "aws-container-services" in [c["value"] for c in choices]
    assert all("aws" in (c["name"] + c["value"]).lower() for c in choices)
    everything = await dc.autocomplete("topic", "topic", "")
    assert {c["value"] for c in everything} == set(dc.bot.tutor.pack.topics)


async def test_timezone_autocomplete(dc: Discord) -> None:
    choices = await dc.autocomplete("tz", "zone", "berl")
    assert [c["value"] for c in choices] == ["Europe/Berlin"]


async def test_commands_in_a_dm_work_in_a_workspace_of_their_own(dc: Discord) -> None:
    exchange = await dc.command("stats", direct=True)
    assert exchange.types == [4]
    assert "Sorry" not in visible_text(exchange.callbacks[0]["data"])
    await dc.command("quiz", direct=True, who=ALICE)
