"""Webhook mode: Telegram POSTs each update; it is stored in the inbound journal, then 200.

The answer is the confirmation (Telegram forgets an update once it got a 2xx), so it is given
only after the update's row has been committed (``storage.repos.inbound.store``, the poller's
own store): a process killed at any moment loses no update that was answered 200; at its next
start, or within ``bot.journal.SWEEP_EVERY`` seconds in another process (the scheduler's
leader sweeps), an update stored but not handled is handled. A request without the secret
Telegram was given (``X-Telegram-Bot-Api-Secret-Token``, compared in constant time) gets 403
and stores nothing. An update delivered twice (Telegram's retry, or two processes behind a
load balancer) is stored once and handled once: the journal's key and the router's claim.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from typing import Any
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import Response

from bot.config import Settings
from bot.journal import AnyApplication, enqueue
from bot.ops import metrics
from bot.ops.errors import OperatorError
from bot.outbox.client import BotApiClient
from bot.services import Services
from storage.repos import inbound

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_BODY = 1024 * 1024  # an update is a few kilobytes; anything this big is not Telegram's
MAX_CONNECTIONS = 40


class WebhookRefused(OperatorError):
    """Telegram would not take the webhook URL; the message is one line for the operator."""


def secret_of(settings: Settings) -> str:
    """KYLABOT_WEBHOOK_SECRET, or one derived from the token (every process agrees on it)."""
    if settings.webhook_secret is not None:
        return settings.webhook_secret.get_secret_value()
    token = settings.require_token().encode()
    return hmac.new(token, b"kylabot webhook secret", hashlib.sha256).hexdigest()


def path_of(settings: Settings) -> str:
    """The local path served: the path of KYLABOT_WEBHOOK_URL (a proxy passes it unchanged)."""
    assert settings.webhook_url is not None
    return urlsplit(settings.webhook_url).path or "/"


class WebhookReceiver:
    """The ASGI endpoint: check the secret, store, answer, hand the update over."""

    def __init__(self, application: AnyApplication, services: Services) -> None:
        self.application = application
        self.services = services
        self.secret = secret_of(services.settings).encode()

    async def handle(self, request: Request) -> Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, self.secret):
            self._count("forbidden")
            return Response("forbidden\n", status_code=403, media_type="text/plain")
        body = await request.body()
        payload = _update_of(body)
        if payload is None:
            self._count("bad_request")
            return Response("not an update\n", status_code=400, media_type="text/plain")
        try:
            async with self.services.write() as session:
                new = await inbound.store(session, [payload], self.services.now())
        except Exception:
            # Not stored means not confirmed: Telegram sends it again later.
            log.exception("could not store update %s; Telegram will retry", payload["update_id"])
            self._count("error")
            return Response("try again\n", status_code=500, media_type="text/plain")
        if new:
            await enqueue(self.application, payload)
        self._count("stored" if new else "duplicate")
        return Response(status_code=200)

    def _count(self, answer: str) -> None:
        found = metrics.of(self.services)
        if found is not None:
            found.webhook.labels(answer).inc()


def _update_of(body: bytes) -> dict[str, Any] | None:
    if len(body) > MAX_BODY:
        return None
    try:
        payload = json.loads(body)
    except ValueError:
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("update_id"), int):
        return None
    return payload


# --------------------------------------------------------------------- Telegram's side


async def set_webhook(settings: Settings) -> None:
    """Tells Telegram where to send updates, with the secret; WebhookRefused if it will not."""
    assert settings.webhook_url is not None
    params = {
        "url": settings.webhook_url,
        "secret_token": secret_of(settings),
        "max_connections": MAX_CONNECTIONS,
        "drop_pending_updates": False,
    }
    data = await _call(settings, "setWebhook", params)
    if not data.get("ok"):
        raise WebhookRefused(
            f"Telegram refused the webhook URL {settings.webhook_url}: "
            f"{data.get('description', 'no reason given')}; check KYLABOT_WEBHOOK_URL (https, "
            "port 443, 80, 88 or 8443, a certificate Telegram trusts)"
        )


async def delete_webhook(settings: Settings) -> bool:
    """Back to long polling: removes a webhook set earlier (pending updates are kept)."""
    info = await _call(settings, "getWebhookInfo", {})
    if not (info.get("result") or {}).get("url"):
        return False
    await _call(settings, "deleteWebhook", {"drop_pending_updates": False})
    log.info("webhook removed: this process receives updates by long polling")
    return True


async def _call(settings: Settings, method: str, params: dict[str, Any]) -> dict[str, Any]:
    client = BotApiClient(settings.api_url, settings.require_token(), connections=1)
    await client.start()
    try:
        raw, status = await client.request(method, params)
    finally:
        await client.close()
    if status < 0:
        raise ConnectionError(f"no answer from the Bot API to {method}")
    try:
        data = json.loads(raw)
    except ValueError:
        data = {}
    return data if isinstance(data, dict) else {}
