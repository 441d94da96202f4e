"""The docs that repeat the command registry say what it says (the Slack manifest's usage
hint, the README's command table), and the help lists every command."""

from __future__ import annotations

import dataclasses
import runpy
from pathlib import Path
from typing import Any

import pytest

from bot.commands import REGISTRY
from bot.replies import Request
from bot.tutor import Tutor

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def sync() -> dict[str, Any]:
    return runpy.run_path(str(ROOT / "scripts" / "sync_commands.py"), run_name="sync_commands")


def test_the_manifest_and_readme_are_in_step_with_the_registry(sync: dict[str, Any]) -> None:
    assert sync["main"](["--check"]) == 0, "run: python scripts/sync_commands.py"


def test_a_new_command_makes_the_docs_stale(sync: dict[str, Any]) -> None:
    extra = dataclasses.replace(REGISTRY[0], name="hint", usage="hint", aliases=())
    registry = (*REGISTRY, extra)
    manifest = (ROOT / "slack-manifest.yaml").read_text()
    readme = (ROOT / "README.md").read_text()
    assert sync["synced_manifest"](manifest, registry) != manifest
    assert "`/docker-quiz hint`" in sync["synced_readme"](readme, registry)


def test_help_lists_every_command(tmp_path: Path, pack: Any, index: Any) -> None:
    from bot.bootstrap import build_tutor
    from bot.settings import Settings

    tutor: Tutor = build_tutor(
        Settings(knowledge_path=pack.path, database_url=f"sqlite:///{tmp_path}/h.db"),
        pack=pack,
        index=index,
    )
    try:
        shown = tutor.handle(Request(workspace="W", user="U", text="/docker-quiz help")).text
    finally:
        tutor.close()
    for spec in REGISTRY:
        assert f"`/docker-quiz {spec.usage}`" in shown
