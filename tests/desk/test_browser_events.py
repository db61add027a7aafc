"""The events page in a real browser (tests/desk/in_browser.py), light and dark: the figures the
coordinator sees are the chat's (/events, /coffee), an event's lists open from its title and
Telegram's Back button returns from them, the filter shows recent events; axe finds nothing
serious, nothing scrolls sideways at 390 px, and no request leaves the app."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.harness import LocalBot
from handlers.desk import texts
from handlers.desk.local import free_port, local_desk_url
from handlers.events import conversation
from storage.models import Role
from tests.browser import LAYOUT_ONLY, THEMES_AND_DATABASES, serious_violations
from tests.desk.events_scenario import (
    BOSS,
    VILLAGE,
    chat_figures,
    coffee_round,
    round_line,
    scenario,
)
from tests.desk.in_browser import open_desk, screenshot, settled
from tests.desk.support import add_person
from tests.events.support import Clock, helsinki
from tests.helpers import has_buttons

pytestmark = pytest.mark.e2e

SKOLT = 802  # a coordinator who reads Skolt Sámi

ROWS = """rows => rows.map(row => [
  row.querySelector("a").dataset.query,
  ...Array.from(row.querySelectorAll("td"), cell => cell.textContent)
])"""
CELLS = "rows => rows.map(row => Array.from(row.querySelectorAll('th, td'), c => c.textContent))"


@pytest.fixture
async def bot(database_url: str) -> AsyncIterator[LocalBot]:
    async with LocalBot(
        database_url,
        clock=Clock(helsinki(3, 1, 9)),
        admins=frozenset({9000}),
        quiet_hours="00:00-00:00",
        desk_url=local_desk_url(free_port()),
    ) as started:
        yield started


async def fits_and_passes(browser: object) -> None:
    """No sideways scroll at 390 px and no serious or critical axe finding."""
    page = browser.page  # type: ignore[attr-defined]
    assert await page.evaluate("document.documentElement.scrollWidth") <= 390
    assert await serious_violations(page) == []


@THEMES_AND_DATABASES
async def test_the_events_page_shows_the_chats_figures(bot: LocalBot, dark: bool) -> None:
    boss, ids = await scenario(bot)
    await coffee_round(bot)
    await boss.send_text("/events")
    chat = chat_figures((await boss.wait_for_message(has_buttons)).text or "")
    await boss.send_text("/coffee")
    overview = (await boss.wait_for_message(has_buttons)).text or ""
    fi = bot.services.catalogs.get("fi", "events")
    desk = bot.services.catalogs.get("fi", "desk")

    async with open_desk(bot, BOSS, language="fi", dark=dark) as browser:
        page = browser.page
        await page.click("#nav-events")  # type: ignore[attr-defined]
        await settled(browser)
        shown = await page.eval_on_selector_all(".events tbody tr", ROWS)  # type: ignore[attr-defined]
        keys = ("invited", "seats", "waiting", "declined", "attended")
        assert [int(query.split("&")[0].removeprefix("event=")) for query, *_ in shown] == [
            ids["upcoming"],
            ids["cancelled"],
        ]
        for query, *cells in shown:
            event_id = int(query.split("&")[0].removeprefix("event="))
            assert chat[event_id] == fi._(conversation.FIGURES) % dict(
                zip(keys, cells, strict=True)
            )
        [_header, row] = await page.eval_on_selector_all(".coffee tr", CELLS)  # type: ignore[attr-defined]
        assert round_line(bot, row) in overview
        await fits_and_passes(browser)
        await screenshot(browser, f"events-{'dark' if dark else 'light'}")

        # An event's lists open from its title; Telegram's Back button returns.
        await page.click(f'a[data-query^="event={ids["upcoming"]}&"]')  # type: ignore[attr-defined]
        await settled(browser)
        lists = await page.eval_on_selector_all(  # type: ignore[attr-defined]
            ".people",
            "found => found.map(s => [s.querySelector('h3').textContent, "
            "Array.from(s.querySelectorAll('li'), li => li.textContent)])",
        )
        assert lists[0] == [
            f"{desk._(texts.SIGNED_UP)} (2)",
            [f"User 3601 ({VILLAGE})", f"User 3602 ({VILLAGE})"],
        ]
        assert lists[1] == [f"{desk._(texts.WAITLIST)} (1)", [f"User 3603 ({VILLAGE})"]]
        assert await page.evaluate("window.__back.visible") is True  # type: ignore[attr-defined]
        await fits_and_passes(browser)
        await page.evaluate("window.__back.handler()")  # type: ignore[attr-defined]
        await page.wait_for_selector(".events table")  # type: ignore[attr-defined]
        await settled(browser)

        # The filter: events of the last 30 days.
        await page.select_option("select[name=when]", "recent")  # type: ignore[attr-defined]
        await page.wait_for_selector(
            ".note >> text=" + desk.counted(texts.RECENT_NOTE, 30) % {"days": "30"}
        )  # type: ignore[attr-defined]
        await settled(browser)
        recent = await page.eval_on_selector_all(".events tbody tr", ROWS)  # type: ignore[attr-defined]
        assert [query.split("&")[0] for query, *_ in recent] == [f"event={ids['past']}"]
        assert chat[ids["past"]] == fi._(conversation.FIGURES) % dict(
            zip(keys, recent[0][1:], strict=True)
        )
        await fits_and_passes(browser)
        assert browser.outside == []


@LAYOUT_ONLY
async def test_the_longest_words_fit_a_phone(bot: LocalBot) -> None:
    """Skolt Sámi's labels are the longest ("Vuârddemlista", "Noorõõttmõõžž"): the list and
    an event's view still fit 390 px and pass axe."""
    _boss, ids = await scenario(bot)
    await coffee_round(bot)
    await add_person(bot, SKOLT, Role.COORDINATOR, language="sms")
    async with open_desk(bot, SKOLT, language="sms") as browser:
        page = browser.page
        await page.click("#nav-events")  # type: ignore[attr-defined]
        await settled(browser)
        assert await page.get_attribute("html", "lang") == "sms"  # type: ignore[attr-defined]
        await fits_and_passes(browser)
        await page.click(f'a[data-query^="event={ids["upcoming"]}&"]')  # type: ignore[attr-defined]
        await settled(browser)
        await fits_and_passes(browser)
        await page.click("#nav-broadcasts")  # type: ignore[attr-defined]
        await settled(browser)
        await fits_and_passes(browser)
        assert browser.outside == []
