"""`Tutor.handle` never raises, and a click only counts where its question was posted.

The property test generates every field of a request (request_strategies.py); the same
strategies drive the 100,000-input run in benchmarks/bench_entry_point.py.
"""

from __future__ import annotations

import logging
import random
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from request_strategies import requests

from bot import wording
from bot.bootstrap import build_tutor
from bot.clock import FixedClock
from bot.content.pack import KnowledgePack
from bot.lookup.index import LookupIndex
from bot.quiz.engine import check
from bot.replies import Reply, Request
from bot.settings import Settings, default_knowledge_path
from bot.store import tables
from bot.tutor import Tutor

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def tutor(database_url: str, pack: KnowledgePack, index: LookupIndex) -> Iterator[Tutor]:
    built = build_tutor(
        Settings(knowledge_path=default_knowledge_path(), database_url=database_url),
        pack=pack,
        index=index,
        clock=FixedClock(datetime(2026, 5, 1, 9, 0, tzinfo=UTC)),
        rng=random.Random(5),
    )
    yield built
    built.close()


@pytest.fixture(scope="module")
def shared(
    tmp_path_factory: pytest.TempPathFactory, pack: KnowledgePack, index: LookupIndex
) -> Iterator[Tutor]:
    folder = tmp_path_factory.mktemp("entry")
    built = build_tutor(
        Settings(knowledge_path=default_knowledge_path(), database_url=f"sqlite:///{folder}/e.db"),
        pack=pack,
        index=index,
        clock=FixedClock(datetime(2026, 5, 1, 9, 0, tzinfo=UTC)),
        rng=random.Random(1),
    )
    yield built
    built.close()


