"""Talking to the tutor the way a learner would, on SQLite and on PostgreSQL."""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest

from bot import actions
from bot.bootstrap import build_tutor
from bot.clock import FixedClock
from bot.content.pack import KnowledgePack
from bot.content.schema import Question
from bot.lookup.index import LookupIndex
from bot.quiz.shuffle import shown
from bot.replies import Reply, Request
from bot.settings import Settings, default_knowledge_path
from bot.tutor import Tutor

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday
Chat = Callable[..., Reply]


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(START)


@pytest.fixture
def tutor(
    database_url: str, clock: FixedClock, pack: KnowledgePack, index: LookupIndex
) -> Iterator[Tutor]:
    settings = Settings(knowledge_path=default_knowledge_path(), database_url=database_url)
    tutor = build_tutor(settings, pack=pack, index=index, clock=clock, rng=random.Random(3))
    yield tutor
    tutor.close()


def chat_as(tutor: Tutor, user: str = "U1", workspace: str = "T1", admin: bool = False) -> Chat:
    def chat(
        text: str = "", *, action: str | None = None, selection: tuple[str, ...] = ()
    ) -> Reply:
        return tutor.handle(
            Request(
                workspace=workspace,
                user=user,
                text=text,
                action=action,
                selection=selection,
                channel="C1",
                is_admin=admin,
            )
        )

    return chat


@pytest.fixture
def chat(tutor: Tutor) -> Chat:
    return chat_as(tutor)


def asked(tutor: Tutor, reply: Reply, workspace: str = "T1") -> Question:
    """The question a question reply shows, its options in the order shown."""
    stored = tutor.store.find_instance(
        workspace=workspace, ref=reply.choices[0].action.split(":")[1]
    )
    assert stored is not None
    question = shown(tutor.pack.questions[stored.question_id], stored.order)
    assert [c.text for c in reply.choices] == [o.text for o in question.options]
    return question


def correct_letter(tutor: Tutor, reply: Reply, workspace: str = "T1") -> str:
    """The letter(s) of the right option(s) of a question reply, as a learner who knows it
    types them: "B", or "A,C" for a choose-two question."""
    return ",".join("ABCDE"[i] for i in asked(tutor, reply, workspace).answer_indexes)


def wrong_letter(tutor: Tutor, reply: Reply) -> str:
    """A wrong answer of the right size: one wrong option in place of the first right one."""
    right = asked(tutor, reply).answer_indexes
    wrong = next(i for i in range(len(reply.choices)) if i not in right)
    return ",".join("ABCDE"[i] for i in sorted((wrong, *right[1:])))


def click(chat: Chat, reply: Reply, letters: str) -> Reply:
    """Answer by clicking: the option's button, or the picks of a multi-select and Submit."""
    actions = {c.key: c.action for c in reply.choices}
    picked = tuple(actions[letter] for letter in letters.split(","))
    if reply.select is not None:
        return chat(action=reply.select.submit, selection=picked)
    (action,) = picked
    return chat(action=action)


def test_which_service_scans_images_is_answered_from_the_notes(chat: Chat) -> None:
    reply = chat("which service scans images?")
    assert reply.kind == "answer"
    assert "ECR" in reply.text and "scan" in reply.text.casefold()


def test_the_slash_command_asks_a_question_with_buttons_and_a_letter_answers_it(
    chat: Chat, tutor: Tutor
) -> None:
    question = chat("/docker-quiz")
    assert question.kind == "question"
    assert 2 <= len(question.choices) <= 5
    assert [c.key for c in question.choices] == list("ABCDE"[: len(question.choices)])
    feedback = chat(correct_letter(tutor, question).lower())
    assert feedback.kind == "feedback" and "Right" in feedback.text
    assert feedback.outcome is not None and feedback.outcome.correct


def test_a_wrong_answer_names_the_right_one_and_why_the_choice_is_wrong(
    chat: Chat, tutor: Tutor
) -> None:
    question = chat("/docker-quiz topic registries")
    feedback = chat(wrong_letter(tutor, question))
    assert "Not quite" in feedback.text
    assert "Why not:" in feedback.text
    first_right = correct_letter(tutor, question).split(",")[0]
    assert re.search(rf"The answers? (is|are) \*\*{first_right}\)", feedback.text)


