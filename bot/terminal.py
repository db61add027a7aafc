"""``kylabot chat``: talk to the bot in a terminal as a village contact, no token needed.

The real application runs against the emulator; you type as the contact. A translator or a
coordinator can try every flow in any language this way. Type text or /commands; a number taps
that button of the latest keyboard; ``:loc LAT LON`` shares a location; ``:photo [caption]``,
``:voice`` and ``:sticker`` send media; ``:quit`` ends.

Each session's emulator numbers its updates from the wall clock in milliseconds, not from 1:
the bot remembers handled update ids in its database, so a second session on the same database
file would otherwise have its first messages skipped as already handled (issue 12, item 17).
Files the bot sends (chart, workbook, CSV, /mydata) are saved in a folder whose path is printed,
and a button's pop-up notice (answerCallbackQuery text) is shown as a line of its own.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from collections.abc import Mapping, Sequence
from datetime import timedelta
from pathlib import Path

from bot.emulator import BotApiEmulator, EmulatedUser, SentMessage
from bot.harness import LocalBot
from bot.ops.http import HttpListener
from handlers.desk.local import desk_link, free_port, local_desk_url, serve_desk, signed_init_data
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


def fresh_update_id() -> int:
    """A first update id above every earlier session's: the wall clock in milliseconds."""
    return time.time_ns() // 1_000_000


def save_file(message: SentMessage, folder: Path) -> Path | None:
    """Writes the file of a document or photo message into ``folder``; None if it has none."""
    if message.file_bytes is None:
        return None
    name = Path(message.file_name).name if message.file_name else f"{message.kind}.bin"
    path = folder / f"{message.message_id:03d}-{name}"
    path.write_bytes(message.file_bytes)
    return path


def notices(answers: Sequence[Mapping[str, object]], shown: int) -> list[str]:
    """Lines for the button pop-ups (answerCallbackQuery texts) after the first ``shown``."""
    lines = []
    for answer in answers[shown:]:
        if answer.get("text"):
            tag = "alert" if answer.get("show_alert") else "notice"
            lines.append(f"bot> ({tag}) {answer['text']}")
    return lines


async def _invite(bot: LocalBot, role: Role) -> str:
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


class Screen:
    """What the terminal has shown so far: message versions, pop-ups, the numbered buttons."""

    def __init__(self, user: EmulatedUser, files: Path) -> None:
        self.user = user
        self.files = files
        self.seen: dict[int, int] = {}
        self.answers_shown = 0
        self.numbering: list[tuple[str, str]] = []

    def show_new(self) -> None:
        answers = self.user.callback_answers
        for line in notices(answers, self.answers_shown):
            print(line)
        self.answers_shown = len(answers)
        for message in self.user.messages:
            version = message.edited + 1
            first_sight = message.message_id not in self.seen
            if self.seen.get(message.message_id) == version:
                continue
            self.seen[message.message_id] = version
            self.numbering.clear()
            for line in render(message, self.numbering):
                print(line)
            saved = save_file(message, self.files) if first_sight else None
            if saved is not None:
                print(f"      saved: {saved}")


async def chat(language: str, database_url: str | None, role: Role, files: Path | None) -> int:
    """Runs one terminal session; ``files`` is where received files go (default: a new folder)."""
    if files is None:
        files = Path(tempfile.mkdtemp(prefix="kylabot-chat-files-"))
    files.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="kylabot-chat-") as folder:
        url = database_url or f"sqlite+aiosqlite:///{Path(folder) / 'chat.db'}"
        emulator = BotApiEmulator(first_update_id=fresh_update_id())
        # a coordinator's session also serves the desk on loopback (KYLABOT_DESK_URL)
        desk = None if role is Role.CONTACT else local_desk_url(free_port())
        async with emulator, LocalBot(url, emulator=emulator, desk_url=desk) as bot:
            user = bot.emulator.user(777, "Testaaja", language_code=language)
            print(HELP)
            print(f"Files the bot sends are saved in {files}")
            listener = await _desk(bot, user, language)
            try:
                await user.send_text(f"/start {await _invite(bot, role)}")
                await _converse(user, files)
            finally:
                if listener is not None:
                    await listener.stop()
            return 0


async def _desk(bot: LocalBot, user: EmulatedUser, language: str) -> HttpListener | None:
    """Serves the coordinator desk and prints its URL, signed for the emulated person."""
    desk_url = bot.services.settings.desk_url
    if desk_url is None:
        return None
    listener = await serve_desk(bot.services)
    data = signed_init_data(bot.emulator.token, user.id, user.first_name, language, utcnow())
    print("Coordinator desk, once you have joined (open it in a browser):")
    print(f"  {desk_link(desk_url, data)}")
    return listener


async def _converse(user: EmulatedUser, files: Path) -> None:
    screen = Screen(user, files)
    loop = asyncio.get_running_loop()
    while True:
        await user.wait_idle(quiet=0.3)
        screen.show_new()
        line = await loop.run_in_executor(None, _read)
        if line is None or line.strip() == ":quit":
            return
        await _act(user, line.strip(), screen.numbering)


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
