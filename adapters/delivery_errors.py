"""Reading a failed platform call as the core's `DeliveryError`: the part of that translation
both bots share (HTTP status, Retry-After, network failures); each outbox adds its platform's
own error codes (`PROBLEMS`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any, TypeVar

import aiohttp

from bot.daily.scheduler import DeliveryError, Problem

T = TypeVar("T")


def http_error(
    known: Problem | None, status: int, headers: Any, detail: str
) -> DeliveryError | None:
    """A platform's HTTP error as a delivery problem: `known` (from its error code) first,
    else 429 is a rate limit and 5xx an outage; None for anything else (a bug to raise)."""
    problem = known
    if problem is None and status == 429:
        problem = Problem.RATE_LIMITED
    if problem is None and status >= 500:
        problem = Problem.UNAVAILABLE
    if problem is None:
        return None
    return DeliveryError(problem, retry_after=retry_after(headers), detail=detail)


def network_error(exc: BaseException) -> DeliveryError | None:
    """A connection failure or timeout is a passing outage; None for anything else."""
    if isinstance(exc, aiohttp.ClientError | TimeoutError):
        return DeliveryError(Problem.UNAVAILABLE, detail=type(exc).__name__)
    return None


def retry_after(headers: Mapping[str, Any] | None) -> float | None:
    """The Retry-After header in seconds (either case; a list takes its first value), or None
    when it is missing or not a number."""
    found = headers or {}
    raw = found.get("Retry-After") or found.get("retry-after")
    if isinstance(raw, list):
        raw = raw[0] if raw else None
    try:
        return float(raw) if raw is not None else None
    except (TypeError, ValueError):
        return None


async def translated(
    call: Awaitable[T], translate: Callable[[BaseException], DeliveryError | None]
) -> T:
    """Await `call`; an exception `translate` recognises is raised as its DeliveryError."""
    try:
        return await call
    except Exception as exc:
        found = translate(exc)
        if found is None:
            raise
        raise found from exc
