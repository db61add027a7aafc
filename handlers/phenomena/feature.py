"""The phenomena feature: what villages see, reported in a minute; replies, digests, exports."""

from __future__ import annotations

from bot.feature import Feature, Parts
from handlers.phenomena import cli


def parts() -> Parts:
    # imported when the application is built, not when the CLI lists its commands (start-up)
    from handlers.phenomena import conversation, coordinator, follow_up_flow, mydata

    return Parts(
        flows=(conversation.build_flow, coordinator.build_flow, follow_up_flow.build_flow),
        on_start=coordinator.on_start,
        data_sections=mydata.SECTIONS,
    )


FEATURE = Feature(name="phenomena", domain="phenomena", cli=cli.register, parts=parts)
