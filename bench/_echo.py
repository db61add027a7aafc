"""The baseline: a bare python-telegram-bot application that echoes text, nothing else.

Run as a child process by the foundation suite (``python -m bench._echo``), polling the
emulator named by ``BENCH_API_URL`` / ``BENCH_TOKEN``. Like kylabot it handles up to 256
updates concurrently, so the comparison is the cost of kylabot's router, database
transaction and translations per update, not a difference in PTB settings.
"""

from __future__ import annotations

import asyncio
import os
import signal
from typing import Any

from telegram import Update
from telegram.ext import Application, ApplicationBuilder, ContextTypes, MessageHandler, filters

CONCURRENT_UPDATES = 256


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is not None and message.text is not None:
        await message.reply_text(message.text)


def build(api_url: str, token: str) -> Application[Any, Any, Any, Any, Any, Any]:
    application = (
        ApplicationBuilder()
        .token(token)
        .base_url(f"{api_url}/bot")
        .base_file_url(f"{api_url}/file/bot")
        .concurrent_updates(CONCURRENT_UPDATES)
        .build()
    )
    application.add_handler(MessageHandler(filters.TEXT, echo))
    return application


async def serve() -> None:
    application = build(os.environ["BENCH_API_URL"], os.environ["BENCH_TOKEN"])
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    async with application:
        await application.start()
        assert application.updater is not None
        await application.updater.start_polling(drop_pending_updates=False)
        await stop.wait()
        await application.updater.stop()
        await application.stop()


if __name__ == "__main__":
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    asyncio.run(serve())
