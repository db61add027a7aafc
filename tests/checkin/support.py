"""Helpers for the check-in tests: the example plan, rounds, and answering through the chat."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.emulator import EmulatedUser
from bot.harness import LocalBot
from bot.i18n import Catalogs
from bot.services import Services
from handlers.checkin.plan_file import load_plan_file
from handlers.checkin.plan_import import apply_plan
from handlers.checkin.rounds import invite_round, start_round
from handlers.checkin.seed import EXAMPLE_PLAN
from storage.models import Organisation
from storage.repos import checkin as repo
from storage.repos.people import find_organisation
from tests.helpers import has_buttons, onboard

STATUS_BUTTON = {"done": "Done", "in_progress": "In progress", "not_done": "Not done"}


async def import_example(bot: LocalBot) -> None:
    spec = load_plan_file(EXAMPLE_PLAN)
    async with bot.services.sessionmaker() as session, session.begin():
        await apply_plan(session, spec)


async def organisation(bot: LocalBot, name: str) -> Organisation:
    async with bot.services.sessionmaker() as session:
        return await find_organisation(session, name)


async def start_and_invite(bot: LocalBot) -> int:
    services = bot.services
    async with services.sessionmaker() as session, session.begin():
        plan = await repo.get_plan(session)
        new = await start_round(session, plan, services.now(), services.settings.zone)
        round_id = new.id
    await invite_round(services, round_id)
    await bot.settle()  # the invitations are in the outbox: wait until the sender sent them
    return round_id


def label(bot: LocalBot, language: str, msgid: str) -> str:
    return bot.services.catalogs.get(language)._(msgid)


async def tap_and_wait(user: EmulatedUser, text: str) -> None:
    await user.tap(text)
    await user.wait_for_message(has_buttons)


async def invited_contact(
    bot: LocalBot, organisation_name: str, user_id: int, language: str
) -> EmulatedUser:
    """A contact of the example plan's ``organisation_name``, onboarded in ``language``, who has
    just received the invitation of a new round."""
    await import_example(bot)
    found = await organisation(bot, organisation_name)
    user = bot.emulator.user(user_id, "Ivan", language_code="fi")
    await onboard(bot, user, found, language)
    await start_and_invite(bot)
    await user.wait_for_message(lambda m: "~ci_start~" in str(m.reply_markup))
    return user


@dataclass
class Clock:
    """A clock that stands still until the test moves it."""

    now: datetime

    def __call__(self) -> datetime:
        return self.now


def job_services(
    engine: AsyncEngine,
    sessionmaker: async_sessionmaker[AsyncSession],
    database_url: str,
    clock: Clock,
    **settings: Any,
) -> Services:
    """What a job gets, without the application: no sender, no router, and no write queue
    (``update_lock`` None, as on PostgreSQL: concurrent jobs race on the database itself)."""
    return Services(
        settings=Settings.parse({"database_url": database_url, **settings}),
        engine=engine,
        sessionmaker=sessionmaker,
        catalogs=Catalogs(),
        router=None,  # type: ignore[arg-type]
        clock=clock,
    )
