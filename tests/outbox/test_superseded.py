"""An edit that a newer edit of the same message has overtaken is not sent again, and its
"superseded" outcome is written (issue 19: found by the chaos run on PostgreSQL).

The sender finds such an edit while it claims it. Its outcome used to be handed to the recorder
inside the claim's transaction; the recorder, writing within milliseconds in a transaction of
its own, read the row as it was before the claim (PostgreSQL's snapshot), so the fenced UPDATE
matched nothing: the row stayed "sending" under the live sender's renewed lease for good, and
the chaos run never drained. Here the claim's transaction is held open long enough for the
recorder to write first.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Delivery, DeliveryStatus, Priority
from storage.repos import outbox as repo
from storage.repos.outbox import Claimed
from storage.types import utcnow
from tests.broadcast.support import wait_until
from tests.outbox.support import bare_sender

pytestmark = pytest.mark.e2e

CHAT = 4900
MESSAGE = 77  # the Telegram message both rows edit


async def _edit(session: AsyncSession, status: DeliveryStatus, text: str) -> int:
    now = utcnow()
    return await repo.insert_one(
        session,
        {
            "chat_id": CHAT,
            "method": "editMessageText",
            "payload": {"text": text, "message_id": MESSAGE},
            "edits_message_id": MESSAGE,
            "priority": int(Priority.REPLY),
            "status": status,
            "attempts": 1 if status is DeliveryStatus.SENT else 0,
            "next_attempt_at": now,
            "created_at": now,
            "sent_at": now if status is DeliveryStatus.SENT else None,
        },
    )


async def test_a_superseded_edit_is_recorded_while_its_claim_commits(database_url: str) -> None:
    async with bare_sender(database_url, CHAT) as bare:
        emulator, sessionmaker, sender = bare.emulator, bare.sessionmaker, bare.sender
        load_texts = sender.calls.load_texts

        async def slow_load_texts(session: AsyncSession, batch: Sequence[Claimed]) -> None:
            await asyncio.sleep(0.5)  # the claim's transaction stays open: the recorder goes first
            await load_texts(session, batch)

        sender.calls.load_texts = slow_load_texts  # type: ignore[method-assign]
        async with sessionmaker() as session, session.begin():
            older = await _edit(session, DeliveryStatus.PENDING, "Vanha")
            await _edit(session, DeliveryStatus.SENT, "Uusi")
        sender.start()

        async def final() -> Delivery | None:
            async with sessionmaker() as session:
                row = await session.get(Delivery, older)
            return row if row is not None and row.status is DeliveryStatus.FAILED else None

        await wait_until(final, timeout=5)
        async with sessionmaker() as session:
            row = await session.get(Delivery, older)
    assert row is not None
    assert (row.status, row.error, row.claimed_by) == (DeliveryStatus.FAILED, "superseded", None)
    assert emulator.stats.requests["editMessageText"] == 0
