"""Reply -> Block Kit: what a Slack user sees for each kind of reply."""

from __future__ import annotations

from adapters.slack_app import render
from bot.replies import Button, Choice, Reply


def test_markdown_becomes_slack_mrkdwn() -> None:
    text = "**Right!** use `docker **push**` & <tags>\n- one\n> quoted <b>"
    assert render.mrkdwn(text) == (
        "*Right!* use `docker **push**` &amp; &lt;tags&gt;\n• one\n> quoted &lt;b&gt;"
    )


def test_question_has_header_text_answer_buttons_and_footer() -> None:
    reply = Reply(
        kind="question",
        title="Quiz question",
        text="Which command uploads an image?",
        choices=(Choice("A", "docker push", "a:7:0"), Choice("B", "docker pull", "a:7:1")),
        footer="2 answered · 50% right",
    )
    blocks = render.blocks(reply)
    assert [b["type"] for b in blocks] == ["header", "section", "actions", "context"]
    buttons = blocks[2]["elements"]
    assert [b["text"]["text"] for b in buttons] == ["A) docker push", "B) docker pull"]
    assert [b["value"] for b in buttons] == ["a:7:0", "a:7:1"]
    assert all(render.ACTION_ID.match(b["action_id"]) for b in buttons)
    assert blocks[3]["elements"][0]["text"] == "2 answered · 50% right"


def test_long_options_are_listed_and_buttons_carry_only_the_letter() -> None:
    long = "Amazon ECR with image scanning on push enabled for the repository"
    reply = Reply(
        kind="question",
        text="Q?",
        choices=(Choice("A", long, "a:1:0"), Choice("B", "short", "a:1:1")),
    )
    blocks = render.blocks(reply)
    assert any(b["type"] == "section" and long in b["text"]["text"] for b in blocks)
    actions = next(b for b in blocks if b["type"] == "actions")
    assert [e["text"]["text"] for e in actions["elements"]] == ["A", "B"]


def test_action_ids_are_unique_across_choices_and_buttons() -> None:
    reply = Reply(
        text="Did you mean one of these?",
        choices=(Choice("A", "x", "a:1:0"),),
        buttons=(Button("ECR", "e:ecr", style="primary"), Button("ECS", "e:ecs")),
    )
    elements = [e for b in render.blocks(reply) if b["type"] == "actions" for e in b["elements"]]
    ids = [e["action_id"] for e in elements]
    assert len(set(ids)) == len(ids) == 3
    assert elements[1]["style"] == "primary" and "style" not in elements[2]


def test_long_text_is_split_into_sections_of_at_most_3000_chars() -> None:
    text = "\n".join(f"- line {n} " + "x" * 90 for n in range(100)) + "\n" + "y" * 7000
    sections = [b for b in render.blocks(Reply(text=text)) if b["type"] == "section"]
    assert all(len(s["text"]["text"]) <= render.SECTION_LIMIT for s in sections)
    joined = "".join(s["text"]["text"] for s in sections)
    assert joined.count("y") == 7000 and joined.count("• line") == 100


def test_header_and_labels_respect_slack_limits() -> None:
    reply = Reply(text="t", title="T" * 400, buttons=(Button("L" * 200, "q"),))
    blocks = render.blocks(reply)
    assert len(blocks[0]["text"]["text"]) <= render.HEADER_LIMIT
    assert len(blocks[-1]["elements"][0]["text"]["text"]) <= render.LABEL_LIMIT


def test_message_has_fallback_text_for_notifications() -> None:
    body = render.message(Reply(title="Topics", text="**ECR** & more"))
    assert body["text"] == "*Topics*\n*ECR* &amp; more"
    assert body["blocks"][0]["type"] == "header"
