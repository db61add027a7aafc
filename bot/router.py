"""Routes every update: one database session and transaction per update, state from the table.

The router is the single python-telegram-bot handler of the application. For each update it
marks the update handled in the inbound journal (skipping one handled already), loads the
person and their conversation, picks the reader's translator, finds the route (global command,
flow entry point, the current state's routes, the flow's fallbacks), enforces the route's role,
runs it and stores the new state and the replies (as outbox rows), all in one transaction; the
replies are sent after the commit. Input that fits nothing gets a localized explanation and
the current question again; nothing already stored is touched.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from functools import partial
from typing import Any

from sqlalchemy import bindparam, literal, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload
from telegram import Update
from telegram.ext import ContextTypes

from bot import reachability
from bot.context import Ctx
from bot.flow import END, ButtonData, Callback, Flow, MenuItem, Route, with_flow_role
from bot.i18n import N_, normalise_language
from bot.language import choose_language
from bot.ops.metrics import observe_transient, observe_update
from bot.outbox.effects import Effects
from bot.outbox.notices import WAKE_SENDER
from bot.outbox.types import Outgoing
from bot.services import Services
from bot.transient import retrying
from storage.models import Contact, Conversation, Role
from storage.repos import inbound
from storage.repos.chat_order import CHAT_BUSY, open_in_chat
from storage.repos.people import contact_by_telegram_id

log = logging.getLogger(__name__)

# Translators: Any chat: the answer to someone who has not joined yet (no invite used) and
# writes or presses something; also /help and /cancel before joining. May show in a pop-up
# box (at most 200 characters).
NOT_REGISTERED = N_(
    "This bot serves the Lapland safety and wellbeing network. To join, open the invite "
    "link your coordinator sent you."
)
# Translators: Any chat: a contact used a coordinator's command or button. May show in a
# pop-up box (at most 200 characters).
NOT_ALLOWED = N_("Sorry, that is only for coordinators. Nothing was done.")
# Translators: Any chat: pop-up box (at most 200 characters) when a button of an older
# conversation is pressed.
STALE_BUTTON = N_("This button has expired. Please use the latest message.")
# Translators: Any chat: answer to a /command the bot does not have. /help is a command:
# keep it as is.
UNKNOWN_COMMAND = N_("I do not know that command. /help lists what I can do.")
# Translators: Any chat: sent when the bot failed to handle a message because of an error
# on the server.
FAILED = N_(
    "Sorry, something went wrong on our side. What you already answered is saved; "
    "please try again in a moment."
)


# Built once: every update runs them, and a statement built anew costs SQLAlchemy a cache key
# and argument coercion each time.
_CONTACT = (
    select(Contact)
    .options(joinedload(Contact.organisation))
    .where(Contact.telegram_user_id == bindparam("b_user"))
)
_CONVERSATION_LOCKED = (
    select(Conversation).where(Conversation.chat_id == bindparam("b_chat")).with_for_update()
)
# On SQLite one statement finds both (either may be missing), since every statement is a trip
# to aiosqlite's thread. PostgreSQL locks the conversation row instead, which it refuses on the
# nullable side of an outer join, so there the two are asked for apart.
_ONE_ROW = select(literal(1).label("anchor")).subquery("anchor")
_CONTACT_AND_CONVERSATION = (
    select(Contact, Conversation, open_in_chat(bindparam("b_chat")))
    .select_from(_ONE_ROW)
    .outerjoin(Contact, Contact.telegram_user_id == bindparam("b_user"))
    .outerjoin(Conversation, Conversation.chat_id == bindparam("b_chat"))
    .options(joinedload(Contact.organisation))
)


class Router:
    """Holds the flows and global routes; ``handle`` is the application's only handler."""

    def __init__(
        self,
        flows: Sequence[Flow],
        global_routes: Sequence[Route],
        idle: Callback,
        fallbacks: Sequence[Route] = (),
        on_role_change: Callable[[Ctx], Awaitable[None]] | None = None,
    ) -> None:
        # A flow's default role is folded into its routes once, here, not on every update.
        self.flows = {flow.name: with_flow_role(flow) for flow in flows}
        self.global_routes = list(global_routes)
        self.idle = idle
        # Tried in any running flow after its own fallbacks: one /cancel for every flow.
        self.fallbacks = list(fallbacks)
        # Publishes what a role brings beside the chat (commands, the desk's menu button) when
        # the router itself changes a role (KYLABOT_ADMINS); flows that change one call it too.
        self.on_role_change = on_role_change

    def domain_of(self, flow_name: str | None) -> str:
        """The catalog domain of the chat's current flow (``kylabot`` outside any flow)."""
        flow = self.flows.get(flow_name or "")
        return flow.domain if flow is not None else "kylabot"

    def menu(self, role: Role | None) -> list[MenuItem]:
        items = [item for flow in self.flows.values() for item in flow.menu]
        allowed = [i for i in items if role is not None and role.rank >= i.min_role.rank]
        return sorted(allowed, key=lambda item: item.position)

    def commands(self, role: Role | None) -> list[tuple[str, str]]:
        result: dict[str, str] = {}
        for flow in self.flows.values():
            for name, description, minimum in flow.commands:
                if role is not None and role.rank >= minimum.rank:
                    result.setdefault(name, description)
        return list(result.items())

    async def handle(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """The python-telegram-bot callback for every update.

        One short transaction decides: it marks the update handled in the inbound journal,
        loads the person and the conversation, runs the route, stores the new state and writes
        the replies to the outbox. No network call happens inside it; the replies are sent
        right after the commit (the fast path, one round trip each).
        """
        services: Services = context.application.bot_data["services"]
        started = time.perf_counter()  # for /metrics (bot.ops.metrics)
        try:  # a deadlock or "database is locked": the whole transaction again (bot.transient)
            outcome, rows, wake = await retrying(
                lambda: self._decide(update, services), partial(observe_transient, services)
            )
        except Exception:
            log.exception("update %s failed", update.update_id)
            await self._apologise(update, services)
            observe_update(services, update, "failed", time.perf_counter() - started)
            return
        sender = services.sender
        if sender is not None:
            if wake:
                sender.wake()
            if rows:
                await sender.send_now(rows)
        observe_update(services, update, outcome, time.perf_counter() - started)

    async def _decide(self, update: Update, services: Services) -> tuple[str, list[Outgoing], bool]:
        """One attempt at the update's transaction: (outcome, the replies to send, wake?)."""
        outcome, wake = "handled", False
        rows: list[Outgoing] = []
        sender = services.sender
        taken = None
        try:
            async with (
                services.update_turn(),
                services.sessionmaker() as session,
                session.begin(),
            ):
                # Earlier sends' outcomes ride along: no transaction of their own.
                taken = sender.take_outcomes() if sender is not None else None
                if taken:
                    await taken.write(session)
                if not _conversational(update):
                    # groups and channels are not part of kylabot's conversations
                    await inbound.claim(session, update.update_id, services.now(), "skipped")
                    outcome = "skipped"
                elif not await inbound.claim(session, update.update_id, services.now()):
                    log.info("update %s already handled; skipped", update.update_id)
                    outcome = "duplicate"
                else:
                    ctx = await self._context(update, services, session)
                    if update.my_chat_member is not None:
                        await reachability.member_changed(update, ctx)  # blocked, unblocked
                    else:
                        reachability.seen(ctx)  # the person wrote: they are reachable
                        await self._dispatch(update, ctx)
                    rows = await ctx.finish()
                    wake = bool(session.info.pop(WAKE_SENDER, False))
        except Exception:
            if sender is not None and taken is not None:
                sender.give_back(taken)
            raise
        if sender is not None and taken is not None:
            sender.written(taken)
        return outcome, rows, wake

    async def _context(self, update: Update, services: Services, session: AsyncSession) -> Ctx:
        assert update.effective_user is not None and update.effective_chat is not None
        keys = {"b_user": update.effective_user.id, "b_chat": update.effective_chat.id}
        contact: Contact | None
        conversation: Conversation | None
        if _dialect(session) == "postgresql":
            # The row is locked: one writer per chat across processes.
            contact = await session.scalar(_CONTACT, keys)
            conversation = await session.scalar(_CONVERSATION_LOCKED, keys)
        else:
            contact, conversation, busy = (
                await session.execute(_CONTACT_AND_CONVERSATION, keys)
            ).one()
            session.info[CHAT_BUSY] = busy  # the outbox's ordering, read in the same trip
        if conversation is None:
            conversation = Conversation(
                chat_id=update.effective_chat.id, flow=None, state=None, data={}, generation=0
            )
            session.add(conversation)
        promoted = (
            contact is not None
            and contact.telegram_user_id in services.settings.admins
            and contact.role is not Role.ADMIN
        )
        if promoted:
            assert contact is not None
            contact.role = Role.ADMIN  # KYLABOT_ADMINS is authoritative from the next update on
        language = choose_language(contact, update.effective_user.language_code)
        ctx = Ctx(
            update=update,
            services=services,
            session=session,
            conversation=conversation,
            contact=contact,
            tr=services.catalogs.get(language, self.domain_of(conversation.flow)),
        )
        if update.callback_query is not None:
            ctx.button_data = ButtonData.decode(update.callback_query.data)
        if promoted and self.on_role_change is not None:
            await self.on_role_change(ctx)
        return ctx

    async def _dispatch(self, update: Update, ctx: Ctx) -> None:
        conversation = ctx.conversation
        flow = self.flows.get(conversation.flow or "")
        message = update.message
        is_command = bool(message and message.text and message.text.startswith("/"))

        if update.callback_query is not None:
            data = ctx.button_data
            if data is None:
                await self._stale(update, ctx, flow)
                return
            if data.generation is None:
                if not await self._try_entry_or_global(update, ctx):
                    await self._stale(update, ctx, flow)
                return
            if flow is None or data.generation != conversation.generation:
                await self._stale(update, ctx, flow)
                return
            if not await self._try_state(update, ctx, flow):
                await self._stale(update, ctx, flow)
            return

        if is_command:
            # A flow may own a command while it runs (/skip, /cancel); otherwise commands
            # interrupt: the interrupted flow's answers are already stored.
            if flow is not None and await self._try_state(update, ctx, flow):
                return
            if await self._try_entry_or_global(update, ctx):
                return
            await ctx.say(ctx._(UNKNOWN_COMMAND))
            return

        if flow is not None:
            if await self._try_state(update, ctx, flow):
                return
            reprompt = flow.reprompt_for(conversation.state)
            if reprompt is not None:
                await self._run(reprompt, update, ctx, flow, entering=False)
                return
        await self.idle(update, ctx)

    async def _try_state(self, update: Update, ctx: Ctx, flow: Flow) -> bool:
        state = ctx.conversation.state
        routes = list(flow.states.get(state, ())) if state is not None else []
        for route in [*routes, *flow.fallbacks, *self.fallbacks]:
            if route.matcher.match(update, ctx):
                if await self._allowed(route, ctx):
                    await self._run(route.callback, update, ctx, flow, entering=False)
                return True
        return False

    async def _try_entry_or_global(self, update: Update, ctx: Ctx) -> bool:
        for route in self.global_routes:
            if route.matcher.match(update, ctx):
                if await self._allowed(route, ctx):
                    await route.callback(update, ctx)
                return True
        for flow in self.flows.values():
            for route in flow.entry_points:
                if route.matcher.match(update, ctx):
                    if await self._allowed(route, ctx):
                        await self._run(route.callback, update, ctx, flow, entering=True)
                    return True
        return False

    async def _allowed(self, route: Route, ctx: Ctx) -> bool:
        if route.min_role is None or ctx.has_role(route.min_role):
            return True
        text = NOT_REGISTERED if ctx.role is None else NOT_ALLOWED
        if ctx.update.callback_query is not None:
            await ctx.answer(ctx._(text), alert=True)
        else:
            await ctx.say(ctx._(text))
        return False

    async def _run(
        self, callback: Callback, update: Update, ctx: Ctx, flow: Flow, *, entering: bool
    ) -> None:
        conversation = ctx.conversation
        if entering:
            conversation.flow = flow.name
            conversation.state = None
            conversation.generation += 1
            conversation.data = {}
        next_state = await callback(update, ctx)
        if conversation.flow != flow.name:
            return  # the callback handed over to another flow (``start_flow``)
        if next_state == END or (entering and next_state is None):
            conversation.flow = None
            conversation.state = None
            conversation.data = {}
        elif next_state is not None:
            conversation.state = next_state

    async def _stale(self, update: Update, ctx: Ctx, flow: Flow | None) -> None:
        await ctx.answer(ctx._(STALE_BUTTON), alert=True)
        await ctx.close_keyboard()

    async def _apologise(self, update: Update, services: Services) -> None:
        """Records the failure (the update is not tried again) and says so to the person.

        The apology goes through the outbox like any reply; if even that cannot be written
        (the database is down), it is sent directly, outside any transaction.
        """
        assert update.effective_chat is not None and update.effective_user is not None
        user = update.effective_user
        # Telegram's language until the person's own choice is read (the database may be down).
        tr = services.catalogs.get(normalise_language(user.language_code))
        chat_id = update.effective_chat.id
        sender = services.sender
        try:
            async with services.write() as session:
                contact = await contact_by_telegram_id(session, user.id)
                tr = services.catalogs.get(choose_language(contact, user.language_code))
                await inbound.claim(session, update.update_id, services.now(), "failed")
                effects = Effects(session, chat_id, services.sender_id, services.now())
                if update.callback_query is not None:
                    effects.add(
                        "answerCallbackQuery", {"callback_query_id": update.callback_query.id}
                    )
                effects.add("sendMessage", {"text": tr._(FAILED)})
                await effects.write()
        except Exception:
            log.warning("could not record the failure of update %s", update.update_id)
            if sender is not None:
                await sender.client.call("sendMessage", {"chat_id": chat_id, "text": tr._(FAILED)})
            return
        if sender is not None:
            await sender.send_now(effects.rows)


def _conversational(update: Update) -> bool:
    chat = update.effective_chat
    return chat is not None and update.effective_user is not None and chat.type == "private"


def _dialect(session: AsyncSession) -> str:
    return session.get_bind().dialect.name


async def start_flow(ctx: Ctx, flow: Flow, state: int, data: dict[str, Any] | None = None) -> None:
    """Switches this chat into ``flow`` at ``state`` (used when one flow hands over to another)."""
    conversation = ctx.conversation
    conversation.flow = flow.name
    conversation.state = state
    conversation.generation += 1
    conversation.data = dict(data or {})
