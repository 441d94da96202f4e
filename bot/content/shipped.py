"""The pack's record of every question id it has ever released (`shipped.yaml`).

Learners' progress (answers, review cards, exams, daily posts) refers to question ids, so an
id, once released, must stay a question or be named in a successor's `replaces`.
`docker-quiz validate --strict` checks that against this list; `docker-quiz validate
--record-shipped` adds the pack's current question ids to it. The list only grows.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.content.pack import SHIPPED, KnowledgePack

FILE = "shipped.yaml"
HEADER = """\
# Every question id this pack has ever released, kept so that no learner's progress is
# orphaned: a shipped id must stay a question, or be listed in the `replaces` of the question
# that took its place. Never edit by hand and never remove an id: after adding questions, run
#   docker-quiz validate --record-shipped
# (`docker-quiz validate --strict` fails until new ids are recorded). See CONTRIBUTING.md.
"""


def record_shipped(pack: KnowledgePack) -> tuple[Path, list[str]]:
    """Add the pack's question ids to its shipped list (creating `shipped.yaml` in the pack
    folder when it has none); returns the file and the ids newly recorded, sorted."""
    target = pack.path / (pack.shipped_file or FILE)
    added = sorted(set(pack.questions) - pack.shipped)
    everything = sorted(pack.shipped | set(pack.questions))
    body = yaml.safe_dump({SHIPPED: everything}, default_flow_style=False, sort_keys=False)
    target.write_text(HEADER + body, encoding="utf-8")
    return target, added
