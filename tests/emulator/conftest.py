"""Fixtures for the emulator's own tests: a started emulator and a tiny PTB echo bot."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.emulator import BotApiEmulator


@pytest.fixture(autouse=True)
def _ptb_timedelta(monkeypatch: pytest.MonkeyPatch) -> None:
    """PTB 22 warns (an error under our filterwarnings) when RetryAfter.retry_after is an int.

    Opting in to timedelta durations is what PTB recommends and keeps 429 tests warning-free.
    """
    monkeypatch.setenv("PTB_TIMEDELTA", "true")


@pytest.fixture
async def emu() -> AsyncIterator[BotApiEmulator]:
    async with BotApiEmulator() as emulator:
        yield emulator


@pytest.fixture
async def bot(emu: BotApiEmulator) -> AsyncIterator[Bot]:
    """A bare PTB Bot pointed at the emulator, for checking errors PTB raises."""
    async with Bot(emu.token, base_url=emu.base_url, base_file_url=emu.base_file_url) as ptb:
        yield ptb


async def _start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    args = " ".join(context.args or [])
    keyboard = InlineKeyboardMarkup(
        [
            [InlineKeyboardButton("Suomi", callback_data="lang:fi")],
            [InlineKeyboardButton("English", callback_data="lang:en")],
        ]
    )
    await update.effective_message.reply_html(
        f"<b>Tervetuloa!</b> {args}".strip(), reply_markup=keyboard
    )


async def _language(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None and query.data is not None
    await query.answer("Selvä")
    await query.edit_message_text(f"Kieli: {query.data.split(':', 1)[1]}")


async def _echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    assert message is not None
    if message.location is not None:
        await message.reply_text(f"Sijainti {message.location.latitude:.2f}")
    elif message.text is not None:
        await message.reply_text(message.text)


def build_echo_app(emu: BotApiEmulator) -> Application:  # type: ignore[type-arg]
    app = (
        ApplicationBuilder()
        .token(emu.token)
        .base_url(emu.base_url)
        .base_file_url(emu.base_file_url)
        .build()
    )
    app.add_handler(CommandHandler("start", _start))
    app.add_handler(CallbackQueryHandler(_language, pattern=r"^lang:"))
    app.add_handler(MessageHandler(filters.TEXT | filters.LOCATION, _echo))
    return app


@pytest.fixture
def echo_app_factory() -> Callable[[BotApiEmulator], Application]:  # type: ignore[type-arg]
    return build_echo_app


@pytest.fixture
async def echo_app(emu: BotApiEmulator) -> AsyncIterator[Application]:  # type: ignore[type-arg]
    app = build_echo_app(emu)
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=2)
        yield app
        await app.updater.stop()
        await app.stop()
