"""Helpers for tests of "choose two" (multiple-answer) questions in every front end."""

from __future__ import annotations

from dataclasses import replace

from bot.content.pack import KnowledgePack
from bot.content.schema import Question
from bot.replies import Reply


def choose_two_pack(pack: KnowledgePack) -> KnowledgePack:
    """The shipped pack with only its multiple-answer questions, so that whatever is asked
    is one of them."""
    questions = {qid: q for qid, q in pack.questions.items() if q.kind == "multiple_answer"}
    assert len(questions) >= 12, "the shipped pack has at least 12 choose-two questions"
    by_topic: dict[str, tuple[str, ...]] = {
        topic: tuple(qid for qid, q in questions.items() if q.topic == topic)
        for topic in pack.topics
    }
    return replace(pack, questions=questions, by_topic=by_topic)


def letters(indexes: tuple[int, ...]) -> tuple[str, ...]:
    return tuple("ABCDE"[i] for i in indexes)


def right_and_wrong(question: Question) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The right letters, and a wrong pick of the right size (one right, one wrong)."""
    right = question.answer_indexes
    wrong = next(i for i in range(len(question.options)) if i not in right)
    return letters(right), letters(tuple(sorted((right[0], wrong))))


def selection(reply: Reply, keys: tuple[str, ...]) -> tuple[str, ...]:
    """The values a multi-select sends for the picked keys: each choice's action."""
    by_key = {choice.key: choice.action for choice in reply.choices}
    return tuple(by_key[key] for key in keys)
