"""Trying the desk without a token: a signed local URL and the listener that serves it.

``kylabot chat --role coordinator`` and ``make demo`` run the bot against the emulator, whose
token signs ``initData`` exactly as Telegram signs it with a real bot's token; the URL carries
it in the fragment (``#tgWebAppData=…``) as Telegram passes it, so a browser on this machine
opens the same desk a coordinator opens from Telegram (read-only: Telegram's script is absent).
"""

from __future__ import annotations

import socket
from datetime import datetime
from urllib.parse import urlencode

from init_data_py import UnsignedInitData, User, sign

from bot.ops.http import HttpListener, build_app
from bot.services import Services

LOOPBACK = "127.0.0.1"


def free_port() -> int:
    """A port free on loopback now (the listener binds it a moment later)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((LOOPBACK, 0))
        port: int = probe.getsockname()[1]
        return port


def local_desk_url(port: int) -> str:
    return f"http://{LOOPBACK}:{port}/desk"


def signed_init_data(
    token: str, user_id: int, first_name: str, language: str, now: datetime
) -> str:
    """``initData`` for the emulated person, signed with the emulator's token."""
    user = User(id=user_id, first_name=first_name, language_code=language)
    return sign(UnsignedInitData(user=user), token, auth_date=now)


def desk_link(desk_url: str, init_data: str) -> str:
    """The desk's URL with ``initData`` in the fragment, where Telegram puts it."""
    fragment = urlencode({"tgWebAppData": init_data, "tgWebAppPlatform": "unknown"})
    return f"{desk_url}#{fragment}"


async def serve_desk(services: Services) -> HttpListener:
    """Starts the process's HTTP app (the desk among it) on ``KYLABOT_DESK_URL``'s port."""
    desk_url = services.settings.desk_url
    assert desk_url is not None
    port = int(desk_url.rsplit(":", 1)[1].split("/", 1)[0])
    listener = HttpListener(build_app(services), LOOPBACK, port)
    await listener.start()
    return listener
