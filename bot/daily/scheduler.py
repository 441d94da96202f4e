"""The daily quiz: one question per channel per local day, exactly once, then a reveal.

Scheduling is a small asyncio loop over the database claims, not APScheduler. The claim rows
in the database already are the schedule's source of truth, shared by every replica; with
APScheduler we would keep a second copy of that schedule in its job store, reconcile it with
`daily on/off` edits, and still need the claims for exactly-once across replicas. Polling a
handful of rows every 30 seconds is cheap, and a late post after downtime falls out of the
same rule ("is today's slot due and unclaimed?") with no misfire settings to tune.

Exactly once: a replica inserts the slot's claim row (unique workspace, channel, local day)
before posting, and records the platform's message ref right after. A post that raises marks
the slot "failed" and the next pass retries it. A claim left "posting" by a process that
died is taken over only after `lease` (2 minutes), and every post is bounded by a timeout of
half the lease, so a slow but live poster is never overtaken.

The remaining window: if the process dies after the platform accepted the post but before
the ref is committed (one small UPDATE), the slot is re-posted after the lease, so that
channel sees the question twice. No protocol can close this without the platform taking an
idempotency key; we keep it to the milliseconds between the API's answer and that commit.

Time zones: the slot is HH:MM local time (zoneinfo). On a spring-forward day a time inside
the gap (02:30 in Europe/Berlin) is read with the offset before the change, so it posts at
03:30 local; on a fall-back day an ambiguous time posts at its first occurrence, and the
repeated hour cannot post again because the local day is already claimed.

After downtime: today's slot, if missed, is posted late, once; earlier days are skipped.
The reveal is due `reveal_hours` after the actual post, so a late post still gets its window.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.errors import DockerQuizError
from bot.replies import Reply
from bot.store import DailyConfig, DailyPost, Instance, Store, Tally

__all__ = ["DailyConfig", "DailyScheduler", "Outbox", "next_post_at", "slot_at", "today_slot"]

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=2)
EVENT_KEY_TTL = timedelta(days=1)
POLL_SECONDS = 30.0

PickQuestion = Callable[[set[str]], str | None]
RenderQuestion = Callable[[Instance], Reply]
RenderReveal = Callable[[Instance, Tally, list[str]], Reply]


class Outbox(Protocol):
    """How the core posts to a channel; each adapter implements it (print, Slack, Discord)."""

    async def post(self, *, workspace: str, channel: str, reply: Reply) -> str:
        """Post at the top level of a channel; returns the platform's message ref."""
        ...

    async def post_reply(self, *, workspace: str, channel: str, thread: str, reply: Reply) -> str:
        """Post in the thread of message `thread`; returns the new message's ref."""
        ...


def slot_at(config: DailyConfig, day: date) -> datetime:
    """The UTC moment of the post on local `day` (gap times read with the earlier offset)."""
    hours, minutes = (int(part) for part in config.time.split(":"))
    local = datetime.combine(day, time(hours, minutes), tzinfo=ZoneInfo(config.tz))
    return local.astimezone(ZoneInfo("UTC"))


def next_post_at(config: DailyConfig, now: datetime) -> datetime:
    """The next post at or after `now`: today's slot if still ahead, else tomorrow's."""
    today = now.astimezone(ZoneInfo(config.tz)).date()
    at = slot_at(config, today)
    return at if at >= now else slot_at(config, today + timedelta(days=1))


def today_slot(
    config: DailyConfig, now: datetime, *, enabled_at: datetime | None = None
) -> str | None:
    """Today's local date (ISO) if its post is due now, else None.

    Only today counts (older missed days are skipped), and not a slot that passed before
    the daily question was turned on.
    """
    today = now.astimezone(ZoneInfo(config.tz)).date()
    at = slot_at(config, today)
    if now < at or (enabled_at is not None and at < enabled_at):
        return None
    return today.isoformat()


