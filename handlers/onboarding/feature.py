"""The onboarding feature: invites, the first language and consent; organisations and invites
from the CLI."""

from __future__ import annotations

from bot.feature import Feature, Parts
from handlers.onboarding import cli


def parts() -> Parts:
    # imported when the application is built, not when the CLI lists its commands (start-up)
    from handlers.onboarding import conversation

    return Parts(flows=(conversation.build_flow,))


FEATURE = Feature(name="onboarding", cli=cli.register, parts=parts)
