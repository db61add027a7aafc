"""A tiny HTTP control surface under ``/_emulator/`` for the standalone server.

When the emulator runs as ``python -m bot.emulator`` there is no Python process to call
``emu.user(...).send_text(...)`` from, so these endpoints let a person (curl, a browser) play
the user and read the transcript. They are never used by PTB and cost nothing otherwise.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from aiohttp import web

if TYPE_CHECKING:
    from bot.emulator.emulator import BotApiEmulator


def _json(payload: Any, status: int = 200) -> web.Response:
    return web.Response(
        text=json.dumps(payload, ensure_ascii=False, indent=1),
        status=status,
        content_type="application/json",
    )


def add_control_routes(app: web.Application, emulator: BotApiEmulator) -> None:
    async def send(request: web.Request) -> web.Response:
        body = await request.json() if request.can_read_body else {}
        user = emulator.user(
            int(request.match_info["user_id"]),
            first_name=str(body.get("first_name", "Test")),
            language_code=body.get("language_code", "fi"),
        )
        try:
            if "text" in body:
                return _json(await user.send_text(str(body["text"])))
            if "tap" in body:
                return _json(await user.tap(str(body["tap"])))
            if "tap_data" in body:
                return _json(await user.tap_data(str(body["tap_data"])))
            if "location" in body:
                latitude, longitude = body["location"]
                return _json(await user.send_location(float(latitude), float(longitude)))
            if "block" in body:
                # false: the client sends no my_chat_member (some do not on unblocking)
                notify = bool(body.get("notify", True))
                if body["block"]:
                    user.block(notify)
                else:
                    user.unblock(notify)
                return _json({"blocked": user.blocked})
        except (LookupError, ValueError, RuntimeError) as error:
            return _json({"error": str(error)}, status=400)
        return _json({"error": "expected one of text, tap, tap_data, location, block"}, status=400)

    async def transcript(request: web.Request) -> web.Response:
        lines = emulator.transcript(int(request.match_info["chat_id"]))
        return web.Response(text="\n".join(lines) + "\n")

    async def stats(request: web.Request) -> web.Response:
        return _json(emulator.stats.as_dict())

    app.router.add_post("/_emulator/users/{user_id}", send)
    app.router.add_get("/_emulator/chats/{chat_id}/transcript", transcript)
    app.router.add_get("/_emulator/stats", stats)
