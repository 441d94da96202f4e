"""Item analysis as admins and maintainers see it: flags from counts, the paginated chat
summary, and `docker-quiz items` as a table, JSON and CSV."""

from __future__ import annotations

import csv
import io
import json
import math
import random
import statistics
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from adapters import cli
from bot.bootstrap import build_tutor
from bot.clock import FixedClock
from bot.content.pack import KnowledgePack
from bot.content.schema import Option, Question
from bot.items.analysis import MIN_ATTEMPTS, item_stats, point_biserial
from bot.lookup.index import LookupIndex
from bot.replies import Request
from bot.settings import Settings
from bot.store import ItemCounts, Store
from bot.tutor import Tutor

NOW = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)


def counts(qid: str, options: tuple[int, ...], correct: int, **rest: float) -> ItemCounts:
    attempts = int(rest.pop("attempts", sum(options)))
    return ItemCounts(
        question_id=qid,
        attempts=attempts,
        correct=correct,
        options=options + (0,) * (5 - len(options)),
        rest_n=int(rest.get("rest_n", 0)),
        rest_x=int(rest.get("rest_x", 0)),
        rest_y=rest.get("rest_y", 0.0),
        rest_yy=rest.get("rest_yy", 0.0),
        rest_xy=rest.get("rest_xy", 0.0),
    )


def choose_two() -> Question:
    return Question(
        id="q-choose-two",
        topic="registries",
        difficulty="medium",
        kind="multiple_answer",
        prompt="Which two are registries?",
        options=(
            Option(text="Docker Hub"),
            Option(text="Amazon ECR"),
            Option(text="Amazon S3", why_wrong="object storage"),
            Option(text="Amazon EBS", why_wrong="block storage"),
        ),
        answers=("Docker Hub", "Amazon ECR"),
        explanation="Hub and ECR store images.",
    )


def test_point_biserial_is_pearsons_r_and_none_without_spread() -> None:
    # x = (1, 1, 0, 0), y = (0.9, 0.7, 0.4, 0.2): by hand, (M1 - M0) / s_y * sqrt(pq) =
    # (0.8 - 0.3) / sqrt(0.0725) * 0.5 = 0.92847...
    xs, ys = (1, 1, 0, 0), (0.9, 0.7, 0.4, 0.2)
    r = point_biserial(
        4, sum(xs), sum(ys), sum(y * y for y in ys), sum(x * y for x, y in zip(xs, ys, strict=True))
    )
    assert r == pytest.approx(0.5 / math.sqrt(0.0725) * 0.5, abs=1e-12)
    assert r == pytest.approx(statistics.correlation(xs, ys), abs=1e-12)
    assert point_biserial(1, 1, 0.5, 0.25, 0.5) is None
    assert point_biserial(3, 3, 1.5, 0.75, 1.5) is None  # everyone right
    assert point_biserial(3, 1, 1.5, 0.75, 0.5) is None  # the same rest score for all


def test_multiple_answer_options_count_each_pick_and_compare_with_the_least_picked_key() -> None:
    # 30 learners picked two options each: Hub 28, ECR 12, S3 15, EBS 5.
    item = item_stats(choose_two(), counts("q-choose-two", (28, 12, 15, 5), 10, attempts=30))
    assert [o.chosen for o in item.options] == [28, 12, 15, 5]
    assert [o.correct for o in item.options] == [True, True, False, False]
    # S3 beats the least-picked correct option (ECR, 12); EBS does not.
    assert [flag.label for flag in item.flags] == ["distractor-beats-key:C"]


def test_no_flags_below_the_minimum_of_first_attempts(pack: KnowledgePack) -> None:
    question = next(q for q in pack.questions.values() if len(q.options) == 4)
    key = question.answer_index
    options = tuple(MIN_ATTEMPTS - 1 if i == key else 0 for i in range(4))
    few = item_stats(question, counts(question.id, options, MIN_ATTEMPTS - 1))
    assert few.share_right == 1.0 and few.flags == ()
    options = tuple(MIN_ATTEMPTS if i == key else 0 for i in range(4))
    enough = item_stats(question, counts(question.id, options, MIN_ATTEMPTS))
    assert enough.flags and enough.flags[0].label == "too-easy"


