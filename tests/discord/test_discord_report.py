""" "Report a problem" in Discord: the button under feedback opens a modal as the first
response to the click, and its submission (also after a restart) is stored once per user
and question; the real discord.py client against the fake Discord."""

from __future__ import annotations

from typing import Any

import pytest
from discord_fakes import EPHEMERAL, GUILD_ID, JsonDict, buttons, visible_text
from discord_harness import ALICE, BOB, Discord, make_tutor

from bot.clock import FixedClock
from bot.content.pack import KnowledgePack
from bot.lookup.index import LookupIndex
from bot.replies import Reply, Request
from bot.reports.wording import COMMENT_MAX, REASONS


async def feedback_of(dc: Discord, who: JsonDict = ALICE) -> tuple[str, JsonDict]:
    """Ask a question, answer it as `who`; returns the report button's custom_id and the
    feedback message it is on."""
    await dc.command("quiz", who=who)
    exchange = list(dc.fake.exchanges.values())[-1]
    posted = dc.fake.messages[exchange.original or ""]
    first = next(b["custom_id"] for b in buttons(posted) if b["custom_id"].startswith("dq:a:"))
    click = await dc.click(posted, first, who=who)
    await dc.fake.until(lambda: click.followups)
    (feedback,) = click.followups
    report = next(b for b in buttons(feedback) if b["custom_id"].startswith("dq:f:"))
    assert report["label"] == "Report a problem"
    return report["custom_id"], feedback


def filled(custom_id: str, modal: JsonDict, reason: str | None, comment: str | None) -> list[Any]:
    """The components Discord sends when `modal` is submitted with this reason and comment."""
    out = []
    for label in modal["components"]:
        inner = label["component"]
        if inner["type"] == 3:
            sent = {
                "type": 3,
                "custom_id": inner["custom_id"],
                "values": [reason] if reason else [],
            }
        else:
            sent = {"type": 4, "custom_id": inner["custom_id"], "value": comment or ""}
        out.append({"type": 18, "id": label.get("id", 1), "component": sent})
    return out


@pytest.mark.slow
async def test_the_report_button_opens_the_modal_as_the_first_response(
    dc: Discord, monkeypatch: pytest.MonkeyPatch
) -> None:
    custom_id, feedback = await feedback_of(dc)
    handled: list[Request] = []
    handle = dc.bot.tutor.handle

    def spy(request: Request) -> Reply:
        handled.append(request)
        return handle(request)

    monkeypatch.setattr(dc.bot.tutor, "handle", spy)
    click = await dc.click(feedback, custom_id)
    assert click.types == [9]  # the modal is the one and only response
    assert handled == []  # the core (and its store) was not asked before it
    modal = click.callbacks[0]["data"]
    ref = custom_id.removeprefix("dq:f:")
    assert modal["custom_id"] == f"dqf:fs:{ref}" and modal["title"] == "Report a problem"
    reason, comment = (label["component"] for label in modal["components"])
    assert [o["value"] for o in reason["options"]] == [code for code, _ in REASONS]
    assert [o["label"] for o in reason["options"]] == [text for _, text in REASONS]
    assert (reason["min_values"], reason["max_values"]) == (1, 1)
    assert comment["type"] == 4 and comment["required"] is False
    assert comment["max_length"] == COMMENT_MAX


@pytest.mark.slow
async def test_a_submission_is_stored_once_per_user_and_question(dc: Discord) -> None:
    custom_id, feedback = await feedback_of(dc)
    modal = (await dc.click(feedback, custom_id)).callbacks[0]["data"]
    sent = await dc.submit_modal(modal["custom_id"], filled(custom_id, modal, "typo", "tpyo"))
    assert sent.types == [4]
    answer = sent.callbacks[0]["data"]
    assert answer["flags"] & EPHEMERAL and "report was sent" in visible_text(answer)
    again = await dc.submit_modal(modal["custom_id"], filled(custom_id, modal, "unclear", None))
    assert "earlier report" in visible_text(again.callbacks[0]["data"])

    store = dc.bot.tutor.store
    (report,) = store.open_reports(workspace=GUILD_ID)
    assert (report.user, report.reason, report.comment) == (ALICE["id"], "unclear", "")
    await dc.submit_modal(modal["custom_id"], filled(custom_id, modal, "typo", None), who=BOB)
    assert len(store.open_reports(workspace=GUILD_ID)) == 2


@pytest.mark.slow
async def test_limits_hold_a_long_comment_is_cut_and_a_missing_reason_is_asked_for(
    dc: Discord,
) -> None:
    custom_id, feedback = await feedback_of(dc)
    modal = (await dc.click(feedback, custom_id)).callbacks[0]["data"]
    nothing = await dc.submit_modal(modal["custom_id"], filled(custom_id, modal, None, "x"))
    assert "Pick what is wrong" in visible_text(nothing.callbacks[0]["data"])
    long = "<@&1> **loud** " + "y" * 5000  # more than any client would let through
    sent = await dc.submit_modal(modal["custom_id"], filled(custom_id, modal, "other", long))
    assert f"first {COMMENT_MAX} characters" in visible_text(sent.callbacks[0]["data"])
    (report,) = dc.bot.tutor.store.open_reports(workspace=GUILD_ID)
    assert report.comment == long[:COMMENT_MAX]
    forged = await dc.submit_modal("dqf:fs:nosuchref", filled(custom_id, modal, "typo", None))
    assert forged.types == [4] and len(dc.bot.tutor.store.open_reports(workspace=GUILD_ID)) == 1


@pytest.mark.slow
async def test_a_modal_opened_before_a_restart_is_still_stored(
    discord_: Discord,
    database_path: Any,
    clock: FixedClock,
    pack: KnowledgePack,
    index: LookupIndex,
) -> None:
    first = make_tutor(database_path, clock, pack, index)
    await discord_.start(first)
    custom_id, feedback = await feedback_of(discord_)
    modal = (await discord_.click(feedback, custom_id)).callbacks[0]["data"]
    await discord_.stop(discord_.bot)
    first.close()

    second = make_tutor(database_path, clock, pack, index)
    try:
        await discord_.start(second)
        sent = await discord_.submit_modal(
            modal["custom_id"], filled(custom_id, modal, "two-right", "B and C")
        )
        assert "report was sent" in visible_text(sent.callbacks[0]["data"])
        (report,) = second.store.open_reports(workspace=GUILD_ID)
        assert (report.reason, report.comment) == ("two-right", "B and C")
    finally:
        await discord_.stop(discord_.bot)
        second.close()
