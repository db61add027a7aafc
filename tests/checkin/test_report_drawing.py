"""Report files are drawn outside the tap's transaction (issue 19, item 9).

Drawn inside it, a national round's workbook held the process's turn for writers and SQLite's
write lock for seconds, and every other conversation waited. Here the drawing is held until the
test lets it go: another person's update is answered meanwhile, and the file comes after.
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import pytest

from bot.harness import LocalBot
from bot.router import NOT_ALLOWED
from handlers.checkin import report_files
from storage.models import Role
from tests.checkin.support import import_example, organisation, start_and_invite
from tests.helpers import has_buttons, onboard

pytestmark = pytest.mark.e2e


async def test_others_are_answered_while_a_report_file_is_drawn(
    local_bot: LocalBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    bot = local_bot
    await import_example(bot)
    org = await organisation(bot, "Lapin liitto")
    coordinator = bot.emulator.user(31, "Kaisa", language_code="en")
    contact = bot.emulator.user(32, "Olli", language_code="en")
    await onboard(bot, coordinator, org, "en", role=Role.COORDINATOR)
    await onboard(bot, contact, org, "en")
    await start_and_invite(bot)

    drawing, release = threading.Event(), threading.Event()
    real_csv = report_files.csv_bytes

    def held_csv(*args: Any) -> bytes:
        drawing.set()
        release.wait(timeout=60)  # the test lets it go (a bound, so a failure cannot hang)
        return real_csv(*args)

    monkeypatch.setattr(report_files, "csv_bytes", held_csv)
    await coordinator.send_text("/report")
    await coordinator.wait_for_message(has_buttons)
    await coordinator.tap("CSV file")
    refused = bot.services.catalogs.get("en")._(NOT_ALLOWED)
    try:
        assert await asyncio.to_thread(drawing.wait, 30) is True  # the file is being drawn
        await contact.send_text("/report")  # an update of its own, with its own transaction
        answer = await contact.wait_for_message(lambda m: m.text == refused)
        assert answer.text == refused
    finally:
        release.set()
    csv_doc = await coordinator.wait_for_message(lambda m: (m.file_name or "").endswith(".csv"))
    assert csv_doc.file_bytes is not None
    assert csv_doc.file_bytes.startswith(b"\xef\xbb\xbf")
