"""The test loop's own rules (tests/README.md): a test that starts a process or a server
without `@pytest.mark.slow` fails, naming what it started, so `pytest -m "not slow"` stays the
quick loop; and a warning fails the test that raised it."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

INNER = """
import socket
import subprocess
import sys
import warnings

import pytest


def test_unmarked_process() -> None:
    subprocess.run([sys.executable, "-c", "pass"], check=True)


def test_unmarked_server() -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()


@pytest.mark.slow
def test_marked_process() -> None:
    subprocess.run([sys.executable, "-c", "pass"], check=True)


def test_plain() -> None:
    assert sum([1, 2]) == 3


def test_warns() -> None:
    warnings.warn("something is deprecated", DeprecationWarning, stacklevel=1)
"""


@pytest.mark.slow  # runs a small suite that starts a process and a server
def test_unmarked_process_and_server_tests_fail_and_warnings_are_errors(
    pytester: pytest.Pytester,
) -> None:
    pytester.makeconftest((ROOT / "tests" / "conftest.py").read_text())
    pyproject = (ROOT / "pyproject.toml").read_text()
    pytester.makepyprojecttoml(pyproject[pyproject.index("[tool.pytest.ini_options]") :])
    pytester.makepyfile(test_inner=INNER)
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider", "test_inner.py")
    result.assert_outcomes(passed=4, failed=1, errors=2)
    result.stdout.fnmatch_lines_random(
        [
            "*test_unmarked_process starts a process but is not marked slow*",
            "*test_unmarked_server starts a server but is not marked slow*",
            "FAILED test_inner.py::test_warns - DeprecationWarning: something is deprecated",
        ]
    )
    quick = pytester.runpytest_inprocess(
        "-p", "no:cacheprovider", "-m", "not slow", "-k", "plain", "test_inner.py"
    )
    quick.assert_outcomes(passed=1, deselected=4)
