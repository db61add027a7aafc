"""The command menu Telegram shows, per role and language (setMyCommands).

Telegram takes ISO 639-1 codes for per-language command lists, so fi, sv, se and en get
language-wide lists for contacts; Inari and Skolt Sámi speakers, coordinators and admins get a
list scoped to their own chat, set when they join or change language.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from telegram import Bot, BotCommand, BotCommandScopeAllPrivateChats

from bot.i18n import Catalogs, Translator
from storage.models import Role

if TYPE_CHECKING:
    from bot.router import Router

TELEGRAM_LANGUAGE_CODES = ("fi", "sv", "se", "en")


def command_list(router: Router, role: Role, tr: Translator) -> list[BotCommand]:
    return [BotCommand(name, tr._(description)) for name, description in router.commands(role)]


async def publish_default_commands(bot: Bot, router: Router, catalogs: Catalogs) -> None:
    """Commands every private chat sees: the contact's list, per language."""
    scope = BotCommandScopeAllPrivateChats()
    await bot.set_my_commands(command_list(router, Role.CONTACT, catalogs.get("fi")), scope=scope)
    for code in TELEGRAM_LANGUAGE_CODES:
        commands = command_list(router, Role.CONTACT, catalogs.get(code))
        await bot.set_my_commands(commands, scope=scope, language_code=code)
