"""HTTP mode: the Bolt app behind aiohttp's AppRunner/TCPSite (not Bolt's development server)."""

from __future__ import annotations

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp

from adapters.slack_app.settings import EVENTS_PATH

MAX_BODY = 256 * 1024  # Slack payloads are far smaller


def web_app(bolt: AsyncApp, *, path: str = EVENTS_PATH) -> web.Application:
    """POST `path` for Slack (Bolt verifies the signature); GET /healthz for load balancers."""

    async def events(request: web.Request) -> web.Response:
        response = await bolt.async_dispatch(await to_bolt_request(request))
        return await to_aiohttp_response(response)

    async def healthz(request: web.Request) -> web.Response:
        return web.Response(text="ok")

    app = web.Application(client_max_size=MAX_BODY)
    app.router.add_post(path, events)
    app.router.add_get("/healthz", healthz)
    return app


async def start_http(bolt: AsyncApp, *, host: str, port: int) -> tuple[web.AppRunner, int]:
    """Serve the app; returns the runner (call `cleanup()` to stop) and the bound port."""
    runner = web.AppRunner(
        web_app(bolt), access_log=None, handle_signals=False, shutdown_timeout=5.0
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
