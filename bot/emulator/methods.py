"""The Bot API methods themselves, free of HTTP: decoded params in, result or ApiError out.

Keeping them plain callables makes the hot path (sendMessage) a dictionary lookup plus a
few checks, and lets the server stay a thin adapter.
"""

from __future__ import annotations

import re
import time
from collections.abc import Awaitable, Callable
from typing import Any

from bot.emulator.markup import message_markup, validate_reply_markup
from bot.emulator.media import MediaMethods, deliver_new
from bot.emulator.menu import MenuButtons
from bot.emulator.models import ApiError, JSONDict, SentMessage, bad_request
from bot.emulator.state import ChatRecord, EmulatorState
from bot.emulator.text import prepare_text

Handler = Callable[[JSONDict], Any]
AsyncHandler = Callable[[JSONDict], Awaitable[Any]]

CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
_COMMAND_RE = re.compile(r"^[a-z0-9_]{1,32}$")
NOT_MODIFIED = bad_request(
    "message is not modified: specified new message content and reply markup are exactly the "
    "same as a current content and reply markup of the message"
)
EDIT_NOT_FOUND = bad_request("message to edit not found")


def _message_id(params: JSONDict) -> int:
    if params.get("inline_message_id"):
        raise bad_request("MESSAGE_ID_INVALID")
    value = params.get("message_id")
    if value is None:
        raise bad_request("message identifier is not specified")
    return int(value)


