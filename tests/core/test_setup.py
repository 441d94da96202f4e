"""Set-up and settings: a missing extra says how to install it; `--check` validates every
setting a bot will use without connecting, naming the setting and never its value; the
docs' install lines work from a clone; every reference to a document points at one."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import given
from hypothesis import strategies as st

from adapters import frontends, runtime
from adapters.frontends import FRONT_ENDS
from adapters.slack_app.settings import SIGNING_SECRET_RULE, SlackSettings
from bot.errors import SettingsError

ROOT = Path(__file__).resolve().parents[2]
DISCORD_TOKEN = "MTExMTExMTExMTExMTExMTEx.Gabcde.fake-token-for-tests_0123456789"
SLACK_ENV = {"SLACK_BOT_TOKEN": "xoxb-test-1234-abcd", "SLACK_APP_TOKEN": "xapp-1-test"}
BOT_ENV = {"slack": SLACK_ENV, "discord": {"DISCORD_TOKEN": DISCORD_TOKEN}}
# Every extra's top-level modules: hidden, they make a base install.
EXTRAS = ["slack_bolt", "slack_sdk", "aiohttp", "discord", "prometheus_client", "psycopg"]
WITHOUT = """
import importlib.abc, sys
class Without(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {hidden!r}:
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
        return None
sys.meta_path.insert(0, Without())
from adapters.cli import main
sys.exit(main(sys.argv[1:]))
"""


def docker_quiz(
    *args: str,
    env: dict[str, str] | None = None,
    base_install: bool = False,
    hidden: tuple[str, ...] = (),
    cwd: Path = ROOT,
) -> subprocess.CompletedProcess[str]:
    """Run the CLI; `base_install` hides every extra's modules, `hidden` only these."""
    hidden = tuple(EXTRAS) if base_install else hidden
    command = ["-c", WITHOUT.format(hidden=hidden)] if hidden else ["-m", "adapters.cli"]
    return subprocess.run(
        [sys.executable, *command, *args],
        cwd=cwd,
        env={
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "PYTHONPATH": str(ROOT),
            "XDG_DATA_HOME": os.environ["XDG_DATA_HOME"],
            **(env or {}),
        },
        capture_output=True,
        text=True,
        timeout=60,
    )


# -- a base install ----------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    "argv",
    [[name, "--check"] for name in FRONT_ENDS]
    + [[name] for name in FRONT_ENDS]
    + [["discord", "invite-url"]],
    ids=" ".join,
)
def test_a_bot_without_its_extra_says_in_one_line_how_to_install_it(argv: list[str]) -> None:
    info = FRONT_ENDS[argv[0]]
    env = {**BOT_ENV[info.name], "DISCORD_APPLICATION_ID": "111111111111111111"}
    done = docker_quiz(*argv, env=env, base_install=True)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1, done.stderr  # one line, no traceback
    assert f"pip install -e '.[{info.extra}]'" in done.stderr


@pytest.mark.slow
def test_metrics_without_their_extra_say_how_to_install_it() -> None:
    env = {**SLACK_ENV, "METRICS_PORT": "9100"}
    done = docker_quiz("slack", "--check", env=env, hidden=("prometheus_client",))
    assert done.returncode == 2 and "METRICS_PORT" in done.stderr
    assert "pip install -e '.[metrics]'" in done.stderr


@pytest.mark.slow
def test_the_terminal_needs_no_extra() -> None:
    done = docker_quiz("ask", "which service scans images?", base_install=True)
    assert done.returncode == 0 and "ECR" in done.stdout


# -- --check ------------------------------------------------------------------------------------


SECRET = "s3cr3t-value-never-shown"
BAD_CORE_SETTINGS = [
    ({"DATABASE_URL": f"mysql://user:{SECRET}@db/quiz"}, "DATABASE_URL", "not supported"),
    ({"DATABASE_URL": f"nonsense {SECRET}"}, "DATABASE_URL", "not a database URL"),
    ({"DATABASE_URL": f"postgresql://user:{SECRET}@db"}, "DATABASE_URL", "names no database"),
    ({"KNOWLEDGE_PATH": f"/nowhere/{SECRET}"}, "KNOWLEDGE_PATH", "no such folder"),
    ({"KNOWLEDGE_PATH": str(ROOT / "README.md")}, "KNOWLEDGE_PATH", "not a folder"),
    ({"METRICS_PORT": "99999"}, "METRICS_PORT", "port number"),
    ({"LOG_LEVEL": SECRET}, "LOG_LEVEL", "must be one of"),
    ({"HEARTBEAT_FILE": f"{ROOT}/README.md/{SECRET}/b"}, "HEARTBEAT_FILE", "cannot be created"),
]


