"""The wording of question reports: the form, the thanks, and the admins' listings."""

from __future__ import annotations

from collections.abc import Sequence

from bot import actions
from bot.content.pack import KnowledgePack
from bot.replies import PREFIX, Button, Form, FormField, Reply
from bot.store import QuestionReport
from bot.store.tables import COMMENT
from bot.wording import error, quoted

COMMENT_MAX = COMMENT
# (value, label): the reasons a learner picks from, in the order shown.
REASONS: tuple[tuple[str, str], ...] = (
    ("wrong-answer", "The marked answer is wrong"),
    ("two-right", "Two answers are right"),
    ("unclear", "The question is unclear"),
    ("typo", "Typo or formatting"),
    ("other", "Something else"),
)
SHORT = {
    "wrong-answer": "wrong answer",
    "two-right": "two answers right",
    "unclear": "unclear",
    "typo": "typo",
    "other": "other",
}
REPORT_BUTTON_LABEL = "Report a problem"
LISTED = 8  # questions in `reports`
COMMENTS_LISTED = 3  # latest comments per question in `reports`
LISTED_COMMENT = 150  # characters of each of those
COMMENTS_DETAILED = 6  # latest comments in `reports ID`, in full

PICK_A_REASON = "Pick what is wrong with the question, then send the report again."
NAME_THE_QUESTION = f"Name the question: `{PREFIX} reports close ID [note]`."
NOTE_NEEDS_CLOSE = f"A note goes with closing: `{PREFIX} reports close ID note`."


def not_a_question(word: str) -> str:
    """`reports close` without a question id (`word`: what was typed instead, if anything)."""
    if not word:
        return NAME_THE_QUESTION
    return (
        f"{quoted(word, 40)} is not a question id (like `q-registry-purpose`). {NAME_THE_QUESTION}"
    )


def report_button(ref: str) -> Button:
    """The "Report a problem" button under the feedback to question instance `ref`."""
    return Button(label=REPORT_BUTTON_LABEL, action=actions.report(ref))


def form(ref: str) -> Reply:
    """The report form for question instance `ref`. Built from `ref` alone (no store), so a
    front end can show it as the immediate response to the click."""
    return Reply(
        kind="form",
        title="Report a problem",
        text="Tell the people who run this quiz what is wrong with the question. "
        "Only they see reports.",
        private=True,
        form=Form(
            title="Report a problem",
            submit=actions.report_submit(ref),
            submit_label="Send report",
            fields=(
                FormField(name="reason", label="What is wrong?", kind="choice", options=REASONS),
                FormField(
                    name="comment",
                    label="Anything to add? (optional)",
                    kind="text",
                    required=False,
                    max_length=COMMENT_MAX,
                ),
            ),
        ),
    )


def thanks(*, new: bool, shortened: bool) -> Reply:
    """The learner's report was stored (or their earlier one replaced)."""
    text = (
        "Thanks: your report was sent to the people who run this quiz."
        if new
        else "Thanks: your earlier report on this question now says this instead."
    )
    if shortened:
        text += f" Your comment was cut to its first {COMMENT_MAX} characters."
    return Reply(kind="info", text=text, private=True)


def _counts(group: Sequence[QuestionReport]) -> str:
    by_reason = {code: 0 for code, _ in REASONS}
    for report in group:
        by_reason[report.reason] = by_reason.get(report.reason, 0) + 1
    return ", ".join(f"{n} {SHORT.get(code, code)}" for code, n in by_reason.items() if n)


def _heading(question_id: str, group: Sequence[QuestionReport], pack: KnowledgePack) -> list[str]:
    question = pack.questions.get(question_id)
    where = f" ({question.topic})" if question else " (no longer in the pack)"
    plural = "report" if len(group) == 1 else "reports"
    lines = [f"- `{question_id}`{where}: **{len(group)} {plural}**: {_counts(group)}"]
    if question:
        prompt = " ".join(question.prompt.split())
        lines.append(f"  {prompt if len(prompt) <= 120 else prompt[:119] + '…'}")
    return lines


def _comment(report: QuestionReport, limit: int) -> str:
    when = f"{report.reported_at.day} {report.reported_at:%b}"
    return f"  - <@{report.user}>, {when}, {SHORT.get(report.reason, report.reason)}: " + quoted(
        report.comment, limit
    )


def listing(reports: Sequence[QuestionReport], pack: KnowledgePack) -> Reply:
    """The open reports of a workspace (newest first), grouped by question: most reported
    first, with counts by reason and the latest comments."""
    title = "Open reports"
    if not reports:
        return Reply(kind="info", title=title, text="No open reports.", private=True)
    groups: dict[str, list[QuestionReport]] = {}
    for report in reports:
        groups.setdefault(report.question_id, []).append(report)
    order = sorted(
        groups, key=lambda q: (-len(groups[q]), -groups[q][0].reported_at.timestamp(), q)
    )
    lines = []
    for question_id in order[:LISTED]:
        group = groups[question_id]
        lines += _heading(question_id, group, pack)
        lines += [_comment(r, LISTED_COMMENT) for r in group[:COMMENTS_LISTED] if r.comment]
    if len(order) > LISTED:
        lines.append(f"…and {len(order) - LISTED} more questions with open reports.")
    return Reply(
        kind="info",
        title=f"{title}: {len(reports)} on {len(groups)} question{'s' if len(groups) > 1 else ''}",
        text="\n".join(lines),
        private=True,
        footer=f"One question in full: `{PREFIX} reports ID` · "
        f"done: `{PREFIX} reports close ID [note]`",
    )


def detail(question_id: str, reports: Sequence[QuestionReport], pack: KnowledgePack) -> Reply:
    """The open reports on one question, the latest comments in full."""
    if not reports:
        return error(f"There are no open reports on `{question_id}`.")
    lines = _heading(question_id, reports, pack)
    lines += [_comment(r, COMMENT_MAX) for r in reports[:COMMENTS_DETAILED] if r.comment]
    hidden = sum(1 for r in reports[COMMENTS_DETAILED:] if r.comment)
    if hidden:
        lines.append(f"…and {hidden} older comment{'s' if hidden > 1 else ''}.")
    return Reply(
        kind="info",
        title=f"Open reports on {question_id}",
        text="\n".join(lines),
        private=True,
        footer=f"Done: `{PREFIX} reports close {question_id} [note]`",
    )


def closed(question_id: str, count: int) -> Reply:
    """Reports closed by an admin."""
    if count == 0:
        return error(f"There are no open reports on `{question_id}`.")
    plural = "report" if count == 1 else "reports"
    return Reply(
        kind="info", private=True, text=f"Closed {count} open {plural} on `{question_id}`."
    )
