"""`items`: item analysis in chat for a workspace's admins (the CLI prints the full table)."""

from __future__ import annotations

from collections.abc import Mapping

from bot.commands import Invocation
from bot.content.pack import KnowledgePack
from bot.content.schema import Question
from bot.items import wording
from bot.items.analysis import ItemStats, analyse
from bot.replies import Reply, Request
from bot.store import Store


def item_analysis(
    store: Store, questions: Mapping[str, Question], *, workspace: str | None = None
) -> list[ItemStats]:
    """Statistics of every question in `questions` from the first answers (and open reports)
    in one workspace, or (None) in all of them."""
    counts = store.item_counts(workspace=workspace)
    return analyse(questions, counts, store.open_report_counts(workspace=workspace))


class ItemsCommands:
    """The handler of `items [page]` (admins only: the registry says so)."""

    def __init__(self, *, pack: KnowledgePack, store: Store) -> None:
        self.pack = pack
        self.store = store

    def items(self, request: Request, invocation: Invocation) -> Reply:
        """The flagged questions of this workspace, a page at a time."""
        stats = item_analysis(self.store, self.pack.questions, workspace=request.workspace)
        page = int(invocation.values.get("page", 1))
        return wording.flagged_page(stats, page=page)
