"""``make demo``: a village contact onboards and answers, scripted, against the emulator.

Prints the transcript (what the contact saw and tapped) and exits 0. Each feature tells its part
of the story in its ``Feature.demo_steps``, in the order of the feature list; a step may return
an epilogue (the coordinator's view of what just happened), printed after the transcript.
"""

from __future__ import annotations

import tempfile
from datetime import timedelta
from pathlib import Path

from bot.emulator import EmulatedUser
from bot.features import FEATURES
from bot.harness import LocalBot
from bot.i18n import ENDONYMS, LANGUAGES
from handlers.desk.local import free_port, local_desk_url
from handlers.onboarding.conversation import AGREE
from storage.models import OrgKind, Role
from storage.repos.people import add_organisation, create_invite
from storage.types import utcnow


async def seed_invite(bot: LocalBot, role: Role = Role.CONTACT) -> str:
    """An example village association with one invite; returns the token."""
    async with bot.services.sessionmaker() as session, session.begin():
        organisation = await add_organisation(
            session,
            "Sevettijärven kyläyhdistys",
            OrgKind.VILLAGE_ASSOCIATION,
            "Inari",
            "Sevettijärvi",
        )
        issued = await create_invite(session, organisation, role, timedelta(days=14), utcnow())
    return issued.token


async def onboard(user: EmulatedUser, token: str, label: str, agree_label: str) -> None:
    await user.send_text(f"/start {token}")
    await user.wait_for_message(lambda m: bool(m.reply_markup))
    await user.tap(label)
    await user.wait_for_message(lambda m: bool(m.reply_markup))
    await user.tap(agree_label)
    await user.wait_for_message(lambda m: bool(m.reply_markup), timeout=10.0)  # the main menu
    await user.wait_idle()


async def run_demo(language: str) -> int:
    if language not in LANGUAGES:
        print(f"unknown language {language!r}; one of: {', '.join(LANGUAGES)}")
        return 2
    with tempfile.TemporaryDirectory(prefix="kylabot-demo-") as folder:
        database = f"sqlite+aiosqlite:///{Path(folder) / 'demo.db'}"
        # the desk on a free loopback port: its demo step fetches a coordinator's page there
        async with LocalBot(database, desk_url=local_desk_url(free_port())) as bot:
            token = await seed_invite(bot)
            user = bot.emulator.user(4242, "Aino", language_code="fi")
            tr = bot.services.catalogs.get(language)
            await onboard(user, token, bot.services.catalogs.language_label(language), tr._(AGREE))
            steps = [step for feature in FEATURES for step in feature.parts().demo_steps]
            epilogues = [await step(bot, user, language) for step in steps]
            print(f"--- kylabot demo ({ENDONYMS[language]}) — what the village contact saw ---")
            for line in user.transcript():
                print(line)
            for epilogue in epilogues:
                if epilogue:
                    print()
                    print(epilogue)
    return 0