class DailyScheduler:
    """Posts due daily questions and reveals through an Outbox; safe to run on every replica.

    The tutor supplies the content: `pick_question(seen)` chooses a question id not in
    `seen` (None when none is left), `render_question(instance)` builds the post with its
    answer buttons, `render_reveal(instance, tally, first_correct)` builds the reveal.
    """

    def __init__(
        self,
        *,
        store: Store,
        outbox: Outbox,
        clock: Clock,
        pick_question: PickQuestion,
        render_question: RenderQuestion,
        render_reveal: RenderReveal,
        lease: timedelta = LEASE,
        poll_seconds: float = POLL_SECONDS,
    ) -> None:
        self.store = store
        self.outbox = outbox
        self.clock = clock
        self.pick_question = pick_question
        self.render_question = render_question
        self.render_reveal = render_reveal
        self.lease = lease
        self.poll_seconds = poll_seconds

    async def run_once(self) -> int:
        """Make every post and reveal that is due now, once; returns how many succeeded."""
        now = self.clock.now()
        done = 0
        for config, enabled_at in await asyncio.to_thread(self.store.enabled_dailies):
            day = today_slot(config, now, enabled_at=enabled_at)
            if day is not None and await self._post(config, day, now):
                done += 1
        reveals = await asyncio.to_thread(
            lambda: self.store.claim_daily_reveal(now=now, lease=self.lease)
        )
        for post in reveals:
            if await self._reveal(post):
                done += 1
        # The bots' one periodic loop also forgets re-sent-event keys once no platform would
        # re-send them (Slack retries within minutes), so that table stays small.
        await asyncio.to_thread(lambda: self.store.forget_keys(before=now - EVENT_KEY_TTL))
        return done

    async def run_forever(self, stop: asyncio.Event) -> None:
        """Run passes until `stop` is set; a failing pass is logged and the loop goes on."""
        while not stop.is_set():
            try:
                await self.run_once()
            except DockerQuizError:
                log.exception("daily pass failed; retrying in %.0f s", self.poll_seconds)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=self.poll_seconds)

    async def _post(self, config: DailyConfig, day: str, now: datetime) -> bool:
        claim = await asyncio.to_thread(
            lambda: self.store.claim_daily_post(
                workspace=config.workspace,
                channel=config.channel,
                day=day,
                now=now,
                lease=self.lease,
            )
        )
        if claim is None:
            return False
        try:
            instance = await asyncio.to_thread(self._instance_for, claim, now)
            reply = self.render_question(instance)
            ref = await asyncio.wait_for(
                self.outbox.post(workspace=config.workspace, channel=config.channel, reply=reply),
                timeout=self.lease.total_seconds() / 2,
            )
        except Exception as exc:  # any failure: the slot must become retryable
            log.exception("daily post to %s/%s failed", config.workspace, config.channel)
            error = repr(exc)
            await asyncio.to_thread(lambda: self.store.mark_daily_failed(post=claim, error=error))
            return False

        def record() -> None:
            posted_at = self.clock.now()
            self.store.mark_daily_posted(
                post=claim,
                message_ref=ref,
                now=posted_at,
                reveal_at=posted_at + timedelta(hours=config.reveal_hours),
            )
            self.store.set_instance_message(
                workspace=config.workspace, instance_id=instance.id, message_ref=ref
            )

        await asyncio.to_thread(record)
        log.info("daily question posted to %s/%s for %s", config.workspace, config.channel, day)
        return True

    def _instance_for(self, claim: DailyPost, now: datetime) -> Instance:
        """The slot's question instance: the one from a failed attempt, or a fresh pick."""
        if claim.instance_id is not None:
            found = self.store.get_instance(
                workspace=claim.workspace, instance_id=claim.instance_id
            )
            if found is not None:
                return found
        scope = f"channel:{claim.channel}"
        seen = self.store.seen(workspace=claim.workspace, scope=scope)
        question_id = self.pick_question(seen)
        if question_id is None and seen:  # the pool is used up: start it over
            self.store.reset_seen(workspace=claim.workspace, scope=scope)
            question_id = self.pick_question(set())
        if question_id is None:
            raise DockerQuizError("there are no questions to post")
        instance = self.store.create_instance(
            workspace=claim.workspace,
            question_id=question_id,
            kind="daily",
            now=now,
            channel=claim.channel,
        )
        self.store.mark_seen(workspace=claim.workspace, scope=scope, question_id=question_id)
        self.store.set_daily_instance(post=claim, instance_id=instance.id)
        return instance

    async def _reveal(self, post: DailyPost) -> bool:
        try:
            reply = await asyncio.to_thread(self._reveal_reply, post)
            if reply is not None and post.message_ref is not None:
                await asyncio.wait_for(
                    self.outbox.post_reply(
                        workspace=post.workspace,
                        channel=post.channel,
                        thread=post.message_ref,
                        reply=reply,
                    ),
                    timeout=self.lease.total_seconds() / 2,
                )
        except Exception as exc:  # any failure: the reveal must become retryable
            log.exception("daily reveal in %s/%s failed", post.workspace, post.channel)
            error = repr(exc)
            await asyncio.to_thread(
                lambda: self.store.mark_daily_revealed(post=post, ok=False, error=error)
            )
            return False
        await asyncio.to_thread(lambda: self.store.mark_daily_revealed(post=post, ok=True))
        return reply is not None

    def _reveal_reply(self, post: DailyPost) -> Reply | None:
        if post.instance_id is None:
            return None
        instance = self.store.get_instance(workspace=post.workspace, instance_id=post.instance_id)
        if instance is None:
            return None
        tally = self.store.tally(workspace=post.workspace, instance_id=instance.id)
        first = self.store.first_correct(workspace=post.workspace, instance_id=instance.id)
        return self.render_reveal(instance, tally, first)
