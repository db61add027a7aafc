"""The desk's menu button and /menu item follow the role, through the outbox
(handlers/desk/button.py, wired into onboarding, /language, /forget and the router)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from bot.emulator import EmulatedUser
from bot.harness import LocalBot
from handlers.desk import texts
from handlers.privacy import conversation as privacy
from storage.models import Delivery, Role
from tests.desk.support import DESK_URL
from tests.helpers import has_buttons, make_org, onboard

pytestmark = pytest.mark.e2e

KAISA = 801


def desk_button(bot: LocalBot, language: str) -> dict[str, Any]:
    label = bot.services.catalogs.get(language, "desk")._(texts.DESK)
    return {"type": "web_app", "text": label, "web_app": {"url": DESK_URL}}


async def outbox_buttons(bot: LocalBot) -> list[dict[str, Any]]:
    """The menu buttons written to the outbox, oldest first."""
    async with bot.services.sessionmaker() as session:
        rows = await session.scalars(
            select(Delivery.payload)
            .where(Delivery.method == "setChatMenuButton")
            .order_by(Delivery.id)
        )
        return [dict(row or {}).get("menu_button", {}) for row in rows]


def web_app_rows(user: EmulatedUser) -> list[list[dict[str, Any]]]:
    markup = user.last.reply_markup or {}
    return [row for row in markup.get("inline_keyboard", []) if "web_app" in row[0]]


async def test_a_coordinator_gets_the_desk_and_loses_it_with_the_role(database_url: str) -> None:
    async with LocalBot(database_url, desk_url=DESK_URL) as bot:
        council = await make_org(bot, "Lapin liitto", municipality="Rovaniemi")
        user = bot.emulator.user(KAISA, "Kaisa", language_code="fi")
        await onboard(bot, user, council, "fi", Role.COORDINATOR)
        assert bot.emulator.menu_button(KAISA) == desk_button(bot, "fi")
        assert web_app_rows(user) == [
            [{"text": desk_button(bot, "fi")["text"], "web_app": {"url": DESK_URL}}]
        ]

        await user.send_text("/language")
        await user.wait_for_message(has_buttons)
        await user.tap(bot.services.catalogs.language_label("sms"))
        await user.wait_idle(quiet=0.2)
        await bot.settle()
        assert bot.emulator.menu_button(KAISA) == desk_button(bot, "sms")

        await onboard(bot, user, council, "sms", Role.CONTACT)  # a contact invite: role lost
        await bot.settle()
        assert bot.emulator.menu_button(KAISA) is None
        assert web_app_rows(user) == []
        assert await outbox_buttons(bot) == [
            desk_button(bot, "fi"),
            desk_button(bot, "sms"),
            {"type": "default"},
        ]


async def test_a_contact_gets_no_desk(database_url: str) -> None:
    async with LocalBot(database_url, desk_url=DESK_URL) as bot:
        village = await make_org(bot)
        user = bot.emulator.user(KAISA, "Aino", language_code="fi")
        await onboard(bot, user, village, "fi")
        await bot.settle()
        assert bot.emulator.menu_button(KAISA) is None
        assert web_app_rows(user) == []
        assert await outbox_buttons(bot) == [{"type": "default"}]


async def test_an_admin_by_setting_gets_the_desk_on_the_next_update(database_url: str) -> None:
    async with LocalBot(database_url, desk_url=DESK_URL) as bot:
        village = await make_org(bot)
        user = bot.emulator.user(KAISA, "Aino", language_code="fi")
        await onboard(bot, user, village, "en")
        bot.admins = frozenset({KAISA})  # KYLABOT_ADMINS now names her
        await bot.restart()
        await user.send_text("/menu")
        await user.wait_for_message(has_buttons)
        await bot.settle()
        assert bot.emulator.menu_button(KAISA) == desk_button(bot, "en")
        assert len(web_app_rows(user)) == 1


async def test_forget_gives_the_default_button_back(database_url: str) -> None:
    async with LocalBot(database_url, desk_url=DESK_URL) as bot:
        council = await make_org(bot, "Lapin liitto", municipality="Rovaniemi")
        user = bot.emulator.user(KAISA, "Kaisa", language_code="fi")
        await onboard(bot, user, council, "fi", Role.COORDINATOR)
        await user.send_text("/forget")
        await user.wait_for_message(has_buttons)
        await user.tap(bot.services.catalogs.get("fi")._(privacy.YES_ERASE))
        await user.wait_idle(quiet=0.2)
        await bot.settle()
        assert bot.emulator.menu_button(KAISA) is None


async def test_unset_desk_url_shows_nothing_of_the_desk(database_url: str) -> None:
    async with LocalBot(database_url) as bot:
        council = await make_org(bot, "Lapin liitto", municipality="Rovaniemi")
        user = bot.emulator.user(KAISA, "Kaisa", language_code="fi")
        await onboard(bot, user, council, "fi", Role.COORDINATOR)
        await bot.settle()
        assert bot.emulator.menu_button(KAISA) is None
        assert web_app_rows(user) == []
        assert await outbox_buttons(bot) == []


async def test_turning_the_desk_on_and_off_reaches_every_coordinator_once(
    database_url: str,
) -> None:
    """Coordinators who had their role before KYLABOT_DESK_URL was set get the button at the
    next start, once; unset again, they get the default back (handlers/desk/button_sync.py)."""
    async with LocalBot(database_url) as bot:
        council = await make_org(bot, "Lapin liitto", municipality="Rovaniemi")
        village = await make_org(bot)
        kaisa = bot.emulator.user(KAISA, "Kaisa", language_code="fi")
        aino = bot.emulator.user(KAISA + 1, "Aino", language_code="fi")
        await onboard(bot, kaisa, council, "sv", Role.COORDINATOR)
        await onboard(bot, aino, village, "fi")
        await bot.settle()
        assert await outbox_buttons(bot) == []

        bot.extra_settings["desk_url"] = DESK_URL
        await bot.restart()
        await bot.settle()
        assert bot.emulator.menu_button(KAISA) == desk_button(bot, "sv")
        assert bot.emulator.menu_button(KAISA + 1) is None
        assert await outbox_buttons(bot) == [desk_button(bot, "sv")]

        await bot.restart()  # the same setting: nothing to write again
        await bot.settle()
        assert await outbox_buttons(bot) == [desk_button(bot, "sv")]

        del bot.extra_settings["desk_url"]
        await bot.restart()
        await bot.settle()
        assert bot.emulator.menu_button(KAISA) is None
        assert await outbox_buttons(bot) == [desk_button(bot, "sv"), {"type": "default"}]
