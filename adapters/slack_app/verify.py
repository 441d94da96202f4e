"""HTTP mode's gate: Slack's request signature, checked on the raw bytes, and replays.

Slack signs `v0:{timestamp}:{body}` with the app's signing secret (HMAC-SHA256) and sends
the timestamp and signature in headers. The check runs before anything parses the body, so
an unsigned request can never reach a parser (or its exceptions). We check the raw bytes
ourselves rather than with `slack_sdk.signature.SignatureVerifier` because that one calls
`int()` on the timestamp header and decodes the body as UTF-8, both of which raise on
what an outsider may send.

A signed request is valid for `WINDOW` seconds either side of its timestamp, so a copy of
it could be replayed within that time. `Replays` remembers each (timestamp, signature) in
the store, shared by every replica, and forgets it once no copy can pass the clock check.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import hmac
import logging
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta

from adapters.admission import Admission, Refused
from bot.tutor import Tutor

log = logging.getLogger(__name__)

WINDOW = 300  # seconds a timestamp may differ from our clock (Slack's rule)
SCOPE = "slack-requests"  # the store's workspace column for replay keys
PRUNE_EVERY = 60.0  # seconds between prunes of expired replay keys
_TIMESTAMP = re.compile(r"[0-9]{1,12}")
_SIGNATURE = re.compile(r"v0=[0-9a-f]{64}")


@dataclass(frozen=True, slots=True)
class Verdict:
    """The outcome of the signature check: `ok`, or the short reason it failed."""

    ok: bool
    reason: str = ""
    timestamp: str = ""
    signature: str = ""

    @property
    def key(self) -> str:
        """What identifies this signed request for replay detection."""
        return f"{self.timestamp}:{self.signature}"


def verify(
    raw: bytes,
    headers: Mapping[str, str],
    *,
    secret: str,
    now: Callable[[], float] = time.time,
) -> Verdict:
    """Check Slack's v0 signature of `raw` (the body exactly as received) and its timestamp."""
    timestamp = headers.get("X-Slack-Request-Timestamp", "")
    signature = headers.get("X-Slack-Signature", "")
    if not _TIMESTAMP.fullmatch(timestamp):
        return Verdict(False, "missing or malformed timestamp")
    if abs(now() - int(timestamp)) > WINDOW:
        return Verdict(False, "timestamp outside the 5-minute window")
    if not _SIGNATURE.fullmatch(signature):
        return Verdict(False, "missing or malformed signature")
    expected = hmac.new(
        secret.encode(), b"v0:" + timestamp.encode() + b":" + raw, hashlib.sha256
    ).hexdigest()
    if not hmac.compare_digest("v0=" + expected, signature):
        return Verdict(False, "signature does not match")
    return Verdict(True, timestamp=timestamp, signature=signature)


class Replays:
    """Signed requests seen within the window, remembered in the store (replicas share it).

    Claims are group-committed: requests that arrive while one claim transaction runs wait
    for the next, which claims all of them at once, so under load the check costs one disk
    sync per batch rather than per request.
    """

    def __init__(self, tutor: Tutor, admission: Admission) -> None:
        self.tutor = tutor
        self.admission = admission
        self._waiting: list[tuple[str, asyncio.Future[bool | None]]] = []
        self._flushing = False
        self._flusher: asyncio.Task[None] | None = None  # held, so it is not collected

    async def first_time(self, verdict: Verdict) -> bool | None:
        """True the first time this signed request is seen, False for a repeat; None when
        the store is too busy to say (refuse the request). Store errors propagate."""
        if self.admission.overloaded():
            return None
        future: asyncio.Future[bool | None] = asyncio.get_running_loop().create_future()
        self._waiting.append((verdict.key, future))
        if not self._flushing:
            self._flushing = True
            self._flusher = asyncio.create_task(self._flush())
        return await future

    async def _flush(self) -> None:
        try:
            while self._waiting:
                batch, self._waiting = self._waiting, []
                claim = functools.partial(
                    self.tutor.claim_each_once, SCOPE, [key for key, _ in batch]
                )
                try:
                    claimed = await self.admission.run(claim)
                except Exception as exc:
                    for _, future in batch:
                        if not future.done():
                            future.set_exception(exc)
                    continue
                for n, (_, future) in enumerate(batch):
                    if not future.done():  # its request may have been cancelled meanwhile
                        future.set_result(None if isinstance(claimed, Refused) else claimed[n])
        finally:
            self._flushing = False

    async def prune_forever(self, stop: asyncio.Event, every: float = PRUNE_EVERY) -> None:
        """Forget keys no copy could still use (older than twice the window: a timestamp
        may run ahead of our clock by a whole window), every `every` seconds until `stop`."""
        while not stop.is_set():
            try:
                await asyncio.to_thread(self.prune)
            except Exception as exc:
                log.warning("could not prune replay keys: %s", type(exc).__name__)
            try:
                await asyncio.wait_for(stop.wait(), timeout=every)
            except TimeoutError:
                continue

    def prune(self) -> int:
        """Forget expired keys now; returns how many."""
        return self.tutor.forget_claims(SCOPE, older_than=timedelta(seconds=2 * WINDOW))
