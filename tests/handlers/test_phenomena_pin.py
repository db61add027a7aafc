"""Where a phenomenon is: a pin's municipality is confirmed by the reporter, names are shown
in the reader's language (issue 12, items 10 and 2)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from bot.emulator import EmulatedUser, SentMessage
from bot.harness import LocalBot
from handlers.phenomena import export
from handlers.phenomena import report_texts as ph
from handlers.phenomena.categories import CATEGORIES
from handlers.phenomena.service import PIN_GUESSED, PIN_IN
from storage.repos.phenomena import ReportFilter, list_reports
from tests.handlers.test_phenomena import begin, choose, finish, reports, says, tr
from tests.helpers import make_org, onboard

pytestmark = pytest.mark.e2e

SEVETTIJARVI = (69.517, 28.633)  # in Inari; the nearest municipal centre is Utsjoki's


async def _to_place(bot: LocalBot, user: EmulatedUser, language: str, text: str) -> SentMessage:
    t = tr(bot, language)
    await begin(bot, user, language)
    await choose(user, t._(CATEGORIES["traffic"]), t._(ph.ASK_TEXT))
    await user.send_text(text)
    await user.wait_for_message(says(t._(ph.ADDED)))
    return await choose(user, t._(ph.NEXT), t._(ph.ASK_PLACE))


async def test_pin_guess_is_asked_and_never_stored_unconfirmed(local_bot: LocalBot) -> None:
    org = await make_org(local_bot, "Kemin kyläyhdistys", municipality="Kemi")
    user = local_bot.emulator.user(2101, "Anna", language_code="en")
    await onboard(local_bot, user, org, "en")
    t = tr(local_bot, "en")

    await _to_place(local_bot, user, "en", "The crossing is dangerous.")
    await user.send_location(*SEVETTIJARVI)
    inari = {"municipality": "Inari"}
    question = await user.wait_for_message(says(t._(ph.PIN_GUESS) % inari))
    assert question.text == t._(ph.PIN_GUESS) % inari
    assert [[label for label, _ in row] for row in question.buttons] == [
        [t._(ph.PIN_YES) % inari],
        [t._(ph.OTHER_MUNICIPALITY)],
        [t._(ph.DO_NOT_KNOW)],
    ]
    await choose(user, t._(ph.DO_NOT_KNOW), t._(ph.ASK_FREQUENCY))
    summary = await finish(local_bot, user, "en")
    pin_text = t._(PIN_GUESSED) % {"lat": "69.51700", "lon": "28.63300", "municipality": "Inari"}
    assert f"Where: {pin_text}\n" in (summary.text or "")
    await user.tap(t._(ph.SEND))
    await user.wait_for_message(says(t._(ph.SENT).split("(")[0]))

    await _to_place(local_bot, user, "en", "Another one.")
    await user.send_location(*SEVETTIJARVI)
    await user.wait_for_message(says(t._(ph.PIN_GUESS) % inari))
    await choose(user, t._(ph.OTHER_MUNICIPALITY), t._(ph.ASK_MUNICIPALITY))
    await choose(user, "Enontekiö", t._(ph.ASK_FREQUENCY))
    summary = await finish(local_bot, user, "en")
    chosen = t._(PIN_IN) % {"lat": "69.51700", "lon": "28.63300", "municipality": "Enontekiö"}
    assert f"Where: {chosen}\n" in (summary.text or "")
    await user.tap(t._(ph.SEND))
    await user.wait_for_message(says(t._(ph.SENT).split("(")[0]))
    await user.wait_idle(quiet=0.1)

    unsure, picked = await reports(local_bot)
    assert (unsure.place_kind, unsure.municipality, unsure.municipality_guess) == (
        "pin",
        None,
        "Inari",
    )
    assert (picked.place_kind, picked.municipality, picked.municipality_guess) == (
        "pin",
        "Enontekiö",
        None,
    )
    assert (picked.latitude, picked.longitude) == SEVETTIJARVI
    async with local_bot.services.sessionmaker() as session:
        rows = [
            export.row(t, ZoneInfo("Europe/Helsinki"), report)
            for report in await list_reports(session, ReportFilter())
        ]
        in_utsjoki = await list_reports(session, ReportFilter(municipality="Utsjoki"))
    assert [(r["id"], r["municipality"], r["municipality_guess"]) for r in rows] == [
        (picked.id, "Enontekiö", ""),
        (unsure.id, "", "Inari"),
    ]
    assert in_utsjoki == []


async def test_municipalities_have_their_sami_names(local_bot: LocalBot) -> None:
    org = await make_org(local_bot, "Anára searvi", municipality="Inari")
    user = local_bot.emulator.user(2102, "Elle", language_code="se")
    await onboard(local_bot, user, org, "se")
    t = tr(local_bot, "se")
    place = await _to_place(local_bot, user, "se", "Luodda lea njuvžil.")
    assert place.buttons[0][0][0] == "🏠 Anár"
    listing = await choose(user, t._(ph.OTHER_MUNICIPALITY), t._(ph.ASK_MUNICIPALITY))
    assert [label for row in listing.buttons[:4] for label, _ in row] == [
        "Eanodat",
        "Anár",
        "Kemi",
        "Kemijärvi",
        "Keminmaa",
        "Gihttel",
        "Kolari",
        "Muoná",
    ]
    await choose(user, "Anár", t._(ph.ASK_FREQUENCY))
    await user.wait_idle(quiet=0.1)
    [report] = await reports(local_bot)
    assert report.municipality == "Inari"  # the stored key stays the Finnish name