def test_a_click_counts_once_and_updates_the_tally_without_names(
    tutor: Tutor,
) -> None:
    alice, bob = chat_as(tutor, "UALICE"), chat_as(tutor, "UBOB")
    question = alice("/docker-quiz")
    first = click(alice, question, correct_letter(tutor, question))
    again = click(alice, question, wrong_letter(tutor, question))
    assert "Right" in again.text and "Only your first answer counts" in again.text
    assert first.updates is not None and first.updates.footer == "1 answered · 100% right"
    later = click(bob, question, wrong_letter(tutor, question))
    assert later.updates is not None and later.updates.footer == "2 answered · 50% right"
    assert "UALICE" not in later.updates.plain() and "UBOB" not in later.updates.plain()
    assert later.private


def test_topic_names_are_matched_fuzzily(chat: Chat, tutor: Tutor) -> None:
    for name in ["ecr", "Registries", "kernel features", "cgroups", "dockerfile"]:
        reply = chat(f"/docker-quiz topic {name}")
        assert reply.kind == "question", name
    unknown = chat("/docker-quiz topic underwater basket weaving")
    assert unknown.kind == "error" and "Topics" not in (unknown.title or "")
    assert "kernel-features" in unknown.text


def test_a_topic_drill_uses_every_question_before_repeating(chat: Chat, tutor: Tutor) -> None:
    pool = tutor.pack.questions_in("aws-container-services")
    seen = []
    for _ in pool:
        reply = chat("/docker-quiz topic aws-container-services")
        stored = tutor.store.find_instance(
            workspace="T1", ref=reply.choices[0].action.split(":")[1]
        )
        assert stored is not None
        seen.append(stored.question_id)
    assert sorted(seen) == sorted(pool)


def test_unknown_commands_get_help(chat: Chat) -> None:
    reply = chat("/docker-quiz dance")
    assert "I don't know the command `dance`" in reply.text
    assert "/docker-quiz stats" in reply.text


def test_topics_lists_every_topic(chat: Chat, tutor: Tutor) -> None:
    reply = chat("/docker-quiz topics")
    for topic in tutor.pack.topics:
        assert f"`{topic}`" in reply.text
    # a button drills each topic, not only the first few
    drilled = [chat(action=button.action) for button in reply.buttons]
    assert [q.text.splitlines()[1].strip("_").split(" · ")[0] for q in drilled] == [
        t.title for t in tutor.pack.topics.values()
    ]


def test_off_topic_questions_are_declined(chat: Chat) -> None:
    reply = chat("how do I create an S3 bucket?")
    assert reply.kind == "decline" and "not in my notes" in reply.text.lower()


def test_did_you_mean_buttons_explain_an_entry(chat: Chat) -> None:
    reply = chat("/docker-quiz ask what about the namespace thing and limits")
    buttons = reply.buttons
    assert buttons, reply
    explained = chat(action=buttons[0].action)
    assert explained.kind == "answer"


NOT_IN_NOTES = "That's not in my notes. I answer questions about Docker fundamentals for AWS"
NUDGE = "Ask me about Docker on AWS, type `/docker-quiz` for a question"


@pytest.mark.parametrize(
    ("junk", "kind", "says"),
    [
        ("", "info", NUDGE),
        ("   ", "info", NUDGE),
        ("x" * 100_000, "decline", NOT_IN_NOTES),
        # Read as a typed answer (one letter-like character), with no question open.
        ("\x00\x01\x02\xff", "error", "No question is open: type `/docker-quiz` for one."),
        ("🐳🐳🐳", "decline", NOT_IN_NOTES),
        ("¿Qué es un contenedor?", "decline", "Sorry, I can only answer in English."),
        ("'; DROP TABLE answers; --", "decline", NOT_IN_NOTES),
        ("**bold** <@U1> <!channel> [link](http://x)", "decline", NOT_IN_NOTES),
    ],
)
def test_bad_input_gets_a_clear_reply(chat: Chat, junk: str, kind: str, says: str) -> None:
    reply = chat(junk)
    assert reply.kind == kind and reply.text.startswith(says), reply


