"""'Choose two' (multiple-answer) questions: read, judged all-or-nothing, taught option by
option, in quizzes, review, exams, stats, mistakes and the daily question."""

from __future__ import annotations

import asyncio
import io
import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from choose_two import choose_two_pack, right_and_wrong, selection
from shown import shown_question

from adapters import terminal
from adapters.screen import Screen
from bot.bootstrap import build_tutor
from bot.clock import FixedClock
from bot.content.pack import KnowledgePack
from bot.content.schema import Question
from bot.lookup.index import LookupIndex
from bot.quiz.engine import check, problem
from bot.quiz.typed import Chosen, NoSuchOption, Several, read_answer
from bot.replies import Reply, Request
from bot.settings import Settings, default_knowledge_path
from bot.store import DailyConfig
from bot.tutor import Tutor

START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def _question(answers: tuple[str, ...] = ("Namespaces", "Control groups")) -> Question:
    texts = ["Namespaces", "Control groups", "Union file systems", "A hypervisor"]
    return Question.model_validate(
        {
            "id": "q-two",
            "topic": "t",
            "difficulty": "easy",
            "kind": "multiple_answer",
            "prompt": "Which isolate and limit? Choose two.",
            "options": [
                {"text": t} | ({} if t in answers else {"why_wrong": f"{t} does neither."})
                for t in texts
            ],
            "answers": list(answers),
            "explanation": "Namespaces isolate; cgroups limit.",
        }
    )


@pytest.mark.parametrize(
    "typed", ["A,C", "a c", "A and C", "C A", "a, c", "answers A & C", "1 3", "c,a", "AC", "ca"]
)
def test_typed_letters_in_any_form_read_as_the_same_two_options(typed: str) -> None:
    assert read_answer(_question(), typed) == Several((0, 2))


def _single() -> Question:
    return _question().model_copy(
        update={"kind": "multiple_choice", "answer": "Namespaces", "answers": None}
    )


def test_one_letter_or_a_question_is_not_read_as_two() -> None:
    question = _question()
    assert read_answer(question, "B") == Chosen(1)
    assert read_answer(question, "what are namespaces") is None
    assert read_answer(question, "A or C") is None
    assert read_answer(question, "A, F") == NoSuchOption("F")
    assert read_answer(question, "AA") is None  # not two options
    assert read_answer(_single(), "AC") is None  # on a one-answer question, not letters
    assert problem(question, (1,)) == "too_few"
    assert problem(question, (0, 1, 2)) == "too_many"
    assert problem(question, (0, 4)) == "no_such_option"
    assert problem(question, (0, 1)) is None


def test_judged_all_or_nothing_with_each_pick_accounted_for() -> None:
    question = _question()
    assert check(question, (1, 0)).correct
    half = check(question, (0, 2))
    assert not half.correct
    assert half.right_picks == (0,) and half.wrong_picks == (2,) and half.missed == (1,)
    assert half.why_wrong == "Union file systems does neither."


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(START)


@pytest.fixture
def tutor(
    database_url: str, clock: FixedClock, pack: KnowledgePack, index: LookupIndex
) -> Iterator[Tutor]:
    settings = Settings(knowledge_path=default_knowledge_path(), database_url=database_url)
    built = build_tutor(
        settings, pack=choose_two_pack(pack), index=index, clock=clock, rng=random.Random(5)
    )
    yield built
    built.close()


def say(
    tutor: Tutor, text: str = "", *, user: str = "U1", channel: str = "C1", **extra: Any
) -> Reply:
    return tutor.handle(Request(workspace="T1", user=user, text=text, channel=channel, **extra))


def shown(tutor: Tutor, reply: Reply) -> Question:
    ref = reply.choices[0].action.split(":")[1]
    return shown_question(tutor.store, tutor.pack, workspace="T1", ref=ref)