@pytest.fixture
def tutor(tmp_path: Path, pack: KnowledgePack, index: LookupIndex) -> Iterator[Tutor]:
    settings = Settings(knowledge_path=pack.path, database_url=f"sqlite:///{tmp_path}/i.db")
    made = build_tutor(settings, pack=pack, index=index, clock=FixedClock(NOW), rng=random.Random())
    yield made
    made.close()


def everyone_right(store: Store, questions: list[Question], learners: int) -> None:
    """`learners` learners get every one of `questions` right at the first attempt."""
    for question in questions:
        for n in range(learners):
            made = store.create_instance(
                workspace="T1", question_id=question.id, kind="quiz", now=NOW
            )
            store.record_answer(
                workspace="T1",
                user=f"U{n}",
                instance_id=made.id,
                question_id=question.id,
                topic=question.topic,
                chosen=question.answer_index,
                correct=True,
                now=NOW,
            )


def test_admins_page_through_the_flagged_questions_in_chat(
    tutor: Tutor, pack: KnowledgePack
) -> None:
    easy = list(pack.questions.values())[:11]
    everyone_right(tutor.store, easy, MIN_ATTEMPTS)

    def say(text: str, admin: bool = True) -> tuple[str, str, str]:
        reply = tutor.handle(Request(workspace="T1", user="UA", text=text, is_admin=admin))
        return reply.kind, reply.title or "", reply.text + "\n" + (reply.footer or "")

    kind, title, first = say("/docker-quiz items")
    assert (
        kind == "info" and title == f"Item analysis: 11 of {len(pack.questions)} questions flagged"
    )
    assert "11 of" in first and f"have the {MIN_ATTEMPTS} first attempts" in first
    assert first.count("too easy (over 95% right)") == 8
    assert f"{MIN_ATTEMPTS} answered, 100% right, discrimination –" in first
    assert "Page 1 of 2 · next: `/docker-quiz items 2`" in first
    _, _, second = say("items 2")
    assert second.count("too easy") == 3 and "Page 2 of 2" in second
    shown = {q.id for q in easy if f"`{q.id}`" in first + second}
    assert shown == {q.id for q in easy}
    kind, _, third = say("/docker-quiz items 3")
    assert kind == "error" and "only 2 page(s)" in third
    kind, _, refused = say("/docker-quiz items", admin=False)
    assert kind == "error" and "only workspace admins" in refused


def test_the_cli_prints_every_question_as_a_table_json_and_csv(
    tmp_path: Path,
    pack: KnowledgePack,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    url = f"sqlite:///{tmp_path}/cli.db"
    store = Store.from_url(url)
    question = next(q for q in pack.questions.values() if len(q.options) == 4)
    everyone_right(store, [question], MIN_ATTEMPTS + 1)
    store.close()
    monkeypatch.setenv("DATABASE_URL", url)

    assert cli.main(["items"]) == 0
    table = capsys.readouterr().out
    row = next(line for line in table.splitlines() if line.startswith(question.id))
    assert f" {MIN_ATTEMPTS + 1} " in row and "100%" in row and "too-easy" in row
    assert f"{len(pack.questions)} questions, 1 flagged." in table

    assert cli.main(["items", "--json", "--workspace", "T1"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["workspace"] == "T1" and len(document["items"]) == len(pack.questions)
    record = next(r for r in document["items"] if r["question"] == question.id)
    assert record["attempts"] == MIN_ATTEMPTS + 1 and record["share_right"] == 1.0
    assert record["discrimination"] is None
    assert [o["chosen"] for o in record["options"] if o["correct"]] == [MIN_ATTEMPTS + 1]
    assert "too-easy" in record["flags"]

    assert cli.main(["items", "--csv", "--workspace", "nobody"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == len(pack.questions)
    assert next(r for r in rows if r["question"] == question.id)["attempts"] == "0"

    with pytest.raises(SystemExit):
        cli.main(["items", "--json", "--csv"])
