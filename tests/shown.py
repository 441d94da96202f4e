"""The question as a learner saw it: its options in the order that serving showed them."""

from __future__ import annotations

from bot.content.pack import KnowledgePack
from bot.content.schema import Question
from bot.quiz.shuffle import shown
from bot.store import Store


def shown_question(store: Store, pack: KnowledgePack, *, workspace: str, ref: str) -> Question:
    """The question instance `ref` posted, options in the order its buttons show them."""
    instance = store.find_instance(workspace=workspace, ref=ref)
    assert instance is not None, f"no instance {ref}"
    return shown(pack.questions[instance.question_id], instance.order)
