"""Reading what users type: commands, free text and button actions."""

from __future__ import annotations

from bot.commands import channel_id, parse, parse_action


def test_the_slash_command_alone_is_a_quiz_question() -> None:
    assert parse("/docker-quiz") == parse("  /DOCKER-QUIZ  ")
    command = parse("/docker-quiz")
    assert command is not None and command.name == "quiz"


def test_subcommands_keep_their_arguments() -> None:
    command = parse("/docker-quiz topic  Amazon ECR ")
    assert command is not None
    assert (command.name, command.rest, command.args) == ("topic", "Amazon ECR", ("Amazon", "ECR"))


def test_a_question_after_the_slash_command_is_asked() -> None:
    command = parse("/docker-quiz which service scans images?")
    assert command is not None and command.name == "ask"
    assert command.rest == "which service scans images?"


def test_unknown_commands_get_help_naming_the_word() -> None:
    command = parse("/docker-quiz frobnicate")
    assert command is not None and (command.name, command.unknown) == ("help", "frobnicate")
    other = parse("/weather today")
    assert other is not None and other.name == "help"


def test_plain_text_is_not_a_command_except_bare_command_words() -> None:
    assert parse("which service scans images?") is None
    assert parse("B") is None
    stats = parse("stats")
    assert stats is not None and stats.name == "stats"


def test_actions_are_split_and_junk_is_refused() -> None:
    action = parse_action("a:12:3")
    assert action is not None and (action.kind, action.fields) == ("a", ("12", "3"))
    assert parse_action("") is None
    assert parse_action("a b") is None
    assert parse_action("ä:1") is None
    assert parse_action("x" * 500) is None


def test_channel_mentions_of_both_platforms_become_ids() -> None:
    assert channel_id("<#C0123|general>") == "C0123"
    assert channel_id("<#1234567890>") == "1234567890"
    assert channel_id("#quiz") == "quiz"
    assert channel_id("<script>") is None
