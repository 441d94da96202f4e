"""Whatever a user types or clicks, the tutor answers with a clear reply and keeps its data."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.bootstrap import build_tutor
from bot.clock import FixedClock
from bot.content.pack import KnowledgePack
from bot.lookup.index import LookupIndex
from bot.lookup.reading import READ_MAX_CHARS, read
from bot.replies import Request
from bot.settings import Settings, default_knowledge_path
from bot.text import MAX_INPUT_CHARS
from bot.tutor import Tutor


@pytest.fixture(scope="module")
def tutor(
    tmp_path_factory: pytest.TempPathFactory, pack: KnowledgePack, index: LookupIndex
) -> Iterator[Tutor]:
    folder: Path = tmp_path_factory.mktemp("bad-input")
    built = build_tutor(
        Settings(knowledge_path=default_knowledge_path(), database_url=f"sqlite:///{folder}/q.db"),
        pack=pack,
        index=index,
        clock=FixedClock(datetime(2026, 5, 1, tzinfo=UTC)),
        rng=random.Random(0),
    )
    yield built
    built.close()


TEXT = st.one_of(
    st.text(max_size=300),
    st.binary(max_size=200).map(lambda b: b.decode("latin-1")),
    st.sampled_from(
        ["/docker-quiz ", "/docker-quiz topic ", "/docker-quiz exam ", "/docker-quiz daily on "]
    ).flatmap(lambda prefix: st.text(max_size=60).map(lambda rest: prefix + rest)),
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=TEXT)
def test_any_text_gets_a_reply_never_an_exception(tutor: Tutor, text: str) -> None:
    reply = tutor.handle(Request(workspace="W", user="U", text=text, channel="C", is_admin=True))
    assert reply.text.strip()


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(action=st.text(max_size=120))
def test_any_button_action_gets_a_reply(tutor: Tutor, action: str) -> None:
    reply = tutor.handle(Request(workspace="W", user="U", action=action, channel="C"))
    assert reply.text.strip()


def test_long_input_is_cut_before_matching(index: LookupIndex) -> None:
    huge = "which service scans images " * 10_000
    assert len(" ".join(index.terms(huge))) <= MAX_INPUT_CHARS
    assert index.search(huge).confidence <= 1.0
    # Only the start is read (clause splitting grows faster than the text: a 270 kB message
    # took 100 s before), and the reply is the one its first part alone gets.
    assert sum(len(part.text) for part in read(huge).parts) <= READ_MAX_CHARS
    start = huge[: MAX_INPUT_CHARS * 2]
    assert index.search(huge)._replace(query="") == index.search(start)._replace(query="")


def test_injection_attempts_are_stored_as_text_and_change_nothing(tutor: Tutor) -> None:
    evil = "'; DROP TABLE answers; --"
    before = tutor.store.stats(workspace="W2", user="U", now=datetime(2026, 5, 1, tzinfo=UTC))
    tutor.handle(Request(workspace="W2", user=evil, text="/docker-quiz tz " + evil))
    question = tutor.handle(Request(workspace="W2", user=evil, text="/docker-quiz"))
    assert question.kind == "question"
    picks = question.choices[: question.select.min if question.select else 1]
    action = question.select.submit if question.select else picks[0].action
    feedback = tutor.handle(
        Request(
            workspace="W2",
            user=evil,
            action=action,
            selection=tuple(c.action for c in picks) if question.select else (),
        )
    )
    assert feedback.outcome is not None
    after = tutor.store.stats(workspace="W2", user=evil, now=datetime(2026, 5, 1, tzinfo=UTC))
    assert after.answered == before.answered + 1
