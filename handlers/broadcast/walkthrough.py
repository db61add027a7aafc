"""Broadcasts for the reviewer's pages: composing, a language version, sending, scheduling."""

from __future__ import annotations

from bot.i18n import base_language
from bot.municipalities import municipality_name
from bot.walkthrough import Stage, Walkthrough
from handlers.broadcast.ticks import sender_ticks
from storage.models import Role


def _other_language(language: str) -> str:
    """A second language for the version the coordinator adds (Finnish, or Swedish)."""
    return "sv" if base_language(language) == "fi" else "fi"


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
    mark = kaisa.mark()
    for _every, tick in sender_ticks(stage.bot.services):  # the final figures, now
        await tick()
    await stage.reaction(kaisa, mark)
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
