"""Rounds for the desk's tests, made as the bot makes them, and the chat's /report read back."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.emulator import EmulatedUser
from bot.harness import LocalBot
from handlers.checkin.reminders import reminder_text
from handlers.checkin.rounds import invite_round, start_round
from handlers.checkin.seed import apply_seed, load_seed
from storage.models import Role, Round
from storage.repos import checkin as repo
from storage.repos.people import find_organisation
from tests.checkin.support import import_example, organisation
from tests.helpers import make_org, onboard

COUNTS = re.compile(r"^✅ (\d+)  ⏳ (\d+)  ❌ (\d+)  ❔ (\d+)$")
CHANGE = re.compile(r"^±  ✅ ([+-]?\d+)  ⏳ ([+-]?\d+)  ❌ ([+-]?\d+)  ❔ ([+-]?\d+)$")


async def new_round(bot: LocalBot, skip: frozenset[str] = frozenset()) -> int:
    """A round of the example plan answered as the seed file says, but for ``skip``."""
    services = bot.services
    async with services.write() as session:
        skipped = {(await find_organisation(session, name)).id for name in skip}
        plan = await repo.get_plan(session)
        new = await start_round(session, plan, services.now(), services.settings.zone)
        await apply_seed(session, new, load_seed(), services.now(), skipped)
        return new.id


@dataclass(frozen=True)
class ChatTheme:
    """A theme of the chat's /report: its name with the measure count, the counts (done, in
    progress, not done, not answered) and, after an earlier round, their change."""

    name: str
    counts: list[str]
    change: list[str] | None


def chat_themes(text: str) -> list[ChatTheme]:
    """The themes of the chat's /report table, in its order."""
    found = []
    for block in (block.splitlines() for block in text.split("\n\n")):
        at = next((i for i, line in enumerate(block) if COUNTS.match(line)), None)
        if not at:
            continue
        counts = COUNTS.match(block[at])
        assert counts is not None
        change = CHANGE.match(block[at + 1]) if at + 1 < len(block) else None
        moved = list(change.groups()) if change is not None else None
        found.append(ChatTheme(" ".join(block[:at]), list(counts.groups()), moved))
    return found


async def chat_report(user: EmulatedUser) -> str:
    """Sends /report as ``user`` and returns the table the bot answers."""
    await user.send_text("/report")
    message = await user.wait_for_message(lambda m: "rp_png" in str(m.reply_markup))
    return message.text or ""


# The people of ``waiting_round``: the coordinator, Lapin Kylät ry's two contacts (who do not
# answer), and Sevettijärvi's one (whose answers the seed file gives).
COORDINATOR = 901
NOT_ANSWERED = {902: "fi", 903: "sv"}
ANSWERED = 904
WAITING = "Lapin Kylät ry"  # owns only ky-1, which Sevettijärvi answers too: 26/8/2 stays
HELSINKI = ZoneInfo("Europe/Helsinki")
MONDAY = datetime(2026, 9, 7, 10, tzinfo=HELSINKI).astimezone(UTC)  # a civil hour


@dataclass(frozen=True)
class WaitingRound:
    round_id: int
    coordinator: EmulatedUser
    not_answered: tuple[EmulatedUser, ...]
    answered: EmulatedUser


async def waiting_round(
    bot: LocalBot, language: str = "en", earlier_skip: frozenset[str] | None = None
) -> WaitingRound:
    """The example plan's round started and invited at the bot's clock and answered as the
    seed file says (26/8/2 over 36 measures), but for Lapin Kylät ry, whose two contacts have
    not answered; everyone onboarded through the chat, the coordinator in ``language``.

    With ``earlier_skip``, a round of the quarter before comes first, answered as the seed
    file says but for those organisations (what "change since" compares with)."""
    await import_example(bot)
    council = await make_org(bot, "Lapin maakuntaliitto", municipality="Rovaniemi")
    coordinator = bot.emulator.user(COORDINATOR, "Kaisa", language_code=language)
    await onboard(bot, coordinator, council, language, Role.COORDINATOR)
    villages = await organisation(bot, WAITING)
    waiting = []
    for user_id, tongue in NOT_ANSWERED.items():
        user = bot.emulator.user(user_id, f"Contact {user_id}", language_code=tongue)
        await onboard(bot, user, villages, tongue)
        waiting.append(user)
    sevetti = await organisation(bot, "Sevettijärven kyläyhdistys")
    answered = bot.emulator.user(ANSWERED, "Aino", language_code="en")
    await onboard(bot, answered, sevetti, "en")
    services = bot.services
    now, zone = services.now(), services.settings.zone
    async with services.write() as session:
        plan = await repo.get_plan(session)
        if earlier_skip is not None:
            before = now - timedelta(days=91)
            earlier = await start_round(session, plan, before, zone)
            skipped = {(await find_organisation(session, name)).id for name in earlier_skip}
            await apply_seed(session, earlier, load_seed(), before, skipped)
        new = await start_round(session, plan, now, zone)  # closes the earlier one
        round_id = new.id
    await invite_round(services, round_id)
    async with services.write() as session:
        found = await session.get(Round, round_id)
        assert found is not None
        await apply_seed(session, found, load_seed(), services.now(), {villages.id})
    await bot.settle()
    return WaitingRound(round_id, coordinator, tuple(waiting), answered)


def reminder(bot: LocalBot, language: str, round_label: str) -> str:
    """The reminder Lapin Kylät ry's contacts get: one measure (ky-1) still unanswered."""
    tr = bot.services.catalogs.get(language, "checkin")
    return reminder_text(tr, round_label, 1, WAITING)


def sent(user: EmulatedUser, since: int = 0) -> list[str]:
    """What the bot sent the user, from the ``since``-th message on."""
    return [m.text or m.caption or "" for m in user.messages[since:]]
