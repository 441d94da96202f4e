"""A fresh Store per test on each backend (SQLite in tmp_path, PostgreSQL in its own schema)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from bot.clock import FixedClock
from bot.store import Store

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(START)


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    opened = Store.from_url(database_url)
    yield opened
    opened.close()
