"""The `w:` action (bot.actions), the one way for a button to act in another workspace: a
routed action carries its workspace within the caps every platform takes, reads back as the
same action plus that workspace, and `acting_in` routes every action of a reply."""

from __future__ import annotations

import pytest

from adapters.discord_bot.buttons import fits, select_fits
from bot import actions
from bot.replies import Button, Choice, Form, Reply, Selection, acting_in

WORKSPACE = "9" * actions.WORKSPACE_MAX  # the longest workspace that travels
REF = "R" * actions.REF_MAX
TOPIC = "t" * actions.ID_MAX["topic"]

LONGEST = [
    actions.answer(REF, (0, 1, 2, 3, 4)),
    actions.submit(REF),
    actions.next_question(TOPIC),
    actions.next_question(),
    actions.review(),
    actions.reminders_off(),
    actions.report(REF),
    actions.report_submit(REF),
]


@pytest.mark.parametrize("inner", LONGEST)
def test_every_action_that_needs_a_workspace_carries_the_longest_one_within_the_caps(
    inner: str,
) -> None:
    wrapped = actions.routed(WORKSPACE, inner)
    assert len(wrapped) <= actions.ACTION_MAX and fits(wrapped) and select_fits(wrapped)
    parsed, plain = actions.parse(wrapped), actions.parse(inner)
    assert parsed is not None and plain is not None
    assert (parsed.kind, parsed.target, parsed.inner) == ("routed", WORKSPACE, inner)
    assert actions.routed("123", wrapped) == wrapped  # never routed twice


def test_the_longest_routed_action_is_79_characters() -> None:
    longest = max((actions.routed(WORKSPACE, inner) for inner in LONGEST), key=len)
    assert len(longest) == 79 and actions.ACTION_MAX == 80
    assert longest == f"w:{WORKSPACE}:a:{REF}:0.1.2.3.4"


def test_a_direct_message_workspace_travels_and_reads_back() -> None:
    wrapped = actions.routed("dm:42", actions.review())
    assert wrapped == "w:dm-42:r"
    parsed = actions.parse(wrapped)
    assert parsed is not None and (parsed.target, parsed.inner) == ("dm:42", "r")


def test_notes_need_no_workspace_and_stay_as_they_are() -> None:
    note = actions.explain("e" * actions.ID_MAX["entry"])
    assert actions.routed(WORKSPACE, note) == note
    assert actions.parse("w:T1:e:ecr") is None


@pytest.mark.parametrize(
    "forged",
    [
        "w::a:REF:0",
        "w:" + "9" * (actions.WORKSPACE_MAX + 1) + ":r",
        "w:T1:w:T2:a:REF:0",
        "w:T 1:a:REF:0",
        "w:T1:",
        "w:T1",
        "w:T1:zz:REF",
        "o:T1:a:REF:0",  # the old second code is gone
        "r:T1",  # so is the reminder's own
    ],
)
def test_malformed_routed_actions_are_not_actions(forged: str) -> None:
    assert actions.parse(forged) is None


@pytest.mark.parametrize("workspace", ["", "T 1", "9" * (actions.WORKSPACE_MAX + 1)])
def test_a_workspace_that_cannot_travel_is_refused_when_building(workspace: str) -> None:
    with pytest.raises(ValueError):
        actions.routed(workspace, actions.review())


def test_acting_in_routes_every_action_of_a_reply_and_of_what_it_updates() -> None:
    question = Reply(
        text="Q",
        kind="question",
        choices=(Choice(key="A", text="x", action=actions.answer("abc", (0,))),),
        select=Selection(submit=actions.submit("abc")),
        buttons=(Button(label="Next", action=actions.next_question()),),
    )
    form = Form(title="Report", submit=actions.report_submit("abc"), fields=())
    note = Button(label="Read more", action=actions.explain("ecr"))
    reply = acting_in(
        Reply(text="verdict", buttons=(*question.buttons, note), updates=question, form=form),
        "42",
    )
    found = [b.action for b in reply.buttons[:1]]
    assert reply.updates is not None and reply.updates.select is not None
    assert reply.form is not None
    found += [c.action for c in reply.updates.choices] + [reply.updates.select.submit]
    found.append(reply.form.submit)
    parsed = [actions.parse(action) for action in found]
    assert len(parsed) == 4
    assert all(p is not None and p.kind == "routed" and p.target == "42" for p in parsed)
    assert reply.buttons[1].action == "e:ecr"  # a note is read anywhere: kept, not routed


def test_a_click_acts_in_its_routed_workspace_or_where_it_was_clicked() -> None:
    assert actions.acts_in(actions.routed("dm:42", actions.review()), "T1") == "dm:42"
    assert actions.acts_in(actions.routed("42", actions.next_question()), "dm:7") == "42"
    assert actions.acts_in(actions.next_question(), "dm:7") == "dm:7"
    assert actions.acts_in("w:T 1:r", "dm:7") == "dm:7"  # not an action: where it was clicked
    assert actions.acts_in(None, "dm:7") == "dm:7"


def test_metrics_name_a_routed_click_for_the_action_it_runs() -> None:
    assert actions.label(actions.routed("42", actions.answer("abc", (1,)))) == "button:answer"
    assert actions.label(actions.routed("42", actions.review())) == "button:review"
    assert actions.label("w:42:nope") == "button:other"
