"""A note's diagram and sources reach the learner in every text front end; diagrams are never
searched. (Slack and Discord rendering of the same replies is tested beside their fakes.)"""

from __future__ import annotations

import io
import random
from datetime import UTC, datetime
from pathlib import Path

from note_fixtures import DIAGRAM, SOURCE, note_pack

from adapters.screen import Screen
from bot.bootstrap import build_tutor
from bot.clock import FixedClock
from bot.content.pack import KnowledgePack
from bot.lookup.index import LookupIndex
from bot.lookup.wording import entry
from bot.replies import Request
from bot.settings import Settings


def test_an_entry_reply_carries_its_diagram_as_a_code_block_and_read_more(
    tmp_path: Path,
) -> None:
    pack = note_pack(tmp_path / "pack")
    reply = entry(pack.entries["flow"], pack)
    assert f"```\n{DIAGRAM}\n```" in reply.text
    assert reply.text.endswith(f"Read more: {SOURCE}")


def test_the_terminal_prints_the_diagram_verbatim_without_fences(tmp_path: Path) -> None:
    pack = note_pack(tmp_path / "pack")
    out = io.StringIO()
    Screen(out, colour=False).show(entry(pack.entries["flow"], pack))
    printed = out.getvalue()
    assert DIAGRAM in printed  # no styling: ** and _ and "- " stay as drawn
    assert "```" not in printed and f"Read more: {SOURCE}" in printed
    coloured = io.StringIO()
    Screen(coloured, colour=True).show(entry(pack.entries["flow"], pack))
    for line in DIAGRAM.splitlines():
        assert line in coloured.getvalue()


def test_diagram_words_are_never_searched(tmp_path: Path, pack: KnowledgePack) -> None:
    flow = note_pack(tmp_path / "pack").entries["flow"]
    index = LookupIndex([*pack.entries.values(), flow])
    assert "quokka" in DIAGRAM
    assert index.search("what is a quokka").best is None
    # The same word in a phrasing is found: it is the diagram that is left out.
    asked = flow.model_copy(update={"phrasings": (*flow.phrasings, "what is a quokka")})
    found = LookupIndex([*pack.entries.values(), asked]).search("what is a quokka").best
    assert found is not None and found.entry.id == "flow"


def test_question_feedback_ends_with_read_more(tmp_path: Path) -> None:
    pack = note_pack(tmp_path / "pack")
    tutor = build_tutor(
        Settings(knowledge_path=pack.path, database_url=f"sqlite:///{tmp_path}/q.db"),
        pack=pack,
        clock=FixedClock(datetime(2026, 6, 1, tzinfo=UTC)),
        rng=random.Random(1),
    )
    try:
        question = tutor.handle(Request(workspace="W", user="U", text="/docker-quiz"))
        feedback = tutor.handle(Request(workspace="W", user="U", text="B"))
        assert question.kind == "question" and feedback.kind == "feedback"
        assert feedback.text.endswith(f"Read more: {SOURCE}")
        explained = tutor.handle(Request(workspace="W", user="U", action="e:flow"))
        assert "```" in explained.text and SOURCE in explained.text
    finally:
        tutor.close()
