"""Everything the emulated Telegram knows: chats, messages, files, callback queries.

Per-chat data lives in one slotted ``ChatRecord`` so that 100,000 chats stay cheap when
``record_messages=False`` (a chat dict and a few integers each), while full recording keeps
``SentMessage`` objects, an id index for O(1) edits and a transcript log.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from bot.emulator.markup import render_markup
from bot.emulator.models import ApiError, EmulatorStats, JSONDict, SentMessage, bad_request
from bot.emulator.updates import UpdateQueue

# (tag, message, body, markup). Tags: ">" user said, "tap" user pressed, "<" bot sent,
# "edit" bot edited, "del" bot deleted. Bodies are snapshots: later edits do not rewrite them.
LogEntry = tuple[str, SentMessage | None, str, JSONDict | None]

BLOCKED = ApiError(403, "Forbidden: bot was blocked by the user")
CHAT_NOT_FOUND = bad_request("chat not found")


class ChatObserver(Protocol):
    """What the state needs from an emulated user: a nudge whenever the chat changes."""

    def on_activity(self) -> None: ...


class ChatRecord:
    """One private chat. ``messages``/``by_id``/``log`` are None when not recording.

    A chat registered without a name (benchmarks: ``ensure_chats``, auto-registration)
    stores no dicts at all; its ``User``/``Chat`` objects are built when needed. That keeps
    100,000 chats at a few megabytes, so the emulator does not distort RSS measurements.
    """

    __slots__ = (
        "_answers",
        "_chat",
        "_user",
        "blocked",
        "by_id",
        "delivered",
        "id",
        "last_update",
        "log",
        "messages",
        "next_message_id",
        "observer",
    )

    def __init__(self, chat_id: int, user: JSONDict | None, record: bool) -> None:
        self.id = chat_id
        self._user = user
        self._chat: JSONDict | None = None
        if user is not None:
            chat: JSONDict = {"id": chat_id, "type": "private", "first_name": user["first_name"]}
            for key in ("last_name", "username"):
                if user.get(key):
                    chat[key] = user[key]
            self._chat = chat
        self.next_message_id = 1
        self.delivered = 0
        self.blocked = False
        self.messages: list[SentMessage] | None = [] if record else None
        self.by_id: dict[int, SentMessage] | None = {} if record else None
        self.log: list[LogEntry] | None = [] if record else None
        self.last_update: JSONDict | None = None
        self._answers: list[JSONDict] | None = None
        self.observer: ChatObserver | None = None

    @property
    def user(self) -> JSONDict:
        """The Telegram ``User`` on the other side of this private chat."""
        if self._user is None:
            return {"id": self.id, "is_bot": False, "first_name": f"User {self.id}"}
        return self._user

    @property
    def chat(self) -> JSONDict:
        """The Telegram ``Chat`` object embedded in every message of this chat."""
        if self._chat is None:
            return {"id": self.id, "type": "private", "first_name": f"User {self.id}"}
        return self._chat

    @property
    def answers(self) -> list[JSONDict]:
        """answerCallbackQuery payloads for this chat's taps (created on first use)."""
        if self._answers is None:
            self._answers = []
        return self._answers

    def take_message_id(self) -> int:
        """Private chats share one id sequence between both sides, as on Telegram."""
        message_id = self.next_message_id
        self.next_message_id = message_id + 1
        return message_id

    def append_log(self, entry: LogEntry) -> int:
        """Add a transcript event; return its sequence number (-1 when not recording)."""
        seq = -1
        if self.log is not None:
            seq = len(self.log)
            self.log.append(entry)
        if self.observer is not None:
            self.observer.on_activity()
        return seq

    def transcript(self) -> list[str]:
        lines: list[str] = []
        for tag, _msg, body, markup in self.log or ():
            if tag == ">":
                lines.append(f"> {body}")
            elif tag == "tap":
                lines.append(f"  (tapped: {body})")
            elif tag == "<":
                lines.append(f"< {body}")
                lines.extend(render_markup(markup))
            elif tag == "edit":
                lines.append(f"< [edited] {body}")
                lines.extend(render_markup(markup))
            elif tag == "del":
                lines.append(f"< [deleted] {body}")
        return lines


