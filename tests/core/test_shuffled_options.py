"""Issue 13 §7: options come in a fresh order each time a question is served; the order is
stored with the served question, so every way of answering means the option the learner
saw, after a restart too; answers are stored by the pack's option index; and a question
does not come back to the same user within 24 hours while the topic has others."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from bot.bootstrap import build_tutor
from bot.clock import FixedClock
from bot.content.pack import KnowledgePack
from bot.content.schema import Question
from bot.lookup.index import LookupIndex
from bot.quiz.engine import check, pick
from bot.quiz.shuffle import Shuffler, draw_order, shown, to_canonical, to_shown
from bot.quiz.typed import LETTERS, Chosen, Several, read_answer
from bot.replies import Reply, Request
from bot.settings import Settings, default_knowledge_path
from bot.store import tables
from bot.tutor import Tutor

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
SEEDS = range(8)


def _tutor(database_url: str, pack: KnowledgePack, index: LookupIndex, seed: int) -> Tutor:
    settings = Settings(knowledge_path=default_knowledge_path(), database_url=database_url)
    return build_tutor(
        settings,
        pack=pack,
        index=index,
        clock=FixedClock(START),
        rng=random.Random(seed),
        shuffler=Shuffler(random.Random(seed + 100)),
    )


@pytest.fixture
def tutor(database_url: str, pack: KnowledgePack, index: LookupIndex) -> Iterator[Tutor]:
    built = _tutor(database_url, pack, index, seed=1)
    yield built
    built.close()


def _clock(tutor: Tutor) -> FixedClock:
    assert isinstance(tutor.clock, FixedClock)
    return tutor.clock


def _say(tutor: Tutor, text: str = "", *, user: str = "U1", **extra: object) -> Reply:
    request = Request(workspace="T1", user=user, channel="D1", text=text, **extra)  # type: ignore[arg-type]
    return tutor.handle(request)


def _ref(reply: Reply) -> str:
    return reply.choices[0].action.split(":")[1]


def _stored_choice(tutor: Tutor, ref: str, user: str) -> tuple[tuple[int, ...], int]:
    """The stored answer (pack option indexes) and its item-analysis bitmask."""
    instance = tutor.store.find_instance(workspace="T1", ref=ref)
    assert instance is not None
    a, f, learner = tables.answers.c, tables.first_answers.c, tables.learners.c
    with tutor.store.db.read() as conn:
        row = conn.execute(
            sa.select(a.chosen, a.chosen_options).where(
                a.workspace == "T1", a.instance_id == instance.id, a.user_id == user
            )
        ).one()
        mask = conn.execute(
            sa.select(f.chosen_mask)
            .join(tables.learners, learner.id == f.learner)
            .where(
                f.workspace == "T1",
                f.question_id == instance.question_id,
                learner.user_id == user,
            )
        ).scalar_one()
    return tables.options_of(row.chosen_options, row.chosen), int(mask)


# -- the order and its reading, over every question of the shipped pack ----------------------


def _numbers_taken(question: Question) -> set[str]:
    """Option numbers an option's own text takes over ("2" on a question whose option is 2)."""
    return {o.text.strip() for o in question.options if o.text.strip().isdecimal()}


def test_every_question_shuffled_judges_each_options_letter_number_and_text_as_that_option(
    pack: KnowledgePack,
) -> None:
    moved = 0
    for seed in SEEDS:
        rng = random.Random(seed)
        for question in pack.questions.values():
            order = draw_order(question, rng)
            seen = shown(question, order)
            if question.kind == "true_false":
                assert order is None and seen.options[0].text == "True"
                continue
            assert order is not None and sorted(order) == list(range(len(question.options)))
            moved += order != tuple(range(len(order)))
            for position, option in enumerate(seen.options):
                canonical = question.options.index(option)
                assert order[position] == canonical
                typed = [option.text, LETTERS[position], LETTERS[position].lower()]
                if str(position + 1) not in _numbers_taken(question):
                    typed.append(str(position + 1))
                for text in typed:
                    reading = read_answer(seen, text)
                    assert reading == Chosen(position), (question.id, order, text, reading)
                    assert to_canonical(question, order, (position,)) == (canonical,)
                verdict = check(seen, position)
                if len(question.answer_indexes) == 1:
                    assert verdict.correct == (canonical == question.answer_index)
                assert to_shown(question, order, (canonical,)) == (position,)
            right = ",".join(LETTERS[i] for i in seen.answer_indexes)
            if question.kind == "multiple_answer":
                reading = read_answer(seen, right)
                assert isinstance(reading, Several) and check(seen, reading.indexes).correct
                assert to_canonical(question, order, reading.indexes) == question.answer_indexes
    assert moved > len(pack.questions)  # most orders differ from the pack's


