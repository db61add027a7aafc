"""The settings feature: a person's language, time zone and pausing messages."""

from __future__ import annotations

from bot.feature import Feature, Parts


def parts() -> Parts:
    # imported when the application is built, not when the CLI lists its commands (start-up)
    from handlers.settings import conversation

    return Parts(flows=(conversation.build_flow,))


FEATURE = Feature(name="settings", parts=parts)
