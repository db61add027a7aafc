"""The aiohttp application: routing, body decoding, fault injection and flood limits.

This is the only module that knows about HTTP. Per request it does a token comparison, a
dict lookup for the method, body decoding and one call into ``BotApiMethods``; there is no
per-request logging so that benchmarks measure the bot rather than the emulator.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

from aiohttp import web
from aiohttp.web_request import FileField

from bot.emulator.faults import Fault, FaultInjector, FloodLimits
from bot.emulator.methods import BotApiMethods
from bot.emulator.models import ApiError, JSONDict, Upload
from bot.emulator.params import decode_params
from bot.emulator.state import EmulatorState

log = logging.getLogger(__name__)

MAX_UPLOAD = 50 * 1024 * 1024  # Telegram's limit for files bots upload

# The methods that post a message, counted against the flood limits.
SEND_METHODS = frozenset(
    {
        "sendMessage",
        "sendPhoto",
        "sendDocument",
        "sendVoice",
        "sendAudio",
        "sendVideo",
        "sendAnimation",
        "sendSticker",
        "sendLocation",
    }
)


def _encode(payload: JSONDict) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _json_response(payload: JSONDict, status: int = 200) -> web.Response:
    return web.Response(body=_encode(payload), status=status, content_type="application/json")


def _error_response(error: ApiError) -> web.Response:
    return _json_response(error.payload(), status=error.code)


UNAUTHORIZED = ApiError(401, "Unauthorized")
METHOD_NOT_FOUND = ApiError(404, "Not Found: method not found")
FILE_NOT_FOUND = ApiError(404, "Not Found")


async def read_params(request: web.Request) -> JSONDict:
    """Collect query, JSON, urlencoded or multipart parameters into typed values."""
    raw: dict[str, Any] = dict(request.query) if request.query_string else {}
    if request.can_read_body:
        content_type = request.content_type
        if content_type == "application/json":
            try:
                body = await request.json()
            except ValueError:
                raise ApiError(400, "Bad Request: can't parse JSON") from None
            if not isinstance(body, dict):
                raise ApiError(400, "Bad Request: can't parse JSON")
            raw.update(body)
        elif content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            form = await request.post()
            for name, value in form.items():
                if isinstance(value, FileField):
                    raw[name] = Upload(value.filename, value.content_type, value.file.read())
                else:
                    raw[name] = value
    return decode_params(raw)


class ApiServer:
    """Routes Bot API calls to ``BotApiMethods`` and serves downloads of stored files."""

    def __init__(
        self,
        token: str,
        state: EmulatorState,
        methods: BotApiMethods,
        limits: FloodLimits | None,
    ) -> None:
        self.token = token
        self.state = state
        self.methods = methods
        self.limits = limits
        self.injector = FaultInjector()
        self._unknown_seen: set[str] = set()

    def _warn_unknown(self, method: str) -> None:
        """Say once per name that a method is missing: PTB reports a 404 as InvalidToken."""
        if method not in self._unknown_seen and len(self._unknown_seen) < 100:
            self._unknown_seen.add(method)
            log.warning("Bot API emulator does not implement %r; answering 404", method)

    def build_app(self) -> web.Application:
        app = web.Application(client_max_size=MAX_UPLOAD)
        app.router.add_route("*", "/bot{token}/{method}", self.handle_method)
        app.router.add_route("GET", "/file/bot{token}/{path:.+}", self.handle_file)
        return app

    async def handle_method(self, request: web.Request) -> web.StreamResponse:
        info = request.match_info
        if info["token"] != self.token:
            return _error_response(UNAUTHORIZED)
        methods = self.methods
        name = methods.names.get(info["method"].lower())
        if name is None:
            self._warn_unknown(info["method"])
            return _error_response(METHOD_NOT_FOUND)
        stats = self.state.stats
        stats.requests[name] += 1
        fault = Fault.NONE
        try:
            params = await read_params(request)
            injector = self.injector
            plan = injector.plan
            if (
                plan is not None
                and plan.latency > 0
                and (plan.latency_everywhere or plan.applies_to(name))
            ):
                await asyncio.sleep(plan.latency)
            if plan is not None and plan.applies_to(name):
                fault = injector.draw()
                if fault is Fault.DROP:
                    stats.drops += 1
                    return self._drop(request)
                if fault is Fault.SERVER_ERROR:
                    stats.sent_5xx += 1
                    raise injector.server_error()
                if fault is Fault.RATE_LIMIT:
                    stats.sent_429 += 1
                    raise injector.rate_limit()
                if fault is Fault.TIMEOUT:
                    stats.timeouts += 1
                    return await self._hold(request, plan.timeout_hold)
            if self.limits is not None and name in SEND_METHODS:
                chat_id = params.get("chat_id")
                try:
                    self.limits.check(chat_id if isinstance(chat_id, int) else None)
                except ApiError:
                    stats.sent_429 += 1
                    raise
            handler = methods.sync.get(name)
            if handler is not None:
                result = handler(params)
            else:
                result = await methods.asynchronous[name](params)
        except ApiError as error:
            stats.errors[error.code] += 1
            return _error_response(error)
        if fault in (Fault.LOST_RESPONSE, Fault.TIMEOUT_AFTER):
            if isinstance(result, dict) and isinstance(result.get("message_id"), int):
                chat = result.get("chat")
                chat_id = chat.get("id") if isinstance(chat, dict) else None
                if isinstance(chat_id, int):
                    stats.unanswered.append((chat_id, result["message_id"]))
            if fault is Fault.LOST_RESPONSE:
                stats.lost_responses += 1
                return self._drop(request)
            stats.timeouts += 1
            assert plan is not None
            return await self._hold(request, plan.timeout_hold)
        return _json_response({"ok": True, "result": result})

    async def _hold(self, request: web.Request, seconds: float) -> web.StreamResponse:
        """Answers nothing for ``seconds`` (the client times out first), then drops it."""
        await asyncio.sleep(seconds)
        return self._drop(request)

    @staticmethod
    def _drop(request: web.Request) -> web.StreamResponse:
        """Abort the TCP connection: httpx reports RemoteProtocolError, PTB a NetworkError."""
        transport = request.transport
        if transport is not None:
            transport.abort()
        return web.Response(status=500)

    async def handle_file(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return _error_response(UNAUTHORIZED)
        stored = self.state.file_paths.get(request.match_info["path"])
        if stored is None:
            return _error_response(FILE_NOT_FOUND)
        data = stored.data
        if data is None:
            data = f"emulated file {stored.file_id}".encode()
        return web.Response(body=data, content_type=stored.mime_type or "application/octet-stream")
