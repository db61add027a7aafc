"""Another flow can hand over to /broadcast with the audience already chosen (``preset``):
the coordinator writes the text and goes from Continue straight to the preview."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from telegram import Update

from bot.context import Ctx
from bot.feature import Feature, Parts
from bot.features import FEATURES
from bot.flow import Flow, on_command
from bot.harness import LocalBot
from bot.router import start_flow
from handlers.broadcast import texts
from handlers.broadcast.draft import Step
from storage.models import Broadcast, Role
from tests.broadcast.support import add_contact, coordinator
from tests.handlers.test_phenomena import says
from tests.helpers import has_buttons, make_org

pytestmark = pytest.mark.e2e


async def hand_over(update: Update, ctx: Ctx) -> int | None:
    await start_flow(
        ctx, ctx.services.router.flows["broadcast"], Step.TEXT, {"preset": {"kind": "all"}}
    )
    await ctx.say(ctx._(texts.ASK_TEXT))
    return None


def _handing_flow() -> Flow:
    return Flow(
        name="handing",
        role=Role.COORDINATOR,
        states={},
        entry_points=[on_command("handover", hand_over)],
    )


HANDING = Feature(name="handing", parts=lambda: Parts(flows=(_handing_flow,)))


@pytest.fixture
async def handing_bot(database_url: str) -> AsyncIterator[LocalBot]:
    async with LocalBot(
        database_url, features=(*FEATURES, HANDING), quiet_hours="00:00-00:00"
    ) as bot:
        yield bot


async def test_a_preset_audience_skips_the_audience_question(handing_bot: LocalBot) -> None:
    bot = handing_bot
    org = await make_org(bot, "Sevettijärven kyläyhdistys", municipality="Inari")
    boss = await coordinator(bot, org, "en")
    await add_contact(bot, org, 5501, "fi")
    _ = bot.services.catalogs.get("en")._
    await boss.send_text("/handover")
    await boss.wait_for_message(says(_(texts.ASK_TEXT)))
    await boss.send_text("The road is closed on Saturday.")
    await boss.wait_for_message(lambda m: _(texts.CONTINUE) in str(m.reply_markup))
    await boss.tap(_(texts.CONTINUE))
    preview = await boss.wait_for_message(lambda m: _(texts.SEND_NOW) in str(m.reply_markup))
    line = _(texts.LANGUAGE_LINE)
    assert preview.text == "\n".join(  # everyone: the contact and the coordinator
        [
            _(texts.PREVIEW) % {"id": 1, "segment": _("Everyone")},
            _(texts.RECIPIENTS) % {"count": "2"},
            "• " + line % {"language": "Suomi", "count": "1", "text_language": "English"},
            "• " + line % {"language": "English", "count": "1", "text_language": "English"},
        ]
    )
    await boss.wait_idle(quiet=0.1)
    async with bot.services.sessionmaker() as session:
        broadcast = await session.get_one(Broadcast, 1)
        assert broadcast.segment == {"kind": "all"}
    assert not [m for m in boss.messages if m.text == _(texts.ASK_SEGMENT)]
    assert has_buttons(preview)
