"""Build the platform-neutral replies the tutor sends. Wording lives here, logic elsewhere."""

from __future__ import annotations

from collections.abc import Sequence

from bot.commands import COMMANDS, SLASH, answer_action
from bot.content.pack import KnowledgePack
from bot.content.schema import Entry, Question
from bot.lookup.index import LookupResult, Match
from bot.quiz.engine import LETTERS, Feedback
from bot.replies import Button, Choice, Outcome, Reply

DECLINE = "That's not in my notes."
NEXT = Button(label="Next question", action="q", style="primary")


def question(
    q: Question,
    pack: KnowledgePack,
    *,
    instance_id: int,
    header: str | None = None,
    footer: str | None = None,
) -> Reply:
    """A quiz question with one answer button per option."""
    topic = pack.topics[q.topic].title if q.topic in pack.topics else q.topic
    tags = [topic, q.difficulty] + (["scenario"] if q.scenario else [])
    choices = tuple(
        Choice(key=LETTERS[i], text=option.text, action=answer_action(instance_id, i))
        for i, option in enumerate(q.options)
    )
    hint = "Answer with a button, or type the letter." if footer is None else footer
    return Reply(
        kind="question",
        title=header or "Quiz question",
        text=f"{q.prompt}\n_{' · '.join(tags)}_",
        choices=choices,
        footer=hint,
    )


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


def lookup(result: LookupResult, pack: KnowledgePack) -> Reply:
    """An answer from the notes, or a decline with 'did you mean' buttons."""
    if result.best is not None:
        return entry(result.best.entry, pack, confidence=result.best.confidence)
    if result.ambiguous:
        text = "I'm not sure which of these you mean:"
    elif result.suggestions:
        text = f"{DECLINE} Did you mean one of these?"
    else:
        text = (
            f"{DECLINE} I answer questions about Docker fundamentals for AWS; try `{SLASH} topics`."
        )
    return Reply(
        kind="decline",
        text=text,
        buttons=_suggestion_buttons(result.suggestions),
    )


def entry(found: Entry, pack: KnowledgePack, *, confidence: float | None = None) -> Reply:
    """One note: short answer, explanation, topic, and buttons for related notes."""
    topic = pack.topics[found.topic].title if found.topic in pack.topics else found.topic
    related = [pack.entries[r] for r in found.related if r in pack.entries][:3]
    footer = f"Topic: {topic}" + (f" · confidence {confidence:.0%}" if confidence else "")
    return Reply(
        kind="answer",
        title=found.title,
        text=f"{found.answer}\n\n{found.explanation}",
        footer=footer,
        buttons=tuple(Button(label=r.title[:75], action=f"e:{r.id}") for r in related),
    )


def header_for(kind: str) -> str:
    """The title of a posted question, by how it was asked."""
    return {"daily": "Daily question", "review": "Review", "exam": "Mock exam"}.get(
        kind, "Quiz question"
    )


def _suggestion_buttons(matches: Sequence[Match]) -> tuple[Button, ...]:
    return tuple(Button(label=m.entry.title[:75], action=f"e:{m.entry.id}") for m in matches)


def help_text(unknown: str | None = None) -> Reply:
    """Every command with one line each."""
    lines = [f"I don't know the command `{unknown}`.", ""] if unknown else []
    lines.append("Ask me anything about Docker fundamentals for AWS, or use a command:")
    lines += [f"- `{SLASH} {usage}`: {what}" for usage, what in COMMANDS.values()]
    lines.append("Answer a question with its button or by typing its letter (A-E).")
    return Reply(kind="info", title="docker-quiz help", text="\n".join(lines))


def topics(pack: KnowledgePack) -> Reply:
    """The topics with their question counts."""
    lines = [
        f"- **{t.title}** (`{t.id}`): {len(pack.questions_in(t.id))} questions"
        for t in pack.topics.values()
    ]
    lines.append(f"Drill one with `{SLASH} topic <topic>`.")
    buttons = tuple(Button(label=t.title[:75], action=f"q:{t.id}") for t in pack.topics.values())
    return Reply(kind="info", title="Topics", text="\n".join(lines), buttons=buttons[:5])


def error(text: str) -> Reply:
    """A problem the user can fix, said kindly."""
    return Reply(kind="error", text=text, private=True)


def bar(share: float, width: int = 10) -> str:
    """A small text bar chart cell: ███████░░░ for 70%."""
    filled = round(max(0.0, min(1.0, share)) * width)
    return "█" * filled + "░" * (width - filled)


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
        title = pack.topics[topic].title if topic in pack.topics else topic
        right = sum(results)
        lines.append(f"- `{bar(right / len(results))}` {right}/{len(results)} {title}")
    return lines


def daily_question(
    q: Question, pack: KnowledgePack, *, instance_id: int, reveal_hours: int
) -> Reply:
    """The daily post: answers are private; the reveal comes later in the thread."""
    return question(
        q,
        pack,
        instance_id=instance_id,
        header="Daily question",
        footer=f"Answer with a button: only you see your result. The answer is revealed in "
        f"{reveal_hours} h. Only your first answer counts.",
    )


def daily_reveal(
    q: Question, *, answered: int, correct: int, first_correct: Sequence[str]
) -> Reply:
    """The answer, the explanation, how many answered and were right, and the first right."""
    lines = [
        f"The answer is **{LETTERS[q.answer_index]}) {q.answer}**.",
        q.explanation,
        "",
        f"{answered} answered, {correct} right." if answered else "Nobody answered this one.",
    ]
    if first_correct:
        lines.append("First right: " + ", ".join(f"<@{user}>" for user in first_correct))
    return Reply(kind="summary", title="Daily question: the answer", text="\n".join(lines))
