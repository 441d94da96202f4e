"""The locks in requirements/ stay in step with each other and with pyproject.toml, and the
image and the docs install from them (scripts/lock.py writes them)."""

from __future__ import annotations

import re
import runpy
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
REQUIREMENTS = ROOT / "requirements"
INSTALL = "pip install -q -c requirements/constraints.txt -e '.[test]'"


def _lock() -> dict[str, Any]:
    return runpy.run_path(str(ROOT / "scripts" / "lock.py"), run_name="lock")


def test_the_locks_are_in_step_with_each_other_and_with_pyproject() -> None:
    assert _lock()["check"]() == [], "run: python scripts/lock.py"


def test_the_constraints_file_has_exactly_the_locks_pins() -> None:
    lock = _lock()
    dev = lock["pins"]((REQUIREMENTS / "dev.txt").read_text())
    constrained = lock["pins"]((REQUIREMENTS / "constraints.txt").read_text())
    assert constrained == dev
    assert {"pytest", "sqlalchemy", "slack-bolt", "discord-py", "wordfreq", "uv"} <= set(dev)
    assert "--hash" not in (REQUIREMENTS / "constraints.txt").read_text()


def _copy(tmp_path: Path) -> Path:
    for lock in REQUIREMENTS.glob("*.txt"):
        (tmp_path / lock.name).write_text(lock.read_text())
    return tmp_path


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_the_check_names_a_constraint_that_drifted_from_the_lock(tmp_path: Path) -> None:
    lock, folder = _lock(), _copy(tmp_path)
    assert lock["check"](folder) == []
    version = lock["pins"]((folder / "dev.txt").read_text())["sqlalchemy"][0]
    _edit(folder / "constraints.txt", f"sqlalchemy=={version}\n", "sqlalchemy==2.0.0\n")
    assert lock["check"](folder) == [
        "requirements/constraints.txt does not match requirements/dev.txt"
    ]


def test_the_check_names_an_image_pin_that_differs_from_the_lock(tmp_path: Path) -> None:
    lock, folder = _lock(), _copy(tmp_path)
    version = lock["pins"]((folder / "dev.txt").read_text())["pydantic"][0]
    _edit(folder / "runtime.txt", f"pydantic=={version} ", "pydantic==2.6.0 ")
    assert lock["check"](folder) == [
        f"requirements/runtime.txt pins pydantic==2.6.0, dev.txt {version}"
    ]


def test_the_check_names_a_dependency_the_lock_lacks(tmp_path: Path) -> None:
    lock, folder = _lock(), _copy(tmp_path)
    dev = (folder / "dev.txt").read_text()
    version = lock["pins"](dev)["rapidfuzz"][0]
    _edit(folder / "dev.txt", f"\nrapidfuzz=={version} ", "\nsomething-else==1.0 ")
    (folder / "constraints.txt").write_text(lock["constraints"]((folder / "dev.txt").read_text()))
    assert lock["check"](folder) == ["requirements/dev.txt has no pin for rapidfuzz>=3.6"]


def test_every_locked_pin_carries_a_hash_and_markers_are_kept() -> None:
    lock = _lock()
    for name in ("dev.txt", "runtime.txt", "build.txt"):
        text = (REQUIREMENTS / name).read_text()
        entries = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 2)[2])
        pinned = [entry for entry in entries if "==" in entry.split("\n")[0]]
        assert pinned and len(pinned) == len(lock["pins"](text)), name
        for entry in pinned:
            assert "--hash=sha256:" in entry, f"{name}: {entry.splitlines()[0]}"
    runtime = lock["pins"]((REQUIREMENTS / "runtime.txt").read_text())
    assert runtime["colorama" if "colorama" in runtime else "tzdata"][1].startswith("sys_platform")


def test_the_image_holds_only_runtime_pins_no_test_tools() -> None:
    runtime = _lock()["pins"]((REQUIREMENTS / "runtime.txt").read_text())
    assert {"sqlalchemy", "slack-bolt", "discord-py", "psycopg", "prometheus-client"} <= set(
        runtime
    )
    assert not {"pytest", "mypy", "ruff", "hypothesis", "uv", "wordfreq"} & set(runtime)


def test_the_dockerfile_installs_from_the_locks_with_hashes() -> None:
    context = (ROOT / ".dockerignore").read_text().splitlines()
    assert {"!requirements/runtime.txt", "!requirements/build.txt"} <= set(context)
    commands = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    installs = re.findall(r"pip install ([^&\n]*)", commands)
    assert installs
    for options in installs:
        assert "--no-deps" in options, options
        if "--requirement " in options:
            assert "--require-hashes" in options, options
    locks = {m for o in installs for m in re.findall(r"--requirement (requirements/\w+\.txt)", o)}
    assert locks == {"requirements/runtime.txt", "requirements/build.txt"}
    project = [o for o in installs if o.rstrip().endswith(" .")]
    assert project and "--no-build-isolation" in project[0]


def test_readme_ci_and_contributing_install_with_the_constraints() -> None:
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    contributing = (ROOT / "CONTRIBUTING.md").read_text()
    assert f".venv/bin/{INSTALL} && .venv/bin/pytest -q" in readme
    assert f".venv/bin/{INSTALL}\n" in ci
    assert INSTALL.replace("-q ", "") in contributing
    for doc in (readme, contributing):
        assert "python scripts/lock.py --upgrade" in doc