def test_orders_are_spread_evenly(pack: KnowledgePack) -> None:
    question = next(q for q in pack.questions.values() if len(q.options) == 4)
    rng = random.Random(7)
    first = Counter(draw_order(question, rng)[0] for _ in range(4000))  # type: ignore[index]
    assert set(first) == {0, 1, 2, 3}
    assert all(850 < count < 1150 for count in first.values()), first


# -- served through the tutor -----------------------------------------------------------------


def test_every_question_served_shows_its_stored_order_and_stores_answers_canonically(
    tutor: Tutor, pack: KnowledgePack
) -> None:
    """Each question of the pack, served once: the buttons show the stored order; a typed
    letter (or letters) of a random option is judged as the option with that text, and the
    answer is stored, and counted for item analysis, by its pack index."""
    rng = random.Random(11)
    for n, question in enumerate(pack.questions.values()):
        user = f"U{n}"
        reply = tutor.features.quiz.ask(
            Request(workspace="T1", user=user, channel="D1"), question.id, kind="quiz"
        )
        instance = tutor.store.find_instance(workspace="T1", ref=_ref(reply))
        assert instance is not None
        seen = shown(question, instance.order)
        assert [c.text for c in reply.choices] == [o.text for o in seen.options]
        assert [c.key for c in reply.choices] == list(LETTERS[: len(question.options)])
        if question.kind == "multiple_answer":
            picks = tuple(sorted(rng.sample(range(len(question.options)), len(question.answers))))
        else:
            picks = (rng.randrange(len(question.options)),)
        texts = {seen.options[i].text for i in picks}
        canonical = tuple(sorted(i for i, o in enumerate(question.options) if o.text in texts))
        feedback = _say(tutor, ",".join(LETTERS[i] for i in picks), user=user)
        assert feedback.outcome is not None
        assert feedback.outcome.correct == (canonical == question.answer_indexes), question.id
        for i in picks:  # the feedback names each pick by the letter and text shown
            assert f"{LETTERS[i]}) {seen.options[i].text}" in feedback.text
        stored, mask = _stored_choice(tutor, _ref(reply), user)
        assert stored == canonical and mask == tables.option_mask(canonical)


def test_true_false_questions_are_not_shuffled_true_stays_first(
    tutor: Tutor, pack: KnowledgePack
) -> None:
    for question in pack.questions.values():
        if question.kind != "true_false":
            continue
        for _ in range(5):
            reply = tutor.features.quiz.ask(
                Request(workspace="T1", user="U1", channel="D1"), question.id, kind="quiz"
            )
            assert [c.text for c in reply.choices] == [o.text for o in question.options]
            assert reply.choices[0].text == "True"


def test_a_restart_keeps_the_order_for_buttons_and_typed_letters(
    tmp_path: Path, pack: KnowledgePack, index: LookupIndex
) -> None:
    url = f"sqlite:///{tmp_path}/restart.db"
    question = next(q for q in pack.questions.values() if q.kind == "multiple_choice")
    before = _tutor(url, pack, index, seed=1)
    posted = [
        before.features.quiz.ask(
            Request(workspace="T1", user=u, channel="D1"), question.id, kind="quiz"
        )
        for u in ("U1", "U2")
    ]
    before.close()
    after = _tutor(url, pack, index, seed=99)  # a new process: another random source
    try:
        wrong = next(i for i, c in enumerate(posted[0].choices) if c.text != question.answer)
        clicked = _say(after, user="U1", action=posted[0].choices[wrong].action)
        assert "Not quite" in clicked.text
        assert f"You chose {LETTERS[wrong]}) {posted[0].choices[wrong].text}" in clicked.text
        right = next(i for i, c in enumerate(posted[1].choices) if c.text == question.answer)
        typed = _say(after, LETTERS[right], user="U2")
        assert "Right" in typed.text and f"{LETTERS[right]}) {question.answer}" in typed.text
        # The tally that replaces the question keeps the order it was posted in.
        assert typed.updates is not None
        assert [c.text for c in typed.updates.choices] == [c.text for c in posted[1].choices]
    finally:
        after.close()


