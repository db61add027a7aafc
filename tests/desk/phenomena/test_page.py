"""The desk's phenomena page and report view (handlers/desk/phenomena_*.py), on both databases:
the figures are the chat's and the digest's, the filters narrow them as /phenomena's do, an
anonymous report's pin leaves the server rounded, the list is capped, and a report opens with
its text, photos, status and answers."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest

from bot.harness import LocalBot
from handlers.checkin.rounds import start_round
from handlers.desk import phenomena_texts as pt
from handlers.desk import texts
from handlers.desk.phenomena_data import LIST_CAP
from handlers.phenomena import coordinator as chat
from handlers.phenomena.service import rounded_pin
from storage.models import Role
from storage.repos import checkin as rounds_repo
from storage.repos.phenomena import ReportFilter, count_reports, report_counts
from tests.checkin.support import import_example
from tests.desk.phenomena.support import COORDINATOR, add_report, attributes, points
from tests.desk.support import (
    Clock,
    add_person,
    desk_client,
    init_data,
    signed,
    tables_of,
)

pytestmark = pytest.mark.e2e

REPORTER = 811
EXACT = (68.90449, 27.0133)  # a house in Inari


async def page(bot: LocalBot, path: str) -> str:
    async with desk_client(bot) as client:
        answer = await client.get(path, headers=signed(init_data(bot, COORDINATOR)))
    assert answer.status_code == 200, answer.text
    assert answer.headers["cache-control"] == "no-store"
    return answer.text


def figures(text: str) -> tuple[list[list[str]], list[list[str]]]:
    """The page's two count tables (per municipality, per category) without their headers."""
    municipalities, categories = tables_of(text)
    return municipalities[1:], categories[1:]


async def test_the_figures_are_the_chats_under_each_filter(bot: LocalBot, clock: Clock) -> None:
    reporter = await add_person(bot, REPORTER, Role.CONTACT, language="fi")
    now = clock.now
    await add_report(bot, reporter, at=now - timedelta(days=1), pin=(68.9, 27.0))
    await add_report(bot, reporter, at=now - timedelta(days=2), municipality="Kemi")
    await add_report(
        bot, reporter, at=now - timedelta(days=3), category="scams", municipality="Kemi"
    )
    await add_report(bot, reporter, at=now - timedelta(days=10), category="scams")
    await add_report(bot, reporter, at=now - timedelta(days=40))  # in no period shown

    week = await page(bot, "/desk/page/phenomena?period=7")
    assert figures(week) == (
        [["Kemi", "2"], ["Inari", "1"]],
        [["Traffic and mobility safety", "2"], ["Cyber crime and scams", "1"]],
    )
    assert len(points(week)) == 3
    month = await page(bot, "/desk/page/phenomena")  # 30 days by default
    assert figures(month) == (
        [["Inari", "2"], ["Kemi", "2"]],  # a tie: by name
        [["Cyber crime and scams", "2"], ["Traffic and mobility safety", "2"]],
    )
    scams_in_kemi = await page(
        bot, "/desk/page/phenomena?period=30&category=scams&municipality=Kemi"
    )
    assert figures(scams_in_kemi) == ([["Kemi", "1"]], [["Cyber crime and scams", "1"]])
    # the same figures as /phenomena's panel and the digest count them
    async with bot.services.read() as session:
        flt = ReportFilter(since=now - timedelta(days=30))
        assert await count_reports(session, flt) == len(points(month)) == 4
        counts = await report_counts(session, flt)
    assert dict(counts.by_municipality) == {"Inari": 2, "Kemi": 2}


async def test_a_round_is_a_period(bot: LocalBot, clock: Clock) -> None:
    await import_example(bot)
    reporter = await add_person(bot, REPORTER, Role.CONTACT, language="fi")
    now = clock.now
    services = bot.services
    async with services.write() as session:
        plan = await rounds_repo.get_plan(session)
        opened = await start_round(
            session, plan, now - timedelta(days=40), services.settings.zone, label="Syksy"
        )
        opened.closed_at = now - timedelta(days=10)
        round_id = opened.id
    ids = [
        await add_report(bot, reporter, at=now - timedelta(days=days), text=text)
        for days, text in ((45, "before"), (15, "during"), (5, "after"))
    ]
    during = await page(bot, f"/desk/page/phenomena?period=r{round_id}")
    assert [point[0] for point in points(during)] == [ids[1]]  # opened 40 days ago, closed 10
    assert f'<option value="r{round_id}" selected>During round Syksy</option>' in during
    # a round the desk does not know (any more) falls back to the last 30 days
    unknown = await page(bot, f"/desk/page/phenomena?period=r{round_id + 99}")
    assert [point[0] for point in points(unknown)] == [ids[2], ids[1]]


