"""The broadcast feature: coordinators' messages to segments of the network."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from bot.feature import Feature, Parts
from handlers.broadcast import cli

if TYPE_CHECKING:
    from bot.walkthrough import Walkthrough


def walkthroughs() -> Sequence[Walkthrough]:
    # imported only by `kylabot i18n pack`: the scripts need the emulator
    from handlers.broadcast import walkthrough

    return walkthrough.WALKTHROUGHS


def parts() -> Parts:
    # imported when the application is built, not when the CLI lists its commands (start-up)
    from handlers.broadcast import conversation, mydata, segments, ticks

    return Parts(
        flows=(conversation.build_flow,),
        sender_ticks=ticks.sender_ticks,
        data_sections=mydata.SECTIONS,
        segments=segments.KINDS,
        walkthroughs=walkthroughs,
    )


FEATURE = Feature(name="broadcast", domain="broadcast", cli=cli.register, parts=parts)
