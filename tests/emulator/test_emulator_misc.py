"""Text parsing rules, counters-only mode, waiting helpers and the standalone server."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import subprocess
import sys
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)
from telegram.ext import Application

from bot.emulator import ApiError, BotApiEmulator, FaultPlan
from bot.emulator.html import parse_html
from bot.emulator.markdown import parse_markdown_v2
from bot.emulator.text import command_entities, prepare_text

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("source", "mode", "text", "entities"),
    [
        ("<b>Hei</b> &lt;3", "HTML", "Hei <3", [("bold", 0, 3)]),
        ('<a href="https://x.fi">linkki</a>', "HTML", "linkki", [("text_link", 0, 6)]),
        ("😀 <i>ä</i>", "HTML", "😀 ä", [("italic", 3, 1)]),  # offsets in UTF-16 units
        ('<pre><code class="language-py">x</code></pre>', "HTML", "x", [("pre", 0, 1)]),
        (
            "*lihava* _kursiivi_ \\.",
            "MarkdownV2",
            "lihava kursiivi .",
            [("bold", 0, 6), ("italic", 7, 8)],
        ),
        ("||salaisuus||", "MarkdownV2", "salaisuus", [("spoiler", 0, 9)]),
        ("*vanha* tapa.", "Markdown", "vanha tapa.", [("bold", 0, 5)]),
    ],
)
def test_parse_modes(
    source: str, mode: str, text: str, entities: list[tuple[str, int, int]]
) -> None:
    plain, found = prepare_text(source, mode, None)
    assert plain == text
    assert [(e["type"], e["offset"], e["length"]) for e in found] == entities


@pytest.mark.parametrize(
    ("source", "parser", "message"),
    [
        ("<b>kesken", parse_html, 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b>x</i>", parse_html, 'expected "</b>", found "</i>"'),
        ("*kesken", parse_markdown_v2, "Can't find end of Bold entity"),
        ("1+1", parse_markdown_v2, "Character '+' is reserved"),
    ],
)
def test_parse_errors(source: str, parser: object, message: str) -> None:
    with pytest.raises(ApiError) as caught:
        parser(source)  # type: ignore[operator]
    assert caught.value.code == 400
    assert message in caught.value.description


def test_command_entities_use_utf16_offsets() -> None:
    assert command_entities("👋 /apua nyt") == [{"type": "bot_command", "offset": 3, "length": 5}]
    assert command_entities("a/b ei ole komento") == []


async def test_counters_only_mode() -> None:
    async with BotApiEmulator(record_messages=False, auto_register_chats=True) as emu:
        async with Bot(emu.token, base_url=emu.base_url) as bot:
            for chat_id in (5, 6, 6):
                sent = await bot.send_message(chat_id, "hei")
            edited = await bot.edit_message_text("moi", 6, sent.message_id)
            assert not isinstance(edited, bool) and edited.text == "moi"
        assert (emu.delivered_count(5), emu.delivered_count(6), emu.total_delivered) == (1, 2, 3)
        assert emu.chats[6] == [] and emu.transcript(6) == []
        with pytest.raises(RuntimeError, match="record_messages"):
            await emu.user(6).wait_for_message(timeout=0.1)


async def test_wait_helpers(emu: BotApiEmulator, bot: Bot) -> None:
    user = emu.user(1001)
    with pytest.raises(TimeoutError, match="no matching message"):
        await user.wait_for_message(timeout=0.05)
    first = await bot.send_message(1001, "yksi")
    mark = user.mark()
    await bot.send_message(1001, "kaksi")
    assert (await user.wait_for_message()).text == "yksi"
    assert (await user.wait_for_message()).text == "kaksi"
    assert (await user.wait_for_message(after=-1)).text == "yksi"
    assert (await user.wait_for_message(after=mark)).text == "kaksi"
    await bot.edit_message_text("yksi!", 1001, first.message_id)
    assert (await user.wait_for_message(after=user.messages[0].seq - 1)).text == "yksi!"

    async def later() -> None:
        await asyncio.sleep(0.1)
        await bot.send_message(1001, "kolme")

    task = asyncio.create_task(later())
    assert (await user.wait_for_message(lambda m: m.text == "kolme", timeout=2)).text == "kolme"
    await task
    await user.wait_idle(quiet=0.05, timeout=1)


async def test_wait_idle_also_waits_for_a_busy_bot(emu: BotApiEmulator) -> None:
    """A quiet chat is not enough while the in-process bot still handles (and commits)."""
    user = emu.user(1001)
    handling = True
    looks = asyncio.Event()
    counted = 0

    def busy() -> bool:
        nonlocal counted
        counted += 1
        if counted == 5:
            looks.set()
        return handling

    emu.state.bot_busy = busy
    waiter = asyncio.create_task(user.wait_idle(quiet=0.02, timeout=2))
    await asyncio.wait_for(looks.wait(), 2)  # it has asked five times and been told "busy"
    assert not waiter.done()
    handling = False
    await asyncio.wait_for(waiter, 1)
    handling = True
    with pytest.raises(TimeoutError):
        await user.wait_idle(quiet=0.02, timeout=0.2)


async def test_ptb_app_survives_faults_on_get_updates(
    emu: BotApiEmulator,
    echo_app_factory: Callable[[BotApiEmulator], Application],  # type: ignore[type-arg]
) -> None:
    """Polling keeps going through 5xx, 429 and drops (PTB retries getUpdates itself)."""
    emu.faults = FaultPlan(rate_5xx=0.1, rate_drop=0.1, methods=frozenset({"getUpdates"}), seed=3)
    app: Application = echo_app_factory(emu)  # type: ignore[type-arg]
    user = emu.user(1001)
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=1)
        for n in range(5):
            await user.send_text(f"viesti {n}")
            await user.wait_for_message(lambda m, n=n: m.text == f"viesti {n}", timeout=10)  # type: ignore[misc]
        await app.updater.stop()
        await app.stop()
    assert emu.delivered_count(1001) == 5
    assert emu.stats.sent_5xx + emu.stats.drops > 0, emu.stats


def test_standalone_server() -> None:
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.emulator", "--port", "0"],
        cwd=REPO,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stderr is not None
        line = process.stderr.readline()
        match = re.search(r"on (http://127\.0\.0\.1:\d+)", line)
        assert match, line
        url = match.group(1)
        request = urllib.request.Request(
            f"{url}/_emulator/users/1001",
            data=json.dumps({"text": "/start"}).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=5) as response:
            assert json.load(response)["text"] == "/start"
        with urllib.request.urlopen(f"{url}/bot123456:TEST/getUpdates", timeout=5) as response:
            updates = json.load(response)["result"]
        assert updates[0]["message"]["entities"][0]["type"] == "bot_command"
    finally:
        process.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=5)
        if process.poll() is None:
            process.kill()
            process.wait()
        if process.stderr is not None:
            process.stderr.close()


async def test_keyboards_in_transcript_and_url_buttons(emu: BotApiEmulator, bot: Bot) -> None:
    user = emu.user(1001)
    await user.send_location(65.73, 24.56)
    await bot.send_message(
        1001,
        "Jaa sijainti",
        reply_markup=ReplyKeyboardMarkup(
            [[KeyboardButton("📍 Sijainti", request_location=True)], ["Peru"]]
        ),
    )
    await bot.send_message(1001, "Kiitos", reply_markup=ReplyKeyboardRemove())
    await bot.send_message(
        1001,
        "Lue lisää",
        reply_markup=InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton("Sivusto", url="https://example.org"),
                    InlineKeyboardButton("OK", callback_data="ok"),
                ]
            ]
        ),
    )
    assert user.messages[0].raw.get("reply_markup") is None  # Telegram echoes only inline ones
    assert user.buttons() == [[("Sivusto", "https://example.org"), ("OK", "ok")]]
    with pytest.raises(ValueError, match="sends no callback query"):
        await user.tap("Sivusto")
    with pytest.raises(LookupError, match="no inline button"):
        await user.tap("Ei ole")
    query = await user.tap_data("ok", message_id=user.last.message_id)
    assert query["message"]["message_id"] == user.last.message_id
    assert user.transcript() == [
        "> [location] 65.73, 24.56",
        "< Jaa sijainti",
        "  (keyboard) [📍 Sijainti]",
        "  (keyboard) [Peru]",
        "< Kiitos",
        "  (keyboard removed)",
        "< Lue lisää",
        "  [Sivusto] [OK]",
        "  (tapped: OK)",
    ]
    update_id = emu.inject_update(
        {"callback_query": {"id": "1", "from": user.user_dict, "chat_instance": "1", "data": "x"}}
    )
    assert update_id == emu.state.updates.next_id - 1
    assert set(emu.chats) == {1001} and len(emu.chats) == 1
