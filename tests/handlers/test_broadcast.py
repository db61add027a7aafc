"""/broadcast end to end over the emulator: the guided flow, variants, preview, progress, roles."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bot.harness import LocalBot
from handlers.broadcast import progress, texts
from storage.models import Broadcast, Contact, Delivery, DeliveryStatus, OrgKind, Role
from tests.broadcast.support import (
    add_contact,
    bc_bot,
    broadcasts,
    coordinator,
    deliveries,
    is_done,
    received,
    tr,
    wait_until,
)
from tests.helpers import has_buttons, make_org, onboard

pytestmark = pytest.mark.e2e
__all__ = ["bc_bot"]

BOLD = [{"type": "bold", "offset": 0, "length": 5}]


async def test_broadcast_with_variants_reaches_exactly_the_segment(bc_bot: LocalBot) -> None:
    bot = bc_bot
    _ = tr(bot)
    inari = await make_org(bot, "Sevettijärven kyläyhdistys", municipality="Inari")
    other = await make_org(bot, "Sodankylän seurakunta", OrgKind.PARISH, municipality="Sodankylä")
    boss = await coordinator(bot, other)
    fi = await add_contact(bot, inari, 2001, "fi")
    sv = await add_contact(bot, inari, 2002, "sv")
    se = await add_contact(bot, inari, 2003, "se")
    await add_contact(bot, inari, 2004, "fi", opted_out=True)
    await add_contact(bot, inari, 2005, "fi", active=False)
    outsider = await add_contact(bot, other, 2006, "fi")

    await boss.send_text("/broadcast")
    assert (await boss.wait_for_message()).text == _(texts.ASK_TEXT)
    # The text, with formatting, as the coordinator's client sends it.
    boss._send(
        "Huomio: harjoitus lauantaina", {"text": "Huomio: harjoitus lauantaina", "entities": BOLD}
    )
    await boss.wait_for_message(has_buttons)
    await boss.tap("Svenska")
    await boss.wait_for_message()
    await boss.send_text("Obs: övning på lördag")
    await boss.wait_for_message(lambda m: _(texts.CONTINUE) in str(m.reply_markup))
    assert "Svenska" in (boss.last.text or "")  # versions so far
    await boss.tap(_(texts.CONTINUE))
    await boss.wait_for_message(has_buttons)
    await boss.tap(_("By municipality"))
    await boss.wait_for_message(lambda m: "Inari" in str(m.reply_markup))
    await boss.tap("Inari")
    preview = await boss.wait_for_message(lambda m: _(texts.SEND_NOW) in str(m.reply_markup))
    text = preview.text or ""
    assert _(texts.RECIPIENTS) % {"count": "3"} in text
    assert "Davvisámegiella: 1, " in text and "Suomi" in text.split("Davvisámegiella: 1, ")[1]
    assert _(texts.SKIPPED) % {"paused": "1", "left": "1"} in text
    copy = [m for m in boss.messages if m.text == "Huomio: harjoitus lauantaina"]
    assert copy and copy[-1].entities[0]["type"] == "bold"

    await boss.tap(_(texts.SEND_NOW))
    await wait_until(lambda: is_done(bot))
    # The final summary, not a progress edit ("#1: sent 3/3"), which may come first.
    finnish = bot.services.catalogs.get("fi")
    done = finnish.counted(progress.SUMMARY, 3) % {"id": 1, "sent": "3", "total": "3"}
    summary = await boss.wait_for_message(lambda m: (m.text or "").startswith(done))
    assert summary is not None

    for user_id, expected in ((2001, "Huomio"), (2002, "Obs"), (2003, "Huomio")):
        got = [m for m in bot.emulator.user(user_id).messages]
        assert len(got) == 1 and (got[0].text or "").startswith(expected)
        if expected == "Huomio":
            assert got[0].entities == BOLD
    for user_id in (2004, 2005, 2006):
        assert bot.emulator.user(user_id).messages == []
    rows = await deliveries(bot)
    assert sorted(r.contact_id or 0 for r in rows) == sorted([fi.id, sv.id, se.id])
    assert all(r.status is DeliveryStatus.SENT and r.message_id for r in rows)
    assert outsider.id not in {r.contact_id for r in rows}
    (stored,) = await broadcasts(bot)
    assert stored.skipped == {"paused": 1, "left": 1}
    assert stored.variants["fi"]["entities"] == BOLD

    # /broadcasts shows the figures.
    await boss.send_text("/broadcasts")
    listing = await boss.wait_for_message()
    assert _(texts.LIST_FIGURES) % {"sent": "3", "total": "3", "failed": "0", "blocked": "0"} in (
        listing.text or ""
    )


async def test_a_contact_is_refused_and_nothing_is_queued(bc_bot: LocalBot) -> None:
    org = await make_org(bc_bot)
    user = bc_bot.emulator.user(2101, "Eero", language_code="sv")
    await onboard(bc_bot, user, org, "sv", Role.CONTACT)
    await add_contact(bc_bot, org, 2102)
    await user.send_text("/broadcast")
    reply = await user.wait_for_message()
    assert reply.text == tr(bc_bot, "sv")("Sorry, that is only for coordinators. Nothing was done.")
    await user.send_text("Hei kaikki")
    await user.wait_idle(quiet=0.3)
    async with bc_bot.services.sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(Broadcast)) == 0
        assert (
            await session.scalar(
                select(func.count()).select_from(Delivery).where(Delivery.broadcast_id.is_not(None))
            )
            == 0
        )
    assert bc_bot.emulator.user(2102).messages == []


async def test_cancel_and_wrong_input_keep_the_draft_and_send_nothing(bc_bot: LocalBot) -> None:
    bot = bc_bot
    _ = tr(bot)
    org = await make_org(bot)
    boss = await coordinator(bot, org)
    await add_contact(bot, org, 2201)
    await boss.send_text("/broadcast")
    await boss.wait_for_message()
    await boss.send_sticker()
    assert (await boss.wait_for_message()).text == _(texts.NEED_TEXT)
    await boss.send_text("Kokous siirtyy")
    await boss.wait_for_message(has_buttons)
    await boss.send_sticker()  # a sticker where a button is expected: asked again
    again = await boss.wait_for_message(has_buttons)
    assert _(texts.CONTINUE) in str(again.reply_markup)
    (draft,) = await broadcasts(bot)
    assert draft.variants["fi"]["text"] == "Kokous siirtyy"
    await boss.tap(_(texts.CANCEL))
    assert (await boss.wait_for_message()).text == _(texts.CANCELLED)
    await boss.wait_idle(quiet=0.3)
    assert bot.emulator.user(2201).messages == []
    assert await deliveries(bot) == []


async def test_progress_message_is_edited_and_summary_lists_failures(database_url: str) -> None:
    async with LocalBot(database_url, quiet_hours="00:00-00:00", global_rate=25.0) as bot:
        _ = tr(bot)
        org = await make_org(bot)
        boss = await coordinator(bot, org)
        for i in range(90):
            await add_contact(bot, org, 3000 + i)
        bot.emulator.user(3000).block(notify=False)
        await boss.send_text("/broadcast")
        await boss.wait_for_message()
        await boss.send_text("Tiedote")
        await boss.wait_for_message(has_buttons)
        await boss.tap(_(texts.CONTINUE))
        await boss.wait_for_message(has_buttons)
        await boss.tap(_("Everyone"))
        await boss.wait_for_message(lambda m: _(texts.SEND_NOW) in str(m.reply_markup))
        await boss.tap(_(texts.SEND_NOW))
        progress = await boss.wait_for_message(lambda m: "/91" in (m.text or ""))
        await wait_until(lambda: is_done(bot), timeout=15)
        await boss.wait_for_message(
            lambda m: _("blocked the bot (marked as left)") in (m.text or "")
        )
        assert progress.edited >= 2  # intermediate figures, then the final line
        assert "90/91" in (progress.text or "") and "· 1" in (progress.text or "")
        async with bot.services.sessionmaker() as session:
            blocked = await session.scalar(select(Contact).where(Contact.telegram_user_id == 3000))
        assert blocked is not None and blocked.active is False
        statuses = [d.status for d in await deliveries(bot)]
        assert statuses.count(DeliveryStatus.BLOCKED) == 1
        assert statuses.count(DeliveryStatus.SENT) == 90
        assert all(len(received(bot.emulator.user(3000 + i), "Tiedote")) == 1 for i in range(1, 90))
