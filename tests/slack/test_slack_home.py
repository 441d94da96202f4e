"""The app's Home tab: the learner's dashboard published when they open it, its buttons
answered in their DM with the app, refreshed after answers at most once per interval (a fake
clock), and within Block Kit's limits; the real Bolt app against the fake Slack."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from typing import Any

import pytest
from slack_fakes import TEAM, FakeSlack
from slack_harness import Slack, home_opened, served, wait_until
from slack_limits import VIEW_BLOCKS, violations

from adapters.slack_app import views
from adapters.slack_app.home import REFRESH_INTERVAL, Debounce
from bot import actions
from bot.replies import Button, Dashboard, Panel
from bot.tutor import Tutor

Q_ACTION = re.compile(r"^a:([A-Za-z0-9_-]+):\d+$")


def buttons(view: dict[str, Any]) -> dict[str, str]:
    """Label -> value of every button of a view."""
    return {
        element["text"]["text"]: element["value"]
        for block in view["blocks"]
        if block["type"] == "actions"
        for element in block["elements"]
    }


def shown(view: dict[str, Any]) -> str:
    return "\n".join(
        str((block.get("text") or {}).get("text", ""))
        + "".join(str(e.get("text", "")) for e in block.get("elements", []))
        for block in view["blocks"]
    )


@pytest.mark.slow
async def test_opening_the_home_tab_publishes_the_learners_dashboard(slack: Slack) -> None:
    assert await slack.event(home_opened(user="UALICE01"), event_id="Ev1") == 200
    (published,) = await slack.fake.wait_for("views.publish", user_id="UALICE01")
    view = published.view()
    assert view["type"] == "home" and view["private_metadata"] == "D0HOME001"
    assert len(view["blocks"]) <= VIEW_BLOCKS
    text = shown(view)
    for part in (
        "Score",
        "Reviews",
        "Reminders",
        "Weakest topic",
        "Exam readiness",
        "Recent mistakes",
    ):
        assert part in text
    assert "No answers yet" in text and "Ready on 0 of" in text
    assert "Reminders are *off*" in text
    assert buttons(view)["Start a quiz"] == actions.next_question()
    # The Messages tab is not the Home tab: nothing to publish.
    await slack.event(home_opened(user="UBOB0001", tab="messages"), event_id="Ev2")
    await slack.settle(slack.bot.inflight.started)
    assert not slack.fake.find("views.publish", user_id="UBOB0001")


@pytest.mark.slow
async def test_home_buttons_are_answered_in_the_learners_dm(slack: Slack) -> None:
    await slack.event(home_opened(user="UALICE01"), event_id="Ev1")
    view = (await slack.fake.wait_for("views.publish", user_id="UALICE01"))[0].view()
    drill = buttons(view)["Drill this topic"]
    topic = drill.split(":")[1]
    assert await slack.home_click(drill, view, user="UALICE01") == 200
    (question,) = await slack.fake.wait_for("chat.postMessage", channel="D0HOME001")
    ref = Q_ACTION.match(question.button_values()[0]).group(1)  # type: ignore[union-attr]
    instance = slack.tutor.store.find_instance(workspace=TEAM, ref=ref)
    assert instance is not None and instance.channel == "D0HOME001"
    assert slack.tutor.pack.questions[instance.question_id].topic == topic
    # A view published before the DM was known: the app opens the DM itself.
    bare = {**view}
    bare.pop("private_metadata")
    await slack.home_click(actions.next_question(), bare, user="UBOB0001")
    assert len(await slack.fake.wait_for("conversations.open", users="UBOB0001")) == 1
    await slack.fake.wait_for("chat.postMessage", channel="DBOB0001")


async def test_a_big_dashboard_stays_within_the_home_tab_limit() -> None:
    panel = Panel(
        heading="Topic " + "x" * 200,
        text="\n".join(f"`{'█' * 10}` line {n} " + "y" * 80 for n in range(60)),
        buttons=tuple(Button(f"B{n}", actions.explain(f"entry-{n}")) for n in range(30)),
    )
    board = Dashboard(title="T" * 300, panels=(panel,) * 60, footer="f")
    view = views.home(board, channel="D1")
    assert len(view["blocks"]) <= VIEW_BLOCKS
    assert violations("views.publish", {"view": view}) == []
    assert "did not fit" in view["blocks"][-1]["elements"][0]["text"]
    assert view["blocks"][-2]["type"] == "divider"  # panels are left out whole


def test_the_debounce_runs_at_once_then_once_per_interval() -> None:
    now = [100.0]
    debounce = Debounce(30.0, clock=lambda: now[0])
    key = (TEAM, "U1")
    assert debounce.delay(key) == 0.0
    debounce.ran(key)
    now[0] = 105.0
    assert debounce.delay(key) == 25.0  # the rest of the interval
    assert debounce.delay(key) is None  # already pending: that run shows this change too
    now[0] = 130.0
    debounce.ran(key)
    now[0] = 200.0
    assert debounce.delay(key) == 0.0  # an old last run: at once
    assert debounce.delay(("T2", "U1")) == 0.0  # keys are apart


class FakeTime:
    """A monotonic clock the test moves, and a sleep that waits until the test lets it go
    and then moves the clock by the time slept."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []
        self.go = asyncio.Event()

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        await self.go.wait()
        self.now += seconds


