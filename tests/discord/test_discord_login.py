"""The bot logs in, connects and syncs `/docker-quiz` exactly as Discord expects."""

from __future__ import annotations

import pytest
from discord_fakes import APP_ID, GUILD_ID, TOKEN, FakeDiscord
from discord_harness import Discord

from adapters.discord_bot.settings import DiscordSettings
from bot.commands import REGISTRY
from bot.tutor import Tutor

# Every test here talks to a local fake server through the real library.
pytestmark = pytest.mark.slow

SUBCOMMANDS = {spec.name for spec in REGISTRY}


async def test_logs_in_and_syncs_the_group_to_the_dev_guild(dc: Discord) -> None:
    fake = dc.fake
    assert fake.rest("GET", "/users/@me") and fake.rest("GET", "/oauth2/applications/@me")
    assert not fake.rest("GET", "/gateway/bot")  # unsharded: the default gateway
    (identify,) = fake.identified
    assert identify["token"] == TOKEN
    assert not identify["intents"] & (1 << 15)  # no privileged message-content intent
    assert not identify["intents"] & ((1 << 1) | (1 << 8))  # nor members, presences
    (sync,) = fake.rest("PUT", rf"/applications/{APP_ID}/guilds/{GUILD_ID}/commands")
    (group,) = sync.body
    assert group["name"] == "docker-quiz"
    described = {o["name"]: o["description"] for o in group["options"]}
    assert set(described) == SUBCOMMANDS
    assert all(len(d) > 5 for d in described.values())  # each has help text
    assert dc.bot.user is not None and str(dc.bot.user.id) == APP_ID


async def test_syncs_globally_without_a_guild(
    discord_: Discord, fake: FakeDiscord, tutor: Tutor
) -> None:
    await discord_.start(tutor, settings=DiscordSettings(token=TOKEN))
    assert fake.rest("PUT", rf"/applications/{APP_ID}/commands")
    assert not fake.rest("PUT", rf"/applications/{APP_ID}/guilds/\d+/commands")


async def test_sharded_bot_asks_for_the_shard_count_and_connects_each(
    discord_: Discord, fake: FakeDiscord, tutor: Tutor
) -> None:
    settings = DiscordSettings(token=TOKEN, guild_id=int(GUILD_ID), shards="auto")
    await discord_.start(tutor, settings=settings)
    assert fake.rest("GET", "/gateway/bot")
    assert sorted(tuple(i["shard"]) for i in fake.identified) == [(0, 2), (1, 2)]
    exchange = await discord_.command("topics")
    assert exchange.types == [4]
