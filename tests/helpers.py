"""Small factories for end-to-end tests: organisations, invites, onboarded people."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from bot.emulator import EmulatedUser, SentMessage
from bot.harness import LocalBot
from storage.db import create_engine, create_sessionmaker
from storage.models import Contact, Organisation, OrgKind, Role
from storage.repos.people import add_organisation, create_invite
from storage.types import utcnow


async def make_org(
    bot: LocalBot,
    name: str = "Sevettijärven kyläyhdistys",
    kind: OrgKind = OrgKind.VILLAGE_ASSOCIATION,
    municipality: str | None = "Inari",
    language: str | None = None,
) -> Organisation:
    async with bot.services.sessionmaker() as session, session.begin():
        return await add_organisation(session, name, kind, municipality, None, language)


async def make_invite(
    bot: LocalBot, organisation: Organisation, role: Role = Role.CONTACT, days: float = 14
) -> str:
    async with bot.services.sessionmaker() as session, session.begin():
        org = await session.get(Organisation, organisation.id)
        assert org is not None
        issued = await create_invite(session, org, role, timedelta(days=days), utcnow())
    return issued.token


async def onboard(
    bot: LocalBot,
    user: EmulatedUser,
    organisation: Organisation,
    language: str = "fi",
    role: Role = Role.CONTACT,
) -> None:
    """Takes ``user`` through /start, language and consent; returns when the menu is shown."""
    token = await make_invite(bot, organisation, role)
    await user.send_text(f"/start {token}")
    await user.wait_for_message(has_buttons)
    await user.tap(bot.services.catalogs.language_label(language))
    await user.wait_for_message(has_buttons)
    agree = bot.services.catalogs.get(language)._("I agree")
    await user.tap(agree)
    # The main menu (buttons) is the last thing consent sends; waiting only for a quiet
    # moment raced with a slow first reply on a loaded machine.
    await user.wait_for_message(has_buttons, timeout=10.0)
    await user.wait_idle(quiet=0.2)


def has_buttons(message: SentMessage) -> bool:
    return bool(message.reply_markup and message.reply_markup.get("inline_keyboard"))


def texts(user: EmulatedUser) -> list[str]:
    return [m.text or m.caption or "" for m in user.messages]


async def seed_inari_and_salla(
    url: str, contacts: Callable[[Organisation, Organisation], list[Contact]]
) -> None:
    """Inari's village association and Salla's parish, with the contacts ``contacts`` makes
    (for tests that drive the CLI, which opens the database itself)."""
    engine = create_engine(url)
    try:
        async with create_sessionmaker(engine)() as session, session.begin():
            inari = Organisation(
                name="Inarin kyläyhdistys", kind=OrgKind.VILLAGE_ASSOCIATION, municipality="Inari"
            )
            salla = Organisation(
                name="Sallan seurakunta", kind=OrgKind.PARISH, municipality="Salla"
            )
            session.add_all([inari, salla])
            await session.flush()
            session.add_all(contacts(inari, salla))
    finally:
        await engine.dispose()
