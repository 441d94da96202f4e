"""Serving quiz questions and judging answers to them, on top of the store."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import replace

from bot.clock import Clock
from bot.commands import Invocation
from bot.content.pack import KnowledgePack
from bot.content.schema import Question
from bot.quiz import wording
from bot.quiz.engine import Picks, check, pick
from bot.quiz.shuffle import Shuffler, shown, to_canonical, to_shown
from bot.replies import Outcome, Posted, Reply, Request
from bot.reports.wording import report_button
from bot.store import Instance, Recorded, Store
from bot.text import clean
from bot.wording import error

AnswerListener = Callable[[Request, Question, bool], None]


class QuizFlow:
    """Questions for one user or channel: no repeats until the pool is used up, nor within
    24 hours; options in a fresh order from `shuffler` each time (default: one seeded
    beside `rng`)."""

    def __init__(
        self,
        *,
        pack: KnowledgePack,
        store: Store,
        clock: Clock,
        rng: random.Random,
        shuffler: Shuffler | None = None,
        on_first_answer: AnswerListener | None = None,
    ) -> None:
        self.pack = pack
        self.store = store
        self.clock = clock
        self.rng = rng
        self.shuffler = shuffler or Shuffler.beside(rng)
        self.on_first_answer = on_first_answer

    def quiz_command(self, request: Request, invocation: Invocation) -> Reply:
        """`quiz [topic]`: a question from any topic, or from one."""
        return self.topic_command(request, invocation)

    def topic_command(self, request: Request, invocation: Invocation) -> Reply:
        """`topic <topic>`: drill one topic. A fuzzily typed name is echoed as it was read."""
        topic = invocation.text("topic") or None
        reply = self.serve(request, topic=topic)
        typed = clean(invocation.typed.get("topic", ""))
        if topic is None or reply.kind != "question" or typed in self._names(topic):
            return reply
        title = self.pack.topics[topic].title
        return replace(reply, text=f"{wording.resolved_topic(title)}\n\n{reply.text}")

    def _names(self, topic: str) -> set[str]:
        found = self.pack.topics[topic]
        return {clean(name) for name in (found.id, found.title, *found.aliases)}

    def serve(self, request: Request, *, topic: str | None) -> Reply:
        """A fresh question for this user (from one topic, or any)."""
        pool = self.pack.questions_in(topic)
        scope = f"user:{request.user}" + (f":{topic}" if topic else "")
        seen = self.store.seen(workspace=request.workspace, scope=scope)
        served = self.store.last_served(
            workspace=request.workspace, user=request.user, question_ids=pool
        )
        qid, restarted = pick(pool, seen, self.rng, served=served, now=self.clock.now())
        if qid is None:
            return error(wording.no_questions())
        kind = "topic" if topic else "quiz"
        return self.ask(request, qid, kind=kind, seen_scope=scope, restart_pool=restarted)

    def ask(
        self,
        request: Request,
        qid: str,
        *,
        kind: str,
        footer: str | None = None,
        seen_scope: str | None = None,
        restart_pool: bool = False,
    ) -> Reply:
        """Post question `qid` to this user: a new instance, its options in a fresh random
        order (bot.quiz.shuffle), pending for typed answers."""
        order = self.shuffler.draw(self.pack.questions[qid])
        instance = self.store.open_question(
            workspace=request.workspace,
            user=request.user,
            question_id=qid,
            kind=kind,
            now=self.clock.now(),
            channel=request.channel,
            seen_scope=seen_scope,
            restart_pool=restart_pool,
            order=order,
        )
        return wording.question(
            shown(self.pack.questions[qid], order),
            self.pack,
            ref=instance.ref,
            header=wording.header_for(kind),
            footer=footer,
        )

    def pending(self, request: Request) -> tuple[Instance, Question] | None:
        """The question this user was asked last and has not answered yet, with its options
        as that instance showed them; None when there is none or it left the pack."""
        found = self.store.get_pending(workspace=request.workspace, user=request.user)
        if found is None:
            return None
        instance = self.store.get_instance(workspace=request.workspace, instance_id=found)
        question = self.as_shown(instance)
        return None if instance is None or question is None else (instance, question)

    def as_shown(self, instance: Instance | None) -> Question | None:
        """The instance's question with its options as that instance showed them; None for
        no instance or a question no longer in the pack."""
        if instance is None or instance.question_id not in self.pack.questions:
            return None
        return shown(self.pack.questions[instance.question_id], instance.order)

    def shown_again(self, instance: Instance, question: Question, *, footer: str) -> Reply:
        """An open question posted again as it was (same options in the same order, same
        buttons), so the letters mean what they meant: for a front end that lost its
        screen, or an exam picked up again."""
        return wording.question(
            question,
            self.pack,
            ref=instance.ref,
            header=wording.header_for(instance.kind),
            footer=footer,
        )

    def record(
        self,
        request: Request,
        instance: Instance,
        question: Question,
        chosen: Picks,
        correct: bool,
    ) -> Recorded:
        """Store an answer to `question` as `instance` showed it (`chosen`: shown positions);
        it is stored by the pack's option positions. The first one per user and instance
        counts and feeds review; it is returned in shown positions."""
        canonical = self.pack.questions.get(question.id, question)
        recorded = self.store.record_answer(
            workspace=request.workspace,
            user=request.user,
            instance_id=instance.id,
            question_id=question.id,
            topic=question.topic,
            chosen=to_canonical(canonical, instance.order, chosen),
            correct=correct,
            now=self.clock.now(),
        )
        if recorded.first and self.on_first_answer is not None:
            self.on_first_answer(request, question, correct)
        if self.store.get_pending(workspace=request.workspace, user=request.user) == instance.id:
            self.store.set_pending(workspace=request.workspace, user=request.user, instance_id=None)
        return replace(recorded, chosen=to_shown(canonical, instance.order, recorded.chosen))

    def answer(
        self, request: Request, instance: Instance, question: Question, chosen: Picks
    ) -> Reply:
        """Record the answer (only the first per user counts) and teach from it. `question`
        is as `instance` showed it and `chosen` in shown positions (see `Tutor.answer`)."""
        recorded = self.record(request, instance, question, chosen, check(question, chosen).correct)
        # The first answer is shown again on a repeat; one stored from options that no longer
        # exist (the question changed since) is judged as it was recorded.
        try:
            verdict = check(question, recorded.chosen)
        except ValueError:
            verdict = check(question, chosen)
        tally = self.store.tally(workspace=request.workspace, instance_id=instance.id)
        next_button = (
            None if instance.kind == "daily" else wording.next_button(instance.kind, question.topic)
        )
        report = report_button(instance.ref) if request.forms else None
        reply = wording.feedback(
            verdict, repeat=not recorded.first, next_button=next_button, report=report
        )
        updated = wording.question(
            question,
            self.pack,
            ref=instance.ref,
            header=wording.header_for(instance.kind),
            footer=wording.tally_line(tally.answered, tally.correct),
        )
        outcome = Outcome(
            question_id=question.id,
            topic=question.topic,
            correct=verdict.correct,
            first=recorded.first,
        )
        posted = (
            None
            if instance.message_ref is None
            else Posted(channel=instance.channel, message=instance.message_ref)
        )
        return replace(reply, updates=updated, updates_posted=posted, outcome=outcome)
