"""Exam readiness: the mean FSRS recall of a topic's questions now, with a fixed clock and
cards whose recall is computed here from the published FSRS-6 formula."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from fsrs import Card, Rating, Scheduler

from bot.bootstrap import build_tutor
from bot.clock import FixedClock
from bot.content.pack import KnowledgePack
from bot.lookup.index import LookupIndex
from bot.progress.readiness import READY_AT, readiness, recall_now
from bot.progress.wording import readiness_summary
from bot.replies import Request
from bot.settings import Settings
from bot.store import ReviewCard
from bot.tutor import Tutor

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def fsrs6_recall(stability: float, days: int, decay: float) -> float:
    """R(t) = (1 + factor * t / S) ** -decay with factor = 0.9 ** (-1 / decay) - 1."""
    factor = 0.9 ** (-1 / decay) - 1
    return float((1 + factor * days / stability) ** -decay)


def reviewed(question_id: str, ratings: list[tuple[datetime, Rating]]) -> tuple[ReviewCard, Card]:
    scheduler = Scheduler(enable_fuzzing=False)
    card = Card(card_id=1, due=ratings[0][0])
    for when, rating in ratings:
        card, _ = scheduler.review_card(card, rating, review_datetime=when)
    stored = ReviewCard(
        question_id=question_id,
        card_json=card.to_json(),
        due=card.due,
        last_review=card.last_review,
    )
    return stored, card


def test_recall_now_is_the_fsrs_retrievability_of_each_card() -> None:
    scheduler = Scheduler(enable_fuzzing=False)
    decay = scheduler.parameters[20]
    good, good_card = reviewed("q-good", [(T0, Rating.Good)])
    twice, twice_card = reviewed(
        "q-twice", [(T0 - timedelta(days=3), Rating.Good), (T0, Rating.Good)]
    )
    assert good_card.stability is not None and twice_card.stability is not None
    for days in (0, 1, 10, 60):
        now = T0 + timedelta(days=days, hours=5)
        recall = recall_now([good, twice], scheduler=scheduler, now=now)
        assert recall["q-good"] == pytest.approx(fsrs6_recall(good_card.stability, days, decay))
        assert recall["q-twice"] == pytest.approx(fsrs6_recall(twice_card.stability, days, decay))
    # Right after a review it is 1; ten days on it is well below (and more stable cards hold up).
    assert recall_now([good], scheduler=scheduler, now=T0)["q-good"] == 1.0
    later = recall_now([good, twice], scheduler=scheduler, now=T0 + timedelta(days=10))
    assert later["q-good"] < later["q-twice"] < 1.0


def test_a_question_last_answered_wrong_counts_zero_not_as_just_reviewed() -> None:
    scheduler = Scheduler(enable_fuzzing=False)
    wrong, _ = reviewed("q-wrong", [(T0, Rating.Again)])
    # FSRS alone says 1.0 an hour after a failed review (whole days elapsed: 0).
    assert scheduler.get_card_retrievability(Card.from_json(wrong.card_json), T0) == 1.0
    recall = recall_now([wrong], scheduler=scheduler, now=T0, missed={"q-wrong"})
    assert recall == {"q-wrong": 0.0}


def test_topic_readiness_is_the_mean_over_its_questions_with_unseen_ones_zero(
    pack: KnowledgePack,
) -> None:
    registries = pack.questions_in("registries")
    commands = pack.questions_in("commands")
    # Registries: every question recalled at 0.9 but one unseen -> 0.9 * (n-1) / n.
    recall = {qid: 0.9 for qid in registries[1:]}
    # Commands: all seen, recalled at exactly the threshold.
    recall |= {qid: READY_AT for qid in commands}
    ready = readiness(pack, recall)
    by_topic = {topic.topic: topic for topic in ready.topics}
    expected = 0.9 * (len(registries) - 1) / len(registries)
    assert by_topic["registries"].score == pytest.approx(expected)
    assert by_topic["registries"].seen == len(registries) - 1
    assert by_topic["registries"].ready is (expected >= READY_AT)
    assert by_topic["commands"].ready and by_topic["commands"].percent == 80
    assert by_topic["kernel-features"].score == 0.0
    assert len(ready.topics) == len([t for t in pack.topics if pack.questions_in(t)])
    # Weakest first; the line names the weakest by id with its percent.
    scores = [topic.score for topic in ready.topics]
    assert scores == sorted(scores)
    weakest = ready.topics[0]
    assert readiness_summary(ready) == (
        f"Ready on {len(ready.ready)} of {len(ready.topics)} topics; weakest: {weakest.topic} (0%)"
    )


def test_just_under_the_threshold_is_not_ready_nor_shown_as_80(pack: KnowledgePack) -> None:
    questions = pack.questions_in("registries")
    ready = readiness(pack, {qid: 0.7999 for qid in questions})
    registries = next(t for t in ready.topics if t.topic == "registries")
    assert not registries.ready and registries.percent == 79


def test_ready_on_six_of_ten(pack: KnowledgePack) -> None:
    topics = [t for t in pack.topics if pack.questions_in(t)]
    recall = {qid: 0.95 for topic in topics[:6] for qid in pack.questions_in(topic)}
    weak = topics[6]
    half = pack.questions_in(weak)[: len(pack.questions_in(weak)) // 2]
    recall |= {qid: 1.0 for qid in half}
    for topic in topics[7:]:
        recall |= {qid: 0.9 for qid in pack.questions_in(topic)}
    ready = readiness(pack, recall)
    expected_ready = 6 + len(topics[7:])  # 0.95 and 0.9 everywhere: ready
    assert len(ready.ready) == expected_ready
    share = len(half) / len(pack.questions_in(weak))
    assert readiness_summary(ready) == (
        f"Ready on {expected_ready} of {len(topics)} topics; weakest: {weak} ({int(share * 100)}%)"
    )


@pytest.fixture
def tutor(tmp_path: object, pack: KnowledgePack, index: LookupIndex) -> Iterator[Tutor]:
    settings = Settings(knowledge_path=pack.path, database_url=f"sqlite:///{tmp_path}/r.db")
    made = build_tutor(settings, pack=pack, index=index, clock=FixedClock(T0), rng=random.Random(5))
    yield made
    made.close()


def test_stats_show_readiness_that_decays_and_counts_mistakes_zero(
    tutor: Tutor, pack: KnowledgePack
) -> None:
    assert isinstance(tutor.clock, FixedClock)

    def say(text: str = "", action: str | None = None, picks: tuple[str, ...] = ()) -> str:
        request = Request(
            workspace="W", user="U", text=text, action=action, channel="C", selection=picks
        )
        return tutor.handle(request).text

    # Every registries question right (choose-two ones with both right options), the first
    # kernel-features question wrong.
    for qid in pack.questions_in("registries"):
        question = tutor.features.quiz.ask(
            Request(workspace="W", user="U", channel="C"), qid, kind="quiz"
        )
        correct = pack.questions[qid].correct_texts  # as shown: options come shuffled
        right = [choice.action for choice in question.choices if choice.text in correct]
        if question.select is not None:
            say(action=question.select.submit, picks=tuple(right))
        else:
            say(action=right[0])
    missed = next(
        qid
        for qid in pack.questions_in("kernel-features")
        if len(pack.questions[qid].answer_indexes) == 1
    )
    question = tutor.features.quiz.ask(
        Request(workspace="W", user="U", channel="C"), missed, kind="quiz"
    )
    wrong = next(c for c in question.choices if c.text != pack.questions[missed].answer_text)
    say(action=wrong.action)

    now = tutor.features.progress.readiness(workspace="W", user="U")
    by_topic = {topic.topic: topic for topic in now.topics}
    assert by_topic["registries"].score == 1.0 and by_topic["registries"].ready
    assert by_topic["kernel-features"].score == 0.0  # answered, but wrong
    text = say("/docker-quiz stats")
    assert f"Ready on 1 of {len(now.topics)} topics" in text
    assert "Registries: Docker Hub and Amazon ECR ✅" in text

    tutor.clock.advance(timedelta(days=30))
    later = tutor.features.progress.readiness(workspace="W", user="U")
    registries = next(t for t in later.topics if t.topic == "registries")
    assert 0 < registries.score < READY_AT
    assert f"Ready on 0 of {len(later.topics)} topics" in say("/docker-quiz stats")
