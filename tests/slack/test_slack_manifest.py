"""The shipped manifest matches what the code listens for."""

from __future__ import annotations

from pathlib import Path

import yaml

from adapters.slack_app.app import COMMAND
from adapters.slack_app.settings import EVENTS_PATH

MANIFEST = Path(__file__).resolve().parents[2] / "slack-manifest.yaml"


def test_manifest_declares_the_command_events_scopes_and_modes() -> None:
    manifest = yaml.safe_load(MANIFEST.read_text())
    features, settings = manifest["features"], manifest["settings"]
    assert [c["command"] for c in features["slash_commands"]] == [COMMAND]
    assert set(settings["event_subscriptions"]["bot_events"]) == {
        "app_mention",
        "message.im",
        "app_home_opened",
    }
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    assert {"commands", "chat:write", "app_mentions:read", "im:history", "users:read"} <= scopes
    assert settings["interactivity"]["is_enabled"] is True
    assert settings["socket_mode_enabled"] is True
    urls = [
        features["slash_commands"][0]["url"],
        settings["interactivity"]["request_url"],
        settings["event_subscriptions"]["request_url"],
    ]
    assert all(url.endswith(EVENTS_PATH) for url in urls)
    assert features["app_home"]["messages_tab_enabled"] is True  # DMs with the bot
    assert features["app_home"]["home_tab_enabled"] is True  # the learner's dashboard


def test_the_manifest_lets_the_daily_question_name_channels_and_tell_its_admin() -> None:
    manifest = yaml.safe_load(MANIFEST.read_text())
    # `daily on #quiz`: Slack sends the channel as <#C123|quiz> only when escaping is on.
    assert manifest["features"]["slash_commands"][0]["should_escape"] is True
    # conversations.open, to tell whoever set it up that its channel stopped working.
    assert "im:write" in manifest["oauth_config"]["scopes"]["bot"]
