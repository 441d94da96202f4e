"""A note's diagram is a code block in Slack, and its sources a "Read more" line."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from note_fixtures import DIAGRAM, SOURCE, note_pack
from slack_harness import Slack

from adapters.slack_app import render
from bot.bootstrap import build_tutor
from bot.clock import FixedClock
from bot.settings import Settings
from bot.tutor import Tutor

# Every test here talks to a local fake server through the real library.
pytestmark = pytest.mark.slow


@pytest.fixture
def tutor(tmp_path: Path, clock: FixedClock) -> Iterator[Tutor]:
    pack = note_pack(tmp_path / "pack")
    settings = Settings(knowledge_path=pack.path, database_url=f"sqlite:///{tmp_path}/q.db")
    built = build_tutor(settings, pack=pack, clock=clock, rng=random.Random(1))
    yield built
    built.close()


async def test_a_note_shows_its_diagram_as_a_code_block_and_read_more(slack: Slack) -> None:
    await slack.click("e:flow")
    posted = (await slack.fake.wait_for("chat.postMessage"))[0]
    sections = [b["text"]["text"] for b in posted.args["blocks"] if b["type"] == "section"]
    drawn = render.escape(DIAGRAM)  # only &, < and > are escaped inside the block
    assert any(f"```\n{drawn}\n```" in text for text in sections), sections
    assert any(f"Read more: {SOURCE}" in text for text in sections)
    assert all(len(text) <= render.SECTION_LIMIT for text in sections)