def test_a_choose_two_question_offers_a_multi_select_and_says_how_to_type(tutor: Tutor) -> None:
    question = say(tutor, "/docker-quiz")
    assert question.kind == "question" and question.select is not None
    assert (question.select.min, question.select.max) == (2, 2)
    assert question.select.hint == "Choose two"
    assert "Choose two." in question.text
    assert question.footer is not None and "A,C" in question.footer
    assert all(c.action in selection(question, (c.key,)) for c in question.choices)


def test_typing_both_right_letters_scores_and_one_letter_is_asked_again(tutor: Tutor) -> None:
    question = say(tutor, "/docker-quiz")
    right, _ = right_and_wrong(shown(tutor, question))
    only_one = say(tutor, right[0])
    assert only_one.kind == "error" and "pick exactly two" in only_one.text
    assert tutor.store.stats(workspace="T1", user="U1", now=START).answered == 0
    feedback = say(tutor, " and ".join(reversed(right)).lower())
    assert feedback.kind == "feedback" and "✅ **Right!**" in feedback.text
    assert feedback.outcome is not None and feedback.outcome.correct


def test_a_half_right_answer_is_wrong_and_taught_option_by_option(tutor: Tutor) -> None:
    question = say(tutor, "/docker-quiz")
    asked = shown(tutor, question)
    right, wrong = right_and_wrong(asked)
    feedback = say(tutor, ",".join(wrong))
    assert feedback.outcome is not None and not feedback.outcome.correct
    picked_wrong = next(k for k in wrong if k not in right)
    missed = next(k for k in right if k not in wrong)
    why = asked.options["ABCDE".index(picked_wrong)].why_wrong
    assert f"- ✅ {wrong[0]})" in feedback.text  # the right pick is acknowledged
    assert f"- ❌ {picked_wrong}) " in feedback.text and f"Why not: {why}" in feedback.text
    assert f"- ➕ {missed}) " in feedback.text and "you missed it" in feedback.text
    assert f"The answers are **{right[0]}) " in feedback.text
    assert asked.explanation in feedback.text


def test_a_submitted_selection_is_judged_and_a_bad_one_is_refused(tutor: Tutor) -> None:
    question = say(tutor, "/docker-quiz")
    assert question.select is not None
    right, _ = right_and_wrong(shown(tutor, question))
    nothing = say(tutor, action=question.select.submit)
    assert nothing.kind == "error" and "Pick the options first" in nothing.text
    abc = selection(question, ("A", "B", "C"))
    three = say(tutor, action=question.select.submit, selection=abc)
    assert three.kind == "error" and "pick exactly two" in three.text
    other = say(tutor, "/docker-quiz")
    mixed = (*selection(question, right[:1]), *selection(other, right[1:]))
    assert say(tutor, action=question.select.submit, selection=mixed).kind == "error"
    verdict = say(tutor, action=question.select.submit, selection=selection(question, right))
    assert verdict.kind == "feedback" and verdict.outcome is not None and verdict.outcome.correct
    assert verdict.updates is not None and verdict.updates.footer == "1 answered · 100% right"
    again = say(tutor, action=question.select.submit, selection=selection(question, ("A", "B")))
    assert "Only your first answer counts" in again.text and "Right!" in again.text


def test_stats_mistakes_and_review_count_a_choose_two_answer_once(
    tutor: Tutor, clock: FixedClock
) -> None:
    question = say(tutor, "/docker-quiz")
    asked = shown(tutor, question)
    _, wrong = right_and_wrong(asked)
    say(tutor, ",".join(wrong))
    stats = say(tutor, "/docker-quiz stats")
    assert "**0** right of 1 answered" in stats.text
    mistakes = say(tutor, "/docker-quiz mistakes")
    assert asked.prompt in mistakes.text and asked.answer_text in mistakes.text
    card = tutor.store.get_card(workspace="T1", user="U1", question_id=asked.id)
    assert card is not None  # the first answer fed spaced review
    clock.advance(timedelta(minutes=30))  # past the relearning step of a wrong answer
    review = say(tutor, "/docker-quiz review")
    assert review.select is not None and shown(tutor, review).id == asked.id  # due again now


