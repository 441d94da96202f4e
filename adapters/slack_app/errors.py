"""Say what went wrong with a Slack call in a short, safe log fragment."""

from __future__ import annotations

from typing import Any


def describe(exc: BaseException) -> str:
    """The exception type, the HTTP status and Slack's `error` code when known; never the
    response body (a 5xx page may be anything, and long) and never a token.

    `SlackApiError.response.get(...)` itself raises when the body was not JSON, so the
    response is read defensively here.
    """
    response: Any = getattr(exc, "response", None)
    parts = [type(exc).__name__]
    status = getattr(response, "status_code", None)
    if isinstance(status, int):
        parts.append(f"HTTP {status}")
    data = getattr(response, "data", None)
    if isinstance(data, dict) and isinstance(data.get("error"), str):
        parts.append(data["error"][:100])
    return ", ".join(parts)
