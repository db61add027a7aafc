"""Broadcasts for the reviewer's pages: composing, a language version, sending, scheduling."""

from __future__ import annotations

import time

from sqlalchemy import select

from bot.i18n import base_language
from bot.municipalities import municipality_name
from bot.walkthrough import ANSWER_TIMEOUT, Stage, Walkthrough
from handlers.broadcast.ticks import sender_ticks
from storage.models import Broadcast, BroadcastStatus, Role


def _other_language(language: str) -> str:
    """A second language for the version the coordinator adds (Finnish, or Swedish)."""
    return "sv" if base_language(language) == "fi" else "fi"


async def finish(stage: Stage) -> None:
    """The sent broadcast's final figures now, not at the sender's next progress tick."""
    services = stage.bot.services
    ticks = sender_ticks(services)
    deadline = time.monotonic() + ANSWER_TIMEOUT
    while time.monotonic() < deadline:
        async with services.sessionmaker() as session:
            found = await session.scalar(select(Broadcast).order_by(Broadcast.id.desc()).limit(1))
        if found is not None and found.status is BroadcastStatus.DONE:
            await stage.settle()
            return
        for _every, tick in ticks:
            await tick()
        services.wake_sender()  # what the ticks wrote is sent now, not at the next idle poll
        await stage.settle()
    raise TimeoutError("the broadcast did not finish")


async def play(stage: Stage) -> None:
    """Kaisa sends one broadcast with a second language version to Inari's contacts (Aino
    gets it), schedules another for everyone and withdraws it, and cancels a third."""
    kaisa = await stage.person(
        "Kaisa", "Kaisa, a coordinator, writes the broadcasts", role=Role.COORDINATOR
    )
    aino = await stage.person("Aino", "Aino, a village contact in Inari, receives one")
    other = _other_language(stage.language)
    await stage.send(kaisa, "/broadcast")
    await stage.send(kaisa, stage.text("title"))
    await stage.tap(kaisa, "bc_lang", other)
    await stage.send(kaisa, stage.text_in("title", other))
    await stage.tap(kaisa, "bc_cont")
    await stage.tap(kaisa, "bc_seg", "mun")
    await stage.tap_label(kaisa, municipality_name("Inari", stage.language))
    await stage.tap(kaisa, "bc_urgent")
    await stage.tap(kaisa, "bc_urgent")
    received = aino.mark()
    await stage.tap(kaisa, "bc_send")
    await stage.reaction(aino, received)  # Aino has it
    await finish(stage)
    await stage.send(kaisa, "/broadcast")
    await stage.send(kaisa, stage.text("comment"))
    await stage.tap(kaisa, "bc_cont")
    await stage.tap(kaisa, "bc_seg", "all")
    await stage.tap(kaisa, "bc_sched")
    await stage.send(kaisa, "tomorrow")  # not a time the bot reads
    await stage.tap(kaisa, "bc_at", "t9")
    await stage.send(kaisa, "/broadcasts")
    await stage.tap(kaisa, "bc_drop")

    await stage.send(kaisa, "/broadcast")
    await stage.send(kaisa, stage.text("comment"))
    await stage.send(kaisa, "/cancel")


WALKTHROUGHS = (
    Walkthrough(
        "broadcast",
        "Broadcasts (coordinators)",
        "A coordinator writes a broadcast, adds a version in a second language, chooses "
        "Inari's contacts, marks it urgent and back, and sends it; schedules another for "
        "everyone, lists and withdraws it; cancels a third.",
        ("broadcast",),
        play,
    ),
)
