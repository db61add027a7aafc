"""The desk's broadcasts page shows what the chat shows: /broadcasts' head line and figures, the
scheduled time, "cancelled", and the summary's failures by reason, and what
``kylabot broadcast list`` counts. The broadcasts are composed, scheduled and cancelled in the
chat (emulator); one recipient blocked the bot and one has no chat any more."""

from __future__ import annotations

import argparse
import re
from collections.abc import AsyncIterator
from html import unescape

import pytest

from bot.emulator import EmulatedUser
from bot.harness import LocalBot
from handlers.broadcast import progress
from handlers.broadcast import texts as words
from handlers.broadcast.cli import cmd_list
from handlers.desk import texts
from storage.models import BroadcastStatus, Contact, Role
from storage.types import utcnow
from tests.broadcast.support import (
    Clock,
    add_contact,
    broadcasts,
    coordinator,
    helsinki,
    tr,
    wait_until,
)
from tests.desk.support import DESK_URL, desk_client, init_data, signed
from tests.helpers import has_buttons, make_org

pytestmark = pytest.mark.e2e

BOSS = 9100  # tests.broadcast.support.coordinator
ARTICLE = re.compile(r'<article class="broadcast">(.*?)</article>', re.S)


@pytest.fixture
async def bot(database_url: str) -> AsyncIterator[LocalBot]:
    clock = Clock(helsinki(2026, 11, 24, 12, 0))
    async with LocalBot(
        database_url,
        clock=clock,
        quiet_hours="00:00-00:00",
        global_rate=200.0,
        desk_url=DESK_URL,
    ) as started:
        yield started


async def compose(bot: LocalBot, boss: EmulatedUser, text: str) -> None:
    """/broadcast to everyone, up to its preview (Send now / Schedule)."""
    _ = tr(bot)
    await boss.send_text("/broadcast")
    await boss.wait_for_message()
    await boss.send_text(text)
    await boss.wait_for_message(has_buttons)
    await boss.tap(_(words.CONTINUE))
    await boss.wait_for_message(has_buttons)
    await boss.tap(_("Everyone"))
    await boss.wait_for_message(lambda m: _(words.SEND_NOW) in str(m.reply_markup))


async def schedule(bot: LocalBot, boss: EmulatedUser, text: str, when: str) -> None:
    _ = tr(bot)
    await compose(bot, boss, text)
    await boss.tap(_(words.SCHEDULE))
    await boss.wait_for_message(has_buttons)
    await boss.send_text(when)
    await boss.wait_for_message(lambda m: "/broadcasts" in (m.text or ""))


async def scenario(bot: LocalBot) -> tuple[EmulatedUser, str]:
    """#1 sent to five (one blocked the bot, one has no chat), #2 scheduled, #3 scheduled and
    cancelled; returns the coordinator and the chat's summary of #1."""
    _ = tr(bot)
    org = await make_org(bot)
    boss = await coordinator(bot, org)
    for telegram_id in (4400, 4401, 4402):
        await add_contact(bot, org, telegram_id)
    bot.emulator.user(4402).block(notify=False)
    async with bot.services.write() as session:  # a contact whose chat is gone
        session.add(
            Contact(
                telegram_user_id=4499,
                organisation_id=org.id,
                role=Role.CONTACT,
                language="fi",
                display_name="Aila",
                consent_at=utcnow(),
            )
        )
    await compose(bot, boss, "Kylätalon avajaiset lauantaina")
    await boss.tap(_(words.SEND_NOW))
    summary = await boss.wait_for_message(lambda m: _(progress.NOT_DELIVERED) in (m.text or ""))
    await schedule(bot, boss, "Muistutus: kysely sulkeutuu", "24.11. 15:30")
    await schedule(bot, boss, "Tämä perutaan", "25.11. 10:00")

    async def stored() -> bool:
        return [b.status for b in await broadcasts(bot)][1:] == [BroadcastStatus.SCHEDULED] * 2

    await wait_until(stored)
    await boss.send_text("/broadcasts")
    await boss.wait_for_message(has_buttons)
    await boss.tap(_(words.CANCEL_ONE) % {"id": 3})
    await boss.wait_for_message(lambda m: m.text == _(words.SCHEDULE_CANCELLED) % {"id": 3})
    await bot.settle()
    return boss, summary.text or ""


