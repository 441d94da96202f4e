"""A local stand-in for Slack: the Web API, response_urls and the Socket Mode websocket.

Everything listens on 127.0.0.1 port 0 and records what the app sent, so tests assert on
what a Slack user would see. Unknown Web API methods answer an error so unexpected calls show.
Every message and view is checked against Slack's documented limits (slack_limits.py): one
that breaks them is refused as Slack would (`invalid_blocks`) and fails the test at `stop()`.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import itertools
import json
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web
from slack_limits import violations

BOT_USER = "UBOT0001"
BOT_ID = "BBOT0001"
TEAM = "T0TEAM01"
APP_ID = "A0APP001"
SIGNING_SECRET = "8f742231b10e8888abcd99a0a1b2c3d4"
BOT_TOKEN = "xoxb-test-1234-abcd"
APP_TOKEN = "xapp-1-test-5678"


@dataclass
class Call:
    """One request the app made to the fake: a Web API method or a response_url post."""

    method: str
    args: dict[str, Any]
    token: str | None = None

    def blocks_text(self) -> str:
        """Every text in the call's blocks and its fallback text, joined, for assertions."""
        return _texts(self.args.get("blocks")) + "\n" + str(self.args.get("text", ""))

    def button_values(self) -> list[str]:
        """The `value` of every button in the blocks (the core's action strings)."""
        return [e["value"] for e in self._elements() if e.get("type") == "button"]

    def view(self) -> dict[str, Any]:
        """The view of a views.* call (sent as JSON, or as a JSON string in a form body)."""
        view = self.args.get("view")
        return json.loads(view) if isinstance(view, str) else dict(view or {})

    def checkboxes(self) -> list[dict[str, Any]]:
        """Every checkboxes element in the blocks (a multi-select's picker)."""
        return [e for e in self._elements() if e.get("type") == "checkboxes"]

    def _elements(self) -> list[dict[str, Any]]:
        return [
            element
            for block in _as_list(self.args.get("blocks"))
            if block.get("type") == "actions"
            for element in block.get("elements", [])
        ]


Handler = Callable[[dict[str, Any]], "dict[str, Any] | web.Response"]


