"""A real in-memory Outbox for direct messages, and platforms for the reminder scheduler."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from bot.reminders.scheduler import ReminderPlatform
from bot.replies import Reply

# Like Slack: team workspaces, a direct message's clicks arrive in the team it came from.
TEAMS = ReminderPlatform(
    name="slack",
    serves=lambda workspace: workspace.startswith("T"),
    direct_workspace=lambda user, workspace: workspace,
)
# Like Discord: servers and "dm:USER"; clicks on a direct message arrive in "dm:USER".
SERVERS = ReminderPlatform(
    name="discord",
    serves=lambda workspace: workspace.isdigit() or workspace.startswith("dm:"),
    direct_workspace=lambda user, workspace: f"dm:{user}",
    place_name=lambda workspace: {"101": "Docker Club", "202": "AWS Study"}.get(workspace, ""),
)


@dataclass
class DirectOutbox:
    """Keeps the direct messages sent; `errors` are raised by the next sends, in order."""

    sent: list[tuple[str, str, Reply]] = field(default_factory=list)
    errors: list[Exception] = field(default_factory=list)
    attempts: int = 0
    log: Path | None = None  # also append each message here (for tests across processes)

    async def post(self, *, workspace: str, channel: str, reply: Reply) -> str:
        raise AssertionError("reminders only send direct messages")

    async def post_reply(self, *, workspace: str, channel: str, thread: str, reply: Reply) -> str:
        raise AssertionError("reminders only send direct messages")

    async def notify(self, *, workspace: str, user: str, reply: Reply) -> None:
        self.attempts += 1
        if self.errors:
            raise self.errors.pop(0)
        self.sent.append((workspace, user, reply))
        if self.log is not None:
            with self.log.open("a") as out:
                out.write(f"{workspace} {user} {reply.text.splitlines()[0]}\n")

    def to(self, user: str) -> list[Reply]:
        return [reply for _, to, reply in self.sent if to == user]
