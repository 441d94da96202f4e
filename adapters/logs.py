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

from adapters import frontends
from bot.settings import Settings

REDACTED = "[redacted]"
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class Redactor:
    """Replaces token-shaped strings and the configured secret values with [redacted]."""

    def __init__(self, secrets: Iterable[str] = (), shapes: Iterable[str] = ()) -> None:
        # Longest first, so a secret containing another is replaced whole.
        self.secrets = sorted({s for s in secrets if len(s) >= 6}, key=len, reverse=True)
        patterns = list(shapes)
        self.shapes = re.compile("|".join(patterns)) if patterns else None

    def __call__(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, REDACTED)
        return self.shapes.sub(REDACTED, text) if self.shapes is not None else text


def secret_values(env: Mapping[str, str], names: Iterable[str]) -> list[str]:
    """The configured secrets: the named settings and the password in DATABASE_URL."""
    values = [env.get(name, "").strip() for name in names]
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
    """Send every log record to stderr, one line each, at LOG_LEVEL, with every front end's
    secrets (the values of its secret settings, and anything shaped like its tokens) and the
    database password redacted."""
    env = os.environ if env is None else env
    handler = logging.StreamHandler(stream or sys.stderr)
    redactor = Redactor(secret_values(env, frontends.secret_settings()), frontends.token_shapes())
    handler.addFilter(RedactingFilter(redactor))
    if settings.log_format == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(OneLineFormatter(TEXT_FORMAT))
    logging.basicConfig(level=settings.log_level, handlers=[handler], force=True)
    logging.captureWarnings(True)
