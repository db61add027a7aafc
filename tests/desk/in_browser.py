"""The desk in a real headless Chromium, opened as Telegram opens a Mini App.

``open_desk`` serves the bot's HTTP app on a loopback port and opens ``/desk`` at 390×844 with
Telegram's ``telegram-web-app.js`` answered by a stand-in that hands the page ``initData``
signed for the given person (``telegram=False``: no stand-in, as in a plain browser, so the
desk is read-only and takes ``initData`` from the URL fragment). Every other outside request
is aborted and listed (``tests/browser.py``); tests assert the list stays empty.

``screenshot`` saves a PNG of the page when ``KYLABOT_SCREENSHOTS`` names a folder (README's
pictures are made that way: ``KYLABOT_SCREENSHOTS=docs/desk pytest tests/desk -k browser``).
"""

from __future__ import annotations

import json
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from bot.harness import LocalBot
from handlers.desk.local import desk_link, serve_desk
from tests.browser import TELEGRAM_SCRIPT, BrowserSession, open_browser
from tests.desk.support import init_data


def telegram_stand_in(data: str, scheme: str) -> str:
    """Enough of ``Telegram.WebApp`` for the desk: initData, ready/expand, the Back button
    (its clicks and visibility are recorded on ``window.__back`` for tests)."""
    return f"""
window.__back = {{visible: false, clicks: 0, handler: null}};
window.Telegram = {{WebApp: {{
  initData: {json.dumps(data)}, platform: "stand-in", colorScheme: {json.dumps(scheme)},
  ready: function () {{}}, expand: function () {{}},
  BackButton: {{
    show: function () {{ window.__back.visible = true; }},
    hide: function () {{ window.__back.visible = false; }},
    onClick: function (f) {{ window.__back.handler = f; }}
  }}
}}}};
"""


@asynccontextmanager
async def open_desk(
    bot: LocalBot, user_id: int, *, language: str = "en", dark: bool = False, telegram: bool = True
) -> AsyncIterator[BrowserSession]:
    """The desk opened for ``user_id`` and loaded (its first page shown)."""
    desk_url = bot.settings.desk_url
    assert desk_url is not None and desk_url.startswith("http://127.0.0.1:")
    data = init_data(bot, user_id, language)
    listener = await serve_desk(bot.services)
    try:
        origin = desk_url.removesuffix("/desk")
        stand_ins = {TELEGRAM_SCRIPT: telegram_stand_in(data, "dark" if dark else "light")}
        async with open_browser(origin, dark=dark, stand_ins=stand_ins if telegram else {}) as b:
            page = b.page
            url = desk_url if telegram else desk_link(desk_url, data)
            await page.goto(url)  # type: ignore[attr-defined]
            await settled(b)
            yield b
    finally:
        await listener.stop()


async def settled(browser: BrowserSession) -> None:
    """Waits until the desk has shown a page (its ``aria-busy`` is false again)."""
    await browser.page.wait_for_selector(  # type: ignore[attr-defined]
        "#page[aria-busy='false']", state="attached"
    )


async def screenshot(browser: BrowserSession, name: str) -> None:
    """A full-page PNG into ``$KYLABOT_SCREENSHOTS/<name>.png``, when that is set."""
    folder = os.environ.get("KYLABOT_SCREENSHOTS")
    if not folder:
        return
    os.makedirs(folder, exist_ok=True)
    path = Path(folder) / f"{name}.png"
    await browser.page.screenshot(path=str(path), full_page=True)  # type: ignore[attr-defined]
    small_png(path)


def small_png(path: Path, colours: int = 64) -> None:
    """Rewrites the PNG with a palette of ``colours``: a flat page loses nothing visible and
    the file shrinks to a third or less (README's pictures stay under 150 kB each)."""
    from PIL import Image  # why: only for README's pictures (Pillow comes with matplotlib)

    with Image.open(path) as image:
        reduced = image.convert("RGB").quantize(colours, method=Image.Quantize.MEDIANCUT)
    reduced.save(path, optimize=True)
