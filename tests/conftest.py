"""Shared fixtures: the shipped pack and its index (loaded once per run), and a database
URL per backend.

PostgreSQL tests use the server named by TEST_DATABASE_URL, each test in a schema of its own
that is dropped afterwards. Without the variable they skip, unless
DOCKER_QUIZ_REQUIRE_POSTGRES=1 (set by .ci/run), where a missing server fails the run.
"""

from __future__ import annotations

import multiprocessing.process
import os
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import sqlalchemy as sa

from bot.content.pack import KnowledgePack, load_pack
from bot.lookup.index import LookupIndex
from bot.settings import default_knowledge_path

POSTGRES_URL_VAR = "TEST_DATABASE_URL"
# pytester: tests/core/test_test_loop.py runs small suites through this conftest.
pytest_plugins = ["pytester"]


def pytest_configure(config: pytest.Config) -> None:
    """Compiled lookup indexes go to a folder of this run, never the user's cache."""
    folder = tempfile.mkdtemp(prefix="docker-quiz-test-cache-")
    os.environ["XDG_CACHE_HOME"] = folder
    os.environ.pop("DOCKER_QUIZ_INDEX_DIR", None)


@pytest.fixture(autouse=True)
def _slow_tests_are_marked(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """A test that starts a process or listens on a socket (a fake Slack or Discord, the bot's
    own HTTP server, a worker) must carry `@pytest.mark.slow`, so `pytest -m "not slow"` stays
    the quick loop (tests/README.md). This one watches every unmarked test and fails it, naming
    what it started, when it does either."""
    if request.node.get_closest_marker("slow") is not None:
        yield
        return
    started: list[str] = []

    def watch(owner: type, name: str, what: str) -> None:
        original: Callable[..., Any] = getattr(owner, name)

        def recorded(*args: Any, **kwargs: Any) -> Any:
            started.append(what)
            return original(*args, **kwargs)

        monkeypatch.setattr(owner, name, recorded)

    watch(subprocess.Popen, "_execute_child", "a process")  # subprocess.run, asyncio too
    watch(multiprocessing.process.BaseProcess, "start", "a process")
    watch(socket.socket, "listen", "a server")  # aiohttp, asyncio and http.server sites
    yield
    if started:
        pytest.fail(
            f"{request.node.nodeid} starts {started[0]} but is not marked slow: "
            "add @pytest.mark.slow (or the module's pytestmark) so -m 'not slow' stays quick"
        )


def _postgres_base() -> str:
    url = os.environ.get(POSTGRES_URL_VAR, "").strip()
    required = os.environ.get("DOCKER_QUIZ_REQUIRE_POSTGRES") == "1"
    if not url:
        if required:
            pytest.fail(f"{POSTGRES_URL_VAR} is not set but PostgreSQL is required here")
        pytest.skip(f"PostgreSQL tests need {POSTGRES_URL_VAR} (e.g. postgresql+psycopg://...)")
    return url


@pytest.fixture(autouse=True)
def _own_user_folders(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No test touches the real user's data or state folders (the default database, the
    terminal's history): platformdirs reads these variables on Linux."""
    home = tmp_path_factory.mktemp("user")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.delenv("DATA_DIR", raising=False)


@pytest.fixture(scope="session")
def pack() -> KnowledgePack:
    """The shipped knowledge pack, loaded and validated once for the whole run."""
    return load_pack(default_knowledge_path())


@pytest.fixture(scope="session")
def index(pack: KnowledgePack) -> LookupIndex:
    """The lookup index of the shipped pack, built once for the whole run."""
    return LookupIndex.for_pack(pack)


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A PostgreSQL URL whose search_path is a fresh schema, dropped after the test."""
    base = _postgres_base()
    schema = f"dq_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(base)
    try:
        with admin.begin() as conn:
            conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    except sa.exc.OperationalError as exc:
        admin.dispose()
        if os.environ.get("DOCKER_QUIZ_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"PostgreSQL at {POSTGRES_URL_VAR} is unreachable: {exc.orig}")
        pytest.skip(f"PostgreSQL at {POSTGRES_URL_VAR} is unreachable")
    separator = "&" if "?" in base else "?"
    yield f"{base}{separator}options={quote(f'-csearch_path={schema}')}"
    with admin.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each test using this runs twice: on SQLite in a temp folder and on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'data' / 'docker-quiz.db'}"
    return str(request.getfixturevalue("postgres_url"))
