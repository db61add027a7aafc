"""The data the desk's broadcasts tests look at, made in the chat: a broadcast sent to five (one
blocked the bot, one has no chat any more), one scheduled, one scheduled and cancelled; and a
reader of the page's broadcasts."""

from __future__ import annotations

import re
from html import unescape

from bot.emulator import EmulatedUser
from bot.harness import LocalBot
from handlers.broadcast import progress
from handlers.broadcast import texts as words
from storage.models import BroadcastStatus, Contact, Role
from storage.types import utcnow
from tests.broadcast.support import (
    add_contact,
    broadcasts,
    compose,
    coordinator,
    tr,
    wait_until,
)
from tests.helpers import has_buttons, make_org

BOSS = 9100  # tests.broadcast.support.coordinator
ARTICLE = re.compile(r'<article class="broadcast">(.*?)</article>', re.S)


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
