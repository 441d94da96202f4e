"""A note's diagram is a code block in a Discord embed, and its sources a "Read more" line."""

from __future__ import annotations

from pathlib import Path

from note_fixtures import DIAGRAM, SOURCE, note_pack

from adapters.discord_bot import render
from bot.lookup.wording import entry


def test_a_note_embed_has_the_diagram_code_block_and_read_more(tmp_path: Path) -> None:
    pack = note_pack(tmp_path / "pack")
    embed = render.embed(entry(pack.entries["flow"], pack))
    description = embed.description or ""
    assert f"```\n{DIAGRAM}\n```" in description  # Discord markdown: passed through as is
    assert description.endswith(f"Read more: {SOURCE}")
