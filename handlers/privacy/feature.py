"""The privacy feature: the notice, /mydata (every feature's sections) and /forget."""

from __future__ import annotations

from bot.feature import Feature, Parts


def parts() -> Parts:
    # imported when the application is built, not when the CLI lists its commands (start-up)
    from handlers.privacy import conversation, mydata

    return Parts(flows=(conversation.build_flow,), data_sections=mydata.SECTIONS)


FEATURE = Feature(name="privacy", parts=parts)
