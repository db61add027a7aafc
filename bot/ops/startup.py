"""``kylabot run``: reach Telegram, receive updates (long polling or webhook), serve health.

Start-up in the order an operator can follow in the log: the SQLite file is not in use by
another ``run``; the Bot API answers (unreachable: one line and a retry with backoff, then one
line saying when it got through; a refused token: one line and exit 1); the application starts
(a database that cannot be used: one line naming the URL without its password); the HTTP
listener serves /healthz and /metrics (and the webhook); in webhook mode Telegram is told the
URL and the secret (refused: one line and exit 1), in polling mode a webhook left from earlier
is removed. SIGTERM or Ctrl-C stops the listener first (no new updates), then the rest.
"""

from __future__ import annotations

import asyncio
import json
import logging
import signal
import time
from typing import Any

from bot.config import ConfigError, Settings, parse_listen
from bot.ops.errors import OperatorError
from bot.outbox.client import BotApiClient

log = logging.getLogger("kylabot")

BACKOFF_START = 1.0
BACKOFF_CAP = 60.0


class TokenRefused(OperatorError):
    def __init__(self) -> None:
        super().__init__(
            "the Bot API refused the token: check KYLABOT_TOKEN (a token from @BotFather)"
        )


async def get_me(settings: Settings) -> tuple[dict[str, Any] | None, str]:
    """(getMe's result, "") or (None, why not); TokenRefused on 401/404."""
    client = BotApiClient(settings.api_url, settings.require_token(), connections=1, timeout=10)
    await client.start()
    try:
        raw, status = await client.request("getMe", {})
    finally:
        await client.close()
    if status == -1:
        return None, "no answer within 10 s"
    if status == -2:
        return None, "connection failed"
    if status in (401, 404):
        raise TokenRefused()
    try:
        data = json.loads(raw)
    except ValueError:
        data = {}
    if status == 200 and isinstance(data, dict) and data.get("ok"):
        return dict(data.get("result") or {}), ""
    return None, f"HTTP {status}"


async def reach_telegram(
    settings: Settings, *, start: float = BACKOFF_START, cap: float = BACKOFF_CAP
) -> dict[str, Any]:
    """getMe until it answers, backing off 1, 2, 4 … 60 s; says when it got through."""
    began = time.monotonic()
    delay = start
    failures = 0
    while True:
        me, why = await get_me(settings)
        if me is not None:
            if failures:
                log.warning(
                    "reached the Bot API at %s after %d failed attempts (%.0f s)",
                    settings.api_url,
                    failures,
                    time.monotonic() - began,
                )
            return me
        failures += 1
        log.warning(
            "cannot reach the Bot API at %s (%s); retrying in %.0f s", settings.api_url, why, delay
        )
        await asyncio.sleep(delay)
        delay = min(cap, delay * 2)


async def run_bot(settings: Settings, *, webhook: bool = False) -> int:
    # imported here: `kylabot --help` loads neither python-telegram-bot nor uvicorn
    from bot.app import build_application, start_application, stop_application
    from bot.journal import in_flight, recover
    from bot.ops import http, leader
    from bot.ops import webhook as hook
    from bot.services import Services

    settings.require_token()  # before anything else, so a missing token is the only output
    use_webhook = webhook or settings.webhook_url is not None
    if use_webhook and settings.webhook_url is None:
        raise ConfigError(
            "KYLABOT_WEBHOOK_URL is not set: the public https:// URL Telegram sends updates to"
        )
    address = parse_listen(settings.listen)
    if use_webhook and address is None:
        raise ConfigError("KYLABOT_LISTEN is off: webhook mode needs HOST:PORT to listen on")
    lock = leader.single_process_lock(settings.database_url)  # held until the process ends
    me = await reach_telegram(settings)
    if not use_webhook:
        await hook.delete_webhook(settings)
    application = build_application(settings)
    await start_application(application, poll=not use_webhook)
    services: Services = application.bot_data["services"]
    if use_webhook:
        # Before the listener takes new updates: a chat's stored updates go first, in order.
        await recover(application, services, handed=in_flight(application))
    listener = None
    if address is not None:
        path = hook.path_of(settings) if use_webhook else None
        listener = http.HttpListener(http.build_app(services, application, path), *address)
        try:
            await listener.start()
        except OSError as error:
            listener = None
            if use_webhook:
                await stop_application(application)
                raise OperatorError(
                    f"cannot listen on {settings.listen}: {error.strerror}; set KYLABOT_LISTEN"
                ) from None
            log.warning(
                "cannot serve /healthz and /metrics on %s (%s); running without them "
                "(set KYLABOT_LISTEN to another HOST:PORT, or off)",
                settings.listen,
                error.strerror,
            )
    if use_webhook:
        try:
            await hook.set_webhook(settings)
        except OperatorError:
            if listener is not None:
                await listener.stop()
            await stop_application(application)
            raise
    where = f"webhook {settings.webhook_url}" if use_webhook else "long polling"
    served = f"; health and metrics on http://{settings.listen}" if listener else ""
    log.info("@%s running: %s%s", me.get("username", "?"), where, served)

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    await stop.wait()
    if listener is not None:
        await listener.stop()
    await stop_application(application)
    if lock is not None:
        lock.close()
    return 0
