"""Decoding request parameters the way the Bot API does.

PTB sends form-encoded or multipart bodies in which every non-string value is a JSON
string (see ``telegram.request.RequestParameter.json_value``): ``chat_id=42``,
``reply_markup={"inline_keyboard": ...}``, ``disable_notification=true``. Strings are sent
raw, so a text of ``"123"`` must stay a string: decoding is therefore by parameter name,
never by guessing from the value. JSON bodies arrive typed but may still carry
JSON-encoded strings for structured fields, which are decoded the same way.
"""

from __future__ import annotations

import json
from typing import Any

from bot.emulator.models import JSONDict, bad_request

JSON_FIELDS = frozenset(
    {
        "reply_markup",
        "entities",
        "caption_entities",
        "scope",
        "commands",
        "allowed_updates",
        "reply_parameters",
        "link_preview_options",
        "media",
        "results",
        "options",
        "permissions",
        "menu_button",
        "message_ids",
        "reaction",
    }
)
INT_FIELDS = frozenset(
    {
        "message_id",
        "offset",
        "limit",
        "timeout",
        "duration",
        "width",
        "height",
        "cache_time",
        "user_id",
        "message_thread_id",
        "reply_to_message_id",
        "max_connections",
        "live_period",
        "heading",
        "proximity_alert_radius",
    }
)
FLOAT_FIELDS = frozenset({"latitude", "longitude", "horizontal_accuracy"})
BOOL_FIELDS = frozenset(
    {
        "disable_notification",
        "protect_content",
        "show_alert",
        "disable_web_page_preview",
        "drop_pending_updates",
        "allow_sending_without_reply",
        "has_spoiler",
        "disable_content_type_detection",
        "show_caption_above_media",
        "allow_paid_broadcast",
    }
)
_TRUE = frozenset({"true", "1", "True"})


def decode_value(name: str, value: Any) -> Any:
    """Turn one wire value into the type the method expects, by parameter name."""
    if not isinstance(value, str):
        return value
    if name in JSON_FIELDS:
        try:
            return json.loads(value)
        except ValueError:
            if name == "reply_markup":
                raise bad_request("can't parse reply keyboard markup JSON object") from None
            raise bad_request(f"can't parse {name} JSON object") from None
    if name == "chat_id" or name == "from_chat_id":
        if value.lstrip("-").isdigit():
            return int(value)
        return value
    if name in INT_FIELDS:
        try:
            return int(value)
        except ValueError:
            raise bad_request(f"invalid {name} specified") from None
    if name in FLOAT_FIELDS:
        try:
            return float(value)
        except ValueError:
            raise bad_request(f"invalid {name} specified") from None
    if name in BOOL_FIELDS:
        return value in _TRUE
    return value


def decode_params(raw: dict[str, Any]) -> JSONDict:
    return {name: decode_value(name, value) for name, value in raw.items()}