@pytest.mark.parametrize("action", ["a:999999:0", "a:x:y", "zz", "a:1", "q:nope", "e:nope", ""])
def test_bad_buttons_get_a_clear_reply(chat: Chat, action: str) -> None:
    reply = chat(action=action)
    assert reply.kind == "error" and reply.text


def test_stats_show_score_streak_and_weakest_topic_first(
    chat: Chat, tutor: Tutor, clock: FixedClock
) -> None:
    for _day in range(3):
        question = chat("/docker-quiz topic kernel-features")
        chat(wrong_letter(tutor, question))
        question = chat("/docker-quiz topic registries")
        chat(correct_letter(tutor, question))
        clock.advance(timedelta(days=1))
    reply = chat("/docker-quiz stats")
    assert "**3** right of 6" in reply.text
    assert "Streak: **3 days**" in reply.text
    assert "Kernel features: namespaces, cgroups, union file systems (0/3 right" in reply.text
    assert "Registries: Docker Hub and Amazon ECR (3/3 right" in reply.text
    assert "topic kernel-features" in reply.text


def test_a_usage_error_is_sentences(tutor: Tutor) -> None:
    """ "`year` is not one of `week`, `all` Use ..." ran the problem into the usage."""
    text = chat_as(tutor, "UA")("/docker-quiz leaderboard year").text
    assert text.startswith("`year` is not one of `week`, `all`. Use `/docker-quiz leader"), text


def test_leaderboard_ranks_this_workspace_only(tutor: Tutor) -> None:
    for user, right in (("UA", 2), ("UB", 1)):
        chat = chat_as(tutor, user)
        for _ in range(right):
            question = chat("/docker-quiz")
            chat(correct_letter(tutor, question))
    elsewhere = chat_as(tutor, "UX", workspace="T2")
    for _ in range(5):
        elsewhere(correct_letter(tutor, elsewhere("/docker-quiz"), workspace="T2"))
    board = chat_as(tutor, "UA")("/docker-quiz leaderboard")
    assert board.text.index("<@UA>") < board.text.index("<@UB>")
    assert "UX" not in board.text
    assert "UX" in chat_as(tutor, "UX", workspace="T2")("/docker-quiz leaderboard all").text


def test_mistakes_list_wrong_answers_until_put_right(chat: Chat, tutor: Tutor) -> None:
    question = chat("/docker-quiz topic commands")
    chat(wrong_letter(tutor, question))
    prompt = question.text.split("\n")[0]
    assert prompt in chat("/docker-quiz mistakes").text
    stored = tutor.store.find_instance(workspace="T1", ref=question.choices[0].action.split(":")[1])
    assert stored is not None
    retry = tutor.quiz.ask(
        Request(workspace="T1", user="U1", channel="C1"), stored.question_id, kind="review"
    )
    chat(correct_letter(tutor, retry))
    assert prompt not in chat("/docker-quiz mistakes").text


def test_review_serves_due_questions_first(chat: Chat, tutor: Tutor, clock: FixedClock) -> None:
    question = chat("/docker-quiz topic local-storage")
    missed = tutor.store.find_instance(workspace="T1", ref=question.choices[0].action.split(":")[1])
    assert missed is not None
    chat(wrong_letter(tutor, question))
    clock.advance(timedelta(days=2))
    review = chat("/docker-quiz review")
    assert review.kind == "question" and review.title == "Review"
    served = tutor.store.find_instance(workspace="T1", ref=review.choices[0].action.split(":")[1])
    assert served is not None and served.question_id == missed.question_id


def test_time_zone_is_validated_and_saved(chat: Chat) -> None:
    assert chat("/docker-quiz tz Mars/Olympus").kind == "error"
    assert "Europe/Berlin" in chat("/docker-quiz tz Europe/Berlin").text
    assert "Europe/Berlin" in chat("/docker-quiz tz").text


