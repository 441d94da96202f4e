"""A local stand-in for Discord: the REST API and the gateway websocket on 127.0.0.1.

The real discord.py client talks to it after two test-only overrides (see conftest). It
records every REST call and every interaction response, keeps the messages the bot created
(so a later click can carry the clicked message, as Discord does), and enforces the rules
Discord enforces but discord.py does not: an interaction is answered within 3 seconds
(else 404, code 10062) and only once (else 400, code 40060); follow-ups need an answer first
(else 404, code 10015). Unknown routes answer 404 so unexpected calls show. Every body is
checked against Discord's documented limits (discord_limits.py): one that breaks them is
refused as Discord would (400, code 50035) and fails the test at `stop()`.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web
from discord_limits import violations

APP_ID = "111111111111111111"
BOT_ID = APP_ID  # a bot user's id is its application's id
GUILD_ID = "222222222222222222"
CHANNEL_ID = "333333333333333333"
DM_CHANNEL_ID = "444444444444444444"
DAILY_CHANNEL_ID = "555555555555555555"
TOKEN = "MTExMTExMTExMTExMTExMTEx.Gabcde.fake-token-for-tests_0123456789"
DEADLINE = 3.0
MANAGE_GUILD = 1 << 5
EVERYONE = 0x0000_0400 | 0x0000_0800  # view channel, send messages
DISCORD_EPOCH_MS = 1_420_070_400_000
EPHEMERAL = 64

JsonDict = dict[str, Any]


def user(user_id: str, name: str, *, bot: bool = False) -> JsonDict:
    return {
        "id": user_id,
        "username": name,
        "discriminator": "0",
        "global_name": name,
        "avatar": None,
        "bot": bot,
    }


BOT_USER = user(BOT_ID, "docker-quiz", bot=True)


@dataclass
class Call:
    """One REST request the bot made."""

    method: str
    path: str
    body: Any
    status: int = 200
    at: float = field(default_factory=time.monotonic)


@dataclass
class Exchange:
    """One interaction as Discord sees it: when it was sent and how the bot answered."""

    id: str
    token: str
    sent_at: float
    clicked: str | None = None  # the message a component interaction came from
    callbacks: list[JsonDict] = field(default_factory=list)  # accepted, with "at"
    refused: list[int] = field(default_factory=list)  # Discord error codes returned
    original: str | None = None  # message id edited by @original
    followups: list[JsonDict] = field(default_factory=list)
    edits: list[JsonDict] = field(default_factory=list)
    deleted_original: bool = False

    @property
    def types(self) -> list[int]:
        return [c["type"] for c in self.callbacks]


class FakeDiscord:
    """REST under /api/v10 and the gateway under /gateway, on one port."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.messages: dict[str, JsonDict] = {}
        self.exchanges: dict[str, Exchange] = {}
        self.by_token: dict[str, Exchange] = {}
        self.commands: list[JsonDict] = []
        self.identified: list[JsonDict] = []
        self.fail: list[tuple[Callable[[Call], bool], int, int]] = []
        self.dms: dict[str, str] = {}  # user id -> the DM channel the bot opened with them
        self.violations: list[str] = []  # broken limits: refused, and fail the test at stop()
        self.port = 0
        self._ids = itertools.count(1)
        self._sockets: list[tuple[web.WebSocketResponse, list[int], itertools.count[int]]] = []
        self._runner: web.AppRunner | None = None

    # -- lifecycle ---------------------------------------------------------------------------

    async def start(self) -> FakeDiscord:
        app = web.Application()
        app.router.add_get("/gateway", self._gateway)
        app.router.add_route("*", "/api/v10/{path:.*}", self._rest)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def stop(self) -> None:
        for ws, _, _ in list(self._sockets):
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()
        assert not self.violations, "the bot sent Discord payloads over its limits:\n" + (
            "\n".join(self.violations)
        )

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v10"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    def snowflake(self) -> str:
        millis = int(time.time() * 1000) - DISCORD_EPOCH_MS
        return str((millis << 22) | (next(self._ids) & 0x3FFFFF))

    async def until(self, check: Callable[[], Any], *, seconds: float = 15.0) -> Any:
        """Bounded polling on what was recorded."""
        deadline = time.monotonic() + seconds
        while not (found := check()):
            if time.monotonic() > deadline:
                raise TimeoutError("the fake did not see what the test waited for")
            await asyncio.sleep(0.01)
        return found

    def rest(self, method: str, pattern: str) -> list[Call]:
        """Recorded calls whose method matches and whose path matches the regex."""
        return [c for c in self.calls if c.method == method and re.fullmatch(pattern, c.path)]

    # -- the gateway -------------------------------------------------------------------------

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        shard = [0, 1]
        seq = itertools.count(1)
        await ws.send_str(json.dumps({"op": 10, "d": {"heartbeat_interval": 41250}}))
        async for msg in ws:
            if msg.type != WSMsgType.TEXT:
                continue
            payload = json.loads(msg.data)
            if payload["op"] == 1:
                await ws.send_str(json.dumps({"op": 11}))
            elif payload["op"] == 2:
                self.identified.append(payload["d"])
                shard[:] = payload["d"].get("shard") or [0, 1]
                self._sockets.append((ws, shard, seq))
                ready = {
                    "v": 10,
                    "user": BOT_USER,
                    "session_id": f"session-{shard[0]}",
                    "resume_gateway_url": self.gateway_url,
                    "shard": shard,
                    "application": {"id": APP_ID, "flags": 0},
                    "guilds": [{"id": GUILD_ID, "unavailable": True}]
                    if self._owns(shard, GUILD_ID)
                    else [],
                }
                await self._send(ws, seq, "READY", ready)
                if self._owns(shard, GUILD_ID):
                    await self._send(ws, seq, "GUILD_CREATE", guild_payload())
        self._sockets = [s for s in self._sockets if s[0] is not ws]
        return ws

    @staticmethod
    def _owns(shard: list[int], guild_id: str | None) -> bool:
        if guild_id is None:
            return shard[0] == 0  # DMs go to shard 0
        return (int(guild_id) >> 22) % shard[1] == shard[0]

    async def _send(
        self, ws: web.WebSocketResponse, seq: itertools.count[int], event: str, data: JsonDict
    ) -> None:
        await ws.send_str(json.dumps({"op": 0, "t": event, "s": next(seq), "d": data}))

    async def dispatch(self, event: str, data: JsonDict) -> None:
        """Send an event on the connection (shard) that owns its guild."""
        guild = data.get("guild_id")
        for ws, shard, seq in self._sockets:
            if self._owns(shard, guild):
                await self._send(ws, seq, event, data)
                return
        raise AssertionError("no gateway connection for this event")

    async def interact(self, payload: JsonDict) -> Exchange:
        """Deliver an INTERACTION_CREATE and start its 3-second clock."""
        exchange = Exchange(
            id=payload["id"],
            token=payload["token"],
            sent_at=time.monotonic(),
            clicked=(payload.get("message") or {}).get("id"),
        )
        self.exchanges[exchange.id] = exchange
        self.by_token[exchange.token] = exchange
        await self.dispatch("INTERACTION_CREATE", payload)
        return exchange

    # -- REST --------------------------------------------------------------------------------

    async def _rest(self, request: web.Request) -> web.StreamResponse:
        path = "/" + request.match_info["path"]
        raw = await request.read()
        body = json.loads(raw) if raw else None
        call = Call(method=request.method, path=path, body=body)
        self.calls.append(call)
        broken = violations(call.method, path, body)
        if broken:
            self.violations += [f"{call.method} {path}: {problem}" for problem in broken]
            return self._error(call, 400, 50035, "Invalid Form Body: " + "; ".join(broken))
        for index, (matches, status, code) in enumerate(self.fail):
            if matches(call):
                del self.fail[index]
                return self._error(call, status, code, "injected failure")
        status, answer = self._route(call, request)
        call.status = status
        if status == 204:
            return web.Response(status=204)
        return self._json(answer, status=status)

    def _error(self, call: Call, status: int, code: int, message: str) -> web.Response:
        call.status = status
        return self._json({"message": message, "code": code}, status=status)

    @staticmethod
    def _json(data: Any, *, status: int = 200) -> web.Response:
        # exactly application/json: discord.py only parses JSON with this content type
        return web.Response(
            status=status,
            body=json.dumps(data).encode(),
            headers={"Content-Type": "application/json"},
        )

    def _route(self, call: Call, request: web.Request) -> tuple[int, Any]:
        method, path, body = call.method, call.path, call.body
        if (method, path) == ("GET", "/users/@me"):
            return 200, BOT_USER
        if (method, path) == ("GET", "/oauth2/applications/@me"):
            return 200, {
                "id": APP_ID,
                "name": "docker-quiz",
                "icon": None,
                "description": "",
                "bot_public": True,
                "bot_require_code_grant": False,
                "owner": user("999999999999999999", "owner"),
                "verify_key": "00",
                "flags": 0,
            }
        if (method, path) == ("GET", "/gateway/bot"):
            return 200, {
                "url": self.gateway_url,
                "shards": 2,
                "session_start_limit": {
                    "total": 1000,
                    "remaining": 999,
                    "reset_after": 0,
                    "max_concurrency": 16,
                },
            }
        if method == "PUT" and re.fullmatch(
            rf"/applications/{APP_ID}(/guilds/\d+)?/commands", path
        ):
            synced = [
                {
                    **c,
                    "id": self.snowflake(),
                    "application_id": APP_ID,
                    "version": "1",
                    "type": c.get("type", 1),
                }
                for c in body
            ]
            self.commands = synced
            return 200, synced
        if match := re.fullmatch(r"/interactions/(\d+)/([^/]+)/callback", path):
            return self._callback(call, match.group(1), match.group(2))
        if match := re.fullmatch(rf"/webhooks/{APP_ID}/([^/]+)", path):
            return self._followup(call, match.group(1))
        if match := re.fullmatch(rf"/webhooks/{APP_ID}/([^/]+)/messages/([^/]+)", path):
            return self._webhook_message(call, match.group(1), match.group(2))
        if (method, path) == ("POST", "/users/@me/channels"):
            return 200, self._dm_channel(str(body["recipient_id"]))
        match = re.fullmatch(r"/channels/(\d+)/messages(?:/(\d+))?", path)
        if match and method == "POST" and match.group(2) is None:
            return 200, self._create_message(match.group(1), body)
        if match and method == "PATCH" and match.group(2) in self.messages:
            return 200, self._edit_message(match.group(2), body)
        return 404, {"message": f"404: Not Found ({method} {path})", "code": 0}

    def _dm_channel(self, recipient: str) -> JsonDict:
        """A DM channel with a user (its id derived from theirs, so it is stable)."""
        self.dms[recipient] = str(int(recipient) + 1)
        return {
            "id": self.dms[recipient],
            "type": 1,
            "last_message_id": None,
            "recipients": [user(recipient, f"user-{recipient[-4:]}")],
        }

    def _callback(self, call: Call, interaction_id: str, token: str) -> tuple[int, Any]:
        exchange = self.exchanges.get(interaction_id)
        if exchange is None or exchange.token != token:
            return self._refuse(exchange, 404, 10062, "Unknown interaction")
        if time.monotonic() - exchange.sent_at > DEADLINE:
            return self._refuse(exchange, 404, 10062, "Unknown interaction")
        if exchange.callbacks:
            return self._refuse(exchange, 400, 40060, "Interaction has already been acknowledged.")
        kind = call.body["type"]
        data = call.body.get("data") or {}
        exchange.callbacks.append({**call.body, "at": call.at})
        ephemeral = bool(data.get("flags", 0) & EPHEMERAL)
        info: JsonDict = {
            "id": interaction_id,
            "type": 2,
            "response_message_loading": kind == 5,
            "response_message_ephemeral": ephemeral,
        }
        resource: JsonDict | None = {"type": kind}
        if kind in (4, 5):
            message = self._create_message(CHANNEL_ID, data, loading=kind == 5)
            exchange.original = message["id"]
            info["response_message_id"] = message["id"]
            resource = {"type": kind, "message": message}
        elif kind in (6, 7):
            exchange.original = exchange.clicked
            if kind == 7 and exchange.clicked in self.messages:
                exchange.edits.append(data)
                resource = {"type": kind, "message": self._edit_message(exchange.clicked, data)}
        else:
            resource = None
        return 200, {"interaction": info, "resource": resource}

    def _refuse(
        self, exchange: Exchange | None, status: int, code: int, message: str
    ) -> tuple[int, Any]:
        if exchange is not None:
            exchange.refused.append(code)
        return status, {"message": message, "code": code}

    def _followup(self, call: Call, token: str) -> tuple[int, Any]:
        exchange = self.by_token.get(token)
        if exchange is None or not exchange.callbacks:
            return 404, {"message": "Unknown Webhook", "code": 10015}
        message = self._create_message(CHANNEL_ID, call.body)
        exchange.followups.append(message)
        return 200, message

    def _webhook_message(self, call: Call, token: str, message_id: str) -> tuple[int, Any]:
        exchange = self.by_token.get(token)
        if exchange is None or not exchange.callbacks:
            return 404, {"message": "Unknown Webhook", "code": 10015}
        target = exchange.original if message_id == "@original" else message_id
        if target is None or target not in self.messages:
            return 404, {"message": "Unknown Message", "code": 10008}
        if call.method == "DELETE":
            exchange.deleted_original = message_id == "@original"
            del self.messages[target]
            return 204, None
        if call.method == "PATCH":
            exchange.edits.append(call.body)
            return 200, self._edit_message(target, call.body)
        return 405, {"message": "405: Method Not Allowed", "code": 0}

    def _create_message(
        self, channel_id: str, body: JsonDict | None, *, loading: bool = False
    ) -> JsonDict:
        body = body or {}
        message_id = self.snowflake()
        flags = body.get("flags", 0) | (128 if loading else 0)
        message = message_payload(
            message_id=message_id,
            channel_id=channel_id,
            author=BOT_USER,
            content=body.get("content") or "",
            embeds=body.get("embeds") or [],
            components=body.get("components") or [],
            flags=flags,
            reference=body.get("message_reference"),
        )
        self.messages[message_id] = message
        return message

    def _edit_message(self, message_id: str, body: JsonDict) -> JsonDict:
        message = self.messages[message_id]
        for key in ("content", "embeds", "components"):
            if key in body:
                message[key] = (
                    body[key] if body[key] is not None else ("" if key == "content" else [])
                )
        message["flags"] = message.get("flags", 0) & ~128
        message["edited_timestamp"] = "2025-03-03T08:00:01+00:00"
        return message


