"""The browser harness itself: outside requests are blocked and listed, axe sees violations.

The desk's browser tests rest on these two promises ("every request of the page except to the
app itself is blocked, and none is attempted"; "no serious or critical violation"), so each is
checked here against a page that breaks it on purpose.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiohttp import web

from tests.browser import TELEGRAM_SCRIPT, open_browser, serious_violations

GOOD = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Desk</title>
<script src="https://telegram.org/js/telegram-web-app.js"></script></head>
<body><main><h1>Rounds</h1><p id="who">none</p></main>
<script>document.getElementById("who").textContent = window.Telegram.WebApp.platform;</script>
</body></html>"""

LEAKY = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Leaky</title>
<link rel="stylesheet" href="https://cdn.example.org/leaflet.css"></head>
<body><main><h1>Map</h1><img src="https://tiles.example.org/1/2/3.png">
<p style="color:#777;background:#888">faint</p></main>
<script>fetch("https://api.example.org/x").catch(() => {});</script></body></html>"""

STAND_IN = "window.Telegram = {WebApp: {platform: 'stand-in', initData: ''}};"


@pytest.fixture
async def site() -> AsyncIterator[str]:
    """Serves the two pages on a loopback port."""
    pages = {"/good": GOOD, "/leaky": LEAKY}

    async def serve(request: web.Request) -> web.Response:
        return web.Response(text=pages[request.path], content_type="text/html")

    app = web.Application()
    for path in pages:
        app.router.add_get(path, serve)
    runner = web.AppRunner(app)
    await runner.setup()
    server = web.TCPSite(runner, "127.0.0.1", 0)
    await server.start()
    port = runner.addresses[0][1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
async def test_a_clean_page_attempts_nothing_outside_and_passes_axe(site: str, dark: bool) -> None:
    async with open_browser(site, dark=dark, stand_ins={TELEGRAM_SCRIPT: STAND_IN}) as browser:
        page = browser.page
        await page.goto(f"{site}/good")  # type: ignore[attr-defined]
        assert await page.text_content("#who") == "stand-in"  # type: ignore[attr-defined]
        assert browser.outside == []
        assert await serious_violations(page) == []


async def test_outside_requests_are_blocked_listed_and_axe_reports_the_breakage(site: str) -> None:
    async with open_browser(site) as browser:
        page = browser.page
        await page.goto(f"{site}/leaky", wait_until="networkidle")  # type: ignore[attr-defined]
        assert sorted(browser.outside) == [
            "https://api.example.org/x",
            "https://cdn.example.org/leaflet.css",
            "https://tiles.example.org/1/2/3.png",
        ]
        found = await serious_violations(page)
        assert [line.split(" ")[0] for line in found] == ["color-contrast", "image-alt"]
