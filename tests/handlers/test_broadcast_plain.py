"""A plain-Finnish variant of a broadcast, from the chat composer and from the CLI (issue 18).

A recipient who reads plain Finnish gets the plain variant; without one, the Finnish text.
"""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import select

from bot.cli import main
from bot.emulator import EmulatedUser
from bot.harness import LocalBot
from bot.i18n import ENDONYMS, PLAIN_FINNISH
from handlers.broadcast import texts
from storage.db import create_engine, create_sessionmaker
from storage.models import Broadcast, Contact, Delivery
from tests.broadcast.support import (
    add_contact,
    bc_bot,
    broadcasts,
    coordinator,
    deliveries,
    is_done,
    tr,
    wait_until,
)
from tests.helpers import has_buttons, make_org, seed_inari_and_salla

pytestmark = pytest.mark.e2e
__all__ = ["bc_bot"]

FINNISH = "Kylätalon sähkökatkoharjoitus pidetään lauantaina kello 10."
PLAIN = "Lauantaina harjoittelemme sähkökatkoa. Tule kylätalolle kello 10."


async def _send_to_everyone(bot: LocalBot, boss: EmulatedUser, plain: str | None) -> str:
    """The coordinator writes the Finnish text, maybe a plain variant, and sends to everyone."""
    _ = tr(bot)
    await boss.send_text("/broadcast")
    await boss.wait_for_message()
    await boss.send_text(FINNISH)
    offer = await boss.wait_for_message(has_buttons)
    assert ENDONYMS[PLAIN_FINNISH] in [label for row in offer.buttons for label, _ in row]
    if plain is not None:
        await boss.tap(ENDONYMS[PLAIN_FINNISH])
        ask = await boss.wait_for_message()
        assert ask.text == _(texts.ASK_VARIANT_TEXT) % {"language": "Selkosuomi"}
        await boss.send_text(plain)
        versions = await boss.wait_for_message(lambda m: _(texts.CONTINUE) in str(m.reply_markup))
        assert _(texts.VERSIONS) % {"languages": "Suomi, Selkosuomi"} in (versions.text or "")
    await boss.tap(_(texts.CONTINUE))
    await boss.wait_for_message(has_buttons)
    await boss.tap(_("Everyone"))
    preview = await boss.wait_for_message(lambda m: _(texts.SEND_NOW) in str(m.reply_markup))
    shown = preview.text or ""  # the message is edited into the progress once sent
    await boss.tap(_(texts.SEND_NOW))
    await wait_until(lambda: is_done(bot))
    return shown


def _variants(rows: list[Delivery]) -> dict[int, str | None]:
    return {row.contact_id or 0: row.variant for row in rows}


async def test_a_plain_reader_gets_the_plain_variant_or_else_the_finnish(bc_bot: LocalBot) -> None:
    bot = bc_bot
    village = await make_org(bot, "Nellimin kyläyhdistys", municipality="Inari")
    boss = await coordinator(bot, await make_org(bot, "Lapin liitto", municipality="Rovaniemi"))
    plain_reader = await add_contact(bot, village, 2201, PLAIN_FINNISH)
    finnish_reader = await add_contact(bot, village, 2202, "fi")

    preview = await _send_to_everyone(bot, boss, PLAIN)
    line = tr(bot)(texts.LANGUAGE_LINE)
    assert line % {"language": "Selkosuomi", "count": 1, "text_language": "Selkosuomi"} in preview
    (stored,) = await broadcasts(bot)
    assert stored.variants[PLAIN_FINNISH] == {"text": PLAIN, "entities": []}
    assert [m.text for m in bot.emulator.user(2201).messages] == [PLAIN]
    assert [m.text for m in bot.emulator.user(2202).messages] == [FINNISH]
    sent = _variants(await deliveries(bot))
    assert sent[plain_reader.id] == PLAIN_FINNISH
    assert sent[finnish_reader.id] == "fi"

    preview = await _send_to_everyone(bot, boss, None)  # no plain variant this time
    assert line % {"language": "Selkosuomi", "count": 1, "text_language": "Suomi"} in preview
    assert [m.text for m in bot.emulator.user(2201).messages] == [PLAIN, FINNISH]
    later = [r for r in await deliveries(bot) if r.broadcast_id != stored.id]
    assert _variants(later)[plain_reader.id] == "fi"


async def _seed(url: str) -> None:
    await seed_inari_and_salla(
        url,
        lambda inari, salla: [
            Contact(telegram_user_id=1, organisation_id=inari.id, language="fi"),
            Contact(telegram_user_id=2, organisation_id=salla.id, language=PLAIN_FINNISH),
        ],
    )


async def _sent(url: str) -> list[tuple[dict[str, str], dict[str, str | None]]]:
    """Each broadcast's texts by language and its deliveries as {telegram id: variant}."""
    engine = create_engine(url)
    try:
        async with create_sessionmaker(engine)() as session:
            found = []
            for broadcast in await session.scalars(select(Broadcast).order_by(Broadcast.id)):
                rows = await session.execute(
                    select(Contact.telegram_user_id, Delivery.variant)
                    .join(Contact, Contact.id == Delivery.contact_id)
                    .where(Delivery.broadcast_id == broadcast.id)
                )
                found.append(
                    (
                        {code: v["text"] for code, v in broadcast.variants.items()},
                        {str(user): variant for user, variant in rows.all()},
                    )
                )
            return found
    finally:
        await engine.dispose()


def test_the_cli_takes_a_plain_variant(
    database_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--lang-variant fi-x-selko=...`` (or fi@selko=...) adds the plain text."""
    monkeypatch.setenv("KYLABOT_DATABASE_URL", database_url)
    monkeypatch.setenv("KYLABOT_QUIET_HOURS", "00:00-00:00")
    monkeypatch.delenv("KYLABOT_TOKEN", raising=False)
    asyncio.run(_seed(database_url))
    code = main(
        ["broadcast", "send", "--text", FINNISH, "--segment", "all",
         "--lang-variant", f"fi-x-selko={PLAIN}"]
    )  # fmt: skip
    assert code == 0
    assert "queued: 2 recipients (fi 1, fi@selko 1)" in capsys.readouterr().out
    code = main(["broadcast", "send", "--text", FINNISH, "--segment", f"lang:{PLAIN_FINNISH}"])
    assert code == 0
    assert "queued: 1 recipients (fi@selko 1)" in capsys.readouterr().out
    first, second = asyncio.run(_sent(database_url))
    assert first == ({"fi": FINNISH, PLAIN_FINNISH: PLAIN}, {"1": "fi", "2": PLAIN_FINNISH})
    assert second == ({"fi": FINNISH}, {"2": "fi"})  # no plain text: the Finnish one
