"""A reply served for another workspace than the one it is shown in: every action on it
is `routed` there (see bot/actions.py), so the clicks keep working where it is shown.

Used for a reminder's "Review in <server>": the review runs on the server's data, in the
direct message where the button was clicked.
"""

from __future__ import annotations

from dataclasses import replace

from bot import actions
from bot.replies import Reply


def route(reply: Reply, workspace: str) -> Reply:
    """`reply` with each action routed to `workspace`. A button whose routed action would
    not fit `actions.ACTION_MAX` is dropped (a long note id's "Read more"); answer choices,
    submits and forms always fit, as workspace ids are short."""
    choices = tuple(
        replace(choice, action=_routed(workspace, choice.action)) for choice in reply.choices
    )
    buttons = tuple(
        replace(button, action=wrapped)
        for button in reply.buttons
        if (wrapped := actions.routed(workspace, button.action)) is not None
    )
    select = reply.select
    if select is not None:
        select = replace(select, submit=_routed(workspace, select.submit))
    form = reply.form
    if form is not None:
        form = replace(form, submit=_routed(workspace, form.submit))
    updates = None if reply.updates is None else route(reply.updates, workspace)
    return replace(
        reply, choices=choices, buttons=buttons, select=select, form=form, updates=updates
    )


def _routed(workspace: str, action: str) -> str:
    wrapped = actions.routed(workspace, action)
    if wrapped is None:
        raise ValueError(f"a routed action is longer than {actions.ACTION_MAX}: {action[:20]}")
    return wrapped