def test_an_exam_of_choose_two_questions_ends_with_each_wrong_pick_explained(
    tutor: Tutor,
) -> None:
    current = say(tutor, "/docker-quiz exam 2")
    assert current.select is not None and current.private
    first = shown(tutor, current)
    right, wrong = right_and_wrong(first)
    step = say(tutor, action=current.select.submit, selection=selection(current, wrong))
    assert step.outcome is not None and not step.outcome.correct
    assert step.kind == "question" and step.select is not None  # no feedback until the end
    second = shown(tutor, step)
    second_right, _ = right_and_wrong(second)
    summary = say(tutor, ",".join(second_right))
    assert summary.kind == "summary" and "Score: **1/2**" in summary.text
    picked_wrong = next(k for k in wrong if k not in right)
    why = first.options["ABCDE".index(picked_wrong)].why_wrong
    assert f"Your choice: **{picked_wrong}) " in summary.text and str(why) in summary.text
    assert first.prompt in summary.text


class Posts:
    def __init__(self) -> None:
        self.sent: list[Reply] = []

    async def post(self, *, workspace: str, channel: str, reply: Reply) -> str:
        self.sent.append(reply)
        return f"m{len(self.sent)}"

    async def post_reply(self, *, workspace: str, channel: str, thread: str, reply: Reply) -> str:
        self.sent.append(reply)
        return f"m{len(self.sent)}"

    async def notify(self, *, workspace: str, user: str, reply: Reply) -> None:
        raise AssertionError("the daily question notifies nobody")


def test_the_daily_question_posts_a_multi_select_and_reveals_both_answers(
    tutor: Tutor, clock: FixedClock
) -> None:
    tutor.store.set_daily(
        DailyConfig(workspace="T1", channel="C9", time="09:00", tz="UTC", reveal_hours=2),
        now=clock.now(),
    )
    posts = Posts()
    clock.advance(timedelta(hours=1, minutes=1))
    asyncio.run(tutor.daily_scheduler(posts).run_once())
    (post,) = posts.sent
    assert post.select is not None and "Pick two and submit" in (post.footer or "")
    asked = shown(tutor, post)
    right, _ = right_and_wrong(asked)
    clicked = say(  # clicked in the daily channel, where the question was posted
        tutor, user="U7", channel="C9", action=post.select.submit, selection=selection(post, right)
    )
    assert clicked.private and clicked.outcome is not None and clicked.outcome.correct
    assert clicked.buttons == ()  # no "next question" under a daily answer
    clock.advance(timedelta(hours=3))
    asyncio.run(tutor.daily_scheduler(posts).run_once())
    reveal = posts.sent[-1]
    assert f"The answers are **{right[0]}) " in reveal.text and f"**{right[1]}) " in reveal.text
    assert "1 answered, 1 right." in reveal.text and "<@U7>" in reveal.text


def test_the_terminal_lists_the_options_and_takes_typed_letters(tutor: Tutor) -> None:
    out = io.StringIO()
    screen = Screen(out, colour=False)
    conversation = terminal.Conversation(tutor, user="local-user")
    question = conversation.say("/docker-quiz")
    screen.show(question)
    asked = shown_question(
        tutor.store,
        tutor.pack,
        workspace=terminal.WORKSPACE,
        ref=question.choices[0].action.split(":")[1],
    )
    right, _ = right_and_wrong(asked)
    screen.show(conversation.say(f"{right[0]},{right[1]}"))
    printed = out.getvalue()
    for key, option in zip("ABCDE", asked.options, strict=False):
        assert screen.render(f"  {key}) {option.text}") in printed  # plain: no markdown
    assert "type their letters, e.g. A,C" in printed and "Right!" in printed
