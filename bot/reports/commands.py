"""Filing reports from the report form, and `reports` for admins to list and close them."""

from __future__ import annotations

import re

from bot import actions, wording
from bot.clock import Clock
from bot.commands import Invocation
from bot.content.pack import KnowledgePack
from bot.replies import Reply, Request
from bot.reports import wording as report_wording
from bot.store import Instance, Store

REASON_CODES = frozenset(code for code, _ in report_wording.REASONS)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # keeps tabs and line breaks


class ReportsCommands:
    """The report form, its submission (one report per learner and question), and the
    admins' `reports [ID]` / `reports close ID [note]` (admins only: the registry says so)."""

    def __init__(self, *, pack: KnowledgePack, store: Store, clock: Clock) -> None:
        self.pack = pack
        self.store = store
        self.clock = clock

    def form(self, ref: str) -> Reply:
        """The report form for question instance `ref` (no store access)."""
        return report_wording.form(ref)

    def submit(self, request: Request, action: actions.Action) -> Reply:
        """Store the submitted form: the reason must be one of ours; the comment is kept
        as typed, without control characters, cut to COMMENT_MAX."""
        instance = self._instance(request, action.ref)
        # A question merged into another since: the one the learner saw is gone.
        if (
            instance is None
            or instance.replaced_id is not None
            or instance.question_id not in self.pack.questions
        ):
            return wording.error(wording.QUESTION_GONE)
        reason = str(request.fields.get("reason", "")).strip()
        if reason not in REASON_CODES:
            return wording.error(report_wording.PICK_A_REASON)
        typed = _CONTROL.sub("", str(request.fields.get("comment", ""))).strip()
        comment = typed[: report_wording.COMMENT_MAX].rstrip()
        new = self.store.report_question(
            workspace=request.workspace,
            user=request.user,
            question_id=instance.question_id,
            reason=reason,
            comment=comment,
            now=self.clock.now(),
        )
        return report_wording.thanks(new=new, shortened=len(typed) > report_wording.COMMENT_MAX)

    def reports(self, request: Request, invocation: Invocation) -> Reply:
        """`reports`: open reports by question; `reports ID`: one question's in full;
        `reports close ID [note]`: close them."""
        question = invocation.text("question")
        note = invocation.text("note")
        if invocation.values.get("close"):
            if not question:
                # `reports close Bad_Id`: the word that is not an id was read as the note.
                word = note.split()[0] if note else ""
                return wording.error(report_wording.not_a_question(word))
            count = self.store.close_reports(
                workspace=request.workspace,
                question_id=question,
                by=request.user,
                note=_CONTROL.sub("", note).strip()[: report_wording.COMMENT_MAX],
                now=self.clock.now(),
            )
            return report_wording.closed(question, count)
        if note:
            return wording.error(report_wording.NOTE_NEEDS_CLOSE)
        reports = self.store.open_reports(workspace=request.workspace)
        if question:
            mine = [report for report in reports if report.question_id == question]
            return report_wording.detail(question, mine, self.pack)
        return report_wording.listing(reports, self.pack)

    def _instance(self, request: Request, ref: str) -> Instance | None:
        # Any channel: a modal's submission may come without one, and where a report is
        # sent from changes nothing.
        return self.store.find_instance(workspace=request.workspace, ref=ref)
