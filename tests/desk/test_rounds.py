"""The desk's rounds page shows the chat report's figures: the example plan answered
26/8/2 over 36 measures reads 72/22/6 %, and every theme's counts as /report has them."""

from __future__ import annotations

import pytest

from bot.harness import LocalBot
from handlers.checkin import report as rp
from handlers.desk import texts
from storage.models import Role, Round
from storage.repos import checkin as repo
from tests.checkin.support import import_example
from tests.desk.rounds_support import chat_report, chat_themes, new_round
from tests.desk.support import DESK_URL, desk_client, init_data, signed, tables_of
from tests.helpers import make_org, onboard

pytestmark = pytest.mark.e2e

COORDINATOR = 701


async def test_the_rounds_page_shows_the_chat_reports_figures(database_url: str) -> None:
    async with LocalBot(database_url, desk_url=DESK_URL) as bot:
        await import_example(bot)
        council = await make_org(bot, "Lapin maakuntaliitto", municipality="Rovaniemi")
        user = bot.emulator.user(COORDINATOR, "Kaisa", language_code="fi")
        await onboard(bot, user, council, "fi", Role.COORDINATOR)
        await new_round(bot)
        chat = await chat_report(user)
        async with desk_client(bot) as client:
            page = await client.get(
                "/desk/page/rounds", headers=signed(init_data(bot, COORDINATOR, "fi"))
            )
        assert page.status_code == 200
        tr = bot.services.catalogs.get("fi", "desk")

    table = tables_of(page.text)[0]
    header, *themes, total = table
    assert header == rp.header(tr)
    desk = [
        (f"{row[0]}\u00a0({row[1]})", [cell.split(" ")[0] for cell in row[2:]]) for row in themes
    ]
    assert desk == [(theme.name, theme.counts) for theme in chat_themes(chat)]
    assert len(desk) == 7
    assert total[:2] == [tr._(rp.TOTAL), "36"]
    assert total[2:] == ["26 (72\u00a0%)", "8 (22\u00a0%)", "2 (6\u00a0%)", "0 (0\u00a0%)"]
    for cell in total[2:]:
        assert cell.split(" ", 1)[1].strip("()") in chat  # the chat's percentages, verbatim
    assert tr._(texts.NO_EARLIER) in page.text


async def test_filters_and_the_change_since_the_previous_round(database_url: str) -> None:
    async with LocalBot(database_url, desk_url=DESK_URL) as bot:
        await import_example(bot)
        council = await make_org(bot, "Lapin maakuntaliitto", municipality="Rovaniemi")
        user = bot.emulator.user(COORDINATOR, "Kaisa", language_code="en")
        await onboard(bot, user, council, "en", Role.COORDINATOR)
        first = await new_round(bot)
        second = await new_round(bot, skip=frozenset({"Lapin poliisilaitos"}))
        chat = chat_themes(await chat_report(user))
        headers = signed(init_data(bot, COORDINATOR, "en"))
        async with desk_client(bot) as client:
            page = await client.get("/desk/page/rounds", headers=headers)
            async with bot.services.sessionmaker() as session:
                previous = await session.get(Round, first)
                assert previous is not None
                before = await rp.build_report(session, previous, "en", details=False)
                plan = await repo.get_plan(session)
                theme = plan.themes[1]
            one_theme = await client.get(
                f"/desk/page/rounds?round={second}&theme={theme.id}", headers=headers
            )
            inari = await client.get(
                f"/desk/page/rounds?round={second}&municipality=Inari", headers=headers
            )
            unknown = await client.get(
                "/desk/page/rounds?round=x&municipality=Atlantis&kind=castle&theme=0",
                headers=headers,
            )

    change = tables_of(page.text)[1]
    expected = []
    for shown, old in zip(chat, before.themes, strict=True):
        now = shown.counts
        moved = [int(now[i]) - getattr(old.counts, s) for i, s in enumerate(rp.STATUS_KEYS)]
        expected.append(
            [shown.name.split("\u00a0(")[0], *(f"+{d}" if d > 0 else str(d) for d in moved)]
        )
    assert change[1:] == expected
    # the chat's /report shows the same change under each theme
    assert [row[1:] for row in change[1:]] == [shown.change for shown in chat]
    assert any(cell.startswith("+") for row in change[1:] for cell in row)  # the police skipped
    assert "Lapin poliisilaitos" in page.text.split('class="waiting"')[1]

    rows = tables_of(one_theme.text)[0]
    assert [row[0] for row in rows[1:]] == ["Safe mobility", "Total"]
    assert [cell.split(" ")[0] for cell in rows[1][2:]] == chat[1].counts
    assert rows[1][1:] == rows[2][1:]  # the total of one theme is that theme

    places = tables_of(inari.text)[0]
    assert int(places[-1][1]) < 36
    assert "Lapin poliisilaitos" not in inari.text  # a Rovaniemi organisation
    assert tables_of(unknown.text)[0] == tables_of(page.text)[0]  # unknown filters: everything
