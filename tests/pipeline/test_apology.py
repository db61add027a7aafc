"""An update that fails for good is recorded once and the person is told so, in the language
they chose in the bot (bot/router.py ``_apologise``), not their Telegram app's."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import event, func, select

from bot.harness import LocalBot
from bot.router import FAILED
from storage.models import InboundUpdate
from tests.helpers import make_org, onboard

pytestmark = pytest.mark.e2e


class Broken:
    """Raises a programming error (not a transient one) where the router reads the person
    (the update's first statement; the poller's journal write comes before it), once."""

    def __init__(self) -> None:
        self.armed = False

    def before(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if self.armed and statement.lstrip().startswith("SELECT contact."):
            self.armed = False
            raise RuntimeError("a defect in a handler (injected)")


async def test_a_failed_update_is_apologised_for_in_the_persons_own_language(
    database_url: str,
) -> None:
    async with LocalBot(database_url) as bot:
        village = await make_org(bot)
        user = bot.emulator.user(901, "Aino", language_code="fi")  # the phone is in Finnish
        await onboard(bot, user, village, "sv")  # she chose Swedish in the bot
        broken = Broken()
        engine = bot.services.engine.sync_engine
        event.listen(engine, "before_cursor_execute", broken.before)
        broken.armed = True
        await user.send_text("/menu")
        apology = bot.services.catalogs.get("sv")._(FAILED)
        assert (await user.wait_for_message(lambda m: m.text == apology)).text == apology
        async with bot.services.write() as session:
            failed = await session.scalar(
                select(func.count())
                .select_from(InboundUpdate)
                .where(InboundUpdate.outcome == "failed")
            )
        assert failed == 1
