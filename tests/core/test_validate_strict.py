"""`docker-quiz validate --strict`: a clean fixture pack passes, and a fixture pack with each
kind of problem fails, printing the file and the item of the problem."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from adapters.cli import main
from bot.settings import default_knowledge_path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "lint"

# case -> (file, item, what the finding says), as printed.
CASES = {
    "longest-share": ("lint", "(pack)", "single longest in 2 of 6 single-answer questions"),
    "length-ratio": ("more.yaml", "question q-case-long", "over 1.5x the distractors' mean"),
    "restating": ("more.yaml", "question q-case-restates", "mostly restates the option"),
    "giveaway": ("more.yaml", "question q-case-giveaway", "'scanning', 'vulnerability'"),
    "positional": ("more.yaml", "question q-case-positional", "refers to other options by"),
    "near-duplicate": ("questions.yaml", "question q-base-run", "of question q-case-run-again"),
    "id-too-long": ("more.yaml", "questions[0] (id q-case-this", "at most 64 characters"),
    "bad-source": ("more.yaml", "entry volumes", "'http://example.com/docker-volumes'"),
    "choose-count": ("more.yaml", "question q-case-how-many", "add 'Choose two.'"),
    "shipped-removed": ("shipped.yaml", "shipped q-base-gone", "gone with no successor"),
    "unrecorded": ("shipped.yaml", "shipped", "(q-case-new): run `docker-quiz validate"),
    "knock-on": ("entries.yaml", "entries[1] (id client)", "knock-on: entries.yaml: entry daemon"),
}


def assemble(tmp_path: Path, case: str | None) -> Path:
    """The base fixture pack with a case's files laid over it (same name: replaced)."""
    pack = tmp_path / "lint"
    shutil.copytree(FIXTURES / "base", pack)
    if case is not None:
        for file in (FIXTURES / "cases" / case).iterdir():
            shutil.copy(file, pack / file.name)
    return pack


def record(pack: Path) -> None:
    """Record the case's new ids as shipped, so that only the case's problem remains."""
    assert main(["validate", "--record-shipped", str(pack)]) in (0, 1)


def test_the_clean_fixture_pack_passes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--strict", str(assemble(tmp_path, None))]) == 0
    assert "OK: no problems found (strict)" in capsys.readouterr().out


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_kind_of_problem_fails_naming_file_and_item(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = assemble(tmp_path, case)
    if case not in ("shipped-removed", "unrecorded"):
        record(pack)
    capsys.readouterr()
    assert main(["validate", "--strict", str(pack)]) == 1
    out = capsys.readouterr().out
    lines = [line for line in out.splitlines() if line.startswith("  - ")]
    assert len(lines) == 1, out  # exactly the case's problem, nothing else
    file, item, says = CASES[case]
    assert f"{file}: {item}" in lines[0] and says in lines[0], lines[0]


def test_a_knock_on_error_is_folded_under_the_real_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = assemble(tmp_path, "knock-on")
    assert main(["validate", str(pack)]) == 1
    out = capsys.readouterr().out
    assert "field 'answer': Field required" in out
    assert "unknown entry 'client'" not in out


def test_record_shipped_only_adds_and_keeps_the_header(tmp_path: Path) -> None:
    pack = assemble(tmp_path, "unrecorded")
    before = yaml.safe_load((pack / "shipped.yaml").read_text())["shipped"]
    assert main(["validate", "--record-shipped", str(pack)]) == 0
    text = (pack / "shipped.yaml").read_text()
    after = yaml.safe_load(text)["shipped"]
    assert set(after) == {*before, "q-case-new"} and after == sorted(after)
    assert text.startswith("# Every question id this pack has ever released")


def test_strict_json_lists_the_findings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    pack = assemble(tmp_path, "shipped-removed")
    assert main(["validate", "--strict", "--json", str(pack)]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["errors"] == [] and len(report["findings"]) == 1
    assert "q-base-gone" in report["findings"][0]


def test_the_shipped_pack_records_every_question_it_ships() -> None:
    shipped = yaml.safe_load((default_knowledge_path() / "shipped.yaml").read_text())["shipped"]
    assert len(shipped) >= 100 and shipped == sorted(set(shipped))