@pytest.fixture
async def timed(fake: FakeSlack, tutor: Tutor) -> AsyncIterator[tuple[Slack, FakeTime]]:
    time = FakeTime()
    async with served(fake, tutor, home_clock=time.clock, home_sleep=time.sleep) as slack:
        yield slack, time


async def answer(slack: Slack, user: str) -> None:
    question = await slack.command("quiz", user=user)
    await slack.click(question.button_values()[0], user=user)
    await slack.fake.wait_for("chat.postEphemeral", user=user)


@pytest.mark.slow
async def test_the_home_tab_is_refreshed_after_answers_debounced(
    timed: tuple[Slack, FakeTime],
) -> None:
    slack, time = timed
    home = slack.bot.home
    await answer(slack, "UBOB0001")  # never opened the tab: no calls for him
    await slack.event(home_opened(user="UALICE01"), event_id="Ev1")
    await slack.fake.wait_for("views.publish", user_id="UALICE01")
    assert "No answers yet" in shown(slack.fake.find("views.publish")[-1].view())

    time.now += 5
    await answer(slack, "UALICE01")
    await wait_until(lambda: time.slept == [REFRESH_INTERVAL - 5])
    await answer(slack, "UALICE01")  # while one refresh waits: no second one
    await slack.settle(slack.bot.inflight.started)
    assert time.slept == [REFRESH_INTERVAL - 5] and home.published == 1
    time.go.set()
    (_, refreshed) = await slack.fake.wait_for("views.publish", 2, user_id="UALICE01")
    assert "right of 2 answered" in shown(refreshed.view())  # both answers show

    time.now += REFRESH_INTERVAL  # a quiet interval later: at once, no waiting
    await answer(slack, "UALICE01")
    await slack.fake.wait_for("views.publish", 3, user_id="UALICE01")
    assert time.slept == [REFRESH_INTERVAL - 5]
    assert not slack.fake.find("views.publish", user_id="UBOB0001")


@pytest.mark.slow
async def test_stopping_reminders_from_the_home_tab_shows_them_off(
    timed: tuple[Slack, FakeTime],
) -> None:
    slack, time = timed
    time.go.set()  # refreshes wait out their interval on the fake clock at once
    await slack.command("remind on 08:30", user="UALICE01")
    await slack.event(home_opened(user="UALICE01"), event_id="Ev1")
    view = (await slack.fake.wait_for("views.publish", user_id="UALICE01"))[0].view()
    assert "Reminders are *on*" in shown(view)
    stop = buttons(view)["Stop these reminders"]
    assert await slack.home_click(stop, view, user="UALICE01") == 200
    (said,) = await slack.fake.wait_for("chat.postMessage", channel="D0HOME001")
    assert "Reminders are *off*" in said.blocks_text()
    (_, refreshed) = await slack.fake.wait_for("views.publish", 2, user_id="UALICE01")
    assert "Reminders are *off*" in shown(refreshed.view())
    assert time.slept == [REFRESH_INTERVAL]
