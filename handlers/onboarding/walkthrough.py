"""Onboarding for the reviewer's pages: joining with an invite, saying no, a link that fails."""

from __future__ import annotations

from bot.walkthrough import Stage, Walkthrough


async def play(stage: Stage) -> None:
    """Aino joins; Eero declines the consent; Lea's link has expired, then she has none."""
    aino = stage.new_user("Aino")
    stage.show(aino, "Aino opens her invite link, chooses her language and agrees")
    await stage.send(aino, f"/start {await stage.invite()}")
    await stage.tap(aino, "lang", stage.language)
    await stage.tap(aino, "consent", "yes")

    eero = stage.new_user("Eero")
    stage.show(eero, "Eero opens his link but does not agree")
    await stage.send(eero, f"/start {await stage.invite()}")
    await stage.tap(eero, "lang", stage.language)
    await stage.tap(eero, "consent", "no")

    lea = stage.new_user("Lea")
    stage.show(lea, "Lea's link has expired; then she writes /start without one")
    await stage.send(lea, "/start 0ld-l1nk-that-n0-l0nger-w0rks")
    await stage.send(lea, "/start")


WALKTHROUGHS = (
    Walkthrough(
        "onboarding",
        "Joining: invite link, language, consent",
        "A person opens the invite link a coordinator sent, picks a language and agrees to the "
        "privacy notice; one declines, one has a link that no longer works.",
        ("onboarding",),
        play,
    ),
)
