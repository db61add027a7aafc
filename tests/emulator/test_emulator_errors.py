"""Telegram's error responses, as python-telegram-bot sees them."""

from __future__ import annotations

import datetime as dtm
import random

import httpx
import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
)

from bot.emulator import BotApiEmulator, FaultPlan

CHAT = 1001


@pytest.fixture
def user_id(emu: BotApiEmulator) -> int:
    emu.user(user_id=CHAT, first_name="Aino")
    return CHAT


async def test_text_length_counts_utf16_after_markup(bot: Bot, user_id: int) -> None:
    await bot.send_message(user_id, "x" * 4096)
    await bot.send_message(user_id, "😀" * 2048)  # 4096 UTF-16 code units
    await bot.send_message(user_id, "<b>" + "y" * 4096 + "</b>", parse_mode=ParseMode.HTML)
    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.send_message(user_id, "x" * 4097)
    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.send_message(user_id, "😀" * 2049)


async def test_empty_text(bot: Bot, user_id: int) -> None:
    for text in ("", "   \n "):
        with pytest.raises(BadRequest, match="Message text is empty"):
            await bot.send_message(user_id, text)
    with pytest.raises(BadRequest, match="Message text is empty"):
        await bot.send_message(user_id, "<b> </b>", parse_mode=ParseMode.HTML)


async def test_callback_data_limit_is_64_bytes(bot: Bot, emu: BotApiEmulator, user_id: int) -> None:
    ok = "ä" * 32  # 64 bytes
    too_long = "Sámegiella-čđŋšŧž-" + "á" * 20  # < 64 characters but > 64 bytes
    assert len(too_long) < 64 < len(too_long.encode())
    await bot.send_message(
        user_id,
        "ok",
        reply_markup=InlineKeyboardMarkup.from_button(InlineKeyboardButton("A", callback_data=ok)),
    )
    with pytest.raises(BadRequest, match="Button_data_invalid"):
        await bot.send_message(
            user_id,
            "no",
            reply_markup=InlineKeyboardMarkup.from_button(
                InlineKeyboardButton("B", callback_data=too_long)
            ),
        )
    assert emu.delivered_count(user_id) == 1


async def test_blocked_user_gets_forbidden(bot: Bot, emu: BotApiEmulator, user_id: int) -> None:
    user = emu.user(user_id)
    user.block()
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(user_id, "hei")
    with pytest.raises(Forbidden):
        await bot.send_chat_action(user_id, "typing")
    user.unblock()
    await bot.send_message(user_id, "hei taas")
    assert [m.text for m in user.messages] == ["hei taas"]


async def test_429_from_fault_plan(bot: Bot, emu: BotApiEmulator, user_id: int) -> None:
    emu.faults = FaultPlan(rate_429=1.0, retry_after=3)
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(user_id, "hei")
    assert caught.value.retry_after == dtm.timedelta(seconds=3)
    assert emu.stats.sent_429 == 1
    assert emu.total_delivered == 0  # faulted sends are not delivered
    await bot.get_me()  # other methods are untouched by the default plan


async def test_5xx_is_network_error(bot: Bot, emu: BotApiEmulator, user_id: int) -> None:
    emu.faults = FaultPlan(rate_5xx=1.0, seed=1)
    for _ in range(4):
        with pytest.raises(NetworkError) as caught:
            await bot.send_message(user_id, "hei")
        assert str(caught.value) in ("Internal Server Error", "Bad Gateway")
    assert emu.stats.sent_5xx == 4
    assert emu.total_delivered == 0


async def test_dropped_connection_is_network_error(
    bot: Bot, emu: BotApiEmulator, user_id: int
) -> None:
    emu.faults = FaultPlan(rate_drop=1.0)
    with pytest.raises(NetworkError, match="RemoteProtocolError"):
        await bot.send_message(user_id, "hei")
    assert emu.stats.drops == 1
    assert emu.total_delivered == 0
    emu.faults = None
    await bot.send_message(user_id, "hei")  # the client recovers on a new connection
    assert emu.total_delivered == 1


async def test_lost_response_is_delivered_but_raises(
    bot: Bot, emu: BotApiEmulator, user_id: int
) -> None:
    emu.faults = FaultPlan(rate_lost_response=1.0)
    with pytest.raises(NetworkError):
        await bot.send_message(user_id, "hei")
    assert emu.delivered_count(user_id) == 1
    assert emu.stats.lost_responses == 1


