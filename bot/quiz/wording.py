"""The wording of quiz questions, feedback, tallies and quiz summaries."""

from __future__ import annotations

from collections.abc import Sequence

from bot import actions
from bot.content.pack import KnowledgePack
from bot.content.schema import Question
from bot.quiz.engine import Feedback, Problem
from bot.quiz.typed import LETTERS
from bot.replies import PREFIX, Button, Choice, Outcome, Reply, Selection
from bot.wording import bar, ended, read_more, topic_title

NEXT = Button(label="Next question", action=actions.next_question(), style="primary")
HEADERS = {"daily": "Daily question", "review": "Review", "exam": "Mock exam"}
TYPE_THE_LETTER = "Answer with a button, or type the letter."
NUMBERS = {1: "one", 2: "two", 3: "three", 4: "four"}


def question(
    q: Question,
    pack: KnowledgePack,
    *,
    ref: str,
    header: str | None = None,
    footer: str | None = None,
) -> Reply:
    """A quiz question with one answer button per option; a multiple-answer question's
    options are picked together (checkboxes or a menu) and submitted."""
    tags = [topic_title(pack, q.topic), q.difficulty] + (["scenario"] if q.scenario else [])
    choices = tuple(
        Choice(key=LETTERS[i], text=option.text, action=actions.answer(ref, (i,)))
        for i, option in enumerate(q.options)
    )
    select = None
    if q.kind == "multiple_answer":
        wanted = len(q.answers)
        select = Selection(
            submit=actions.submit(ref),
            min=wanted,
            max=wanted,
            hint=f"Choose {count_word(wanted)}",
        )
    return Reply(
        kind="question",
        title=header or "Quiz question",
        text=f"{q.prompt}\n_{' · '.join(tags)}_",
        choices=choices,
        select=select,
        footer=how_to_answer(q) if footer is None else footer,
        ref=ref,
    )


def how_to_answer(q: Question) -> str:
    """The footer of a question: how to answer it by clicking or typing."""
    if q.kind != "multiple_answer":
        return TYPE_THE_LETTER
    return f"Pick {count_word(len(q.answers))} and submit, or type their letters, e.g. A,C."


def count_word(n: int) -> str:
    """A small count in words: 2 -> "two"."""
    return NUMBERS.get(n, str(n))


def cannot_judge(q: Question, problem: Problem) -> str:
    """Why an answer was not taken (nothing is recorded): the learner can try again."""
    if problem == "no_such_option":
        return f"There is no such option: this question has options {letters(len(q.options))}."
    wanted = len(q.correct_texts)
    if wanted == 1:
        return "This question has one answer: pick one option."
    return (
        f"This question has {count_word(wanted)} answers: pick exactly {count_word(wanted)}, "
        "e.g. type A,C."
    )


def header_for(kind: str) -> str:
    """The title of a posted question, by how it was asked."""
    return HEADERS.get(kind, "Quiz question")


def tally_line(answered: int, correct: int) -> str:
    """How many answered and what share was right, never who chose what."""
    if answered == 0:
        return "No answers yet."
    percent = round(100 * correct / answered)
    return f"{answered} answered · {percent}% right"


def feedback(
    result: Feedback,
    *,
    repeat: bool = False,
    next_button: Button | None = NEXT,
    report: Button | None = None,
) -> Reply:
    """Right or wrong, the correct answer, why, and why each wrong pick is wrong; for a
    multiple-answer question, a line per picked or missed option. The "next" and "report a
    problem" buttons when given."""
    q = result.question
    lines = []
    if repeat:
        lines.append("Only your first answer counts; here it is again.")
    chosen = " and ".join(option_line(q, i) for i in result.chosen)
    if result.correct:
        lines.append(f"✅ **Right!** {chosen}")
    elif q.kind == "multiple_answer":
        lines.append("❌ **Not quite.** Only the right options together score:")
        lines += per_option(result)
        lines.append(the_answer(q))
    else:
        lines.append(f"❌ **Not quite.** You chose {ended(chosen)}")
        if result.why_wrong:
            lines.append(f"Why not: {result.why_wrong}")
        lines.append(the_answer(q))
    lines.append(explanation(q))
    return Reply(
        kind="feedback",
        text="\n".join(lines),
        private=True,
        buttons=tuple(button for button in (next_button, report) if button),
    )


