"""Headless Chromium for browser tests: Debian's ``chromium`` driven by Playwright, offline.

Playwright's own browser download cannot work on the project's machines (no network but the
package registries), so the tests launch the system browser through ``executable_path``.
Every request the page makes outside the app's own origin is aborted and recorded, so a test
can assert that a page names nothing from a CDN: the one outside file a Mini App may name,
Telegram's ``telegram-web-app.js``, is answered with a stand-in the test passes in, and is then
not counted as an outside request.

A machine without the browser skips these tests with one line saying how to install it;
``.ci/run`` installs it and sets ``KYLABOT_REQUIRE_BROWSER=1``, which turns the skip into a
failure, so CI can never pass by skipping them.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest

TELEGRAM_SCRIPT = "https://telegram.org/js/telegram-web-app.js"
INSTALL = (
    "install Debian's browser with `apt-get install chromium` (or set KYLABOT_CHROMIUM to a "
    "Chromium binary) and the dev extras with `pip install -e '.[dev]'`"
)
# Flags of a quiet, offline headless browser: without the background-networking ones Chromium
# keeps trying to reach Google's hosts, which this machine's closed network refuses.
CHROMIUM_ARGS = (
    "--no-sandbox",  # CI runs as root, where Chromium's sandbox refuses to start
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
)
PHONE = {"width": 390, "height": 844}
# Light on SQLite and dark on PostgreSQL: each theme and each database once, not four runs of
# the same page. The pages' figures are checked on both databases without a browser
# (tests/desk/test_*.py); what the browser adds, layout, contrast and script, is the
# database's business only through those figures.
THEMES_AND_DATABASES = pytest.mark.parametrize(
    ("database_url", "dark"),
    [
        pytest.param("sqlite", False, id="sqlite-light"),
        pytest.param("postgresql", True, id="postgresql-dark", marks=pytest.mark.postgres),
    ],
    indirect=["database_url"],
)
# A page's layout in another language or without Telegram's script: the database adds nothing.
LAYOUT_ONLY = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
SERIOUS = frozenset({"serious", "critical"})


def chromium_or_skip() -> str:
    """The browser binary to launch; skips (or fails, where required) when there is none."""
    path = os.environ.get("KYLABOT_CHROMIUM") or shutil.which("chromium") or ""
    reason = ""
    if not path or not os.access(path, os.X_OK):
        reason = f"headless Chromium not found ({path or 'chromium not on PATH'})"
    else:
        try:
            import playwright.async_api  # noqa: F401  (why: only browser tests need it)
        except ImportError:
            reason = "the playwright package is not installed"
    if not reason:
        return path
    if os.environ.get("KYLABOT_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (KYLABOT_REQUIRE_BROWSER=1): {INSTALL}")
    pytest.skip(f"{reason}: {INSTALL}")


@dataclass
class BrowserSession:
    """One browser context: its page and the outside requests it attempted (all aborted)."""

    page: object  # playwright.async_api.Page; typed loosely so importing this needs no browser
    context: object
    origin: str
    outside: list[str] = field(default_factory=list)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@asynccontextmanager
async def open_browser(
    origin: str,
    *,
    dark: bool = False,
    viewport: Mapping[str, int] = PHONE,
    stand_ins: Mapping[str, str] | None = None,
) -> AsyncIterator[BrowserSession]:
    """A phone-sized page that may talk to ``origin`` only.

    ``stand_ins`` maps an outside URL to the JavaScript served in its place (Telegram's
    script); any other request off ``origin`` is aborted and listed in ``outside``.
    """
    executable = chromium_or_skip()
    from playwright.async_api import Route, async_playwright  # why: optional, see above

    allowed = _origin(origin)
    scripts = dict(stand_ins or {})
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=executable, args=list(CHROMIUM_ARGS)
        )
        try:
            context = await browser.new_context(
                viewport=dict(viewport),  # type: ignore[arg-type]
                color_scheme="dark" if dark else "light",
                locale="fi-FI",
                service_workers="block",
            )
            session = BrowserSession(page=None, context=context, origin=allowed)

            async def guard(route: Route) -> None:
                url = route.request.url
                if url in scripts:
                    await route.fulfill(
                        status=200, content_type="text/javascript", body=scripts[url]
                    )
                elif _origin(url) == allowed or url.startswith(("data:", "blob:")):
                    await route.continue_()
                else:
                    session.outside.append(url)
                    await route.abort("blockedbyclient")

            await context.route("**/*", guard)
            session.page = await context.new_page()
            yield session
        finally:
            await browser.close()


async def serious_violations(page: object) -> list[str]:
    """axe-core's serious and critical findings on the page, one line each (empty: none).

    axe-core comes inside the ``axe-playwright-python`` package and is injected into the page,
    so nothing is fetched.
    """
    from axe_playwright_python.async_playwright import Axe  # why: optional, see above

    results = await Axe().run(page)
    found = []
    for violation in results.response["violations"]:
        if violation.get("impact") in SERIOUS:
            targets = [", ".join(node["target"]) for node in violation["nodes"]]
            found.append(f"{violation['id']} ({violation['impact']}): {'; '.join(targets)}")
    return found
