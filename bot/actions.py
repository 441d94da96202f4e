"""Button actions: the one module that builds and parses them, and the id caps they imply.

An action is a short printable-ASCII string the core puts on a button (or a choice, or a
form's submit) and gets back in `Request.action` when it is clicked. Adapters carry it
unchanged: Slack in a button's `value`, Discord in a component's `custom_id` after a prefix.
Its grammar is ``kind[:field[:field]]``:

| action          | built by              | means                                              |
|-----------------|-----------------------|----------------------------------------------------|
| `a:REF:I`       | `answer(ref, (i,))`   | choose option I (0-based, as shown) of instance REF |
| `a:REF:I.J`     | `answer(ref, (i, j))` | choose options I and J together (multiple answer)  |
| `s:REF`         | `submit(ref)`         | submit the options in `Request.selection`          |
| `q` / `q:TOPIC` | `next_question(t)`    | a new question (from one topic)                    |
| `r`             | `review()`            | the next review question                           |
| `x`             | `reminders_off()`     | turn the clicker's review reminders off            |
| `e:ENTRY`       | `explain(entry)`      | show one note of the pack                          |
| `f:REF`         | `report(ref)`         | open the "report a problem" form for instance REF  |
| `fs:REF`        | `report_submit(ref)`  | the submit of that form: values in `Request.fields` |
| `w:WS:ACTION`   | `routed(ws, a)`       | ACTION, done in workspace WS wherever it is clicked |

`w:` is the one way for a button to act in another workspace than the one it is clicked in.
On Discord a direct message is a workspace of its own ("dm:ID"), not the server it speaks
for, so a reply about a server shown in a DM has every action routed to that server: a
verdict sent by DM for an answer typed in a server channel, an exam started by mention, a
reminder's "Review in <server>" (`w:SERVER:r`). A reply is routed whole by
`bot.replies.acting_in`; the core (`Tutor`) runs a routed click in WS for the same user,
only when that user learns there (review cards, or a question asked of them there) and
never with admin rights, and routes its reply's actions back there. Actions that need no
workspace (`e:`) are not routed; a routed action is never routed again. "dm:ID" travels as
"dm-ID".

`Request.selection` holds the values of what was selected in a multi-select: each is the
`a:REF:I` action of one option, exactly as the core put it on the choice.

Caps (one owner, here): every action fits `ACTION_MAX` characters, which every platform
takes (Discord's custom_id is 100 with our prefix of at most 4 characters, Slack's value
2,000). For that, pack ids and instance refs are capped by `ID_MAX` and `REF_MAX`; the pack
schema and the store apply the same numbers. A routed action's workspace is at most
`WORKSPACE_MAX` characters, so `w:` plus the longest action that needs a workspace (`a:`
with a ref and five options, 36 characters; `q:TOPIC`, 34) is 79, within `ACTION_MAX`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

ACTION_MAX = 80
REF_MAX = 24  # an instance reference: a random token (the numeric id for older questions)
ID_MAX = {"topic": 32, "entry": 64, "question": 64}
MAX_OPTIONS = 5
WORKSPACE_MAX = 40  # a workspace in `w:`: a Slack team id, a Discord guild id (20 digits)

ActionKind = Literal[
    "answer",
    "submit",
    "next",
    "review",
    "explain",
    "report",
    "report_submit",
    "reminders_off",
    "routed",
]
_CODES: dict[str, ActionKind] = {
    "a": "answer",
    "s": "submit",
    "q": "next",
    "r": "review",
    "e": "explain",
    "f": "report",
    "fs": "report_submit",
    "x": "reminders_off",
    "w": "routed",
}
_REF = re.compile(rf"^[A-Za-z0-9_-]{{1,{REF_MAX}}}$")
# Never routed: notes need no workspace, and a routed action is not routed again.
_ROUTE_FREE = frozenset({"explain", "routed"})
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# A workspace in an action: Slack team ids, Discord guild ids ("dm:ID" travels as "dm-ID").
_WORKSPACE = re.compile(rf"^[A-Za-z0-9_-]{{1,{WORKSPACE_MAX}}}$")
_OPTIONS = re.compile(r"^[0-9](?:\.[0-9])*$")


@dataclass(frozen=True, slots=True)
class Action:
    """A parsed action. Only the fields of its kind are set."""

    kind: ActionKind
    ref: str = ""  # answer, submit, report: the question instance
    options: tuple[int, ...] = ()  # answer: chosen option indexes, as shown
    # next: the topic id; explain: the entry id; routed: the workspace it acts in
    target: str | None = None
    inner: str = ""  # routed: the action to run in workspace `target`


def answer(ref: str, options: tuple[int, ...]) -> str:
    """The action of choosing `options` (indexes as shown) of instance `ref`."""
    return _checked(f"a:{ref}:" + ".".join(str(i) for i in options))


def submit(ref: str) -> str:
    """The action of a multi-select's submit: the choice comes in `Request.selection`."""
    return _checked(f"s:{ref}")