# -- payloads ----------------------------------------------------------------------------------


def guild_payload() -> JsonDict:
    channel = {
        "id": CHANNEL_ID,
        "type": 0,
        "guild_id": GUILD_ID,
        "name": "general",
        "position": 0,
        "permission_overwrites": [],
        "nsfw": False,
        "parent_id": None,
    }
    daily = {**channel, "id": DAILY_CHANNEL_ID, "name": "daily-quiz", "position": 1}
    return {
        "id": GUILD_ID,
        "name": "Test Server",
        "icon": None,
        "owner_id": "999999999999999999",
        "unavailable": False,
        "member_count": 3,
        "large": False,
        "features": [],
        "roles": [
            {
                "id": GUILD_ID,
                "name": "@everyone",
                "permissions": str(EVERYONE),
                "position": 0,
                "color": 0,
                "hoist": False,
                "managed": False,
                "mentionable": False,
                "flags": 0,
            }
        ],
        "channels": [channel, daily],
        "threads": [],
        "members": [],
        "emojis": [],
        "stickers": [],
        "voice_states": [],
        "presences": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "premium_tier": 0,
        "preferred_locale": "en-US",
        "verification_level": 0,
        "default_message_notifications": 0,
        "explicit_content_filter": 0,
        "mfa_level": 0,
        "nsfw_level": 0,
        "system_channel_flags": 0,
        "joined_at": "2025-01-01T00:00:00+00:00",
    }


