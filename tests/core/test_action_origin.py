"""The `o:` action (bot.actions): an action sent outside its workspace carries it, within
the caps every platform takes, and reads back as the same action plus its origin."""

from __future__ import annotations

import pytest

from adapters.discord_bot.buttons import fits, select_fits
from bot import actions
from bot.replies import Button, Choice, Form, Reply, Selection, acting_in

GUILD = "9" * actions.ORIGIN_MAX  # the longest Discord guild id
REF = "R" * actions.REF_MAX
TOPIC = "t" * actions.ID_MAX["topic"]

LONGEST = [
    actions.answer(REF, (0, 1, 2, 3, 4)),
    actions.submit(REF),
    actions.next_question(TOPIC),
    actions.next_question(),
    actions.review(),
    actions.report(REF),
    actions.report_submit(REF),
]


@pytest.mark.parametrize("inner", LONGEST)
def test_every_action_that_needs_a_workspace_carries_the_longest_one_within_the_caps(
    inner: str,
) -> None:
    wrapped = actions.from_origin(GUILD, inner)
    assert len(wrapped) <= actions.ACTION_MAX and fits(wrapped) and select_fits(wrapped)
    parsed, plain = actions.parse(wrapped), actions.parse(inner)
    assert parsed is not None and plain is not None
    assert parsed.origin == GUILD
    assert (parsed.kind, parsed.ref, parsed.options, parsed.target) == (
        plain.kind,
        plain.ref,
        plain.options,
        plain.target,
    )
    assert actions.from_origin("123", wrapped) == wrapped  # never wrapped twice


def test_notes_need_no_workspace_and_stay_as_they_are() -> None:
    note = actions.explain("e" * actions.ID_MAX["entry"])
    assert actions.from_origin(GUILD, note) == note
    assert actions.parse(f"o:{GUILD}:e:ecr") is None


@pytest.mark.parametrize(
    "forged",
    [
        "o::a:REF:0",
        f"o:{GUILD}9:a:REF:0",  # 21 digits: no guild id
        "o:T1:o:T2:a:REF:0",
        "o:T 1:a:REF:0",
        "o:T1:",
        "o:T1:zz:REF",
    ],
)
def test_malformed_origins_are_not_actions(forged: str) -> None:
    assert actions.parse(forged) is None


def test_a_workspace_that_cannot_travel_is_refused_when_building() -> None:
    with pytest.raises(ValueError):
        actions.from_origin("dm:1", actions.review())


def test_acting_in_wraps_every_action_of_a_reply_and_of_what_it_updates() -> None:
    question = Reply(
        text="Q",
        kind="question",
        choices=(Choice(key="A", text="x", action=actions.answer("abc", (0,))),),
        select=Selection(submit=actions.submit("abc")),
        buttons=(Button(label="Next", action=actions.next_question()),),
    )
    form = Form(title="Report", submit=actions.report_submit("abc"), fields=())
    reply = acting_in(
        Reply(text="verdict", buttons=question.buttons, updates=question, form=form), "42"
    )
    found = [b.action for b in reply.buttons]
    assert reply.updates is not None and reply.updates.select is not None
    assert reply.form is not None
    found += [c.action for c in reply.updates.choices] + [reply.updates.select.submit]
    found.append(reply.form.submit)
    parsed = [actions.parse(action) for action in found]
    assert len(parsed) == 4 and all(p is not None and p.origin == "42" for p in parsed)