class BotApiMethods:
    """Implements each supported method against an ``EmulatorState``."""

    def __init__(self, state: EmulatorState, bot_user: JSONDict) -> None:
        self.state = state
        self.bot_user = bot_user
        self.sender = {key: bot_user[key] for key in ("id", "is_bot", "first_name", "username")}
        media = MediaMethods(state, self._new_message)
        menu = MenuButtons(state)
        sync: dict[str, Handler] = {
            "getMe": self.get_me,
            "deleteWebhook": self.delete_webhook,
            "setWebhook": self.set_webhook,
            "getWebhookInfo": self.get_webhook_info,
            "logOut": self.accept,
            "close": self.accept,
            "setMyCommands": self.set_my_commands,
            "getMyCommands": self.get_my_commands,
            "deleteMyCommands": self.delete_my_commands,
            "setMyDescription": self.accept,
            "setMyShortDescription": self.accept,
            "setMyName": self.accept,
            "setChatMenuButton": menu.set_chat_menu_button,
            "getChatMenuButton": menu.get_chat_menu_button,
            "sendMessage": self.send_message,
            "editMessageText": self.edit_message_text,
            "editMessageReplyMarkup": self.edit_message_reply_markup,
            "editMessageCaption": self.edit_message_caption,
            "deleteMessage": self.delete_message,
            "answerCallbackQuery": self.answer_callback_query,
            "sendPhoto": media.send_photo,
            "sendDocument": media.send_document,
            "sendVoice": media.send_voice,
            "sendAudio": media.send_audio,
            "sendVideo": media.send_video,
            "sendAnimation": media.send_animation,
            "sendSticker": media.send_sticker,
            "sendLocation": media.send_location,
            "sendChatAction": self.send_chat_action,
            "getChat": self.get_chat,
            "getFile": self.get_file,
        }
        self.sync = sync
        self.asynchronous: dict[str, AsyncHandler] = {"getUpdates": self.get_updates}
        # Telegram matches method names case-insensitively.
        self.names = {name.lower(): name for name in (*sync, *self.asynchronous)}

    # ----------------------------------------------------------------------- bot & setup

    def get_me(self, params: JSONDict) -> JSONDict:
        return self.bot_user

    def accept(self, params: JSONDict) -> bool:
        return True

    async def get_updates(self, params: JSONDict) -> list[JSONDict]:
        if self.state.webhook.get("url"):
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; use "
                "deleteWebhook to delete the webhook first",
            )
        queue = self.state.updates
        queue.set_allowed(params.get("allowed_updates"))
        timeout = float(params.get("timeout") or 0)
        return await queue.poll(params.get("offset"), params.get("limit"), timeout)

    def delete_webhook(self, params: JSONDict) -> bool:
        self.state.webhook = {}
        if params.get("drop_pending_updates"):
            self.state.updates.clear()
        return True

    def set_webhook(self, params: JSONDict) -> bool:
        url = str(params.get("url") or "")
        if url and not url.startswith("https://"):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        self.state.webhook = {}
        if url:
            self.state.webhook = {
                "url": url,
                "secret_token": params.get("secret_token"),
                "max_connections": int(params.get("max_connections") or 40),
            }
        if params.get("drop_pending_updates"):
            self.state.updates.clear()
        return True

    def get_webhook_info(self, params: JSONDict) -> JSONDict:
        webhook = self.state.webhook
        info: JSONDict = {
            "url": webhook.get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": len(self.state.updates),
        }
        if webhook.get("url"):
            info["max_connections"] = webhook.get("max_connections", 40)
        for key in ("last_error_date", "last_error_message"):
            if key in webhook:
                info[key] = webhook[key]
        return info

    def set_my_commands(self, params: JSONDict) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise bad_request("can't parse commands JSON object")
        if len(commands) > 100:
            raise bad_request("too many commands specified")
        cleaned: list[JSONDict] = []
        for item in commands:
            if not isinstance(item, dict):
                raise bad_request("can't parse BotCommand")
            command = str(item.get("command", ""))
            description = str(item.get("description", ""))
            if not _COMMAND_RE.match(command):
                raise bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(description) <= 256:
                raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
            cleaned.append({"command": command, "description": description})
        key = self.state.scope_key(params.get("scope"), params.get("language_code"))
        if cleaned:
            self.state.commands[key] = cleaned
        else:
            self.state.commands.pop(key, None)
        return True

    def get_my_commands(self, params: JSONDict) -> list[JSONDict]:
        key = self.state.scope_key(params.get("scope"), params.get("language_code"))
        return self.state.commands.get(key, [])

    def delete_my_commands(self, params: JSONDict) -> bool:
        key = self.state.scope_key(params.get("scope"), params.get("language_code"))
        self.state.commands.pop(key, None)
        return True

    # ------------------------------------------------------------------------- messages

    def _new_message(self, record: ChatRecord) -> tuple[JSONDict, int]:
        now = int(time.time())
        raw: JSONDict = {
            "message_id": record.take_message_id(),
            "from": self.sender,
            "chat": record.chat,
            "date": now,
        }
        return raw, now

    def send_message(self, params: JSONDict) -> JSONDict:
        record = self.state.writable_chat(params.get("chat_id"))
        source = params.get("text")
        parse_mode = params.get("parse_mode")
        text, entities = prepare_text(source, parse_mode, params.get("entities"))
        markup = validate_reply_markup(params.get("reply_markup"))
        raw, now = self._new_message(record)
        raw["text"] = text
        if entities:
            raw["entities"] = entities
        preview = params.get("link_preview_options")
        if isinstance(preview, dict) and preview:
            raw["link_preview_options"] = preview
        return deliver_new(
            self.state,
            record,
            raw,
            params,
            markup,
            now,
            text=text,
            entities=entities,
            kind="text",
            parse_mode=parse_mode,
            source_text=None if source is None else str(source),
        )

    def _editable(self, params: JSONDict) -> tuple[ChatRecord, SentMessage | None, int]:
        record = self.state.writable_chat(params.get("chat_id"))
        message_id = _message_id(params)
        if record.by_id is None:
            if not 0 < message_id < record.next_message_id:
                raise EDIT_NOT_FOUND
            return record, None, message_id
        msg = record.by_id.get(message_id)
        if msg is None:
            raise EDIT_NOT_FOUND
        return record, msg, message_id

    def _synthetic_edit(self, record: ChatRecord, message_id: int, fields: JSONDict) -> JSONDict:
        """Without recording there is nothing to compare against: echo a plausible Message."""
        now = int(time.time())
        raw: JSONDict = {
            "message_id": message_id,
            "from": self.sender,
            "chat": record.chat,
            "date": now,
            "edit_date": now,
        }
        raw.update(fields)
        if "text" not in raw and "caption" not in raw:
            raw["text"] = ""
        return raw

    def _apply_edit(self, record: ChatRecord, msg: SentMessage, changes: JSONDict) -> JSONDict:
        raw = dict(msg.raw)
        for key, value in changes.items():
            if value in (None, []):
                raw.pop(key, None)
            else:
                raw[key] = value
        raw["edit_date"] = int(time.time())
        msg.raw = raw
        msg.edited += 1
        self.state.log_edit(record, msg)
        return raw

    def edit_message_text(self, params: JSONDict) -> JSONDict:
        record, msg, message_id = self._editable(params)
        source = params.get("text")
        parse_mode = params.get("parse_mode")
        text, entities = prepare_text(source, parse_mode, params.get("entities"))
        markup = validate_reply_markup(params.get("reply_markup"))
        inline = message_markup(markup)
        if msg is None:
            fields: JSONDict = {"text": text}
            if entities:
                fields["entities"] = entities
            if inline:
                fields["reply_markup"] = inline
            return self._synthetic_edit(record, message_id, fields)
        if msg.kind != "text":
            raise bad_request("there is no text in the message to edit")
        if (
            text == msg.text
            and entities == msg.entities
            and inline == message_markup(msg.reply_markup)
        ):
            raise NOT_MODIFIED
        msg.text = text
        msg.entities = entities
        msg.reply_markup = inline
        msg.parse_mode = parse_mode
        msg.source_text = None if source is None else str(source)
        return self._apply_edit(
            record, msg, {"text": text, "entities": entities, "reply_markup": inline}
        )

    def edit_message_reply_markup(self, params: JSONDict) -> JSONDict:
        record, msg, message_id = self._editable(params)
        inline = message_markup(validate_reply_markup(params.get("reply_markup")))
        if msg is None:
            fields = {"reply_markup": inline} if inline else {}
            return self._synthetic_edit(record, message_id, fields)
        if inline == message_markup(msg.reply_markup):
            raise NOT_MODIFIED
        msg.reply_markup = inline
        return self._apply_edit(record, msg, {"reply_markup": inline})

    def edit_message_caption(self, params: JSONDict) -> JSONDict:
        record, msg, message_id = self._editable(params)
        caption, entities = prepare_text(
            params.get("caption"),
            params.get("parse_mode"),
            params.get("caption_entities"),
            caption=True,
        )
        inline = message_markup(validate_reply_markup(params.get("reply_markup")))
        if msg is None:
            return self._synthetic_edit(record, message_id, {"caption": caption})
        if msg.kind == "text":
            raise bad_request("there is no caption in the message to edit")
        if (
            caption == (msg.caption or "")
            and entities == msg.raw.get("caption_entities", [])
            and inline == message_markup(msg.reply_markup)
        ):
            raise NOT_MODIFIED
        msg.caption = caption or None
        msg.reply_markup = inline
        return self._apply_edit(
            record,
            msg,
            {"caption": caption or None, "caption_entities": entities, "reply_markup": inline},
        )

    def delete_message(self, params: JSONDict) -> bool:
        record = self.state.chat(params.get("chat_id"))
        self.state.delete(record, _message_id(params))
        return True

    def answer_callback_query(self, params: JSONDict) -> bool:
        query_id = str(params.get("callback_query_id") or "")
        record = self.state.answer_query(query_id)
        text = params.get("text")
        if text is not None and len(str(text)) > 200:
            raise bad_request("MESSAGE_TOO_LONG")
        record.answers.append(
            {
                "callback_query_id": query_id,
                "text": text,
                "show_alert": bool(params.get("show_alert", False)),
                "url": params.get("url"),
                "cache_time": params.get("cache_time"),
            }
        )
        return True

    def send_chat_action(self, params: JSONDict) -> bool:
        self.state.writable_chat(params.get("chat_id"))
        if params.get("action") not in CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        return True

    def get_chat(self, params: JSONDict) -> JSONDict:
        record = self.state.chat(params.get("chat_id"))
        info = dict(record.chat)
        info.update(
            {
                "accent_color_id": 0,
                "max_reaction_count": 11,
                "accepted_gift_types": {
                    "unlimited_gifts": False,
                    "limited_gifts": False,
                    "unique_gifts": False,
                    "premium_subscription": False,
                    "gifts_from_channels": False,
                },
            }
        )
        return info

    def get_file(self, params: JSONDict) -> JSONDict:
        stored = self.state.files.get(str(params.get("file_id") or ""))
        if stored is None:
            raise bad_request("invalid file_id")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": stored.size,
            "file_path": stored.file_path,
        }
