"""Helpers for the coffee roulette's tests (the events' and the desk's): people in three
organisations, joining through /coffee, and a round paired now."""

from __future__ import annotations

from bot.emulator import EmulatedUser
from bot.harness import LocalBot
from handlers.events import coffee_flow, roulette
from storage.models import OrgKind
from tests.events.support import tr
from tests.helpers import has_buttons, make_org, onboard


async def join(bot: LocalBot, user: EmulatedUser, language: str, extra: list[str]) -> None:
    """/coffee, tick the extra languages (their own is ticked already), Done."""
    _ = tr(bot, language)
    await user.send_text("/coffee")
    await user.wait_for_message(has_buttons)
    for name in extra:
        await user.tap(f"▫️ {name}")
        await user.wait_for_message(lambda m, n=name: f"✅ {n}" in str(m.reply_markup))
    await user.tap(_(coffee_flow.DONE))
    await user.wait_for_message(lambda m: m.edited > 0 and not m.reply_markup)


async def pair_now(bot: LocalBot, seed: int | None = None) -> roulette.RoundResult:
    """A round now (as ``kylabot coffee run`` starts one); returns once it is sent."""
    async with bot.services.write() as session:
        result = await roulette.run_round(
            session, bot.services.catalogs, bot.services.now(), seed=seed
        )
    bot.services.wake_sender()
    return result


async def people(bot: LocalBot) -> dict[str, EmulatedUser]:
    inari = await make_org(bot, "Sevettijärven kyläyhdistys", municipality="Inari")
    kemi = await make_org(bot, "Kemin seurakunta", OrgKind.PARISH, municipality="Kemi")
    tornio = await make_org(bot, "Tornion kaupunki", OrgKind.MUNICIPALITY, municipality="Tornio")
    users = {}
    for key, telegram_id, org, language in (
        ("sanna", 3801, inari, "sms"),
        ("pekka", 3802, kemi, "fi"),
        ("stina", 3803, tornio, "sv"),
    ):
        user = bot.emulator.user(telegram_id, key.capitalize())
        await onboard(bot, user, org, language)
        users[key] = user
    return users