def test_the_exam_summary_names_the_choice_by_the_letter_it_was_shown_with(
    tutor: Tutor, pack: KnowledgePack
) -> None:
    reply = _say(tutor, "/docker-quiz exam 3")
    shown_as: list[tuple[str, str]] = []
    while reply.kind == "question":
        ref = _ref(reply)
        instance = tutor.store.find_instance(workspace="T1", ref=ref)
        assert instance is not None
        question = pack.questions[instance.question_id]
        wrong = next(i for i, c in enumerate(reply.choices) if c.text not in question.correct_texts)
        if question.kind == "multiple_answer":  # one wrong pick in place of a right one
            rest = [i for i, c in enumerate(reply.choices) if c.text in question.answers][1:]
            picks = sorted([wrong, *rest])
        else:
            picks = [wrong]
        shown_as.append((LETTERS[wrong], reply.choices[wrong].text))
        reply = _say(tutor, ",".join(LETTERS[i] for i in picks))
    assert reply.kind == "summary" and "Score: **0/3**" in reply.text
    for letter, text in shown_as:
        assert f"Your choice: **{letter}) {text}**" in reply.text


# -- no repeat within 24 hours ----------------------------------------------------------------


def test_pick_skips_questions_served_in_the_last_day_then_serves_the_longest_unseen() -> None:
    now = START
    rng = random.Random(0)
    served = {"a": now - timedelta(hours=23), "b": now - timedelta(hours=25)}
    # "a" is unseen in this pool but was served 23 h ago (elsewhere): "c" comes first.
    assert pick(["a", "b", "c"], {"b"}, rng, served=served, now=now) == ("c", False)
    # Nothing unseen and not recent: the longest-unseen ("b"), though "a" is unseen here.
    assert pick(["a", "b"], {"b"}, rng, served=served, now=now) == ("b", False)
    # The pool is used up: it starts over with the longest-unseen.
    assert pick(["a", "b"], {"a", "b"}, rng, served=served, now=now) == ("b", True)
    # Never served beats any serving.
    assert pick(["a", "b", "d"], {"a", "b", "d"}, rng, served=served, now=now) == ("d", True)


def test_over_a_simulated_day_no_question_comes_back_while_the_topic_has_others(
    tutor: Tutor, pack: KnowledgePack
) -> None:
    topic = "local-storage"
    size = len(pack.questions_in(topic))
    clock = _clock(tutor)
    asked: list[str] = []
    for _ in range(size):  # one an hour: the whole topic once, within the day
        asked.append(_served_id(tutor, _say(tutor, f"/docker-quiz topic {topic}")))
        clock.advance(timedelta(minutes=50))
    assert sorted(asked) == sorted(pack.questions_in(topic))
    # Used up within the day: the longest-unseen comes first, in the order first served.
    again = [_served_id(tutor, _say(tutor, f"/docker-quiz topic {topic}")) for _ in range(3)]
    assert again == asked[:3]
    # The same user's quiz over every topic keeps away from what this topic served today.
    clock.advance(timedelta(hours=2))
    mixed = [_served_id(tutor, _say(tutor, "/docker-quiz")) for _ in range(40)]
    assert not set(mixed) & set(asked)
    assert len(set(mixed)) == len(mixed)


def test_a_question_due_for_review_comes_back_within_the_day(
    tutor: Tutor, pack: KnowledgePack
) -> None:
    question = next(q for q in pack.questions.values() if q.kind == "multiple_choice")
    reply = tutor.features.quiz.ask(
        Request(workspace="T1", user="U1", channel="D1"), question.id, kind="quiz"
    )
    wrong = next(i for i, c in enumerate(reply.choices) if c.text != question.answer)
    _say(tutor, LETTERS[wrong])
    _clock(tutor).advance(timedelta(hours=1))
    review = _say(tutor, "/docker-quiz review")
    assert _served_id(tutor, review) == question.id


def _served_id(tutor: Tutor, reply: Reply) -> str:
    assert reply.kind == "question", reply.text
    instance = tutor.store.find_instance(workspace="T1", ref=_ref(reply))
    assert instance is not None
    return instance.question_id
