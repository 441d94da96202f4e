"""Issue 13 §3 (Discord): an answer typed in a channel (`@bot B`) never shows its verdict
there. The verdict goes to the person by DM, the channel sees at most the tally; a refused
DM leaves the channel only "answer recorded"; buttons in that DM act in the server."""

from __future__ import annotations

from typing import Any

import pytest
from discord_fakes import CHANNEL_ID, GUILD_ID, Exchange, buttons, selects, visible_text
from discord_harness import ALICE, Discord
from shown import shown_question

from bot import actions
from bot.content.schema import Question
from bot.progress.stats import Stats
from bot.wording import ANSWER_RECORDED

ALICE_DM = str(int(ALICE["id"]) + 1)  # the DM channel the fake opens with Alice
TEACHING = ("Right!", "Not quite", "The answer is", "Why not")


def _action(custom_id: str) -> actions.Action | None:
    """The action a component carries; a DM's, routed to the server, as the action it runs."""
    parsed = actions.parse(custom_id.removeprefix("dq:").removeprefix("dqs:"))
    return actions.parse(parsed.inner) if parsed and parsed.kind == "routed" else parsed


def _question(dc: Discord, message: dict[str, Any], workspace: str = GUILD_ID) -> Question:
    """The question a posted message shows, options in the order shown."""
    ids = [b["custom_id"] for b in buttons(message)]
    ids += [m["custom_id"] for m in selects(message)]
    parsed = [_action(i) for i in ids]
    ref = next(a.ref for a in parsed if a is not None and a.kind in ("answer", "submit"))
    return shown_question(dc.bot.tutor.store, dc.bot.tutor.pack, workspace=workspace, ref=ref)


def _letters(question: Question, *, right: bool) -> str:
    if right:
        return ",".join("ABCDE"[i] for i in question.answer_indexes)
    wrong = next(i for i in range(len(question.options)) if i not in question.answer_indexes)
    return ",".join("ABCDE"[i] for i in sorted((wrong, *question.answer_indexes[1:])))


def _channel_text(dc: Discord) -> str:
    """Everything the bot posted into the server channel, as members read it."""
    return "\n".join(visible_text(body) for body in dc.posted(CHANNEL_ID))


async def _slash_question(dc: Discord) -> tuple[str, Question]:
    exchange = await dc.command("quiz")
    assert exchange.original is not None
    posted = dc.fake.messages[exchange.original]
    await _stored(dc, _question_ref(dc, exchange.original))
    return exchange.original, _question(dc, posted)


async def _stored(dc: Discord, ref: str) -> None:
    """Wait until the bot stored where the question was posted (it does so right after
    posting it; a learner cannot type an answer faster)."""

    def stored() -> bool:
        instance = dc.bot.tutor.store.find_instance(workspace=GUILD_ID, ref=ref)
        return instance is not None and instance.message_ref is not None

    await dc.fake.until(stored)


def _tally(dc: Discord, ref: str) -> int:
    instance = dc.bot.tutor.store.find_instance(workspace=GUILD_ID, ref=ref)
    assert instance is not None
    return dc.bot.tutor.store.tally(workspace=GUILD_ID, instance_id=instance.id).answered


@pytest.mark.slow
async def test_a_typed_answer_in_a_channel_is_judged_by_dm_and_the_channel_sees_only_the_tally(
    dc: Discord,
) -> None:
    message_id, question = await _slash_question(dc)
    await dc.mention(_letters(question, right=False))
    sent = await dc.fake.until(lambda: dc.posted(ALICE_DM))
    verdict = visible_text(sent[0])
    assert "Not quite" in verdict and question.explanation[:60] in verdict
    edited = await dc.fake.until(lambda: "1 answered" in visible_text(dc.fake.messages[message_id]))
    assert edited
    channel = _channel_text(dc)
    assert not any(word in channel for word in TEACHING)
    assert question.explanation[:60] not in channel
    # Its buttons act in the server the question came from.
    ids = [b["custom_id"] for b in buttons(sent[0])]
    assert ids and all(i.startswith(f"dq:w:{GUILD_ID}:") for i in ids)


