"""`remind on [HH:MM] | remind off | remind status`, the stop button, and the status other
views show. Anyone may set their own reminder; it is theirs, in every workspace."""

from __future__ import annotations

from bot import actions
from bot.clock import Clock
from bot.commands import Invocation
from bot.content.pack import KnowledgePack
from bot.daily.scheduler import Outbox, Problem
from bot.reminders import wording
from bot.reminders.estimate import seconds_per_review
from bot.reminders.scheduler import ReminderPlatform, ReminderScheduler, record_install_problem
from bot.reminders.status import DEFAULT_TIME, ReminderStatus, reminder_status
from bot.replies import Reply, Request
from bot.store import Reminder, Store


class ReminderCommands:
    """Handlers for `remind` and the reminder's "Stop these reminders" button."""

    def __init__(self, *, pack: KnowledgePack, store: Store, clock: Clock) -> None:
        self.pack = pack
        self.store = store
        self.clock = clock
        self.seconds_per_review = seconds_per_review(pack)

    def command(self, request: Request, invocation: Invocation) -> Reply:
        """Dispatch `remind on [time]`, `remind off` and `remind status` (the default)."""
        action = invocation.text("action")
        if action == "on" or (not action and "time" in invocation.values):
            return self._on(request, invocation.text("time"))
        if action == "off":
            return self.stop(request)
        status = self.reminder_status(request.workspace, request.user)
        return wording.status(status, self.clock.now())

    def stop(self, request: Request) -> Reply:
        """`remind off`, or a click on "Stop these reminders"."""
        found = self.store.reminder(user=request.user)
        if found is not None and found.enabled:
            self.store.set_reminder(
                user=request.user,
                workspace=found.workspace,
                time=found.time,
                enabled=False,
                now=self.clock.now(),
            )
        return wording.turned_off()

    def reminder_status(self, workspace: str, user: str) -> ReminderStatus:
        """The reminder of `user` as `workspace` shows it (e.g. the Slack Home tab)."""
        return reminder_status(self.store, workspace=workspace, user=user, now=self.clock.now())

    def due_now(self, workspace: str, user: str) -> int:
        """How many of the user's reviews are due now in `workspace` (questions of the pack)."""
        due = self.store.due_reviews(user=user, now=self.clock.now()).get(workspace, [])
        return sum(1 for qid in due if qid in self.pack.questions)

    def install_problem(self, workspace: str, problem: Problem) -> None:
        """A front end found at start that its install cannot send reminders (Slack: the
        token lacks `im:write`): recorded, shown by `remind status`, logged once."""
        record_install_problem(
            self.store, workspace=workspace, problem=problem, now=self.clock.now()
        )

    def due_line(self, workspace: str, user: str) -> str | None:
        """'3 reviews are due (about 1 minute): type `review` to start.', None when none is
        due: what a front end without direct messages (the terminal) shows when it starts."""
        due = self.due_now(workspace, user)
        if not due:
            return None
        return wording.due_at_start(due, seconds_per_review=self.seconds_per_review)

    def message(
        self, platform: ReminderPlatform, reminder: Reminder, due: dict[str, list[str]]
    ) -> Reply | None:
        """The reminder for `due` question ids by workspace (questions of the pack count), a
        line and a button per workspace; None when nothing counts. A button for a workspace
        other than the one the direct message's clicks arrive in is `review()` routed there."""
        home = platform.direct_workspace(reminder.user, reminder.workspace)
        lines = [
            wording.DueLine(
                name=platform.place_name(workspace),
                due=count,
                action=actions.review()
                if workspace == home
                else actions.routed(workspace, actions.review()),
            )
            for workspace, ids in sorted(due.items())
            if (count := sum(1 for qid in ids if qid in self.pack.questions))
        ]
        if not lines:
            return None
        return wording.reminder(lines, seconds_per_review=self.seconds_per_review)

    def scheduler(self, outbox: Outbox, platform: ReminderPlatform) -> ReminderScheduler:
        """The reminder loop of one platform, sending through an adapter's outbox."""
        return ReminderScheduler(
            store=self.store,
            outbox=outbox,
            clock=self.clock,
            platform=platform,
            render=lambda reminder, due: self.message(platform, reminder, due),
        )

    def _on(self, request: Request, time: str) -> Reply:
        found = self.store.reminder(user=request.user)
        chosen = time or (found.time if found is not None else DEFAULT_TIME)
        now = self.clock.now()
        self.store.set_reminder(
            user=request.user, workspace=request.workspace, time=chosen, enabled=True, now=now
        )
        status = self.reminder_status(request.workspace, request.user)
        # "UTC" is also what an unset zone reads as: then say how to set one.
        return wording.turned_on(status, now, zone_set=status.tz != "UTC")
