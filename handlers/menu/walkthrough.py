"""The menu for the reviewer's pages: /menu, /help, a message the bot does not understand."""

from __future__ import annotations

from bot.walkthrough import Stage, Walkthrough
from storage.models import Role


async def play(stage: Stage) -> None:
    """A contact opens the menu and the help, writes something else and cancels; a
    coordinator's menu and help list more."""
    aino = await stage.person("Aino", "Aino, a village contact")
    await stage.send(aino, "/menu")
    await stage.send(aino, "/help")
    await stage.send(aino, stage.text("comment"))  # outside any flow: not understood
    await stage.send(aino, "/cancel")
    kaisa = await stage.person("Kaisa", "Kaisa, a coordinator", role=Role.COORDINATOR)
    await stage.send(kaisa, "/menu")
    await stage.send(kaisa, "/help")


WALKTHROUGHS = (
    Walkthrough(
        "menu",
        "The main menu and /help",
        "What a contact and a coordinator can do, and what the bot says to a message outside "
        "any conversation.",
        ("menu",),
        play,
    ),
)
