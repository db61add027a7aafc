"""The menu feature: the main menu, /help, and the ways out of any conversation."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from bot.feature import Feature, Parts

if TYPE_CHECKING:
    from bot.walkthrough import Walkthrough


def walkthroughs() -> Sequence[Walkthrough]:
    # imported only by `kylabot i18n pack`: the scripts need the emulator
    from handlers.menu import walkthrough

    return walkthrough.WALKTHROUGHS


def parts() -> Parts:
    # imported when the application is built, not when the CLI lists its commands (start-up)
    from handlers.menu import conversation

    return Parts(flows=(conversation.build_flow,), walkthroughs=walkthroughs)


FEATURE = Feature(name="menu", parts=parts)
