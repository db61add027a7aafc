"""Privacy for the reviewer's pages: the notice, one's own data, erasing one's identity."""

from __future__ import annotations

from bot.walkthrough import Stage, Walkthrough


async def play(stage: Stage) -> None:
    """Aino reads the notice, gets her data, starts /forget and keeps it, then erases."""
    aino = await stage.person("Aino", "Aino, a village contact")
    await stage.send(aino, "/privacy")
    await stage.send(aino, "/mydata")
    await stage.send(aino, "/forget")
    await stage.tap(aino, "forget", "no")
    await stage.send(aino, "/forget")
    await stage.tap(aino, "forget", "yes")


WALKTHROUGHS = (
    Walkthrough(
        "privacy",
        "Privacy: /privacy, /mydata, /forget",
        "What is stored and why, a person's own data as a file, and erasing one's identity "
        "(first kept, then erased).",
        ("privacy",),
        play,
    ),
)
