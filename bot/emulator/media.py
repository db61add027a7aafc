"""The Bot API's media methods (photo, document, voice, audio, video, animation, sticker,
location): a file by upload, by a known file_id or by URL, with its caption and limits."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.emulator.markup import message_markup, validate_reply_markup
from bot.emulator.models import JSONDict, SentMessage, Upload, bad_request
from bot.emulator.state import ChatRecord, EmulatorState, StoredFile
from bot.emulator.text import prepare_text

# Passed to ``EmulatorState.deliver`` when messages are not recorded.
NO_MESSAGE = SentMessage(message_id=0, chat_id=0, text=None)
NewMessage = Callable[[ChatRecord], tuple[JSONDict, int]]


def deliver_new(
    state: EmulatorState,
    record: ChatRecord,
    raw: JSONDict,
    params: JSONDict,
    markup: JSONDict | None,
    now: int,
    **fields: Any,
) -> JSONDict:
    """Finishes a message the bot sent and puts it in the chat; returns what the method returns.

    Every kind of message takes its keyboard and content protection from the parameters, and
    is recorded (with ``fields``: text, kind, caption, file) only when the emulator records
    messages; otherwise it is just counted.
    """
    inline = message_markup(markup)
    if inline is not None:
        raw["reply_markup"] = inline
    if params.get("protect_content"):
        raw["has_protected_content"] = True
    if record.messages is None:
        state.deliver(record, NO_MESSAGE)
        return raw
    message = SentMessage(
        message_id=raw["message_id"],
        chat_id=record.id,
        reply_markup=markup,
        date=now,
        raw=raw,
        **fields,
    )
    state.deliver(record, message)
    return raw


class MediaMethods:
    def __init__(self, state: EmulatorState, new_message: NewMessage) -> None:
        self.state = state
        self.new_message = new_message

    def _resolve_file(self, kind: str, value: object) -> StoredFile:
        state = self.state
        if isinstance(value, Upload):
            return state.store_file(
                kind, value.data, file_name=value.filename, mime_type=value.content_type
            )
        if isinstance(value, str) and value:
            known = state.files.get(value)
            if known is not None:
                return known
            if value.startswith(("http://", "https://")):
                name = value.rsplit("/", 1)[-1] or None
                return state.store_file(kind, None, file_name=name)
            raise bad_request("wrong file identifier/HTTP URL specified")
        raise bad_request(f"there is no {kind} in the request")

    def _send_media(self, params: JSONDict, kind: str, build: Callable[[StoredFile], Any]) -> Any:
        record = self.state.writable_chat(params.get("chat_id"))
        caption, caption_entities = prepare_text(
            params.get("caption"),
            params.get("parse_mode"),
            params.get("caption_entities"),
            caption=True,
        )
        markup = validate_reply_markup(params.get("reply_markup"))
        stored = self._resolve_file(kind, params.get(kind))
        raw, now = self.new_message(record)
        raw[kind] = build(stored)
        if caption:
            raw["caption"] = caption
            if caption_entities:
                raw["caption_entities"] = caption_entities
        return deliver_new(
            self.state,
            record,
            raw,
            params,
            markup,
            now,
            text=None,
            kind=kind,
            caption=caption or None,
            file_name=stored.file_name,
            file_bytes=stored.data,
            parse_mode=params.get("parse_mode"),
            file_id=stored.file_id,
        )

    def send_photo(self, params: JSONDict) -> JSONDict:
        def build(stored: StoredFile) -> list[JSONDict]:
            return [stored.api_fields(width=1280, height=960)]

        result: JSONDict = self._send_media(params, "photo", build)
        return result

    def send_document(self, params: JSONDict) -> JSONDict:
        def build(stored: StoredFile) -> JSONDict:
            return stored.api_fields(file_name=stored.file_name, mime_type=stored.mime_type)

        result: JSONDict = self._send_media(params, "document", build)
        return result

    def _send_timed(self, params: JSONDict, kind: str, **extra: Any) -> JSONDict:
        duration = int(params.get("duration") or 0)

        def build(stored: StoredFile) -> JSONDict:
            return stored.api_fields(duration=duration, **extra)

        result: JSONDict = self._send_media(params, kind, build)
        return result

    def send_voice(self, params: JSONDict) -> JSONDict:
        return self._send_timed(params, "voice", mime_type="audio/ogg")

    def send_audio(self, params: JSONDict) -> JSONDict:
        return self._send_timed(params, "audio")

    def send_video(self, params: JSONDict) -> JSONDict:
        return self._send_timed(params, "video", width=640, height=480)

    def send_animation(self, params: JSONDict) -> JSONDict:
        return self._send_timed(params, "animation", width=320, height=240)

    def send_sticker(self, params: JSONDict) -> JSONDict:
        def build(stored: StoredFile) -> JSONDict:
            return stored.api_fields(
                type="regular", width=512, height=512, is_animated=False, is_video=False
            )

        result: JSONDict = self._send_media(params, "sticker", build)
        return result

    def send_location(self, params: JSONDict) -> JSONDict:
        record = self.state.writable_chat(params.get("chat_id"))
        try:
            latitude = float(params["latitude"])
            longitude = float(params["longitude"])
        except (KeyError, TypeError, ValueError):
            raise bad_request("wrong latitude or longitude specified") from None
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            raise bad_request("wrong latitude or longitude specified")
        markup = validate_reply_markup(params.get("reply_markup"))
        raw, now = self.new_message(record)
        raw["location"] = {"latitude": latitude, "longitude": longitude}
        return deliver_new(self.state, record, raw, params, markup, now, text=None, kind="location")

    # ----------------------------------------------------------------------------- misc
