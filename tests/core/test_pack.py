"""The shipped pack loads cleanly, and a broken pack reports every problem precisely."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from adapters.cli import main
from bot.content.pack import check_pack, load_pack
from bot.errors import PackError
from bot.settings import default_knowledge_path

SHIPPED = default_knowledge_path()


def test_every_shipped_file_loads_without_problems() -> None:
    files = sorted(SHIPPED.rglob("*.yaml"))
    assert len(files) >= 20
    pack, problems = check_pack(SHIPPED)
    assert problems == []
    assert len(pack.questions) >= 80
    assert len(pack.entries) >= 60


def test_every_section_of_the_seed_has_at_least_eight_questions() -> None:
    pack = load_pack(SHIPPED)
    per_section: dict[int, int] = {}
    for question in pack.questions.values():
        section = pack.topics[question.topic].section
        per_section[section] = per_section.get(section, 0) + 1
    assert all(per_section.get(section, 0) >= 8 for section in range(1, 7)), per_section


def test_the_bank_mixes_kinds_difficulties_and_scenarios() -> None:
    questions = list(load_pack(SHIPPED).questions.values())
    assert sum(q.kind == "true_false" for q in questions) >= 8
    assert sum(q.scenario for q in questions) >= len(questions) // 4
    assert {q.difficulty for q in questions} == {"easy", "medium", "hard"}


def test_every_topic_has_entries_and_questions() -> None:
    pack = load_pack(SHIPPED)
    for topic in pack.topics:
        assert any(e.topic == topic for e in pack.entries.values()), topic
        assert pack.questions_in(topic), topic


def _write(folder: Path, name: str, data: object) -> None:
    (folder / name).write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


GOOD_TOPIC = {"id": "basics", "title": "Basics", "section": 1, "summary": "The basics."}
GOOD_QUESTION = {
    "id": "q-one",
    "topic": "basics",
    "difficulty": "easy",
    "prompt": "Which tool builds images?",
    "options": [
        {"text": "docker build"},
        {"text": "docker ps", "why_wrong": "It lists containers."},
        {"text": "docker stop", "why_wrong": "It stops a container."},
    ],
    "answer": "docker build",
    "explanation": "docker build turns a Dockerfile into an image.",
}


def test_one_load_reports_every_problem_naming_file_entry_and_field(tmp_path: Path) -> None:
    _write(tmp_path, "topics.yaml", {"topics": [GOOD_TOPIC]})
    missing_answer = {**GOOD_QUESTION, "id": "q-two", "answer": "docker push"}
    unknown_topic = {**GOOD_QUESTION, "id": "q-three", "topic": "nope"}
    no_difficulty = {k: v for k, v in GOOD_QUESTION.items() if k != "difficulty"} | {"id": "q-four"}
    duplicate = dict(GOOD_QUESTION)
    _write(
        tmp_path,
        "questions.yaml",
        {"questions": [GOOD_QUESTION, missing_answer, unknown_topic, no_difficulty, duplicate]},
    )
    (tmp_path / "broken.yaml").write_text("questions: [unclosed\n", encoding="utf-8")

    _, problems = check_pack(tmp_path)
    text = "\n".join(problems)

    assert len(problems) == 5, text
    assert "questions.yaml: questions[1] (id q-two)" in text and "not one of the options" in text
    assert "question q-three: field 'topic': unknown topic 'nope'" in text
    assert "questions[3] (id q-four): field 'difficulty'" in text
    assert "duplicate question id 'q-one'" in text
    assert "broken.yaml: not valid YAML" in text
    with pytest.raises(PackError) as raised:
        load_pack(tmp_path)
    assert raised.value.problems == problems


def test_validate_json_prints_counts_and_exits_1_on_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(tmp_path, "topics.yaml", {"topics": [GOOD_TOPIC]})
    _write(
        tmp_path,
        "q.yaml",
        {"questions": [GOOD_QUESTION, {**GOOD_QUESTION, "id": "q-x", "topic": "nope"}]},
    )

    assert main(["validate", str(tmp_path), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["topics"] == 1 and report["questions"] == 2
    assert report["questions_per_topic"] == {"basics": 1}
    assert report["errors"] == ["q.yaml: question q-x: field 'topic': unknown topic 'nope'"]


def test_validate_the_shipped_pack_succeeds(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["errors"] == []
    assert set(report) == {"topics", "entries", "questions", "questions_per_topic", "errors"}


def test_a_missing_folder_is_a_clear_problem(tmp_path: Path) -> None:
    _, problems = check_pack(tmp_path / "absent")
    assert problems == [f"{tmp_path / 'absent'}: no such folder"]


GOOD_ENTRY = {
    "id": "bind-mounts",
    "topic": "basics",
    "title": "Bind mount",
    "answer": "A host folder mounted into a container.",
    "explanation": "The container sees the host's files.",
    "phrasings": ["what is a bind mount"],
    "aliases": ["mount"],
}


def test_an_untaught_subject_named_like_a_taught_one_is_a_problem(tmp_path: Path) -> None:
    """What the notes do not teach must not go by the name of an entry (plurals and case
    aside), nor share a name with another untaught subject; a flag is not its word."""
    _write(tmp_path, "topics.yaml", {"topics": [GOOD_TOPIC]})
    _write(tmp_path, "entries.yaml", {"entries": [GOOD_ENTRY]})
    outside = [
        {"subject": "Mounts", "names": ["Bind Mounts", "--mount"], "source": "https://x.test/a"},
        {"subject": "Volumes", "names": ["--mount", "volume create"], "source": "https://x.test/b"},
    ]
    _write(tmp_path, "outside.yaml", {"outside": outside})

    _, problems = check_pack(tmp_path)

    assert problems == [
        "outside.yaml: outside 'Mounts': name 'Bind Mounts' is what entry 'bind-mounts' teaches",
        "outside.yaml: outside 'Volumes': name '--mount' is also a name of 'Mounts'",
    ]
