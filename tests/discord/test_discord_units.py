"""Settings, rendering and the command line, without a connection."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import discord
import pytest
from discord_fakes import TOKEN

from adapters.discord_bot import render
from adapters.discord_bot.buttons import TEMPLATE
from adapters.discord_bot.run import FRONT_END, invite_url
from adapters.discord_bot.settings import DiscordSettings
from adapters.runtime import run as run_front_end
from bot.errors import SettingsError
from bot.replies import Button, Choice, Outcome, Reply

# -- settings ---------------------------------------------------------------------------------


def test_reads_every_setting() -> None:
    settings = DiscordSettings.from_env(
        {
            "DISCORD_TOKEN": f" {TOKEN} ",
            "DISCORD_GUILD_ID": "222222222222222222",
            "DISCORD_SHARDS": "AUTO",
            "DISCORD_APPLICATION_ID": "111111111111111111",
        }
    )
    assert settings.token == TOKEN
    assert settings.guild_id == 222222222222222222
    assert settings.shards == "auto"
    assert settings.application_id == 111111111111111111
    assert TOKEN not in repr(settings)
    assert DiscordSettings.from_env({"DISCORD_TOKEN": TOKEN, "DISCORD_SHARDS": "4"}).shards == 4
    assert DiscordSettings.from_env({"DISCORD_TOKEN": TOKEN}).shards is None


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({}, "DISCORD_TOKEN"),
        ({"DISCORD_TOKEN": "Bot " + TOKEN}, "DISCORD_TOKEN"),
        ({"DISCORD_TOKEN": "not-a-token"}, "DISCORD_TOKEN"),
        ({"DISCORD_TOKEN": TOKEN, "DISCORD_GUILD_ID": "my-server"}, "DISCORD_GUILD_ID"),
        ({"DISCORD_TOKEN": TOKEN, "DISCORD_SHARDS": "0"}, "DISCORD_SHARDS"),
        ({"DISCORD_TOKEN": TOKEN, "DISCORD_SHARDS": "many"}, "DISCORD_SHARDS"),
        ({"DISCORD_TOKEN": TOKEN, "DISCORD_APPLICATION_ID": "12"}, "DISCORD_APPLICATION_ID"),
    ],
)
def test_bad_settings_name_the_setting_and_never_echo_the_token(
    env: dict[str, str], named: str
) -> None:
    with pytest.raises(SettingsError) as caught:
        DiscordSettings.from_env(env)
    assert named in str(caught.value)
    assert TOKEN not in str(caught.value) and "not-a-token" not in str(caught.value)


# -- rendering --------------------------------------------------------------------------------


def question(texts: list[str]) -> Reply:
    return Reply(
        kind="question",
        title="Quiz question",
        text="Which one?",
        footer="No answers yet.",
        choices=tuple(
            Choice(key="ABCD"[i], text=t, action=f"a:12:{i}") for i, t in enumerate(texts)
        ),
        buttons=(Button(label="Next question", action="q", style="primary"),),
    )


def test_short_options_go_on_the_buttons_and_others_on_a_row_below() -> None:
    message = render.message(question(["docker push", "docker pull"]))
    assert message.embed.title == "Quiz question"
    assert message.embed.footer.text == "No answers yet."
    assert message.view is not None
    items = [(i.item.label, i.custom_id, i.row) for i in message.view.children]  # type: ignore[attr-defined]
    assert items == [
        ("A) docker push", "dq:a:12:0", 0),
        ("B) docker pull", "dq:a:12:1", 0),
        ("Next question", "dq:q", 1),
    ]


def test_long_options_are_listed_in_the_embed_and_buttons_show_letters() -> None:
    long = "x" * 60
    message = render.message(question([long, "short"]))
    assert f"**A)** {long}" in (message.embed.description or "")
    assert message.view is not None
    assert [i.item.label for i in message.view.children][:2] == ["A", "B"]  # type: ignore[attr-defined]


def test_limits_are_respected() -> None:
    reply = Reply(
        text="y" * 5000,
        title="t" * 300,
        footer="f" * 3000,
        buttons=tuple(Button(label="l" * 100, action=f"e:{n}") for n in range(30)),
    )
    message = render.message(reply)
    title, footer = message.embed.title or "", message.embed.footer.text or ""
    assert len(title) == render.TITLE_LIMIT and len(footer) == render.FOOTER_LIMIT
    # Discord refuses an embed over 6,000 characters in all: the description gives way.
    assert len(message.embed.description or "") == render.EMBED_TOTAL_LIMIT - 256 - 2048
    assert len(title) + len(message.embed.description or "") + len(footer) == 6000
    assert message.view is not None and len(message.view.children) == 25
    assert all(len(i.item.label) <= 80 for i in message.view.children)  # type: ignore[attr-defined]


def test_feedback_colour_follows_the_outcome_and_no_buttons_means_no_view() -> None:
    right = Reply(text="ok", kind="feedback", outcome=Outcome("q1", "t", correct=True))
    wrong = Reply(text="no", kind="feedback", outcome=Outcome("q1", "t", correct=False))
    assert render.embed(right).colour == discord.Colour.green()
    assert render.embed(wrong).colour == discord.Colour.red()
    assert render.view(right) is None


def test_duplicate_or_oversized_actions_are_skipped() -> None:
    reply = Reply(
        text="t",
        buttons=(
            Button("a", "e:x"),
            Button("b", "e:x"),
            Button("c", "e:" + "z" * 120),
            Button("d", "has space"),
        ),
    )
    view = render.view(reply)
    assert view is not None and [i.custom_id for i in view.children] == ["dq:e:x"]  # type: ignore[attr-defined]
    assert TEMPLATE.fullmatch("dq:a:123:4")


# -- command line -----------------------------------------------------------------------------


def test_invite_url_has_both_scopes_and_only_the_needed_permissions(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DISCORD_APPLICATION_ID", "111111111111111111")
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    assert run_front_end(FRONT_END, ["invite-url"]) == 0
    url = capsys.readouterr().out.strip()
    assert url == invite_url(111111111111111111)
    query = parse_qs(urlsplit(url).query)
    assert query["client_id"] == ["111111111111111111"]
    assert query["scope"] == ["bot applications.commands"]
    granted = discord.Permissions(int(query["permissions"][0]))
    assert granted == discord.Permissions(
        view_channel=True,
        send_messages=True,
        send_messages_in_threads=True,
        embed_links=True,
        read_message_history=True,
    )
    assert not granted.administrator and not granted.manage_guild


def test_invite_url_without_the_application_id(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DISCORD_APPLICATION_ID", raising=False)
    assert run_front_end(FRONT_END, ["invite-url"]) == 2
    assert "DISCORD_APPLICATION_ID" in capsys.readouterr().err


def test_check_validates_settings_without_connecting(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)
    monkeypatch.setenv("DISCORD_SHARDS", "2")
    assert run_front_end(FRONT_END, ["--check"]) == 0
    assert "settings OK (shards: 2)" in capsys.readouterr().out
    monkeypatch.setenv("DISCORD_TOKEN", "Bot " + TOKEN)
    assert run_front_end(FRONT_END, ["--check"]) == 2
    err = capsys.readouterr().err
    assert "DISCORD_TOKEN" in err and TOKEN not in err
    assert re.search(r"without the 'Bot ' prefix", err)