async def test_timeout_holds_past_the_client_and_lists_what_it_delivered(
    emu: BotApiEmulator, user_id: int
) -> None:
    emu.faults = FaultPlan(rate_timeout=1.0, timeout_hold=0.5, seed=5)
    async with httpx.AsyncClient(base_url=f"{emu.base_url}{emu.token}/", timeout=0.1) as client:
        for n in range(8):
            with pytest.raises(httpx.TimeoutException):
                await client.post("sendMessage", data={"chat_id": str(user_id), "text": f"m{n}"})
    # Each request drew twice: the fault, then whether the method ran before the hold.
    rng = random.Random(5)
    ran = sum(1 for _ in range(8) if (rng.random(), rng.random())[1] < 0.5)
    assert ran == 3  # this seed gives both kinds: 3 delivered, 5 not
    assert emu.stats.timeouts == 8
    assert emu.total_delivered == ran
    user = emu.user(user_id)
    assert emu.stats.unanswered == [(user_id, m.message_id) for m in user.messages]


async def test_faults_are_reproducible(emu: BotApiEmulator, user_id: int) -> None:
    async def outcomes() -> list[int]:
        emu.faults = FaultPlan(rate_429=0.3, rate_5xx=0.2, seed=42)
        codes = []
        async with httpx.AsyncClient(base_url=f"{emu.base_url}{emu.token}/") as client:
            for _ in range(30):
                response = await client.post("sendMessage", data={"chat_id": "1001", "text": "x"})
                codes.append(response.status_code)
        return codes

    first, second = await outcomes(), await outcomes()
    assert first == second
    assert {200, 429} <= set(first)


async def test_wrong_token_and_unknown_method(emu: BotApiEmulator) -> None:
    async with httpx.AsyncClient() as client:
        response = await client.post(f"{emu.base_url}999:WRONG/getMe")
        assert response.status_code == 401
        assert response.json() == {"ok": False, "error_code": 401, "description": "Unauthorized"}
        response = await client.get(f"{emu.base_url}{emu.token}/frobnicate")
        assert response.status_code == 404
        assert response.json() == {
            "ok": False,
            "error_code": 404,
            "description": "Not Found: method not found",
        }
    with pytest.raises(InvalidToken, match="rejected by the server"):
        async with Bot("999:WRONG", base_url=emu.base_url):
            pass


async def test_unknown_method_through_ptb(bot: Bot) -> None:
    with pytest.raises(EndPointNotFound):
        await bot.do_api_request("frobnicate")


async def test_edit_errors(bot: Bot, emu: BotApiEmulator, user_id: int) -> None:
    sent = await bot.send_message(user_id, "*moi*", parse_mode=ParseMode.MARKDOWN_V2)
    with pytest.raises(BadRequest, match="Message is not modified: specified new message"):
        await bot.edit_message_text("moi", user_id, sent.message_id, entities=sent.entities)
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_text("<b>moi</b>", user_id, sent.message_id, parse_mode="HTML")
    edited = await bot.edit_message_text("moi!", user_id, sent.message_id)
    assert not isinstance(edited, bool)
    assert edited.text == "moi!" and edited.edit_date is not None
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("x", user_id, 9999)
    with pytest.raises(BadRequest, match="Message to delete not found"):
        await bot.delete_message(user_id, 9999)
    assert await bot.delete_message(user_id, sent.message_id)
    assert emu.user(user_id).messages == []
    assert emu.transcript(user_id) == ["< moi", "< [edited] moi!", "< [deleted] moi!"]


async def test_chat_not_found_and_markup_errors(bot: Bot, user_id: int) -> None:
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(424242, "hei")
    with pytest.raises(BadRequest, match=r"Can't parse entities: character '\.' is reserved"):
        await bot.send_message(user_id, "Hei.", parse_mode=ParseMode.MARKDOWN_V2)
    with pytest.raises(BadRequest, match='unsupported start tag "br"'):
        await bot.send_message(user_id, "a<br>b", parse_mode=ParseMode.HTML)
    with pytest.raises(BadRequest, match="Text buttons are unallowed"):
        await bot.send_message(
            user_id, "x", reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("A")]])
        )


async def test_query_too_old(bot: Bot, emu: BotApiEmulator, user_id: int) -> None:
    with pytest.raises(BadRequest, match="Query is too old"):
        await bot.answer_callback_query("123")
    user = emu.user(user_id)
    await bot.send_message(
        user_id,
        "x",
        reply_markup=InlineKeyboardMarkup.from_button(InlineKeyboardButton("A", callback_data="a")),
    )
    query = await user.tap("A")
    assert await bot.answer_callback_query(query["id"], text="ok", show_alert=True)
    assert user.callback_answers[0]["show_alert"] is True
    with pytest.raises(BadRequest, match="Query is too old"):
        await bot.answer_callback_query(query["id"])  # answering twice
    emu.callback_query_ttl = 0.0
    query = await user.tap("A")
    with pytest.raises(BadRequest, match="Query is too old"):
        await bot.answer_callback_query(query["id"])
