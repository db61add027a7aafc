"""The per-update context handed to every flow callback."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    MessageEntity,
    Update,
)
from telegram.error import BadRequest, TelegramError
from telegram.ext import Application

from bot.flow import ButtonData
from bot.i18n import Translator
from bot.services import Services
from storage.models import Contact, Conversation, Role

log = logging.getLogger(__name__)

# One row of (label, action, arg) triples; see ``Ctx.keyboard``.
ButtonSpec = tuple[str, str, str]


@dataclass
class Ctx:
    """What a callback needs: the session of this update, the person, their language, the state.

    One ``Ctx`` (and one database session) exists per update; nothing here outlives it.
    """

    update: Update
    application: Application[Any, Any, Any, Any, Any, Any]
    services: Services
    session: AsyncSession
    conversation: Conversation
    contact: Contact | None
    tr: Translator
    args: list[str] = field(default_factory=list)
    arg: str = ""
    button_data: ButtonData | None = None
    callback_answered: bool = False
    # Work that needs no transaction, done by the router after the commit (see after_commit).
    pending_answer: tuple[str | None, bool] | None = None
    pending_close: bool = False

    @property
    def bot(self) -> Bot:
        bot: Bot = self.application.bot
        return bot

    @property
    def chat_id(self) -> int:
        chat = self.update.effective_chat
        assert chat is not None
        return chat.id

    def _(self, message: str) -> str:
        """Shorthand: ``ctx._("...")`` is ``ctx.tr._("...")`` (and extracted the same way)."""
        return self.tr._(message)

    @property
    def data(self) -> dict[str, Any]:
        """The flow's draft data; assign ``ctx.data = {...}`` or call ``ctx.save_data()``."""
        return self.conversation.data

    @data.setter
    def data(self, value: dict[str, Any]) -> None:
        self.conversation.data = dict(value)

    def save_data(self, **changes: Any) -> None:
        # A new dict so SQLAlchemy sees the JSON column change.
        self.conversation.data = {**self.conversation.data, **changes}

    @property
    def role(self) -> Role | None:
        return self.contact.role if self.contact and self.contact.telegram_user_id else None

    def has_role(self, minimum: Role) -> bool:
        role = self.role
        return role is not None and role.rank >= minimum.rank

    def button(
        self, label: str, action: str, arg: str = "", *, scoped: bool = True
    ) -> InlineKeyboardButton:
        """A button for this conversation (``scoped``) or one that works any time."""
        generation = self.conversation.generation if scoped else None
        return InlineKeyboardButton(
            label, callback_data=ButtonData(generation, action, arg).encode()
        )

    def keyboard(
        self, rows: Sequence[Sequence[ButtonSpec]], *, scoped: bool = True
    ) -> InlineKeyboardMarkup:
        return InlineKeyboardMarkup(
            [
                [self.button(label, action, arg, scoped=scoped) for label, action, arg in row]
                for row in rows
            ]
        )

    async def say(
        self,
        text: str,
        markup: InlineKeyboardMarkup | None = None,
        *,
        entities: Sequence[MessageEntity] | None = None,
    ) -> Message:
        """Sends a new message to this chat."""
        return await self.bot.send_message(
            self.chat_id, text, reply_markup=markup, entities=entities
        )

    async def show(self, text: str, markup: InlineKeyboardMarkup | None = None) -> Message | None:
        """Edits the message whose button was pressed, or sends a new one for a text reply.

        Editing keeps the chat short on a phone: one message per step, not a scroll of old
        keyboards that could be pressed again.
        """
        query = self.update.callback_query
        if query is not None and isinstance(query.message, Message):
            self.pending_close = False  # this edit sets the message's buttons itself
            try:
                edited = await query.message.edit_text(text, reply_markup=markup)
            except BadRequest as exc:
                if "not modified" in str(exc).lower():
                    return query.message
                raise
            return edited if isinstance(edited, Message) else None
        return await self.say(text, markup)

    async def answer(
        self, text: str | None = None, *, alert: bool = False, now: bool = False
    ) -> None:
        """Answers the pressed button (stops the spinner), once, right after the commit.

        Neither this nor ``close_keyboard`` needs the transaction; done after it, they do not
        hold SQLite's write lock (one per database) through a round trip to Telegram. ``now``
        answers at once, before slow work (an export) that would otherwise keep it spinning.
        """
        query = self.update.callback_query
        if query is None or self.callback_answered:
            return
        self.callback_answered = True
        if now:
            await query.answer(text, show_alert=alert)
        else:
            self.pending_answer = (text, alert)

    async def close_keyboard(self) -> None:
        """Removes the buttons of the pressed message (after the commit), so they cannot be
        pressed again; a later ``show`` that edits the message sets its buttons instead."""
        query = self.update.callback_query
        if query is None or not isinstance(query.message, Message):
            return
        if query.message.reply_markup is None:
            return
        self.pending_close = True

    async def after_commit(self) -> None:
        """Answers the button and closes its keyboard; a failure here changes no stored data."""
        query = self.update.callback_query
        if query is None:
            return
        answer, self.pending_answer = self.pending_answer, None
        close, self.pending_close = self.pending_close, False
        try:
            if answer is not None:
                await query.answer(answer[0], show_alert=answer[1])
            if close and isinstance(query.message, Message):
                with contextlib.suppress(BadRequest):  # already gone: nothing left to press
                    await query.message.edit_reply_markup(reply_markup=None)
        except TelegramError:
            log.warning("chat %s: button not answered or closed", self.chat_id, exc_info=True)
