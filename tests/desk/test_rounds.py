"""The desk's rounds page shows the chat report's figures: the example plan answered
26/8/2 over 36 measures reads 72/22/6 %, and every theme's counts as /report has them."""

from __future__ import annotations

import re

import pytest

from bot.emulator import EmulatedUser
from bot.harness import LocalBot
from handlers.checkin import report as rp
from handlers.checkin.rounds import start_round
from handlers.checkin.seed import apply_seed, load_seed
from handlers.desk import texts
from storage.models import Role, Round
from storage.repos import checkin as repo
from storage.repos.people import find_organisation
from tests.checkin.support import import_example
from tests.desk.support import DESK_URL, desk_client, init_data, signed, tables_of
from tests.helpers import make_org, onboard

pytestmark = pytest.mark.e2e

COORDINATOR = 701
COUNTS = re.compile(r"^✅ (\d+)  ⏳ (\d+)  ❌ (\d+)  ❔ (\d+)$")


async def new_round(bot: LocalBot, skip: set[str] = frozenset()) -> int:  # type: ignore[assignment]
    """A round of the example plan answered as the seed file says, but for ``skip``."""
    services = bot.services
    async with services.write() as session:
        skipped = {(await find_organisation(session, name)).id for name in skip}
        plan = await repo.get_plan(session)
        new = await start_round(session, plan, services.now(), services.settings.zone)
        await apply_seed(session, new, load_seed(), services.now(), skipped)
        return new.id


def chat_themes(text: str) -> list[tuple[str, list[str]]]:
    """(theme with its measure count, [done, in progress, not done, not answered]) from the
    chat's /report table."""
    blocks = [block.splitlines() for block in text.split("\n\n")]
    found = []
    for block in blocks:
        match = COUNTS.match(block[-1])
        if match and len(block) > 1:
            found.append((" ".join(block[:-1]), list(match.groups())))
    return found


async def chat_report(user: EmulatedUser) -> str:
    await user.send_text("/report")
    message = await user.wait_for_message(lambda m: "rp_png" in str(m.reply_markup))
    return message.text or ""


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
    assert desk == chat_themes(chat)
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
        second = await new_round(bot, skip={"Lapin poliisilaitos"})
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
    for (name, now), old in zip(chat, before.themes, strict=True):
        moved = [int(now[i]) - getattr(old.counts, s) for i, s in enumerate(rp.STATUS_KEYS)]
        expected.append([name.split("\u00a0(")[0], *(f"+{d}" if d > 0 else str(d) for d in moved)])
    assert change[1:] == expected
    assert any(cell.startswith("+") for row in change[1:] for cell in row)  # the police skipped
    assert "Lapin poliisilaitos" in page.text.split('class="waiting"')[1]

    rows = tables_of(one_theme.text)[0]
    assert [row[0] for row in rows[1:]] == ["Safe mobility", "Total"]
    assert [cell.split(" ")[0] for cell in rows[1][2:]] == chat[1][1]
    assert rows[1][1:] == rows[2][1:]  # the total of one theme is that theme

    places = tables_of(inari.text)[0]
    assert int(places[-1][1]) < 36
    assert "Lapin poliisilaitos" not in inari.text  # a Rovaniemi organisation
    assert tables_of(unknown.text)[0] == tables_of(page.text)[0]  # unknown filters: everything
