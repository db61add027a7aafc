"""The phenomena feature: what villages see, reported in a minute; replies, digests, exports."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from bot.feature import Feature, Parts
from handlers.phenomena import cli

if TYPE_CHECKING:
    from bot.walkthrough import Walkthrough


def walkthroughs() -> Sequence[Walkthrough]:
    # imported only by `kylabot i18n pack`: the scripts need the emulator
    from handlers.phenomena import walkthrough

    return walkthrough.WALKTHROUGHS


def parts() -> Parts:
    # imported when the application is built, not when the CLI lists its commands (start-up)
    from handlers.phenomena import conversation, coordinator, follow_up_flow, mydata

    return Parts(
        flows=(conversation.build_flow, coordinator.build_flow, follow_up_flow.build_flow),
        on_start=coordinator.on_start,
        data_sections=mydata.SECTIONS,
        walkthroughs=walkthroughs,
    )


FEATURE = Feature(name="phenomena", domain="phenomena", cli=cli.register, parts=parts)
