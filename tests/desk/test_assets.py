"""The desk's static files (handlers/desk/assets.py) and its content policy (shell.csp): only
named files, each with its type and cache; Leaflet from its package; tiles add their host."""

from __future__ import annotations

from pathlib import Path

import pytest
import xstatic.pkg.leaflet as leaflet

from bot.harness import LocalBot
from handlers.desk import assets, shell
from tests.desk.support import DESK_URL, desk_client

pytestmark = pytest.mark.e2e


def test_tiles_add_their_host_to_img_src_and_nothing_else() -> None:
    assert shell.csp(None) == shell.CSP
    assert "img-src 'self' data: blob:;" in shell.CSP
    assert shell.csp("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png") == shell.CSP.replace(
        "blob:;", "blob: https://*.tile.openstreetmap.org;"
    )
    assert shell.csp("https://tiles.example.org:8443/m/{z}/{x}/{y}.png") == shell.CSP.replace(
        "blob:;", "blob: https://tiles.example.org:8443;"
    )


async def test_only_named_files_are_served_with_their_type_and_cache(database_url: str) -> None:
    leaflet_js = f"/desk/static/{assets.LEAFLET}/leaflet.js"
    async with LocalBot(database_url, desk_url=DESK_URL) as bot, desk_client(bot) as client:
        library = await client.get(leaflet_js)
        image = await client.get(f"/desk/static/{assets.LEAFLET}/images/marker-icon.png")
        own = await client.get("/desk/static/phenomena.js")
        refused = [
            (await client.get(f"/desk/static/{name}")).status_code
            for name in (
                f"{assets.LEAFLET}/leaflet.js.map",
                f"{assets.LEAFLET}/../leaflet-1.0.0/leaflet.js",
                "../web.py",
                "%2e%2e/web.py",
                "static/desk.js",
            )
        ]
        frame = await client.get("/desk")
    assert library.content == (Path(leaflet.BASE_DIR) / "leaflet.js").read_bytes()
    assert library.headers["content-type"] == "text/javascript; charset=utf-8"
    assert library.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert library.headers["x-content-type-options"] == "nosniff"
    assert image.headers["content-type"] == "image/png"
    assert own.headers["cache-control"] == "public, max-age=3600"
    assert refused == [404, 404, 404, 404, 404]
    assert frame.headers["content-security-policy"] == shell.CSP


async def test_a_tiles_url_opens_img_src_to_its_host_only(database_url: str) -> None:
    tiles = "https://tiles.example.org/{z}/{x}/{y}.png"
    bot = LocalBot(database_url, desk_url=DESK_URL, desk_tiles_url=tiles)
    async with bot, desk_client(bot) as client:
        frame = await client.get("/desk")
    assert frame.headers["content-security-policy"] == shell.csp(tiles)
    assert "https://tiles.example.org;" in frame.headers["content-security-policy"]
