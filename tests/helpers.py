"""Small factories for end-to-end tests: organisations, invites, onboarded people."""

from __future__ import annotations

from datetime import timedelta

from bot.emulator import EmulatedUser, SentMessage
from bot.harness import LocalBot
from bot.i18n import ENDONYMS
from storage.models import Organisation, OrgKind, Role
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
    await user.tap(ENDONYMS[language])
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
