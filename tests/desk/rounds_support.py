"""Rounds for the desk's tests, made as the bot makes them, and the chat's /report read back."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.emulator import EmulatedUser
from bot.harness import LocalBot
from handlers.checkin.rounds import start_round
from handlers.checkin.seed import apply_seed, load_seed
from storage.repos import checkin as repo
from storage.repos.people import find_organisation

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
