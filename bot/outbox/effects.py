"""An update's intended Bot API calls, written into the outbox inside its transaction.

Each call a handler makes (``ctx.say``, ``ctx.show``, ``ctx.answer``...) becomes a delivery row
at once, in the update's transaction: "sending", claimed by this process's sender, chained to
the previous message of the update by ``after_id``. When the transaction commits the router
hands the rows to ``Sender.send_now``; if it rolls back they never existed. So what a person
is told and what is stored can never disagree, and no network call happens inside a
transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.outbox.client import Upload
from bot.outbox.sender import UNPACED, Outgoing
from storage.models import DeliveryStatus, Priority
from storage.repos.outbox import insert_one


@dataclass
class Effects:
    """Collects and writes one update's rows; ``rows`` is what the fast path sends."""

    session: AsyncSession
    chat_id: int
    worker_id: str
    now: datetime

    def __post_init__(self) -> None:
        self.rows: list[Outgoing] = []
        self._last_message: int | None = None

    async def add(
        self,
        method: str,
        params: dict[str, Any],
        *,
        upload: Upload | None = None,
        target: Outgoing | None = None,
    ) -> Outgoing:
        """Writes one call; messages of the chat keep their order (``after_id``)."""
        ordered = method not in UNPACED
        payload = dict(params)
        if upload is not None:
            payload["_upload"] = upload.field
            payload["_filename"] = upload.filename
        after = self._last_message if ordered else None
        row_id = await insert_one(
            self.session,
            {
                "chat_id": self.chat_id,
                "method": method,
                "payload": payload,
                "document": upload.content if upload is not None else None,
                "priority": int(Priority.REPLY),
                "status": DeliveryStatus.SENDING,
                "attempts": 1,
                "next_attempt_at": self.now,
                "claimed_at": self.now,
                "claimed_by": self.worker_id,
                "after_id": after,
                "target_id": target.id if target is not None else None,
                "edits_message_id": params.get("message_id") if method.startswith("edit") else None,
                "created_at": self.now,
            },
        )
        row = Outgoing(
            row_id,
            self.chat_id,
            method,
            params,
            upload,
            target=target.id if target is not None else None,
            after=after,
        )
        if ordered:
            self._last_message = row_id
        self.rows.append(row)
        return row
