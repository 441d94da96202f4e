"""'Report a problem': the button under feedback, the form, one report per learner and
question, and the admins' `reports` / `reports close`, on SQLite and PostgreSQL."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest

from bot import actions
from bot.bootstrap import build_tutor
from bot.clock import FixedClock
from bot.content.pack import KnowledgePack
from bot.lookup.index import LookupIndex
from bot.replies import Reply, Request
from bot.settings import Settings
from bot.tutor import Tutor

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
Say = Callable[..., Reply]


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(START)


@pytest.fixture
def tutor(
    database_url: str, clock: FixedClock, pack: KnowledgePack, index: LookupIndex
) -> Iterator[Tutor]:
    settings = Settings(knowledge_path=pack.path, database_url=database_url)
    made = build_tutor(settings, pack=pack, index=index, clock=clock, rng=random.Random(8))
    yield made
    made.close()


def speaker(tutor: Tutor, user: str, *, admin: bool = False, forms: bool = True) -> Say:
    def say(
        text: str = "", *, action: str | None = None, fields: dict[str, str] | None = None
    ) -> Reply:
        return tutor.handle(
            Request(
                workspace="T1",
                user=user,
                text=text,
                action=action,
                channel="C1",
                is_admin=admin,
                fields=fields or {},
                forms=forms,
            )
        )

    return say


def answered(tutor: Tutor, say: Say, question_id: str) -> Reply:
    """Ask `question_id` and answer it (option A): the feedback."""
    request = Request(workspace="T1", user="x", channel="C1")
    question = tutor.features.quiz.ask(request, question_id, kind="quiz")
    return say(action=question.choices[0].action)


def single(pack: KnowledgePack, topic: str, n: int) -> str:
    """The n-th question of a topic answered with one option (one click answers it)."""
    ids = [qid for qid in pack.questions_in(topic) if len(pack.questions[qid].answer_indexes) == 1]
    return ids[n]


def report_button(feedback: Reply) -> str:
    found = [b.action for b in feedback.buttons if b.label == "Report a problem"]
    assert len(found) == 1, feedback.buttons
    return found[0]


def test_feedback_offers_a_report_button_only_where_forms_can_be_shown(
    tutor: Tutor, pack: KnowledgePack
) -> None:
    qid = single(pack, "registries", 0)
    with_forms = answered(tutor, speaker(tutor, "U1"), qid)
    assert with_forms.kind == "feedback"
    parsed = actions.parse(report_button(with_forms))
    assert parsed is not None and parsed.kind == "report"
    without = answered(tutor, speaker(tutor, "U2", forms=False), qid)
    assert without.kind == "feedback"
    assert all(b.label != "Report a problem" for b in without.buttons)


def test_the_form_asks_for_a_reason_and_an_optional_capped_comment(
    tutor: Tutor, pack: KnowledgePack
) -> None:
    say = speaker(tutor, "U1")
    click = report_button(answered(tutor, say, single(pack, "registries", 0)))
    reply = say(action=click)
    assert reply.kind == "form" and reply.form is not None and reply.private
    reason, comment = reply.form.fields
    assert reason.kind == "choice" and reason.required
    assert [label for _, label in reason.options] == [
        "The marked answer is wrong",
        "Two answers are right",
        "The question is unclear",
        "Typo or formatting",
        "Something else",
    ]
    assert comment.kind == "text" and not comment.required and comment.max_length == 500
    # The same form, built without the store, for front ends that must open it at once.
    assert tutor.form(click) == reply
    assert tutor.form(actions.review()) is None


def test_a_report_reaches_the_admins_and_a_second_one_replaces_the_first(
    tutor: Tutor, pack: KnowledgePack, clock: FixedClock
) -> None:
    qid = single(pack, "registries", 0)
    learner = speaker(tutor, "U1")
    form = learner(action=report_button(answered(tutor, learner, qid))).form
    assert form is not None
    sent = learner(action=form.submit, fields={"reason": "typo", "comment": "Teh typo"})
    assert sent.kind == "info" and "sent" in sent.text
    clock.advance(timedelta(hours=1))
    again = learner(action=form.submit, fields={"reason": "unclear", "comment": "Ambiguous."})
    assert again.kind == "info" and "earlier report" in again.text
    other = speaker(tutor, "U2")
    form2 = other(action=report_button(answered(tutor, other, qid))).form
    assert form2 is not None
    other(action=form2.submit, fields={"reason": "unclear"})

    listing = speaker(tutor, "UA", admin=True)("/docker-quiz reports")
    assert listing.kind == "info" and listing.private
    assert listing.title == "Open reports: 2 on 1 question"
    assert f"`{qid}` (registries): **2 reports**: 2 unclear" in listing.text
    assert "`Ambiguous.`" in listing.text and "Teh typo" not in listing.text
    assert pack.questions[qid].prompt.split()[0] in listing.text


def test_comments_are_shown_as_plain_text_and_capped(tutor: Tutor, pack: KnowledgePack) -> None:
    qid = single(pack, "commands", 0)
    learner = speaker(tutor, "U1")
    form = learner(action=report_button(answered(tutor, learner, qid))).form
    assert form is not None
    nasty = "<@U999> <!channel> **bold** `code`\n> quote [x](https://evil.example) " + "z" * 900
    sent = learner(action=form.submit, fields={"reason": "other", "comment": nasty})
    assert "cut to its first 500 characters" in sent.text
    stored = tutor.store.open_reports(workspace="T1")
    assert len(stored) == 1 and len(stored[0].comment) == 500
    detail = speaker(tutor, "UA", admin=True)(f"/docker-quiz reports {qid}")
    line = next(line for line in detail.text.splitlines() if "bold" in line)
    # One line, in a code span that nothing can break out of: no mention, no link syntax.
    assert "<@U999>" not in detail.text and "<!channel>" not in detail.text
    assert "‹@U999› ‹!channel› **bold** 'code' › quote [x](https://evil.example)" in line
    assert line.count("`") == 2 and line.endswith("z" * 20 + "`")  # all 500 characters
    listed = speaker(tutor, "UA", admin=True)("/docker-quiz reports").text
    short = next(line for line in listed.splitlines() if "bold" in line)
    assert short.count("`") == 2 and short.endswith("…`") and len(short) < 200


def test_bad_submissions_are_refused_kindly(tutor: Tutor, pack: KnowledgePack) -> None:
    learner = speaker(tutor, "U1")
    form = learner(action=report_button(answered(tutor, learner, single(pack, "commands", 0)))).form
    assert form is not None
    for fields in ({}, {"reason": "spam"}, {"reason": ""}):
        reply = learner(action=form.submit, fields=fields)
        assert reply.kind == "error" and "Pick what is wrong" in reply.text
    gone = learner(action=actions.report_submit("99999"), fields={"reason": "typo"})
    assert gone.kind == "error" and "no longer available" in gone.text
    assert tutor.store.open_reports(workspace="T1") == []


def test_admins_close_reports_with_a_note_and_only_admins_see_them(
    tutor: Tutor, pack: KnowledgePack
) -> None:
    qid = single(pack, "registries", 1)
    learner = speaker(tutor, "U1")
    form = learner(action=report_button(answered(tutor, learner, qid))).form
    assert form is not None
    learner(action=form.submit, fields={"reason": "wrong-answer", "comment": "B is right"})

    for text in ("/docker-quiz reports", f"/docker-quiz reports close {qid}", "reports"):
        refused = learner(text)
        assert refused.kind == "error" and "only workspace admins" in refused.text
    assert len(tutor.store.open_reports(workspace="T1")) == 1
    unsure = tutor.handle(
        Request(workspace="T1", user="UA", text="/docker-quiz reports", admin_check_failed=True)
    )
    assert unsure.kind == "error" and "couldn't check your admin rights" in unsure.text

    admin = speaker(tutor, "UA", admin=True)
    closed = admin(f"/docker-quiz reports close {qid} fixed the key in v2")
    assert closed.kind == "info" and f"Closed 1 open report on `{qid}`" in closed.text
    assert admin("/docker-quiz reports").text == "No open reports."
    again = admin(f"/docker-quiz reports close {qid}")
    assert again.kind == "error" and "no open reports" in again.text
    # Reporting again after it was closed opens it again, as a new report.
    sent = learner(action=form.submit, fields={"reason": "wrong-answer"})
    assert "sent to the people" in sent.text
    assert "**1 report**: 1 wrong answer" in admin("/docker-quiz reports").text


def test_reports_stay_in_their_workspace(tutor: Tutor, pack: KnowledgePack) -> None:
    qid = single(pack, "registries", 0)
    learner = speaker(tutor, "U1")
    form = learner(action=report_button(answered(tutor, learner, qid))).form
    assert form is not None
    learner(action=form.submit, fields={"reason": "typo"})
    elsewhere = tutor.handle(
        Request(workspace="T2", user="UA", text="/docker-quiz reports", is_admin=True)
    )
    assert elsewhere.text == "No open reports."
    # A submit naming this workspace's question from another workspace finds nothing.
    stray = tutor.handle(
        Request(workspace="T2", user="U1", action=form.submit, fields={"reason": "typo"})
    )
    assert stray.kind == "error"


def test_reports_usage_errors(tutor: Tutor) -> None:
    admin = speaker(tutor, "UA", admin=True)
    assert "Name the question" in admin("/docker-quiz reports close").text
    assert "`Not_An_Id` is not a question id" in admin("/docker-quiz reports close Not_An_Id").text
    assert "A note goes with closing" in admin("/docker-quiz reports q-x some note").text
    assert "no open reports on `q-nothing`" in admin("/docker-quiz reports q-nothing").text


def test_the_form_fits_both_platforms_modals() -> None:
    """Slack modal and Discord modal limits, so the front ends can show it unchanged: title
    and submit label 24 (Slack), field labels 45 (Discord), option labels 75 (Slack) and
    values 100 (Discord), a text input of at most 3000 characters (Slack)."""
    from bot.reports.wording import form

    shown = form("k9X-_abcdefghijkl").form
    assert shown is not None
    assert len(shown.title) <= 24 and len(shown.submit_label) <= 24
    for field in shown.fields:
        assert len(field.label) <= 45 and len(field.name) <= 100
        assert all(len(label) <= 75 and len(value) <= 100 for value, label in field.options)
        assert field.max_length <= 3000
    assert actions.parse(shown.submit) is not None
