"""The terminal behaves like a terminal program: line editing and history, text wrapped to
the window, plain text when piped, Ctrl-D and Ctrl-C as a shell user expects, only live
buttons, an exam picked up after a restart, --version, and `ask` explaining itself."""

from __future__ import annotations

import contextlib
import io
import os
import pty
import random
import re
import select
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adapters import terminal
from adapters.screen import Screen
from bot.bootstrap import build_tutor
from bot.clock import FixedClock
from bot.content.pack import KnowledgePack
from bot.lookup.index import LookupIndex
from bot.replies import Button, Reply, Request
from bot.settings import Settings, default_knowledge_path
from bot.tutor import Tutor

ROOT = Path(__file__).resolve().parents[2]
# What markdown leaves behind: **bold**, `code`, _italic_, > quotes, <@mentions>, fences.
MARKERS = re.compile(r"(?m)\*\*|`|(?<![\w*])_\S(?:.*?\S)?_(?!\w)|^> |<[@#]\w|\x1b\[")


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


def plain(reply: Reply) -> str:
    out = io.StringIO()
    Screen(out).show(reply)
    return out.getvalue()


# -- piped output is plain text -------------------------------------------------------------


def every_reply(tutor: Tutor) -> Iterator[Reply]:
    """Every kind of reply the core gives: each command, each question of the pack with its
    feedback, each note, declines, errors."""

    def say(text: str = "", action: str | None = None) -> Reply:
        return tutor.handle(
            Request(
                workspace="local",
                user="me",
                text=text,
                action=action,
                channel="terminal",
                is_admin=True,
            )
        )

    for text in [
        "/docker-quiz help",
        "/docker-quiz topics",
        "/docker-quiz stats",
        "/docker-quiz leaderboard all",
        "/docker-quiz review",
        "/docker-quiz mistakes",
        "/docker-quiz daily status",
        "/docker-quiz daily on 9am EST",
        "/docker-quiz tz CET",
        "/docker-quiz exam 2",
        "/docker-quiz exam stop",
        "/docker-quiz statz",
        "/docker-quiz exam 99",
        "what is the capital of France?",
    ]:
        yield say(text)
    for question_id in tutor.pack.questions:
        question = tutor.quiz.ask(
            Request(workspace="local", user="me", channel="terminal"), question_id, kind="quiz"
        )
        yield question
        yield say(action=question.choices[0].action)
    for entry in tutor.pack.entries.values():
        yield say(f"/docker-quiz ask {entry.title}")


def test_piped_output_has_no_markdown_markers_for_any_reply(tutor: Tutor) -> None:
    shown = 0
    for reply in every_reply(tutor):
        text = plain(reply)
        assert not MARKERS.search(text), (text, MARKERS.search(text))
        shown += 1
    assert shown > len(tutor.pack.questions) * 2


def test_markdown_becomes_plain_text_not_lost_text() -> None:
    reply = Reply(
        text="**Right!** use `docker push` to _upload_, my_var_name stays\n> quoted\n- item",
        footer="answered by <@U1> in <#C2|general>",
    )
    assert plain(reply) == (
        "Right! use docker push to upload, my_var_name stays\n  quoted\n- item\n"
        "(answered by @U1 in #C2)\n\n"
    )


def test_bold_around_a_code_span_leaves_no_markers() -> None:
    """A two-answer verdict bolds options whose text is code."""
    reply = Reply(text="The answers are **A) `RUN pip install`** and **B) `COPY app.py .`**.")
    shown = plain(reply)
    assert "*" not in shown and "The answers are A) RUN pip install and B) COPY app.py ." in shown


@given(
    st.lists(
        st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=200).map(
            lambda s: s.replace("\n", " ")
        ),
        min_size=1,
        max_size=8,
    ),
    st.integers(30, 120),
    st.booleans(),
)
@settings(max_examples=200, deadline=None)
def test_text_is_wrapped_to_the_terminal_width(
    paragraphs: list[str], width: int, colour: bool
) -> None:
    out = io.StringIO()
    bullets = "\n".join(f"- {p}" if n % 2 else p for n, p in enumerate(paragraphs))
    Screen(out, colour=colour, width=width).show(
        Reply(text=f"**Note** {bullets}", buttons=(Button("b " * 60, "q"),))
    )
    for line in out.getvalue().split("\n"):
        visible = re.sub(r"\x1b\[[0-9;]*m", "", line)
        # the screen breaks lines at spaces only: a no-break space joins two words into one
        longest_word = max((len(w) for w in visible.split(" ")), default=0)
        assert len(visible) <= max(width, longest_word + 8), (width, visible)


