"""getUpdates semantics, update shapes PTB must parse, and request body decoding."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    Message,
    Update,
)
from telegram.ext import Application

from bot.emulator import BotApiEmulator

JSONDict = dict[str, Any]


@pytest.fixture
async def api(emu: BotApiEmulator) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=f"{emu.base_url}{emu.token}/", timeout=10) as client:
        yield client


async def _parked(emu: BotApiEmulator) -> None:
    """Waits until a getUpdates call is parked in the emulator, waiting for an update."""
    deadline = asyncio.get_running_loop().time() + 2
    while asyncio.get_running_loop().time() < deadline:
        if emu.state.updates.waiting:
            return
        await asyncio.sleep(0.001)
    raise AssertionError("no getUpdates call is waiting in the emulator")


async def get_updates(api: httpx.AsyncClient, **params: Any) -> list[JSONDict]:
    response = await api.post("getUpdates", json=params)
    body = response.json()
    assert body["ok"], body
    result: list[JSONDict] = body["result"]
    return result


async def test_offset_confirms_and_limit(emu: BotApiEmulator, api: httpx.AsyncClient) -> None:
    user = emu.user(1001)
    for text in ("a", "b", "c"):
        await user.send_text(text)
    first = await get_updates(api)
    assert [u["message"]["text"] for u in first] == ["a", "b", "c"]
    ids = [u["update_id"] for u in first]
    assert ids == sorted(ids) and len(set(ids)) == 3
    assert await get_updates(api) == first  # not confirmed yet: same batch again
    assert [u["update_id"] for u in await get_updates(api, limit=2)] == ids[:2]
    assert [u["update_id"] for u in await get_updates(api, offset=ids[1])] == ids[1:]
    assert await get_updates(api, offset=ids[2] + 1) == []
    assert emu.pending_updates == 0

    for text in ("d", "e", "f"):
        await user.send_text(text)
    latest = await get_updates(api, offset=-1)
    assert [u["message"]["text"] for u in latest] == ["f"]
    assert [u["message"]["text"] for u in await get_updates(api)] == ["f"]  # d, e forgotten


async def test_long_poll_wakes_on_update_and_times_out(
    emu: BotApiEmulator, api: httpx.AsyncClient
) -> None:
    user = emu.user(1001)
    started = time.monotonic()
    assert await get_updates(api, timeout=1) == []
    assert 0.9 <= time.monotonic() - started < 2

    poll = asyncio.create_task(get_updates(api, timeout=5))
    await _parked(emu)
    assert not poll.done()
    started = time.monotonic()
    await user.send_text("herää")
    updates = await asyncio.wait_for(poll, 2)
    assert time.monotonic() - started < 0.5
    assert updates[0]["message"]["text"] == "herää"


async def test_newer_poll_terminates_older_with_conflict(
    emu: BotApiEmulator, api: httpx.AsyncClient
) -> None:
    older = asyncio.create_task(api.post("getUpdates", json={"timeout": 5}))
    await _parked(emu)
    newer = asyncio.create_task(get_updates(api, timeout=0))
    response = await asyncio.wait_for(older, 2)
    assert response.status_code == 409
    assert response.json()["description"].startswith("Conflict: terminated by other getUpdates")
    assert await newer == []


async def test_allowed_updates_filters_new_updates(
    emu: BotApiEmulator, api: httpx.AsyncClient
) -> None:
    user = emu.user(1001)
    await get_updates(api, allowed_updates=["callback_query"])
    await user.send_text("ignored")
    assert await get_updates(api) == []
    await get_updates(api, allowed_updates=[])
    await user.send_text("seen")
    assert [u["message"]["text"] for u in await get_updates(api)] == ["seen"]


async def test_redeliver_last_update_keeps_update_id(
    emu: BotApiEmulator, api: httpx.AsyncClient
) -> None:
    user = emu.user(1001)
    await user.send_text("/start")
    (original,) = await get_updates(api)
    assert await get_updates(api, offset=original["update_id"] + 1) == []
    assert emu.redeliver_last_update(1001) == original["update_id"]
    (again,) = await get_updates(api, offset=original["update_id"] + 1)
    assert again == original
    assert await get_updates(api, offset=original["update_id"] + 1) == []


async def test_redelivered_update_reaches_the_application_twice(
    emu: BotApiEmulator,
    echo_app: Application,  # type: ignore[type-arg]
) -> None:
    user = emu.user(1001)
    await user.send_text("kerran")
    await user.wait_for_message(lambda m: m.text == "kerran")
    emu.redeliver_last_update(1001)
    await user.wait_for_message(lambda m: m.text == "kerran")  # the echo bot is not idempotent
    assert emu.delivered_count(1001) == 2


async def test_webhook_blocks_polling(emu: BotApiEmulator, api: httpx.AsyncClient) -> None:
    await emu.user(1001).send_text("x")
    await api.post("setWebhook", data={"url": "https://example.invalid/hook"})
    response = await api.post("getUpdates")
    assert response.status_code == 409
    info = (await api.get("getWebhookInfo")).json()["result"]
    assert info["url"] == "https://example.invalid/hook" and info["pending_update_count"] == 1
    await api.post("deleteWebhook", data={"drop_pending_updates": "true"})
    assert await get_updates(api) == []


async def test_every_update_shape_parses_in_ptb(
    emu: BotApiEmulator, api: httpx.AsyncClient, bot: Bot
) -> None:
    user = emu.user(1001, first_name="Aino", language_code="fi", username="aino")
    await user.send_text("/start@kylabot_demo_bot abc /help")
    await user.send_location(65.73, 24.56)
    await user.send_photo(file_id="AgADphoto", caption="revontulet")
    await user.send_voice(file_id="AwADvoice", duration=3)
    await user.send_sticker(file_id="CAADsticker")
    await user.send_document(file_id="BQADdoc", file_name="raportti.pdf")
    await bot.send_message(
        1001,
        "valitse",
        reply_markup=InlineKeyboardMarkup.from_button(
            InlineKeyboardButton("Kyllä", callback_data="yes")
        ),
    )
    await user.tap("Kyllä")
    user.block()
    user.unblock()
    emu.inject_update(
        {
            "message": {
                "message_id": 1,
                "date": 0,
                "chat": {"id": 7, "type": "private"},
                "text": "raw",
            }
        }
    )

    parsed = [Update.de_json(raw, bot) for raw in await get_updates(api)]
    assert len(parsed) == 10
    command, location, photo, voice, sticker, document, tap, blocked, unblocked, raw = parsed
    assert command.effective_user is not None and command.effective_user.username == "aino"
    assert command.message is not None
    assert command.message.parse_entities() == {
        command.message.entities[0]: "/start@kylabot_demo_bot",
        command.message.entities[1]: "/help",
    }
    assert location.message is not None and location.message.location is not None
    assert location.message.location.latitude == pytest.approx(65.73)
    assert photo.message is not None and photo.message.photo[-1].file_id == "AgADphoto"
    assert photo.message.caption == "revontulet"
    assert voice.message is not None and voice.message.voice is not None
    assert sticker.message is not None and sticker.message.sticker is not None
    assert document.message is not None and document.message.document is not None
    assert document.message.document.file_name == "raportti.pdf"
    assert tap.callback_query is not None and tap.callback_query.data == "yes"
    assert isinstance(tap.callback_query.message, Message)
    assert tap.callback_query.message.reply_markup is not None
    assert blocked.my_chat_member is not None
    assert blocked.my_chat_member.new_chat_member.status == "kicked"
    assert unblocked.my_chat_member is not None
    assert unblocked.my_chat_member.new_chat_member.status == "member"
    assert raw.message is not None and raw.message.text == "raw"
    assert [u.update_id for u in parsed] == sorted({u.update_id for u in parsed})
    # user-sent files can be fetched by the bot
    file = await bot.get_file("AgADphoto")
    assert file.file_path is not None


async def test_form_json_and_multipart_bodies(
    emu: BotApiEmulator, api: httpx.AsyncClient, bot: Bot
) -> None:
    user = emu.user(1001)
    markup = {"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]}
    await api.post("sendMessage", json={"chat_id": 1001, "text": "123", "reply_markup": markup})
    await api.post(
        "sendMessage", data={"chat_id": "1001", "text": "456", "reply_markup": json.dumps(markup)}
    )
    await api.post(
        "sendMessage", json={"chat_id": "1001", "text": "789", "reply_markup": json.dumps(markup)}
    )
    response = await api.get("sendMessage", params={"chat_id": "1001", "text": "0"})
    assert response.json()["ok"]
    assert [m.text for m in user.messages] == ["123", "456", "789", "0"]
    assert all(m.reply_markup == markup for m in user.messages[:3])

    payload = b"PK\x03\x04 fake xlsx"
    sent = await bot.send_document(
        1001, InputFile(payload, filename="raportti.xlsx"), caption="Viikko 12"
    )
    assert sent.document is not None and sent.document.file_name == "raportti.xlsx"
    last = user.last
    assert (last.kind, last.file_name, last.file_bytes, last.caption) == (
        "document",
        "raportti.xlsx",
        payload,
        "Viikko 12",
    )
    photo = await bot.send_photo(1001, InputFile(b"\xff\xd8jpeg", filename="kuva.jpg"))
    resent = await bot.send_photo(1001, photo.photo[-1].file_id, caption="uudestaan")
    assert resent.photo[-1].file_id == photo.photo[-1].file_id
    downloaded = await (await bot.get_file(sent.document.file_id)).download_as_bytearray()
    assert bytes(downloaded) == payload
    assert user.transcript()[-3:] == [
        "< [document] raportti.xlsx — Viikko 12",
        "< [photo]",
        "< [photo] uudestaan",
    ]


async def test_commands_chat_and_misc_methods(emu: BotApiEmulator, bot: Bot) -> None:
    emu.user(1001, first_name="Aino")
    commands = [BotCommand("start", "Aloita"), BotCommand("help", "Apua")]
    assert await bot.set_my_commands(commands, language_code="fi")
    assert await bot.set_my_commands(commands[:1], scope=BotCommandScopeChat(1001))
    assert emu.commands[('{"type": "default"}', "fi")] == [
        {"command": "start", "description": "Aloita"},
        {"command": "help", "description": "Apua"},
    ]
    assert emu.commands_for({"type": "chat", "chat_id": 1001}) == [
        {"command": "start", "description": "Aloita"}
    ]
    assert [c.command for c in await bot.get_my_commands(language_code="fi")] == ["start", "help"]
    assert await bot.delete_my_commands(language_code="fi")
    assert await bot.get_my_commands(language_code="fi") == ()
    assert await bot.set_my_description("Kuvaus") and await bot.set_my_short_description("Lyhyt")
    chat = await bot.get_chat(1001)
    assert chat.first_name == "Aino" and chat.type == "private"
    assert await bot.send_chat_action(1001, "typing")
    assert (await bot.get_webhook_info()).url == ""
    me = await bot.get_me()
    assert me.username == "kylabot_demo_bot" and me.id == 123456


async def test_block_and_unblock_over_the_control_surface(
    emu: BotApiEmulator, api: httpx.AsyncClient
) -> None:
    """Blocking answers sends with Telegram's 403 and emits my_chat_member as Telegram shapes
    it; ``notify: false`` plays a client that sends no update on unblocking."""
    async with httpx.AsyncClient(base_url=emu.api_url, timeout=10) as control:
        emu.user(1001, "Aino")
        blocked = await control.post("/_emulator/users/1001", json={"block": True})
        refused = await api.post("sendMessage", json={"chat_id": 1001, "text": "hei"})
        unblocked = await control.post(
            "/_emulator/users/1001", json={"block": False, "notify": False}
        )
        sent = await api.post("sendMessage", json={"chat_id": 1001, "text": "hei"})
    assert (blocked.json(), unblocked.json()) == ({"blocked": True}, {"blocked": False})
    assert (refused.status_code, refused.json()) == (
        403,
        {"ok": False, "error_code": 403, "description": "Forbidden: bot was blocked by the user"},
    )
    assert sent.json()["ok"] is True
    (update,) = await get_updates(api)
    change = update["my_chat_member"]
    assert change["chat"] == {"id": 1001, "type": "private", "first_name": "Aino"}
    assert change["from"]["id"] == 1001
    the_bot = {
        "id": 123456,
        "is_bot": True,
        "first_name": "Kylabot",
        "username": "kylabot_demo_bot",
    }
    assert change["old_chat_member"] == {"user": the_bot, "status": "member"}
    assert change["new_chat_member"] == {"user": the_bot, "status": "kicked", "until_date": 0}
