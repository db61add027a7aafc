"""The phenomena map and a report in a real browser (tests/desk/in_browser.py): one marker or
cluster count per report, nothing refused by the content policy, no outside request (tiles
unset), no sideways scroll at 390 px, axe in light and dark; a report opened from the list,
its photo shown, an answer delivered to the emulated reporter once, "handled" kept."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
from PIL import Image
from sqlalchemy import select

from bot.emulator import EmulatedUser
from bot.harness import LocalBot
from handlers.desk import phenomena_texts as pt
from handlers.desk.local import free_port, local_desk_url
from handlers.phenomena import coordinator as chat
from handlers.phenomena.replying import FRAME
from storage.models import PhenomenonReport, Role
from tests.browser import THEMES_AND_DATABASES, BrowserSession, serious_violations
from tests.desk.in_browser import open_desk, screenshot, settled
from tests.desk.phenomena.support import add_report
from tests.desk.support import add_person

pytestmark = pytest.mark.e2e

COORDINATOR = 1801
REPORTER = 1811
ANSWER = "Tack, vi har bett kommunen sanda vägen."
# Where the five reports are: two pins in Inari (one anonymous), two without a pin in Kemi
# (both drawn at Kemi's centre), one pin in Rovaniemi.
PLACES = (
    {"pin": (68.90449, 27.0133), "show_name": True, "category": "traffic"},
    {"pin": (68.95, 27.10), "show_name": False, "category": "village"},
    {"municipality": "Kemi", "category": "older"},
    {"municipality": "Kemi", "category": "older"},
    {"pin": (66.50, 25.72), "municipality": "Rovaniemi", "category": "scams"},
)
CSP_WATCH = """() => {
  window.__refused = [];
  document.addEventListener("securitypolicyviolation", (event) => {
    window.__refused.push(event.violatedDirective + " " + event.blockedURI);
  });
}"""
# Single markers count one each; a cluster counts what its icon says.
MARKERS = """() => {
  const singles = document.querySelectorAll(".leaflet-marker-icon.pin").length;
  const clusters = Array.from(document.querySelectorAll(".leaflet-marker-icon.cluster"))
    .map((c) => Number(c.querySelector("[aria-hidden]").textContent));
  return {singles: singles, clusters: clusters};
}"""


def jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (0, 90, 181)).save(buffer, format="JPEG")
    return buffer.getvalue()


@dataclass
class Setup:
    bot: LocalBot
    reporter: EmulatedUser
    first: int


@pytest.fixture
async def setup(database_url: str) -> AsyncIterator[Setup]:
    async with LocalBot(database_url, desk_url=local_desk_url(free_port())) as bot:
        await add_person(bot, COORDINATOR, Role.COORDINATOR, language="en")
        reporter = bot.emulator.user(REPORTER, "Greta", language_code="sv")
        contact = await add_person(bot, REPORTER, Role.CONTACT, language="sv")
        bot.emulator.state.store_file("photo", jpeg(), file_id="photo-road")
        ids = []
        for place in PLACES:
            media = [{"kind": "photo", "file_id": "photo-road"}] if not ids else []
            ids.append(await add_report(bot, contact, media=media, **place))  # type: ignore[arg-type]
        yield Setup(bot, reporter, ids[0])


async def show_map(browser: BrowserSession) -> dict[str, object]:
    page = browser.page
    await page.evaluate(CSP_WATCH)  # type: ignore[attr-defined]
    await page.click("#nav-phenomena")  # type: ignore[attr-defined]
    await settled(browser)
    await page.wait_for_selector(".leaflet-marker-icon.pin, .leaflet-marker-icon.cluster")  # type: ignore[attr-defined]
    # markercluster animates its clusters into place after the map fits the pins
    await page.wait_for_function(  # type: ignore[attr-defined]
        "() => document.querySelectorAll('.leaflet-cluster-anim').length === 0"
    )
    found: dict[str, object] = await page.evaluate(MARKERS)  # type: ignore[attr-defined]
    return found


async def phone_checks(browser: BrowserSession) -> None:
    page = browser.page
    width = await page.evaluate("document.documentElement.scrollWidth")  # type: ignore[attr-defined]
    assert width <= 390
    assert await page.evaluate("window.__refused") == []  # type: ignore[attr-defined]
    assert await serious_violations(page) == []
    assert browser.outside == []


@THEMES_AND_DATABASES
async def test_the_map_shows_one_marker_per_report(setup: Setup, dark: bool) -> None:
    async with open_desk(setup.bot, COORDINATOR, dark=dark) as browser:
        markers = await show_map(browser)
        singles, clusters = markers["singles"], markers["clusters"]
        assert isinstance(singles, int) and isinstance(clusters, list)
        assert singles + sum(clusters) == len(PLACES)
        assert 2 in clusters  # the two reports at Kemi's centre are one place
        page = browser.page
        en = setup.bot.services.catalogs.get("en", "desk")
        assert await page.get_attribute("#phenomena-map", "aria-label") == en._(pt.MAP)  # type: ignore[attr-defined]
        assert await page.text_content(".phenomena-map .hint") == en._(pt.NO_TILES)  # type: ignore[attr-defined]
        labels = await page.eval_on_selector_all(  # type: ignore[attr-defined]
            ".place span", "spans => spans.map(s => s.textContent).sort()"
        )
        assert labels == ["Inari 2", "Kemi 2", "Rovaniemi 1"]
        await phone_checks(browser)
        mode = "dark" if dark else "light"
        await screenshot(browser, f"phenomena-{mode}")
        await open_report(browser, setup.first)
        await phone_checks(browser)
        await screenshot(browser, f"phenomenon-{mode}")


async def open_report(browser: BrowserSession, report: int) -> None:
    """Opens a report from the list under the map and waits for its photo."""
    page = browser.page
    await page.click(f'a[data-page="phenomenon"][data-query="id={report}"]')  # type: ignore[attr-defined]
    await settled(browser)
    await page.wait_for_function(  # type: ignore[attr-defined]
        "() => document.querySelector('.photos img').naturalWidth === 64"
    )


async def test_a_report_is_answered_once_and_marked_handled(setup: Setup) -> None:
    bot = setup.bot
    en = bot.services.catalogs.get("en", "desk")
    async with open_desk(bot, COORDINATOR) as browser:
        page = browser.page
        await show_map(browser)
        await open_report(browser, setup.first)

        await page.fill("#answer-text", ANSWER)  # type: ignore[attr-defined]
        await page.click("form[data-action='phenomenon-answer'] button")  # type: ignore[attr-defined]
        sent = en._(chat.REPLY_SENT) % {"id": setup.first}
        await page.wait_for_function(  # type: ignore[attr-defined]
            "text => document.getElementById('done').textContent === text", arg=sent
        )
        await settled(browser)
        await bot.settle()
        history = await page.text_content(".history")  # type: ignore[attr-defined]
        assert history is not None and ANSWER in history

        await page.click("form[data-action='phenomenon-handled'] button")  # type: ignore[attr-defined]
        marked = en._(pt.MARKED) % {"id": setup.first}
        await page.wait_for_function(  # type: ignore[attr-defined]
            "text => document.getElementById('done').textContent === text", arg=marked
        )
        await page.wait_for_selector("form[data-action='phenomenon-handled']", state="detached")  # type: ignore[attr-defined]
        await settled(browser)
        assert await page.text_content(".facts") is not None  # type: ignore[attr-defined]
        assert browser.outside == []

    async with bot.services.read() as session:
        report = await session.scalar(
            select(PhenomenonReport).where(PhenomenonReport.id == setup.first)
        )
        assert report is not None and report.sent_at is not None
        assert report.handled_at is not None
        sv = bot.services.catalogs.get("sv")
        day = sv.date(report.sent_at.astimezone(bot.services.settings.zone).date())
    assert [m.text for m in setup.reporter.messages] == [
        sv._(FRAME) % {"date": day, "reply": ANSWER}
    ]