# -- buttons: only those shown, only live ones -------------------------------------------------


def test_the_terminal_quiz_shows_no_dead_buttons_for_any_topic(tutor: Tutor) -> None:
    for topic in tutor.pack.topics:
        out = io.StringIO()
        answers = io.StringIO("A\nA,B\n" * 3)  # one letter, or two for a choose-two question
        assert terminal.quiz(tutor, count=2, topic=topic, stdin=answers, stdout=out) == 0
        text = out.getvalue()
        assert "Next question" not in text and "[!" not in text, topic
        assert "/2." in text


def test_bang_n_presses_only_a_button_that_was_shown(tutor: Tutor) -> None:
    out = io.StringIO()
    typed = "/docker-quiz topic ecr\nA\n!3\n!1\n!9\n"
    terminal.chat(tutor, stdin=io.StringIO(typed), stdout=out)
    text = out.getvalue()
    assert "[!1] Next in this topic" in text and "[!2] Report a problem" in text
    assert "[!3]" not in text
    assert "There is no button !3: the last reply had !1 to !2." in text
    assert text.count("== Quiz question ==") == 2  # the first, and !1 (the next one)
    assert "There is no button !9" in text
    assert "not in my notes" not in text.casefold()


def test_in_a_quiz_bang_one_after_feedback_serves_no_extra_question(tutor: Tutor) -> None:
    out = io.StringIO()
    terminal.quiz(tutor, count=2, topic="ecr", stdin=io.StringIO("A\n!1\nB\n"), stdout=out)
    text = out.getvalue()
    assert text.count("== Quiz question ==") == 2
    assert "There is no button !1: the last reply had none." in text
    assert "/2." in text


# -- a restarted chat picks up the exam -----------------------------------------------------------


def test_a_restarted_chat_shows_the_current_exam_question(tutor: Tutor) -> None:
    first = io.StringIO()
    terminal.chat(tutor, stdin=io.StringIO("/docker-quiz exam 3\nA\n"), stdout=first)
    assert "Question 2 of 3" in first.getvalue() or "2/3" in first.getvalue()
    again = io.StringIO()
    terminal.chat(tutor, stdin=io.StringIO("B\nC\n"), stdout=again)
    text = again.getvalue()
    before_typing = text.split("== docker-quiz ==")[1]
    assert "== Quiz question ==" in before_typing or "A) " in before_typing
    assert "Exam finished" in text or "exam" in text.casefold()
    assert tutor.store.active_exam(workspace="local", user=terminal.user_name()) is None


def test_a_restarted_chat_shows_the_question_left_open_as_it_was(tutor: Tutor) -> None:
    """A letter typed after a restart answers the open question: the learner must see it,
    with the options in the order its letters are judged by."""
    first = io.StringIO()
    terminal.chat(tutor, stdin=io.StringIO("/docker-quiz\n"), stdout=first)
    options = [line for line in first.getvalue().splitlines() if line.startswith("  A) ")]
    again = io.StringIO()
    terminal.chat(tutor, stdin=io.StringIO("A\n"), stdout=again)
    before_typing = again.getvalue().split("(Still open from last time.")[0]
    assert options and options[-1] in before_typing
    assert ("Right" in again.getvalue()) != ("Not quite" in again.getvalue())
    quiet = io.StringIO()
    terminal.chat(tutor, stdin=io.StringIO(""), stdout=quiet)
    assert "Still open" not in quiet.getvalue()  # answered: nothing left open


def test_a_resumed_exam_shows_its_question_with_the_options_in_the_same_order(
    tutor: Tutor,
) -> None:
    """Letters typed after a restart are judged by the order last shown: a new shuffle
    would show letters that mean other options than the ones the learner read."""
    first = io.StringIO()
    terminal.chat(tutor, stdin=io.StringIO("/docker-quiz exam 3\n"), stdout=first)
    shown = [line for line in first.getvalue().splitlines() if line[2:5] in ("A) ", "B) ")]
    for _ in range(3):  # the same every time it is resumed
        again = io.StringIO()
        terminal.chat(tutor, stdin=io.StringIO(""), stdout=again)
        resumed = [line for line in again.getvalue().splitlines() if line[2:5] in ("A) ", "B) ")]
        assert resumed == shown and "Question 1 of 3" in again.getvalue()


# -- a real terminal -------------------------------------------------------------------------------


