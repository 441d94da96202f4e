"""The quiz engine: picking without repeats, reading answers, judging them."""

from __future__ import annotations

import random
import re

import pytest

from bot.content.pack import KnowledgePack
from bot.content.schema import Question
from bot.quiz.engine import check, parse_answer, pick
from bot.quiz.wording import feedback
from bot.wording import ended


def _question(
    *texts: str, answer: str | None = None, aliases: dict[str, list[str]] | None = None
) -> Question:
    answer = answer or texts[0]
    return Question.model_validate(
        {
            "id": "q-test",
            "topic": "t",
            "difficulty": "easy",
            "prompt": "?",
            "options": [
                {"text": t, "aliases": (aliases or {}).get(t, [])}
                | ({} if t == answer else {"why_wrong": f"{t} is wrong."})
                for t in texts
            ],
            "answer": answer,
            "explanation": "Because.",
        }
    )


def test_pick_uses_the_whole_pool_before_repeating() -> None:
    rng = random.Random(7)
    pool = ["a", "b", "c"]
    seen: set[str] = set()
    for _ in range(3):
        qid, restarted = pick(pool, seen, rng)
        assert qid not in seen and not restarted
        seen.add(str(qid))
    qid, restarted = pick(pool, seen, rng)
    assert restarted and qid in pool


@pytest.mark.parametrize("typed", ["B", "b", " b) ", "(b)", "2", "option b", "answer: B"])
def test_letters_and_numbers_pick_the_option(typed: str) -> None:
    question = _question("Namespaces", "Control groups", "Union file systems")
    assert parse_answer(question, typed) == 1


def test_option_text_matches_fuzzily_and_by_alias() -> None:
    question = _question(
        "Namespaces",
        "Control groups",
        "Union file systems",
        aliases={"Control groups": ["cgroups"]},
    )
    assert parse_answer(question, "control grups") == 1
    assert parse_answer(question, "CGROUPS") == 1
    assert parse_answer(question, "union filesystems") == 2


def test_short_answers_must_match_exactly() -> None:
    question = _question("air", "chair", "stair")
    assert parse_answer(question, "air") == 0
    assert parse_answer(question, "chair") == 1
    assert parse_answer(question, "airr") is None
    assert parse_answer(question, "F") is None  # no sixth option
    assert parse_answer(question, "9") is None


def test_unrelated_text_is_not_an_answer() -> None:
    question = _question("Amazon ECR", "Amazon S3", "Docker Hub")
    assert parse_answer(question, "which service scans images?") is None
    assert parse_answer(question, "") is None


def test_feedback_names_the_answer_and_why_the_choice_is_wrong() -> None:
    question = _question("Amazon ECR", "Amazon S3", "Docker Hub")
    wrong = check(question, 1)
    assert not wrong.correct
    assert wrong.correct_text == "Amazon ECR" and wrong.correct_letter == "A"
    assert wrong.why_wrong == "Amazon S3 is wrong."
    right = check(question, 0)
    assert right.correct and right.why_wrong is None


def test_no_feedback_in_the_pack_ends_an_option_with_two_full_stops(pack: KnowledgePack) -> None:
    """An option that ends in a dot of its own ("docker build -t app:v1 .") takes no full stop
    after it: plain text drops the markup, and showed "app:v1 .." (the terminal, logs)."""
    checked = 0
    for question in pack.questions.values():
        for wrong in range(len(question.options)):
            if wrong in question.answer_indexes:
                continue
            picks = (
                [wrong]
                if question.kind != "multiple_answer"
                else [wrong, *question.answer_indexes[1:]]
            )
            reply = feedback(check(question, picks if len(picks) > 1 else picks[0]))
            plain = reply.text.replace("**", "").replace("`", "")
            assert not re.search(r"(?<!\.)\.\.(?!\.)", plain), (question.id, plain)
            checked += 1
    assert checked > 300
    assert (
        ended("a sentence") == "a sentence."
        and ended("**B) docker build .**") == "**B) docker build .**"
    )
