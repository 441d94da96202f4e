"""Reading what users type: commands by the registry's typing rule, and button actions."""

from __future__ import annotations

import pytest

from bot import actions
from bot.arguments import Arg, ArgError, ParseContext, parse_value
from bot.commands import BY_NAME, REGISTRY, Parsed, needs_admin, parse
from bot.content.pack import KnowledgePack


@pytest.fixture
def context(pack: KnowledgePack) -> ParseContext:
    return ParseContext(pack=pack)


def _name(parsed: Parsed | None) -> str | None:
    assert parsed is not None and parsed.invocation is not None, parsed
    return parsed.invocation.spec.name


def test_the_slash_command_alone_is_a_quiz_question(context: ParseContext) -> None:
    assert _name(parse("/docker-quiz", context)) == "quiz"
    assert _name(parse("  /DOCKER-QUIZ  ", context)) == "quiz"


def test_arguments_are_typed_values(context: ParseContext) -> None:
    parsed = parse("/docker-quiz topic  Amazon ECR ", context)
    assert parsed is not None and parsed.invocation is not None
    assert parsed.invocation.values == {"topic": "registries"}
    exam = parse("/docker-quiz exam 7", context)
    assert exam is not None and exam.invocation is not None
    assert exam.invocation.values == {"questions": 7}
    daily = parse("/docker-quiz daily on Europe/Berlin 21:30 <#C0QUIZ|quiz> 6h", context)
    assert daily is not None and daily.invocation is not None
    assert daily.invocation.values == {
        "action": "on",
        "timezone": "Europe/Berlin",
        "time": "21:30",
        "channel": "C0QUIZ",
        "reveal_hours": 6,
    }


def test_a_question_after_the_slash_command_is_asked(context: ParseContext) -> None:
    parsed = parse("/docker-quiz which service scans images?", context)
    assert _name(parsed) == "ask"
    assert parsed is not None and parsed.invocation is not None
    assert parsed.invocation.values == {"question": "which service scans images?"}


def test_unknown_commands_get_help_naming_the_word(context: ParseContext) -> None:
    assert parse("/docker-quiz frobnicate", context) == Parsed(unknown="frobnicate")
    assert parse("/weather today", context) == Parsed(unknown="/weather")


def test_a_known_command_with_bad_arguments_is_a_usage_error(context: ParseContext) -> None:
    parsed = parse("/docker-quiz exam 99", context)
    assert parsed is not None and parsed.invocation is None
    assert parsed.spec is BY_NAME["exam"] and "1 to 50" in str(parsed.error)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("stats", "stats"),
        ("topic ecr", "topic"),
        ("quiz ecr", "quiz"),
        ("exam 5", "exam"),
        ("exam stop", "exam"),
        ("leaderboard all", "leaderboard"),
        ("tz Europe/Berlin", "tz"),
        ("daily status", "daily"),
        ("ask what is a docker host", "ask"),
        ("score", "stats"),
    ],
)
def test_bare_text_is_a_command_when_its_arguments_parse(
    context: ParseContext, text: str, name: str
) -> None:
    assert _name(parse(text, context)) == name


@pytest.mark.parametrize(
    "text",
    [
        "which service scans images?",
        "B",
        "stats about containers",
        "help me with cgroups",
        "topics are what",
        "exam tips for ECR",
        "leaderboard of registries",
        "review the difference between images and containers",
    ],
)
def test_bare_text_whose_rest_does_not_parse_is_a_question(
    context: ParseContext, text: str
) -> None:
    assert parse(text, context) is None


def test_only_changing_the_daily_schedule_needs_an_admin() -> None:
    assert needs_admin("/docker-quiz daily on <#C0QUIZ01|quiz> 9am")
    assert needs_admin("/docker-quiz daily on")
    assert needs_admin("daily off")
    assert not needs_admin("/docker-quiz daily status")
    assert not needs_admin("/docker-quiz daily")
    assert not needs_admin("/docker-quiz stats")
    assert not needs_admin("what is the daily question?")


def test_every_command_has_usage_help_and_unique_names() -> None:
    names = [name for spec in REGISTRY for name in (spec.name, *spec.aliases)]
    assert len(names) == len(set(names))
    for spec in REGISTRY:
        assert spec.usage.split()[0] == spec.name and len(spec.help) > 3
        assert all(arg.help for arg in spec.args)


def test_actions_round_trip_and_junk_is_refused() -> None:
    for built, kind in [
        (actions.answer("12", (3,)), "answer"),
        (actions.answer("k9X-_", (0, 2)), "answer"),
        (actions.submit("12"), "submit"),
        (actions.next_question(), "next"),
        (actions.next_question("kernel-features"), "next"),
        (actions.review(), "review"),
        (actions.routed("T0TEAM01", actions.review()), "routed"),
        (actions.reminders_off(), "reminders_off"),
        (actions.explain("ecr-image-scanning"), "explain"),
        (actions.report("12"), "report"),
        (actions.report_submit("k9X-_"), "report_submit"),
    ]:
        parsed = actions.parse(built)
        assert parsed is not None and parsed.kind == kind, built
    pair = actions.parse("a:12:0.2")
    assert pair is not None and (pair.ref, pair.options) == ("12", (0, 2))
    for junk in [
        "",
        "a b",
        "ä:1",
        "x" * 500,
        "a:12",
        "a:12:0.0",
        "e:Bad_Id",
        "zz:1",
        "r:1:2",
        "fs:",
        "fs:a:b",
    ]:
        assert actions.parse(junk) is None, junk


def test_every_action_fits_every_platform() -> None:
    longest_ids = "x" * actions.ID_MAX["entry"]
    assert len(actions.explain(longest_ids)) <= actions.ACTION_MAX
    assert len(actions.answer("9" * actions.REF_MAX, (0, 1, 2, 3, 4))) <= actions.ACTION_MAX
    assert actions.ACTION_MAX + len("dq:") <= 100  # Discord custom_id
    with pytest.raises(ValueError, match="longer than"):
        actions.explain("x" * 100)


def test_channels_of_both_platforms_become_ids() -> None:
    channel = Arg("channel", "channel", "Channel")
    assert parse_value(channel, "<#C0123|general>", ParseContext()) == "C0123"
    assert parse_value(channel, "<#1234567890>", ParseContext()) == "1234567890"
    assert parse_value(channel, "C0123ABCD", ParseContext()) == "C0123ABCD"
    assert parse_value(channel, "#C0123ABCD", ParseContext()) == "C0123ABCD"
    assert parse_value(channel, "123456789012345678", ParseContext()) == "123456789012345678"
    with pytest.raises(ArgError, match="pick the channel from the list"):
        parse_value(channel, "#quiz", ParseContext())
    for junk in ["<script>", "EST", "CEST", "GERMANY", "quiz", "1234"]:
        with pytest.raises(ArgError):
            parse_value(channel, junk, ParseContext())
