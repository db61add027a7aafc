"""Playing the walkthroughs (``bot.walkthrough``): a prepared database, a bot, one language.

The database is prepared once (migrations, the village, the coordinators' office, the example
plan) and copied for each language, so that playing every language (the tests do) pays for it
once; the languages can be played side by side, each with its own bot and emulator.
"""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from bot.features import FEATURES
from bot.harness import LocalBot
from bot.walkthrough import OFFICE, VILLAGE, Played, RunningClock, Stage, Walkthrough
from handlers.checkin.plan_file import load_plan_file
from handlers.checkin.plan_import import apply_plan
from handlers.checkin.seed import EXAMPLE_PLAN
from storage.db import create_engine, create_sessionmaker
from storage.migrate import upgrade
from storage.models import OrgKind
from storage.repos.people import add_organisation, find_organisation

if TYPE_CHECKING:
    from bot.feature import Feature


class WalkthroughFailed(RuntimeError):
    """A walkthrough could not be played: a flow changed and its script no longer fits."""


def walkthroughs(features: Sequence[Feature] | None = None) -> list[Walkthrough]:
    """Every feature's walkthroughs, in the feature list's order."""
    found: list[Walkthrough] = []
    for feature in features or FEATURES:
        listed = feature.parts().walkthroughs
        found += listed() if listed is not None else ()
    return found


def _url(path: Path) -> str:
    return f"sqlite+aiosqlite:///{path}"


async def prepare_database(path: Path) -> None:
    """A migrated SQLite database with the village, the office and the example plan."""
    engine = create_engine(_url(path))
    try:
        await upgrade(engine)
        async with create_sessionmaker(engine)() as session, session.begin():
            await add_organisation(
                session, VILLAGE, OrgKind.VILLAGE_ASSOCIATION, "Inari", "Sevettijärvi"
            )
            await add_organisation(session, OFFICE, OrgKind.AUTHORITY, "Rovaniemi")
            await apply_plan(session, load_plan_file(EXAMPLE_PLAN))
    finally:
        await engine.dispose()


@asynccontextmanager
async def stage(language: str, database: Path, starting: asyncio.Lock) -> AsyncIterator[Stage]:
    """The bot on ``database`` (made by ``prepare_database``), in ``language``. Bots start one
    at a time (``starting``): each start runs Alembic, whose module state is one per process."""
    clock = RunningClock()
    # no quiet hours (a pack made at night shows the same pages); no pacing: the emulator
    # is no Telegram, and each wait would be a second per message
    bot = LocalBot(
        _url(database),
        clock=clock,
        quiet_hours="00:00-00:00",
        global_rate=1000.0,
        per_chat_rate=1000.0,
    )
    async with starting:
        await bot.start()
    try:
        async with bot.services.sessionmaker() as session:
            village = await find_organisation(session, VILLAGE)
            office = await find_organisation(session, OFFICE)
        yield Stage(bot, clock, language, village, office)
    finally:
        await bot.__aexit__(None, None, None)  # stops the bot and its emulator


async def play(
    language: str,
    database: Path,
    chosen: Sequence[Walkthrough] | None = None,
    starting: asyncio.Lock | None = None,
) -> list[Played]:
    """Plays every walkthrough (or ``chosen``) in ``language`` on ``database``."""
    played = []
    async with stage(language, database, starting or asyncio.Lock()) as current:
        for walkthrough in chosen if chosen is not None else walkthroughs():
            try:
                await walkthrough.play(current)
                await current.settle()
            except (LookupError, TimeoutError) as error:
                tail = [line for p in current.phones for line in p.user.transcript()[-12:]]
                raise WalkthroughFailed(
                    f"the {walkthrough.name} walkthrough failed in {language}: {error}\n"
                    + "\n".join(tail)
                ) from error
            played.append(Played(walkthrough, current.close()))
    return played


async def play_all(language: str, chosen: Sequence[Walkthrough] | None = None) -> list[Played]:
    """Plays the walkthroughs in ``language`` on a database of its own."""
    return (await play_languages((language,), chosen))[language]


async def play_languages(
    languages: Sequence[str], chosen: Sequence[Walkthrough] | None = None
) -> dict[str, list[Played]]:
    """Plays the walkthroughs in each of ``languages`` side by side."""
    if chosen is not None and not chosen:
        return {language: [] for language in languages}  # no pages: no bot to start
    with tempfile.TemporaryDirectory(prefix="kylabot-pages-") as folder:
        template = Path(folder) / "prepared.db"
        await prepare_database(template)
        copies = {}
        for language in languages:
            # no "@" (fi@selko): Alembic reads the URL through configparser, which takes the
            # "%40" of a quoted "@" for interpolation
            copies[language] = Path(folder) / f"{language.replace('@', '-')}.db"
            shutil.copyfile(template, copies[language])
        starting = asyncio.Lock()
        async with asyncio.TaskGroup() as group:  # one failing stops the others cleanly
            runs = [
                group.create_task(play(language, copies[language], chosen, starting))
                for language in languages
            ]
        return {language: run.result() for language, run in zip(languages, runs, strict=True)}
