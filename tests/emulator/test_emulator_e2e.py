"""The real PTB Application, driven over HTTP through the emulator."""

from __future__ import annotations

import pytest
from telegram.ext import Application

from bot.emulator import BotApiEmulator

pytestmark = pytest.mark.e2e


async def test_start_tap_edit_transcript(
    emu: BotApiEmulator,
    echo_app: Application,  # type: ignore[type-arg]
) -> None:
    user = emu.user(user_id=1001, first_name="Aino", language_code="fi")
    await user.send_text("/start abc")
    welcome = await user.wait_for_message()
    assert welcome.text == "Tervetuloa! abc"
    assert welcome.entities == [{"type": "bold", "offset": 0, "length": 11}]
    assert user.buttons() == [[("Suomi", "lang:fi")], [("English", "lang:en")]]

    await user.tap("Suomi")
    edited = await user.wait_for_message()
    assert edited is welcome
    assert edited.text == "Kieli: fi"
    assert edited.edited == 1
    assert edited.reply_markup is None  # editMessageText without markup drops the keyboard
    await user.wait_idle(quiet=0.1)
    assert user.callback_answers[0]["text"] == "Selvä"

    await user.send_text("moi")
    echo = await user.wait_for_message(lambda m: m.text == "moi")
    assert echo.message_id > welcome.message_id
    assert user.transcript() == [
        "> /start abc",
        "< Tervetuloa! abc",
        "  [Suomi]",
        "  [English]",
        "  (tapped: Suomi)",
        "< [edited] Kieli: fi",
        "> moi",
        "< moi",
    ]
    assert emu.transcript(1001) == user.transcript()
    assert emu.chats[1001] is user.messages
    assert emu.delivered_count(1001) == 2
    assert emu.stats.requests["answerCallbackQuery"] == 1
