"""The end-of-exam review names what the learner chose and why it is wrong, for every
question of the shipped pack (true/false included), and counts unanswered questions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.content.pack import KnowledgePack
from bot.exam.book import ExamState
from bot.exam.wording import summary
from bot.quiz.typed import LETTERS

START = datetime(2026, 3, 2, 9, tzinfo=UTC)


def _state(ids: tuple[str, ...], answers: tuple[tuple[tuple[int, ...], bool], ...]) -> ExamState:
    finished = START + timedelta(minutes=1) if len(answers) == len(ids) else None
    return ExamState(
        id=1,
        workspace="W",
        user="U",
        question_ids=ids,
        answers=answers,
        started_at=START,
        finished_at=finished,
    )


def test_every_missed_question_names_the_choice_and_why_not(pack: KnowledgePack) -> None:
    for question in pack.questions.values():
        wrong = next(i for i in range(len(question.options)) if i not in question.answer_indexes)
        text = summary(_state((question.id,), (((wrong,), False),)), pack, now=START).text
        option = question.options[wrong]
        assert f"Your choice: **{LETTERS[wrong]}) {option.text}** — why not:" in text, question.id
        for index in question.answer_indexes:
            assert f"{LETTERS[index]}) {question.options[index].text}" in text, question.id


def test_a_stopped_exam_counts_right_answered_and_unanswered(pack: KnowledgePack) -> None:
    ids = tuple(list(pack.questions)[:3])
    state = _state(ids, ((pack.questions[ids[0]].answer_indexes, True), ((0,), True)))
    text = summary(state, pack, now=START + timedelta(seconds=90)).text
    assert "**2 of 2** answered right, 1 not answered" in text
