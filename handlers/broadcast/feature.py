"""The broadcast feature: coordinators' messages to segments of the network."""

from __future__ import annotations

from bot.feature import Feature, Parts
from handlers.broadcast import cli


def parts() -> Parts:
    # imported when the application is built, not when the CLI lists its commands (start-up)
    from handlers.broadcast import conversation, mydata, segments, ticks

    return Parts(
        flows=(conversation.build_flow,),
        sender_ticks=ticks.sender_ticks,
        data_sections=mydata.SECTIONS,
        segments=segments.KINDS,
    )


FEATURE = Feature(name="broadcast", domain="broadcast", cli=cli.register, parts=parts)
