"""The components the bot sends: dynamic items whose custom_id carries the core's action.

A button's custom_id is ``dq:<action>``, where the action is the core's opaque,
self-contained string. A multi-select (a "choose two" question) is a select menu whose
custom_id is ``dqs:<submit action>`` and whose options are labelled with the choice keys
and valued with the choices' actions; closing the menu submits the picked values.
discord.py rebuilds the item from the custom_id on every click, so components work after a
restart with nothing kept in memory and no view registered per message. The two prefixes
differ so that each template matches only its own kind of component.
"""

from __future__ import annotations

import re
from typing import Any, Protocol, runtime_checkable

import discord

PREFIX = "dq:"
SELECT_PREFIX = "dqs:"
CUSTOM_ID_LIMIT = 100  # Discord's limit; the core's actions are at most 80 characters
TEMPLATE = re.compile(PREFIX + rf"(?P<action>[!-~]{{1,{CUSTOM_ID_LIMIT - len(PREFIX)}}})")
SELECT_TEMPLATE = re.compile(
    SELECT_PREFIX + rf"(?P<action>[!-~]{{1,{CUSTOM_ID_LIMIT - len(SELECT_PREFIX)}}})"
)
OPTION_VALUE_LIMIT = 100  # a select option's value


@runtime_checkable
class ClickTarget(Protocol):
    """What a click is handed to: the bot (`interaction.client`)."""

    async def on_action(
        self,
        interaction: discord.Interaction[Any],
        action: str,
        selection: tuple[str, ...] = (),
    ) -> None:
        """Answer the click on a component carrying `action` (with a menu's picks)."""
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


class ActionSelect(
    discord.ui.DynamicItem[discord.ui.Select[discord.ui.View]], template=SELECT_TEMPLATE
):
    """A select menu of choice keys; closing it submits the picked choices' actions."""

    def __init__(
        self,
        *,
        action: str,
        options: list[discord.SelectOption],
        min_picks: int,
        max_picks: int,
        placeholder: str | None = None,
        row: int | None = None,
    ) -> None:
        super().__init__(
            discord.ui.Select(
                custom_id=SELECT_PREFIX + action,
                options=options,
                min_values=min_picks,
                max_values=max_picks,
                placeholder=placeholder,
            ),
            row=row,
        )
        self.action = action

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> ActionSelect:
        """Rebuild the menu from a used component (called by discord.py)."""
        options = list(getattr(item, "options", None) or [])
        low = int(getattr(item, "min_values", 1) or 1)
        high = int(getattr(item, "max_values", 1) or 1)
        return cls(action=match["action"], options=options, min_picks=low, max_picks=high)

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        """Pass the submit and the picked values to the bot."""
        client = interaction.client
        if isinstance(client, ClickTarget):
            await client.on_action(interaction, self.action, tuple(self.item.values))


def select_fits(action: str) -> bool:
    """True when a menu's submit action can travel in a custom_id."""
    return SELECT_TEMPLATE.fullmatch(SELECT_PREFIX + action) is not None
