"""SlackSettings: one clear error naming the setting, never the value."""

from __future__ import annotations

import pytest

from adapters.slack_app.settings import DEFAULT_API_URL, SlackSettings
from bot.errors import SettingsError

BOT = "xoxb-1-secret-value"
SECRET = "0123456789abcdef0123456789abcdef"


def test_socket_mode_when_an_app_token_is_set() -> None:
    settings = SlackSettings.from_env({"SLACK_BOT_TOKEN": BOT, "SLACK_APP_TOKEN": "xapp-1-x"})
    assert settings.mode == "socket"
    assert settings.api_url == DEFAULT_API_URL


def test_http_mode_reads_host_port_and_api_url() -> None:
    settings = SlackSettings.from_env(
        {
            "SLACK_BOT_TOKEN": BOT,
            "SLACK_SIGNING_SECRET": SECRET,
            "HOST": "127.0.0.1",
            "PORT": "8080",
            "SLACK_API_URL": "http://127.0.0.1:9/api",
            "SLACK_ADMIN_USERS": "U111AAA, W222BBB",
        }
    )
    assert settings.mode == "http"
    assert (settings.host, settings.port) == ("127.0.0.1", 8080)
    assert settings.api_url == "http://127.0.0.1:9/api/"
    assert settings.admin_users == {"U111AAA", "W222BBB"}


def test_defaults_listen_on_all_interfaces_port_3000() -> None:
    settings = SlackSettings.from_env({"SLACK_BOT_TOKEN": BOT, "SLACK_SIGNING_SECRET": SECRET})
    assert (settings.host, settings.port) == ("0.0.0.0", 3000)


@pytest.mark.parametrize(
    ("env", "names"),
    [
        ({}, "SLACK_BOT_TOKEN"),
        ({"SLACK_BOT_TOKEN": "xoxp-user-token-secret"}, "SLACK_BOT_TOKEN"),
        ({"SLACK_BOT_TOKEN": BOT}, "SLACK_SIGNING_SECRET"),
        ({"SLACK_BOT_TOKEN": BOT, "SLACK_APP_TOKEN": "xoxb-wrong-kind-secret"}, "SLACK_APP_TOKEN"),
        (
            {"SLACK_BOT_TOKEN": BOT, "SLACK_SIGNING_SECRET": "not hex secret!"},
            "SLACK_SIGNING_SECRET",
        ),
        ({"SLACK_BOT_TOKEN": BOT, "SLACK_SIGNING_SECRET": SECRET, "PORT": "70000"}, "PORT"),
        (
            {"SLACK_BOT_TOKEN": BOT, "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": "ftp://x"},
            "SLACK_API_URL",
        ),
        (
            {"SLACK_BOT_TOKEN": BOT, "SLACK_SIGNING_SECRET": SECRET, "SLACK_ADMIN_USERS": "bob"},
            "SLACK_ADMIN_USERS",
        ),
    ],
)
def test_bad_settings_name_the_setting_and_hide_the_value(env: dict[str, str], names: str) -> None:
    with pytest.raises(SettingsError) as caught:
        SlackSettings.from_env(env)
    message = str(caught.value)
    assert names in message
    for value in env.values():
        if "secret" in value or value in ("70000", "ftp://x", "bob"):
            assert value not in message


def test_repr_hides_tokens() -> None:
    settings = SlackSettings.from_env(
        {
            "SLACK_BOT_TOKEN": BOT,
            "SLACK_APP_TOKEN": "xapp-1-hidden",
            "SLACK_SIGNING_SECRET": SECRET,
        }
    )
    shown = repr(settings)
    assert BOT not in shown and "xapp-1-hidden" not in shown and SECRET not in shown
