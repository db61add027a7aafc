"""The rounds page in a real browser, opened as Telegram opens the desk, over a round made
through the emulator: the chat report's figures (26/8/2 over 36 measures reads 72/22/6 %, every
theme's counts and their change since the round before), "Remind" reaching exactly the people
who have not answered, once, "Send this to my chat" delivering the workbook of what is on
screen, the Back button walking the desk's history, and the refusals a contact and a stale
sign-in get. No outside request, no sideways scroll at 390 px, axe in light and dark."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
from openpyxl import load_workbook

from bot.harness import LocalBot
from handlers.checkin.seed import load_seed
from handlers.desk import texts
from handlers.desk.auth import ACTION_MAX_AGE
from handlers.desk.local import free_port, local_desk_url
from tests.browser import LAYOUT_ONLY, THEMES_AND_DATABASES, BrowserSession, serious_violations
from tests.desk.in_browser import open_desk, screenshot
from tests.desk.rounds_support import (
    ANSWERED,
    COORDINATOR,
    MONDAY,
    NOT_ANSWERED,
    chat_report,
    chat_themes,
    reminder,
    sent,
    waiting_round,
)
from tests.desk.support import Clock, desk_client, init_data, signed

pytestmark = pytest.mark.e2e

TUESDAY = MONDAY + timedelta(days=1)
# The row texts of the per-theme table (the bars' SVG left out: it repeats the figures).
ROWS = """rows => rows.map(row => Array.from(row.querySelectorAll("th, td")).map(cell => {
  const copy = cell.cloneNode(true);
  copy.querySelectorAll("svg").forEach(svg => svg.remove());
  return copy.textContent.trim();
}))"""


@pytest.fixture
async def bot(database_url: str, clock: Clock) -> AsyncIterator[LocalBot]:
    desk_url = local_desk_url(free_port())
    async with LocalBot(database_url, clock=clock, desk_url=desk_url) as started:
        yield started


async def table(browser: BrowserSession, section: str) -> list[list[str]]:
    rows: list[list[str]] = await browser.page.eval_on_selector_all(  # type: ignore[attr-defined]
        f"#page section.{section} table tr", ROWS
    )
    return rows


async def text_of(browser: BrowserSession, selector: str) -> str:
    found: str | None = await browser.page.text_content(selector)  # type: ignore[attr-defined]
    return (found or "").strip()


async def sideways(browser: BrowserSession) -> int:
    width: int = await browser.page.evaluate(  # type: ignore[attr-defined]
        "document.documentElement.scrollWidth"
    )
    return width


async def act(browser: BrowserSession, action: str) -> tuple[str, str]:
    """Presses the action's button; (the sentence shown, ok "1" or "0") once the page has
    shown the view again."""
    page: Any = browser.page
    before = await text_of(browser, "#done")
    await page.click(f"form[data-action='{action}'] button")
    await page.wait_for_function(
        """before => {
          const done = document.getElementById("done");
          return !done.hidden && done.textContent !== before
            && document.getElementById("page").getAttribute("aria-busy") === "false";
        }""",
        arg=before,
    )
    ok = await page.get_attribute("#done", "data-ok")
    return await text_of(browser, "#done"), ok or ""


async def filter_to(browser: BrowserSession, name: str, value: str) -> None:
    page: Any = browser.page
    await page.select_option(f"select[name='{name}']", value)
    await page.wait_for_function(
        """([name, value]) => {
          const select = document.querySelector(`select[name="${name}"]`);
          return select && select.value === value
            && document.getElementById("page").getAttribute("aria-busy") === "false";
        }""",
        arg=[name, value],
    )


@THEMES_AND_DATABASES
async def test_the_rounds_page_shows_the_chat_reports_figures(bot: LocalBot, dark: bool) -> None:
    network = await waiting_round(bot, earlier_skip=frozenset({"Lapin poliisilaitos"}))
    chat_text = await chat_report(network.coordinator)
    chat = chat_themes(chat_text)
    async with open_desk(bot, COORDINATOR, dark=dark) as browser:
        themes = await table(browser, "themes")
        change = await table(browser, "change")
        remind = await text_of(browser, "form[data-action='remind'] button")
        send = await text_of(browser, "form[data-action='send'] button")
        assert await sideways(browser) <= 390
        assert browser.outside == []
        assert await serious_violations(browser.page) == []
        await screenshot(browser, f"rounds-{'dark' if dark else 'light'}")

    header, *rows, total = themes
    assert header == ["Theme", "Measures", "Done", "In progress", "Not done", "Not answered"]
    desk = [(f"{row[0]}\u00a0({row[1]})", [cell.split(" ")[0] for cell in row[2:]]) for row in rows]
    assert desk == [(theme.name, theme.counts) for theme in chat]
    assert len(desk) == 7
    assert total == ["Total", "36", "26 (72%)", "8 (22%)", "2 (6%)", "0 (0%)"]
    assert chat_text.splitlines()[-5:-1] == [
        "✅ done 26 (72%)",
        "⏳ in progress 8 (22%)",
        "❌ not done 2 (6%)",
        "❔ not answered 0 (0%)",
    ]
    assert [row[1:] for row in change[1:]] == [theme.change for theme in chat]
    # Safe mobility: the police's two measures (lt-1, lt-5) were not answered the round before
    police = [load_seed()[key].status.value for key in ("lt-1", "lt-5")]
    moved = [police.count(status) for status in ("done", "in_progress", "not_done")]
    assert change[2] == ["Safe mobility", *(f"+{n}" if n else "0" for n in moved), "-2"]
    assert remind == "Remind the 1 who has not answered"
    assert send == "Send this to my chat"


async def test_remind_reaches_those_who_have_not_answered_once(bot: LocalBot, clock: Clock) -> None:
    network = await waiting_round(bot)
    people = [network.coordinator, *network.not_answered, network.answered]
    before = [len(user.messages) for user in people]
    clock.now = TUESDAY
    tr = bot.services.catalogs.get("en", "desk")
    async with open_desk(bot, COORDINATOR) as browser:
        first = await act(browser, "remind")
        await bot.settle()
        label = await text_of(browser, "select[name='round'] option[selected]")
        got = [sent(user, since) for user, since in zip(people, before, strict=True)]
        second = await act(browser, "remind")
        await bot.settle()
        again = [sent(user, since) for user, since in zip(people, before, strict=True)]
        waiting = await text_of(browser, "section.waiting li")
        assert await serious_violations(browser.page) == []
        assert browser.outside == []

    assert first == ("Reminders are on their way to 2 people.", "1")
    assert got == [
        [],
        *([reminder(bot, language, label)] for language in NOT_ANSWERED.values()),
        [],
    ]
    when = tr.datetime(TUESDAY + timedelta(days=1), bot.settings.zone)
    assert second == (tr._(texts.TOO_SOON) % {"when": when}, "0")
    assert again == got  # the second press sent nothing
    reminded = tr.datetime(TUESDAY, bot.settings.zone)
    assert waiting.endswith(f"{tr._(texts.LAST_REMINDER)}: {reminded} (1)")


async def test_an_action_on_a_sign_in_over_ten_minutes_old_is_refused(
    bot: LocalBot, clock: Clock
) -> None:
    network = await waiting_round(bot)
    clock.now = TUESDAY
    before = [len(user.messages) for user in network.not_answered]
    async with open_desk(bot, COORDINATOR) as browser:
        clock.now = TUESDAY + ACTION_MAX_AGE + timedelta(seconds=1)
        refused = await act(browser, "remind")
        await bot.settle()
        assert browser.outside == []
    tr = bot.services.catalogs.get("en", "desk")
    assert refused == (tr._(texts.ACTION_TOO_OLD), "0")
    assert [len(user.messages) for user in network.not_answered] == before


async def test_send_delivers_what_is_on_screen_and_back_walks_the_filters(
    bot: LocalBot,
) -> None:
    await waiting_round(bot)
    async with open_desk(bot, COORDINATOR) as browser:
        page: Any = browser.page
        await filter_to(browser, "kind", "authority")
        assert await page.evaluate("window.__back.visible") is True
        theme = await page.eval_on_selector(
            "select[name='theme']",
            "select => Array.from(select.options).find(o => o.text === 'Safe mobility').value",
        )
        await filter_to(browser, "theme", theme)
        on_screen = await table(browser, "themes")
        done = await act(browser, "send")
        await bot.settle()
        assert await sideways(browser) <= 390

        await page.evaluate("window.__back.handler()")  # Telegram's Back button
        await page.wait_for_function(
            """() => document.querySelector("select[name='theme']").value === ""
              && document.getElementById("page").getAttribute("aria-busy") === "false" """
        )
        kind_after_one = await page.input_value("select[name='kind']")
        visible_after_one = await page.evaluate("window.__back.visible")
        await page.evaluate("window.__back.handler()")
        await page.wait_for_function(
            """() => document.querySelector("select[name='kind']").value === ""
              && document.getElementById("page").getAttribute("aria-busy") === "false" """
        )
        visible_after_two = await page.evaluate("window.__back.visible")
        assert browser.outside == []

    tr = bot.services.catalogs.get("en", "desk")
    assert done == (tr._(texts.SENDING), "1")
    (document,) = [m for m in bot.emulator.chats[COORDINATOR] if m.kind == "document"]
    assert document.file_bytes is not None
    sheet = load_workbook(io.BytesIO(document.file_bytes), read_only=True).worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    shown = [
        [
            str(row[0]),
            tr.number(row[1]),
            *(f"{tr.number(row[i])} ({tr.percent(row[i + 1])})" for i in range(2, 10, 2)),
        ]
        for row in rows[2:]
    ]
    assert shown == on_screen[1:]
    assert [row[0] for row in on_screen[1:]] == ["Safe mobility", "Total"]
    assert (kind_after_one, visible_after_one) == ("authority", True)
    assert visible_after_two is False


@LAYOUT_ONLY
async def test_a_contact_gets_the_refusal(bot: LocalBot) -> None:
    await waiting_round(bot)
    async with open_desk(bot, ANSWERED) as browser:
        line = await text_of(browser, "#page .refusal")
        assert browser.outside == []
        assert await serious_violations(browser.page) == []
    async with desk_client(bot) as client:
        answer = await client.get(
            "/desk/page/rounds", headers=signed(init_data(bot, ANSWERED, "en"))
        )
    refusal = bot.services.catalogs.get("en", "desk")._(texts.NOT_ALLOWED)
    assert (answer.status_code, answer.text) == (403, refusal)
    assert line == refusal
