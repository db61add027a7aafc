"""The onboarding feature: invites, the first language and consent; organisations and invites
from the CLI."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from bot.feature import Feature, Parts
from handlers.onboarding import cli

if TYPE_CHECKING:
    from bot.walkthrough import Walkthrough


def walkthroughs() -> Sequence[Walkthrough]:
    # imported only by `kylabot i18n pack`: the scripts need the emulator
    from handlers.onboarding import walkthrough

    return walkthrough.WALKTHROUGHS


def parts() -> Parts:
    # imported when the application is built, not when the CLI lists its commands (start-up)
    from handlers.onboarding import conversation

    return Parts(flows=(conversation.build_flow,), walkthroughs=walkthroughs)


FEATURE = Feature(name="onboarding", cli=cli.register, parts=parts)