def message_payload(
    *,
    message_id: str,
    channel_id: str,
    author: JsonDict,
    content: str,
    embeds: list[JsonDict] | None = None,
    components: list[JsonDict] | None = None,
    flags: int = 0,
    reference: JsonDict | None = None,
    guild_id: str | None = None,
    mentions: list[JsonDict] | None = None,
) -> JsonDict:
    message: JsonDict = {
        "id": message_id,
        "channel_id": channel_id,
        "author": author,
        "content": content,
        "timestamp": "2025-03-03T08:00:00+00:00",
        "edited_timestamp": None,
        "tts": False,
        "mention_everyone": False,
        "mentions": mentions or [],
        "mention_roles": [],
        "attachments": [],
        "embeds": embeds or [],
        "pinned": False,
        "type": 19 if reference else 0,
        "components": components or [],
        "flags": flags,
    }
    if reference:
        message["message_reference"] = reference
    if guild_id:
        message["guild_id"] = guild_id
    return message


def member_payload(member: JsonDict, *, permissions: int) -> JsonDict:
    return {
        "user": member,
        "roles": [],
        "joined_at": "2025-01-01T00:00:00+00:00",
        "deaf": False,
        "mute": False,
        "flags": 0,
        "pending": False,
        "nick": None,
        "avatar": None,
        "permissions": str(permissions),
    }


