"""setChatMenuButton / getChatMenuButton as Telegram answers them, recorded per chat."""

from __future__ import annotations

import httpx
import pytest
from telegram import Bot, MenuButtonDefault, MenuButtonWebApp, WebAppInfo

from bot.emulator import BotApiEmulator

URL = "https://desk.example.test/desk"


async def test_a_web_app_button_is_recorded_per_chat_and_default_clears_it(
    bot: Bot, emu: BotApiEmulator
) -> None:
    desk = MenuButtonWebApp("Desk", WebAppInfo(URL))
    assert await bot.set_chat_menu_button(chat_id=42, menu_button=desk)
    assert emu.menu_button(42) == {"type": "web_app", "text": "Desk", "web_app": {"url": URL}}
    assert emu.menu_button(43) is None
    assert await bot.get_chat_menu_button(chat_id=42) == desk
    assert await bot.get_chat_menu_button(chat_id=43) == MenuButtonDefault()
    assert await bot.set_chat_menu_button(chat_id=42, menu_button=MenuButtonDefault())
    assert emu.menu_button(42) is None


@pytest.mark.parametrize(
    ("button", "error"),
    [
        (
            {"type": "web_app", "text": "", "web_app": {"url": URL}},
            "menu button text must be non-empty",
        ),
        ({"type": "web_app", "text": "Desk", "web_app": {"url": "desk"}}, "BUTTON_URL_INVALID"),
        ({"type": "kiosk"}, "unsupported menu button type"),
    ],
)
async def test_a_malformed_button_is_refused(
    emu: BotApiEmulator, button: dict[str, object], error: str
) -> None:
    async with httpx.AsyncClient(base_url=f"{emu.base_url}{emu.token}/") as client:
        answer = await client.post("setChatMenuButton", json={"chat_id": 42, "menu_button": button})
    assert answer.status_code == 400
    assert answer.json()["description"] == f"Bad Request: {error}"
    assert emu.menu_button(42) is None
