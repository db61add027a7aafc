"""What a claimed outbox row sends: its Bot API call, and whether a newer edit beat it.

A broadcast row carries no text of its own (100,000 rows, one text): its language variant is
read once per broadcast and kept here. An edit row refers to the row whose message it changes;
``edits`` remembers the newest edit this process has sent of each message, so an older edit
that waited (a retry, a held slot) is dropped instead of putting an old text back on screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.outbox.client import Upload
from storage.models import Broadcast
from storage.repos import outbox as repo
from storage.repos.outbox import Claimed

EDITS_REMEMBERED = 50_000
Call = tuple[str, dict[str, Any], Upload | None]  # (method, parameters without chat_id, upload)


class Calls:
    def __init__(self) -> None:
        self._texts: dict[int, dict[str, tuple[str, list[dict[str, Any]] | None]]] = {}
        # (chat, message) -> the newest outbox row that edited it in this process
        self._edits: dict[tuple[int, int], int] = {}

    async def load_texts(self, session: AsyncSession, batch: Sequence[Claimed]) -> None:
        """Reads the language variants of the batch's broadcasts not read before."""
        missing = {c.broadcast_id for c in batch if c.broadcast_id} - self._texts.keys()
        if not missing:
            return
        rows = await session.execute(
            select(Broadcast.id, Broadcast.variants).where(Broadcast.id.in_(missing))
        )
        for broadcast_id, variants in rows:
            self._texts[broadcast_id] = {
                language: (str(v["text"]), v.get("entities") or None)
                for language, v in variants.items()
            }

    def of(self, item: Claimed, targets: dict[int, int]) -> Call | None:
        """The row's call; None when there is nothing to send (no text, no message to edit)."""
        if item.broadcast_id is not None:
            texts = self._texts.get(item.broadcast_id, {})
            payload = texts.get(item.variant or "") or next(iter(texts.values()), None)
            if payload is None:
                return None
            text, entities = payload
            params: dict[str, Any] = {"text": text}
            if entities:
                params["entities"] = entities
            return "sendMessage", params, None
        assert item.method is not None and item.payload is not None
        params = dict(item.payload)
        upload_field = params.pop("_upload", None)
        filename = params.pop("_filename", "file")
        params.pop(repo.ERASE_CHAT, None)
        if item.target_id is not None:
            message_id = targets.get(item.target_id)
            if message_id is None:
                return None
            params["message_id"] = message_id
        upload = None
        if upload_field and item.document is not None:
            upload = Upload(str(upload_field), str(filename), item.document)
        return item.method, params, upload

    def newer_edit_sent(self, item: Claimed, chat_id: int) -> bool:
        message_id = item.edits_message_id
        return message_id is not None and self._edits.get((chat_id, message_id), 0) > item.id

    def edit_sent(self, row_id: int, chat_id: int, message_id: Any) -> None:
        """Notes the newest edit of a message sent (or being sent) by this process."""
        if message_id is not None:
            key = (chat_id, message_id)
            self._edits[key] = max(self._edits.get(key, 0), row_id)
            if len(self._edits) > EDITS_REMEMBERED:  # the oldest half: long past any resend
                for old in list(self._edits)[: EDITS_REMEMBERED // 2]:
                    del self._edits[old]
