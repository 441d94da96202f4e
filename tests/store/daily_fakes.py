"""A real in-memory Outbox and the tutor-side callables the daily scheduler needs."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bot.clock import Clock
from bot.daily.scheduler import DailyScheduler
from bot.replies import Reply
from bot.store import Instance, Store, Tally


@dataclass
class MemoryOutbox:
    """Keeps what was posted; `fail` makes the next N posts raise, like a platform error
    (`error`, when set, is what they raise); `notes` keeps the direct messages sent."""

    posts: list[tuple[str, str, str | None, str]] = field(default_factory=list)
    fail: int = 0
    error: Exception | None = None
    log: Path | None = None  # also append each post here (for tests across processes)
    notes: list[tuple[str, str, Reply]] = field(default_factory=list)
    attempts: int = 0

    async def post(self, *, workspace: str, channel: str, reply: Reply) -> str:
        return self._post(workspace, channel, None, reply)

    async def post_reply(self, *, workspace: str, channel: str, thread: str, reply: Reply) -> str:
        return self._post(workspace, channel, thread, reply)

    async def notify(self, *, workspace: str, user: str, reply: Reply) -> None:
        self.notes.append((workspace, user, reply))

    def _post(self, workspace: str, channel: str, thread: str | None, reply: Reply) -> str:
        self.attempts += 1
        if self.fail:
            self.fail -= 1
            raise self.error or ConnectionError("the platform said no")
        ref = f"m{len(self.posts) + 1}"
        self.posts.append((workspace, channel, thread, reply.text))
        if self.log is not None:
            with self.log.open("a") as out:
                out.write(f"{workspace} {channel} {thread} {reply.text}\n")
        return ref


def picker(pool: Sequence[str]) -> Callable[[set[str]], str | None]:
    def pick(seen: set[str]) -> str | None:
        return next((qid for qid in pool if qid not in seen), None)

    return pick


def render_question(instance: Instance) -> Reply:
    return Reply(kind="question", text=f"daily {instance.question_id} #{instance.id}")


def render_reveal(instance: Instance, tally: Tally, first: list[str]) -> Reply:
    return Reply(
        kind="info",
        text=f"answer to {instance.question_id}: {tally.answered} answered, "
        f"{tally.correct} right, first {','.join(first)}",
    )


def scheduler(
    store: Store, outbox: MemoryOutbox, clock: Clock, pool: Sequence[str] = ("q1", "q2")
) -> DailyScheduler:
    return DailyScheduler(
        store=store,
        outbox=outbox,
        clock=clock,
        pick_question=picker(pool),
        render_question=render_question,
        render_reveal=render_reveal,
    )