def interaction_payload(
    fake: FakeDiscord,
    *,
    kind: int,
    data: JsonDict,
    who: JsonDict,
    permissions: int = EVERYONE,
    direct: bool = False,
    message: JsonDict | None = None,
) -> JsonDict:
    """An INTERACTION_CREATE with every field discord.py 2.7 reads."""
    payload: JsonDict = {
        "id": fake.snowflake(),
        "application_id": APP_ID,
        "type": kind,
        "token": f"itoken-{fake.snowflake()}",
        "version": 1,
        "attachment_size_limit": 8 * 1024 * 1024,
        "data": data,
        "locale": "en-US",
        "entitlements": [],
        "app_permissions": str(EVERYONE | (1 << 14)),
    }
    if direct:
        payload.update(
            channel_id=DM_CHANNEL_ID,
            user=who,
            context=1,
            authorizing_integration_owners={"1": who["id"]},
            channel={"id": DM_CHANNEL_ID, "type": 1, "recipients": [who]},
        )
    else:
        # A click comes from the channel of the message clicked, as on Discord.
        channel_id = str((message or {}).get("channel_id") or CHANNEL_ID)
        payload.update(
            guild_id=GUILD_ID,
            channel_id=channel_id,
            guild_locale="en-US",
            context=0,
            authorizing_integration_owners={"0": GUILD_ID},
            member=member_payload(who, permissions=permissions),
            channel={
                "id": channel_id,
                "type": 0,
                "guild_id": GUILD_ID,
                "name": "general",
                "position": 0,
                "permission_overwrites": [],
                "nsfw": False,
                "parent_id": None,
                "permissions": str(permissions),
            },
        )
    if message is not None:
        payload["message"] = message
    return payload


def visible_text(message: JsonDict | None) -> str:
    """Everything a user reads in a message: content, embed titles, descriptions, footers."""
    if not message:
        return ""
    parts = [message.get("content") or ""]
    for embed in message.get("embeds") or []:
        parts += [
            embed.get("title") or "",
            embed.get("description") or "",
            (embed.get("footer") or {}).get("text") or "",
        ]
    return "\n".join(p for p in parts if p)


def buttons(message: JsonDict | None) -> list[JsonDict]:
    """Every button in a message's action rows."""
    found: list[JsonDict] = []
    for row in (message or {}).get("components") or []:
        found += [c for c in row.get("components", []) if c.get("type") == 2]
    return found


def selects(message: JsonDict | None) -> list[JsonDict]:
    """Every string select menu in a message's action rows."""
    found: list[JsonDict] = []
    for row in (message or {}).get("components") or []:
        found += [c for c in row.get("components", []) if c.get("type") == 3]
    return found
