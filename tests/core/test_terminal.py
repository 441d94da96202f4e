"""The terminal tutor: readable text, no colour codes when piped, clean exit at end of input."""

from __future__ import annotations

import io
import random
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from adapters import terminal
from bot.bootstrap import build_tutor
from bot.clock import FixedClock
from bot.content.pack import KnowledgePack
from bot.lookup.index import LookupIndex
from bot.settings import Settings, default_knowledge_path
from bot.tutor import Tutor

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def tutor(tmp_path: Path, pack: KnowledgePack, index: LookupIndex) -> Iterator[Tutor]:
    built = build_tutor(
        Settings(
            knowledge_path=default_knowledge_path(), database_url=f"sqlite:///{tmp_path}/t.db"
        ),
        pack=pack,
        index=index,
        clock=FixedClock(datetime(2026, 6, 1, tzinfo=UTC)),
        rng=random.Random(5),
    )
    yield built
    built.close()


def test_chat_answers_questions_and_quiz_answers_without_colour_codes(tutor: Tutor) -> None:
    out = io.StringIO()
    typed = (
        "/docker-quiz topic commands\nB\nwhich service scans images?\n/docker-quiz leaderboard all"
    )
    assert terminal.chat(tutor, stdin=io.StringIO(typed), stdout=out) == 0
    text = out.getvalue()
    assert "\x1b[" not in text
    assert "== Quiz question ==" in text and "  A) " in text
    assert "Right!" in text or "Not quite." in text
    assert "ECR" in text
    assert "<@" not in text and "@" in text.split("Leaderboard")[1]


def test_a_terminal_quiz_ends_with_a_score_per_topic(tutor: Tutor) -> None:
    out = io.StringIO()
    # A single letter answers a one-answer question; a "choose two" one refuses it and takes
    # the two letters on the next line, whichever the draw serves.
    answers = io.StringIO("A\nA,B\n\nnot an answer\nB\nA,B\nA\nA,B\n")
    assert terminal.quiz(tutor, count=3, topic="kernel", stdin=answers, stdout=out) == 0
    text = out.getvalue()
    assert "== Quiz finished ==" in text
    assert "/3." in text and "Kernel features" in text


def test_end_of_input_mid_quiz_still_prints_the_score(tutor: Tutor) -> None:
    out = io.StringIO()
    assert terminal.quiz(tutor, count=5, topic=None, stdin=io.StringIO("A\n"), stdout=out) == 0
    assert "/1." in out.getvalue()


def test_quit_ends_a_quiz_as_it_ends_a_chat(tutor: Tutor) -> None:
    """`quit` was read as an unknown command and the quiz carried on."""
    out = io.StringIO()
    answers = io.StringIO("quit\nA\nA,B\n")
    assert terminal.quiz(tutor, count=5, topic=None, stdin=answers, stdout=out) == 0
    text = out.getvalue()
    assert "== Quiz finished ==" in text and "No answers were counted." in text
    assert "I don't know the command" not in text


@pytest.mark.slow
def test_the_console_script_asks_and_chats_in_a_fresh_process(tmp_path: Path) -> None:
    env = {"DATABASE_URL": f"sqlite:///{tmp_path}/cli.db", "PATH": "/usr/bin:/bin"}
    ask = subprocess.run(
        [sys.executable, "-m", "adapters.cli", "ask", "which service scans images?"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert "ECR" in ask.stdout and "Topic:" in ask.stdout
    chat = subprocess.run(
        [sys.executable, "-m", "adapters.cli", "chat"],
        cwd=ROOT,
        env=env,
        input="/docker-quiz help\n",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert chat.returncode == 0 and "Traceback" not in chat.stderr
    assert "/docker-quiz stats" in chat.stdout


def test_the_local_user_can_schedule_the_daily_question_and_run_it_once(tutor: Tutor) -> None:
    out = io.StringIO()
    terminal.chat(tutor, stdin=io.StringIO("/docker-quiz daily on 00:00 UTC\n"), stdout=out)
    assert "Daily question is on" in out.getvalue()
    posted = io.StringIO()
    assert terminal.daily_run_once(tutor, stdout=posted) == 0
    assert "[local #terminal]" in posted.getvalue() and "Daily question" in posted.getvalue()
    again = io.StringIO()
    terminal.daily_run_once(tutor, stdout=again)
    assert "0 daily post(s)" in again.getvalue()


def test_the_report_form_is_asked_inline_choices_by_number(tutor: Tutor) -> None:
    out = io.StringIO()
    typed = "\n".join(
        [
            "/docker-quiz topic commands",
            "B",
            "!2",  # Report a problem
            "9",  # not a choice: asked again
            "4",  # Typo or formatting
            "Option C has a typo <@U1>",
            "/docker-quiz reports",
            "/docker-quiz quiz",
            "A",
            "!2",
            "",  # a blank line at the reason cancels
            "/docker-quiz reports",
            "/docker-quiz quiz",
            "A",
            "!2",
            "quit",  # leaves the form, not the chat
            "/docker-quiz reports",
        ]
    )
    assert terminal.chat(tutor, stdin=io.StringIO(typed), stdout=out) == 0
    text = out.getvalue()
    assert "[!2] Report a problem" in text
    assert "What is wrong?\n  1) The marked answer is wrong" in text
    assert "Type a number from 1 to 5." in text
    assert "Thanks: your report was sent" in text
    assert "1 typo" in text and ": Option C has a typo ‹@U1›" in text
    assert text.count("Nothing was sent.") == 2
    assert text.count("Open reports: 1 on 1 question") == 3


def test_chat_starts_by_saying_how_many_reviews_are_due(tutor: Tutor) -> None:
    quiet = io.StringIO()
    terminal.chat(tutor, stdin=io.StringIO(""), stdout=quiet)
    assert "due" not in quiet.getvalue()  # nothing answered yet: nothing due
    me = terminal.user_name()
    for qid in sorted(tutor.pack.questions)[:3]:
        tutor.features.progress.review_queue.record(
            workspace=terminal.WORKSPACE, user=me, question_id=qid, correct=False
        )
    clock = tutor.clock
    assert isinstance(clock, FixedClock)
    clock.advance(timedelta(hours=1))
    out = io.StringIO()
    terminal.chat(tutor, stdin=io.StringIO("review\n"), stdout=out)
    text = out.getvalue()
    # Markdown code is rendered plain when piped: `review` shows as review.
    assert "3 reviews are due (about 1 minute): type review to start." in text
    assert "== Review ==" in text.split("reviews are due")[1]
