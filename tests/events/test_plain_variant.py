"""/event with a plain-Finnish variant (issue 18): a plain reader's invitation is written in
plain Finnish; a text without a plain variant falls back to the Finnish one."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select

from bot.emulator import EmulatedUser
from bot.harness import LocalBot
from bot.i18n import ENDONYMS, PLAIN_FINNISH
from handlers.events import coffee_flow
from handlers.events import create_details as details
from handlers.events import create_flow as flow
from handlers.events import texts as tx
from storage.models import CoffeeParticipant, Event, EventKind
from tests.broadcast.support import add_contact
from tests.events.support import Clock, coordinator, has_signup, helsinki, tr
from tests.helpers import has_buttons, make_org, onboard

pytestmark = pytest.mark.e2e

TITLE = "HYTU-klinikka: kylän turvallisuussuunnitelma"
DESCRIPTION = "Käydään yhdessä läpi kylän suunnitelma ja sen toteutuminen."
PLAIN_TITLE = "Tehdään kylälle turvallisuussuunnitelma"
PLAIN_DESCRIPTION = "Mietimme yhdessä, miten kylä pysyy turvallisena."


@pytest.fixture
async def ev_bot(database_url: str) -> AsyncIterator[LocalBot]:
    async with LocalBot(
        database_url, clock=Clock(helsinki(3, 20, 9)), quiet_hours="00:00-00:00"
    ) as bot:
        yield bot


async def _create(bot: LocalBot, boss: EmulatedUser, plain_description: str | None) -> None:
    """Creates and publishes a clinic with a plain title (and maybe a plain description)."""
    _ = tr(bot)
    await boss.send_text("/event")
    await boss.wait_for_message(has_buttons)
    await boss.tap(_(tx.KIND_LABELS[EventKind.CLINIC]))
    await boss.wait_for_message()
    for typed in (TITLE, DESCRIPTION):  # the Finnish title and description first
        await boss.send_text(typed)
        await boss.wait_for_message(has_buttons)
    await boss.tap(ENDONYMS[PLAIN_FINNISH])
    ask = await boss.wait_for_message()
    assert ask.text == _(flow.ASK_VARIANT_TITLE) % {"language": "Selkosuomi"}
    await boss.send_text(PLAIN_TITLE)
    await boss.wait_for_message(has_buttons)
    if plain_description is None:
        await boss.tap(_(flow.SKIP))
    else:
        await boss.send_text(plain_description)
    languages = await boss.wait_for_message(has_buttons)
    assert _(flow.VERSIONS) % {"languages": "Suomi, Selkosuomi"} in (languages.text or "")
    await boss.tap(_(flow.CONTINUE))
    await boss.wait_for_message()
    # start, length, place, seats: each answered as a coordinator types it
    for typed in ("30.3. 10:00", "1:30", "https://meet.example.fi/klinikka", "20"):
        await boss.send_text(typed)
        await boss.wait_for_message()
    await boss.tap(_("Everyone"))
    await boss.wait_for_message(has_buttons)
    await boss.send_text("29.3. 12:00")
    await boss.wait_for_message(lambda m: _(details.PUBLISH) in str(m.reply_markup))
    await boss.tap(_(details.PUBLISH))
    await boss.wait_for_message(lambda m: m.edited > 0)


async def test_a_plain_reader_gets_the_plain_event_text(ev_bot: LocalBot) -> None:
    bot = ev_bot
    _office, boss = await coordinator(bot)
    village = await make_org(bot, "Nellimin kyläyhdistys", municipality="Inari")
    await add_contact(bot, village, 3301, PLAIN_FINNISH)
    await add_contact(bot, village, 3302, "fi")
    plain_reader, finnish_reader = bot.emulator.user(3301), bot.emulator.user(3302)

    await _create(bot, boss, PLAIN_DESCRIPTION)
    plain = (await plain_reader.wait_for_message(has_signup(1), timeout=10.0)).text or ""
    finnish = (await finnish_reader.wait_for_message(has_signup(1), timeout=10.0)).text or ""
    assert PLAIN_TITLE in plain and PLAIN_DESCRIPTION in plain
    assert TITLE not in plain and DESCRIPTION not in plain
    assert TITLE in finnish and DESCRIPTION in finnish and PLAIN_TITLE not in finnish
    # The bot's own words around them are the plain catalog's.
    waiting = bot.services.catalogs.get(PLAIN_FINNISH)._(tx.NOT_THIS_TIME)
    assert waiting == "Ei nyt"
    assert waiting in {label for row in plain_reader.last.buttons for label, _ in row}

    async with bot.services.sessionmaker() as session:
        event = await session.get(Event, 1)
        assert event is not None
        assert event.title == {"fi": TITLE, PLAIN_FINNISH: PLAIN_TITLE}
        assert event.description == {"fi": DESCRIPTION, PLAIN_FINNISH: PLAIN_DESCRIPTION}


async def test_a_text_without_a_plain_variant_is_read_in_finnish(ev_bot: LocalBot) -> None:
    bot = ev_bot
    _office, boss = await coordinator(bot)
    village = await make_org(bot, "Nellimin kyläyhdistys", municipality="Inari")
    await add_contact(bot, village, 3311, PLAIN_FINNISH)
    await _create(bot, boss, None)  # a plain title, but the description only in Finnish
    invitation = await bot.emulator.user(3311).wait_for_message(has_signup(1), timeout=10.0)
    assert PLAIN_TITLE in (invitation.text or "")
    assert DESCRIPTION in (invitation.text or "")


async def test_coffee_roulette_asks_for_spoken_languages_only(ev_bot: LocalBot) -> None:
    """A plain reader meets people in Finnish: Suomi is ticked, Selkosuomi is not offered."""
    bot = ev_bot
    village = await make_org(bot, "Nellimin kyläyhdistys", municipality="Inari")
    user = bot.emulator.user(3321, "Aino", language_code="fi")
    await onboard(bot, user, village, PLAIN_FINNISH)
    await user.send_text("/coffee")
    offer = await user.wait_for_message(has_buttons)
    labels = [label for row in offer.buttons for label, _ in row]
    assert labels[:6] == [
        "✅ Suomi",
        "▫️ Svenska",
        "▫️ Davvisámegiella",
        "▫️ Anarâškielâ",
        "▫️ Sääʹmǩiõll",
        "▫️ English",
    ]
    await user.tap(tr(bot, PLAIN_FINNISH)(coffee_flow.DONE))
    await user.wait_for_message(lambda m: m.edited > 0 and not m.reply_markup)
    async with bot.services.sessionmaker() as session:
        joined = await session.scalar(select(CoffeeParticipant))
    assert joined is not None and joined.languages == ["fi"]
