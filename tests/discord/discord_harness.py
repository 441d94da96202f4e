"""The real discord.py client against a fake Discord on 127.0.0.1, with a real tutor.

Two test-only overrides point the library at the fake: `Route.BASE` (every REST call,
interaction callbacks and webhook follow-ups included) and `DEFAULT_GATEWAY`.
"""

from __future__ import annotations

import asyncio
import random
import sys
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import discord
import discord.gateway
import discord.http
import pytest
import yarl

sys.path.insert(0, str(Path(__file__).parent))

from discord_fakes import (
    BOT_USER,
    CHANNEL_ID,
    DM_CHANNEL_ID,
    EVERYONE,
    GUILD_ID,
    MANAGE_GUILD,
    TOKEN,
    Exchange,
    FakeDiscord,
    JsonDict,
    interaction_payload,
    member_payload,
    message_payload,
    user,
)

from adapters.discord_bot.bot import QuizBot, make_bot
from adapters.discord_bot.settings import DiscordSettings
from bot.bootstrap import build_tutor
from bot.clock import FixedClock
from bot.content.pack import KnowledgePack
from bot.lookup.index import LookupIndex
from bot.settings import Settings
from bot.tutor import Tutor

START = datetime(2025, 3, 3, 8, 0, tzinfo=UTC)  # a Monday
ALICE = user("700000000000000001", "alice")
BOB = user("700000000000000002", "bob")
ADMIN = user("700000000000000009", "admin")
OPTION_TYPES = {str: 3, int: 4, bool: 5}


@pytest.fixture
async def fake(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeDiscord]:
    server = await FakeDiscord().start()
    monkeypatch.setattr(discord.http.Route, "BASE", server.api_base)
    monkeypatch.setattr(
        discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(server.gateway_url)
    )
    yield server
    await server.stop()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(START)


@pytest.fixture
def database_path(tmp_path: Path) -> Path:
    return tmp_path / "quiz.db"


def make_tutor(database: Path, clock: FixedClock, pack: KnowledgePack, index: LookupIndex) -> Tutor:
    settings = Settings(knowledge_path=pack.path, database_url=f"sqlite:///{database}")
    return build_tutor(settings, pack=pack, index=index, clock=clock, rng=random.Random(7))


@pytest.fixture
def tutor(
    database_path: Path, clock: FixedClock, pack: KnowledgePack, index: LookupIndex
) -> Iterator[Tutor]:
    built = make_tutor(database_path, clock, pack, index)
    yield built
    built.close()


