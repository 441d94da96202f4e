"""Answer an interaction within Discord's 3 seconds, and only once its effect is stored.

Any response, a deferral too, tells Discord (and the user) the interaction was received, so
the core runs first (adapters.admission: in a worker thread, refused early when too busy to
finish in time) and its reply is the response:

| interaction      | reply                                                              |
|------------------|--------------------------------------------------------------------|
| command          | response message (ephemeral if private)                            |
| click, updates   | clicked message edited; the reply follows (ephemeral if private)   |
| click, reply     | response message (ephemeral if private)                            |

When the core was too busy, the response says so privately and that nothing was saved.
"""

from __future__ import annotations

from typing import Any

import discord

from adapters.discord_bot import render
from bot.replies import Reply

SORRY = "Sorry, something went wrong on my side. Please try again in a moment."
BUSY = "Sorry, I'm too busy to take that right now and nothing was saved. Please try again."


class Exchange:
    """The responses to one interaction, in the order Discord allows them."""

    def __init__(self, interaction: discord.Interaction[Any], *, click: bool) -> None:
        self.interaction = interaction
        self.click = click

    async def deliver(self, reply: Reply) -> int | None:
        """The update of the clicked message, then the reply; returns the reply message's
        id when it is public (see `send`)."""
        if self.click and reply.updates is not None:
            await self._update(reply.updates)
        return await self.send(reply)

    async def send(self, reply: Reply) -> int | None:
        """Send one reply as the response, or as a follow-up once the response is used.
        Returns the id of the message when it is public (an ephemeral one cannot be edited
        later by anyone but this interaction), else None."""
        interaction = self.interaction
        rendered = render.message(reply)
        extra: dict[str, Any] = {} if rendered.view is None else {"view": rendered.view}
        if not interaction.response.is_done():
            sent = await interaction.response.send_message(
                embed=rendered.embed, ephemeral=reply.private, **extra
            )
            message_id = sent.message_id if sent is not None else None
        else:
            message = await interaction.followup.send(
                embed=rendered.embed, ephemeral=reply.private, wait=True, **extra
            )
            message_id = message.id
        return None if reply.private else message_id

    async def apologise(self) -> None:
        """Tell the user one friendly line, privately, in whatever way is still open."""
        await self.send(Reply(kind="error", text=SORRY, private=True))

    async def refuse_busy(self) -> None:
        """Tell the user, privately, that the core was too busy and nothing was saved."""
        await self.send(Reply(kind="error", text=BUSY, private=True))

    async def _update(self, reply: Reply) -> None:
        rendered = render.message(reply)
        if not self.interaction.response.is_done():
            await self.interaction.response.edit_message(embed=rendered.embed, view=rendered.view)
        else:
            await self.interaction.edit_original_response(embed=rendered.embed, view=rendered.view)
