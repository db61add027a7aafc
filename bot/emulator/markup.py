"""Reply markup validation and rendering.

Telegram rejects a whole message when a single button is wrong (most often callback_data
over 64 *bytes*, which Finnish and Sámi labels reach quickly). Validating here means a bot
that passes the emulator will not fail on those in production.
"""

from __future__ import annotations

from typing import Any

from bot.emulator.models import JSONDict, bad_request

MAX_CALLBACK_DATA_BYTES = 64
MAX_BUTTONS = 100
_URL_PREFIXES = ("http://", "https://", "tg://")
_ACTION_FIELDS = (
    "callback_data",
    "url",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)


def _validate_inline(rows: Any) -> JSONDict:
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request("can't parse reply keyboard markup JSON object")
    total = 0
    for row in rows:
        for button in row:
            total += 1
            if not isinstance(button, dict):
                raise bad_request("can't parse inline keyboard button: Object expected")
            text = button.get("text")
            if not isinstance(text, str) or not text.strip():
                raise bad_request("can't parse inline keyboard button: Text must be non-empty")
            if not any(key in button for key in _ACTION_FIELDS):
                raise bad_request("text buttons are unallowed in the inline keyboard")
            data = button.get("callback_data")
            if data is not None:
                size = len(str(data).encode("utf-8"))
                if size == 0 or size > MAX_CALLBACK_DATA_BYTES:
                    raise bad_request("BUTTON_DATA_INVALID")
            url = button.get("url")
            if url is not None and not str(url).startswith(_URL_PREFIXES):
                raise bad_request(f"inline keyboard button URL '{url}' is invalid: Wrong HTTP URL")
    if total > MAX_BUTTONS:
        raise bad_request("reply markup is too long")
    return {"inline_keyboard": rows}


def validate_reply_markup(markup: Any) -> JSONDict | None:
    """Check ``reply_markup`` and return it normalised (or None when absent)."""
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        return _validate_inline(markup["inline_keyboard"])
    if "keyboard" in markup:
        rows = markup["keyboard"]
        if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
            raise bad_request("can't parse reply keyboard markup JSON object")
        for row in rows:
            for button in row:
                text = button if isinstance(button, str) else button.get("text")
                if not isinstance(text, str) or not text:
                    raise bad_request("can't parse keyboard button: Text must be non-empty")
        return dict(markup)
    if markup.get("remove_keyboard") or markup.get("force_reply"):
        return dict(markup)
    raise bad_request("can't parse reply keyboard markup JSON object")


def message_markup(markup: JSONDict | None) -> JSONDict | None:
    """The part of a markup Telegram echoes back in a Message: only inline keyboards."""
    if markup is not None and "inline_keyboard" in markup:
        return markup
    return None


def render_markup(markup: JSONDict | None) -> list[str]:
    """Transcript lines for a markup: ``  [A] [B]`` rows, reply keyboards marked as such."""
    if not markup:
        return []
    if "inline_keyboard" in markup:
        return [
            "  " + " ".join(f"[{button.get('text', '')}]" for button in row)
            for row in markup["inline_keyboard"]
            if row
        ]
    if "keyboard" in markup:
        return [
            "  (keyboard) "
            + " ".join(f"[{b if isinstance(b, str) else b.get('text', '')}]" for b in row)
            for row in markup["keyboard"]
            if row
        ]
    if markup.get("remove_keyboard"):
        return ["  (keyboard removed)"]
    return []
