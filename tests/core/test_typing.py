"""What a learner types, read the same way in every front end: bare commands, near-miss
commands, answers that are not quite answers, and questions during a mock exam."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.bootstrap import build_tutor
from bot.clock import FixedClock
from bot.content.pack import KnowledgePack
from bot.lookup.index import LookupIndex
from bot.quiz.typed import LETTERS
from bot.replies import Reply, Request
from bot.settings import Settings
from bot.text import STOPWORDS
from bot.tutor import Tutor

Chat = Callable[..., Reply]


@pytest.fixture
def tutor(tmp_path: Path, pack: KnowledgePack, index: LookupIndex) -> Iterator[Tutor]:
    built = build_tutor(
        Settings(knowledge_path=pack.path, database_url=f"sqlite:///{tmp_path}/t.db"),
        pack=pack,
        index=index,
        clock=FixedClock(datetime(2026, 3, 2, 9, tzinfo=UTC)),
        rng=random.Random(11),
    )
    yield built
    built.close()


@pytest.fixture
def chat(tutor: Tutor) -> Chat:
    def say(text: str = "", *, action: str | None = None) -> Reply:
        request = Request(
            workspace="W", user="U1", text=text, action=action, channel="C1", is_admin=True
        )
        return tutor.handle(request)

    return say


def _question_with(tutor: Tutor, chat: Chat, options: int) -> Reply:
    """Serve questions until one has `options` options (single answer)."""
    for _ in range(200):
        reply = chat("/docker-quiz")
        if len(reply.choices) == options and reply.select is None:
            return reply
    raise AssertionError(f"no question with {options} options")


@pytest.mark.parametrize(
    ("bare", "title"),
    [
        ("topic ecr", "Quiz question"),
        ("quiz ecr", "Quiz question"),
        ("exam 5", "Mock exam"),
        ("leaderboard all", "Leaderboard: all time"),
        ("daily status", "Daily question"),
        ("topics", "Topics"),
        ("help", "docker-quiz help"),
    ],
)
def test_bare_commands_work_like_prefixed_ones(chat: Chat, bare: str, title: str) -> None:
    assert chat(bare).title == title


def test_bare_tz_and_exam_stop(chat: Chat) -> None:
    assert "Europe/Berlin" in chat("tz Europe/Berlin").text
    chat("exam 2")
    stopped = chat("exam stop")
    assert stopped.kind == "summary" and stopped.title == "Mock exam stopped"


def test_the_word_ask_is_not_part_of_the_question(chat: Chat) -> None:
    plain = chat("what is a docker host")
    for typed in ("ask what is a docker host", "/docker-quiz ask what is a docker host"):
        asked = chat(typed)
        assert (asked.kind, asked.title, asked.footer) == (plain.kind, plain.title, plain.footer)


@pytest.mark.parametrize("typed", ["/docker-quiz statz", "statz"])
def test_a_near_miss_command_is_named(chat: Chat, typed: str) -> None:
    reply = chat(typed)
    assert "Did you mean `/docker-quiz stats`?" in reply.text


def test_a_fuzzy_topic_is_echoed_as_it_was_read(chat: Chat) -> None:
    reply = chat("topic kernal")
    assert reply.kind == "question"
    assert reply.text.startswith("Topic: **Kernel features")


def test_an_empty_line_is_a_fresh_prompt_not_the_whole_help(chat: Chat) -> None:
    reply = chat("   ")
    assert reply.kind == "info" and "help" in reply.text and len(reply.text) < 120


def test_letters_without_an_open_question_say_so(chat: Chat) -> None:
    assert "No question is open" in chat("A").text


def test_an_option_past_the_last_is_named(tutor: Tutor, chat: Chat) -> None:
    _question_with(tutor, chat, 4)
    reply = chat("E")
    assert reply.kind == "error" and "There is no option E" in reply.text
    assert "A–D" in reply.text


def test_a_negated_answer_is_not_recorded(tutor: Tutor, chat: Chat) -> None:
    question = _question_with(tutor, chat, 4)
    reply = chat(f"definitely not {question.choices[0].text}")
    assert reply.kind == "error" and reply.outcome is None
    judged = chat("B")
    assert judged.kind == "feedback" and judged.outcome is not None and judged.outcome.first


def test_ambiguous_text_asks_which_and_reveals_nothing(tutor: Tutor, chat: Chat) -> None:
    for _ in range(300):
        question = chat("/docker-quiz")
        words = [set(c.text.casefold().split()) for c in question.choices]
        shared = set.intersection(*words[:2]) - STOPWORDS  # the reader ignores those
        common = [w for w in shared if len(w) > 3 and not any(w in s for s in words[2:])]
        if common and question.select is None:
            break
    else:
        pytest.skip("no question in the pack has two options sharing a distinctive word")
    reply = chat(common[0])
    assert reply.kind == "error" and reply.outcome is None
    assert f"**{LETTERS[0]}** or **{LETTERS[1]}**" in reply.text


def test_an_exam_refuses_questions_for_the_notes_until_it_ends(chat: Chat) -> None:
    exam = chat("/docker-quiz exam 3")
    letters = f"A–{LETTERS[len(exam.choices) - 1]}"
    for typed in ("which service scans images?", "/docker-quiz ask what is ECR", "ask what is ECR"):
        refused = chat(typed)
        assert refused.kind == "error" and "You're in an exam" in refused.text, typed
        assert letters in refused.text
    assert "You're in an exam" in chat(action="e:ecr").text
    chat("/docker-quiz exam stop")
    assert chat("which service scans images?").kind == "answer"


@pytest.mark.parametrize(
    ("typed", "said"),
    [("tz UTC-5", "is a UTC offset"), ("exam 500", "from 1 to 50"), ("tz Etc/GMT+12", "offset")],
)
def test_a_bare_command_with_a_wrong_argument_the_notes_cannot_answer_is_told_how(
    chat: Chat, typed: str, said: str
) -> None:
    """Bare text whose argument is clearly meant for the command but wrong is still a
    question first (the typing rule); when the notes have no answer, the usage error is the
    helpful reply, not "That's not in my notes"."""
    reply = chat(typed)
    assert reply.kind == "error" and said in reply.text, reply.text
    assert chat("tz Europe/Berlin").kind != "error"  # what parses is the command, as before
