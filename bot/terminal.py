"""``kylabot chat``: talk to the bot in a terminal as a village contact, no token needed.

The real application runs against the emulator; you type as the contact. A translator or a
coordinator can try every flow in any language this way. Type text or /commands; a number taps
that button of the latest keyboard; ``:loc LAT LON`` shares a location; ``:photo [caption]``,
``:voice`` and ``:sticker`` send media; ``:quit`` ends.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

from bot.emulator import EmulatedUser, SentMessage
from bot.harness import LocalBot
from bot.i18n import LANGUAGES
from storage.models import OrgKind, Role
from storage.repos.people import add_organisation, create_invite, list_organisations
from storage.types import utcnow

HELP = (
    "Type text or /commands. A number taps that button. :loc LAT LON shares a location, "
    ":photo [caption], :voice, :sticker send media, :quit ends."
)


def render(message: SentMessage, numbering: list[tuple[str, str]]) -> list[str]:
    """The message as lines, its buttons numbered (appended to ``numbering``)."""
    prefix = "[edited] " if message.edited else ""
    body = message.text or message.caption or f"[{message.kind}] {message.file_name or ''}"
    lines = [f"bot> {prefix}{line}" for line in body.splitlines() or [""]]
    for row in (message.reply_markup or {}).get("inline_keyboard", []):
        cells = []
        for button in row:
            numbering.append((button["text"], button.get("callback_data", "")))
            cells.append(f"[{len(numbering)}] {button['text']}")
        lines.append("      " + "   ".join(cells))
    return lines


async def _invite(bot: LocalBot, role: Role) -> str:
    from datetime import timedelta

    async with bot.services.sessionmaker() as session, session.begin():
        existing = await list_organisations(session)
        if existing:
            organisation = existing[0][0]
        else:
            organisation = await add_organisation(
                session, "Kokeilukylän kyläyhdistys", OrgKind.VILLAGE_ASSOCIATION, "Inari"
            )
        issued = await create_invite(session, organisation, role, timedelta(days=1), utcnow())
    return issued.token


async def _show_new(
    user: EmulatedUser, seen: dict[int, int], numbering: list[tuple[str, str]]
) -> None:
    for message in user.messages:
        version = message.edited + 1
        if seen.get(message.message_id) == version:
            continue
        seen[message.message_id] = version
        numbering.clear()
        for line in render(message, numbering):
            print(line)


async def chat(language: str, database_url: str | None, role_name: str) -> int:
    if language not in LANGUAGES:
        print(f"unknown language {language!r}; one of: {', '.join(LANGUAGES)}", file=sys.stderr)
        return 2
    role = Role(role_name)
    with tempfile.TemporaryDirectory(prefix="kylabot-chat-") as folder:
        url = database_url or f"sqlite+aiosqlite:///{Path(folder) / 'chat.db'}"
        async with LocalBot(url) as bot:
            user = bot.emulator.user(777, "Testaaja", language_code=language)
            print(HELP)
            await user.send_text(f"/start {await _invite(bot, role)}")
            seen: dict[int, int] = {}
            numbering: list[tuple[str, str]] = []
            loop = asyncio.get_running_loop()
            while True:
                await user.wait_idle(quiet=0.3)
                await _show_new(user, seen, numbering)
                line = await loop.run_in_executor(None, _read)
                if line is None or line.strip() == ":quit":
                    return 0
                await _act(user, line.strip(), numbering)


def _read() -> str | None:
    try:
        return input("you> ")
    except EOFError:
        return None


async def _act(user: EmulatedUser, line: str, numbering: list[tuple[str, str]]) -> None:
    if not line:
        return
    if line.isdigit() and 1 <= int(line) <= len(numbering):
        await user.tap_data(numbering[int(line) - 1][1])
    elif line.startswith(":loc"):
        parts = line.split()
        try:
            await user.send_location(float(parts[1]), float(parts[2]))
        except (IndexError, ValueError):
            print(":loc LAT LON, e.g. :loc 68.9 27.0")
    elif line.startswith(":photo"):
        await user.send_photo(caption=line[len(":photo") :].strip() or None)
    elif line == ":voice":
        await user.send_voice()
    elif line == ":sticker":
        await user.send_sticker()
    else:
        await user.send_text(line)
