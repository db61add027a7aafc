"""setChatMenuButton and getChatMenuButton: the button beside a private chat's input field.

Recorded per chat so tests can assert what a person's menu button is (the coordinator desk's
Web App button, issue 17); checked as Telegram checks it, so a malformed button fails here and
not only in production.
"""

from __future__ import annotations

from bot.emulator.models import JSONDict, bad_request
from bot.emulator.state import EmulatorState

DEFAULT: JSONDict = {"type": "default"}
_URL_PREFIXES = ("https://", "http://")


def _checked(button: object) -> JSONDict:
    if button is None:
        return dict(DEFAULT)
    if not isinstance(button, dict):
        raise bad_request("can't parse menu button JSON object")
    kind = button.get("type")
    if kind in ("default", "commands"):
        return {"type": kind}
    if kind != "web_app":
        raise bad_request("unsupported menu button type")
    text = button.get("text")
    web_app = button.get("web_app")
    if not isinstance(text, str) or not text.strip():
        raise bad_request("menu button text must be non-empty")
    url = web_app.get("url") if isinstance(web_app, dict) else None
    if not isinstance(url, str) or not url.startswith(_URL_PREFIXES):
        raise bad_request("BUTTON_URL_INVALID")
    return {"type": "web_app", "text": text, "web_app": {"url": url}}


class MenuButtons:
    def __init__(self, state: EmulatorState) -> None:
        self.state = state

    def set_chat_menu_button(self, params: JSONDict) -> bool:
        button = _checked(params.get("menu_button"))
        chat_id = int(params.get("chat_id") or 0)  # 0: the bot's default for every chat
        if button == DEFAULT:
            self.state.menu_buttons.pop(chat_id, None)
        else:
            self.state.menu_buttons[chat_id] = button
        return True

    def get_chat_menu_button(self, params: JSONDict) -> JSONDict:
        chat_id = int(params.get("chat_id") or 0)
        return self.state.menu_buttons.get(chat_id) or self.state.menu_buttons.get(0) or DEFAULT