def message_body(msg: SentMessage) -> str:
    """How a bot message reads in a transcript line."""
    if msg.kind == "text":
        return msg.text or ""
    if msg.kind == "document":
        body = f"[document] {msg.file_name or ''}".rstrip()
        return f"{body} — {msg.caption}" if msg.caption else body
    if msg.kind == "location":
        location = msg.raw.get("location", {})
        return f"[location] {location.get('latitude')}, {location.get('longitude')}"
    return f"[{msg.kind}] {msg.caption}" if msg.caption else f"[{msg.kind}]"


@dataclass(slots=True)
class StoredFile:
    file_id: str
    file_unique_id: str
    file_path: str
    data: bytes | None
    file_name: str | None
    mime_type: str | None
    size: int

    def api_fields(self, **extra: Any) -> JSONDict:
        """The Bot API object for this file (``PhotoSize``, ``Document``...), with the kind's
        own fields from ``extra`` (None values left out); what the bot and users both send."""
        fields: JSONDict = {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": self.size,
        }
        fields.update({key: value for key, value in extra.items() if value is not None})
        return fields


@dataclass(slots=True)
class PendingQuery:
    chat_id: int
    created: float


class EmulatorState:
    """Chats, files, commands and queued updates, independent of HTTP."""

    def __init__(
        self, *, record_messages: bool, auto_register_chats: bool, first_update_id: int = 1
    ) -> None:
        self.record_messages = record_messages
        self.auto_register_chats = auto_register_chats
        self.chats: dict[int, ChatRecord] = {}
        self.updates = UpdateQueue(first_update_id)
        self.stats = EmulatorStats()
        self.files: dict[str, StoredFile] = {}
        self.file_paths: dict[str, StoredFile] = {}
        self.queries: dict[str, PendingQuery] = {}
        self.callback_query_ttl = 15.0
        self.commands: dict[tuple[str, str], list[JSONDict]] = {}
        self.descriptions: dict[tuple[str, str], str] = {}
        self.menu_buttons: dict[int, JSONDict] = {}  # chat id (0: default) -> menu button
        self.webhook: JSONDict = {}
        self._file_counter = 0
        self._query_counter = 0
        self.clock: Callable[[], float] = time.monotonic
        # Set by whoever runs the bot in-process (bot.harness.LocalBot): True while an update
        # is still being handled, so ``EmulatedUser.wait_idle`` also waits for the commit.
        self.bot_busy: Callable[[], bool] | None = None

    async def bot_settled(self) -> bool:
        """True if the in-process bot (if any) looks idle three times in a row.

        Three looks, because an update crosses from the queue to its handler task in one loop
        step, a moment in which a single look would see nothing in flight.
        """
        busy = self.bot_busy
        if busy is None:
            return True
        for _ in range(3):
            if busy():
                await asyncio.sleep(0.002)
                return False
            await asyncio.sleep(0.001)
        return True

    # ---------------------------------------------------------------------------- chats

    def ensure_chat(
        self,
        chat_id: int,
        first_name: str | None = None,
        *,
        username: str | None = None,
        last_name: str | None = None,
        language_code: str | None = None,
    ) -> ChatRecord:
        record = self.chats.get(chat_id)
        if record is None:
            user: JSONDict | None = None
            if first_name or last_name or username or language_code:
                user = {"id": chat_id, "is_bot": False, "first_name": first_name or "User"}
                if last_name:
                    user["last_name"] = last_name
                if username:
                    user["username"] = username
                if language_code:
                    user["language_code"] = language_code
            record = ChatRecord(chat_id, user, self.record_messages)
            self.chats[chat_id] = record
        return record

    def chat(self, chat_id: object) -> ChatRecord:
        """The chat a method targets, or Telegram's "chat not found"."""
        if chat_id is None or chat_id == "":
            raise bad_request("chat_id is empty")
        if not isinstance(chat_id, int):
            try:
                chat_id = int(str(chat_id))
            except ValueError:
                raise CHAT_NOT_FOUND from None
        record = self.chats.get(chat_id)
        if record is None:
            if not self.auto_register_chats or chat_id <= 0:
                raise CHAT_NOT_FOUND
            record = self.ensure_chat(chat_id)
        return record

    def writable_chat(self, chat_id: object) -> ChatRecord:
        record = self.chat(chat_id)
        if record.blocked:
            raise BLOCKED
        return record

    # ------------------------------------------------------------------------- messages

    def deliver(self, record: ChatRecord, msg: SentMessage) -> None:
        """Count a message as delivered and, when recording, keep it and log it."""
        record.delivered += 1
        self.stats.delivered += 1
        if record.messages is not None and record.by_id is not None:
            record.messages.append(msg)
            record.by_id[msg.message_id] = msg
            msg.seq = record.append_log(("<", msg, message_body(msg), msg.reply_markup))
        elif record.observer is not None:
            record.observer.on_activity()

    def log_edit(self, record: ChatRecord, msg: SentMessage) -> None:
        msg.seq = record.append_log(("edit", msg, message_body(msg), msg.reply_markup))

    def delete(self, record: ChatRecord, message_id: int) -> None:
        if record.by_id is None or record.messages is None:
            if not 0 < message_id < record.next_message_id:
                raise bad_request("message to delete not found")
            return
        msg = record.by_id.pop(message_id, None)
        if msg is None:
            raise bad_request("message to delete not found")
        record.messages.remove(msg)
        record.append_log(("del", msg, message_body(msg), None))

    # ---------------------------------------------------------------------------- updates

    def queue_update(self, record: ChatRecord | None, update: JSONDict) -> int:
        update_id = self.updates.push(update)
        self.stats.updates_queued += 1
        if record is not None:
            record.last_update = update
        return update_id

    def new_query(self, chat_id: int) -> str:
        self._query_counter += 1
        query_id = str(4_100_000_000_000_000 + self._query_counter)
        self.queries[query_id] = PendingQuery(chat_id, self.clock())
        if len(self.queries) > 10_000:
            self._expire_queries()
        return query_id

    def answer_query(self, query_id: str) -> ChatRecord:
        pending = self.queries.pop(query_id, None)
        if pending is None or self.clock() - pending.created > self.callback_query_ttl:
            raise bad_request(
                "query is too old and response timeout expired or query ID is invalid"
            )
        return self.chat(pending.chat_id)

    def _expire_queries(self) -> None:
        cutoff = self.clock() - self.callback_query_ttl
        for query_id in [q for q, p in self.queries.items() if p.created < cutoff]:
            del self.queries[query_id]

    # ------------------------------------------------------------------------------ files

    def store_file(
        self,
        kind: str,
        data: bytes | None,
        *,
        file_name: str | None = None,
        mime_type: str | None = None,
        file_id: str | None = None,
        size: int | None = None,
    ) -> StoredFile:
        """Keep an uploaded (or user-sent) file so getFile and downloads work on it."""
        self._file_counter += 1
        number = self._file_counter
        if file_id is None:
            file_id = f"{_FILE_PREFIX.get(kind, 'BQACAgQAAxkBAA')}{number:08d}"
        extension = ""
        if file_name and "." in file_name:
            extension = "." + file_name.rsplit(".", 1)[1]
        elif kind in _DEFAULT_EXTENSION:
            extension = _DEFAULT_EXTENSION[kind]
        stored = StoredFile(
            file_id=file_id,
            file_unique_id=f"AQAD{number:08d}",
            file_path=f"{kind}s/file_{number}{extension}",
            data=data if self.record_messages else None,
            file_name=file_name,
            mime_type=mime_type,
            size=len(data) if data is not None else (size or 0),
        )
        self.files[file_id] = stored
        self.file_paths[stored.file_path] = stored
        return stored

    # --------------------------------------------------------------------------- commands

    @staticmethod
    def scope_key(scope: object, language_code: object) -> tuple[str, str]:
        """The key of ``commands``: canonical scope JSON and the language code ("" = all)."""
        if not isinstance(scope, dict) or not scope:
            scope = {"type": "default"}
        return json.dumps(scope, sort_keys=True), str(language_code or "")


_FILE_PREFIX = {
    "photo": "AgACAgQAAxkBAA",
    "document": "BQACAgQAAxkBAA",
    "voice": "AwACAgQAAxkBAA",
    "audio": "CQACAgQAAxkBAA",
    "video": "BAACAgQAAxkBAA",
    "sticker": "CAACAgQAAxkBAA",
    "animation": "CgACAgQAAxkBAA",
}
_DEFAULT_EXTENSION = {
    "photo": ".jpg",
    "voice": ".oga",
    "audio": ".mp3",
    "video": ".mp4",
    "sticker": ".webp",
    "animation": ".mp4",
}
