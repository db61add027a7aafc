"""A small plan for the crash tests: every organisation answers the same few measures."""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.emulator import BotApiEmulator, EmulatedUser
from bot.harness import LocalBot
from handlers.checkin.plan_file import load_plan_file
from handlers.checkin.plan_import import apply_plan
from storage.models import Contact, Organisation
from storage.repos.people import find_organisation
from storage.types import utcnow
from tests.checkin.support import start_and_invite
from tests.helpers import has_buttons, onboard

CONTACTS = 10
MEASURES = 3


def plan_document(organisations: int, measures: int) -> dict[str, object]:
    names = [f"Kylä {i:04d} ry" for i in range(organisations)]
    return {
        "key": "crash-test",
        "name": {"fi": "Testisuunnitelma", "en": "Test plan"},
        "organisations": [
            {"name": name, "kind": "village_association", "municipality": "Inari"} for name in names
        ],
        "themes": [
            {
                "key": "village-safety",
                "name": {"fi": "Kylien turvallisuus", "en": "Village safety"},
                "measures": [
                    {
                        "key": f"m-{m}",
                        "title": {"fi": f"Toimenpide {m}", "en": f"Measure {m}"},
                        "responsible": names,
                    }
                    for m in range(1, measures + 1)
                ],
            }
        ],
    }


async def write_plan(
    bot: LocalBot, folder: Path, organisations: int = CONTACTS, measures: int = MEASURES
) -> dict[int, Organisation]:
    """Imports the plan; returns the organisations by their number."""
    document = plan_document(organisations, measures)
    path = folder / "plan.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    async with bot.services.sessionmaker() as session, session.begin():
        await apply_plan(session, load_plan_file(path))
    async with bot.services.sessionmaker() as session:
        return {
            i: await find_organisation(session, f"Kylä {i:04d} ry") for i in range(organisations)
        }


def child_env(database_url: str, **extra: str) -> dict[str, str]:
    return {
        "KYLABOT_DATABASE_URL": database_url,
        "KYLABOT_QUIET_HOURS": "00:00-00:00",
        "KYLABOT_CIVIL_HOURS": "00:00-23:59",
        "KYLABOT_BROADCAST_LEASE": "1",
        **extra,
    }


async def invited_contacts(
    emulator: BotApiEmulator, database_url: str, folder: Path
) -> tuple[dict[int, Organisation], list[EmulatedUser]]:
    """One onboarded contact per organisation, each holding the round's invitation."""
    async with LocalBot(database_url, emulator=emulator) as setup:
        orgs = await write_plan(setup, folder)
        users = [emulator.user(5000 + i, f"Kontakti {i}", language_code="en") for i in orgs]
        for user, org in zip(users, orgs.values(), strict=True):
            await onboard(setup, user, org, "en")
        await start_and_invite(setup)
        for user in users:
            await user.wait_for_message(has_buttons)
    return orgs, users


async def add_contacts(
    bot: LocalBot, emulator: BotApiEmulator, orgs: dict[int, Organisation], first_chat: int
) -> None:
    """A consenting contact for each organisation, written straight to the database."""
    async with bot.services.sessionmaker() as session, session.begin():
        for i, org in orgs.items():
            user = emulator.user(first_chat + i, f"Kontakti {i}", language_code="en")
            session.add(
                Contact(
                    telegram_user_id=user.id,
                    organisation_id=org.id,
                    language="en",
                    consent_at=utcnow(),
                )
            )