@dataclass
class FakeSlack:
    """The fake. `calls` records everything; `fail` queues canned answers per method."""

    users: dict[str, dict[str, Any]] = field(default_factory=dict)
    calls: list[Call] = field(default_factory=list)
    fail: dict[str, list[web.Response | dict[str, Any]]] = field(default_factory=dict)
    acks: list[dict[str, Any]] = field(default_factory=list)
    hold: dict[str, asyncio.Event] = field(default_factory=dict)  # answer only once set
    violations: list[str] = field(default_factory=list)  # broken limits, fail at stop()
    scopes: str | None = None  # the X-OAuth-Scopes header of auth.test, when set
    base: str = ""
    _runner: web.AppRunner | None = None
    _changed: asyncio.Condition | None = None
    _ts: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _outgoing: asyncio.Queue[dict[str, Any]] | None = None
    _sockets: list[web.WebSocketResponse] = field(default_factory=list)

    # -- lifecycle --------------------------------------------------------------------------

    async def start(self) -> FakeSlack:
        self._changed = asyncio.Condition()
        self._outgoing = asyncio.Queue()
        app = web.Application()
        app.router.add_post("/api/{method}", self._api)
        app.router.add_get("/api/{method}", self._api)
        app.router.add_post("/response/{name}", self._response_url)
        app.router.add_get("/link", self._socket)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.base = f"http://127.0.0.1:{port}"
        return self

    async def stop(self) -> None:
        for ws in list(self._sockets):
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()
        assert not self.violations, "the app sent Slack payloads over its limits:\n" + "\n".join(
            self.violations
        )

    @property
    def api_url(self) -> str:
        return self.base + "/api/"

    def response_url(self, name: str = "r") -> str:
        return f"{self.base}/response/{name}"

    # -- waiting, bounded -------------------------------------------------------------------

    async def wait_for(
        self, method: str, count: int = 1, *, seconds: float = 15.0, **match: Any
    ) -> list[Call]:
        """Wait until at least `count` calls of `method` whose args contain `match` arrived."""
        assert self._changed is not None

        def found() -> list[Call]:
            return self.find(method, **match)

        async with asyncio.timeout(seconds):
            async with self._changed:
                await self._changed.wait_for(lambda: len(found()) >= count)
        return found()

    def find(self, method: str, **match: Any) -> list[Call]:
        return [
            c
            for c in self.calls
            if c.method == method and all(c.args.get(k) == v for k, v in match.items())
        ]

    def methods(self) -> list[str]:
        return [c.method for c in self.calls]

    async def _record(self, call: Call) -> None:
        assert self._changed is not None
        async with self._changed:
            self.calls.append(call)
            self._changed.notify_all()

    # -- the Web API ------------------------------------------------------------------------

    async def _api(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        args: dict[str, Any] = dict(request.query)
        if request.can_read_body:
            raw = await request.text()
            if request.content_type == "application/json":
                args.update(json.loads(raw) if raw else {})
            else:
                args.update(dict(urllib.parse.parse_qsl(raw)))
        if isinstance(args.get("blocks"), str):
            args["blocks"] = json.loads(args["blocks"])
        auth = request.headers.get("Authorization", "")
        token = auth.removeprefix("Bearer ") or args.get("token")
        await self._record(Call(method=method, args=args, token=token))
        refused = self._check(method, args)
        if refused is not None:
            return refused
        if method in self.hold:
            await self.hold[method].wait()
        queued = self.fail.get(method)
        if queued:
            canned = queued.pop(0)
            return canned if isinstance(canned, web.Response) else web.json_response(canned)
        answer = self._answer(method, args)
        if method == "auth.test" and self.scopes is not None:
            return web.json_response(answer, headers={"X-OAuth-Scopes": self.scopes})
        return web.json_response(answer)

    def _answer(self, method: str, args: dict[str, Any]) -> dict[str, Any]:
        if method == "auth.test":
            return {
                "ok": True,
                "url": "https://fake.slack/",
                "team": "Fake",
                "user": "docker-quiz",
                "team_id": TEAM,
                "user_id": BOT_USER,
                "bot_id": BOT_ID,
                "is_enterprise_install": False,
            }
        if method in ("chat.postMessage", "chat.update"):
            ts = args.get("ts") or f"1700000000.{next(self._ts):06d}"
            return {"ok": True, "channel": args.get("channel"), "ts": ts, "message": {"ts": ts}}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": f"1700000001.{next(self._ts):06d}"}
        if method == "users.info":
            user = self.users.get(str(args.get("user")))
            if user is None:
                user = {"id": args.get("user"), "is_admin": False, "is_owner": False}
            return {"ok": True, "user": user}
        if method == "conversations.open":
            return {"ok": True, "channel": {"id": "D" + str(args.get("users", "")).lstrip("UW")}}
        if method in ("views.open", "views.publish"):
            view = args.get("view")
            view = json.loads(view) if isinstance(view, str) else view
            # views.open needs the trigger_id of a click; views.publish the user whose Home
            # tab it is (any user of the workspace: Slack does not ask who opened it).
            needed = "trigger_id" if method == "views.open" else "user_id"
            if not args.get(needed) or not isinstance(view, dict):
                return {"ok": False, "error": "invalid_arguments"}
            return {"ok": True, "view": {**view, "id": f"V{next(self._ts):08d}"}}
        if method == "apps.connections.open":
            return {"ok": True, "url": self.base.replace("http://", "ws://") + "/link"}
        return {"ok": False, "error": "unknown_method"}

    async def _response_url(self, request: web.Request) -> web.Response:
        body = await request.json()
        args = {**body, "_name": request.match_info["name"]}
        await self._record(Call(method="response_url", args=args))
        refused = self._check("response_url", body)
        if refused is not None:
            return refused
        queued = self.fail.get("response_url")
        if queued:
            canned = queued.pop(0)
            return canned if isinstance(canned, web.Response) else web.json_response(canned)
        return web.Response(text="ok")

    def _check(self, method: str, args: dict[str, Any]) -> web.Response | None:
        """Slack's answer to a payload over its limits (recorded), or None when it is fine."""
        broken = violations(method, args)
        if not broken:
            return None
        self.violations += [f"{method}: {problem}" for problem in broken]
        return web.json_response(
            {"ok": False, "error": "invalid_blocks", "errors": broken}, status=200
        )

    # -- Socket Mode ------------------------------------------------------------------------

    async def send_envelope(
        self, kind: str, payload: dict[str, Any], *, accepts_response_payload: bool = False
    ) -> str:
        """Queue an envelope for the connected app; returns its envelope_id."""
        assert self._outgoing is not None
        envelope_id = f"env-{next(self._ts)}"
        await self._outgoing.put(
            {
                "envelope_id": envelope_id,
                "type": kind,
                "payload": payload,
                "accepts_response_payload": accepts_response_payload,
                "retry_attempt": 0,
                "retry_reason": "",
            }
        )
        return envelope_id

    async def wait_ack(self, envelope_id: str, *, seconds: float = 15.0) -> dict[str, Any]:
        assert self._changed is not None
        async with asyncio.timeout(seconds):
            async with self._changed:
                await self._changed.wait_for(
                    lambda: any(a.get("envelope_id") == envelope_id for a in self.acks)
                )
        return next(a for a in self.acks if a.get("envelope_id") == envelope_id)

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        assert self._outgoing is not None and self._changed is not None
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        self._sockets.append(ws)
        await ws.send_json(
            {
                "type": "hello",
                "num_connections": 1,
                "debug_info": {"host": "fake"},
                "connection_info": {"app_id": APP_ID},
            }
        )

        async def pump() -> None:
            assert self._outgoing is not None
            while True:
                await ws.send_json(await self._outgoing.get())

        sender = asyncio.create_task(pump())
        try:
            async for msg in ws:
                if msg.type == WSMsgType.TEXT:
                    async with self._changed:
                        self.acks.append(json.loads(msg.data))
                        self._changed.notify_all()
        finally:
            sender.cancel()
            self._sockets.remove(ws)
        return ws


# -- building signed requests ---------------------------------------------------------------


def sign(
    body: str, *, secret: str = SIGNING_SECRET, timestamp: int | None = None
) -> dict[str, str]:
    """The headers Slack sends: v0 HMAC-SHA256 of `v0:{timestamp}:{body}`."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), f"v0:{ts}:{body}".encode(), hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}"}


def command_body(
    text: str,
    *,
    user: str,
    channel: str,
    response_url: str,
    team: str = TEAM,
    command: str = "/docker-quiz",
) -> str:
    return urllib.parse.urlencode(
        {
            "token": "legacy",
            "team_id": team,
            "team_domain": "fake",
            "channel_id": channel,
            "channel_name": "general",
            "user_id": user,
            "user_name": user.lower(),
            "command": command,
            "text": text,
            "api_app_id": APP_ID,
            "response_url": response_url,
            "trigger_id": "1.2.3",
        }
    )


def click_payload(
    value: str,
    *,
    user: str,
    channel: str,
    message_ts: str,
    response_url: str,
    team: str = TEAM,
    block_id: str = "dq-choices-0",
    action_id: str = "dq-0",
    thread_ts: str | None = None,
    ephemeral: bool = False,
    ticked: list[dict[str, Any]] | None = None,
    tick: bool = False,
) -> dict[str, Any]:
    """A block_actions payload as Slack sends it for a click on a button of a message.

    `ticked` are the options of the message's checkboxes (`dq-pick`) that are ticked: Slack
    sends them in `state` with every click. With `tick`, the click is the ticking itself
    (a checkboxes action, not a button)."""
    message: dict[str, Any] = {"type": "message", "ts": message_ts, "bot_id": BOT_ID, "text": "q"}
    if thread_ts:
        message["thread_ts"] = thread_ts
    payload: dict[str, Any] = {
        "type": "block_actions",
        "team": {"id": team, "domain": "fake"},
        "user": {"id": user, "username": user.lower(), "team_id": team},
        "api_app_id": APP_ID,
        "token": "legacy",
        "trigger_id": "1.2.3",
        "container": {
            "type": "message",
            "message_ts": message_ts,
            "channel_id": channel,
            "is_ephemeral": ephemeral,
        },
        "channel": {"id": channel, "name": "general"},
        "message": message,
        "response_url": response_url,
        "actions": [
            {
                "type": "checkboxes",
                "action_id": "dq-pick",
                "block_id": block_id,
                "selected_options": ticked or [],
                "action_ts": "1700000002.000001",
            }
            if tick
            else {
                "type": "button",
                "action_id": action_id,
                "block_id": block_id,
                "value": value,
                "action_ts": "1700000002.000001",
                "text": {"type": "plain_text", "text": "A"},
            }
        ],
    }
    if ticked is not None:
        payload["state"] = {
            "values": {block_id: {"dq-pick": {"type": "checkboxes", "selected_options": ticked}}}
        }
    return payload


def home_click_payload(
    value: str, view: dict[str, Any], *, user: str, team: str = TEAM, action_id: str = "dq-0"
) -> dict[str, Any]:
    """A block_actions payload for a click on a button of the Home tab `view` (as
    published): no channel, no message, no response_url, the view itself instead."""
    return {
        "type": "block_actions",
        "team": {"id": team, "domain": "fake"},
        "user": {"id": user, "username": user.lower(), "team_id": team},
        "api_app_id": APP_ID,
        "token": "legacy",
        "trigger_id": "7.8.9",
        "container": {"type": "view", "view_id": "V00000009"},
        "view": {**view, "id": "V00000009", "team_id": team, "state": {"values": {}}},
        "actions": [
            {
                "type": "button",
                "action_id": action_id,
                "block_id": "dq-home-0",
                "value": value,
                "action_ts": "1700000002.000001",
                "text": {"type": "plain_text", "text": "Go"},
            }
        ],
    }


def view_submission_payload(
    view: dict[str, Any], values: dict[str, Any], *, user: str, team: str = TEAM
) -> dict[str, Any]:
    """A view_submission payload as Slack sends it when a user submits modal `view`, with
    `values` as its `state.values` (block_id -> action_id -> element state)."""
    return {
        "type": "view_submission",
        "team": {"id": team, "domain": "fake"},
        "user": {"id": user, "username": user.lower(), "name": user.lower(), "team_id": team},
        "api_app_id": APP_ID,
        "token": "legacy",
        "trigger_id": "4.5.6",
        "view": {
            **view,
            "id": "V00000001",
            "team_id": team,
            "state": {"values": values},
            "hash": "1700000000.abcdef",
            "app_id": APP_ID,
            "bot_id": BOT_ID,
        },
        "response_urls": [],
        "is_enterprise_install": False,
    }


def event_payload(event: dict[str, Any], *, event_id: str, team: str = TEAM) -> dict[str, Any]:
    return {
        "token": "legacy",
        "team_id": team,
        "api_app_id": APP_ID,
        "event": event,
        "type": "event_callback",
        "event_id": event_id,
        "event_time": 1700000000,
        "authorizations": [
            {
                "enterprise_id": None,
                "team_id": team,
                "user_id": BOT_USER,
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "is_ext_shared_channel": False,
    }


def _as_list(value: Any) -> list[dict[str, Any]]:
    return value if isinstance(value, list) else []


def _texts(value: Any) -> str:
    out: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "text" and isinstance(item, str):
                out.append(item)
            else:
                out.append(_texts(item))
    elif isinstance(value, list):
        out.extend(_texts(item) for item in value)
    return "\n".join(s for s in out if s)
