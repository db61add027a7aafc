"""Issue 12 item 13: coordinator actions that reach people leave an audit event; /mydata shows
a coordinator their own."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select

from bot.cli import main
from bot.emulator import SentMessage
from bot.harness import LocalBot
from handlers.checkin import rounds_flow as cr
from storage.db import create_engine, create_sessionmaker
from storage.models import AuditEvent, Round
from tests.broadcast.support import add_contact, bc_bot
from tests.checkin.support import import_example, organisation
from tests.helpers import has_buttons, onboard

pytestmark = pytest.mark.e2e
__all__ = ["bc_bot"]


async def test_round_and_broadcast_from_the_chat_are_audited_and_in_mydata(
    bc_bot: LocalBot,
) -> None:
    bot, t = bc_bot, bc_bot.services.catalogs.get("en")
    await import_example(bot)
    council = await organisation(bot, "Lapin liitto")
    await add_contact(bot, council, 4302, "en")  # someone the broadcast reaches
    boss = bot.emulator.user(4301, "Outi", language_code="en")
    await onboard(bot, boss, council, "en", role=cr.Role.COORDINATOR)

    await boss.send_text("/rounds")
    await boss.wait_for_message(has_buttons)
    await boss.tap(t._(cr.START_NOW))
    await boss.wait_for_message(has_buttons)
    await boss.tap(t._(cr.YES_START))
    await boss.wait_for_message(lambda m: (m.text or "").startswith("Round "))
    await bot.settle()  # the council is asked too: its invitation comes before the broadcast

    def offers(label: str) -> Callable[[SentMessage], bool]:
        return lambda m: label in str(m.reply_markup)

    await boss.send_text("/broadcast")
    await boss.wait_for_message()
    await boss.send_text("Meeting moved to Friday")
    await boss.wait_for_message(offers(t.pgettext("button", "Continue")))
    await boss.tap(t.pgettext("button", "Continue"))
    await boss.wait_for_message(offers(t._("Everyone")))
    await boss.tap(t._("Everyone"))
    await boss.wait_for_message(offers(t.pgettext("button", "Send now")))
    await boss.tap(t.pgettext("button", "Send now"))
    await bot.settle()

    async with bot.services.sessionmaker() as session:
        started = (await session.scalars(select(Round))).one()
        events = list(await session.scalars(select(AuditEvent).order_by(AuditEvent.id)))
    coordinator_id = events[0].contact_id
    assert coordinator_id is not None
    assert [(e.action, e.contact_id) for e in events] == [
        ("invite.redeemed", coordinator_id),
        ("round.started", coordinator_id),
        ("broadcast.queued", coordinator_id),
    ]

    await boss.send_text("/mydata")
    document = await boss.wait_for_message(lambda m: m.kind == "document")
    assert document.file_bytes is not None
    own = json.loads(document.file_bytes.decode("utf-8"))["own_actions"]
    assert own == [
        {"at": events[0].at.isoformat(), "action": "invite.redeemed", "detail": {"invite": 1}},
        {
            "at": events[1].at.isoformat(),
            "action": "round.started",
            "detail": {
                "invited": 2,
                "plan": "lapland-2020-2023",
                "round": started.id,
                "via": "chat",
            },
        },
        {
            "at": events[2].at.isoformat(),
            "action": "broadcast.queued",
            "detail": {"broadcast": 1, "recipients": 2, "via": "chat"},
        },
    ]


def _shell_events(url: str) -> list[tuple[str, int | None, Any]]:
    async def read() -> list[tuple[str, int | None, Any]]:
        engine = create_engine(url)
        try:
            async with create_sessionmaker(engine)() as session:
                rows = await session.scalars(select(AuditEvent).order_by(AuditEvent.id))
                return [(e.action, e.contact_id, json.loads(e.detail or "null")) for e in rows]
        finally:
            await engine.dispose()

    return asyncio.run(read())


def test_a_broadcast_from_the_shell_is_audited(
    database_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("KYLABOT_DATABASE_URL", database_url)
    monkeypatch.setenv("KYLABOT_QUIET_HOURS", "00:00-00:00")
    monkeypatch.delenv("KYLABOT_TOKEN", raising=False)
    assert main(["db", "upgrade"]) == 0
    assert main(["org", "add", "Inarin kyläyhdistys", "--kind", "village_association"]) == 0
    assert main(["broadcast", "send", "--text", "Hei", "--at", "2099-01-01T09:00"]) == 0
    capsys.readouterr()
    assert _shell_events(database_url) == [
        (
            "broadcast.scheduled",
            None,
            {"broadcast": 1, "send_at": "2099-01-01T07:00:00+00:00", "via": "shell"},
        )
    ]