def test_a_mock_exam_gives_no_feedback_until_the_end(
    chat: Chat, tutor: Tutor, clock: FixedClock
) -> None:
    reply = chat("/docker-quiz exam 3")
    assert reply.kind == "question" and "Mock exam" in reply.text
    missed = ""
    for number in range(3):
        assert f"Question {number + 1} of 3" in (reply.footer or "")
        clock.advance(timedelta(seconds=20))
        letter = wrong_letter(tutor, reply) if number == 0 else correct_letter(tutor, reply)
        if number == 0:
            chosen = next(c for c in reply.choices if c.key == letter)
            missed = f"Your choice: **{letter}) {chosen.text}**"
        reply = chat(letter)
        assert "Right" not in reply.text and "Not quite" not in reply.text
    assert reply.kind == "summary"
    assert "Score: **2/3**" in reply.text
    assert "Time taken: 1 min 0 s" in reply.text
    assert "What you missed:" in reply.text and missed in reply.text


def test_scores_mistakes_and_review_wait_until_the_exam_ends(chat: Chat, tutor: Tutor) -> None:
    """Each exam answer is recorded at once, so stats, leaderboard, mistakes and review
    during the exam would tell the learner which answers were wrong: they are held back."""
    reply = chat("/docker-quiz exam 3")
    reply = chat(wrong_letter(tutor, reply))
    assert "Question 2 of 3" in (reply.footer or "")
    for typed in ("/docker-quiz stats", "score", "leaderboard", "mistakes", "review"):
        held = chat(typed)
        assert held.kind == "error" and "You're in an exam" in held.text, typed
        assert "waits until then" in held.text and "right" not in held.text, typed
    assert "You're in an exam" in chat(action=actions.review()).text
    chat("/docker-quiz exam stop")
    assert "Score: **0** right of 1 answered" in chat("/docker-quiz stats").text
    assert chat("mistakes").kind != "error"


def test_an_exam_resumes_after_a_restart_and_can_be_stopped(
    database_url: str, clock: FixedClock, pack: KnowledgePack, index: LookupIndex
) -> None:
    settings = Settings(knowledge_path=default_knowledge_path(), database_url=database_url)
    first = build_tutor(settings, pack=pack, index=index, clock=clock, rng=random.Random(1))
    chat = chat_as(first)
    reply = chat("/docker-quiz exam 4")
    reply = chat(correct_letter(first, reply))
    assert "Question 2 of 4" in (reply.footer or "")
    first.close()

    second = build_tutor(settings, pack=pack, index=index, clock=clock, rng=random.Random(2))
    chat = chat_as(second)
    resumed = chat("/docker-quiz exam")
    assert "in progress" in resumed.text and "Question 2 of 4" in (resumed.footer or "")
    stopped = chat("/docker-quiz exam stop")
    assert stopped.kind == "summary" and "**1 of 1** answered right, 3 not answered" in stopped.text
    assert chat("/docker-quiz exam stop").kind == "error"
    second.close()


def test_only_admins_change_the_daily_question(tutor: Tutor) -> None:
    member, admin = chat_as(tutor, "U2"), chat_as(tutor, "U3", admin=True)
    refused = member("/docker-quiz daily on <#C9|quiz> 08:30 Europe/Berlin")
    assert refused.kind == "error" and "only workspace admins" in refused.text
    assert "off" in member("/docker-quiz daily status").text
    accepted = admin("/docker-quiz daily on <#C9|quiz> 08:30 Europe/Berlin")
    assert "**on** in <#C9> at **08:30 Europe/Berlin (CET, UTC+01:00 now)**" in accepted.text
    assert "<#C9>" in member("/docker-quiz daily status").text
    assert member("/docker-quiz daily off").kind == "error"
    assert "**off**" in admin("/docker-quiz daily off <#C9>").text


def test_help_lists_every_command(chat: Chat) -> None:
    text = chat("/docker-quiz help").text
    for word in [
        "quiz",
        "topic",
        "ask",
        "topics",
        "stats",
        "leaderboard",
        "review",
        "mistakes",
        "exam",
        "daily",
        "tz",
        "help",
    ]:
        assert re.search(rf"`/docker-quiz {word}\b", text), word