@pytest.mark.parametrize("bot", sorted(FRONT_ENDS))
@pytest.mark.parametrize(
    ("env", "setting", "problem"), BAD_CORE_SETTINGS, ids=[c[1] for c in BAD_CORE_SETTINGS]
)
def test_check_names_the_setting_and_the_problem_never_the_value(
    bot: str,
    env: dict[str, str],
    setting: str,
    problem: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    for name, value in {**BOT_ENV[bot], **env}.items():
        monkeypatch.setenv(name, value)
    assert runtime.run(frontends.load(bot), ["--check"]) == 2
    out, err = capsys.readouterr()
    assert err.count("\n") == 1, err
    assert setting in err and problem in err
    assert SECRET not in err and SECRET not in out


@pytest.mark.slow
def test_check_finds_a_broken_knowledge_pack(tmp_path: Path) -> None:
    (tmp_path / "topics.yaml").write_text("topics: [this is: not valid\n")
    done = docker_quiz(
        "discord", "--check", env={**BOT_ENV["discord"], "KNOWLEDGE_PATH": str(tmp_path)}
    )
    assert done.returncode == 2 and "KNOWLEDGE_PATH: the knowledge pack has" in done.stderr
    assert str(tmp_path) not in done.stderr


@pytest.mark.slow
def test_check_passes_good_settings_without_connecting_to_anything() -> None:
    # Port 9 on loopback answers nobody: a check that connected would fail or hang.
    env = {**SLACK_ENV, "DATABASE_URL": "postgresql://quiz:pw@127.0.0.1:9/quiz"}
    done = docker_quiz("slack", "--check", env=env)
    assert done.returncode == 0 and "settings OK (socket mode)" in done.stdout, done.stderr


@pytest.mark.slow
def test_a_postgresql_url_without_its_driver_names_the_extra() -> None:
    env = {**SLACK_ENV, "DATABASE_URL": f"postgresql://quiz:{SECRET}@db/quiz"}
    done = docker_quiz("slack", "--check", env=env, hidden=("psycopg",))
    assert done.returncode == 2 and "pip install -e '.[postgres]'" in done.stderr, done.stderr
    assert "DATABASE_URL" in done.stderr and SECRET not in done.stderr


@given(st.text(alphabet="0123456789abcdefABCDEFxyz -", max_size=140))
def test_the_signing_secret_message_says_exactly_what_is_accepted(secret: str) -> None:
    stated = re.fullmatch(r"(\d+) to (\d+) hexadecimal characters.*", SIGNING_SECRET_RULE)
    assert stated is not None
    low, high = int(stated.group(1)), int(stated.group(2))
    fits = low <= len(secret.strip()) <= high and all(
        c in "0123456789abcdefABCDEF" for c in secret.strip()
    )
    env = {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": secret}
    if not secret.strip():
        return  # empty is "not set", a different message
    try:
        SlackSettings.from_env(env)
    except SettingsError as exc:
        assert not fits and SIGNING_SECRET_RULE in str(exc)
    else:
        assert fits


# -- the docs -----------------------------------------------------------------------------------


def _tracked_text_files() -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    return [ROOT / name for name in listed if not name.startswith(("tests/fixtures", "knowledge/"))]


def _anchors(markdown: str) -> set[str]:
    """GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens."""
    headings = re.findall(r"(?m)^#+ (.+)$", markdown)
    return {re.sub(r"[^\w\- ]", "", h).strip().lower().replace(" ", "-") for h in headings}


@pytest.mark.slow
def test_every_reference_to_a_document_points_at_one() -> None:
    readme_anchors = _anchors((ROOT / "README.md").read_text())
    checked = 0
    for path in _tracked_text_files():
        try:
            text = path.read_text()
        except (UnicodeDecodeError, IsADirectoryError):
            continue
        for target in re.findall(r"(?<![\w/.:])(docs/[\w./-]*\w)", text):
            assert (ROOT / target).exists(), f"{path.relative_to(ROOT)} points at {target}"
            checked += 1
        for anchor in re.findall(r"README\.md#([\w-]+)", text):
            assert anchor in readme_anchors, f"{path.relative_to(ROOT)}: README.md#{anchor}"
            checked += 1
    assert checked >= 6  # the six places that named a docs/ folder now name README sections


def test_every_install_line_in_the_docs_works_from_a_clone() -> None:
    docs = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *sorted(ROOT.glob("docs/*.md"))]
    lines = [
        line
        for doc in docs
        if doc.exists()
        for line in doc.read_text().splitlines()
        if re.search(r"\bpip install\b", line)
    ]
    assert lines
    for line in lines:
        assert "docker-quiz[" not in line, line  # not on PyPI
        for spec in re.findall(
            r"pip install ((?:-c requirements/constraints\.txt |-\w+ )*)(\S+)", line
        ):
            assert re.fullmatch(r"""['"]?\.(\[[\w,]+\])?['"]?[`.,)]*""", spec[1]), line


# -- CI's PostgreSQL ----------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.postgres
def test_ci_creates_the_test_database_when_it_is_missing(postgres_url: str) -> None:
    base = sa.engine.make_url(os.environ["TEST_DATABASE_URL"])
    name = f"dq_ci_{uuid.uuid4().hex[:10]}"
    url = base.set(database=name).render_as_string(hide_password=False)
    script = [sys.executable, str(ROOT / "scripts" / "create_test_database.py")]
    env = {**os.environ, "TEST_DATABASE_URL": url}
    try:
        first = subprocess.run(script, env=env, capture_output=True, text=True, timeout=60)
        assert first.returncode == 0 and f"test database {name}: created" in first.stdout
        again = subprocess.run(script, env=env, capture_output=True, text=True, timeout=60)
        assert again.returncode == 0 and "already there" in again.stdout
        engine = sa.create_engine(url)
        with engine.connect() as conn:
            assert conn.execute(sa.text("SELECT current_database()")).scalar() == name
        engine.dispose()
    finally:
        admin = sa.create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()
