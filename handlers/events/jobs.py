"""The feature's periodic work: invitations and reminders in the sender's loop, the roulette
on the application's scheduler."""

from __future__ import annotations

from collections.abc import Sequence

from bot.outbox.types import Tick
from bot.services import Services
from handlers.events import notices, reminders
from handlers.events.roulette import CoffeeScheduler

INVITE_EVERY = 1.0  # seconds: a published event's invitations start at once


async def on_start(services: Services) -> None:
    """Registers the roulette's jobs; catches up on a round missed while the bot was down."""
    await CoffeeScheduler(services).start()


def sender_ticks(services: Services) -> Sequence[Tick]:
    async def invite() -> int:
        return await notices.invite_all(services)

    async def remind() -> int:
        return await reminders.remind_due(services)

    return [(INVITE_EVERY, invite), (reminders.EVERY, remind)]
