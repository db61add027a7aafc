"""``python -m bot.emulator``: run the emulator standalone for manual experiments."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging

from bot.emulator.emulator import BotApiEmulator

log = logging.getLogger("bot.emulator")


async def _serve(args: argparse.Namespace) -> None:
    emulator = BotApiEmulator(
        token=args.token,
        bot_username=args.username,
        enforce_limits=args.enforce_limits,
        auto_register_chats=True,
    )
    url = await emulator.start(host=args.host, port=args.port)
    log.info(
        "Bot API emulator on %s (token %s): base_url=%s/bot, base_file_url=%s/file/bot; "
        'play a user with: curl -X POST %s/_emulator/users/1001 -d \'{"text": "/start"}\'',
        url,
        args.token,
        url,
        url,
        url,
    )
    try:
        await asyncio.Event().wait()
    finally:
        await emulator.stop()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bot.emulator", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--token", default="123456:TEST")
    parser.add_argument("--username", default="kylabot_demo_bot")
    parser.add_argument("--enforce-limits", action="store_true")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(args))


if __name__ == "__main__":
    main()
