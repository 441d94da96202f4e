"""The Discord client: interactions and messages in, one `Tutor.handle` call, embeds out.

Private stays private: a private reply (an answer's verdict) to a message that mentions the
bot in a channel goes to the author by direct message, never into the channel; the channel
sees at most the question's tally, edited into the question's message. When the author's
settings refuse the DM (Discord error 50007), the channel gets only "answer recorded" (or
that the reply is private), never the reply. Buttons in that DM are routed to the server
they came from (`bot.replies.acting_in`, bot.actions `w:`): the core runs their clicks in
that server, not in the DM workspace.
Questions posted publicly have their message id stored (`Tutor.posted`) for those edits.

Dependencies come in through the constructor; async setup (dynamic buttons, the command
group, command sync, the daily loop) happens in `setup_hook`. A plain `discord.Client`
with a `CommandTree` is enough: the bot has no prefix commands, so it needs neither
`commands.Bot` nor the privileged message-content intent (Discord still delivers the text
of messages that mention the bot and of DMs).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from typing import Any

import discord
from discord import app_commands

from adapters.admission import Admission, Refused
from adapters.discord_bot import forms, render
from adapters.discord_bot.buttons import ActionButton, ActionSelect
from adapters.discord_bot.commands import NAME, command_group
from adapters.discord_bot.outbox import DiscordOutbox, reminder_platform
from adapters.discord_bot.respond import BUSY, SORRY, Exchange
from adapters.discord_bot.settings import DiscordSettings
from adapters.runtime import Background
from bot import actions
from bot.content.pack import KnowledgePack
from bot.replies import Reply, Request, acting_in
from bot.tutor import Tutor
from bot.wording import ANSWER_RECORDED, NO_DIRECT_MESSAGE

log = logging.getLogger(__name__)

SLASH = "/" + NAME
CANNOT_DM = 50007  # Discord: "Cannot send messages to this user" (DMs from members off)


def intents() -> discord.Intents:
    """Guilds, guild messages and DMs; no privileged intents."""
    chosen = discord.Intents.none()
    chosen.guilds = True
    chosen.guild_messages = True
    chosen.dm_messages = True
    return chosen


class QuizBot(discord.Client):
    """One gateway connection. Build it with its dependencies; no I/O in the constructor."""

    def __init__(
        self,
        *,
        settings: DiscordSettings,
        tutor: Tutor,
        background: Background | None = None,
        admission: Admission | None = None,
        run_daily: bool = True,
        **options: Any,
    ) -> None:
        super().__init__(intents=intents(), **options)
        self.settings = settings
        self.tutor = tutor
        self.background = background or Background(tutor=tutor, platform="discord")
        self.admission = admission or Admission()
        self.run_daily = run_daily
        self.tree = app_commands.CommandTree(self)
        self.tree.on_error = self._on_tree_error  # type: ignore[method-assign]
        self.outbox = DiscordOutbox(client=self)

    @property
    def daily_task(self) -> asyncio.Task[None] | None:
        """The daily scheduler's task while it runs (None when this bot runs no daily loop)."""
        return self.background.daily_task

    @property
    def pack(self) -> KnowledgePack:
        """The knowledge pack, for topic autocomplete."""
        return self.tutor.pack

    async def setup_hook(self) -> None:
        """Register buttons and commands, sync them, and start the daily loop."""
        self.add_dynamic_items(ActionButton, ActionSelect)
        self.tree.add_command(command_group(self))
        if self.settings.guild_id is not None:
            guild = discord.Object(id=self.settings.guild_id)
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
            log.info("synced %d command(s) to guild %s", len(synced), guild.id)
        else:
            synced = await self.tree.sync()
            log.info("synced %d global command(s); Discord may take a while", len(synced))
        self.background.start_heartbeat(lambda: self.is_ready() and not self.is_closed())
        if self.run_daily:
            self.background.start_daily(self.outbox)
            self.background.start_reminders(self.outbox, reminder_platform(self))

    async def close(self) -> None:
        """Stop the daily loop (bounded) and the heartbeat, then disconnect."""
        await self.background.close()
        await super().close()
        self.admission.close()

    # -- interactions -----------------------------------------------------------------------

    async def on_command(self, interaction: discord.Interaction[Any], *words: str) -> None:
        """Answer `/docker-quiz <words>` typed as an app command."""
        text = " ".join((SLASH, *words))
        await self._interaction(interaction, click=False, text=text)

    async def on_action(
        self,
        interaction: discord.Interaction[Any],
        action: str,
        selection: tuple[str, ...] = (),
    ) -> None:
        """Answer a click on one of our buttons, or a submitted menu with its picks. A click
        that opens a form gets its modal as the first response, before anything slow (the
        core's `Tutor.form` touches no store)."""
        form = self.tutor.form(action)
        if form is not None and form.form is not None:
            try:
                await interaction.response.send_modal(forms.modal(form.form))
            except Exception:
                log.exception("could not open a form (user %s)", interaction.user.id)
                with contextlib.suppress(Exception):
                    await Exchange(interaction, click=True).apologise()
            return
        await self._interaction(interaction, click=True, action=action, selection=selection)

    async def on_interaction(self, interaction: discord.Interaction[Any]) -> None:
        """A submitted form modal (any of ours, also one opened before a restart): its
        values go to the core as the form's submit action."""
        if interaction.type is not discord.InteractionType.modal_submit:
            return
        sent = forms.submitted(interaction.data)
        if sent is None:
            return  # not ours
        action, fields = sent
        await self._interaction(interaction, click=False, action=action, fields=fields)

    async def _interaction(
        self,
        interaction: discord.Interaction[Any],
        *,
        click: bool,
        text: str = "",
        action: str | None = None,
        selection: tuple[str, ...] = (),
        fields: dict[str, str] | None = None,
    ) -> None:
        exchange = Exchange(interaction, click=click)
        user = interaction.user
        guild_id = interaction.guild_id
        # A DM's button about a server acts there: the core runs it (bot.actions `w:`).
        workspace = workspace_of(guild_id, user.id)
        request = Request(
            workspace=workspace,
            user=str(user.id),
            text=text,
            action=action,
            selection=selection,
            channel=None if interaction.channel_id is None else str(interaction.channel_id),
            is_admin=guild_id is not None and interaction.permissions.manage_guild,
            user_name=user.display_name,
            fields=fields or {},
            meta={"platform": "discord", "interaction": str(interaction.id)},
            forms=True,
        )
        try:
            # Any response (a deferral too) acknowledges: run the core (and its commit) first.
            reply = await self.admission.run(lambda: self.tutor.handle(request))
            if isinstance(reply, Refused):
                log.warning("too busy to store an interaction in time: refused it")
                await exchange.refuse_busy()
                return
            message_id = await exchange.deliver(reply)
            # A DM's routed click serves the server's question: remembered there.
            await self._remember(actions.acts_in(action, workspace), reply, message_id)
            if not click:  # a typed answer: the question's tally where it was posted
                await self._update_posted(reply)
        except Exception:
            log.exception(
                "Discord interaction failed (user %s, channel %s)", user.id, interaction.channel_id
            )
            try:
                await exchange.apologise()
            except Exception as exc:
                log.warning("could not tell the user about the failure: %s", type(exc).__name__)

    async def _on_tree_error(
        self, interaction: discord.Interaction[Any], error: app_commands.AppCommandError
    ) -> None:
        """Errors before our handler runs (bad option values, unknown command)."""
        log.error("app command failed: %s", error, exc_info=error)
        try:
            await Exchange(interaction, click=False).apologise()
        except Exception as exc:
            log.warning("could not tell the user about the failure: %s", type(exc).__name__)

    # -- mentions and DMs -------------------------------------------------------------------

    async def on_message(self, message: discord.Message) -> None:
        """A message mentioning the bot, or a DM: the text is a question or an answer."""
        me = self.user
        author = message.author
        if me is None or author.bot or author.id == me.id:
            return
        direct = message.guild is None
        if not direct and not any(user.id == me.id for user in message.mentions):
            return
        text = re.sub(rf"<@!?{me.id}>", "", message.content).strip()
        request = Request(
            workspace=workspace_of(None if direct else message.guild.id, author.id),  # type: ignore[union-attr]
            user=str(author.id),
            text=text,
            channel=str(message.channel.id),
            is_admin=isinstance(author, discord.Member) and author.guild_permissions.manage_guild,
            user_name=author.display_name,
            meta={"platform": "discord", "message": str(message.id)},
            forms=True,
        )
        try:
            reply = await self.admission.run(lambda: self.tutor.handle(request))
            if isinstance(reply, Refused):
                log.warning("too busy to answer a message in time: refused it")
                await message.channel.send(BUSY)
                return
            if reply.private and not direct:
                await self._in_private(message, reply, request.workspace)
            else:
                sent = await _converse(message, reply, direct=direct)
                await self._remember(request.workspace, reply, sent.id)
            await self._update_posted(reply)
        except Exception:
            log.exception(
                "Discord message failed (user %s, channel %s)", author.id, request.channel
            )
            with contextlib.suppress(Exception):
                await message.channel.send(SORRY)

    async def _in_private(self, message: discord.Message, reply: Reply, workspace: str) -> None:
        """A private reply to a channel message: by DM to its author, its buttons acting in
        this server; when the DM is refused, one line in the channel instead."""
        rendered = render.message(acting_in(reply, workspace))
        extra: dict[str, Any] = {} if rendered.view is None else {"view": rendered.view}
        try:
            # Not remembered for tally edits: the question's instance belongs to the channel.
            await message.author.send(embed=rendered.embed, **extra)
        except discord.Forbidden as exc:
            if exc.code != CANNOT_DM:
                raise
            log.info("the user's settings refuse DMs: told the channel only that it is private")
            line = ANSWER_RECORDED if reply.outcome is not None else NO_DIRECT_MESSAGE
            await message.reply(
                embed=render.message(Reply(kind="info", text=line)).embed, mention_author=False
            )
            return

    async def _remember(self, workspace: str, reply: Reply, message_id: int | None) -> None:
        """Store where a public question was posted, so a typed answer can edit its tally."""
        ref = reply.ref
        if ref is None or message_id is None:
            return
        message = str(message_id)
        await self.admission.run(lambda: self.tutor.posted(workspace, ref, message))

    async def _update_posted(self, reply: Reply) -> None:
        """Edit the tally into the question a typed answer answered, where it was posted;
        nothing when that message is unknown. A refusal is logged, never shown."""
        posted = reply.updates_posted
        if reply.updates is None or posted is None or posted.channel is None:
            return
        rendered = render.message(reply.updates)
        try:
            channel = self.get_partial_messageable(int(posted.channel))
            await channel.get_partial_message(int(posted.message)).edit(
                embed=rendered.embed, view=rendered.view
            )
        except (discord.HTTPException, ValueError) as exc:
            log.info("could not update a posted question's tally: %s", type(exc).__name__)


class ShardedQuizBot(QuizBot, discord.AutoShardedClient):
    """Several gateway connections (DISCORD_SHARDS); everything else as `QuizBot`."""


def make_bot(*, settings: DiscordSettings, tutor: Tutor, **options: Any) -> QuizBot:
    """The right client for DISCORD_SHARDS: unsharded by default, sharded when set."""
    if settings.shards is None:
        return QuizBot(settings=settings, tutor=tutor, **options)
    count = None if settings.shards == "auto" else settings.shards
    return ShardedQuizBot(settings=settings, tutor=tutor, shard_count=count, **options)


def workspace_of(guild_id: int | None, user_id: int) -> str:
    """The core's workspace: the guild, or a DM workspace of its own per user."""
    return str(guild_id) if guild_id is not None else f"dm:{user_id}"


async def _converse(message: discord.Message, reply: Reply, *, direct: bool) -> discord.Message:
    """Answer a mention as a reply to it, a DM in the DM; returns the message sent."""
    rendered = render.message(reply)
    extra: dict[str, Any] = {} if rendered.view is None else {"view": rendered.view}
    if direct:
        return await message.channel.send(embed=rendered.embed, **extra)
    return await message.reply(embed=rendered.embed, mention_author=False, **extra)