def run_in_terminal(
    argv: list[str], keys: list[bytes], *, prompt: bytes, tmp_path: Path, columns: int = 60
) -> tuple[int, str]:
    """Run the CLI on a pseudo-terminal; type each key after the next prompt shows."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DATABASE_URL": f"sqlite:///{tmp_path}/term.db",
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "HOME": str(tmp_path),
        "NO_COLOR": "1",
        "TERM": "xterm",
        "COLUMNS": str(columns),
    }
    pid, master = pty.fork()
    if pid == 0:  # the child: the pseudo-terminal is its controlling terminal
        os.chdir(ROOT)
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # as in a shell, whatever ran the tests
        os.execve(sys.executable, [sys.executable, "-m", "adapters.cli", *argv], env)
    output = b""

    def read(until: int | None, seconds: float = 30) -> None:
        nonlocal output
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and (until is None or output.count(prompt) < until):
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(master, 4096)
                except OSError:  # the child closed the terminal
                    return
                if not chunk:
                    return
                output += chunk

    status = None
    try:
        for n, key in enumerate(keys, 1):
            read(until=n)
            time.sleep(0.3)  # as a person would: readline sets the terminal up as it prompts
            os.write(master, key)
        read(until=None, seconds=15)
        deadline = time.monotonic() + 30
        while status is None and time.monotonic() < deadline:
            done, code = os.waitpid(pid, os.WNOHANG)
            status = code if done else None
            time.sleep(0.05)
        assert status is not None, "still running: " + output.decode(errors="replace")[-300:]
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        os.close(master)
    return os.waitstatus_to_exitcode(status), output.decode(errors="replace").replace("\r\n", "\n")


@pytest.mark.slow
@pytest.mark.parametrize("command", [["chat"], ["quiz", "-n", "2"]], ids=["chat", "quiz"])
def test_ctrl_d_ends_on_a_fresh_line_and_ctrl_c_exits_130(
    command: list[str], tmp_path: Path
) -> None:
    prompt = b"you> " if command == ["chat"] else b"answer> "
    code, text = run_in_terminal(command, [b"\x04"], prompt=prompt, tmp_path=tmp_path)
    ended = text.endswith(prompt.decode() + "\n") or text.endswith("\n\n")
    assert code == 0 and ended, text[-80:]
    assert "Traceback" not in text
    code, text = run_in_terminal(command, [b"\x03"], prompt=prompt, tmp_path=tmp_path)
    assert code == 130 and text.endswith("\n") and "Traceback" not in text, text[-80:]


@pytest.mark.slow
def test_line_editing_and_history_work_in_chat(tmp_path: Path) -> None:
    keys = [b"/docker-quiz topicz\x7fs\r", b"\x1b[A\r", b"\x04"]  # backspace, then up-arrow
    code, text = run_in_terminal(["chat"], keys, prompt=b"you> ", tmp_path=tmp_path, columns=50)
    assert code == 0
    assert text.count("== Topics ==") == 2  # typed once, recalled once with the up arrow
    assert all(len(line) <= 50 for line in text.split("\n") if "\x1b" not in line), text
    history = (tmp_path / "state" / "docker-quiz" / "history").read_text()
    assert "/docker-quiz topics" in history


@pytest.mark.slow
def test_ask_with_no_question_on_a_terminal_says_how_to_use_it(tmp_path: Path) -> None:
    code, text = run_in_terminal(["ask"], [], prompt=b"", tmp_path=tmp_path)
    assert code == 2 and 'docker-quiz ask "' in text and "one per line" in text


@pytest.mark.slow
def test_version(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "adapters.cli", "--version"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    from importlib.metadata import version

    assert done.stdout.strip() == f"docker-quiz {version('docker-quiz')}"


@pytest.mark.slow
def test_ask_reads_questions_from_a_pipe(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "adapters.cli", "ask", "--json"],
        cwd=ROOT,
        input="which service scans images?\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert '"matched": true' in done.stdout


@pytest.mark.parametrize(
    ("question", "hint"),
    [
        ("how do I bake bread", "/docker-quiz topics in docker-quiz chat"),
        ("   ", 'docker-quiz ask "which service scans images?"'),
    ],
)
def test_ask_hints_at_commands_a_shell_user_can_run(
    capsys: pytest.CaptureFixture[str], question: str, hint: str
) -> None:
    """`/docker-quiz topics` is a chat command: typed in a shell it is not one."""
    from adapters.cli import main

    assert main(["ask", question]) == 0
    out = capsys.readouterr().out
    assert hint in out
    assert "try /docker-quiz topics." not in out and "e.g. /docker-quiz ask" not in out
