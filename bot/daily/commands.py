"""`daily on|off|status`: the workspace's daily question, set by its admins from chat."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot import render
from bot.clock import Clock
from bot.commands import SLASH, Command, channel_id
from bot.daily.scheduler import DailyConfig, next_post_at
from bot.replies import Reply, Request
from bot.store import Store

DEFAULT_TIME = "09:00"
DEFAULT_REVEAL_HOURS = 8
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
_REVEAL = re.compile(r"^(?:reveal=)?(\d{1,2})h$")
USAGE = (
    f"`{SLASH} daily on [channel] [HH:MM] [Area/City] [reveal hours, e.g. 8h]`, "
    f"`{SLASH} daily off [channel]`, `{SLASH} daily status`"
)


class DailyCommands:
    """Parses and applies daily-quiz settings; only admins may change them."""

    def __init__(self, *, store: Store, clock: Clock) -> None:
        self.store = store
        self.clock = clock

    def command(self, request: Request, command: Command) -> Reply:
        """Dispatch `daily on`, `daily off` and `daily status`."""
        word = command.args[0].casefold() if command.args else "status"
        rest = command.args[1:]
        if word == "status":
            return self._status(request)
        if word not in {"on", "off"}:
            return render.error(f"Use {USAGE}.")
        if not request.is_admin:
            return render.error(
                "Sorry, only workspace admins can change the daily question. "
                f"Anyone can see it with `{SLASH} daily status`."
            )
        return self._on(request, rest) if word == "on" else self._off(request, rest)

    def _on(self, request: Request, args: tuple[str, ...]) -> Reply:
        channel, at, zone, reveal = request.channel, DEFAULT_TIME, "UTC", DEFAULT_REVEAL_HOURS
        for token in args:
            if _TIME.match(token):
                hours, minutes = _TIME.match(token).groups()  # type: ignore[union-attr]
                at = f"{int(hours):02d}:{minutes}"
            elif _REVEAL.match(token.casefold()):
                reveal = int(_REVEAL.match(token.casefold()).group(1))  # type: ignore[union-attr]
                if not 1 <= reveal <= 23:
                    return render.error("The reveal delay is 1 to 23 hours, e.g. `8h`.")
            elif "/" in token or token.upper() == "UTC":
                try:
                    ZoneInfo(token)
                except (ZoneInfoNotFoundError, ValueError):
                    return render.error(f"I don't know the time zone `{token[:40]}`.")
                zone = token
            elif (found := channel_id(token)) is not None:
                channel = found
            else:
                return render.error(f"I didn't understand `{token[:40]}`. Use {USAGE}.")
        if not channel:
            return render.error("Name the channel for the daily question, e.g. `daily on #quiz`.")
        config = DailyConfig(
            workspace=request.workspace,
            channel=channel,
            time=at,
            tz=zone,
            reveal_hours=reveal,
            enabled=True,
        )
        self.store.set_daily(config, now=self.clock.now())
        when = next_post_at(config, self.clock.now())
        return Reply(
            kind="info",
            text=(
                f"Daily question is **on** in <#{channel}> at **{at} {zone}**; the answer is "
                f"revealed {reveal} h later. Next one: {_format(when, zone)}."
            ),
        )

    def _off(self, request: Request, args: tuple[str, ...]) -> Reply:
        channel = channel_id(args[0]) if args else request.channel
        configs = [c for c in self._configs(request) if c.enabled]
        if channel and not any(c.channel == channel for c in configs) and len(configs) == 1:
            channel = configs[0].channel
        target = next((c for c in configs if c.channel == channel), None)
        if target is None:
            return render.error("There is no daily question on in that channel.")
        self.store.set_daily(
            DailyConfig(
                workspace=target.workspace,
                channel=target.channel,
                time=target.time,
                tz=target.tz,
                reveal_hours=target.reveal_hours,
                enabled=False,
            )
        )
        return Reply(kind="info", text=f"Daily question is **off** in <#{target.channel}>.")

    def _status(self, request: Request) -> Reply:
        configs = [c for c in self._configs(request) if c.enabled]
        if not configs:
            return Reply(
                kind="info",
                title="Daily question",
                text=f"The daily question is off. An admin can turn it on with `{SLASH} daily on`.",
            )
        now = self.clock.now()
        lines = [
            f"- <#{c.channel}>: every day at **{c.time} {c.tz}**, answer revealed after "
            f"{c.reveal_hours} h; next: {_format(next_post_at(c, now), c.tz)}"
            for c in configs
        ]
        return Reply(kind="info", title="Daily question", text="\n".join(lines))

    def _configs(self, request: Request) -> list[DailyConfig]:
        return self.store.daily_configs(workspace=request.workspace)


def _format(when: datetime, zone: str) -> str:
    local = when.astimezone(ZoneInfo(zone))
    return local.strftime("%a %d %b %H:%M ") + zone
