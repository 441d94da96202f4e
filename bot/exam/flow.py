"""The mock exam in conversation: N questions, no feedback until the end, then a summary."""

from __future__ import annotations

import random
from dataclasses import replace

from bot import render
from bot.clock import Clock
from bot.commands import SLASH, Command
from bot.content.pack import KnowledgePack
from bot.content.schema import Question
from bot.exam.book import ExamBook, ExamState
from bot.quiz.engine import check
from bot.quiz.flow import QuizFlow
from bot.replies import Outcome, Reply, Request
from bot.store import Instance, Store

DEFAULT_SIZE = 10
MAX_SIZE = 50


class ExamFlow:
    """Starts, continues, judges and ends mock exams; their state lives in the store."""

    def __init__(
        self,
        *,
        pack: KnowledgePack,
        store: Store,
        clock: Clock,
        exams: ExamBook,
        quiz: QuizFlow,
        rng: random.Random,
    ) -> None:
        self.pack = pack
        self.store = store
        self.clock = clock
        self.exams = exams
        self.quiz = quiz
        self.rng = rng

    def command(self, request: Request, command: Command) -> Reply:
        """`exam [N]` starts or resumes; `exam stop` ends with a summary."""
        word = command.args[0].casefold() if command.args else ""
        active = self.exams.active(workspace=request.workspace, user=request.user)
        if word in {"stop", "end", "quit", "finish"}:
            if active is None:
                return render.error("You have no exam in progress.")
            return self._summary(self.exams.stop(workspace=request.workspace, user=request.user))
        if active is not None:
            return self._current(
                request, active, note="You have an exam in progress; here is where you were."
            )
        size = DEFAULT_SIZE
        if word:
            if not word.isdigit() or not 1 <= int(word) <= MAX_SIZE:
                return render.error(
                    f"Give the number of questions from 1 to {MAX_SIZE}, e.g. `{SLASH} exam 10`."
                )
            size = int(word)
        chosen = self._draw(size)
        state = self.exams.start(
            workspace=request.workspace, user=request.user, question_ids=chosen
        )
        return self._current(
            request,
            state,
            note=f"Mock exam: {len(chosen)} questions across the topics. No feedback until the "
            f"end; `{SLASH} exam stop` ends it early.",
        )

    def _draw(self, size: int) -> list[str]:
        """Questions spread across topics: round-robin over shuffled topic pools."""
        pools = [list(self.pack.questions_in(t)) for t in self.pack.topics]
        for pool in pools:
            self.rng.shuffle(pool)
        self.rng.shuffle(pools)
        chosen: list[str] = []
        while len(chosen) < size and any(pools):
            for pool in pools:
                if pool and len(chosen) < size:
                    chosen.append(pool.pop())
        return chosen

    def _current(self, request: Request, state: ExamState, *, note: str = "") -> Reply:
        position = len(state.answers)
        qid = state.question_ids[position]
        question = self.quiz.ask(
            request,
            qid,
            kind="exam",
            footer=f"Question {position + 1} of {len(state.question_ids)} · feedback at the end",
        )
        text = f"{note}\n\n{question.text}" if note else question.text
        return replace(question, text=text, private=True)

    def answer(
        self, request: Request, instance: Instance, question: Question, chosen: int
    ) -> Reply:
        """Record an exam answer silently and move on; the last one ends the exam."""
        state = self.exams.active(workspace=request.workspace, user=request.user)
        if state is None or instance.user != request.user:
            return render.error("That exam question is not part of an exam you are taking.")
        position = len(state.answers)
        if state.question_ids[position] != question.id or instance.created_at < state.started_at:
            return render.error("You already answered that exam question; answer the latest one.")
        verdict = check(question, chosen)
        self.quiz.record(request, instance, question, chosen, verdict.correct)
        state = self.exams.answer(
            workspace=request.workspace, user=request.user, chosen=chosen, correct=verdict.correct
        )
        outcome = Outcome(question_id=question.id, topic=question.topic, correct=verdict.correct)
        done = Reply(
            kind="info", text=f"Answer recorded for question {position + 1}.", private=True
        )
        if state.finished_at is not None:
            return replace(self._summary(state), outcome=outcome, updates=done)
        return replace(self._current(request, state), outcome=outcome, updates=done)

    def _summary(self, state: ExamState) -> Reply:
        answered = list(zip(state.question_ids, state.answers, strict=False))
        right = sum(correct for _, (_, correct) in answered)
        total = len(state.question_ids)
        finished = state.finished_at or self.clock.now()
        seconds = int((finished - state.started_at).total_seconds())
        lines = [
            f"Score: **{right}/{total}**"
            + (f" ({len(answered)} answered)" if len(answered) < total else ""),
            f"Time taken: {seconds // 60} min {seconds % 60} s",
            "",
            "By topic:",
        ]
        per_topic: dict[str, list[bool]] = {}
        for qid, (_, correct) in answered:
            topic = self.pack.questions[qid].topic if qid in self.pack.questions else "?"
            per_topic.setdefault(topic, []).append(correct)
        lines += render.topic_results(per_topic, self.pack)
        misses = [(qid, chosen) for qid, (chosen, correct) in answered if not correct]
        if misses:
            lines += ["", "What you missed:"]
        for qid, chosen in misses:
            question = self.pack.questions.get(qid)
            if question is None:
                continue
            why = question.options[chosen].why_wrong if chosen < len(question.options) else None
            lines.append(
                f"- {question.prompt}\n  Answer: **{question.answer}**. {question.explanation}"
            )
            if why:
                lines.append(f"  Your choice: {why}")
        title = "Mock exam finished" if len(answered) == total else "Mock exam stopped"
        return Reply(kind="summary", title=title, text="\n".join(lines), private=True)
