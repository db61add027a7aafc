"""The broadcasts page in a real browser (tests/desk/in_browser.py), light and dark: each
broadcast's figures are /broadcasts' and its failures by reason the chat summary's, the state
filter narrows the list; axe finds nothing serious, nothing scrolls sideways at 390 px, and no
request leaves the app."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.harness import LocalBot
from handlers.broadcast import texts as words
from handlers.desk import texts
from handlers.desk.local import free_port, local_desk_url
from tests.broadcast.support import Clock, helsinki, tr
from tests.browser import THEMES_AND_DATABASES, serious_violations
from tests.desk.broadcasts_scenario import BOSS, scenario
from tests.desk.in_browser import open_desk, screenshot, settled

pytestmark = pytest.mark.e2e

CARDS = """cards => cards.map(card => ({
  head: card.querySelector("h2").textContent,
  figures: Object.fromEntries(Array.from(card.querySelectorAll(".figures div"),
    item => [item.querySelector("dt").textContent, item.querySelector("dd").textContent])),
  reasons: Array.from(card.querySelectorAll(".reasons li"), item => item.textContent)
}))"""


@pytest.fixture
async def bot(database_url: str) -> AsyncIterator[LocalBot]:
    async with LocalBot(
        database_url,
        clock=Clock(helsinki(2026, 11, 24, 12, 0)),
        quiet_hours="00:00-00:00",
        global_rate=200.0,
        desk_url=local_desk_url(free_port()),
    ) as started:
        yield started


@THEMES_AND_DATABASES
async def test_the_broadcasts_page_shows_the_chats_figures(bot: LocalBot, dark: bool) -> None:
    boss, summary = await scenario(bot)
    await boss.send_text("/broadcasts")
    listing = (await boss.wait_for_message(lambda m: m.text != "/broadcasts")).text or ""
    chat = [block.split("\n   ") for block in listing.split("\n\n")[1:]]
    desk = bot.services.catalogs.get("fi", "desk")
    _ = tr(bot)

    async with open_desk(bot, BOSS, language="fi", dark=dark) as browser:
        page = browser.page
        await page.click("#nav-broadcasts")  # type: ignore[attr-defined]
        await settled(browser)
        cards = await page.eval_on_selector_all(".broadcast", CARDS)  # type: ignore[attr-defined]
        assert [card["head"] for card in cards] == [head for head, _detail in chat]
        sent = cards[2]["figures"]
        figures = {
            "sent": sent[desk._(texts.SENT)],
            "total": sent[desk._(texts.RECIPIENTS)],
            "failed": sent[desk._(texts.FAILED)],
            "blocked": sent[desk._(texts.BLOCKED)],
        }
        assert chat[2][1] == _(words.LIST_FIGURES) % figures
        bullets = [
            line.removeprefix("• ") for line in summary.splitlines() if line.startswith("• ")
        ]
        assert cards[2]["reasons"] == bullets
        assert await page.evaluate("document.documentElement.scrollWidth") <= 390  # type: ignore[attr-defined]
        assert await serious_violations(page) == []
        await screenshot(browser, f"broadcasts-{'dark' if dark else 'light'}")

        await page.select_option("select[name=status]", "scheduled")  # type: ignore[attr-defined]
        await settled(browser)
        [only] = await page.eval_on_selector_all(".broadcast", CARDS)  # type: ignore[attr-defined]
        assert only["head"] == chat[1][0]
        assert await serious_violations(page) == []
        assert browser.outside == []
