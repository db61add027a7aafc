"""The per-update context handed to every flow callback."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import (
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    MessageEntity,
    Update,
)

from bot.flow import ButtonData
from bot.i18n import Translator
from bot.outbox.client import Upload
from bot.outbox.effects import Effects
from bot.outbox.types import Outgoing
from bot.services import Services
from storage.models import Contact, Conversation, Role
from storage.repos.erasure import erase_chat

log = logging.getLogger(__name__)

# One row of (label, action, arg) triples; see ``Ctx.keyboard``.
ButtonSpec = tuple[str, str, str]


@dataclass
class Ctx:
    """What a callback needs: the session of this update, the person, their language, the state.

    One ``Ctx`` (and one database session) exists per update; nothing here outlives it. What a
    callback says or shows is written to the outbox in the update's transaction and sent after
    the commit (``bot.outbox``): the methods below never call Telegram themselves.
    """

    update: Update
    services: Services
    session: AsyncSession
    conversation: Conversation
    contact: Contact | None
    tr: Translator
    args: list[str] = field(default_factory=list)
    arg: str = ""
    button_data: ButtonData | None = None
    callback_answered: bool = False
    # The pressed message's keyboard is removed at the end unless a later ``show`` set it.
    pending_close: bool = False
    effects: Effects | None = None

    @property
    def chat_id(self) -> int:
        chat = self.update.effective_chat
        assert chat is not None
        return chat.id

    def _(self, message: str) -> str:
        """Shorthand: ``ctx._("...")`` is ``ctx.tr._("...")`` (and extracted the same way)."""
        return self.tr._(message)

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

    def _effects(self) -> Effects:
        if self.effects is None:
            self.effects = Effects(
                self.session, self.chat_id, self.services.sender_id, self.services.now()
            )
        return self.effects

    async def say(
        self,
        text: str,
        markup: InlineKeyboardMarkup | None = None,
        *,
        entities: Sequence[MessageEntity] | None = None,
    ) -> Outgoing:
        """Sends a new message to this chat (after the commit)."""
        params: dict[str, Any] = {"text": text}
        if markup is not None:
            params["reply_markup"] = markup.to_dict()
        if entities:
            params["entities"] = [entity.to_dict() for entity in entities]
        return self._effects().add("sendMessage", params)

    def pressed_message_id(self) -> int | None:
        """The id of the message whose button was pressed, if it can still be edited."""
        query = self.update.callback_query
        if query is not None and isinstance(query.message, Message):
            return query.message.message_id
        return None

    async def show(self, text: str, markup: InlineKeyboardMarkup | None = None) -> Outgoing:
        """Edits the message whose button was pressed, or sends a new one for a text reply.

        Editing keeps the chat short on a phone: one message per step, not a scroll of old
        keyboards that could be pressed again.
        """
        message_id = self.pressed_message_id()
        if message_id is None:
            return await self.say(text, markup)
        self.pending_close = False  # this edit sets the message's buttons itself
        return await self.edit(message_id, text, markup)

    async def edit(
        self, message_id: int, text: str, markup: InlineKeyboardMarkup | None = None
    ) -> Outgoing:
        """Rewrites an earlier message of this chat (after the commit); without ``markup`` its
        buttons go. Used where a typed answer must replace the question it answered."""
        params: dict[str, Any] = {"message_id": message_id, "text": text}
        if markup is not None:
            params["reply_markup"] = markup.to_dict()
        return self._effects().add("editMessageText", params)

    async def answer(self, text: str | None = None, *, alert: bool = False) -> None:
        """Answers the pressed button (stops the spinner), once, right after the commit."""
        query = self.update.callback_query
        if query is None or self.callback_answered:
            return
        self.callback_answered = True
        params: dict[str, Any] = {"callback_query_id": query.id}
        if text:
            params["text"] = text
        if alert:
            params["show_alert"] = True
        self._effects().add("answerCallbackQuery", params)

    async def close_keyboard(self) -> None:
        """Removes the buttons of the pressed message (after the commit), so they cannot be
        pressed again; a later ``show`` that edits the message sets its buttons instead."""
        query = self.update.callback_query
        if query is None or not isinstance(query.message, Message):
            return
        if query.message.reply_markup is None:
            return
        self.pending_close = True

    async def remove_keyboard(self, message_id: int) -> None:
        """Removes the buttons of an earlier message of this chat."""
        self._effects().add("editMessageReplyMarkup", {"message_id": message_id})

    async def send_file(
        self, kind: str, filename: str, content: bytes, caption: str | None = None
    ) -> Outgoing:
        """Uploads ``content`` as a ``document`` or a ``photo``."""
        method = {"document": "sendDocument", "photo": "sendPhoto"}[kind]
        params: dict[str, Any] = {"caption": caption} if caption else {}
        return self._effects().add(method, params, upload=Upload(kind, filename, content))

    async def send_media(self, kind: str, file_id: str, caption: str | None = None) -> Outgoing:
        """Sends again a file Telegram already has (a reporter's photo or voice message)."""
        method = {
            "photo": "sendPhoto",
            "voice": "sendVoice",
            "video": "sendVideo",
            "video_note": "sendVideoNote",
            "audio": "sendAudio",
            "document": "sendDocument",
        }[kind]
        params: dict[str, Any] = {kind: file_id}
        if caption and kind != "video_note":
            params["caption"] = caption
        return self._effects().add(method, params)

    async def set_commands(self, commands: Sequence[BotCommand]) -> None:
        """Publishes this chat's command menu (its role's commands in its language)."""
        self._effects().add(
            "setMyCommands",
            {
                "commands": [command.to_dict() for command in commands],
                "scope": {"type": "chat", "chat_id": self.chat_id},
            },
        )

    async def set_menu_button(self, button: dict[str, Any]) -> None:
        """Sets this chat's menu button (a Web App button, or ``{"type": "default"}``)."""
        self._effects().add("setChatMenuButton", {"menu_button": button})

    async def forget_chat(self) -> None:
        """Leaves no trace of this chat's Telegram id once this update's replies are sent
        (/forget, a declined consent): journal, outbox and conversation; a later message
        starts a new conversation."""
        self._effects().erase_chat = True
        await erase_chat(self.session, self.chat_id)
        if self.conversation in self.session.new:
            self.session.expunge(self.conversation)
        else:
            await self.session.delete(self.conversation)

    async def finish(self) -> list[Outgoing]:
        """The last effects of the update (button answer, keyboard close); its rows to send."""
        query = self.update.callback_query
        if query is not None:
            await self.answer()
            message_id = self.pressed_message_id()
            if self.pending_close and message_id is not None:
                self.pending_close = False
                await self.remove_keyboard(message_id)
        if self.effects is None:
            return []
        await self.effects.write()
        return self.effects.rows

    async def write_effects(self) -> None:
        """Writes what was said so far, so a row's ``id`` can be stored (a progress message)."""
        if self.effects is not None:
            await self.effects.write()
