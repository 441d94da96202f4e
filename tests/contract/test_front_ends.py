"""Every front end passes the same contract: every command reachable, every reply the core
gives rendered within the platform's limits, every click coming back as the core's action."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from front_ends import FRONT_ENDS, FrontEndContract, sample

from bot import actions
from bot.arguments import Arg, ParseContext
from bot.bootstrap import build_tutor
from bot.clock import FixedClock
from bot.commands import REGISTRY, parse
from bot.content.pack import KnowledgePack
from bot.lookup.index import LookupIndex
from bot.replies import Button, Choice, Reply, Request, Selection
from bot.settings import Settings

LONG = "word " * 3000


@pytest.fixture(params=FRONT_ENDS, ids=lambda contract: contract.name)
def front_end(request: pytest.FixtureRequest) -> FrontEndContract:
    contract: FrontEndContract = request.param
    return contract


@pytest.fixture(scope="module")
def replies(
    tmp_path_factory: pytest.TempPathFactory, pack: KnowledgePack, index: LookupIndex
) -> Iterator[list[Reply]]:
    """A reply of every kind the core gives, from a real conversation, plus extremes."""
    folder: Path = tmp_path_factory.mktemp("contract")
    tutor = build_tutor(
        Settings(knowledge_path=pack.path, database_url=f"sqlite:///{folder}/c.db"),
        pack=pack,
        index=index,
        clock=FixedClock(datetime(2026, 3, 2, 9, tzinfo=UTC)),
        rng=random.Random(4),
    )

    def say(
        text: str = "",
        action: str | None = None,
        selection: tuple[str, ...] = (),
        fields: dict[str, str] | None = None,
    ) -> Reply:
        request = Request(
            workspace="W",
            user="U1",
            text=text,
            action=action,
            selection=selection,
            channel="C1",
            is_admin=True,
            fields=fields or {},
            forms=True,
        )
        return tutor.handle(request)

    def answer(question: Reply) -> Reply:
        if question.select is None:
            return say(action=question.choices[0].action)
        picks = tuple(c.action for c in question.choices[: question.select.min])
        return say(action=question.select.submit, selection=picks)

    got = [say(f"/docker-quiz {spec.name}") for spec in REGISTRY]
    got.append(say("/docker-quiz exam stop"))  # `exam` above started one: its summary
    question = say("/docker-quiz")
    feedback = answer(question)
    got += [question, feedback, say("which service scans images?")]
    two = next(q for q in pack.questions.values() if q.kind == "multiple_answer")
    choose_two = tutor.quiz.ask(
        Request(workspace="W", user="U1", channel="C1"), two.id, kind="quiz"
    )  # a "choose two" question, whatever the draw above gave
    got += [choose_two, answer(choose_two)]
    # "Report a problem": the form, its submission (a long comment), and the admins' list.
    form = say(action=feedback.buttons[-1].action)
    assert form.form is not None
    got += [form, say(action=form.form.submit, fields={"reason": "typo", "comment": LONG})]
    got.append(say("/docker-quiz reports"))
    got.append(say("/docker-quiz stats"))  # with answers: readiness for every topic
    got.append(say("what is the capital of Peru?"))
    got += [say("/docker-quiz daily on 09:00 Europe/Berlin"), say("/docker-quiz zzz")]
    tutor.close()
    many = tuple(Button(label=LONG, action=actions.explain(f"entry-{n}")) for n in range(40))
    got.append(
        Reply(
            kind="question",
            title=LONG,
            text=LONG * 3,
            footer=LONG,
            choices=tuple(
                Choice(key=k, text=LONG, action=actions.answer("7", (n,)))
                for n, k in enumerate("ABCDE")
            ),
            buttons=many,
        )
    )
    got.append(replace(got[-1], select=Selection(submit=actions.submit("7"), hint=LONG)))
    yield got


def test_the_conversation_covers_every_reply_kind(replies: list[Reply]) -> None:
    kinds = {reply.kind for reply in replies} | {r.updates.kind for r in replies if r.updates}
    assert {
        "question",
        "feedback",
        "answer",
        "decline",
        "info",
        "summary",
        "form",
        "error",
    } <= kinds


@pytest.mark.parametrize("spec", REGISTRY, ids=lambda spec: spec.name)
def test_every_command_is_reachable_with_its_arguments(
    front_end: FrontEndContract, spec: object, pack: KnowledgePack
) -> None:
    from bot.commands import CommandSpec

    assert isinstance(spec, CommandSpec)
    context = ParseContext(pack=pack)
    values = {arg.name: sample(arg) for arg in spec.args}
    required = {name: value for name, value in values.items() if spec_arg(spec, name).required}
    # All of its arguments, then only the required ones.
    for given in (values, required):
        text = front_end.command_text(spec, given)
        parsed = parse(text, context)
        assert parsed is not None and parsed.invocation is not None, (front_end.name, text)
        assert parsed.invocation.spec is spec
        expected = dict(given)
        if "topic" in expected:
            expected["topic"] = "registries"
        assert dict(parsed.invocation.values) == expected, (front_end.name, text)


def spec_arg(spec: object, name: str) -> Arg:
    from bot.commands import CommandSpec

    assert isinstance(spec, CommandSpec)
    return next(arg for arg in spec.args if arg.name == name)


def test_every_reply_renders_within_the_platform_limits(
    front_end: FrontEndContract, replies: list[Reply]
) -> None:
    limits = {limit.what: limit.maximum for limit in front_end.limits}
    for reply in replies:
        for shown in (reply, reply.updates):
            if shown is None:
                continue
            for what, size in front_end.measure(front_end.render(shown)):
                assert what in limits, f"{front_end.name} measures {what} without a limit"
                assert size <= limits[what], (front_end.name, shown.kind, what, size)


def test_every_click_comes_back_as_the_core_action(
    front_end: FrontEndContract, replies: list[Reply]
) -> None:
    for reply in replies:
        payload = front_end.render(reply)
        clicked = front_end.clicks(payload)
        offered = [c.action for c in reply.choices] + [b.action for b in reply.buttons]
        offered += [reply.select.submit] if reply.select else []
        assert set(clicked) <= set(offered), front_end.name
        assert all(actions.parse(action) is not None for action in clicked)
        if front_end.name != "terminal" and reply.choices:
            assert {c.action for c in reply.choices} <= set(clicked), "an option is unclickable"
        if front_end.name != "terminal" and reply.select is not None:
            assert reply.select.submit in clicked, "a multi-select cannot be submitted"


def test_mentions_and_channel_links_reach_the_user_as_links(front_end: FrontEndContract) -> None:
    reply = Reply(
        title="Daily question",
        text="Daily question is **on** in <#C1>; first right: <@U1>. 1 < 2 & 3 > 2.",
        footer="posted in <#C1>",
    )
    shown = front_end.text(front_end.render(reply))
    assert front_end.user_link in shown and front_end.channel_link in shown
    assert "&lt;#C1" not in shown and "&lt;@U1" not in shown
