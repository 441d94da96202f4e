"""Reading typed answers, tested over every question of the shipped pack and over whole
kinds of input: full text, letter, number and unique prefix choose; negations, missing
options and ambiguous text never do."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.content.pack import KnowledgePack
from bot.content.schema import Question
from bot.quiz.typed import (
    LETTERS,
    Ambiguous,
    Chosen,
    Negated,
    NoSuchOption,
    Reading,
    read_answer,
)
from bot.text import clean


def _question(*texts: str, answer: str | None = None, kind: str = "multiple_choice") -> Question:
    answer = answer or texts[0]
    return Question.model_validate(
        {
            "id": "q-test",
            "topic": "t",
            "difficulty": "easy",
            "kind": kind,
            "prompt": "?",
            "options": [
                {"text": t} | ({} if t == answer else {"why_wrong": f"{t} is wrong."})
                for t in texts
            ],
            "answer": answer,
            "explanation": "Because.",
        }
    )


def _single(pack: KnowledgePack) -> Iterator[Question]:
    yield from (q for q in pack.questions.values() if q.kind != "multiple_answer")


def _unique_prefix(question: Question, index: int) -> str | None:
    """The shortest prefix (3+ characters) of an option that begins no other option."""
    text = question.options[index].text
    others = [clean(o.text) for i, o in enumerate(question.options) if i != index]
    for length in range(3, len(text) + 1):
        said = clean(text[:length])
        if len(said) >= 3 and not any(other.startswith(said) for other in others):
            return text[:length]
    return None


def test_every_option_of_the_pack_is_chosen_by_text_letter_number_and_prefix(
    pack: KnowledgePack,
) -> None:
    checked = 0
    for question in _single(pack):
        texts = [clean(o.text) for o in question.options]
        for index, option in enumerate(question.options):
            typings = [option.text, LETTERS[index], LETTERS[index].lower()]
            number = str(index + 1)
            if number not in texts:  # an option whose text is this number wins
                typings.append(number)
            prefix = _unique_prefix(question, index)
            if prefix is not None:
                typings.append(prefix)
            for typed in typings:
                assert read_answer(question, typed) == Chosen(index), (question.id, typed)
                checked += 1
    assert checked > 1000


def test_no_negated_option_of_the_pack_is_ever_chosen(pack: KnowledgePack) -> None:
    for question in _single(pack):
        for index, option in enumerate(question.options):
            for typed in (
                f"not {option.text}",
                f"definitely not {LETTERS[index]}",
                f"no, {option.text}",
                f"it's not {option.text.lower()}",
            ):
                if question.kind == "true_false" and clean(typed) in ("no",):
                    continue
                reading = read_answer(question, typed)
                assert reading != Chosen(index), (question.id, typed)


def test_a_question_about_an_option_of_the_pack_is_never_an_answer(pack: KnowledgePack) -> None:
    """ "what does <an option's text> mean?" asks the notes; graded, it would be stored as
    the learner's answer (fuzzy matching found the option inside the question)."""
    checked = 0
    for question in pack.questions.values():
        for option in question.options:
            for typed in (
                f"what does {option.text} mean?",
                f"why is {option.text.lower()} wrong",
                f"how does {option.text} work?",
            ):
                assert read_answer(question, typed) is None, (question.id, typed)
                checked += 1
    assert checked > 1000


@pytest.mark.parametrize(
    "typed", ["B is my answer", "b is my final answer", "B please", "option b i think", "B final"]
)
def test_a_letter_with_a_few_words_around_it_is_that_letter(typed: str) -> None:
    assert read_answer(_question("Client-server", "Peer to peer", "Mainframe"), typed) == Chosen(1)


@given(st.sampled_from(["not", "definitely not", "no,", "it's not", "surely not", "NOT"]))
def test_negated_letters_choose_nothing(negation: str) -> None:
    question = _question("Client-server", "Peer to peer", "Mainframe")
    assert read_answer(question, f"{negation} B") == Negated()
    assert read_answer(question, f"{negation} client-server") == Negated()


@given(
    st.sampled_from(["t", "true", "yes", "y", "right", "correct"]),
    st.sampled_from([str.lower, str.upper, str.title]),
)
def test_true_false_words_in_any_case(word: str, case: object) -> None:
    question = _question("True", "False", kind="true_false")
    assert callable(case)
    assert read_answer(question, case(word)) == Chosen(0)
    opposite = {"t": "f", "true": "false", "yes": "no", "y": "n", "right": "wrong"}
    if word in opposite:
        assert read_answer(question, case(opposite[word])) == Chosen(1)


@pytest.mark.parametrize(
    ("options", "typed", "expected"),
    [
        (("8080", "80", "443"), "8080", Chosen(0)),
        (("5", "2", "3", "4"), "2", Chosen(1)),  # the text "2", not option number 2
        (("5", "2", "3", "4"), "5", Chosen(0)),
        (("C#", "C++", "C"), "c++", Chosen(1)),
        (("C#", "C++", "C"), "C#", Chosen(0)),
        (("Ω", "Δ", "Σ"), "Δ", Chosen(1)),
    ],
)
def test_an_options_own_text_wins_over_letters_and_numbers(
    options: tuple[str, ...], typed: str, expected: Reading
) -> None:
    assert read_answer(_question(*options), typed) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("E", NoSuchOption("E")),
        ("option e", NoSuchOption("E")),
        ("7", NoSuchOption("7")),
        ("the daemon", Chosen(1)),
        ("rest api", Chosen(2)),
        ("docker", Ambiguous((0, 1, 3))),
        ("which service scans images?", None),
        ("", None),
    ],
)
def test_short_text_missing_options_and_ambiguity(typed: str, expected: Reading | None) -> None:
    question = _question(
        "docker stop",
        "The Docker daemon",
        "Over a REST API",
        "docker start",
    )
    assert read_answer(question, typed) == expected
