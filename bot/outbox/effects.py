"""An update's intended Bot API calls, written into the outbox inside its transaction.

Each call a handler makes (``ctx.say``, ``ctx.show``, ``ctx.answer``...) is collected here and
written as delivery rows in one statement at the end of the update's transaction ("sending",
claimed by this process's sender). When the transaction commits the router hands the rows to
``Sender.send_now``; if it rolls back they never existed. So what a person is told and what is
stored can never disagree, and no network call happens inside a transaction. A chat's
messages keep their order by row id (``storage.repos.outbox``): when the chat already has a
message row waiting (a reply that met a 5xx and waits for its retry, one in flight in another
process), the update's messages are written "pending" for the sender's loop, which sends them
after it, and only its button answer takes the fast path.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.outbox.client import Upload
from bot.outbox.notices import WAKE_SENDER
from bot.outbox.types import Outgoing
from bot.outbox.verdicts import FAST_TOKEN
from storage.models import DeliveryStatus, Priority
from storage.repos.chat_order import chat_busy
from storage.repos.outbox import ERASE_CHAT, UNORDERED, insert_many


@dataclass
class Effects:
    """Collects one update's calls; ``write`` stores them, ``rows`` is what the fast path sends."""

    session: AsyncSession
    chat_id: int
    worker_id: str
    now: datetime

    def __post_init__(self) -> None:
        # Set by /forget and a declined consent: every row of the update, once sent, forgets
        # the chat id (the rows are written at the end of the update, after the handler).
        self.erase_chat = False
        self.rows: list[Outgoing] = []  # what the fast path sends after the commit
        self._unwritten: list[Outgoing] = []
        self.queued: bool | None = None  # messages go to the loop (decided at the first one)

    def add(
        self,
        method: str,
        params: dict[str, Any],
        *,
        upload: Upload | None = None,
        target: Outgoing | None = None,
    ) -> Outgoing:
        """Notes one call, to be written by ``write`` (``target``: a row written already)."""
        if target is not None and target.id == 0:
            raise ValueError("write() the target before a call that edits it")
        row = Outgoing(
            0, self.chat_id, method, params, upload, target=target.id if target else None
        )
        self.rows.append(row)
        self._unwritten.append(row)
        return row

    async def write(self) -> list[Outgoing]:
        """Writes the calls noted since the last write (one INSERT); their ids are then set."""
        pending, self._unwritten = self._unwritten, []
        if not pending:
            return []
        if self.queued is None and any(item.method not in UNORDERED for item in pending):
            self.queued = await chat_busy(self.session, self.chat_id)
            if self.queued:
                self.session.info[WAKE_SENDER] = True
        ids = await insert_many(self.session, [self._row(item) for item in pending])
        for item, row_id in zip(pending, ids, strict=True):
            item.id = row_id
            item.erase_chat = self.erase_chat
        if self.queued:
            self.rows = [item for item in self.rows if item.method in UNORDERED]
        return pending

    def _row(self, item: Outgoing) -> dict[str, Any]:
        payload = dict(item.params)
        upload = item.upload
        if upload is not None:
            payload["_upload"] = upload.field
            payload["_filename"] = upload.filename
        if self.erase_chat:
            payload[ERASE_CHAT] = True
        if self.queued and item.method not in UNORDERED:
            return {**self._common(item, payload, upload), **self._pending()}
        return {**self._common(item, payload, upload), **self._claimed()}

    def _common(
        self, item: Outgoing, payload: dict[str, Any], upload: Upload | None
    ) -> dict[str, Any]:
        return {
            "chat_id": self.chat_id,
            "method": item.method,
            "payload": payload,
            "document": upload.content if upload is not None else None,
            "priority": int(Priority.REPLY),
            "next_attempt_at": self.now,
            "target_id": item.target,
            "created_at": self.now,
        }

    def _claimed(self) -> dict[str, Any]:
        """Sent by this process's fast path as soon as the transaction commits."""
        return {
            "status": DeliveryStatus.SENDING,
            "attempts": 1,
            "claimed_at": self.now,
            "claimed_by": self.worker_id,
            "claim_token": FAST_TOKEN,
        }

    @staticmethod
    def _pending() -> dict[str, Any]:
        """Claimed by the sender's loop once the chat's older rows are sent."""
        return {"status": DeliveryStatus.PENDING, "attempts": 0}
