"""'Choose two' questions in Discord: a select menu of letters (min and max = the number of
answers) that submits when it closes; the real discord.py client against the fake Discord."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from choose_two import choose_two_pack, right_and_wrong
from discord_fakes import EPHEMERAL, GUILD_ID, buttons, selects, visible_text
from discord_harness import ALICE, BOB, Discord, make_tutor
from shown import shown_question

from adapters.discord_bot import render
from bot.clock import FixedClock
from bot.content.pack import KnowledgePack
from bot.content.schema import Question
from bot.lookup.index import LookupIndex
from bot.replies import Reply
from bot.tutor import Tutor


@pytest.fixture
def tutor(
    database_path: Path, clock: FixedClock, pack: KnowledgePack, index: LookupIndex
) -> Iterator[Tutor]:
    """Every question this tutor asks is a choose-two question."""
    built = make_tutor(database_path, clock, choose_two_pack(pack), index)
    yield built
    built.close()


def menu_of(message: dict[str, Any]) -> dict[str, Any]:
    (menu,) = selects(message)
    return menu


def asked(dc: Discord, message: dict[str, Any]) -> Question:
    ref = menu_of(message)["custom_id"].removeprefix("dqs:s:")
    return shown_question(dc.bot.tutor.store, dc.bot.tutor.pack, workspace=GUILD_ID, ref=ref)


def values(message: dict[str, Any], keys: tuple[str, ...]) -> list[str]:
    return [o["value"] for o in menu_of(message)["options"] if o["label"] in keys]


async def posted_question(dc: Discord) -> dict[str, Any]:
    exchange = await dc.command("quiz")
    return dc.fake.messages[exchange.original or ""]


@pytest.mark.slow
async def test_a_choose_two_question_is_a_menu_of_letters_picking_exactly_two(
    dc: Discord,
) -> None:
    message = await posted_question(dc)
    question = asked(dc, message)
    menu = menu_of(message)
    assert [o["label"] for o in menu["options"]] == list("ABCDE"[: len(question.options)])
    assert (menu["min_values"], menu["max_values"]) == (2, 2)
    assert menu["placeholder"] == "Choose two"
    assert not [b for b in buttons(message) if b["custom_id"].startswith("dq:a:")]
    shown = visible_text(message)
    assert "Choose two." in shown
    for key, option in zip("ABCDE", question.options, strict=False):
        assert f"**{key})** {option.text}" in shown  # texts stay in the body


@pytest.mark.slow
async def test_closing_the_menu_submits_both_picks_and_updates_the_tally(dc: Discord) -> None:
    message = await posted_question(dc)
    question = asked(dc, message)
    right, wrong = right_and_wrong(question)
    custom_id = menu_of(message)["custom_id"]

    done = await dc.choose(message, custom_id, values(message, right), who=ALICE)
    assert done.types == [7]  # the question message is updated in the same response
    assert "1 answered · 100% right" in visible_text(done.callbacks[0]["data"])
    await dc.fake.until(lambda: done.followups)
    (feedback,) = done.followups
    assert feedback["flags"] & EPHEMERAL and "Right!" in visible_text(feedback)

    updated = dc.fake.messages[message["id"]]
    assert menu_of(updated)["custom_id"] == custom_id  # others can still answer
    other = await dc.choose(updated, custom_id, values(updated, wrong), who=BOB)
    assert "2 answered · 50% right" in visible_text(other.callbacks[0]["data"])
    await dc.fake.until(lambda: other.followups)
    taught = visible_text(other.followups[0])
    assert "Not quite" in taught and "Why not:" in taught and "you missed it" in taught


@pytest.mark.slow
async def test_the_menu_works_after_a_restart(
    discord_: Discord,
    database_path: Path,
    clock: FixedClock,
    pack: KnowledgePack,
    index: LookupIndex,
) -> None:
    only_two = choose_two_pack(pack)
    first = make_tutor(database_path, clock, only_two, index)
    bot = await discord_.start(first)
    exchange = await discord_.command("quiz")
    message = discord_.fake.messages[exchange.original or ""]
    await discord_.stop(bot)
    first.close()

    second = make_tutor(database_path, clock, only_two, index)
    try:
        await discord_.start(second)
        right, _ = right_and_wrong(asked(discord_, message))
        done = await discord_.choose(message, menu_of(message)["custom_id"], values(message, right))
        assert "1 answered" in visible_text(done.callbacks[0]["data"])
    finally:
        await discord_.stop(discord_.bot)
        second.close()


@pytest.mark.slow
async def test_typed_letters_in_a_mention_answer_the_question(dc: Discord) -> None:
    message = await posted_question(dc)
    right, _ = right_and_wrong(asked(dc, message))
    await dc.mention(f"{right[1]}, {right[0]}")
    # One answer, once: the typed letters are read as the two right options, and the verdict
    # is private: it comes by direct message, never in the channel.
    dm = str(int(ALICE["id"]) + 1)
    (reply,) = await dc.fake.until(
        lambda: [b for b in dc.posted(dm) if "Right!" in visible_text(b)]
    )
    assert "Right!" in visible_text(reply)
    assert not [b for b in dc.posted(message["channel_id"]) if "Right!" in visible_text(b)]


def test_a_long_diagram_cut_to_the_embed_limit_closes_its_code_block() -> None:
    diagram = "\n".join(f"| box {n:04} |-->| next |" for n in range(400))
    embed = render.embed(Reply(text=f"Intro\n```\n{diagram}\n```"))
    description = embed.description or ""
    assert len(description) <= render.DESCRIPTION_LIMIT
    assert description.rstrip().endswith("```") and description.count("```") == 2
