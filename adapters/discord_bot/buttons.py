"""The one kind of button the bot sends: a dynamic item whose custom_id carries the action.

The custom_id is ``dq:<action>``, where the action is the core's opaque, self-contained
string. discord.py rebuilds the item from the custom_id on every click, so a button works
after a restart with nothing kept in memory and no view registered per message.
"""

from __future__ import annotations

import re
from typing import Any, Protocol, runtime_checkable

import discord

PREFIX = "dq:"
CUSTOM_ID_LIMIT = 100  # Discord's limit; the core's actions are at most 80 characters
TEMPLATE = re.compile(PREFIX + rf"(?P<action>[!-~]{{1,{CUSTOM_ID_LIMIT - len(PREFIX)}}})")


@runtime_checkable
class ClickTarget(Protocol):
    """What a click is handed to: the bot (`interaction.client`)."""

    async def on_action(self, interaction: discord.Interaction[Any], action: str) -> None:
        """Answer the click on a button carrying `action`."""
        ...


class ActionButton(discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]], template=TEMPLATE):
    """A button that hands its action to the bot when clicked."""

    def __init__(
        self,
        *,
        action: str,
        label: str,
        style: discord.ButtonStyle = discord.ButtonStyle.secondary,
        row: int | None = None,
    ) -> None:
        super().__init__(
            discord.ui.Button(label=label, style=style, custom_id=PREFIX + action), row=row
        )
        self.action = action

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> ActionButton:
        """Rebuild the button from a clicked component (called by discord.py)."""
        label = getattr(item, "label", None) or "?"
        style = getattr(item, "style", discord.ButtonStyle.secondary)
        return cls(action=match["action"], label=label, style=style)

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        """Pass the click to the bot."""
        client = interaction.client
        if isinstance(client, ClickTarget):
            await client.on_action(interaction, self.action)


def fits(action: str) -> bool:
    """True when an action can travel in a custom_id."""
    return TEMPLATE.fullmatch(PREFIX + action) is not None