def cards(page: str) -> list[dict[str, object]]:
    """Each broadcast of the page: its head line, state line, figures and reasons, as text."""
    found = []
    for body in ARTICLE.findall(page):
        figures = dict(re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", body))
        found.append(
            {
                "head": unescape(re.findall(r"<h2>(.*?)</h2>", body)[0]),
                "state": unescape(re.findall(r'<p class="state">(.*?)</p>', body)[0]),
                "figures": {unescape(k): v for k, v in figures.items()},
                "reasons": [unescape(li) for li in re.findall(r"<li>(.*?)</li>", body)],
            }
        )
    return found


async def test_the_broadcasts_page_shows_the_chats_figures_and_reasons(
    bot: LocalBot, capsys: pytest.CaptureFixture[str]
) -> None:
    boss, summary = await scenario(bot)
    await boss.send_text("/broadcasts")
    listing = (await boss.wait_for_message(lambda m: m.text != "/broadcasts")).text or ""
    chat = [block.split("\n   ") for block in listing.split("\n\n")[1:]]
    headers = signed(init_data(bot, BOSS, "fi"))
    async with desk_client(bot) as client:
        page = (await client.get("/desk/page/broadcasts", headers=headers)).text
        only = (await client.get("/desk/page/broadcasts?status=scheduled", headers=headers)).text
        unknown = (await client.get("/desk/page/broadcasts?status=draft", headers=headers)).text
    fi = bot.services.catalogs.get("fi", "desk")
    _ = tr(bot)
    zone = bot.services.settings.zone

    cancelled, scheduled, sent = cards(page)  # newest first, as /broadcasts lists them
    assert [card["head"] for card in (cancelled, scheduled, sent)] == [head for head, _ in chat]
    assert [str(card["head"]).split(" ")[0] for card in (cancelled, scheduled, sent)] == [
        "#3",
        "#2",
        "#1",
    ]

    tiles = sent["figures"]
    assert tiles == {
        fi._(texts.RECIPIENTS): "5",
        fi._(texts.SENT): "3",
        fi._(texts.QUEUED): "0",
        fi._(texts.FAILED): "1",
        fi._(texts.BLOCKED): "1",
    }
    figures = {
        "sent": tiles[fi._(texts.SENT)],
        "total": tiles[fi._(texts.RECIPIENTS)],
        "failed": tiles[fi._(texts.FAILED)],
        "blocked": tiles[fi._(texts.BLOCKED)],
    }
    assert chat[2][1] == _(words.LIST_FIGURES) % figures  # /broadcasts, #1
    bullets = [line.removeprefix("• ") for line in summary.splitlines() if line.startswith("• ")]
    assert sent["reasons"] == bullets  # the chat's summary, reason by reason
    assert sorted(bullets) == sorted(
        [f"1: {_(progress.REASONS['blocked'])}", f"1: {_(progress.REASONS['chat_not_found'])}"]
    )
    assert str(sent["state"]).startswith(fi._(texts.FINISHED_AT).split("%")[0])

    at = fi.datetime(helsinki(2026, 11, 24, 15, 30), zone)
    assert scheduled["state"] == fi._(texts.SCHEDULED_FOR) % {"time": at}
    assert chat[1][1] == _(words.LIST_SCHEDULED) % {"time": at}
    assert scheduled["figures"] == {}
    later = fi.datetime(helsinki(2026, 11, 25, 10, 0), zone)
    assert cancelled["state"] == " · ".join(
        [fi._(texts.CANCELLED), fi._(texts.SCHEDULED_FOR) % {"time": later}]
    )
    assert chat[0][1] == _(words.LIST_CANCELLED)

    assert [card["head"] for card in cards(only)] == [scheduled["head"]]
    assert cards(unknown) == cards(page)  # an unknown state lists every broadcast

    capsys.readouterr()
    assert await cmd_list(argparse.Namespace(limit=20), bot.settings) == 0
    rows = {line.split()[0]: line.split() for line in capsys.readouterr().out.splitlines()[1:]}
    assert rows["1"][-5:] == [figures["total"], figures["sent"], "1", "1", "0"]
