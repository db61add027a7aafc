"""What every step of /broadcast shares: its states, its data, and the draft it works on.

The draft is a ``broadcast`` row from the moment the text is given, so an interrupted flow
loses nothing; a step decorated with ``drafted`` gets it, or the flow ends with "no longer a
draft" (sent, scheduled or cancelled meanwhile, perhaps from another device).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any

from telegram import MessageEntity, Update

from bot.context import Ctx
from bot.drafts import end_with, with_draft
from bot.flow_data import FlowData
from handlers.broadcast.outbox import entities_json
from handlers.broadcast.texts import GONE
from storage.models import Broadcast, BroadcastStatus


class Step(IntEnum):
    TEXT = 1
    VARIANTS = 2
    VARIANT_TEXT = 3
    SEGMENT = 4
    VALUE = 5
    PREVIEW = 6
    SCHEDULE = 7
    LIST = 8


@dataclass
class Composing(FlowData):
    """The draft (a ``broadcast`` row), the language of the version being written, the
    audience kind being chosen with the values its buttons stand for, and an audience chosen
    before the text by a flow that hands over to this one (``start_flow`` with a ``preset``)."""

    id: int | None = None
    variant: str | None = None
    kind: str | None = None
    options: list[str] = field(default_factory=list)
    preset: dict[str, Any] | None = None


async def load_draft(ctx: Ctx) -> Broadcast | None:
    broadcast_id = Composing.of(ctx).id
    if broadcast_id is None:
        return None
    broadcast = await ctx.session.get(Broadcast, broadcast_id)
    if broadcast is None or broadcast.status is not BroadcastStatus.DRAFT:
        return None
    return broadcast


gone = end_with(GONE, edit=True)
# A step decorated with it gets the chat's broadcast draft, or the flow ends with GONE.
drafted = with_draft(load_draft, gone)


def message_text(update: Update) -> tuple[str, list[Any]] | None:
    message = update.message
    if message is None or not message.text:
        return None
    entities: tuple[MessageEntity, ...] = message.entities or ()
    return message.text, entities_json(entities)
