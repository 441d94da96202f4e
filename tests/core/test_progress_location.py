"""Progress lives in one place whatever the current folder: DATABASE_URL when set (empty
means unset), else DATA_DIR (the image's /data), else an older version's ./data file with a
note, else the user's data folder; the same for every front end."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


def test_the_default_is_the_users_data_folder(tmp_path: Path) -> None:
    home = Path(os.environ["XDG_DATA_HOME"]) / "docker-quiz" / "docker-quiz.db"
    for env in ({}, {"DATABASE_URL": ""}, {"DATABASE_URL": "  "}):
        settings = Settings.from_env(env, cwd=tmp_path)
        assert settings.database_url == f"sqlite:///{home}", env
        assert settings.database_note is None


def test_an_older_versions_file_in_this_folder_is_still_used_with_a_note(tmp_path: Path) -> None:
    legacy = tmp_path / "data" / "docker-quiz.db"
    legacy.parent.mkdir()
    legacy.write_bytes(b"")
    settings = Settings.from_env({}, cwd=tmp_path)
    assert settings.database_url == f"sqlite:///{legacy}"
    assert settings.database_note is not None and "./data/docker-quiz.db" in settings.database_note
    assert "\n" not in settings.database_note


def test_database_url_and_data_dir_override_the_default(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "docker-quiz.db").write_bytes(b"")
    given = Settings.from_env({"DATABASE_URL": "postgresql://u@h/db"}, cwd=tmp_path)
    assert (given.database_url, given.database_note) == ("postgresql://u@h/db", None)
    image = Settings.from_env({"DATA_DIR": "/data", "DATABASE_URL": ""}, cwd=tmp_path)
    assert (image.database_url, image.database_note) == ("sqlite:////data/docker-quiz.db", None)


def _cli(args: list[str], *, cwd: Path, env: dict[str, str], stdin: str = "") -> str:
    done = subprocess.run(
        [sys.executable, "-m", "adapters.cli", *args],
        cwd=cwd,
        env={**env, "PYTHONPATH": str(ROOT)},
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout + done.stderr


@pytest.mark.slow
def test_progress_follows_the_user_from_folder_to_folder(tmp_path: Path) -> None:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "XDG_DATA_HOME": str(tmp_path / "data-home"),
        "XDG_STATE_HOME": str(tmp_path / "state-home"),
        "HOME": str(tmp_path),
    }
    here, there, elsewhere = (tmp_path / name for name in ("here", "there", "elsewhere"))
    for folder in (here, there, elsewhere):
        folder.mkdir()
    # The question is drawn at random: "A" answers a single-answer one, while a "choose two"
    # one asks again for two letters, which the second line gives.
    _cli(["quiz", "-n", "1", "--topic", "ecr"], cwd=here, env=env, stdin="A\nA,B\n")
    stats = _cli(["chat"], cwd=there, env=env, stdin="/docker-quiz stats\n")
    assert "right of 1 answered" in stats, stats
    _cli(["health"], cwd=elsewhere, env=env)
    assert (tmp_path / "data-home" / "docker-quiz" / "docker-quiz.db").is_file()
    assert not any(
        p.name == "data" for folder in (here, there, elsewhere) for p in folder.iterdir()
    )


@pytest.mark.slow
def test_the_note_is_shown_once_by_the_terminal_and_logged_by_the_bots(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "XDG_DATA_HOME": str(tmp_path / "data-home"),
        "HOME": str(tmp_path),
    }
    _cli(["chat"], cwd=tmp_path, env=env, stdin="/docker-quiz stats\n")
    assert not (tmp_path / "data" / "docker-quiz.db").exists()  # an empty ./data is not used
    (tmp_path / "data" / "docker-quiz.db").write_bytes(b"")
    chat = _cli(["chat"], cwd=tmp_path, env=env, stdin="/docker-quiz stats\n")
    assert chat.count("./data/docker-quiz.db") == 1
    token = "MTExMTExMTExMTExMTExMTEx.Gabcde.fake-token-for-tests_0123456789"
    check = _cli(["discord", "--check"], cwd=tmp_path, env={**env, "DISCORD_TOKEN": token})
    assert "./data/docker-quiz.db" in check and "settings OK" in check