async def test_an_anonymous_pin_leaves_the_server_rounded(bot: LocalBot) -> None:
    named = await add_person(bot, REPORTER, Role.CONTACT, language="fi")
    hidden = await add_person(bot, REPORTER + 1, Role.CONTACT, language="fi")
    first = await add_report(bot, named, pin=EXACT, show_name=True)
    second = await add_report(bot, hidden, pin=EXACT, show_name=False)
    third = await add_report(bot, hidden, municipality="Kemi")  # no pin: at Kemi's centre
    shown = await page(bot, "/desk/page/phenomena")
    rounded = rounded_pin(*EXACT)
    assert [(p[0], p[1], p[2], p[3]) for p in points(shown)] == [
        (third, 65.736, 24.564, "centre"),
        (second, rounded[0], rounded[1], "rounded"),
        (first, EXACT[0], EXACT[1], "exact"),
    ]
    opened = await page(bot, f"/desk/page/phenomenon?id={second}")
    assert "68.90449" not in opened and "27.0133" not in opened
    assert html.unescape(opened).count("location pin 68.90, 27.00 in Inari") == 1
    exact = await page(bot, f"/desk/page/phenomenon?id={first}")
    assert html.unescape(exact).count("location pin 68.90449, 27.01330 in Inari") == 1


async def test_the_list_is_capped_with_a_line_for_the_rest(bot: LocalBot, clock: Clock) -> None:
    reporter = await add_person(bot, REPORTER, Role.CONTACT, language="fi")
    for minutes in range(LIST_CAP + 3):
        await add_report(bot, reporter, at=clock.now - timedelta(minutes=minutes + 1))
    shown = await page(bot, "/desk/page/phenomena")
    assert shown.count('data-page="phenomenon"') == LIST_CAP
    assert "3 more reports match: narrow the filters to see them." in shown
    assert len(points(shown)) == LIST_CAP + 3


async def test_nothing_matching_says_so_in_the_chats_words(bot: LocalBot) -> None:
    shown = await page(bot, "/desk/page/phenomena")
    en = bot.services.catalogs.get("en", "desk")
    assert f'<p class="empty">{en._(chat.NONE_FOUND)}</p>' in shown
    assert 'id="phenomena-map"' not in shown


async def test_a_report_opens_with_its_text_photos_status_and_answers(bot: LocalBot) -> None:
    reporter = await add_person(bot, REPORTER, Role.CONTACT, language="sv")
    photos = [
        {"kind": "photo", "file_id": "photo-a"},
        {"kind": "voice", "file_id": "voice-a"},
        {"kind": "photo", "file_id": "photo-b"},
    ]
    report = await add_report(bot, reporter, text="Isig väg\nvid skolan", media=photos)
    shown = await page(bot, f"/desk/page/phenomenon?id={report}")
    en = bot.services.catalogs.get("en", "desk")
    assert '<p class="report-text">Isig väg\nvid skolan</p>' in shown
    assert re.findall(r'data-photo="([^"]+)"', shown) == [
        f"desk/photo?id={report}&amp;n=0",
        f"desk/photo?id={report}&amp;n=1",
    ]
    assert 'alt="Photo 2 of 2"' in shown
    assert "<dt>Status</dt><dd>New</dd>" in shown
    assert f'<p class="hint">{en._(pt.NO_HISTORY)}</p>' in shown
    assert 'data-action="phenomenon-answer"' in shown
    assert 'data-action="phenomenon-handled"' in shown
    # the reporter's language by name, as the chat's "Reply" asks
    assert "in their language (Svenska)" in shown
    gone = await page(bot, f"/desk/page/phenomenon?id={report + 1}")
    assert f'<p class="empty">{en._(chat.NOT_FOUND)}</p></div>' in gone
    assert 'class="report"' not in gone


async def test_filters_name_the_chats_words_and_keep_their_choice(bot: LocalBot) -> None:
    reporter = await add_person(bot, REPORTER, Role.CONTACT, language="fi")
    await add_report(bot, reporter, category="scams", municipality="Kemi")
    shown = await page(bot, "/desk/page/phenomena?period=7&category=scams&municipality=Kemi")
    en = bot.services.catalogs.get("en", "desk")
    assert f'<label>{en._(chat.CHOOSE_PERIOD)}<select name="period">' in shown
    assert '<option value="7" selected>Last 7 days</option>' in shown
    assert '<option value="scams" selected>Cyber crime and scams</option>' in shown
    assert '<option value="Kemi" selected>Kemi</option>' in shown
    assert f"<label>{en._(texts.MUNICIPALITY)}" in shown
    # values the desk does not know fall back to everything in the last 30 days
    odd = await page(bot, "/desk/page/phenomena?period=9&category=x&municipality=Oslo")
    assert '<option value="30" selected>Last 30 days</option>' in odd
    assert '<option value="" selected>All</option>' in odd
    assert attributes(odd, "phenomena-map")["data-tiles"] == ""