@dataclass
class Discord:
    """Drives the running bot the way Discord would, and reads what users would see."""

    fake: FakeDiscord
    bots: list[QuizBot] = field(default_factory=list)

    @property
    def bot(self) -> QuizBot:
        return self.bots[-1]

    async def start(
        self, tutor: Any, *, settings: DiscordSettings | None = None, **options: Any
    ) -> QuizBot:
        """Start a bot (log in, connect, sync commands) and wait until it is ready."""
        options.setdefault("run_daily", False)
        bot = make_bot(
            settings=settings or DiscordSettings(token=TOKEN, guild_id=int(GUILD_ID)),
            tutor=tutor,
            guild_ready_timeout=0.05,
            **options,
        )
        self.bots.append(bot)
        task = asyncio.create_task(bot.start(TOKEN))
        ready = asyncio.create_task(bot.wait_until_ready())
        done, _ = await asyncio.wait({task, ready}, timeout=10, return_when="FIRST_COMPLETED")
        if ready not in done:
            ready.cancel()
            if task.done():
                task.result()  # raise the login/connect error
            raise TimeoutError("the bot did not become ready")
        bot._test_task = task  # type: ignore[attr-defined]
        return bot

    async def stop(self, bot: QuizBot) -> None:
        await bot.close()
        await asyncio.wait_for(bot._test_task, 10)  # type: ignore[attr-defined]

    async def command(
        self,
        sub: str,
        *,
        who: JsonDict = ALICE,
        admin: bool = False,
        direct: bool = False,
        **options: Any,
    ) -> Exchange:
        """Run `/docker-quiz <sub> [options]`; returns the exchange once it was answered."""
        exchange = await self.send_command(sub, who=who, admin=admin, direct=direct, **options)
        await self.fake.until(lambda: exchange.callbacks or exchange.refused)
        return exchange

    async def send_command(
        self,
        sub: str,
        *,
        who: JsonDict = ALICE,
        admin: bool = False,
        direct: bool = False,
        **options: Any,
    ) -> Exchange:
        command = next(c for c in self.fake.commands if c["name"] == "docker-quiz")
        values: list[JsonDict] = []
        resolved: JsonDict = {}
        for name, value in options.items():
            if isinstance(value, discord.Object):  # a channel option
                values.append({"name": name, "type": 7, "value": str(value.id)})
                resolved = {
                    "channels": {
                        str(value.id): {
                            "id": str(value.id),
                            "name": "daily-quiz",
                            "type": 0,
                            "permissions": str(EVERYONE),
                        }
                    }
                }
            else:
                values.append({"name": name, "type": OPTION_TYPES[type(value)], "value": value})
        data: JsonDict = {
            "id": command["id"],
            "name": "docker-quiz",
            "type": 1,
            "options": [{"name": sub, "type": 1, "options": values}],
        }
        if resolved:
            data["resolved"] = resolved
        permissions = EVERYONE | (MANAGE_GUILD if admin else 0)
        return await self.fake.interact(
            interaction_payload(
                self.fake, kind=2, data=data, who=who, permissions=permissions, direct=direct
            )
        )

    async def autocomplete(self, sub: str, option: str, typed: str) -> list[JsonDict]:
        command = next(c for c in self.fake.commands if c["name"] == "docker-quiz")
        data = {
            "id": command["id"],
            "name": "docker-quiz",
            "type": 1,
            "options": [
                {
                    "name": sub,
                    "type": 1,
                    "options": [{"name": option, "type": 3, "value": typed, "focused": True}],
                }
            ],
        }
        exchange = await self.fake.interact(
            interaction_payload(self.fake, kind=4, data=data, who=ALICE)
        )
        await self.fake.until(lambda: exchange.callbacks)
        assert exchange.types == [8]
        return list(exchange.callbacks[0]["data"]["choices"])

    async def click(
        self,
        message: JsonDict,
        custom_id: str,
        *,
        who: JsonDict = ALICE,
        direct: bool = False,
        wait: bool = True,
    ) -> Exchange:
        """Click a button of a message the bot posted (Discord sends the message along)."""
        data = {"custom_id": custom_id, "component_type": 2}
        exchange = await self.fake.interact(
            interaction_payload(
                self.fake, kind=3, data=data, who=who, direct=direct, message=message
            )
        )
        if wait:
            await self.fake.until(lambda: exchange.callbacks or exchange.refused)
        return exchange

    async def choose(
        self,
        message: JsonDict,
        custom_id: str,
        values: list[str],
        *,
        who: JsonDict = ALICE,
        direct: bool = False,
    ) -> Exchange:
        """Pick `values` in a select menu of a message the bot posted and close the menu."""
        data = {"custom_id": custom_id, "component_type": 3, "values": values}
        exchange = await self.fake.interact(
            interaction_payload(
                self.fake, kind=3, data=data, who=who, direct=direct, message=message
            )
        )
        await self.fake.until(lambda: exchange.callbacks or exchange.refused)
        return exchange

    async def submit_modal(
        self, custom_id: str, components: list[JsonDict], *, who: JsonDict = ALICE
    ) -> Exchange:
        """Submit the modal `custom_id` with `components` (as Discord sends them: labels
        around each input, carrying its value) and wait for the bot's answer."""
        data = {"custom_id": custom_id, "components": components}
        exchange = await self.fake.interact(
            interaction_payload(self.fake, kind=5, data=data, who=who)
        )
        await self.fake.until(lambda: exchange.callbacks or exchange.refused)
        return exchange

    async def mention(self, text: str, *, who: JsonDict = ALICE) -> str:
        """Post `@docker-quiz <text>` in #general; returns the message id."""
        message_id = self.fake.snowflake()
        payload = message_payload(
            message_id=message_id,
            channel_id=CHANNEL_ID,
            author=who,
            content=f"<@{BOT_USER['id']}> {text}",
            guild_id=GUILD_ID,
            mentions=[BOT_USER],
        )
        payload["member"] = {
            k: v
            for k, v in member_payload(who, permissions=0).items()
            if k not in ("user", "permissions")
        }
        await self.fake.dispatch("MESSAGE_CREATE", payload)
        return message_id

    async def dm(self, text: str, *, who: JsonDict = ALICE) -> str:
        message_id = self.fake.snowflake()
        await self.fake.dispatch(
            "MESSAGE_CREATE",
            message_payload(
                message_id=message_id, channel_id=DM_CHANNEL_ID, author=who, content=text
            ),
        )
        return message_id

    def posted(self, channel: str) -> list[JsonDict]:
        """Bodies of messages the bot posted to a channel via REST, in order."""
        return [
            c.body
            for c in self.fake.rest("POST", rf"/channels/{channel}/messages")
            if c.status == 200
        ]


@pytest.fixture
async def discord_(fake: FakeDiscord) -> AsyncIterator[Discord]:
    driver = Discord(fake=fake)
    yield driver
    for bot in driver.bots:
        if not bot.is_closed():
            await driver.stop(bot)


@pytest.fixture
async def dc(discord_: Discord, tutor: Tutor) -> Discord:
    """A running bot with the real tutor."""
    await discord_.start(tutor)
    return discord_