@pytest.mark.slow
async def test_the_next_question_button_in_that_dm_serves_and_judges_in_the_server(
    dc: Discord,
) -> None:
    _, question = await _slash_question(dc)
    await dc.mention(_letters(question, right=True))
    await dc.fake.until(lambda: dc.posted(ALICE_DM))
    dm_message = _dm_message(dc)
    following = next(
        b for b in buttons(dm_message) if b["custom_id"].startswith(f"dq:w:{GUILD_ID}:q")
    )
    served = await dc.click(dm_message, following["custom_id"], direct=True)
    asked = served.callbacks[0]["data"]
    ids = [b["custom_id"] for b in buttons(asked)] + [m["custom_id"] for m in selects(asked)]
    assert ids and all(i.startswith((f"dq:w:{GUILD_ID}:", f"dqs:w:{GUILD_ID}:")) for i in ids)
    assert served.original is not None
    # Stored where it was posted (the DM), under the server, for a tally edit later.
    kinds = ("answer", "submit")
    await _stored(dc, next(a.ref for i in ids if (a := _action(i)) and a.kind in kinds))
    clicked = await _answer_right(dc, dc.fake.messages[served.original])
    assert "1 answered · 100% right" in visible_text(clicked.callbacks[0]["data"])
    verdict = (await dc.fake.until(lambda: clicked.followups))[0]
    assert "Right!" in visible_text(verdict)
    assert _stats(dc, GUILD_ID).answered == 2 and _stats(dc, GUILD_ID).correct == 2
    assert _stats(dc, f"dm:{ALICE['id']}").answered == 0


@pytest.mark.slow
async def test_a_refused_dm_leaves_the_channel_only_answer_recorded(dc: Discord) -> None:
    message_id, question = await _slash_question(dc)
    dc.fake.fail.append((lambda call: call.path == f"/channels/{ALICE_DM}/messages", 403, 50007))
    await dc.mention(_letters(question, right=True))
    replies = await dc.fake.until(lambda: dc.posted(CHANNEL_ID))
    assert [visible_text(body) for body in replies] == [ANSWER_RECORDED]
    channel = _channel_text(dc)
    assert not any(word in channel for word in TEACHING)
    assert question.explanation[:60] not in channel
    ref = _question_ref(dc, message_id)
    assert _tally(dc, ref) == 1  # the answer counted


@pytest.mark.slow
async def test_a_question_asked_by_mention_gets_its_tally_when_answered_by_mention(
    dc: Discord,
) -> None:
    await dc.mention("quiz")
    posted = (await dc.fake.until(lambda: dc.posted(CHANNEL_ID)))[0]
    message = next(
        m
        for m in dc.fake.messages.values()
        if m["channel_id"] == CHANNEL_ID and m.get("embeds") and buttons(m)
    )
    question = _question(dc, {"components": posted["components"]})
    await _stored(dc, _question_ref(dc, message["id"]))
    await dc.mention(_letters(question, right=True))
    await dc.fake.until(lambda: dc.posted(ALICE_DM))
    await dc.fake.until(lambda: "1 answered · 100% right" in visible_text(message))
    assert len(dc.posted(CHANNEL_ID)) == 1  # the question; the verdict went by DM


@pytest.mark.slow
async def test_an_exam_started_by_mention_runs_in_the_dm_and_counts_in_the_server(
    dc: Discord,
) -> None:
    await dc.mention("exam 1")
    sent = (await dc.fake.until(lambda: dc.posted(ALICE_DM)))[0]
    assert "Mock exam" in visible_text(sent)
    assert not dc.posted(CHANNEL_ID)  # the exam question is private too
    done = await _answer_right(dc, _dm_message(dc))
    summary = (await dc.fake.until(lambda: done.followups))[0]
    assert "Mock exam finished" in visible_text(summary)
    assert "Score: **1/1**" in visible_text(summary)
    assert _stats(dc, GUILD_ID).answered == 1


def _dm_message(dc: Discord) -> dict[str, Any]:
    """The last message the bot sent Alice by DM (as stored by the fake, with its id)."""
    return [m for m in dc.fake.messages.values() if m["channel_id"] == ALICE_DM][-1]


async def _answer_right(dc: Discord, message: dict[str, Any]) -> Exchange:
    """Answer a DM'd question right: its button, or both right picks of its menu."""
    question = _question(dc, message)
    if question.kind == "multiple_answer":
        (menu,) = selects(message)
        values = [o["value"] for o in menu["options"]]
        picked = [values[i] for i in question.answer_indexes]
        return await dc.choose(message, menu["custom_id"], picked, direct=True)
    right = next(
        b["custom_id"]
        for b in buttons(message)
        if (a := _action(b["custom_id"])) is not None
        and a.kind == "answer"
        and a.options == (question.answer_index,)
    )
    return await dc.click(message, right, direct=True)


def _stats(dc: Discord, workspace: str) -> Stats:
    tutor = dc.bot.tutor
    return tutor.store.stats(workspace=workspace, user=ALICE["id"], now=tutor.clock.now())


def _question_ref(dc: Discord, message_id: str) -> str:
    message = dc.fake.messages[message_id]
    parsed = [_action(b["custom_id"]) for b in buttons(message)]
    return next(a.ref for a in parsed if a is not None and a.kind == "answer")