def option_line(q: Question, index: int) -> str:
    """One option as shown: "B) docker push"."""
    return f"{LETTERS[index]}) {q.options[index].text}"


def the_answer(q: Question) -> str:
    """The answer line: "The answer is **B) ...**." (or "The answers are ... and ...")."""
    shown = " and ".join(f"**{option_line(q, i)}**" for i in q.answer_indexes)
    return ended(
        f"The answers are {shown}" if len(q.answer_indexes) > 1 else f"The answer is {shown}"
    )


def per_option(result: Feedback) -> list[str]:
    """What was right and wrong about each pick of a multiple-answer answer, and what was
    missed."""
    q = result.question
    lines = [f"- ✅ {option_line(q, i)}: right." for i in result.right_picks]
    lines += [
        f"- ❌ {ended(option_line(q, i))} Why not: {q.options[i].why_wrong}"
        for i in result.wrong_picks
    ]
    lines += [f"- ➕ {option_line(q, i)}: also right, and you missed it." for i in result.missed]
    return lines


def explanation(q: Question) -> str:
    """The question's explanation, with its "Read more" sources when it has any."""
    more = read_more(q.sources)
    return f"{q.explanation}\n{more}" if more else q.explanation


def next_button(kind: str, topic: str) -> Button:
    """What "next" means after answering a question served as `kind`."""
    if kind == "review":
        return Button(label="Next review", action=actions.review(), style="primary")
    if kind == "topic":
        return Button(
            label="Next in this topic", action=actions.next_question(topic), style="primary"
        )
    return NEXT


def no_questions() -> str:
    """A topic (or pack) with nothing to ask."""
    return "There are no questions for that topic yet."


def quiz_summary(outcomes: Sequence[Outcome], pack: KnowledgePack) -> Reply:
    """The score of a finished quiz and how each topic went."""
    counted = [o for o in outcomes if o.first]
    right = sum(o.correct for o in counted)
    lines = [f"You scored **{right}/{len(counted)}**." if counted else "No answers were counted."]
    per_topic: dict[str, list[bool]] = {}
    for o in counted:
        per_topic.setdefault(o.topic, []).append(o.correct)
    lines += topic_results(per_topic, pack)
    return Reply(kind="summary", title="Quiz finished", text="\n".join(lines))


def topic_results(per_topic: dict[str, list[bool]], pack: KnowledgePack) -> list[str]:
    """One bar-chart line per topic, weakest first."""
    lines = []
    for topic, results in sorted(per_topic.items(), key=lambda kv: sum(kv[1]) / len(kv[1])):
        right = sum(results)
        title = topic_title(pack, topic)
        lines.append(f"- `{bar(right / len(results))}` {right}/{len(results)} {title}")
    return lines


def letters(count: int) -> str:
    """The letters of `count` options as a range: "A–D"."""
    return f"A–{LETTERS[count - 1]}"


def ruled_out(count: int) -> str:
    """A negated answer ("not B"): nothing was chosen."""
    return f"That rules an option out, but I need your pick: answer with {letters(count)}."


def no_such_option(label: str, count: int) -> str:
    """A letter or number past the options."""
    return f"There is no option {label}: this question has options {letters(count)}."


def which_of(indexes: tuple[int, ...]) -> str:
    """Typed text that fits several options."""
    named = [f"**{LETTERS[i]}**" for i in indexes]
    listed = ", ".join(named[:-1]) + f" or {named[-1]}"
    return f"Did you mean {listed}? Answer with the letter."


def no_question_open() -> str:
    """A letter typed when no question waits for an answer."""
    return f"No question is open: type `{PREFIX}` for one."


def resolved_topic(title: str) -> str:
    """The topic a fuzzily typed name was read as, echoed above the question."""
    return f"Topic: **{title}**"
