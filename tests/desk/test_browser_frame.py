"""The desk's frame in a real browser: the signed-in person's language, the navigation, the
read-only notice where Telegram's script is missing, no outside request, no sideways scroll,
and axe in light and dark (tests/desk/in_browser.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.harness import LocalBot
from handlers.desk import texts
from handlers.desk.local import free_port, local_desk_url
from handlers.desk.web import PAGES
from storage.models import Role
from tests.browser import LAYOUT_ONLY, TELEGRAM_SCRIPT, THEMES_AND_DATABASES, serious_violations
from tests.desk.in_browser import open_desk
from tests.desk.support import add_person

pytestmark = pytest.mark.e2e

COORDINATOR = 801


@pytest.fixture
async def bot(database_url: str) -> AsyncIterator[LocalBot]:
    async with LocalBot(database_url, desk_url=local_desk_url(free_port())) as started:
        await add_person(started, COORDINATOR, Role.COORDINATOR, language="sv")
        yield started


@THEMES_AND_DATABASES
async def test_the_desk_opens_in_the_coordinators_language(bot: LocalBot, dark: bool) -> None:
    sv = bot.services.catalogs.get("sv", "desk")
    async with open_desk(bot, COORDINATOR, language="fi", dark=dark) as browser:
        page = browser.page
        assert await page.get_attribute("html", "lang") == "sv"  # type: ignore[attr-defined]
        assert await page.text_content("#title") == sv._(texts.TITLE)  # type: ignore[attr-defined]
        nav = await page.eval_on_selector_all(  # type: ignore[attr-defined]
            "nav a", "links => links.map(a => a.textContent)"
        )
        assert nav == [sv._(p.label) for p in PAGES if p.nav]
        assert await page.text_content("#page .empty") == sv._(texts.NO_ROUNDS)  # type: ignore[attr-defined]
        assert await page.is_hidden("#notice")  # type: ignore[attr-defined]
        width = await page.evaluate("document.documentElement.scrollWidth")  # type: ignore[attr-defined]
        assert width <= 390
        assert browser.outside == []
        assert await serious_violations(page) == []


@LAYOUT_ONLY
async def test_without_telegrams_script_the_desk_shows_read_only(bot: LocalBot) -> None:
    sv = bot.services.catalogs.get("sv", "desk")
    async with open_desk(bot, COORDINATOR, telegram=False) as browser:
        page = browser.page
        assert await page.is_visible("#notice")  # type: ignore[attr-defined]
        assert await page.text_content("#notice") == sv._(texts.READ_ONLY)  # type: ignore[attr-defined]
        assert await page.text_content("#page .empty") == sv._(texts.NO_ROUNDS)  # type: ignore[attr-defined]
        # Telegram's script is the one outside file the page names; here it did not load.
        assert browser.outside == [TELEGRAM_SCRIPT]
