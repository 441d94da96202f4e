"""HTTP mode: the Bolt app behind aiohttp's AppRunner/TCPSite (not Bolt's development server).

Every POST passes the gate in this order before Bolt sees it:

| check                                              | failure                         |
|----------------------------------------------------|---------------------------------|
| body within `MAX_BODY` bytes                       | 413                             |
| signature and timestamp, on the raw bytes          | 401, one short log line         |
| first time this (timestamp, signature) is seen     | 200 and nothing else (a replay) |
| body is UTF-8 and parses as a JSON object / form,  | 400, one short log line         |
| with the fields Bolt routes on of the right type   |                                 |

No log line ever carries the body. Then Bolt dispatches; its listeners answer 503 when the
core is too busy to store the request in time (see adapters.admission).
"""

from __future__ import annotations

import json
import logging
import urllib.parse
from typing import Any

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest

from adapters.slack_app import payload
from adapters.slack_app.settings import EVENTS_PATH
from adapters.slack_app.verify import Replays, verify

log = logging.getLogger(__name__)

MAX_BODY = 256 * 1024  # Slack payloads are far smaller


def web_app(
    bolt: AsyncApp, *, secret: str, replays: Replays, path: str = EVENTS_PATH
) -> web.Application:
    """POST `path` for Slack (gated as above); GET /healthz for load balancers."""

    async def events(request: web.Request) -> web.Response:
        raw = await request.read()
        verdict = verify(raw, request.headers, secret=secret)
        if not verdict.ok:
            log.warning("refused a Slack request (%d bytes): %s", len(raw), verdict.reason)
            return web.Response(status=401, text="invalid request signature")
        try:
            first = await replays.first_time(verdict)
        except Exception as exc:
            log.error("could not check for a replay: %s", type(exc).__name__)
            return web.Response(status=503, text="try again")
        if first is None:
            return web.Response(status=503, text="busy")
        if not first:
            log.info("ignored a replayed Slack request (same timestamp and signature)")
            return web.Response(status=200)
        body = parse_body(raw, request.content_type)
        problem = "not a JSON object or form" if body is None else payload.shape_problem(body)
        if body is None or problem is not None:
            log.warning("refused a signed Slack request (%d bytes): %s", len(raw), problem)
            return web.Response(status=400, text="malformed body")
        # Bolt gets the parsed body back as JSON, which it parses exactly as we did.
        headers = {k: v for k, v in request.headers.items() if k.lower() != "content-type"}
        bolt_request = AsyncBoltRequest(
            body=json.dumps(body),
            query=request.query_string,
            headers={**headers, "Content-Type": "application/json"},
        )
        return await to_aiohttp_response(await bolt.async_dispatch(bolt_request))

    async def healthz(request: web.Request) -> web.Response:
        return web.Response(text="ok")

    app = web.Application(client_max_size=MAX_BODY)
    app.router.add_post(path, events)
    app.router.add_get("/healthz", healthz)
    return app


def parse_body(raw: bytes, content_type: str) -> dict[str, Any] | None:
    """What Slack sent, as a dict: a JSON object, a form, or a form whose `payload` field is
    a JSON object (interactions); None for anything else.

    Not Bolt's parser: that one reads any form containing the word "payload" anywhere as an
    interaction, so `/docker-quiz ask what is a payload?` would arrive empty.
    """
    try:
        text = raw.decode("utf-8")
        if content_type == "application/json" or text.startswith("{"):
            parsed: Any = json.loads(text)
        else:
            form = dict(urllib.parse.parse_qsl(text, keep_blank_values=True, strict_parsing=True))
            parsed = json.loads(form["payload"]) if "payload" in form else form
    except ValueError:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        return None
    return parsed if isinstance(parsed, dict) else None


async def start_http(
    bolt: AsyncApp, *, host: str, port: int, secret: str, replays: Replays
) -> tuple[web.AppRunner, int]:
    """Serve the app; returns the runner (call `cleanup()` to stop) and the bound port."""
    runner = web.AppRunner(
        web_app(bolt, secret=secret, replays=replays),
        access_log=None,
        handle_signals=False,
        shutdown_timeout=5.0,
    )
    await runner.setup()
    site = web.TCPSite(runner, host=host, port=port)
    await site.start()
    bound = port
    for address in runner.addresses:
        if isinstance(address, tuple) and len(address) >= 2:
            bound = int(address[1])
            break
    return runner, bound
