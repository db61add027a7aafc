"""The menu feature: the main menu, /help, and the ways out of any conversation."""

from __future__ import annotations

from bot.feature import Feature, Parts


def parts() -> Parts:
    # imported when the application is built, not when the CLI lists its commands (start-up)
    from handlers.menu import conversation

    return Parts(flows=(conversation.build_flow,))


FEATURE = Feature(name="menu", parts=parts)
