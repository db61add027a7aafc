"""Settings for the reviewer's pages: the language picker, pausing and resuming messages."""

from __future__ import annotations

from bot.walkthrough import Stage, Walkthrough


async def play(stage: Stage) -> None:
    """Aino opens /language and picks her own language again, then pauses and resumes."""
    aino = await stage.person("Aino", "Aino, a village contact")
    await stage.send(aino, "/language")
    await stage.tap(aino, "setlang", stage.language)
    await stage.send(aino, "/stop")
    await stage.send(aino, "/resume")


WALKTHROUGHS = (
    Walkthrough(
        "settings",
        "Language and pausing messages",
        "/language lists every language by its own name (a draft translation says so in its "
        "own language); /stop pauses the bot's messages and /resume turns them back on.",
        ("settings",),
        play,
    ),
)
