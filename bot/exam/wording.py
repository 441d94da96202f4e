"""The wording of the mock exam: its start, progress line, and summary."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.content.pack import KnowledgePack
from bot.content.schema import Question
from bot.exam.book import ExamState
from bot.quiz.shuffle import shown, to_shown
from bot.quiz.wording import explanation, option_line, topic_results
from bot.replies import PREFIX, Reply
from bot.wording import ended

NO_EXAM = "You have no exam in progress."
RESUMED = "You have an exam in progress; here is where you were."
NOT_YOURS = "That exam question is not part of an exam you are taking."
ALREADY_ANSWERED = "You already answered that exam question; answer the latest one."


def started(count: int) -> str:
    """The note above the first question of a new exam."""
    return (
        f"Mock exam: {count} questions across the topics. No feedback until the end; "
        f"`{PREFIX} exam stop` ends it early."
    )


def progress_line(position: int, total: int) -> str:
    """The footer of an exam question: where the learner is."""
    return f"Question {position + 1} of {total} · feedback at the end"


def recorded(position: int) -> Reply:
    """What the answered exam question turns into: a quiet confirmation."""
    return Reply(kind="info", text=f"Answer recorded for question {position + 1}.", private=True)


def summary(state: ExamState, pack: KnowledgePack, *, now: datetime) -> Reply:
    """Score, time taken, results by topic, then each miss with its explanation."""
    answered = list(zip(state.question_ids, state.answers, strict=False))
    right = sum(correct for _, (_, correct) in answered)
    total = len(state.question_ids)
    seconds = int(((state.finished_at or now) - state.started_at).total_seconds())
    unanswered = total - len(answered)
    score = (
        f"Score: **{right}/{total}**"
        if not unanswered
        else f"Score: **{right} of {len(answered)}** answered right, {unanswered} not answered"
    )
    lines = [
        score,
        f"Time taken: {seconds // 60} min {seconds % 60} s",
        "",
        "By topic:",
    ]
    per_topic: dict[str, list[bool]] = {}
    for qid, (_, correct) in answered:
        topic = pack.questions[qid].topic if qid in pack.questions else "?"
        per_topic.setdefault(topic, []).append(correct)
    lines += topic_results(per_topic, pack)
    orders = state.orders + (None,) * (len(answered) - len(state.orders))
    # Each miss is shown with its options in the order the learner saw them.
    misses = [
        (
            shown(pack.questions[qid], order),
            to_shown(pack.questions[qid], order, chosen),
        )
        for (qid, (chosen, correct)), order in zip(answered, orders, strict=False)
        if not correct and qid in pack.questions
    ]
    if misses:
        lines += ["", "What you missed:"]
    lines += _misses(misses)
    title = "Mock exam finished" if len(answered) == total else "Mock exam stopped"
    return Reply(kind="summary", title=title, text="\n".join(lines), private=True)


def _misses(misses: Sequence[tuple[Question, tuple[int, ...]]]) -> list[str]:
    """Each missed question: each wrong pick and why not, then the answer and why. Picks
    are left out when unknown (the question was merged since) or no longer valid."""
    lines = []
    for question, chosen in misses:
        lines.append(f"- {question.prompt}")
        for i in chosen:
            if i in question.answer_indexes or not 0 <= i < len(question.options):
                continue
            why = question.options[i].why_wrong
            lines.append(
                f"  Your choice: **{option_line(question, i)}**"
                + (f" — why not: {why}" if why else "")
            )
        correct = " and ".join(option_line(question, i) for i in question.answer_indexes)
        lines.append(f"  Answer: {ended(f'**{correct}**')} {explanation(question)}")
    return lines
