"""A plain-Finnish variant of a broadcast, from the chat composer and from the CLI (issue 18).

A recipient who reads plain Finnish gets the plain variant; without one, the Finnish text.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.cli import main
from bot.emulator import EmulatedUser
from bot.harness import LocalBot
from bot.i18n import ENDONYMS, PLAIN_FINNISH
from handlers.broadcast import texts
from storage.db import create_engine, create_sessionmaker
from storage.models import Contact, Delivery, Organisation
from tests.broadcast import support as bc
from tests.broadcast.test_cli import _broadcasts, _run, cli_db
from tests.helpers import has_buttons, make_org

pytestmark = pytest.mark.e2e
bc_bot = bc.bc_bot  # the fixture
__all__ = ["bc_bot", "cli_db"]

FINNISH = "Kylätalon sähkökatkoharjoitus pidetään lauantaina kello 10."
PLAIN = "Lauantaina harjoittelemme sähkökatkoa. Tule kylätalolle kello 10."


async def _send_to_everyone(bot: LocalBot, boss: EmulatedUser, plain: str | None) -> str:
    """The coordinator writes the Finnish text, maybe a plain variant, and sends to everyone."""
    _ = bc.tr(bot)
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
    await bc.wait_until(lambda: bc.is_done(bot))
    return shown


def _variants(rows: list[Delivery]) -> dict[int, str | None]:
    return {row.contact_id or 0: row.variant for row in rows}


async def test_a_plain_reader_gets_the_plain_variant_or_else_the_finnish(bc_bot: LocalBot) -> None:
    bot = bc_bot
    village = await make_org(bot, "Nellimin kyläyhdistys", municipality="Inari")
    boss = await bc.coordinator(bot, await make_org(bot, "Lapin liitto", municipality="Rovaniemi"))
    plain_reader = await bc.add_contact(bot, village, 2201, PLAIN_FINNISH)
    finnish_reader = await bc.add_contact(bot, village, 2202, "fi")

    preview = await _send_to_everyone(bot, boss, PLAIN)
    line = bc.tr(bot)(texts.LANGUAGE_LINE)
    assert line % {"language": "Selkosuomi", "count": 1, "text_language": "Selkosuomi"} in preview
    (stored,) = await bc.broadcasts(bot)
    assert stored.variants[PLAIN_FINNISH] == {"text": PLAIN, "entities": []}
    assert [m.text for m in bot.emulator.user(2201).messages] == [PLAIN]
    assert [m.text for m in bot.emulator.user(2202).messages] == [FINNISH]
    sent = _variants(await bc.deliveries(bot))
    assert sent[plain_reader.id] == PLAIN_FINNISH
    assert sent[finnish_reader.id] == "fi"

    preview = await _send_to_everyone(bot, boss, None)  # no plain variant this time
    assert line % {"language": "Selkosuomi", "count": 1, "text_language": "Suomi"} in preview
    assert [m.text for m in bot.emulator.user(2201).messages] == [PLAIN, FINNISH]
    later = [r for r in await bc.deliveries(bot) if r.broadcast_id != stored.id]
    assert _variants(later)[plain_reader.id] == "fi"


async def _add_plain_reader(url: str) -> None:
    """Telegram user 6 in Inari's village association, reading plain Finnish."""
    engine = create_engine(url)
    async with create_sessionmaker(engine)() as session, session.begin():
        inari = await session.scalar(
            select(Organisation).where(Organisation.municipality == "Inari")
        )
        assert inari is not None
        session.add(Contact(telegram_user_id=6, organisation_id=inari.id, language=PLAIN_FINNISH))
    await engine.dispose()


def test_the_cli_takes_a_plain_variant(cli_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    """``--lang-variant fi-x-selko=...`` (or fi@selko=...) adds the plain text."""
    _run(_add_plain_reader(cli_db))
    code = main(
        ["broadcast", "send", "--text", FINNISH, "--segment", "mun:Inari",
         "--lang-variant", f"fi-x-selko={PLAIN}"]
    )  # fmt: skip
    assert code == 0
    assert "queued: 3 recipients (fi 1, fi@selko 1, sv 1)" in capsys.readouterr().out
    code = main(["broadcast", "send", "--text", FINNISH, "--segment", f"lang:{PLAIN_FINNISH}"])
    assert code == 0
    assert "queued: 1 recipients (fi@selko 1)" in capsys.readouterr().out
    (first, to_inari), (second, to_plain) = _run(_broadcasts(cli_db))
    assert first.variants[PLAIN_FINNISH] == {"text": PLAIN, "entities": []}
    assert to_inari == {"1": "fi", "2": "fi", "6": PLAIN_FINNISH}  # no Swedish text: Finnish
    assert set(second.variants) == {"fi"}
    assert to_plain == {"6": "fi"}  # no plain text: the Finnish one