def next_question(topic: str | None = None) -> str:
    """The action of "next question", from one topic or any."""
    return _checked("q" if topic is None else f"q:{topic}")


def review() -> str:
    """The action of "next review question" (a reminder's "Review in <server>" is
    `routed(server, review())`)."""
    return "r"


def routed(workspace: str, action: str) -> str:
    """`action`, done in `workspace` wherever it is clicked (see `w:` above). An action that
    needs no workspace (`e:`), or one already routed, comes back as it is. Raises ValueError
    when `workspace` is not an id of at most `WORKSPACE_MAX` characters of [A-Za-z0-9_-]
    ("dm:ID" is one), or when `action` is none of ours. Every routed action fits
    `ACTION_MAX` (see the caps above)."""
    parsed = parse(action)
    if parsed is None:
        raise ValueError("not an action")
    if parsed.kind in _ROUTE_FREE:
        return action
    field = _encode(workspace)
    if not _WORKSPACE.match(field):
        raise ValueError(f"a workspace of at most {WORKSPACE_MAX} characters is needed")
    return _checked(f"w:{field}:{action}")


def _encode(workspace: str) -> str:
    return workspace.replace(":", "-", 1)


def _decode(field: str) -> str:
    return "dm:" + field[3:] if field.startswith("dm-") else field


def reminders_off() -> str:
    """The action of "Stop these reminders"."""
    return "x"


def explain(entry: str) -> str:
    """The action of showing one note."""
    return _checked(f"e:{entry}")


def report(ref: str) -> str:
    """The action of opening the report form for instance `ref`."""
    return _checked(f"f:{ref}")


def report_submit(ref: str) -> str:
    """The submit action of the report form for instance `ref`."""
    return _checked(f"fs:{ref}")


def parse(action: str) -> Action | None:
    """The action a string stands for; None when it is not one of ours or is malformed."""
    if not action or len(action) > ACTION_MAX or not action.isascii() or not action.isprintable():
        return None
    return _parse(action)


def _parse(action: str) -> Action | None:
    if not action:
        return None
    code, *fields = action.split(":")
    kind = _CODES.get(code)
    if kind is None:
        return None
    if kind == "reminders_off":
        return Action(kind) if not fields else None
    if kind == "review":
        return Action(kind) if not fields else None
    if kind == "routed":
        if len(fields) < 2 or not _WORKSPACE.match(fields[0]):
            return None
        inner = ":".join(fields[1:])
        parsed = parse(inner)
        if parsed is None or parsed.kind in _ROUTE_FREE:
            return None
        return Action(kind, target=_decode(fields[0]), inner=inner)
    if kind == "next":
        if not fields:
            return Action(kind)
        return Action(kind, target=fields[0]) if len(fields) == 1 and _is_id(fields[0]) else None
    if kind == "explain":
        return Action(kind, target=fields[0]) if len(fields) == 1 and _is_id(fields[0]) else None
    if kind in ("submit", "report", "report_submit"):
        return Action(kind, ref=fields[0]) if len(fields) == 1 and _REF.match(fields[0]) else None
    # answer
    if len(fields) != 2 or not _REF.match(fields[0]) or not _OPTIONS.match(fields[1]):
        return None
    options = tuple(int(part) for part in fields[1].split("."))
    if len(set(options)) != len(options) or len(options) > MAX_OPTIONS:
        return None
    return Action(kind, ref=fields[0], options=options)


def acts_in(action: str | None, here: str) -> str:
    """The workspace a click on `action` acts in: a routed action's, else `here` (where it
    was clicked). For a front end that stores where the reply to a click was posted
    (`Tutor.posted`); whether the click may act there is the core's to decide."""
    parsed = parse(action or "")
    if parsed is None or parsed.kind != "routed" or parsed.target is None:
        return here
    return parsed.target


def label(action: str | None) -> str:
    """A bounded name for metrics and logs: `button:<kind>`, or `button:other`. A routed
    action is named for the action it runs (`button:answer` wherever it is clicked)."""
    parsed = parse(action or "")
    if parsed is not None and parsed.kind == "routed":
        parsed = parse(parsed.inner)
    return "button:" + (parsed.kind if parsed else "other")


def _is_id(text: str) -> bool:
    return len(text) <= max(ID_MAX.values()) and _ID.match(text) is not None


def _checked(action: str) -> str:
    if len(action) > ACTION_MAX:
        raise ValueError(f"action longer than {ACTION_MAX} characters: {action[:20]}...")
    return action
