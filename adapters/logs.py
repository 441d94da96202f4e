"""Logging for every front end: one line per event, JSON when asked, secrets never written."""

from __future__ import annotations

import json
import logging
import os
import re
import sys
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import TextIO
from urllib.parse import urlsplit

from bot.settings import Settings

# Settings whose values are secrets, wherever they might end up in a message or traceback.
SECRET_SETTINGS = ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "DISCORD_TOKEN")
REDACTED = "[redacted]"
# Slack tokens (xoxb-, xoxp-, xoxa-, xoxr-, xoxs-, xapp-) and Discord bot tokens
# (base64 user id . timestamp . HMAC).
TOKEN_SHAPES = re.compile(
    r"\bxox[abeoprs]-[A-Za-z0-9-]{6,}"
    r"|\bxapp-[A-Za-z0-9-]{6,}"
    r"|\b[A-Za-z0-9_-]{23,28}\.[A-Za-z0-9_-]{6,7}\.[A-Za-z0-9_-]{27,}"
)
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class Redactor:
    """Replaces token-shaped strings and the configured secret values with [redacted]."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        # Longest first, so a secret containing another is replaced whole.
        self.secrets = sorted({s for s in secrets if len(s) >= 6}, key=len, reverse=True)

    def __call__(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, REDACTED)
        return TOKEN_SHAPES.sub(REDACTED, text)


def secret_values(env: Mapping[str, str]) -> list[str]:
    """The configured secrets: token settings and the password in DATABASE_URL."""
    values = [env.get(name, "").strip() for name in SECRET_SETTINGS]
    password = urlsplit(env.get("DATABASE_URL", "").strip()).password
    return [v for v in [*values, password or ""] if v]


class RedactingFilter(logging.Filter):
    """Rewrites each record's message, traceback and stack with the secrets redacted."""

    def __init__(self, redact: Redactor) -> None:
        super().__init__()
        self.redact = redact

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = self.redact(record.getMessage())
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: ts, level, logger, message, and exc when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        event: dict[str, object] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            event["exc"] = record.exc_text
        if record.stack_info:
            event["stack"] = record.stack_info
        return json.dumps(event, ensure_ascii=False)


class OneLineFormatter(logging.Formatter):
    """The text format, with tracebacks folded onto the event's line."""

    def format(self, record: logging.LogRecord) -> str:
        return super().format(record).replace("\n", "\\n")


def setup_logging(
    settings: Settings, *, env: Mapping[str, str] | None = None, stream: TextIO | None = None
) -> None:
    """Send every log record to stderr, one line each, at LOG_LEVEL, with secrets redacted."""
    env = os.environ if env is None else env
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.addFilter(RedactingFilter(Redactor(secret_values(env))))
    if settings.log_format == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(OneLineFormatter(TEXT_FORMAT))
    logging.basicConfig(level=settings.log_level, handlers=[handler], force=True)
    logging.captureWarnings(True)
