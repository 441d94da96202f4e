"""`ask` starts fast: a compiled index (JSON, keyed by the pack's content) is kept and read
back, rebuilt when the pack changes, kept in memory when nothing is writable, and the ask
path imports neither pydantic nor SQLAlchemy. `ask --json` says what kind of reply it is."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from adapters.cli import main
from bot.content.pack import KnowledgePack, load_pack
from bot.lookup import compiled
from bot.lookup.answering import ANSWER_AT, LookupResult
from bot.lookup.index import LookupIndex
from bot.lookup.record import ask_record
from bot.settings import default_knowledge_path

ROOT = Path(__file__).resolve().parents[2]
QUESTIONS = [
    "which service scans images?",
    "namespaces vs cgroups",
    "wat dose docker pul do",
    "Which of these is not a Docker registry: Docker Hub, Amazon ECR, Amazon EKS?",
    "how do I bake bread",
    "how do I see the docker logs of my web container?",
]


@pytest.fixture
def pack_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "pack"
    shutil.copytree(default_knowledge_path(), folder)
    return folder


@pytest.fixture
def index_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "index"
    monkeypatch.setenv(compiled.INDEX_DIR_VARIABLE, str(folder))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # nothing kept from before
    return folder


def test_a_compiled_index_answers_exactly_like_the_one_it_was_made_from(
    index: LookupIndex,
) -> None:
    again = LookupIndex.from_data(json.loads(json.dumps(index.to_data())))
    for question in QUESTIONS:
        first, second = index.search(question), again.search(question)
        assert (first.kind, first.ids, first.confidence, first.odd_one_out) == (
            second.kind,
            second.ids,
            second.confidence,
            second.odd_one_out,
        )
        assert first.untaught == second.untaught


def test_the_index_is_kept_as_json_named_by_the_pack_digest_and_read_back(
    pack_copy: Path, index_dir: Path
) -> None:
    built = compiled.load_index(pack_copy)
    kept = list(index_dir.glob("lookup-*.json"))
    assert [p.name for p in kept] == [
        compiled.index_file(index_dir, compiled.pack_digest(pack_copy)).name
    ]
    assert json.loads(kept[0].read_text(encoding="utf-8"))["docs"]  # plain JSON, not pickle
    again = compiled.load_index(pack_copy)
    assert again.search(QUESTIONS[0]).ids == built.search(QUESTIONS[0]).ids


def test_a_changed_pack_gets_a_new_index(pack_copy: Path, index_dir: Path) -> None:
    compiled.load_index(pack_copy)
    topics = pack_copy / "topics.yaml"
    topics.write_text(topics.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    compiled.load_index(pack_copy)
    assert len(list(index_dir.glob("lookup-*.json"))) == 2


def test_a_damaged_index_file_is_ignored_and_rebuilt(pack_copy: Path, index_dir: Path) -> None:
    compiled.load_index(pack_copy)
    kept = compiled.index_file(index_dir, compiled.pack_digest(pack_copy))
    kept.write_text('{"format": 1, "docs": "not a list"', encoding="utf-8")
    rebuilt = compiled.load_index(pack_copy)
    assert rebuilt.search(QUESTIONS[0]).matched
    assert json.loads(kept.read_text(encoding="utf-8"))["docs"]


def test_with_nowhere_to_write_the_index_lives_in_memory(
    pack_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(compiled.INDEX_DIR_VARIABLE, str(blocked / "index"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked / "cache"))
    assert compiled.load_index(pack_copy).search(QUESTIONS[0]).matched


def test_the_index_command_writes_the_compiled_index(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["index", "--to", str(tmp_path / "out")]) == 0
    assert "lookup-" in capsys.readouterr().out
    assert list((tmp_path / "out").glob("lookup-*.json"))


@pytest.mark.slow
def test_ask_in_a_fresh_process_imports_neither_pydantic_nor_sqlalchemy(tmp_path: Path) -> None:
    env = {**os.environ, compiled.INDEX_DIR_VARIABLE: str(tmp_path / "index")}
    probe = (
        "import sys\n"
        "from adapters.cli import main\n"
        "main(['ask', 'which service scans images?'])\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'pydantic', 'sqlalchemy', 'yaml'}))"
    )
    subprocess.run([sys.executable, "-m", "adapters.cli", "index"], cwd=ROOT, env=env, check=True)
    out = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout
    assert out.strip().splitlines()[-1] == "[]"


def test_ask_json_says_what_kind_of_reply_it_is(
    capsys: pytest.CaptureFixture[str], pack: KnowledgePack
) -> None:
    assert main(["ask", "--json", "namespaces vs cgroups"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["kind"] == "comparison"
    assert set(record["ids"]) >= {"namespaces", "cgroups"}
    assert (
        record["id"] == record["ids"][0] and record["answer"] == pack.entries[record["id"]].answer
    )
    # both sides of a composed comparison, not the main entry's alone
    assert [e["id"] for e in record["entries"]] == record["ids"]
    assert [e["answer"] for e in record["entries"]] == [
        pack.entries[i].answer for i in record["ids"]
    ]

    assert main(["ask", "--json", "what is a Dockerfile?"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert (record["kind"], record["id"], record["ids"]) == ("answer", "dockerfile", ["dockerfile"])

    assert main(["ask", "--json", "how do I bake bread"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert (record["kind"], record["id"], record["answer"], record["ids"]) == (
        "declined",
        None,
        None,
        [],
    )
    assert record["entries"] == []

    assert main(["ask", "--json", "Docker 镜像是什么?"]) == 0
    assert json.loads(capsys.readouterr().out)["kind"] == "language"


def test_ask_json_lists_suggestions_best_first(capsys: pytest.CaptureFixture[str]) -> None:
    for question in ["docker ps and stop", "where do images go", "kernel", "registry or hub"]:
        assert main(["ask", "--json", question]) == 0
        record = json.loads(capsys.readouterr().out)
        confidences = [s["confidence"] for s in record["suggestions"]]
        assert confidences == sorted(confidences, reverse=True), question


def test_the_shipped_pack_loads_through_the_compiled_path(index_dir: Path) -> None:
    assert len(compiled.load_index(default_knowledge_path())) == len(
        load_pack(default_knowledge_path()).entries
    )


def test_ask_json_never_shows_a_decline_at_the_threshold_it_missed(
    index: LookupIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rounded to three places, 0.8996 would read 0.9, the threshold, on a declined reply."""
    just_under = LookupResult(query="q", kind="declined", confidence=ANSWER_AT - 0.0004)
    monkeypatch.setattr(index, "search", lambda question: just_under)
    record = ask_record(index, "q")
    assert record["kind"] == "declined" and record["confidence"] < ANSWER_AT
