"""The wording of quiz questions, feedback, tallies and quiz summaries."""

from __future__ import annotations

from collections.abc import Sequence

from bot import actions
from bot.content.pack import KnowledgePack
from bot.content.schema import Question
from bot.quiz.engine import Feedback
from bot.quiz.typed import LETTERS
from bot.replies import PREFIX, Button, Choice, Outcome, Reply
from bot.wording import bar, topic_title

NEXT = Button(label="Next question", action=actions.next_question(), style="primary")
HEADERS = {"daily": "Daily question", "review": "Review", "exam": "Mock exam"}
TYPE_THE_LETTER = "Answer with a button, or type the letter."


def question(
    q: Question,
    pack: KnowledgePack,
    *,
    ref: str,
    header: str | None = None,
    footer: str | None = None,
) -> Reply:
    """A quiz question with one answer button per option."""
    tags = [topic_title(pack, q.topic), q.difficulty] + (["scenario"] if q.scenario else [])
    choices = tuple(
        Choice(key=LETTERS[i], text=option.text, action=actions.answer(ref, (i,)))
        for i, option in enumerate(q.options)
    )
    return Reply(
        kind="question",
        title=header or "Quiz question",
        text=f"{q.prompt}\n_{' · '.join(tags)}_",
        choices=choices,
        footer=TYPE_THE_LETTER if footer is None else footer,
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


def feedback(result: Feedback, *, repeat: bool = False, next_button: Button | None = NEXT) -> Reply:
    """Right or wrong, the correct answer, why, and why the chosen option is wrong."""
    q = result.question
    lines = []
    if repeat:
        lines.append("Only your first answer counts; here it is again.")
    chosen = f"{LETTERS[result.chosen]}) {result.chosen_text}"
    if result.correct:
        lines.append(f"✅ **Right!** {chosen}")
    else:
        lines.append(f"❌ **Not quite.** You chose {chosen}.")
        if result.why_wrong:
            lines.append(f"Why not: {result.why_wrong}")
        lines.append(f"The answer is **{result.correct_letter}) {result.correct_text}**.")
    lines.append(q.explanation)
    return Reply(
        kind="feedback",
        text="\n".join(lines),
        private=True,
        buttons=(next_button,) if next_button else (),
    )


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
