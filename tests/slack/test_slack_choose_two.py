"""'Choose two' questions in Slack: checkboxes labelled with letters, a Submit button, the
ticked boxes judged together; the real Bolt app against the fake Slack."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from choose_two import choose_two_pack, right_and_wrong
from shown import shown_question
from slack_fakes import TEAM, Call
from slack_harness import Slack, direct_message

from adapters.slack_app import render
from bot.bootstrap import build_tutor
from bot.clock import FixedClock
from bot.content.pack import KnowledgePack
from bot.content.schema import Question
from bot.lookup.index import LookupIndex
from bot.replies import Choice, Reply, Selection
from bot.settings import Settings, default_knowledge_path
from bot.tutor import Tutor

SUBMIT = re.compile(r"^s:([A-Za-z0-9_-]+)$")


@pytest.fixture
def tutor(
    tmp_path: Path, clock: FixedClock, pack: KnowledgePack, index: LookupIndex
) -> Iterator[Tutor]:
    """Every question this tutor asks is a choose-two question."""
    settings = Settings(
        knowledge_path=default_knowledge_path(), database_url=f"sqlite:///{tmp_path}/quiz.db"
    )
    built = build_tutor(
        settings, pack=choose_two_pack(pack), index=index, clock=clock, rng=random.Random(7)
    )
    yield built
    built.close()


def asked(slack: Slack, posted: Call) -> tuple[str, Question]:
    """The question's ref (what its buttons carry) and the question."""
    submit = next(v for v in posted.button_values() if SUBMIT.match(v))
    ref = SUBMIT.match(submit).group(1)  # type: ignore[union-attr]
    return ref, shown_question(slack.tutor.store, slack.tutor.pack, workspace=TEAM, ref=ref)


def ticked(posted: Call, keys: tuple[str, ...]) -> list[dict[str, Any]]:
    (boxes,) = posted.checkboxes()
    return [o for o in boxes["options"] if o["text"]["text"] in keys]


@pytest.mark.slow
async def test_a_choose_two_question_shows_lettered_checkboxes_and_a_submit_button(
    slack: Slack,
) -> None:
    posted = await slack.command("quiz")
    instance_id, question = asked(slack, posted)
    (boxes,) = posted.checkboxes()
    assert boxes["action_id"] == render.PICK_ACTION_ID
    labels = [o["text"]["text"] for o in boxes["options"]]
    assert labels == list("ABCDE"[: len(question.options)])  # letters only
    assert [o["value"] for o in boxes["options"]] == [
        f"a:{instance_id}:{i}" for i in range(len(question.options))
    ]
    assert posted.button_values() == [f"s:{instance_id}"]
    shown = posted.blocks_text()
    assert "Submit" in shown and "Choose two." in shown
    for option in question.options:  # every option's text is in the body
        assert render.mrkdwn(option.text) in shown


@pytest.mark.slow
async def test_ticking_boxes_is_only_acked_and_submit_judges_the_ticked_ones(
    slack: Slack,
) -> None:
    posted = await slack.command("quiz")
    instance_id, question = asked(slack, posted)
    right, wrong = right_and_wrong(question)

    # Without a listener for the boxes Bolt would answer 404 (Slack shows a warning).
    await slack.click("", tick=True, ticked=ticked(posted, right[:1]), user="UALICE01")
    await slack.settle(1)
    assert slack.fake.find("chat.postEphemeral") == [] and slack.fake.find("chat.update") == []

    await slack.click(f"s:{instance_id}", ticked=ticked(posted, right), user="UALICE01")
    feedback = (await slack.fake.wait_for("chat.postEphemeral", user="UALICE01"))[0]
    assert "Right!" in feedback.blocks_text()
    update = (await slack.fake.wait_for("chat.update"))[0]
    assert "1 answered · 100% right" in update.blocks_text()
    assert update.checkboxes() and update.button_values() == [f"s:{instance_id}"]

    await slack.click(f"s:{instance_id}", ticked=ticked(posted, wrong), user="UBOB0001")
    feedback = (await slack.fake.wait_for("chat.postEphemeral", user="UBOB0001"))[0]
    text = feedback.blocks_text()
    assert "Not quite" in text and "Why not:" in text and "you missed it" in text
    assert (
        "2 answered · 50% right" in (await slack.fake.wait_for("chat.update", 2))[-1].blocks_text()
    )


@pytest.mark.slow
async def test_submitting_one_box_is_refused_and_nothing_is_counted(slack: Slack) -> None:
    posted = await slack.command("quiz")
    ref, question = asked(slack, posted)
    right, _ = right_and_wrong(question)
    await slack.click(f"s:{ref}", ticked=ticked(posted, right[:1]), user="UALICE01")
    refusal = (await slack.fake.wait_for("chat.postEphemeral", user="UALICE01"))[0]
    assert "pick exactly two" in refusal.blocks_text()
    assert slack.fake.find("chat.update") == []
    # The tally is read by the instance's id (the ref only travels in buttons).
    instance = slack.tutor.store.find_instance(workspace=TEAM, ref=ref)
    assert instance is not None
    assert slack.tutor.store.tally(workspace=TEAM, instance_id=instance.id).answered == 0


@pytest.mark.slow
async def test_typed_letters_in_a_direct_message_answer_the_question(slack: Slack) -> None:
    posted = await slack.command("quiz")
    _, question = asked(slack, posted)
    right, _ = right_and_wrong(question)
    await slack.event(direct_message(f"{right[1]} and {right[0]}"), event_id="Ev0TWO0001")
    reply = (await slack.fake.wait_for("chat.postMessage"))[0]
    assert "Right!" in reply.blocks_text()


def test_a_long_diagram_is_split_into_sections_that_each_keep_their_code_block() -> None:
    diagram = "\n".join(f"| box {n:03} |----->| next **not bold** |" for n in range(200))
    text = f"Intro\n```\n{diagram}\n```\nAfter"
    sections = render.blocks(Reply(text=text))
    bodies = [block["text"]["text"] for block in sections]
    assert len(bodies) >= 3 and all(len(b) <= render.SECTION_LIMIT for b in bodies)
    for body in bodies:
        assert body.count("```") % 2 == 0, body[:80]  # no section leaves a code block open
    joined = "\n".join(bodies)
    assert "**not bold**" in joined and "*not bold*" not in joined.replace("**not bold**", "")
    assert bodies[0].startswith("Intro") and bodies[-1].endswith("After")


def test_a_picker_has_at_most_one_box_per_choice_and_never_puts_text_on_labels() -> None:
    reply = Reply(
        text="Which two? Choose two.",
        kind="question",
        choices=tuple(
            Choice(key=k, text="x" * 150, action=f"a:9:{i}") for i, k in enumerate("ABCD")
        ),
        select=Selection(submit="s:9"),
    )
    message = render.message(reply)
    boxes = [e for b in message["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert [o["text"]["text"] for o in boxes[0]["options"]] == ["A", "B", "C", "D"]
    assert boxes[1]["value"] == "s:9" and boxes[1]["text"]["text"] == "Submit"
