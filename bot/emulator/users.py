"""A scripted Telegram user: sends messages and taps buttons, and watches the bot's replies.

Updates are shaped like the ones real clients cause (command entities, callback queries
carrying the message as it currently is, ``my_chat_member`` on block), so handlers see in
tests what they will see in production.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from typing import Any

from bot.emulator.models import JSONDict, SentMessage, inline_rows
from bot.emulator.state import ChatRecord, EmulatorState, LogEntry
from bot.emulator.text import command_entities

Predicate = Callable[[SentMessage], bool]


class EmulatedUser:
    """One user in a private chat with the bot (chat id == user id, as on Telegram)."""

    def __init__(self, state: EmulatorState, record: ChatRecord, bot_sender: JSONDict) -> None:
        self._state = state
        self._record = record
        self._bot = bot_sender
        self._cursor = -1
        self._waiters: list[asyncio.Event] = []
        self._last_activity = time.monotonic()
        self._photo_counter = 0
        record.observer = self

    # --------------------------------------------------------------------------- identity

    @property
    def id(self) -> int:
        return self._record.id

    @property
    def chat_id(self) -> int:
        return self._record.id

    @property
    def first_name(self) -> str:
        return str(self._record.user["first_name"])

    @property
    def language_code(self) -> str | None:
        value = self._record.user.get("language_code")
        return None if value is None else str(value)

    @property
    def username(self) -> str | None:
        value = self._record.user.get("username")
        return None if value is None else str(value)

    @property
    def user_dict(self) -> JSONDict:
        """The Telegram ``User`` object the bot sees as ``from``."""
        return self._record.user

    def __repr__(self) -> str:
        return f"EmulatedUser(id={self.id}, first_name={self.first_name!r})"

    # ----------------------------------------------------------------------- observation

    @property
    def messages(self) -> list[SentMessage]:
        """Messages the bot sent to this chat, in order, edits applied, deletions removed."""
        return self._record.messages if self._record.messages is not None else []

    @property
    def last(self) -> SentMessage:
        messages = self.messages
        if not messages:
            raise LookupError(f"the bot has not sent anything to chat {self.id}")
        return messages[-1]

    def buttons(self, msg: SentMessage | None = None) -> list[list[tuple[str, str]]]:
        """``(text, callback_data)`` rows of the given (default: latest) message's keyboard."""
        if msg is None:
            if not self.messages:
                return []
            msg = self.messages[-1]
        return msg.buttons

    @property
    def callback_answers(self) -> list[JSONDict]:
        return self._record.answers

    @property
    def blocked(self) -> bool:
        return self._record.blocked

    def transcript(self) -> list[str]:
        return self._record.transcript()

    def events(self) -> list[LogEntry]:
        """The chat's transcript as events: (tag, message, body, markup), the body and markup
        as they were then (``EmulatorState``'s log; empty when not recording)."""
        return list(self._record.log or ())

    def mark(self) -> int:
        """Position in the transcript log, usable as ``wait_for_message(after=...)``."""
        return len(self._record.log) - 1 if self._record.log is not None else -1

    def on_activity(self) -> None:
        self._last_activity = time.monotonic()
        if self._waiters:
            for waiter in self._waiters:
                waiter.set()
            self._waiters.clear()

    async def _wait_change(self, seconds: float) -> None:
        """Sleep until the chat changes or ``seconds`` pass.

        Each waiter has its own Event so nothing outlives the event loop it was made in.
        """
        waiter = asyncio.Event()
        self._waiters.append(waiter)
        try:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(waiter.wait(), seconds)
        finally:
            if waiter in self._waiters:
                self._waiters.remove(waiter)

    async def wait_for_message(
        self,
        predicate: Predicate | None = None,
        timeout: float = 5.0,  # noqa: ASYNC109 - the public API promises this name
        after: int | SentMessage | None = None,
    ) -> SentMessage:
        """Wait for the next message or edit from the bot that satisfies ``predicate``.

        "Next" means after ``after`` (a ``mark()`` or a message, whose latest event is
        used), by default after this user's last action or the last message this method
        returned. Edits count, so a bot answering a tap by editing is awaited the same way.
        """
        log = self._record.log
        if log is None:
            raise RuntimeError("wait_for_message needs BotApiEmulator(record_messages=True)")
        if after is None:
            index = self._cursor + 1
        elif isinstance(after, SentMessage):
            index = after.seq + 1
        else:
            index = int(after) + 1
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            while index < len(log):
                tag, msg, _body, _markup = log[index]
                if (
                    tag in ("<", "edit")
                    and msg is not None
                    and (predicate is None or predicate(msg))
                ):
                    self._cursor = index
                    return msg
                index += 1
            remaining = deadline - loop.time()
            if remaining <= 0:
                tail = "\n".join(self.transcript()[-25:])
                raise TimeoutError(
                    f"no matching message from the bot to {self!r} within {timeout}s; "
                    f"transcript tail:\n{tail}"
                )
            await self._wait_change(remaining)

    async def wait_idle(self, quiet: float = 0.3, timeout: float = 10.0) -> None:  # noqa: ASYNC109
        """Wait until nothing happened in this chat for ``quiet`` seconds.

        With a bot running in-process (``state.bot_busy`` set), also until it has finished
        handling every update: a quiet period alone is a guess that a loaded machine breaks.
        """
        deadline = time.monotonic() + timeout
        while True:
            now = time.monotonic()
            idle_for = now - self._last_activity
            if idle_for >= quiet and await self._state.bot_settled():
                return
            if now >= deadline:
                raise TimeoutError(f"chat {self.id} was still busy after {timeout}s")
            if idle_for < quiet:
                await asyncio.sleep(min(quiet - idle_for, deadline - now))

    # --------------------------------------------------------------------------- actions

    def _check_can_send(self) -> None:
        if self._record.blocked:
            raise RuntimeError(f"{self!r} has blocked the bot; call unblock() first")

    def _send(self, line: str, content: JSONDict) -> JSONDict:
        self._check_can_send()
        record = self._record
        message: JSONDict = {
            "message_id": record.take_message_id(),
            "from": record.user,
            "chat": record.chat,
            "date": int(time.time()),
        }
        message.update(content)
        self._cursor = record.append_log((">", None, line, None))
        self._state.queue_update(record, {"message": message})
        return message

    async def send_text(self, text: str) -> JSONDict:
        """Send a text message; ``/commands`` get bot_command entities like real clients."""
        content: JSONDict = {"text": text}
        entities = command_entities(text)
        if entities:
            content["entities"] = entities
        return self._send(text, content)

    async def send_location(self, latitude: float, longitude: float) -> JSONDict:
        return self._send(
            f"[location] {latitude}, {longitude}",
            {"location": {"latitude": latitude, "longitude": longitude}},
        )

    def _user_file(
        self, kind: str, file_id: str | None, data: bytes | None, **extra: Any
    ) -> JSONDict:
        known = self._state.files.get(file_id) if file_id else None
        if known is None:
            known = self._state.store_file(
                kind,
                data,
                file_id=file_id,
                file_name=extra.get("file_name"),
                mime_type=extra.get("mime_type"),
                size=len(data) if data is not None else 1024,
            )
        return known.api_fields(**extra)

    async def send_photo(
        self, file_id: str | None = None, caption: str | None = None, data: bytes | None = None
    ) -> JSONDict:
        big = self._user_file("photo", file_id, data, width=1280, height=960)
        small = dict(big, width=320, height=240)
        content: JSONDict = {"photo": [small, big]}
        if caption:
            content["caption"] = caption
        return self._send(f"[photo] {caption}" if caption else "[photo]", content)

    async def send_voice(
        self, file_id: str | None = None, duration: int = 3, data: bytes | None = None
    ) -> JSONDict:
        voice = self._user_file("voice", file_id, data, duration=duration, mime_type="audio/ogg")
        return self._send(f"[voice] {duration}s", {"voice": voice})

    async def send_sticker(self, file_id: str | None = None, emoji: str = "👍") -> JSONDict:
        sticker = self._user_file(
            "sticker",
            file_id,
            None,
            type="regular",
            width=512,
            height=512,
            is_animated=False,
            is_video=False,
            emoji=emoji,
        )
        return self._send(f"[sticker] {emoji}", {"sticker": sticker})

    async def send_document(
        self,
        file_id: str | None = None,
        file_name: str = "document.bin",
        data: bytes | None = None,
        mime_type: str | None = None,
        caption: str | None = None,
    ) -> JSONDict:
        document = self._user_file(
            "document", file_id, data, file_name=file_name, mime_type=mime_type
        )
        content: JSONDict = {"document": document}
        if caption:
            content["caption"] = caption
        return self._send(f"[document] {file_name}", content)

    def _find_button(
        self, *, text: str | None = None, data: str | None = None, message_id: int | None = None
    ) -> tuple[SentMessage, str, str]:
        candidates = list(reversed(self.messages))
        if message_id is not None:
            candidates = [m for m in candidates if m.message_id == message_id]
            if not candidates:
                raise LookupError(f"no message {message_id} in chat {self.id}")
        for msg in candidates:
            for row in inline_rows(msg.reply_markup):
                for label, target in row:
                    if (text is not None and label == text) or (
                        data is not None and target == data
                    ):
                        return msg, label, target
        wanted = f"text {text!r}" if text is not None else f"callback_data {data!r}"
        latest = candidates[0].buttons if candidates else []
        raise LookupError(
            f"no inline button with {wanted} in chat {self.id}; latest keyboard: {latest}"
        )

    def _press(self, msg: SentMessage, label: str, data: str) -> JSONDict:
        self._check_can_send()
        button = next(
            b
            for row in (msg.reply_markup or {}).get("inline_keyboard", [])
            for b in row
            if b.get("text") == label and (b.get("callback_data") == data or b.get("url") == data)
        )
        if "callback_data" not in button:
            raise ValueError(f"button {label!r} opens {data!r}; it sends no callback query")
        record = self._record
        query: JSONDict = {
            "id": self._state.new_query(record.id),
            "from": record.user,
            "message": msg.raw,
            "chat_instance": str((record.id * 2654435761) % (1 << 62)),
            "data": data,
        }
        self._cursor = record.append_log(("tap", None, label, None))
        self._state.queue_update(record, {"callback_query": query})
        return query

    async def tap(self, text: str) -> JSONDict:
        """Press the inline button labelled ``text`` on the latest message that has it."""
        msg, label, data = self._find_button(text=text)
        return self._press(msg, label, data)

    async def tap_data(self, data: str, message_id: int | None = None) -> JSONDict:
        """Press the button with ``callback_data == data`` (latest message, or the given one)."""
        msg, label, target = self._find_button(data=data, message_id=message_id)
        return self._press(msg, label, target)

    # --------------------------------------------------------------------------- blocking

    def _member_update(self, old: str, new: str) -> None:
        record = self._record

        def member(status: str) -> JSONDict:
            info: JSONDict = {"user": self._bot, "status": status}
            if status == "kicked":
                info["until_date"] = 0
            return info

        self._state.queue_update(
            None,
            {
                "my_chat_member": {
                    "chat": record.chat,
                    "from": record.user,
                    "date": int(time.time()),
                    "old_chat_member": member(old),
                    "new_chat_member": member(new),
                }
            },
        )

    def block(self, notify: bool = True) -> None:
        """Block the bot: sends then fail with 403; ``notify`` queues my_chat_member."""
        if not self._record.blocked:
            self._record.blocked = True
            if notify:
                self._member_update("member", "kicked")

    def unblock(self, notify: bool = True) -> None:
        if self._record.blocked:
            self._record.blocked = False
            if notify:
                self._member_update("kicked", "member")
