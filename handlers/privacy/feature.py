"""The privacy feature: the notice, /mydata (every feature's sections) and /forget."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from bot.feature import Feature, Parts

if TYPE_CHECKING:
    from bot.walkthrough import Walkthrough


def walkthroughs() -> Sequence[Walkthrough]:
    # imported only by `kylabot i18n pack`: the scripts need the emulator
    from handlers.privacy import walkthrough

    return walkthrough.WALKTHROUGHS


def parts() -> Parts:
    # imported when the application is built, not when the CLI lists its commands (start-up)
    from handlers.privacy import conversation, mydata

    return Parts(
        flows=(conversation.build_flow,), walkthroughs=walkthroughs, data_sections=mydata.SECTIONS
    )


FEATURE = Feature(name="privacy", parts=parts)
