"""Answer an interaction within Discord's 3 seconds, then send the rest.

The core runs in a worker thread. If it answers within `defer_after` seconds the reply is
the interaction's response; otherwise the interaction is deferred first (a "thinking..."
placeholder for a command, a silent acknowledgement for a click) and the reply follows.

| interaction      | reply, no defer               | after a defer                               |
|------------------|-------------------------------|---------------------------------------------|
| command, public  | response message              | the placeholder is edited into the reply    |
| command, private | ephemeral response            | placeholder deleted, ephemeral follow-up    |
| click, updates   | clicked message edited        | clicked message edited (original response)  |
| click, reply     | response message              | follow-up (ephemeral if private)            |

After a click with `updates`, the reply itself is a follow-up (ephemeral when private).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

import discord

from adapters.discord_bot import render
from bot.replies import Reply

DEFER_AFTER = 1.5  # seconds; Discord's deadline is 3 s from the interaction's creation
SORRY = "Sorry, something went wrong on my side. Please try again in a moment."


class Exchange:
    """The responses to one interaction, in the order Discord allows them."""

    def __init__(self, interaction: discord.Interaction[Any], *, click: bool) -> None:
        self.interaction = interaction
        self.click = click
        self._placeholder = False  # a deferred command's "thinking..." message is still up

    async def answer(self, work: Awaitable[Reply], *, defer_after: float = DEFER_AFTER) -> None:
        """Wait for the core's reply up to `defer_after` seconds, deferring if it is late."""
        task = asyncio.ensure_future(work)
        try:
            reply = await asyncio.wait_for(asyncio.shield(task), timeout=defer_after)
        except TimeoutError:
            await self.defer()
            reply = await task
        await self.deliver(reply)

    async def defer(self) -> None:
        """Acknowledge now; the reply follows within 15 minutes."""
        if self.interaction.response.is_done():
            return
        await self.interaction.response.defer(thinking=not self.click)
        self._placeholder = not self.click

    async def deliver(self, reply: Reply) -> None:
        """The update of the clicked message, then the reply."""
        if self.click and reply.updates is not None:
            await self._update(reply.updates)
        await self.send(reply)

    async def send(self, reply: Reply) -> None:
        """Send one reply as the response, in place of the placeholder, or as a follow-up."""
        interaction = self.interaction
        rendered = render.message(reply)
        extra: dict[str, Any] = {} if rendered.view is None else {"view": rendered.view}
        if not interaction.response.is_done():
            await interaction.response.send_message(
                embed=rendered.embed, ephemeral=reply.private, **extra
            )
        elif self._placeholder and not reply.private:
            self._placeholder = False
            await interaction.edit_original_response(embed=rendered.embed, view=rendered.view)
        else:
            if self._placeholder:  # a public placeholder cannot turn private: replace it
                self._placeholder = False
                await interaction.delete_original_response()
            await interaction.followup.send(embed=rendered.embed, ephemeral=reply.private, **extra)

    async def apologise(self) -> None:
        """Tell the user one friendly line, privately, in whatever way is still open."""
        await self.send(Reply(kind="error", text=SORRY, private=True))

    async def _update(self, reply: Reply) -> None:
        rendered = render.message(reply)
        if not self.interaction.response.is_done():
            await self.interaction.response.edit_message(embed=rendered.embed, view=rendered.view)
        else:
            await self.interaction.edit_original_response(embed=rendered.embed, view=rendered.view)