class Tracebacks(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(scope="module")
def tracebacks() -> Iterator[Tracebacks]:
    handler = Tracebacks()
    logging.getLogger("bot").addHandler(handler)
    yield handler
    logging.getLogger("bot").removeHandler(handler)


@settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(request=requests())
def test_any_request_in_any_field_gets_a_reply_and_no_internal_error(
    shared: Tutor, tracebacks: Tracebacks, request: Request
) -> None:
    reply = shared.handle(request)
    assert isinstance(reply, Reply) and reply.text.strip()
    assert reply.text != wording.INTERNAL_ERROR, request
    assert tracebacks.records == [], request


def ask(tutor: Tutor, text: str = "", *, action: str | None = None, **fields: object) -> Reply:
    values: dict[str, object] = {"workspace": "T1", "user": "U1", "channel": "C1"} | fields
    return tutor.handle(Request(text=text, action=action, **values))  # type: ignore[arg-type]


def test_a_failure_inside_the_core_is_one_apology_and_one_logged_traceback(
    tutor: Tutor, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(request: Request, invocation: object) -> Reply:
        raise KeyError("a bug")

    tutor.commands["stats"] = broken
    seen: list[Reply] = []
    tutor.observers.append(lambda request, reply, seconds: seen.append(reply))

    def failing_observer(request: Request, reply: Reply, seconds: float) -> None:
        raise ZeroDivisionError("an observer's bug")

    tutor.observers.append(failing_observer)
    with caplog.at_level(logging.ERROR, logger="bot"):
        reply = ask(tutor, "/docker-quiz stats")
    assert reply.kind == "error" and reply.text == wording.INTERNAL_ERROR
    assert "a bug" not in reply.text
    failures = [r for r in caplog.records if r.exc_info]
    assert [type(r.exc_info[1]).__name__ for r in failures] == ["KeyError", "ZeroDivisionError"]  # type: ignore[index]
    assert seen == [reply]  # the observers still ran


@pytest.mark.parametrize("field", ["workspace", "user", "channel"])
def test_ids_that_are_not_valid_text_are_refused_and_nothing_is_stored(
    tutor: Tutor, field: str
) -> None:
    reply = ask(tutor, "/docker-quiz quiz", **{field: "U\ud800"})
    assert reply.kind == "error" and reply.text == wording.UNREADABLE_REQUEST
    with tutor.store.db.read() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(tables.instances)).scalar() == 0


def test_unicode_digits_surrogates_and_controls_in_text_get_ordinary_replies(
    tutor: Tutor,
) -> None:
    refused = ask(tutor, "/docker-quiz exam ²")
    assert refused.kind == "error" and "²" in refused.text and "exam" in refused.text
    question = ask(tutor, "/docker-quiz quiz")
    for typed in ["²", "٣", "\ud800", "B\x1b[2J", "\x00"]:
        assert ask(tutor, typed).text.strip()
    assert question.kind == "question"
    shown = ask(tutor, "what is a registry\ud800?")
    assert shown.text.encode("utf-8")


def test_new_questions_carry_an_unguessable_token(tutor: Tutor) -> None:
    refs = {ask(tutor, "/docker-quiz quiz").choices[0].action.split(":")[1] for _ in range(20)}
    assert len(refs) == 20
    for ref in refs:
        assert len(ref) == 16 and not ref.isdecimal()
        instance = tutor.store.find_instance(workspace="T1", ref=ref)
        assert instance is not None and instance.ref == ref
        # Its sequential id is no way in.
        assert tutor.store.find_instance(workspace="T1", ref=str(instance.id)) is None
        assert ask(tutor, action=f"a:{instance.id}:0").text == wording.QUESTION_GONE


def _right(tutor: Tutor, question: Reply) -> str:
    ref = question.choices[0].action.split(":")[1]
    instance = tutor.store.find_instance(workspace="T1", ref=ref)
    assert instance is not None
    q = tutor.pack.questions[instance.question_id]
    return next(c.action for i, c in enumerate(question.choices) if check(q, i).correct)


def test_a_click_from_another_channel_or_workspace_is_refused_and_changes_nothing(
    tutor: Tutor,
) -> None:
    question = ask(tutor, "/docker-quiz quiz", channel="CPRIVATE")
    right = _right(tutor, question)
    forged = ask(tutor, action=right, user="UMALLORY", channel="CPUBLIC")
    assert forged.kind == "error" and forged.text == wording.OTHER_CHANNEL
    assert forged.updates is None  # nothing written into the clicker's message
    assert ask(tutor, action=right, user="UMALLORY", channel=None).text == wording.OTHER_CHANNEL
    assert ask(tutor, action=right, workspace="T2", channel="CPRIVATE").text == (
        wording.QUESTION_GONE
    )
    ref = right.split(":")[1]
    instance = tutor.store.find_instance(workspace="T1", ref=ref)
    assert instance is not None
    assert tutor.store.tally(workspace="T1", instance_id=instance.id).answered == 0
    # From its own channel the same click counts.
    counted = ask(tutor, action=right, user="UMALLORY", channel="CPRIVATE")
    assert counted.kind == "feedback" and counted.updates is not None
    assert tutor.store.tally(workspace="T1", instance_id=instance.id).answered == 1


def test_a_typed_answer_in_a_dm_to_the_question_you_were_asked_still_counts(
    tutor: Tutor,
) -> None:
    question = ask(tutor, "/docker-quiz quiz", channel="CGENERAL")
    letter = _right(tutor, question).rsplit(":", 1)[1]
    reply = ask(tutor, "ABCDE"[int(letter)], channel="DDIRECT")
    assert reply.kind == "feedback" and reply.outcome is not None and reply.outcome.correct


def test_buttons_posted_before_tokens_keep_working_from_their_own_channel(tutor: Tutor) -> None:
    made = tutor.store.create_instance(
        workspace="T1",
        question_id=next(iter(tutor.pack.questions)),
        kind="quiz",
        now=datetime(2026, 5, 1, tzinfo=UTC),
        channel="COLD",
    )
    with tutor.store.db.write() as conn:  # as a v2 database left it: no token
        conn.execute(sa.update(tables.instances).values(ref=None))
    old = f"a:{made.id}:0"
    assert ask(tutor, action=old, channel="COTHER").text == wording.OTHER_CHANNEL
    assert ask(tutor, action=old, channel="COLD").kind == "feedback"


@pytest.mark.slow
def test_a_unicode_digit_does_not_end_the_chat_process(tmp_path: Path) -> None:
    chat = subprocess.run(
        [sys.executable, "-m", "adapters.cli", "chat"],
        cwd=ROOT,
        env={"DATABASE_URL": f"sqlite:///{tmp_path}/cli.db", "PATH": "/usr/bin:/bin"},
        # ², then bytes that are not UTF-8 (an encoded lone surrogate, a stray 0xff)
        input="/docker-quiz exam ²\n/docker-quiz quiz\n²\n".encode()
        + b"\xed\xa0\x80\n\xff\n/docker-quiz help\n",
        capture_output=True,
        timeout=60,
    )
    out, err = chat.stdout.decode(), chat.stderr.decode()
    assert chat.returncode == 0 and "Traceback" not in err, err
    assert "²" in out and "/docker-quiz stats" in out  # the refusal names it; help follows
